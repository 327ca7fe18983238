//! The Credentials tab through the reducer: adding, editing, deleting, testing and importing
//! tenants, and what the tab is told about the OS keyring.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use secrecy::{ExposeSecret as _, SecretString};

use crate::app::credentials::form::{AuthKind, SourceKind};
use crate::app::credentials::{
    CredEffect, CredModal, CredMsg, CredentialsTab, Field, FormTest, SaveOp, TenantForm,
    same_tenant,
};
use crate::app::input::LineInput;
use crate::app::keymap::Context;
use crate::app::{App, AppInit, Effect, Modal, Msg, ReqId, Tab};
use crate::config::keyring::{self, Availability};
use crate::config::{LastTest, Settings, TenantAuth, TenantConfig, TokenSource};
use crate::okta::test_connect::{Failure, FailureKind, TestReport};

const TOKEN: &str = "00SeCrEtToKeNvAlUe_abcdefgh9876";

fn settings() -> Settings {
    let mut s = Settings::default();
    s.tenants.push(TenantConfig::with_token(
        "acme-prod",
        "https://acme.okta.com",
        TokenSource::Inline(SecretString::from(
            "00oldtokenvalue_zzzzzzzz1234".to_owned(),
        )),
    ));
    s
}

fn app() -> App {
    let mut a = App::new(AppInit {
        credentials: CredentialsTab::from_settings(settings(), "/tmp/c.toml".into(), vec![]),
        ..Default::default()
    });
    a.update(Msg::Resize(120, 40));
    assert_eq!(a.tab, Tab::Credentials);
    a
}

fn key(a: &mut App, code: KeyCode) -> Vec<Effect> {
    a.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(a: &mut App, c: char) -> Vec<Effect> {
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        key(a, KeyCode::Char(c));
    }
}

fn form(a: &App) -> &TenantForm {
    match a.cred_modal() {
        Some(CredModal::Form(f)) => f,
        other => panic!("no form: {other:?}"),
    }
}

/// n, then name, (auth stays API token), domain, (source stays inline), token.
fn fill(a: &mut App, name: &str, domain: &str, token: &str) {
    key(a, KeyCode::Char('n'));
    typed(a, name);
    key(a, KeyCode::Tab);
    key(a, KeyCode::Tab);
    typed(a, domain);
    key(a, KeyCode::Tab);
    key(a, KeyCode::Tab);
    assert_eq!(form(a).focus, Field::Token);
    typed(a, token);
}

fn report_ok() -> TestReport {
    TestReport {
        base_url: "http://127.0.0.1:9".into(),
        acts_as: Some("admin@example.com".into()),
        scheme: Some("SSWS".into()),
        ..Default::default()
    }
}

fn last(ok: bool) -> LastTest {
    LastTest {
        ok,
        at: "2026-11-29T10:00:00Z".into(),
        summary: "s".into(),
    }
}

