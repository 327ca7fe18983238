//! Reducer tests of the write actions: each flow (menu, confirm, cancel, result, error),
//! links, delete, create form, membership, bulk runs, read-only. No I/O: feed `Msg`s, check
//! the model and the `Effect`s.

use crossterm::event::KeyCode;

use super::actions::{ActionEffect, ActionModal, ActionMsg, OpKind, WriteOp, WriteOutcome};
use super::bulk::{ItemState, Phase};
use super::create_form::Field;
use super::test_support::{
    acme_app, ch, ctrl, ok_response, press, row, typed_shifted, user, with_loaded_rows,
};
use super::*;
use crate::okta::{Fetched, Group, GroupType, LifecycleOp, OktaError, User, UserRow, UserStatus};

fn app_with(read_only: bool, rows: Vec<UserRow>) -> App {
    with_loaded_rows(acme_app(120, 36, false, read_only), rows)
}

fn three() -> Vec<UserRow> {
    vec![
        row(1, "Alice", UserStatus::Active),
        row(2, "Bob", UserStatus::Suspended),
        row(3, "Carol", UserStatus::Active),
    ]
}

fn active_links() -> Vec<&'static str> {
    vec![
        "suspend",
        "deactivate",
        "resetPassword",
        "expirePassword",
        "changePassword",
    ]
}

fn fetch_req(effects: &[Effect]) -> ReqId {
    match effects {
        [Effect::Action(ActionEffect::FetchUser { req, .. })] => *req,
        other => panic!("expected one FetchUser, got {other:?}"),
    }
}

fn write_of(effects: &[Effect]) -> (ReqId, WriteOp) {
    match effects {
        [Effect::Action(ActionEffect::Write { req, op, tenant })] => {
            assert_eq!(tenant, "acme");
            (*req, op.clone())
        }
        other => panic!("expected one Write, got {other:?}"),
    }
}

fn fetched(a: &mut App, req: ReqId, u: User) -> Vec<Effect> {
    a.update(Msg::Action(ActionMsg::UserFetched {
        req,
        result: Ok(Fetched {
            value: u,
            response: ok_response(),
        }),
    }))
}

fn done(a: &mut App, req: ReqId, result: Result<WriteOutcome, OktaError>) -> Vec<Effect> {
    a.update(Msg::Action(ActionMsg::WriteDone { req, result }))
}

fn ok_with(u: Option<User>) -> Result<WriteOutcome, OktaError> {
    Ok(WriteOutcome {
        user: u,
        link: None,
        request_id: Some("rid-77".into()),
        gone: false,
    })
}

fn api_error(status: u16, code: &str, causes: &[&str]) -> OktaError {
    OktaError::Api {
        status,
        code: Some(code.into()),
        summary: "Api validation failed: login".into(),
        causes: causes.iter().map(|c| (*c).to_owned()).collect(),
        request_id: Some("rid-err".into()),
        www_authenticate: None,
    }
}

fn action_modal(a: &App) -> &ActionModal {
    match &a.modal {
        Some(Modal::Action(m)) => m,
        other => panic!("expected an action dialog, got {other:?}"),
    }
}

fn status_text(a: &App) -> String {
    a.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn menu_lists_what_the_fresh_get_allows_and_runs_suspend() {
    let rows = three();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'a'));
    assert!(matches!(action_modal(&a), ActionModal::Checking { .. }));
    // The list row says ACTIVE; the fresh GET decides.
    fetched(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    let ActionModal::Menu { items, .. } = action_modal(&a) else {
        panic!("menu expected");
    };
    let ops: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            actions::MenuItem::Op(k) => Some(*k),
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
    assert_eq!(c.target.login, *rows[0].login);
    let (wreq, op) = write_of(&ch(&mut a, 'y'));
    assert_eq!(
        op,
        WriteOp::Lifecycle {
            target: actions::Target::of_row(&rows[0]),
            op: LifecycleOp::Suspend
        }
    );
    assert!(matches!(action_modal(&a), ActionModal::Running { .. }));

    // The fresh GET after the write updates the row in place; the status says what ran.
    done(
        &mut a,
        wreq,
        ok_with(Some(user(&rows[0], "SUSPENDED", &["unsuspend"]))),
    );
    assert!(a.modal.is_none());
    assert_eq!(a.users.list.rows[0].status, UserStatus::Suspended);
    assert_eq!(a.users.list.rows.len(), 3);
    let s = status_text(&a);
    assert!(
        s.contains("suspend") && s.contains("SUSPENDED") && s.contains("rid-77"),
        "{s}"
    );
}

