//! The per-tenant local index: users and groups kept in an embedded SQLite database in the
//! cache dir, so a tenant opens at once and then syncs only what changed.
//!
//! - `store`: the database (schema, WAL, 0600, damaged or locked files set aside).
//! - `partition`: a full listing split into disjoint `lastUpdated` ranges fetched concurrently.
//! - `sync`: delta sync (changed since the last mark, deletions from the System Log or by
//!   comparing ids) and full sync.
//!
//! Never holds tokens: only what the list endpoints return about users and groups.

pub mod partition;
pub mod store;
pub mod sync;

pub use partition::{Listed, ParallelOptions, ParallelReport, list_parallel};
pub use store::{Index, IndexError, Opened, SetAside};
pub use sync::{DeletionSource, SyncEvent, SyncOptions, SyncReport, sync};

/// The index of `tenant` in the platform cache dir, or one in memory when the tenant keeps
/// none (`index = false`, `--no-index`). An unusable file has been set aside when this returns
/// `Opened::Rebuilt` (say so to the admin).
pub fn open_tenant(tenant: &str, use_index: bool) -> Result<(Index, Opened), IndexError> {
    if !use_index {
        return Index::in_memory();
    }
    Index::open_tenant(&store::default_dir()?, tenant)
}
