//! Many at once: an action on marked rows (or several memberships) first shows a plan (how
//! many, which action, estimated time at the current rate-limit budget), then runs paced with
//! a progress bar and a result per row, goes on past single failures, and stops on request.
//!
//! Pacing: at most `IN_FLIGHT` writes are out at once and the next one is sent as each answer
//! arrives; the client itself slows down before the bucket runs dry and waits out 429s, so a
//! long run degrades into waiting, not into failed rows.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::ids::{OpKind, ReqId};
use crate::app::keymap::{Action, Context, Keymap};
use crate::app::status::ErrorInfo;
use crate::okta::{OktaError, RateBudget, User};

use super::menu::choose;
use super::op::{WriteOp, WriteOutcome};

/// Writes out at once during a run. Small: Okta counts concurrency too, and the order of
/// results stays close to the order of rows.
pub const IN_FLIGHT: usize = 2;

/// Requeues of one row after the client gave up waiting out 429s.
pub const RATE_RETRIES: u8 = 3;

/// Lines a page key scrolls the results.
const PAGE: usize = 10;

/// Requests one write costs: lifecycle writes are followed by the fresh GET that updates the
/// row; membership writes change no row and cost one.
pub fn requests_for(op: &WriteOp) -> u64 {
    match op {
        WriteOp::AddMember { .. } | WriteOp::RemoveMember { .. } | WriteOp::Create(_) => 1,
        _ => 2,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ItemState {
    Waiting,
    Running(ReqId),
    Ok(String),
    Failed(String),
    /// Not sent: the row's status does not allow the action.
    Skipped(String),
    /// Not sent: the run was stopped first.
    NotRun,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BulkItem {
    pub op: WriteOp,
    pub state: ItemState,
    /// Times the client gave up on the rate limit for this row; it goes back in the queue
    /// (a 429 means Okta did not act) up to `RATE_RETRIES` times.
    pub retries: u8,
}

impl BulkItem {
    pub fn new(op: WriteOp, state: ItemState) -> Self {
        BulkItem {
            op,
            state,
            retries: 0,
        }
    }

    /// A write to run.
    pub fn waiting(op: WriteOp) -> Self {
        BulkItem::new(op, ItemState::Waiting)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The menu on marked rows: pick the action.
    Choose,
    /// The plan is shown; confirming starts.
    Plan,
    Running,
    /// Stopped: nothing new is sent; answers in flight still land.
    Stopping,
    Done,
}

/// What the run asks the reducer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkRequest {
    /// An action was chosen for the marked rows: show its plan.
    Plan(OpKind),
    /// The plan is confirmed.
    Start,
    /// The plan is turned down; the rows stay marked.
    Cancelled,
    /// Stop sending (the run is now stopping).
    Stop,
    /// The results were read: close and unmark (the failed rows stay marked).
    Dismiss,
    /// Run the rows that failed again.
    RetryFailed,
}

/// What one answer did to the run.
#[derive(Debug, Default)]
pub struct Recorded {
    /// The user as Okta shows them after the write.
    pub fresh: Option<User>,
    /// A membership write succeeded.
    pub membership: bool,
    /// The org refused the connection: nothing was sent and the row waits again.
    pub refused: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BulkRun {
    pub title: String,
    pub items: Vec<BulkItem>,
    pub phase: Phase,
    /// Next item to send.
    pub next: usize,
    pub estimate: String,
    /// The clock read the estimate waits for (the reducer never reads the clock itself).
    pub clock: Option<ReqId>,
    /// Choose phase: the actions offered.
    pub choices: Vec<OpKind>,
    pub selected: usize,
    /// Results list scroll.
    pub scroll: usize,
    /// The org refused the connection (nothing was sent): the run holds until this wait is
    /// over; Esc stops it meanwhile.
    pub paused: Option<Paused>,
    /// Pauses in a row without a write getting through.
    pub refusals: u32,
    /// A quit key was pressed while writes were going out: the dialog says how to stop first.
    pub quit_asked: bool,
    /// The plan writes to the admin's own account (a membership change): its login. The
    /// first confirm only asks again, naming it.
    pub own_login: Option<String>,
    /// The own account was named and a second confirm is what starts the run.
    pub asked_own: bool,
}

/// A run holding after refused connections.
#[derive(Debug, Clone, PartialEq)]
pub struct Paused {
    /// The wait the runtime answers when it is over.
    pub req: ReqId,
    pub seconds: u64,
    pub why: String,
}

/// Pauses in a row before the refused rows count as failed.
pub const REFUSED_PAUSES: u32 = 6;

/// The wait before trying again after the `n`th pause in a row (1 s, 2 s ... 30 s).
pub fn pause_secs(n: u32) -> u64 {
    (1u64 << n.min(5)).min(30)
}

impl BulkRun {
    /// The menu on `marked` rows, offering `choices`.
    pub fn choose(marked: usize, choices: Vec<OpKind>) -> Self {
        BulkRun {
            title: format!("{marked} marked"),
            phase: Phase::Choose,
            choices,
            ..BulkRun::plan(String::new(), Vec::new(), None)
        }
    }

    /// The plan for these writes; its estimate is filled in when `clock` is answered.
    pub fn plan(title: String, items: Vec<BulkItem>, clock: Option<ReqId>) -> Self {
        let mut run = BulkRun {
            title,
            items,
            phase: Phase::Plan,
            next: 0,
            estimate: String::new(),
            clock,
            choices: Vec::new(),
            selected: 0,
            scroll: 0,
            paused: None,
            refusals: 0,
            quit_asked: false,
            own_login: None,
            asked_own: false,
        };
        let n = run.requests();
        run.estimate = format!("{n} request{}", plural(n));
        run
    }

    /// Requests the writes still to send will cost.
    pub fn requests(&self) -> u64 {
        self.items
            .iter()
            .filter(|i| i.state == ItemState::Waiting)
            .map(|i| requests_for(&i.op))
            .sum()
    }

    /// The clock answered: the estimate at the current budget.
    pub fn clock_read(&mut self, budget: Option<RateBudget>, now_epoch: i64) {
        self.clock = None;
        self.estimate = estimate(self.requests(), budget, now_epoch);
    }

    pub fn owns(&self, req: ReqId) -> bool {
        self.items
            .iter()
            .any(|i| i.state == ItemState::Running(req))
    }

    pub fn to_send(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.state == ItemState::Waiting)
            .count()
    }

    pub fn count(&self, f: impl Fn(&ItemState) -> bool) -> usize {
        self.items.iter().filter(|i| f(&i.state)).count()
    }

    pub fn ok(&self) -> usize {
        self.count(|s| matches!(s, ItemState::Ok(_)))
    }

    pub fn failed(&self) -> usize {
        self.count(|s| matches!(s, ItemState::Failed(_)))
    }

    pub fn running(&self) -> usize {
        self.count(|s| matches!(s, ItemState::Running(_)))
    }

    /// Items answered (the progress bar's numerator).
    pub fn finished(&self) -> usize {
        self.count(|s| matches!(s, ItemState::Ok(_) | ItemState::Failed(_)))
    }

    pub fn total_to_run(&self) -> usize {
        self.count(|s| !matches!(s, ItemState::Skipped(_)))
    }

    pub fn summary(&self) -> String {
        let mut s = format!("{}: {} ok, {} failed", self.title, self.ok(), self.failed());
        let skipped = self.count(|s| matches!(s, ItemState::Skipped(_)));
        if skipped > 0 {
            s.push_str(&format!(", {skipped} skipped"));
        }
        let not_run = self.count(|s| matches!(s, ItemState::NotRun));
        if not_run > 0 {
            s.push_str(&format!(", {not_run} not run (stopped)"));
        }
        s
    }

    /// The next write to send, if the run may send one now (under `IN_FLIGHT`). The caller
    /// marks it running with `sent`.
    pub fn next_to_send(&self) -> Option<(usize, WriteOp)> {
        if self.phase != Phase::Running || self.running() >= IN_FLIGHT || self.paused.is_some() {
            return None;
        }
        (self.next..self.items.len())
            .find(|&i| self.items[i].state == ItemState::Waiting)
            .map(|i| (i, self.items[i].op.clone()))
    }

    pub fn sent(&mut self, at: usize, req: ReqId) {
        if let Some(item) = self.items.get_mut(at) {
            item.state = ItemState::Running(req);
            self.next = at + 1;
        }
    }

    /// Ends the run when nothing is in flight and nothing more will be sent. True when it
    /// ended just now.
    pub fn finish_if_idle(&mut self) -> bool {
        if !matches!(self.phase, Phase::Running | Phase::Stopping) || self.running() > 0 {
            return false;
        }
        if self.phase == Phase::Running && self.to_send() > 0 {
            return false;
        }
        for item in &mut self.items {
            if item.state == ItemState::Waiting {
                item.state = ItemState::NotRun;
            }
        }
        self.phase = Phase::Done;
        true
    }

    /// Records the answer to the write `req`.
    pub fn record(&mut self, req: ReqId, result: Result<WriteOutcome, OktaError>) -> Recorded {
        let mut out = Recorded::default();
        let Some(at) = self
            .items
            .iter()
            .position(|i| i.state == ItemState::Running(req))
        else {
            return out;
        };
        let item = &mut self.items[at];
        let refused = matches!(result, Err(OktaError::Connect { .. }));
        if refused && self.refusals < REFUSED_PAUSES {
            // Nothing was sent: the row waits its turn again, and the run holds (the
            // reducer asks for the wait).
            item.state = ItemState::Waiting;
            self.next = self.next.min(at);
            out.refused = true;
            return out;
        }
        if !refused {
            self.refusals = 0;
        }
        item.state = match result {
            Err(OktaError::RateLimited { .. }) if item.retries < RATE_RETRIES => {
                // Okta did not act on a 429: the row waits its turn again.
                item.retries += 1;
                self.next = self.next.min(at);
                ItemState::Waiting
            }
            Ok(outcome) => {
                let mut s = match &outcome.note {
                    Some(note) => format!("ok: {note}"),
                    None => "ok".to_owned(),
                };
                if let Some(u) = &outcome.user {
                    s.push_str(&format!(" → {}", u.row.status_api()));
                }
                if let Some(r) = &outcome.request_id {
                    s.push_str(&format!(" ({r})"));
                }
                out.fresh = outcome.user;
                out.membership = item.op.is_membership();
                ItemState::Ok(s)
            }
            Err(e) => ItemState::Failed(ErrorInfo::from_okta("", &e).one_line()),
        };
        out
    }

    /// The rows that failed, ready to run again (a refused connection or a 5xx may pass now;
    /// rows already done by then end as done with a note).
    pub fn failed_again(&self) -> Vec<BulkItem> {
        self.items
            .iter()
            .filter(|i| matches!(i.state, ItemState::Failed(_)))
            .map(|i| BulkItem::waiting(i.op.clone()))
            .collect()
    }

    /// The users of the rows that failed.
    pub fn failed_targets(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|i| matches!(i.state, ItemState::Failed(_)))
            .filter_map(|i| i.op.target().map(|t| t.id.clone()))
            .collect()
    }

    /// The last membership write that succeeded (whose lists reload once the run is over).
    pub fn last_membership_ok(&self) -> Option<&WriteOp> {
        self.items
            .iter()
            .rev()
            .find(|i| matches!(i.state, ItemState::Ok(_)) && i.op.is_membership())
            .map(|i| &i.op)
    }

    fn scroll_by(&mut self, action: Action) -> bool {
        match action {
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll += PAGE,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(PAGE),
            _ => return false,
        }
        true
    }
}

impl Component for BulkRun {
    type Request = BulkRequest;

    fn context(&self) -> Context {
        match self.phase {
            Phase::Choose => Context::BulkChoose,
            Phase::Plan => Context::BulkPlan,
            Phase::Running | Phase::Stopping => Context::BulkRunning,
            Phase::Done => Context::BulkDone,
        }
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<BulkRequest> {
        let action = keys.action(self.context(), key);
        match (self.phase, action) {
            (Phase::Choose, Some(a)) => {
                choose(a, &self.choices, &mut self.selected, OpKind::action).map(BulkRequest::Plan)
            }
            (Phase::Plan, Some(Action::Confirm)) if self.own_login.is_some() && !self.asked_own => {
                self.asked_own = true;
                Outcome::Changed
            }
            (Phase::Plan, Some(Action::Confirm)) => Outcome::Request(BulkRequest::Start),
            (Phase::Plan, Some(Action::Close)) => Outcome::Request(BulkRequest::Cancelled),
            (Phase::Running | Phase::Stopping, Some(Action::Close)) => {
                self.phase = Phase::Stopping;
                Outcome::Request(BulkRequest::Stop)
            }
            (Phase::Done, Some(Action::RetryFailed)) if self.failed() > 0 => {
                Outcome::Request(BulkRequest::RetryFailed)
            }
            // Quitting mid-run would leave writes in flight unrecorded on screen: the quit key
            // of the screens below is answered with how to stop first, not ignored.
            (Phase::Running | Phase::Stopping, None)
                if keys.action(Context::Users, key) == Some(Action::Quit) =>
            {
                self.quit_asked = true;
                Outcome::Changed
            }
            (_, Some(a)) if self.scroll_by(a) => Outcome::Changed,
            // Any other key closes the results.
            (Phase::Done, _) => Outcome::Request(BulkRequest::Dismiss),
            _ => Outcome::Ignored,
        }
    }
}

/// "about 1 min 40 s" for this many requests at this budget (None: figures not seen yet).
pub fn estimate(requests: u64, budget: Option<RateBudget>, now_epoch: i64) -> String {
    let Some(b) = budget.filter(|b| b.limit > 0) else {
        return format!(
            "{requests} request{}; the rate-limit budget is not known yet (it shows after the first call)",
            plural(requests)
        );
    };
    let reset_in = (b.reset_epoch - now_epoch).clamp(0, 60) as u64;
    // Requests beyond what is left wait for later windows of `limit` each.
    let secs = if requests <= u64::from(b.remaining) {
        // Within budget: bounded by latency, count ~50 ms a request over IN_FLIGHT lanes.
        (requests * 50 / IN_FLIGHT as u64).div_ceil(1000)
    } else {
        let beyond = requests - u64::from(b.remaining);
        reset_in
            + beyond.div_ceil(u64::from(b.limit)).saturating_sub(1) * 60
            + (beyond % u64::from(b.limit)) * 60 / u64::from(b.limit)
    };
    format!(
        "{requests} request{}, about {} at the current budget ({}/{} left, window resets in {reset_in}s)",
        plural(requests),
        human_secs(secs),
        b.remaining,
        b.limit
    )
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn human_secs(s: u64) -> String {
    match s {
        0 => "a second".into(),
        1..=59 => format!("{s} s"),
        _ => format!("{} min {} s", s / 60, s % 60),
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::app::actions::op::Target;
    use crate::app::test_support::key_event as key;
    use crate::okta::LifecycleOp;

    fn suspend(i: u8) -> BulkItem {
        BulkItem::waiting(WriteOp::Lifecycle {
            target: Target {
                id: format!("00u{i}"),
                login: format!("u{i}@example.com"),
            },
            op: LifecycleOp::Suspend,
        })
    }

    #[test]
    fn the_choice_is_made_by_arrows_and_enter_or_by_the_actions_own_key() {
        let keys = Keymap::default();
        let mut run = BulkRun::choose(2, vec![OpKind::Suspend, OpKind::Unlock]);
        assert_eq!(run.on_key(&key(KeyCode::Down), &keys), Outcome::Changed);
        assert_eq!(
            run.on_key(&key(KeyCode::Enter), &keys),
            Outcome::Request(BulkRequest::Plan(OpKind::Unlock))
        );
        assert_eq!(
            run.on_key(&key(KeyCode::Char('S')), &keys),
            Outcome::Request(BulkRequest::Plan(OpKind::Suspend))
        );
        // Offered only what fits: a key for another action picks nothing.
        assert_eq!(
            run.on_key(&key(KeyCode::Char('D')), &keys),
            Outcome::Ignored
        );
        assert_eq!(run.on_key(&key(KeyCode::Char('q')), &keys), Outcome::Close);
    }

    #[test]
    fn a_run_sends_at_most_its_lanes_and_ends_when_idle() {
        let mut run = BulkRun::plan("t".into(), (0..3).map(suspend).collect(), None);
        assert_eq!(run.next_to_send(), None, "a plan sends nothing");
        run.phase = Phase::Running;
        let mut sent = Vec::new();
        while let Some((at, _)) = run.next_to_send() {
            let req = ReqId(at as u64 + 1);
            run.sent(at, req);
            sent.push(req);
        }
        assert_eq!(sent.len(), IN_FLIGHT);
        run.record(sent[0], Ok(WriteOutcome::default()));
        assert!(!run.finish_if_idle(), "one write out and one waiting");
        run.phase = Phase::Stopping;
        run.record(sent[1], Ok(WriteOutcome::default()));
        assert!(run.finish_if_idle());
        assert_eq!(run.phase, Phase::Done);
        assert_eq!(run.count(|s| *s == ItemState::NotRun), 1);
        assert_eq!(run.summary(), "t: 2 ok, 0 failed, 1 not run (stopped)");
    }
}
