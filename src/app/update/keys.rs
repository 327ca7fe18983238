//! Keys: the filter line, the open dialog, and the key table's actions on the screens.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::dialogs::error::ErrorRequest;
use crate::app::input::{LineInput, LineKey, edit_line};
use crate::app::keymap::Guard;
use crate::app::modal::{HelpDialog, Palette, Prompt, StatusPick};
use crate::app::*;
use crate::okta::{GroupQuery, UserQuery, UserStatus};

/// What one of the console's own dialogs asked for.
enum Asked {
    Nothing,
    Command(String),
    Search(PromptKind, String),
    Status(Option<UserStatus>),
    Error(ErrorRequest),
}

impl App {
    pub(in crate::app) fn on_key(&mut self, key: KeyEvent) -> Reply {
        if self.modal.is_some() {
            return self.on_modal_key(key);
        }
        if let Some(input) = self.filter_input.as_mut() {
            return match edit_line(input, Context::FilterLine, &key, &self.keymap) {
                LineKey::Edited => self.after_filter_edit(),
                LineKey::Moved => Reply::done(),
                LineKey::Ignored => Reply::Unchanged,
                LineKey::Submit => {
                    self.filter_input = None;
                    Reply::done()
                }
                LineKey::Cancel => {
                    self.filter_input = None;
                    if let Some(list) = self.focused_list_mut() {
                        list.clear_filter();
                    }
                    self.keep_selection_visible();
                    Reply::done()
                }
            };
        }
        if let Some(reply) = self.logs_key(&key) {
            return reply;
        }
        let ctx = self.context();
        let Some(action) = self.keymap.action(ctx, &key) else {
            return Reply::Unchanged;
        };
        // Back with marked rows unmarks them first (`app/update/bulk.rs`).
        if action == Action::Back && self.clear_marks() {
            return Reply::done();
        }
        self.act(action)
    }

    /// The local filter line changed: the focused list follows as it is typed.
    fn after_filter_edit(&mut self) -> Reply {
        if let Some(text) = self.filter_input.as_ref().map(|i| i.text.clone()) {
            let (_, height) = self.focused_rows();
            if let Some(list) = self.focused_list_mut() {
                list.set_filter(&text);
                list.scroll_into_view(height);
            }
        }
        Reply::done()
    }

    pub(in crate::app) fn on_paste(&mut self, text: &str) -> Reply {
        if self.credentials_paste(text)
            || self.action_paste(text)
            || self.profile_paste(text)
            || self.apps_paste(text)
            || self.playbook_paste(text)
        {
            return Reply::done();
        }
        let outcome = match &mut self.modal {
            Some(Modal::Palette(p)) => p.on_paste(text).map(Asked::Command),
            Some(Modal::Prompt(p)) => p.on_paste(text).map(|(k, t)| Asked::Search(k, t)),
            Some(_) => Outcome::Ignored,
            None => match self.filter_input.as_mut() {
                Some(input) => {
                    input.insert_str(text);
                    return self.after_filter_edit();
                }
                None => Outcome::Ignored,
            },
        };
        self.dialog_outcome(outcome)
    }

    /// A key while a dialog is open: the dialog has it, and the reducer does what it asks.
    fn on_modal_key(&mut self, key: KeyEvent) -> Reply {
        // The help page's last scroll position depends on the screen below it and the height.
        let help_max = matches!(self.modal, Some(Modal::Help(_))).then(|| self.help_max_scroll());
        let keys = &self.keymap;
        let outcome = match &mut self.modal {
            None => return Reply::Unchanged,
            Some(Modal::Action(_)) => return self.on_action_modal_key(key),
            Some(Modal::Tenant(_)) => return self.on_cred_modal_key(key),
            Some(Modal::Profile(_)) => return self.on_profile_key(key),
            Some(Modal::Playbook(_)) => return self.on_playbook_key(key),
            Some(Modal::UserApps(_)) => return self.on_apps_key(key),
            Some(Modal::Help(h)) => {
                h.max = help_max.unwrap_or(h.max);
                h.on_key(&key, keys).map(|()| Asked::Nothing)
            }
            Some(Modal::Palette(p)) => p.on_key(&key, keys).map(Asked::Command),
            Some(Modal::Prompt(p)) => p.on_key(&key, keys).map(|(k, t)| Asked::Search(k, t)),
            Some(Modal::StatusPick(p)) => p.on_key(&key, keys).map(Asked::Status),
            Some(Modal::Error(e)) => e.on_key(&key, keys).map(Asked::Error),
        };
        self.dialog_outcome(outcome)
    }

