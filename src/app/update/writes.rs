//! The single-write flow: the fresh GET that decides what a user allows, the confirm or the
//! refusal, the write, and what its answer changes (the row and the detail in place, a link
//! to hand over, a deleted user marked as such, a re-read after a failure).

use crate::app::actions::{
    ActionEffect, ActionMenu, ActionModal, ActionMsg, Checking, Confirm, Countdown, Intent,
    JournalView, LinkDialog, Running, Target, WriteOp, WriteOutcome,
};
use crate::app::ids::{OpKind, ReqId};
use crate::app::status::{ErrorInfo, StatusKind};
use crate::app::users::{Load, UserDetail};
use crate::app::{App, Effect, Modal, Reply, Screen};
use crate::okta::{Fetched, LifecycleOp, OktaError, User, UserRow, UserStatus};

impl App {
    /// Starts the fresh GET that decides what the focused user allows.
    pub(in crate::app) fn check_user(&mut self, intent: Intent) -> Vec<Effect> {
        let Some((target, _)) = self.focused_user() else {
            self.warn("no user selected");
            return Vec::new();
        };
        let req = self.req();
        let user_id = target.id.clone();
        self.open_action(ActionModal::Checking(Checking {
            req,
            target,
            intent,
            wait: Countdown(self.rate_wait),
        }));
        vec![Effect::Action(ActionEffect::FetchUser { req, user_id })]
    }

    /// Every answer of the write actions.
    pub(in crate::app) fn on_action_msg(&mut self, msg: ActionMsg) -> Reply {
        match msg {
            ActionMsg::UserFetched { req, result } => self.on_user_fetched(req, result),
            ActionMsg::WriteDone { req, result } => self.on_write_done(req, result),
            ActionMsg::PickerGroups { req, result } => self.on_picker_groups(req, result),
            ActionMsg::PickerUsers { req, result } => self.on_picker_users(req, result),
            ActionMsg::Journal { req, entries } => match (self.height, self.action_modal_mut()) {
                (height, Some(ActionModal::Journal(j))) if j.req == req => {
                    j.entries = Some(entries);
                    j.fit_screen(height);
                    Reply::done()
                }
                _ => Reply::Unchanged,
            },
            ActionMsg::WaitOver { req } => Reply::Changed(self.on_bulk_wait_over(req)),
            ActionMsg::Me { tenant, id } => self.on_own_id(tenant, id),
        }
    }

    fn on_user_fetched(&mut self, req: ReqId, result: Result<Fetched<User>, OktaError>) -> Reply {
        if self.write_refresh == Some(req) {
            self.write_refresh = None;
            // The re-read after a failed write: show the user's true state.
            if let Ok(f) = result {
                self.apply_fresh_user(&f.value);
                if let Some(line) = self.status.as_mut() {
                    line.text.push_str(&format!(
                        " · {} is now {}",
                        f.value.row.login(),
                        f.value.row.status_api()
                    ));
                }
            }
            return Reply::done();
        }
        let intent = match self.action_modal() {
            Some(ActionModal::Checking(c)) if c.req == req => c.intent,
            _ => return Reply::Unchanged,
        };
        let user = match result {
            Ok(f) => f.value,
            Err(e) => {
                let info = ErrorInfo::from_okta("checking the user", &e);
                self.set_status(StatusKind::Error, info.one_line());
                self.modal = Some(Modal::Error(info));
                return Reply::done();
            }
        };
        self.apply_fresh_user(&user);
        match intent {
            Intent::Menu => {
                self.open_action(ActionModal::Menu(ActionMenu::for_user(user)));
                Reply::done()
            }
            Intent::Op(kind) => self.confirm_or_refuse(kind, &user).into(),
        }
    }

    /// The confirm dialog when the fresh user allows `kind`; otherwise the status line says
    /// why not and what is possible.
    pub(in crate::app) fn confirm_or_refuse(&mut self, kind: OpKind, user: &User) -> Vec<Effect> {
        let target = Target::of_row(&user.row);
        if kind.allowed_for_user(user) {
            let mut confirm = Confirm::new(kind, target, user.row.status());
            confirm.own_account = self.is_own_account(user.row.id());
            self.open_action(ActionModal::Confirm(confirm));
            return Vec::new();
        }
        let allowed: Vec<&str> = OpKind::ALL
            .into_iter()
            .filter(|k| k.allowed_for_user(user))
            .map(OpKind::label)
            .collect();
        let mut text = format!(
            "{} is not possible for {}: the user is {}",
            kind.label(),
            target.login,
            user.row.status_api()
        );
        if let Some(t) = &user.row.transitioning_to() {
            text.push_str(&format!(" (transitioning to {t})"));
        }
        text.push_str(&format!("; possible now: {}", allowed.join(", ")));
        self.modal = None;
        self.set_status(StatusKind::Warn, text);
        Vec::new()
    }

    /// Puts a freshly fetched user into every list row and open detail that shows it.
    pub(in crate::app) fn apply_fresh_user(&mut self, user: &User) {
        self.update_user_row(user.row.clone());
        for screen in &mut self.stack {
            match screen {
                Screen::Group(g) => g.members.update_row(user.row.clone()),
                Screen::User(d) if d.user_id == *user.row.id() => {
                    if let Load::Loaded(f) = &mut d.user {
                        f.value = user.clone();
                        f.response.body = user.raw.clone();
                    } else {
                        d.summary = Some(user.row.clone());
                    }
                }
                Screen::User(_) => {}
            }
        }
    }

