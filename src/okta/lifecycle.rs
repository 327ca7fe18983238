//! Lifecycle operations: endpoint, query parameters, and which statuses allow each.
//!
//! CONTRACT: `LifecycleOp`, `LifecycleOutcome`.

use super::models::User;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LifecycleOp {
    Activate { send_email: bool },
    Reactivate { send_email: bool },
    Deactivate { send_email: bool },
    Suspend,
    Unsuspend,
    Unlock,
    ExpirePassword,
    ResetPassword { send_email: bool, revoke_sessions: bool },
    ResetFactors,
}

/// What a lifecycle call returned. Links are secrets of a kind: never log or journal them.
#[derive(Debug, Clone, Default)]
pub struct LifecycleOutcome {
    pub activation_url: Option<String>,
    pub reset_password_url: Option<String>,
    /// `expire_password` returns the updated user.
    pub user: Option<User>,
}