    /// Turns what one of the console's dialogs did into state and effects. Every request
    /// finishes its dialog.
    fn dialog_outcome(&mut self, outcome: Outcome<Asked>) -> Reply {
        let asked = match outcome {
            Outcome::Ignored => return Reply::Unchanged,
            Outcome::Changed => return Reply::done(),
            Outcome::Close => {
                self.modal = None;
                return Reply::done();
            }
            Outcome::Request(asked) => asked,
        };
        self.modal = None;
        match asked {
            Asked::Nothing => Reply::done(),
            Asked::Command(line) => self.run_command(&line).into(),
            Asked::Search(PromptKind::ServerSearch, text) => self.server_search(&text).into(),
            Asked::Status(choice) => self.status_filter(choice).into(),
            Asked::Error(ErrorRequest::Credentials) => {
                // The token that failed is the session tenant's: `t` then tests that one.
                if let Some(name) = self.tenant.as_ref().map(|t| t.name.clone()) {
                    self.credentials.select(&name);
                }
                self.switch_tab(Tab::Credentials).into()
            }
        }
    }

    /// Opens the help page at its top.
    pub(in crate::app) fn open_help(&mut self) {
        self.modal = Some(Modal::Help(HelpDialog {
            scroll: 0,
            max: self.help_max_scroll(),
        }));
    }

