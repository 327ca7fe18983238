//! Writes from the console (issue 4): the action menu (`a`), the lifecycle keys, confirm
//! dialogs, reset/activation links, delete, clear sessions, and the `:journal` view.
//!
//! Every write goes the same way: the key asks for a fresh single-user GET (its `_links` say
//! what the user's state allows, a list row may be stale) → a confirm dialog naming the user,
//! the tenant and the effect → `ActionEffect::Write` → `ActionMsg::WriteDone` carrying a fresh
//! GET of the user, which updates the row and the detail in place. Nothing here does I/O.

use crossterm::event::{KeyCode, KeyEvent};
use serde_json::{Map, Value, json};

use crate::journal::JournalEntry;
use crate::okta::{Fetched, Group, LifecycleOp, NewUser, OktaError, User, UserRow, UserStatus};

use super::bulk::BulkRun;
use super::create_form::CreateForm;
use super::input::{InputOutcome, LineInput};
use super::keymap::{Action, Guard};
use super::membership::Picker;
use super::modal::{ErrorInfo, Modal};
use super::msg::ReqId;
use super::users::{Load, UserDetail};
use super::{App, Context, Screen, StatusKind, StatusLine, Tab};

/// A user a write is aimed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub login: String,
}

impl Target {
    pub fn of_row(row: &UserRow) -> Self {
        Target {
            id: row.id.to_string(),
            login: row.login.to_string(),
        }
    }
}

/// A group a membership write is aimed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    pub id: String,
    pub name: String,
}

impl GroupRef {
    pub fn of(g: &Group) -> Self {
        GroupRef {
            id: g.id.to_string(),
            name: g.name.to_string(),
        }
    }
}

/// A new user to create. Wrapped so effects can be compared in tests without comparing (or
/// printing) the password and recovery answer.
#[derive(Debug, Clone)]
pub struct NewUserSpec(pub NewUser);

impl PartialEq for NewUserSpec {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        a.login == b.login
            && a.email == b.email
            && a.first_name == b.first_name
            && a.last_name == b.last_name
            && a.group_ids == b.group_ids
            && a.activate == b.activate
            && a.password.is_some() == b.password.is_some()
            && a.recovery_question == b.recovery_question
    }
}

/// One write the runtime performs (and journals).
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOp {
    Lifecycle {
        target: Target,
        op: LifecycleOp,
    },
    /// One `DELETE /users/{id}`: deactivates a user that is not DEPROVISIONED, deletes one
    /// that is.
    Delete {
        target: Target,
        deprovisioned: bool,
    },
    ClearSessions {
        target: Target,
        oauth_tokens: bool,
    },
    Create(NewUserSpec),
    AddMember {
        group: GroupRef,
        target: Target,
    },
    RemoveMember {
        group: GroupRef,
        target: Target,
    },
}

impl WriteOp {
    /// The journal's action name (the same names the CLI uses).
    pub fn action(&self) -> String {
        match self {
            WriteOp::Lifecycle {
                op: LifecycleOp::ResetPassword { .. },
                ..
            } => "reset-link".into(),
            WriteOp::Lifecycle { op, .. } => op.api_name().replace('_', "-"),
            WriteOp::Delete {
                deprovisioned: false,
                ..
            } => "delete-deactivate".into(),
            WriteOp::Delete { .. } => "delete".into(),
            WriteOp::ClearSessions { .. } => "clear-sessions".into(),
            WriteOp::Create(_) => "create".into(),
            WriteOp::AddMember { .. } => "add-member".into(),
            WriteOp::RemoveMember { .. } => "remove-member".into(),
        }
    }

    /// The user the write concerns (None for create: the id is only known afterwards).
    pub fn target(&self) -> Option<&Target> {
        match self {
            WriteOp::Lifecycle { target, .. }
            | WriteOp::Delete { target, .. }
            | WriteOp::ClearSessions { target, .. }
            | WriteOp::AddMember { target, .. }
            | WriteOp::RemoveMember { target, .. } => Some(target),
            WriteOp::Create(_) => None,
        }
    }

