//! Admin role assignment to users and groups, and role targets.

use serde_json::json;

use super::api::Api;

#[tokio::test]
async fn assign_list_target_and_unassign_a_user_role() {
    let api = Api::start(60).await;
    let uid = api.create_user("admin2@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let roles = format!("/api/v1/users/{uid}/roles");
    assert_eq!(api.get(&roles).await.body, json!([]));
    let a = api
        .post(&roles, Some(json!({"type": "HELP_DESK_ADMIN"})))
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(a.body["assignmentType"], "USER");
    assert_eq!(a.body["label"], "Help Desk Administrator");
    let rid = a.body["id"].as_str().unwrap().to_owned();
    let again = api
        .post(&roles, Some(json!({"type": "HELP_DESK_ADMIN"})))
        .await;
    assert_eq!((again.status, again.code()), (409, "E0000090"));
    let bad = api.post(&roles, Some(json!({"type": "KING"}))).await;
    assert_eq!((bad.status, bad.code()), (400, "E0000001"));

    let gid = api
        .post(
            "/api/v1/groups",
            Some(json!({"profile": {"name": "Scoped"}})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = api
        .post(
            "/api/v1/groups",
            Some(json!({"profile": {"name": "Scoped 2"}})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let targets = format!("{roles}/{rid}/targets/groups");
    assert_eq!(api.put(&format!("{targets}/{gid}"), None).await.status, 204);
    assert_eq!(
        api.put(&format!("{targets}/{other}"), None).await.status,
        204
    );
    let listed = api.get(&targets).await.body;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(api.delete(&format!("{targets}/{other}")).await.status, 204);
    let last = api.delete(&format!("{targets}/{gid}")).await;
    assert_eq!(
        (last.status, last.code()),
        (400, "E0000001"),
        "the last target stays"
    );
    // App targets only fit APP_ADMIN.
    let wrong = api
        .put(&format!("{roles}/{rid}/targets/catalog/apps/slack"), None)
        .await;
    assert_eq!((wrong.status, wrong.code()), (400, "E0000001"));

    assert_eq!(api.get(&format!("{roles}/{rid}")).await.status, 200);
    assert_eq!(api.delete(&format!("{roles}/{rid}")).await.status, 204);
    assert_eq!(api.get(&format!("{roles}/{rid}")).await.status, 404);
}

#[tokio::test]
async fn a_group_role_reaches_its_members_as_group_assignment() {
    let api = Api::start(20).await;
    let gid = api
        .post(
            "/api/v1/groups",
            Some(json!({"profile": {"name": "App Admins"}})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = api
        .post(
            &format!("/api/v1/groups/{gid}/roles"),
            Some(json!({"type": "APP_ADMIN"})),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(a.body["assignmentType"], "GROUP");
    let rid = a.body["id"].as_str().unwrap().to_owned();
    let apps = format!("/api/v1/groups/{gid}/roles/{rid}/targets/catalog/apps");
    assert_eq!(api.put(&format!("{apps}/slack"), None).await.status, 204);
    assert_eq!(api.get(&apps).await.body[0]["name"], "slack");
    let missing = api.put(&format!("{apps}/no_such_app"), None).await;
    assert_eq!((missing.status, missing.code()), (404, "E0000007"));

    let uid = api.create_user("member@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        api.put(&format!("/api/v1/groups/{gid}/users/{uid}"), None)
            .await
            .status,
        204
    );
    let roles = api.get(&format!("/api/v1/users/{uid}/roles")).await.body;
    assert_eq!(roles[0]["type"], "APP_ADMIN");
    assert_eq!(roles[0]["assignmentType"], "GROUP");
    assert!(
        roles[0]["_links"]["assignee"]["href"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/api/v1/groups/{gid}"))
    );
    assert_eq!(
        api.delete(&format!("/api/v1/groups/{gid}/roles/{rid}"))
            .await
            .status,
        204
    );
    assert_eq!(
        api.get(&format!("/api/v1/users/{uid}/roles")).await.body,
        json!([])
    );
}
