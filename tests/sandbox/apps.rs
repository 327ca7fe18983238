//! App instances, their user and group assignments (scope USER or GROUP), the user's app
//! links following both, the profile schema and the checks an update meets, sessions and
//! per-client token revocation.

use serde_json::json;

use super::api::Api;

async fn app_id(api: &Api, label: &str) -> String {
    let all = api.get("/api/v1/apps").await;
    assert_eq!(all.status, 200);
    all.body
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["label"] == label)
        .and_then(|a| a["id"].as_str())
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn apps_list_and_get_with_their_links() {
    let api = Api::start(20).await;
    let all = api.get("/api/v1/apps").await;
    assert_eq!(all.body.as_array().unwrap().len(), 9);
    let id = app_id(&api, "Slack").await;
    let one = api.get(&format!("/api/v1/apps/{id}")).await;
    assert_eq!(one.status, 200);
    assert_eq!(
        (one.body["name"].as_str(), one.body["status"].as_str()),
        (Some("slack"), Some("ACTIVE"))
    );
    assert!(
        one.body["_links"]["users"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/users")
    );
    let missing = api.get("/api/v1/apps/0oanope").await;
    assert_eq!((missing.status, missing.code()), (404, "E0000007"));
    let q = api.get("/api/v1/apps?q=sl").await;
    assert_eq!(q.body.as_array().unwrap().len(), 1);
    let bad = api.get("/api/v1/apps?filter=user.id%20gt%20%22x%22").await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn direct_and_group_assignments_report_their_scope() {
    let api = Api::start(20).await;
    let uid = api.create_user("apps.user@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let gid = api
        .post(
            "/api/v1/groups",
            Some(json!({"profile": {"name": "Box users"}})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.put(&format!("/api/v1/groups/{gid}/users/{uid}"), None)
        .await;
    let slack = app_id(&api, "Slack").await;
    let boxed = app_id(&api, "Box").await;

    let a = api
        .post(
            &format!("/api/v1/apps/{slack}/users"),
            Some(json!({"id": uid, "scope": "USER"})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["scope"], "USER");
    let g = api
        .put(
            &format!("/api/v1/apps/{boxed}/groups/{gid}"),
            Some(json!({})),
        )
        .await;
    assert_eq!(g.status, 200, "{}", g.body);
    let groups = api.get(&format!("/api/v1/apps/{boxed}/groups")).await;
    assert_eq!(groups.body[0]["id"], gid.as_str());

    let via = api.get(&format!("/api/v1/apps/{boxed}/users/{uid}")).await;
    assert_eq!(via.body["scope"], "GROUP");
    assert_eq!(via.body["_links"]["group"]["name"], "Box users");
    // The user's home page shows both.
    let links = api.get(&format!("/api/v1/users/{uid}/appLinks")).await;
    let labels: Vec<&str> = links
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["label"].as_str())
        .collect();
    assert_eq!(labels, ["Slack", "Box"]);
    // Listed by user, with the assignment embedded.
    let filter: String =
        url::form_urlencoded::byte_serialize(format!("user.id eq \"{uid}\"").as_bytes()).collect();
    let mine = api
        .get(&format!("/api/v1/apps?filter={filter}&expand=user/{uid}"))
        .await;
    let scopes: Vec<&str> = mine
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["_embedded"]["user"]["scope"].as_str())
        .collect();
    assert_eq!(scopes, ["USER", "GROUP"]);

    // A group-derived assignment cannot be removed per user.
    let refused = api
        .delete(&format!("/api/v1/apps/{boxed}/users/{uid}"))
        .await;
    assert_eq!((refused.status, refused.code()), (403, "E0000006"));
    let removed = api
        .delete(&format!("/api/v1/apps/{slack}/users/{uid}"))
        .await;
    assert_eq!(removed.status, 204);
    let again = api
        .delete(&format!("/api/v1/apps/{slack}/users/{uid}"))
        .await;
    assert_eq!(again.status, 404);
    // Leaving the group takes the app with it.
    api.delete(&format!("/api/v1/groups/{gid}/users/{uid}"))
        .await;
    assert_eq!(
        api.get(&format!("/api/v1/apps/{boxed}/users/{uid}"))
            .await
            .status,
        404
    );
    let un = api
        .delete(&format!("/api/v1/apps/{boxed}/groups/{gid}"))
        .await;
    assert_eq!(un.status, 204);
    assert_eq!(
        api.get(&format!("/api/v1/apps/{boxed}/groups")).await.body,
        json!([])
    );
}

#[tokio::test]
async fn the_profile_schema_and_the_checks_an_update_meets() {
    let api = Api::start(20).await;
    let s = api.get("/api/v1/meta/schemas/user/default").await;
    assert_eq!(s.status, 200);
    let base = &s.body["definitions"]["base"];
    assert_eq!(base["properties"]["login"]["maxLength"], 100);
    assert!(
        base["required"]
            .as_array()
            .unwrap()
            .contains(&json!("firstName"))
    );
    let custom = &s.body["definitions"]["custom"]["properties"];
    assert_eq!(custom["workerType"]["enum"][1], "contractor");
    assert_eq!(custom["hrId"]["mutability"], "READ_ONLY");

    let uid = api.create_user("schema.user@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/users/{uid}");
    let bad = api
        .post(
            &path,
            Some(json!({"profile": {"workerType": "pirate", "countryCode": "FRA", "hrId": "7"}})),
        )
        .await;
    assert_eq!((bad.status, bad.code()), (400, "E0000001"));
    let causes = bad.causes();
    assert!(
        causes.contains(&"workerType: Does not match required enum value".to_owned()),
        "{causes:?}"
    );
    assert!(
        causes.contains(&"countryCode: The field is too long".to_owned()),
        "{causes:?}"
    );
    assert!(
        causes.iter().any(|c| c.starts_with("hrId: Cannot modify")),
        "{causes:?}"
    );
    let ok = api
        .post(&path, Some(json!({"profile": {"workerType": "vendor"}})))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body["profile"]["workerType"], "vendor");
}

#[tokio::test]
async fn sessions_and_client_tokens_end() {
    let api = Api::start(20).await;
    let uid = api.user_with_status("ACTIVE").await;
    api.h.add_sessions(&uid, 2);
    assert_eq!(api.h.sessions(&uid), 2);
    let clients = api.get(&format!("/api/v1/users/{uid}/clients")).await;
    let client = clients.body[0]["client_id"].as_str().map(str::to_owned);
    let r = api
        .delete(&format!(
            "/api/v1/users/{uid}/sessions?oauthTokens=false&forgetDevices=true"
        ))
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(api.h.sessions(&uid), 0);
    if let Some(c) = client {
        assert!(!api.h.tokens_revoked(&uid, &c));
        let t = api
            .delete(&format!("/api/v1/users/{uid}/clients/{c}/tokens"))
            .await;
        assert_eq!(t.status, 204);
        assert!(api.h.tokens_revoked(&uid, &c));
    }
    let unknown = api
        .delete(&format!("/api/v1/users/{uid}/clients/0oanope/tokens"))
        .await;
    assert_eq!(unknown.status, 404);
    api.delete(&format!("/api/v1/users/{uid}/sessions?oauthTokens=true"))
        .await;
    assert!(api.h.tokens_revoked(&uid, "0oa1intranet0000000"));
}

#[tokio::test]
async fn a_groups_admin_role_applies_to_its_members_and_rules_keep_adding() {
    let api = Api::start(20).await;
    let uid = api.create_user("role.member@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let gid = api
        .post(
            "/api/v1/groups",
            Some(json!({"profile": {"name": "Admins by rule"}})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.post(
        &format!("/api/v1/groups/{gid}/roles"),
        Some(json!({"type": "APP_ADMIN"})),
    )
    .await;
    let rule = api
        .post(
            "/api/v1/groups/rules",
            Some(json!({"type": "group_rule", "name": "Ops",
                "conditions": {"expression": {"value": "user.department==\"Ops\"", "type": "urn:okta:expression:1.0"}},
                "actions": {"assignUserToGroups": {"groupIds": [gid]}}})),
        )
        .await;
    let rid = rule.body["id"].as_str().unwrap().to_owned();
    api.post(
        &format!("/api/v1/groups/rules/{rid}/lifecycle/activate"),
        None,
    )
    .await;
    let path = format!("/api/v1/users/{uid}");
    api.post(&path, Some(json!({"profile": {"department": "Ops"}})))
        .await;
    let roles = api.get(&format!("/api/v1/users/{uid}/roles")).await;
    assert_eq!(roles.body[0]["type"], "APP_ADMIN");
    assert_eq!(roles.body[0]["assignmentType"], "GROUP");
    // Taken out by hand, the rule puts the user back at the next profile change.
    api.delete(&format!("/api/v1/groups/{gid}/users/{uid}"))
        .await;
    assert!(!api.h.is_member(&gid, &uid));
    assert_eq!(
        api.get(&format!("/api/v1/users/{uid}/roles")).await.body,
        json!([])
    );
    api.post(&path, Some(json!({"profile": {"title": "Operator"}})))
        .await;
    assert!(api.h.is_member(&gid, &uid));
}
