//! Marked rows and runs on them: `Space` marks, an action on marked rows shows a plan, the
//! plan runs paced (`actions/bulk.rs` keeps the run's state), and the results stay until read.

use crate::app::actions::bulk::{BulkItem, BulkRequest, BulkRun, ItemState, Phase};
use crate::app::actions::{ActionEffect, ActionModal, Confirm, Target, WriteOp, WriteOutcome};
use crate::app::ids::{OpKind, ReqId};
use crate::app::list::RowList;
use crate::app::status::{ErrorInfo, StatusKind};
use crate::app::{App, Effect, Reply, Screen, Tab};
use crate::okta::{OktaError, UserRow};

/// The order the mark hint lists the keys that act on marked rows.
const MARK_HINT_OPS: [OpKind; 8] = [
    OpKind::Suspend,
    OpKind::Unsuspend,
    OpKind::Unlock,
    OpKind::ExpirePassword,
    OpKind::Deactivate,
    OpKind::Activate,
    OpKind::ResetPassword,
    OpKind::ClearSessions,
];

impl App {
    /// The list whose rows `Space` marks here (users or members).
    pub(in crate::app) fn markable_list(&self) -> Option<&RowList<UserRow>> {
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

    /// The marked rows, in the order the list shows them (sorted, if it is).
    pub(in crate::app) fn marked_rows(&self) -> Vec<UserRow> {
        let Some(list) = self.markable_list() else {
            return Vec::new();
        };
        list.in_order()
            .filter(|r| list.marks.contains(r.id()))
            .cloned()
            .collect()
    }

    pub(in crate::app) fn toggle_mark(&mut self) -> Vec<Effect> {
        let (_, height) = self.focused_rows();
        let Some(list) = self.markable_list_mut() else {
            return Vec::new();
        };
        let Some(id) = list.selected_row().map(|r| Box::<str>::from(r.id())) else {
            return Vec::new();
        };
        if !list.marks.remove(&id) {
            list.marks.insert(id);
        }
        list.move_by(1, height);
        let n = list.marks.len();
        // The keys named are the table's, so a remap shows here too.
        let ctx = self.context();
        let ops: Vec<String> = MARK_HINT_OPS
            .iter()
            .map(|k| self.keymap.hint(ctx, k.action()))
            .filter(|k| !k.is_empty())
            .collect();
        let text = format!(
            "{n} marked · an action key ({}, or {} for the menu) acts on them · {} unmarks",
            ops.join(" "),
            self.keymap
                .hint(ctx, crate::app::keymap::Action::ActionMenu),
            self.keymap.hint(ctx, crate::app::keymap::Action::Back),
        );
        self.info(text);
        Vec::new()
    }

    /// Esc with marked rows unmarks them (before it does anything else).
    pub(in crate::app) fn clear_marks(&mut self) -> bool {
        match self.markable_list_mut() {
            Some(list) if !list.marks.is_empty() => {
                list.marks.clear();
                self.info("marks cleared");
                true
            }
            _ => false,
        }
    }

    /// The action menu with marked rows: choose which action runs on them.
    pub(in crate::app) fn open_bulk_menu(&mut self) -> Vec<Effect> {
        let rows = self.marked_rows();
        // Only offer what at least one marked row's status allows.
        let choices: Vec<OpKind> = OpKind::ALL
            .into_iter()
            .filter(|k| k.works_in_bulk())
            .filter(|k| rows.iter().any(|r| k.allowed_for_status(&r.status())))
            .collect();
        self.open_action(ActionModal::Bulk(BulkRun::choose(rows.len(), choices)));
        Vec::new()
    }

    /// An action key with marked rows: show the plan.
    pub(in crate::app) fn plan_bulk(&mut self, kind: OpKind) -> Vec<Effect> {
        if !kind.works_in_bulk() {
            let text = format!(
                "{} works on one user at a time; {} unmarks the rows",
                kind.label(),
                self.keymap
                    .hint(self.context(), crate::app::keymap::Action::Back)
            );
            self.warn(text);
            return Vec::new();
        }
        let items = self
            .marked_rows()
            .into_iter()
            .map(|row| {
                let target = Target::of_row(&row);
                let mut c = Confirm::new(kind, target, row.status());
                // A link per row cannot be handed over from a run: Okta emails instead.
                if c.has_email_choice() {
                    c.send_email = true;
                }
                let state = if self.is_own_account(row.id()) {
                    // Asking twice mid-run would stall it: the own account is written alone.
                    ItemState::Skipped(
                        "YOUR OWN account (the admin this credential acts as): not in a bulk run; \
                         write it alone, where the console asks twice"
                            .into(),
                    )
                } else if kind.allowed_for_status(&row.status()) {
                    ItemState::Waiting
                } else {
                    ItemState::Skipped(format!("status {} does not allow it", row.status_api()))
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

    /// Shows a plan for these writes (bulk lifecycle, several memberships). Its time estimate
    /// needs the clock, which the runtime reads and answers with `Msg::Clock`.
    pub(in crate::app) fn start_plan(
        &mut self,
        title: String,
        items: Vec<BulkItem>,
    ) -> Vec<Effect> {
        let req = self.req();
        let mut run = BulkRun::plan(title, items, Some(req));
        // Lifecycle runs skip the own row already; what is left to send to it here is a
        // membership change, which the run asks about once more before starting.
        run.own_login = run
            .items
            .iter()
            .filter(|i| i.state == ItemState::Waiting)
            .filter_map(|i| i.op.target())
            .find(|t| self.is_own_account(&t.id))
            .map(|t| t.login.clone());
        self.open_action(ActionModal::Bulk(run));
        vec![Effect::ReadClock { req }]
    }

    /// The clock the plan's estimate waited for.
    pub(in crate::app) fn on_clock(&mut self, req: ReqId, now_epoch: i64) -> Reply {
        let rate = self.rate;
        match self.bulk_mut() {
            Some(run) if run.clock == Some(req) => {
                run.clock_read(rate, now_epoch);
                Reply::done()
            }
            _ => Reply::Unchanged,
        }
    }

    fn bulk_mut(&mut self) -> Option<&mut BulkRun> {
        match self.action_modal_mut() {
            Some(ActionModal::Bulk(run)) => Some(run),
            _ => None,
        }
    }

    /// Sends writes until the run's limit of writes in flight is reached (or none is left).
    fn pump(&mut self) -> Vec<Effect> {
        let tenant = self.tenant_name();
        let mut effects = Vec::new();
        while let Some((at, op)) = self.bulk_mut().and_then(|run| run.next_to_send()) {
            let req = self.req();
            if let Some(run) = self.bulk_mut() {
                run.sent(at, req);
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

    /// Ends the run once idle and says how it went.
    fn finish_if_idle(&mut self) {
        let Some(run) = self.bulk_mut() else { return };
        if !run.finish_if_idle() {
            return;
        }
        let kind = if run.failed() > 0 {
            StatusKind::Warn
        } else {
            StatusKind::Info
        };
        let text = run.summary();
        self.set_status(kind, text);
    }

    /// The answer to one write of a run.
    pub(in crate::app) fn on_bulk_done(
        &mut self,
        req: ReqId,
        result: Result<WriteOutcome, OktaError>,
    ) -> Vec<Effect> {
        let Some(run) = self.bulk_mut() else {
            return Vec::new();
        };
        let why = match &result {
            Err(e) => ErrorInfo::from_okta("", e).one_line(),
            Ok(_) => String::new(),
        };
        let recorded = run.record(req, result);
        if recorded.refused && run.paused.is_none() {
            let seconds = crate::app::actions::bulk::pause_secs(run.refusals);
            run.refusals += 1;
            let wait = self.req();
            if let Some(run) = self.bulk_mut() {
                run.paused = Some(crate::app::actions::bulk::Paused {
                    req: wait,
                    seconds,
                    why,
                });
            }
            self.warn(format!(
                "the org refused the connection (nothing was sent): the run waits {seconds}s, then tries again"
            ));
            return vec![Effect::Action(ActionEffect::Wait {
                req: wait,
                delay: std::time::Duration::from_secs(seconds),
            })];
        }
        if let Some(u) = recorded.fresh {
            self.apply_fresh_user(&u);
        }
        let mut effects = self.pump();
        // Membership lists reload once, when the run is over.
        if recorded.membership
            && let Some(run) = self.bulk_mut()
            && run.phase == Phase::Done
            && let Some(op) = run.last_membership_ok().cloned()
        {
            // Every group the run changed has lost its listed count, not just the last one.
            let changed: Vec<String> = run
                .items
                .iter()
                .filter(|i| matches!(i.state, ItemState::Ok(_)))
                .filter_map(|i| match &i.op {
                    WriteOp::AddMember { group, .. } | WriteOp::RemoveMember { group, .. } => {
                        Some(group.id.clone())
                    }
                    _ => None,
                })
                .collect();
            for id in changed {
                self.forget_member_count(&id);
            }
            effects.extend(self.after_membership_change(&op));
        }
        effects
    }

    /// A paused run's wait is over: it sends again (a stale wait is ignored).
    pub(in crate::app) fn on_bulk_wait_over(&mut self, req: ReqId) -> Vec<Effect> {
        match self.bulk_mut() {
            Some(run) if run.paused.as_ref().is_some_and(|p| p.req == req) => {
                run.paused = None;
            }
            _ => return Vec::new(),
        }
        self.pump()
    }

    /// What the run's dialog asked for.
    pub(in crate::app) fn on_bulk_request(&mut self, request: BulkRequest) -> Vec<Effect> {
        match request {
            BulkRequest::Plan(kind) => self.plan_bulk(kind),
            BulkRequest::Start => {
                let Some(run) = self.bulk_mut() else {
                    return Vec::new();
                };
                if run.to_send() == 0 {
                    self.modal = None;
                    self.warn("nothing to run: no marked row allows this action");
                    return Vec::new();
                }
                run.phase = Phase::Running;
                self.pump()
            }
            BulkRequest::Cancelled => {
                self.modal = None;
                self.info("cancelled; the rows stay marked");
                Vec::new()
            }
            BulkRequest::Stop => {
                if let Some(run) = self.bulk_mut() {
                    run.paused = None;
                }
                self.warn("stopping: writes in flight finish, nothing new is sent");
                self.finish_if_idle();
                Vec::new()
            }
            BulkRequest::Dismiss => {
                let failed = self
                    .bulk_mut()
                    .map(|r| r.failed_targets())
                    .unwrap_or_default();
                self.modal = None;
                if let Some(list) = self.markable_list_mut() {
                    // The failed rows stay marked: one action key runs them again.
                    list.marks
                        .retain(|id| failed.iter().any(|f| f.as_str() == &**id));
                }
                if !failed.is_empty() {
                    self.warn(format!(
                        "{} failed row(s) stay marked; an action key runs them again",
                        failed.len()
                    ));
                }
                Vec::new()
            }
            BulkRequest::RetryFailed => {
                let Some(run) = self.bulk_mut() else {
                    return Vec::new();
                };
                let items = run.failed_again();
                let title = format!(
                    "{} (the failed ones again)",
                    run.title.trim_end_matches(" (the failed ones again)")
                );
                let mut again = BulkRun::plan(title, items, None);
                again.phase = Phase::Running;
                self.open_action(ActionModal::Bulk(again));
                self.pump()
            }
        }
    }
}
