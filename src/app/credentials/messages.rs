//! What the Credentials tab asks the runtime to do, and the answers. The reducer stays pure:
//! tests, saves, imports and the OS keyring probe are performed by the runtime
//! (`runtime/tenants.rs`, `runtime/keyring.rs`) and answered by these messages.

use crate::config::keyring::Availability;
use crate::config::{LastTest, Settings, TenantConfig};
use crate::okta::test_connect::TestReport;

use super::save::{SaveOp, same_tenant};
use crate::app::ids::ReqId;

/// What the Credentials tab asks the runtime to do.
#[derive(Debug, Clone)]
pub enum CredEffect {
    /// Test Connect in the background, answered by `CredMsg::Tested`.
    Test {
        req: ReqId,
        tenant: Box<TenantConfig>,
    },
    /// Re-read the config file, apply `op`, write it (atomically, 0600), answered by
    /// `CredMsg::Saved` or `CredMsg::SaveFailed`.
    Save { req: ReqId, op: Box<SaveOp> },
    /// The open tenant was edited and saved: connect to it again (lists reload).
    Reconnect(String),
    /// Read a tenant from the Okta SDKs' conventions (`OKTA_CLIENT_ORGURL` +
    /// `OKTA_CLIENT_TOKEN`, else `~/.okta/okta.yaml`), answered by `CredMsg::Imported`.
    Import { req: ReqId },
}

impl PartialEq for CredEffect {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (CredEffect::Test { req: r1, tenant: a }, CredEffect::Test { req: r2, tenant: b }) => {
                r1 == r2 && same_tenant(a, b)
            }
            (CredEffect::Save { req: r1, op: a }, CredEffect::Save { req: r2, op: b }) => {
                r1 == r2 && a == b
            }
            (CredEffect::Reconnect(a), CredEffect::Reconnect(b)) => a == b,
            (CredEffect::Import { req: a }, CredEffect::Import { req: b }) => a == b,
            _ => false,
        }
    }
}

/// Answers to `CredEffect`s.
#[derive(Debug, Clone)]
pub enum CredMsg {
    Tested {
        req: ReqId,
        report: Box<TestReport>,
        /// The one-line outcome with the time (the runtime reads the clock, not the reducer).
        last: LastTest,
    },
    Saved {
        req: ReqId,
        settings: Box<Settings>,
        warnings: Vec<String>,
    },
    SaveFailed {
        req: ReqId,
        error: String,
    },
    /// The imported tenant and where it came from, or why there was nothing to import.
    Imported {
        req: ReqId,
        result: Result<(Box<TenantConfig>, String), String>,
    },
    /// Whether an OS keyring answers here (the answer to a keyring probe).
    Keyring {
        req: ReqId,
        found: Availability,
    },
}

/// Asks the runtime whether an OS keyring answers here (`runtime/keyring.rs`), answered by
/// `CredMsg::Keyring`. Asked when a tenant form opens, so the answer is usually there by the
/// time the token source is chosen; a missing keyring is looked for again at the next form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeKeyring {
    pub req: ReqId,
}
