//! Group membership from a user and from a group: the menu, the pickers, the plans they make,
//! and groups whose membership cannot change.

use crossterm::event::KeyCode;

use super::super::actions::picker::{Picker, PickerPurpose};
use super::super::actions::{ActionEffect, ActionModal, ActionMsg, WriteOp};
use super::super::input::LineInput;
use super::super::test_support::{
    action_modal, app_with, ch, press, status_text, three_users, typed_shifted, write_done,
    write_of, write_ok,
};
use super::super::*;
use crate::okta::{Group, GroupType};

fn group(id: &str, name: &str, t: GroupType) -> Group {
    Group {
        id: id.into(),
        group_type: t,
        name: name.into(),
        description: "".into(),
        created: None,
        last_updated: None,
        last_membership_updated: None,
        users_count: Some(1),
        apps_count: None,
    }
}

/// Goes to the Groups tab, loads `g` as its only group and opens it.
fn open_group(a: &mut App, g: Group) -> Vec<Effect> {
    ch(a, '2');
    let req = a.groups.list.req.expect("groups load");
    a.update(Msg::Page {
        req,
        slot: Slot::Groups,
        items: PageItems::Groups(vec![g]),
        more: false,
    });
    press(a, KeyCode::Enter)
}

#[test]
fn membership_from_a_user_add_to_groups_via_picker() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    assert!(ch(&mut a, 'M').is_empty());
    let effects = ch(&mut a, '+');
    let req = match effects.as_slice() {
        [Effect::Action(ActionEffect::LoadPickerGroups { req, user_id: None })] => *req,
        other => panic!("{other:?}"),
    };
    a.update(Msg::Action(ActionMsg::PickerGroups {
        req,
        result: Ok(vec![
            group("00gaaaaaaaaaaaaaaaa1", "Engineering", GroupType::OktaGroup),
            group("00gaaaaaaaaaaaaaaaa2", "Sales", GroupType::OktaGroup),
        ]),
    }));
    typed_shifted(&mut a, "sal");
    assert!(
        matches!(
            press(&mut a, KeyCode::Enter).as_slice(),
            [Effect::ReadClock { .. }]
        ),
        "a plan first: nothing sent, only the clock read for its estimate"
    );
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("plan expected");
    };
    assert_eq!(run.items.len(), 1);
    assert!(matches!(&run.items[0].op, WriteOp::AddMember { group, .. } if group.name == "Sales"));
    let effects = press(&mut a, KeyCode::Enter);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Action(ActionEffect::Write {
            op: WriteOp::AddMember { .. },
            ..
        })]
    ));
}

#[test]
fn membership_of_non_okta_groups_says_why() {
    let mut a = app_with(false, three_users());
    open_group(&mut a, group("00gapp", "AD Sales", GroupType::AppGroup));
    assert!(ch(&mut a, 'M').is_empty());
    assert!(a.modal.is_none());
    assert!(status_text(&a).contains("APP_GROUP"));
}

#[test]
fn membership_from_a_group_remove_selected_member() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let effects = open_group(&mut a, group("00gokta", "Eng", GroupType::OktaGroup));
    let mreq = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadMembers { req, .. } => Some(*req),
            _ => None,
        })
        .expect("members load");
    a.update(Msg::Page {
        req: mreq,
        slot: Slot::Members,
        items: PageItems::Users(rows.clone()),
        more: false,
    });
    ch(&mut a, 'M');
    ch(&mut a, '-');
    let (req, op) = {
        let effects = press(&mut a, KeyCode::Enter);
        write_of(&effects)
    };
    assert!(
        matches!(&op, WriteOp::RemoveMember { group, target } if group.id == "00gokta" && target.id == *rows[0].id())
    );
    // The members list reloads after the run.
    let effects = write_done(&mut a, req, write_ok(None));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadMembers { .. }))
    );
}

#[test]
fn group_ids_match_by_their_start_not_fuzzily() {
    let mut p = Picker::new(PickerPurpose::FormGroups, None);
    // "IT EMEA 9" must not pick "Human Resources EMEA 23" through letters of its id.
    p.groups = vec![
        group("00gIxT9q2", "Human Resources EMEA 23", GroupType::OktaGroup),
        group("00gabc123", "IT EMEA 91", GroupType::OktaGroup),
    ];
    let shown = |p: &mut Picker, text: &str| {
        p.input = LineInput::with_text(text);
        p.refilter();
        p.view
            .iter()
            .map(|&i| p.groups[i].name.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(shown(&mut p, "IT EMEA 9"), ["IT EMEA 91"]);
    assert_eq!(shown(&mut p, "00gIxT"), ["Human Resources EMEA 23"]);
    assert_eq!(shown(&mut p, "").len(), 2);
}

#[test]
fn a_membership_write_drops_the_member_count_that_no_longer_holds() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let effects = open_group(&mut a, group("00gokta", "Eng", GroupType::OktaGroup));
    let mreq = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadMembers { req, .. } => Some(*req),
            _ => None,
        })
        .expect("members load");
    a.update(Msg::Page {
        req: mreq,
        slot: Slot::Members,
        items: PageItems::Users(rows.clone()),
        more: false,
    });
    assert_eq!(a.groups.list.rows[0].users_count, Some(1));
    ch(&mut a, 'M');
    ch(&mut a, '-');
    let (req, _) = write_of(&press(&mut a, KeyCode::Enter));
    write_done(&mut a, req, write_ok(None));
    assert_eq!(a.groups.list.rows[0].users_count, None, "not the old count");
    let Some(Screen::Group(g)) = a.stack.last() else {
        panic!("group screen")
    };
    assert_eq!(g.group().and_then(|g| g.users_count), None);
}
