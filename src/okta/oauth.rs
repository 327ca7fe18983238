//! OAuth 2.0 client credentials for API service apps: a `private_key_jwt` client assertion,
//! the org authorization server's `/oauth2/v1/token`, a token cached until shortly before it
//! expires, and DPoP (RFC 9449) when the app requires it.
//!
//! The request path never sees any of this: it asks `Auth::headers_for` for each attempt's
//! headers and tells `Auth::retry_after_rejection` about a refusal (see auth.rs).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode, Url};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::{Value, json};

use super::dpop;
use super::error::OktaError;
use super::jwt::{self, SigningKey};
use super::ratelimit::wait_after_429;
use super::response::auth_param;
use super::sanitize::clean;
use super::transport::{AuthRequest, classify};

/// `client_assertion_type` for private_key_jwt (RFC 7523).
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// A token is renewed this long before it expires, so a request never carries a dying token.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);
/// Lifetime of our client assertion (Okta allows at most 1 h).
const ASSERTION_LIFETIME_SECS: i64 = 300;

/// Whether to bind tokens with DPoP. `Auto` sends a proof up front (new service apps require
/// DPoP by default) and drops it only if the server refuses DPoP for this app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DpopMode {
    #[default]
    Auto,
    On,
    Off,
}

impl DpopMode {
    pub fn as_str(self) -> &'static str {
        match self {
            DpopMode::Auto => "auto",
            DpopMode::On => "on",
            DpopMode::Off => "off",
        }
    }

    pub fn parse(text: &str) -> Option<DpopMode> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(DpopMode::Auto),
            "on" | "true" | "yes" => Some(DpopMode::On),
            "off" | "false" | "no" => Some(DpopMode::Off),
            _ => None,
        }
    }
}

/// What an OAuth service-app tenant needs.
#[derive(Clone)]
pub struct OAuthConfig {
    pub client_id: String,
    /// PEM (PKCS#1, PKCS#8, SEC1) or JWK text of the client-auth private key.
    pub private_key: SecretString,
    /// `kid` of the registered public key; taken from the JWK when absent.
    pub key_id: Option<String>,
    pub scopes: Vec<String>,
    pub dpop: DpopMode,
}

/// The token as issued, minus the secret: what Test Connect shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// "Bearer" or "DPoP".
    pub token_type: String,
    /// Scopes the server granted (may be fewer than asked for).
    pub granted_scopes: Vec<String>,
    /// Scopes asked for but not granted.
    pub missing_scopes: Vec<String>,
    pub expires_in: Duration,
}

/// An OAuth credential: cheap to clone, clones share the token cache and the DPoP key.
#[derive(Clone)]
pub struct OAuth {
    inner: Arc<State>,
}

struct State {
    client_id: String,
    key: SigningKey,
    key_id: Option<String>,
    scopes: Vec<String>,
    dpop: DpopMode,
    /// Ephemeral proof key, separate from the client-auth key as Okta requires; lives as long
    /// as this credential, so every token it gets is bound to the same key.
    dpop_key: dpop::ProofKey,
    /// One token fetch at a time; others wait for it and reuse the result.
    token: tokio::sync::Mutex<Option<Cached>>,
    /// Nonce from the token endpoint (`DPoP-Nonce`), reused until it is refused.
    token_nonce: Mutex<Option<String>>,
    /// Nonce a resource server asked for, if ever.
    api_nonce: Mutex<Option<String>>,
    /// Set when `Auto` learnt that this app does not accept DPoP.
    dpop_refused: Mutex<bool>,
}

#[derive(Clone)]
struct Cached {
    access: SecretString,
    dpop_bound: bool,
    renew_at: Instant,
    info: TokenInfo,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock only means another thread panicked mid-update of a cache entry; the
    // value is still a plain Option we can overwrite.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn sensitive(value: &str) -> Result<HeaderValue, OktaError> {
    let mut v = HeaderValue::from_str(value)
        .map_err(|_| OktaError::OAuth("the access token cannot be sent in a header".into()))?;
    v.set_sensitive(true);
    Ok(v)
}

/// `https://acme.okta.com/oauth2/v1/token` for a base URL.
pub fn token_url(base_url: &Url) -> Result<Url, OktaError> {
    base_url
        .join("/oauth2/v1/token")
        .map_err(|_| OktaError::OAuth("cannot build the token URL".into()))
}

