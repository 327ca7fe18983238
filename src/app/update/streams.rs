//! List streams: pages arriving, failing, waiting out the rate limit, and the status line
//! that reports on them.

use std::time::Duration;

use crate::app::actions::ActionModal;
use crate::app::list::ListRow;
use crate::app::*;
use crate::okta::{OktaError, UserQuery};

impl App {
    /// A list stream failed: it pauses, what loaded stays, and `r` retries the page.
    pub(in crate::app) fn on_page_failed(
        &mut self,
        req: ReqId,
        slot: Slot,
        error: OktaError,
    ) -> Reply {
        let what = match slot {
            Slot::Users => "loading users",
            Slot::Groups => "loading groups",
            _ => "loading members",
        };
        let info = ErrorInfo::from_okta(what, &error);
        let Some(load) = self.stream_state(req, slot) else {
            return Reply::Unchanged;
        };
        *load = LoadState::Paused(info.clone());
        self.error(&info);
        let retry = self.key_name(Action::Refresh);
        let then = if info.retryable() {
            format!(" · what loaded is kept; {retry} retries")
        } else {
            " · what loaded is kept".to_owned()
        };
        if let Some(s) = self.status.as_mut() {
            s.text.push_str(&then);
            self.status_about = Some((slot, s.text.clone()));
        }
        Reply::done()
    }

    pub(in crate::app) fn on_rate_wait(&mut self, req: ReqId, slot: Slot, wait: Duration) -> Reply {
        let Some(load) = self.stream_state(req, slot) else {
            return Reply::Unchanged;
        };
        *load = LoadState::Waiting {
            seconds: wait.as_secs().max(1),
        };
        Reply::done()
    }

    /// A page failed for a passing reason and the stream tries it again by itself: the
    /// header counts down, the status line says what failed.
    pub(in crate::app) fn on_page_retry(
        &mut self,
        req: ReqId,
        slot: Slot,
        wait: Duration,
        attempt: u32,
        error: &OktaError,
    ) -> Reply {
        let Some(load) = self.stream_state(req, slot) else {
            return Reply::Unchanged;
        };
        let seconds = wait.as_secs().max(1);
        *load = LoadState::Retrying { seconds, attempt };
        let info = ErrorInfo::from_okta("loading a page", error);
        self.set_status(
            StatusKind::Warn,
            format!(
                "page failed, retrying the same page in {seconds}s (try {attempt} of {}): {}",
                crate::okta::page_retry::PAGE_RETRIES,
                info.one_line()
            ),
        );
        Reply::done()
    }

    /// The client is sitting out a 429 (or stopped doing so).
    pub(in crate::app) fn on_client_wait(&mut self, wait: Option<Duration>) -> Reply {
        // Rounded up: "resuming in 0s" while still waiting would be a lie.
        let secs = wait.map(|d| (d.as_millis() as u64).div_ceil(1000).max(1));
        // The write dialog waiting on the client counts down with it, never back up.
        let dialog = match self.action_modal_mut() {
            Some(ActionModal::Checking(c)) => c.wait.update(secs),
            Some(ActionModal::Running(r)) => r.wait.update(secs),
            _ => false,
        };
        if secs == self.rate_wait && !dialog {
            return Reply::Unchanged;
        }
        self.rate_wait = secs;
        if let Some(seconds) = secs {
            // A stream sitting out the wait counts down with the client.
            for load in self.stream_loads() {
                if let LoadState::Waiting { .. } = load {
                    *load = LoadState::Waiting { seconds };
                }
            }
        }
        Reply::done()
    }

    /// The load state of the stream this answer belongs to, or None when it is stale.
    pub(in crate::app) fn stream_state(
        &mut self,
        req: ReqId,
        slot: Slot,
    ) -> Option<&mut LoadState> {
        match slot {
            Slot::Users => (self.users.list.req == Some(req)).then_some(&mut self.users.list.load),
            Slot::Groups => {
                (self.groups.list.req == Some(req)).then_some(&mut self.groups.list.load)
            }
            Slot::Members => self.stack.iter_mut().find_map(|s| match s {
                Screen::Group(g) if g.members.req == Some(req) => Some(&mut g.members.load),
                _ => None,
            }),
            Slot::UserDetail
            | Slot::GroupDetail
            | Slot::Pane
            | Slot::Index
            | Slot::Logs
            | Slot::LogTail => None,
        }
    }

    /// Every stream's load state (lists and open group screens).
    pub(in crate::app) fn stream_loads(&mut self) -> Vec<&mut LoadState> {
        let mut out = vec![&mut self.users.list.load, &mut self.groups.list.load];
        for s in self.stack.iter_mut() {
            if let Screen::Group(g) = s {
                out.push(&mut g.members.load);
            }
        }
        out
    }

