//! Keys: text inputs, dialogs, the command palette and the keymap's actions.

use crossterm::event::{KeyCode, KeyEvent};

use crate::okta::{GroupQuery, UserQuery};

use super::input::{InputOutcome, LineInput};
use super::*;

impl App {
    // ---------------------------------------------------------------- keys

    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
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
        // Esc with marked rows unmarks them first (issue 4, `app/bulk.rs`).
        if key.code == KeyCode::Esc && self.clear_marks() {
            return Vec::new();
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

    pub(super) fn active_input(&mut self) -> Option<&mut LineInput> {
        match &mut self.modal {
            Some(Modal::Palette { input, .. }) | Some(Modal::Prompt { input, .. }) => Some(input),
            Some(_) => None,
            None => self.filter_input.as_mut(),
        }
    }

    pub(super) fn after_input_edit(&mut self) -> Vec<Effect> {
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

    pub(super) fn on_modal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(modal) = self.modal.as_mut() else {
            return Vec::new();
        };
        match modal {
            Modal::Help { .. } => {
                // Only the keys the title names close it: a stray key must not lose the place.
                let max = self.help_max_scroll();
                let Some(Modal::Help { scroll }) = self.modal.as_mut() else {
                    return Vec::new();
                };
                match key.code {
                    KeyCode::Char('j') | KeyCode::Down => *scroll = (*scroll + 1).min(max),
                    KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
                    KeyCode::PageDown | KeyCode::Char(' ') => *scroll = (*scroll + 10).min(max),
                    KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                    KeyCode::Char('g') | KeyCode::Home => *scroll = 0,
                    KeyCode::Char('G') | KeyCode::End => *scroll = max,
                    KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') => self.modal = None,
                    _ => {}
                }
                Vec::new()
            }
            Modal::Action(_) => self.on_action_modal_key(key),
            Modal::Tenant(_) => self.on_cred_modal_key(key),
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
                self.warn(format!(
                    ":{cmd} needs an expression, e.g. :{cmd} status eq \"ACTIVE\""
                ));
                Vec::new()
            }
            "search" => self.server_query(Some(arg.to_owned()), None),
            "filter" => self.server_query(None, Some(arg.to_owned())),
            "tenant" if arg.is_empty() => {
                self.warn(":tenant needs a tenant name (see the Credentials tab)");
                Vec::new()
            }
            // Already there: say so on the status line (a dialog would eat the next key).
            "tenant" if self.tenant.as_ref().is_some_and(|t| t.name == arg) => {
                self.info(format!("already connected to {arg}"));
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
            "journal" => self.open_journal(),
            "help" | "h" => {
                self.modal = Some(Modal::Help { scroll: 0 });
                Vec::new()
            }
            "q" | "quit" | "q!" => self.act(Action::Quit),
            other => {
                self.warn(format!(
                    "unknown command :{other} (press : and Tab to see them)"
                ));
                Vec::new()
            }
        }
    }

    pub(super) fn act(&mut self, action: Action) -> Vec<Effect> {
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
                // Start on the filter in force, so Enter keeps it and j/k move from it.
                let selected = modal::status_choices()
                    .iter()
                    .position(|c| match c {
                        Some(s) => {
                            self.users.query_label.as_deref()
                                == Some(format!("status {}", s.as_api()).as_str())
                        }
                        None => self.users.query_label.is_none(),
                    })
                    .unwrap_or(0);
                self.modal = Some(Modal::StatusPick { selected });
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
            Action::ActionMenu
            | Action::Activate
            | Action::Deactivate
            | Action::SuspendUser
            | Action::Unsuspend
            | Action::Unlock
            | Action::ExpirePassword
            | Action::ResetPassword
            | Action::ClearSessions
            | Action::DeleteUser
            | Action::CreateUser
            | Action::Membership
            | Action::Mark => self.write_key(action),
            Action::TenantSwitch
            | Action::TenantNew
            | Action::TenantEdit
            | Action::TenantDelete
            | Action::TenantTest
            | Action::TenantImport
            | Action::FormNext
            | Action::FormPrev
            | Action::FormTest
            | Action::FormSave
            | Action::FormCancel
            | Action::FormChoicePrev
            | Action::FormChoiceNext
            | Action::FormPress
            | Action::FormDiscard
            | Action::TenantDeleteConfirm
            | Action::TenantDeleteKeep => self.credentials_key(action),
        }
    }

