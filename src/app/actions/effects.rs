//! What the write dialogs ask the runtime for (`runtime/writes.rs` performs it) and the
//! answers that come back. Every answer carries the `ReqId` of its request so a late one is
//! dropped when the dialog that asked has gone.

use crate::app::ids::ReqId;
use crate::journal::JournalEntry;
use crate::okta::{Fetched, Group, OktaError, User, UserRow};

use super::op::{WriteOp, WriteOutcome};

/// Work for the runtime.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionEffect {
    /// Single `GET /users/{id}`: what the user's state allows now.
    FetchUser { req: ReqId, user_id: String },
    /// Perform one write, journal it, then GET the user afresh.
    Write {
        req: ReqId,
        tenant: String,
        op: WriteOp,
    },
    /// Groups for a picker: the org's OKTA_GROUPs, or one user's groups.
    LoadPickerGroups { req: ReqId, user_id: Option<String> },
    /// Users for a picker: a server prefix search (first page only).
    SearchUsers { req: ReqId, text: String },
    /// The last entries of the journal.
    ReadJournal { req: ReqId },
    /// Answer `ActionMsg::WaitOver` after `delay` (a paused run's backoff: the reducer never
    /// reads the clock itself).
    Wait {
        req: ReqId,
        delay: std::time::Duration,
    },
    /// `GET /users/me` on this tenant: who the credential acts as.
    LoadMe { tenant: String },
}

/// Answers from the runtime.
// Answers are moved once into the reducer; boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum ActionMsg {
    UserFetched {
        req: ReqId,
        result: Result<Fetched<User>, OktaError>,
    },
    WriteDone {
        req: ReqId,
        result: Result<WriteOutcome, OktaError>,
    },
    PickerGroups {
        req: ReqId,
        result: Result<Vec<Group>, OktaError>,
    },
    PickerUsers {
        req: ReqId,
        result: Result<Vec<UserRow>, OktaError>,
    },
    Journal {
        req: ReqId,
        entries: Vec<JournalEntry>,
    },
    /// The wait asked for by `ActionEffect::Wait` is over.
    WaitOver { req: ReqId },
    /// The credential's own user id on `tenant` (None: unknown, or no user behind it).
    Me { tenant: String, id: Option<String> },
}
