//! The write dialogs take their keys from the table: after a remap every dialog answers the
//! new key, ignores the old one, and names the new one in its hints.

use std::collections::BTreeMap;

use crossterm::event::KeyCode;

use super::super::actions::{ActionEffect, ActionModal};
use super::super::test_support::{
    action_modal, active_links, answer_fetch, ch, ctrl, fetch_req, press, reset_link_issued,
    status_text, three_users, typed_shifted, user, with_loaded_rows, write_done, write_of,
};
use super::super::*;
use super::screen_text;

/// Every key the write dialogs use, moved somewhere else.
fn remapped() -> App {
    let keys: BTreeMap<String, String> = [
        ("suspend_user", "W"),
        ("delete_user", "K"),
        ("mark", "m"),
        ("confirm", "ctrl-o"),
        ("close", "ctrl-q"),
        ("choose", "ctrl-n"),
        ("down", "ctrl-e"),
        ("up", "ctrl-y"),
        ("toggle_revoke_sessions", "R"),
        ("copy", "c"),
        ("add_to_groups", "ctrl-a"),
        ("remove_from_group", "ctrl-r"),
        ("pick", "ctrl-p"),
        ("form_save", "ctrl-w"),
        ("form_cancel", "ctrl-g"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let app = App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "acme".into(),
            domain: "https://acme.okta.com".into(),
            read_only: false,
            color: None,
        }),
        keys,
        width: 120,
        height: 36,
        ..Default::default()
    });
    assert!(
        app.credentials.warnings.is_empty(),
        "{:?}",
        app.credentials.warnings
    );
    with_loaded_rows(app, three_users())
}

fn shows(a: &App, text: &str) {
    let screen = screen_text(a);
    assert!(screen.contains(text), "{text:?} not on screen:\n{screen}");
}

#[test]
fn confirm_checking_and_the_lifecycle_keys_follow_a_remap() {
    let rows = three_users();
    let mut a = remapped();
    assert!(
        ch(&mut a, 'S').is_empty(),
        "the old suspend key does nothing"
    );
    assert!(a.modal.is_none());
    let req = fetch_req(&ch(&mut a, 'W'));
    shows(&a, "(a fresh GET of the user; Ctrl-q gives up)");
    press(&mut a, KeyCode::Esc);
    assert!(matches!(action_modal(&a), ActionModal::Checking(_)));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    shows(&a, "Ctrl-o: suspend · Ctrl-q: cancel");
    for old in [
        ch(&mut a, 'y'),
        ch(&mut a, 'n'),
        press(&mut a, KeyCode::Enter),
    ] {
        assert!(old.is_empty());
    }
    assert!(matches!(action_modal(&a), ActionModal::Confirm(_)));
    assert!(ctrl(&mut a, 'q').is_empty());
    assert!(a.modal.is_none());
    assert!(status_text(&a).contains("cancelled"));
    let req = fetch_req(&ch(&mut a, 'W'));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    write_of(&ctrl(&mut a, 'o'));
}

#[test]
fn confirm_toggles_and_the_link_follow_a_remap() {
    let rows = three_users();
    let mut a = remapped();
    let req = fetch_req(&ch(&mut a, 'P'));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    shows(&a, "[R] revoke sessions: no");
    ch(&mut a, 'r');
    shows(&a, "[R] revoke sessions: no");
    ch(&mut a, 'R');
    shows(&a, "[R] revoke sessions: yes");
    let (wreq, _) = write_of(&ctrl(&mut a, 'o'));
    write_done(
        &mut a,
        wreq,
        reset_link_issued(user(&rows[0], "RECOVERY", &["reactivate"])),
    );
    shows(&a, "c copies · any other key closes");
    assert!(matches!(ch(&mut a, 'c').as_slice(), [Effect::Copy { .. }]));
    assert!(ch(&mut a, 'y').is_empty(), "the old copy key only closes");
    assert!(a.modal.is_none());
}

