//! The one request path to Okta: base URL, auth, timeouts, User-Agent, rate limits, retries,
//! error mapping, read-only enforcement. Every API operation goes through `Client::send`.
//!
//! CONTRACT (public API used by app/runtime/cli; keep these signatures stable).
//!
//! Retry rules (why they are what they are):
//! - 429 means Okta did not process the request, so any method is retried after waiting
//!   `X-Rate-Limit-Reset − Date + 1 s`, a bounded number of times.
//! - 5xx and connection failures are retried only for GET: a POST/PUT/DELETE may already have
//!   been applied, and repeating a lifecycle call is not harmless.
//! - An auth rejection is retried once when the auth scheme says a fresh attempt can pass.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_LENGTH, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde_json::Value;

use super::auth::{Auth, AuthRequest};
use super::error::OktaError;
use super::lifecycle::{LifecycleOp, LifecycleOutcome};
use super::link::find_rel;
use super::models::*;
use super::paging::{PageAnswer, PageSource, Pages, ParseFn};
use super::query::{GroupQuery, UserQuery};
use super::ratelimit::{Limiter, backoff, wait_after_429};
use super::response::{ApiResponse, RawResponse};
use super::sanitize::{clean, clean_value};
use super::transport::{build_http, classify, encode_segment, host_of, validate_base_url};
use super::write::{GroupRef, UserRef, Write, Written, user_path};

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
    http: reqwest::Client,
    /// Origin only, with a trailing `/` (`https://acme.okta.com/`).
    base: Url,
    /// The same without the trailing `/`, as callers expect to show it.
    base_str: String,
    auth: Auth,
    limiter: Limiter,
    timeout: Duration,
    read_only: bool,
    max_rate_limit_retries: u32,
    max_rate_limit_wait: Duration,
    max_get_retries: u32,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_str)
            .field("auth", &self.inner.auth)
            .field("read_only", &self.inner.read_only)
            .finish()
    }
}

/// Whether a request carries the credential. The well-known org metadata is public and is
/// used to check a domain before any secret is sent to it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Credential {
    Send,
    Withhold,
}

