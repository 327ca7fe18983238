//! `oktui users ...`.

use std::io::Write as _;
use std::time::Duration;

use secrecy::SecretString;
use serde_json::{Value, json};

use super::Ctx;
use super::bulk;
use super::exit::CliError;
use super::listing::{self, ListSpec};
use super::output::{RowWriter, write_json};
use super::records::{PROFILE_PREFIX, Record, cells};
use super::script_args::{
    LifecycleAction, OutputFormat, UsersClearSessionsArgs, UsersCommand, UsersCreateArgs,
    UsersDeleteArgs, UsersLifecycleArgs, UsersListArgs, UsersResetLinkArgs,
};
use super::terminal::{SecretReader, confirm};
use crate::journal::Source;
use crate::okta::{
    LifecycleOp, NewUser, OktaError, User, UserQuery, UserRef, UserRow, UserStatus, UserSub, Write,
    format_okta_timestamp,
};
use crate::perform::{self, Origin};

/// Okta's cap on `groupIds` at creation (more is 400 E0000093).
const MAX_CREATE_GROUPS: usize = 20;

pub async fn run(ctx: &Ctx, cmd: UsersCommand) -> Result<(), CliError> {
    match cmd {
        UsersCommand::List(a) => list(ctx, a).await,
        UsersCommand::Get(a) => get(ctx, &a.user).await,
        UsersCommand::Groups(a) => {
            if ctx.dry_run {
                return super::print_plans(&[ctx.client.plan_user_sub(&a.user, UserSub::Groups)]);
            }
            let user = ctx.client.get_user(&a.user).await?.value;
            let f = ctx.client.user_groups(user.row.id()).await?;
            listing::print_all(ctx, &f.value, None, Some(&f.response))
        }
        UsersCommand::Roles(a) => {
            if ctx.dry_run {
                return super::print_plans(&[ctx.client.plan_user_sub(&a.user, UserSub::Roles)]);
            }
            // Roles need the id, never the login (Okta rejects logins on this path).
            let user = ctx.client.get_user(&a.user).await?.value;
            let f = ctx.client.user_roles(user.row.id()).await?;
            listing::print_all(ctx, &f.value, None, Some(&f.response))
        }
        UsersCommand::Apps(a) => {
            if ctx.dry_run {
                return super::print_plans(&[ctx.client.plan_user_sub(&a.user, UserSub::AppLinks)]);
            }
            let user = ctx.client.get_user(&a.user).await?.value;
            let f = ctx.client.user_app_links(user.row.id()).await?;
            listing::print_all(ctx, &f.value, None, Some(&f.response))
        }
        UsersCommand::Create(a) => create(ctx, a).await,
        UsersCommand::Lifecycle(a) => lifecycle(ctx, a).await,
        UsersCommand::ResetLink(a) => reset_link(ctx, a).await,
        UsersCommand::ClearSessions(a) => clear_sessions(ctx, a).await,
        UsersCommand::Delete(a) => delete(ctx, a).await,
        UsersCommand::Factors(a) => super::why::factors(ctx, &a.user).await,
        UsersCommand::ResetFactors(a) => super::why::reset_factors(ctx, a).await,
        UsersCommand::Why(a) => super::why::why(ctx, &a.user).await,
        UsersCommand::Update(a) => super::apps::update(ctx, a).await,
        UsersCommand::Offboard(a) => super::playbooks::offboard(ctx, a).await,
    }
}

/// Parses `--status` (any case) into Okta's value.
pub fn parse_status(s: &str) -> Result<UserStatus, CliError> {
    UserStatus::ALL
        .iter()
        .find(|st| st.as_api().eq_ignore_ascii_case(s.trim()))
        .cloned()
        .ok_or_else(|| {
            let all: Vec<&str> = UserStatus::ALL.iter().map(UserStatus::as_api).collect();
            CliError::Usage(format!("unknown status {s:?}; one of {}", all.join(", ")))
        })
}

