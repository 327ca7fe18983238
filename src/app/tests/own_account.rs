//! Writes to the admin's own account (the user the credential acts as): the confirm asks a
//! second question, a write to anyone else does not, and bulk runs leave the own row out.

use super::super::actions::bulk::ItemState;
use super::super::actions::{ActionEffect, ActionModal, ActionMsg};
use super::super::test_support::{
    action_modal, active_links, answer_fetch, app_with, ch, fetch_req, three_users, user, write_of,
};
use super::super::*;

/// Answers the start's `users/me` look-up: the credential acts as `id`.
fn me_is(a: &mut App, id: &str) {
    a.update(Msg::Action(ActionMsg::Me {
        tenant: "acme".into(),
        id: Some(id.into()),
    }));
}

/// Opens the Suspend confirm for row `i` (menu, fresh GET, the item's key).
fn suspend_confirm(a: &mut App, i: usize) {
    let rows = three_users();
    for _ in 0..i {
        ch(a, 'j');
    }
    let req = fetch_req(&ch(a, 'a'));
    answer_fetch(a, req, user(&rows[i], "ACTIVE", &active_links()));
    assert!(ch(a, 'S').is_empty());
    let ActionModal::Confirm(c) = action_modal(a) else {
        panic!("confirm expected");
    };
    assert_eq!(c.target.id, rows[i].id().to_string());
}

#[test]
fn start_asks_who_the_credential_acts_as_on_this_tenant() {
    let mut a = super::small_app();
    let effects = a.start();
    assert!(effects.contains(&Effect::Action(ActionEffect::LoadMe {
        tenant: "acme".into()
    })));
    // An answer for another tenant (switched away meanwhile) is dropped.
    a.update(Msg::Action(ActionMsg::Me {
        tenant: "other".into(),
        id: Some("00u00001".into()),
    }));
    assert_eq!(a.own_id, None);
    me_is(&mut a, "00u00001");
    assert_eq!(a.own_id.as_deref(), Some("00u00001"));
}

#[test]
fn a_write_to_the_own_account_needs_a_second_yes() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    me_is(&mut a, rows[0].id());
    suspend_confirm(&mut a, 0);
    // The first yes only turns the dialog into the second question.
    assert!(ch(&mut a, 'y').is_empty());
    let ActionModal::Confirm(c) = action_modal(&a) else {
        panic!("the second question expected");
    };
    assert!(c.own_account && c.asked_own);
    let screen = super::screen_text(&a);
    assert!(screen.contains("YOUR OWN account"), "{screen}");
    let (_, op) = write_of(&ch(&mut a, 'y'));
    assert_eq!(
        op.target().map(|t| t.id.clone()),
        Some(rows[0].id().to_string())
    );
}

#[test]
fn no_to_the_second_question_sends_nothing() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    me_is(&mut a, rows[0].id());
    suspend_confirm(&mut a, 0);
    assert!(ch(&mut a, 'y').is_empty());
    assert!(ch(&mut a, 'n').is_empty());
    assert!(a.modal.is_none());
}

#[test]
fn a_write_to_another_user_is_asked_once() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    me_is(&mut a, rows[0].id());
    suspend_confirm(&mut a, 2);
    write_of(&ch(&mut a, 'y'));
    assert!(matches!(action_modal(&a), ActionModal::Running { .. }));
}

#[test]
fn an_unknown_caller_asks_once() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    // An OAuth service app has no user: nothing is known, nothing extra is asked.
    a.update(Msg::Action(ActionMsg::Me {
        tenant: "acme".into(),
        id: None,
    }));
    suspend_confirm(&mut a, 0);
    write_of(&ch(&mut a, 'y'));
}

#[test]
fn a_bulk_run_leaves_the_own_account_out_and_says_why() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    me_is(&mut a, rows[2].id());
    for _ in 0..3 {
        ch(&mut a, ' ');
    }
    ch(&mut a, 'S');
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("plan expected");
    };
    // Alice is sent; Bob is SUSPENDED already; Carol is the own account.
    assert_eq!(run.to_send(), 1);
    let ItemState::Skipped(why) = &run.items[2].state else {
        panic!("the own row is skipped: {:?}", run.items[2].state);
    };
    assert!(why.contains("YOUR OWN account"), "{why}");
}

/// Adds the focused user to one group through the membership picker; returns the plan's keys'
/// effects after the first Enter on the plan.
fn add_focused_to_a_group(a: &mut App) -> Vec<Effect> {
    use crossterm::event::KeyCode;
    ch(a, 'M');
    let req = match ch(a, '+').as_slice() {
        [Effect::Action(ActionEffect::LoadPickerGroups { req, .. })] => *req,
        other => panic!("{other:?}"),
    };
    a.update(Msg::Action(ActionMsg::PickerGroups {
        req,
        result: Ok(vec![super::group(1, "Engineering")]),
    }));
    super::super::test_support::press(a, KeyCode::Enter);
    super::super::test_support::press(a, KeyCode::Enter)
}

#[test]
fn a_membership_change_to_the_own_account_needs_a_second_yes() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    me_is(&mut a, rows[0].id());
    // The first Enter on the plan sends nothing: it names the own account and asks again.
    assert!(add_focused_to_a_group(&mut a).is_empty());
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("the plan stays open");
    };
    assert!(run.asked_own);
    let screen = super::screen_text(&a);
    assert!(screen.contains("YOUR OWN account"), "{screen}");
    let effects = super::super::test_support::press(&mut a, crossterm::event::KeyCode::Enter);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Action(ActionEffect::Write { .. }))),
        "{effects:?}"
    );
}

#[test]
fn a_membership_change_to_another_user_is_asked_once() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    me_is(&mut a, rows[1].id());
    let effects = add_focused_to_a_group(&mut a);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Action(ActionEffect::Write { .. }))),
        "{effects:?}"
    );
}
