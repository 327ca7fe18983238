//! The Credentials tab's state: the configured tenants (name, domain, auth type, where the
//! secret comes from, read-only), the lines shown above them, this session's Test Connect
//! results, and which requests are in flight.

use std::collections::BTreeMap;

use crate::config::keyring::Availability;
use crate::config::{KeySource, Settings, TenantAuth, TenantConfig};

use super::test_result::TestOutcome;
use crate::app::ids::ReqId;
use crate::app::keymap::TenantNeed;

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
    /// The config as loaded (secrets stay in `secrecy` types and are only shown masked).
    /// None when the tenants did not come from the file (the demo).
    pub settings: Option<Settings>,
    /// The config file does not parse (path:line:column: message). Nothing is saved then.
    pub damaged: Option<String>,
    /// This session's Test Connect results by tenant name, with every detail.
    pub reports: BTreeMap<String, TestOutcome>,
    /// Test Connect running for a listed tenant.
    pub testing: Option<(ReqId, String)>,
    /// A save started from the list (delete, recording a test) in flight.
    pub saving: Option<ReqId>,
    /// An import in flight.
    pub importing: Option<ReqId>,
    /// Whether an OS keyring runs here, as the latest probe answered (None: no answer yet).
    /// A form opens with it, so a known answer shows at once.
    pub keyring: Option<Availability>,
    /// The keyring probe whose answer is awaited (an older one's answer is dropped).
    pub keyring_probe: Option<ReqId>,
}

impl CredentialsTab {
    /// The tab for a loaded config.
    pub fn from_settings(settings: Settings, path: String, warnings: Vec<String>) -> Self {
        let mut tab = CredentialsTab {
            config_path: Some(path),
            warnings,
            ..Default::default()
        };
        tab.set_settings(settings);
        tab
    }

    /// The tab for a config file that does not parse: the error (with line and column) is
    /// shown, and adding, editing or deleting is refused so the file is never overwritten.
    pub fn damaged_file(error: String, path: Option<String>) -> Self {
        CredentialsTab {
            notice: Some(error.clone()),
            damaged: Some(error),
            config_path: path,
            ..Default::default()
        }
    }

    /// Replaces the tenants with `settings`' (after a save). Rows that are not from the file
    /// (the demo org, the OKTA_CLIENT_* tenant) stay.
    pub fn set_settings(&mut self, settings: Settings) {
        let from_file = |name: &str| {
            self.settings
                .as_ref()
                .is_some_and(|s| s.tenant(name).is_some())
        };
        let extra: Vec<TenantRow> = self
            .tenants
            .iter()
            .filter(|r| !from_file(&r.name) && settings.tenant(&r.name).is_none())
            .cloned()
            .collect();
        self.tenants = settings
            .tenants
            .iter()
            .map(|t| TenantRow {
                name: t.name.clone(),
                domain: t.domain.clone(),
                auth_label: t.auth_label.clone(),
                read_only: t.read_only || settings.read_only,
            })
            .chain(extra)
            .collect();
        self.settings = Some(settings);
        self.selected = self.selected.min(self.tenants.len().saturating_sub(1));
    }

    /// The configured tenant behind a row (None for the demo or env tenant).
    pub fn config(&self, name: &str) -> Option<&TenantConfig> {
        self.settings.as_ref().and_then(|s| s.tenant(name))
    }

    pub fn selected_row(&self) -> Option<&TenantRow> {
        self.tenants.get(self.selected)
    }

    /// Where the secret comes from, masked: `••••abcd`, `$VAR`, the command, or the key file.
    pub fn secret_label(&self, name: &str) -> String {
        match self.config(name).map(|t| &t.auth) {
            Some(TenantAuth::Token(s)) => s.masked(),
            Some(TenantAuth::OAuth(o)) => match &o.key {
                KeySource::File(p) => format!("key {}", p.display()),
                KeySource::Inline(_) => "inline key".to_owned(),
            },
            None => String::new(),
        }
    }

    pub fn busy(&self) -> bool {
        self.testing.is_some() || self.saving.is_some()
    }

    /// Whether a Credentials key's need holds (the table's guard; the footer and help hide
    /// what would only be refused).
    pub fn allows(&self, need: TenantNeed) -> bool {
        let in_file = self
            .selected_row()
            .is_some_and(|r| self.config(&r.name).is_some());
        match need {
            TenantNeed::Selected => self.selected_row().is_some(),
            TenantNeed::Writable => self.damaged.is_none(),
            TenantNeed::InFile => in_file,
            TenantNeed::InWritableFile => self.damaged.is_none() && in_file,
        }
    }

    /// What a form opened now is told about the keyring.
    pub fn keyring_known(&self) -> Availability {
        self.keyring.clone().unwrap_or(Availability::Checking)
    }

    pub fn select(&mut self, name: &str) {
        if let Some(i) = self.tenants.iter().position(|r| r.name == name) {
            self.selected = i;
        }
    }
}

/// How a line above the tenant list is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Error,
    Warn,
    Dim,
}

/// A line above the tenant list. The UI draws these and the geometry counts them
/// (`layout::tenant_list`), so both agree on where the rows start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub tone: Tone,
    pub text: String,
    /// Shown whole, wrapped onto as many lines as it needs (else cut to one line).
    pub whole: bool,
}

impl CredentialsTab {
    /// The lines above the tenant list, in order: a damaged file (its error whole, with line
    /// and column) or the one-line notice, the config path, then the config's warnings.
    pub fn notices(&self) -> Vec<Notice> {
        let line = |tone, text: String, whole| Notice { tone, text, whole };
        let mut out = Vec::new();
        if let Some(err) = &self.damaged {
            out.push(line(
                Tone::Error,
                format!("config file damaged: {err}"),
                true,
            ));
            out.push(line(
                Tone::Warn,
                "oktui will not write to it: fix it in an editor (or move it away) and restart"
                    .to_owned(),
                false,
            ));
        } else if let Some(n) = &self.notice {
            out.push(line(Tone::Warn, n.clone(), false));
        }
        if let Some(p) = &self.config_path {
            out.push(line(Tone::Dim, format!("config: {p}"), false));
        }
        for warn in &self.warnings {
            out.push(line(Tone::Warn, format!("warning: {warn}"), false));
        }
        out
    }
}