#[test]
fn confirm_cancel_sends_nothing() {
    let rows = three();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'S'));
    fetched(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    assert!(matches!(action_modal(&a), ActionModal::Confirm(_)));
    assert!(press(&mut a, KeyCode::Esc).is_empty());
    assert!(a.modal.is_none());
    assert!(status_text(&a).contains("cancelled"));
    assert_eq!(a.users.list.rows[0].status, UserStatus::Active);
}

#[test]
fn a_key_the_fresh_status_does_not_allow_is_refused_with_what_is_possible() {
    let rows = three();
    let mut a = app_with(false, rows.clone());
    // The row is stale: Okta now says SUSPENDED, so Suspend is refused.
    let req = fetch_req(&ch(&mut a, 'S'));
    assert!(
        fetched(
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
    assert_eq!(a.users.list.rows[0].status, UserStatus::Suspended);
}

#[test]
fn write_error_shows_code_summary_request_id_and_keeps_the_list() {
    let rows = three();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'S'));
    fetched(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    let (wreq, _) = write_of(&ch(&mut a, 'y'));
    done(&mut a, wreq, Err(api_error(403, "E0000006", &[])));
    let Some(Modal::Error(info)) = &a.modal else {
        panic!("error dialog expected");
    };
    assert_eq!(info.code.as_deref(), Some("E0000006"));
    assert_eq!(info.request_id.as_deref(), Some("rid-err"));
    assert!(info.hint.is_some());
    assert!(status_text(&a).contains("E0000006"));
    assert_eq!(a.users.list.rows.len(), 3);
    assert_eq!(a.users.list.rows[0].status, UserStatus::Active);
}

#[test]
fn stale_answers_are_dropped() {
    let rows = three();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'S'));
    // Esc gives up waiting; the late answer changes nothing.
    press(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none());
    fetched(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    assert!(a.modal.is_none());
    done(&mut a, ReqId(9999), ok_with(None));
    assert!(a.modal.is_none());
}