/// Builds the query: `--status` joins the search or filter expression (its value comes from
/// a fixed list, so it is safe to put in one); with `--q`, which Okta cannot combine, the
/// status is checked locally on each row.
pub fn user_query(
    a: &UsersListArgs,
    page_size: u32,
) -> Result<(UserQuery, Option<UserStatus>), CliError> {
    let status = a.status.as_deref().map(parse_status).transpose()?;
    let page = a
        .limit
        .map(|l| l.clamp(1, 200) as u32)
        .unwrap_or(200)
        .min(page_size.max(1));
    let mut q = UserQuery {
        limit: Some(page),
        ..Default::default()
    };
    let mut local = None;
    let clause = status
        .as_ref()
        .map(|s| format!("status eq \"{}\"", s.as_api()));
    if let Some(search) = &a.search {
        q.search = Some(match &clause {
            Some(c) => format!("({search}) and {c}"),
            None => search.clone(),
        });
    } else if let Some(text) = &a.q {
        q.q = Some(text.clone());
        local = status;
    } else {
        q.filter = match (&a.filter, &clause) {
            (Some(f), Some(c)) => Some(format!("({f}) and {c}")),
            (Some(f), None) => Some(f.clone()),
            (None, Some(c)) => Some(c.clone()),
            (None, None) => None,
        };
    }
    Ok((q, local))
}

async fn list(ctx: &Ctx, a: UsersListArgs) -> Result<(), CliError> {
    let (query, local_status) = user_query(&a, ctx.page_size)?;
    // Check --fields before anything is sent.
    let columns = user_columns(a.fields.as_deref(), ctx.format)?;
    if ctx.dry_run {
        return super::print_plans(&[ctx.client.plan_list_users(&query)]);
    }
    let wants_profile = columns.iter().any(|c| c.starts_with(PROFILE_PREFIX));
    if a.offline {
        if wants_profile {
            return Err(CliError::Usage(
                "--offline: the index keeps no profile attributes; drop profile.* fields".into(),
            ));
        }
        return super::index_cmd::list_offline(ctx, &a, columns);
    }
    if a.parallel {
        return super::index_cmd::list_parallel_cli(ctx, &a, columns, wants_profile).await;
    }
    let keep_status = move |s: &UserStatus| local_status.as_ref().is_none_or(|l| s == l);
    if wants_profile {
        // Whole users only when a profile attribute is asked for: a row is far smaller.
        let keep = move |u: &User| keep_status(&u.row.status());
        let pages = ctx.client.list_users_full(query);
        return stream_users(ctx, pages, columns, a.limit, &keep).await;
    }
    let keep = move |u: &UserRow| keep_status(&u.status());
    let pages = ctx.client.list_users(query);
    stream_users(ctx, pages, columns, a.limit, &keep).await
}

async fn stream_users<R: Record + Send + 'static>(
    ctx: &Ctx,
    pages: crate::okta::Pages<R>,
    columns: Vec<String>,
    limit: Option<usize>,
    keep: &dyn Fn(&R) -> bool,
) -> Result<(), CliError> {
    let spec = ListSpec {
        fields: None,
        columns: Some(columns),
        limit,
        keep,
        noun: "users",
    };
    listing::stream(ctx, pages, spec).await
}

/// The columns of `users list`: the row's fields, plus `profile.<attribute>` for any profile
/// attribute (custom ones too; Okta's attribute names are case-sensitive, so kept as typed).
fn user_columns(fields: Option<&str>, format: OutputFormat) -> Result<Vec<String>, CliError> {
    let Some(list) = fields else {
        return listing::columns::<UserRow>(None, format);
    };
    let mut out = Vec::new();
    for f in list.split(',').map(str::trim).filter(|f| !f.is_empty()) {
        match f.strip_prefix(PROFILE_PREFIX) {
            Some("") => {
                return Err(CliError::Usage(
                    "profile. needs an attribute name, e.g. profile.department".into(),
                ));
            }
            Some(_) => out.push(f.to_owned()),
            None => out.extend(listing::columns::<UserRow>(Some(f), format)?),
        }
    }
    if out.is_empty() {
        return Err(CliError::Usage("--fields needs at least one field".into()));
    }
    Ok(out)
}

async fn get(ctx: &Ctx, user: &str) -> Result<(), CliError> {
    if ctx.dry_run {
        return super::print_plans(&[ctx.client.plan_get_user(user)]);
    }
    let f = ctx.client.get_user(user).await?;
    let mut out = super::stdout();
    if ctx.include_headers {
        write_json(
            &mut out,
            &super::response_json(&f.response, f.value.raw.clone()),
            ctx.format,
        )?;
        return Ok(());
    }
    print_user(ctx.format, &f.value)
}