impl Client {
    /// Validates the URL (`https://` only, except loopback) and builds the HTTP client.
    pub fn new(config: ClientConfig) -> Result<Self, OktaError> {
        let base = validate_base_url(&config.base_url)?;
        let base_str = base.as_str().trim_end_matches('/').to_owned();
        let http = build_http(config.timeout)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                base_str,
                auth: config.auth,
                limiter: Limiter::new(config.max_in_flight),
                timeout: config.timeout,
                read_only: config.read_only,
                max_rate_limit_retries: config.max_rate_limit_retries,
                max_rate_limit_wait: config.max_rate_limit_wait,
                max_get_retries: config.max_get_retries,
            }),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base_str
    }

    pub fn is_read_only(&self) -> bool {
        self.inner.read_only
    }

    /// The `X-Rate-Limit-*` figures of the bucket closest to running out (Okta keeps one per
    /// endpoint family), else the latest seen.
    pub fn rate_budget(&self) -> Option<RateBudget> {
        self.inner.limiter.budget()
    }

    /// The latest figures of the bucket `path` counts against (see `bucket_family`).
    pub fn rate_budget_of(&self, path: &str) -> Option<RateBudget> {
        self.inner.limiter.budget_of(path)
    }

    /// How long this client (any clone) is still waiting out a 429, if it is: cheap to poll
    /// (one uncontended lock), so a UI can show a live countdown.
    pub fn rate_wait(&self) -> Option<Duration> {
        self.inner.limiter.wait_left()
    }

    /// Woken (`notified().await`) whenever a 429 wait starts in any clone: lets an idle
    /// console, which polls `rate_wait` only while it ticks, start its countdown at once.
    pub fn rate_wait_started(&self) -> std::sync::Arc<tokio::sync::Notify> {
        self.inner.limiter.wait_started()
    }

    /// Tells the client that a caller waits out a 429 itself until `until` (a stream that
    /// exhausted the client's retries), so `rate_wait` shows that wait too.
    pub fn note_rate_wait(&self, until: std::time::Instant) {
        self.inner.limiter.note_wait(until);
    }

    /// What a call would send, for `--dry-run`. A path that cannot be turned into a URL on
    /// this org is shown as given.
    pub fn plan(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> PlannedRequest {
        let url = self
            .url_for(path, query)
            .map(String::from)
            .unwrap_or_else(|_| path.to_owned());
        PlannedRequest {
            method: method.as_str().to_owned(),
            url,
            body,
        }
    }

    /// Any API call: `path` is `/api/v1/...` or an absolute URL on the same origin (next links).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Value>,
    ) -> Result<ApiResponse, OktaError> {
        let url = self.url_for(path, query)?;
        let raw = self
            .execute(method, url, body.as_ref(), Credential::Send, None)
            .await?;
        raw.ensure_success()?;
        let value = raw.json()?;
        Ok(raw.to_api_response(value))
    }

    // ---- users
    pub fn list_users(&self, query: UserQuery) -> Pages<UserRow> {
        self.pages(USERS_PATH, &query.to_params(), user_rows_from_slice)
    }

    /// `list_users` keeping each user whole (profile, custom attributes): several times the
    /// memory of a row, so only for callers that print and drop each page.
    pub fn list_users_full(&self, query: UserQuery) -> Pages<User> {
        self.pages(USERS_PATH, &query.to_params(), users_from_slice)
    }

    /// What `list_users` would send.
    pub fn plan_list_users(&self, query: &UserQuery) -> PlannedRequest {
        self.plan(Method::GET, USERS_PATH, &query.to_params(), None)
    }

    /// By id or login.
    pub async fn get_user(&self, id_or_login: &str) -> Result<Fetched<User>, OktaError> {
        check_id(id_or_login)?;
        self.get_user_at(&user_path(id_or_login)).await
    }

    /// What `get_user` would send.
    pub fn plan_get_user(&self, id_or_login: &str) -> PlannedRequest {
        self.plan(Method::GET, &user_path(id_or_login), &[], None)
    }

    pub async fn me(&self) -> Result<Fetched<User>, OktaError> {
        self.get_user_at("/api/v1/users/me").await
    }

    /// What a write would send, for `--dry-run` (passwords and answers masked).
    pub fn plan_write(&self, w: &Write) -> PlannedRequest {
        let r = w.request(false);
        self.plan(r.method, &r.path, &r.query, r.body)
    }

    /// Sends one write through the request path, tagged with `request_id` (sent as
    /// `X-Request-Id`, so the caller can record it before the request leaves).
    pub async fn write(&self, w: &Write, request_id: &str) -> Result<Fetched<Written>, OktaError> {
        for id in w.ids() {
            check_id(id)?;
        }
        let r = w.request(true);
        let url = self.url_for(&r.path, &r.query)?;
        let raw = self
            .execute(
                r.method,
                url,
                r.body.as_ref(),
                Credential::Send,
                Some(request_id),
            )
            .await?;
        raw.ensure_success()?;
        let body = raw.json()?;
        Ok(Fetched {
            value: w.read_answer(&body),
            response: raw.to_api_response(body),
        })
    }

    /// `write` with a fresh request id, for callers that keep no journal.
    async fn write_untracked(&self, w: Write) -> Result<Fetched<Written>, OktaError> {
        self.write(&w, &new_request_id()).await
    }

    pub async fn create_user(&self, new_user: &NewUser) -> Result<Fetched<User>, OktaError> {
        let done = self
            .write_untracked(Write::Create(new_user.clone()))
            .await?;
        let value = user_from_response(&done.response)?;
        Ok(Fetched {
            value,
            response: done.response,
        })
    }

    pub async fn lifecycle(
        &self,
        user_id: &str,
        op: &LifecycleOp,
    ) -> Result<Fetched<LifecycleOutcome>, OktaError> {
        let w = Write::Lifecycle {
            user: UserRef::id(user_id),
            op: op.clone(),
        };
        let done = self.write_untracked(w).await?;
        Ok(Fetched {
            value: LifecycleOutcome {
                activation_url: done.value.activation_url,
                reset_password_url: done.value.reset_password_url,
                user: done.value.user,
            },
            response: done.response,
        })
    }

    /// Okta's two-step delete: on a non-DEPROVISIONED user the first call deactivates.
    pub async fn delete_user(
        &self,
        user_id: &str,
        send_email: bool,
    ) -> Result<ApiResponse, OktaError> {
        let w = Write::Delete {
            user: UserRef::id(user_id),
            deprovisioned: false,
            send_email,
        };
        Ok(self.write_untracked(w).await?.response)
    }

    pub async fn clear_sessions(
        &self,
        user_id: &str,
        oauth_tokens: bool,
    ) -> Result<ApiResponse, OktaError> {
        let w = Write::ClearSessions {
            user: UserRef::id(user_id),
            oauth_tokens,
        };
        Ok(self.write_untracked(w).await?.response)
    }

    pub async fn user_groups(&self, user_id: &str) -> Result<Fetched<Vec<Group>>, OktaError> {
        check_id(user_id)?;
        self.get_all(
            &user_sub_path(user_id, UserSub::Groups),
            &[],
            groups_from_slice,
        )
        .await
    }

    pub async fn user_roles(&self, user_id: &str) -> Result<Fetched<Vec<Role>>, OktaError> {
        check_id(user_id)?;
        self.get_all(
            &user_sub_path(user_id, UserSub::Roles),
            &[],
            roles_from_slice,
        )
        .await
    }

    pub async fn user_app_links(&self, user_id: &str) -> Result<Fetched<Vec<AppLink>>, OktaError> {
        check_id(user_id)?;
        let path = user_sub_path(user_id, UserSub::AppLinks);
        self.get_all(&path, &[], app_links_from_slice).await
    }

    /// What `user_groups`, `user_roles` or `user_app_links` would send (first page).
    pub fn plan_user_sub(&self, user_id: &str, sub: UserSub) -> PlannedRequest {
        self.plan(Method::GET, &user_sub_path(user_id, sub), &[], None)
    }

    /// `/.well-known/okta-organization`: public, so the credential is not sent. Anything that
    /// is not an org's answer is `NotOkta`.
    pub async fn org_metadata(&self) -> Result<Fetched<OrgMetadata>, OktaError> {
        let url = self.url_for("/.well-known/okta-organization", &[])?;
        let raw = self
            .execute(Method::GET, url, None, Credential::Withhold, None)
            .await?;
        raw.ensure_success()?;
        let body = raw.json()?;
        let value = OrgMetadata::from_value(body.clone()).ok_or_else(|| OktaError::NotOkta {
            status: raw.status.as_u16(),
            detail: "the answer has no organization id; check the Okta domain".into(),
        })?;
        Ok(Fetched {
            value,
            response: raw.to_api_response(body),
        })
    }

    // ---- groups
    /// Always asks for `expand=stats` so member counts come along.
    pub fn list_groups(&self, query: GroupQuery) -> Pages<Group> {
        self.pages(GROUPS_PATH, &query.to_params(), groups_from_slice)
    }

    /// What `list_groups` would send.
    pub fn plan_list_groups(&self, query: &GroupQuery) -> PlannedRequest {
        self.plan(Method::GET, GROUPS_PATH, &query.to_params(), None)
    }

    pub async fn get_group(&self, group_id: &str) -> Result<Fetched<Group>, OktaError> {
        check_id(group_id)?;
        let path = format!("{GROUPS_PATH}/{}", encode_segment(group_id));
        // The spec's getGroup has no `expand`; member counts come from the list.
        let url = self.url_for(&path, &[])?;
        let raw = self.execute_get(url).await?;
        raw.ensure_success()?;
        let value = group_from_slice(&raw.body).map_err(|e| raw.decode_error(&e))?;
        let body = raw.json()?;
        Ok(Fetched {
            value,
            response: raw.to_api_response(body),
        })
    }

    /// `limit=200`.
    pub fn group_members(&self, group_id: &str) -> Pages<UserRow> {
        self.group_members_paged(group_id, MAX_MEMBERS_PAGE)
    }

    /// `group_members` with `limit` members a page (at most 200).
    pub fn group_members_paged(&self, group_id: &str, limit: u32) -> Pages<UserRow> {
        match check_id(group_id) {
            Ok(()) => {
                let call = group_members_call(group_id, limit);
                self.pages(&call.path, &call.query, user_rows_from_slice)
            }
            Err(e) => Pages::failed(e, user_rows_from_slice),
        }
    }

    /// What `group_members` would send (first page).
    pub fn plan_group_members(&self, group_id: &str, limit: u32) -> PlannedRequest {
        self.plan_call(group_members_call(group_id, limit))
    }

    pub async fn add_member(
        &self,
        group_id: &str,
        user_id: &str,
    ) -> Result<ApiResponse, OktaError> {
        let w = Write::AddMember {
            group: GroupRef::new(group_id, ""),
            user: UserRef::id(user_id),
        };
        Ok(self.write_untracked(w).await?.response)
    }

    pub async fn remove_member(
        &self,
        group_id: &str,
        user_id: &str,
    ) -> Result<ApiResponse, OktaError> {
        let w = Write::RemoveMember {
            group: GroupRef::new(group_id, ""),
            user: UserRef::id(user_id),
        };
        Ok(self.write_untracked(w).await?.response)
    }
}

