//! "Can this user sign in now, and if not, why?": a verdict and the next actions, from the
//! user, their factors, their blocks and their recent System Log events.
//!
//! [`assess`] is pure: every line it writes comes from data in [`TriageInput`], and a part
//! whose call failed reads "unknown" with the error, never a guess. [`fetch`] makes the calls
//! (the console's runtime runs it as an effect; `oktui users why` awaits it).

use serde::Serialize;

use crate::okta::models::Millis;
use crate::okta::{
    Block, Client, Factor, LifecycleOp, LogEvent, LogQuery, OktaError, User, UserRef, UserStatus,
    Write, format_okta_timestamp, format_timestamp,
};

/// How far back the card reads the System Log.
pub const LOOKBACK_DAYS: i64 = 30;
/// How many of the user's most recent events it reads.
pub const EVENTS_READ: u32 = 200;
/// MFA failures this recent suggest a factor reset.
const RECENT_MS: i64 = 7 * 86_400_000;

/// What the card is made from. An `Err` is the (already readable) reason a call failed.
#[derive(Debug, Clone)]
pub struct TriageInput {
    /// What was asked for (id or login), for the card's title when the user could not be read.
    pub asked: String,
    pub user: Result<User, String>,
    pub factors: Result<Vec<Factor>, String>,
    pub blocks: Result<Vec<Block>, String>,
    /// The user's recent events (as actor or target), any order.
    pub events: Result<Vec<LogEvent>, String>,
    pub now: Millis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SignIn {
    Yes,
    No,
    Unknown,
}

/// A fix the card suggests. [`Suggestion::write`] is the write it performs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Suggestion {
    Unlock,
    Unsuspend,
    Activate,
    ResetPasswordLink,
    #[serde(rename_all = "camelCase")]
    ResetFactor {
        factor_id: String,
        factor_type: String,
    },
    ResetAllFactors,
    ClearSessions,
}

impl Suggestion {
    /// The write this suggestion is, for `user`.
    pub fn write(&self, user: UserRef) -> Write {
        let op = |op| Write::Lifecycle {
            user: user.clone(),
            op,
        };
        match self {
            Suggestion::Unlock => op(LifecycleOp::Unlock),
            Suggestion::Unsuspend => op(LifecycleOp::Unsuspend),
            Suggestion::Activate => op(LifecycleOp::Activate { send_email: false }),
            Suggestion::ResetPasswordLink => op(LifecycleOp::ResetPassword {
                send_email: false,
                revoke_sessions: false,
            }),
            Suggestion::ResetAllFactors => op(LifecycleOp::ResetFactors),
            Suggestion::ResetFactor {
                factor_id,
                factor_type,
            } => Write::ResetFactor {
                user: user.clone(),
                factor_id: factor_id.clone(),
                factor_type: factor_type.clone(),
            },
            Suggestion::ClearSessions => Write::ClearSessions {
                user,
                oauth_tokens: false,
            },
        }
    }

    /// What it does, in words.
    pub fn label(&self) -> String {
        match self {
            Suggestion::Unlock => "unlock the account".into(),
            Suggestion::Unsuspend => "unsuspend the account".into(),
            Suggestion::Activate => "activate the account (activation link)".into(),
            Suggestion::ResetPasswordLink => "send or hand over a password reset link".into(),
            Suggestion::ResetFactor { factor_type, .. } => {
                format!("reset the {factor_type} factor (re-enrolled at next sign-in)")
            }
            Suggestion::ResetAllFactors => "reset all factors".into(),
            Suggestion::ClearSessions => "clear sessions (sign out everywhere)".into(),
        }
    }
}

/// One line of the card: a label and what was found, or "unknown: why".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub label: &'static str,
    pub value: String,
    /// False when the call this line needs failed.
    pub known: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    pub user: String,
    pub id: Option<String>,
    pub can_sign_in: SignIn,
    /// One sentence: the verdict and the main reason.
    pub summary: String,
    pub lines: Vec<Line>,
    pub suggestions: Vec<Suggestion>,
}

fn time(ms: Option<Millis>) -> String {
    ms.map(format_timestamp)
        .unwrap_or_else(|| "unknown time".into())
}

fn where_from(e: &LogEvent) -> String {
    let mut parts = Vec::new();
    if let Some(ip) = e.ip.as_deref().filter(|s| !s.is_empty()) {
        parts.push(ip.to_owned());
    }
    if let Some(p) = &e.place {
        parts.push(p.clone());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" from {}", parts.join(", "))
    }
}

/// The latest event of the user (as actor) matching `keep`.
fn latest(events: &[LogEvent], keep: impl Fn(&LogEvent) -> bool) -> Option<&LogEvent> {
    events
        .iter()
        .filter(|e| keep(e))
        .max_by_key(|e| e.published.unwrap_or(i64::MIN))
}