/// One user: the whole object for json/jsonl, one row for csv, field/value lines for a table.
pub fn print_user(format: OutputFormat, u: &User) -> Result<(), CliError> {
    let mut out = super::stdout();
    match format {
        OutputFormat::Json | OutputFormat::Jsonl => write_json(&mut out, &u.raw, format)?,
        OutputFormat::Csv => {
            let cols: Vec<String> = UserRow::FIELDS.iter().map(|s| (*s).to_owned()).collect();
            let row = cells(&u.row, &cols);
            let mut w = RowWriter::new(format, cols, out);
            w.write_rows(&[row])?;
            w.finish()?;
        }
        OutputFormat::Table => {
            let mut rows: Vec<Vec<Value>> = Vec::new();
            for f in UserRow::FIELDS {
                rows.push(vec![json!(f), u.row.field(f)]);
            }
            let time = |ms: Option<i64>| ms.map(format_okta_timestamp);
            rows.push(vec![json!("activated"), json!(time(u.activated))]);
            rows.push(vec![
                json!("passwordChanged"),
                json!(time(u.password_changed)),
            ]);
            rows.push(vec![json!("provider"), json!(u.credentials_provider)]);
            for (k, v) in &u.profile {
                if !matches!(k.as_str(), "login" | "email" | "firstName" | "lastName") {
                    rows.push(vec![json!(format!("profile.{k}")), v.clone()]);
                }
            }
            let actions = allowed_actions(u);
            rows.push(vec![json!("allowedActions"), json!(actions.join(" "))]);
            let mut w = RowWriter::new(format, vec!["field".into(), "value".into()], out);
            w.write_rows(&rows)?;
            w.finish()?;
        }
    }
    Ok(())
}

async fn create(ctx: &Ctx, a: UsersCreateArgs) -> Result<(), CliError> {
    if a.groups.len() > MAX_CREATE_GROUPS {
        return Err(CliError::Usage(format!(
            "at most {MAX_CREATE_GROUPS} --group at creation (Okta's limit); add the rest with \
             `oktui groups add-member`"
        )));
    }
    let mut new_user = NewUser {
        login: a.login.clone(),
        email: a.email.clone(),
        first_name: a.first_name.clone(),
        last_name: a.last_name.clone(),
        recovery_question: a.recovery_question.clone(),
        group_ids: a.groups.clone(),
        activate: !a.no_activate,
        ..Default::default()
    };
    if ctx.dry_run {
        // Secrets are not read for a dry run: the plan only shows that they would be sent.
        let placeholder = || Some(SecretString::from("masked"));
        new_user.password = if a.password_stdin {
            placeholder()
        } else {
            None
        };
        new_user.recovery_answer = if a.recovery_answer_stdin {
            placeholder()
        } else {
            None
        };
        return super::print_plans(&[ctx.client.plan_write(&Write::Create(new_user))]);
    }
    ctx.check_writable("create a user")?;
    let mut secrets = SecretReader::new();
    if a.password_stdin {
        new_user.password = Some(secrets.read("password")?);
    }
    if a.recovery_answer_stdin {
        new_user.recovery_answer = Some(secrets.read("recovery answer")?);
    }
    // A signal now lets the create finish and be recorded; the command then ends.
    let stop = super::stop::on_signal();
    let done = perform_checked(ctx, &Write::Create(new_user)).await?;
    if let Some(exit) = stop.signalled() {
        crate::notice::note(&format!(
            "oktui: stopped by a signal after the create finished (user {})",
            done.value.user.as_ref().map(|u| u.row.id()).unwrap_or("?")
        ));
        return Err(CliError::Failed {
            message: "stopped by a signal after the write finished".into(),
            exit,
        });
    }
    let user = done
        .value
        .user
        .ok_or_else(|| OktaError::Decode("expected a user object".into()))?;
    if ctx.include_headers {
        let mut out = super::stdout();
        let v = super::response_json(&done.response, user.raw.clone());
        write_json(&mut out, &v, ctx.format)?;
        return Ok(());
    }
    print_user(ctx.format, &user)
}

