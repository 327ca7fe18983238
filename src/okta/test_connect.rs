//! Test Connect: does this domain + credential work, and if not, exactly why.
//!
//! 1. The org's public metadata (`/.well-known/okta-organization`, no credential): proves the
//!    domain is an Okta org and tells Identity Engine from Classic.
//! 2. The credential: `users/me` for an API token (who it acts as); for an OAuth service app
//!    the token request (granted scopes, DPoP or Bearer) then `users?limit=1` (there is no
//!    user behind a client-credentials token).
//! 3. The round-trip time of that call and the rate-limit budget it reported.
//!
//! Each failure gets one [`FailureKind`] and a sentence that says what to fix.

use std::time::{Duration, Instant};

use reqwest::Method;

use super::auth::Auth;
use super::client::{Client, ClientConfig};
use super::error::OktaError;
use super::models::{OrgMetadata, RateBudget};
use super::oauth::{DpopMode, token_error_code};
use super::transport::{build_http, validate_base_url};

/// What went wrong, precisely enough to branch on (and to test).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The domain is not a usable URL (or is `http://` off loopback).
    InvalidUrl,
    /// The host name does not resolve.
    Dns,
    /// The TLS handshake failed (certificate, protocol, not TLS at all).
    Tls,
    /// Nothing listens on that host and port (connection refused).
    ClosedPort,
    /// The host could not be reached otherwise (unreachable, reset during connect).
    Unreachable,
    Timeout,
    /// Something answered, but not as an Okta org (HTML page, 404, no org id).
    NotOkta,
    /// 401 E0000011: the API token is invalid, expired or revoked.
    InvalidToken,
    /// 403: the credential works but its admin role may not do this.
    Forbidden,
    /// A scope the call needs was not requested or not granted.
    MissingScope,
    /// The app requires DPoP and the tenant has it off.
    DpopRequired,
    /// A DPoP proof was refused (clock skew, proxy rewriting the URL, ...).
    DpopProof,
    /// `invalid_client`: client id, key or kid do not match the app.
    InvalidClient,
    /// Any other OAuth token-endpoint refusal.
    OAuth,
    RateLimited,
    /// The secret could not be fetched (env var unset, command failed, key file unreadable).
    Secret,
    Other,
}

impl FailureKind {
    /// What went wrong in a few words, for people (the variant name is for code).
    pub fn label(self) -> &'static str {
        match self {
            FailureKind::InvalidUrl => "invalid URL",
            FailureKind::Dns => "DNS lookup failed",
            FailureKind::Tls => "TLS handshake failed",
            FailureKind::ClosedPort => "connection refused",
            FailureKind::Unreachable => "host unreachable",
            FailureKind::Timeout => "timed out",
            FailureKind::NotOkta => "not an Okta org",
            FailureKind::InvalidToken => "invalid or expired token",
            FailureKind::Forbidden => "forbidden (admin role too weak)",
            FailureKind::MissingScope => "missing scope",
            FailureKind::DpopRequired => "DPoP required",
            FailureKind::DpopProof => "DPoP proof refused",
            FailureKind::InvalidClient => "invalid client",
            FailureKind::OAuth => "OAuth refusal",
            FailureKind::RateLimited => "rate limited",
            FailureKind::Secret => "secret unavailable",
            FailureKind::Other => "other error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    /// One or two sentences for the admin; never a secret.
    pub message: String,
}

/// Everything Test Connect found. Fields stay `None` for steps not reached.
#[derive(Debug, Clone, Default)]
pub struct TestReport {
    pub base_url: String,
    pub org: Option<OrgMetadata>,
    /// "SSWS", "DPoP" or "Bearer".
    pub scheme: Option<String>,
    /// The admin login behind an API token, or "service app <client id>".
    pub acts_as: Option<String>,
    /// Granted by the token endpoint (OAuth only).
    pub granted_scopes: Vec<String>,
    /// Asked for but not granted (OAuth only).
    pub missing_scopes: Vec<String>,
    /// Round trip of the credential check.
    pub latency: Option<Duration>,
    pub rate_budget: Option<RateBudget>,
    pub failure: Option<Failure>,
}

impl TestReport {
    pub fn ok(&self) -> bool {
        self.failure.is_none()
    }