/// The verdict and the lines of the card.
pub fn assess(input: &TriageInput) -> Card {
    let mut lines = Vec::new();
    let mut suggestions = Vec::new();
    let unknown = |label: &'static str, why: &str| Line {
        label,
        value: format!("unknown: {why}"),
        known: false,
    };
    let known = |label: &'static str, value: String| Line {
        label,
        value,
        known: true,
    };

    let user = input.user.as_ref().ok();
    let id = user.map(|u| u.row.id().to_string());
    let title = user.map_or_else(|| input.asked.clone(), |u| u.row.login().to_string());
    let events: &[LogEvent] = match &input.events {
        Ok(e) => e,
        Err(_) => &[],
    };
    let mine = |e: &LogEvent| id.as_deref().is_some_and(|i| e.actor.id == i);
    let about = |e: &LogEvent| id.as_deref().is_some_and(|i| e.concerns(i));

    let lock = latest(events, |e| e.event_type == "user.account.lock" && about(e));

    // Status and the verdict it gives.
    let (mut can, mut summary) = match user {
        None => {
            let why = input.user.as_ref().err().cloned().unwrap_or_default();
            lines.push(unknown("status", &why));
            (
                SignIn::Unknown,
                format!("unknown: the user could not be read ({why})"),
            )
        }
        Some(u) => {
            let since = |fallback: Option<Millis>, ev: Option<&LogEvent>| match ev {
                Some(e) => format!(" since {} (System Log)", time(e.published)),
                None => fallback
                    .map(|t| format!(" since {} (status changed)", format_timestamp(t)))
                    .unwrap_or_default(),
            };
            let (can, summary, status_text) = match u.row.status() {
                UserStatus::Active => (SignIn::Yes, "can sign in".to_owned(), "active".to_owned()),
                UserStatus::LockedOut => {
                    suggestions.push(Suggestion::Unlock);
                    suggestions.push(Suggestion::ResetPasswordLink);
                    let s = format!("locked out{}", since(u.row.status_changed(), lock));
                    (SignIn::No, format!("cannot sign in: {s}"), s)
                }
                UserStatus::Suspended => {
                    suggestions.push(Suggestion::Unsuspend);
                    let ev = latest(events, |e| {
                        e.event_type == "user.lifecycle.suspend" && about(e)
                    });
                    let s = format!("suspended{}", since(u.row.status_changed(), ev));
                    (SignIn::No, format!("cannot sign in: {s}"), s)
                }
                UserStatus::PasswordExpired => {
                    suggestions.push(Suggestion::ResetPasswordLink);
                    let s = "password expired: must set a new one at sign-in (or use a reset link)"
                        .to_owned();
                    (
                        SignIn::No,
                        "cannot sign in until the password is changed".to_owned(),
                        s,
                    )
                }
                UserStatus::Staged | UserStatus::Provisioned => {
                    suggestions.push(Suggestion::Activate);
                    let s = format!("not activated ({})", u.row.status_api());
                    (SignIn::No, format!("cannot sign in: {s}"), s)
                }
                UserStatus::Recovery => {
                    suggestions.push(Suggestion::ResetPasswordLink);
                    let s = "in password recovery: must finish the reset".to_owned();
                    (SignIn::No, format!("cannot sign in: {s}"), s)
                }
                UserStatus::Deprovisioned => {
                    suggestions.push(Suggestion::Activate);
                    let ev = latest(events, |e| {
                        e.event_type == "user.lifecycle.deactivate" && about(e)
                    });
                    let s = format!(
                        "deprovisioned (deactivated){}",
                        since(u.row.status_changed(), ev)
                    );
                    (SignIn::No, format!("cannot sign in: {s}"), s)
                }
                UserStatus::Other(ref s) => (
                    SignIn::Unknown,
                    format!("unknown: status {s} is not one oktui knows"),
                    s.to_string(),
                ),
            };
            lines.push(known("status", status_text));
            (can, summary)
        }
    };

    // Blocks: an ACTIVE user can still be blocked on every device.
    match &input.blocks {
        Ok(b) if b.is_empty() => lines.push(known("blocks", "none".into())),
        Ok(b) => {
            let text: Vec<String> = b
                .iter()
                .map(|x| format!("{} on {}", x.kind, x.applies_to))
                .collect();
            if can == SignIn::Yes && b.iter().any(|x| x.applies_to == "ANY_DEVICES") {
                can = SignIn::No;
                summary = "cannot sign in: blocked on every device".into();
                suggestions.push(Suggestion::Unlock);
            }
            lines.push(known("blocks", text.join("; ")));
        }
        Err(why) => lines.push(unknown("blocks", why)),
    }

    // Sign-ins from the log.
    match &input.events {
        Ok(_) => {
            let ok = latest(events, |e| {
                e.event_type == "user.session.start" && e.result == "SUCCESS" && mine(e)
            });
            lines.push(known(
                "last sign-in",
                match ok {
                    Some(e) => format!("{}{}", time(e.published), where_from(e)),
                    None => format!("none in the last {LOOKBACK_DAYS} days of the System Log"),
                },
            ));
            let failed = latest(events, |e| {
                matches!(
                    e.event_type.as_str(),
                    "user.session.start" | "user.authentication.auth_via_mfa"
                ) && e.is_failure()
                    && mine(e)
            });
            lines.push(known(
                "last failed sign-in",
                match failed {
                    Some(e) => format!(
                        "{}: {}{}",
                        time(e.published),
                        e.reason.as_deref().unwrap_or("no reason given"),
                        where_from(e)
                    ),
                    None => "none".into(),
                },
            ));
            let locks = events
                .iter()
                .filter(|e| e.event_type == "user.account.lock" && about(e))
                .count();
            lines.push(known(
                "lockouts",
                match lock {
                    Some(e) => format!("{locks}, last {}", time(e.published)),
                    None => "none".into(),
                },
            ));
        }
        Err(why) => {
            for label in ["last sign-in", "last failed sign-in", "lockouts"] {
                lines.push(unknown(label, why));
            }
        }
    }
    if let Some(u) = user {
        lines.push(known(
            "lastLogin (user record)",
            u.row
                .last_login()
                .map(format_timestamp)
                .unwrap_or_else(|| "never".into()),
        ));
    }

    // Factors.
    let mfa_failures = events.iter().any(|e| {
        e.reason.as_deref() == Some("VERIFICATION_ERROR")
            && mine(e)
            && e.published.is_some_and(|t| input.now - t < RECENT_MS)
    });
    match &input.factors {
        Ok(f) if f.is_empty() => lines.push(known(
            "factors",
            "none enrolled (the user enrolls at the next sign-in if policy requires MFA)".into(),
        )),
        Ok(f) => {
            let list: Vec<String> = f
                .iter()
                .map(|x| format!("{} {}", x.label(), x.status))
                .collect();
            lines.push(known("factors", list.join(", ")));
            for x in f {
                if mfa_failures || !x.is_active() {
                    suggestions.push(Suggestion::ResetFactor {
                        factor_id: x.id.clone(),
                        factor_type: x.factor_type.clone(),
                    });
                }
            }
            if mfa_failures {
                suggestions.push(Suggestion::ResetAllFactors);
                if can == SignIn::Yes {
                    summary = "can sign in, but recent MFA verifications failed".into();
                }
            }
        }
        Err(why) => lines.push(unknown("factors", why)),
    }

    // Sessions: Okta's API does not list a user's sessions; the log says when they were
    // last cleared.
    let cleared = latest(events, |e| e.event_type == "user.session.clear" && about(e));
    lines.push(match (&input.events, cleared) {
        (Err(why), _) => unknown("sessions", why),
        (Ok(_), Some(e)) => known("sessions", format!("last cleared {}", time(e.published))),
        (Ok(_), None) => known(
            "sessions",
            format!("not cleared in the last {LOOKBACK_DAYS} days"),
        ),
    });
    if user.is_some() && (can == SignIn::No || mfa_failures) {
        suggestions.push(Suggestion::ClearSessions);
    }
    Card {
        user: title,
        id,
        can_sign_in: can,
        summary,
        lines,
        suggestions,
    }
}