#[test]
fn delete_confirm_follows_a_remap() {
    let rows = three_users();
    let mut a = remapped();
    assert!(press(&mut a, KeyCode::Delete).is_empty());
    let req = fetch_req(&ch(&mut a, 'K'));
    // Deleting for good is the step that asks for the login.
    answer_fetch(&mut a, req, user(&rows[0], "DEPROVISIONED", &["activate"]));
    shows(
        &a,
        "Ctrl-o: delete (when the login matches) · Ctrl-q: cancel",
    );
    typed_shifted(&mut a, rows[0].login());
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    write_of(&ctrl(&mut a, 'o'));
}

#[test]
fn menus_and_runs_follow_a_remap() {
    let rows = three_users();
    let mut a = remapped();
    let req = fetch_req(&ch(&mut a, 'a'));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    shows(&a, " W     Suspend");
    shows(&a, "Ctrl-yCtrl-e Ctrl-n or the key picks · Ctrl-q closes");
    assert!(ch(&mut a, 'S').is_empty());
    assert!(matches!(action_modal(&a), ActionModal::Menu(_)));
    ch(&mut a, 'W');
    assert!(matches!(action_modal(&a), ActionModal::Confirm(_)));
    ctrl(&mut a, 'q');

    ch(&mut a, ' ');
    assert_eq!(a.marked_count(), 0, "the old mark key does nothing");
    // Alice and Carol (Bob is SUSPENDED): mark, move down past Bob, mark.
    ch(&mut a, 'm');
    let bob = a.users.list.selected_row().map(|r| r.id().to_owned());
    ch(&mut a, 'j');
    assert_eq!(
        a.users.list.selected_row().map(|r| r.id().to_owned()),
        bob,
        "the old down key does nothing"
    );
    ctrl(&mut a, 'e');
    ch(&mut a, 'm');
    assert_eq!(a.marked_count(), 2);
    assert!(status_text(&a).contains("(W U L E D A P X, or a for the menu)"));
    ch(&mut a, 'a');
    shows(&a, "Ctrl-yCtrl-e Ctrl-n or the key picks · Ctrl-q closes");
    ch(&mut a, 'W');
    shows(
        &a,
        "Ctrl-o runs (paced under the rate limit; Ctrl-q stops it) · Ctrl-q cancels",
    );
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(ctrl(&mut a, 'o').len(), 2);
    shows(
        &a,
        "Ctrl-q stops (writes in flight finish) · Ctrl-e/Ctrl-y scroll",
    );
    press(&mut a, KeyCode::Esc);
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, super::super::actions::bulk::Phase::Running);
}

#[test]
fn membership_dialogs_follow_a_remap() {
    let mut a = remapped();
    ch(&mut a, 'M');
    shows(&a, "Ctrl-a or Ctrl-r picks · Ctrl-q closes");
    assert!(ch(&mut a, '+').is_empty());
    let effects = ctrl(&mut a, 'a');
    assert!(matches!(
        effects.as_slice(),
        [Effect::Action(ActionEffect::LoadPickerGroups { .. })]
    ));
    shows(&a, "Ctrl-yCtrl-e move · Ctrl-p picks more · Ctrl-n goes on");
    press(&mut a, KeyCode::Esc);
    assert!(matches!(action_modal(&a), ActionModal::Picker { .. }));
    ctrl(&mut a, 'q');
    assert!(a.modal.is_none());
}

#[test]
fn journal_and_create_form_follow_a_remap() {
    let mut a = remapped();
    a.run_command("journal");
    shows(
        &a,
        "journal (newest last; Ctrl-e newer, Ctrl-y older, any other key closes)",
    );
    ch(&mut a, 'x');
    ch(&mut a, 'C');
    shows(
        &a,
        "create user (Tab/Shift-Tab move · Ctrl-w creates · Ctrl-g)",
    );
    assert!(ctrl(&mut a, 's').is_empty());
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form expected");
    };
    assert!(f.errors.is_empty(), "the old create key checked nothing");
    typed_shifted(&mut a, "x");
    press(&mut a, KeyCode::Esc);
    ctrl(&mut a, 'g');
    shows(&a, "Ctrl-o discards · any other key goes back");
    ch(&mut a, 'y');
    assert!(matches!(action_modal(&a), ActionModal::Form(_)));
    ctrl(&mut a, 'g');
    ctrl(&mut a, 'o');
    assert!(a.modal.is_none());
}
