//! Moving through the lists with keys, the wheel and clicks.

use super::*;

#[test]
fn navigation_moves_and_scrolls() {
    let (mut a, _) = loaded_small(500, false);
    let (_, rows) = layout::table_rows(24);
    key(&mut a, 'j');
    key(&mut a, 'j');
    assert_eq!(a.users.list.selected, 2);
    key(&mut a, 'k');
    assert_eq!(a.users.list.selected, 1);
    key(&mut a, 'G');
    assert_eq!(a.users.list.selected, 499);
    assert_eq!(a.users.list.offset, 500 - rows);
    key(&mut a, 'g');
    assert_eq!((a.users.list.selected, a.users.list.offset), (0, 0));
    code(&mut a, KeyCode::PageDown);
    assert_eq!(a.users.list.selected, rows);
    assert!(a.users.list.offset > 0);
    key(&mut a, 'k');
    key(&mut a, 'k');
    assert!(a.users.list.selected >= a.users.list.offset);
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let (mut a, _) = loaded_small(300, false);
    let (top, _) = layout::table_rows(24);
    let click = |row| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 5,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    a.update(click(top + 4));
    assert_eq!(a.users.list.selected, 4);
    // Clicking the selected row opens it.
    let effects = a.update(click(top + 4));
    assert!(matches!(
        effects.as_slice(),
        [Effect::LoadUserDetail { .. }]
    ));
    code(&mut a, KeyCode::Esc);
    a.update(Msg::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: top + 2,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(a.users.list.offset, 3);
    assert!(a.users.list.selected >= 3);
    // With capture off, mouse events do nothing.
    a.mouse = false;
    let before = a.users.list.selected;
    a.update(click(top + 10));
    assert_eq!(a.users.list.selected, before);
}