    /// The login shown in results (create: the login asked for).
    pub fn login(&self) -> &str {
        match self {
            WriteOp::Create(spec) => &spec.0.login,
            other => other.target().map(|t| t.login.as_str()).unwrap_or(""),
        }
    }

    /// Flags and ids for the journal. Never a password, answer, token or link.
    pub fn options(&self) -> Map<String, Value> {
        let mut m = Map::new();
        match self {
            WriteOp::Lifecycle { op, .. } => {
                for (k, v) in op.query() {
                    m.insert(k.into(), Value::Bool(v == "true"));
                }
            }
            WriteOp::Delete { deprovisioned, .. } => {
                m.insert("sendEmail".into(), Value::Bool(false));
                m.insert("wasDeprovisioned".into(), Value::Bool(*deprovisioned));
            }
            WriteOp::ClearSessions { oauth_tokens, .. } => {
                m.insert("oauthTokens".into(), Value::Bool(*oauth_tokens));
            }
            WriteOp::Create(spec) => {
                let u = &spec.0;
                m.insert("activate".into(), Value::Bool(u.activate));
                m.insert("withPassword".into(), Value::Bool(u.password.is_some()));
                m.insert(
                    "withRecoveryQuestion".into(),
                    Value::Bool(u.recovery_question.is_some()),
                );
                m.insert("groupIds".into(), json!(u.group_ids));
            }
            WriteOp::AddMember { group, .. } | WriteOp::RemoveMember { group, .. } => {
                m.insert("groupId".into(), json!(group.id));
                m.insert("groupName".into(), json!(group.name));
            }
        }
        m
    }

    /// "suspend alice@example.com", for status lines and results.
    pub fn describe(&self) -> String {
        match self {
            WriteOp::AddMember { group, target } => {
                format!("add {} to {}", target.login, group.name)
            }
            WriteOp::RemoveMember { group, target } => {
                format!("remove {} from {}", target.login, group.name)
            }
            WriteOp::Delete {
                target,
                deprovisioned: false,
            } => format!("delete step 1 (deactivate) {}", target.login),
            other => format!("{} {}", other.action(), other.login()),
        }
    }
}

/// What a write returned, plus the user as a fresh GET shows it afterwards.
#[derive(Debug, Clone, Default)]
pub struct WriteOutcome {
    /// The user after the write (None when the GET failed or the user is gone).
    pub user: Option<User>,
    /// An activation or reset link returned instead of an email. Shown once, never stored
    /// elsewhere, never journaled.
    pub link: Option<String>,
    pub request_id: Option<String>,
    /// The user no longer exists (second delete).
    pub gone: bool,
}

/// Work for the runtime (see `runtime/writes.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum ActionEffect {
    /// Single `GET /users/{id}`: what the user's state allows now.
    FetchUser { req: ReqId, user_id: String },
    /// Perform one write, journal it, then GET the user afresh.
    Write {
        req: ReqId,
        tenant: String,
        op: WriteOp,
    },
    /// Groups for a picker: the org's OKTA_GROUPs, or one user's groups.
    LoadPickerGroups { req: ReqId, user_id: Option<String> },
    /// Users for a picker: a server prefix search (first page only).
    SearchUsers { req: ReqId, text: String },
    /// The last entries of the journal.
    ReadJournal { req: ReqId },
}

/// Answers from the runtime.
// Answers are moved once into the reducer; boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum ActionMsg {
    UserFetched {
        req: ReqId,
        result: Result<Fetched<User>, OktaError>,
    },
    WriteDone {
        req: ReqId,
        result: Result<WriteOutcome, OktaError>,
    },
    PickerGroups {
        req: ReqId,
        result: Result<Vec<Group>, OktaError>,
    },
    PickerUsers {
        req: ReqId,
        result: Result<Vec<UserRow>, OktaError>,
    },
    Journal {
        req: ReqId,
        entries: Vec<JournalEntry>,
    },
}

pub use super::ids::OpKind;

impl OpKind {
    pub const ALL: [OpKind; 9] = [
        OpKind::Activate,
        OpKind::Deactivate,
        OpKind::Suspend,
        OpKind::Unsuspend,
        OpKind::Unlock,
        OpKind::ExpirePassword,
        OpKind::ResetPassword,
        OpKind::ClearSessions,
        OpKind::Delete,
    ];

