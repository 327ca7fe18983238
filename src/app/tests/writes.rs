//! The single-write flow: the action menu, confirm and cancel, refusals, errors, stale
//! answers, links, delete, clear sessions, read-only tenants, the journal view. No I/O: feed
//! `Msg`s, check the model and the `Effect`s.

use crossterm::event::KeyCode;

use super::super::actions::{
    ActionEffect, ActionModal, ActionMsg, MenuItem, Target, WriteOp, WriteOutcome,
};
use super::super::ids::OpKind;
use super::super::test_support::{
    action_modal, active_links, answer_fetch, app_with, ch, ctrl, fetch_req, press,
    reset_link_issued, row, status_text, three_users, typed_shifted, user, validation_error,
    write_done, write_of, write_ok,
};
use super::super::*;
use super::dropped;
use crate::okta::{LifecycleOp, UserStatus};

#[test]
fn menu_lists_what_the_fresh_get_allows_and_runs_suspend() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'a'));
    assert!(matches!(action_modal(&a), ActionModal::Checking { .. }));
    // The list row says ACTIVE; the fresh GET decides.
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    let ActionModal::Menu(menu) = action_modal(&a) else {
        panic!("menu expected");
    };
    let ops: Vec<_> = menu
        .items
        .iter()
        .filter_map(|i| match i {
            MenuItem::Op(k) => Some(*k),
            _ => None,
        })
        .collect();
    assert!(ops.contains(&OpKind::Suspend));
    assert!(ops.contains(&OpKind::ResetPassword));
    assert!(!ops.contains(&OpKind::Unsuspend));
    assert!(!ops.contains(&OpKind::Unlock));
    assert!(!ops.contains(&OpKind::Activate));

    // The item's own key picks it: a confirm naming user, tenant and effect.
    assert!(ch(&mut a, 'S').is_empty());
    let ActionModal::Confirm(c) = action_modal(&a) else {
        panic!("confirm expected");
    };
    assert_eq!(c.kind, OpKind::Suspend);
    assert_eq!(c.target.login, *rows[0].login());
    let (wreq, op) = write_of(&ch(&mut a, 'y'));
    assert_eq!(
        op,
        WriteOp::Lifecycle {
            target: Target::of_row(&rows[0]),
            op: LifecycleOp::Suspend
        }
    );
    assert!(matches!(action_modal(&a), ActionModal::Running { .. }));

    // The fresh GET after the write updates the row in place; the status says what ran.
    write_done(
        &mut a,
        wreq,
        write_ok(Some(user(&rows[0], "SUSPENDED", &["unsuspend"]))),
    );
    assert!(a.modal.is_none());
    assert_eq!(a.users.list.rows[0].status(), UserStatus::Suspended);
    assert_eq!(a.users.list.rows.len(), 3);
    let s = status_text(&a);
    assert!(
        s.contains("suspend") && s.contains("SUSPENDED") && s.contains("rid-77"),
        "{s}"
    );
}

#[test]
fn confirm_cancel_sends_nothing() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'S'));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    assert!(matches!(action_modal(&a), ActionModal::Confirm(_)));
    assert!(press(&mut a, KeyCode::Esc).is_empty());
    assert!(a.modal.is_none());
    assert!(status_text(&a).contains("cancelled"));
    assert_eq!(a.users.list.rows[0].status(), UserStatus::Active);
}

#[test]
fn a_key_the_fresh_status_does_not_allow_is_refused_with_what_is_possible() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    // The row is stale: Okta now says SUSPENDED, so Suspend is refused.
    let req = fetch_req(&ch(&mut a, 'S'));
    assert!(
        answer_fetch(
            &mut a,
            req,
            user(&rows[0], "SUSPENDED", &["unsuspend", "deactivate"])
        )
        .is_empty()
    );
    assert!(a.modal.is_none());
    let s = status_text(&a);
    assert!(
        s.contains("not possible") && s.contains("SUSPENDED") && s.contains("Unsuspend"),
        "{s}"
    );
    // And the row took the fresh status.
    assert_eq!(a.users.list.rows[0].status(), UserStatus::Suspended);
}

