//! config.toml: round trip, mode 0600, damaged files, unknown keys, tenant selection.

use std::path::PathBuf;
use std::time::Duration;

use oktui::config::Selection;
use oktui::config::{
    self, ConfigError, DpopMode, KeySource, LastTest, OAuthTenant, Settings, TenantAuth,
    TenantConfig, TokenSource,
};
use oktui::okta::Auth;
use secrecy::{ExposeSecret, SecretString};

fn sample() -> Settings {
    let mut s = Settings {
        default_tenant: Some("acme".into()),
        theme: Some("dark".into()),
        page_size: 150,
        max_in_flight: 6,
        read_only: false,
        mouse: false,
        ..Settings::default()
    };
    s.keys.insert("suspend".into(), "S".into());
    let mut acme = TenantConfig::with_token(
        "acme",
        "https://acme.okta.com",
        TokenSource::Inline(SecretString::from("00inline-secret-token")),
    );
    acme.last_test = Some(LastTest {
        ok: true,
        at: "2026-11-29T08:00:00Z".into(),
        summary: "ok as admin@acme.com".into(),
    });
    config::add_tenant(&mut s, acme).unwrap();
    config::add_tenant(
        &mut s,
        TenantConfig::with_token(
            "acme-prod",
            "acme-prod.okta.com",
            TokenSource::Env("ACME_TOKEN".into()),
        ),
    )
    .unwrap();
    let mut cmd = TenantConfig::with_token(
        "dev",
        "https://dev-1.oktapreview.com/",
        TokenSource::Command {
            command: "pass show okta/dev".into(),
            timeout: Duration::from_secs(3),
        },
    );
    cmd.read_only = true;
    cmd.color = Some("blue".into());
    config::add_tenant(&mut s, cmd).unwrap();
    config::add_tenant(
        &mut s,
        TenantConfig::with_oauth(
            "svc",
            "svc.okta.com",
            OAuthTenant {
                client_id: "0oaclient".into(),
                key: KeySource::File(PathBuf::from("/keys/svc.pem")),
                key_id: Some("kid-1".into()),
                scopes: vec!["okta.users.read".into(), "okta.groups.read".into()],
                dpop: DpopMode::On,
            },
        ),
    )
    .unwrap();
    s
}

fn no_env(_: &str) -> Option<String> {
    None
}

