//! The console's state machine (The Elm Architecture): `App` is the whole model,
//! `App::update(Msg) -> Vec<Effect>` is pure and synchronous, and the runtime performs the
//! effects and feeds their answers back as `Msg`s. Nothing here does I/O.

pub mod credentials;
pub mod effect;
pub mod filter;
pub mod groups;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod modal;
pub mod msg;
pub mod raw;
pub mod users;

#[cfg(test)]
mod tests;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};

use crate::okta::query::Expr;
use crate::okta::{GroupQuery, RateBudget, UserQuery, UserStatus};

pub use credentials::{CredentialsTab, TenantRow};
pub use effect::Effect;
pub use groups::{GroupDetail, GroupsTab};
pub use keymap::{Action, Context, Keymap};
pub use list::{LoadState, RowList, Sort};
pub use modal::{ErrorInfo, Modal, PromptKind};
pub use msg::{DetailPart, Msg, PageItems, ReqId, Slot, TenantInfo};
pub use users::{DetailLine, Load, UserDetail, UsersTab};

use input::{InputOutcome, LineInput};

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
                    Ok(f) => {
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
            }
            (Slot::Groups, PageItems::Groups(groups)) if self.groups.list.req == Some(req) => {
                let list = &mut self.groups.list;
                let stopped = list.load == LoadState::Stopped;
                list.push_page(groups);
                if !stopped {
                    list.load = done;
                }
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

    // ---------------------------------------------------------------- keys

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.modal.is_some() {
            return self.on_modal_key(key);
        }
        if let Some(input) = self.filter_input.as_mut() {
            return match input.handle_key(&key) {
                InputOutcome::Edited => self.after_input_edit(),
                InputOutcome::Moved => Vec::new(),
                InputOutcome::Submit => {
                    self.filter_input = None;
                    Vec::new()
                }
                InputOutcome::Cancel => {
                    self.filter_input = None;
                    if let Some(list) = self.focused_list_mut() {
                        list.clear_filter();
                    }
                    self.keep_selection_visible();
                    Vec::new()
                }
            };
        }
        let ctx = self.context();
        match self.keymap.action(ctx, &key) {
            Some(action) => self.act(action),
            None => {
                self.dirty = false;
                Vec::new()
            }
        }
    }

    fn active_input(&mut self) -> Option<&mut LineInput> {
        match &mut self.modal {
            Some(Modal::Palette { input, .. }) | Some(Modal::Prompt { input, .. }) => Some(input),
            Some(_) => None,
            None => self.filter_input.as_mut(),
        }
    }

    fn after_input_edit(&mut self) -> Vec<Effect> {
        if let Some(Modal::Palette { selected, .. }) = &mut self.modal {
            *selected = 0;
        }
        if self.modal.is_none()
            && let Some(text) = self.filter_input.as_ref().map(|i| i.text.clone())
        {
            let (_, height) = self.focused_rows();
            if let Some(list) = self.focused_list_mut() {
                list.set_filter(&text);
                list.scroll_into_view(height);
            }
        }
        Vec::new()
    }

    fn on_modal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(modal) = self.modal.as_mut() else {
            return Vec::new();
        };
        match modal {
            Modal::Help { scroll } => {
                match key.code {
                    KeyCode::Char('j') | KeyCode::Down => *scroll += 1,
                    KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
                    KeyCode::PageDown => *scroll += 10,
                    KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                    _ => self.modal = None,
                }
                Vec::new()
            }
            Modal::Error(info) => {
                // From a token error, `3` goes straight to Credentials.
                let auth = info.is_auth();
                self.modal = None;
                if auth && key.code == KeyCode::Char('3') {
                    return self.switch_tab(Tab::Credentials);
                }
                Vec::new()
            }
            Modal::StatusPick { selected } => {
                let choices = modal::status_choices();
                match key.code {
                    KeyCode::Char('j') | KeyCode::Down => {
                        *selected = (*selected + 1).min(choices.len() - 1)
                    }
                    KeyCode::Char('k') | KeyCode::Up => *selected = selected.saturating_sub(1),
                    KeyCode::Enter => {
                        let choice = choices.get(*selected).cloned().flatten();
                        self.modal = None;
                        return self.status_filter(choice);
                    }
                    KeyCode::Esc | KeyCode::Char('q') => self.modal = None,
                    _ => {}
                }
                Vec::new()
            }
            Modal::Prompt { kind, input } => {
                let kind = *kind;
                match input.handle_key(&key) {
                    InputOutcome::Submit => {
                        let text = input.text.trim().to_owned();
                        self.modal = None;
                        match kind {
                            PromptKind::ServerSearch => self.server_search(&text),
                        }
                    }
                    InputOutcome::Cancel => {
                        self.modal = None;
                        Vec::new()
                    }
                    _ => Vec::new(),
                }
            }
            Modal::Palette { input, selected } => {
                let matches = modal::palette_matches(&input.text);
                match key.code {
                    KeyCode::Tab | KeyCode::Down => {
                        if !matches.is_empty() {
                            *selected = (*selected + 1) % matches.len();
                        }
                        Vec::new()
                    }
                    KeyCode::Up => {
                        *selected = selected.saturating_sub(1);
                        Vec::new()
                    }
                    KeyCode::Enter => {
                        let typed = input.text.trim().to_owned();
                        // A bare prefix picks the highlighted suggestion.
                        let line = if !typed.contains(' ')
                            && !modal::PALETTE_COMMANDS.iter().any(|c| c.name == typed)
                        {
                            matches
                                .get(*selected)
                                .map(|c| c.name.to_owned())
                                .unwrap_or(typed)
                        } else {
                            typed
                        };
                        self.modal = None;
                        self.run_command(&line)
                    }
                    _ => match input.handle_key(&key) {
                        InputOutcome::Cancel => {
                            self.modal = None;
                            Vec::new()
                        }
                        InputOutcome::Edited => {
                            *selected = 0;
                            Vec::new()
                        }
                        _ => Vec::new(),
                    },
                }
            }
        }
    }

    /// Runs a command-palette line (without the leading `:`).
    pub fn run_command(&mut self, line: &str) -> Vec<Effect> {
        let line = line.trim().trim_start_matches(':');
        let (cmd, arg) = match line.split_once(char::is_whitespace) {
            Some((c, a)) => (c, a.trim()),
            None => (line, ""),
        };
        match cmd {
            "" => Vec::new(),
            "users" | "u" => self.switch_tab(Tab::Users),
            "groups" | "g" => self.switch_tab(Tab::Groups),
            "credentials" | "creds" => self.switch_tab(Tab::Credentials),
            "search" | "filter" if arg.is_empty() => {
                self.warn(format!(":{cmd} needs an expression, e.g. :{cmd} status eq \"ACTIVE\""));
                Vec::new()
            }
            "search" => self.server_query(Some(arg.to_owned()), None),
            "filter" => self.server_query(None, Some(arg.to_owned())),
            "tenant" if arg.is_empty() => {
                self.warn(":tenant needs a tenant name (see the Credentials tab)");
                Vec::new()
            }
            "tenant" => {
                self.info(format!("connecting to {arg}…"));
                vec![Effect::SwitchTenant(arg.to_owned())]
            }
            "mouse" => {
                self.mouse = !self.mouse;
                let state = if self.mouse {
                    "on (click selects, wheel scrolls)"
                } else {
                    "off (the terminal selects text)"
                };
                self.info(format!("mouse {state}"));
                vec![Effect::SetMouse(self.mouse)]
            }
            "journal" => {
                self.warn("the journal is not yet available: it arrives with the write actions");
                Vec::new()
            }
            "help" | "h" => {
                self.modal = Some(Modal::Help { scroll: 0 });
                Vec::new()
            }
            "q" | "quit" | "q!" => self.act(Action::Quit),
            other => {
                self.warn(format!("unknown command :{other} (press : and Tab to see them)"));
                Vec::new()
            }
        }
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        let (_, height) = self.focused_rows();
        let page = height.max(1) as isize;
        match action {
            Action::Quit => {
                self.quit = true;
                let mut effects = self.clear_stack();
                effects.push(Effect::Quit);
                effects
            }
            Action::Help => {
                self.modal = Some(Modal::Help { scroll: 0 });
                Vec::new()
            }
            Action::Palette => {
                self.modal = Some(Modal::Palette {
                    input: LineInput::default(),
                    selected: 0,
                });
                Vec::new()
            }
            Action::NextTab => {
                let next = Tab::ALL[(self.tab.index() + 1) % Tab::ALL.len()];
                self.switch_tab(next)
            }
            Action::UsersTab => self.switch_tab(Tab::Users),
            Action::GroupsTab => self.switch_tab(Tab::Groups),
            Action::CredentialsTab => self.switch_tab(Tab::Credentials),
            Action::Up => self.move_focus(-1),
            Action::Down => self.move_focus(1),
            Action::PageUp => self.move_focus(-page),
            Action::PageDown => self.move_focus(page),
            Action::Top => self.move_focus(isize::MIN / 2),
            Action::Bottom => self.move_focus(isize::MAX / 2),
            Action::Open => self.open_focused(),
            Action::Back => self.back(),
            Action::Filter => {
                let current = self
                    .focused_list()
                    .and_then(|l| l.filter().map(|f| f.text().to_owned()))
                    .unwrap_or_default();
                self.filter_input = Some(LineInput::with_text(&current));
                Vec::new()
            }
            Action::Search => {
                self.modal = Some(Modal::Prompt {
                    kind: PromptKind::ServerSearch,
                    input: LineInput::default(),
                });
                Vec::new()
            }
            Action::StatusFilter => {
                self.modal = Some(Modal::StatusPick { selected: 0 });
                Vec::new()
            }
            Action::Sort | Action::SortReverse => {
                let columns = match self.context() {
                    Context::Groups => groups::GROUP_COLUMNS.len(),
                    _ => users::USER_COLUMNS.len(),
                };
                if let Some(list) = self.focused_list_mut() {
                    let next = match (action, list.sort()) {
                        (Action::Sort, None) => Some(Sort {
                            column: 0,
                            descending: false,
                        }),
                        (Action::Sort, Some(s)) if s.column + 1 < columns => Some(Sort {
                            column: s.column + 1,
                            descending: s.descending,
                        }),
                        (Action::Sort, Some(_)) => None,
                        (_, None) => Some(Sort {
                            column: 0,
                            descending: true,
                        }),
                        (_, Some(s)) => Some(Sort {
                            column: s.column,
                            descending: !s.descending,
                        }),
                    };
                    list.set_sort(next);
                }
                self.keep_selection_visible();
                Vec::new()
            }
            Action::Refresh => self.refresh(),
            Action::Copy => self.copy_focused(),
            Action::Raw => self.raw(),
            Action::Suspend => vec![Effect::Suspend],
        }
    }

    fn back(&mut self) -> Vec<Effect> {
        // Innermost first: raw view, pushed screen, local filter, loading, server query.
        match self.stack.last_mut() {
            Some(Screen::User(d)) if d.raw.is_some() => {
                d.raw = None;
                return Vec::new();
            }
            Some(Screen::Group(g)) if g.raw.is_some() => {
                g.raw = None;
                return Vec::new();
            }
            Some(Screen::Group(g)) if g.members.filter().is_some() => {
                g.members.clear_filter();
                return Vec::new();
            }
            Some(_) => return self.pop_screen(),
            None => {}
        }
        let slot = match self.tab {
            Tab::Users => Slot::Users,
            Tab::Groups => Slot::Groups,
            Tab::Credentials => {
                self.status = None;
                return Vec::new();
            }
        };
        let Some(list_has_filter) = self.focused_list().map(|l| l.filter().is_some()) else {
            return Vec::new();
        };
        if list_has_filter {
            if let Some(list) = self.focused_list_mut() {
                list.clear_filter();
            }
            self.keep_selection_visible();
            return Vec::new();
        }
        let loading = self.focused_list().is_some_and(|l| l.is_loading());
        if loading {
            let count = if let Some(list) = self.focused_list_mut() {
                list.set_load(LoadState::Stopped);
                list.len()
            } else {
                0
            };
            self.info(format!("loading stopped at {} (r resumes from the start)", thousands(count)));
            return vec![Effect::Cancel { slot }];
        }
        match self.tab {
            Tab::Users if self.users.query_label.is_some() => {
                self.users.query = UserQuery::default();
                self.users.query_label = None;
                self.load_users()
            }
            Tab::Groups if self.groups.query_label.is_some() => {
                self.groups.query = GroupQuery::default();
                self.groups.query_label = None;
                self.load_groups()
            }
            _ => {
                self.status = None;
                Vec::new()
            }
        }
    }

    fn refresh(&mut self) -> Vec<Effect> {
        match self.stack.last_mut() {
            Some(Screen::User(d)) => {
                let user_id = d.user_id.clone();
                let summary = d.summary.take();
                let req = self.req();
                if let Some(Screen::User(d)) = self.stack.last_mut() {
                    **d = UserDetail::new(user_id.clone(), summary, req);
                }
                return vec![Effect::LoadUserDetail { req, user_id }];
            }
            Some(Screen::Group(g)) => {
                if matches!(g.members.load, LoadState::Paused(_)) {
                    g.members.load = LoadState::Loading;
                    return vec![Effect::Retry {
                        slot: Slot::Members,
                    }];
                }
                let group_id = g.group_id.clone();
                let summary = g.group().cloned();
                self.stack.pop();
                let mut effects = vec![
                    Effect::Cancel {
                        slot: Slot::GroupDetail,
                    },
                    Effect::Cancel {
                        slot: Slot::Members,
                    },
                ];
                effects.extend(self.open_group(group_id, summary));
                return effects;
            }
            None => {}
        }
        match self.tab {
            Tab::Users => {
                if matches!(self.users.list.load, LoadState::Paused(_)) {
                    self.users.list.load = LoadState::Loading;
                    self.status = None;
                    return vec![Effect::Retry { slot: Slot::Users }];
                }
                let filter = self.users.list.filter().map(|f| f.text().to_owned());
                let sort = self.users.list.sort;
                let effects = self.load_users();
                self.users.list.sort = sort;
                if let Some(f) = filter {
                    self.users.list.set_filter(&f);
                }
                effects
            }
            Tab::Groups => {
                if matches!(self.groups.list.load, LoadState::Paused(_)) {
                    self.groups.list.load = LoadState::Loading;
                    self.status = None;
                    return vec![Effect::Retry { slot: Slot::Groups }];
                }
                let filter = self.groups.list.filter().map(|f| f.text().to_owned());
                let sort = self.groups.list.sort;
                let effects = self.load_groups();
                self.groups.list.sort = sort;
                if let Some(f) = filter {
                    self.groups.list.set_filter(&f);
                }
                effects
            }
            Tab::Credentials => Vec::new(),
        }
    }

    /// `s`: plain text becomes a safe prefix search (users) or a name search (groups).
    fn server_search(&mut self, text: &str) -> Vec<Effect> {
        let mut effects = self.clear_stack();
        if text.is_empty() {
            return effects;
        }
        match self.tab {
            Tab::Groups => {
                self.groups.query = GroupQuery::prefix_search(text);
                self.groups.query_label = Some(format!("name starts with {text:?}"));
                self.groups.list.clear_filter();
                effects.extend(self.load_groups());
            }
            _ => {
                self.tab = Tab::Users;
                self.users.query = UserQuery::prefix_search(text);
                self.users.query_label = Some(format!("search {text:?}"));
                self.users.list.clear_filter();
                effects.extend(self.load_users());
            }
        }
        effects
    }

    /// `:search` / `:filter` with a raw Okta expression.
    fn server_query(&mut self, search: Option<String>, filter: Option<String>) -> Vec<Effect> {
        let mut effects = self.clear_stack();
        let label = match (&search, &filter) {
            (Some(s), _) => format!("search: {s}"),
            (_, Some(f)) => format!("filter: {f}"),
            _ => String::new(),
        };
        match self.tab {
            Tab::Groups => {
                self.groups.query = GroupQuery {
                    search,
                    filter,
                    ..Default::default()
                };
                self.groups.query_label = Some(label);
                self.groups.list.clear_filter();
                effects.extend(self.load_groups());
            }
            _ => {
                self.tab = Tab::Users;
                self.users.query = UserQuery {
                    search,
                    filter,
                    ..Default::default()
                };
                self.users.query_label = Some(label);
                self.users.list.clear_filter();
                effects.extend(self.load_users());
            }
        }
        effects
    }

    /// `f`: list only users with this status (server side, so it covers the whole org).
    fn status_filter(&mut self, status: Option<UserStatus>) -> Vec<Effect> {
        let mut effects = self.clear_stack();
        self.tab = Tab::Users;
        match status {
            Some(s) => {
                self.users.query = UserQuery::filter(&Expr::eq("status", s.as_api()));
                self.users.query_label = Some(format!("status {}", s.as_api()));
            }
            None => {
                self.users.query = UserQuery::default();
                self.users.query_label = None;
            }
        }
        self.users.list.clear_filter();
        effects.extend(self.load_users());
        effects
    }

    fn copy_focused(&mut self) -> Vec<Effect> {
        let (what, text) = match self.stack.last() {
            Some(Screen::User(d)) => match &d.raw {
                Some(raw) => ("raw response".to_owned(), raw.text()),
                None => {
                    let lines = d.lines();
                    match lines.get(d.selected).and_then(|l| l.copy_value()) {
                        Some((label, value)) => (label.to_owned(), value.to_owned()),
                        None => {
                            self.dirty = false;
                            return Vec::new();
                        }
                    }
                }
            },
            Some(Screen::Group(g)) => match (&g.raw, g.members.selected_row()) {
                (Some(raw), _) => ("raw response".to_owned(), raw.text()),
                (None, Some(row)) => ("login".to_owned(), row.login.to_string()),
                (None, None) => ("group id".to_owned(), g.group_id.clone()),
            },
            None => match self.tab {
                Tab::Users => match self.users.list.selected_row() {
                    Some(row) => ("login".to_owned(), row.login.to_string()),
                    None => return Vec::new(),
                },
                Tab::Groups => match self.groups.list.selected_row() {
                    Some(g) => ("group id".to_owned(), g.id.to_string()),
                    None => return Vec::new(),
                },
                Tab::Credentials => return Vec::new(),
            },
        };
        if text.is_empty() {
            return Vec::new();
        }
        let what = if what == "raw response" {
            what
        } else {
            format!("{what} {}", ellipsize(&text, 40))
        };
        vec![Effect::Copy { text, what }]
    }

    fn raw(&mut self) -> Vec<Effect> {
        match self.stack.last_mut() {
            Some(Screen::User(d)) => {
                if d.raw.is_some() {
                    d.raw = None;
                } else if d.user.loaded().is_some() {
                    d.raw = d.raw_view();
                } else {
                    d.raw_pending = true;
                }
                Vec::new()
            }
            Some(Screen::Group(g)) => {
                if g.raw.is_some() {
                    g.raw = None;
                } else if g.fetched.loaded().is_some() {
                    g.raw = g.raw_view();
                } else {
                    g.raw_pending = true;
                }
                Vec::new()
            }
            None => {
                let mut effects = self.open_focused();
                match self.stack.last_mut() {
                    Some(Screen::User(d)) => d.raw_pending = true,
                    Some(Screen::Group(g)) => g.raw_pending = true,
                    None => {}
                }
                if effects.is_empty() {
                    effects = Vec::new();
                }
                effects
            }
        }
    }

    fn open_focused(&mut self) -> Vec<Effect> {
        match self.stack.last() {
            Some(Screen::User(d)) => {
                if d.raw.is_some() {
                    return Vec::new();
                }
                let lines = d.lines();
                if let Some(DetailLine::Group { id, .. }) = lines.get(d.selected) {
                    let summary = d
                        .groups
                        .loaded()
                        .and_then(|f| f.value.iter().find(|g| *g.id == **id).cloned());
                    return self.open_group(id.clone(), summary);
                }
                Vec::new()
            }
            Some(Screen::Group(g)) => {
                if g.raw.is_some() {
                    return Vec::new();
                }
                match g.members.selected_row().cloned() {
                    Some(row) => self.open_user(row.id.to_string(), Some(row)),
                    None => Vec::new(),
                }
            }
            None => match self.tab {
                Tab::Users => match self.users.list.selected_row().cloned() {
                    Some(row) => self.open_user(row.id.to_string(), Some(row)),
                    None => Vec::new(),
                },
                Tab::Groups => match self.groups.list.selected_row().cloned() {
                    Some(g) => self.open_group(g.id.to_string(), Some(g)),
                    None => Vec::new(),
                },
                Tab::Credentials => {
                    let Some(t) = self.credentials.tenants.get(self.credentials.selected) else {
                        return Vec::new();
                    };
                    let name = t.name.clone();
                    self.info(format!("connecting to {name}…"));
                    vec![Effect::SwitchTenant(name)]
                }
            },
        }
    }

    // ---------------------------------------------------------------- movement

    /// The list that has the keyboard focus, if any (for filter, sort, move).
    pub fn focused_list(&self) -> Option<&dyn FocusList> {
        match self.stack.last() {
            Some(Screen::Group(g)) if g.raw.is_none() => Some(&g.members),
            Some(_) => None,
            None => match self.tab {
                Tab::Users => Some(&self.users.list),
                Tab::Groups => Some(&self.groups.list),
                Tab::Credentials => None,
            },
        }
    }

    fn focused_list_mut(&mut self) -> Option<&mut dyn FocusList> {
        match self.stack.last_mut() {
            Some(Screen::Group(g)) if g.raw.is_none() => Some(&mut g.members),
            Some(_) => None,
            None => match self.tab {
                Tab::Users => Some(&mut self.users.list),
                Tab::Groups => Some(&mut self.groups.list),
                Tab::Credentials => None,
            },
        }
    }

    /// First screen row and number of rows of whatever scrolls on this screen.
    pub fn focused_rows(&self) -> (u16, usize) {
        match self.stack.last() {
            Some(Screen::Group(g)) if g.raw.is_none() => layout::members_rows(self.height),
            Some(_) => layout::detail_rows(self.height),
            None => layout::table_rows(self.height),
        }
    }

    fn move_focus(&mut self, delta: isize) -> Vec<Effect> {
        let (_, height) = self.focused_rows();
        match self.stack.last_mut() {
            Some(Screen::User(d)) => {
                if let Some(raw) = &mut d.raw {
                    raw.scroll(delta, height);
                } else {
                    let n = d.lines().len();
                    d.selected = clamp_move(d.selected, delta, n);
                    d.offset = scroll_to(d.selected, d.offset, height, n);
                }
            }
            Some(Screen::Group(g)) => {
                if let Some(raw) = &mut g.raw {
                    raw.scroll(delta, height);
                } else {
                    g.members.move_by(delta, height);
                }
            }
            None => match self.tab {
                Tab::Users => self.users.list.move_by(delta, height),
                Tab::Groups => self.groups.list.move_by(delta, height),
                Tab::Credentials => {
                    let c = &mut self.credentials;
                    c.selected = clamp_move(c.selected, delta, c.tenants.len());
                    c.offset = scroll_to(c.selected, c.offset, height, c.tenants.len());
                }
            },
        }
        Vec::new()
    }

    fn keep_selection_visible(&mut self) {
        let (_, height) = self.focused_rows();
        if let Some(list) = self.focused_list_mut() {
            list.scroll_into_view(height);
        }
    }

    // ---------------------------------------------------------------- mouse

    fn on_mouse(&mut self, ev: MouseEvent) -> Vec<Effect> {
        if !self.mouse || self.modal.is_some() {
            self.dirty = false;
            return Vec::new();
        }
        let (top, rows) = self.focused_rows();
        match ev.kind {
            MouseEventKind::ScrollDown => self.scroll(3, rows),
            MouseEventKind::ScrollUp => self.scroll(-3, rows),
            MouseEventKind::Down(MouseButton::Left) => {
                if ev.row == layout::TABS_ROW {
                    return match layout::tab_at(ev.column) {
                        Some(i) => self.switch_tab(Tab::ALL[i]),
                        None => Vec::new(),
                    };
                }
                if ev.row < top || ev.row >= top + rows as u16 {
                    self.dirty = false;
                    return Vec::new();
                }
                let line = (ev.row - top) as usize;
                self.click_line(line, rows)
            }
            _ => {
                self.dirty = false;
                Vec::new()
            }
        }
    }

    fn scroll(&mut self, delta: isize, rows: usize) -> Vec<Effect> {
        match self.stack.last_mut() {
            Some(Screen::User(d)) => match &mut d.raw {
                Some(raw) => raw.scroll(delta, rows),
                None => {
                    let n = d.lines().len();
                    d.offset = (d.offset as isize + delta)
                        .clamp(0, n.saturating_sub(rows) as isize)
                        as usize;
                    d.selected = d.selected.clamp(d.offset, (d.offset + rows).saturating_sub(1));
                }
            },
            Some(Screen::Group(g)) => match &mut g.raw {
                Some(raw) => raw.scroll(delta, rows),
                None => g.members.scroll_by(delta, rows),
            },
            None => match self.tab {
                Tab::Users => self.users.list.scroll_by(delta, rows),
                Tab::Groups => self.groups.list.scroll_by(delta, rows),
                Tab::Credentials => {}
            },
        }
        Vec::new()
    }

    /// A click on the `line`th visible row selects it; a click on the selected row opens it.
    fn click_line(&mut self, line: usize, rows: usize) -> Vec<Effect> {
        let target;
        let already;
        match self.stack.last_mut() {
            Some(Screen::User(d)) => {
                if d.raw.is_some() {
                    return Vec::new();
                }
                target = d.offset + line;
                if target >= d.lines().len() {
                    return Vec::new();
                }
                already = d.selected == target;
                d.selected = target;
            }
            Some(Screen::Group(g)) => {
                if g.raw.is_some() {
                    return Vec::new();
                }
                target = g.members.offset + line;
                if target >= g.members.visible_len() {
                    return Vec::new();
                }
                already = g.members.selected == target;
                g.members.select(target, rows);
            }
            None => {
                let list: &mut dyn FocusList = match self.tab {
                    Tab::Users => &mut self.users.list,
                    Tab::Groups => &mut self.groups.list,
                    Tab::Credentials => {
                        let c = &mut self.credentials;
                        let t = c.offset + line;
                        if t < c.tenants.len() {
                            c.selected = t;
                        }
                        return Vec::new();
                    }
                };
                target = list.offset() + line;
                if target >= list.visible_len() {
                    return Vec::new();
                }
                already = list.selected() == target;
                list.select(target, rows);
            }
        }
        if already {
            self.open_focused()
        } else {
            Vec::new()
        }
    }
}

