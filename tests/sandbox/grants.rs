//! `/users/{id}/grants` and `/users/{id}/clients`.

use serde_json::json;

use super::api::Api;

#[tokio::test]
async fn grants_and_clients_list_get_and_revoke() {
    let api = Api::start(60).await;
    let list = api.get("/api/v1/users?limit=60").await.body;
    let mut found = None;
    for u in list.as_array().unwrap() {
        let id = u["id"].as_str().unwrap();
        let g = api.get(&format!("/api/v1/users/{id}/grants")).await.body;
        if g.as_array().is_some_and(|a| a.len() >= 2) {
            found = Some((id.to_owned(), g));
            break;
        }
    }
    let (uid, grants) = found.expect("a seeded user with grants");
    let first = &grants[0];
    assert_eq!(first["userId"], uid.as_str());
    assert_eq!(first["status"], "ACTIVE");
    assert!(first["scopeId"].as_str().unwrap().starts_with("scp"));
    let gid = first["id"].as_str().unwrap().to_owned();

    let clients = api.get(&format!("/api/v1/users/{uid}/clients")).await;
    assert_eq!(clients.status, 200);
    assert!(clients.body[0]["client_id"].is_string());

    let one = api
        .get(&format!("/api/v1/users/{uid}/grants/{gid}?expand=scope"))
        .await;
    assert_eq!(one.status, 200);
    assert!(one.body["_embedded"]["scope"]["name"].is_string());
    assert_eq!(
        api.delete(&format!("/api/v1/users/{uid}/grants/{gid}"))
            .await
            .status,
        204
    );
    let again = api.get(&format!("/api/v1/users/{uid}/grants/{gid}")).await;
    assert_eq!((again.status, again.code()), (404, "E0000007"));
    assert_eq!(
        api.delete(&format!("/api/v1/users/{uid}/grants"))
            .await
            .status,
        204
    );
    assert_eq!(
        api.get(&format!("/api/v1/users/{uid}/grants")).await.body,
        json!([])
    );
    assert_eq!(
        api.get(&format!("/api/v1/users/{uid}/clients")).await.body,
        json!([])
    );
}
