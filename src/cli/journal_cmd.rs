//! `oktui journal`: the writes oktui made, newest last, each intent joined with its outcome.
//! `--unknown` keeps the writes whose outcome is unknown (sent, and no answer recorded), each
//! with the command that shows what Okta now has.

use serde_json::{Value, json};

use super::exit::CliError;
use super::output::RowWriter;
use super::script_args::{JournalArgs, OutputFormat};
use crate::journal::{Journal, JournalEntry, Outcome};

/// Every column, in the order json/jsonl/csv print them.
const COLUMNS: &[&str] = &[
    "time",
    "tenant",
    "source",
    "action",
    "targetLogin",
    "targetId",
    "outcome",
    "result",
    "note",
    "check",
    "writeId",
    "requestId",
    "run",
];
/// What a table shows.
const TABLE: &[&str] = &[
    "time",
    "tenant",
    "action",
    "targetLogin",
    "outcome",
    "result",
    "check",
];

pub fn run(args: &JournalArgs, format: OutputFormat) -> Result<(), CliError> {
    let journal = Journal::open_default();
    let entries: Vec<JournalEntry> = journal
        .read_recent(usize::MAX)
        .into_iter()
        .filter(|e| !args.unknown || e.outcome() == Outcome::Unknown)
        .collect();
    let skip = entries.len().saturating_sub(args.limit);
    let columns: Vec<String> = if format == OutputFormat::Table {
        TABLE
    } else {
        COLUMNS
    }
    .iter()
    .map(|c| (*c).to_owned())
    .collect();
    let rows: Vec<Vec<Value>> = entries[skip..]
        .iter()
        .map(|e| columns.iter().map(|c| field(e, c)).collect())
        .collect();
    let mut w = RowWriter::new(format, columns, super::stdout());
    w.write_rows(&rows)?;
    w.finish()?;
    if args.unknown && !rows.is_empty() && format == OutputFormat::Table {
        crate::notice::note(
            "outcome unknown: the write was sent and no answer was recorded; it may or may not \
             have been applied. Run the `check` command to see the user as Okta has it now.",
        );
    }
    Ok(())
}

/// The command that shows whether an unknown write took effect.
fn check_command(e: &JournalEntry) -> Option<String> {
    if e.outcome() != Outcome::Unknown {
        return None;
    }
    let who = e.target_id.as_deref().or(e.target_login.as_deref())?;
    Some(format!("oktui users get {who} --tenant {}", e.tenant))
}

fn field(e: &JournalEntry, name: &str) -> Value {
    match name {
        "time" => json!(e.time),
        "tenant" => json!(e.tenant),
        "source" => serde_json::to_value(e.source).unwrap_or(Value::Null),
        "action" => json!(e.action),
        "targetLogin" => json!(e.target_login),
        "targetId" => json!(e.target_id),
        "outcome" => json!(e.outcome().as_str()),
        "result" => json!(e.result),
        "note" => json!(e.note),
        "check" => json!(check_command(e)),
        "writeId" => json!(e.write_id),
        "requestId" => json!(e.request_id),
        "run" => json!(e.run),
        _ => Value::Null,
    }
}
