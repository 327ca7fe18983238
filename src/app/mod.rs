//! The console's state machine (The Elm Architecture): `App` is the whole model,
//! `App::update(Msg) -> Vec<Effect>` is pure and synchronous, and the runtime performs the
//! effects and feeds their answers back as `Msg`s. Nothing here does I/O.

pub mod actions;
pub mod component;
pub mod credentials;
pub mod detail_line;
pub mod dialogs;
pub mod effect;
pub mod filter;
pub mod focus;
pub mod groups;
pub mod ids;
pub mod index_view;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod logs;
pub mod modal;
pub mod msg;
pub mod pane;
pub mod playbooks;
pub mod profile;
pub mod raw;
pub mod signin;
pub mod status;
mod update;
pub mod users;

#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;

use crossterm::event::KeyEventKind;

use crate::okta::RateBudget;

pub use credentials::{CredEffect, CredModal, CredMsg, CredentialsTab, TenantRow};
pub use effect::Effect;
pub use focus::FocusList;
pub use groups::{GroupDetail, GroupsTab};
pub use keymap::{Action, Context, Keymap};
pub use list::{LoadState, RowList, Sort};
pub use modal::{Modal, PromptKind};
pub use msg::{DetailPart, Msg, PageItems, ReqId, Slot, TenantInfo};
pub use status::{ErrorInfo, StatusKind, StatusLine};
pub use users::{DetailLine, Load, UserDetail, UsersTab};

use input::LineInput;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Users,
    Groups,
    Credentials,
    Logs,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Users, Tab::Groups, Tab::Credentials, Tab::Logs];

    pub fn index(self) -> usize {
        match self {
            Tab::Users => 0,
            Tab::Groups => 1,
            Tab::Credentials => 2,
            Tab::Logs => 3,
        }
    }
}

/// A screen pushed over the tab's list (Esc pops it).
#[derive(Debug)]
pub enum Screen {
    User(Box<UserDetail>),
    Group(Box<GroupDetail>),
}

/// How the console starts.
#[derive(Debug, Clone, Default)]
pub struct AppInit {
    pub tenant: Option<TenantInfo>,
    pub credentials: CredentialsTab,
    pub keys: std::collections::BTreeMap<String, String>,
    pub mouse: bool,
    /// `NO_COLOR` is set: draw with bold/reverse/underline only.
    pub no_color: bool,
    /// Users per page (None: the client's default, Okta's maximum of 200).
    pub page_size: Option<u32>,
    pub width: u16,
    pub height: u16,
    /// Show the focused row's detail beside the list where the terminal is wide enough
    /// (`app/pane/`). Off unless asked: the console asks; tests that draw lists at 160
    /// columns draw them alone unless they ask.
    pub detail_pane: bool,
    /// Which tenants open from their local index (`app/index_view.rs`).
    pub index: index_view::IndexPolicy,
}

pub struct App {
    pub tenant: Option<TenantInfo>,
    pub tab: Tab,
    pub users: UsersTab,
    pub groups: GroupsTab,
    pub credentials: CredentialsTab,
    pub logs: logs::LogsTab,
    pub stack: Vec<Screen>,
    pub modal: Option<Modal>,
    /// The local filter being typed (`/`), shown on the status line.
    pub filter_input: Option<LineInput>,
    pub status: Option<StatusLine>,
    pub keymap: Keymap,
    pub rate: Option<RateBudget>,
    /// Seconds left of a 429 wait the client is sitting out (None: not waiting).
    pub rate_wait: Option<u64>,
    /// The status line reports on this slot's load (its failure or Esc-stop) with this text;
    /// a later good page for the slot, or leaving it, replaces the line.
    status_about: Option<(Slot, String)>,
    /// The error behind the status line, whole, for the whole-message key (`update/message.rs`).
    status_error: Option<ErrorInfo>,
    /// The re-read of a user after a failed write (`app/update/writes.rs`).
    write_refresh: Option<ReqId>,
    pub mouse: bool,
    /// Draw with colours (false under `NO_COLOR`).
    pub color: bool,
    pub width: u16,
    pub height: u16,
    pub spinner: usize,
    pub quit: bool,
    dirty: bool,
    next_req: u64,
    page_size: Option<u32>,
    /// The id of the admin the credential acts as (`users/me`), learned once per tenant; None
    /// while unknown or when the credential has no user (an OAuth service app).
    pub own_id: Option<String>,
    /// The detail beside the list (`app/pane/`, `app/update/pane.rs`).
    pub pane: pane::Pane,
    /// The local index of the connected tenant (`update/index.rs`).
    pub index: index_view::IndexView,
}

