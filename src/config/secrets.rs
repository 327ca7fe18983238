//! Where a tenant's secret comes from, fetched only when the tenant is opened: inline (the
//! 0600 file), an environment variable, a command such as `pass show okta/acme` run without
//! a shell and with a timeout, or the OS keyring (`keyring`). No message here ever contains
//! the secret itself.

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret as _, SecretString};

use super::{ConfigError, KeySource, TenantAuth, TokenSource};
use crate::okta::Auth;
use crate::okta::oauth::{OAuth, OAuthConfig};

/// Why there is no keyring, in the usual case (no D-Bus session, as over SSH): said plainly,
/// with the alternatives. `keyring::probe` / `keyring::availability` say it for the machine.
pub const KEYRING_UNAVAILABLE: &str = super::keyring::NO_SESSION;

/// Largest output we accept from a token command (a token is ~42 bytes; a JWK a few KB).
const MAX_COMMAND_OUTPUT: u64 = 64 * 1024;

/// Fetches the API token for a token source. The keyring files tokens by tenant name, so
/// `Keyring` needs `resolve_tenant_token`.
pub fn resolve_token(
    source: &TokenSource,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<SecretString, String> {
    resolve_tenant_token(None, source, env)
}

/// Fetches the API token of tenant `tenant` (None: not known, so no keyring lookup).
pub fn resolve_tenant_token(
    tenant: Option<&str>,
    source: &TokenSource,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<SecretString, String> {
    let token = match source {
        TokenSource::Inline(s) => s.clone(),
        TokenSource::Env(var) => match env(var) {
            Some(v) if !v.trim().is_empty() => SecretString::from(v.trim().to_string()),
            Some(_) => return Err(format!("environment variable {var} is empty")),
            None => return Err(format!("environment variable {var} is not set")),
        },
        TokenSource::Command { command, timeout } => run_token_command(command, *timeout)?,
        TokenSource::Keyring => match tenant {
            Some(name) => super::keyring::read_token(name)?,
            None => {
                return Err(
                    "a keyring token is filed under its tenant's name, which is not known here"
                        .into(),
                );
            }
        },
        // Typed in the form and not stored yet (Test Connect before saving).
        TokenSource::KeyringStore(s) => s.clone(),
    };
    if token.expose_secret().trim().is_empty() {
        return Err("the token is empty".into());
    }
    Ok(token)
}

/// Runs `command` (split like a POSIX shell would split words, but no shell runs: no pipes,
/// no `$VAR`, no globbing) and returns the first line of its stdout.
pub fn run_token_command(command: &str, timeout: Duration) -> Result<SecretString, String> {
    let words = shell_words::split(command)
        .map_err(|e| format!("token_command {command:?} cannot be split into words: {e}"))?;
    let (program, args) = words
        .split_first()
        .ok_or_else(|| "token_command is empty".to_string())?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run token_command {program:?}: {e}"))?;
    // Read both pipes on threads so a chatty command cannot block on a full pipe.
    let reader = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(p) = pipe {
                let _ = p.take(MAX_COMMAND_OUTPUT).read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = reader(child.stdout.take().map(|p| Box::new(p) as _));
    let err = reader(child.stderr.take().map(|p| Box::new(p) as _));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "token_command {program:?} did not finish within {}s and was stopped",
                    timeout.as_secs_f32()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("token_command {program:?}: {e}")),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        // stderr is the tool's own complaint (e.g. "not in the password store"); keep its first
        // line, never stdout, which may hold a secret.
        let first = String::from_utf8_lossy(&stderr)
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect::<String>();
        return Err(format!(
            "token_command {program:?} failed ({status}){}",
            if first.is_empty() {
                String::new()
            } else {
                format!(": {first}")
            }
        ));
    }
    let text = String::from_utf8(stdout)
        .map_err(|_| format!("token_command {program:?} printed something that is not UTF-8"))?;
    let first = text.lines().next().unwrap_or("").trim().to_string();
    if first.is_empty() {
        return Err(format!("token_command {program:?} printed nothing"));
    }
    Ok(SecretString::from(first))
}

/// Reads the OAuth private key (PEM or JWK text).
pub fn read_key(key: &KeySource) -> Result<SecretString, String> {
    match key {
        KeySource::Inline(s) => Ok(s.clone()),
        KeySource::File(path) => {
            let path = expand_home(path);
            std::fs::read_to_string(&path)
                .map(SecretString::from)
                .map_err(|e| format!("cannot read private key file {}: {e}", path.display()))
        }
    }
}

/// `~/key.pem` → `$HOME/key.pem` (no shell does it for us).
fn expand_home(path: &std::path::Path) -> std::path::PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    path.to_path_buf()
}

/// The client's `Auth` for a tenant, fetching its secret now.
pub fn build_auth(
    tenant: &str,
    auth: &TenantAuth,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Auth, ConfigError> {
    let fail = |msg: String| ConfigError::Other(format!("tenant {tenant:?}: {msg}"));
    match auth {
        TenantAuth::Token(source) => Ok(Auth::Ssws(
            resolve_tenant_token(Some(tenant), source, env).map_err(fail)?,
        )),
        TenantAuth::OAuth(o) => {
            let private_key = read_key(&o.key).map_err(fail)?;
            let oauth = OAuth::new(OAuthConfig {
                client_id: o.client_id.clone(),
                private_key,
                key_id: o.key_id.clone(),
                scopes: o.scopes.clone(),
                dpop: o.dpop,
            })
            .map_err(|e| fail(e.to_string()))?;
            Ok(Auth::OAuth(oauth))
        }
    }
}
