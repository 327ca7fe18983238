//! Where secrets come from: env, command (no shell, timeout), keyring (by tenant name; the
//! file never holds a keyring token),
//! okta.yaml and the SDK variables.

use super::keys;

use std::time::Duration;

use oktui::config::{self, KeySource, TenantAuth, TokenSource, secrets};
use secrecy::{ExposeSecret, SecretString};

fn env_none(_: &str) -> Option<String> {
    None
}

#[test]
fn env_source_reads_the_variable_and_names_it_when_missing() {
    let env = |n: &str| (n == "MY_TOKEN").then(|| " tok-from-env \n".to_string());
    let t = config::resolve_token(&TokenSource::Env("MY_TOKEN".into()), &env).unwrap();
    assert_eq!(t.expose_secret(), "tok-from-env");
    let err = config::resolve_token(&TokenSource::Env("OTHER".into()), &env).unwrap_err();
    assert!(err.contains("OTHER is not set"), "{err}");
    let empty = |_: &str| Some(String::new());
    assert!(
        config::resolve_token(&TokenSource::Env("X".into()), &empty)
            .unwrap_err()
            .contains("empty")
    );
}

fn cmd(command: &str, timeout_ms: u64) -> TokenSource {
    TokenSource::Command {
        command: command.into(),
        timeout: Duration::from_millis(timeout_ms),
    }
}

#[cfg(unix)]
#[test]
fn command_source_takes_the_first_line_without_a_shell() {
    let t =
        config::resolve_token(&cmd("printf 'tok-123\\nmetadata: x\\n'", 5000), &env_none).unwrap();
    assert_eq!(t.expose_secret(), "tok-123");
    // Quoted words stay one argument; `$HOME` and `;` are not interpreted (no shell).
    let t = config::resolve_token(&cmd("echo 'a b' '$HOME;x'", 5000), &env_none).unwrap();
    assert_eq!(t.expose_secret(), "a b $HOME;x");
}