// ---- internals
impl Client {
    fn plan_call(&self, call: Call) -> PlannedRequest {
        self.plan(call.method, &call.path, &call.query, None)
    }

    /// The URL for `path` (absolute path on this org, or an absolute same-origin URL) with
    /// the query appended (form-encoded: space → `+`, `+` → `%2B`).
    pub(super) fn url_for(&self, path: &str, query: &[(&str, String)]) -> Result<Url, OktaError> {
        let mut url = if path.starts_with("https://") || path.starts_with("http://") {
            let u = Url::parse(path).map_err(|e| OktaError::InvalidUrl {
                url: clean(path),
                reason: e.to_string(),
            })?;
            self.same_origin(u)?
        } else if path.starts_with('/') && !path.starts_with("//") {
            self.inner
                .base
                .join(path)
                .map_err(|e| OktaError::InvalidUrl {
                    url: clean(path),
                    reason: e.to_string(),
                })?
        } else {
            return Err(OktaError::InvalidUrl {
                url: clean(path),
                reason: "API paths start with /".into(),
            });
        };
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    /// Refuses URLs on another origin: the credential must never travel to another host.
    fn same_origin(&self, url: Url) -> Result<Url, OktaError> {
        if url.origin() == self.inner.base.origin() {
            Ok(url)
        } else {
            Err(OktaError::InvalidUrl {
                url: clean(url.as_str()),
                reason: format!(
                    "points away from {}; refusing to send the credential there",
                    self.inner.base_str
                ),
            })
        }
    }

    /// Resolves a `rel="next"` target (verbatim; relative targets against the page URL).
    pub(crate) fn resolve_next(&self, page_url: &Url, target: &str) -> Result<Url, OktaError> {
        let url = page_url.join(target).map_err(|e| OktaError::InvalidUrl {
            url: clean(target),
            reason: format!("bad next link: {e}"),
        })?;
        self.same_origin(url)
    }

    pub(super) fn pages<T: Send + 'static>(
        &self,
        path: &str,
        query: &[(&str, String)],
        parse: ParseFn<T>,
    ) -> Pages<T> {
        match self.url_for(path, query) {
            Ok(url) => Pages::start(std::sync::Arc::new(self.clone()), url, parse),
            Err(e) => Pages::failed(e, parse),
        }
    }

