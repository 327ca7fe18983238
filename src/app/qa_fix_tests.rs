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
    assert!(matches!(&a.modal, Some(Modal::Help(h)) if h.scroll == 0));
    let max = a.help_max_scroll();
    assert!(max > 0, "at 120x36 the help is longer than the screen");
    key(&mut a, 'j');
    assert!(matches!(&a.modal, Some(Modal::Help(h)) if h.scroll == 1));
    // Scrolling stops at the end, so `k` moves right away after many `j`s.
    for _ in 0..200 {
        key(&mut a, 'j');
    }
    key(&mut a, 'k');
    assert!(matches!(&a.modal, Some(Modal::Help(h)) if h.scroll == max - 1));
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
    assert!(!a.key_available(keymap::Action::TenantEdit));
    assert!(!a.key_available(keymap::Action::TenantDelete));
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
    assert!(matches!(&a.modal, Some(Modal::StatusPick(p)) if p.selected == 0));
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
    assert!(matches!(&a.modal, Some(Modal::StatusPick(p)) if p.selected == suspended));
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

// ------------------------------------------------------------------ Credentials clicks

/// `n` configured tenants named `t00`, `t01`, … with a config path, a notice and a warning
/// above the list (the lines that used to shift clicks one row down).
fn tenants_app(n: usize, width: u16, height: u16) -> App {
    use crate::config::{Settings, TenantConfig, TokenSource};
    let mut s = Settings::default();
    for i in 0..n {
        s.tenants.push(TenantConfig::with_token(
            &format!("t{i:02}"),
            &format!("https://t{i:02}.okta.com"),
            TokenSource::Inline(secrecy::SecretString::from(format!("00token_{i:04}"))),
        ));
    }
    let mut credentials =
        CredentialsTab::from_settings(s, "/tmp/c.toml".into(), vec!["unknown key `colour`".into()]);
    credentials.notice = Some("saved t00".into());
    let mut a = App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "t00".into(),
            domain: "https://t00.okta.com".into(),
            read_only: false,
            color: None,
        }),
        credentials,
        mouse: true,
        width,
        height,
        ..Default::default()
    });
    a.tab = Tab::Credentials;
    a
}

/// The screen as drawn, one string per row.
fn drawn_rows(a: &App) -> Vec<String> {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut term = Terminal::new(TestBackend::new(a.width, a.height)).expect("terminal");
    term.draw(|f| crate::ui::draw(f, a)).expect("draw");
    let buf = term.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// The screen row the tenant `name`'s list row is drawn on.
fn row_of(a: &App, name: &str) -> u16 {
    let rows = drawn_rows(a);
    let at = rows
        .iter()
        .position(|l| {
            // A list row: the active mark or two spaces, then the name in its column.
            l.starts_with(&format!("● {name} ")) || l.starts_with(&format!("  {name} "))
        })
        .unwrap_or_else(|| panic!("{name} not drawn:\n{}", rows.join("\n")));
    at as u16
}

fn left_click(a: &mut App, row: u16) -> Vec<Effect> {
    a.update(Msg::Mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: 10,
        row,
        modifiers: crossterm::event::KeyModifiers::NONE,
    }))
}

fn selected_name(a: &App) -> String {
    a.credentials
        .selected_row()
        .map(|r| r.name.clone())
        .unwrap_or_default()
}

/// QA: a click on the Credentials tab selected the tenant below the one clicked (the notice,
/// config path and warning lines above the list were not counted).
#[test]
fn clicking_a_tenant_selects_the_row_drawn_under_the_pointer() {
    let mut a = tenants_app(5, 120, 36);
    for name in ["t02", "t00", "t04", "t01"] {
        let row = row_of(&a, name);
        left_click(&mut a, row);
        assert_eq!(selected_name(&a), name, "clicked screen row {row}");
    }
    // The column titles and the notices above select nothing.
    let titles = row_of(&a, "t00") - 1;
    left_click(&mut a, titles);
    assert_eq!(selected_name(&a), "t01");
}

/// The list is shorter than the body (the selected tenant's panel sits below it): after
/// scrolling, a click still picks the tenant drawn there.
#[test]
fn clicking_a_tenant_after_scrolling_a_long_list() {
    let mut a = tenants_app(30, 100, 24);
    for _ in 0..20 {
        code(&mut a, KeyCode::Down);
    }
    assert_eq!(selected_name(&a), "t20");
    let drawn = drawn_rows(&a);
    assert!(
        !drawn.iter().any(|l| l.starts_with("  t00 ")),
        "scrolled: {}",
        drawn.join("\n")
    );
    let first = layout::tenant_list(&a.credentials, a.width, a.height);
    let target = format!("t{:02}", first.offset + 1);
    let row = row_of(&a, &target);
    left_click(&mut a, row);
    assert_eq!(selected_name(&a), target);
    // Clicking moves nothing: the row under the pointer stays the same tenant.
    assert_eq!(row_of(&a, &target), row);
}

/// A damaged file's error is shown whole, wrapped on a narrow screen; the rows below it (the
/// session's demo tenant) still take clicks where they are drawn.
#[test]
fn wrapped_damaged_file_error_keeps_clicks_on_their_rows() {
    let mut credentials = CredentialsTab::damaged_file(
        format!(
            "/home/admin/{}/config.toml:4:10: expected a value",
            "deep/".repeat(12)
        ),
        Some("/home/admin/config.toml".into()),
    );
    for name in ["demo", "other"] {
        credentials.tenants.push(TenantRow {
            name: name.into(),
            domain: "http://127.0.0.1:9".into(),
            auth_label: "API token (sandbox)".into(),
            read_only: false,
        });
    }
    let mut a = App::new(AppInit {
        credentials,
        mouse: true,
        width: 80,
        height: 30,
        ..Default::default()
    });
    a.tab = Tab::Credentials;
    let drawn = drawn_rows(&a).join("\n");
    assert!(drawn.contains("config.toml:4:10"), "{drawn}");
    let row = row_of(&a, "other");
    left_click(&mut a, row);
    assert_eq!(selected_name(&a), "other");
    let row = row_of(&a, "demo");
    left_click(&mut a, row);
    assert_eq!(selected_name(&a), "demo");
}

/// The wheel moves through a long tenant list, and a page is the rows the list shows.
#[test]
fn wheel_and_page_keys_move_through_the_tenant_list() {
    let mut a = tenants_app(30, 100, 24);
    let wheel = |a: &mut App, kind| {
        a.update(Msg::Mouse(crossterm::event::MouseEvent {
            kind,
            column: 10,
            row: 8,
            modifiers: crossterm::event::KeyModifiers::NONE,
        }))
    };
    wheel(&mut a, crossterm::event::MouseEventKind::ScrollDown);
    assert_eq!(selected_name(&a), "t03");
    wheel(&mut a, crossterm::event::MouseEventKind::ScrollUp);
    assert_eq!(selected_name(&a), "t00");
    let shown = layout::tenant_list(&a.credentials, a.width, a.height).rows;
    assert!(shown > 1 && shown < 30, "{shown}");
    code(&mut a, KeyCode::PageDown);
    assert_eq!(selected_name(&a), format!("t{shown:02}"));
    // The selected tenant is drawn.
    row_of(&a, &format!("t{shown:02}"));
}
