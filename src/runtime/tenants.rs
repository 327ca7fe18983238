//! Performs the Credentials tab's effects: Test Connect in the background, and config saves
//! that re-read the file, apply one change and write it back (atomically, mode 0600). A file
//! that does not parse is never written (`config::save` refuses, and so does this).

use super::executor::Executor;
use super::tasks::Scope;
use crate::app::Msg;
use crate::app::credentials::{CredEffect, CredMsg, SaveOp};
use crate::cli::args::GlobalOpts;
use crate::config::{self, ConfigError, LastTest, Settings, TenantConfig};

pub fn perform(effect: CredEffect, global: &GlobalOpts, executor: &mut Executor) {
    let tx = executor.sender();
    match effect {
        CredEffect::Reconnect(name) => {
            // The open tenant was edited: open it again with what the file now says.
            let global = global.clone();
            executor.connect(move || super::setup::switch(&global, &name));
        }
        CredEffect::Test { req, tenant } => {
            executor.spawn(Scope::Session, async move {
                // Only the tenant's own settings matter for a test (read-only is irrelevant:
                // Test Connect only reads).
                let report = config::test_connect::test_tenant(&tenant, &Settings::default()).await;
                let last = LastTest::from_report(&report);
                tracing::info!(tenant = %tenant.name, ok = report.ok(), "test connect");
                let msg = CredMsg::Tested {
                    req,
                    report: Box::new(report),
                    last,
                };
                let _ = tx.send(Msg::Credentials(msg)).await;
            });
        }
        CredEffect::Import { req } => {
            executor.spawn(Scope::Session, async move {
                let result = tokio::task::spawn_blocking(import)
                    .await
                    .unwrap_or_else(|_| Err("the import stopped unexpectedly".to_owned()));
                tracing::info!(ok = result.is_ok(), "tenant import");
                let msg = CredMsg::Imported { req, result };
                let _ = tx.send(Msg::Credentials(msg)).await;
            });
        }
        CredEffect::Save { req, op } => {
            let path = config::config_path(global);
            executor.spawn(Scope::Session, async move {
                let result = match path {
                    Ok(path) => tokio::task::spawn_blocking(move || apply(&path, *op))
                        .await
                        .unwrap_or_else(|_| Err("the save stopped unexpectedly".to_owned())),
                    Err(e) => Err(e.to_string()),
                };
                let msg = match result {
                    Ok((settings, warnings)) => CredMsg::Saved {
                        req,
                        settings: Box::new(settings),
                        warnings,
                    },
                    Err(error) => {
                        tracing::warn!("config save refused: {error}");
                        CredMsg::SaveFailed { req, error }
                    }
                };
                let _ = tx.send(Msg::Credentials(msg)).await;
            });
        }
    }
}

/// The Okta SDKs' conventions, in their order: the environment variables, then `okta.yaml`.
fn import() -> Result<(Box<TenantConfig>, String), String> {
    if let Some(t) = config::import_env().map_err(|e| e.to_string())? {
        return Ok((
            Box::new(t),
            "OKTA_CLIENT_ORGURL + OKTA_CLIENT_TOKEN".to_owned(),
        ));
    }
    match config::okta_yaml_path() {
        Some(path) if path.exists() => config::import_okta_yaml(&path)
            .map(|t| (Box::new(t), path.display().to_string()))
            .map_err(|e| e.to_string()),
        _ => Err(
            "nothing to import: set OKTA_CLIENT_ORGURL + OKTA_CLIENT_TOKEN, or create ~/.okta/okta.yaml"
                .to_owned(),
        ),
    }
}

/// Loads the file as it is now (another oktui may have changed it), applies `op`, saves.
pub fn apply(path: &std::path::Path, op: SaveOp) -> Result<(Settings, Vec<String>), String> {
    let (mut settings, _) = config::load(path).map_err(describe)?;
    let warnings = match op {
        SaveOp::Add(t) => config::add_tenant(&mut settings, t).map_err(describe)?,
        SaveOp::Edit { name, tenant } => {
            config::edit_tenant(&mut settings, &name, tenant).map_err(describe)?
        }
        SaveOp::Delete(name) => {
            // What could not be cleaned up (the keyring entry) is shown like a save warning.
            config::delete_tenant_reporting(&mut settings, &name)
                .map_err(describe)?
                .1
        }
        SaveOp::RecordTest { name, last } => {
            let t = settings
                .tenants
                .iter_mut()
                .find(|t| t.name == name)
                .ok_or_else(|| format!("tenant {name:?} is no longer in the config file"))?;
            t.last_test = Some(last);
            Vec::new()
        }
    };
    config::save(path, &settings).map_err(describe)?;
    Ok((settings, warnings))
}

fn describe(e: ConfigError) -> String {
    match e {
        ConfigError::Parse { .. } => format!("{e}; oktui does not overwrite a damaged file"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;
    use crate::config::{TenantConfig, TokenSource};

    fn tenant(name: &str) -> TenantConfig {
        TenantConfig::with_token(
            name,
            "acme.okta.com",
            TokenSource::Inline(SecretString::from("00tokenvalue_abcdefgh".to_owned())),
        )
    }

    #[test]
    fn add_record_delete_round_trip_with_mode_0600() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.toml");
        let (s, _) = apply(&path, SaveOp::Add(tenant("a"))).unwrap();
        assert_eq!(s.tenants[0].domain, "https://acme.okta.com");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let err = apply(&path, SaveOp::Add(tenant("a"))).unwrap_err();
        assert!(err.contains("already exists"), "{err}");
        let last = LastTest {
            ok: false,
            at: "2026-11-29T10:00:00Z".into(),
            summary: "401 E0000011".into(),
        };
        apply(
            &path,
            SaveOp::RecordTest {
                name: "a".into(),
                last: last.clone(),
            },
        )
        .unwrap();
        let (loaded, _) = config::load(&path).unwrap();
        assert_eq!(loaded.tenants[0].last_test, Some(last));
        let (s, _) = apply(&path, SaveOp::Delete("a".into())).unwrap();
        assert!(s.tenants.is_empty());
    }

    #[test]
    fn a_damaged_file_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let broken = "[[tenants]]\nname = \"a\"\ndomain = \n";
        std::fs::write(&path, broken).unwrap();
        let err = apply(&path, SaveOp::Add(tenant("b"))).unwrap_err();
        assert!(
            err.contains(":3:") && err.contains("does not overwrite"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    }
}