    /// A list that may or may not be paged: follows next links to the end. The response is
    /// the first page's.
    pub(super) async fn get_all<T: Send + 'static>(
        &self,
        path: &str,
        query: &[(&str, String)],
        parse: ParseFn<T>,
    ) -> Result<Fetched<Vec<T>>, OktaError> {
        let mut pages = self.pages(path, query, parse);
        let mut value = Vec::new();
        let mut response = None;
        while let Some(page) = pages.next_page().await {
            let page = page?;
            value.extend(page.items);
            response.get_or_insert(page.response);
        }
        let response = response.ok_or_else(|| OktaError::Other("no answer".into()))?;
        Ok(Fetched { value, response })
    }

    async fn get_user_at(&self, path: &str) -> Result<Fetched<User>, OktaError> {
        let response = self.send(Method::GET, path, &[], None).await?;
        let value = user_from_response(&response)?;
        Ok(Fetched { value, response })
    }

    pub(crate) async fn execute_get(&self, url: Url) -> Result<RawResponse, OktaError> {
        self.execute(Method::GET, url, None, Credential::Send, None)
            .await
    }

    /// Sends one request with the retry rules above and returns the answer with its body read.
    /// `request_id`, when given, goes out as `X-Request-Id` on every attempt.
    async fn execute(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
        credential: Credential,
        request_id: Option<&str>,
    ) -> Result<RawResponse, OktaError> {
        let inner = &self.inner;
        if inner.read_only && method != Method::GET && method != Method::HEAD {
            return Err(OktaError::ReadOnly {
                method: method.to_string(),
                path: clean(url.path()),
            });
        }
        let body = match body {
            Some(v) => Some(
                serde_json::to_vec(v).map_err(|e| OktaError::Other(format!("bad body: {e}")))?,
            ),
            None => None,
        };
        let idempotent = method == Method::GET || method == Method::HEAD;
        let mut rate_limited = 0u32;
        let mut failures = 0u32;
        let mut auth_retried = false;
        loop {
            let pace = inner
                .limiter
                .pace_delay(url.path())
                .min(inner.max_rate_limit_wait);
            if !pace.is_zero() {
                tracing::debug!(wait_ms = pace.as_millis() as u64, "pacing: rate budget low");
                // A long pause is a wait like a 429's: `rate_wait` shows it, so a caller can
                // say why nothing happens. Short pacing gaps are not worth reporting.
                if pace >= Duration::from_secs(1) {
                    inner.limiter.note_wait(std::time::Instant::now() + pace);
                }
                tokio::time::sleep(pace).await;
            }
            let attempt = {
                let _permit = inner.limiter.acquire().await;
                self.attempt(&method, &url, body.as_deref(), credential, request_id)
                    .await
            };
            let raw = match attempt {
                Ok(raw) => raw,
                Err(e) => {
                    let transient =
                        matches!(e, OktaError::Connect { .. } | OktaError::Dropped { .. });
                    if idempotent && transient && failures < inner.max_get_retries {
                        tracing::debug!(error = %e, attempt = failures, "retrying GET");
                        tokio::time::sleep(backoff(failures)).await;
                        failures += 1;
                        continue;
                    }
                    return Err(match e {
                        // Say what it means for a write: it was not repeated, and it may
                        // already have happened.
                        OktaError::Dropped { host, detail } if !idempotent => OktaError::Dropped {
                            host,
                            detail: format!("{detail}; {}", unknown_outcome(&method)),
                        },
                        // No answer in time is the same as a lost connection for a write:
                        // the server may have applied it.
                        OktaError::Timeout { url: u, after } if !idempotent => OktaError::Dropped {
                            host: host_of(&url),
                            detail: format!(
                                "no answer within {}s from {u}; {}",
                                after.as_secs(),
                                unknown_outcome(&method)
                            ),
                        },
                        other => other,
                    });
                }
            };
            inner.limiter.observe(url.path(), &raw.headers);
            let status = raw.status;
            if status == StatusCode::TOO_MANY_REQUESTS {
                let wait = wait_after_429(&raw.headers, rate_limited);
                if rate_limited >= inner.max_rate_limit_retries || wait > inner.max_rate_limit_wait
                {
                    return Err(OktaError::RateLimited {
                        attempts: rate_limited + 1,
                        wait,
                        request_id: raw.request_id(),
                    });
                }
                tracing::debug!(
                    wait_s = wait.as_secs(),
                    "429: waiting for the window to reset"
                );
                // A little jitter so requests refused together do not come back together (a
                // concurrency 429 would only repeat).
                let jitter = Duration::from_millis(rand::random_range(0..=250));
                inner
                    .limiter
                    .note_wait(std::time::Instant::now() + wait + jitter);
                tokio::time::sleep(wait + jitter).await;
                rate_limited += 1;
                continue;
            }
            if status.is_server_error() && idempotent && failures < inner.max_get_retries {
                tracing::debug!(status = status.as_u16(), attempt = failures, "retrying GET");
                tokio::time::sleep(backoff(failures)).await;
                failures += 1;
                continue;
            }
            if status.is_client_error()
                && credential == Credential::Send
                && !auth_retried
                && inner
                    .auth
                    .retry_after_rejection(&self.auth_request(&method, &url), status, &raw.headers)
                    .await
            {
                auth_retried = true;
                continue;
            }
            return Ok(raw);
        }
    }

    fn auth_request<'a>(&'a self, method: &'a Method, url: &'a Url) -> AuthRequest<'a> {
        AuthRequest {
            method,
            url,
            base_url: &self.inner.base,
            http: &self.inner.http,
        }
    }

    /// One attempt on the wire.
    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&[u8]>,
        credential: Credential,
        request_id: Option<&str>,
    ) -> Result<RawResponse, OktaError> {
        let inner = &self.inner;
        let mut req = inner.http.request(method.clone(), url.clone());
        if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(id).ok()) {
            req = req.header(REQUEST_ID_HEADER, id);
        }
        if credential == Credential::Send {
            let headers = inner
                .auth
                .headers_for(&self.auth_request(method, url))
                .await?;
            req = req.headers(headers);
        }
        req = match body {
            Some(b) => req.body(b.to_vec()),
            // Okta answers 411 to a body-less POST/PUT without `Content-Length: 0`.
            None if matches!(*method, Method::POST | Method::PUT | Method::PATCH) => req
                .header(CONTENT_LENGTH, HeaderValue::from_static("0"))
                .body(Vec::new()),
            None => req,
        };
        let resp = req
            .send()
            .await
            .map_err(|e| classify(&e, url, inner.timeout))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp
            .bytes()
            .await
            .map_err(|e| classify(&e, url, inner.timeout))?;
        tracing::trace!(host = %host_of(url), path = url.path(), status = status.as_u16(), "okta answer");
        Ok(RawResponse {
            status,
            headers,
            body: body.into(),
        })
    }
}

