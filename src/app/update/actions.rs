//! The write keys and the write dialogs' keys: which keys may act here (the table's guards
//! evaluated against the tenant and the focused user), what a key of the write family does,
//! and what each dialog's outcome changes.

use crossterm::event::KeyEvent;

use crate::app::actions::confirm::ConfirmRequest;
use crate::app::actions::{ActionModal, Intent, MenuItem, Target};
use crate::app::component::{Component, Outcome};
use crate::app::ids::OpKind;
use crate::app::keymap::{Action, Guard};
use crate::app::status::{StatusKind, StatusLine};
use crate::app::{App, Effect, Modal, Reply, Screen, Tab};
use crate::okta::{User, UserStatus};

impl App {
    pub(in crate::app) fn set_status(&mut self, kind: StatusKind, text: String) {
        self.status = Some(StatusLine { kind, text });
        self.status_error = None;
    }

    pub(in crate::app) fn action_modal(&self) -> Option<&ActionModal> {
        match &self.modal {
            Some(Modal::Action(m)) => Some(m),
            _ => None,
        }
    }

    pub(in crate::app) fn action_modal_mut(&mut self) -> Option<&mut ActionModal> {
        match &mut self.modal {
            Some(Modal::Action(m)) => Some(m),
            _ => None,
        }
    }

    pub(in crate::app) fn open_action(&mut self, dialog: ActionModal) {
        self.modal = Some(Modal::Action(Box::new(dialog)));
    }

    pub(in crate::app) fn tenant_name(&self) -> String {
        self.tenant
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default()
    }

    pub fn tenant_label(&self) -> String {
        match &self.tenant {
            Some(t) => format!("{} ({})", t.name, t.domain),
            None => "no tenant".into(),
        }
    }

    pub fn read_only(&self) -> bool {
        self.tenant.as_ref().is_none_or(|t| t.read_only)
    }

    /// The user the action keys work on: the selected row, or the open detail's user.
    pub fn focused_user(&self) -> Option<(Target, UserStatus)> {
        match self.stack.last() {
            Some(Screen::User(d)) => {
                let row = d
                    .user
                    .loaded()
                    .map(|f| &f.value.row)
                    .or(d.summary.as_ref())?;
                Some((
                    Target {
                        id: d.user_id.clone(),
                        login: row.login().to_string(),
                    },
                    row.status(),
                ))
            }
            Some(Screen::Group(g)) if g.raw.is_none() => g
                .members
                .selected_row()
                .map(|r| (Target::of_row(r), r.status())),
            Some(_) => None,
            None => match self.tab {
                Tab::Users => self
                    .users
                    .list
                    .selected_row()
                    .map(|r| (Target::of_row(r), r.status())),
                _ => None,
            },
        }
    }

    /// Whether a key shows in the footer and works here: its row's guard evaluated now
    /// (read-only tenants hide every write; lifecycle keys follow the focused user's status).
    pub fn key_available(&self, action: Action) -> bool {
        match self.keymap.guard(action) {
            Guard::Always => true,
            // One factor's reset needs a factor focused in the user detail.
            Guard::Write if action == Action::ResetFactor => {
                !self.read_only() && self.focused_factor().is_some()
            }
            Guard::Write => !self.read_only(),
            Guard::Op(kind) => !self.read_only() && self.op_allowed(kind),
            Guard::Tenant(need) => self.credentials.allows(need),
        }
    }

    /// Whether the focused user (or every marked one, in bulk) allows this write.
    fn op_allowed(&self, kind: OpKind) -> bool {
        if self.marked_count() > 0 {
            return kind.works_in_bulk();
        }
        // In the detail the fresh user's links decide; elsewhere the row's status.
        if let Some(Screen::User(d)) = self.stack.last()
            && let Some(f) = d.user.loaded()
        {
            return kind.allowed_for_user(&f.value);
        }
        self.focused_user()
            .is_some_and(|(_, s)| kind.allowed_for_status(&s))
    }

    /// A key of the write family on a list or a detail.
    pub(in crate::app) fn write_key(&mut self, action: Action) -> Vec<Effect> {
        if self.read_only() {
            self.warn("read-only tenant: writes are off (the client refuses them too)");
            return Vec::new();
        }
        match action {
            Action::Mark => self.toggle_mark(),
            Action::CreateUser => self.open_create_form(),
            Action::Membership => self.membership_key(),
            Action::ActionMenu if self.marked_count() > 0 => self.open_bulk_menu(),
            Action::ActionMenu => self.check_user(Intent::Menu),
            Action::ResetFactor => self.reset_one_factor(),
            Action::EditProfile => self.open_profile_form(),
            other => match OpKind::from_action(other) {
                Some(kind) if self.marked_count() > 0 => self.plan_bulk(kind),
                Some(kind) => self.check_user(Intent::Op(kind)),
                None => Vec::new(),
            },
        }
    }