    pub fn from_action(a: Action) -> Option<OpKind> {
        Some(match a {
            Action::Activate => OpKind::Activate,
            Action::Deactivate => OpKind::Deactivate,
            Action::SuspendUser => OpKind::Suspend,
            Action::Unsuspend => OpKind::Unsuspend,
            Action::Unlock => OpKind::Unlock,
            Action::ExpirePassword => OpKind::ExpirePassword,
            Action::ResetPassword => OpKind::ResetPassword,
            Action::ClearSessions => OpKind::ClearSessions,
            Action::DeleteUser => OpKind::Delete,
            _ => return None,
        })
    }

    pub fn action(self) -> Action {
        match self {
            OpKind::Activate => Action::Activate,
            OpKind::Deactivate => Action::Deactivate,
            OpKind::Suspend => Action::SuspendUser,
            OpKind::Unsuspend => Action::Unsuspend,
            OpKind::Unlock => Action::Unlock,
            OpKind::ExpirePassword => Action::ExpirePassword,
            OpKind::ResetPassword => Action::ResetPassword,
            OpKind::ClearSessions => Action::ClearSessions,
            OpKind::Delete => Action::DeleteUser,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OpKind::Activate => "Activate / reactivate",
            OpKind::Deactivate => "Deactivate",
            OpKind::Suspend => "Suspend",
            OpKind::Unsuspend => "Unsuspend",
            OpKind::Unlock => "Unlock",
            OpKind::ExpirePassword => "Expire password",
            OpKind::ResetPassword => "Reset password (link)",
            OpKind::ClearSessions => "Clear sessions",
            OpKind::Delete => "Delete",
        }
    }

    /// The lifecycle operation behind the key, with the console's default options.
    fn lifecycle(self, status: &UserStatus) -> Option<LifecycleOp> {
        Some(match self {
            OpKind::Activate
                if matches!(status, UserStatus::Provisioned | UserStatus::Recovery) =>
            {
                LifecycleOp::Reactivate { send_email: false }
            }
            OpKind::Activate => LifecycleOp::Activate { send_email: true },
            OpKind::Deactivate => LifecycleOp::Deactivate { send_email: false },
            OpKind::Suspend => LifecycleOp::Suspend,
            OpKind::Unsuspend => LifecycleOp::Unsuspend,
            OpKind::Unlock => LifecycleOp::Unlock,
            OpKind::ExpirePassword => LifecycleOp::ExpirePassword,
            OpKind::ResetPassword => LifecycleOp::ResetPassword {
                send_email: false,
                revoke_sessions: false,
            },
            OpKind::ClearSessions | OpKind::Delete => return None,
        })
    }

    /// Whether a fresh single GET allows it: Okta's state machine for the user's status,
    /// `_links` only as a hint (`LifecycleOp::offered_for`).
    pub fn allowed_for_user(self, user: &User) -> bool {
        let status = &user.row.status;
        if user.row.transitioning_to.is_some() {
            // Okta refuses most operations while an async transition runs.
            return false;
        }
        match self {
            OpKind::ClearSessions => !matches!(status, UserStatus::Deprovisioned),
            OpKind::Delete => true,
            kind => kind
                .lifecycle(status)
                .is_some_and(|op| op.offered_for(user)),
        }
    }

    /// The documented state machine, for list rows (menus decide on a fresh GET). A row
    /// marked DELETED (gone) offers nothing.
    pub fn allowed_for_status(self, status: &UserStatus) -> bool {
        match self {
            OpKind::ClearSessions => {
                !matches!(status, UserStatus::Deprovisioned | UserStatus::Other(_))
            }
            OpKind::Delete => !matches!(status, UserStatus::Other(_)),
            kind => kind
                .lifecycle(status)
                .is_some_and(|op| op.allowed_for(status)),
        }
    }
}

/// A write waiting for the admin's yes.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub kind: OpKind,
    pub target: Target,
    pub status: UserStatus,
    pub send_email: bool,
    pub revoke_sessions: bool,
    pub oauth_tokens: bool,
    /// Delete: the login typed back.
    pub typed: LineInput,
}

