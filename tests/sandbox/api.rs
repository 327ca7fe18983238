//! A small HTTP helper for the sandbox tests of single routes: send, then read the status,
//! headers and JSON body at once.

use oktui::sandbox::{self, SandboxHandle, SandboxOptions};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;

pub struct Api {
    pub h: SandboxHandle,
    http: reqwest::Client,
}

pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The Okta error code, for error answers.
    pub fn code(&self) -> &str {
        self.body["errorCode"].as_str().unwrap_or_default()
    }

    pub fn causes(&self) -> Vec<String> {
        self.body["errorCauses"]
            .as_array()
            .map(|c| {
                c.iter()
                    .filter_map(|e| e["errorSummary"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn links(&self) -> Vec<String> {
        self.headers
            .get_all("link")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }
}

impl Api {
    pub async fn start(users: usize) -> Api {
        Api {
            h: sandbox::start(SandboxOptions::new(users)).await.unwrap(),
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
        }
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.h.base_url()))
            .header("Authorization", format!("SSWS {}", self.h.token()))
            .header("Accept", "application/json");
        req = match body {
            Some(b) => req.json(&b),
            None => req.header("Content-Length", "0"),
        };
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let bytes = r.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Option<Value>) -> Answer {
        self.send(Method::POST, path, body).await
    }

    pub async fn put(&self, path: &str, body: Option<Value>) -> Answer {
        self.send(Method::PUT, path, body).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None).await
    }

    /// Creates a user with a password and a recovery question (`activate` as given).
    pub async fn create_user(&self, login: &str, activate: bool) -> Value {
        let body = serde_json::json!({
            "profile": {"login": login, "email": login, "firstName": "Test", "lastName": "Person"},
            "credentials": {"password": {"value": "Abcdef12"},
                            "recovery_question": {"question": "Favourite tree?", "answer": "larch"}},
        });
        let a = self
            .post(&format!("/api/v1/users?activate={activate}"), Some(body))
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
        a.body
    }

    /// The first user of `GET /users?filter=status eq "STATUS"`.
    pub async fn user_with_status(&self, status: &str) -> String {
        let filter = format!("status eq \"{status}\"");
        let q: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
        let a = self.get(&format!("/api/v1/users?filter={q}")).await;
        a.body[1]["id"]
            .as_str()
            .or_else(|| a.body[0]["id"].as_str())
            .unwrap_or_else(|| panic!("no {status} user"))
            .to_owned()
    }
}
