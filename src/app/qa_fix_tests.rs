//! Reducer tests for problems QA found in the console (filter reach, help, credentials list,
//! small prompts). Each fails without its fix.

use crossterm::event::KeyCode;

use super::test_support::{acme_app, code, key, row, typed, with_loaded_rows};
use super::*;
use crate::okta::{UserRow, UserStatus};

fn app(width: u16, height: u16) -> App {
    acme_app(width, height, true, false)
}

fn person(i: usize, login: &str, first: &str, last: &str) -> UserRow {
    let mut r = row(i, first, UserStatus::Active);
    r.login = format!("{login}@example.com").into();
    r.email = r.login.clone();
    r.last_name = last.into();
    r
}

/// An app with these users loaded, all in one page.
fn with_users(rows: Vec<UserRow>) -> App {
    with_loaded_rows(app(120, 36), rows)
}

#[test]
fn fuzzy_filter_matches_within_one_field_and_tightly() {
    let mut a = with_users(vec![
        person(1, "alice.wang2204", "Alice", "Wang"),
        person(2, "olga.petrova", "Olga", "Petrova"),
        person(3, "oliver.lang", "Oliver", "Lang"),
        person(4, "bob.olgaard", "Bob", "Olgaard"),
        person(5, "o123l456g7a", "Oscar", "Lee"),
    ]);
    key(&mut a, '/');
    typed(&mut a, "olga");
    let logins: Vec<String> = (0..a.users.list.visible_len())
        .filter_map(|i| a.users.list.row_at(i).map(|u| u.login.to_string()))
        .collect();
    assert_eq!(
        logins,
        ["olga.petrova@example.com", "bob.olgaard@example.com"],
        "cross-field and scattered matches are out"
    );
    // `!x` and `'x` keep working.
    code(&mut a, KeyCode::Esc);
    key(&mut a, '/');
    typed(&mut a, "!olga");
    assert_eq!(a.users.list.visible_len(), 3);
    code(&mut a, KeyCode::Esc);
    key(&mut a, '/');
    typed(&mut a, "'wang22");
    assert_eq!(a.users.list.visible_len(), 1);
}

#[test]
fn help_scrolls_and_only_esc_q_or_question_close_it() {
    let mut a = app(120, 36);
    key(&mut a, '?');
    assert!(matches!(a.modal, Some(Modal::Help { scroll: 0 })));
    let max = a.help_max_scroll();
    assert!(max > 0, "at 120x36 the help is longer than the screen");
    key(&mut a, 'j');
    assert!(matches!(a.modal, Some(Modal::Help { scroll: 1 })));
    // Scrolling stops at the end, so `k` moves right away after many `j`s.
    for _ in 0..200 {
        key(&mut a, 'j');
    }
    key(&mut a, 'k');
    assert!(matches!(a.modal, Some(Modal::Help { scroll }) if scroll == max - 1));
    // A stray key does not close it.
    key(&mut a, 'x');
    code(&mut a, KeyCode::Enter);
    assert!(a.modal.is_some());
    code(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none());
    key(&mut a, '?');
    key(&mut a, 'q');
    assert!(a.modal.is_none());
}

/// The Credentials tab of a `--demo` run with one configured tenant: the file's `sandbox`
/// plus the session's `demo` (not in the file).
fn demo_with_config() -> App {
    use crate::config::{Settings, TenantConfig, TokenSource};
    let mut s = Settings::default();
    s.tenants.push(TenantConfig::with_token(
        "sandbox",
        "https://sandbox.okta.com",
        TokenSource::Inline(secrecy::SecretString::from("00tokenvalue_1234".to_owned())),
    ));
    let mut credentials = CredentialsTab::from_settings(s, "/tmp/c.toml".into(), vec![]);
    credentials.tenants.push(TenantRow {
        name: "demo".into(),
        domain: "http://127.0.0.1:9".into(),
        auth_label: "API token (sandbox)".into(),
        read_only: false,
    });
    App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "demo".into(),
            domain: "http://127.0.0.1:9".into(),
            read_only: false,
            color: None,
        }),
        credentials,
        width: 120,
        height: 36,
        ..Default::default()
    })
}

