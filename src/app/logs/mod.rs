//! The Logs tab: the org's System Log, newest first, streamed as pages arrive; presets and
//! `:logs <filter>` ask Okta for a narrower query, `/` filters what is loaded, Enter opens one
//! event whole (fields and raw JSON), and tail mode follows new events as they happen.
//! State only: the reducer is `app/update/logs.rs`, drawing `ui/logs.rs`, the requests
//! `runtime/logs.rs`.

pub mod event;
pub mod messages;
pub mod presets;

use std::cmp::Ordering;
use std::collections::HashSet;

use crate::okta::LogEvent;

use super::actions::Target;
use super::ids::ReqId;
use super::keymap::Context;
use super::list::{ListRow, RowList, Sort};
use super::status::ErrorInfo;

pub use event::EventView;
pub use messages::{LogsEffect, LogsMsg, TailWait};
pub use presets::{Preset, PresetMenu};

/// Column titles, in display order (indices are what `ListRow::compare` receives).
pub const LOG_COLUMNS: &[&str] = &["Time", "Event", "Outcome", "Actor", "Target", "Message"];

/// The most events one listing loads: the System Log's bucket is small (Okta gives it its own
/// limit), and a narrower query finds older events faster than paging back through all.
pub const MAX_EVENTS: usize = 5_000;

/// Newest first: the order the tab always shows (tail events merge in at the top).
pub const NEWEST_FIRST: Sort = Sort {
    column: 0,
    descending: true,
};

impl ListRow for LogEvent {
    fn row_id(&self) -> &str {
        &self.uuid
    }

    fn haystack(&self) -> String {
        let targets: Vec<&str> = self.targets.iter().map(|t| t.label()).collect();
        super::filter::join_fields([
            self.event_type.as_str(),
            &outcome_text(self),
            self.actor.label(),
            &targets.join(" "),
            &self.display_message,
            self.ip.as_deref().unwrap_or_default(),
            self.place.as_deref().unwrap_or_default(),
        ])
    }

    fn compare(&self, other: &Self, column: usize) -> Ordering {
        match column {
            0 => self.published.cmp(&other.published),
            _ => log_cell(self, column).cmp(&log_cell(other, column)),
        }
    }
}

/// `FAILURE: INVALID_CREDENTIALS`, or the result alone.
pub fn outcome_text(e: &LogEvent) -> String {
    match &e.reason {
        Some(r) => format!("{}: {r}", e.result),
        None => e.result.clone(),
    }
}

/// The cell text for a log column (the UI truncates it and shows hidden characters).
pub fn log_cell(e: &LogEvent, column: usize) -> String {
    match column {
        0 => e.published.map(log_time).unwrap_or_default(),
        1 => e.event_type.clone(),
        2 => outcome_text(e),
        3 => e.actor.label().to_owned(),
        4 => {
            let mut t: Vec<&str> = e.targets.iter().map(|t| t.label()).collect();
            t.dedup();
            t.join(", ")
        }
        _ => e.display_message.clone(),
    }
}

/// An event's time to the second (a log is read in seconds; lists elsewhere show minutes),
/// in the zone every other time is shown in.
pub fn log_time(ms: i64) -> String {
    crate::time_zone::format_seconds(ms)
}

/// A running (or pausing) tail, as the tab line shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tail {
    pub req: ReqId,
    /// What it waits for, and how many seconds are left (None: a poll is in flight).
    pub waiting: Option<(TailWait, u64)>,
    /// Events it added since it started.
    pub arrived: usize,
}

/// Okta refused the query: its error and the expression it refused, shown in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub expression: String,
    pub error: ErrorInfo,
}

#[derive(Debug, Default)]
pub struct LogsTab {
    pub list: RowList<LogEvent>,
    /// The Okta filter expression of the listing (None: every event).
    pub filter: Option<String>,
    /// What the listing is, as the tab line says it ("failed sign-ins", "filter: …").
    pub label: Option<String>,
    pub refused: Option<Refused>,
    /// The event opened with Enter.
    pub event: Option<EventView>,
    pub presets: Option<PresetMenu>,
    pub tail: Option<Tail>,
    /// The uuids loaded, so a tail that starts at the newest loaded event (or resumes after a
    /// lost answer) adds each event once.
    pub seen: HashSet<String>,
    /// The user "this user's events" is about (the last one asked for from the Users tab or
    /// a user's detail).
    pub user: Option<Target>,
    /// Seconds a listing waits out the rate limit (None: not waiting).
    pub load_wait: Option<u64>,
    /// Where the listing ends (its `until`), once the runtime said.
    pub until: Option<String>,
}

impl LogsTab {
    /// Where its keys go: the preset menu, the open event, or the list.
    pub fn context(&self) -> Context {
        if self.presets.is_some() {
            Context::LogPresets
        } else if self.event.is_some() {
            Context::LogEvent
        } else {
            Context::Logs
        }
    }

    /// Starts a fresh listing: rows, repeats and the open event go.
    pub fn restart(&mut self, req: ReqId) {
        self.list.restart(req);
        self.list.set_sort(Some(NEWEST_FIRST));
        self.seen.clear();
        self.event = None;
        self.refused = None;
        self.load_wait = None;
        self.until = None;
    }

    /// Adds events not seen before; returns how many were new.
    pub fn add(&mut self, events: Vec<LogEvent>) -> usize {
        let fresh: Vec<LogEvent> = events
            .into_iter()
            .filter(|e| e.uuid.is_empty() || self.seen.insert(e.uuid.clone()))
            .collect();
        let n = fresh.len();
        self.list.push_page(fresh);
        n
    }

    /// Where a tail starts: the newest event loaded (Okta's `since` includes it; the repeat
    /// is dropped), else where the listing ended, so nothing between the listing and the
    /// tail is missed.
    pub fn tail_since(&self) -> Option<String> {
        self.list
            .rows
            .iter()
            .filter_map(|e| e.published)
            .max()
            .map(crate::okta::format_okta_timestamp)
            .or_else(|| self.until.clone())
    }
}
