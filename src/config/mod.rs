//! Settings and credentials: one TOML file in the config dir, written atomically with mode
//! 0600, never overwritten when damaged. Secrets stay in `secrecy` types.
//!
//! CONTRACT (used by runtime and cli): `resolve`, `Resolved`, `ActiveTenant`, `Settings`,
//! `TenantConfig`, `ConfigError`.

use std::path::PathBuf;

use crate::cli::args::GlobalOpts;
use crate::okta::ClientConfig;

/// Everything in `config.toml`.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub default_tenant: Option<String>,
    pub theme: Option<String>,
    /// Key overrides: action name -> key spec (e.g. `"suspend" = "S"`).
    pub keys: std::collections::BTreeMap<String, String>,
    /// Users per page (default 200, the Okta maximum).
    pub page_size: u32,
    /// Requests in flight per tenant (default 4).
    pub max_in_flight: usize,
    /// Read-only for every tenant unless a tenant says otherwise.
    pub read_only: bool,
    pub mouse: bool,
    pub tenants: Vec<TenantConfig>,
}

/// One Okta org the admin can switch to. (Auth details are private to this module.)
#[derive(Debug, Clone)]
pub struct TenantConfig {
    pub name: String,
    /// Normalized: `https://acme.okta.com` (no trailing slash).
    pub domain: String,
    /// "API token" or "OAuth 2.0 service app".
    pub auth_label: String,
    pub read_only: bool,
    /// Header colour name (red for production by default).
    pub color: Option<String>,
}

/// The tenant the console or a command acts on, ready to build a client.
#[derive(Clone)]
pub struct ActiveTenant {
    pub name: String,
    pub domain: String,
    pub read_only: bool,
    pub color: Option<String>,
    pub client: ClientConfig,
}

/// What `resolve` found.
pub struct Resolved {
    pub settings: Settings,
    pub path: PathBuf,
    /// Unknown keys and other non-fatal findings, to show the admin.
    pub warnings: Vec<String>,
    /// None when nothing is configured (the console then opens on Credentials).
    pub active: Option<ActiveTenant>,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum ConfigError {
    /// A damaged file: reported with its place and left untouched.
    #[error("{path}:{line}:{column}: {message} (the file was left untouched)")]
    Parse {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("no tenant named {0:?} in the config")]
    UnknownTenant(String),
    #[error("{0}")]
    Other(String),
}

/// Loads the config (`--config` or the default path), applies `--tenant`, `--read-only` and
/// the Okta SDK variables `OKTA_CLIENT_ORGURL` + `OKTA_CLIENT_TOKEN` (they win when set and no
/// `--tenant` is given). A missing file is an empty config, not an error.
pub fn resolve(_global: &GlobalOpts) -> Result<Resolved, ConfigError> {
    todo!("config implementation (issue 5)")
}
