//! The Credentials tab (read-only for now): configured tenants and which one is active. The
//! credential manager itself (add, edit, test, remove) is its own issue.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantRow {
    pub name: String,
    pub domain: String,
    /// "API token" or "OAuth 2.0 service app".
    pub auth_label: String,
    pub read_only: bool,
}

#[derive(Debug, Clone, Default)]
pub struct CredentialsTab {
    pub tenants: Vec<TenantRow>,
    /// Where the config lives (shown so the admin knows which file to edit).
    pub config_path: Option<String>,
    /// A one-line hint or a config error to show above the list.
    pub notice: Option<String>,
    /// Non-fatal findings from the config (unknown keys, key bindings that did not parse).
    pub warnings: Vec<String>,
    pub selected: usize,
    pub offset: usize,
}
