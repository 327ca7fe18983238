//! `--dry-run`: the requests a command would send, planned by the client (`Client::plan` and
//! its `plan_*` helpers, which share the request builders of the real calls) and printed
//! instead of sent. Secrets in a body are masked by the client.

use reqwest::Method;

use crate::okta::transport::encode_segment;
use crate::okta::{Client, GroupQuery, LifecycleOp, NewUser, PlannedRequest, UserQuery};

fn user_path(user: &str) -> String {
    format!("/api/v1/users/{}", encode_segment(user))
}

pub fn list_users(client: &Client, q: &UserQuery) -> PlannedRequest {
    client.plan(Method::GET, "/api/v1/users", &q.to_params(), None)
}

pub fn list_groups(client: &Client, q: &GroupQuery) -> PlannedRequest {
    client.plan(Method::GET, "/api/v1/groups", &q.to_params(), None)
}

/// `GET /api/v1/users/{user}` or one of its sub-resources (`groups`, `roles`, `appLinks`).
pub fn get_user(client: &Client, user: &str, sub: Option<&str>) -> PlannedRequest {
    let path = match sub {
        Some(s) => format!("{}/{s}", user_path(user)),
        None => user_path(user),
    };
    client.plan(Method::GET, &path, &[], None)
}

pub fn group_members(client: &Client, group: &str) -> PlannedRequest {
    let path = format!("/api/v1/groups/{}/users", encode_segment(group));
    client.plan(Method::GET, &path, &[("limit", "200".to_owned())], None)
}

pub fn membership(client: &Client, add: bool, group: &str, user: &str) -> PlannedRequest {
    let method = if add { Method::PUT } else { Method::DELETE };
    let path = format!(
        "/api/v1/groups/{}/users/{}",
        encode_segment(group),
        encode_segment(user)
    );
    client.plan(method, &path, &[], None)
}

pub fn lifecycle(client: &Client, user: &str, op: &LifecycleOp) -> PlannedRequest {
    client.plan_lifecycle(user, op)
}

pub fn delete_user(client: &Client, user: &str, send_email: bool) -> PlannedRequest {
    client.plan(
        Method::DELETE,
        &user_path(user),
        &[("sendEmail", send_email.to_string())],
        None,
    )
}

pub fn clear_sessions(client: &Client, user: &str, oauth_tokens: bool) -> PlannedRequest {
    let path = format!("{}/sessions", user_path(user));
    client.plan(
        Method::DELETE,
        &path,
        &[("oauthTokens", oauth_tokens.to_string())],
        None,
    )
}

pub fn create_user(client: &Client, u: &NewUser) -> PlannedRequest {
    client.plan_create_user(u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::{Auth, ClientConfig};
    use secrecy::SecretString;

    fn client() -> Client {
        Client::new(ClientConfig::new(
            "https://acme.okta.com",
            Auth::ssws("t0k3n"),
        ))
        .unwrap()
    }

    #[test]
    fn plans_encode_users_and_mask_secrets() {
        let c = client();
        let p = get_user(&c, "a/b@x.com", Some("groups"));
        assert_eq!(p.method, "GET");
        assert!(
            p.url.ends_with("/api/v1/users/a%2Fb%40x.com/groups"),
            "{}",
            p.url
        );
        let u = NewUser {
            login: "a@b.c".into(),
            password: Some(SecretString::from("hunter2-secret")),
            recovery_question: Some("q?".into()),
            recovery_answer: Some(SecretString::from("answer-secret")),
            ..Default::default()
        };
        let s = serde_json::to_string(&create_user(&c, &u)).unwrap();
        assert!(!s.contains("hunter2-secret") && !s.contains("answer-secret"));
        let p = lifecycle(&c, "00u1", &LifecycleOp::Deactivate { send_email: false });
        assert_eq!(p.method, "POST");
        assert!(
            p.url.ends_with("/lifecycle/deactivate?sendEmail=false"),
            "{}",
            p.url
        );
    }
}