/// `perform` for the commands that make one write; a journal warning goes to stderr, an
/// unknown outcome says how to check.
async fn perform_checked(
    ctx: &Ctx,
    write: &Write,
) -> Result<crate::okta::Fetched<crate::okta::Written>, CliError> {
    let origin = Origin {
        tenant: ctx.tenant.clone(),
        source: Source::Cli,
        run: None,
    };
    let performed = perform::perform(&ctx.client, &ctx.journal, &origin, write).await;
    if let Some(w) = &performed.journal_warning {
        crate::notice::note(&format!("warning: {w}"));
    }
    if performed.outcome == crate::journal::Outcome::Unknown {
        let who = write
            .user()
            .map(|u| u.id.clone())
            .unwrap_or_else(|| write.login().to_owned());
        crate::notice::note(&format!(
            "warning: outcome unknown; check with: oktui users get {who} --tenant {}",
            ctx.tenant
        ));
    }
    Ok(performed.result?)
}

fn lifecycle_op(action: LifecycleAction, send_email: bool) -> LifecycleOp {
    match action {
        LifecycleAction::Activate => LifecycleOp::Activate { send_email },
        LifecycleAction::Reactivate => LifecycleOp::Reactivate { send_email },
        LifecycleAction::Deactivate => LifecycleOp::Deactivate { send_email },
        LifecycleAction::Suspend => LifecycleOp::Suspend,
        LifecycleAction::Unsuspend => LifecycleOp::Unsuspend,
        LifecycleAction::Unlock => LifecycleOp::Unlock,
        LifecycleAction::ExpirePassword => LifecycleOp::ExpirePassword,
    }
}

async fn lifecycle(ctx: &Ctx, a: UsersLifecycleArgs) -> Result<(), CliError> {
    use clap::ValueEnum;
    // With --from the one positional is the action (`lifecycle --from FILE suspend`).
    let (user, action) = match (&a.bulk.from, a.user.as_deref(), a.action) {
        (None, Some(u), Some(act)) => (Some(u.to_owned()), act),
        (Some(_), Some(word), None) => {
            let act = LifecycleAction::from_str(word, true).map_err(|_| {
                CliError::Usage(format!(
                    "unknown action {word:?}; one of activate, reactivate, deactivate, suspend, \
                     unsuspend, unlock, expire-password"
                ))
            })?;
            (None, act)
        }
        (Some(_), Some(_), Some(_)) => {
            return Err(CliError::Usage(
                "with --from, give only the ACTION (users come from the file)".into(),
            ));
        }
        _ => {
            return Err(CliError::Usage(
                "usage: oktui users lifecycle USER ACTION".into(),
            ));
        }
    };
    let op = Write::Lifecycle {
        user: UserRef::default(),
        op: lifecycle_op(action, a.send_email),
    };
    match (user, &a.bulk.from) {
        (Some(u), _) => bulk::single(ctx, &op, &u, a.bulk.yes).await,
        (None, Some(from)) => {
            bulk::many(ctx, &op, from, a.bulk.yes, a.bulk.resume.as_deref()).await
        }
        (None, None) => Err(CliError::Usage("give a USER or --from FILE".into())),
    }
}

async fn reset_link(ctx: &Ctx, a: UsersResetLinkArgs) -> Result<(), CliError> {
    let op = Write::Lifecycle {
        user: UserRef::default(),
        op: LifecycleOp::ResetPassword {
            send_email: a.send_email,
            revoke_sessions: a.revoke_sessions,
        },
    };
    match (a.user, &a.bulk.from) {
        (Some(_), Some(_)) => Err(CliError::Usage(
            "give either a USER or --from FILE, not both".into(),
        )),
        (Some(u), None) => bulk::single(ctx, &op, &u, a.bulk.yes).await,
        (None, Some(from)) => {
            bulk::many(ctx, &op, from, a.bulk.yes, a.bulk.resume.as_deref()).await
        }
        (None, None) => Err(CliError::Usage("give a USER or --from FILE".into())),
    }
}

async fn clear_sessions(ctx: &Ctx, a: UsersClearSessionsArgs) -> Result<(), CliError> {
    let op = Write::ClearSessions {
        user: UserRef::default(),
        oauth_tokens: a.oauth_tokens,
    };
    bulk::single(ctx, &op, &a.user, true).await
}

