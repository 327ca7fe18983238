//! Settings and credentials: one TOML file in the config dir, written atomically with mode
//! 0600, never overwritten when damaged. Secrets stay in `secrecy` types.
//!
//! CONTRACT (used by runtime and cli): `resolve`, `Resolved`, `ActiveTenant`, `Settings`,
//! `TenantConfig`, `ConfigError`.
//!
//! For the Credentials tab: `load` / `save` (refuses to replace a damaged file),
//! `add_tenant` / `edit_tenant` / `delete_tenant` (unique names, normalized domains, warnings),
//! `normalize_domain`, `TokenSource::masked` (`••••abcd`), `test_connect::test_tenant` then
//! `LastTest::from_report`, `import_env` / `import_okta_yaml`, `secrets::run_token_command` to
//! try a command before saving, and `keyring::availability` / `keyring::probe` to say whether
//! an OS keyring runs (`KEYRING_UNAVAILABLE` is the sentence for the usual "no D-Bus session").

pub mod domain;
pub mod file;
pub mod import;
pub mod keyring;
pub mod playbooks;
pub mod secrets;
pub mod tenants;
pub mod test_connect;

use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;

use crate::okta::ClientConfig;
pub use crate::okta::oauth::DpopMode;

pub use domain::{NormalizedDomain, normalize_domain};
pub use file::{load, save};
pub use import::{import_env, import_okta_yaml, okta_yaml_path, tenant_name_for};
pub use secrets::{KEYRING_UNAVAILABLE, resolve_tenant_token, resolve_token};
pub use tenants::{add_tenant, delete_tenant, delete_tenant_reporting, edit_tenant};

/// Okta's maximum page size for users, and our default.
pub const DEFAULT_PAGE_SIZE: u32 = 200;
/// Requests in flight per tenant unless the config says otherwise.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 4;
/// How long a `token_command` may run before it is killed.
pub const DEFAULT_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
/// Half of each Okta bucket for a parallel listing: buckets are shared by every integration
/// of the org (the index's listing takes the share from here).
pub const DEFAULT_BUCKET_SHARE: f64 = 0.5;
/// Name of the tenant opened from `OKTA_CLIENT_ORGURL` + `OKTA_CLIENT_TOKEN`.
pub const ENV_TENANT: &str = "env";

/// Everything in `config.toml`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub default_tenant: Option<String>,
    pub theme: Option<String>,
    /// Key overrides: action name -> key spec (e.g. `"suspend" = "S"`).
    pub keys: std::collections::BTreeMap<String, String>,
    /// Users per page (default 200, the Okta maximum).
    pub page_size: u32,
    /// Requests in flight per tenant (default 4).
    pub max_in_flight: usize,
    /// Every tenant read-only (a tenant's own `read_only` can only add to this).
    pub read_only: bool,
    pub mouse: bool,
    pub tenants: Vec<TenantConfig>,
    /// The most of an Okta bucket a parallel listing may use (0.05–1.0, default 0.5): the
    /// rest is left to the org's other integrations.
    pub bucket_share: f64,
    /// The zone times are shown in (`time_zone = "local" | "utc"`, default local).
    pub time_zone: crate::time_zone::TimeZone,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            default_tenant: None,
            theme: None,
            keys: Default::default(),
            page_size: DEFAULT_PAGE_SIZE,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            read_only: false,
            mouse: true,
            tenants: Vec::new(),
            bucket_share: DEFAULT_BUCKET_SHARE,
            time_zone: Default::default(),
        }
    }
}

impl Settings {
    pub fn tenant(&self, name: &str) -> Option<&TenantConfig> {
        self.tenants.iter().find(|t| t.name == name)
    }
}

/// One Okta org the admin can switch to.
#[derive(Debug, Clone, Default)]
pub struct TenantConfig {
    pub name: String,
    /// Normalized: `https://acme.okta.com` (no trailing slash).
    pub domain: String,
    /// "API token" or "OAuth 2.0 service app".
    pub auth_label: String,
    pub read_only: bool,
    /// Header colour name (red for production by default).
    pub color: Option<String>,
    /// How the tenant authenticates and where its secret comes from.
    pub auth: TenantAuth,
    /// The last Test Connect, kept so the Credentials tab can show it.
    pub last_test: Option<LastTest>,
    /// `index = false`: keep this tenant's users in memory only, no local index on disk.
    pub no_index: bool,
}

impl TenantConfig {
    /// The configured colour, or red for a tenant whose name says production.
    pub fn effective_color(&self) -> Option<String> {
        self.color.clone().or_else(|| {
            let n = self.name.to_ascii_lowercase();
            n.contains("prod").then(|| "red".to_string())
        })
    }

