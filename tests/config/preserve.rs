//! Saving into an existing config.toml keeps what the admin wrote: comments, blank lines, key
//! order, spelling of values and unknown keys. Only what changed changes.

use oktui::config::{self, LastTest, Settings, TenantAuth, TenantConfig, TokenSource};
use secrecy::{ExposeSecret, SecretString};

const HAND_WRITTEN: &str = r#"# My oktui config, written by hand.
# Second line of the header.

default_tenant = "alpha"   # opened first
page_size = 100
favourite_colour = "green" # not an oktui key

# Alpha is our main org.
[[tenants]]
name = "alpha"
domain = "alpha.okta.com"   # short form on purpose
token_env = "ALPHA_TOKEN"
owner = "team-a"            # not an oktui key either

# ---- staging orgs ----

# Beta: to be retired.
[[tenants]]
name = "beta"
domain = "https://beta.okta.com"
token = "00beta-secret"
ticket = "OPS-1"

# Gamma keeps its token inline.
[[tenants]]
name = "gamma"
domain = "https://gamma.okta.com"
# the token, rotated monthly
token = "00gamma-old"
notes = "rotate monthly"
"#;

/// Writes `text` as config.toml in a fresh directory.
fn file_with(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// What the Credentials tab does per change: load the file as it is, change, save.
fn change(path: &std::path::Path, op: impl FnOnce(&mut Settings)) -> String {
    let (mut settings, _) = config::load(path).unwrap();
    op(&mut settings);
    config::save(path, &settings).unwrap();
    std::fs::read_to_string(path).unwrap()
}

fn edited(settings: &Settings, name: &str, f: impl FnOnce(&mut TenantConfig)) -> TenantConfig {
    let mut t = settings.tenant(name).unwrap().clone();
    f(&mut t);
    t
}

const EXPECTED_AFTER_FOUR_CHANGES: &str = r#"# My oktui config, written by hand.
# Second line of the header.

default_tenant = "alpha"   # opened first
page_size = 100
favourite_colour = "green" # not an oktui key

# Alpha is our main org.
[[tenants]]
name = "alpha"
domain = "https://alpha-new.okta.com"   # short form on purpose
token_env = "ALPHA_TOKEN"
owner = "team-a"            # not an oktui key either

# ---- staging orgs ----

# Gamma keeps its token inline.
[[tenants]]
name = "gamma"
domain = "https://gamma.okta.com"
# the token, rotated monthly
token = "00gamma-old"
notes = "rotate monthly"

[tenants.last_test]
ok = true
at = "2026-11-29T12:00:00Z"
summary = "ok as admin@gamma.com"

[[tenants]]
name = "delta"
domain = "https://delta.okta.com"
auth = "token"
token_env = "DELTA_TOKEN"
"#;

#[test]
fn add_edit_test_and_delete_keep_everything_else_in_place() {
    let (_dir, path) = file_with(HAND_WRITTEN);
    change(&path, |s| {
        let delta = TenantConfig::with_token(
            "delta",
            "delta.okta.com",
            TokenSource::Env("DELTA_TOKEN".into()),
        );
        config::add_tenant(s, delta).unwrap();
    });
    change(&path, |s| {
        let t = edited(s, "alpha", |t| t.domain = "alpha-new.okta.com".into());
        config::edit_tenant(s, "alpha", t).unwrap();
    });
    change(&path, |s| {
        let gamma = s.tenants.iter_mut().find(|t| t.name == "gamma").unwrap();
        gamma.last_test = Some(LastTest {
            ok: true,
            at: "2026-11-29T12:00:00Z".into(),
            summary: "ok as admin@gamma.com".into(),
        });
    });
    let text = change(&path, |s| {
        config::delete_tenant(s, "beta").unwrap();
    });
    // Beta's own comment and keys went with it; the section heading above it stayed.
    for gone in ["beta", "Beta", "00beta-secret", "ticket", "OPS-1"] {
        assert!(!text.contains(gone), "{gone:?} is still in\n{text}");
    }
    assert_eq!(text, EXPECTED_AFTER_FOUR_CHANGES);

    let (back, warnings) = config::load(&path).unwrap();
    assert_eq!(
        warnings,
        [
            "unknown key \"favourite_colour\" (ignored)",
            "unknown key \"tenants[0].owner\" (ignored)",
            "unknown key \"tenants[1].notes\" (ignored)",
        ]
    );
    assert_eq!(back.default_tenant.as_deref(), Some("alpha"));
    assert_eq!(back.page_size, 100);
    let names: Vec<_> = back.tenants.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["alpha", "gamma", "delta"]);
    assert_eq!(back.tenants[0].domain, "https://alpha-new.okta.com");
    assert!(
        matches!(&back.tenants[0].auth, TenantAuth::Token(TokenSource::Env(v)) if v == "ALPHA_TOKEN")
    );
    match &back.tenants[1].auth {
        TenantAuth::Token(TokenSource::Inline(t)) => assert_eq!(t.expose_secret(), "00gamma-old"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        back.tenants[1]
            .last_test
            .as_ref()
            .map(|l| l.summary.as_str()),
        Some("ok as admin@gamma.com")
    );
    assert!(back.tenants[0].last_test.is_none());
    assert_eq!(back.tenants[2].domain, "https://delta.okta.com");
    assert!(
        matches!(&back.tenants[2].auth, TenantAuth::Token(TokenSource::Env(v)) if v == "DELTA_TOKEN")
    );
}

#[test]
fn a_new_test_result_replaces_the_old_one_in_place() {
    let (_dir, path) = file_with(EXPECTED_AFTER_FOUR_CHANGES);
    let text = change(&path, |s| {
        let gamma = s.tenants.iter_mut().find(|t| t.name == "gamma").unwrap();
        gamma.last_test = Some(LastTest {
            ok: false,
            at: "2026-11-29T13:00:00Z".into(),
            summary: "401 Invalid token".into(),
        });
    });
    let expected = EXPECTED_AFTER_FOUR_CHANGES
        .replace(
            "ok = true
",
            "ok = false
",
        )
        .replace("2026-11-29T12:00:00Z", "2026-11-29T13:00:00Z")
        .replace("ok as admin@gamma.com", "401 Invalid token");
    assert_eq!(text, expected);
}

#[test]
fn an_edited_inline_token_changes_in_its_place() {
    let (_dir, path) = file_with(HAND_WRITTEN);
    let text = change(&path, |s| {
        let t = edited(s, "gamma", |t| {
            t.auth = TenantAuth::Token(TokenSource::Inline(SecretString::from("00gamma-new")));
        });
        config::edit_tenant(s, "gamma", t).unwrap();
    });
    assert_eq!(text, HAND_WRITTEN.replace("00gamma-old", "00gamma-new"));
}

#[test]
fn switching_from_inline_token_to_token_env_removes_the_token() {
    let (_dir, path) = file_with(HAND_WRITTEN);
    let text = change(&path, |s| {
        let t = edited(s, "gamma", |t| {
            t.auth = TenantAuth::Token(TokenSource::Env("GAMMA_TOKEN".into()));
        });
        config::edit_tenant(s, "gamma", t).unwrap();
    });
    assert!(!text.contains("00gamma-old"), "{text}");
    // The token's own comment goes with it; the new key follows the tenant's last one.
    let expected = HAND_WRITTEN
        .replace(
            "# the token, rotated monthly\ntoken = \"00gamma-old\"\n",
            "",
        )
        .replace(
            "notes = \"rotate monthly\"\n",
            "notes = \"rotate monthly\"\ntoken_env = \"GAMMA_TOKEN\"\n",
        );
    assert_eq!(text, expected);
    let (back, _) = config::load(&path).unwrap();
    assert!(matches!(
        &back.tenant("gamma").unwrap().auth,
        TenantAuth::Token(TokenSource::Env(v)) if v == "GAMMA_TOKEN"
    ));
}

#[test]
fn a_token_for_the_keyring_never_reaches_the_file() {
    let (_dir, path) = file_with(HAND_WRITTEN);
    // What `save` is handed if a caller skipped the keyring step: still no token in the file.
    let text = change(&path, |s| {
        let gamma = s.tenants.iter_mut().find(|t| t.name == "gamma").unwrap();
        gamma.auth = TenantAuth::Token(TokenSource::KeyringStore(SecretString::from(
            "00typed-for-keyring",
        )));
    });
    assert!(!text.contains("00typed-for-keyring"), "{text}");
    assert!(!text.contains("00gamma-old"), "{text}");
    assert!(text.contains("token_keyring = true"), "{text}");
    let (back, _) = config::load(&path).unwrap();
    assert!(matches!(
        back.tenant("gamma").unwrap().auth,
        TenantAuth::Token(TokenSource::Keyring)
    ));
}

#[test]
fn a_renamed_tenant_keeps_its_table() {
    let (_dir, path) = file_with(HAND_WRITTEN);
    let text = change(&path, |s| {
        let t = edited(s, "alpha", |t| t.name = "main".into());
        config::edit_tenant(s, "alpha", t).unwrap();
    });
    // default_tenant follows the rename, comment included.
    let expected = HAND_WRITTEN
        .replace("name = \"alpha\"", "name = \"main\"")
        .replace("default_tenant = \"alpha\"", "default_tenant = \"main\"");
    assert_eq!(text, expected);
}

#[test]
fn removed_top_level_keys_leave_the_comments_above_them() {
    let (_dir, path) = file_with(HAND_WRITTEN);
    // Deleting the default tenant removes default_tenant, the first key: the file's header
    // comment stood above it and stays.
    let text = change(&path, |s| {
        config::delete_tenant(s, "alpha").unwrap();
    });
    assert!(
        text.starts_with("# My oktui config, written by hand.\n# Second line of the header.\n\n"),
        "{text}"
    );
    assert!(!text.contains("default_tenant"), "{text}");
    assert!(!text.contains("Alpha is our main org"), "{text}");
    assert!(text.contains("\n# ---- staging orgs ----\n"), "{text}");
    let (back, _) = config::load(&path).unwrap();
    let names: Vec<_> = back.tenants.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["beta", "gamma"]);
}

