//! One error type for everything the client can meet. Each variant renders a message a person
//! can act on; none of them ever contains a credential.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OktaError {
    /// Okta answered with an error status. `code` is `errorCode` (branch on it, never on the
    /// summary). For OAuth failures with an empty body, `www_authenticate` carries the reason.
    #[error("{}", api_message(*status, code.as_deref(), summary, causes, request_id.as_deref()))]
    Api {
        status: u16,
        code: Option<String>,
        summary: String,
        causes: Vec<String>,
        request_id: Option<String>,
        www_authenticate: Option<String>,
    },
    /// Still rate limited after the allowed retries.
    #[error("rate limit exceeded (E0000047); gave up after {attempts} attempt(s); the window resets in {}s{}", wait.as_secs(), rid(request_id.as_deref()))]
    RateLimited {
        attempts: u32,
        wait: Duration,
        request_id: Option<String>,
    },
    /// The answer was not what an Okta org sends (HTML page, wrong content type, bad JSON).
    #[error("not an Okta API answer: HTTP {status}, {detail}")]
    NotOkta { status: u16, detail: String },
    #[error("request timed out after {}s: {url}", after.as_secs())]
    Timeout { url: String, after: Duration },
    #[error("cannot resolve host {host}: check the Okta domain (DNS lookup failed)")]
    Dns { host: String },
    #[error("TLS handshake with {host} failed: {detail}")]
    Tls { host: String, detail: String },
    #[error("cannot connect to {host}: {detail}")]
    Connect { host: String, detail: String },
    /// The connection dropped after the request was sent; a write may or may not have happened.
    #[error("connection to {host} was lost: {detail}")]
    Dropped { host: String, detail: String },
    #[error("invalid Okta URL {url:?}: {reason}")]
    InvalidUrl { url: String, reason: String },
    /// The tenant is read-only: the client refused the write without sending it.
    #[error("read-only tenant: refused {method} {path} (nothing was sent)")]
    ReadOnly { method: String, path: String },
    /// OAuth 2.0 token endpoint or key problems (`error`, `error_description`).
    #[error("OAuth: {0}")]
    OAuth(String),
    #[error("unexpected response body: {0}")]
    Decode(String),
    #[error("{0}")]
    Other(String),
}

fn rid(request_id: Option<&str>) -> String {
    request_id
        .map(|r| format!(" (request id {r})"))
        .unwrap_or_default()
}

fn api_message(
    status: u16,
    code: Option<&str>,
    summary: &str,
    causes: &[String],
    request_id: Option<&str>,
) -> String {
    let mut s = format!("HTTP {status}");
    if let Some(c) = code {
        s.push(' ');
        s.push_str(c);
    }
    if !summary.is_empty() {
        s.push_str(": ");
        s.push_str(summary);
    }
    if status == 401 {
        s.push_str(" — the token is invalid or expired; check Credentials");
    }
    for c in causes {
        s.push_str("; ");
        s.push_str(c);
    }
    s.push_str(&rid(request_id));
    s
}

impl OktaError {
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::NotOkta { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } => code.as_deref(),
            Self::RateLimited { .. } => Some("E0000047"),
            _ => None,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { request_id, .. } | Self::RateLimited { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// 401/403: bad token, missing scope or too weak an admin role.
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            Self::Api {
                status: 401 | 403,
                ..
            } | Self::OAuth(_)
        )
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Api { status: 404, .. })
    }

    /// A failure of the network rather than of Okta's answer.
    pub fn is_network(&self) -> bool {
        matches!(
            self,
            Self::Timeout { .. }
                | Self::Dns { .. }
                | Self::Tls { .. }
                | Self::Connect { .. }
                | Self::Dropped { .. }
        )
    }
}
