//! The raw view (`v`): escape and control characters a record holds are written out, never
//! sent to the terminal; wide lines scroll sideways.

use super::*;

/// A user's detail at 80×24 whose GET answered with a first name holding an escape sequence.
fn detail_with_escape() -> App {
    let (mut a, _) = loaded_small(3, false);
    let effects = code(&mut a, KeyCode::Enter);
    let req = match effects.as_slice() {
        [Effect::LoadUserDetail { req, .. }] => *req,
        other => panic!("unexpected {other:?}"),
    };
    let r = a.users.list.rows[0].clone();
    let mut response = response(200);
    response.raw_text = Some(
        "{\n  \"profile\": {\n    \"firstName\": \"Al\\u001b[31mice\",\n    \"costCenter\": \
\"a very long value that runs past the right edge of an eighty column terminal, to be read sideways END\"\n  }\n}"
            .to_owned(),
    );
    a.update(Msg::Detail {
        req,
        part: DetailPart::User(Ok(Fetched {
            value: full_user(&r),
            response,
        })),
    });
    a
}

#[test]
fn the_raw_view_shows_escapes_written_out_and_copies_them_so() {
    let mut a = detail_with_escape();
    key(&mut a, 'v');
    let screen = drawn_rows(&a).join("\n");
    assert!(screen.contains(r#""Al\u001b[31mice""#), "{screen}");
    assert!(!screen.contains('\u{1b}'), "{screen:?}");
    let effects = key(&mut a, 'y');
    match effects.as_slice() {
        [Effect::Copy { text, .. }] => {
            assert!(text.contains(r#"Al\u001b[31mice"#), "{text}");
            assert!(!text.contains('\u{1b}'));
        }
        other => panic!("expected a copy, got {other:?}"),
    }
}

#[test]
fn the_raw_view_scrolls_sideways_with_l_and_h() {
    let mut a = detail_with_escape();
    key(&mut a, 'v');
    let screen = drawn_rows(&a).join("\n");
    assert!(!screen.contains("sideways END"), "{screen}");
    for _ in 0..10 {
        key(&mut a, 'l');
    }
    let screen = drawn_rows(&a).join("\n");
    assert!(screen.contains("sideways END"), "{screen}");
    // No further than the widest line needs.
    let Some(Screen::User(d)) = a.stack.last() else {
        panic!("no detail")
    };
    let column = d.raw.as_ref().map(|r| r.column).unwrap_or_default();
    key(&mut a, 'l');
    let Some(Screen::User(d)) = a.stack.last() else {
        panic!("no detail")
    };
    assert_eq!(d.raw.as_ref().map(|r| r.column), Some(column));
    code(&mut a, KeyCode::Left);
    for _ in 0..20 {
        key(&mut a, 'h');
    }
    let screen = drawn_rows(&a).join("\n");
    assert!(screen.contains("\"profile\""), "{screen}");
    assert!(!screen.contains("from column"), "{screen}");
}