#[test]
fn write_error_shows_code_summary_request_id_and_keeps_the_list() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'S'));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    let (wreq, _) = write_of(&ch(&mut a, 'y'));
    write_done(&mut a, wreq, Err(validation_error(403, "E0000006", &[])));
    let Some(Modal::Error(info)) = &a.modal else {
        panic!("error dialog expected");
    };
    assert_eq!(info.code.as_deref(), Some("E0000006"));
    assert_eq!(info.request_id.as_deref(), Some("rid-err"));
    assert!(info.hint.is_some());
    assert!(status_text(&a).contains("E0000006"));
    assert_eq!(a.users.list.rows.len(), 3);
    assert_eq!(a.users.list.rows[0].status(), UserStatus::Active);
}

#[test]
fn stale_answers_are_dropped() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'S'));
    // Esc gives up waiting; the late answer changes nothing.
    press(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none());
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    assert!(a.modal.is_none());
    write_done(&mut a, ReqId(9999), write_ok(None));
    assert!(a.modal.is_none());
}

#[test]
fn reset_link_options_link_dialog_and_copy() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'P'));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    let ActionModal::Confirm(c) = action_modal(&a) else {
        panic!("confirm expected");
    };
    assert!(!c.send_email, "reset shows the link by default");
    ch(&mut a, 'r');
    let (wreq, op) = write_of(&ch(&mut a, 'y'));
    assert!(matches!(
        op,
        WriteOp::Lifecycle {
            op: LifecycleOp::ResetPassword {
                send_email: false,
                revoke_sessions: true
            },
            ..
        }
    ));
    write_done(
        &mut a,
        wreq,
        reset_link_issued(user(&rows[0], "RECOVERY", &["reactivate"])),
    );
    assert!(matches!(action_modal(&a), ActionModal::Link { .. }));
    // The link is in the dialog, not on the status line.
    assert!(!status_text(&a).contains("TOKEN"));
    let effects = ch(&mut a, 'y');
    assert_eq!(
        effects,
        vec![Effect::Copy {
            text: "https://acme.okta.com/reset/TOKEN".into(),
            what: "password reset link".into()
        }]
    );
    a.update(Msg::Copied("password reset link".into()));
    assert!(!status_text(&a).contains("TOKEN"));
    press(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none());
    assert_eq!(a.users.list.rows[0].status(), UserStatus::Recovery);
}

#[test]
fn activate_offers_the_email_choice() {
    let staged = row(9, "Stan", UserStatus::Staged);
    let mut a = app_with(false, vec![staged.clone()]);
    let req = fetch_req(&ch(&mut a, 'A'));
    answer_fetch(
        &mut a,
        req,
        user(&staged, "STAGED", &["activate", "deactivate"]),
    );
    let ActionModal::Confirm(c) = action_modal(&a) else {
        panic!("confirm expected");
    };
    assert!(c.send_email, "activate emails by default, like Okta");
    ch(&mut a, 'e');
    let (_, op) = write_of(&ch(&mut a, 'y'));
    assert!(matches!(
        op,
        WriteOp::Lifecycle {
            op: LifecycleOp::Activate { send_email: false },
            ..
        }
    ));
    // A PROVISIONED user gets Reactivate.
    let prov = row(10, "Pat", UserStatus::Provisioned);
    let mut a = app_with(false, vec![prov.clone()]);
    let req = fetch_req(&ch(&mut a, 'A'));
    answer_fetch(
        &mut a,
        req,
        user(&prov, "PROVISIONED", &["reactivate", "deactivate"]),
    );
    let (_, op) = write_of(&ch(&mut a, 'y'));
    assert!(matches!(
        op,
        WriteOp::Lifecycle {
            op: LifecycleOp::Reactivate { send_email: false },
            ..
        }
    ));
}

#[test]
fn deactivate_warns_about_app_assignments() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'D'));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    let ActionModal::Confirm(c) = action_modal(&a) else {
        panic!("confirm expected");
    };
    assert!(c.effect_lines().join(" ").contains("app assignments"));
}

