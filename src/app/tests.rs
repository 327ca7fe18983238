//! Reducer tests: feed `Msg`s, check the model and the returned `Effect`s. No I/O anywhere.

mod bulk;
mod create;
mod membership;
mod write_keys;
mod writes;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::test_support::{acme_app, code, key, page, row, stream_users, typed, users_req};
use super::*;
use crate::okta::{ApiResponse, Fetched, Group, GroupType, OktaError, User, UserRow, UserStatus};

fn names(n: usize, offset: usize) -> Vec<UserRow> {
    const FIRST: [&str; 5] = ["Alice", "Bob", "Carol", "Dmitri", "Erin"];
    (0..n)
        .map(|i| {
            let k = i + offset;
            let status = if k % 7 == 3 {
                UserStatus::Suspended
            } else {
                UserStatus::Active
            };
            row(k, FIRST[k % FIRST.len()], status)
        })
        .collect()
}

fn response(status: u16) -> ApiResponse {
    ApiResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: serde_json::Value::Null,
        request_id: Some("req-1".into()),
    }
}

fn group(i: usize, name: &str) -> Group {
    Group {
        id: format!("00g{i:05}").into(),
        group_type: GroupType::OktaGroup,
        name: name.into(),
        description: format!("{name} team").into(),
        created: None,
        last_updated: None,
        last_membership_updated: None,
        users_count: Some(3),
        apps_count: None,
    }
}

fn app() -> App {
    acme_app(80, 24, true, false)
}

fn api_error(status: u16, code: &str) -> OktaError {
    OktaError::Api {
        status,
        code: Some(code.into()),
        summary: "Something went wrong".into(),
        causes: vec!["a cause".into()],
        request_id: Some("rid-42".into()),
        www_authenticate: None,
    }
}

/// An app with `n` users loaded in one stream (`more` says whether it is still loading).
fn loaded(n: usize, more: bool) -> (App, ReqId) {
    stream_users(app(), n, more, names)
}

#[test]
fn starts_loading_users_and_streams_pages() {
    let mut a = app();
    let effects = a.start();
    let req = users_req(&effects);
    assert!(a.users.list.is_loading());
    assert!(a.wants_tick());
    a.update(page(req, names(200, 0), true));
    assert_eq!(a.users.list.rows.len(), 200);
    assert!(a.users.list.is_loading());
    a.update(page(req, names(50, 200), false));
    assert_eq!(a.users.list.rows.len(), 250);
    assert_eq!(a.users.list.load, LoadState::Done);
    assert!(!a.wants_tick());
}

#[test]
fn without_tenant_opens_credentials_and_loads_nothing() {
    let mut a = App::new(AppInit {
        width: 80,
        height: 24,
        ..Default::default()
    });
    assert_eq!(a.tab, Tab::Credentials);
    assert!(a.start().is_empty());
    assert!(key(&mut a, '1').is_empty());
}

