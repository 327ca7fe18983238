//! Opening a tenant from its local index: the users and groups it holds show at once, then a
//! background sync brings them up to date, row by row, while the admin works. `r` syncs what
//! changed, the full-sync key lists everything again; both keep the rows on screen.

use crate::app::index_view::{IndexEffect, IndexMsg, IndexSession};
use crate::app::*;
use crate::index::SyncEvent;
use crate::okta::{GroupQuery, UserQuery};

impl App {
    /// The connected tenant opens from its index (not the demo, not `index = false`, not
    /// `--no-index`).
    pub(in crate::app) fn tenant_uses_index(&self) -> bool {
        self.tenant
            .as_ref()
            .is_some_and(|t| self.index.uses_index(&t.name))
    }

    /// First open of a tenant with an index: its rows from the index, then a sync.
    pub(in crate::app) fn open_from_index(&mut self) -> Vec<Effect> {
        let users = self.req();
        let groups = self.req();
        self.users.list.restart(users);
        self.groups.list.restart(groups);
        self.index_effect(users, groups, false, true)
    }

    /// `r` (delta) or the full-sync key on a tenant with an index: the rows stay on screen
    /// and change in place as the sync finds changes.
    pub(in crate::app) fn sync_index(&mut self, full: bool) -> Vec<Effect> {
        if !self.tenant_uses_index() {
            return self.refresh();
        }
        if self.users.query_label.is_some() || self.groups.query_label.is_some() {
            self.info("clear the search first (Esc): the index holds the whole org");
            return Vec::new();
        }
        let (users, groups) = match &self.index.session {
            Some(s) => (s.users_req, s.groups_req),
            None => (self.req(), self.req()),
        };
        self.status = None;
        self.index_effect(users, groups, full, false)
    }

    fn index_effect(&mut self, users: ReqId, groups: ReqId, full: bool, read: bool) -> Vec<Effect> {
        let Some(tenant) = self.tenant.as_ref().map(|t| t.name.clone()) else {
            return Vec::new();
        };
        let req = self.req();
        let age = self.index.session.as_ref().and_then(|s| s.age);
        self.index.session = Some(IndexSession {
            req,
            users_req: users,
            groups_req: groups,
            age,
            syncing: true,
            full,
            failed: false,
        });
        let policy = &self.index.policy;
        vec![Effect::Index(IndexEffect::Open {
            req,
            users,
            groups,
            tenant,
            full,
            read,
            max_in_flight: policy.max_in_flight,
            bucket_share: policy.bucket_share,
        })]
    }

    pub(in crate::app) fn on_index_msg(&mut self, msg: IndexMsg) -> Reply {
        let Some(session) = self.index.session.as_mut() else {
            return Reply::Unchanged;
        };
        match msg {
            IndexMsg::Opened {
                req,
                age,
                users,
                set_aside,
            } if req == session.req => {
                session.age = age;
                if let Some(aside) = set_aside {
                    self.warn(format!(
                        "the index was unusable and was set aside as {aside}; rebuilding it with a full sync"
                    ));
                } else if users == 0 {
                    self.info("no index yet: listing the org once, then only what changes");
                }
                self.users.list.reserve(usize::try_from(users).unwrap_or(0));
                Reply::done()
            }
            IndexMsg::Users { req, rows, more } if self.users.list.req == Some(req) => {
                let list = &mut self.users.list;
                let last_empty = !more && rows.is_empty() && list.rows.is_empty();
                list.push_page(rows);
                // An empty index stays "loading": the sync fills it.
                if !more && !last_empty {
                    list.load = LoadState::Done;
                }
                Reply::done()
            }
            IndexMsg::Groups { req, groups } if self.groups.list.req == Some(req) => {
                let list = &mut self.groups.list;
                if !groups.is_empty() {
                    list.push_page(groups);
                    list.load = LoadState::Done;
                }
                Reply::done()
            }
            IndexMsg::Changed { req, event } if req == session.req => {
                self.apply_sync_event(event);
                Reply::done()
            }
            IndexMsg::Synced { req, result } if req == session.req => {
                session.syncing = false;
                let (users_req, groups_req) = (session.users_req, session.groups_req);
                match result {
                    Ok(s) => {
                        // A full sync lists every user and group: it cannot say which changed.
                        let (kind, verb) = if s.full {
                            ("full sync", "listed")
                        } else {
                            ("index synced", "changed")
                        };
                        if s.full || s.changed > 0 || s.deleted > 0 {
                            self.info(format!(
                                "{kind}: {} {verb}, {} deleted ({} requests)",
                                thousands(s.changed as usize),
                                thousands(s.deleted as usize),
                                thousands(s.requests as usize)
                            ));
                        }
                    }
                    Err(e) => {
                        session.failed = true;
                        let retry = self.key_name(Action::Refresh);
                        self.warn(format!(
                            "index sync failed: {e} · the rows shown are the index's; {retry} syncs again"
                        ));
                    }
                }
                self.users.list.forget_ids();
                self.groups.list.forget_ids();
                if let Some(full) = self.users.full.as_mut() {
                    full.forget_ids();
                }
                for (list_req, load) in [
                    (self.users.list.req, &mut self.users.list.load),
                    (self.groups.list.req, &mut self.groups.list.load),
                ] {
                    if (list_req == Some(users_req) || list_req == Some(groups_req))
                        && matches!(load, LoadState::Loading)
                    {
                        *load = LoadState::Done;
                    }
                }
                Reply::done()
            }
            IndexMsg::Unavailable { req, error } if req == session.req => {
                self.index.session = None;
                self.warn(format!("index unavailable ({error}); listing from Okta"));
                let mut effects = self.load_users();
                if self.tab == Tab::Groups || self.groups.list.is_loading() {
                    effects.extend(self.load_groups());
                } else {
                    self.groups = GroupsTab::default();
                }
                effects.into()
            }
            // Stale: an earlier open or sync, or a list another load has taken over.
            _ => Reply::Unchanged,
        }
    }

    /// A change the sync wrote: the list showing the whole org takes it in place (the list
    /// on screen, or the one kept aside while a search shows fewer).
    fn apply_sync_event(&mut self, event: SyncEvent) {
        let users = match &mut self.users.full {
            Some(full) => Some(full),
            None if self.users.query == UserQuery::default() => Some(&mut self.users.list),
            None => None,
        };
        let groups = (self.groups.query == GroupQuery::default()).then_some(&mut self.groups.list);
        match event {
            SyncEvent::UsersChanged(rows) => {
                if let Some(list) = users {
                    list.upsert_rows(rows);
                }
            }
            SyncEvent::UsersDeleted(ids) => {
                if let Some(list) = users {
                    list.remove_rows(&ids);
                }
            }
            SyncEvent::GroupsChanged(rows) => {
                if let Some(list) = groups {
                    list.upsert_rows(rows);
                }
            }
            SyncEvent::GroupsDeleted(ids) => {
                if let Some(list) = groups {
                    list.remove_rows(&ids);
                }
            }
        }
    }
}

impl App {
    /// At start and after a tenant switch: from the index when the tenant keeps one.
    pub(in crate::app) fn load_users_or_index(&mut self) -> Vec<Effect> {
        if self.tenant_uses_index() {
            self.open_from_index()
        } else {
            self.load_users()
        }
    }
}
