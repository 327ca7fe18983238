//! `oktui users factors`, `oktui users reset-factors` and `oktui users why` (the sign-in
//! triage card as text or JSON).

use std::io::Write as _;

use reqwest::Method;
use serde_json::{Value, json};

use super::Ctx;
use super::bulk;
use super::exit::CliError;
use super::listing;
use super::output::{RowWriter, write_json};
use super::records::Record;
use super::script_args::{OutputFormat, UsersResetFactorsArgs};
use super::terminal::confirm;
use crate::okta::{Factor, LifecycleOp, UserRef, Write, format_okta_timestamp};
use crate::triage::{self, Card, SignIn, Suggestion};

impl Record for Factor {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "factorType",
        "provider",
        "vendorName",
        "status",
        "created",
        "lastUpdated",
        "detail",
    ];
    const TABLE: &'static [&'static str] = &[
        "id",
        "factorType",
        "provider",
        "status",
        "created",
        "detail",
    ];

    fn field(&self, name: &str) -> Value {
        let time = |t: Option<i64>| {
            t.map(format_okta_timestamp)
                .map_or(Value::Null, Value::from)
        };
        match name {
            "id" => json!(self.id),
            "factorType" => json!(self.factor_type),
            "provider" => json!(self.provider),
            "vendorName" => json!(self.vendor_name),
            "status" => json!(self.status),
            "created" => time(self.created),
            "lastUpdated" => time(self.last_updated),
            "detail" => json!(self.detail()),
            _ => Value::Null,
        }
    }
}

pub async fn factors(ctx: &Ctx, user: &str) -> Result<(), CliError> {
    if ctx.dry_run {
        return super::print_plans(&[
            ctx.client.plan_get_user(user),
            ctx.client.plan_list_factors(user),
        ]);
    }
    // Factors are listed by id: the login is resolved first.
    let u = ctx.client.get_user(user).await?.value;
    let f = ctx.client.list_factors(u.row.id()).await?;
    if matches!(ctx.format, OutputFormat::Json | OutputFormat::Jsonl) && !ctx.include_headers {
        let raw: Vec<&Value> = f.value.iter().map(|x| &x.raw).collect();
        let mut out = super::stdout();
        if ctx.format == OutputFormat::Json {
            write_json(&mut out, &raw, ctx.format)?;
        } else {
            for r in raw {
                write_json(&mut out, r, ctx.format)?;
            }
        }
        return Ok(());
    }
    listing::print_all(ctx, &f.value, None, Some(&f.response))
}

pub async fn reset_factors(ctx: &Ctx, a: UsersResetFactorsArgs) -> Result<(), CliError> {
    let write = |user: UserRef, factor_type: String| match &a.factor {
        Some(fid) => Write::ResetFactor {
            user,
            factor_id: fid.clone(),
            factor_type,
        },
        None => Write::Lifecycle {
            user,
            op: LifecycleOp::ResetFactors,
        },
    };
    if ctx.dry_run {
        let w = write(UserRef::id(&a.user), String::new());
        return super::print_plans(&[ctx.client.plan_write(&w)]);
    }
    ctx.check_writable("reset factors")?;
    let u = ctx.client.get_user(&a.user).await?.value;
    let (question, factor_type) = match &a.factor {
        Some(fid) => {
            let f = ctx.client.get_factor(u.row.id(), fid).await?.value;
            (
                format!(
                    "Reset the {} factor {} of {} ({}) on {}? They enroll it again at the next sign-in.",
                    f.label(),
                    f.id,
                    u.row.login(),
                    u.row.id(),
                    ctx.tenant
                ),
                f.factor_type,
            )
        }
        None => (
            format!(
                "Reset ALL factors of {} ({}) on {}? They enroll again at the next sign-in.",
                u.row.login(),
                u.row.id(),
                ctx.tenant
            ),
            String::new(),
        ),
    };
    confirm(&question, a.yes)?;
    let w = write(UserRef::of(&u), factor_type);
    bulk::single(ctx, &w, u.row.id(), true).await
}

