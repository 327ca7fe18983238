//! The help page.

use super::*;

#[test]
fn help_scrolls_and_only_esc_q_or_question_close_it() {
    let mut a = sized_app(120, 36);
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

#[test]
fn help_lists_the_write_keys_a_read_only_tenant_refuses_and_says_why() {
    let mut a = acme_app(160, 48, false, true);
    a = with_loaded_rows(a, vec![row(1, "Ann", crate::okta::UserStatus::Active)]);
    key(&mut a, '?');
    let screen = super::screen_text(&a);
    assert!(screen.contains("suspend (read-only tenant)"), "{screen}");
}

#[test]
fn help_greys_out_what_the_users_status_does_not_allow() {
    let mut a = acme_app(160, 48, false, false);
    a = with_loaded_rows(a, vec![row(1, "Ann", crate::okta::UserStatus::Suspended)]);
    key(&mut a, '?');
    let screen = super::screen_text(&a);
    assert!(
        screen.contains("suspend (not for this user's status)"),
        "{screen}"
    );
}
