//! The org's full user listing is kept aside while a server search or status filter shows
//! fewer users, and comes back when that query is cleared: listing a big org again costs
//! minutes and a share of the rate limit, so only `r` does it.

use std::mem;

use crate::app::effect::Effect;
use crate::app::ids::Slot;
use crate::app::list::LoadState;
use crate::app::{App, thousands};
use crate::okta::{UserQuery, UserRow};

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
            "back to all {} users, as loaded before (r reloads)",
            thousands(self.users.list.rows.len())
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
        self.pane.forget_user(&row.id);
        self.users.list.update_row(row);
    }
}
