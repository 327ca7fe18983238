//! Narrowing the lists: the local filter, sorting, server search and the status filter.

use super::*;

fn person(i: usize, login: &str, first: &str, last: &str) -> UserRow {
    let r = row(i, first, UserStatus::Active);
    r.with(|f| {
        f.login = format!("{login}@example.com").into();
        f.email = f.login.clone();
        f.last_name = last.into();
    })
}

/// An app with these users loaded, all in one page.
fn with_users(rows: Vec<UserRow>) -> App {
    with_loaded_rows(sized_app(120, 36), rows)
}

#[test]
fn can_move_filter_and_open_while_loading() {
    let (mut a, req) = loaded_small(200, true);
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
    a.update(page(req, mixed_rows(200, 200), false));
    assert_eq!(a.users.list.rows.len(), 400);
}

#[test]
fn local_filter_fuzzy_inverse_exact_and_esc_clears() {
    let (mut a, _) = loaded_small(100, false);
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
    let (mut a, req) = loaded_small(200, true);
    key(&mut a, '/');
    typed(&mut a, "'bob");
    code(&mut a, KeyCode::Enter);
    assert_eq!(a.users.list.visible_len(), 40);
    a.update(page(req, mixed_rows(200, 200), false));
    assert_eq!(a.users.list.visible_len(), 80);
    assert!(
        a.users
            .list
            .view()
            .iter()
            .all(|&i| a.users.list.rows[i as usize].first_name() == "Bob")
    );
}

#[test]
fn narrowing_filter_keeps_selection_on_same_row() {
    let (mut a, _) = loaded_small(100, false);
    // Select Carol 7.
    for _ in 0..7 {
        key(&mut a, 'j');
    }
    let id = a.users.list.selected_row().map(|r| r.id().to_owned());
    key(&mut a, '/');
    typed(&mut a, "'carol");
    assert_eq!(a.users.list.selected_row().map(|r| r.id().to_owned()), id);
}

#[test]
fn sort_by_column_and_merge_new_pages() {
    let (mut a, req) = loaded_small(200, true);
    key(&mut a, 'o'); // status
    key(&mut a, 'o'); // login
    assert_eq!(
        a.users.list.sort,
        Some(Sort {
            column: 1,
            descending: false
        })
    );
    a.update(page(req, mixed_rows(200, 200), false));
    let logins: Vec<String> = a
        .users
        .list
        .view()
        .iter()
        .map(|&i| a.users.list.rows[i as usize].login().to_lowercase())
        .collect();
    let mut sorted = logins.clone();
    sorted.sort();
    assert_eq!(logins, sorted);
    key(&mut a, 'O');
    let first = a.users.list.row_at(0).map(|r| r.login().to_string());
    assert_eq!(
        first.as_deref(),
        Some(sorted.last().map(String::as_str).unwrap_or_default())
    );
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
        .filter_map(|i| a.users.list.row_at(i).map(|u| u.login().to_string()))
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
fn server_search_builds_a_safe_prefix_search_and_esc_clears_it() {
    let (mut a, _) = loaded_small(5, false);
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
    a.update(page(users_req(&effects), mixed_rows(1, 0), false));
    assert_eq!(a.users.list.rows.len(), 1);
    // The full listing was complete: Esc goes back to it without listing the org again.
    let effects = code(&mut a, KeyCode::Esc);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(a.users.query_label.is_none());
    assert_eq!(a.users.query, crate::okta::UserQuery::default());
    assert_eq!(a.users.list.rows.len(), 5);
    assert!(status_text(&a).contains("r reloads"), "{}", status_text(&a));
    // `r` still lists the org again when asked.
    let effects = key(&mut a, 'r');
    assert!(
        matches!(effects.as_slice(), [Effect::LoadUsers { query, .. }] if query.search.is_none())
    );
}

#[test]
fn clearing_a_query_over_a_partial_listing_loads_the_org() {
    // The full listing was stopped part way: it is not kept, so clearing lists the org.
    let (mut a, _) = loaded_small(5, true);
    code(&mut a, KeyCode::Esc);
    key(&mut a, 's');
    typed(&mut a, "ali");
    let effects = code(&mut a, KeyCode::Enter);
    a.update(page(users_req(&effects), mixed_rows(1, 0), false));
    let effects = code(&mut a, KeyCode::Esc);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadUsers { query, .. }] if query.search.is_none())
    );
}

