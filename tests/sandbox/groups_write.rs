//! `POST /groups`, `PUT /groups/{id}`, `DELETE /groups/{id}`.

use serde_json::{Value, json};

use super::api::Api;

async fn group_of_type(api: &Api, kind: &str) -> String {
    let q: String =
        url::form_urlencoded::byte_serialize(format!("type eq \"{kind}\"").as_bytes()).collect();
    api.get(&format!("/api/v1/groups?filter={q}")).await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn create_replace_delete_an_okta_group() {
    let api = Api::start(20).await;
    let a = api
        .post(
            "/api/v1/groups",
            Some(json!({"profile": {"name": "Pilots"}})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["type"], "OKTA_GROUP");
    assert_eq!(a.body["profile"]["description"], Value::Null);
    let id = a.body["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("00g"));

    let dup = api
        .post(
            "/api/v1/groups",
            Some(json!({"profile": {"name": "pilots"}})),
        )
        .await;
    assert_eq!((dup.status, dup.code()), (400, "E0000001"));
    assert_eq!(
        dup.causes(),
        ["name: An object with this field already exists in the current organization"]
    );
    let blank = api
        .post("/api/v1/groups", Some(json!({"profile": {}})))
        .await;
    assert_eq!((blank.status, blank.code()), (400, "E0000001"));

    let a = api
        .put(
            &format!("/api/v1/groups/{id}"),
            Some(json!({"profile": {"name": "Pilots", "description": "Fly things"}})),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["profile"]["description"], "Fly things");
    // A replace drops what it leaves out.
    let a = api
        .put(
            &format!("/api/v1/groups/{id}"),
            Some(json!({"profile": {"name": "Pilots 2"}})),
        )
        .await;
    assert_eq!(
        a.body["profile"],
        json!({"name": "Pilots 2", "description": null})
    );

    let member = api.h.admin_id();
    let put = api
        .put(&format!("/api/v1/groups/{id}/users/{member}"), None)
        .await;
    assert_eq!(put.status, 204);
    assert_eq!(
        api.delete(&format!("/api/v1/groups/{id}")).await.status,
        204
    );
    let gone = api.get(&format!("/api/v1/groups/{id}")).await;
    assert_eq!((gone.status, gone.code()), (404, "E0000007"));
    let mine = api
        .get(&format!("/api/v1/users/{member}/groups"))
        .await
        .body;
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .all(|g| g["id"] != id.as_str())
    );
}

#[tokio::test]
async fn app_and_built_in_groups_cannot_be_changed() {
    let api = Api::start(60).await;
    for kind in ["APP_GROUP", "BUILT_IN"] {
        let id = group_of_type(&api, kind).await;
        let a = api
            .put(
                &format!("/api/v1/groups/{id}"),
                Some(json!({"profile": {"name": "Renamed"}})),
            )
            .await;
        assert_eq!((a.status, a.code()), (403, "E0000006"), "{kind}");
        let a = api.delete(&format!("/api/v1/groups/{id}")).await;
        assert_eq!((a.status, a.code()), (403, "E0000006"), "{kind}");
    }
    let a = api.delete("/api/v1/groups/00gNoSuchGroup000000").await;
    assert_eq!((a.status, a.code()), (404, "E0000007"));
}