    /// Keys while one of the write dialogs is open: the dialog decides, this applies.
    pub(in crate::app) fn on_action_modal_key(&mut self, key: KeyEvent) -> Reply {
        let Some(Modal::Action(m)) = &mut self.modal else {
            return Reply::Unchanged;
        };
        let keys = &self.keymap;
        match m.as_mut() {
            ActionModal::Checking(c) => {
                let o = c.on_key(&key, keys);
                self.settle(o, |_, ()| Vec::new())
            }
            ActionModal::Running(r) => {
                let o = r.on_key(&key, keys);
                self.settle(o, |_, ()| Vec::new())
            }
            ActionModal::Journal(j) => {
                j.fit_screen(self.height);
                let o = j.on_key(&key, keys);
                self.settle(o, |_, ()| Vec::new())
            }
            ActionModal::Menu(menu) => match menu.on_key(&key, keys) {
                Outcome::Request(item) => {
                    let user = menu.user.as_ref().clone();
                    self.menu_pick(item, user).into()
                }
                o => self.settle(o, |_, _| Vec::new()),
            },
            ActionModal::Confirm(c) => {
                let title = c.title();
                let o = c.on_key(&key, keys);
                self.settle(o, |app, request| match request {
                    ConfirmRequest::Send(op) => app.send_write(op),
                    ConfirmRequest::Cancelled => {
                        app.modal = None;
                        app.info(format!("{title}: cancelled"));
                        Vec::new()
                    }
                })
            }
            ActionModal::Link(l) => {
                let o = l.on_key(&key, keys);
                self.settle(o, |_, copy| {
                    vec![Effect::Copy {
                        text: copy.text,
                        what: copy.what,
                    }]
                })
            }
            ActionModal::Bulk(run) => {
                let o = run.on_key(&key, keys);
                self.settle(o, App::on_bulk_request)
            }
            ActionModal::MemberMenu(menu) => match menu.on_key(&key, keys) {
                Outcome::Request(pick) => {
                    let of = menu.of.clone();
                    self.on_member_pick(of, pick).into()
                }
                o => self.settle(o, |_, _| Vec::new()),
            },
            ActionModal::Picker { picker, .. } => {
                let o = picker.on_key(&key, keys);
                match o {
                    Outcome::Close => self.close_picker().into(),
                    o => self.settle(o, App::on_picker_request),
                }
            }
            ActionModal::Form(f) => {
                let o = f.on_key(&key, keys);
                self.settle(o, App::on_form_request)
            }
        }
    }

    /// Applies a dialog's outcome: nothing, a redraw, closing it, or its request.
    fn settle<R>(
        &mut self,
        outcome: Outcome<R>,
        request: impl FnOnce(&mut App, R) -> Vec<Effect>,
    ) -> Reply {
        match outcome {
            // A dialog keeps every key: one it does not take reaches nothing under it.
            Outcome::Ignored => Reply::Unchanged,
            Outcome::Changed => Reply::done(),
            Outcome::Close => {
                self.modal = None;
                Reply::done()
            }
            Outcome::Request(r) => request(self, r).into(),
        }
    }

    fn menu_pick(&mut self, item: MenuItem, user: User) -> Vec<Effect> {
        let target = Target::of_row(&user.row);
        match item {
            MenuItem::Op(kind) => self.confirm_or_refuse(kind, &user),
            MenuItem::AddToGroups => {
                self.modal = None;
                self.open_group_picker_for_user(target)
            }
            MenuItem::RemoveFromGroup => {
                self.modal = None;
                self.open_user_groups_picker(target)
            }
        }
    }

    /// Pastes into the text field of an open write dialog. False when none takes it.
    pub(in crate::app) fn action_paste(&mut self, text: &str) -> bool {
        let Some(m) = self.action_modal_mut() else {
            return false;
        };
        let ignored = match m {
            ActionModal::Confirm(c) => matches!(c.on_paste(text), Outcome::Ignored),
            ActionModal::Picker { picker, .. } => matches!(picker.on_paste(text), Outcome::Ignored),
            ActionModal::Form(f) => matches!(f.on_paste(text), Outcome::Ignored),
            _ => true,
        };
        !ignored
    }
}