#[test]
fn navigation_moves_and_scrolls() {
    let (mut a, _) = loaded(500, false);
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
fn can_move_filter_and_open_while_loading() {
    let (mut a, req) = loaded(200, true);
    key(&mut a, 'j');
    key(&mut a, '/');
    typed(&mut a, "carol");
    code(&mut a, KeyCode::Enter);
    assert!(a.users.list.visible_len() > 0);
    let effects = code(&mut a, KeyCode::Enter);
    assert!(matches!(
        effects.as_slice(),
        [Effect::LoadUserDetail { .. }]
    ));
    // The stream keeps going underneath.
    a.update(page(req, names(200, 200), false));
    assert_eq!(a.users.list.rows.len(), 400);
}

#[test]
fn local_filter_fuzzy_inverse_exact_and_esc_clears() {
    let (mut a, _) = loaded(100, false);
    key(&mut a, '/');
    typed(&mut a, "alice");
    let n = a.users.list.visible_len();
    assert_eq!(n, 20);
    assert!(a.filter_input.is_some());
    code(&mut a, KeyCode::Enter);
    assert!(a.filter_input.is_none());
    assert_eq!(a.users.list.filter().map(|f| f.text()), Some("alice"));
    // Esc clears the filter first.
    let effects = code(&mut a, KeyCode::Esc);
    assert!(effects.is_empty());
    assert_eq!(a.users.list.visible_len(), 100);

    key(&mut a, '/');
    typed(&mut a, "!alice");
    assert_eq!(a.users.list.visible_len(), 80);
    code(&mut a, KeyCode::Esc);
    assert_eq!(
        a.users.list.visible_len(),
        100,
        "Esc while typing drops the filter"
    );

    key(&mut a, '/');
    typed(&mut a, "'alice.10@");
    assert_eq!(a.users.list.visible_len(), 1);
}

#[test]
fn filter_applies_to_pages_arriving_later() {
    let (mut a, req) = loaded(200, true);
    key(&mut a, '/');
    typed(&mut a, "'bob");
    code(&mut a, KeyCode::Enter);
    assert_eq!(a.users.list.visible_len(), 40);
    a.update(page(req, names(200, 200), false));
    assert_eq!(a.users.list.visible_len(), 80);
    assert!(
        a.users
            .list
            .view()
            .iter()
            .all(|&i| a.users.list.rows[i as usize].first_name.as_ref() == "Bob")
    );
}

#[test]
fn narrowing_filter_keeps_selection_on_same_row() {
    let (mut a, _) = loaded(100, false);
    // Select Carol 7.
    for _ in 0..7 {
        key(&mut a, 'j');
    }
    let id = a.users.list.selected_row().map(|r| r.id.clone());
    key(&mut a, '/');
    typed(&mut a, "'carol");
    assert_eq!(a.users.list.selected_row().map(|r| r.id.clone()), id);
}

#[test]
fn sort_by_column_and_merge_new_pages() {
    let (mut a, req) = loaded(200, true);
    key(&mut a, 'o'); // status
    key(&mut a, 'o'); // login
    assert_eq!(
        a.users.list.sort,
        Some(Sort {
            column: 1,
            descending: false
        })
    );
    a.update(page(req, names(200, 200), false));
    let logins: Vec<String> = a
        .users
        .list
        .view()
        .iter()
        .map(|&i| a.users.list.rows[i as usize].login.to_lowercase())
        .collect();
    let mut sorted = logins.clone();
    sorted.sort();
    assert_eq!(logins, sorted);
    key(&mut a, 'O');
    let first = a.users.list.row_at(0).map(|r| r.login.to_string());
    assert_eq!(
        first.as_deref(),
        Some(sorted.last().map(String::as_str).unwrap_or_default())
    );
}

#[test]
fn stale_pages_are_dropped_after_refresh() {
    let (mut a, old) = loaded(200, true);
    let effects = key(&mut a, 'r');
    let new = users_req(&effects);
    assert_ne!(old, new);
    // The earlier rows stay visible until the new stream's first page.
    assert_eq!(a.users.list.rows.len(), 200);
    a.update(page(old, names(200, 200), true));
    assert_eq!(
        a.users.list.rows.len(),
        200,
        "an answer for the old request is ignored"
    );
    a.update(page(new, names(10, 0), false));
    assert_eq!(a.users.list.rows.len(), 10);
}

#[test]
fn esc_stops_loading_and_keeps_rows() {
    let (mut a, req) = loaded(200, true);
    let effects = code(&mut a, KeyCode::Esc);
    assert_eq!(effects, vec![Effect::Cancel { slot: Slot::Users }]);
    assert_eq!(a.users.list.load, LoadState::Stopped);
    assert_eq!(a.users.list.rows.len(), 200);
    // A page already on its way still counts as data.
    a.update(page(req, names(5, 200), true));
    assert_eq!(a.users.list.rows.len(), 205);
    assert_eq!(a.users.list.load, LoadState::Stopped);
}

#[test]
fn page_error_pauses_keeps_rows_and_r_retries() {
    let (mut a, req) = loaded(400, true);
    a.update(Msg::PageFailed {
        req,
        slot: Slot::Users,
        error: OktaError::Dropped {
            host: "acme.okta.com".into(),
            detail: "connection reset".into(),
        },
    });
    assert!(matches!(a.users.list.load, LoadState::Paused(_)));
    assert_eq!(a.users.list.rows.len(), 400);
    let status = a.status.clone().expect("status line");
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("connection"));
    let effects = key(&mut a, 'r');
    assert_eq!(effects, vec![Effect::Retry { slot: Slot::Users }]);
    assert!(a.users.list.is_loading());
    assert_eq!(a.users.list.rows.len(), 400);
}

#[test]
fn api_error_shows_code_causes_and_request_id() {
    let (mut a, req) = loaded(10, true);
    a.update(Msg::PageFailed {
        req,
        slot: Slot::Users,
        error: api_error(500, "E0000009"),
    });
    let text = a.status.clone().map(|s| s.text).unwrap_or_default();
    assert!(text.contains("E0000009"), "{text}");
    assert!(text.contains("a cause"), "{text}");
    assert!(text.contains("rid-42"), "{text}");
    assert!(a.modal.is_none(), "a 500 stays in the status line");
}