pub async fn why(ctx: &Ctx, user: &str) -> Result<(), CliError> {
    if ctx.dry_run {
        let now = chrono::Utc::now().timestamp_millis();
        let mut q = triage::events_query(user, now);
        q.newest_first = true;
        q.limit = Some(triage::EVENTS_READ);
        return super::print_plans(&[
            ctx.client.plan_get_user(user),
            ctx.client.plan_list_factors(user),
            ctx.client.plan(
                Method::GET,
                &format!("{}/blocks", crate::okta::write::user_path(user)),
                &[],
                None,
            ),
            ctx.client.plan_list_logs(&q),
        ]);
    }
    // An unknown user is an error (exit 3), not a verdict.
    let u = ctx.client.get_user(user).await?.value;
    let input = triage::fetch_about(&ctx.client, user, u).await;
    let card = triage::assess(&input);
    print_card(ctx.format, &card)
}

/// The command that performs a suggestion.
pub fn command_for(s: &Suggestion, login: &str) -> String {
    let login = shell_word(login);
    match s {
        Suggestion::Unlock => format!("oktui users lifecycle {login} unlock"),
        Suggestion::Unsuspend => format!("oktui users lifecycle {login} unsuspend"),
        Suggestion::Activate => format!("oktui users lifecycle {login} activate"),
        Suggestion::ResetPasswordLink => format!("oktui users reset-link {login}"),
        Suggestion::ResetFactor { factor_id, .. } => format!(
            "oktui users reset-factors {login} --factor {}",
            shell_word(factor_id)
        ),
        Suggestion::ResetAllFactors => format!("oktui users reset-factors {login}"),
        Suggestion::ClearSessions => format!("oktui users clear-sessions {login}"),
    }
}

/// Quotes a word for a POSIX shell when it has anything but safe characters.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._-+=:,/".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn verdict_word(s: SignIn) -> &'static str {
    match s {
        SignIn::Yes => "YES",
        SignIn::No => "NO",
        SignIn::Unknown => "UNKNOWN",
    }
}

fn print_card(format: OutputFormat, card: &Card) -> Result<(), CliError> {
    let mut out = super::stdout();
    let commands: Vec<String> = card
        .suggestions
        .iter()
        .map(|s| command_for(s, &card.user))
        .collect();
    match format {
        OutputFormat::Json | OutputFormat::Jsonl => {
            let mut v = serde_json::to_value(card)
                .map_err(|e| CliError::Usage(format!("cannot print the card: {e}")))?;
            if let Some(items) = v.get_mut("suggestions").and_then(Value::as_array_mut) {
                for (item, (s, cmd)) in items.iter_mut().zip(card.suggestions.iter().zip(&commands))
                {
                    item["label"] = json!(s.label());
                    item["command"] = json!(cmd);
                }
            }
            write_json(&mut out, &v, format)?;
        }
        OutputFormat::Csv => {
            let mut rows = vec![
                vec![json!("user"), json!(card.user)],
                vec![json!("canSignIn"), json!(verdict_word(card.can_sign_in))],
                vec![json!("summary"), json!(card.summary)],
            ];
            rows.extend(
                card.lines
                    .iter()
                    .map(|l| vec![json!(l.label), json!(l.value)]),
            );
            rows.extend(
                card.suggestions
                    .iter()
                    .zip(&commands)
                    .map(|(s, c)| vec![json!("suggestion"), json!(format!("{}: {c}", s.label()))]),
            );
            let mut w = RowWriter::new(format, vec!["field".into(), "value".into()], out);
            w.write_rows(&rows)?;
            w.finish()?;
        }
        OutputFormat::Table => {
            // Every string here was cleaned when it arrived (the models clean on parse).
            writeln!(
                out,
                "{}{}",
                card.user,
                card.id
                    .as_deref()
                    .map(|i| format!(" ({i})"))
                    .unwrap_or_default()
            )?;
            writeln!(
                out,
                "Can sign in: {}  {}",
                verdict_word(card.can_sign_in),
                card.summary
            )?;
            let width = card.lines.iter().map(|l| l.label.len()).max().unwrap_or(0);
            for l in &card.lines {
                writeln!(out, "  {:width$}  {}", l.label, l.value)?;
            }
            if !card.suggestions.is_empty() {
                writeln!(out, "Suggested:")?;
                for (s, c) in card.suggestions.iter().zip(&commands) {
                    writeln!(out, "  {:44}  {c}", s.label())?;
                }
            }
            out.flush()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_quote_what_a_shell_would_split() {
        assert_eq!(
            command_for(&Suggestion::Unlock, "a@example.com"),
            "oktui users lifecycle a@example.com unlock"
        );
        assert_eq!(
            command_for(&Suggestion::ResetAllFactors, "o'brien x"),
            "oktui users reset-factors 'o'\\''brien x'"
        );
    }
}
