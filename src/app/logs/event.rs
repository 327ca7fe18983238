//! One System Log event, whole: its fields in words, then its raw JSON (as cleaned on
//! arrival; the UI shows any hidden character as a visible code). From here the admin jumps
//! to the user who acted or the user acted on.

use crate::okta::{LogEvent, LogParty};

/// One line of the event view.
#[derive(Debug, Clone, PartialEq)]
pub enum EventLine {
    Section(String),
    Field {
        label: String,
        value: String,
    },
    /// A line of the pretty-printed JSON.
    Raw(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventView {
    pub event: LogEvent,
    pub lines: Vec<EventLine>,
    pub offset: usize,
}

impl EventView {
    pub fn new(event: LogEvent) -> Self {
        let lines = event_lines(&event);
        EventView {
            event,
            lines,
            offset: 0,
        }
    }

    pub fn scroll(&mut self, delta: isize, height: usize) {
        let max = self.lines.len().saturating_sub(height.max(1));
        self.offset = (self.offset as isize + delta).clamp(0, max as isize) as usize;
    }

    /// The user who acted, when a user did.
    pub fn actor_user(&self) -> Option<&LogParty> {
        Some(&self.event.actor).filter(|p| is_user(p))
    }

    /// The first user acted on.
    pub fn target_user(&self) -> Option<&LogParty> {
        self.event.targets.iter().find(|p| is_user(p))
    }

    /// The raw JSON, for `y`.
    pub fn raw_text(&self) -> String {
        serde_json::to_string_pretty(&self.event.raw).unwrap_or_default()
    }
}

fn is_user(p: &LogParty) -> bool {
    p.kind == "User" && !p.id.is_empty()
}

fn party(p: &LogParty) -> String {
    let mut s = p.label().to_owned();
    if !p.display_name.is_empty() && p.display_name != s {
        s.push_str(&format!(" ({})", p.display_name));
    }
    if !p.kind.is_empty() {
        s.push_str(&format!(" · {}", p.kind));
    }
    if !p.id.is_empty() {
        s.push_str(&format!(" · {}", p.id));
    }
    s
}

fn event_lines(e: &LogEvent) -> Vec<EventLine> {
    let mut out = Vec::new();
    let mut field = |label: &str, value: String| {
        if !value.is_empty() {
            out.push(EventLine::Field {
                label: label.to_owned(),
                value,
            })
        }
    };
    field(
        "published",
        e.published.map(super::log_time).unwrap_or_default(),
    );
    field("event type", e.event_type.clone());
    field("message", e.display_message.clone());
    field("severity", e.severity.clone());
    field("outcome", super::outcome_text(e));
    field("actor", party(&e.actor));
    for t in &e.targets {
        field("target", party(t));
    }
    field("IP address", e.ip.clone().unwrap_or_default());
    field("place", e.place.clone().unwrap_or_default());
    field("user agent", e.user_agent.clone().unwrap_or_default());
    let s = |p: &str| {
        e.raw
            .pointer(p)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    field("transaction", s("/transaction/id"));
    field("uuid", e.uuid.clone());
    out.push(EventLine::Section("Raw JSON".to_owned()));
    let pretty = serde_json::to_string_pretty(&e.raw).unwrap_or_default();
    out.extend(pretty.lines().map(|l| EventLine::Raw(l.to_owned())));
    out
}
