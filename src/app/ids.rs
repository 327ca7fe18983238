//! The small identifiers every other part of the console names: requests, the slots they fill,
//! the connected tenant, and the kinds of single-user write. This is the bottom of `app`: it
//! imports nothing from it, so anything (the key table, components, messages) can use it
//! without forming a cycle.

/// Identifies one request (or one stream of pages). Unique for the life of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ReqId(pub u64);

/// A place in the model that one request at a time fills. Starting a new request for a slot
/// supersedes (and cancels) the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Users,
    Groups,
    Members,
    UserDetail,
    GroupDetail,
    /// The detail pane beside the list: its settle timer, then its fetch.
    Pane,
    /// The local index's open and background sync (`runtime/index_task.rs`).
    Index,
    /// The Logs tab's listing.
    Logs,
    /// The Logs tab's tail.
    LogTail,
}

/// The tenant the console is connected to, as the header shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TenantInfo {
    pub name: String,
    pub domain: String,
    pub read_only: bool,
    /// Header colour name from the config (e.g. "red" for production).
    pub color: Option<String>,
}

/// What the admin asked for on one user. Named here, not beside the write code, because the
/// key table's guards say which of these a key needs (what each does lives in the write code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    /// Activate, or reactivate when the user is PROVISIONED/RECOVERY.
    Activate,
    Deactivate,
    Suspend,
    Unsuspend,
    Unlock,
    ExpirePassword,
    ResetPassword,
    ClearSessions,
    Delete,
    /// Remove every enrolled MFA factor.
    ResetFactors,
}
