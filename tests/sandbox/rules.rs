//! Group rules: list, create, replace, activate (with the membership it causes), deactivate,
//! delete.

use serde_json::{Value, json};

use super::api::Api;

fn rule(name: &str, expression: &str, groups: &[&str]) -> Value {
    json!({
        "type": "group_rule",
        "name": name,
        "conditions": {"expression": {"value": expression, "type": "urn:okta:expression:1.0"}},
        "actions": {"assignUserToGroups": {"groupIds": groups}},
    })
}

#[tokio::test]
async fn a_rule_adds_matching_users_while_active() {
    let api = Api::start(20).await;
    let gid = api
        .post(
            "/api/v1/groups",
            Some(json!({"profile": {"name": "Sales Team"}})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let seller = api.create_user("seller@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let _ = api
        .post(
            &format!("/api/v1/users/{seller}"),
            Some(json!({"profile": {"department": "Sales"}})),
        )
        .await;
    let a = api
        .post(
            "/api/v1/groups/rules",
            Some(rule("Sales", r#"user.department=="Sales""#, &[&gid])),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "INACTIVE");
    let rid = a.body["id"].as_str().unwrap().to_owned();
    assert!(!api.h.is_member(&gid, &seller), "inactive rules do nothing");

    let act = api
        .post(
            &format!("/api/v1/groups/rules/{rid}/lifecycle/activate"),
            None,
        )
        .await;
    assert_eq!(act.status, 204);
    assert!(api.h.is_member(&gid, &seller));

    // While active it applies to users created or changed later.
    let later = api.create_user("later@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!api.h.is_member(&gid, &later));
    let _ = api
        .post(
            &format!("/api/v1/users/{later}"),
            Some(json!({"profile": {"department": "Sales"}})),
        )
        .await;
    assert!(api.h.is_member(&gid, &later));

    // An active rule cannot be replaced.
    let r = api
        .put(
            &format!("/api/v1/groups/rules/{rid}"),
            Some(rule("Sales 2", r#"user.department=="Sales""#, &[&gid])),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "E0000001"));
    let de = api
        .post(
            &format!("/api/v1/groups/rules/{rid}/lifecycle/deactivate"),
            None,
        )
        .await;
    assert_eq!(de.status, 204);
    let r = api
        .put(
            &format!("/api/v1/groups/rules/{rid}"),
            Some(rule("Sales 2", r#"user.department=="Sales""#, &[&gid])),
        )
        .await;
    assert_eq!((r.status, &r.body["name"]), (200, &json!("Sales 2")));

    let listed = api
        .get("/api/v1/groups/rules?expand=groupIdToGroupNameMap")
        .await;
    assert_eq!(listed.body[0]["id"], rid.as_str());
    assert_eq!(
        listed.body[0]["_embedded"]["groupIdToGroupNameMap"][&gid],
        "Sales Team"
    );

    let del = api
        .delete(&format!("/api/v1/groups/rules/{rid}?removeUsers=true"))
        .await;
    assert_eq!(del.status, 202);
    assert!(!api.h.is_member(&gid, &seller), "removeUsers took them out");
    let gone = api.get(&format!("/api/v1/groups/rules/{rid}")).await;
    assert_eq!((gone.status, gone.code()), (404, "E0000007"));
}

#[tokio::test]
async fn rule_refusals() {
    let api = Api::start(60).await;
    let q: String = url::form_urlencoded::byte_serialize(b"type eq \"APP_GROUP\"").collect();
    let app_group = api.get(&format!("/api/v1/groups?filter={q}")).await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = api
        .post(
            "/api/v1/groups/rules",
            Some(rule("To AD", r#"user.title=="x""#, &[&app_group])),
        )
        .await;
    assert_eq!((a.status, a.code()), (400, "E0000001"));
    let a = api
        .post(
            "/api/v1/groups/rules",
            Some(rule("Bad", "isMemberOfAnyGroup(\"x\")", &[&app_group])),
        )
        .await;
    assert_eq!((a.status, a.code()), (400, "E0000001"));
    let a = api
        .post(
            "/api/v1/groups/rules/0prNoSuchRule000000/lifecycle/activate",
            None,
        )
        .await;
    assert_eq!((a.status, a.code()), (404, "E0000007"));
}
