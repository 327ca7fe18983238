//! The status line wraps a long message onto up to three rows, taken from the body, and
//! says which key shows the rest of a longer one; what it says stays where it arose.

use super::*;

const POLICY: &str = "updating alice@example.com: HTTP 400 E0000001 Api validation failed: password; \
Password requirements were not met. Password requirements: at least 8 characters, a lowercase \
letter, an uppercase letter, no parts of your username.";

/// The status rows as drawn: the rows between the body and the footer that hold text.
fn drawn_status(a: &App) -> Vec<String> {
    let rows = drawn_rows(a);
    let n = a.status_height() as usize;
    rows[rows.len() - 1 - n..rows.len() - 1]
        .iter()
        .map(|r| r.trim_end().to_owned())
        .collect()
}

#[test]
fn a_long_message_wraps_whole_onto_more_rows_at_80_columns() {
    let (mut a, _) = loaded_small(40, false);
    let (_, rows_before) = a.focused_rows();
    a.warn(POLICY.to_owned());
    assert_eq!(a.status_height(), 3);
    let shown = drawn_status(&a);
    assert_eq!(shown.len(), 3);
    // Every word is on screen, in order, and no row is cut.
    assert_eq!(shown.join(" "), POLICY);
    assert!(shown.iter().all(|r| width_of(r) <= 80), "{shown:#?}");
    // The body gave up the two rows, for paging too.
    let (_, rows_after) = a.focused_rows();
    assert_eq!(rows_after, rows_before - 2);
}

#[test]
fn a_message_longer_than_three_rows_ends_with_the_key_that_shows_all() {
    let (mut a, _) = loaded_small(5, false);
    let long = format!("{POLICY} {POLICY}");
    a.warn(long);
    let shown = drawn_status(&a);
    assert_eq!(shown.len(), 3);
    assert!(shown[2].ends_with("… ! shows all"), "{shown:#?}");
    key(&mut a, '!');
    let screen = drawn_rows(&a).join("\n");
    assert!(screen.contains("no parts of your"), "{screen}");
}

#[test]
fn at_200_columns_the_dropped_write_warning_reads_on_one_row() {
    let mut a = sized_app(200, 40);
    let text = "suspend of alice@example.com: the connection dropped after the request was sent, \
so it may or may not have been applied: check before trying again (open the user, r refreshes)";
    a.warn(text.to_owned());
    assert_eq!(a.status_height(), 1);
    assert_eq!(drawn_status(&a), vec![text.to_owned()]);
}

#[test]
fn the_focused_row_stays_on_screen_when_the_status_line_grows() {
    let (mut a, req) = loaded_small(40, false);
    let (_, rows) = a.focused_rows();
    for _ in 0..rows - 1 {
        key(&mut a, 'j');
    }
    assert_eq!(a.users.list.offset, 0);
    // A message arrives with the next key (here: a refused search).
    a.update(Msg::PageFailed {
        req,
        slot: Slot::Users,
        error: OktaError::Api {
            status: 400,
            code: Some("E0000031".into()),
            summary: POLICY.into(),
            causes: vec![],
            request_id: None,
            www_authenticate: None,
        },
    });
    assert_eq!(a.status_height(), 3);
    let (_, rows) = a.focused_rows();
    let l = &a.users.list;
    assert!(
        l.selected < l.offset + rows,
        "{} {} {rows}",
        l.selected,
        l.offset
    );
    let screen = drawn_rows(&a).join("\n");
    let login = l
        .selected_row()
        .map(|r| r.login().to_string())
        .unwrap_or_default();
    assert!(screen.contains(&login), "{login} not in {screen}");
}

#[test]
fn back_to_all_users_stays_with_the_list_not_the_detail() {
    let (mut a, _) = loaded_small(5, false);
    key(&mut a, 's');
    typed(&mut a, "ali");
    let effects = code(&mut a, KeyCode::Enter);
    a.update(page(users_req(&effects), mixed_rows(1, 0), false));
    code(&mut a, KeyCode::Esc);
    assert!(status_text(&a).contains("back to all 5 users"));
    code(&mut a, KeyCode::Enter);
    assert!(matches!(a.stack.last(), Some(Screen::User(_))));
    assert_eq!(status_text(&a), "");
}

#[test]
fn clearing_a_group_search_goes_back_to_the_kept_groups() {
    let (mut a, _) = loaded_small(5, false);
    let effects = key(&mut a, '2');
    let req = match effects.as_slice() {
        [Effect::LoadGroups { req, .. }] => *req,
        other => panic!("unexpected {other:?}"),
    };
    a.update(Msg::Page {
        req,
        slot: Slot::Groups,
        items: PageItems::Groups(vec![group(1, "Eng"), group(2, "Ops"), group(3, "Sales")]),
        more: false,
    });
    key(&mut a, 's');
    typed(&mut a, "En");
    let effects = code(&mut a, KeyCode::Enter);
    let req = match effects.as_slice() {
        [Effect::LoadGroups { req, query }] if *query != Default::default() => *req,
        other => panic!("unexpected {other:?}"),
    };
    a.update(Msg::Page {
        req,
        slot: Slot::Groups,
        items: PageItems::Groups(vec![group(1, "Eng")]),
        more: false,
    });
    assert_eq!(a.groups.list.rows.len(), 1);
    // Esc: the three groups again, with no request.
    let effects = code(&mut a, KeyCode::Esc);
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(a.groups.list.rows.len(), 3);
    assert!(a.groups.query_label.is_none());
    assert!(
        status_text(&a).contains("back to all 3 groups"),
        "{}",
        status_text(&a)
    );
    // `r` lists them again when asked.
    let effects = key(&mut a, 'r');
    assert!(
        matches!(effects.as_slice(), [Effect::LoadGroups { .. }]),
        "{effects:?}"
    );
}

fn width_of(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[test]
fn under_a_tall_dialog_the_status_line_keeps_to_one_row() {
    let (mut a, _) = loaded_small(5, false);
    a.warn(POLICY.to_owned());
    assert_eq!(a.status_height(), 3);
    // A small dialog leaves the rows.
    key(&mut a, ':');
    assert_eq!(a.status_height(), 3);
    code(&mut a, KeyCode::Esc);
    // The journal fills the screen but for one status row.
    let effects = command(&mut a, "journal");
    assert!(!effects.is_empty());
    assert_eq!(a.status_height(), 1);
    let shown = drawn_status(&a);
    assert!(shown[0].ends_with('…'), "{shown:?}");
    code(&mut a, KeyCode::Esc);
    assert_eq!(a.status_height(), 3);
}
