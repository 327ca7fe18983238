//! A write that fails: the user is read again and the status line says what happened.

use super::*;

fn fetch_req(effects: &[Effect]) -> (ReqId, String) {
    match effects {
        [Effect::Action(ActionEffect::FetchUser { req, user_id })] => (*req, user_id.clone()),
        other => panic!("expected one FetchUser, got {other:?}"),
    }
}

#[test]
fn failed_write_rereads_the_user_and_does_not_say_press_r() {
    let (mut a, _) = loaded_wide(3, false);
    let first = a.users.list.rows[0].clone();
    let (req, _) = fetch_req(&ch(&mut a, 'a'));
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
    let (rreq, user_id) = fetch_req(&effects);
    assert_eq!(user_id, *first.id);
    let Some(Modal::Error(info)) = &a.modal else {
        panic!("error dialog expected");
    };
    let hint = info.hint.clone().unwrap_or_default();
    assert!(!hint.contains("Press r"), "{hint}");
    assert!(hint.contains("check the user's status"), "{hint}");
    // The re-read shows the true status (the suspend did happen).
    answer_fetch(&mut a, rreq, user(&first, "SUSPENDED", &["unsuspend"]));
    assert_eq!(a.users.list.rows[0].status, UserStatus::Suspended);
    assert!(status_text(&a).contains("SUSPENDED"));
    assert!(!matches!(
        &a.modal,
        Some(Modal::Action(m)) if matches!(m.as_ref(), ActionModal::Checking { .. })
    ));
}