    /// A token tenant (sets `auth_label`).
    pub fn with_token(name: &str, domain: &str, source: TokenSource) -> TenantConfig {
        let auth = TenantAuth::Token(source);
        TenantConfig {
            name: name.to_string(),
            domain: domain.to_string(),
            auth_label: auth.label().to_string(),
            auth,
            ..Default::default()
        }
    }

    /// An OAuth service-app tenant (sets `auth_label`).
    pub fn with_oauth(name: &str, domain: &str, oauth: OAuthTenant) -> TenantConfig {
        let auth = TenantAuth::OAuth(oauth);
        TenantConfig {
            name: name.to_string(),
            domain: domain.to_string(),
            auth_label: auth.label().to_string(),
            auth,
            ..Default::default()
        }
    }

    /// Builds the client settings: fetches the secret (env, command, key file) now.
    pub fn activate(
        &self,
        settings: &Settings,
        force_read_only: bool,
    ) -> Result<ActiveTenant, ConfigError> {
        self.activate_with(settings, force_read_only, &|n| std::env::var(n).ok())
    }

    /// `activate` with the environment given (tests use this).
    pub fn activate_with(
        &self,
        settings: &Settings,
        force_read_only: bool,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ActiveTenant, ConfigError> {
        let auth = secrets::build_auth(&self.name, &self.auth, env)?;
        let mut client = ClientConfig::new(self.domain.clone(), auth);
        client.max_in_flight = settings.max_in_flight.max(1);
        // The top-level switch makes every tenant read-only; `--read-only` does for one run.
        client.read_only = self.read_only || settings.read_only || force_read_only;
        Ok(ActiveTenant {
            name: self.name.clone(),
            domain: self.domain.clone(),
            read_only: client.read_only,
            color: self.effective_color(),
            client,
        })
    }
}

/// How a tenant authenticates.
#[derive(Debug, Clone)]
pub enum TenantAuth {
    /// SSWS API token.
    Token(TokenSource),
    /// OAuth 2.0 service app (client credentials, private_key_jwt, DPoP).
    OAuth(OAuthTenant),
}

impl Default for TenantAuth {
    fn default() -> Self {
        TenantAuth::Token(TokenSource::Inline(SecretString::from(String::new())))
    }
}

impl TenantAuth {
    pub fn label(&self) -> &'static str {
        match self {
            TenantAuth::Token(_) => "API token",
            TenantAuth::OAuth(_) => "OAuth 2.0 service app",
        }
    }
}

/// Where an API token comes from.
#[derive(Debug, Clone)]
pub enum TokenSource {
    /// Stored in the 0600 config file.
    Inline(SecretString),
    /// Read from this environment variable when the tenant is opened.
    Env(String),
    /// Printed (first line of stdout) by this command, run without a shell.
    Command { command: String, timeout: Duration },
    /// The OS keyring (service `oktui`, account = the tenant's name; see `keyring`).
    Keyring,
    /// A token typed in the tenant form, to go INTO the OS keyring when the tenant is saved:
    /// `add_tenant` / `edit_tenant` store it and keep `Keyring` in its place, so the file
    /// never holds it (`save` writes `token_keyring = true` for it). Until then it is used as
    /// is, so Test Connect tries what was typed.
    KeyringStore(SecretString),
}

impl TokenSource {
    /// How the Credentials tab shows the source: `••••abcd` for an inline token (its last four
    /// characters only), `$VAR`, the command, or `keyring`.
    pub fn masked(&self) -> String {
        match self {
            TokenSource::Inline(s) => {
                let tail: String = {
                    let chars: Vec<char> =
                        secrecy::ExposeSecret::expose_secret(s).chars().collect();
                    // Short tokens show nothing: four characters of six would be most of it.
                    if chars.len() >= 12 {
                        chars[chars.len() - 4..].iter().collect()
                    } else {
                        String::new()
                    }
                };
                format!("••••{tail}")
            }
            TokenSource::Env(v) => format!("${v}"),
            TokenSource::Command { command, .. } => format!("`{command}`"),
            TokenSource::Keyring | TokenSource::KeyringStore(_) => "keyring".to_string(),
        }
    }
}

/// An OAuth 2.0 API service app.
#[derive(Debug, Clone, Default)]
pub struct OAuthTenant {
    pub client_id: String,
    pub key: KeySource,
    /// `kid` of the public key registered on the app.
    pub key_id: Option<String>,
    pub scopes: Vec<String>,
    pub dpop: DpopMode,
}

/// Where the client-auth private key (PEM or JWK) comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    File(PathBuf),
    /// Stored in the 0600 config file.
    Inline(SecretString),
}

impl Default for KeySource {
    fn default() -> Self {
        KeySource::File(PathBuf::new())
    }
}

/// Outcome of the last Test Connect for a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTest {
    pub ok: bool,
    /// RFC 3339 time of the test.
    pub at: String,
    /// One line: what worked or what is wrong.
    pub summary: String,
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
    /// A config file named with `--config` that is missing or cannot be read.
    #[error("config file {path}: {reason} (nothing was run)")]
    Unreadable { path: String, reason: String },
    #[error("no tenant named {0:?} in the config")]
    UnknownTenant(String),
    #[error("{0}")]
    Other(String),
}