/// Okta deletes in two steps: a DELETE on a user that is not DEPROVISIONED only deactivates
/// it. `users delete` means gone, so it deactivates first (after confirmation), waits for the
/// deactivation to finish, then deletes.
async fn delete(ctx: &Ctx, a: UsersDeleteArgs) -> Result<(), CliError> {
    if ctx.dry_run {
        crate::notice::note(
            "note: a user that is not DEPROVISIONED gets this request twice (deactivate, then delete)",
        );
        let w = Write::Delete {
            user: UserRef::id(&a.user),
            deprovisioned: false,
            send_email: a.send_email,
        };
        return super::print_plans(&[ctx.client.plan_write(&w)]);
    }
    ctx.check_writable("delete a user")?;
    let user = ctx.client.get_user(&a.user).await?.value;
    let deprovisioned = user.row.status() == UserStatus::Deprovisioned;
    let question = if deprovisioned {
        format!("Delete {} ({}) for good?", user.row.login(), user.row.id())
    } else {
        format!(
            "Delete {} ({}, {}) for good? It is deactivated first, which removes its app access.",
            user.row.login(),
            user.row.id(),
            user.row.status()
        )
    };
    confirm(&question, a.yes)?;
    if ctx.is_me(&user).await {
        super::terminal::confirm_twice(&format!(
            "{} is YOUR OWN account (the admin this credential acts as). Delete it?",
            user.row.login()
        ))?;
    }
    let step = |deprovisioned| Write::Delete {
        user: UserRef::of(&user),
        deprovisioned,
        send_email: a.send_email,
    };
    let stop = super::stop::on_signal();
    if !deprovisioned {
        perform_checked(ctx, &step(false)).await?;
        if let Some(exit) = stop.signalled() {
            return Err(CliError::Failed {
                message: format!(
                    "stopped by a signal after deactivating {}; run the delete again to finish",
                    user.row.login()
                ),
                exit,
            });
        }
        wait_deprovisioned(ctx, user.row.id()).await?;
    }
    let response = perform_checked(ctx, &step(true)).await?.response;
    let mut out = super::stdout();
    if ctx.include_headers {
        write_json(
            &mut out,
            &super::response_json(&response, response.body.clone()),
            ctx.format,
        )?;
        return Ok(());
    }
    let o = json!({
        "user": a.user, "id": user.row.id(), "login": user.row.login(), "action": "delete",
        "ok": true, "requestId": response.request_id,
    });
    match ctx.format {
        OutputFormat::Table => {
            writeln!(out, "delete: ok  {} ({})", user.row.login(), user.row.id())?;
            out.flush()?;
        }
        OutputFormat::Csv => {
            let cols: Vec<String> = ["user", "id", "login", "action", "ok"]
                .map(String::from)
                .to_vec();
            let row = cols.iter().map(|c| o[c].clone()).collect();
            let mut w = RowWriter::new(OutputFormat::Csv, cols, out);
            w.write_rows(&[row])?;
            w.finish()?;
        }
        _ => write_json(&mut out, &o, ctx.format)?,
    }
    Ok(())
}

/// Polls until the user is DEPROVISIONED with no transition running (deactivation is async).
async fn wait_deprovisioned(ctx: &Ctx, id: &str) -> Result<(), CliError> {
    for attempt in 0..30u64 {
        let u = ctx.client.get_user(id).await?.value;
        if u.row.status() == UserStatus::Deprovisioned && u.row.transitioning_to().is_none() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200 * (attempt + 1).min(5))).await;
    }
    Err(CliError::from(OktaError::Other(format!(
        "user {id} was deactivated but is still not DEPROVISIONED; run the delete again later"
    ))))
}

/// Credential operations Okta offers in a user's `_links` besides the lifecycle ones.
const CREDENTIAL_LINKS: &[&str] = &[
    "forgotPassword",
    "changePassword",
    "changeRecoveryQuestion",
    "resetFactors",
];

/// The operations oktui would offer for the user: the lifecycle ones by Okta's state machine
/// (as the console's menu does; orgs leave some out of `_links`, such as `deactivate` for a
/// STAGED user, and deactivating one still works), then the credential links the user's
/// `_links` carry. Other links (`self`, `schema`, `type`, `apps`, ...) are not actions.
fn allowed_actions(u: &User) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = LifecycleOp::all()
        .iter()
        .filter(|op| op.offered_for(u))
        .map(LifecycleOp::link_name)
        .collect();
    for link in CREDENTIAL_LINKS {
        if u.links.iter().any(|l| l == link) && !out.contains(link) {
            out.push(link);
        }
    }
    out
}

#[cfg(test)]
#[path = "users_tests.rs"]
mod tests;