/// Pages are fetched through the client's one request path (auth, pacing, retries).
impl PageSource for Client {
    fn fetch_page(&self, url: Url) -> futures::future::BoxFuture<'static, PageAnswer> {
        let client = self.clone();
        Box::pin(async move {
            let raw = client.execute_get(url.clone()).await?;
            raw.ensure_success()?;
            let next = find_rel(
                raw.headers
                    .get_all(reqwest::header::LINK)
                    .iter()
                    .filter_map(|v| v.to_str().ok()),
                "next",
            );
            let next = match next {
                Some(target) => Some(client.resolve_next(&url, &target)?),
                None => None,
            };
            Ok((raw, next))
        })
    }
}

/// The header carrying the id oktui gives a write (journaled before the write is sent).
/// Okta's own id for the request comes back as `X-Okta-Request-Id`.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// A fresh id for one write.
pub fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// What a write whose answer never came may have done.
fn unknown_outcome(method: &Method) -> String {
    format!(
        "the {method} was not repeated and may or may not have been applied: outcome unknown, check before trying again"
    )
}

const USERS_PATH: &str = "/api/v1/users";
const GROUPS_PATH: &str = "/api/v1/groups";

/// The lists under one user that the console and CLI show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserSub {
    Groups,
    Roles,
    AppLinks,
}