impl Confirm {
    pub fn new(kind: OpKind, target: Target, status: UserStatus) -> Self {
        // Activate emails by default (Okta's own default); reactivate and reset show the
        // link instead so the admin can hand it over.
        let send_email = kind == OpKind::Activate
            && !matches!(status, UserStatus::Provisioned | UserStatus::Recovery);
        Confirm {
            kind,
            target,
            status,
            send_email,
            revoke_sessions: false,
            oauth_tokens: false,
            typed: LineInput::default(),
        }
    }

    pub fn op(&self) -> WriteOp {
        let target = self.target.clone();
        match self.kind {
            OpKind::Delete => WriteOp::Delete {
                target,
                deprovisioned: self.status == UserStatus::Deprovisioned,
            },
            OpKind::ClearSessions => WriteOp::ClearSessions {
                target,
                oauth_tokens: self.oauth_tokens,
            },
            kind => {
                let op = match kind.lifecycle(&self.status) {
                    Some(LifecycleOp::Activate { .. }) => LifecycleOp::Activate {
                        send_email: self.send_email,
                    },
                    Some(LifecycleOp::Reactivate { .. }) => LifecycleOp::Reactivate {
                        send_email: self.send_email,
                    },
                    Some(LifecycleOp::ResetPassword { .. }) => LifecycleOp::ResetPassword {
                        send_email: self.send_email,
                        revoke_sessions: self.revoke_sessions,
                    },
                    Some(op) => op,
                    None => LifecycleOp::Suspend,
                };
                WriteOp::Lifecycle { target, op }
            }
        }
    }

    /// Whether `e` toggles email for this write.
    pub fn has_email_choice(&self) -> bool {
        matches!(self.kind, OpKind::Activate | OpKind::ResetPassword)
    }

    /// The title ("Suspend", "Reactivate").
    pub fn title(&self) -> &'static str {
        match self.op() {
            WriteOp::Lifecycle { op, .. } => op.label(),
            WriteOp::Delete {
                deprovisioned: false,
                ..
            } => "Delete (step 1 of 2: deactivate)",
            WriteOp::Delete { .. } => "Delete permanently",
            _ => self.kind.label(),
        }
    }

    /// What happens, in words (shown in the dialog).
    pub fn effect_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.op() {
            WriteOp::Lifecycle { op, .. } => {
                out.push(op.description().to_owned());
                if let LifecycleOp::Deactivate { .. } = op {
                    out.push(
                        "All of the user's app assignments are removed (deprovisioned in those apps)."
                            .into(),
                    );
                }
            }
            WriteOp::Delete {
                deprovisioned: false,
                ..
            } => {
                out.push(
                    "Okta deletes in two steps: this first DELETE deactivates the user (removes all app assignments, ends sign-in);"
                        .into(),
                );
                out.push(
                    "pressing Del again on the deactivated user deletes them for good.".into(),
                );
            }
            WriteOp::Delete { .. } => {
                out.push("The user is already deactivated: this deletes them permanently. It cannot be undone.".into());
            }
            WriteOp::ClearSessions { .. } => {
                out.push(
                    "ends all of the user's Okta sessions and forgets remembered devices; they must sign in again"
                        .into(),
                );
            }
            _ => {}
        }
        out
    }

    /// Whether Enter may send it now.
    pub fn ready(&self) -> bool {
        self.kind != OpKind::Delete || self.typed.text.trim() == self.target.login
    }
}

/// Whether the menu or a key asked for the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Menu,
    Op(OpKind),
}

/// A menu entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    Op(OpKind),
    AddToGroups,
    RemoveFromGroup,
}

impl MenuItem {
    pub fn label(self) -> &'static str {
        match self {
            MenuItem::Op(k) => k.label(),
            MenuItem::AddToGroups => "Add to groups…",
            MenuItem::RemoveFromGroup => "Remove from a group…",
        }
    }
}