#[test]
fn connect_and_create_tests_then_saves_then_lists() {
    let mut a = app();
    fill(&mut a, "sbx", "http://127.0.0.1:9/", TOKEN);
    // The form holds the token; its Debug and the status line never show it.
    assert!(!format!("{:?}", a.modal).contains(TOKEN));
    let effects = ctrl(&mut a, 's');
    let [Effect::Credentials(CredEffect::Test { req, tenant })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(tenant.domain, "http://127.0.0.1:9", "normalized");
    assert_eq!(tenant.name, "sbx");
    let effects = a.update(Msg::Credentials(CredMsg::Tested {
        req: *req,
        report: Box::new(report_ok()),
        last: last(true),
    }));
    let [Effect::Credentials(CredEffect::Save { req, op })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let SaveOp::Add(t) = op.as_ref() else {
        panic!("{op:?}")
    };
    assert_eq!(
        t.last_test,
        Some(last(true)),
        "the passing test is saved with it"
    );
    let mut saved = settings();
    saved.tenants.push(t.clone());
    a.update(Msg::Credentials(CredMsg::Saved {
        req: *req,
        settings: Box::new(saved),
        warnings: vec![],
    }));
    assert!(a.modal.is_none());
    assert_eq!(a.credentials.tenants.len(), 2);
    assert_eq!(a.credentials.selected_row().unwrap().name, "sbx");
    assert_eq!(a.credentials.secret_label("sbx"), "••••9876");
    assert!(a.credentials.reports["sbx"].ok);
    let status = &a.status.as_ref().unwrap().text;
    assert!(
        status.contains("saved sbx") && status.contains("Enter switches to it"),
        "{status}"
    );
    // Enter switches to it.
    assert_eq!(
        key(&mut a, KeyCode::Enter),
        vec![Effect::SwitchTenant("sbx".into())]
    );
}

#[test]
fn failed_test_does_not_save_and_says_why() {
    let mut a = app();
    fill(&mut a, "sbx", "acme.okta.com", TOKEN);
    let effects = ctrl(&mut a, 's');
    let [Effect::Credentials(CredEffect::Test { req, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let report = TestReport {
        failure: Some(Failure {
            kind: FailureKind::InvalidToken,
            message: "401 E0000011 Invalid token provided".into(),
        }),
        ..Default::default()
    };
    let effects = a.update(Msg::Credentials(CredMsg::Tested {
        req: *req,
        report: Box::new(report),
        last: last(false),
    }));
    assert!(effects.is_empty());
    assert!(matches!(&form(&a).test, FormTest::Done(o, _) if !o.ok));
    let status = &a.status.as_ref().unwrap().text;
    assert!(
        status.contains("E0000011") && status.contains("not saved"),
        "{status}"
    );
}

#[test]
fn save_without_test_after_a_failed_test_keeps_the_failure() {
    let mut a = app();
    fill(&mut a, "sbx", "acme.okta.com", TOKEN);
    let effects = ctrl(&mut a, 't');
    let [Effect::Credentials(CredEffect::Test { req, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    a.update(Msg::Credentials(CredMsg::Tested {
        req: *req,
        report: Box::new(TestReport::default()),
        last: last(false),
    }));
    let Some(Modal::Tenant(CredModal::Form(f))) = &mut a.modal else {
        panic!("no form");
    };
    f.focus = Field::SaveNoTest;
    let effects = key(&mut a, KeyCode::Enter);
    let [Effect::Credentials(CredEffect::Save { op, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let SaveOp::Add(t) = op.as_ref() else {
        panic!("{op:?}")
    };
    // The list then says the test failed, not "never".
    assert_eq!(t.last_test, Some(last(false)));
}

#[test]
fn an_edit_makes_a_running_test_stale() {
    let mut a = app();
    fill(&mut a, "sbx", "acme.okta.com", TOKEN);
    let effects = ctrl(&mut a, 't');
    let [Effect::Credentials(CredEffect::Test { req, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    typed(&mut a, "x");
    let effects = a.update(Msg::Credentials(CredMsg::Tested {
        req: *req,
        report: Box::new(report_ok()),
        last: last(true),
    }));
    assert!(effects.is_empty());
    assert_eq!(form(&a).test, FormTest::Idle);
}

#[test]
fn validation_focuses_the_field_and_sends_nothing() {
    let mut a = app();
    fill(&mut a, "ACME-PROD", "acme.okta.com", TOKEN);
    assert!(ctrl(&mut a, 's').is_empty());
    assert_eq!(form(&a).focus, Field::Name);
    assert!(
        form(&a)
            .error
            .as_ref()
            .unwrap()
            .1
            .contains("already exists")
    );
    // A fresh form with no token (Esc asks before dropping what was typed).
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('y'));
    assert!(a.modal.is_none());
    fill(&mut a, "new", "http://acme.okta.com", "");
    assert!(ctrl(&mut a, 't').is_empty());
    assert_eq!(form(&a).focus, Field::Domain);
}

#[test]
fn paste_goes_to_the_focused_field_trimmed() {
    let mut a = app();
    fill(&mut a, "sbx", "acme.okta.com", "");
    a.update(Msg::Paste(format!("{TOKEN}\n")));
    assert_eq!(form(&a).token.0.text, TOKEN);
    assert_eq!(form(&a).token.masked().chars().count(), TOKEN.len());
}

#[test]
fn form_footer_comes_from_the_keymap() {
    let mut a = app();
    key(&mut a, KeyCode::Char('n'));
    assert_eq!(a.context(), Context::TenantForm);
    let footer = a.keymap.footer(a.context());
    let has = |k: &str| footer.iter().any(|(key, _)| key == k);
    assert!(
        has("Ctrl-t") && has("Ctrl-s") && has("Tab") && has("Esc"),
        "{footer:?}"
    );
    // Plain letters are typed, not taken by the keymap.
    typed(&mut a, "qjk");
    assert_eq!(form(&a).name.text, "qjk");
    assert!(!a.quit);
}

#[test]
fn delete_asks_first() {
    let mut a = app();
    key(&mut a, KeyCode::Char('d'));
    assert!(matches!(a.cred_modal(), Some(CredModal::ConfirmDelete(d)) if d.name == "acme-prod"));
    assert!(key(&mut a, KeyCode::Char('n')).is_empty());
    assert!(a.modal.is_none());
    key(&mut a, KeyCode::Delete);
    let effects = key(&mut a, KeyCode::Char('y'));
    let [Effect::Credentials(CredEffect::Save { op, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(**op, SaveOp::Delete("acme-prod".into()));
}

#[test]
fn damaged_file_refuses_every_change() {
    let mut a = App::new(AppInit {
        credentials: CredentialsTab::damaged_file(
            "/tmp/c.toml:3:7: expected `=` (the file was left untouched)".into(),
            Some("/tmp/c.toml".into()),
        ),
        ..Default::default()
    });
    assert!(key(&mut a, KeyCode::Char('n')).is_empty());
    assert!(a.modal.is_none());
    let status = &a.status.as_ref().unwrap().text;
    assert!(
        status.contains("damaged") && status.contains(":3:7"),
        "{status}"
    );
    // The footer does not offer what would be refused.
    let footer = a.keymap.footer_where(a.context(), |x| a.key_available(x));
    assert!(
        !footer.iter().any(|(_, l)| *l == "new" || *l == "edit"),
        "{footer:?}"
    );
}

#[test]
fn test_from_the_list_is_recorded_in_the_file() {
    let mut a = app();
    let effects = key(&mut a, KeyCode::Char('t'));
    let [Effect::Credentials(CredEffect::Test { req, tenant })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(tenant.name, "acme-prod");
    assert!(a.wants_tick(), "a spinner shows while it runs");
    let effects = a.update(Msg::Credentials(CredMsg::Tested {
        req: *req,
        report: Box::new(report_ok()),
        last: last(true),
    }));
    let [Effect::Credentials(CredEffect::Save { op, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        **op,
        SaveOp::RecordTest {
            name: "acme-prod".into(),
            last: last(true)
        }
    );
    assert!(a.credentials.reports["acme-prod"].ok);
}

#[test]
fn edit_keeps_the_secret_and_renames() {
    let mut a = app();
    key(&mut a, KeyCode::Char('e'));
    assert_eq!(form(&a).kept_secret.as_deref(), Some("••••1234"));
    key(&mut a, KeyCode::End);
    typed(&mut a, "-2");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab); // read-only
    key(&mut a, KeyCode::Char(' '));
    // Buttons: Test, Connect & Save, Save without test.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    assert_eq!(form(&a).focus, Field::SaveNoTest);
    let effects = key(&mut a, KeyCode::Enter);
    let [Effect::Credentials(CredEffect::Save { op, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let SaveOp::Edit { name, tenant } = op.as_ref() else {
        panic!("{op:?}")
    };
    assert_eq!(name, "acme-prod");
    assert_eq!(tenant.name, "acme-prod-2");
    assert!(tenant.read_only);
    assert!(same_tenant(tenant, &{
        let mut t = settings().tenants[0].clone();
        t.name = "acme-prod-2".into();
        t.read_only = true;
        t
    }));
}

#[test]
fn saving_the_open_tenant_reconnects_it() {
    let mut a = app();
    a.tenant = Some(crate::app::TenantInfo {
        name: "acme-prod".into(),
        ..Default::default()
    });
    key(&mut a, KeyCode::Char('e'));
    let f = form(&a).clone();
    let mut f2 = f.clone();
    f2.focus = Field::SaveNoTest;
    a.modal = Some(Modal::Tenant(CredModal::Form(Box::new(f2))));
    let effects = key(&mut a, KeyCode::Enter);
    let [Effect::Credentials(CredEffect::Save { req, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let effects = a.update(Msg::Credentials(CredMsg::Saved {
        req: *req,
        settings: Box::new(settings()),
        warnings: vec![],
    }));
    assert_eq!(
        effects,
        vec![Effect::Credentials(CredEffect::Reconnect(
            "acme-prod".into()
        ))]
    );
}

#[test]
fn import_opens_a_prefilled_form() {
    let mut a = app();
    let effects = key(&mut a, KeyCode::Char('i'));
    let [Effect::Credentials(CredEffect::Import { req })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let t = TenantConfig::with_token(
        "acme-prod",
        "https://acme.okta.com",
        TokenSource::Inline(SecretString::from(TOKEN.to_owned())),
    );
    a.update(Msg::Credentials(CredMsg::Imported {
        req: *req,
        result: Ok((Box::new(t), "~/.okta/okta.yaml".into())),
    }));
    let f = form(&a);
    assert_eq!(f.name.text, "acme-prod-2", "the name is made unique");
    assert_eq!(f.token.0.text, TOKEN);
    let status = a.status.as_ref().unwrap();
    assert!(status.text.contains("okta.yaml"));
    // The same org is configured already: said before it is saved twice.
    assert_eq!(status.kind, crate::app::StatusKind::Warn);
    assert!(
        status
            .text
            .contains("acme-prod already uses https://acme.okta.com"),
        "{}",
        status.text
    );
}

#[test]
fn an_imported_local_address_is_named_by_host_and_port() {
    let mut a = app();
    let effects = key(&mut a, KeyCode::Char('i'));
    let [Effect::Credentials(CredEffect::Import { req })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let t = TenantConfig::with_token(
        crate::config::ENV_TENANT,
        "http://127.0.0.1:8080",
        TokenSource::Env("OKTA_CLIENT_TOKEN".into()),
    );
    a.update(Msg::Credentials(CredMsg::Imported {
        req: *req,
        result: Ok((Box::new(t), "OKTA_CLIENT_ORGURL + OKTA_CLIENT_TOKEN".into())),
    }));
    assert_eq!(form(&a).name.text, "localhost-8080");
    assert_eq!(
        a.status.as_ref().unwrap().kind,
        crate::app::StatusKind::Info
    );
}

#[test]
fn connect_and_save_sends_a_keyring_store_and_never_the_token_inline() {
    let mut a = App::new(AppInit {
        credentials: CredentialsTab::from_settings(
            crate::config::Settings::default(),
            "/tmp/c.toml".into(),
            vec![],
        ),
        ..Default::default()
    });
    a.update(Msg::Resize(120, 40));
    let key =
        |a: &mut App, code: KeyCode| a.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    key(&mut a, KeyCode::Char('n'));
    let Some(Modal::Tenant(CredModal::Form(f))) = &mut a.modal else {
        panic!("no form");
    };
    f.keyring = Availability::Running;
    f.name = LineInput::with_text("kr");
    f.domain = LineInput::with_text("kr.okta.com");
    f.focus = Field::Source;
    // ← from inline wraps to the keyring.
    key(&mut a, KeyCode::Left);
    key(&mut a, KeyCode::Tab);
    for c in "00keyringtoken_wxyz".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let Some(Modal::Tenant(CredModal::Form(f))) = &mut a.modal else {
        panic!("no form");
    };
    assert_eq!(f.source, SourceKind::Keyring);
    f.focus = Field::SaveNoTest;
    let effects = key(&mut a, KeyCode::Enter);
    let [Effect::Credentials(CredEffect::Save { op, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let SaveOp::Add(t) = op.as_ref() else {
        panic!("{op:?}");
    };
    assert!(matches!(
        &t.auth,
        TenantAuth::Token(TokenSource::KeyringStore(s)) if s.expose_secret() == "00keyringtoken_wxyz"
    ));
    assert!(!format!("{effects:?}").contains("00keyringtoken"));

    // Without a keyring the same form is refused beside the source, and nothing is sent.
    let Some(Modal::Tenant(CredModal::Form(f))) = &mut a.modal else {
        panic!("no form");
    };
    f.saving = None;
    f.keyring = Availability::Missing(keyring::NO_SESSION.to_owned());
    f.focus = Field::SaveNoTest;
    let effects = key(&mut a, KeyCode::Enter);
    assert!(effects.is_empty(), "{effects:?}");
    let Some(Modal::Tenant(CredModal::Form(f))) = &a.modal else {
        panic!("no form");
    };
    assert_eq!(
        f.error,
        Some((Field::Source, keyring::NO_SESSION.to_owned()))
    );
}

/// The keyring probe a key press asked for, if any.
fn probe_asked(effects: &[Effect]) -> Option<ReqId> {
    effects.iter().find_map(|e| match e {
        Effect::ProbeKeyring(p) => Some(p.req),
        _ => None,
    })
}

fn keyring_answer(a: &mut App, req: ReqId, found: Availability) -> Vec<Effect> {
    a.update(Msg::Credentials(CredMsg::Keyring { req, found }))
}

#[test]
fn opening_a_form_asks_the_runtime_for_the_keyring_and_the_answer_reaches_the_form() {
    let mut a = app();
    let req = probe_asked(&key(&mut a, KeyCode::Char('n'))).expect("a probe is asked for");
    assert_eq!(form(&a).keyring, Availability::Checking);
    a.take_dirty();
    assert!(keyring_answer(&mut a, req, Availability::Running).is_empty());
    assert_eq!(form(&a).keyring, Availability::Running);
    assert!(a.take_dirty(), "the form shows the answer");
    // Known to run: the next form starts with it and asks nothing.
    key(&mut a, KeyCode::Esc);
    let effects = key(&mut a, KeyCode::Char('e'));
    assert_eq!(probe_asked(&effects), None, "{effects:?}");
    assert_eq!(form(&a).keyring, Availability::Running);
}

#[test]
fn a_missing_keyring_is_looked_for_again_at_the_next_form_and_a_stale_answer_is_dropped() {
    let mut a = app();
    let first = probe_asked(&key(&mut a, KeyCode::Char('n'))).expect("probe");
    let missing = Availability::Missing(keyring::NO_SESSION.to_owned());
    keyring_answer(&mut a, first, missing.clone());
    assert_eq!(form(&a).keyring, missing);
    key(&mut a, KeyCode::Esc);
    // The next form shows what is known while it looks again.
    let second = probe_asked(&key(&mut a, KeyCode::Char('n'))).expect("looked for again");
    assert_ne!(first, second);
    assert_eq!(form(&a).keyring, missing);
    // An answer to the earlier probe changes nothing.
    a.take_dirty();
    keyring_answer(&mut a, first, Availability::Running);
    assert_eq!(form(&a).keyring, missing);
    assert!(!a.take_dirty());
    keyring_answer(&mut a, second, Availability::Running);
    assert_eq!(form(&a).keyring, Availability::Running);
    assert_eq!(a.credentials.keyring, Some(Availability::Running));
}

#[test]
fn an_import_opens_its_form_with_a_keyring_probe_and_a_hint_from_the_key_table() {
    let mut keys = std::collections::BTreeMap::new();
    keys.insert("form_save".to_owned(), "ctrl-w".to_owned());
    let mut a = App::new(AppInit {
        credentials: CredentialsTab::from_settings(settings(), "/tmp/c.toml".into(), vec![]),
        keys,
        ..Default::default()
    });
    a.update(Msg::Resize(120, 40));
    let [Effect::Credentials(CredEffect::Import { req })] = key(&mut a, KeyCode::Char('i'))[..]
    else {
        panic!("no import");
    };
    let t = TenantConfig::with_token(
        "sbx",
        "https://sbx.okta.com",
        TokenSource::Inline(SecretString::from(TOKEN.to_owned())),
    );
    let effects = a.update(Msg::Credentials(CredMsg::Imported {
        req,
        result: Ok((Box::new(t), "~/.okta/okta.yaml".into())),
    }));
    assert!(probe_asked(&effects).is_some(), "{effects:?}");
    let status = &a.status.as_ref().unwrap().text;
    assert!(status.contains("then Ctrl-w tests and saves"), "{status}");
}

/// Every Credentials key remapped: the new keys work, the old ones do nothing.
#[test]
fn remapped_credentials_keys_work_and_the_old_ones_do_nothing() {
    let mut keys = std::collections::BTreeMap::new();
    for (action, key) in [
        ("tenant_new", "N"),
        ("tenant_delete", "X"),
        ("tenant_delete_confirm", "ctrl-y"),
        ("tenant_delete_keep", "ctrl-n"),
        ("form_discard", "ctrl-d"),
        ("form_choice_next", "ctrl-l"),
        ("form_press", "ctrl-p"),
        ("form_cancel", "ctrl-q"),
        ("form_next", "ctrl-j"),
    ] {
        keys.insert(action.to_owned(), key.to_owned());
    }
    let mut a = App::new(AppInit {
        credentials: CredentialsTab::from_settings(settings(), "/tmp/c.toml".into(), vec![]),
        keys,
        ..Default::default()
    });
    a.update(Msg::Resize(120, 40));
    assert!(
        a.credentials.warnings.is_empty(),
        "{:?}",
        a.credentials.warnings
    );
    // Delete: the old keys neither open nor answer the dialog.
    key(&mut a, KeyCode::Char('d'));
    key(&mut a, KeyCode::Delete);
    assert!(a.modal.is_none());
    key(&mut a, KeyCode::Char('X'));
    assert!(matches!(a.cred_modal(), Some(CredModal::ConfirmDelete(_))));
    assert!(key(&mut a, KeyCode::Char('y')).is_empty());
    key(&mut a, KeyCode::Char('n'));
    assert!(a.modal.is_some(), "n no longer keeps");
    ctrl(&mut a, 'n');
    assert!(a.modal.is_none());
    key(&mut a, KeyCode::Char('X'));
    let effects = ctrl(&mut a, 'y');
    assert!(matches!(
        effects.as_slice(),
        [Effect::Credentials(CredEffect::Save { .. })]
    ));
    // The form: `n` no longer opens it, `N` does.
    key(&mut a, KeyCode::Char('n'));
    assert!(a.modal.is_none());
    key(&mut a, KeyCode::Char('N'));
    // Esc and Ctrl-C no longer cancel, Tab and Enter no longer move on; Ctrl-J does.
    key(&mut a, KeyCode::Esc);
    ctrl(&mut a, 'c');
    assert!(a.modal.is_some());
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter);
    assert_eq!(form(&a).focus, Field::Name);
    typed(&mut a, "x");
    ctrl(&mut a, 'j');
    assert_eq!(form(&a).focus, Field::Auth);
    key(&mut a, KeyCode::Char(' '));
    assert_eq!(form(&a).auth, AuthKind::Token);
    ctrl(&mut a, 'l');
    assert_eq!(form(&a).auth, AuthKind::OAuth);
    // Discarding: `y` goes back to the form, Ctrl-D discards.
    ctrl(&mut a, 'q');
    assert!(form(&a).confirm_discard);
    key(&mut a, KeyCode::Char('y'));
    assert!(!form(&a).confirm_discard, "y went back to the form");
    ctrl(&mut a, 'q');
    ctrl(&mut a, 'd');
    assert!(a.modal.is_none());
    // A button: Enter no longer presses Cancel, Ctrl-P does.
    key(&mut a, KeyCode::Char('N'));
    key(&mut a, KeyCode::BackTab);
    assert_eq!(form(&a).focus, Field::Cancel);
    key(&mut a, KeyCode::Enter);
    assert!(a.modal.is_some());
    ctrl(&mut a, 'p');
    assert!(a.modal.is_none());
}
