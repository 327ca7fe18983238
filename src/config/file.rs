//! Reading and writing `config.toml`. Reads report a damaged file with its line and column and
//! never touch it; writes go to a temp file in the same directory (mode 0600) that is then
//! renamed over the old one, so a crash leaves either the old file or the new one. Saving into
//! an existing file changes only what changed and keeps the admin's comments and layout
//! (`update`).

mod private;
mod target;
mod update;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::domain::normalize_domain;
use super::{
    ConfigError, DEFAULT_COMMAND_TIMEOUT, DpopMode, KeySource, LastTest, OAuthTenant, Settings,
    TenantAuth, TenantConfig, TokenSource,
};
use private::{create_private_dir, open_private};

const TOP_KEYS: &[&str] = &[
    "default_tenant",
    "theme",
    "keys",
    "page_size",
    "max_in_flight",
    "read_only",
    "mouse",
    "tenants",
    "bucket_share",
    "time_zone",
];
const TENANT_KEYS: &[&str] = &[
    "name",
    "domain",
    "auth",
    "token",
    "token_env",
    "token_command",
    "token_command_timeout_secs",
    "token_keyring",
    "client_id",
    "private_key_file",
    "private_key",
    "key_id",
    "scopes",
    "dpop",
    "read_only",
    "color",
    "last_test",
    "index",
];
const LAST_TEST_KEYS: &[&str] = &["ok", "at", "summary"];

#[derive(Deserialize, Default)]
struct RawFile {
    default_tenant: Option<String>,
    theme: Option<String>,
    #[serde(default)]
    keys: BTreeMap<String, String>,
    page_size: Option<Spanned<u32>>,
    max_in_flight: Option<Spanned<usize>>,
    read_only: Option<bool>,
    mouse: Option<bool>,
    #[serde(default)]
    tenants: Vec<Spanned<RawTenant>>,
    bucket_share: Option<Spanned<f64>>,
    time_zone: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct RawTenant {
    name: Spanned<String>,
    domain: Spanned<String>,
    auth: Option<Spanned<String>>,
    token: Option<String>,
    token_env: Option<String>,
    token_command: Option<String>,
    token_command_timeout_secs: Option<u64>,
    #[serde(default)]
    token_keyring: bool,
    client_id: Option<String>,
    private_key_file: Option<String>,
    private_key: Option<String>,
    key_id: Option<String>,
    #[serde(default)]
    scopes: Vec<String>,
    dpop: Option<Spanned<String>>,
    read_only: Option<bool>,
    color: Option<String>,
    last_test: Option<RawLastTest>,
    index: Option<bool>,
}

#[derive(Deserialize, Serialize)]
struct RawLastTest {
    ok: bool,
    at: String,
    summary: String,
}

/// Reads the config. A missing file is the empty config. The second value holds warnings
/// (unknown keys, loose file permissions).
pub fn load(path: &Path) -> Result<(Settings, Vec<String>), ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Settings::default(), Vec::new()));
        }
        Err(e) => {
            return Err(ConfigError::Other(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    let (settings, mut warnings) = parse(&text, &path.display().to_string())?;
    if let Some(w) = permission_warning(path) {
        warnings.push(w);
    }
    Ok((settings, warnings))
}

#[cfg(unix)]
fn permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "{} is readable by other users (mode {mode:o}); it may hold secrets: chmod 600 it",
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn permission_warning(_path: &Path) -> Option<String> {
    None
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn error_at(text: &str, path: &str, offset: usize, message: impl Into<String>) -> ConfigError {
    let (line, column) = line_col(text, offset);
    ConfigError::Parse {
        path: path.to_string(),
        line,
        column,
        message: message.into(),
    }
}

/// Parses config text. `path` is only used in messages.
pub fn parse(text: &str, path: &str) -> Result<(Settings, Vec<String>), ConfigError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        error_at(text, path, offset, e.message().trim().to_string())
    })?;
    let mut warnings = unknown_keys(text);
    let mut settings = Settings {
        default_tenant: raw.default_tenant,
        theme: raw.theme,
        keys: raw.keys,
        read_only: raw.read_only.unwrap_or(false),
        mouse: raw.mouse.unwrap_or(true),
        ..Settings::default()
    };
    if let Some(p) = raw.page_size {
        if !(1..=200).contains(p.get_ref()) {
            return Err(error_at(
                text,
                path,
                p.span().start,
                "page_size must be between 1 and 200",
            ));
        }
        settings.page_size = *p.get_ref();
    }
    if let Some(m) = raw.max_in_flight {
        if !(1..=75).contains(m.get_ref()) {
            return Err(error_at(
                text,
                path,
                m.span().start,
                "max_in_flight must be between 1 and 75 (Okta's concurrency limit)",
            ));
        }
        settings.max_in_flight = *m.get_ref();
    }
    if let Some(b) = raw.bucket_share {
        if !(0.05..=1.0).contains(b.get_ref()) {
            return Err(error_at(
                text,
                path,
                b.span().start,
                "bucket_share must be between 0.05 and 1.0 (the share of each Okta rate-limit bucket oktui may use)",
            ));
        }
        settings.bucket_share = *b.get_ref();
    }
    if let Some(z) = raw.time_zone {
        settings.time_zone = crate::time_zone::TimeZone::parse(z.get_ref()).ok_or_else(|| {
            error_at(
                text,
                path,
                z.span().start,
                format!(
                    "time_zone must be \"local\" or \"utc\", not {:?}",
                    z.get_ref()
                ),
            )
        })?;
    }
    for spanned in raw.tenants {
        let start = spanned.span().start;
        let tenant = tenant_from_raw(spanned.into_inner(), &mut warnings)
            .map_err(|(offset, msg)| error_at(text, path, offset.unwrap_or(start), msg))?;
        if settings.tenant(&tenant.name).is_some() {
            return Err(error_at(
                text,
                path,
                start,
                format!(
                    "a second tenant named {:?}; names must be unique",
                    tenant.name
                ),
            ));
        }
        settings.tenants.push(tenant);
    }
    Ok((settings, warnings))
}

