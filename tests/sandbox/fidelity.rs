//! What recorded Okta traffic showed that the spec alone did not: headers on every answer,
//! request ids, `Link` details, the SSWS form Okta's SDK sends, lifecycle answers, and the
//! shape of users and groups.

use serde_json::{Value, json};

use super::api::Api;

#[tokio::test]
async fn every_answer_carries_okta_cache_and_sniffing_headers() {
    let api = Api::start(20).await;
    for a in [
        api.get("/api/v1/users?limit=2").await,
        api.get("/api/v1/users/00uNoSuchUser0000000").await,
        api.get("/api/v1/groups").await,
    ] {
        assert_eq!(a.headers["cache-control"], "no-cache, no-store");
        assert_eq!(a.headers["pragma"], "no-cache");
        assert_eq!(a.headers["expires"], "0");
        assert_eq!(a.headers["x-content-type-options"], "nosniff");
    }
}

#[tokio::test]
async fn request_ids_are_32_hex_characters() {
    let api = Api::start(20).await;
    let mut seen = std::collections::HashSet::new();
    for _ in 0..5 {
        let a = api.get("/api/v1/users/me").await;
        let id = a.headers["x-okta-request-id"].to_str().unwrap().to_owned();
        assert_eq!(id.len(), 32, "{id}");
        assert!(
            id.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert!(seen.insert(id));
    }
}

#[tokio::test]
async fn ssws_without_a_space_is_accepted_as_okta_python_sdk_sends_it() {
    let api = Api::start(20).await;
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/users/me", api.h.base_url()))
        .header("Authorization", format!("SSWS{}", api.h.token()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/users/me", api.h.base_url()))
        .header("Authorization", "SSWSwrong-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn self_links_repeat_the_default_limit_and_user_groups_have_one() {
    let api = Api::start(300).await;
    let a = api.get("/api/v1/users").await;
    let base = api.h.base_url();
    assert!(
        a.links()
            .contains(&format!("<{base}/api/v1/users?limit=200>; rel=\"self\"")),
        "{:?}",
        a.links()
    );
    let next = a
        .links()
        .into_iter()
        .find(|l| l.ends_with("rel=\"next\""))
        .unwrap();
    assert!(next.contains("limit=200"), "{next}");
    // A limit the request gave is kept as given, not repeated.
    let a = api.get("/api/v1/groups?limit=3").await;
    assert!(
        a.links()
            .contains(&format!("<{base}/api/v1/groups?limit=3>; rel=\"self\"")),
        "{:?}",
        a.links()
    );

    let id = api.h.admin_id();
    let a = api.get(&format!("/api/v1/users/{id}/groups")).await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.links(),
        [format!("<{base}/api/v1/users/{id}/groups>; rel=\"self\"")]
    );
}

#[tokio::test]
async fn lifecycle_operations_answer_an_empty_json_object() {
    let api = Api::start(20).await;
    let id = api.create_user("lc@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let lc = |op: &str| format!("/api/v1/users/{id}/lifecycle/{op}");
    for (op, then) in [
        ("suspend", "SUSPENDED"),
        ("unsuspend", "ACTIVE"),
        ("expire_password", "PASSWORD_EXPIRED"),
        ("reset_factors", "PASSWORD_EXPIRED"),
        ("deactivate", "DEPROVISIONED"),
    ] {
        let a = api.post(&lc(op), None).await;
        assert_eq!(a.status, 200, "{op}");
        assert_eq!(a.headers["content-type"], "application/json", "{op}");
        assert_eq!(a.body, json!({}), "{op}");
        assert_eq!(api.h.user_status(&id), Some(then), "{op}");
    }
    assert!(api.h.set_user_status(&id, "LOCKED_OUT"));
    let a = api.post(&lc("unlock"), None).await;
    assert_eq!((a.status, &a.body), (200, &json!({})));
}

#[tokio::test]
async fn unlock_of_a_user_not_locked_out_is_e0000032_with_its_cause() {
    let api = Api::start(20).await;
    let id = api.h.admin_id();
    let a = api
        .post(&format!("/api/v1/users/{id}/lifecycle/unlock"), None)
        .await;
    assert_eq!((a.status, a.code()), (403, "E0000032"));
    assert_eq!(
        a.body["errorSummary"],
        "Unlock is not allowed for this user."
    );
    assert_eq!(a.causes(), ["The user is not locked out."]);
}

#[tokio::test]
async fn staged_user_deactivates_without_a_link_and_has_null_status_changed() {
    let api = Api::start(20).await;
    let u = api.create_user("staged@example.org", false).await;
    assert_eq!(u["status"], "STAGED");
    assert_eq!(u["statusChanged"], Value::Null);
    assert!(u["_links"]["deactivate"].is_null());
    assert!(u["_links"]["resetFactors"].is_object());
    let id = u["id"].as_str().unwrap();
    let a = api
        .post(&format!("/api/v1/users/{id}/lifecycle/deactivate"), None)
        .await;
    assert_eq!((a.status, &a.body), (200, &json!({})));
    assert_eq!(api.h.user_status(id), Some("DEPROVISIONED"));
}

#[tokio::test]
async fn fresh_user_has_no_forgot_password_link_and_password_expired_can_be_suspended() {
    let api = Api::start(20).await;
    let body = json!({"profile": {"login": "fresh@example.org", "email": "fresh@example.org",
                                  "firstName": "Fresh", "lastName": "User"},
                      "credentials": {"password": {"value": "Abcdef12"}}});
    let u = api.post("/api/v1/users", Some(body)).await.body;
    assert_eq!(u["status"], "ACTIVE");
    assert!(u["_links"]["forgotPassword"].is_null(), "{}", u["_links"]);
    assert!(u["_links"]["resetFactors"].is_object());

    let id = u["id"].as_str().unwrap();
    assert!(api.h.set_user_status(id, "PASSWORD_EXPIRED"));
    let one = api.get(&format!("/api/v1/users/{id}")).await.body;
    assert!(one["_links"]["suspend"].is_object());
    let a = api
        .post(&format!("/api/v1/users/{id}/lifecycle/suspend"), None)
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(api.h.user_status(id), Some("SUSPENDED"));
}

#[tokio::test]
async fn users_carry_null_base_attributes_emails_and_realm() {
    let api = Api::start(20).await;
    let u = api.create_user("shape@example.org", true).await;
    let p = &u["profile"];
    for key in [
        "mobilePhone",
        "secondEmail",
        "middleName",
        "title",
        "manager",
    ] {
        assert!(p.get(key).is_some_and(Value::is_null), "{key}: {p}");
    }
    assert_eq!(
        u["credentials"]["emails"],
        json!([{"value": "shape@example.org", "status": "VERIFIED", "type": "PRIMARY"}])
    );
    assert!(u["realmId"].as_str().is_some_and(|r| r.starts_with("guo")));
    // Lists carry the same shape.
    let list = api.get("/api/v1/users?limit=5").await.body;
    assert!(list[0]["profile"]["secondEmail"].is_null());
    assert!(list[0]["credentials"]["emails"].is_array());
}

#[tokio::test]
async fn groups_keep_an_unset_description_as_null() {
    let api = Api::start(20).await;
    let groups = api.get("/api/v1/groups?limit=200").await.body;
    let null_described = groups
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["profile"].get("description").is_some_and(Value::is_null))
        .count();
    assert!(null_described > 0, "{groups}");
}

#[tokio::test]
async fn rate_limits_default_to_okta_workforce_figures_per_endpoint() {
    let api = Api::start(20).await;
    let id = api.h.admin_id();
    let limit = |a: &super::api::Answer| {
        a.headers["x-rate-limit-limit"]
            .to_str()
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    assert_eq!(limit(&api.get("/api/v1/users?limit=1").await), 600);
    assert_eq!(limit(&api.get(&format!("/api/v1/users/{id}")).await), 2000);
    assert_eq!(limit(&api.get("/api/v1/groups").await), 500);
    let gid = api.get("/api/v1/groups?limit=1").await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        limit(&api.get(&format!("/api/v1/groups/{gid}")).await),
        1000
    );
    let u = api.create_user("rl@example.org", false).await;
    let uid = u["id"].as_str().unwrap();
    assert_eq!(
        limit(&api.delete(&format!("/api/v1/users/{uid}")).await),
        600
    );

    // `--rate-limit` (here through the options) sets every bucket.
    let raised = oktui::sandbox::start(
        oktui::sandbox::SandboxOptions::new(5).with_rate_limit(oktui::sandbox::RAISED_RATE_LIMIT),
    )
    .await
    .unwrap();
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/groups", raised.base_url()))
        .header("Authorization", format!("SSWS {}", raised.token()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-rate-limit-limit"], "10000");
}
