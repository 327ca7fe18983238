//! One change to the config file, as the tab asks for it. The file on disk is the authority:
//! every save re-reads it, applies one change and writes it back, and a damaged file is never
//! written (`runtime/tenants.rs` performs it).

use secrecy::ExposeSecret as _;

use crate::config::{KeySource, LastTest, TenantAuth, TenantConfig, TokenSource};

/// One change to the config file.
#[derive(Debug, Clone)]
pub enum SaveOp {
    Add(TenantConfig),
    Edit {
        name: String,
        tenant: TenantConfig,
    },
    Delete(String),
    /// Keep the outcome of a Test Connect run from the list.
    RecordTest {
        name: String,
        last: LastTest,
    },
}

impl SaveOp {
    /// The tenant the change is about (for the status line).
    pub fn tenant_name(&self) -> &str {
        match self {
            SaveOp::Add(t) | SaveOp::Edit { tenant: t, .. } => &t.name,
            SaveOp::Delete(n) | SaveOp::RecordTest { name: n, .. } => n,
        }
    }
}

impl PartialEq for SaveOp {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (SaveOp::Add(a), SaveOp::Add(b)) => same_tenant(a, b),
            (
                SaveOp::Edit {
                    name: n1,
                    tenant: a,
                },
                SaveOp::Edit {
                    name: n2,
                    tenant: b,
                },
            ) => n1 == n2 && same_tenant(a, b),
            (SaveOp::Delete(a), SaveOp::Delete(b)) => a == b,
            (
                SaveOp::RecordTest { name: n1, last: l1 },
                SaveOp::RecordTest { name: n2, last: l2 },
            ) => n1 == n2 && l1 == l2,
            _ => false,
        }
    }
}

/// Field-by-field equality (secrets compared, never printed): `TenantConfig` holds
/// `SecretString`s, which have no `PartialEq` of their own.
pub fn same_tenant(a: &TenantConfig, b: &TenantConfig) -> bool {
    let auth = match (&a.auth, &b.auth) {
        (TenantAuth::Token(x), TenantAuth::Token(y)) => match (x, y) {
            (TokenSource::Inline(x), TokenSource::Inline(y)) => {
                x.expose_secret() == y.expose_secret()
            }
            (TokenSource::Env(x), TokenSource::Env(y)) => x == y,
            (
                TokenSource::Command {
                    command: c1,
                    timeout: t1,
                },
                TokenSource::Command {
                    command: c2,
                    timeout: t2,
                },
            ) => c1 == c2 && t1 == t2,
            (TokenSource::Keyring, TokenSource::Keyring) => true,
            (TokenSource::KeyringStore(x), TokenSource::KeyringStore(y)) => {
                x.expose_secret() == y.expose_secret()
            }
            _ => false,
        },
        (TenantAuth::OAuth(x), TenantAuth::OAuth(y)) => {
            let key = match (&x.key, &y.key) {
                (KeySource::File(p), KeySource::File(q)) => p == q,
                (KeySource::Inline(p), KeySource::Inline(q)) => {
                    p.expose_secret() == q.expose_secret()
                }
                _ => false,
            };
            key && x.client_id == y.client_id
                && x.key_id == y.key_id
                && x.scopes == y.scopes
                && x.dpop == y.dpop
        }
        _ => false,
    };
    auth && a.name == b.name
        && a.domain == b.domain
        && a.auth_label == b.auth_label
        && a.read_only == b.read_only
        && a.color == b.color
        && a.last_test == b.last_test
}