#[test]
fn unauthorized_opens_dialog_pointing_to_credentials() {
    let (mut a, req) = loaded(0, true);
    a.update(Msg::PageFailed {
        req,
        slot: Slot::Users,
        error: api_error(401, "E0000011"),
    });
    match &a.modal {
        Some(Modal::Error(info)) => {
            assert!(
                info.hint
                    .as_deref()
                    .unwrap_or_default()
                    .contains("Credentials")
            );
        }
        other => panic!("expected an error dialog, got {other:?}"),
    }
    key(&mut a, '3');
    assert!(a.modal.is_none());
    assert_eq!(a.tab, Tab::Credentials);
}

#[test]
fn rate_wait_shows_and_resumes() {
    let (mut a, req) = loaded(200, true);
    a.update(Msg::RateWait {
        req,
        slot: Slot::Users,
        wait: Duration::from_secs(12),
    });
    assert_eq!(a.users.list.load, LoadState::Waiting { seconds: 12 });
    assert!(a.wants_tick());
    a.update(page(req, names(200, 200), true));
    assert_eq!(a.users.list.load, LoadState::Loading);
}

fn fetched<T>(value: T) -> Fetched<T> {
    Fetched {
        value,
        response: response(200),
    }
}

fn full_user(r: &UserRow) -> User {
    User::from_value(serde_json::json!({
        "id": r.id.as_ref(),
        "status": r.status.as_api(),
        "created": "2020-09-13T12:26:40.000Z",
        "profile": {"login": r.login.as_ref(), "email": r.email.as_ref(), "firstName": r.first_name.as_ref(),
                    "lastName": "Tester", "costCenter": "CC-1"},
        "_links": {"self": {}, "suspend": {}}
    }))
    .expect("user")
}

#[test]
fn detail_opens_fetches_and_drops_stale_parts() {
    let (mut a, _) = loaded(20, false);
    key(&mut a, 'j');
    let effects = code(&mut a, KeyCode::Enter);
    let (req, user_id) = match effects.as_slice() {
        [Effect::LoadUserDetail { req, user_id }] => (*req, user_id.clone()),
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(user_id, "00u00001");
    assert_eq!(a.context(), Context::UserDetail);
    let r = a.users.list.rows[1].clone();
    a.update(Msg::Detail {
        req,
        part: DetailPart::User(Ok(fetched(full_user(&r)))),
    });
    a.update(Msg::Detail {
        req,
        part: DetailPart::Groups(Ok(fetched(vec![
            group(1, "Engineering"),
            group(2, "Everyone"),
        ]))),
    });
    let Some(Screen::User(d)) = a.stack.last() else {
        panic!("no detail")
    };
    let lines = d.lines();
    assert!(lines.iter().any(|l| matches!(l, DetailLine::Field { label, value } if label == "costCenter" && value == "CC-1")));
    assert!(
        lines
            .iter()
            .any(|l| matches!(l, DetailLine::Group { name, .. } if name == "Engineering"))
    );
    assert!(d.roles.is_loading());

    // Leaving cancels; a late answer for the left screen is dropped.
    let effects = code(&mut a, KeyCode::Esc);
    assert_eq!(
        effects,
        vec![Effect::Cancel {
            slot: Slot::UserDetail
        }]
    );
    assert!(a.stack.is_empty());
    a.update(Msg::Detail {
        req,
        part: DetailPart::Roles(Ok(fetched(Vec::new()))),
    });
    assert!(a.stack.is_empty());
}

#[test]
fn jump_user_group_member_user() {
    let (mut a, _) = loaded(5, false);
    let effects = code(&mut a, KeyCode::Enter);
    let req = match effects.as_slice() {
        [Effect::LoadUserDetail { req, .. }] => *req,
        other => panic!("unexpected {other:?}"),
    };
    a.update(Msg::Detail {
        req,
        part: DetailPart::Groups(Ok(fetched(vec![group(7, "Engineering")]))),
    });
    // Move down to the group line and open it.
    let Some(Screen::User(d)) = a.stack.last() else {
        panic!()
    };
    let at = d
        .lines()
        .iter()
        .position(|l| matches!(l, DetailLine::Group { .. }))
        .expect("group line");
    for _ in 0..at {
        key(&mut a, 'j');
    }
    let effects = code(&mut a, KeyCode::Enter);
    let members_req = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadMembers { req, group_id } if group_id == "00g00007" => Some(*req),
            _ => None,
        })
        .expect("members load");
    assert_eq!(a.context(), Context::GroupDetail);
    a.update(Msg::Page {
        req: members_req,
        slot: Slot::Members,
        items: PageItems::Users(names(3, 100)),
        more: false,
    });
    key(&mut a, 'j');
    let effects = code(&mut a, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadUserDetail { user_id, .. }] if user_id == "00u00101")
    );
    assert_eq!(a.stack.len(), 3);
    // Back twice: members still there.
    code(&mut a, KeyCode::Esc);
    let Some(Screen::Group(g)) = a.stack.last() else {
        panic!("group screen")
    };
    assert_eq!(g.members.rows.len(), 3);
}

