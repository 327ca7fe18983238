//! The org's full user listing is kept aside while a server search or status filter shows
//! fewer users, and comes back when that query is cleared: listing a big org again costs
//! minutes and a share of the rate limit, so only `r` does it. Groups are kept the same way
//! while a group search shows fewer.

use std::mem;

use crate::app::effect::Effect;
use crate::app::ids::Slot;
use crate::app::list::LoadState;
use crate::app::{App, thousands};
use crate::okta::{Group, GroupQuery, UserQuery, UserRow};

impl App {
    /// Before a query replaces the list: a complete full listing is kept aside. The query's
    /// rows start on an empty list in the same sort order.
    pub(in crate::app) fn keep_full_listing(&mut self) {
        let users = &mut self.users;
        if users.query != UserQuery::default()
            || users.full.is_some()
            || users.list.load != LoadState::Done
        {
            return;
        }
        let full = mem::take(&mut users.list);
        users.list.sort = full.sort;
        users.full = Some(full);
    }

    /// Clearing the query: the full listing kept aside comes back as it was left, and a
    /// query stream still running is stopped. None when none was kept (it must be loaded).
    pub(in crate::app) fn back_to_full_listing(&mut self) -> Option<Vec<Effect>> {
        let full = self.users.full.take()?;
        let running = self.users.list.is_loading();
        self.users.list = full;
        self.users.query = UserQuery::default();
        self.users.query_label = None;
        self.info(format!(
            "back to all {} users, as loaded before ({} reloads)",
            thousands(self.users.list.rows.len()),
            self.key_name(crate::app::Action::Refresh)
        ));
        Some(if running {
            vec![Effect::Cancel { slot: Slot::Users }]
        } else {
            Vec::new()
        })
    }

    /// A user changed (a write, a fresh GET): the kept listing shows the change too.
    pub(in crate::app) fn update_user_row(&mut self, row: UserRow) {
        if let Some(full) = &mut self.users.full {
            full.update_row(row.clone());
        }
        // What the pane holds of them is older (a write, a fresh GET): it fetches again.
        self.pane.forget_user(row.id());
        self.users.list.update_row(row);
    }

    /// Before a group search replaces the list: a complete full listing is kept aside.
    pub(in crate::app) fn keep_full_groups(&mut self) {
        let groups = &mut self.groups;
        if groups.query != GroupQuery::default()
            || groups.full.is_some()
            || groups.list.load != LoadState::Done
        {
            return;
        }
        let full = mem::take(&mut groups.list);
        groups.list.sort = full.sort;
        groups.full = Some(full);
    }

    /// Clearing the group search: the kept full listing comes back without a request.
    pub(in crate::app) fn back_to_full_groups(&mut self) -> Option<Vec<Effect>> {
        let full = self.groups.full.take()?;
        let running = self.groups.list.is_loading();
        self.groups.list = full;
        self.groups.query = GroupQuery::default();
        self.groups.query_label = None;
        let reload = self.key_name(crate::app::Action::Refresh);
        self.info(format!(
            "back to all {} groups, as loaded before ({reload} reloads)",
            thousands(self.groups.list.rows.len())
        ));
        Some(if running {
            vec![Effect::Cancel { slot: Slot::Groups }]
        } else {
            Vec::new()
        })
    }

    /// A group changed: the kept listing shows the change too.
    pub(in crate::app) fn update_group_row(&mut self, row: Group) {
        if let Some(full) = &mut self.groups.full {
            full.update_row(row.clone());
        }
        self.groups.list.update_row(row);
    }
}
