//! The Credentials tab rendered into ratatui's `TestBackend`: tenants with every kind of
//! secret source, the form while a token is typed, the delete confirmation. Snapshotted with
//! `insta`, and checked cell by cell that no secret ever reaches the screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use oktui::app::Modal;
use oktui::app::credentials::form::{Field, SourceKind};
use oktui::app::credentials::{CredModal, CredMsg};
use oktui::app::{App, AppInit, CredentialsTab, Msg, ReqId, TenantInfo};
use oktui::config::keyring::{self, Availability};
use oktui::config::{KeySource, LastTest, OAuthTenant, Settings, TenantConfig, TokenSource};
use oktui::okta::test_connect::TestReport;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secrecy::SecretString;

const TOKEN: &str = "00SnapshotSecretToken_QWERTY7788";
const TYPED: &str = "00TypedIntoTheForm_ZXCVBN4455";

fn settings() -> Settings {
    let mut s = Settings::default();
    let mut prod = TenantConfig::with_token(
        "acme-prod",
        "https://acme.okta.com",
        TokenSource::Inline(SecretString::from(TOKEN.to_owned())),
    );
    prod.read_only = true;
    prod.last_test = Some(LastTest {
        ok: true,
        at: "2026-11-29T09:50:12Z".into(),
        summary: "connected to 00o1abcd (Identity Engine) as admin@acme.com via SSWS; 84 ms; rate limit 599/600 left".into(),
    });
    s.tenants.push(prod);
    let mut preview = TenantConfig::with_token(
        "acme-preview",
        "https://acme.oktapreview.com",
        TokenSource::Env("OKTA_PREVIEW_TOKEN".into()),
    );
    preview.last_test = Some(LastTest {
        ok: false,
        at: "2026-11-28T17:02:40Z".into(),
        summary: "401 E0000011 Invalid token provided: the API token is wrong, expired (30 days unused) or revoked".into(),
    });
    s.tenants.push(preview);
    s.tenants.push(TenantConfig::with_oauth(
        "svc-app",
        "https://acme.okta.com",
        OAuthTenant {
            client_id: "0oa1serviceapp".into(),
            key: KeySource::File("/home/admin/.okta/svc.pem".into()),
            key_id: Some("kid-1".into()),
            scopes: vec!["okta.users.read".into()],
            ..Default::default()
        },
    ));
    s
}

fn app(w: u16, h: u16) -> App {
    let mut a = App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "acme-prod".into(),
            domain: "https://acme.okta.com".into(),
            read_only: true,
            color: Some("red".into()),
        }),
        credentials: CredentialsTab::from_settings(
            settings(),
            "/home/admin/.config/oktui/config.toml".into(),
            vec![],
        ),
        ..Default::default()
    });
    a.update(Msg::Resize(w, h));
    key(&mut a, KeyCode::Char('3'));
    a
}

fn key(a: &mut App, code: KeyCode) {
    a.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn render(a: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| oktui::ui::draw(f, a)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn no_secret(screen: &str) {
    for secret in [TOKEN, TYPED, "QWERTY", "ZXCVBN"] {
        assert!(!screen.contains(secret), "{secret} on screen:\n{screen}");
    }
}

#[test]
fn tab_lists_tenants_with_masked_secrets() {
    for (w, h) in [(80, 24), (120, 36)] {
        let a = app(w, h);
        let s = render(&a, w, h);
        no_secret(&s);
        assert!(s.contains("● acme-prod"), "the active one is marked:\n{s}");
        assert!(s.contains("acme-preview") && s.contains("svc-app"));
        assert!(s.contains("✓ 2026-11-29 09:50 UTC"), "{s}");
        assert!(s.contains("✗ 2026-11-28 17:02 UTC"), "{s}");
        if w >= 100 {
            assert!(
                s.contains("••••7788") && s.contains("$OKTA_PREVIEW_TOKEN"),
                "{s}"
            );
        }
        insta::assert_snapshot!(format!("credentials_tab_{w}x{h}"), s);
    }
}

#[test]
fn form_masks_the_token_while_typed() {
    let (w, h) = (120, 36);
    let mut a = app(w, h);
    key(&mut a, KeyCode::Char('n'));
    for c in "sbx".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    for c in "acme.example.com".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    a.update(Msg::Paste(TYPED.to_owned()));
    let s = render(&a, w, h);
    no_secret(&s);
    assert!(s.contains(&"•".repeat(TYPED.len())), "{s}");
    assert!(s.contains("not an Okta domain"), "the warning shows:\n{s}");
    insta::assert_snapshot!("credentials_form_typing", s);
}

#[test]
fn edit_form_and_test_result_never_show_the_stored_token() {
    let (w, h) = (120, 36);
    let mut a = app(w, h);
    key(&mut a, KeyCode::Char('e'));
    let s = render(&a, w, h);
    no_secret(&s);
    assert!(
        s.contains("edit tenant acme-prod") && s.contains("(empty keeps ••••7788)"),
        "{s}"
    );
    // A Test Connect result on the list (its req is stale, so it only shows what the tab has).
    key(&mut a, KeyCode::Esc);
    a.update(Msg::Credentials(CredMsg::Tested {
        req: ReqId(999),
        report: Box::new(TestReport::default()),
        last: LastTest {
            ok: true,
            at: "x".into(),
            summary: "y".into(),
        },
    }));
    key(&mut a, KeyCode::Char('d'));
    let s = render(&a, w, h);
    no_secret(&s);
    assert!(s.contains("Delete tenant acme-prod"), "{s}");
    assert!(s.contains("y delete   n/Esc keep"), "{s}");
    assert!(s.contains("stays open until you switch"), "{s}");
}

/// The open tenant form, to set what the background keyring probe would have found.
fn form_keyring(a: &mut App, found: Availability) {
    let Some(Modal::Tenant(CredModal::Form(f))) = &mut a.modal else {
        panic!("no form open");
    };
    f.keyring = found;
}

#[test]
fn keyring_source_says_plainly_whether_a_keyring_runs() {
    let (w, h) = (120, 36);
    let mut a = app(w, h);
    key(&mut a, KeyCode::Char('n'));
    for c in "kr".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    for c in "kr.okta.com".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Tab);
    form_keyring(
        &mut a,
        Availability::Missing(keyring::NO_SESSION.to_owned()),
    );
    // ← from "inline" wraps round to the keyring.
    key(&mut a, KeyCode::Left);
    key(&mut a, KeyCode::Tab);
    a.update(Msg::Paste(TYPED.to_owned()));
    let s = render(&a, w, h);
    no_secret(&s);
    assert!(s.contains("‹ OS keyring (service oktui"), "{s}");
    assert!(
        s.contains("no OS keyring is running here (no D-Bus session"),
        "{s}"
    );
    insta::assert_snapshot!("credentials_form_no_keyring", s);

    // Save is refused with the sentence beside the source, whole, and nothing is sent.
    let Some(Modal::Tenant(CredModal::Form(f))) = &mut a.modal else {
        panic!("no form open");
    };
    f.focus = Field::SaveNoTest;
    let effects = a.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert!(effects.is_empty(), "{effects:?}");
    let s = render(&a, w, h);
    no_secret(&s);
    let flat: String = s
        .split('\n')
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("✗ no OS keyring is running here"), "{s}");
    assert!(
        flat.contains("token_command instead"),
        "the whole sentence shows:\n{s}"
    );
    insta::assert_snapshot!("credentials_form_keyring_refused", s);

    // Where a keyring runs, the form says where the token goes.
    let Some(Modal::Tenant(CredModal::Form(f))) = &mut a.modal else {
        panic!("no form open");
    };
    f.error = None;
    f.keyring = Availability::Running;
    f.focus = Field::Source;
    assert_eq!(f.source, SourceKind::Keyring);
    let s = render(&a, w, h);
    no_secret(&s);
    assert!(s.contains("OS keyring found"), "{s}");
}