#[test]
fn delete_deactivates_on_a_plain_confirm_then_needs_the_login_typed_to_delete_for_good() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&press(&mut a, KeyCode::Delete));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    let ActionModal::Confirm(c) = action_modal(&a) else {
        panic!("confirm expected");
    };
    assert!(c.effect_lines().join(" ").contains("two steps"));
    // Step 1 deactivates, which Activate undoes: confirmed like any write, no typing.
    let (wreq, op) = write_of(&ch(&mut a, 'y'));
    assert!(matches!(
        op,
        WriteOp::Delete {
            deprovisioned: false,
            ..
        }
    ));
    write_done(
        &mut a,
        wreq,
        write_ok(Some(user(&rows[0], "DEPROVISIONED", &["activate"]))),
    );
    assert_eq!(a.users.list.rows[0].status(), UserStatus::Deprovisioned);

    // Second step on the deactivated user: the login typed back; a wrong one is told.
    let req = fetch_req(&press(&mut a, KeyCode::Delete));
    answer_fetch(&mut a, req, user(&rows[0], "DEPROVISIONED", &["activate"]));
    assert!(ch(&mut a, 'y').is_empty(), "y is a typed letter here");
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert!(
        super::screen_text(&a).contains("that is not the login"),
        "a mistyped login gets an answer"
    );
    ctrl(&mut a, 'u');
    typed_shifted(&mut a, rows[0].login());
    let (wreq, op) = write_of(&press(&mut a, KeyCode::Enter));
    assert!(matches!(
        op,
        WriteOp::Delete {
            deprovisioned: true,
            ..
        }
    ));
    write_done(
        &mut a,
        wreq,
        Ok(WriteOutcome {
            gone: true,
            ..Default::default()
        }),
    );
    assert_eq!(a.users.list.rows.len(), 3);
    assert_eq!(a.users.list.rows[0].status_api(), "DELETED");
}

#[test]
fn clear_sessions_flow() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'X'));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    ch(&mut a, 'o');
    let (_, op) = write_of(&ch(&mut a, 'y'));
    assert!(matches!(
        op,
        WriteOp::ClearSessions {
            oauth_tokens: true,
            ..
        }
    ));
}

#[test]
fn read_only_hides_and_refuses_write_keys() {
    let mut a = app_with(true, three_users());
    assert!(!a.key_available(Action::SuspendUser));
    assert!(!a.key_available(Action::CreateUser));
    assert!(a.key_available(Action::Filter));
    let footer = a
        .keymap
        .footer_where(Context::Users, |x| a.key_available(x));
    assert!(
        !footer
            .iter()
            .any(|(_, l)| *l == "suspend" || *l == "actions")
    );
    assert!(ch(&mut a, 'S').is_empty());
    assert!(ch(&mut a, 'a').is_empty());
    assert!(ch(&mut a, 'C').is_empty());
    assert!(a.modal.is_none());
    assert!(status_text(&a).contains("read-only"));
}

#[test]
fn footer_follows_the_selected_rows_status() {
    let a = app_with(false, three_users());
    assert!(a.key_available(Action::SuspendUser));
    assert!(!a.key_available(Action::Unsuspend));
    let mut a = a;
    ch(&mut a, 'j'); // Bob, SUSPENDED
    assert!(!a.key_available(Action::SuspendUser));
    assert!(a.key_available(Action::Unsuspend));
}

#[test]
fn journal_palette_command_reads_and_shows_entries() {
    let mut a = app_with(false, three_users());
    let effects = a.run_command("journal");
    let req = match effects.as_slice() {
        [Effect::Action(ActionEffect::ReadJournal { req })] => *req,
        other => panic!("{other:?}"),
    };
    let entry =
        crate::journal::JournalEntry::new(crate::journal::Source::Console, "acme", "suspend");
    a.update(Msg::Action(ActionMsg::Journal {
        req,
        entries: vec![entry],
    }));
    let ActionModal::Journal(journal) = action_modal(&a) else {
        panic!("journal expected");
    };
    assert_eq!(journal.entries.as_ref().map(Vec::len), Some(1));
}

#[test]
fn failed_write_rereads_the_user_and_does_not_say_press_r() {
    let mut a = app_with(false, three_users());
    let first = a.users.list.rows[0].clone();
    let req = fetch_req(&ch(&mut a, 'a'));
    answer_fetch(
        &mut a,
        req,
        user(&first, "ACTIVE", &["suspend", "deactivate"]),
    );
    assert!(ch(&mut a, 'S').is_empty());
    let wreq = match ch(&mut a, 'y').as_slice() {
        [Effect::Action(ActionEffect::Write { req, .. })] => *req,
        other => panic!("expected a write, got {other:?}"),
    };
    let effects = a.update(Msg::Action(ActionMsg::WriteDone {
        req: wreq,
        result: Err(dropped()),
    }));
    let rreq = match effects.as_slice() {
        [Effect::Action(ActionEffect::FetchUser { req, user_id })] => {
            assert_eq!(*user_id, *first.id());
            *req
        }
        other => panic!("expected one FetchUser, got {other:?}"),
    };
    let Some(Modal::Error(info)) = &a.modal else {
        panic!("error dialog expected");
    };
    let hint = info.hint.clone().unwrap_or_default();
    assert!(!hint.contains("Press r"), "{hint}");
    assert!(hint.contains("check the user's status"), "{hint}");
    // The re-read shows the true status (the suspend did happen).
    answer_fetch(&mut a, rreq, user(&first, "SUSPENDED", &["unsuspend"]));
    assert_eq!(a.users.list.rows[0].status(), UserStatus::Suspended);
    assert!(status_text(&a).contains("SUSPENDED"));
    assert!(!matches!(
        &a.modal,
        Some(Modal::Action(m)) if matches!(m.as_ref(), ActionModal::Checking { .. })
    ));
}

