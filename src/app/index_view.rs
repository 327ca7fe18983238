//! The console's side of the local index: which tenants keep one, and what the header says
//! about the one in use ("index 3 min old · syncing…"). The reducer (`update/index.rs`) opens
//! a tenant from it and applies what the background sync changes; the runtime
//! (`runtime/index_task.rs`) reads and syncs the database.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::index::SyncEvent;
use crate::okta::{Group, UserRow};

use super::ids::ReqId;

/// Which tenants open from their index, and how a full sync may list.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPolicy {
    /// Tenants of the config file that keep an index (not `index = false`); empty under
    /// `--no-index`. The demo org and the OKTA_CLIENT_* tenant keep none.
    pub tenants: BTreeSet<String>,
    pub max_in_flight: usize,
    /// The share of each rate-limit bucket a full sync may use (`bucket_share`).
    pub bucket_share: f64,
}

impl Default for IndexPolicy {
    fn default() -> Self {
        IndexPolicy {
            tenants: BTreeSet::new(),
            max_in_flight: crate::index::ParallelOptions::default().max_in_flight,
            bucket_share: crate::index::partition::DEFAULT_BUCKET_SHARE,
        }
    }
}

/// What the console asks of the index of the connected tenant.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexEffect {
    /// Open the tenant's index, send its users (`users` request) and groups (`groups`) when
    /// `read`, then sync in the background (`full`: list everything instead of what changed). The task
    /// answers with `IndexMsg`s carrying `req`; a newer one, a tenant switch or quitting
    /// stops it.
    Open {
        req: ReqId,
        users: ReqId,
        groups: ReqId,
        tenant: String,
        full: bool,
        /// Read the rows from the index (first open); false when they are on screen already.
        read: bool,
        max_in_flight: usize,
        bucket_share: f64,
    },
}

/// Answers of the index task.
#[derive(Debug, Clone)]
pub enum IndexMsg {
    /// The index is open: how old it is (None: never synced), how many users it holds, and
    /// the file set aside when the old one was damaged or locked.
    Opened {
        req: ReqId,
        age: Option<Duration>,
        users: u64,
        set_aside: Option<String>,
    },
    /// Users read from the index, in login order; `more` is false on the last part.
    Users {
        req: ReqId,
        rows: Vec<UserRow>,
        more: bool,
    },
    Groups {
        req: ReqId,
        groups: Vec<Group>,
    },
    /// A change the background sync wrote to the index.
    Changed {
        req: ReqId,
        event: SyncEvent,
    },
    /// The sync ended: what it did, or why it failed.
    Synced {
        req: ReqId,
        result: Result<SyncSummary, String>,
    },
    /// The index cannot be used at all (no cache dir, a disk error): list from Okta.
    Unavailable {
        req: ReqId,
        error: String,
    },
}

/// What a finished sync did, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSummary {
    pub full: bool,
    pub changed: u64,
    pub deleted: u64,
    pub requests: u64,
}

/// The index in use for the connected tenant.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexSession {
    pub req: ReqId,
    pub users_req: ReqId,
    pub groups_req: ReqId,
    /// The index's age when it was opened (None: never synced, or not yet known).
    pub age: Option<Duration>,
    pub syncing: bool,
    pub full: bool,
    /// The last sync failed (the rows shown are the index's).
    pub failed: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexView {
    pub policy: IndexPolicy,
    pub session: Option<IndexSession>,
}

impl IndexView {
    pub fn uses_index(&self, tenant: &str) -> bool {
        self.policy.tenants.contains(tenant)
    }

    /// The header's words about the index, None when the tenant keeps none.
    pub fn header(&self) -> Option<String> {
        let s = self.session.as_ref()?;
        let age = match s.age {
            None => "index new".to_owned(),
            Some(a) => format!("index {} old", short_age(a)),
        };
        Some(if s.syncing {
            let what = if s.full { "full sync…" } else { "syncing…" };
            format!("{age} · {what}")
        } else if s.failed {
            format!("{age} · sync failed")
        } else {
            "index synced".to_owned()
        })
    }
}

/// "40 s", "3 min", "5 h", "2 d".
pub fn short_age(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86400 => format!("{} h", s / 3600),
        _ => format!("{} d", s / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_the_age_and_the_sync() {
        let mut v = IndexView::default();
        assert_eq!(v.header(), None);
        v.session = Some(IndexSession {
            req: ReqId(1),
            users_req: ReqId(2),
            groups_req: ReqId(3),
            age: Some(Duration::from_secs(200)),
            syncing: true,
            full: false,
            failed: false,
        });
        assert_eq!(v.header().unwrap(), "index 3 min old · syncing…");
        if let Some(s) = v.session.as_mut() {
            s.syncing = false;
        }
        assert_eq!(v.header().unwrap(), "index synced");
        assert_eq!(short_age(Duration::from_secs(2 * 86400 + 5)), "2 d");
    }
}
