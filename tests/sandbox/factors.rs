//! `/api/v1/users/{id}/factors`: seeded factors by status, enroll, get, delete, catalog.

use serde_json::{Value, json};

use super::api::Api;

#[tokio::test]
async fn seeded_factors_have_okta_shapes_and_masked_contacts() {
    let api = Api::start(200).await;
    let mut kinds = std::collections::BTreeSet::new();
    let list = api.get("/api/v1/users?limit=200").await.body;
    for u in list.as_array().unwrap() {
        let id = u["id"].as_str().unwrap();
        let a = api.get(&format!("/api/v1/users/{id}/factors")).await;
        assert_eq!(a.status, 200);
        for f in a.body.as_array().unwrap() {
            kinds.insert(f["factorType"].as_str().unwrap().to_owned());
            for key in [
                "id",
                "provider",
                "vendorName",
                "status",
                "created",
                "lastUpdated",
            ] {
                assert!(f[key].is_string(), "{key} in {f}");
            }
            assert!(
                f["_links"]["self"]["href"]
                    .as_str()
                    .unwrap()
                    .ends_with(f["id"].as_str().unwrap())
            );
            if let Some(phone) = f["profile"]["phoneNumber"].as_str() {
                assert!(phone.contains("XXX-XXX-"), "{phone}");
            }
            if let Some(email) = f["profile"]["email"].as_str() {
                let local = email.split('@').next().unwrap();
                assert!(
                    local.chars().count() == 5 && local.contains("..."),
                    "{email}"
                );
            }
            if u["status"] == "STAGED" {
                panic!("a STAGED user has no factors: {f}");
            }
        }
    }
    for k in [
        "push",
        "token:software:totp",
        "sms",
        "email",
        "webauthn",
        "question",
    ] {
        assert!(kinds.contains(k), "{k} missing from {kinds:?}");
    }
}

#[tokio::test]
async fn enroll_get_delete_a_factor() {
    let api = Api::start(20).await;
    let id = api.create_user("mfa@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/users/{id}/factors");
    assert_eq!(api.get(&path).await.body, json!([]));

    let a = api
        .post(
            &path,
            Some(json!({"factorType": "sms", "provider": "OKTA",
                        "profile": {"phoneNumber": "+1-555-415-1337"}})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "PENDING_ACTIVATION");
    assert_eq!(a.body["profile"]["phoneNumber"], "+1 XXX-XXX-1337");
    assert!(a.body["_links"]["activate"].is_object());
    let fid = a.body["id"].as_str().unwrap().to_owned();

    let q = api
        .post(
            &path,
            Some(json!({"factorType": "question",
                        "profile": {"question": "disliked_food", "answer": "kale"}})),
        )
        .await;
    assert_eq!((q.status, &q.body["status"]), (200, &json!("ACTIVE")));

    let one = api.get(&format!("{path}/{fid}")).await;
    assert_eq!((one.status, &one.body["factorType"]), (200, &json!("sms")));

    let catalog = api.get(&format!("{path}/catalog")).await.body;
    let status_of = |t: &str| {
        catalog
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["factorType"] == t)
            .map(|c| c["status"].clone())
            .unwrap()
    };
    assert_eq!(status_of("push"), "NOT_SETUP");
    assert_eq!(status_of("question"), "ACTIVE");

    let gone = api.delete(&format!("{path}/{fid}")).await;
    assert_eq!(gone.status, 204);
    let again = api.get(&format!("{path}/{fid}")).await;
    assert_eq!((again.status, again.code()), (404, "E0000007"));
    assert_eq!(api.get(&path).await.body.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn enroll_refusals_are_e0000001_with_causes() {
    let api = Api::start(20).await;
    let id = api.h.admin_id();
    let path = format!("/api/v1/users/{id}/factors");
    let a = api
        .post(&path, Some(json!({"factorType": "carrier_pigeon"})))
        .await;
    assert_eq!((a.status, a.code()), (400, "E0000001"));
    assert!(!a.causes().is_empty());
    let a = api
        .post(&path, Some(json!({"factorType": "sms", "profile": {}})))
        .await;
    assert_eq!((a.status, a.code()), (400, "E0000001"));
    assert_eq!(a.causes(), ["phoneNumber: The field cannot be left blank"]);
    let a = api
        .post(
            &path,
            Some(json!({"factorType": "question",
        "profile": {"question": "disliked_food", "answer": "no"}})),
        )
        .await;
    assert_eq!((a.status, a.code()), (400, "E0000001"));
    let a = api.get("/api/v1/users/00uNoSuchUser0000000/factors").await;
    assert_eq!((a.status, a.code()), (404, "E0000007"));
}

#[tokio::test]
async fn reset_factors_removes_every_factor() {
    let api = Api::start(60).await;
    let id = api.user_with_status("ACTIVE").await;
    let path = format!("/api/v1/users/{id}/factors");
    let _ = api
        .post(&path, Some(json!({"factorType": "email", "profile": {}})))
        .await;
    assert!(!api.get(&path).await.body.as_array().unwrap().is_empty());
    let a = api
        .post(&format!("/api/v1/users/{id}/lifecycle/reset_factors"), None)
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(api.get(&path).await.body, Value::Array(Vec::new()));
}
