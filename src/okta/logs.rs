//! The System Log (`GET /api/v1/logs`, SPEC `listLogEvents`): bounded lists streamed page by
//! page, and a tail that follows new events by polling the `next` link Okta gives a polling
//! query (no `until`, ascending).
//!
//! A tail keeps the URL of its next poll. A failed poll (dropped connection, rate limit)
//! leaves it unchanged, so the next poll resumes from the last event seen: nothing is skipped.
//! The uuids of recent events are remembered too, so an event served twice (a retried request
//! whose first answer was lost) is shown once.

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use reqwest::{Method, Url};
use serde_json::Value;

use super::client::{Client, Fetched, PlannedRequest};
use super::error::OktaError;
use super::models::{Millis, format_okta_timestamp, parse_timestamp};
use super::paging::{PageSource as _, Pages};
use super::sanitize::clean_value;

pub const LOGS_PATH: &str = "/api/v1/logs";

/// Who acted, or what was acted on.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogParty {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub alternate_id: String,
    pub display_name: String,
}

impl LogParty {
    fn from_value(v: &Value) -> Self {
        let s = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        LogParty {
            id: s("id"),
            kind: s("type"),
            alternate_id: s("alternateId"),
            display_name: s("displayName"),
        }
    }

    /// What a person reads: the alternate id (a login) when there is one.
    pub fn label(&self) -> &str {
        if !self.alternate_id.is_empty() && self.alternate_id != "unknown" {
            &self.alternate_id
        } else if !self.display_name.is_empty() {
            &self.display_name
        } else {
            &self.id
        }
    }
}

/// One System Log event (cleaned of terminal escapes and invisible characters on arrival).
#[derive(Debug, Clone, PartialEq)]
pub struct LogEvent {
    pub uuid: String,
    pub published: Option<Millis>,
    pub event_type: String,
    pub display_message: String,
    pub severity: String,
    pub actor: LogParty,
    pub targets: Vec<LogParty>,
    /// `SUCCESS`, `FAILURE`, `ALLOW`, `DENY`, ...
    pub result: String,
    pub reason: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// "City, Country" when Okta placed the address.
    pub place: Option<String>,
    pub raw: Value,
}

impl LogEvent {
    pub fn from_value(mut v: Value) -> Self {
        clean_value(&mut v);
        let s = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_owned);
        let place = match (
            s("/client/geographicalContext/city"),
            s("/client/geographicalContext/country"),
        ) {
            (Some(c), Some(k)) if !c.is_empty() && !k.is_empty() => Some(format!("{c}, {k}")),
            (_, Some(k)) if !k.is_empty() => Some(k),
            _ => None,
        };
        LogEvent {
            uuid: s("/uuid").unwrap_or_default(),
            published: s("/published").as_deref().and_then(parse_timestamp),
            event_type: s("/eventType").unwrap_or_default(),
            display_message: s("/displayMessage").unwrap_or_default(),
            severity: s("/severity").unwrap_or_default(),
            actor: v.get("actor").map(LogParty::from_value).unwrap_or_default(),
            targets: v
                .get("target")
                .and_then(Value::as_array)
                .map(|t| t.iter().map(LogParty::from_value).collect())
                .unwrap_or_default(),
            result: s("/outcome/result").unwrap_or_default(),
            reason: s("/outcome/reason").filter(|r| !r.is_empty()),
            ip: s("/client/ipAddress"),
            user_agent: s("/client/userAgent/rawUserAgent"),
            place,
            raw: v,
        }
    }

    /// Whether `id` is this event's actor or one of its targets.
    pub fn concerns(&self, id: &str) -> bool {
        self.actor.id == id || self.targets.iter().any(|t| t.id == id)
    }

    pub fn is_failure(&self) -> bool {
        matches!(self.result.as_str(), "FAILURE" | "DENY")
    }
}

pub fn events_from_slice(body: &[u8]) -> Result<Vec<LogEvent>, serde_json::Error> {
    let items: Vec<Value> = serde_json::from_slice(body)?;
    Ok(items.into_iter().map(LogEvent::from_value).collect())
}