#[test]
fn clearing_the_status_filter_goes_back_to_the_kept_listing() {
    let (mut a, _) = loaded_small(5, false);
    a.users.list.set_sort(Some(Sort {
        column: 1,
        descending: true,
    }));
    let effects = a.status_filter(Some(UserStatus::Suspended));
    assert_eq!(a.users.list.sort.map(|s| s.column), Some(1));
    // A write while filtered shows in the kept listing too.
    let mut changed = a.users.full.as_ref().unwrap().rows[0].clone();
    changed.set_status(UserStatus::Suspended);
    a.update(page(users_req(&effects), vec![changed.clone()], true));
    let effects = a.status_filter(None);
    assert_eq!(
        effects,
        vec![Effect::Cancel { slot: Slot::Users }],
        "the filter's stream stops"
    );
    assert_eq!(a.users.list.rows.len(), 5);
    assert_eq!(a.users.query_label, None);
    // Picking "all" on the full listing loads nothing either.
    assert!(a.status_filter(None).is_empty());
}

#[test]
fn a_write_while_searching_reaches_the_kept_listing() {
    let (mut a, _) = loaded_small(5, false);
    a.status_filter(Some(UserStatus::Active));
    let mut changed = a.users.full.as_ref().unwrap().rows[2].clone();
    changed.set_status(UserStatus::Suspended);
    a.update_user_row(changed.clone());
    a.status_filter(None);
    assert_eq!(a.users.list.rows[2].status(), UserStatus::Suspended);
}

#[test]
fn status_quick_filter_uses_server_filter() {
    let (mut a, _) = loaded_small(5, false);
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
fn status_menu_starts_on_the_active_status_filter() {
    let mut a = sized_app(120, 36);
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

/// A pasted login focuses that user, not an earlier row it also matches fuzzily; a prefix
/// comes before a loose match; the rows keep their order.
#[test]
fn the_filter_focuses_an_exact_match_then_a_prefix() {
    let rows = vec![
        row(10166, "Mateo", UserStatus::Active),
        row(7, "Amateo", UserStatus::Active),
        row(1, "Mateo", UserStatus::Active),
        row(12, "Mateo", UserStatus::Active),
    ];
    let mut a = with_loaded_rows(small_app(), rows);
    let focused = |a: &App| {
        a.users
            .list
            .selected_row()
            .map(|r| r.login().to_string())
            .unwrap_or_default()
    };
    key(&mut a, '/');
    typed(&mut a, "mateo.1@example.com");
    assert_eq!(
        a.users
            .list
            .row_at(0)
            .map(|r| r.login().to_string())
            .as_deref(),
        Some("mateo.10166@example.com")
    );
    assert_eq!(focused(&a), "mateo.1@example.com");
    code(&mut a, KeyCode::Esc);
    key(&mut a, '/');
    typed(&mut a, "mateo.12");
    assert_eq!(focused(&a), "mateo.12@example.com");
    code(&mut a, KeyCode::Esc);
    // With no whole or prefix match the focused row stays, as before.
    key(&mut a, '/');
    typed(&mut a, "ateo");
    assert_eq!(focused(&a), "mateo.12@example.com");
}

#[test]
fn a_status_filter_over_a_server_search_says_it_replaces_it() {
    let (mut a, _) = loaded_small(20, false);
    key(&mut a, 's');
    typed(&mut a, "ann");
    code(&mut a, KeyCode::Enter);
    assert_eq!(
        a.users.query_label.as_deref(),
        Some("search \"ann\" (login, email or name starts with it)")
    );
    key(&mut a, 'f');
    code(&mut a, KeyCode::Down);
    code(&mut a, KeyCode::Enter);
    let status = a
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("replaces the search \"ann\""), "{status}");
    assert!(status.contains("s searches again"), "{status}");
}
