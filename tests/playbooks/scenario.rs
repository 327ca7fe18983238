//! A leaver to offboard: in 4 groups of their own and 1 a group rule puts them in, holding 3
//! apps directly and 1 through the rule's group, 1 admin role and 2 sessions.

use std::time::Duration;

use oktui::okta::{Auth, Client, ClientConfig};
use oktui::sandbox::{RAISED_RATE_LIMIT, SandboxHandle, SandboxOptions, start};
use reqwest::Method;
use serde_json::{Value, json};

pub struct Leaver {
    pub sb: SandboxHandle,
    pub client: Client,
    pub login: String,
    pub id: String,
    pub rule_group: String,
    pub teams: Vec<String>,
    pub apps: Vec<(String, String)>,
    http: reqwest::Client,
}

impl Leaver {
    pub async fn build(teams: usize) -> Leaver {
        let sb = start(SandboxOptions::new(20).with_rate_limit(RAISED_RATE_LIMIT))
            .await
            .unwrap();
        let mut config = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
        config.timeout = Duration::from_secs(20);
        let client = Client::new(config).unwrap();
        let apps = sb.apps();
        let mut l = Leaver {
            sb,
            client,
            login: "leaver@example.org".into(),
            id: String::new(),
            rule_group: String::new(),
            teams: Vec::new(),
            apps,
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
        };
        l.id = l.create_user(&l.login.clone()).await;
        for i in 1..=teams {
            let gid = l.group(&format!("Team {i}")).await;
            l.call(
                Method::PUT,
                &format!("/api/v1/groups/{gid}/users/{}", l.id),
                None,
            )
            .await;
            l.teams.push(gid);
        }
        l.rule_group = l.group("Sales Everyone").await;
        let rule = l
            .call(
                Method::POST,
                "/api/v1/groups/rules",
                Some(json!({
                    "type": "group_rule",
                    "name": "Sales",
                    "conditions": {"expression": {"value": "user.department==\"Sales\"",
                                                  "type": "urn:okta:expression:1.0"}},
                    "actions": {"assignUserToGroups": {"groupIds": [l.rule_group]}},
                })),
            )
            .await;
        let rid = rule["id"].as_str().unwrap().to_owned();
        l.call(
            Method::POST,
            &format!("/api/v1/groups/rules/{rid}/lifecycle/activate"),
            None,
        )
        .await;
        l.call(
            Method::POST,
            &format!("/api/v1/users/{}", l.id),
            Some(json!({"profile": {"department": "Sales"}})),
        )
        .await;
        assert!(
            l.sb.is_member(&l.rule_group, &l.id),
            "the rule added the leaver"
        );
        for (app, _) in l.apps.clone().iter().take(3) {
            l.call(
                Method::POST,
                &format!("/api/v1/apps/{app}/users"),
                Some(json!({"id": l.id, "scope": "USER"})),
            )
            .await;
        }
        let (box_app, label) = l.apps.last().unwrap().clone();
        assert_eq!(label, "Box");
        l.call(
            Method::PUT,
            &format!("/api/v1/apps/{box_app}/groups/{}", l.rule_group),
            Some(json!({})),
        )
        .await;
        l.call(
            Method::POST,
            &format!("/api/v1/users/{}/roles", l.id),
            Some(json!({"type": "HELP_DESK_ADMIN"})),
        )
        .await;
        l.sb.add_sessions(&l.id, 2);
        assert_eq!(l.sb.user_apps(&l.id).len(), 4);
        assert_eq!(l.sb.user_group_ids(&l.id).len(), teams + 2);
        l.sb.reset_request_counts();
        l
    }

    /// Another active user in two of the teams with one direct app; returns the login.
    pub async fn extra_user(&self, n: usize) -> String {
        let login = format!("colleague{n}@example.org");
        let id = self.create_user(&login).await;
        for gid in self.teams.iter().take(2) {
            self.call(
                Method::PUT,
                &format!("/api/v1/groups/{gid}/users/{id}"),
                None,
            )
            .await;
        }
        let (app, _) = &self.apps[0];
        self.call(
            Method::POST,
            &format!("/api/v1/apps/{app}/users"),
            Some(json!({"id": id})),
        )
        .await;
        self.sb.reset_request_counts();
        login
    }

    /// Reads that share the buckets of the offboarding writes, for two seconds or until
    /// `stop`.
    pub fn noise(
        &self,
        stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> impl std::future::Future<Output = ()> + Send + 'static {
        let http = self.http.clone();
        let base = self.sb.base_url().to_owned();
        let token = self.sb.token().to_owned();
        let paths = [
            format!("/api/v1/users/{}/groups", self.id),
            format!("/api/v1/groups/{}/users", self.teams[0]),
            format!("/api/v1/apps/{}/users", self.apps[0].0),
        ];
        async move {
            let until = std::time::Instant::now() + Duration::from_secs(2);
            while !stop.load(std::sync::atomic::Ordering::Relaxed)
                && std::time::Instant::now() < until
            {
                for p in &paths {
                    let _ = http
                        .get(format!("{base}{p}"))
                        .header("Authorization", format!("SSWS {token}"))
                        .send()
                        .await;
                }
                tokio::task::yield_now().await;
            }
        }
    }

    pub async fn delete_user(&self) {
        for _ in 0..2 {
            self.call(Method::DELETE, &format!("/api/v1/users/{}", self.id), None)
                .await;
        }
        assert_eq!(self.sb.user_id(&self.id), None);
        self.sb.reset_request_counts();
    }

    pub fn read_only_client(&self) -> Client {
        let mut config = ClientConfig::new(self.sb.base_url(), Auth::ssws(self.sb.token()));
        config.read_only = true;
        Client::new(config).unwrap()
    }

    async fn create_user(&self, login: &str) -> String {
        let body = json!({
            "profile": {"login": login, "email": login, "firstName": "Lee", "lastName": "Ver"},
            "credentials": {"password": {"value": "Abcdef12"}},
        });
        let u = self
            .call(Method::POST, "/api/v1/users?activate=true", Some(body))
            .await;
        u["id"].as_str().unwrap().to_owned()
    }

    async fn group(&self, name: &str) -> String {
        let g = self
            .call(
                Method::POST,
                "/api/v1/groups",
                Some(json!({"profile": {"name": name}})),
            )
            .await;
        g["id"].as_str().unwrap().to_owned()
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.sb.base_url()))
            .header("Authorization", format!("SSWS {}", self.sb.token()))
            .header("Accept", "application/json");
        req = match body {
            Some(b) => req.json(&b),
            None => req.header("Content-Length", "0"),
        };
        let r = req.send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
}
