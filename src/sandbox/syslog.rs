//! The System Log: `GET /api/v1/logs` (SPEC `listLogEvents`) over an append-only list of
//! events, seeded with a 90-day history (`syslog_seed.rs`) and grown by every write the
//! sandbox performs (`routes/logs.rs`).
//!
//! Events are kept in the order they were persisted, which is also `published` order (a
//! live event is never stamped earlier than the last one), so a cursor is a position: the
//! sequence number of the last event a page looked at. A polling query (no `until`,
//! ascending) always gets a `next` link; following it returns the events persisted since,
//! none twice and none skipped.

use std::sync::Arc;

use serde_json::{Value as Json, json};

use super::expr::{Expr, Subject, Value};
use super::seed::mix64;
use super::shapes::fmt_time;

/// Okta's default page and the largest it serves.
pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;
/// Without `since`, a query starts this long before `until` (the spec's default).
pub const DEFAULT_WINDOW_MS: i64 = 7 * 86_400_000;
/// Okta keeps 90 days of events.
pub const RETENTION_MS: i64 = 90 * 86_400_000;

/// The `X-Okta-Request-Id` of the request being answered (a request extension).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Someone or something an event names: its actor or one of its targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub id: String,
    /// `User`, `UserGroup`, `AppInstance`, `PublicClientApp`, `SystemPrincipal`, ...
    pub kind: &'static str,
    pub alternate_id: String,
    pub display_name: String,
}

impl Party {
    pub fn json(&self) -> Json {
        json!({
            "id": self.id,
            "type": self.kind,
            "alternateId": self.alternate_id,
            "displayName": self.display_name,
        })
    }
}

/// Where a request came from: address, agent and place.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
    pub os: &'static str,
    pub browser: &'static str,
    pub city: &'static str,
    pub state: &'static str,
    pub country: &'static str,
    pub postal: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// One stored event. Kept small (no allocation of its own for a seeded event): a 100,000-user
/// org seeds about 800,000 of them. Message, severity and a seeded event's request id are
/// derived when served.
#[derive(Debug, Clone)]
pub struct Event {
    pub seq: u64,
    pub published: i64,
    pub event_type: &'static str,
    pub actor: Arc<Party>,
    pub targets: Box<[Arc<Party>]>,
    pub result: &'static str,
    pub reason: Option<&'static str>,
    pub client: Arc<ClientInfo>,
    pub request_id: Option<Box<str>>,
    pub request_uri: Option<Box<str>>,
}

impl Event {
    pub fn display_message(&self) -> &'static str {
        describe(self.event_type, self.result).0
    }

    pub fn severity(&self) -> &'static str {
        describe(self.event_type, self.result).1
    }

    /// The request that caused it: recorded for live events, derived for seeded ones.
    pub fn request_id(&self) -> std::borrow::Cow<'_, str> {
        match &self.request_id {
            Some(r) => std::borrow::Cow::Borrowed(r),
            None => std::borrow::Cow::Owned(format!(
                "{:016x}{:016x}",
                mix64(self.seq ^ 0x0C7A_5EED),
                mix64(self.seq)
            )),
        }
    }
}

/// What a new event says; the log gives it its sequence number, time and ids.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub event_type: &'static str,
    pub actor: Arc<Party>,
    pub targets: Vec<Arc<Party>>,
    pub result: &'static str,
    pub reason: Option<&'static str>,
    pub client: Arc<ClientInfo>,
    pub request_id: Option<String>,
    pub request_uri: Option<String>,
}