    /// Says on the status line that a stream was stopped at `count` rows, tied to its slot so
    /// rows arriving after the stop keep the line and the header count in agreement.
    pub(in crate::app) fn stopped_status(&mut self, slot: Slot, count: usize) {
        let text = stopped_line(count, &self.key_name(Action::Refresh));
        self.info(text.clone());
        self.status_about = Some((slot, text));
    }

    /// A good page for `slot` arrived: a failure line about that slot is over, a stop line
    /// gets the new count. Lines about something else stay.
    pub(in crate::app) fn slot_page_arrived(&mut self, slot: Slot, stopped: bool, count: usize) {
        if !self.status_is_about(Some(slot)) {
            return;
        }
        if stopped {
            self.stopped_status(slot, count);
        } else {
            self.status = None;
            self.status_about = None;
        }
    }

    /// True when the status line is still the one written about `slot` (any slot for None).
    pub(in crate::app) fn status_is_about(&self, slot: Option<Slot>) -> bool {
        match (&self.status_about, &self.status) {
            (Some((s, text)), Some(line)) => slot.is_none_or(|x| x == *s) && line.text == *text,
            _ => false,
        }
    }

    /// The user left the place a slot's status line was about: the line goes.
    pub(in crate::app) fn leave_slot_status(&mut self, slot: Option<Slot>) {
        if self.status_is_about(slot) {
            self.status = None;
        }
        if slot.is_none()
            || self
                .status_about
                .as_ref()
                .is_some_and(|(s, _)| Some(*s) == slot)
        {
            self.status_about = None;
        }
    }

    pub(in crate::app) fn on_page(
        &mut self,
        req: ReqId,
        slot: Slot,
        items: PageItems,
        more: bool,
    ) -> Reply {
        let done = if more {
            LoadState::Loading
        } else {
            LoadState::Done
        };
        match (slot, items) {
            (Slot::Users, PageItems::Users(rows)) if self.users.list.req == Some(req) => {
                let (stopped, n) = take_page(&mut self.users.list, rows, done);
                self.slot_page_arrived(Slot::Users, stopped, n);
            }
            (Slot::Groups, PageItems::Groups(groups)) if self.groups.list.req == Some(req) => {
                let (stopped, n) = take_page(&mut self.groups.list, groups, done);
                self.slot_page_arrived(Slot::Groups, stopped, n);
            }
            (Slot::Members, PageItems::Users(rows)) => {
                let Some(g) = self.stack.iter_mut().find_map(|s| match s {
                    Screen::Group(g) if g.members.req == Some(req) => Some(g),
                    _ => None,
                }) else {
                    return Reply::Unchanged;
                };
                let (stopped, n) = take_page(&mut g.members, rows, done);
                self.slot_page_arrived(Slot::Members, stopped, n);
            }
            // Stale: an older request for this slot, or a screen already left.
            _ => return Reply::Unchanged,
        }
        Reply::done()
    }

    pub(in crate::app) fn user_query_limit(&self, mut q: UserQuery) -> UserQuery {
        if q.limit.is_none() {
            q.limit = self.page_size;
        }
        q
    }

    pub(in crate::app) fn load_users(&mut self) -> Vec<Effect> {
        if self.tenant.is_none() {
            return Vec::new();
        }
        let req = self.req();
        self.users.list.restart(req);
        let query = self.user_query_limit(self.users.query.clone());
        vec![Effect::LoadUsers { req, query }]
    }

    pub(in crate::app) fn load_groups(&mut self) -> Vec<Effect> {
        if self.tenant.is_none() {
            return Vec::new();
        }
        let req = self.req();
        self.groups.list.restart(req);
        vec![Effect::LoadGroups {
            req,
            query: self.groups.query.clone(),
        }]
    }
}

/// The status line after Esc stopped a stream at `count` rows.
fn stopped_line(count: usize, reload: &str) -> String {
    format!("loading stopped at {} ({reload} reloads)", thousands(count))
}

/// Adds a page to a list; returns whether the stream had been stopped, and the rows now held.
/// A page that arrives after Esc stopped the stream is still data: it is kept, and the list
/// stays stopped.
fn take_page<T: ListRow>(list: &mut RowList<T>, rows: Vec<T>, done: LoadState) -> (bool, usize) {
    let stopped = list.load == LoadState::Stopped;
    list.push_page(rows);
    if !stopped {
        list.load = done;
    }
    (stopped, list.rows.len())
}
