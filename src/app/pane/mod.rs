//! The detail pane: from [`MIN_WIDTH`] columns the focused user's (or group's) detail shows
//! beside the list and follows the cursor.
//!
//! It must never cost what it saves. So a cursor move only schedules a timer (no request while
//! keys repeat: a newer move supersedes the older timer and its answer is dropped by request
//! id); what was fetched stays for the session (moving back shows it with no request); the
//! fetch for a row the cursor left is stopped; and when the bucket the fetch would count
//! against is below [`MIN_SHARE_PERCENT`] of its limit the pane waits for the window to reset
//! instead, leaving the rest to listing and writes.
//!
//! It fetches one thing: the user (`GET /api/v1/users/{id}`) or the group
//! (`GET /api/v1/groups/{id}`). The sign-in card's factors, blocks and System Log reads, and
//! the groups, roles and apps, are three to six more calls each (the System Log bucket is
//! small): they stay with the full detail (`Enter`).

mod lines;

use std::collections::HashMap;
use std::time::Duration;

use crate::okta::{Fetched, Group, OktaError, RateBudget, User};

use super::ids::ReqId;
use super::status::ErrorInfo;

pub use lines::{group_lines, user_lines};

/// The narrowest terminal the pane shows on; below it the list has the whole width.
pub const MIN_WIDTH: u16 = 140;
/// How long the cursor must rest on a row before the pane asks for it.
pub const SETTLE: Duration = Duration::from_millis(200);
/// Below this share of its bucket left, the pane asks for nothing until the window resets
/// (the client itself starts spacing requests out below 10 %: the pane stops well before).
pub const MIN_SHARE_PERCENT: u64 = 40;
/// The longest the pane waits for a budget to recover (Okta's windows are one minute; a
/// skewed clock must not park it for longer).
pub const MAX_PAUSE_SECS: u64 = 61;

/// Columns the pane takes on a `width`-wide terminal (its border included): two fifths, so
/// the list keeps Status, Login, Name, Email and Last login at 160 columns.
pub fn pane_width(width: u16) -> u16 {
    (width * 2 / 5).clamp(52, 80)
}

/// What the pane shows: a user or a group, by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    User(String),
    Group(String),
}

impl Target {
    /// The request path, which names the rate bucket it counts against.
    pub fn path(&self) -> String {
        match self {
            Target::User(id) => format!("/api/v1/users/{id}"),
            Target::Group(id) => format!("/api/v1/groups/{id}"),
        }
    }
}

/// What was fetched for a target.
#[derive(Debug, Clone)]
pub enum Entry {
    User(Box<Fetched<User>>),
    Group(Box<Fetched<Group>>),
}

/// Where the pane is with its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaneState {
    /// No row is focused (or the pane is hidden).
    Empty,
    /// Waiting for the cursor to rest.
    Settling,
    Loading,
    /// The target's entry is in the cache.
    Shown,
    Failed(ErrorInfo),
    /// The bucket is low (or the client is waiting out a 429): it asks again after this long.
    Paused {
        seconds: u64,
    },
}

/// The pane's state. The reducer (`app/update/pane.rs`) drives it; `ui/pane.rs` draws it.
#[derive(Debug)]
pub struct Pane {
    /// The admin's toggle; the pane also needs the width and a list on screen.
    pub enabled: bool,
    pub target: Option<Target>,
    pub state: PaneState,
    /// The timer or fetch in flight for the target (answers with another id are stale).
    pub req: Option<ReqId>,
    cache: HashMap<Target, Entry>,
}

impl Pane {
    pub fn new(enabled: bool) -> Self {
        Pane {
            enabled,
            target: None,
            state: PaneState::Empty,
            req: None,
            cache: HashMap::new(),
        }
    }

    /// The entry of the target, if it was fetched.
    pub fn shown(&self) -> Option<&Entry> {
        self.target.as_ref().and_then(|t| self.cache.get(t))
    }

    pub fn cached(&self, target: &Target) -> bool {
        self.cache.contains_key(target)
    }

    pub fn remember(&mut self, target: Target, entry: Entry) {
        self.cache.insert(target, entry);
    }

