//! Writes on users, one or many: resolve the user, perform the write (journaled through
//! `perform`, as the console does), report it.
//!
//! A single write prints its result in the chosen format and fails with the API error's exit
//! code. `--from FILE|-` runs the same write for every line, one after the other (the client
//! paces requests under the rate limit and waits out 429s), prints one JSON line per user, and
//! fails with the exit code of the first failed line. A row already in the state asked for is
//! a success with a note; a refused connection pauses the run and retries with a bounded
//! backoff; Ctrl-C or SIGTERM stops the run after the write in flight. `--resume RUN` skips
//! the rows that run already did.

use std::io::Write as _;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};

use super::Ctx;
use super::exit::{CliError, Exit};
use super::inputs::{self, Input};
use super::output::{RowWriter, write_json};
use super::progress::Progress;
use super::script_args::OutputFormat;
use super::stop;
use crate::journal::{Outcome as Recorded, Source};
use crate::okta::{ApiResponse, OktaError, PlannedRequest, User, UserRef, Write};
use crate::perform::{self, Origin};

/// Pauses after a refused connection before the row is tried again: nothing was sent, so
/// waiting for the org (or the network) to come back is safe, but not for ever.
const CONNECT_BACKOFF: [Duration; 5] = [
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
    Duration::from_secs(8),
    Duration::from_secs(16),
];

/// The result of one write, as printed (one JSON line in bulk runs).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// The line or argument as given.
    pub user: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    pub action: String,
    pub ok: bool,
    /// e.g. "already suspended": nothing needed changing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activation_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_password_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
    /// "unknown" when the write was sent and no answer came: it may have been applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip)]
    pub failure: Option<CliError>,
    #[serde(skip)]
    pub response: Option<ApiResponse>,
}

impl Outcome {
    fn new(user: &str, action: String) -> Outcome {
        Outcome {
            user: user.to_owned(),
            id: None,
            login: None,
            action,
            ok: false,
            note: None,
            activation_url: None,
            reset_password_url: None,
            error: None,
            outcome: None,
            request_id: None,
            failure: None,
            response: None,
        }
    }

    fn fail(&mut self, e: CliError) {
        self.ok = false;
        if let CliError::Okta(o) = &e {
            self.request_id = o.request_id().map(str::to_owned);
        }
        self.error = Some(e.to_json()["error"].clone());
        self.failure = Some(e);
    }

    fn succeed(&mut self, note: Option<String>) {
        self.ok = true;
        self.note = note;
    }

    pub fn exit(&self) -> Exit {
        self.failure
            .as_ref()
            .map(CliError::exit)
            .unwrap_or(Exit::Ok)
    }

    /// Nothing was sent because the connection was refused: the row may be tried again.
    fn connection_refused(&self) -> bool {
        matches!(&self.failure, Some(CliError::Okta(e)) if matches!(**e, OktaError::Connect { .. }))
    }
}

/// The errors that mean Okta refused a lifecycle change because of the current status (the
/// row may already be where it was asked to go).
fn is_wrong_state(e: &OktaError) -> bool {
    matches!(e.code(), Some("E0000001" | "E0000016"))
}