/// The display message and severity Okta gives an event type.
pub fn describe(event_type: &str, result: &str) -> (&'static str, &'static str) {
    let msg = match event_type {
        "user.session.start" => "User login to Okta",
        "user.session.end" => "User logout from Okta",
        "user.session.clear" => "Clear user session",
        "user.authentication.auth_via_mfa" => "Authentication of user via MFA",
        "user.authentication.sso" => "User single sign on to app",
        "user.account.lock" => "Max sign in attempts exceeded",
        "user.account.unlock" => "Unlock user account",
        "user.account.reset_password" => "Reset password",
        "user.account.update_password" => "Update password for user",
        "user.account.update_recovery_question" => "Update recovery question for user",
        "user.account.expire_password" => "Expire password",
        "user.account.update_profile" => "Update user profile for Okta",
        "user.account.privilege.grant" => "Grant user privilege",
        "user.account.privilege.revoke" => "Revoke user privilege",
        "user.lifecycle.create" => "Create okta user",
        "user.lifecycle.activate" => "Activate Okta user",
        "user.lifecycle.reactivate" => "Reactivate Okta user",
        "user.lifecycle.deactivate" => "Deactivate Okta user",
        "user.lifecycle.suspend" => "Suspend Okta user",
        "user.lifecycle.unsuspend" => "Unsuspend Okta user",
        "user.lifecycle.delete.initiated" => "Delete Okta user",
        "user.mfa.factor.activate" => "Activate factor or authenticator",
        "user.mfa.factor.deactivate" => "Reset factor or authenticator",
        "user.mfa.factor.reset_all" => "Reset all factors for user",
        "group.user_membership.add" => "Add user to group membership",
        "group.user_membership.remove" => "Remove user from group membership",
        "group.lifecycle.create" => "Create Okta group",
        "group.lifecycle.delete" => "Delete Okta group",
        "group.profile.update" => "Update group profile",
        "group.privilege.grant" => "Grant group privilege",
        "group.privilege.revoke" => "Revoke group privilege",
        "group.user_membership.rule.add" => "Create group membership rule",
        "group.user_membership.rule.update" => "Update group membership rule",
        "group.user_membership.rule.activate" => "Activate group membership rule",
        "group.user_membership.rule.deactivate" => "Deactivate group membership rule",
        "group.user_membership.rule.delete" => "Delete group membership rule",
        "app.oauth2.as.consent.revoke" => "Revoke user consent grant",
        _ => "Okta event",
    };
    let severity = match (event_type, result) {
        ("user.account.lock", _) => "WARN",
        ("user.lifecycle.deactivate" | "user.lifecycle.delete.initiated", _) => "WARN",
        (_, "FAILURE" | "DENY") => "WARN",
        _ => "INFO",
    };
    (msg, severity)
}

