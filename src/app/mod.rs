//! The console's state machine (The Elm Architecture): `App` is the whole model,
//! `App::update(Msg) -> Vec<Effect>` is pure and synchronous, and the runtime performs the
//! effects and feeds their answers back as `Msg`s. Nothing here does I/O.

pub mod actions;
pub mod bulk;
mod commands;
pub mod component;
pub mod create_form;
pub mod credentials;
pub mod effect;
pub mod filter;
pub mod groups;
pub mod ids;
pub mod input;
pub mod keymap;
mod keys;
pub mod layout;
pub mod list;
pub mod membership;
pub mod modal;
pub mod msg;
mod nav;
pub mod raw;
mod update;
pub mod users;

#[cfg(test)]
mod actions_tests;
#[cfg(test)]
mod qa_fix_tests;
#[cfg(test)]
mod qa_tests;
#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;

use crossterm::event::KeyEventKind;

use crate::okta::{RateBudget, UserQuery};

pub use credentials::{CredEffect, CredModal, CredMsg, CredentialsTab, TenantRow};
pub use effect::Effect;
pub use groups::{GroupDetail, GroupsTab};
pub use keymap::{Action, Context, Keymap};
pub use list::{LoadState, RowList, Sort};
pub use modal::{ErrorInfo, Modal, PromptKind};
pub use msg::{DetailPart, Msg, PageItems, ReqId, Slot, TenantInfo};
pub use nav::FocusList;
pub use users::{DetailLine, Load, UserDetail, UsersTab};

use input::LineInput;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Users,
    Groups,
    Credentials,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Users, Tab::Groups, Tab::Credentials];

    pub fn index(self) -> usize {
        match self {
            Tab::Users => 0,
            Tab::Groups => 1,
            Tab::Credentials => 2,
        }
    }
}

