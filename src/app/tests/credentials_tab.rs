//! The Credentials tab's list: the session's tenant, clicks and the wheel on the rows
//! drawn, the tenant form's discard question, Test Connect's readable failure.

use super::*;

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

#[test]
fn test_connect_failure_detail_is_readable() {
    use crate::okta::test_connect::{Failure, FailureKind, TestReport};
    let report = TestReport {
        failure: Some(Failure {
            kind: FailureKind::Dns,
            message: "no such host".into(),
        }),
        ..Default::default()
    };
    let outcome = crate::app::credentials::TestOutcome::from_report(&report);
    assert!(
        outcome
            .details
            .iter()
            .any(|(k, v)| k == "Failure" && v == "DNS lookup failed"),
        "{:?}",
        outcome.details
    );
}

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

/// A click on the Credentials tab selected the tenant below the one clicked (the notice,
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

/// The token error dialog's Credentials key lands on the tenant whose token failed, so `t`
/// tests that one and not the first in the list.
#[test]
fn the_token_error_dialog_focuses_the_failing_tenant() {
    let mut a = tenants_app(4, 120, 36);
    a.tenant = Some(TenantInfo {
        name: "t02".into(),
        domain: "https://t02.okta.com".into(),
        read_only: false,
        color: None,
    });
    a.tab = Tab::Users;
    assert_eq!(selected_name(&a), "t00");
    a.modal = Some(Modal::Error(ErrorInfo::from_okta(
        "loading users",
        &api_error(401, "E0000011"),
    )));
    key(&mut a, '3');
    assert!(a.modal.is_none());
    assert_eq!(a.tab, Tab::Credentials);
    assert_eq!(selected_name(&a), "t02");
}