/// A 36-character UUID derived from a number, stable for a seeded history.
fn uuid_of(n: u64) -> String {
    let a = mix64(n ^ 0x5EED_1065);
    let b = mix64(a ^ n);
    let hex = format!("{a:016x}{b:016x}");
    format!(
        "{}-{}-1{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The append-only log.
#[derive(Debug, Default)]
pub struct EventLog {
    events: Vec<Event>,
}

impl EventLog {
    /// A log holding `history` (any order; sorted here by time).
    pub fn with_history(mut history: Vec<(i64, NewEvent)>) -> Self {
        history.sort_by_key(|(t, _)| *t);
        let mut log = EventLog {
            events: Vec::with_capacity(history.len()),
        };
        for (t, e) in history {
            log.push_at(t, e);
        }
        log
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Appends an event happening at `now` (or just after the last one, if the clock went
    /// back: persistence order is what pollers follow).
    pub fn append(&mut self, now: i64, e: NewEvent) {
        let t = self.events.last().map_or(now, |l| l.published.max(now));
        self.push_at(t, e);
    }

    fn push_at(&mut self, published: i64, e: NewEvent) {
        let seq = self.events.last().map_or(1, |l| l.seq + 1);
        self.events.push(Event {
            seq,
            published,
            event_type: e.event_type,
            actor: e.actor,
            targets: e.targets.into_boxed_slice(),
            result: e.result,
            reason: e.reason,
            client: e.client,
            request_id: e.request_id.map(String::into_boxed_str),
            request_uri: e.request_uri.map(String::into_boxed_str),
        });
    }

    /// One page of a query; see [`LogQuery`].
    pub fn page(&self, q: &LogQuery) -> LogPage<'_> {
        let matches = |e: &Event| {
            e.published >= q.since
                && e.published <= q.until
                && q.filter.as_ref().is_none_or(|f| f.matches(e, false))
                && keywords_match(e, &q.keywords)
        };
        if q.descending {
            // Newest first: start at the newest event before the cursor.
            let end = match q.after {
                Some(a) => self.events.partition_point(|e| e.seq < a),
                None => self.events.partition_point(|e| e.published <= q.until),
            };
            let walk = walk_page(
                self.events[..end].iter().rev(),
                q,
                |e| e.published < q.since,
                matches,
            );
            return match walk {
                Walk::Full(page) => page,
                Walk::Ended { items, .. } => LogPage { items, next: None },
            };
        }
        let start = match q.after {
            Some(a) => self.events.partition_point(|e| e.seq <= a),
            None => self.events.partition_point(|e| e.published < q.since),
        };
        let walk = walk_page(
            self.events[start..].iter(),
            q,
            |e| e.published > q.until,
            matches,
        );
        let (items, last_seen) = match walk {
            Walk::Full(page) => return page,
            Walk::Ended { items, last_seen } => (items, last_seen),
        };
        // A polling query always links on, from the last event looked at (or from where it
        // started when the log had nothing new), so the next poll sees only newer events.
        let next = if q.polling {
            Some(last_seen.unwrap_or_else(|| start_cursor(&self.events, start)))
        } else {
            None
        };
        LogPage { items, next }
    }

    /// The JSON of an event as Okta serves it (spec `LogEvent`).
    pub fn event_json(&self, e: &Event) -> Json {
        event_json(e)
    }
}

/// How a walk over the log in a query's order ended.
enum Walk<'a> {
    /// The page filled up: its items and the cursor after the last event looked at.
    Full(LogPage<'a>),
    /// The window or the log ended first.
    Ended {
        items: Vec<&'a Event>,
        last_seen: Option<u64>,
    },
}

/// Walks `events` (in the query's order) until one is `past` the window, keeping those that
/// `matches` up to the page's limit; the cursor is the last event looked at, matching or not.
fn walk_page<'a>(
    events: impl Iterator<Item = &'a Event>,
    q: &LogQuery,
    past: impl Fn(&Event) -> bool,
    matches: impl Fn(&Event) -> bool,
) -> Walk<'a> {
    let mut items = Vec::new();
    let mut last_seen = q.after;
    for e in events {
        if past(e) {
            break;
        }
        if items.len() == q.limit {
            return Walk::Full(LogPage {
                items,
                next: last_seen,
            });
        }
        last_seen = Some(e.seq);
        if matches(e) {
            items.push(e);
        }
    }
    Walk::Ended { items, last_seen }
}

/// The cursor meaning "everything from index `start` on": the sequence number before it.
fn start_cursor(events: &[Event], start: usize) -> u64 {
    start
        .checked_sub(1)
        .and_then(|i| events.get(i))
        .map_or(0, |e| e.seq)
}

/// A parsed `GET /api/v1/logs`.
#[derive(Debug, Clone)]
pub struct LogQuery {
    pub since: i64,
    pub until: i64,
    pub after: Option<u64>,
    pub limit: usize,
    pub descending: bool,
    /// No `until` and ascending: the next link keeps following new events.
    pub polling: bool,
    pub filter: Option<Expr>,
    /// `q`: lower-cased keywords, every one must appear.
    pub keywords: Vec<String>,
}

pub struct LogPage<'a> {
    pub items: Vec<&'a Event>,
    /// The cursor for the next link, if there is one.
    pub next: Option<u64>,
}

fn keywords_match(e: &Event, keywords: &[String]) -> bool {
    if keywords.is_empty() {
        return true;
    }
    let mut hay = String::with_capacity(256);
    for s in [
        e.event_type,
        e.display_message(),
        e.result,
        e.reason.unwrap_or_default(),
    ] {
        hay.push_str(s);
        hay.push(' ');
    }
    for p in std::iter::once(&e.actor).chain(e.targets.iter()) {
        for s in [&p.id, &p.alternate_id, &p.display_name] {
            hay.push_str(s);
            hay.push(' ');
        }
    }
    hay.push_str(&e.client.ip);
    hay.push(' ');
    for s in [e.client.city, e.client.state, e.client.country] {
        hay.push_str(s);
        hay.push(' ');
    }
    hay.push_str(&e.client.user_agent);
    let hay = hay.to_lowercase();
    keywords.iter().all(|k| hay.contains(k.as_str()))
}

