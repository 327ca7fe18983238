//! The OS keyring as a token source, through the binary and the config API: a private D-Bus
//! session bus with gnome-keyring (unlocked with a throwaway password, its files in a temp
//! dir), `oktui tenants set-token` storing a sandbox org's token, `tenants test` using it, the
//! tenant form's save path (`add_tenant` / `edit_tenant` / `delete_tenant_reporting`), and the
//! plain refusal when there is no session bus at all (as over SSH).
//!
//! The tests that need the daemons print `SKIPPED: …` and return when they are not installed.

mod session;

use std::path::Path;

use assert_cmd::Command;
use oktui::config::{self, TenantAuth, TenantConfig, TokenSource, keyring};
use oktui::sandbox::{SandboxHandle, SandboxOptions};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::Value;

use session::Session;

/// A sandbox org served by its own runtime while the binary runs.
struct Org {
    sandbox: SandboxHandle,
    // Declared last: dropped after the sandbox handle, which needs it to stop cleanly.
    _rt: tokio::runtime::Runtime,
}

impl Org {
    fn start() -> Org {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let sandbox = rt
            .block_on(oktui::sandbox::start(SandboxOptions::new(15)))
            .unwrap();
        Org { sandbox, _rt: rt }
    }
}

fn write_config(path: &Path, body: &str) {
    std::fs::write(path, body).unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn set_token_stores_it_in_the_keyring_and_test_connect_uses_it() {
    let Some(session) = Session::start() else {
        return;
    };
    let org = Org::start();
    let config = session.dir().join("config.toml");
    // The tenant starts on another source: set-token moves it to the keyring.
    write_config(
        &config,
        &format!(
            "[[tenants]]\nname = \"acme\"\ndomain = \"{}\"\ntoken_env = \"ACME_TOKEN_NOT_SET\"\n",
            org.sandbox.base_url()
        ),
    );

    let out = session
        .oktui(&config, &["tenants", "set-token", "acme"])
        .write_stdin(format!("{}\n", org.sandbox.token()))
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("stored the token of acme in the OS keyring"),
        "{err}"
    );
    let file = std::fs::read_to_string(&config).unwrap();
    assert!(file.contains("token_keyring = true"), "{file}");
    assert!(!file.contains(org.sandbox.token()), "{file}");
    assert!(!file.contains("token_env"), "{file}");
    assert!(!err.contains(org.sandbox.token()), "{err}");

    let out = session
        .oktui(&config, &["tenants", "test", "acme", "--output", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], true, "{report}");

    // A wrong token in the keyring: Test Connect names the 401, never the token.
    let wrong = "00-wrong-keyring-token-xyz";
    let out = session
        .oktui(&config, &["tenants", "set-token", "acme"])
        .write_stdin(format!("{wrong}\n"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = session
        .oktui(&config, &["tenants", "test", "acme", "--output", "json"])
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(4), "{stdout}{stderr}");
    assert!(
        stderr.contains("401") && stderr.contains("E0000011"),
        "{stderr}"
    );
    assert!(!stdout.contains(wrong) && !stderr.contains(wrong));

    // The form's save path, in this process, against the same keyring.
    // SAFETY: only this test sets the variable; the other test in this binary passes its
    // environment to the child process explicitly and does not read this one.
    unsafe { std::env::set_var("DBUS_SESSION_BUS_ADDRESS", session.address()) };
    form_save_path_keeps_the_keyring_in_step(org.sandbox.base_url());
}

/// What the Credentials tab's saves do (`runtime::tenants::apply` calls these).
fn form_save_path_keeps_the_keyring_in_step(domain: &str) {
    assert_eq!(keyring::probe(), Ok(()));
    let typed = "00typed-in-the-form-5678";
    let mut settings = config::Settings::default();
    let tenant = TenantConfig::with_token(
        "form-tenant",
        domain,
        TokenSource::KeyringStore(SecretString::from(typed.to_owned())),
    );
    config::add_tenant(&mut settings, tenant).unwrap();
    // Stored in the keyring, and only `Keyring` left in the settings and the file.
    assert!(matches!(
        settings.tenants[0].auth,
        TenantAuth::Token(TokenSource::Keyring)
    ));
    assert_eq!(
        keyring::read_token("form-tenant").unwrap().expose_secret(),
        typed
    );
    let file = config::file::render(&settings).unwrap();
    assert!(!file.contains(typed) && file.contains("token_keyring = true"));

    // From inside the console's runtime (async code and spawn_blocking, as Test Connect and
    // saves call it), the keyring's own runtime must not collide with ours.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (direct, blocking) = rt.block_on(async {
        let direct = keyring::read_token("form-tenant").map(|t| t.expose_secret().to_owned());
        let blocking = tokio::task::spawn_blocking(|| {
            keyring::read_token("form-tenant").map(|t| t.expose_secret().to_owned())
        })
        .await
        .unwrap();
        (direct, blocking)
    });
    assert_eq!(direct.as_deref(), Ok(typed));
    assert_eq!(blocking.as_deref(), Ok(typed));

    // A rename moves the entry.
    let mut renamed = settings.tenants[0].clone();
    renamed.name = "form-renamed".into();
    let warnings = config::edit_tenant(&mut settings, "form-tenant", renamed).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        keyring::read_token("form-renamed").unwrap().expose_secret(),
        typed
    );
    let gone = keyring::read_token("form-tenant").unwrap_err();
    assert_eq!(
        gone,
        "the keyring has no token for tenant form-tenant (store one with: oktui tenants set-token form-tenant)"
    );

    // Deleting the tenant removes its entry.
    let (_, warnings) = config::delete_tenant_reporting(&mut settings, "form-renamed").unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(settings.tenants.is_empty());
    let gone = keyring::read_token("form-renamed").unwrap_err();
    assert!(
        gone.contains("has no token for tenant form-renamed"),
        "{gone}"
    );
}

#[test]
fn without_a_session_bus_it_says_so_plainly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let body =
        "[[tenants]]\nname = \"acme\"\ndomain = \"https://acme.okta.com\"\ntoken_keyring = true\n";
    write_config(&config, body);
    let cmd = |args: &[&str]| {
        let mut c = Command::cargo_bin("oktui").unwrap();
        c.arg("--config")
            .arg(&config)
            .args(args)
            // A bus address whose socket does not exist, and no fallback socket.
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", dir.path().join("no-bus").display()),
            )
            .env("XDG_RUNTIME_DIR", dir.path())
            .env("HOME", dir.path())
            .env_remove("OKTA_CLIENT_ORGURL")
            .env_remove("OKTA_CLIENT_TOKEN")
            .env_remove("OKTUI_TENANT")
            // A guard against a hang, not a speed check: a hang would fail instead of
            // stalling the suite.
            .timeout(std::time::Duration::from_secs(120));
        c
    };
    let plain = "no OS keyring is running here (no D-Bus session: common over SSH); use token_env or token_command instead";

    let out = cmd(&["tenants", "test", "acme"]).output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains(plain), "{}", text(&out.stderr));

    let out = cmd(&["tenants", "set-token", "acme"])
        .write_stdin("00some-token-value\n")
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains(plain), "{err}");
    assert!(!err.contains("00some-token-value"), "{err}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), body);
}
