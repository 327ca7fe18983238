//! The client against a sandbox that answers as recorded Okta orgs do: lifecycle `{}`,
//! unlock refusals, STAGED users without a deactivate link, null profile attributes and
//! group descriptions, per-endpoint rate limits and Okta-shaped request ids.

use std::time::Duration;

use oktui::okta::{Auth, Client, ClientConfig, GroupQuery, LifecycleOp, NewUser, OktaError};
use oktui::sandbox::{SandboxHandle, SandboxOptions, start};

async fn sandbox(users: usize) -> SandboxHandle {
    start(SandboxOptions::new(users)).await.unwrap()
}

fn client(sb: &SandboxHandle) -> Client {
    let mut c = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
    c.timeout = Duration::from_secs(20);
    Client::new(c).unwrap()
}

fn new_user(login: &str, activate: bool) -> NewUser {
    NewUser {
        login: login.into(),
        email: login.into(),
        first_name: "Fi".into(),
        last_name: "Delity".into(),
        password: None,
        recovery_question: None,
        recovery_answer: None,
        group_ids: Vec::new(),
        activate,
    }
}

#[tokio::test]
async fn lifecycle_answers_of_empty_objects_succeed() {
    let sb = sandbox(20).await;
    let c = client(&sb);
    let id = sb.admin_id();
    let r = c.lifecycle(&id, &LifecycleOp::Suspend).await.unwrap();
    assert!(r.value.user.is_none() && r.value.activation_url.is_none());
    assert_eq!(sb.user_status(&id), Some("SUSPENDED"));
    c.lifecycle(&id, &LifecycleOp::Unsuspend).await.unwrap();
    c.lifecycle(&id, &LifecycleOp::ResetFactors).await.unwrap();
    // Nothing enrolled any more: still 200.
    c.lifecycle(&id, &LifecycleOp::ResetFactors).await.unwrap();
    assert_eq!(sb.user_status(&id), Some("ACTIVE"));
}

#[tokio::test]
async fn unlock_of_a_user_not_locked_out_reports_e0000032_with_its_cause() {
    let sb = sandbox(20).await;
    let c = client(&sb);
    let err = c
        .lifecycle(&sb.admin_id(), &LifecycleOp::Unlock)
        .await
        .unwrap_err();
    match err {
        OktaError::Api {
            status,
            code,
            causes,
            ..
        } => {
            assert_eq!((status, code.as_deref()), (403, Some("E0000032")));
            assert_eq!(causes, ["The user is not locked out."]);
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn staged_user_is_offered_and_accepts_deactivate_without_its_link() {
    let sb = sandbox(20).await;
    let c = client(&sb);
    let created = c
        .create_user(&new_user("staged.client@example.org", false))
        .await
        .unwrap()
        .value;
    let id = created.row.id().to_string();
    let user = c.get_user(&id).await.unwrap().value;
    let deactivate = LifecycleOp::Deactivate { send_email: false };
    assert!(!user.has_link("deactivate"));
    assert!(deactivate.offered_for(&user), "the state machine decides");
    c.lifecycle(&id, &deactivate).await.unwrap();
    assert_eq!(sb.user_status(&id), Some("DEPROVISIONED"));
}

#[tokio::test]
async fn null_profile_attributes_and_group_descriptions_are_read() {
    let sb = sandbox(60).await;
    let c = client(&sb);
    let me = c.me().await.unwrap().value;
    // Okta's nulls stay in the raw object; the profile keeps what is set.
    assert!(me.raw["profile"]["secondEmail"].is_null());
    assert!(!me.profile.contains_key("secondEmail"));
    assert!(me.profile.contains_key("login"));
    assert!(me.raw["credentials"]["emails"][0]["type"] == "PRIMARY");
    let groups = c
        .list_groups(GroupQuery::default())
        .collect_all()
        .await
        .unwrap();
    let unset = groups.iter().filter(|g| !g.description.is_set()).count();
    assert!(unset > 0, "some group has a null description");
    assert!(groups.iter().any(|g| g.description.is_set()));
}

#[tokio::test]
async fn rate_budgets_and_request_ids_look_like_okta() {
    let sb = sandbox(20).await;
    let c = client(&sb);
    let me = c.me().await.unwrap();
    let rid = me.response.request_id.clone().unwrap();
    assert_eq!(rid.len(), 32);
    assert!(rid.chars().all(|ch| ch.is_ascii_hexdigit()));
    let budget = c.rate_budget_of("/api/v1/users/me").unwrap();
    assert_eq!(budget.limit, 2000, "single-user reads");
    c.list_groups(GroupQuery::default())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(c.rate_budget_of("/api/v1/groups").unwrap().limit, 500);
}
