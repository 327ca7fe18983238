//! Palette commands, and what actions do to the lists: server search and filters, copy, raw
//! view, open.

use crate::okta::query::Expr;
use crate::okta::{GroupQuery, UserQuery, UserStatus};

use crate::app::keymap::commands::{self, Run};
use crate::app::*;

impl App {
    /// Runs a command-palette line (without the leading `:`), through the command table.
    pub fn run_command(&mut self, line: &str) -> Vec<Effect> {
        let line = line.trim().trim_start_matches(':');
        let (cmd, arg) = match line.split_once(char::is_whitespace) {
            Some((c, a)) => (c, a.trim()),
            None => (line, ""),
        };
        if cmd.is_empty() {
            return Vec::new();
        }
        let Some(command) = commands::find(cmd) else {
            let palette = self.key_name(Action::Palette);
            let next = self.keymap.hint(Context::Palette, Action::Down);
            self.warn(format!(
                "unknown command :{cmd} (press {palette} and {next} to see them)"
            ));
            return Vec::new();
        };
        match command.run {
            Run::Key(action) => self.act(action).into_effects(),
            Run::Search | Run::Filter if arg.is_empty() => {
                self.warn(format!(
                    ":{cmd} needs an expression, e.g. :{cmd} status eq \"ACTIVE\""
                ));
                Vec::new()
            }
            Run::Search => self.server_query(Some(arg.to_owned()), None),
            Run::Filter => self.server_query(None, Some(arg.to_owned())),
            Run::Tenant if arg.is_empty() => {
                self.warn(":tenant needs a tenant name (see the Credentials tab)");
                Vec::new()
            }
            // Already there: say so on the status line (a dialog would eat the next key).
            Run::Tenant if self.tenant.as_ref().is_some_and(|t| t.name == arg) => {
                self.info(format!("already connected to {arg}"));
                Vec::new()
            }
            // A name the config does not have: say so on the status line with the names it
            // has, rather than an error dialog that eats the next key.
            Run::Tenant if !self.knows_tenant(arg) => {
                let names: Vec<&str> = self
                    .credentials
                    .tenants
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect();
                let known = if names.is_empty() {
                    "none configured".to_owned()
                } else {
                    names.join(", ")
                };
                self.warn(format!("no tenant named {arg:?} (configured: {known})"));
                Vec::new()
            }
            Run::Tenant => {
                self.info(format!("connecting to {arg}…"));
                vec![Effect::SwitchTenant(arg.to_owned())]
            }
            Run::Mouse => {
                self.mouse = !self.mouse;
                let state = if self.mouse {
                    "on (click selects, wheel scrolls)"
                } else {
                    "off (the terminal selects text)"
                };
                self.info(format!("mouse {state}"));
                vec![Effect::SetMouse(self.mouse)]
            }
            Run::Journal => self.open_journal(),
            Run::Logs => self.logs_command(arg),
            Run::Playbook => self.playbook_command(arg),
        }
    }

    /// `s`: plain text becomes a safe prefix search (users) or a name search (groups).
    pub(in crate::app) fn server_search(&mut self, text: &str) -> Vec<Effect> {
        let mut effects = self.clear_stack();
        if text.is_empty() {
            return effects;
        }
        match self.tab {
            Tab::Groups => {
                self.keep_full_groups();
                self.groups.query = GroupQuery::prefix_search(text);
                self.groups.query_label = Some(format!("name starts with {text:?}"));
                self.groups.list.clear_filter();
                effects.extend(self.load_groups());
            }
            _ => {
                self.tab = Tab::Users;
                self.keep_full_listing();
                self.users.query = UserQuery::prefix_search(text);
                self.users.query_label = Some(search_label(text));
                self.users.list.clear_filter();
                effects.extend(self.load_users());
            }
        }
        effects
    }