impl OAuth {
    /// Parses the key now so a bad key is reported when the tenant is loaded.
    pub fn new(config: OAuthConfig) -> Result<OAuth, OktaError> {
        let (key, jwk_kid) = SigningKey::parse(config.private_key.expose_secret())
            .map_err(|e| OktaError::OAuth(format!("private key: {e}")))?;
        if config.client_id.trim().is_empty() {
            return Err(OktaError::OAuth("the client id is empty".into()));
        }
        if config.scopes.is_empty() {
            return Err(OktaError::OAuth("no scopes configured".into()));
        }
        Ok(OAuth {
            inner: Arc::new(State {
                client_id: config.client_id.trim().to_string(),
                key,
                key_id: config.key_id.filter(|k| !k.trim().is_empty()).or(jwk_kid),
                scopes: config.scopes,
                dpop: config.dpop,
                dpop_key: dpop::ProofKey::generate(),
                token: tokio::sync::Mutex::new(None),
                token_nonce: Mutex::new(None),
                api_nonce: Mutex::new(None),
                dpop_refused: Mutex::new(false),
            }),
        })
    }

    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    pub fn scopes(&self) -> &[String] {
        &self.inner.scopes
    }

    pub fn dpop_mode(&self) -> DpopMode {
        self.inner.dpop
    }

    pub fn key_id(&self) -> Option<&str> {
        self.inner.key_id.as_deref()
    }

