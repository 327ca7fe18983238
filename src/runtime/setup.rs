//! Deciding what the console opens on: the demo sandbox, a configured tenant, the Okta SDK
//! environment variables, or nothing (Credentials tab with a hint).

use secrecy::SecretString;

use crate::app::{AppInit, CredentialsTab, TenantInfo, TenantRow};
use crate::config::{self, ConfigError, Resolved, Selection};
use crate::okta::{Auth, Client, ClientConfig};
use crate::sandbox::{SandboxHandle, SandboxOptions};

pub const NOTHING_CONFIGURED: &str =
    "No tenant configured: press n to add one, or run `oktui --demo` to try oktui.";

/// What the console is started with.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Config file, tenant and read-only choice.
    pub selection: Selection,
    /// Open on a built-in sandbox org of this many users instead of a tenant.
    pub demo_users: Option<usize>,
    /// `--no-index`: every tenant lists from Okta, as `index = false` does for one.
    pub no_index: bool,
}

pub struct Setup {
    pub init: AppInit,
    pub client: Option<Client>,
    /// Keeps the demo org running for the life of the console.
    pub sandbox: Option<SandboxHandle>,
    /// The tenant that is not in the file (the demo org, the OKTA_CLIENT_* tenant), kept so
    /// `:tenant` / Enter can switch back to it after trying another one.
    pub session: Option<SessionTenant>,
}

pub struct SessionTenant {
    pub client: ClientConfig,
    pub info: TenantInfo,
}

impl SessionTenant {
    pub fn connect(&self) -> Result<(Client, TenantInfo), String> {
        let client = Client::new(self.client.clone()).map_err(|e| e.to_string())?;
        Ok((client, self.info.clone()))
    }
}

pub async fn prepare(opts: &StartOptions) -> Result<Setup, String> {
    let global = &opts.selection;
    let mut init = AppInit {
        mouse: true,
        detail_pane: true,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        ..Default::default()
    };
    if let Some(demo_users) = opts.demo_users {
        // A demo org may hold 100,000 users and be refreshed at will: at Okta's per-minute
        // figures a second full listing within the minute would be paced, so the demo raises
        // them (`oktui sandbox` keeps Okta's).
        let demo =
            SandboxOptions::new(demo_users).with_rate_limit(crate::sandbox::RAISED_RATE_LIMIT);
        let handle = crate::sandbox::start(demo)
            .await
            .map_err(|e| format!("cannot start the demo sandbox: {e}"))?;
        let mut cfg = ClientConfig::new(
            handle.base_url(),
            Auth::Ssws(SecretString::from(handle.token().to_owned())),
        );
        cfg.read_only = global.read_only;
        let client = Client::new(cfg.clone()).map_err(|e| format!("demo client: {e}"))?;
        // The configured tenants list too (switching to one and back works); a config that
        // cannot be read only costs the list, never the demo.
        let mut file = global.clone();
        file.tenant = None;
        match config::resolve_lenient(&file) {
            Ok(resolved) => apply_settings(&mut init, &resolved, opts.no_index),
            Err(e) => tracing::warn!("demo: config not listed: {e}"),
        }
        let info = TenantInfo {
            name: "demo".to_owned(),
            domain: handle.base_url().to_owned(),
            read_only: global.read_only,
            color: None,
        };
        init.credentials.tenants.push(TenantRow {
            name: "demo".to_owned(),
            domain: handle.base_url().to_owned(),
            auth_label: "API token (sandbox)".to_owned(),
            read_only: global.read_only,
        });
        init.credentials.notice =
            Some("Demo org: an in-process sandbox on 127.0.0.1 with generated users.".to_owned());
        init.tenant = Some(info.clone());
        return Ok(Setup {
            init,
            client: Some(client),
            sandbox: Some(handle),
            session: Some(SessionTenant { client: cfg, info }),
        });
    }
    let mut client = None;
    let mut session = None;
    // Lenient: a tenant whose secret cannot be fetched still lists, with the reason.
    let resolved = with_patience("opening the tenant: waiting for its token", || {
        config::resolve_lenient(global)
    });
    match resolved {
        Ok(resolved) => {
            apply_settings(&mut init, &resolved, opts.no_index);
            match resolved.active {
                Some(active) => match Client::new(active.client.clone()) {
                    Ok(c) => {
                        client = Some(c);
                        // The OKTA_CLIENT_* tenant is not in the file: list it so the active
                        // one is always visible (and marked) on the Credentials tab.
                        let in_file = resolved.settings.tenant(&active.name).is_some();
                        if !in_file {
                            session = Some(SessionTenant {
                                client: active.client.clone(),
                                info: TenantInfo {
                                    name: active.name.clone(),
                                    domain: active.domain.clone(),
                                    read_only: active.read_only,
                                    color: active.color.clone(),
                                },
                            });
                        }
                        if !init
                            .credentials
                            .tenants
                            .iter()
                            .any(|r| r.name == active.name)
                        {
                            init.credentials.tenants.push(TenantRow {
                                name: active.name.clone(),
                                domain: active.domain.clone(),
                                auth_label: "API token (OKTA_CLIENT_TOKEN)".to_owned(),
                                read_only: active.read_only,
                            });
                        }
                        init.tenant = Some(TenantInfo {
                            name: active.name.clone(),
                            domain: active.domain.clone(),
                            read_only: active.read_only,
                            color: active.color.clone(),
                        });
                    }
                    Err(e) => {
                        init.credentials.notice = Some(format!("tenant {}: {e}", active.name));
                    }
                },
                None if resolved.settings.tenants.is_empty() => {
                    init.credentials.notice = Some(NOTHING_CONFIGURED.to_owned())
                }
                None => {
                    init.credentials.notice = Some(format!(
                        "not connected: {} · fix it with e, or pick another tenant and press Enter",
                        resolved
                            .warnings
                            .first()
                            .map(String::as_str)
                            .unwrap_or("no tenant could be opened")
                    ))
                }
            }
        }
        Err(e) => {
            // A damaged file is shown with its line and column, and never overwritten.
            init.credentials = match &e {
                ConfigError::Parse { path, .. } => {
                    crate::app::CredentialsTab::damaged_file(e.to_string(), Some(path.clone()))
                }
                _ => crate::app::CredentialsTab {
                    notice: Some(e.to_string()),
                    ..Default::default()
                },
            };
        }
    }
    Ok(Setup {
        init,
        client,
        sandbox: None,
        session,
    })
}