/// Dialogs of the write actions (one variant of `Modal`).
#[derive(Debug, Clone, PartialEq)]
pub enum ActionModal {
    /// Waiting for the fresh GET that decides what is allowed.
    Checking {
        req: ReqId,
        target: Target,
        intent: Intent,
    },
    Menu {
        user: Box<User>,
        items: Vec<MenuItem>,
        selected: usize,
    },
    Confirm(Confirm),
    /// A single write in flight.
    Running {
        req: ReqId,
        op: WriteOp,
    },
    /// An activation or reset link: `y` copies it (OSC 52).
    Link {
        what: &'static str,
        login: String,
        url: String,
        copied: bool,
    },
    Journal {
        req: ReqId,
        entries: Option<Vec<JournalEntry>>,
        scroll: usize,
    },
    Bulk(BulkRun),
    Picker(Picker),
    Form(CreateForm),
}

impl App {
    fn set_status(&mut self, kind: StatusKind, text: String) {
        self.status = Some(StatusLine { kind, text });
    }

    pub(super) fn action_modal(&self) -> Option<&ActionModal> {
        match &self.modal {
            Some(Modal::Action(m)) => Some(m),
            _ => None,
        }
    }

    fn tenant_name(&self) -> String {
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
                        login: row.login.to_string(),
                    },
                    row.status.clone(),
                ))
            }
            Some(Screen::Group(g)) if g.raw.is_none() => g
                .members
                .selected_row()
                .map(|r| (Target::of_row(r), r.status.clone())),
            Some(_) => None,
            None => match self.tab {
                Tab::Users => self
                    .users
                    .list
                    .selected_row()
                    .map(|r| (Target::of_row(r), r.status.clone())),
                _ => None,
            },
        }
    }

    /// Whether a key of the write actions shows in the footer and works here (read-only
    /// tenants hide them all; lifecycle keys follow the focused user's status).
    pub fn key_available(&self, action: Action) -> bool {
        match self.keymap.guard(action) {
            Guard::Always => true,
            Guard::Write => !self.read_only(),
            Guard::Op(kind) => !self.read_only() && self.op_allowed(kind),
            Guard::Tenant(need) => self.credentials.allows(need),
        }
    }

    /// Whether the focused user (or every marked one, in bulk) allows this write.
    fn op_allowed(&self, kind: OpKind) -> bool {
        if self.marked_count() > 0 {
            return super::bulk::bulk_kind_supported(kind);
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

    /// A key of the write actions (from `act`).
    pub(super) fn write_key(&mut self, action: Action) -> Vec<Effect> {
        if self.read_only() {
            self.set_status(
                StatusKind::Warn,
                "read-only tenant: writes are off (the client refuses them too)".into(),
            );
            return Vec::new();
        }
        match action {
            Action::Mark => self.toggle_mark(),
            Action::CreateUser => self.open_create_form(),
            Action::Membership => self.membership_key(),
            Action::ActionMenu if self.marked_count() > 0 => self.open_bulk_menu(),
            Action::ActionMenu => self.check_user(Intent::Menu),
            other => match OpKind::from_action(other) {
                Some(kind) if self.marked_count() > 0 => self.plan_bulk(kind),
                Some(kind) => self.check_user(Intent::Op(kind)),
                None => Vec::new(),
            },
        }
    }

    /// Starts the fresh GET that decides what the focused user allows.
    pub(super) fn check_user(&mut self, intent: Intent) -> Vec<Effect> {
        let Some((target, _)) = self.focused_user() else {
            self.set_status(StatusKind::Warn, "no user selected".into());
            return Vec::new();
        };
        let req = self.req();
        let user_id = target.id.clone();
        self.modal = Some(Modal::Action(Box::new(ActionModal::Checking {
            req,
            target,
            intent,
        })));
        vec![Effect::Action(ActionEffect::FetchUser { req, user_id })]
    }

    /// Every answer of the write actions.
    pub(super) fn on_action_msg(&mut self, msg: ActionMsg) -> Vec<Effect> {
        match msg {
            ActionMsg::UserFetched { req, result } => self.on_user_fetched(req, result),
            ActionMsg::WriteDone { req, result } => self.on_write_done(req, result),
            ActionMsg::PickerGroups { req, result } => self.on_picker_groups(req, result),
            ActionMsg::PickerUsers { req, result } => self.on_picker_users(req, result),
            ActionMsg::Journal { req, entries } => {
                if let Some(Modal::Action(m)) = &mut self.modal
                    && let ActionModal::Journal {
                        req: r, entries: e, ..
                    } = m.as_mut()
                    && *r == req
                {
                    *e = Some(entries);
                } else {
                    self.dirty = false;
                }
                Vec::new()
            }
        }
    }

    fn on_user_fetched(
        &mut self,
        req: ReqId,
        result: Result<Fetched<User>, OktaError>,
    ) -> Vec<Effect> {
        if self.write_refresh == Some(req) {
            self.write_refresh = None;
            // The re-read after a failed write: show the user's true state.
            if let Ok(f) = result {
                self.apply_fresh_user(&f.value);
                if let Some(line) = self.status.as_mut() {
                    line.text.push_str(&format!(
                        " · {} is now {}",
                        f.value.row.login,
                        f.value.row.status.as_api()
                    ));
                }
            }
            return Vec::new();
        }
        let Some(ActionModal::Checking {
            req: want, intent, ..
        }) = self.action_modal()
        else {
            self.dirty = false;
            return Vec::new();
        };
        if *want != req {
            self.dirty = false;
            return Vec::new();
        }
        let intent = *intent;
        let user = match result {
            Ok(f) => f.value,
            Err(e) => {
                let info = ErrorInfo::from_okta("checking the user", &e);
                self.set_status(StatusKind::Error, info.one_line());
                self.modal = Some(Modal::Error(info));
                return Vec::new();
            }
        };
        self.apply_fresh_user(&user);
        match intent {
            Intent::Menu => {
                let mut items: Vec<MenuItem> = OpKind::ALL
                    .into_iter()
                    .filter(|k| k.allowed_for_user(&user))
                    .map(MenuItem::Op)
                    .collect();
                if user.row.status != UserStatus::Deprovisioned {
                    items.push(MenuItem::AddToGroups);
                }
                items.push(MenuItem::RemoveFromGroup);
                self.modal = Some(Modal::Action(Box::new(ActionModal::Menu {
                    user: Box::new(user),
                    items,
                    selected: 0,
                })));
                Vec::new()
            }
            Intent::Op(kind) => self.confirm_or_refuse(kind, &user),
        }
    }

    fn confirm_or_refuse(&mut self, kind: OpKind, user: &User) -> Vec<Effect> {
        let target = Target::of_row(&user.row);
        if kind.allowed_for_user(user) {
            self.modal = Some(Modal::Action(Box::new(ActionModal::Confirm(Confirm::new(
                kind,
                target,
                user.row.status.clone(),
            )))));
        } else {
            let allowed: Vec<&str> = OpKind::ALL
                .into_iter()
                .filter(|k| k.allowed_for_user(user))
                .map(OpKind::label)
                .collect();
            let mut text = format!(
                "{} is not possible for {}: the user is {}",
                kind.label(),
                target.login,
                user.row.status.as_api()
            );
            if let Some(t) = &user.row.transitioning_to {
                text.push_str(&format!(" (transitioning to {t})"));
            }
            text.push_str(&format!("; possible now: {}", allowed.join(", ")));
            self.modal = None;
            self.set_status(StatusKind::Warn, text);
        }
        Vec::new()
    }

    /// Puts a freshly fetched user into every list row and open detail that shows it.
    pub(super) fn apply_fresh_user(&mut self, user: &User) {
        self.users.list.update_row(user.row.clone());
        for screen in &mut self.stack {
            match screen {
                Screen::Group(g) => g.members.update_row(user.row.clone()),
                Screen::User(d) if d.user_id == *user.row.id => {
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
            r.status = UserStatus::Other("DELETED".into());
            r
        };
        if let Some(row) = self.users.list.find(&target.id).map(mark) {
            self.users.list.update_row(row);
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
    pub(super) fn send_write(&mut self, op: WriteOp) -> Vec<Effect> {
        let req = self.req();
        let tenant = self.tenant_name();
        self.set_status(StatusKind::Info, format!("{}…", op.describe()));
        self.modal = Some(Modal::Action(Box::new(ActionModal::Running {
            req,
            op: op.clone(),
        })));
        vec![Effect::Action(ActionEffect::Write { req, tenant, op })]
    }

    fn on_write_done(
        &mut self,
        req: ReqId,
        result: Result<WriteOutcome, OktaError>,
    ) -> Vec<Effect> {
        // A bulk run's answer?
        if let Some(Modal::Action(m)) = &self.modal
            && let ActionModal::Bulk(run) = m.as_ref()
            && run.owns(req)
        {
            return self.on_bulk_done(req, result);
        }
        let op = match self.action_modal() {
            Some(ActionModal::Running { req: r, op }) if *r == req => op.clone(),
            Some(ActionModal::Form(f)) if f.pending == Some(req) => {
                return self.on_create_done(result);
            }
            _ => {
                self.dirty = false;
                return Vec::new();
            }
        };
        self.modal = None;
        match result {
            Ok(outcome) => self.after_write(&op, outcome),
            Err(e) => {
                let mut info = ErrorInfo::from_okta(&op.describe(), &e);
                let Some(target) = op.target() else {
                    self.set_status(StatusKind::Error, info.one_line());
                    self.modal = Some(Modal::Error(info));
                    return Vec::new();
                };
                // A failed (or cut off) write may still have happened: read the user again
                // so the row shows the truth, and do not invite a blind repeat.
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
        }
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
            text.push_str(&format!(" → {}", u.row.status.as_api()));
            if let Some(t) = &u.row.transitioning_to {
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
        if matches!(op, WriteOp::AddMember { .. } | WriteOp::RemoveMember { .. }) {
            effects.extend(self.after_membership_change(op));
        }
        if let Some(url) = outcome.link {
            let what = match op {
                WriteOp::Lifecycle {
                    op: LifecycleOp::ResetPassword { .. },
                    ..
                } => "password reset link",
                _ => "activation link",
            };
            self.modal = Some(Modal::Action(Box::new(ActionModal::Link {
                what,
                login: op.login().to_owned(),
                url,
                copied: false,
            })));
        }
        effects
    }

    /// `:journal`.
    pub(super) fn open_journal(&mut self) -> Vec<Effect> {
        let req = self.req();
        self.modal = Some(Modal::Action(Box::new(ActionModal::Journal {
            req,
            entries: None,
            scroll: 0,
        })));
        vec![Effect::Action(ActionEffect::ReadJournal { req })]
    }

    /// Keys while one of the write dialogs is open.
    pub(super) fn on_action_modal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(Modal::Action(mut m)) = self.modal.take() else {
            return Vec::new();
        };
        let (keep, effects) = match m.as_mut() {
            ActionModal::Checking { .. } => {
                // Esc gives up waiting; the answer is then dropped as stale.
                (key.code != KeyCode::Esc, Vec::new())
            }
            ActionModal::Running { .. } => {
                // The write is already on its way: it cannot be called back. Keep showing it.
                (true, Vec::new())
            }
            ActionModal::Menu {
                user,
                items,
                selected,
            } => match key.code {
                KeyCode::Esc | KeyCode::Char('q') => (false, Vec::new()),
                KeyCode::Down | KeyCode::Char('j') => {
                    *selected = (*selected + 1).min(items.len().saturating_sub(1));
                    (true, Vec::new())
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    *selected = selected.saturating_sub(1);
                    (true, Vec::new())
                }
                KeyCode::Enter => {
                    let item = items.get(*selected).copied();
                    let user = user.as_ref().clone();
                    return self.menu_pick(item, user);
                }
                _ => {
                    // The item's own key picks it straight away.
                    let action = self.keymap.action(Context::Users, &key);
                    let item = items.iter().copied().find(|i| match i {
                        MenuItem::Op(k) => Some(k.action()) == action,
                        MenuItem::AddToGroups => key.code == KeyCode::Char('+'),
                        MenuItem::RemoveFromGroup => key.code == KeyCode::Char('-'),
                    });
                    match item {
                        Some(item) => {
                            let user = user.as_ref().clone();
                            return self.menu_pick(Some(item), user);
                        }
                        None => (true, Vec::new()),
                    }
                }
            },
            ActionModal::Confirm(c) => {
                if c.kind == OpKind::Delete {
                    match c.typed.handle_key(&key) {
                        InputOutcome::Cancel => (false, Vec::new()),
                        InputOutcome::Submit if c.ready() => {
                            let op = c.op();
                            return self.send_write(op);
                        }
                        _ => (true, Vec::new()),
                    }
                } else {
                    match key.code {
                        KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('q') => {
                            self.set_status(StatusKind::Info, format!("{}: cancelled", c.title()));
                            (false, Vec::new())
                        }
                        KeyCode::Char('y') | KeyCode::Enter => {
                            let op = c.op();
                            return self.send_write(op);
                        }
                        KeyCode::Char('e') if c.has_email_choice() => {
                            c.send_email = !c.send_email;
                            (true, Vec::new())
                        }
                        KeyCode::Char('r') if c.kind == OpKind::ResetPassword => {
                            c.revoke_sessions = !c.revoke_sessions;
                            (true, Vec::new())
                        }
                        KeyCode::Char('o') if c.kind == OpKind::ClearSessions => {
                            c.oauth_tokens = !c.oauth_tokens;
                            (true, Vec::new())
                        }
                        _ => (true, Vec::new()),
                    }
                }
            }
            ActionModal::Link {
                what, url, copied, ..
            } => match key.code {
                KeyCode::Char('y') => {
                    *copied = true;
                    let effect = Effect::Copy {
                        text: url.clone(),
                        what: (*what).to_owned(),
                    };
                    (true, vec![effect])
                }
                _ => (false, Vec::new()),
            },
            ActionModal::Journal { scroll, .. } => match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    *scroll += 1;
                    (true, Vec::new())
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    *scroll = scroll.saturating_sub(1);
                    (true, Vec::new())
                }
                KeyCode::PageDown => {
                    *scroll += 10;
                    (true, Vec::new())
                }
                KeyCode::PageUp => {
                    *scroll = scroll.saturating_sub(10);
                    (true, Vec::new())
                }
                _ => (false, Vec::new()),
            },
            ActionModal::Bulk(_) | ActionModal::Picker(_) | ActionModal::Form(_) => {
                self.modal = Some(Modal::Action(m));
                return self.on_sub_modal_key(key);
            }
        };
        if keep && self.modal.is_none() {
            self.modal = Some(Modal::Action(m));
        }
        effects
    }

    fn on_sub_modal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match self.action_modal() {
            Some(ActionModal::Bulk(_)) => self.on_bulk_key(key),
            Some(ActionModal::Picker(_)) => self.on_picker_key(key),
            Some(ActionModal::Form(_)) => self.on_form_key(key),
            _ => Vec::new(),
        }
    }

    fn menu_pick(&mut self, item: Option<MenuItem>, user: User) -> Vec<Effect> {
        let target = Target::of_row(&user.row);
        match item {
            None => {
                self.modal = None;
                Vec::new()
            }
            Some(MenuItem::Op(kind)) => self.confirm_or_refuse(kind, &user),
            Some(MenuItem::AddToGroups) => {
                self.modal = None;
                self.open_group_picker_for_user(target)
            }
            Some(MenuItem::RemoveFromGroup) => {
                self.modal = None;
                self.open_user_groups_picker(target)
            }
        }
    }

    /// Pastes into the text field of an open write dialog.
    pub(super) fn action_paste(&mut self, text: &str) -> bool {
        let Some(Modal::Action(m)) = &mut self.modal else {
            return false;
        };
        match m.as_mut() {
            ActionModal::Confirm(c) if c.kind == OpKind::Delete => {
                c.typed.insert_str(text);
                true
            }
            ActionModal::Picker(p) => {
                p.input.insert_str(text);
                p.refilter();
                true
            }
            ActionModal::Form(f) => f.paste(text),
            _ => false,
        }
    }

    /// Opens the user detail fresh (after membership changes its groups are stale).
    pub(super) fn reload_user_detail(&mut self, user_id: &str) -> Vec<Effect> {
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

use super::Effect;