/// Which file, which tenant, and whether this run may write: what the console and every
/// command choose before anything is opened (the command line fills it in).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// A config file named explicitly; None means the default one.
    pub config: Option<PathBuf>,
    /// A tenant by name; None means the environment's, else `default_tenant`, else the first.
    pub tenant: Option<String>,
    /// Refuse every write for this run only (never saved into the file).
    pub read_only: bool,
}

/// The config file path: `--config`, else `config.toml` in the platform config dir.
pub fn config_path(sel: &Selection) -> Result<PathBuf, ConfigError> {
    match &sel.config {
        Some(p) => Ok(p.clone()),
        None => default_path(),
    }
}

/// The config file to act on. A file named explicitly must exist and be readable: silently
/// running on an empty config would drop whatever it says (its `read_only = true` first of
/// all). The default file may be missing (nothing configured yet).
pub fn checked_path(sel: &Selection) -> Result<PathBuf, ConfigError> {
    let path = config_path(sel)?;
    if sel.config.is_some() {
        check_readable(&path)?;
    }
    Ok(path)
}

/// Fails with `Unreadable` unless `path` is a file that can be opened for reading.
pub fn check_readable(path: &Path) -> Result<(), ConfigError> {
    let unreadable = |reason: String| ConfigError::Unreadable {
        path: path.display().to_string(),
        reason,
    };
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Err(unreadable("it is a directory".into())),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(unreadable("no such file".into()));
        }
        Err(e) => return Err(unreadable(e.to_string())),
    }
    std::fs::File::open(path)
        .map(drop)
        .map_err(|e| unreadable(e.to_string()))
}

/// `config.toml` in the platform config dir (`~/.config/oktui/` on Linux).
pub fn default_path() -> Result<PathBuf, ConfigError> {
    directories::ProjectDirs::from("", "", "oktui")
        .map(|d| d.config_dir().join("config.toml"))
        .ok_or_else(|| ConfigError::Other("cannot find a home directory; use --config FILE".into()))
}

/// Loads the config (`--config` or the default path), applies `--tenant`, `--read-only` and
/// the Okta SDK variables `OKTA_CLIENT_ORGURL` + `OKTA_CLIENT_TOKEN` (they win when set and no
/// `--tenant` is given). A missing default file is an empty config; a missing `--config` file is an error.
pub fn resolve(sel: &Selection) -> Result<Resolved, ConfigError> {
    let path = checked_path(sel)?;
    resolve_with(sel, &path, &|name| std::env::var(name).ok())
}

/// Like `resolve`, for the console: when the chosen tenant cannot be opened (its env var is
/// unset, its command fails, its key file is missing), the settings still come back, with
/// `active` None and the reason as the first warning, so the Credentials tab can list the
/// tenants and show what to fix. A damaged file is still an error.
pub fn resolve_lenient(sel: &Selection) -> Result<Resolved, ConfigError> {
    let path = checked_path(sel)?;
    match resolve_with(sel, &path, &|name| std::env::var(name).ok()) {
        Err(ConfigError::Other(reason)) => {
            let (settings, mut warnings) = load(&path)?;
            warnings.insert(0, reason);
            Ok(Resolved {
                settings,
                path,
                warnings,
                active: None,
            })
        }
        other => other,
    }
}

/// `resolve` with the file path and the environment given (tests use this).
pub fn resolve_with(
    sel: &Selection,
    path: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Resolved, ConfigError> {
    // `--read-only` applies to this run only: it is not folded into `settings`, which the
    // Credentials tab may save.
    let (settings, mut warnings) = load(path)?;
    let env_tenant = import::env_tenant(env, &mut warnings)?;
    let chosen: Option<TenantConfig> = match (&sel.tenant, env_tenant) {
        (Some(name), env_tenant) => match settings.tenant(name) {
            Some(t) => Some(t.clone()),
            None if name == ENV_TENANT && env_tenant.is_some() => env_tenant,
            None => return Err(ConfigError::UnknownTenant(name.clone())),
        },
        (None, Some(t)) => Some(t),
        (None, None) => match &settings.default_tenant {
            Some(name) => match settings.tenant(name) {
                Some(t) => Some(t.clone()),
                None => {
                    warnings.push(format!(
                        "default_tenant {name:?} is not a configured tenant; using the first one"
                    ));
                    settings.tenants.first().cloned()
                }
            },
            None => settings.tenants.first().cloned(),
        },
    };
    let active = match chosen {
        Some(t) => Some(t.activate_with(&settings, sel.read_only, env)?),
        None => None,
    };
    Ok(Resolved {
        settings,
        path: path.to_path_buf(),
        warnings,
        active,
    })
}