/// Resolves `input` (id or login), then performs the write on that user. `bulk` refuses the
/// caller's own account instead of asking.
pub async fn apply(
    ctx: &Ctx,
    write: &Write,
    input: &str,
    run: Option<&str>,
    bulk: bool,
) -> Outcome {
    let mut out = Outcome::new(input, write.action());
    let user = match ctx.client.get_user(input).await {
        Ok(u) => u.value,
        Err(e) => {
            // Nothing was written: no journal entry, only the report.
            out.fail(e.into());
            return out;
        }
    };
    out.id = Some(user.row.id().to_string());
    out.login = Some(user.row.login().to_string());
    let write = write.for_user(UserRef::of(&user));
    let origin = Origin {
        tenant: ctx.tenant.clone(),
        source: Source::Cli,
        run: run.map(str::to_owned),
    };
    // A bulk row already where it should be is done (a re-run after failures must not fail
    // on the rows that went through); a single command reports Okta's refusal as it is.
    if bulk && let Some(note) = write.already_done(&user) {
        record_unchanged(ctx, &origin, &write, &note);
        out.succeed(Some(note));
        return out;
    }
    if ctx.is_me(&user).await {
        let refusal = if bulk {
            Err(CliError::Usage(format!(
                "{} is your own account (the admin this credential acts as): refused in a bulk \
                 run; run it alone, where it is asked twice",
                user.row.login()
            )))
        } else {
            super::terminal::confirm_twice(&format!(
                "{} is YOUR OWN account (the admin this credential acts as). {} it?",
                user.row.login(),
                write.action()
            ))
        };
        if let Err(e) = refusal {
            out.fail(e);
            return out;
        }
    }
    let performed = perform::perform(&ctx.client, &ctx.journal, &origin, &write).await;
    if let Some(w) = &performed.journal_warning {
        crate::notice::note(&format!("warning: {w}"));
    }
    match performed.result {
        Ok(done) => {
            out.succeed(None);
            out.activation_url = done.value.activation_url;
            out.reset_password_url = done.value.reset_password_url;
            out.request_id = done.response.request_id.clone();
            out.response = Some(done.response);
        }
        Err(e) if bulk && is_wrong_state(&e) => match recheck(ctx, &write, user.row.id()).await {
            Some(note) => {
                record_unchanged(ctx, &origin, &write, &note);
                out.succeed(Some(note));
            }
            None => out.fail(e.into()),
        },
        Err(e) => {
            if performed.outcome == Recorded::Unknown {
                out.outcome = Some(Recorded::Unknown.as_str());
                crate::notice::note(&format!(
                    "warning: {} {}: {e}\n  outcome unknown; check with: oktui users get {} --tenant {}",
                    write.action(),
                    user.row.login(),
                    user.row.id(),
                    ctx.tenant
                ));
            }
            out.fail(e.into())
        }
    }
    out
}

/// After a wrong-state refusal: whether the user, as Okta now has it, is already done.
async fn recheck(ctx: &Ctx, write: &Write, id: &str) -> Option<String> {
    let user: User = ctx.client.get_user(id).await.ok()?.value;
    write.already_done(&user)
}

fn record_unchanged(ctx: &Ctx, origin: &Origin, write: &Write, note: &str) {
    if let Err(e) = perform::record_unchanged(&ctx.journal, origin, write, note) {
        crate::notice::note(&format!(
            "warning: could not write the journal {}: {e}",
            ctx.journal.path().display()
        ));
    }
}

/// One write on one user: confirm if destructive, send, print the result.
pub async fn single(ctx: &Ctx, write: &Write, user: &str, yes: bool) -> Result<(), CliError> {
    if ctx.dry_run {
        let w = write.for_user(UserRef::id(user));
        return super::print_plans(&[ctx.client.plan_write(&w)]);
    }
    ctx.check_writable(&write.action())?;
    if write.is_destructive() {
        super::terminal::confirm(
            &format!(
                "{} {user}? This removes the user's app access.",
                write.action()
            ),
            yes,
        )?;
    }
    // A signal now lets this write finish (its outcome is then recorded) before exiting.
    let stop = stop::on_signal();
    let outcome = apply(ctx, write, user, None, false).await;
    if let Some(e) = outcome.failure {
        return Err(e);
    }
    print_outcome(ctx, &outcome)?;
    match stop.signalled() {
        Some(exit) => Err(CliError::Failed {
            message: "stopped by a signal after the write finished".into(),
            exit,
        }),
        None => Ok(()),
    }
}

/// Prints a successful single write in the chosen format.
pub fn print_outcome(ctx: &Ctx, o: &Outcome) -> Result<(), CliError> {
    let mut out = super::stdout();
    if ctx.include_headers
        && let Some(r) = &o.response
    {
        write_json(
            &mut out,
            &super::response_json(r, r.body.clone()),
            ctx.format,
        )?;
        return Ok(());
    }
    match ctx.format {
        OutputFormat::Json | OutputFormat::Jsonl => write_json(&mut out, o, ctx.format)?,
        OutputFormat::Csv => {
            let cols: Vec<String> = ["user", "id", "login", "action", "ok", "link"]
                .map(String::from)
                .to_vec();
            let link = o
                .activation_url
                .clone()
                .or_else(|| o.reset_password_url.clone());
            let mut w = RowWriter::new(OutputFormat::Csv, cols, out);
            w.write_rows(&[vec![
                json!(o.user),
                json!(o.id),
                json!(o.login),
                json!(o.action),
                json!(o.ok),
                json!(link),
            ]])?;
            w.finish()?;
        }
        OutputFormat::Table => {
            writeln!(
                out,
                "{}: ok  {} ({}){}",
                o.action,
                o.login.as_deref().unwrap_or(&o.user),
                o.id.as_deref().unwrap_or(""),
                o.note
                    .as_deref()
                    .map(|n| format!("  ({n})"))
                    .unwrap_or_default()
            )?;
            if let Some(u) = &o.activation_url {
                writeln!(out, "activation link: {u}")?;
            }
            if let Some(u) = &o.reset_password_url {
                writeln!(out, "reset link: {u}")?;
            }
            out.flush()?;
        }
    }
    Ok(())
}