fn example() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_example_file_survives_load_and_save() {
    let example = example();
    let (_dir, path) = file_with(&example);
    assert_eq!(change(&path, |_| {}), example);
    let text = change(&path, |s| s.page_size = 100);
    assert_eq!(
        text,
        example.replacen("page_size = 200\n", "page_size = 100\n", 1)
    );
}

#[test]
fn the_keys_table_is_edited_entry_by_entry() {
    let original = "[keys]\n# mine\nsuspend = \"S\"   # capital\nrefresh = \"r\"\n";
    let (_dir, path) = file_with(original);
    let text = change(&path, |s| {
        s.keys.insert("suspend".into(), "X".into());
        s.keys.remove("refresh");
        s.keys.insert("quit".into(), "q".into());
    });
    assert_eq!(
        text,
        "[keys]\n# mine\nsuspend = \"X\"   # capital\nquit = \"q\"\n"
    );
}

#[test]
fn an_empty_or_missing_file_is_written_whole() {
    let mut settings = Settings::default();
    config::add_tenant(
        &mut settings,
        TenantConfig::with_token("a", "a.okta.com", TokenSource::Env("A".into())),
    )
    .unwrap();
    let rendered = config::file::render(&settings).unwrap();
    let (_dir, path) = file_with("  \n");
    config::save(&path, &settings).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), rendered);
    std::fs::remove_file(&path).unwrap();
    config::save(&path, &settings).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), rendered);
}