#[test]
fn groups_tab_loads_once_and_opens() {
    let (mut a, _) = loaded(5, false);
    let effects = key(&mut a, '2');
    let req = match effects.as_slice() {
        [Effect::LoadGroups { req, .. }] => *req,
        other => panic!("unexpected {other:?}"),
    };
    a.update(Msg::Page {
        req,
        slot: Slot::Groups,
        items: PageItems::Groups(vec![group(1, "Eng"), group(2, "Ops")]),
        more: false,
    });
    assert!(key(&mut a, '1').is_empty(), "users are already loaded");
    assert!(key(&mut a, '2').is_empty(), "groups are already loaded");
    let effects = code(&mut a, KeyCode::Enter);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadGroup { group_id, .. } if group_id == "00g00001"))
    );
}

#[test]
fn server_search_builds_a_safe_prefix_search_and_esc_clears_it() {
    let (mut a, _) = loaded(5, false);
    key(&mut a, 's');
    typed(&mut a, "ali\"ce");
    let effects = code(&mut a, KeyCode::Enter);
    let query = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadUsers { query, .. } => Some(query.clone()),
            _ => None,
        })
        .expect("search");
    let search = query.search.unwrap_or_default();
    assert!(search.contains(r#"profile.login sw "ali\"ce""#), "{search}");
    assert!(a.users.query_label.is_some());
    a.update(page(users_req(&effects), names(1, 0), false));
    let effects = code(&mut a, KeyCode::Esc);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadUsers { query, .. }] if query.search.is_none())
    );
    assert!(a.users.query_label.is_none());
}

#[test]
fn palette_commands() {
    let (mut a, _) = loaded(5, false);
    key(&mut a, ':');
    typed(&mut a, "filter status eq \"SUSPENDED\"");
    let effects = code(&mut a, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadUsers { query, .. }]
        if query.filter.as_deref() == Some("status eq \"SUSPENDED\""))
    );

    key(&mut a, ':');
    typed(&mut a, "journal");
    let effects = code(&mut a, KeyCode::Enter);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Action(actions::ActionEffect::ReadJournal { .. })]
    ));
    code(&mut a, KeyCode::Esc);

    key(&mut a, ':');
    typed(&mut a, "mou");
    let effects = code(&mut a, KeyCode::Enter);
    assert_eq!(effects, vec![Effect::SetMouse(false)]);
    assert!(!a.mouse);

    key(&mut a, ':');
    typed(&mut a, "tenant prod");
    let effects = code(&mut a, KeyCode::Enter);
    assert_eq!(effects, vec![Effect::SwitchTenant("prod".into())]);

    key(&mut a, ':');
    typed(&mut a, "q");
    let effects = code(&mut a, KeyCode::Enter);
    assert!(effects.contains(&Effect::Quit));
    assert!(a.quit);
}

#[test]
fn status_quick_filter_uses_server_filter() {
    let (mut a, _) = loaded(5, false);
    key(&mut a, 'f');
    // all, STAGED, PROVISIONED, ACTIVE, ... SUSPENDED is the 7th choice.
    for _ in 0..7 {
        key(&mut a, 'j');
    }
    let effects = code(&mut a, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadUsers { query, .. }]
        if query.filter.as_deref() == Some("status eq \"SUSPENDED\""))
    );
    assert_eq!(a.users.query_label.as_deref(), Some("status SUSPENDED"));
}

#[test]
fn copy_focused_login() {
    let (mut a, _) = loaded(5, false);
    key(&mut a, 'j');
    let effects = key(&mut a, 'y');
    assert!(
        matches!(effects.as_slice(), [Effect::Copy { text, .. }] if text == "bob.1@example.com")
    );
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let (mut a, _) = loaded(300, false);
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

#[test]
fn idle_messages_do_not_dirty() {
    let (mut a, _) = loaded(5, false);
    a.take_dirty();
    key(&mut a, 'Z');
    assert!(!a.take_dirty(), "an unbound key changes nothing");
    a.update(page(ReqId(999), names(1, 0), false));
    assert!(!a.take_dirty(), "a stale page changes nothing");
}

#[test]
fn keymap_override_drives_dispatch() {
    let mut keys = std::collections::BTreeMap::new();
    keys.insert("filter".to_owned(), "F".to_owned());
    let mut a = App::new(AppInit {
        tenant: Some(TenantInfo::default()),
        keys,
        width: 80,
        height: 24,
        ..Default::default()
    });
    a.start();
    key(&mut a, '/');
    assert!(a.filter_input.is_none());
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('F'),
        KeyModifiers::SHIFT,
    )));
    assert!(a.filter_input.is_some());
}
