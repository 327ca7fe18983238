//! Many at once: `Space` marks rows (users or a group's members); an action on marked rows
//! shows a plan (how many, which action, estimated time at the current rate-limit budget),
//! then runs paced with a progress bar and a result per row, goes on past single failures,
//! and stops on `Esc`.
//!
//! Pacing: the reducer keeps at most `IN_FLIGHT` writes out at once and sends the next one as
//! each answer arrives; the client itself slows down before the bucket runs dry and waits out
//! 429s, so a long run degrades into waiting, not into failed rows.

use crossterm::event::{KeyCode, KeyEvent};

use crate::okta::{OktaError, RateBudget, UserRow};

use super::actions::{ActionEffect, ActionModal, Confirm, OpKind, Target, WriteOp, WriteOutcome};
use super::list::RowList;
use super::modal::{ErrorInfo, Modal};
use super::msg::ReqId;
use super::{App, Effect, Screen, StatusKind, StatusLine, Tab};

/// Writes out at once during a run. Small: Okta counts concurrency too, and the order of
/// results stays close to the order of rows.
pub const IN_FLIGHT: usize = 2;

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

/// Requeues of one row after the client gave up waiting out 429s.
pub const RATE_RETRIES: u8 = 3;

impl BulkItem {
    pub fn new(op: WriteOp, state: ItemState) -> Self {
        BulkItem {
            op,
            state,
            retries: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// `a` with marked rows: pick the action.
    Choose,
    /// The plan is shown; Enter starts.
    Plan,
    Running,
    /// Esc pressed: nothing new is sent; answers in flight still land.
    Stopping,
    Done,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BulkRun {
    pub title: String,
    pub items: Vec<BulkItem>,
    pub phase: Phase,
    /// Next item to send.
    pub next: usize,
    pub estimate: String,
    /// Choose phase: the actions offered.
    pub choices: Vec<OpKind>,
    pub selected: usize,
    /// Results list scroll.
    pub scroll: usize,
}

impl BulkRun {
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

    /// Items sent or being sent (the progress bar's numerator is the finished ones).
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
}

/// Actions that work on marked rows. Delete is one user at a time on purpose.
pub fn bulk_kind_supported(kind: OpKind) -> bool {
    kind != OpKind::Delete
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

impl App {
    /// The list whose rows `Space` marks here (users or members).
    pub(super) fn markable_list(&self) -> Option<&RowList<UserRow>> {
        match self.stack.last() {
            Some(Screen::Group(g)) if g.raw.is_none() => Some(&g.members),
            Some(_) => None,
            None if self.tab == Tab::Users => Some(&self.users.list),
            None => None,
        }
    }

    fn markable_list_mut(&mut self) -> Option<&mut RowList<UserRow>> {
        match self.stack.last_mut() {
            Some(Screen::Group(g)) if g.raw.is_none() => Some(&mut g.members),
            Some(_) => None,
            None if self.tab == Tab::Users => Some(&mut self.users.list),
            None => None,
        }
    }

    pub fn marked_count(&self) -> usize {
        self.markable_list().map_or(0, |l| l.marks.len())
    }

    /// The marked rows, in list order.
    fn marked_rows(&self) -> Vec<UserRow> {
        let Some(list) = self.markable_list() else {
            return Vec::new();
        };
        list.rows
            .iter()
            .filter(|r| list.marks.contains(&r.id))
            .cloned()
            .collect()
    }

    pub(super) fn toggle_mark(&mut self) -> Vec<Effect> {
        let (_, height) = self.focused_rows();
        let Some(list) = self.markable_list_mut() else {
            return Vec::new();
        };
        let Some(id) = list.selected_row().map(|r| r.id.clone()) else {
            return Vec::new();
        };
        if !list.marks.remove(&id) {
            list.marks.insert(id);
        }
        list.move_by(1, height);
        let n = list.marks.len();
        self.status = Some(StatusLine {
            kind: StatusKind::Info,
            text: format!(
                "{n} marked · an action key (S U L E D A P X, or a for the menu) acts on them · Esc unmarks"
            ),
        });
        Vec::new()
    }

    /// Esc with marked rows unmarks them (before it does anything else).
    pub(super) fn clear_marks(&mut self) -> bool {
        match self.markable_list_mut() {
            Some(list) if !list.marks.is_empty() => {
                list.marks.clear();
                self.status = Some(StatusLine {
                    kind: StatusKind::Info,
                    text: "marks cleared".into(),
                });
                true
            }
            _ => false,
        }
    }

    /// `a` with marked rows: choose which action runs on them.
    pub(super) fn open_bulk_menu(&mut self) -> Vec<Effect> {
        let n = self.marked_count();
        let mut choices: Vec<OpKind> = OpKind::ALL
            .into_iter()
            .filter(|k| bulk_kind_supported(*k))
            .collect();
        // Only offer what at least one marked row's status allows.
        let rows = self.marked_rows();
        choices.retain(|k| rows.iter().any(|r| k.allowed_for_status(&r.status)));
        self.modal = Some(Modal::Action(Box::new(ActionModal::Bulk(BulkRun {
            title: format!("{n} marked"),
            items: Vec::new(),
            phase: Phase::Choose,
            next: 0,
            estimate: String::new(),
            choices,
            selected: 0,
            scroll: 0,
        }))));
        Vec::new()
    }

    /// An action key with marked rows: show the plan.
    pub(super) fn plan_bulk(&mut self, kind: OpKind) -> Vec<Effect> {
        if !bulk_kind_supported(kind) {
            self.status = Some(StatusLine {
                kind: StatusKind::Warn,
                text: format!(
                    "{} works on one user at a time; Esc unmarks the rows",
                    kind.label()
                ),
            });
            return Vec::new();
        }
        let items = self
            .marked_rows()
            .into_iter()
            .map(|row| {
                let target = Target::of_row(&row);
                let mut c = Confirm::new(kind, target, row.status.clone());
                // A link per row cannot be handed over from a run: Okta emails instead.
                if c.has_email_choice() {
                    c.send_email = true;
                }
                let state = if kind.allowed_for_status(&row.status) {
                    ItemState::Waiting
                } else {
                    ItemState::Skipped(format!("status {} does not allow it", row.status.as_api()))
                };
                BulkItem::new(c.op(), state)
            })
            .collect();
        let title = match kind {
            OpKind::Activate => "Activate / reactivate (Okta emails each user)".to_owned(),
            OpKind::ResetPassword => "Reset password (Okta emails each user the link)".to_owned(),
            other => other.label().to_owned(),
        };
        self.start_plan(title, items)
    }

    /// Shows a plan for these writes (bulk lifecycle, several memberships).
    pub(super) fn start_plan(&mut self, title: String, items: Vec<BulkItem>) -> Vec<Effect> {
        let mut run = BulkRun {
            title,
            items,
            phase: Phase::Plan,
            next: 0,
            estimate: String::new(),
            choices: Vec::new(),
            selected: 0,
            scroll: 0,
        };
        let now = chrono::Utc::now().timestamp();
        let requests = run
            .items
            .iter()
            .filter(|i| i.state == ItemState::Waiting)
            .map(|i| requests_for(&i.op))
            .sum();
        run.estimate = estimate(requests, self.rate, now);
        self.modal = Some(Modal::Action(Box::new(ActionModal::Bulk(run))));
        Vec::new()
    }

    fn bulk_mut(&mut self) -> Option<&mut BulkRun> {
        match &mut self.modal {
            Some(Modal::Action(m)) => match m.as_mut() {
                ActionModal::Bulk(run) => Some(run),
                _ => None,
            },
            _ => None,
        }
    }

    /// Sends writes until `IN_FLIGHT` are out (or none is left).
    fn pump(&mut self) -> Vec<Effect> {
        let tenant = self
            .tenant
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let mut effects = Vec::new();
        while let Some(run) = self.bulk_mut() {
            if run.phase != Phase::Running || run.running() >= IN_FLIGHT {
                break;
            }
            let Some(i) =
                (run.next..run.items.len()).find(|&i| run.items[i].state == ItemState::Waiting)
            else {
                break;
            };
            let op = run.items[i].op.clone();
            self.next_req += 1;
            let req = ReqId(self.next_req);
            if let Some(run) = self.bulk_mut() {
                run.items[i].state = ItemState::Running(req);
                run.next = i + 1;
            }
            effects.push(Effect::Action(ActionEffect::Write {
                req,
                tenant: tenant.clone(),
                op,
            }));
        }
        self.finish_if_idle();
        effects
    }

    fn finish_if_idle(&mut self) {
        let Some(run) = self.bulk_mut() else { return };
        if !matches!(run.phase, Phase::Running | Phase::Stopping) || run.running() > 0 {
            return;
        }
        if run.phase == Phase::Running && run.to_send() > 0 {
            return;
        }
        for item in &mut run.items {
            if item.state == ItemState::Waiting {
                item.state = ItemState::NotRun;
            }
        }
        run.phase = Phase::Done;
        let failed = run.failed() > 0;
        let text = run.summary();
        self.status = Some(StatusLine {
            kind: if failed {
                StatusKind::Warn
            } else {
                StatusKind::Info
            },
            text,
        });
    }

    pub(super) fn on_bulk_done(
        &mut self,
        req: ReqId,
        result: Result<WriteOutcome, OktaError>,
    ) -> Vec<Effect> {
        let mut fresh = None;
        let mut membership = None;
        if let Some(run) = self.bulk_mut()
            && let Some(at) = run
                .items
                .iter()
                .position(|i| i.state == ItemState::Running(req))
        {
            let item = &mut run.items[at];
            item.state = match result {
                Err(OktaError::RateLimited { .. }) if item.retries < RATE_RETRIES => {
                    // Okta did not act on a 429: the row waits its turn again.
                    item.retries += 1;
                    run.next = run.next.min(at);
                    ItemState::Waiting
                }
                Ok(outcome) => {
                    let mut s = "ok".to_owned();
                    if let Some(u) = &outcome.user {
                        s.push_str(&format!(" → {}", u.row.status.as_api()));
                    }
                    if let Some(r) = &outcome.request_id {
                        s.push_str(&format!(" ({r})"));
                    }
                    fresh = outcome.user;
                    if matches!(
                        item.op,
                        WriteOp::AddMember { .. } | WriteOp::RemoveMember { .. }
                    ) {
                        membership = Some(item.op.clone());
                    }
                    ItemState::Ok(s)
                }
                Err(e) => ItemState::Failed(ErrorInfo::from_okta("", &e).one_line()),
            };
        }
        if let Some(u) = fresh {
            self.apply_fresh_user(&u);
        }
        let mut effects = self.pump();
        // Membership lists reload once, when the run is over.
        if membership.is_some()
            && let Some(run) = self.bulk_mut()
            && run.phase == Phase::Done
        {
            let last = run
                .items
                .iter()
                .rev()
                .find(|i| matches!(i.state, ItemState::Ok(_)))
                .map(|i| i.op.clone());
            if let Some(op) = last {
                effects.extend(self.after_membership_change(&op));
            }
        }
        effects
    }

    pub(super) fn on_bulk_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keymap.action(super::Context::Users, &key);
        let Some(run) = self.bulk_mut() else {
            return Vec::new();
        };
        match run.phase {
            Phase::Choose => match key.code {
                KeyCode::Esc | KeyCode::Char('q') => {
                    self.modal = None;
                    Vec::new()
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    run.selected = (run.selected + 1).min(run.choices.len().saturating_sub(1));
                    Vec::new()
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    run.selected = run.selected.saturating_sub(1);
                    Vec::new()
                }
                KeyCode::Enter => match run.choices.get(run.selected).copied() {
                    Some(kind) => self.plan_bulk(kind),
                    None => {
                        self.modal = None;
                        Vec::new()
                    }
                },
                _ => {
                    let pick = run
                        .choices
                        .iter()
                        .copied()
                        .find(|k| Some(k.action()) == action);
                    match pick {
                        Some(kind) => self.plan_bulk(kind),
                        None => Vec::new(),
                    }
                }
            },
            Phase::Plan => match key.code {
                KeyCode::Enter | KeyCode::Char('y') => {
                    if run.to_send() == 0 {
                        self.modal = None;
                        self.status = Some(StatusLine {
                            kind: StatusKind::Warn,
                            text: "nothing to run: no marked row allows this action".into(),
                        });
                        return Vec::new();
                    }
                    run.phase = Phase::Running;
                    self.pump()
                }
                KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('q') => {
                    self.modal = None;
                    self.status = Some(StatusLine {
                        kind: StatusKind::Info,
                        text: "cancelled; the rows stay marked".into(),
                    });
                    Vec::new()
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    run.scroll += 1;
                    Vec::new()
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    run.scroll = run.scroll.saturating_sub(1);
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Phase::Running | Phase::Stopping => {
                match key.code {
                    KeyCode::Esc => {
                        run.phase = Phase::Stopping;
                        self.status = Some(StatusLine {
                            kind: StatusKind::Warn,
                            text: "stopping: writes in flight finish, nothing new is sent".into(),
                        });
                        self.finish_if_idle();
                    }
                    KeyCode::Down | KeyCode::Char('j') => run.scroll += 1,
                    KeyCode::Up | KeyCode::Char('k') => run.scroll = run.scroll.saturating_sub(1),
                    _ => {}
                }
                Vec::new()
            }
            Phase::Done => match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    run.scroll += 1;
                    Vec::new()
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    run.scroll = run.scroll.saturating_sub(1);
                    Vec::new()
                }
                KeyCode::PageDown => {
                    run.scroll += 10;
                    Vec::new()
                }
                KeyCode::PageUp => {
                    run.scroll = run.scroll.saturating_sub(10);
                    Vec::new()
                }
                _ => {
                    self.modal = None;
                    if let Some(list) = self.markable_list_mut() {
                        list.marks.clear();
                    }
                    Vec::new()
                }
            },
        }
    }
}