/// Makes the calls the card needs: the user (by id or login), then together its factors,
/// blocks and the last [`EVENTS_READ`] events of the last [`LOOKBACK_DAYS`] days where it is
/// actor or target. Each failure is kept as its message; nothing here fails as a whole.
pub async fn fetch(client: &Client, user: &str) -> TriageInput {
    match client.get_user(user).await {
        Ok(u) => fetch_about(client, user, u.value).await,
        Err(e) => {
            let why = e.to_string();
            TriageInput {
                asked: user.to_owned(),
                user: Err(why.clone()),
                factors: Err(why.clone()),
                blocks: Err(why.clone()),
                events: Err(why),
                now: chrono::Utc::now().timestamp_millis(),
            }
        }
    }
}

/// [`fetch`] for a user already read (the console has it open; the CLI read it to fail
/// early on an unknown user).
pub async fn fetch_about(client: &Client, asked: &str, user: User) -> TriageInput {
    let now = chrono::Utc::now().timestamp_millis();
    let msg = |e: OktaError| e.to_string();
    let id = user.row.id().to_string();
    let query = events_query(&id, now);
    let (factors, blocks, events) = tokio::join!(
        client.list_factors(&id),
        client.user_blocks(&id),
        client.recent_logs(&query, EVENTS_READ),
    );
    TriageInput {
        asked: asked.to_owned(),
        user: Ok(user),
        factors: factors.map(|f| f.value).map_err(msg),
        blocks: blocks.map(|f| f.value).map_err(msg),
        events: events.map(|f| f.value).map_err(msg),
        now,
    }
}

/// The System Log query the card reads for user `id`.
pub fn events_query(id: &str, now: Millis) -> LogQuery {
    LogQuery {
        since: Some(format_okta_timestamp(now - LOOKBACK_DAYS * 86_400_000)),
        filter: Some(LogQuery::about_user(id)),
        ..Default::default()
    }
}

#[cfg(test)]
#[path = "triage_tests.rs"]
mod tests;