#[test]
fn reset_link_options_link_dialog_and_copy() {
    let rows = three();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'P'));
    fetched(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
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
    done(
        &mut a,
        wreq,
        Ok(WriteOutcome {
            user: Some(user(&rows[0], "RECOVERY", &["reactivate"])),
            link: Some("https://acme.okta.com/reset/TOKEN".into()),
            request_id: None,
            gone: false,
        }),
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
    assert_eq!(a.users.list.rows[0].status, UserStatus::Recovery);
}

#[test]
fn activate_offers_the_email_choice() {
    let staged = row(9, "Stan", UserStatus::Staged);
    let mut a = app_with(false, vec![staged.clone()]);
    let req = fetch_req(&ch(&mut a, 'A'));
    fetched(
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
    fetched(
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
    let rows = three();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'D'));
    fetched(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    let ActionModal::Confirm(c) = action_modal(&a) else {
        panic!("confirm expected");
    };
    assert!(c.effect_lines().join(" ").contains("app assignments"));
}

#[test]
fn delete_explains_two_steps_and_needs_the_login_typed() {
    let rows = three();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&press(&mut a, KeyCode::Delete));
    fetched(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    let ActionModal::Confirm(c) = action_modal(&a) else {
        panic!("confirm expected");
    };
    assert!(c.effect_lines().join(" ").contains("two steps"));
    // Enter without the login does nothing; `y` is just a typed letter here.
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert!(ch(&mut a, 'y').is_empty());
    ctrl(&mut a, 'u');
    typed_shifted(&mut a, &rows[0].login);
    let (wreq, op) = write_of(&press(&mut a, KeyCode::Enter));
    assert!(matches!(
        op,
        WriteOp::Delete {
            deprovisioned: false,
            ..
        }
    ));
    done(
        &mut a,
        wreq,
        ok_with(Some(user(&rows[0], "DEPROVISIONED", &["activate"]))),
    );
    assert_eq!(a.users.list.rows[0].status, UserStatus::Deprovisioned);

    // Second step on the deactivated user: gone, but the row stays and says so.
    let req = fetch_req(&press(&mut a, KeyCode::Delete));
    fetched(&mut a, req, user(&rows[0], "DEPROVISIONED", &["activate"]));
    typed_shifted(&mut a, &rows[0].login);
    let (wreq, op) = write_of(&press(&mut a, KeyCode::Enter));
    assert!(matches!(
        op,
        WriteOp::Delete {
            deprovisioned: true,
            ..
        }
    ));
    done(
        &mut a,
        wreq,
        Ok(WriteOutcome {
            gone: true,
            ..Default::default()
        }),
    );
    assert_eq!(a.users.list.rows.len(), 3);
    assert_eq!(a.users.list.rows[0].status.as_api(), "DELETED");
}

#[test]
fn clear_sessions_flow() {
    let rows = three();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'X'));
    fetched(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
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
    let mut a = app_with(true, three());
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
    let a = app_with(false, three());
    assert!(a.key_available(Action::SuspendUser));
    assert!(!a.key_available(Action::Unsuspend));
    let mut a = a;
    ch(&mut a, 'j'); // Bob, SUSPENDED
    assert!(!a.key_available(Action::SuspendUser));
    assert!(a.key_available(Action::Unsuspend));
}

#[test]
fn bulk_plan_paced_run_continues_past_failures_and_reports() {
    let rows = three();
    let mut a = app_with(false, rows.clone());
    for _ in 0..3 {
        ch(&mut a, ' ');
    }
    assert_eq!(a.marked_count(), 3);
    assert!(ch(&mut a, 'S').is_empty(), "a plan first, nothing sent");
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("plan expected");
    };
    assert_eq!(run.phase, Phase::Plan);
    assert_eq!(run.to_send(), 2, "Bob is SUSPENDED: skipped");
    assert!(run.estimate.contains("requests"));
    let effects = press(&mut a, KeyCode::Enter);
    assert_eq!(effects.len(), 2, "at most IN_FLIGHT writes at once");
    let reqs: Vec<ReqId> = effects
        .iter()
        .map(|e| match e {
            Effect::Action(ActionEffect::Write { req, .. }) => *req,
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(done(&mut a, reqs[0], Err(api_error(400, "E0000001", &[]))).is_empty());
    done(
        &mut a,
        reqs[1],
        ok_with(Some(user(&rows[2], "SUSPENDED", &["unsuspend"]))),
    );
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Done);
    assert_eq!((run.ok(), run.failed()), (1, 1));
    assert!(matches!(run.items[1].state, ItemState::Skipped(_)));
    assert_eq!(a.users.list.rows[2].status, UserStatus::Suspended);
    assert!(status_text(&a).contains("1 ok, 1 failed"));
    press(&mut a, KeyCode::Enter);
    assert!(a.modal.is_none());
    assert_eq!(a.marked_count(), 0);
}

#[test]
fn bulk_run_stops_on_esc() {
    let rows: Vec<UserRow> = (0..6).map(|i| row(i, "Ann", UserStatus::Active)).collect();
    let mut a = app_with(false, rows.clone());
    for _ in 0..6 {
        ch(&mut a, ' ');
    }
    ch(&mut a, 'S');
    let effects = press(&mut a, KeyCode::Enter);
    assert_eq!(effects.len(), 2);
    let first = match &effects[0] {
        Effect::Action(ActionEffect::Write { req, .. }) => *req,
        _ => unreachable!(),
    };
    let second = match &effects[1] {
        Effect::Action(ActionEffect::Write { req, .. }) => *req,
        _ => unreachable!(),
    };
    // One answer sends the next write.
    assert_eq!(done(&mut a, first, ok_with(None)).len(), 1);
    press(&mut a, KeyCode::Esc);
    assert!(
        done(&mut a, second, ok_with(None)).is_empty(),
        "stopped: nothing new"
    );
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Stopping, "one write still in flight");
    let third = run
        .items
        .iter()
        .find_map(|i| match i.state {
            ItemState::Running(r) => Some(r),
            _ => None,
        })
        .expect("in flight");
    done(&mut a, third, ok_with(None));
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Done);
    assert_eq!(run.count(|s| *s == ItemState::NotRun), 3);
}