#[cfg(unix)]
#[test]
fn command_failures_are_explained_without_the_output() {
    let err = config::resolve_token(
        &cmd(
            "sh -c 'echo leaked-secret-value; echo not in store >&2; exit 3'",
            5000,
        ),
        &env_none,
    )
    .unwrap_err();
    assert!(err.contains("not in store"), "{err}");
    assert!(err.contains("failed"), "{err}");
    assert!(!err.contains("leaked-secret-value"), "{err}");
    let err = config::resolve_token(&cmd("/nonexistent/tool arg", 5000), &env_none).unwrap_err();
    assert!(err.contains("cannot run"), "{err}");
    let err = config::resolve_token(&cmd("true", 5000), &env_none).unwrap_err();
    assert!(err.contains("printed nothing"), "{err}");
    let err = config::resolve_token(&cmd("echo 'unclosed", 5000), &env_none).unwrap_err();
    assert!(err.contains("cannot be split"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_hanging_command_is_stopped_at_its_timeout() {
    let err = config::resolve_token(&cmd("sleep 30", 200), &env_none).unwrap_err();
    assert!(err.contains("did not finish"), "{err}");
}

#[test]
fn keyring_source_is_filed_by_tenant_and_never_written_to_the_file() {
    // Without a tenant name there is no keyring account to look up.
    let err = config::resolve_token(&TokenSource::Keyring, &env_none).unwrap_err();
    assert!(err.contains("tenant's name"), "{err}");
    // A token typed for the keyring is used as is until it is stored (Test Connect).
    let typed =
        TokenSource::KeyringStore(SecretString::from("00typed_for_keyring_9876".to_owned()));
    let t = config::resolve_token(&typed, &env_none).unwrap();
    assert_eq!(t.expose_secret(), "00typed_for_keyring_9876");
    assert_eq!(typed.masked(), "keyring");
    // Saved before the keyring took it, it still never reaches the file.
    let mut s = config::Settings::default();
    s.tenants.push(config::TenantConfig::with_token(
        "k",
        "https://k.okta.com",
        typed,
    ));
    let text = config::file::render(&s).unwrap();
    assert!(!text.contains("00typed_for_keyring"), "{text}");
    assert!(text.contains("token_keyring = true"), "{text}");
    let (s, _) = config::file::parse(&text, "c").unwrap();
    assert!(matches!(
        s.tenants[0].auth,
        TenantAuth::Token(TokenSource::Keyring)
    ));
    // The "no keyring" sentence is plain and offers the alternatives.
    let plain = config::KEYRING_UNAVAILABLE;
    assert!(
        plain.starts_with("no OS keyring is running here"),
        "{plain}"
    );
    assert!(plain.contains("token_env") && plain.contains("token_command"));
}

#[test]
fn okta_yaml_with_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta.yaml");
    std::fs::write(
        &path,
        "okta:\n  client:\n    orgUrl: \"https://acme.okta.com/\"\n    token: \"00yaml-token\"\n",
    )
    .unwrap();
    let t = config::import_okta_yaml(&path).unwrap();
    assert_eq!(t.name, "acme");
    assert_eq!(t.domain, "https://acme.okta.com");
    match &t.auth {
        TenantAuth::Token(TokenSource::Inline(s)) => assert_eq!(s.expose_secret(), "00yaml-token"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn okta_yaml_with_a_private_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta.yaml");
    std::fs::write(
        &path,
        "okta:\n  client:\n    orgUrl: https://svc.oktapreview.com\n    authorizationMode: PrivateKey\n    clientId: 0oa123\n    scopes:\n      - okta.users.read\n      - okta.groups.read\n    privateKey: /keys/svc.pem\n    privateKeyId: kid-9\n",
    )
    .unwrap();
    let t = config::import_okta_yaml(&path).unwrap();
    assert_eq!(t.name, "svc");
    match &t.auth {
        TenantAuth::OAuth(o) => {
            assert_eq!(o.client_id, "0oa123");
            assert_eq!(o.scopes, ["okta.users.read", "okta.groups.read"]);
            assert_eq!(o.key_id.as_deref(), Some("kid-9"));
            assert!(matches!(&o.key, KeySource::File(p) if p.to_str() == Some("/keys/svc.pem")));
        }
        other => panic!("{other:?}"),
    }
    // Inline PEM (block scalar) is kept inline.
    std::fs::write(
        &path,
        "okta:\n  client:\n    orgUrl: https://svc.okta.com\n    authorizationMode: PrivateKey\n    clientId: 0oa1\n    scopes: okta.users.read okta.apps.read\n    privateKey: |\n      -----BEGIN PRIVATE KEY-----\n      abc\n      -----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let t = config::import_okta_yaml(&path).unwrap();
    match &t.auth {
        TenantAuth::OAuth(o) => {
            assert_eq!(o.scopes, ["okta.users.read", "okta.apps.read"]);
            assert!(
                matches!(&o.key, KeySource::Inline(k) if k.expose_secret().starts_with("-----BEGIN PRIVATE KEY-----"))
            );
        }
        other => panic!("{other:?}"),
    }
    std::fs::write(&path, "okta:\n  client:\n    orgUrl: [unclosed\n").unwrap();
    let err = config::import_okta_yaml(&path).unwrap_err();
    assert!(matches!(err, config::ConfigError::Parse { .. }), "{err:?}");
    std::fs::write(&path, "okta:\n  client:\n    token: x\n").unwrap();
    assert!(
        config::import_okta_yaml(&path)
            .unwrap_err()
            .to_string()
            .contains("orgUrl")
    );
}

#[test]
fn oauth_tenant_key_file_is_read_and_checked_on_activation() {
    let settings = config::Settings::default();
    let (_dir, key) = keys::pem_file(&keys::ec_pkcs8_pem());
    let mut t = config::TenantConfig::with_oauth(
        "svc",
        "https://svc.okta.com",
        config::OAuthTenant {
            client_id: "0oa1".into(),
            key: KeySource::File(key),
            key_id: None,
            scopes: vec!["okta.users.read".into()],
            dpop: config::DpopMode::Auto,
        },
    );
    let active = t.activate_with(&settings, false, &env_none).unwrap();
    assert!(matches!(active.client.auth, oktui::okta::Auth::OAuth(_)));
    if let TenantAuth::OAuth(o) = &mut t.auth {
        o.key = KeySource::Inline(SecretString::from("not a key"));
    }
    let err = match t.activate_with(&settings, false, &env_none) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("bad key accepted"),
    };
    assert!(err.contains("neither PEM"), "{err}");
    if let TenantAuth::OAuth(o) = &mut t.auth {
        o.key = KeySource::File("/nonexistent/key.pem".into());
    }
    let err = match t.activate_with(&settings, false, &env_none) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("missing key file accepted"),
    };
    assert!(err.contains("/nonexistent/key.pem"), "{err}");
}

#[test]
fn command_runner_is_public_for_the_form() {
    // The Credentials form can try a command before saving it.
    #[cfg(unix)]
    assert_eq!(
        secrets::run_token_command("echo hi", Duration::from_secs(5))
            .unwrap()
            .expose_secret(),
        "hi"
    );
}

#[test]
fn sources_are_shown_masked() {
    let t = TokenSource::Inline(SecretString::from("00abcdefghijklmnopWXYZ"));
    assert_eq!(t.masked(), "••••WXYZ");
    assert_eq!(
        TokenSource::Inline(SecretString::from("short")).masked(),
        "••••"
    );
    assert_eq!(TokenSource::Env("OKTA_T".into()).masked(), "$OKTA_T");
    assert_eq!(cmd("pass show x", 1).masked(), "`pass show x`");
}