    pub fn key_alg(&self) -> &'static str {
        self.inner.key.alg()
    }

    /// "DPoP" or "Bearer" once a token was issued, "OAuth" before.
    pub fn scheme(&self) -> &'static str {
        match self
            .inner
            .token
            .try_lock()
            .ok()
            .and_then(|t| t.as_ref().map(|c| c.dpop_bound))
        {
            Some(true) => "DPoP",
            Some(false) => "Bearer",
            None => "OAuth",
        }
    }

    /// Thumbprint of the DPoP key (what a bound token's `cnf.jkt` holds).
    pub fn dpop_thumbprint(&self) -> String {
        self.inner.dpop_key.thumbprint().to_string()
    }

    /// Gets a token (cached or new) and describes it. Test Connect uses this.
    pub async fn token_info(
        &self,
        http: &reqwest::Client,
        base_url: &Url,
    ) -> Result<TokenInfo, OktaError> {
        Ok(self.token(http, base_url).await?.info)
    }

    /// Forgets the cached token (e.g. after a 401 `invalid_token`).
    pub async fn clear_token(&self) {
        *self.inner.token.lock().await = None;
    }

    /// Headers for one API request: `Authorization: DPoP <token>` + a fresh proof for this
    /// method and URL, or `Authorization: Bearer <token>`.
    pub async fn headers_for(&self, req: &AuthRequest<'_>) -> Result<HeaderMap, OktaError> {
        let token = self.token(req.http, req.base_url).await?;
        let mut headers = HeaderMap::new();
        if token.dpop_bound {
            let nonce = lock(&self.inner.api_nonce).clone();
            let proof = self.inner.dpop_key.proof(
                req.method,
                req.url,
                Some(token.access.expose_secret()),
                nonce.as_deref(),
            );
            headers.insert(
                AUTHORIZATION,
                sensitive(&format!("DPoP {}", token.access.expose_secret()))?,
            );
            headers.insert(HeaderName::from_static("dpop"), sensitive(&proof)?);
        } else {
            headers.insert(
                AUTHORIZATION,
                sensitive(&format!("Bearer {}", token.access.expose_secret()))?,
            );
        }
        Ok(headers)
    }

    /// After a refused API call: a resource-server nonce challenge or an expired/revoked token
    /// can be fixed by one more attempt. Missing scopes and bad proofs cannot.
    pub async fn retry_after_rejection(
        &self,
        _req: &AuthRequest<'_>,
        status: StatusCode,
        headers: &HeaderMap,
    ) -> bool {
        if status != StatusCode::UNAUTHORIZED {
            return false;
        }
        let challenge = headers
            .get(WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        match auth_param(challenge, "error").as_deref() {
            Some("use_dpop_nonce") => {
                let nonce = headers
                    .get("dpop-nonce")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                if nonce.is_none() {
                    return false;
                }
                *lock(&self.inner.api_nonce) = nonce;
                true
            }
            Some("invalid_token") => {
                // Expired or revoked early: get a new one. Retrying with a fresh token is
                // pointless only if we just got it, which the one-retry rule bounds anyway.
                self.clear_token().await;
                true
            }
            _ => false,
        }
    }

    /// The cached token, or a new one.
    async fn token(&self, http: &reqwest::Client, base_url: &Url) -> Result<Cached, OktaError> {
        let mut slot = self.inner.token.lock().await;
        if let Some(c) = slot.as_ref()
            && Instant::now() < c.renew_at
        {
            return Ok(c.clone());
        }
        let fresh = self.fetch_token(http, base_url).await?;
        *slot = Some(fresh.clone());
        Ok(fresh)
    }

    /// A fresh client assertion: new `jti` every time (Okta accepts each jti once).
    fn client_assertion(&self, aud: &str) -> String {
        let now = chrono::Utc::now().timestamp();
        let mut header = json!({"typ": "JWT"});
        if let Some(kid) = &self.inner.key_id {
            header["kid"] = Value::String(kid.clone());
        }
        let claims = json!({
            "iss": self.inner.client_id,
            "sub": self.inner.client_id,
            "aud": aud,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME_SECS,
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        jwt::sign(header, &claims, &self.inner.key)
    }

    fn use_dpop(&self) -> bool {
        match self.inner.dpop {
            DpopMode::On => true,
            DpopMode::Off => false,
            DpopMode::Auto => !*lock(&self.inner.dpop_refused),
        }
    }

    async fn fetch_token(
        &self,
        http: &reqwest::Client,
        base_url: &Url,
    ) -> Result<Cached, OktaError> {
        let url = token_url(base_url)?;
        let mut nonce_retried = false;
        // Auto mode: after a refused proof, one try without DPoP, keeping the first error.
        let mut proofless: Option<OktaError> = None;
        loop {
            let use_dpop = self.use_dpop() && proofless.is_none();
            let scope = self.inner.scopes.join(" ");
            let assertion = self.client_assertion(url.as_str());
            let form = [
                ("grant_type", "client_credentials"),
                ("scope", scope.as_str()),
                ("client_assertion_type", JWT_BEARER),
                ("client_assertion", assertion.as_str()),
            ];
            let mut request = http
                .post(url.clone())
                .header(reqwest::header::ACCEPT, "application/json")
                .form(&form);
            if use_dpop {
                let nonce = lock(&self.inner.token_nonce).clone();
                let proof = self
                    .inner
                    .dpop_key
                    .proof(&Method::POST, &url, None, nonce.as_deref());
                request = request.header("DPoP", sensitive(&proof)?);
            }
            let response = request
                .send()
                .await
                .map_err(|e| classify(&e, &url, Duration::from_secs(30)))?;
            let status = response.status();
            if status == StatusCode::TOO_MANY_REQUESTS {
                // The token endpoint has its own rate-limit bucket; say when it frees up.
                return Err(OktaError::RateLimited {
                    attempts: 1,
                    wait: wait_after_429(response.headers(), 0),
                    request_id: response
                        .headers()
                        .get("x-okta-request-id")
                        .and_then(|v| v.to_str().ok())
                        .map(clean),
                });
            }
            let nonce_header = response
                .headers()
                .get("dpop-nonce")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let body = response
                .bytes()
                .await
                .map_err(|e| classify(&e, &url, Duration::from_secs(30)))?;
            let json: Option<Value> = serde_json::from_slice(&body).ok();
            if status.is_success() {
                let json = json.ok_or_else(|| OktaError::NotOkta {
                    status: status.as_u16(),
                    detail: "the token endpoint did not answer JSON; check the Okta domain".into(),
                })?;
                let token = self.accept_token(&json, use_dpop)?;
                if proofless.is_some() {
                    // The app does not take DPoP: stop sending proofs from now on.
                    *lock(&self.inner.dpop_refused) = true;
                }
                return Ok(token);
            }
            let Some(Value::Object(err)) = json else {
                return Err(OktaError::NotOkta {
                    status: status.as_u16(),
                    detail: "the token endpoint did not answer JSON; check the Okta domain".into(),
                });
            };
            // OAuth's {error, error_description}; Okta's own error object as a fallback.
            let text = |k: &str| err.get(k).and_then(Value::as_str);
            let code = text("error").or_else(|| text("errorCode")).unwrap_or("");
            let description = text("error_description")
                .or_else(|| text("errorSummary"))
                .map(clean)
                .unwrap_or_default();
            if code == "use_dpop_nonce"
                && use_dpop
                && !nonce_retried
                && let Some(n) = nonce_header
            {
                // A new proof with the nonce and a new assertion (its jti is spent).
                *lock(&self.inner.token_nonce) = Some(n);
                nonce_retried = true;
                continue;
            }
            let error = OktaError::OAuth(token_error_message(
                status.as_u16(),
                code,
                &description,
                self.inner.dpop,
            ));
            if self.inner.dpop == DpopMode::Auto && use_dpop && may_refuse_dpop(status, code) {
                // Maybe the app does not accept DPoP at all (how Okta words that is not
                // documented): try once without a proof. If that fails too, the proof's
                // refusal is the more useful message.
                proofless = Some(error);
                continue;
            }
            return Err(proofless.unwrap_or(error));
        }
    }

    fn accept_token(&self, json: &Value, sent_proof: bool) -> Result<Cached, OktaError> {
        let access = json
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| OktaError::OAuth("the token response holds no access_token".into()))?;
        // Deserialised as a string: Okta's spec enum lacks "DPoP" (NOTES §1.2).
        let token_type = json
            .get("token_type")
            .and_then(Value::as_str)
            .unwrap_or("Bearer")
            .to_string();
        let dpop_bound = token_type.eq_ignore_ascii_case("DPoP");
        if dpop_bound && !sent_proof {
            return Err(OktaError::OAuth(
                "the server issued a DPoP token without a proof".into(),
            ));
        }
        let expires_in = Duration::from_secs(
            json.get("expires_in")
                .and_then(Value::as_u64)
                .unwrap_or(3600),
        );
        let granted: Vec<String> = json
            .get("scope")
            .and_then(Value::as_str)
            .map(|s| s.split_whitespace().map(clean).collect())
            .unwrap_or_else(|| self.inner.scopes.clone());
        // A manage scope includes its read scope, so asking for both and getting manage is fine.
        let missing = self
            .inner
            .scopes
            .iter()
            .filter(|want| {
                !granted.iter().any(|g| {
                    g == *want
                        || want.strip_suffix(".read").map(|b| format!("{b}.manage"))
                            == Some(g.clone())
                })
            })
            .cloned()
            .collect();
        let margin = EXPIRY_MARGIN.min(expires_in / 2);
        Ok(Cached {
            access: SecretString::from(access.to_string()),
            dpop_bound,
            renew_at: Instant::now() + expires_in.saturating_sub(margin),
            info: TokenInfo {
                token_type: if dpop_bound {
                    "DPoP".into()
                } else {
                    "Bearer".into()
                },
                granted_scopes: granted,
                missing_scopes: missing,
                expires_in,
            },
        })
    }
}

/// Whether a refused token request (proof sent, `auto` mode) could be the app not taking
/// DPoP at all. Okta documents `invalid_dpop_proof` for proof trouble but not what an app
/// without DPoP says to a proof, so any 400 counts except the errors documented for other
/// causes: a bad client or key, a scope not granted.
fn may_refuse_dpop(status: StatusCode, code: &str) -> bool {
    status == StatusCode::BAD_REQUEST
        && !matches!(
            code,
            "invalid_client" | "invalid_scope" | "unauthorized_client" | "use_dpop_nonce"
        )
}

const REFUSED_PREFIX: &str = "token request refused (HTTP ";

/// The OAuth `error` code of a token-endpoint refusal made by this module
/// (`invalid_client`, `invalid_scope`, `invalid_dpop_proof`, ...).
pub fn token_error_code(err: &OktaError) -> Option<&str> {
    let OktaError::OAuth(msg) = err else {
        return None;
    };
    let rest = msg.strip_prefix(REFUSED_PREFIX)?;
    let (_, rest) = rest.split_once(") ")?;
    rest.split([':', ' ']).next().filter(|c| !c.is_empty())
}

/// A token-endpoint refusal, said so the admin knows what to fix.
fn token_error_message(status: u16, code: &str, description: &str, mode: DpopMode) -> String {
    let hint = match code {
        "invalid_client" => {
            " — check the client id, that the app uses private_key_jwt, and that its public key (and kid) is registered"
        }
        "invalid_scope" => {
            " — grant these scopes on the app's Okta API Scopes tab, or request fewer"
        }
        "invalid_dpop_proof" if mode == DpopMode::Off => {
            " — this app requires DPoP: set dpop = \"auto\" or \"on\" for the tenant"
        }
        "invalid_dpop_proof" => " — the DPoP proof was refused",
        "use_dpop_nonce" => " — the server kept asking for a new DPoP nonce",
        "unauthorized_client" => {
            " — the app may not use the client_credentials grant (is it an API Services app?)"
        }
        _ => "",
    };
    let code = if code.is_empty() { "error" } else { code };
    let description = if description.is_empty() {
        String::new()
    } else {
        format!(": {description}")
    };
    format!("{REFUSED_PREFIX}{status}) {code}{description}{hint}")
}
