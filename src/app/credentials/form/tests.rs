//! The tenant form on its own: validation, masking, focus and choices, import.

use secrecy::{ExposeSecret as _, SecretString};

use super::*;
use crate::app::input::LineInput;
use crate::config::keyring::{self, Availability};
use crate::config::{DpopMode, KeySource, OAuthTenant, TenantAuth, TenantConfig, TokenSource};

fn form(name: &str, domain: &str, token: &str) -> TenantForm {
    TenantForm {
        name: LineInput::with_text(name),
        domain: LineInput::with_text(domain),
        token: SecretInput(LineInput::with_text(token)),
        ..TenantForm::default()
    }
}

fn existing() -> Vec<TenantConfig> {
    vec![TenantConfig::with_token(
        "acme-prod",
        "https://acme.okta.com",
        TokenSource::Inline(SecretString::from(
            "00abcdefghijklmnopqrstuvwxyz1234".to_owned(),
        )),
    )]
}

#[test]
fn domain_forms_are_normalized() {
    for d in [
        "acme.okta.com",
        "https://acme.okta.com/",
        "HTTPS://Acme.Okta.com",
    ] {
        let b = form("a", d, "tok").build(&[], None).unwrap();
        assert_eq!(b.tenant.domain, "https://acme.okta.com", "{d}");
        assert!(b.warnings.is_empty());
    }
}

#[test]
fn http_refused_except_loopback() {
    let err = form("a", "http://acme.okta.com", "tok")
        .build(&[], None)
        .unwrap_err();
    assert_eq!(err.0, Field::Domain);
    assert!(err.1.contains("http://"));
    let ok = form("a", "http://127.0.0.1:8080/", "tok")
        .build(&[], None)
        .unwrap();
    assert_eq!(ok.tenant.domain, "http://127.0.0.1:8080");
}

#[test]
fn non_okta_host_warns_but_passes() {
    let b = form("a", "login.example.com", "tok")
        .build(&[], None)
        .unwrap();
    assert_eq!(b.warnings.len(), 1);
    assert!(b.warnings[0].contains("not an Okta domain"));
    let mut f = form("a", "login.example.com", "tok");
    f.refresh_warnings();
    assert_eq!(f.warnings.len(), 1);
}

#[test]
fn names_are_unique_case_insensitively() {
    let err = form("ACME-prod", "acme.okta.com", "tok")
        .build(&existing(), None)
        .unwrap_err();
    assert_eq!(err.0, Field::Name);
    assert!(err.1.contains("already exists"));
    // Editing the tenant itself is not a clash.
    let mut f = TenantForm::edit(&existing()[0]);
    f.name = LineInput::with_text("acme-prod");
    assert!(f.build(&existing(), Some(&existing()[0])).is_ok());
}

#[test]
fn empty_name_and_token_are_refused_on_their_field() {
    assert_eq!(
        form(" ", "acme.okta.com", "t")
            .build(&[], None)
            .unwrap_err()
            .0,
        Field::Name
    );
    assert_eq!(
        form("a", "acme.okta.com", "")
            .build(&[], None)
            .unwrap_err()
            .0,
        Field::Token
    );
    assert_eq!(
        form("a", "", "t").build(&[], None).unwrap_err().0,
        Field::Domain
    );
}

#[test]
fn token_is_masked_while_typed_and_in_debug() {
    let f = form("a", "acme.okta.com", "00secretTOKENvalue9876");
    assert_eq!(f.token.masked(), "•".repeat(22));
    let debug = format!("{f:?}");
    assert!(!debug.contains("secretTOKEN"), "{debug}");
    let built = f.build(&[], None).unwrap();
    let shown = match &built.tenant.auth {
        TenantAuth::Token(s) => s.masked(),
        _ => unreachable!(),
    };
    assert_eq!(shown, "••••9876");
    assert!(!format!("{:?}", built.tenant).contains("secretTOKEN"));
}

