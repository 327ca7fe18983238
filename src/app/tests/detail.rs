//! The pushed screens: a user's detail, a group with its members, and moving between them.

use super::*;

#[test]
fn detail_opens_fetches_and_drops_stale_parts() {
    let (mut a, _) = loaded_small(20, false);
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
    let (mut a, _) = loaded_small(5, false);
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
        items: PageItems::Users(mixed_rows(3, 100)),
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

fn open_group_from_list(a: &mut App, g: Group) -> ReqId {
    let effects = ch(a, '2');
    let req = match effects.as_slice() {
        [Effect::LoadGroups { req, .. }] => *req,
        other => panic!("unexpected {other:?}"),
    };
    a.update(Msg::Page {
        req,
        slot: Slot::Groups,
        items: PageItems::Groups(vec![g]),
        more: false,
    });
    press(a, KeyCode::Enter)
        .iter()
        .find_map(|e| match e {
            Effect::LoadGroup { req, .. } => Some(*req),
            _ => None,
        })
        .expect("LoadGroup")
}

#[test]
fn fetched_group_without_stats_keeps_the_known_member_count() {
    let (mut a, _) = loaded_wide(3, false);
    let req = open_group_from_list(&mut a, eng_group(Some(42)));
    a.update(Msg::GroupFetched {
        req,
        result: Ok(Fetched {
            value: eng_group(None),
            response: ok_response(),
        }),
    });
    assert_eq!(a.groups.list.rows[0].users_count, Some(42));
    let Some(Screen::Group(g)) = a.stack.last() else {
        panic!("group screen");
    };
    assert_eq!(g.group().and_then(|g| g.users_count), Some(42));
}

#[test]
fn group_screen_counts_members_once_loaded_when_the_api_gave_no_count() {
    let (mut a, _) = loaded_wide(3, false);
    open_group_from_list(&mut a, eng_group(None));
    let members_req = match a.stack.last() {
        Some(Screen::Group(g)) => g.members.req.expect("members req"),
        _ => panic!("group screen"),
    };
    assert!(screen_text(&a).contains("? members"));
    a.update(Msg::Page {
        req: members_req,
        slot: Slot::Members,
        items: PageItems::Users(alice_rows(7, 0)),
        more: false,
    });
    let text = screen_text(&a);
    assert!(text.contains("7 members"), "{text}");
}

#[test]
fn r_on_a_group_keeps_its_members_until_fresh_ones_arrive() {
    let (mut a, _) = loaded_wide(3, false);
    open_group_from_list(&mut a, eng_group(Some(7)));
    let members_req = match a.stack.last() {
        Some(Screen::Group(g)) => g.members.req.expect("members req"),
        _ => panic!("group screen"),
    };
    a.update(Msg::Page {
        req: members_req,
        slot: Slot::Members,
        items: PageItems::Users(alice_rows(7, 0)),
        more: false,
    });
    let effects = ch(&mut a, 'r');
    let new = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadMembers { req, .. } => Some(*req),
            _ => None,
        })
        .expect("LoadMembers");
    let Some(Screen::Group(g)) = a.stack.last() else {
        panic!("group screen");
    };
    assert_eq!(g.members.rows.len(), 7, "members stay while reloading");
    a.update(Msg::Page {
        req: new,
        slot: Slot::Members,
        items: PageItems::Users(alice_rows(2, 0)),
        more: false,
    });
    let Some(Screen::Group(g)) = a.stack.last() else {
        panic!("group screen");
    };
    assert_eq!(g.members.rows.len(), 2);
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
fn copy_focused_login() {
    let (mut a, _) = loaded_small(5, false);
    key(&mut a, 'j');
    let effects = key(&mut a, 'y');
    assert!(
        matches!(effects.as_slice(), [Effect::Copy { text, .. }] if text == "bob.1@example.com")
    );
}

#[test]
fn copy_on_a_section_title_says_there_is_nothing_to_copy() {
    let (mut a, _) = loaded_small(20, false);
    let effects = code(&mut a, KeyCode::Enter);
    let [Effect::LoadUserDetail { req, .. }] = effects.as_slice() else {
        panic!("unexpected {effects:?}")
    };
    let r = a.users.list.rows[0].clone();
    a.update(Msg::Detail {
        req: *req,
        part: DetailPart::User(Ok(fetched(full_user(&r)))),
    });
    let Some(Screen::User(d)) = a.stack.last_mut() else {
        panic!("no detail")
    };
    let section = d
        .lines()
        .iter()
        .position(|l| matches!(l, DetailLine::Section(_)))
        .expect("a section title");
    d.selected = section;
    assert!(key(&mut a, 'y').is_empty(), "nothing is copied");
    let status = a
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(
        status.contains("nothing to copy on a section title"),
        "{status}"
    );
}

#[test]
fn a_message_stays_where_it_arose() {
    let (mut a, _) = loaded_small(20, false);
    a.update(Msg::Copied("login ann".into()));
    assert!(a.status.is_some());
    key(&mut a, '2');
    assert!(
        a.status.is_none(),
        "switching tabs leaves the Users message behind"
    );
    key(&mut a, '1');
    code(&mut a, KeyCode::Enter);
    a.update(Msg::Copied("login ann".into()));
    assert!(a.status.is_some());
    code(&mut a, KeyCode::Esc);
    assert!(a.stack.is_empty());
    assert!(
        a.status.is_none(),
        "leaving the user screen leaves its message behind"
    );
}