#[test]
fn esc_unmarks_before_anything_else() {
    let mut a = app_with(false, three());
    ch(&mut a, ' ');
    assert_eq!(a.marked_count(), 1);
    assert!(press(&mut a, KeyCode::Esc).is_empty());
    assert_eq!(a.marked_count(), 0);
}

fn fill_form(a: &mut App, login: &str) {
    typed_shifted(a, login);
    press(a, KeyCode::Tab);
    typed_shifted(a, "new@example.com");
    press(a, KeyCode::Tab);
    typed_shifted(a, "New");
    press(a, KeyCode::Tab);
    typed_shifted(a, "Person");
}

#[test]
fn create_form_validates_then_shows_okta_causes_beside_fields_then_selects_the_new_user() {
    let mut a = app_with(false, three());
    ch(&mut a, 'C');
    assert!(ctrl(&mut a, 's').is_empty(), "nothing sent when invalid");
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form expected");
    };
    assert!(f.error_for(Field::Login).is_some());
    assert!(f.error_for(Field::Email).is_some());
    assert!(f.error_for(Field::First).is_some());

    fill_form(&mut a, "not-an-email");
    // Passwords typed twice must match.
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Secret-pass-1");
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Secret-pass-2");
    assert!(ctrl(&mut a, 's').is_empty());
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form expected");
    };
    assert!(f.error_for(Field::Login).is_some());
    assert!(f.error_for(Field::Password2).is_some());

    // The focus went to the first problem (login). Fix both.
    assert_eq!(f.focus, Field::Login);
    ctrl(&mut a, 'u');
    typed_shifted(&mut a, "taken@example.com");
    for _ in 0..5 {
        press(&mut a, KeyCode::Tab);
    }
    press(&mut a, KeyCode::Backspace);
    ch(&mut a, '1');
    for _ in 0..5 {
        press(&mut a, KeyCode::BackTab);
    }
    let (req, op) = write_of(&ctrl(&mut a, 's'));
    let WriteOp::Create(spec) = &op else {
        panic!("create expected");
    };
    assert_eq!(spec.0.login, "taken@example.com");
    assert!(spec.0.password.is_some() && spec.0.activate);

    // Okta says the login is taken: the cause lands beside the login; nothing typed is lost.
    done(
        &mut a,
        req,
        Err(api_error(
            400,
            "E0000001",
            &["login: An object with this field already exists in the current organization"],
        )),
    );
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form stays open");
    };
    assert!(
        f.error_for(Field::Login)
            .is_some_and(|e| e.contains("already exists"))
    );
    assert_eq!(f.focus, Field::Login);
    assert_eq!(f.value(Field::Email), "new@example.com");
    assert_eq!(f.value(Field::Password), "Secret-pass-1");
    assert!(f.general.as_deref().is_some_and(|g| g.contains("rid-err")));

    ctrl(&mut a, 'u');
    typed_shifted(&mut a, "fresh@example.com");
    let (req, _) = write_of(&ctrl(&mut a, 's'));
    let new_row = row(50, "Fresh", UserStatus::Active);
    done(
        &mut a,
        req,
        ok_with(Some(user(&new_row, "ACTIVE", &active_links()))),
    );
    assert!(a.modal.is_none());
    assert_eq!(
        a.users.list.selected_row().map(|r| r.id.clone()),
        Some(new_row.id)
    );
    assert!(status_text(&a).contains("created"));
}