impl App {
    pub fn new(init: AppInit) -> Self {
        let (keymap, key_warnings) = Keymap::new(&init.keys);
        let mut credentials = init.credentials;
        credentials.warnings.extend(key_warnings);
        let tab = if init.tenant.is_some() {
            Tab::Users
        } else {
            Tab::Credentials
        };
        App {
            tenant: init.tenant,
            tab,
            users: UsersTab::default(),
            groups: GroupsTab::default(),
            credentials,
            logs: logs::LogsTab::default(),
            stack: Vec::new(),
            modal: None,
            filter_input: None,
            status: None,
            keymap,
            rate: None,
            rate_wait: None,
            status_about: None,
            status_error: None,
            write_refresh: None,
            mouse: init.mouse,
            color: !init.no_color,
            width: init.width,
            height: init.height,
            spinner: 0,
            quit: false,
            dirty: true,
            next_req: 0,
            page_size: init.page_size,
            own_id: None,
            pane: pane::Pane::new(init.detail_pane),
            index: index_view::IndexView {
                policy: init.index,
                session: None,
            },
        }
    }

    /// The effects to run at start: load users when a tenant is connected.
    pub fn start(&mut self) -> Vec<Effect> {
        if self.tenant.is_some() {
            let mut effects = self.load_users_or_index();
            effects.extend(self.learn_own_id());
            effects.extend(self.look_for_unfinished_run());
            effects
        } else {
            Vec::new()
        }
    }

    /// True (once) when the screen must be redrawn.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// A spinner is visible: the runtime runs its timer only while this is true.
    pub fn wants_tick(&self) -> bool {
        self.users.list.is_loading()
            || self.groups.list.is_loading()
            || self.credentials_busy()
            || self.logs.list.is_loading()
            || self.rate_wait.is_some()
            || self.stack.iter().any(|s| match s {
                Screen::User(d) => d.is_loading(),
                Screen::Group(g) => g.fetched.is_loading() || g.members.is_loading(),
            })
    }

    fn req(&mut self) -> ReqId {
        self.next_req += 1;
        ReqId(self.next_req)
    }

    /// Where the keys go right now.
    pub fn context(&self) -> Context {
        if let Some(ctx) = self.credentials_context() {
            return ctx;
        }
        match self.stack.last() {
            Some(Screen::User(d)) if d.raw.is_some() => Context::Raw,
            Some(Screen::Group(g)) if g.raw.is_some() => Context::Raw,
            Some(Screen::User(_)) => Context::UserDetail,
            Some(Screen::Group(_)) => Context::GroupDetail,
            None => match self.tab {
                Tab::Users => Context::Users,
                Tab::Groups => Context::Groups,
                Tab::Credentials => Context::Credentials,
                Tab::Logs => self.logs.context(),
            },
        }
    }