/// A screen pushed over the tab's list (Esc pops it).
#[derive(Debug)]
pub enum Screen {
    User(Box<UserDetail>),
    Group(Box<GroupDetail>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub kind: StatusKind,
    pub text: String,
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
}

pub struct App {
    pub tenant: Option<TenantInfo>,
    pub tab: Tab,
    pub users: UsersTab,
    pub groups: GroupsTab,
    pub credentials: CredentialsTab,
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
    /// The re-read of a user after a failed write (`app/actions.rs`).
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
            stack: Vec::new(),
            modal: None,
            filter_input: None,
            status: None,
            keymap,
            rate: None,
            rate_wait: None,
            status_about: None,
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
        }
    }

    /// The effects to run at start: load users when a tenant is connected.
    pub fn start(&mut self) -> Vec<Effect> {
        if self.tenant.is_some() {
            self.load_users()
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
            },
        }
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
        // A bad token stops everything: say so in a dialog that points to Credentials.
        if info.is_auth() {
            self.modal = Some(Modal::Error(info.clone()));
        }
    }

    // ---------------------------------------------------------------- update

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        // A message that changes nothing clears `dirty` below; that must not undo a change
        // made by an earlier message of the same batch (e.g. a picker's answer followed by an
        // unchanged rate figure would never be drawn).
        let was_dirty = self.dirty;
        let effects = self.update_one(msg);
        self.dirty |= was_dirty;
        effects
    }

    fn update_one(&mut self, msg: Msg) -> Vec<Effect> {
        self.dirty = true;
        match msg {
            Msg::Key(key) => {
                // Key release/repeat events (kitty protocol) are not presses.
                if key.kind == KeyEventKind::Release {
                    self.dirty = false;
                    return Vec::new();
                }
                self.on_key(key)
            }
            Msg::Mouse(ev) => self.on_mouse(ev),
            Msg::Paste(text) => {
                if self.credentials_paste(&text) || self.action_paste(&text) {
                    return Vec::new();
                }
                if let Some(input) = self.active_input() {
                    input.insert_str(&text);
                    return self.after_input_edit();
                }
                self.dirty = false;
                Vec::new()
            }
            Msg::Resize(w, h) => {
                self.width = w;
                self.height = h;
                self.keep_selection_visible();
                Vec::new()
            }
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Vec::new()
            }
            Msg::Page {
                req,
                slot,
                items,
                more,
            } => self.on_page(req, slot, items, more),
            Msg::PageFailed { req, slot, error } => {
                let what = match slot {
                    Slot::Users => "loading users",
                    Slot::Groups => "loading groups",
                    _ => "loading members",
                };
                let info = ErrorInfo::from_okta(what, &error);
                let Some(load) = self.stream_state(req, slot) else {
                    self.dirty = false;
                    return Vec::new();
                };
                *load = LoadState::Paused(info.clone());
                self.error(&info);
                if let Some(s) = self.status.as_mut() {
                    s.text.push_str(" · what loaded is kept; r retries");
                    self.status_about = Some((slot, s.text.clone()));
                }
                Vec::new()
            }
            Msg::RateWait { req, slot, wait } => {
                let Some(load) = self.stream_state(req, slot) else {
                    self.dirty = false;
                    return Vec::new();
                };
                *load = LoadState::Waiting {
                    seconds: wait.as_secs().max(1),
                };
                Vec::new()
            }
            Msg::Detail { req, part } => self.on_detail(req, part),
            Msg::GroupFetched { req, result } => {
                let Some(g) = self.stack.iter_mut().find_map(|s| match s {
                    Screen::Group(g) if g.req == req => Some(g),
                    _ => None,
                }) else {
                    self.dirty = false;
                    return Vec::new();
                };
                match result {
                    Ok(mut f) => {
                        // A single GET has no `expand=stats`: keep the count already known.
                        if f.value.users_count.is_none() {
                            f.value.users_count =
                                g.group().and_then(|k| k.users_count).or_else(|| {
                                    self.groups
                                        .list
                                        .find(&f.value.id)
                                        .and_then(|r| r.users_count)
                                });
                        }
                        self.groups.list.update_row(f.value.clone());
                        g.fetched = Load::Loaded(f);
                        if g.raw_pending {
                            g.raw_pending = false;
                            g.raw = g.raw_view();
                        }
                    }
                    Err(e) => {
                        let info = ErrorInfo::from_okta("loading group", &e);
                        g.fetched = Load::Failed(info.clone());
                        self.error(&info);
                    }
                }
                Vec::new()
            }
            Msg::ClientWait(wait) => {
                // Rounded up: "resuming in 0s" while still waiting would be a lie.
                let secs = wait.map(|d| (d.as_millis() as u64).div_ceil(1000).max(1));
                if secs == self.rate_wait {
                    self.dirty = false;
                    return Vec::new();
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
                Vec::new()
            }
            Msg::Rate(b) => {
                if self.rate == Some(b) {
                    self.dirty = false;
                }
                self.rate = Some(b);
                Vec::new()
            }
            Msg::TenantReady(info) => {
                let name = info.name.clone();
                self.tenant = Some(info);
                self.users = UsersTab::default();
                self.groups = GroupsTab::default();
                self.stack.clear();
                self.tab = Tab::Users;
                self.info(format!("connected to {name}"));
                self.load_users()
            }
            Msg::TenantFailed(text) => {
                let info = ErrorInfo::from_text("switching tenant", &text);
                self.error(&info);
                self.modal = Some(Modal::Error(info));
                Vec::new()
            }
            Msg::Copied(what) => {
                self.info(format!("copied {what} to the clipboard (OSC 52)"));
                Vec::new()
            }
            Msg::Action(msg) => self.on_action_msg(msg),
            Msg::Credentials(msg) => self.on_credentials_msg(msg),
        }
    }

    /// The load state of the stream this answer belongs to, or None when it is stale.
    fn stream_state(&mut self, req: ReqId, slot: Slot) -> Option<&mut LoadState> {
        match slot {
            Slot::Users => (self.users.list.req == Some(req)).then_some(&mut self.users.list.load),
            Slot::Groups => {
                (self.groups.list.req == Some(req)).then_some(&mut self.groups.list.load)
            }
            Slot::Members => self.stack.iter_mut().find_map(|s| match s {
                Screen::Group(g) if g.members.req == Some(req) => Some(&mut g.members.load),
                _ => None,
            }),
            Slot::UserDetail | Slot::GroupDetail => None,
        }
    }

    /// Every stream's load state (lists and open group screens).
    fn stream_loads(&mut self) -> Vec<&mut LoadState> {
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
    fn stopped_status(&mut self, slot: Slot, count: usize) {
        let text = stopped_line(count);
        self.info(text.clone());
        self.status_about = Some((slot, text));
    }

    /// A good page for `slot` arrived: a failure line about that slot is over, a stop line
    /// gets the new count. Lines about something else stay.
    fn slot_page_arrived(&mut self, slot: Slot, stopped: bool, count: usize) {
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
    fn status_is_about(&self, slot: Option<Slot>) -> bool {
        match (&self.status_about, &self.status) {
            (Some((s, text)), Some(line)) => slot.is_none_or(|x| x == *s) && line.text == *text,
            _ => false,
        }
    }

    /// The user left the place a slot's status line was about: the line goes.
    fn leave_slot_status(&mut self, slot: Option<Slot>) {
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

    fn on_page(&mut self, req: ReqId, slot: Slot, items: PageItems, more: bool) -> Vec<Effect> {
        let done = if more {
            LoadState::Loading
        } else {
            LoadState::Done
        };
        match (slot, items) {
            (Slot::Users, PageItems::Users(rows)) if self.users.list.req == Some(req) => {
                let list = &mut self.users.list;
                // A page that arrives after Esc stopped the stream is still data: keep it.
                let stopped = list.load == LoadState::Stopped;
                list.push_page(rows);
                if !stopped {
                    list.load = done;
                }
                let n = list.rows.len();
                self.slot_page_arrived(Slot::Users, stopped, n);
            }
            (Slot::Groups, PageItems::Groups(groups)) if self.groups.list.req == Some(req) => {
                let list = &mut self.groups.list;
                let stopped = list.load == LoadState::Stopped;
                list.push_page(groups);
                if !stopped {
                    list.load = done;
                }
                let n = list.rows.len();
                self.slot_page_arrived(Slot::Groups, stopped, n);
            }
            (Slot::Members, PageItems::Users(rows)) => {
                let Some(g) = self.stack.iter_mut().find_map(|s| match s {
                    Screen::Group(g) if g.members.req == Some(req) => Some(g),
                    _ => None,
                }) else {
                    self.dirty = false;
                    return Vec::new();
                };
                let stopped = g.members.load == LoadState::Stopped;
                g.members.push_page(rows);
                if !stopped {
                    g.members.load = done;
                }
                let n = g.members.rows.len();
                self.slot_page_arrived(Slot::Members, stopped, n);
            }
            _ => {
                // Stale: an older request for this slot, or a screen already left.
                self.dirty = false;
            }
        }
        Vec::new()
    }

    fn on_detail(&mut self, req: ReqId, part: DetailPart) -> Vec<Effect> {
        let Some(d) = self.stack.iter_mut().find_map(|s| match s {
            Screen::User(d) if d.req == req => Some(d),
            _ => None,
        }) else {
            self.dirty = false;
            return Vec::new();
        };
        let mut failure = None;
        match part {
            DetailPart::User(Ok(f)) => {
                let row = f.value.row.clone();
                d.user = Load::Loaded(f);
                if d.raw_pending {
                    d.raw_pending = false;
                    d.raw = d.raw_view();
                }
                self.users.list.update_row(row);
            }
            DetailPart::User(Err(e)) => {
                let info = ErrorInfo::from_okta("loading user", &e);
                d.user = Load::Failed(info.clone());
                failure = Some(info);
            }
            DetailPart::Groups(r) => {
                d.groups = match r {
                    Ok(f) => Load::Loaded(f),
                    Err(e) => {
                        let info = ErrorInfo::from_okta("loading groups", &e);
                        failure = Some(info.clone());
                        Load::Failed(info)
                    }
                }
            }
            DetailPart::Roles(r) => {
                d.roles = match r {
                    Ok(f) => Load::Loaded(f),
                    Err(e) => {
                        let info = ErrorInfo::from_okta("loading admin roles", &e);
                        // Reading roles needs a super admin; a 403 here is common and no
                        // reason to alarm: it shows in place only.
                        if e.status() != Some(403) {
                            failure = Some(info.clone());
                        }
                        Load::Failed(info)
                    }
                }
            }
            DetailPart::Apps(r) => {
                d.apps = match r {
                    Ok(f) => Load::Loaded(f),
                    Err(e) => {
                        let info = ErrorInfo::from_okta("loading apps", &e);
                        failure = Some(info.clone());
                        Load::Failed(info)
                    }
                }
            }
        }
        if let Some(info) = failure {
            self.error(&info);
        }
        Vec::new()
    }

    // ---------------------------------------------------------------- loads

    fn user_query_limit(&self, mut q: UserQuery) -> UserQuery {
        if q.limit.is_none() {
            q.limit = self.page_size;
        }
        q
    }

    fn load_users(&mut self) -> Vec<Effect> {
        if self.tenant.is_none() {
            return Vec::new();
        }
        let req = self.req();
        self.users.list.restart(req);
        let query = self.user_query_limit(self.users.query.clone());
        vec![Effect::LoadUsers { req, query }]
    }

    fn load_groups(&mut self) -> Vec<Effect> {
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

    fn open_user(&mut self, user_id: String, summary: Option<crate::okta::UserRow>) -> Vec<Effect> {
        let req = self.req();
        self.stack.push(Screen::User(Box::new(UserDetail::new(
            user_id.clone(),
            summary,
            req,
        ))));
        vec![Effect::LoadUserDetail { req, user_id }]
    }

    fn open_group(&mut self, group_id: String, summary: Option<crate::okta::Group>) -> Vec<Effect> {
        let req = self.req();
        let members_req = self.req();
        let mut detail = GroupDetail::new(group_id.clone(), summary, req);
        detail.members.restart(members_req);
        self.stack.push(Screen::Group(Box::new(detail)));
        vec![
            Effect::LoadGroup {
                req,
                group_id: group_id.clone(),
            },
            Effect::LoadMembers {
                req: members_req,
                group_id,
            },
        ]
    }

    /// Leaves the top screen: its loads stop and its data is dropped. A screen revealed with
    /// parts still missing (its loads were superseded) asks for them again.
    fn pop_screen(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if matches!(self.stack.last(), Some(Screen::Group(_))) {
            self.leave_slot_status(Some(Slot::Members));
        }
        match self.stack.pop() {
            Some(Screen::User(_)) => effects.push(Effect::Cancel {
                slot: Slot::UserDetail,
            }),
            Some(Screen::Group(_)) => {
                effects.push(Effect::Cancel {
                    slot: Slot::GroupDetail,
                });
                effects.push(Effect::Cancel {
                    slot: Slot::Members,
                });
            }
            None => {}
        }
        let req = self.req();
        let members_req = self.req();
        match self.stack.last_mut() {
            Some(Screen::User(d)) if d.is_loading() => {
                let user_id = d.user_id.clone();
                **d = UserDetail::new(user_id.clone(), d.summary.take(), req);
                effects.push(Effect::LoadUserDetail { req, user_id });
            }
            Some(Screen::Group(g)) => {
                if g.fetched.is_loading() {
                    g.req = req;
                    effects.push(Effect::LoadGroup {
                        req,
                        group_id: g.group_id.clone(),
                    });
                }
                if g.members.is_loading() {
                    g.members.restart(members_req);
                    effects.push(Effect::LoadMembers {
                        req: members_req,
                        group_id: g.group_id.clone(),
                    });
                }
            }
            _ => {}
        }
        effects
    }

    fn clear_stack(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.stack.iter().any(|s| matches!(s, Screen::User(_))) {
            effects.push(Effect::Cancel {
                slot: Slot::UserDetail,
            });
        }
        if self.stack.iter().any(|s| matches!(s, Screen::Group(_))) {
            effects.push(Effect::Cancel {
                slot: Slot::GroupDetail,
            });
            effects.push(Effect::Cancel {
                slot: Slot::Members,
            });
        }
        self.stack.clear();
        effects
    }

    fn switch_tab(&mut self, tab: Tab) -> Vec<Effect> {
        if tab != self.tab || !self.stack.is_empty() {
            self.leave_slot_status(None);
        }
        let mut effects = self.clear_stack();
        self.tab = tab;
        self.filter_input = None;
        if tab == Tab::Groups && self.groups.list.load == LoadState::Idle {
            effects.extend(self.load_groups());
        }
        if tab == Tab::Users && self.users.list.load == LoadState::Idle {
            effects.extend(self.load_users());
        }
        effects
    }
}

/// The status line after Esc stopped a stream at `count` rows.
fn stopped_line(count: usize) -> String {
    format!("loading stopped at {} (r reloads)", thousands(count))
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