    pub(super) fn back(&mut self) -> Vec<Effect> {
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
            // A reload stopped before its first page: the earlier rows stay, and pages of
            // the stopped stream still on their way must not replace them.
            let stale = match slot {
                Slot::Users => stop_reload(&mut self.users.list),
                Slot::Groups => stop_reload(&mut self.groups.list),
                _ => false,
            };
            if stale {
                self.info(format!(
                    "reload stopped; showing the {} rows loaded before",
                    thousands(count)
                ));
            } else {
                self.stopped_status(slot, count);
            }
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

    /// `r` after a failed page: the stream asks for that page again and keeps what it has.
    fn retrying_status(&mut self, slot: Slot, noun: &str, kept: usize) {
        let text = format!(
            "retrying the failed page; the {} {noun} loaded are kept",
            thousands(kept)
        );
        self.info(text.clone());
        self.status_about = Some((slot, text));
    }

    pub(super) fn refresh(&mut self) -> Vec<Effect> {
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
                    let n = g.members.rows.len();
                    self.retrying_status(Slot::Members, "members", n);
                    return vec![Effect::Retry {
                        slot: Slot::Members,
                    }];
                }
                // Fresh group and members; the members on screen stay until the first new
                // page replaces them (the executor's new tasks supersede the old ones).
                let group_id = g.group_id.clone();
                let req = self.req();
                let members_req = self.req();
                if let Some(Screen::Group(g)) = self.stack.last_mut() {
                    g.req = req;
                    g.members.reload(members_req);
                }
                self.leave_slot_status(Some(Slot::Members));
                return vec![
                    Effect::LoadGroup {
                        req,
                        group_id: group_id.clone(),
                    },
                    Effect::LoadMembers {
                        req: members_req,
                        group_id,
                    },
                ];
            }
            None => {}
        }
        match self.tab {
            Tab::Users => {
                if matches!(self.users.list.load, LoadState::Paused(_)) {
                    self.users.list.load = LoadState::Loading;
                    self.retrying_status(Slot::Users, "users", self.users.list.rows.len());
                    return vec![Effect::Retry { slot: Slot::Users }];
                }
                if self.tenant.is_none() {
                    return Vec::new();
                }
                // The rows on screen stay (sort and filter too) until fresh ones arrive.
                let req = self.req();
                self.users.list.reload(req);
                self.leave_slot_status(Some(Slot::Users));
                let query = self.user_query_limit(self.users.query.clone());
                vec![Effect::LoadUsers { req, query }]
            }
            Tab::Groups => {
                if matches!(self.groups.list.load, LoadState::Paused(_)) {
                    self.groups.list.load = LoadState::Loading;
                    self.retrying_status(Slot::Groups, "groups", self.groups.list.rows.len());
                    return vec![Effect::Retry { slot: Slot::Groups }];
                }
                if self.tenant.is_none() {
                    return Vec::new();
                }
                let req = self.req();
                self.groups.list.reload(req);
                self.leave_slot_status(Some(Slot::Groups));
                vec![Effect::LoadGroups {
                    req,
                    query: self.groups.query.clone(),
                }]
            }
            Tab::Credentials => Vec::new(),
        }
    }
}

/// Ends a reload that has not replaced the rows yet; true when there was one.
fn stop_reload<T>(list: &mut super::list::RowList<T>) -> bool {
    if !list.stale {
        return false;
    }
    list.stale = false;
    list.req = None;
    true
}
