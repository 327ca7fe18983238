//! The client's reads of where access comes from: apps direct or through which group, admin
//! roles direct or through which group, group rules, the profile schema.

use std::time::Duration;

use oktui::okta::apps::Origin;
use oktui::okta::{Auth, Client, ClientConfig, GroupRef};
use oktui::sandbox::{RAISED_RATE_LIMIT, SandboxOptions, start};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn apps_and_roles_with_how_each_came() {
    let sb = start(SandboxOptions::new(20).with_rate_limit(RAISED_RATE_LIMIT))
        .await
        .unwrap();
    let mut config = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
    config.timeout = Duration::from_secs(20);
    let c = Client::new(config).unwrap();
    let send = |m: Method, p: String, b: Option<serde_json::Value>| {
        let c = c.clone();
        async move { c.send(m, &p, &[], b).await.unwrap().body }
    };
    let u = send(
        Method::POST,
        "/api/v1/users?activate=true".into(),
        Some(json!({"profile": {"login": "origin@example.org", "email": "origin@example.org",
            "firstName": "O", "lastName": "R"}, "credentials": {"password": {"value": "Abcdef12"}}})),
    )
    .await;
    let uid = u["id"].as_str().unwrap().to_owned();
    let g = send(
        Method::POST,
        "/api/v1/groups".into(),
        Some(json!({"profile": {"name": "Finance"}})),
    )
    .await;
    let gid = g["id"].as_str().unwrap().to_owned();
    send(
        Method::PUT,
        format!("/api/v1/groups/{gid}/users/{uid}"),
        None,
    )
    .await;
    let apps = c.list_apps(None).await.unwrap().value;
    assert_eq!(apps.len(), 9);
    let (slack, workday) = (&apps[1], &apps[6]);
    send(
        Method::POST,
        format!("/api/v1/apps/{}/users", slack.id),
        Some(json!({"id": uid})),
    )
    .await;
    send(
        Method::PUT,
        format!("/api/v1/apps/{}/groups/{gid}", workday.id),
        Some(json!({})),
    )
    .await;
    send(
        Method::POST,
        format!("/api/v1/groups/{gid}/roles"),
        Some(json!({"type": "REPORT_ADMIN"})),
    )
    .await;
    send(
        Method::POST,
        format!("/api/v1/users/{uid}/roles"),
        Some(json!({"type": "HELP_DESK_ADMIN"})),
    )
    .await;

    let groups = c.user_groups(&uid).await.unwrap().value;
    let held = c.user_app_assignments(&uid, &groups).await.unwrap();
    let got: Vec<(&str, &str, &Origin)> = held
        .iter()
        .map(|a| (a.app.label.as_str(), a.scope.as_str(), &a.origin))
        .collect();
    let finance = GroupRef::new(gid.clone(), "Finance");
    assert_eq!(
        got,
        [
            ("Slack", "USER", &Origin::Direct),
            (
                "Workday",
                "GROUP",
                &Origin::Groups {
                    groups: vec![finance.clone()]
                }
            ),
        ]
    );
    assert_eq!(held[1].origin.describe(), "through Finance");

    let roles = c.user_role_holdings(&uid, &groups).await.unwrap();
    let got: Vec<(&str, &Origin)> = roles
        .iter()
        .map(|r| (r.role.role_type.as_str(), &r.origin))
        .collect();
    assert_eq!(
        got,
        [
            ("HELP_DESK_ADMIN", &Origin::Direct),
            (
                "REPORT_ADMIN",
                &Origin::Groups {
                    groups: vec![finance]
                }
            ),
        ]
    );

    let schema = c.user_schema().await.unwrap().value;
    let worker = schema.attribute("workerType").unwrap();
    assert!(worker.custom && !worker.one_of.is_empty());
    assert!(schema.attribute("hrId").unwrap().read_only);
    assert!(schema.attribute("login").unwrap().required);
    assert!(c.group_rules().await.unwrap().is_empty());
}