/// One body-less request as method, path and query. The real call and its `plan_*` twin
/// build it with the same function, so a dry run shows exactly what would be sent.
struct Call {
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
}

/// An id or login must be usable as one path segment. Empty and dot segments are refused:
/// `..` would climb out of the resource path even when percent-encoded. Real calls check
/// this before sending; plans show the (encoded) path as given.
fn check_id(id: &str) -> Result<(), OktaError> {
    let t = id.trim();
    if t.is_empty() || t == "." || t == ".." {
        return Err(OktaError::Other(format!("invalid id {:?}", clean(id))));
    }
    Ok(())
}

fn user_sub_path(user_id: &str, sub: UserSub) -> String {
    let sub = match sub {
        UserSub::Groups => "groups",
        UserSub::Roles => "roles",
        UserSub::AppLinks => "appLinks",
    };
    format!("{}/{sub}", user_path(user_id))
}

/// Okta's largest page of group members.
const MAX_MEMBERS_PAGE: u32 = 200;

fn group_members_call(group_id: &str, limit: u32) -> Call {
    Call {
        method: Method::GET,
        path: format!("{GROUPS_PATH}/{}/users", encode_segment(group_id)),
        query: vec![("limit", limit.clamp(1, MAX_MEMBERS_PAGE).to_string())],
    }
}