/// Runs `write` for every user of `--from`, one JSON line each.
pub async fn many(
    ctx: &Ctx,
    write: &Write,
    from: &str,
    yes: bool,
    resume: Option<&str>,
) -> Result<(), CliError> {
    let rows = inputs::read(from)?;
    if ctx.dry_run {
        let plans: Vec<PlannedRequest> = rows
            .iter()
            .map(|r| ctx.client.plan_write(&write.for_user(UserRef::id(&r.text))))
            .collect();
        return super::print_plans(&plans);
    }
    ctx.check_writable(&write.action())?;
    let (run, rows) = match resume {
        Some(run) => {
            let done = inputs::done_in_run(&ctx.journal, run, &write.action());
            let (skip, todo): (Vec<Input>, Vec<Input>) =
                rows.into_iter().partition(|r| done.contains(&r.key()));
            crate::notice::note(&format!(
                "resuming run {run}: {} row(s) already done are skipped, {} to run",
                skip.len(),
                todo.len()
            ));
            (run.to_owned(), todo)
        }
        None => (short_run_id(), rows),
    };
    if write.is_destructive() {
        // stdin holds the list when it is `-`, so only a file list can be confirmed by hand.
        let ask_ok = from != "-" || yes;
        if !ask_ok {
            return Err(CliError::Usage(format!(
                "{} of users read from stdin needs --yes",
                write.action()
            )));
        }
        super::terminal::confirm(
            &format!("{} {} users from {from}?", write.action(), rows.len()),
            yes,
        )?;
    }
    crate::notice::note(&format!(
        "run {run} (to re-run only what did not succeed: add --resume {run})"
    ));
    let stop = stop::on_signal();
    let mut out = super::stdout();
    let total = rows.len();
    let mut progress = Progress::new("users");
    let mut failed = 0;
    let mut first_exit = None;
    for (i, row) in rows.iter().enumerate() {
        if let Some(exit) = stop.signalled() {
            progress.finish();
            return Err(CliError::Failed {
                message: format!(
                    "stopped by a signal after {i} of {total} rows; the write in flight was \
                     finished and recorded; resume with --resume {run}"
                ),
                exit,
            });
        }
        let outcome = apply_retrying(ctx, write, row, &run).await;
        if !outcome.ok {
            failed += 1;
            first_exit.get_or_insert(outcome.exit());
        }
        crate::json_out::write(&mut out, &outcome)?;
        out.write_all(b"\n")?;
        out.flush()?;
        progress.bar(i + 1, total);
    }
    progress.finish();
    match first_exit {
        Some(exit) => Err(CliError::Partial {
            failed,
            total,
            exit,
        }),
        None => Ok(()),
    }
}

/// `apply`, again after a pause while the connection is refused (nothing was sent then).
async fn apply_retrying(ctx: &Ctx, write: &Write, row: &Input, run: &str) -> Outcome {
    let mut outcome = apply(ctx, write, &row.text, Some(run), true).await;
    for (attempt, pause) in CONNECT_BACKOFF.iter().enumerate() {
        if !outcome.connection_refused() {
            break;
        }
        crate::notice::note(&format!(
            "connection refused (nothing was sent); retrying {} in {}s ({}/{})",
            row.text,
            pause.as_secs(),
            attempt + 1,
            CONNECT_BACKOFF.len()
        ));
        tokio::time::sleep(*pause).await;
        outcome = apply(ctx, write, &row.text, Some(run), true).await;
    }
    outcome
}

/// A short id for a bulk run, for `--resume`.
fn short_run_id() -> String {
    crate::okta::new_request_id()
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(12)
        .collect()
}