type RawError = (Option<usize>, String);

fn tenant_from_raw(raw: RawTenant, warnings: &mut Vec<String>) -> Result<TenantConfig, RawError> {
    let name = raw.name.get_ref().trim().to_string();
    if name.is_empty() {
        return Err((
            Some(raw.name.span().start),
            "a tenant name must not be empty".into(),
        ));
    }
    let domain = normalize_domain(raw.domain.get_ref()).map_err(|e| {
        (
            Some(raw.domain.span().start),
            format!("tenant {name:?}: {e}"),
        )
    })?;
    if let Some(w) = domain.warning {
        warnings.push(format!("tenant {name:?}: {w}"));
    }
    let oauth = match &raw.auth {
        Some(a) => match a.get_ref().as_str() {
            "token" => false,
            "oauth" => true,
            other => {
                return Err((
                    Some(a.span().start),
                    format!("tenant {name:?}: auth must be \"token\" or \"oauth\", not {other:?}"),
                ));
            }
        },
        None => raw.client_id.is_some(),
    };
    let auth = if oauth {
        let client_id = raw.client_id.filter(|c| !c.trim().is_empty()).ok_or((
            None,
            format!("tenant {name:?}: an OAuth tenant needs client_id"),
        ))?;
        let key = match (raw.private_key_file, raw.private_key) {
            (Some(f), None) => KeySource::File(f.into()),
            (None, Some(k)) => KeySource::Inline(SecretString::from(k)),
            _ => {
                return Err((
                    None,
                    format!("tenant {name:?}: set exactly one of private_key_file or private_key"),
                ));
            }
        };
        let dpop = match &raw.dpop {
            Some(d) => DpopMode::parse(d.get_ref()).ok_or((
                Some(d.span().start),
                format!("tenant {name:?}: dpop must be \"auto\", \"on\" or \"off\""),
            ))?,
            None => DpopMode::Auto,
        };
        if raw.scopes.is_empty() {
            return Err((
                None,
                format!("tenant {name:?}: an OAuth tenant needs scopes"),
            ));
        }
        TenantAuth::OAuth(OAuthTenant {
            client_id,
            key,
            key_id: raw.key_id,
            scopes: raw.scopes,
            dpop,
        })
    } else {
        let timeout = raw
            .token_command_timeout_secs
            .map_or(DEFAULT_COMMAND_TIMEOUT, Duration::from_secs);
        let mut sources = Vec::new();
        if let Some(t) = raw.token {
            sources.push(TokenSource::Inline(SecretString::from(t)));
        }
        if let Some(v) = raw.token_env {
            sources.push(TokenSource::Env(v));
        }
        if let Some(c) = raw.token_command {
            sources.push(TokenSource::Command {
                command: c,
                timeout,
            });
        }
        if raw.token_keyring {
            sources.push(TokenSource::Keyring);
        }
        if sources.len() != 1 {
            return Err((
                None,
                format!(
                    "tenant {name:?}: set exactly one of token, token_env, token_command (found {})",
                    sources.len()
                ),
            ));
        }
        TenantAuth::Token(sources.remove(0))
    };
    Ok(TenantConfig {
        name,
        domain: domain.url,
        auth_label: auth.label().to_string(),
        read_only: raw.read_only.unwrap_or(false),
        color: raw.color,
        no_index: raw.index == Some(false),
        auth,
        last_test: raw.last_test.map(|l| LastTest {
            ok: l.ok,
            at: l.at,
            summary: l.summary,
        }),
    })
}