    /// Marks a user that no longer exists, keeping the row visible (nothing in the list is
    /// lost; it says DELETED).
    fn mark_gone(&mut self, target: &Target) {
        let mark = |row: &UserRow| {
            let mut r = row.clone();
            r.set_status(UserStatus::Other("DELETED".into()));
            r
        };
        if let Some(row) = self.users.list.find(&target.id).map(mark) {
            self.update_user_row(row);
        }
        for screen in &mut self.stack {
            if let Screen::Group(g) = screen
                && let Some(row) = g.members.find(&target.id).map(mark)
            {
                g.members.update_row(row);
            }
        }
    }

    /// Sends the confirmed write.
    pub(in crate::app) fn send_write(&mut self, op: WriteOp) -> Vec<Effect> {
        let req = self.req();
        let tenant = self.tenant_name();
        self.set_status(StatusKind::Info, format!("{}…", op.describe()));
        self.open_action(ActionModal::Running(Running {
            req,
            op: op.clone(),
            wait: Countdown(self.rate_wait),
        }));
        vec![Effect::Action(ActionEffect::Write { req, tenant, op })]
    }

    fn on_write_done(&mut self, req: ReqId, result: Result<WriteOutcome, OktaError>) -> Reply {
        let op = match self.action_modal() {
            Some(ActionModal::Bulk(run)) if run.owns(req) => {
                return self.on_bulk_done(req, result).into();
            }
            Some(ActionModal::Form(f)) if f.pending == Some(req) => {
                return self.on_create_done(result).into();
            }
            Some(ActionModal::Running(r)) if r.req == req => r.op.clone(),
            _ => return Reply::Unchanged,
        };
        self.modal = None;
        match result {
            Ok(outcome) => self.after_write(&op, outcome),
            Err(e) => self.after_failed_write(&op, &e),
        }
        .into()
    }

    fn after_failed_write(&mut self, op: &WriteOp, e: &OktaError) -> Vec<Effect> {
        let mut info = ErrorInfo::from_okta(&op.describe(), e);
        let Some(target) = op.target() else {
            self.set_status(StatusKind::Error, info.one_line());
            self.modal = Some(Modal::Error(info));
            return Vec::new();
        };
        // A failed (or cut off) write may still have happened: read the user again so the
        // row shows the truth, and do not invite a blind repeat.
        if info.status != Some(401) && info.status != Some(403) {
            info.hint = Some(format!(
                "The {} may or may not have been applied: check the user's status (refreshed) before trying again.",
                op.describe()
            ));
        }
        self.set_status(StatusKind::Error, info.one_line());
        self.modal = Some(Modal::Error(info));
        let req = self.req();
        self.write_refresh = Some(req);
        vec![Effect::Action(ActionEffect::FetchUser {
            req,
            user_id: target.id.clone(),
        })]
    }

    /// Updates the screen after a successful single write.
    fn after_write(&mut self, op: &WriteOp, outcome: WriteOutcome) -> Vec<Effect> {
        let rid = outcome
            .request_id
            .as_deref()
            .map(|r| format!(" (request id {r})"))
            .unwrap_or_default();
        let mut text = format!("{}: ok", op.describe());
        if let Some(u) = &outcome.user {
            text.push_str(&format!(" → {}", u.row.status_api()));
            if let Some(t) = &u.row.transitioning_to() {
                text.push_str(&format!(" (transitioning to {t})"));
            }
            self.apply_fresh_user(u);
        }
        let mut effects = Vec::new();
        if outcome.gone
            && let Some(t) = op.target()
        {
            self.mark_gone(t);
            text.push_str(" → deleted");
            // The deleted user's detail has nothing left to act on: back to the list.
            if matches!(self.stack.last(), Some(Screen::User(d)) if d.user_id == t.id) {
                effects.extend(self.pop_screen());
            }
        }
        text.push_str(&rid);
        self.set_status(StatusKind::Info, text);
        if op.is_membership() {
            effects.extend(self.after_membership_change(op));
        } else if !outcome.gone
            && let Some(t) = op.target()
            && matches!(self.stack.last(), Some(Screen::User(d)) if d.user_id == t.id)
        {
            // The sign-in card, factors and activity read what the write changed.
            let id = t.id.clone();
            effects.extend(self.reload_user_detail(&id));
        }
        if let Some(url) = outcome.link {
            let what = match op {
                WriteOp::Lifecycle {
                    op: LifecycleOp::ResetPassword { .. },
                    ..
                } => "password reset link",
                _ => "activation link",
            };
            self.open_action(ActionModal::Link(LinkDialog {
                what,
                login: op.login().to_owned(),
                url,
                copied: false,
            }));
        }
        effects
    }

    /// `:journal`.
    pub(in crate::app) fn open_journal(&mut self) -> Vec<Effect> {
        let req = self.req();
        self.open_action(ActionModal::Journal(JournalView::new(req)));
        vec![Effect::Action(ActionEffect::ReadJournal { req })]
    }

    /// Opens the user detail fresh (after membership changes its groups are stale).
    pub(in crate::app) fn reload_user_detail(&mut self, user_id: &str) -> Vec<Effect> {
        let req = self.req();
        for screen in &mut self.stack {
            if let Screen::User(d) = screen
                && d.user_id == user_id
            {
                let summary = d.summary.take();
                **d = UserDetail::new(user_id.to_owned(), summary, req);
                return vec![Effect::LoadUserDetail {
                    req,
                    user_id: user_id.to_owned(),
                }];
            }
        }
        Vec::new()
    }
}