fn command(a: &mut App, line: &str) -> Vec<Effect> {
    key(a, ':');
    typed(a, line);
    code(a, KeyCode::Enter)
}

#[test]
fn session_tenant_stays_listed_and_switching_back_is_asked_for() {
    let mut a = demo_with_config();
    let names = |a: &App| -> Vec<String> {
        a.credentials
            .tenants
            .iter()
            .map(|t| t.name.clone())
            .collect()
    };
    assert_eq!(names(&a), ["sandbox", "demo"]);
    let effects = command(&mut a, "tenant sandbox");
    assert!(matches!(effects.as_slice(), [Effect::SwitchTenant(n)] if n == "sandbox"));
    a.update(Msg::TenantReady(TenantInfo {
        name: "sandbox".into(),
        domain: "https://sandbox.okta.com".into(),
        read_only: false,
        color: None,
    }));
    assert_eq!(names(&a), ["sandbox", "demo"], "the demo row stays");
    assert_eq!(a.tenant.as_ref().map(|t| t.name.as_str()), Some("sandbox"));
    let effects = command(&mut a, "tenant demo");
    assert!(matches!(effects.as_slice(), [Effect::SwitchTenant(n)] if n == "demo"));
    // The demo row is not the file's: it cannot be edited or deleted.
    a.credentials.selected = 1;
    assert_eq!(
        a.credentials_key_available(keymap::Action::TenantEdit),
        Some(false)
    );
    assert_eq!(
        a.credentials_key_available(keymap::Action::TenantDelete),
        Some(false)
    );
}

#[test]
fn tenant_command_for_the_current_tenant_only_says_so() {
    let mut a = demo_with_config();
    let effects = command(&mut a, "tenant demo");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(a.modal.is_none(), "no dialog to swallow the next key");
    assert!(
        a.status
            .as_ref()
            .is_some_and(|s| s.text.contains("already connected to demo"))
    );
}

#[test]
fn status_menu_starts_on_the_active_status_filter() {
    let mut a = app(120, 36);
    a.start();
    key(&mut a, 'f');
    assert!(matches!(a.modal, Some(Modal::StatusPick { selected: 0 })));
    let suspended = modal::status_choices()
        .iter()
        .position(|c| *c == Some(UserStatus::Suspended))
        .unwrap();
    // Pick SUSPENDED, then open the menu again: it starts there.
    for _ in 0..suspended {
        key(&mut a, 'j');
    }
    code(&mut a, KeyCode::Enter);
    assert_eq!(a.users.query_label.as_deref(), Some("status SUSPENDED"));
    key(&mut a, 'f');
    assert!(matches!(a.modal, Some(Modal::StatusPick { selected }) if selected == suspended));
}

#[test]
fn group_member_counts_have_thousands_separators() {
    let g = crate::okta::Group {
        id: "00g1".into(),
        group_type: crate::okta::GroupType::OktaGroup,
        name: "Everyone".into(),
        description: "".into(),
        created: None,
        last_updated: None,
        last_membership_updated: None,
        users_count: Some(100_000),
        apps_count: None,
    };
    assert_eq!(groups::group_cell(&g, 2), "100,000");
}

#[test]
fn esc_in_the_tenant_form_asks_before_discarding_typed_input() {
    let mut a = demo_with_config();
    a.tab = Tab::Credentials;
    key(&mut a, 'n');
    assert!(a.modal.is_some());
    // Nothing typed: Esc just closes.
    code(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none());
    key(&mut a, 'n');
    typed(&mut a, "newtenant");
    code(&mut a, KeyCode::Esc);
    let form = |a: &App| match &a.modal {
        Some(Modal::Tenant(CredModal::Form(f))) => Some(f.clone()),
        _ => None,
    };
    assert!(form(&a).is_some_and(|f| f.confirm_discard), "asks first");
    // Any other key goes back to the form, with the text kept.
    key(&mut a, 'n');
    let f = form(&a).expect("still open");
    assert!(!f.confirm_discard);
    assert_eq!(f.name.text, "newtenant");
    code(&mut a, KeyCode::Esc);
    key(&mut a, 'y');
    assert!(a.modal.is_none(), "y discards");
}
