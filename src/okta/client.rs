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
use super::link::find_rel;
use super::models::{OrgMetadata, RateBudget};
use super::paging::{PageAnswer, PageSource, Pages, ParseFn};
use super::ratelimit::{Limiter, backoff, wait_after_429};
use super::response::{ApiResponse, RawResponse};
use super::sanitize::clean;
use super::transport::{build_http, classify, host_of, validate_base_url};

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
pub(super) enum Credential {
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
}

// ---- internals
impl Client {
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

    pub(crate) async fn execute_get(&self, url: Url) -> Result<RawResponse, OktaError> {
        self.execute(Method::GET, url, None, Credential::Send, None)
            .await
    }

    /// Sends one request with the retry rules above and returns the answer with its body read.
    /// `request_id`, when given, goes out as `X-Request-Id` on every attempt.
    pub(super) async fn execute(
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

/// An id or login must be usable as one path segment. Empty and dot segments are refused:
/// `..` would climb out of the resource path even when percent-encoded. Real calls check
/// this before sending; plans show the (encoded) path as given.
pub(super) fn check_id(id: &str) -> Result<(), OktaError> {
    let t = id.trim();
    if t.is_empty() || t == "." || t == ".." {
        return Err(OktaError::Other(format!("invalid id {:?}", clean(id))));
    }
    Ok(())
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