/// A System Log query. Times are ISO-8601 as Okta takes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogQuery {
    pub since: Option<String>,
    pub until: Option<String>,
    pub filter: Option<String>,
    pub q: Option<String>,
    /// Page size (Okta: 1..=1000, 100 by default).
    pub limit: Option<u32>,
    pub newest_first: bool,
}

impl LogQuery {
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        let mut put = |k: &'static str, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                p.push((k, v.clone()));
            }
        };
        put("since", &self.since);
        put("until", &self.until);
        put("filter", &self.filter);
        put("q", &self.q);
        if let Some(l) = self.limit {
            p.push(("limit", l.to_string()));
        }
        if self.newest_first {
            p.push(("sortOrder", "DESCENDING".into()));
        }
        p
    }

    /// The same query bounded at `now` when it has no `until`: a list must end, and Okta
    /// treats an ascending query without `until` as a poll that never does.
    pub fn bounded(&self, now: Millis) -> LogQuery {
        let mut q = self.clone();
        if q.until.is_none() {
            q.until = Some(format_okta_timestamp(now));
        }
        q
    }

    /// Events where `user_id` is the actor or a target.
    pub fn about_user(user_id: &str) -> String {
        let id = user_id.replace('\\', "\\\\").replace('"', "\\\"");
        format!("actor.id eq \"{id}\" or target.id eq \"{id}\"")
    }
}

fn now_ms() -> Millis {
    chrono::Utc::now().timestamp_millis()
}

impl Client {
    /// The events of `query`, page by page, ending at `until` (now when not given).
    pub fn list_logs(&self, query: &LogQuery) -> Pages<LogEvent> {
        self.pages(
            LOGS_PATH,
            &query.bounded(now_ms()).to_params(),
            events_from_slice,
        )
    }

    /// What `list_logs` would send first.
    pub fn plan_list_logs(&self, query: &LogQuery) -> PlannedRequest {
        self.plan(
            Method::GET,
            LOGS_PATH,
            &query.bounded(now_ms()).to_params(),
            None,
        )
    }

    /// Up to `limit` of the most recent events of `query`, newest first (one request).
    pub async fn recent_logs(
        &self,
        query: &LogQuery,
        limit: u32,
    ) -> Result<Fetched<Vec<LogEvent>>, OktaError> {
        let mut q = query.bounded(now_ms());
        q.newest_first = true;
        q.limit = Some(limit.clamp(1, 1000));
        let mut pages = self.pages(LOGS_PATH, &q.to_params(), events_from_slice);
        match pages.next_page().await {
            Some(Ok(p)) => Ok(Fetched {
                value: p.items,
                response: p.response,
            }),
            Some(Err(e)) => Err(e),
            None => Err(OktaError::Other("no answer".into())),
        }
    }

    /// Follows new events of `query` (its `until` and order are ignored: a tail polls
    /// ascending). Without `since` it starts at now.
    pub fn tail_logs(&self, query: &LogQuery) -> Result<LogTail, OktaError> {
        let mut q = query.clone();
        q.until = None;
        q.newest_first = false;
        if q.since.is_none() {
            q.since = Some(format_okta_timestamp(now_ms()));
        }
        let url = self.url_for(LOGS_PATH, &q.to_params())?;
        Ok(LogTail {
            client: self.clone(),
            next: url,
            limit: q.limit.unwrap_or(100) as usize,
            delay: Duration::ZERO,
            min: TAIL_MIN_INTERVAL,
            max: TAIL_MAX_INTERVAL,
            seen: HashSet::new(),
            order: VecDeque::new(),
        })
    }
}

/// The quickest a tail polls while events keep coming.
pub const TAIL_MIN_INTERVAL: Duration = Duration::from_secs(2);
/// The slowest it polls when the log is quiet.
pub const TAIL_MAX_INTERVAL: Duration = Duration::from_secs(10);
/// How many recent uuids a tail remembers to drop repeats.
const SEEN_CAP: usize = 2048;

/// A running tail: call [`LogTail::next_batch`] in a loop.
pub struct LogTail {
    client: Client,
    next: Url,
    limit: usize,
    delay: Duration,
    min: Duration,
    max: Duration,
    seen: HashSet<String>,
    order: VecDeque<String>,
}