    /// `:search` / `:filter` with a raw Okta expression.
    pub(in crate::app) fn server_query(
        &mut self,
        search: Option<String>,
        filter: Option<String>,
    ) -> Vec<Effect> {
        let mut effects = self.clear_stack();
        let label = match (&search, &filter) {
            (Some(s), _) => format!("search: {s}"),
            (_, Some(f)) => format!("filter: {f}"),
            _ => String::new(),
        };
        match self.tab {
            Tab::Groups => {
                self.keep_full_groups();
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
                self.keep_full_listing();
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
    pub(in crate::app) fn status_filter(&mut self, status: Option<UserStatus>) -> Vec<Effect> {
        // Okta takes one query at a time: a search in force gives way, and the admin is told.
        let replaced = self
            .users
            .query_label
            .clone()
            .filter(|l| !l.starts_with("status "));
        let mut effects = self.clear_stack();
        self.tab = Tab::Users;
        match status {
            Some(s) => {
                self.keep_full_listing();
                self.users.query = UserQuery::filter(&Expr::eq("status", s.as_api()));
                self.users.query_label = Some(format!("status {}", s.as_api()));
            }
            None => {
                // Already the full listing: nothing to load again (`r` reloads).
                if self.users.query == UserQuery::default()
                    && self.users.list.load != LoadState::Idle
                {
                    return effects;
                }
                if let Some(back) = self.back_to_full_listing() {
                    effects.extend(back);
                    return effects;
                }
                self.users.query = UserQuery::default();
                self.users.query_label = None;
            }
        }
        self.users.list.clear_filter();
        effects.extend(self.load_users());
        if let Some(old) = replaced {
            let key = self.keymap.hint(Context::Users, Action::Search);
            self.warn(format!(
                "the status filter replaces the {old} (Okta takes one query at a time; {key} searches again)"
            ));
        }
        effects
    }

    pub(in crate::app) fn copy_focused(&mut self) -> Reply {
        let (what, text) = match self.stack.last() {
            Some(Screen::User(d)) => match &d.raw {
                Some(raw) => ("raw response".to_owned(), raw.text()),
                None => {
                    let lines = d.lines();
                    match lines.get(d.selected).and_then(|l| l.copy_value()) {
                        Some((label, value)) => (label.to_owned(), value.to_owned()),
                        // A section title holds no value: say so rather than nothing.
                        None => {
                            let ctx = self.context();
                            self.info(format!(
                                "nothing to copy on a section title: {}/{} move to a field, {} copies its value",
                                self.keymap.hint(ctx, Action::Down),
                                self.keymap.hint(ctx, Action::Up),
                                self.keymap.hint(ctx, Action::Copy)
                            ));
                            return Reply::done();
                        }
                    }
                }
            },
            Some(Screen::Group(g)) => match (&g.raw, g.members.selected_row()) {
                (Some(raw), _) => ("raw response".to_owned(), raw.text()),
                (None, Some(row)) => ("login".to_owned(), row.login().to_string()),
                (None, None) => ("group id".to_owned(), g.group_id.clone()),
            },
            None => match self.tab {
                Tab::Users => match self.users.list.selected_row() {
                    Some(row) => ("login".to_owned(), row.login().to_string()),
                    None => return Reply::Unchanged,
                },
                Tab::Groups => match self.groups.list.selected_row() {
                    Some(g) => ("group id".to_owned(), g.id.to_string()),
                    None => return Reply::Unchanged,
                },
                Tab::Credentials | Tab::Logs => return Reply::Unchanged,
            },
        };
        if text.is_empty() {
            return Reply::Unchanged;
        }
        let what = if what == "raw response" {
            what
        } else {
            format!("{what} {}", ellipsize(&text, 40))
        };
        vec![Effect::Copy { text, what }].into()
    }

    pub(in crate::app) fn raw(&mut self) -> Vec<Effect> {
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

    pub(in crate::app) fn open_focused(&mut self) -> Vec<Effect> {
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
                    Some(row) => self.open_user(row.id().to_string(), Some(row)),
                    None => Vec::new(),
                }
            }
            None => match self.tab {
                Tab::Users => match self.users.list.selected_row().cloned() {
                    Some(row) => self.open_user(row.id().to_string(), Some(row)),
                    None => Vec::new(),
                },
                Tab::Groups => match self.groups.list.selected_row().cloned() {
                    Some(g) => self.open_group(g.id.to_string(), Some(g)),
                    None => Vec::new(),
                },
                // The Logs tab opens its events itself (`update/logs.rs`).
                Tab::Logs => Vec::new(),
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
}

/// What `s` searched, as the tab line shows it: the text and where it was looked for.
fn search_label(text: &str) -> String {
    let shown = crate::okta::sanitize::clean(text.trim());
    if shown.split_whitespace().count() > 1 {
        format!("search {shown:?} (login, email, name, or first + last name start with it)")
    } else {
        format!("search {shown:?} (login, email or name starts with it)")
    }
}

impl App {
    /// Whether `:tenant NAME` can find NAME: a configured tenant or the one in use. Without a
    /// loaded config (the demo) the runtime decides.
    fn knows_tenant(&self, name: &str) -> bool {
        self.credentials.settings.is_none()
            || self.tenant.as_ref().is_some_and(|t| t.name == name)
            || self.credentials.tenants.iter().any(|t| t.name == name)
    }
}