    /// What a key-table action does on the screens. Writes go by their guard, so the table,
    /// not a list here, says which keys write.
    pub(in crate::app) fn act(&mut self, action: Action) -> Reply {
        match self.keymap.guard(action) {
            Guard::Write | Guard::Op(_) => return self.write_key(action).into(),
            Guard::Tenant(_) => return self.credentials_key(action),
            Guard::Always => {}
        }
        if let Some(reply) = self.logs_act(action) {
            return reply;
        }
        let (_, height) = self.focused_rows();
        let page = height.max(1) as isize;
        let effects = match action {
            Action::Quit => {
                self.quit = true;
                let mut effects = self.clear_stack();
                effects.push(Effect::Quit);
                effects
            }
            Action::Help => {
                self.open_help();
                Vec::new()
            }
            Action::WholeMessage => {
                self.open_whole_message();
                Vec::new()
            }
            Action::Palette => {
                self.modal = Some(Modal::Palette(Palette::default()));
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
            // Searching asks a tenant: without one, say where to get one instead of a prompt
            // whose Enter does nothing.
            Action::Search | Action::StatusFilter if self.tenant.is_none() => {
                let key = self.keymap.hint(Context::Users, Action::CredentialsTab);
                self.warn(format!(
                    "no tenant to search: {key} opens Credentials, where you add or pick one"
                ));
                Vec::new()
            }
            Action::Search => {
                self.modal = Some(Modal::Prompt(Prompt::new(PromptKind::ServerSearch)));
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
                self.modal = Some(Modal::StatusPick(StatusPick { selected }));
                Vec::new()
            }
            Action::Sort | Action::SortReverse => {
                let fit: &[(u16, u8)] = match self.context() {
                    Context::Groups => &layout::GROUP_COLUMN_FIT,
                    _ => &layout::USER_COLUMN_FIT,
                };
                // Only the columns on screen: a sort by a hidden one would look like none.
                let email_left_out = self.email_left_out();
                let shown: Vec<usize> = layout::kept_columns(fit, self.list_width())
                    .iter()
                    .enumerate()
                    .filter_map(|(i, &k)| k.then_some(i))
                    .filter(|&i| !(email_left_out && i == layout::EMAIL_COLUMN))
                    .collect();
                let first = shown.first().copied().unwrap_or(0);
                if let Some(list) = self.focused_list_mut() {
                    let next = match (action, list.sort()) {
                        (Action::Sort, None) => Some(Sort {
                            column: first,
                            descending: false,
                        }),
                        (Action::Sort, Some(s)) => {
                            shown.iter().find(|&&c| c > s.column).map(|&column| Sort {
                                column,
                                descending: s.descending,
                            })
                        }
                        (_, None) => Some(Sort {
                            column: first,
                            descending: true,
                        }),
                        (_, Some(s)) => Some(Sort {
                            column: s.column,
                            descending: !s.descending,
                        }),
                    };
                    list.set_sort(next);
                    // A new order is read from its start.
                    list.select(0, height);
                }
                self.keep_selection_visible();
                Vec::new()
            }
            Action::Refresh => self.refresh(),
            Action::FullSync => self.sync_index(true),
            Action::Copy => return self.copy_focused(),
            Action::Raw => self.raw(),
            Action::ScrollLeft => self.scroll_raw_sideways(-super::detail::RAW_SIDE_STEP),
            Action::ScrollRight => self.scroll_raw_sideways(super::detail::RAW_SIDE_STEP),
            Action::Suspend => vec![Effect::Suspend],
            Action::TogglePane => self.toggle_pane(),
            Action::Playbooks => self.open_playbooks_menu(),
            Action::UserApps => self.open_user_apps(),
            // Writes and Credentials keys went by their guard above; the dialog words mean
            // nothing on a screen.
            _ => return Reply::Unchanged,
        };
        effects.into()
    }

    pub(in crate::app) fn back(&mut self) -> Vec<Effect> {
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
            Tab::Credentials | Tab::Logs => {
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
                if let Some(back) = self.back_to_full_listing() {
                    return back;
                }
                self.users.query = UserQuery::default();
                self.users.query_label = None;
                self.load_users()
            }
            Tab::Groups if self.groups.query_label.is_some() => {
                if let Some(back) = self.back_to_full_groups() {
                    return back;
                }
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
    fn retry(&mut self, slot: Slot, noun: &str, kept: usize) -> Vec<Effect> {
        let text = format!(
            "retrying the failed page; the {} {noun} loaded are kept",
            thousands(kept)
        );
        self.info(text.clone());
        self.status_about = Some((slot, text));
        vec![Effect::Retry { slot }]
    }

    pub(in crate::app) fn refresh(&mut self) -> Vec<Effect> {
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
                if let Some(kept) = resume_paused(&mut g.members) {
                    return self.retry(Slot::Members, "members", kept);
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
                return super::screens::group_loads(req, members_req, group_id);
            }
            None => {}
        }
        match self.tab {
            Tab::Users => {
                if let Some(kept) = resume_paused(&mut self.users.list) {
                    return self.retry(Slot::Users, "users", kept);
                }
                if self.tenant.is_none() {
                    return Vec::new();
                }
                if self.users.query_label.is_none() && self.tenant_uses_index() {
                    return self.sync_index(false);
                }
                // The rows on screen stay (sort and filter too) until fresh ones arrive.
                let req = self.req();
                self.users.list.reload(req);
                self.leave_slot_status(Some(Slot::Users));
                let query = self.user_query_limit(self.users.query.clone());
                vec![Effect::LoadUsers { req, query }]
            }
            Tab::Groups => {
                if let Some(kept) = resume_paused(&mut self.groups.list) {
                    return self.retry(Slot::Groups, "groups", kept);
                }
                if self.tenant.is_none() {
                    return Vec::new();
                }
                if self.groups.query_label.is_none() && self.tenant_uses_index() {
                    return self.sync_index(false);
                }
                let req = self.req();
                self.groups.list.reload(req);
                self.leave_slot_status(Some(Slot::Groups));
                vec![Effect::LoadGroups {
                    req,
                    query: self.groups.query.clone(),
                }]
            }
            Tab::Credentials | Tab::Logs => Vec::new(),
        }
    }
}

/// Ends a reload that has not replaced the rows yet; true when there was one.
fn stop_reload<T>(list: &mut RowList<T>) -> bool {
    if !list.stale {
        return false;
    }
    list.stale = false;
    list.req = None;
    true
}

/// A paused stream resumes loading; returns the rows it keeps (None: it was not paused).
fn resume_paused<T>(list: &mut RowList<T>) -> Option<usize> {
    if !matches!(list.load, LoadState::Paused(_)) {
        return None;
    }
    list.load = LoadState::Loading;
    Some(list.rows.len())
}
