//! The one request path to Okta: base URL, auth, timeouts, User-Agent, rate limits, retries,
//! error mapping, read-only enforcement. Every API operation goes through `Client::send`.
//!
//! CONTRACT (public API used by app/runtime/cli; keep these signatures stable).

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use super::auth::Auth;
use super::error::OktaError;
use super::lifecycle::{LifecycleOp, LifecycleOutcome};
use super::models::*;
use super::paging::Pages;
use super::query::{GroupQuery, UserQuery};

/// Settings for one client (one tenant).
#[derive(Clone)]
pub struct ClientConfig {
    /// `https://acme.okta.com` (or a loopback http URL for the sandbox).
    pub base_url: String,
    pub auth: Auth,
    /// Shared cap on requests in flight (default 4).
    pub max_in_flight: usize,
    /// Per-request timeout (default 30 s).
    pub timeout: Duration,
    /// Refuse every non-GET in the client itself, before anything is sent.
    pub read_only: bool,
    /// How many times a 429 is waited out before giving up (default 3).
    pub max_rate_limit_retries: u32,
    /// Longest single 429 wait before giving up (default 60 s).
    pub max_rate_limit_wait: Duration,
    /// Retries for GETs after 5xx / connection failures (default 2), with backoff.
    pub max_get_retries: u32,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>, auth: Auth) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            auth,
            max_in_flight: 4,
            timeout: Duration::from_secs(30),
            read_only: false,
            max_rate_limit_retries: 3,
            max_rate_limit_wait: Duration::from_secs(60),
            max_get_retries: 2,
        }
    }
}

/// One raw answer: what the raw/headers view and `--include-headers` show.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub status: u16,
    /// Header names lower-case, in arrival order; Authorization-like headers never appear here.
    pub headers: Vec<(String, String)>,
    /// Parsed and cleaned body; `Value::Null` for an empty body (204).
    pub body: Value,
    pub request_id: Option<String>,
}

/// A typed result together with the response it came from.
#[derive(Debug, Clone)]
pub struct Fetched<T> {
    pub value: T,
    pub response: ApiResponse,
}

/// What `--dry-run` prints instead of sending.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlannedRequest {
    pub method: String,
    pub url: String,
    pub body: Option<Value>,
}

#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    // filled in by the implementation
}

// The bodies below are placeholders until the client implementation lands (issue 2); the
// signatures are the contract the rest of the crate compiles against.
#[allow(unused_variables)]
impl Client {
    /// Validates the URL (`https://` only, except loopback) and builds the HTTP client.
    pub fn new(config: ClientConfig) -> Result<Self, OktaError> {
        todo!()
    }
    pub fn base_url(&self) -> &str {
        todo!()
    }
    pub fn is_read_only(&self) -> bool {
        todo!()
    }
    /// The latest `X-Rate-Limit-*` figures seen on any response.
    pub fn rate_budget(&self) -> Option<RateBudget> {
        todo!()
    }
    /// What a call would send, for `--dry-run`.
    pub fn plan(&self, method: Method, path: &str, query: &[(&str, String)], body: Option<Value>) -> PlannedRequest {
        todo!()
    }
    /// Any API call: `path` is `/api/v1/...` or an absolute URL on the same origin (next links).
    pub async fn send(&self, method: Method, path: &str, query: &[(&str, String)], body: Option<Value>) -> Result<ApiResponse, OktaError> {
        todo!()
    }

    // ---- users
    pub fn list_users(&self, query: UserQuery) -> Pages<UserRow> {
        todo!()
    }
    /// By id or login.
    pub async fn get_user(&self, id_or_login: &str) -> Result<Fetched<User>, OktaError> {
        todo!()
    }
    pub async fn me(&self) -> Result<Fetched<User>, OktaError> {
        todo!()
    }
    pub async fn create_user(&self, new_user: &NewUser) -> Result<Fetched<User>, OktaError> {
        todo!()
    }
    pub async fn lifecycle(&self, user_id: &str, op: &LifecycleOp) -> Result<Fetched<LifecycleOutcome>, OktaError> {
        todo!()
    }
    /// Okta's two-step delete: on a non-DEPROVISIONED user the first call deactivates.
    pub async fn delete_user(&self, user_id: &str, send_email: bool) -> Result<ApiResponse, OktaError> {
        todo!()
    }
    pub async fn clear_sessions(&self, user_id: &str, oauth_tokens: bool) -> Result<ApiResponse, OktaError> {
        todo!()
    }
    pub async fn user_groups(&self, user_id: &str) -> Result<Fetched<Vec<Group>>, OktaError> {
        todo!()
    }
    pub async fn user_roles(&self, user_id: &str) -> Result<Fetched<Vec<Role>>, OktaError> {
        todo!()
    }
    pub async fn user_app_links(&self, user_id: &str) -> Result<Fetched<Vec<AppLink>>, OktaError> {
        todo!()
    }
    pub async fn org_metadata(&self) -> Result<Fetched<OrgMetadata>, OktaError> {
        todo!()
    }

    // ---- groups
    /// Always asks for `expand=stats` so member counts come along.
    pub fn list_groups(&self, query: GroupQuery) -> Pages<Group> {
        todo!()
    }
    pub async fn get_group(&self, group_id: &str) -> Result<Fetched<Group>, OktaError> {
        todo!()
    }
    /// `limit=200`.
    pub fn group_members(&self, group_id: &str) -> Pages<UserRow> {
        todo!()
    }
    pub async fn add_member(&self, group_id: &str, user_id: &str) -> Result<ApiResponse, OktaError> {
        todo!()
    }
    pub async fn remove_member(&self, group_id: &str, user_id: &str) -> Result<ApiResponse, OktaError> {
        todo!()
    }
}
