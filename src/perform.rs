//! The one way a write is performed, for the console and the CLI alike: the intent goes into
//! the journal (and onto the disk) first, then the request, then the outcome. A reader of the
//! journal can therefore always tell "not sent" from "sent, outcome unknown".

use crate::journal::{Journal, JournalEntry, Outcome, Phase, Source};
use crate::okta::{Client, Fetched, OktaError, Write, Written, new_request_id};

/// Who performs the write, for the journal.
#[derive(Debug, Clone)]
pub struct Origin {
    pub tenant: String,
    pub source: Source,
    /// The bulk run the write belongs to, if any.
    pub run: Option<String>,
}

/// What `perform` did.
#[derive(Debug)]
pub struct Performed {
    pub result: Result<Fetched<Written>, OktaError>,
    /// How the journal recorded it.
    pub outcome: Outcome,
    /// oktui's id of the write (`X-Request-Id`, `writeId` in the journal).
    pub write_id: String,
    /// A journal problem after the write was sent (the write itself is unaffected).
    pub journal_warning: Option<String>,
}

/// Journals the intent, sends `write`, journals the outcome. When the intent cannot be
/// journaled, nothing is sent: an unrecorded write is what the journal promises never to have.
pub async fn perform(
    client: &Client,
    journal: &Journal,
    origin: &Origin,
    write: &Write,
) -> Performed {
    let write_id = new_request_id();
    let mut entry = entry_for(origin, write, &write_id);
    entry.phase = Some(Phase::Intent);
    entry.outcome = Some(Outcome::Pending);
    entry.result = Outcome::Pending.as_str().to_owned();
    if let Err(e) = journal.append(&entry) {
        let error = OktaError::Other(format!(
            "cannot write the journal {}: {e}; the {} was not sent",
            journal.path().display(),
            write.action()
        ));
        return Performed {
            result: Err(error),
            outcome: Outcome::NotSent,
            write_id,
            journal_warning: None,
        };
    }
    let result = client.write(write, &write_id).await;
    let outcome = match &result {
        Ok(_) => Outcome::Ok,
        Err(e) => outcome_of(e),
    };
    entry.phase = Some(Phase::Outcome);
    entry.outcome = Some(outcome);
    entry.time = crate::journal::now();
    match &result {
        Ok(done) => {
            entry.result = "ok".to_owned();
            entry.request_id = done.response.request_id.clone();
            if let (Write::Create(_), Some(u)) = (write, &done.value.user) {
                entry.target_id = Some(u.row.id().to_string());
            }
        }
        Err(e) if outcome == Outcome::Ok => {
            entry.note = Some(format!("applied; the answer did not read: {e}"));
        }
        Err(e) => {
            entry.result = match outcome {
                Outcome::Unknown => format!("outcome unknown: {}", short_error(e)),
                Outcome::NotSent => format!("not sent: {}", short_error(e)),
                _ => short_error(e),
            };
            entry.request_id = e.request_id().map(str::to_owned);
        }
    }
    tracing::info!(action = %entry.action, outcome = outcome.as_str(), "write");
    let journal_warning = journal.append(&entry).err().map(|e| {
        tracing::warn!("could not write the journal: {e}");
        format!(
            "could not record the outcome in the journal {}: {e}",
            journal.path().display()
        )
    });
    Performed {
        result,
        outcome,
        write_id,
        journal_warning,
    }
}

/// Records a row that needed no request (already in the state asked for) as done.
pub fn record_unchanged(
    journal: &Journal,
    origin: &Origin,
    write: &Write,
    note: &str,
) -> std::io::Result<()> {
    let mut entry = entry_for(origin, write, &new_request_id());
    entry.phase = Some(Phase::Outcome);
    entry.outcome = Some(Outcome::Ok);
    entry.note = Some(note.to_owned());
    journal.append(&entry)
}

fn entry_for(origin: &Origin, write: &Write, write_id: &str) -> JournalEntry {
    let mut e = JournalEntry::new(origin.source, &origin.tenant, &write.action());
    e.target_id = write
        .user()
        .map(|u| u.id.clone())
        .filter(|id| !id.is_empty());
    e.target_login = Some(write.login().to_owned()).filter(|l| !l.is_empty());
    e.options = write.options();
    e.write_id = Some(write_id.to_owned());
    e.run = origin.run.clone();
    e
}

/// Whether a failed write reached Okta, by what went wrong.
pub fn outcome_of(e: &OktaError) -> Outcome {
    match e {
        // Okta answered: the write was refused, not applied.
        OktaError::Api { .. } => Outcome::Failed,
        // A 429 is answered before anything is processed.
        OktaError::RateLimited { .. } => Outcome::NotSent,
        // A 2xx whose body did not read: applied, answer unreadable.
        OktaError::Decode(_) => Outcome::Ok,
        // A gateway's page: the request may have reached Okta behind it.
        OktaError::NotOkta { status, .. } if *status >= 500 => Outcome::Unknown,
        OktaError::NotOkta { .. } => Outcome::Failed,
        OktaError::Dropped { .. } | OktaError::Timeout { .. } => Outcome::Unknown,
        OktaError::Dns { .. }
        | OktaError::Tls { .. }
        | OktaError::Connect { .. }
        | OktaError::InvalidUrl { .. }
        | OktaError::ReadOnly { .. }
        | OktaError::OAuth(_)
        | OktaError::Other(_) => Outcome::NotSent,
    }
}

/// "E0000001: Api validation failed: login" (code, else status, then the summary).
pub fn short_error(err: &OktaError) -> String {
    let head = err
        .code()
        .map(str::to_owned)
        .or_else(|| err.status().map(|s| format!("HTTP {s}")));
    let summary = match err {
        OktaError::Api { summary, .. } => summary.clone(),
        other => other.to_string(),
    };
    match head {
        Some(h) => format!("{h}: {summary}"),
        None => summary,
    }
}
