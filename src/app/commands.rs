//! What actions do to the lists: server search and filters, copy, raw view, open.

use crate::okta::query::Expr;
use crate::okta::{GroupQuery, UserQuery, UserStatus};

use super::*;

impl App {
    /// `s`: plain text becomes a safe prefix search (users) or a name search (groups).
    pub(super) fn server_search(&mut self, text: &str) -> Vec<Effect> {
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
    pub(super) fn server_query(
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
    pub(super) fn status_filter(&mut self, status: Option<UserStatus>) -> Vec<Effect> {
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

    pub(super) fn copy_focused(&mut self) -> Vec<Effect> {
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

    pub(super) fn raw(&mut self) -> Vec<Effect> {
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

    pub(super) fn open_focused(&mut self) -> Vec<Effect> {
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
}