#[test]
fn the_first_tenant_of_an_empty_config_is_a_tenants_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    // An empty config renders as `tenants = []`; the first tenant must not become inline.
    config::save(&path, &Settings::default()).unwrap();
    let text = change(&path, |s| {
        let a = TenantConfig::with_token("a", "a.okta.com", TokenSource::Env("A".into()));
        config::add_tenant(s, a).unwrap();
    });
    assert!(text.contains("\n[[tenants]]\nname = \"a\"\n"), "{text}");
    assert!(!text.contains("tenants = ["), "{text}");
    let (back, _) = config::load(&path).unwrap();
    assert_eq!(back.tenants.len(), 1);
}

#[test]
fn inline_tenant_tables_are_edited_inline() {
    let original = "tenants = [\n  { name = \"a\", domain = \"a.okta.com\", token_env = \"A\", x = 1 },\n  { name = \"b\", domain = \"b.okta.com\", token_env = \"B\" },\n]\n";
    let (_dir, path) = file_with(original);
    let text = change(&path, |s| {
        let t = edited(s, "a", |t| {
            t.auth = TenantAuth::Token(TokenSource::Env("A2".into()))
        });
        config::edit_tenant(s, "a", t).unwrap();
        config::delete_tenant(s, "b").unwrap();
    });
    assert_eq!(
        text,
        "tenants = [\n  { name = \"a\", domain = \"a.okta.com\", token_env = \"A2\", x = 1 },\n]\n"
    );
}

#[test]
fn a_rename_with_other_changes_keeps_the_table_and_its_comments() {
    let (_dir, path) = file_with(HAND_WRITTEN);
    let text = change(&path, |s| {
        let t = edited(s, "alpha", |t| {
            t.name = "main".into();
            t.domain = "https://main.okta.com".into();
        });
        config::edit_tenant(s, "alpha", t).unwrap();
    });
    let expected = HAND_WRITTEN
        .replace("name = \"alpha\"", "name = \"main\"")
        .replace(
            "domain = \"alpha.okta.com\"",
            "domain = \"https://main.okta.com\"",
        )
        .replace("default_tenant = \"alpha\"", "default_tenant = \"main\"");
    assert_eq!(text, expected);
}
