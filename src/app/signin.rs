//! The sign-in part of a user's detail: the triage card (can this user sign in now, and if
//! not, why, with the keys that fix it), their factors and their recent System Log events.
//! All three come from one `triage::fetch_about` made when the detail opens; the card's
//! words are `triage::assess`'s, so the console and `oktui users why` never disagree.

use serde_json::Value;

use crate::okta::models::parse_timestamp;
use crate::okta::{Factor, LogEvent, format_timestamp};
use crate::triage::{Card, SignIn, Suggestion, TriageInput, assess};

use super::detail_line::DetailLine;
use super::keymap::{Action, Context, Keymap};

/// How many of the user's events the Recent activity section lists.
pub const ACTIVITY_SHOWN: usize = 15;

/// What arrived for the sign-in sections, with the keys of the suggested fixes looked up
/// when it arrived (the key table may be remapped).
#[derive(Debug, Clone)]
pub struct SignInView {
    pub card: Card,
    pub factors: Result<Vec<Factor>, String>,
    /// Newest first.
    pub events: Result<Vec<LogEvent>, String>,
    /// The key of each suggestion, in the card's order ("" when none is bound).
    pub keys: Vec<String>,
}

impl SignInView {
    pub fn new(input: TriageInput, keymap: &Keymap) -> Self {
        let card = assess(&input);
        let keys = card
            .suggestions
            .iter()
            .map(|s| match (s, suggestion_action(s)) {
                (_, Some(a)) => keymap.hint(Context::UserDetail, a),
                // One factor's key works on its row of the Factors section.
                (Suggestion::ResetFactor { factor_id, .. }, None) => {
                    match keymap.hint(Context::UserDetail, Action::ResetFactor) {
                        k if k.is_empty() => {
                            format!("oktui users reset-factors --factor {factor_id}")
                        }
                        k => format!("{k} on its row under Factors"),
                    }
                }
                _ => String::new(),
            })
            .collect();
        let mut events = input.events;
        if let Ok(e) = &mut events {
            e.sort_by_key(|x| std::cmp::Reverse(x.published.unwrap_or(i64::MIN)));
        }
        SignInView {
            card,
            factors: input.factors,
            events,
            keys,
        }
    }

    /// The card, for the top of the detail.
    pub fn card_lines(&self, out: &mut Vec<DetailLine>) {
        let verdict = match self.card.can_sign_in {
            SignIn::Yes => "YES",
            SignIn::No => "NO",
            SignIn::Unknown => "UNKNOWN",
        };
        out.push(DetailLine::Section(format!("Can sign in? {verdict}")));
        out.push(field("verdict", self.card.summary.clone()));
        for l in &self.card.lines {
            out.push(field(l.label, l.value.clone()));
        }
        if self.card.suggestions.is_empty() {
            out.push(DetailLine::Note("nothing to fix".to_owned()));
        }
        for (s, key) in self.card.suggestions.iter().zip(&self.keys) {
            let key = if key.is_empty() {
                "no key".to_owned()
            } else if key.starts_with("oktui ") {
                key.clone()
            } else {
                format!("press {key}")
            };
            out.push(field("suggests", format!("{} ({key})", s.label())));
        }
    }

    /// The Factors and Recent activity sections.
    pub fn section_lines(&self, out: &mut Vec<DetailLine>) {
        match &self.factors {
            Ok(f) => {
                out.push(DetailLine::Section(format!("Factors ({})", f.len())));
                if f.is_empty() {
                    out.push(DetailLine::Note("no factors enrolled".to_owned()));
                }
                for x in f {
                    out.push(field(&x.label(), factor_text(x)));
                }
            }
            Err(why) => {
                out.push(DetailLine::Section("Factors".to_owned()));
                out.push(DetailLine::Error(format!("unknown: {why}")));
            }
        }
        match &self.events {
            Ok(e) => {
                out.push(DetailLine::Section(format!(
                    "Recent activity ({} of {})",
                    e.len().min(ACTIVITY_SHOWN),
                    e.len()
                )));
                if e.is_empty() {
                    out.push(DetailLine::Note(format!(
                        "no events in the last {} days",
                        crate::triage::LOOKBACK_DAYS
                    )));
                }
                for ev in e.iter().take(ACTIVITY_SHOWN) {
                    let when = ev.published.map(format_timestamp).unwrap_or_default();
                    out.push(field(&when, event_text(ev)));
                }
            }
            Err(why) => {
                out.push(DetailLine::Section("Recent activity".to_owned()));
                out.push(DetailLine::Error(format!("unknown: {why}")));
            }
        }
    }
}

/// The card while its calls are in flight or when they could not be made.
pub fn pending_lines(out: &mut Vec<DetailLine>, failed: Option<&str>) {
    out.push(DetailLine::Section("Can sign in?".to_owned()));
    match failed {
        Some(why) => out.push(DetailLine::Error(format!("unknown: {why}"))),
        None => out.push(DetailLine::Note(
            "reading factors, blocks and the System Log…".to_owned(),
        )),
    }
}

/// The key-table action that performs a suggestion.
pub fn suggestion_action(s: &Suggestion) -> Option<Action> {
    Some(match s {
        Suggestion::Unlock => Action::Unlock,
        Suggestion::Unsuspend => Action::Unsuspend,
        Suggestion::Activate => Action::Activate,
        Suggestion::ResetPasswordLink => Action::ResetPassword,
        Suggestion::ClearSessions => Action::ClearSessions,
        Suggestion::ResetAllFactors => Action::ResetFactors,
        // Its key needs the factor's row focused: the card says so beside the key.
        Suggestion::ResetFactor { .. } => return None,
    })
}

fn field(label: &str, value: String) -> DetailLine {
    DetailLine::Field {
        label: label.to_owned(),
        value,
    }
}

/// Provider, status, what it is (masked as Okta masks it), enrolled and last verified.
fn factor_text(f: &Factor) -> String {
    let date = |ms: Option<i64>| ms.map(format_timestamp).unwrap_or_else(|| "—".to_owned());
    let verified = f
        .raw
        .get("lastVerified")
        .and_then(Value::as_str)
        .and_then(parse_timestamp);
    let mut parts = vec![f.status.clone(), f.provider.clone()];
    let detail = f.detail();
    if !detail.is_empty() {
        parts.push(detail);
    }
    parts.push(format!("enrolled {}", date(f.created)));
    parts.push(format!("last verified {}", date(verified)));
    parts.join(" · ")
}

/// Event, outcome and reason, where from, and the client.
fn event_text(e: &LogEvent) -> String {
    let mut outcome = e.result.clone();
    if let Some(r) = &e.reason {
        outcome.push_str(": ");
        outcome.push_str(r);
    }
    let mut parts = vec![e.event_type.clone(), outcome];
    let place: Vec<&str> = [e.ip.as_deref(), e.place.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    if !place.is_empty() {
        parts.push(place.join(" "));
    }
    if let Some(ua) = e.user_agent.as_deref().filter(|s| !s.is_empty()) {
        parts.push(ua.to_owned());
    }
    parts.join(" · ")
}

impl super::users::UserDetail {
    /// The factor whose row is selected in the Factors section.
    pub fn focused_factor(&self) -> Option<&Factor> {
        let factors = self.signin.as_ref()?.factors.as_ref().ok()?;
        let lines = self.lines();
        let section = lines
            .iter()
            .position(|l| matches!(l, DetailLine::Section(t) if t.starts_with("Factors (")))?;
        let at = self.selected.checked_sub(section + 1)?;
        factors.get(at)
    }
}