#[test]
fn create_form_esc_asks_before_discarding() {
    let mut a = app_with(false, three());
    ch(&mut a, 'C');
    press(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none(), "nothing typed: closes at once");
    ch(&mut a, 'C');
    typed_shifted(&mut a, "x");
    press(&mut a, KeyCode::Esc);
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form stays");
    };
    assert!(f.confirm_discard);
    ch(&mut a, 'n');
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form stays");
    };
    assert_eq!(f.value(Field::Login), "x");
    press(&mut a, KeyCode::Esc);
    ch(&mut a, 'y');
    assert!(a.modal.is_none());
}

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

#[test]
fn membership_from_a_user_add_to_groups_via_picker() {
    let rows = three();
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
    assert!(press(&mut a, KeyCode::Enter).is_empty(), "a plan first");
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
    let mut a = app_with(false, three());
    ch(&mut a, '2');
    let req = a.groups.list.req.expect("groups load");
    a.update(Msg::Page {
        req,
        slot: Slot::Groups,
        items: PageItems::Groups(vec![group("00gapp", "AD Sales", GroupType::AppGroup)]),
        more: false,
    });
    press(&mut a, KeyCode::Enter);
    assert!(ch(&mut a, 'M').is_empty());
    assert!(a.modal.is_none());
    assert!(status_text(&a).contains("APP_GROUP"));
}

#[test]
fn membership_from_a_group_remove_selected_member() {
    let rows = three();
    let mut a = app_with(false, rows.clone());
    ch(&mut a, '2');
    let req = a.groups.list.req.expect("groups load");
    a.update(Msg::Page {
        req,
        slot: Slot::Groups,
        items: PageItems::Groups(vec![group("00gokta", "Eng", GroupType::OktaGroup)]),
        more: false,
    });
    let effects = press(&mut a, KeyCode::Enter);
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
        matches!(&op, WriteOp::RemoveMember { group, target } if group.id == "00gokta" && target.id == *rows[0].id)
    );
    // The members list reloads after the run.
    let effects = done(&mut a, req, ok_with(None));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadMembers { .. }))
    );
}

#[test]
fn journal_palette_command_reads_and_shows_entries() {
    let mut a = app_with(false, three());
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
    let ActionModal::Journal { entries, .. } = action_modal(&a) else {
        panic!("journal expected");
    };
    assert_eq!(entries.as_ref().map(Vec::len), Some(1));
}

#[test]
fn journal_options_never_carry_secrets() {
    let mut a = app_with(false, three());
    ch(&mut a, 'C');
    fill_form(&mut a, "new.person@example.com");
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Hunter2-Secret");
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Hunter2-Secret");
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Pet?");
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Rex-Answer");
    let (_, op) = write_of(&ctrl(&mut a, 's'));
    let text = serde_json::Value::Object(op.options()).to_string();
    assert!(
        !text.contains("Hunter2") && !text.contains("Rex-Answer"),
        "{text}"
    );
    assert!(!format!("{op:?}").contains("Hunter2"));
    assert!(!format!("{:?}", a.modal).contains("Rex-Answer"));
}

#[test]
fn estimate_counts_windows_beyond_the_budget() {
    use crate::okta::RateBudget;
    let b = RateBudget {
        bucket: "/api/v1/users",
        limit: 600,
        remaining: 100,
        reset_epoch: 1_000_030,
    };
    // 2,000 requests, 100 left: the rest needs 1,900 / 600 → 3 more windows (+ a part).
    let text = bulk::estimate(2000, Some(b), 1_000_000);
    assert!(text.starts_with("2000 requests, about 3 min"), "{text}");
    let text = bulk::estimate(1, Some(b), 1_000_000);
    assert!(text.starts_with("1 request, about"), "{text}");
    assert!(bulk::estimate(10, None, 0).contains("not known yet"));
}