/// Runs `work`, and says `what` on stderr if it takes more than half a second: before the
/// console takes the screen, a token command or a locked keyring would otherwise leave the
/// admin looking at a shell prompt that does nothing.
fn with_patience<T>(what: &str, work: impl FnOnce() -> T) -> T {
    use std::sync::mpsc::{RecvTimeoutError, channel};
    let (done, finished) = channel::<()>();
    let what = what.to_owned();
    let notice = std::thread::Builder::new()
        .name("oktui-patience".into())
        .spawn(move || {
            if finished.recv_timeout(PATIENCE) == Err(RecvTimeoutError::Timeout) {
                crate::notice::note(&format!("oktui: {what}…"));
            }
        });
    let out = work();
    drop(done);
    if let Ok(t) = notice {
        let _ = t.join();
    }
    out
}

/// How long opening a tenant may take before `with_patience` says so.
const PATIENCE: std::time::Duration = std::time::Duration::from_millis(500);

fn apply_settings(init: &mut AppInit, resolved: &Resolved, no_index: bool) {
    let s = &resolved.settings;
    init.index = super::index_task::policy(s, no_index);
    crate::time_zone::set(s.time_zone);
    init.keys = s.keys.clone();
    init.mouse = s.mouse;
    init.page_size = (s.page_size > 0).then_some(s.page_size);
    init.credentials = CredentialsTab::from_settings(
        s.clone(),
        resolved.path.display().to_string(),
        resolved.warnings.clone(),
    );
}

/// `:tenant NAME`: resolve that tenant from the config and build its client.
pub fn switch(global: &Selection, name: &str) -> Result<(Client, TenantInfo), String> {
    let mut opts = global.clone();
    opts.tenant = Some(name.to_owned());
    let resolved = config::resolve(&opts).map_err(|e| e.to_string())?;
    let active = resolved
        .active
        .ok_or_else(|| format!("no tenant named {name:?}"))?;
    let client = Client::new(active.client.clone()).map_err(|e| e.to_string())?;
    Ok((
        client,
        TenantInfo {
            name: active.name,
            domain: active.domain,
            read_only: active.read_only,
            color: active.color,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With `--demo` the configured tenants list too, and after `:tenant sandbox` the demo
    /// (not in the file) can still be switched back to.
    #[tokio::test]
    async fn demo_lists_the_configured_tenants_and_keeps_itself_to_switch_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "[[tenants]]\nname = \"sandbox\"\ndomain = \"https://sandbox.okta.com\"\ntoken = \"t0ken-value-1234\"\n",
        )
        .unwrap();
        let global = Selection {
            config: Some(path),
            ..Default::default()
        };
        let opts = StartOptions {
            selection: global.clone(),
            demo_users: Some(3),
            no_index: false,
        };
        let setup = prepare(&opts).await.unwrap();
        let names: Vec<&str> = setup
            .init
            .credentials
            .tenants
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(names, ["sandbox", "demo"]);
        // The demo row is not the file's: not editable, never saved.
        assert!(setup.init.credentials.config("demo").is_none());
        assert!(setup.init.credentials.config("sandbox").is_some());
        let session = setup.session.as_ref().expect("the demo is kept");
        let (_, info) = session.connect().unwrap();
        assert_eq!(info.name, "demo");
        // `setup::switch` alone cannot reach it: that is why the session is kept.
        assert!(switch(&global, "demo").is_err());
    }
}