    /// The first key of an action, for status lines that say which key to press.
    fn key_name(&self, action: Action) -> String {
        self.keymap
            .key_for(action)
            .map(|k| k.to_string())
            .unwrap_or_default()
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine {
            kind: StatusKind::Info,
            text: text.into(),
        });
    }

    fn warn(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine {
            kind: StatusKind::Warn,
            text: text.into(),
        });
    }

    fn error(&mut self, info: &ErrorInfo) {
        self.status = Some(StatusLine {
            kind: StatusKind::Error,
            text: info.one_line(),
        });
        self.status_error = Some(info.clone());
        // A bad token stops everything: say so in a dialog that points to Credentials.
        if info.is_auth() {
            self.modal = Some(Modal::Error(info.clone()));
        }
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        // Redraw after every message unless its handler says it changed nothing. A message
        // that changed nothing must not undo a change made by an earlier message of the same
        // batch (e.g. a picker's answer followed by an unchanged rate figure would never be
        // drawn), so what was pending stays pending.
        let status_rows = self.status_height();
        match self.dispatch(msg) {
            Reply::Unchanged => Vec::new(),
            Reply::Changed(mut effects) => {
                self.dirty = true;
                // The pane follows whatever moved the focus (keys, clicks, pages, filters).
                effects.extend(self.pane_follow());
                // A status line that grew or shrank moved the body's last row.
                if self.status_height() != status_rows {
                    self.keep_selection_visible();
                }
                effects
            }
        }
    }

    /// The one dispatch point: every message goes to the handler of its subject.
    fn dispatch(&mut self, msg: Msg) -> Reply {
        match msg {
            Msg::Key(key) => {
                // Key release/repeat events (kitty protocol) are not presses.
                if key.kind == KeyEventKind::Release {
                    return Reply::Unchanged;
                }
                self.on_key(key)
            }
            Msg::Mouse(ev) => self.on_mouse(ev),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Resize(w, h) => {
                self.width = w;
                self.height = h;
                self.keep_selection_visible();
                Reply::done()
            }
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Reply::done()
            }
            Msg::Page {
                req,
                slot,
                items,
                more,
            } => self.on_page(req, slot, items, more),
            Msg::PageFailed { req, slot, error } => self.on_page_failed(req, slot, error),
            Msg::RateWait { req, slot, wait } => self.on_rate_wait(req, slot, wait),
            Msg::PageRetry {
                req,
                slot,
                wait,
                attempt,
                error,
            } => self.on_page_retry(req, slot, wait, attempt, &error),
            Msg::Detail { req, part } => self.on_detail(req, part),
            Msg::GroupFetched { req, result } => self.on_group_fetched(req, result),
            Msg::ClientWait(wait) => self.on_client_wait(wait),
            Msg::Rate(b) => {
                if self.rate == Some(b) {
                    return Reply::Unchanged;
                }
                self.rate = Some(b);
                Reply::done()
            }
            Msg::TenantReady(info) => {
                let name = info.name.clone();
                self.tenant = Some(info);
                // The budget shown was the old tenant's: the new one's comes with its first
                // answer, and an unreachable tenant has none.
                self.rate = None;
                self.users = UsersTab::default();
                self.groups = GroupsTab::default();
                self.logs = logs::LogsTab::default();
                self.stack.clear();
                self.pane.reset();
                self.tab = Tab::Users;
                self.info(format!("connected to {name}"));
                self.index.session = None;
                let mut effects = self.load_users_or_index();
                effects.extend(self.learn_own_id());
                effects.extend(self.look_for_unfinished_run());
                effects.into()
            }
            Msg::TenantFailed(text) => {
                let info = ErrorInfo::from_text("switching tenant", &text);
                self.error(&info);
                self.modal = Some(Modal::Error(info));
                Reply::done()
            }
            Msg::Copied(what) => {
                self.info(format!("copied {what} to the clipboard (OSC 52)"));
                Reply::done()
            }
            Msg::Clock { req, now_epoch } => self.on_clock(req, now_epoch),
            Msg::Action(msg) => self.on_action_msg(msg),
            Msg::Credentials(msg) => self.on_credentials_msg(msg),
            Msg::Pane(msg) => self.on_pane_msg(msg),
            Msg::Index(msg) => self.on_index_msg(msg),
            Msg::Logs(msg) => self.on_logs_msg(msg),
            Msg::Profile(msg) => self.on_profile_msg(msg),
            Msg::Playbook(msg) => self.on_playbook_msg(msg),
        }
    }
}

/// What a handler did with a message. The dispatch point redraws after everything but
/// `Unchanged`, so no handler raises or lowers the redraw flag by hand.
#[derive(Debug)]
#[must_use]
pub(crate) enum Reply {
    /// Nothing changed (a stale answer, a key nobody takes): no redraw.
    Unchanged,
    /// The model may have changed: redraw, and run these effects.
    Changed(Vec<Effect>),
}

impl Reply {
    /// Changed, with nothing to run.
    pub(crate) fn done() -> Self {
        Reply::Changed(Vec::new())
    }

    /// The effects to run (none when nothing changed).
    pub(crate) fn into_effects(self) -> Vec<Effect> {
        match self {
            Reply::Unchanged => Vec::new(),
            Reply::Changed(effects) => effects,
        }
    }
}

impl From<Vec<Effect>> for Reply {
    fn from(effects: Vec<Effect>) -> Self {
        Reply::Changed(effects)
    }
}

/// `12400` → `12,400`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ellipsize(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
