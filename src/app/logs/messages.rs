//! What the Logs tab asks the runtime for, and what comes back. Every answer carries the
//! `ReqId` of the load or tail it belongs to, so the reducer drops answers of a load or tail
//! that was replaced or stopped.

use crate::app::ids::ReqId;
use crate::okta::{LogEvent, OktaError};

#[derive(Debug, Clone, PartialEq)]
pub enum LogsEffect {
    /// Stream the newest events of `filter` (an Okta filter expression; None: all), newest
    /// first, page by page (`LogsMsg::Page`), up to `max` events.
    Load {
        req: ReqId,
        filter: Option<String>,
        max: usize,
    },
    /// Follow new events of `filter` from `since` (inclusive; the reducer drops repeats) by
    /// polling the System Log's `next` link at an adaptive interval.
    Tail {
        req: ReqId,
        filter: Option<String>,
        since: Option<String>,
    },
}

/// What a tail is waiting for while it counts down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TailWait {
    /// The next poll (the interval adapts: shorter while events arrive, longer when quiet).
    NextPoll,
    /// The System Log's own rate limit answered 429: the tail pauses until its window resets.
    RateLimited,
    /// The last poll failed for a passing reason (lost connection, 5xx); the next one asks
    /// again from the last event seen.
    Reconnecting(String),
}

#[derive(Debug, Clone)]
pub enum LogsMsg {
    /// A page of the listing (newest first). `more` is false on the last page.
    Page {
        req: ReqId,
        events: Vec<LogEvent>,
        more: bool,
    },
    /// Where the listing ends (its `until`, Okta's format), sent before its first page: a
    /// tail started on an empty listing begins there, so nothing falls between the two.
    Bound { req: ReqId, until: String },
    /// The listing stopped: Okta refused (a bad filter), or a page failed for good.
    Failed { req: ReqId, error: OktaError },
    /// The listing waits out a 429 before asking for the next page by itself.
    Waiting { req: ReqId, seconds: u64 },
    /// Events a tail poll found (oldest first, as the poll returns them).
    TailEvents { req: ReqId, events: Vec<LogEvent> },
    /// The tail counts down to its next request; sent once a second while it waits.
    TailWaiting {
        req: ReqId,
        wait: TailWait,
        seconds: u64,
    },
    /// The tail stopped: Okta refused its query (it would refuse it again).
    TailFailed { req: ReqId, error: OktaError },
}
