//! `POST /users/{id}` (partial update) and `PUT /users/{id}` (replace).

use serde_json::{Value, json};

use super::api::Api;

#[tokio::test]
async fn partial_update_changes_only_what_it_names() {
    let api = Api::start(20).await;
    let u = api.create_user("upd@example.org", true).await;
    let id = u["id"].as_str().unwrap();
    let a = api
        .post(
            &format!("/api/v1/users/{id}"),
            Some(json!({"profile": {"title": "Pilot", "mobilePhone": "+1 555 0100"}})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["profile"]["title"], "Pilot");
    assert_eq!(a.body["profile"]["firstName"], "Test", "kept");
    assert!(a.headers.contains_key("etag"));
    // null clears an attribute.
    let a = api
        .post(
            &format!("/api/v1/users/{id}"),
            Some(json!({"profile": {"title": null}})),
        )
        .await;
    assert_eq!(a.body["profile"]["title"], Value::Null);
    assert_eq!(a.body["profile"]["mobilePhone"], "+1 555 0100");
}

#[tokio::test]
async fn replace_drops_omitted_attributes_and_validates() {
    let api = Api::start(20).await;
    let id = api.create_user("rep@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let _ = api
        .post(
            &format!("/api/v1/users/{id}"),
            Some(json!({"profile": {"department": "Ops"}})),
        )
        .await;
    let a = api
        .put(
            &format!("/api/v1/users/{id}"),
            Some(
                json!({"profile": {"login": "rep@example.org", "email": "rep@example.org",
                                    "firstName": "Re", "lastName": "Placed"}}),
            ),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body["profile"].get("department").is_none(), "{}", a.body);

    let a = api
        .put(
            &format!("/api/v1/users/{id}"),
            Some(json!({"profile": {"login": "rep@example.org"}})),
        )
        .await;
    assert_eq!((a.status, a.code()), (400, "E0000001"));
    let causes = a.causes();
    assert!(
        causes.contains(&"email: The field cannot be left blank".to_owned()),
        "{causes:?}"
    );
    assert!(causes.contains(&"firstName: The field cannot be left blank".to_owned()));
}

#[tokio::test]
async fn update_refusals() {
    let api = Api::start(40).await;
    let a = api.create_user("one@example.org", true).await;
    let b = api.create_user("two@example.org", true).await;
    let id = b["id"].as_str().unwrap();
    // Another user's login is taken.
    let r = api
        .post(
            &format!("/api/v1/users/{id}"),
            Some(json!({"profile": {"login": a["profile"]["login"]}})),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "E0000001"));
    assert_eq!(
        r.causes(),
        ["login: An object with this field already exists in the current organization"]
    );
    let r = api
        .post(
            &format!("/api/v1/users/{id}"),
            Some(json!({"credentials": {"password": {"value": "weak"}}})),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "E0000001"));
    let r = api
        .post(
            &format!("/api/v1/users/{id}"),
            Some(json!(["not", "an", "object"])),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "E0000003"));
    let r = api
        .post(
            "/api/v1/users/00uNoSuchUser0000000",
            Some(json!({"profile": {"title": "x"}})),
        )
        .await;
    assert_eq!((r.status, r.code()), (404, "E0000007"));
    // A login change moves the lookup by login.
    let r = api
        .post(
            &format!("/api/v1/users/{id}"),
            Some(json!({"profile": {"login": "renamed@example.org"}})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        api.get("/api/v1/users/renamed@example.org").await.status,
        200
    );
    assert_eq!(api.get("/api/v1/users/two@example.org").await.status, 404);
}
