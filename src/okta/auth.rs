//! How requests are authorised. SSWS API tokens today; OAuth 2.0 service apps (private key JWT
//! + DPoP) slot in behind the same type without touching callers.
//!
//! The request path (`client.rs`) knows only two things about auth:
//! 1. before each attempt it asks [`Auth::headers_for`] for the headers of that exact
//!    request (method + URL), so a per-request proof (DPoP) can be minted there;
//! 2. when the server rejects an attempt it asks [`Auth::retry_after_rejection`] whether a
//!    fresh attempt could succeed (e.g. a `use_dpop_nonce` challenge or an expired access
//!    token), and if so retries once.
//!
//! A new scheme is a new variant handled in these methods; callers never change.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use super::error::OktaError;
// Defined beside the HTTP plumbing so the schemes (oauth.rs) need not import this file.
pub use super::transport::AuthRequest;

#[derive(Clone)]
pub enum Auth {
    /// `Authorization: SSWS <token>`.
    Ssws(SecretString),
    /// OAuth 2.0 service app: `Authorization: Bearer|DPoP <token>` (+ a DPoP proof per
    /// request). The token, nonce and DPoP key live inside and are shared by clones.
    OAuth(super::oauth::OAuth),
}

impl Auth {
    /// An SSWS API token.
    pub fn ssws(token: impl Into<String>) -> Self {
        Auth::Ssws(SecretString::from(token.into()))
    }

    /// Short name of the scheme for status lines ("SSWS"); never the secret.
    pub fn scheme(&self) -> &'static str {
        match self {
            Auth::Ssws(_) => "SSWS",
            Auth::OAuth(o) => o.scheme(),
        }
    }

    /// The authorisation headers for one attempt. Values are marked sensitive so they never
    /// show up in `Debug` output.
    pub async fn headers_for(&self, _req: &AuthRequest<'_>) -> Result<HeaderMap, OktaError> {
        let mut headers = HeaderMap::new();
        match self {
            Auth::OAuth(o) => return o.headers_for(_req).await,
            Auth::Ssws(token) => {
                let mut v = HeaderValue::from_str(&format!("SSWS {}", token.expose_secret()))
                    .map_err(|_| {
                        OktaError::Other(
                            "the API token contains characters that cannot be sent in a header"
                                .into(),
                        )
                    })?;
                v.set_sensitive(true);
                headers.insert(AUTHORIZATION, v);
            }
        }
        Ok(headers)
    }

    /// Called when the server rejected an attempt (any 4xx with the response headers). True
    /// means: the auth changed its state (new nonce, new token) and one more attempt may pass.
    /// The request path retries at most once per request on this answer.
    pub async fn retry_after_rejection(
        &self,
        _req: &AuthRequest<'_>,
        _status: StatusCode,
        _headers: &HeaderMap,
    ) -> bool {
        match self {
            // A static token cannot get better by trying again.
            Auth::Ssws(_) => false,
            Auth::OAuth(o) => o.retry_after_rejection(_req, _status, _headers).await,
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Ssws(_) => f.write_str("Auth::Ssws(••••)"),
            Auth::OAuth(o) => write!(f, "Auth::OAuth(client_id={}, ••••)", o.client_id()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::{Method, Url};

    /// The headers `auth` puts on a GET of `url` (the org is the URL itself).
    async fn headers_for_get(auth: &Auth, url: &str) -> Result<HeaderMap, OktaError> {
        let url = Url::parse(url).unwrap();
        let http = reqwest::Client::new();
        auth.headers_for(&AuthRequest {
            method: &Method::GET,
            url: &url,
            base_url: &url,
            http: &http,
        })
        .await
    }

    #[tokio::test]
    async fn ssws_header_is_sensitive_and_debug_masks() {
        let auth = Auth::ssws("s3cr3t-token");
        let h = headers_for_get(&auth, "https://a.okta.com/api/v1/users")
            .await
            .unwrap();
        let v = h.get(AUTHORIZATION).unwrap();
        assert_eq!(v.to_str().unwrap(), "SSWS s3cr3t-token");
        assert!(v.is_sensitive());
        assert!(!format!("{h:?}").contains("s3cr3t"));
        assert!(!format!("{auth:?}").contains("s3cr3t"));
    }

    #[tokio::test]
    async fn token_with_newline_is_refused_without_echo() {
        let auth = Auth::ssws("bad\ntoken");
        let err = headers_for_get(&auth, "https://a.okta.com/")
            .await
            .unwrap_err();
        assert!(!err.to_string().contains("token\n") && !err.to_string().contains("bad"));
    }
}