#[test]
fn editing_keeps_the_stored_token_when_left_empty() {
    let orig = &existing()[0];
    let f = TenantForm::edit(orig);
    assert!(f.token.is_empty());
    assert_eq!(f.kept_secret.as_deref(), Some("••••1234"));
    let b = f.build(&existing(), Some(orig)).unwrap();
    match &b.tenant.auth {
        TenantAuth::Token(TokenSource::Inline(s)) => {
            assert_eq!(s.expose_secret(), "00abcdefghijklmnopqrstuvwxyz1234")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn env_and_command_sources_are_checked() {
    let mut f = form("a", "acme.okta.com", "");
    f.source = SourceKind::Env;
    f.token_env = LineInput::with_text("1BAD-NAME");
    assert_eq!(f.build(&[], None).unwrap_err().0, Field::TokenEnv);
    f.token_env = LineInput::with_text("OKTA_ACME_TOKEN");
    assert!(matches!(
        f.build(&[], None).unwrap().tenant.auth,
        TenantAuth::Token(TokenSource::Env(ref v)) if v == "OKTA_ACME_TOKEN"
    ));
    f.source = SourceKind::Command;
    f.token_command = LineInput::with_text("pass show 'okta/acme");
    assert_eq!(f.build(&[], None).unwrap_err().0, Field::TokenCommand);
    f.token_command = LineInput::with_text("pass show okta/acme");
    assert!(f.build(&[], None).is_ok());
}

#[test]
fn oauth_fields_are_required_and_shown() {
    let mut f = form("svc", "acme.okta.com", "");
    f.auth = AuthKind::OAuth;
    assert!(f.fields().contains(&Field::KeyFile));
    assert!(!f.fields().contains(&Field::Token));
    assert_eq!(f.build(&[], None).unwrap_err().0, Field::ClientId);
    f.client_id = LineInput::with_text("0oa123");
    assert_eq!(f.build(&[], None).unwrap_err().0, Field::KeyFile);
    f.key_file = LineInput::with_text("/keys/app.pem");
    f.scopes = LineInput::with_text("");
    assert_eq!(f.build(&[], None).unwrap_err().0, Field::Scopes);
    f.scopes = LineInput::with_text("okta.users.read, okta.groups.read");
    f.focus = Field::Dpop;
    f.cycle(true);
    let b = f.build(&[], None).unwrap();
    match b.tenant.auth {
        TenantAuth::OAuth(o) => {
            assert_eq!(o.scopes, vec!["okta.users.read", "okta.groups.read"]);
            assert_eq!(o.dpop, DpopMode::On);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(b.tenant.auth_label, "OAuth 2.0 service app");
}

#[test]
fn focus_wraps_and_colour_auto_explains_prod() {
    let mut f = form("acme-prod", "acme.okta.com", "t");
    f.move_focus(-1);
    assert_eq!(f.focus, Field::Cancel);
    f.move_focus(1);
    assert_eq!(f.focus, Field::Name);
    assert!(f.color_label().contains("red"));
    f.focus = Field::Color;
    f.cycle(true);
    assert_eq!(
        f.build(&[], None).unwrap().tenant.color.as_deref(),
        Some("red")
    );
}

#[test]
fn import_fills_a_new_form_with_a_unique_name() {
    let t = TenantConfig::with_token(
        "env",
        "https://acme.okta.com",
        TokenSource::Inline(SecretString::from("00importedtoken_abcd".to_owned())),
    );
    // Named after its org, made unique.
    let f = TenantForm::import(&t, &["acme", "Acme-2"]);
    assert_eq!(f.name.text, "acme-3");
    assert_eq!(f.editing, None);
    assert_eq!(f.token.len(), 20);
    let b = f.build(&[], None).unwrap();
    assert_eq!(b.tenant.domain, "https://acme.okta.com");
    let oauth = TenantConfig::with_oauth(
        "acme",
        "https://acme.okta.com",
        OAuthTenant {
            client_id: "0oa1".into(),
            key: KeySource::Inline(SecretString::from("{\"kty\":\"RSA\"}".to_owned())),
            scopes: vec!["okta.users.read".into()],
            ..Default::default()
        },
    );
    let f = TenantForm::import(&oauth, &[]);
    assert!(!format!("{f:?}").contains("kty"));
    match f.build(&[], None).unwrap().tenant.auth {
        TenantAuth::OAuth(o) => assert!(matches!(o.key, KeySource::Inline(_))),
        other => panic!("{other:?}"),
    }
}

fn keyring_tenant() -> TenantConfig {
    TenantConfig::with_token("kr", "https://kr.okta.com", TokenSource::Keyring)
}

#[test]
fn source_choice_cycles_through_the_os_keyring() {
    let mut f = form("a", "acme.okta.com", "");
    f.keyring = Availability::Running;
    f.focus = Field::Source;
    let mut seen = Vec::new();
    for _ in 0..4 {
        f.cycle(true);
        seen.push(f.source);
    }
    assert_eq!(
        seen,
        [
            SourceKind::Env,
            SourceKind::Command,
            SourceKind::Keyring,
            SourceKind::Inline
        ]
    );
    f.cycle(false);
    assert_eq!(f.source, SourceKind::Keyring);
    // The keyring takes the token typed (masked) like the inline source.
    assert!(f.fields().contains(&Field::Token));
    assert!(!f.fields().contains(&Field::TokenEnv));
}

#[test]
fn keyring_source_is_refused_beside_the_field_without_a_keyring() {
    let mut f = form("a", "acme.okta.com", "00typedtoken_abcd1234");
    f.source = SourceKind::Keyring;
    f.keyring = Availability::Missing(keyring::NO_SESSION.to_owned());
    let err = f.build(&[], None).unwrap_err();
    assert_eq!(err, (Field::Source, keyring::NO_SESSION.to_owned()));
    assert!(err.1.contains("token_env") && err.1.contains("SSH"));
    // While detection still runs, the save goes ahead (it says so itself if it fails).
    f.keyring = Availability::Checking;
    assert!(f.build(&[], None).is_ok());
}

#[test]
fn keyring_source_with_a_keyring_saves_no_secret_in_the_file() {
    let typed = "00typedtoken_abcd1234";
    let mut f = form("a", "acme.okta.com", typed);
    f.source = SourceKind::Keyring;
    f.keyring = Availability::Running;
    let built = f.build(&[], None).unwrap();
    match &built.tenant.auth {
        TenantAuth::Token(TokenSource::KeyringStore(s)) => assert_eq!(s.expose_secret(), typed),
        other => panic!("{other:?}"),
    }
    let mut settings = crate::config::Settings::default();
    settings.tenants.push(built.tenant.clone());
    let file = crate::config::file::render(&settings).unwrap();
    assert!(file.contains("token_keyring = true"), "{file}");
    assert!(!file.contains(typed), "{file}");
    assert!(!format!("{:?}", built.tenant).contains(typed));
    // No token typed for a new keyring tenant: asked for, on the token field.
    f.token = SecretInput::default();
    assert_eq!(f.build(&[], None).unwrap_err().0, Field::Token);
}

#[test]
fn editing_a_keyring_tenant_keeps_the_stored_token() {
    let orig = keyring_tenant();
    let mut f = TenantForm::edit(&orig);
    assert_eq!(f.source, SourceKind::Keyring);
    assert_eq!(f.kept_secret.as_deref(), Some(KEPT_KEYRING));
    // Unchanged token, same name: no keyring needed to save the other settings.
    f.keyring = Availability::Missing(keyring::NO_SESSION.to_owned());
    f.read_only = true;
    let b = f.build(std::slice::from_ref(&orig), Some(&orig)).unwrap();
    assert!(matches!(
        b.tenant.auth,
        TenantAuth::Token(TokenSource::Keyring)
    ));
    // A rename moves the keyring entry, so it needs the keyring.
    f.name = LineInput::with_text("kr-renamed");
    assert_eq!(
        f.build(std::slice::from_ref(&orig), Some(&orig))
            .unwrap_err()
            .0,
        Field::Source
    );
    f.keyring = Availability::Running;
    assert!(matches!(
        f.build(std::slice::from_ref(&orig), Some(&orig))
            .unwrap()
            .tenant
            .auth,
        TenantAuth::Token(TokenSource::Keyring)
    ));
    // Switching an inline edit to "inline" without a token does not silently keep the
    // keyring one.
    f.source = SourceKind::Inline;
    assert_eq!(
        f.build(std::slice::from_ref(&orig), Some(&orig))
            .unwrap_err()
            .0,
        Field::Token
    );
}

#[test]
fn editing_a_tenant_keeps_its_index_switch_and_the_bucket_share_in_the_saved_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let text = "bucket_share = 0.25\n\n# the big org lists from Okta every time\n[[tenants]]\nname = \"big\"\ndomain = \"https://big.okta.com\"\ntoken = \"00abcdefghijklmnopqrstuvwxyz1234\"\nindex = false\n";
    std::fs::write(&path, text).unwrap();
    let (mut settings, _) = crate::config::file::load(&path).unwrap();
    let orig = settings.tenant("big").unwrap().clone();
    assert!(orig.no_index);
    let mut f = TenantForm::edit(&orig);
    f.read_only = true;
    let built = f.build(&settings.tenants, Some(&orig)).unwrap();
    assert!(
        built.tenant.no_index,
        "the form does not show the switch: it stays"
    );
    settings.tenants[0] = built.tenant;
    crate::config::file::save(&path, &settings).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("index = false"), "{saved}");
    assert!(saved.contains("bucket_share = 0.25"), "{saved}");
    assert!(saved.contains("# the big org"), "{saved}");
    let (again, _) = crate::config::file::load(&path).unwrap();
    assert!(again.tenant("big").unwrap().no_index);
    assert!(again.tenant("big").unwrap().read_only);
    assert_eq!(again.bucket_share, 0.25);
}