impl LogTail {
    /// Polls between `min` and `max` apart instead of the defaults.
    pub fn with_intervals(mut self, min: Duration, max: Duration) -> Self {
        self.min = min;
        self.max = max.max(min);
        self
    }

    /// How long the next `next_batch` waits before polling.
    pub fn delay(&self) -> Duration {
        self.delay
    }

    /// The URL the next poll asks for (it carries the cursor).
    pub fn cursor(&self) -> &str {
        self.next.as_str()
    }

    /// Waits the adaptive interval, then polls once. Sleeping is a timer, not a loop: the
    /// process uses no CPU between polls. On error the cursor stays, so calling again
    /// resumes where the tail was; the wait grows as after a quiet poll.
    pub async fn next_batch(&mut self) -> Result<Vec<LogEvent>, OktaError> {
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        match self.poll().await {
            Ok(events) => Ok(events),
            Err(e) => {
                self.delay = (self.delay * 2).clamp(self.min, self.max);
                Err(e)
            }
        }
    }

    /// One poll, now: the events persisted since the last one, each once.
    pub async fn poll(&mut self) -> Result<Vec<LogEvent>, OktaError> {
        let (raw, next) = self.client.fetch_page(self.next.clone()).await?;
        let events = events_from_slice(&raw.body)
            .map_err(|e| OktaError::Decode(format!("System Log page: {e}")))?;
        let full = events.len() >= self.limit;
        if let Some(n) = next {
            self.next = n;
        }
        let fresh: Vec<LogEvent> = events
            .into_iter()
            .filter(|e| e.uuid.is_empty() || self.remember(&e.uuid))
            .collect();
        // A full page means more is waiting: ask again at once. New events keep the pace
        // quick; a quiet log slows it down.
        self.delay = if full {
            Duration::ZERO
        } else if !fresh.is_empty() {
            self.min
        } else {
            (self.delay * 2).clamp(self.min, self.max)
        };
        Ok(fresh)
    }

    /// True the first time `uuid` is seen.
    fn remember(&mut self, uuid: &str) -> bool {
        if !self.seen.insert(uuid.to_owned()) {
            return false;
        }
        self.order.push_back(uuid.to_owned());
        if self.order.len() > SEEN_CAP
            && let Some(old) = self.order.pop_front()
        {
            self.seen.remove(&old);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn events_are_cleaned_and_read() {
        let e = LogEvent::from_value(json!({
            "uuid": "u1",
            "published": "2026-01-02T03:04:05.000Z",
            "eventType": "user.session.start",
            "displayMessage": "User login\u{1b}[2J to Okta",
            "severity": "WARN",
            "actor": {"id": "00u1", "type": "User", "alternateId": "a@x.com", "displayName": "A"},
            "target": [{"id": "00g1", "type": "UserGroup", "alternateId": "unknown", "displayName": "Eng"}],
            "outcome": {"result": "FAILURE", "reason": "INVALID_CREDENTIALS"},
            "client": {"ipAddress": "1.2.3.4", "userAgent": {"rawUserAgent": "x\u{1b}]52;c;AA==\u{7}"},
                       "geographicalContext": {"city": "Paris", "country": "France"}},
        }));
        assert!(!e.display_message.contains('\u{1b}'));
        assert!(!e.user_agent.as_deref().unwrap().contains('\u{1b}'));
        assert_eq!(e.reason.as_deref(), Some("INVALID_CREDENTIALS"));
        assert_eq!(e.place.as_deref(), Some("Paris, France"));
        assert!(e.is_failure() && e.concerns("00g1") && e.concerns("00u1"));
        assert_eq!(e.targets[0].label(), "Eng");
        assert!(e.published.is_some());
    }

    #[test]
    fn queries_bound_lists_and_quote_ids() {
        let q = LogQuery {
            filter: Some(LogQuery::about_user("00u\"1")),
            ..Default::default()
        };
        let b = q.bounded(0);
        assert_eq!(b.until.as_deref(), Some("1970-01-01T00:00:00.000Z"));
        assert!(
            b.to_params().iter().any(|(k, v)| *k == "filter"
                && v == "actor.id eq \"00u\\\"1\" or target.id eq \"00u\\\"1\"")
        );
    }
}
