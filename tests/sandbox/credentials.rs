//! `/api/v1/users/{id}/credentials/*` and `expire_password_with_temp_password`.

use oktui::sandbox::credentials::SEEDED_PASSWORD;
use serde_json::json;

use super::api::Api;

#[tokio::test]
async fn change_password_checks_the_old_one_and_the_policy() {
    let api = Api::start(20).await;
    let id = api.create_user("pw@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/users/{id}/credentials/change_password");
    let body = |old: &str, new: &str| {
        Some(json!({"oldPassword": {"value": old}, "newPassword": {"value": new}}))
    };
    let a = api.post(&path, body("Wrong123", "Newpass99")).await;
    assert_eq!((a.status, a.code()), (403, "E0000014"));
    let a = api.post(&path, body("Abcdef12", "short")).await;
    assert_eq!((a.status, a.code()), (400, "E0000080"));
    let a = api.post(&path, body("Abcdef12", "Newpass99")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["password"], json!({}));
    assert_eq!(a.body["provider"]["type"], "OKTA");
    // The new one is the one that counts now.
    let a = api.post(&path, body("Newpass99", "Other777x")).await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn change_recovery_question_needs_the_password() {
    let api = Api::start(20).await;
    let id = api.h.admin_id();
    let path = format!("/api/v1/users/{id}/credentials/change_recovery_question");
    let body = |pw: &str| {
        Some(json!({"password": {"value": pw},
                    "recovery_question": {"question": "First pet?", "answer": "Rex the dog"}}))
    };
    let a = api.post(&path, body("nope")).await;
    assert_eq!((a.status, a.code()), (403, "E0000014"));
    let a = api.post(&path, body(SEEDED_PASSWORD)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["recovery_question"]["question"], "First pet?");
}

#[tokio::test]
async fn forgot_password_starts_a_recovery_or_sets_with_the_answer() {
    let api = Api::start(20).await;
    let id = api.create_user("forgot@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/users/{id}/credentials/forgot_password");
    let a = api
        .post(
            &path,
            Some(json!({"password": {"value": "Brandnew42"},
                        "recovery_question": {"answer": "oak"}})),
        )
        .await;
    assert_eq!((a.status, a.code()), (403, "E0000014"));
    let a = api
        .post(
            &path,
            Some(json!({"password": {"value": "Brandnew42"},
                        "recovery_question": {"answer": "larch"}})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(api.h.user_status(&id), Some("ACTIVE"));

    let a = api.post(&format!("{path}?sendEmail=false"), None).await;
    assert_eq!(a.status, 200);
    assert!(
        a.body["resetPasswordUrl"]
            .as_str()
            .unwrap()
            .starts_with(api.h.base_url())
    );
    assert_eq!(api.h.user_status(&id), Some("RECOVERY"));
    // RECOVERY users have no forgotPassword link, and Okta refuses.
    let a = api.post(&path, None).await;
    assert_eq!((a.status, a.code()), (403, "E0000038"));
}

#[tokio::test]
async fn forgot_password_needs_a_recovery_question() {
    let api = Api::start(20).await;
    let body = json!({"profile": {"login": "noq@example.org", "email": "noq@example.org",
                                  "firstName": "No", "lastName": "Question"},
                      "credentials": {"password": {"value": "Abcdef12"}}});
    let id = api.post("/api/v1/users", Some(body)).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = api
        .post(
            &format!("/api/v1/users/{id}/credentials/forgot_password"),
            None,
        )
        .await;
    assert_eq!((a.status, a.code()), (403, "E0000038"));
}

#[tokio::test]
async fn expire_with_temp_password_answers_the_temp_password() {
    let api = Api::start(20).await;
    let id = api.create_user("temp@example.org", true).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = api
        .post(
            &format!("/api/v1/users/{id}/lifecycle/expire_password_with_temp_password"),
            None,
        )
        .await;
    assert_eq!(a.status, 200);
    let temp = a.body["tempPassword"].as_str().unwrap();
    assert_eq!(temp.len(), 8, "{temp}");
    assert_eq!(api.h.user_status(&id), Some("PASSWORD_EXPIRED"));
    // The temporary password is the current one.
    let a = api
        .post(
            &format!("/api/v1/users/{id}/credentials/change_password"),
            Some(json!({"oldPassword": {"value": temp}, "newPassword": {"value": "Fresh1234"}})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(api.h.user_status(&id), Some("ACTIVE"));
}