/// What filter, sort and movement need from a list, whatever its row type.
pub trait FocusList {
    fn filter_text(&self) -> Option<&str>;
    fn filter(&self) -> Option<&filter::Filter>;
    fn set_filter(&mut self, text: &str);
    fn clear_filter(&mut self);
    fn sort(&self) -> Option<Sort>;
    fn set_sort(&mut self, sort: Option<Sort>);
    fn is_loading(&self) -> bool;
    fn load(&self) -> &LoadState;
    fn set_load(&mut self, load: LoadState);
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn visible_len(&self) -> usize;
    fn selected(&self) -> usize;
    fn offset(&self) -> usize;
    fn select(&mut self, pos: usize, height: usize);
    fn scroll_into_view(&mut self, height: usize);
}

impl<T: list::ListRow> FocusList for RowList<T> {
    fn filter_text(&self) -> Option<&str> {
        RowList::filter(self).map(|f| f.text())
    }
    fn filter(&self) -> Option<&filter::Filter> {
        RowList::filter(self)
    }
    fn set_filter(&mut self, text: &str) {
        RowList::set_filter(self, text)
    }
    fn clear_filter(&mut self) {
        RowList::clear_filter(self)
    }
    fn sort(&self) -> Option<Sort> {
        self.sort
    }
    fn set_sort(&mut self, sort: Option<Sort>) {
        RowList::set_sort(self, sort)
    }
    fn is_loading(&self) -> bool {
        RowList::is_loading(self)
    }
    fn load(&self) -> &LoadState {
        &self.load
    }
    fn set_load(&mut self, load: LoadState) {
        self.load = load;
    }
    fn len(&self) -> usize {
        self.rows.len()
    }
    fn visible_len(&self) -> usize {
        RowList::visible_len(self)
    }
    fn selected(&self) -> usize {
        self.selected
    }
    fn offset(&self) -> usize {
        self.offset
    }
    fn select(&mut self, pos: usize, height: usize) {
        RowList::select(self, pos, height)
    }
    fn scroll_into_view(&mut self, height: usize) {
        RowList::scroll_into_view(self, height)
    }
}

fn clamp_move(pos: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (pos as isize).saturating_add(delta).clamp(0, len as isize - 1) as usize
}

fn scroll_to(selected: usize, offset: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut offset = offset;
    if selected < offset {
        offset = selected;
    } else if selected >= offset + height {
        offset = selected + 1 - height;
    }
    offset.min(len.saturating_sub(height))
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
