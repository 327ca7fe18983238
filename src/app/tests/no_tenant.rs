//! The console with no tenant: the Users tab says where to get one, and `s` says why it
//! does nothing.

use super::super::test_support::{ch, status_text};
use super::super::*;
use super::drawn_rows;

/// Without a tenant the console opens on Credentials; `1` goes to Users.
fn no_tenant_users_tab() -> App {
    let mut a = App::new(AppInit {
        width: 80,
        height: 24,
        ..Default::default()
    });
    ch(&mut a, '1');
    a
}

#[test]
fn the_users_tab_with_no_tenant_points_to_credentials() {
    let a = no_tenant_users_tab();
    assert_eq!(a.tab, Tab::Users);
    let screen = drawn_rows(&a).join("\n");
    assert!(
        screen.contains("no tenant yet: 3 opens Credentials"),
        "{screen}"
    );
}

#[test]
fn search_with_no_tenant_says_why_nothing_happens() {
    let mut a = no_tenant_users_tab();
    ch(&mut a, 's');
    assert!(a.modal.is_none());
    assert!(
        status_text(&a).contains("no tenant to search: 3 opens Credentials"),
        "{}",
        status_text(&a)
    );
}