    /// A fresh copy of a user (the full detail loaded or refreshed it): the pane shows it too.
    pub fn remember_user(&mut self, fetched: Fetched<User>) {
        let target = Target::User(fetched.value.row.id().to_string());
        self.cache.insert(target, Entry::User(Box::new(fetched)));
    }

    /// The same for a group.
    pub fn remember_group(&mut self, fetched: Fetched<Group>) {
        let target = Target::Group(fetched.value.id.to_string());
        self.cache.insert(target, Entry::Group(Box::new(fetched)));
    }

    /// Drops what is known of this user (a write changed them); if the pane shows them it
    /// lets go of them, so the next follow fetches them afresh.
    pub fn forget_user(&mut self, id: &str) {
        let target = Target::User(id.to_owned());
        self.cache.remove(&target);
        if self.target.as_ref() == Some(&target) {
            self.target = None;
            self.state = PaneState::Empty;
        }
    }

    /// Another tenant: nothing fetched from the old one applies.
    pub fn reset(&mut self) {
        *self = Pane::new(self.enabled);
    }
}

/// How long to wait before asking, when the bucket `budget` describes is too low for the pane
/// (None: ask now). `now_epoch` is the clock when the cursor settled.
pub fn budget_wait(budget: Option<&RateBudget>, now_epoch: i64) -> Option<u64> {
    let b = budget?;
    // Limit 0 is Okta's concurrency 429, not a bucket; a passed reset means the figures are
    // old and the window has refilled.
    if b.limit == 0 || b.reset_epoch <= now_epoch {
        return None;
    }
    if u64::from(b.remaining) * 100 >= u64::from(b.limit) * MIN_SHARE_PERCENT {
        return None;
    }
    Some(((b.reset_epoch - now_epoch) as u64 + 1).min(MAX_PAUSE_SECS))
}

/// What the pane asks the runtime for.
#[derive(Debug, Clone, PartialEq)]
pub enum PaneEffect {
    /// Wait `after`, then answer [`PaneMsg::Settled`] with the clock and the budget of the
    /// bucket `path` counts against. Supersedes the pane's timer or fetch in flight.
    Settle {
        req: ReqId,
        after: Duration,
        path: String,
    },
    /// Fetch the target (supersedes the timer or fetch in flight).
    Fetch { req: ReqId, target: Target },
    /// Stop the timer or fetch in flight: the cursor moved to a row already known, or the pane
    /// went away.
    Stop,
}

/// The runtime's answers to [`PaneEffect`].
#[derive(Debug, Clone)]
pub enum PaneMsg {
    Settled {
        req: ReqId,
        now_epoch: i64,
        budget: Option<RateBudget>,
    },
    User {
        req: ReqId,
        result: Result<Fetched<User>, OktaError>,
    },
    Group {
        req: ReqId,
        result: Result<Fetched<Group>, OktaError>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(limit: u32, remaining: u32, reset_epoch: i64) -> RateBudget {
        RateBudget {
            bucket: "/api/v1/users",
            limit,
            remaining,
            reset_epoch,
        }
    }

    #[test]
    fn the_budget_pauses_the_pane_only_when_low_and_current() {
        let now = 1_700_000_000;
        assert_eq!(budget_wait(None, now), None);
        assert_eq!(budget_wait(Some(&budget(600, 240, now + 30)), now), None);
        assert_eq!(
            budget_wait(Some(&budget(600, 239, now + 30)), now),
            Some(31)
        );
        // The window has passed: the bucket has refilled.
        assert_eq!(budget_wait(Some(&budget(600, 0, now)), now), None);
        // Concurrency figures are no bucket.
        assert_eq!(budget_wait(Some(&budget(0, 0, now + 30)), now), None);
        // A clock far behind the server's never parks the pane for long.
        assert_eq!(
            budget_wait(Some(&budget(600, 1, now + 3600)), now),
            Some(MAX_PAUSE_SECS)
        );
    }

    #[test]
    fn forgetting_the_shown_user_lets_go_of_it() {
        let mut p = Pane::new(true);
        p.target = Some(Target::User("00u1".into()));
        p.state = PaneState::Shown;
        p.forget_user("00u2");
        assert!(p.target.is_some());
        p.forget_user("00u1");
        assert_eq!(
            (p.target.clone(), p.state.clone()),
            (None, PaneState::Empty)
        );
    }
}