fn user_from_response(response: &ApiResponse) -> Result<User, OktaError> {
    if !response.body.is_object() {
        return Err(OktaError::Decode("expected a user object".into()));
    }
    User::from_value(response.body.clone()).map_err(|e| OktaError::Decode(clean(&e.to_string())))
}

fn cleaned_from_slice<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<Vec<T>, serde_json::Error> {
    let mut v: Value = serde_json::from_slice(body)?;
    clean_value(&mut v);
    serde_json::from_value(v)
}

fn roles_from_slice(body: &[u8]) -> Result<Vec<Role>, serde_json::Error> {
    cleaned_from_slice(body)
}

fn app_links_from_slice(body: &[u8]) -> Result<Vec<AppLink>, serde_json::Error> {
    cleaned_from_slice(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(read_only: bool) -> Client {
        let mut c = ClientConfig::new("https://acme.okta.com", Auth::ssws("t0k3n"));
        c.read_only = read_only;
        Client::new(c).unwrap()
    }

    #[test]
    fn base_url_and_flags() {
        let c = client(true);
        assert_eq!(c.base_url(), "https://acme.okta.com");
        assert!(c.is_read_only());
        assert!(!format!("{c:?}").contains("t0k3n"));
        assert!(matches!(
            Client::new(ClientConfig::new("http://acme.okta.com", Auth::ssws("x"))),
            Err(OktaError::InvalidUrl { .. })
        ));
    }

    #[test]
    fn plan_encodes_queries() {
        let c = client(false);
        let p = c.plan(
            Method::GET,
            "/api/v1/users",
            &[("search", r#"profile.login sw "a+b c""#.into())],
            None,
        );
        assert_eq!(
            p.url,
            "https://acme.okta.com/api/v1/users?search=profile.login+sw+%22a%2Bb+c%22"
        );
        let p = c.plan_write(&Write::Lifecycle {
            user: UserRef::id("00u1"),
            op: LifecycleOp::Deactivate { send_email: false },
        });
        assert_eq!(p.method, "POST");
        assert_eq!(
            p.url,
            "https://acme.okta.com/api/v1/users/00u1/lifecycle/deactivate?sendEmail=false"
        );
    }

    #[test]
    fn plan_create_user_masks_secrets() {
        let c = client(false);
        let nu = NewUser {
            login: "a@b.c".into(),
            email: "a@b.c".into(),
            first_name: "A".into(),
            last_name: "B".into(),
            password: Some("Sup3rSecret!".to_owned().into()),
            recovery_question: Some("Q?".into()),
            recovery_answer: Some("answer42".to_owned().into()),
            group_ids: vec!["00g1".into()],
            activate: false,
        };
        let p = c.plan_write(&Write::Create(nu.clone()));
        let text = serde_json::to_string(&p).unwrap();
        assert!(
            !text.contains("Sup3rSecret") && !text.contains("answer42"),
            "{text}"
        );
        assert_eq!(p.url, "https://acme.okta.com/api/v1/users?activate=false");
        let real = Write::Create(nu).request(true).body.unwrap();
        assert_eq!(real["credentials"]["password"]["value"], "Sup3rSecret!");
        assert_eq!(
            real["credentials"]["recovery_question"]["answer"],
            "answer42"
        );
        assert_eq!(real["groupIds"], serde_json::json!(["00g1"]));
    }

    #[test]
    fn other_origins_are_refused() {
        let c = client(false);
        assert!(c.url_for("https://evil.example/api/v1/users", &[]).is_err());
        assert!(c.url_for("//evil.example/x", &[]).is_err());
        assert!(c.url_for("api/v1/users", &[]).is_err());
        assert!(
            c.url_for("https://acme.okta.com/api/v1/users?after=x", &[])
                .is_ok()
        );
        let page = Url::parse("https://acme.okta.com/api/v1/users").unwrap();
        assert_eq!(
            c.resolve_next(&page, "/api/v1/users?after=1")
                .unwrap()
                .as_str(),
            "https://acme.okta.com/api/v1/users?after=1"
        );
        assert!(
            c.resolve_next(&page, "https://acme.okta.com:444/x")
                .is_err()
        );
        assert!(c.resolve_next(&page, "http://acme.okta.com/x").is_err());
    }

    #[test]
    fn ids_are_one_segment() {
        assert_eq!(user_path("a/b"), "/api/v1/users/a%2Fb");
        assert!(check_id("a/b").is_ok());
        assert!(check_id("..").is_err());
        assert!(check_id(" ").is_err());
        let add = Write::AddMember {
            group: GroupRef::new("00g1", "Eng"),
            user: UserRef::id("00u/1"),
        };
        assert_eq!(add.request(true).path, "/api/v1/groups/00g1/users/00u%2F1");
    }

    #[test]
    fn plans_use_the_real_paths() {
        let c = client(false);
        let p = c.plan_user_sub("a/b@x.com", UserSub::Groups);
        assert_eq!(p.method, "GET");
        assert_eq!(
            p.url,
            "https://acme.okta.com/api/v1/users/a%2Fb%40x.com/groups"
        );
        let p = c.plan_user_sub("00u1", UserSub::AppLinks);
        assert!(p.url.ends_with("/api/v1/users/00u1/appLinks"), "{}", p.url);
        let p = c.plan_write(&Write::Delete {
            user: UserRef::id("00u1"),
            deprovisioned: false,
            send_email: true,
        });
        assert_eq!(p.method, "DELETE");
        assert_eq!(
            p.url,
            "https://acme.okta.com/api/v1/users/00u1?sendEmail=true"
        );
        let p = c.plan_write(&Write::ClearSessions {
            user: UserRef::id("00u1"),
            oauth_tokens: false,
        });
        assert_eq!(p.method, "DELETE");
        assert!(
            p.url
                .ends_with("/api/v1/users/00u1/sessions?oauthTokens=false"),
            "{}",
            p.url
        );
        let member = |add| {
            let (group, user) = (GroupRef::new("00g1", "Eng"), UserRef::id("00u1"));
            c.plan_write(&if add {
                Write::AddMember { group, user }
            } else {
                Write::RemoveMember { group, user }
            })
        };
        let p = member(true);
        assert_eq!(
            (p.method.as_str(), p.url.as_str()),
            ("PUT", "https://acme.okta.com/api/v1/groups/00g1/users/00u1")
        );
        assert_eq!(member(false).method, "DELETE");
        let p = c.plan_group_members("00g1", 200);
        assert!(
            p.url.ends_with("/api/v1/groups/00g1/users?limit=200"),
            "{}",
            p.url
        );
        assert!(c.plan_get_user("me").url.ends_with("/api/v1/users/me"));
    }

    #[tokio::test]
    async fn read_only_refuses_writes_before_sending() {
        // The host does not exist: a request that got sent would fail with a network error.
        let mut cfg = ClientConfig::new("https://nothing.invalid", Auth::ssws("x"));
        cfg.read_only = true;
        let c = Client::new(cfg).unwrap();
        for res in [
            c.lifecycle("00u1", &LifecycleOp::Suspend).await.map(|_| ()),
            c.delete_user("00u1", false).await.map(|_| ()),
            c.add_member("00g1", "00u1").await.map(|_| ()),
            c.remove_member("00g1", "00u1").await.map(|_| ()),
            c.clear_sessions("00u1", false).await.map(|_| ()),
            c.create_user(&NewUser::default()).await.map(|_| ()),
        ] {
            assert!(matches!(res, Err(OktaError::ReadOnly { .. })), "{res:?}");
        }
    }
}