    /// One line: what worked, or what is wrong.
    pub fn summary(&self) -> String {
        if let Some(f) = &self.failure {
            return f.message.clone();
        }
        let mut s = String::from("connected");
        if let Some(org) = &self.org {
            s.push_str(&format!(" to {} ({})", org.id, org.engine_label()));
        }
        if let Some(who) = &self.acts_as {
            s.push_str(&format!(" as {who}"));
        }
        if let Some(scheme) = &self.scheme {
            s.push_str(&format!(" via {scheme}"));
        }
        if !self.granted_scopes.is_empty() {
            s.push_str(&format!("; scopes: {}", self.granted_scopes.join(" ")));
        }
        if !self.missing_scopes.is_empty() {
            s.push_str(&format!("; NOT granted: {}", self.missing_scopes.join(" ")));
        }
        if let Some(l) = self.latency {
            s.push_str(&format!("; {} ms", l.as_millis()));
        }
        if let Some(b) = &self.rate_budget {
            s.push_str(&format!("; rate limit {}/{} left", b.remaining, b.limit));
        }
        s
    }
}

/// Classifies an error from the domain step (before any credential is sent).
pub fn classify_domain_error(err: &OktaError) -> Failure {
    match err {
        OktaError::Api { status, .. } => Failure {
            kind: FailureKind::NotOkta,
            message: format!(
                "not an Okta org: /.well-known/okta-organization answered HTTP {status}; check the domain (an unknown or deactivated org answers 404)"
            ),
        },
        OktaError::NotOkta { status, detail } => Failure {
            kind: FailureKind::NotOkta,
            message: format!("not an Okta org: HTTP {status}, {detail}"),
        },
        other => classify_error(other),
    }
}

/// Classifies any client error into a failure kind and message.
pub fn classify_error(err: &OktaError) -> Failure {
    let (kind, message) = match err {
        OktaError::InvalidUrl { .. } => (FailureKind::InvalidUrl, err.to_string()),
        OktaError::Dns { host } => (
            FailureKind::Dns,
            format!("DNS: the host {host} does not resolve; check the Okta domain for typos"),
        ),
        OktaError::Tls { host, detail } => (
            FailureKind::Tls,
            format!("TLS: the secure connection to {host} failed: {detail}"),
        ),
        OktaError::Connect { host, detail } if detail.to_ascii_lowercase().contains("refused") => (
            FailureKind::ClosedPort,
            format!("closed port: nothing is listening on {host} (connection refused)"),
        ),
        OktaError::Connect { host, detail } => (
            FailureKind::Unreachable,
            format!("cannot reach {host}: {detail}"),
        ),
        OktaError::Timeout { .. } => (FailureKind::Timeout, err.to_string()),
        OktaError::NotOkta { .. } => (FailureKind::NotOkta, err.to_string()),
        OktaError::RateLimited { .. } => (FailureKind::RateLimited, err.to_string()),
        OktaError::Api { status: 401, code, .. } if code.as_deref() == Some("E0000011") => (
            FailureKind::InvalidToken,
            "401 E0000011 Invalid token provided: the API token is wrong, expired (30 days unused) or revoked".to_string(),
        ),
        OktaError::Api { code, .. }
            if matches!(code.as_deref(), Some("invalid_dpop_proof" | "use_dpop_nonce")) =>
        {
            (FailureKind::DpopProof, format!("DPoP proof refused: {err}"))
        }
        OktaError::Api { status: 403, code, causes, .. }
            if code.as_deref() == Some("insufficient_scope") =>
        {
            let scope = causes
                .iter()
                .find_map(|c| c.strip_prefix("required scope: "))
                .unwrap_or("a scope");
            (
                FailureKind::MissingScope,
                format!("403 missing scope: the token lacks {scope}; add it to the tenant's scopes and grant it on the app"),
            )
        }
        OktaError::Api { status: 403, .. } => (
            FailureKind::Forbidden,
            format!("403 forbidden: the credential works but its admin role may not list users ({err})"),
        ),
        OktaError::OAuth(_) => match token_error_code(err) {
            Some("invalid_dpop_proof") if err.to_string().contains("requires DPoP") => {
                (FailureKind::DpopRequired, format!("DPoP required: {err}"))
            }
            Some("invalid_dpop_proof" | "use_dpop_nonce") => {
                (FailureKind::DpopProof, err.to_string())
            }
            Some("invalid_client") => (FailureKind::InvalidClient, err.to_string()),
            Some("invalid_scope") => (FailureKind::MissingScope, err.to_string()),
            _ => (FailureKind::OAuth, err.to_string()),
        },
        _ => (FailureKind::Other, err.to_string()),
    };
    Failure { kind, message }
}

/// Runs Test Connect for one tenant's client settings. Never panics on bad input; every
/// problem ends up in `failure`.
pub async fn test_connect(config: ClientConfig) -> TestReport {
    let mut report = TestReport {
        base_url: config.base_url.clone(),
        ..TestReport::default()
    };
    let fail = |mut r: TestReport, f: Failure| {
        r.failure = Some(f);
        r
    };
    let base = match validate_base_url(&config.base_url) {
        Ok(u) => u,
        Err(e) => return fail(report, classify_error(&e)),
    };
    let timeout = config.timeout;
    let auth = config.auth.clone();
    let client = match Client::new(config) {
        Ok(c) => c,
        Err(e) => return fail(report, classify_error(&e)),
    };
    match client.org_metadata().await {
        Ok(org) => report.org = Some(org.value),
        Err(e) => return fail(report, classify_domain_error(&e)),
    }
    let started;
    match &auth {
        Auth::Ssws(_) => {
            report.scheme = Some("SSWS".into());
            started = Instant::now();
            match client.me().await {
                Ok(me) => report.acts_as = Some(me.value.row.login().to_string()),
                Err(e) => return fail(report, classify_error(&e)),
            }
        }
        Auth::OAuth(oauth) => {
            let http = match build_http(timeout) {
                Ok(h) => h,
                Err(e) => return fail(report, classify_error(&e)),
            };
            // The token first, so its refusal (client, key, scopes, DPoP) is named as such.
            match oauth.token_info(&http, &base).await {
                Ok(info) => {
                    report.scheme = Some(info.token_type.clone());
                    report.granted_scopes = info.granted_scopes;
                    report.missing_scopes = info.missing_scopes;
                }
                Err(e) => {
                    let mut f = classify_error(&e);
                    if f.kind == FailureKind::DpopProof && oauth.dpop_mode() == DpopMode::Off {
                        f.kind = FailureKind::DpopRequired;
                    }
                    return fail(report, f);
                }
            }
            started = Instant::now();
            match client
                .send(
                    Method::GET,
                    "/api/v1/users",
                    &[("limit", "1".to_string())],
                    None,
                )
                .await
            {
                Ok(_) => report.acts_as = Some(format!("service app {}", oauth.client_id())),
                Err(e) => return fail(report, classify_error(&e)),
            }
        }
    }
    report.latency = Some(started.elapsed());
    // The users bucket: the one the credential check used, and the one the console leans on.
    report.rate_budget = client.rate_budget_of("/api/v1/users");
    report
}
