//! Writes on users, one or many: resolve the user, send the write, journal it, report it.
//!
//! A single write prints its result in the chosen format and fails with the API error's exit
//! code. `--from FILE|-` runs the same write for every line, one after the other (the client
//! paces requests under the rate limit and waits out 429s), prints one JSON line per user, and
//! fails with the exit code of the first failed line.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::Ctx;
use super::exit::{CliError, Exit, short_error};
use super::output::{RowWriter, write_json};
use super::progress::Progress;
use super::script_args::{OutputFormat, bulk_source};
use crate::journal::{JournalEntry, Source};
use crate::okta::{ApiResponse, Group, LifecycleOp, OktaError, PlannedRequest, User};

/// A write that targets one user.
#[derive(Debug, Clone)]
pub enum WriteOp {
    Lifecycle(LifecycleOp),
    ClearSessions { oauth_tokens: bool },
    AddMember(Group),
    RemoveMember(Group),
}

impl WriteOp {
    /// The action name used in output and the journal.
    pub fn action(&self) -> String {
        match self {
            WriteOp::Lifecycle(LifecycleOp::ResetPassword { .. }) => "reset-link".into(),
            WriteOp::Lifecycle(op) => op.api_name().replace('_', "-"),
            WriteOp::ClearSessions { .. } => "clear-sessions".into(),
            WriteOp::AddMember(_) => "add-member".into(),
            WriteOp::RemoveMember(_) => "remove-member".into(),
        }
    }

    /// Flags and ids for the journal: never a secret.
    fn options(&self) -> Map<String, Value> {
        let mut m = Map::new();
        match self {
            WriteOp::Lifecycle(op) => {
                for (k, v) in op.query() {
                    m.insert(k.into(), Value::Bool(v == "true"));
                }
            }
            WriteOp::ClearSessions { oauth_tokens } => {
                m.insert("oauthTokens".into(), Value::Bool(*oauth_tokens));
            }
            WriteOp::AddMember(g) | WriteOp::RemoveMember(g) => {
                m.insert("groupId".into(), json!(g.id));
                m.insert("groupName".into(), json!(g.name));
            }
        }
        m
    }

    /// Deactivation removes app access and cannot be taken back with one click.
    pub fn is_destructive(&self) -> bool {
        matches!(self, WriteOp::Lifecycle(LifecycleOp::Deactivate { .. }))
    }

    pub fn plan(&self, ctx: &Ctx, user: &str) -> PlannedRequest {
        match self {
            WriteOp::Lifecycle(op) => ctx.client.plan_lifecycle(user, op),
            WriteOp::ClearSessions { oauth_tokens } => {
                ctx.client.plan_clear_sessions(user, *oauth_tokens)
            }
            WriteOp::AddMember(g) => ctx.client.plan_add_member(&g.id, user),
            WriteOp::RemoveMember(g) => ctx.client.plan_remove_member(&g.id, user),
        }
    }
}

/// The result of one write, as printed (one JSON line in bulk runs).
#[derive(Debug, Clone, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activation_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_password_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip)]
    pub failure: Option<OktaError>,
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
            activation_url: None,
            reset_password_url: None,
            error: None,
            request_id: None,
            failure: None,
            response: None,
        }
    }

    fn fail(&mut self, e: OktaError) {
        self.ok = false;
        self.request_id = e.request_id().map(str::to_owned);
        self.error = Some(CliError::from(e.clone()).to_json()["error"].clone());
        self.failure = Some(e);
    }

    pub fn exit(&self) -> Exit {
        self.failure.as_ref().map(Exit::of_okta).unwrap_or(Exit::Ok)
    }
}

/// Resolves `input` (id or login), sends the write, journals it.
pub async fn apply(ctx: &Ctx, op: &WriteOp, input: &str) -> Outcome {
    let mut out = Outcome::new(input, op.action());
    let user = match ctx.client.get_user(input).await {
        Ok(u) => u.value,
        Err(e) => {
            // Nothing was written: no journal entry, only the report.
            out.fail(e);
            return out;
        }
    };
    out.id = Some(user.row.id.to_string());
    out.login = Some(user.row.login.to_string());
    let id = &*user.row.id;
    let result = match op {
        WriteOp::Lifecycle(lop) => ctx.client.lifecycle(id, lop).await.map(|f| {
            out.activation_url = f.value.activation_url;
            out.reset_password_url = f.value.reset_password_url;
            f.response
        }),
        WriteOp::ClearSessions { oauth_tokens } => {
            ctx.client.clear_sessions(id, *oauth_tokens).await
        }
        WriteOp::AddMember(g) => ctx.client.add_member(&g.id, id).await,
        WriteOp::RemoveMember(g) => ctx.client.remove_member(&g.id, id).await,
    };
    journal(
        ctx,
        &op.action(),
        Some(&user),
        op.options(),
        result.as_ref(),
    );
    match result {
        Ok(resp) => {
            out.ok = true;
            out.request_id = resp.request_id.clone();
            out.response = Some(resp);
        }
        Err(e) => out.fail(e),
    }
    out
}