/// Keys we do not know, reported so a typo (`tokn = ...`) does not go unnoticed.
fn unknown_keys(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(table) = text.parse::<toml::Table>() else {
        return out;
    };
    for (key, value) in &table {
        // `[[playbooks]]` is read by `config::playbooks`, not part of the settings.
        if !TOP_KEYS.contains(&key.as_str()) && key != "playbooks" {
            out.push(format!("unknown key {key:?} (ignored)"));
        }
        if key == "tenants"
            && let Some(tenants) = value.as_array()
        {
            for (i, t) in tenants.iter().enumerate() {
                let Some(t) = t.as_table() else { continue };
                for (k, v) in t {
                    if !TENANT_KEYS.contains(&k.as_str()) {
                        out.push(format!("unknown key \"tenants[{i}].{k}\" (ignored)"));
                    }
                    if k == "last_test"
                        && let Some(lt) = v.as_table()
                    {
                        for k2 in lt.keys() {
                            if !LAST_TEST_KEYS.contains(&k2.as_str()) {
                                out.push(format!(
                                    "unknown key \"tenants[{i}].last_test.{k2}\" (ignored)"
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

#[derive(Serialize)]
struct OutFile<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    default_tenant: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    theme: Option<&'a str>,
    page_size: u32,
    max_in_flight: usize,
    read_only: bool,
    mouse: bool,
    #[serde(skip_serializing_if = "is_default_share")]
    bucket_share: f64,
    /// Written only when not the default (local).
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone: Option<&'static str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    keys: &'a BTreeMap<String, String>,
    tenants: Vec<OutTenant<'a>>,
}

#[derive(Serialize, Default)]
struct OutTenant<'a> {
    name: &'a str,
    domain: &'a str,
    auth: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_env: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_command: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_command_timeout_secs: Option<u64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    token_keyring: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    private_key_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    private_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scopes: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dpop: Option<&'static str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    read_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    color: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_test: Option<RawLastTest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<bool>,
}

fn is_default_share(share: &f64) -> bool {
    *share == super::DEFAULT_BUCKET_SHARE
}

fn out_tenant(t: &TenantConfig) -> OutTenant<'_> {
    let mut out = OutTenant {
        name: &t.name,
        domain: &t.domain,
        read_only: t.read_only,
        color: t.color.as_deref(),
        index: t.no_index.then_some(false),
        last_test: t.last_test.as_ref().map(|l| RawLastTest {
            ok: l.ok,
            at: l.at.clone(),
            summary: l.summary.clone(),
        }),
        ..Default::default()
    };
    match &t.auth {
        TenantAuth::Token(source) => {
            out.auth = "token";
            match source {
                // The only place an inline secret is exposed: into the 0600 file.
                TokenSource::Inline(s) => out.token = Some(s.expose_secret()),
                TokenSource::Env(v) => out.token_env = Some(v),
                TokenSource::Command { command, timeout } => {
                    out.token_command = Some(command);
                    if *timeout != DEFAULT_COMMAND_TIMEOUT {
                        out.token_command_timeout_secs = Some(timeout.as_secs());
                    }
                }
                // A token on its way into the keyring never lands in the file.
                TokenSource::Keyring | TokenSource::KeyringStore(_) => out.token_keyring = true,
            }
        }
        TenantAuth::OAuth(o) => {
            out.auth = "oauth";
            out.client_id = Some(&o.client_id);
            match &o.key {
                KeySource::File(p) => out.private_key_file = Some(p.display().to_string()),
                KeySource::Inline(s) => out.private_key = Some(s.expose_secret()),
            }
            out.key_id = o.key_id.as_deref();
            out.scopes = Some(&o.scopes);
            out.dpop = Some(o.dpop.as_str());
        }
    }
    out
}

/// The file text for `settings` (secrets included: only ever written to a 0600 file).
pub fn render(settings: &Settings) -> Result<String, ConfigError> {
    let out = OutFile {
        default_tenant: settings.default_tenant.as_deref(),
        theme: settings.theme.as_deref(),
        page_size: settings.page_size,
        max_in_flight: settings.max_in_flight,
        read_only: settings.read_only,
        mouse: settings.mouse,
        bucket_share: settings.bucket_share,
        time_zone: (settings.time_zone != Default::default()).then(|| settings.time_zone.as_str()),
        keys: &settings.keys,
        tenants: settings.tenants.iter().map(out_tenant).collect(),
    };
    let body = toml::to_string(&out)
        .map_err(|e| ConfigError::Other(format!("cannot write the config: {e}")))?;
    Ok(format!(
        "# oktui settings, written by oktui (mode 0600). Every key is described in config.example.toml.\n\n{body}"
    ))
}

/// Writes `settings` to `path` atomically with mode 0600. An existing file is edited in place:
/// only changed values change; comments, layout and unknown keys stay. Refuses to replace a
/// file that does not parse: the admin's damaged file is theirs to fix, not ours to overwrite.
/// A symlinked file is written through the link (which stays a link), however long the chain.
pub fn save(path: &Path, settings: &Settings) -> Result<(), ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(existing) => {
            let (old, _) = parse(&existing, &path.display().to_string())?;
            if existing.trim().is_empty() {
                render(settings)?
            } else {
                update::update(&existing, &old, settings)?
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => render(settings)?,
        Err(e) => {
            return Err(ConfigError::Other(format!(
                "cannot read {} before writing it: {e}",
                path.display()
            )));
        }
    };
    // Through a symlinked config.toml to the file it names, so the link survives the save.
    let link = path;
    let target = target::resolve(link).map_err(|e| {
        ConfigError::Other(format!("cannot follow the link {}: {e}", link.display()))
    })?;
    let path = target.as_path();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config.toml".into());
    let tmp = dir.join(format!(
        ".{file_name}.tmp-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    let io_err = |what: &str, e: std::io::Error| {
        ConfigError::Other(format!("cannot {what} {}: {e}", path.display()))
    };
    let result = (|| {
        let mut f = open_private(&tmp).map_err(|e| io_err("create a temp file for", e))?;
        f.write_all(text.as_bytes())
            .map_err(|e| io_err("write", e))?;
        f.sync_all().map_err(|e| io_err("flush", e))?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(|e| io_err("replace", e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    // Make the rename itself durable; failure here only weakens crash safety.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
