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