#[test]
fn round_trip_keeps_every_setting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("config.toml");
    let s = sample();
    config::save(&path, &s).unwrap();
    let (back, warnings) = config::load(&path).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(back.default_tenant.as_deref(), Some("acme"));
    assert_eq!(back.theme.as_deref(), Some("dark"));
    assert_eq!(back.page_size, 150);
    assert_eq!(back.max_in_flight, 6);
    assert!(!back.mouse);
    assert_eq!(back.keys.get("suspend").map(String::as_str), Some("S"));
    assert_eq!(back.tenants.len(), 4);
    let names: Vec<_> = back.tenants.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["acme", "acme-prod", "dev", "svc"]);
    assert_eq!(back.tenants[1].domain, "https://acme-prod.okta.com");
    assert_eq!(back.tenants[2].domain, "https://dev-1.oktapreview.com");
    assert_eq!(back.tenants[0].last_test, s.tenants[0].last_test);
    match &back.tenants[0].auth {
        TenantAuth::Token(TokenSource::Inline(t)) => {
            assert_eq!(t.expose_secret(), "00inline-secret-token")
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&back.tenants[1].auth, TenantAuth::Token(TokenSource::Env(v)) if v == "ACME_TOKEN")
    );
    match &back.tenants[2].auth {
        TenantAuth::Token(TokenSource::Command { command, timeout }) => {
            assert_eq!(command, "pass show okta/dev");
            assert_eq!(*timeout, Duration::from_secs(3));
        }
        other => panic!("{other:?}"),
    }
    assert!(back.tenants[2].read_only);
    assert_eq!(back.tenants[2].color.as_deref(), Some("blue"));
    match &back.tenants[3].auth {
        TenantAuth::OAuth(o) => {
            assert_eq!(o.client_id, "0oaclient");
            assert!(matches!(&o.key, KeySource::File(p) if p == &PathBuf::from("/keys/svc.pem")));
            assert_eq!(o.key_id.as_deref(), Some("kid-1"));
            assert_eq!(o.scopes, ["okta.users.read", "okta.groups.read"]);
            assert_eq!(o.dpop, DpopMode::On);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(back.tenants[3].auth_label, "OAuth 2.0 service app");
    assert_eq!(back.tenants[0].auth_label, "API token");
    // Saving what was loaded gives the same bytes.
    let first = std::fs::read_to_string(&path).unwrap();
    config::save(&path, &back).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
}

#[cfg(unix)]
#[test]
fn file_is_written_with_mode_0600_and_no_temp_left() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    // An existing world-readable file is replaced by a private one.
    std::fs::write(&path, "page_size = 100\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (_, warnings) = config::load(&path).unwrap();
    assert!(
        warnings.iter().any(|w| w.contains("chmod 600")),
        "{warnings:?}"
    );
    config::save(&path, &sample()).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let entries: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let (_, warnings) = config::load(&path).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn damaged_file_is_reported_with_line_and_column_and_left_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let text = "page_size = 100\n\n[[tenants]]\nname = \"acme\"\ndomain = acme.okta.com\n";
    std::fs::write(&path, text).unwrap();
    let err = config::load(&path).unwrap_err();
    match &err {
        ConfigError::Parse { line, column, .. } => {
            assert_eq!(*line, 5);
            assert_eq!(*column, 10);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains(":5:10:"), "{err}");
    assert!(err.to_string().contains("left untouched"));
    // Saving over it is refused, and the bytes stay the same.
    let save_err = config::save(&path, &sample()).unwrap_err();
    assert!(
        matches!(save_err, ConfigError::Parse { line: 5, .. }),
        "{save_err:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // resolve reports it too.
    let global = Selection {
        config: Some(path.clone()),
        ..Default::default()
    };
    assert!(matches!(
        config::resolve_with(&global, &path, &no_env),
        Err(ConfigError::Parse { line: 5, .. })
    ));
}

#[test]
fn bad_values_point_at_their_place() {
    let text = "[[tenants]]\nname = \"a\"\ndomain = \"http://a.okta.com\"\ntoken = \"x\"\n";
    let err = config::file::parse(text, "c.toml").unwrap_err();
    match err {
        ConfigError::Parse {
            line,
            column,
            message,
            ..
        } => {
            assert_eq!((line, column), (3, 10));
            assert!(message.contains("http://"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let text = "page_size = 1000\n";
    assert!(matches!(
        config::file::parse(text, "c"),
        Err(ConfigError::Parse {
            line: 1,
            column: 13,
            ..
        })
    ));
    let dup = "[[tenants]]\nname = \"a\"\ndomain = \"a.okta.com\"\ntoken = \"x\"\n[[tenants]]\nname = \"a\"\ndomain = \"b.okta.com\"\ntoken = \"y\"\n";
    let err = config::file::parse(dup, "c").unwrap_err();
    assert!(err.to_string().contains("second tenant"), "{err}");
    let two_sources =
        "[[tenants]]\nname = \"a\"\ndomain = \"a.okta.com\"\ntoken = \"x\"\ntoken_env = \"Y\"\n";
    assert!(
        config::file::parse(two_sources, "c")
            .unwrap_err()
            .to_string()
            .contains("exactly one")
    );
}

#[test]
fn unknown_keys_are_warnings_not_errors() {
    let text = "pagesize = 10\nmouse = false\n[[tenants]]\nname = \"a\"\ndomain = \"a.okta.com\"\ntoken = \"x\"\ntokn = \"typo\"\n[colors]\nx = 1\n";
    let (s, warnings) = config::file::parse(text, "c").unwrap();
    assert!(!s.mouse);
    assert_eq!(s.tenants.len(), 1);
    assert_eq!(s.page_size, 200);
    assert!(
        warnings.iter().any(|w| w.contains("\"pagesize\"")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("tenants[0].tokn")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("\"colors\"")),
        "{warnings:?}"
    );
    assert_eq!(warnings.len(), 3, "{warnings:?}");
}

#[test]
fn missing_file_is_empty_config() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.toml");
    let global = Selection::default();
    let r = config::resolve_with(&global, &path, &no_env).unwrap();
    assert!(r.active.is_none());
    assert_eq!(r.settings.page_size, 200);
    assert_eq!(r.settings.max_in_flight, 4);
    assert!(r.settings.mouse);
    assert!(!path.exists(), "resolve must not create the file");
}

fn write_sample(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("config.toml");
    let mut s = sample();
    s.default_tenant = Some("acme-prod".into());
    config::save(&path, &s).unwrap();
    path
}

fn token_of(auth: &Auth) -> String {
    match auth {
        Auth::Ssws(t) => t.expose_secret().to_string(),
        _ => panic!("not a token"),
    }
}

#[test]
fn resolve_picks_tenant_flag_then_env_then_default_then_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_sample(dir.path());
    let env = |n: &str| match n {
        "ACME_TOKEN" => Some("prod-token".to_string()),
        _ => None,
    };
    // default_tenant
    let r = config::resolve_with(&Selection::default(), &path, &env).unwrap();
    let a = r.active.unwrap();
    assert_eq!(a.name, "acme-prod");
    assert_eq!(
        a.color.as_deref(),
        Some("red"),
        "a prod tenant is red by default"
    );
    assert_eq!(token_of(&a.client.auth), "prod-token");
    assert_eq!(a.client.max_in_flight, 6);
    // --tenant, with --read-only
    let g = Selection {
        tenant: Some("acme".into()),
        read_only: true,
        ..Default::default()
    };
    let a = config::resolve_with(&g, &path, &env)
        .unwrap()
        .active
        .unwrap();
    assert_eq!(a.name, "acme");
    assert!(a.read_only && a.client.read_only);
    assert_eq!(a.client.base_url, "https://acme.okta.com");
    // unknown --tenant
    let g = Selection {
        tenant: Some("nope".into()),
        ..Default::default()
    };
    assert!(
        matches!(config::resolve_with(&g, &path, &env), Err(ConfigError::UnknownTenant(n)) if n == "nope")
    );
    // SDK variables win when no --tenant is given.
    let sdk = |n: &str| match n {
        "OKTA_CLIENT_ORGURL" => Some("https://env-org.okta.com/".to_string()),
        "OKTA_CLIENT_TOKEN" => Some("env-token".to_string()),
        _ => None,
    };
    let a = config::resolve_with(&Selection::default(), &path, &sdk)
        .unwrap()
        .active
        .unwrap();
    assert_eq!(a.name, "env");
    assert_eq!(a.domain, "https://env-org.okta.com");
    assert_eq!(token_of(&a.client.auth), "env-token");
    // ... and need no file at all.
    let none = dir.path().join("absent.toml");
    let a = config::resolve_with(&Selection::default(), &none, &sdk)
        .unwrap()
        .active
        .unwrap();
    assert_eq!(a.name, "env");
    // First tenant when there is no default.
    let mut s = sample();
    s.default_tenant = None;
    let p2 = dir.path().join("c2.toml");
    config::save(&p2, &s).unwrap();
    let a = config::resolve_with(&Selection::default(), &p2, &no_env)
        .unwrap()
        .active
        .unwrap();
    assert_eq!(a.name, "acme");
}

#[test]
fn a_missing_secret_is_an_error_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_sample(dir.path());
    let err = match config::resolve_with(&Selection::default(), &path, &no_env) {
        Err(e) => e,
        Ok(_) => panic!("expected an error"),
    };
    assert!(err.to_string().contains("ACME_TOKEN is not set"), "{err}");
}

#[test]
fn tenant_edits_keep_names_unique_and_default_in_step() {
    let mut s = sample();
    let dup = TenantConfig::with_token("acme", "x.okta.com", TokenSource::Env("X".into()));
    assert!(
        config::add_tenant(&mut s, dup)
            .unwrap_err()
            .to_string()
            .contains("already exists")
    );
    let bad = TenantConfig::with_token("new", "http://x.okta.com", TokenSource::Env("X".into()));
    assert!(config::add_tenant(&mut s, bad).is_err());
    let custom =
        TenantConfig::with_token("custom", "login.example.com", TokenSource::Env("X".into()));
    let warnings = config::add_tenant(&mut s, custom).unwrap();
    assert!(warnings[0].contains("not an Okta domain"), "{warnings:?}");
    // Rename the default tenant: default follows.
    let mut renamed = s.tenant("acme").unwrap().clone();
    renamed.name = "acme2".into();
    config::edit_tenant(&mut s, "acme", renamed).unwrap();
    assert_eq!(s.default_tenant.as_deref(), Some("acme2"));
    // Renaming onto another tenant's name is refused.
    let mut clash = s.tenant("dev").unwrap().clone();
    clash.name = "svc".into();
    assert!(config::edit_tenant(&mut s, "dev", clash).is_err());
    let gone = config::delete_tenant(&mut s, "acme2").unwrap();
    assert_eq!(gone.name, "acme2");
    assert!(s.default_tenant.is_none());
    assert!(matches!(
        config::delete_tenant(&mut s, "acme2"),
        Err(ConfigError::UnknownTenant(_))
    ));
}

#[test]
fn debug_output_of_settings_hides_inline_secrets() {
    let s = sample();
    let text = format!("{s:?}");
    assert!(!text.contains("00inline-secret-token"), "{text}");
}

#[test]
fn config_path_prefers_the_flag() {
    let g = Selection {
        config: Some(PathBuf::from("/tmp/x.toml")),
        ..Default::default()
    };
    assert_eq!(
        config::config_path(&g).unwrap(),
        PathBuf::from("/tmp/x.toml")
    );
    let p = config::config_path(&Selection::default()).unwrap();
    assert!(p.ends_with("config.toml"), "{p:?}");
}

#[test]
fn the_example_file_parses_cleanly() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (s, warnings) = config::file::parse(&text, "config.example.toml").unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(s.tenants.len(), 5);
    assert_eq!(s.default_tenant.as_deref(), Some("acme"));
    assert!(matches!(
        s.tenant("acme-keyring").map(|t| &t.auth),
        Some(config::TenantAuth::Token(config::TokenSource::Keyring))
    ));
}

#[test]
fn read_only_top_level_covers_every_tenant_and_the_flag_is_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    let text = "read_only = true\n[[tenants]]\nname = \"a\"\ndomain = \"a.okta.com\"\ntoken = \"x\"\nread_only = false\n";
    std::fs::write(&path, text).unwrap();
    let r = config::resolve_with(&Selection::default(), &path, &no_env).unwrap();
    assert!(r.active.unwrap().client.read_only);
    // --read-only applies to the run, not to the settings the tab may save.
    std::fs::write(
        &path,
        "[[tenants]]\nname = \"a\"\ndomain = \"a.okta.com\"\ntoken = \"x\"\n",
    )
    .unwrap();
    let g = Selection {
        read_only: true,
        ..Default::default()
    };
    let r = config::resolve_with(&g, &path, &no_env).unwrap();
    assert!(r.active.unwrap().read_only);
    assert!(!r.settings.read_only);
    let r = config::resolve_with(&Selection::default(), &path, &no_env).unwrap();
    assert!(!r.active.unwrap().read_only);
}

#[test]
fn lenient_resolve_keeps_the_tenants_when_a_secret_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(
        &path,
        "[[tenants]]\nname = \"a\"\ndomain = \"a.okta.com\"\ntoken_env = \"OKTUI_TEST_NEVER_SET_VAR\"\n",
    )
    .unwrap();
    let g = Selection {
        config: Some(path.clone()),
        ..Default::default()
    };
    assert!(config::resolve(&g).is_err());
    let r = config::resolve_lenient(&g).unwrap();
    assert!(r.active.is_none());
    assert_eq!(r.settings.tenants.len(), 1);
    assert!(
        r.warnings[0].contains("OKTUI_TEST_NEVER_SET_VAR is not set"),
        "{:?}",
        r.warnings
    );
    // A damaged file is still an error.
    std::fs::write(&path, "[[tenants]\n").unwrap();
    assert!(matches!(
        config::resolve_lenient(&g),
        Err(ConfigError::Parse { .. })
    ));
}

#[test]
fn index_switch_and_bucket_share_are_read_and_checked() {
    let text = "bucket_share = 0.25\n[[tenants]]\nname = \"a\"\ndomain = \"a.okta.com\"\ntoken = \"x\"\nindex = false\n[[tenants]]\nname = \"b\"\ndomain = \"b.okta.com\"\ntoken = \"y\"\n";
    let (s, warnings) = config::file::parse(text, "c.toml").unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(s.bucket_share, 0.25);
    assert!(s.tenant("a").unwrap().no_index);
    assert!(!s.tenant("b").unwrap().no_index);
    let rendered = config::file::render(&s).unwrap();
    assert!(rendered.contains("index = false") && rendered.contains("bucket_share = 0.25"));

    let err = config::file::parse("bucket_share = 1.5\n", "c.toml").unwrap_err();
    assert!(err.to_string().contains("bucket_share"), "{err}");
}

#[test]
fn time_zone_is_read_saved_in_place_and_a_bad_one_names_file_and_line() {
    use oktui::time_zone::TimeZone;
    let (s, warnings) = config::file::parse("time_zone = \"utc\"\n", "c.toml").unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(s.time_zone, TimeZone::Utc);
    // Left out: local, and nothing is written for the default.
    let (s, _) = config::file::parse("", "c.toml").unwrap();
    assert_eq!(s.time_zone, TimeZone::Local);
    assert!(!config::file::render(&s).unwrap().contains("time_zone"));

    // Saved over a file that has it: the key and its comment stay; a change is written.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let text = "# times in UTC on the jump host\ntime_zone = \"utc\"\npage_size = 100\n";
    std::fs::write(&path, text).unwrap();
    let (mut s, _) = config::load(&path).unwrap();
    config::save(&path, &s).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    s.time_zone = TimeZone::Local;
    s.page_size = 50;
    config::save(&path, &s).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(!saved.contains("time_zone"), "{saved}");
    s.time_zone = TimeZone::Utc;
    config::save(&path, &s).unwrap();
    let (back, _) = config::load(&path).unwrap();
    assert_eq!(back.time_zone, TimeZone::Utc);

    // A zone it does not know: a config error naming the file, the line and the choices.
    let err = config::file::parse("page_size = 10\ntime_zone = \"CET\"\n", "c.toml").unwrap_err();
    match &err {
        ConfigError::Parse { line, .. } => assert_eq!(*line, 2),
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains("c.toml:2:"), "{text}");
    assert!(text.contains("\"local\" or \"utc\""), "{text}");
}