/// Appends the write to the journal; a journal problem is a warning, not a failed write.
pub fn journal(
    ctx: &Ctx,
    action: &str,
    user: Option<&User>,
    options: Map<String, Value>,
    result: Result<&ApiResponse, &OktaError>,
) {
    let mut e = JournalEntry::new(Source::Cli, &ctx.tenant, action);
    if let Some(u) = user {
        e.target_id = Some(u.row.id.to_string());
        e.target_login = Some(u.row.login.to_string());
    }
    e.options = options;
    match result {
        Ok(r) => e.request_id = r.request_id.clone(),
        Err(err) => {
            e.result = short_error(err);
            e.request_id = err.request_id().map(str::to_owned);
        }
    }
    if let Err(err) = ctx.journal.append(&e) {
        crate::notice::note(&format!(
            "warning: could not write the journal {}: {err}",
            ctx.journal.path().display()
        ));
    }
}

/// One write on one user: confirm if destructive, send, print the result.
pub async fn single(ctx: &Ctx, op: &WriteOp, user: &str, yes: bool) -> Result<(), CliError> {
    if ctx.dry_run {
        return super::print_plans(&[op.plan(ctx, user)]);
    }
    ctx.check_writable(&op.action())?;
    if op.is_destructive() {
        super::terminal::confirm(
            &format!(
                "{} {user}? This removes the user's app access.",
                op.action()
            ),
            yes,
        )?;
    }
    let outcome = apply(ctx, op, user).await;
    if let Some(e) = outcome.failure {
        return Err(CliError::from(e));
    }
    print_outcome(ctx, &outcome)
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
                "{}: ok  {} ({})",
                o.action,
                o.login.as_deref().unwrap_or(&o.user),
                o.id.as_deref().unwrap_or("")
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

/// Reads the users of `--from`: one a line, blank lines and `#` comments skipped.
pub fn read_inputs(from: &str) -> Result<Vec<String>, CliError> {
    let reader: Box<dyn BufRead> = match bulk_source(from) {
        Some(path) => Box::new(BufReader::new(File::open(&path).map_err(|e| {
            CliError::Usage(format!("cannot read {}: {e}", path.display()))
        })?)),
        None => Box::new(BufReader::new(io::stdin())),
    };
    let mut users = Vec::new();
    for line in reader.lines() {
        let line = line?;
        let t = line.trim();
        if !t.is_empty() && !t.starts_with('#') {
            users.push(t.to_owned());
        }
    }
    Ok(users)
}

/// Runs `op` for every user of `--from`, one JSON line each.
pub async fn many(ctx: &Ctx, op: &WriteOp, from: &str, yes: bool) -> Result<(), CliError> {
    let inputs = read_inputs(from)?;
    let mut out = super::stdout();
    if ctx.dry_run {
        let plans: Vec<PlannedRequest> = inputs.iter().map(|u| op.plan(ctx, u)).collect();
        return super::print_plans(&plans);
    }
    ctx.check_writable(&op.action())?;
    if op.is_destructive() {
        // stdin holds the list when it is `-`, so only a file list can be confirmed by hand.
        let ask_ok = from != "-" || yes;
        if !ask_ok {
            return Err(CliError::Usage(format!(
                "{} of users read from stdin needs --yes",
                op.action()
            )));
        }
        super::terminal::confirm(
            &format!("{} {} users from {from}?", op.action(), inputs.len()),
            yes,
        )?;
    }
    let total = inputs.len();
    let mut progress = Progress::new("users");
    let mut failed = 0;
    let mut first_exit = None;
    for (i, input) in inputs.iter().enumerate() {
        let outcome = apply(ctx, op, input).await;
        if !outcome.ok {
            failed += 1;
            first_exit.get_or_insert(outcome.exit());
        }
        serde_json::to_writer(&mut out, &outcome).map_err(io::Error::other)?;
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