#[test]
fn deleting_a_keyring_tenant_says_its_entry_goes_too() {
    let (w, h) = (120, 36);
    let mut a = app(w, h);
    let mut s = settings();
    s.tenants.push(TenantConfig::with_token(
        "kr",
        "https://kr.okta.com",
        TokenSource::Keyring,
    ));
    a.credentials.set_settings(s);
    for _ in 0..3 {
        key(&mut a, KeyCode::Down);
    }
    let screen = render(&a, w, h);
    assert!(screen.contains("keyring"), "{screen}");
    key(&mut a, KeyCode::Char('d'));
    let screen = render(&a, w, h);
    assert!(screen.contains("Delete tenant kr"), "{screen}");
    assert!(
        screen.contains("Its token is removed from the OS keyring too."),
        "{screen}"
    );
}

/// The Credentials tab's hints name the keys the table holds: remapped, they follow.
#[test]
fn hints_name_the_remapped_keys() {
    let (w, h) = (120, 36);
    let mut keys = std::collections::BTreeMap::new();
    for (action, key) in [
        ("tenant_new", "N"),
        ("tenant_import", "I"),
        ("tenant_test", "T"),
        ("tenant_delete_confirm", "ctrl-y"),
        ("tenant_delete_keep", "ctrl-n"),
        ("form_discard", "ctrl-d"),
        ("form_save", "ctrl-w"),
    ] {
        keys.insert(action.to_owned(), key.to_owned());
    }
    let init = |credentials| AppInit {
        credentials,
        keys: keys.clone(),
        ..Default::default()
    };
    // No tenants: how to add or import one.
    let mut a = App::new(init(CredentialsTab::default()));
    a.update(Msg::Resize(w, h));
    let s = render(&a, w, h);
    assert!(
        s.contains("no tenants configured: N adds one, I imports"),
        "{s}"
    );
    // A tenant never tested, the delete question, the discard question, the form's footer.
    let mut a = App::new(init(CredentialsTab::from_settings(
        settings(),
        "/tmp/c.toml".into(),
        vec![],
    )));
    a.update(Msg::Resize(w, h));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    let s = render(&a, w, h);
    assert!(s.contains("never tested: T runs Test Connect"), "{s}");
    key(&mut a, KeyCode::Char('d'));
    let s = render(&a, w, h);
    assert!(s.contains("Ctrl-y delete   Ctrl-n keep"), "{s}");
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('n'),
        KeyModifiers::CONTROL,
    )));
    key(&mut a, KeyCode::Char('N'));
    key(&mut a, KeyCode::Char('x'));
    key(&mut a, KeyCode::Esc);
    let s = render(&a, w, h);
    assert!(s.contains("Discard what you typed? Ctrl-d discards"), "{s}");
    assert!(s.contains("Ctrl-w Connect & Save"), "{s}");
    assert!(!s.contains("Ctrl-s"), "{s}");
}