impl Subject for Event {
    fn any_value(&self, attr: &str, f: &mut dyn FnMut(Value<'_>) -> bool) -> bool {
        let party = |p: &Party, field: &str, f: &mut dyn FnMut(Value<'_>) -> bool| match field {
            "id" => f(Value::Str(&p.id)),
            "type" => f(Value::Str(p.kind)),
            "alternateId" => f(Value::Str(&p.alternate_id)),
            "displayName" => f(Value::Str(&p.display_name)),
            _ => false,
        };
        match attr {
            "uuid" => f(Value::Str(&uuid_of(self.seq))),
            "published" => f(Value::Time(self.published)),
            "eventType" => f(Value::Str(self.event_type)),
            "severity" => f(Value::Str(self.severity())),
            "displayMessage" => f(Value::Str(self.display_message())),
            "outcome.result" => f(Value::Str(self.result)),
            "outcome.reason" => self.reason.is_some_and(|r| f(Value::Str(r))),
            "client.ipAddress" => f(Value::Str(&self.client.ip)),
            "client.userAgent.rawUserAgent" => f(Value::Str(&self.client.user_agent)),
            "transaction.id" => f(Value::Str(&self.request_id())),
            _ => {
                if let Some(field) = attr.strip_prefix("actor.") {
                    party(&self.actor, field, f)
                } else if let Some(field) = attr.strip_prefix("target.") {
                    self.targets.iter().any(|t| party(t, field, f))
                } else {
                    false
                }
            }
        }
    }
}

/// Attributes a `filter` may name, and whether it may compare them in order.
pub const FILTER_ATTRS: &[&str] = &[
    "uuid",
    "published",
    "eventType",
    "severity",
    "displayMessage",
    "outcome.result",
    "outcome.reason",
    "client.ipAddress",
    "client.userAgent.rawUserAgent",
    "transaction.id",
    "actor.id",
    "actor.type",
    "actor.alternateId",
    "actor.displayName",
    "target.id",
    "target.type",
    "target.alternateId",
    "target.displayName",
];

fn event_json(e: &Event) -> Json {
    let c = &e.client;
    let request_id = e.request_id();
    json!({
        "actor": e.actor.json(),
        "client": {
            "userAgent": {
                "rawUserAgent": c.user_agent,
                "os": c.os,
                "browser": c.browser,
            },
            "zone": "null",
            "device": if c.browser == "UNKNOWN" { "Unknown" } else { "Computer" },
            "ipAddress": c.ip,
            "geographicalContext": {
                "city": c.city,
                "state": c.state,
                "country": c.country,
                "postalCode": c.postal,
                "geolocation": {"lat": c.lat, "lon": c.lon},
            },
        },
        // Fields Okta sends as null and the spec does not allow null are left out.
        "authenticationContext": {
            "authenticationStep": 0,
            "externalSessionId": format!("102{}", request_id.get(..22).unwrap_or(&request_id)),
        },
        "displayMessage": e.display_message(),
        "eventType": e.event_type,
        "outcome": match e.reason {
            Some(r) => json!({"result": e.result, "reason": r}),
            None => json!({"result": e.result}),
        },
        "published": fmt_time(e.published),
        "securityContext": {
            "asNumber": null, "asOrg": null, "isp": null, "domain": null, "isProxy": null,
        },
        "severity": e.severity(),
        "debugContext": {"debugData": {
            "requestId": request_id,
            "requestUri": e.request_uri,
            "url": e.request_uri,
        }},
        "transaction": {"type": "WEB", "id": request_id, "detail": {}},
        "uuid": uuid_of(e.seq),
        "version": "0",
        "request": {"ipChain": [{
            "ip": c.ip,
            "geographicalContext": {
                "city": c.city, "state": c.state, "country": c.country,
                "postalCode": c.postal, "geolocation": {"lat": c.lat, "lon": c.lon},
            },
            "version": "V4",
        }]},
        "target": e.targets.iter().map(|t| t.json()).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
#[path = "syslog_tests.rs"]
mod tests;