#[test]
fn the_delete_confirm_closes_on_esc_or_ctrl_c_and_sends_nothing() {
    let rows = three_users();
    for cancel in [KeyCode::Esc, KeyCode::Char('c')] {
        let mut a = app_with(false, rows.clone());
        let req = fetch_req(&press(&mut a, KeyCode::Delete));
        answer_fetch(&mut a, req, user(&rows[0], "DEPROVISIONED", &["activate"]));
        typed_shifted(&mut a, rows[0].login());
        let effects = match cancel {
            KeyCode::Char(c) => ctrl(&mut a, c),
            other => press(&mut a, other),
        };
        assert!(effects.is_empty());
        assert!(a.modal.is_none(), "{cancel:?} closes the dialog");
        // The row shows what the fresh GET said, and nothing was deleted.
        assert_eq!(a.users.list.rows[0].status(), UserStatus::Deprovisioned);
    }
}

#[test]
fn step_one_of_delete_cancels_on_esc_and_sends_nothing() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&press(&mut a, KeyCode::Delete));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    assert!(press(&mut a, KeyCode::Esc).is_empty());
    assert!(a.modal.is_none());
}

#[test]
fn the_confirm_dialog_shows_invisible_characters_in_the_login_and_warns() {
    let r =
        row(1, "Alice", UserStatus::Active).with(|f| f.login = "ali\u{200b}ce@example.com".into());
    let mut a = app_with(false, vec![r.clone()]);
    let req = fetch_req(&ch(&mut a, 'S'));
    answer_fetch(&mut a, req, user(&r, "ACTIVE", &active_links()));
    let screen = super::screen_text(&a);
    assert!(
        screen.contains("User     ali<U+200B>ce@example.com"),
        "{screen}"
    );
    assert!(screen.contains("invisible characters"), "{screen}");
    let mut a = app_with(false, three_users());
    let req = fetch_req(&ch(&mut a, 'S'));
    answer_fetch(
        &mut a,
        req,
        user(&three_users()[0], "ACTIVE", &active_links()),
    );
    assert!(!super::screen_text(&a).contains("invisible characters"));
}

#[test]
fn the_check_before_a_write_counts_the_rate_limit_wait_down_and_never_back_up() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    ch(&mut a, 'a');
    let wait = |a: &App| match action_modal(a) {
        ActionModal::Checking(c) => c.wait.0,
        other => panic!("checking expected, got {other:?}"),
    };
    assert_eq!(wait(&a), None);
    a.update(Msg::ClientWait(Some(std::time::Duration::from_secs(40))));
    assert_eq!(wait(&a), Some(40));
    let screen = super::drawn_rows(&a).join("\n");
    assert!(screen.contains("rate limit: waiting 40s"), "{screen}");
    a.update(Msg::ClientWait(Some(std::time::Duration::from_secs(39))));
    assert_eq!(wait(&a), Some(39));
    // The client's figure rises (jitter, another request's wait): the count does not.
    a.update(Msg::ClientWait(Some(std::time::Duration::from_millis(
        41_500,
    ))));
    assert_eq!(wait(&a), Some(39));
    a.update(Msg::ClientWait(None));
    assert_eq!(wait(&a), None);
    let screen = super::drawn_rows(&a).join("\n");
    assert!(!screen.contains("rate limit"), "{screen}");
    // A new wait after that one ended starts from its own figure.
    a.update(Msg::ClientWait(Some(std::time::Duration::from_secs(20))));
    assert_eq!(wait(&a), Some(20));
}
