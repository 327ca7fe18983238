//! OAuth 2.0 in the sandbox, as Okta's org authorization server does it for API service apps:
//! `POST /oauth2/v1/token` (client credentials with a `private_key_jwt` assertion, optional or
//! required DPoP with a server nonce, single-use `jti`s), and the checks on `/api/v1/*` for
//! `Bearer` and `DPoP` access tokens (proof, `ath`, key binding, scope per operation).
//! Failures on `/api/v1/*` answer like Okta: no body, the reason in `WWW-Authenticate`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::SandboxHandle;
use super::auth::Principal;
use super::state::SandboxState;
use crate::okta::jwt;
use crate::okta::oauth::JWT_BEARER;

/// Lifetime of issued access tokens (Okta's is fixed at one hour).
const TOKEN_LIFETIME_SECS: i64 = 3600;
/// How old a DPoP proof may be, and how far in the future, before it is refused.
const PROOF_MAX_AGE_SECS: i64 = 300;
const PROOF_MAX_FUTURE_SECS: i64 = 60;
const DPOP_ALGS: &str = "RS256 RS384 RS512 ES256 ES384 ES512";

/// A registered API service app.
#[derive(Debug, Clone)]
pub struct ServiceApp {
    pub client_id: String,
    /// The public JWK registered on the app (its `kid`, if any, must match the assertion's).
    pub public_jwk: Value,
    /// Scopes granted on the app's "Okta API Scopes" tab.
    pub granted_scopes: Vec<String>,
    /// "Require DPoP header in token requests" (on by default for new apps at Okta).
    pub dpop_required: bool,
    /// Also ask for a nonce on API calls (Okta does not today; lets tests exercise the retry).
    pub api_nonce_required: bool,
    /// Refuse any DPoP proof (an app without DPoP enabled). Okta's exact wording for this case
    /// is not documented: the sandbox answers 400 with `dpop_refusal` as the error code.
    pub dpop_refused: bool,
    /// The error code of that refusal: `invalid_dpop_proof` unless a test picks another.
    pub dpop_refusal: &'static str,
}

impl ServiceApp {
    /// An app with DPoP required, as Okta creates them since 2024.
    pub fn new(client_id: &str, public_jwk: Value, granted_scopes: &[&str]) -> ServiceApp {
        ServiceApp {
            client_id: client_id.to_string(),
            public_jwk,
            granted_scopes: granted_scopes.iter().map(|s| s.to_string()).collect(),
            dpop_required: true,
            api_nonce_required: false,
            dpop_refused: false,
            dpop_refusal: "invalid_dpop_proof",
        }
    }
}

/// What the sandbox's authorization server did, for tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OAuthStats {
    pub token_requests: u64,
    pub tokens_issued: u64,
    /// `use_dpop_nonce` answers from the token endpoint.
    pub nonce_challenges: u64,
    /// `use_dpop_nonce` answers on API calls.
    pub api_nonce_challenges: u64,
}

#[derive(Default)]
struct Server {
    apps: HashMap<String, ServiceApp>,
    /// Client-assertion `jti`s seen: each may be used once.
    assertion_jtis: HashSet<String>,
    /// DPoP proof `jti`s seen: each may be used once.
    proof_jtis: HashSet<String>,
    tokens: HashMap<String, Issued>,
    nonce: String,
    /// Added to the server clock when judging proof age (simulates client clock skew).
    clock_skew_secs: i64,
    stats: OAuthStats,
}

struct Issued {
    client_id: String,
    scopes: Vec<String>,
    /// Thumbprint of the DPoP key the token is bound to.
    jkt: Option<String>,
    expires_at: i64,
}

/// Shared handle kept in `SandboxState::extensions`.
#[derive(Clone, Default)]
struct OAuthServer(Arc<Mutex<Server>>);

fn server(st: &SandboxState) -> OAuthServer {
    let mut ext = st.extensions.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = ext.get::<OAuthServer>() {
        return s.clone();
    }
    let s = OAuthServer::default();
    s.lock().nonce = new_secret();
    ext.insert(s.clone());
    s
}

impl OAuthServer {
    fn lock(&self) -> MutexGuard<'_, Server> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn new_secret() -> String {
    jwt::b64url(uuid::Uuid::new_v4().as_bytes())
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl SandboxHandle {
    /// Registers (or replaces) an API service app on the org's authorization server.
    pub fn register_service_app(&self, app: ServiceApp) {
        server(&self.state)
            .lock()
            .apps
            .insert(app.client_id.clone(), app);
    }

    /// Rotates the DPoP nonce (Okta does so every 24 h); the old one is refused from now on.
    pub fn rotate_dpop_nonce(&self) {
        server(&self.state).lock().nonce = new_secret();
    }

    /// Makes the server judge DPoP proof times as if its clock were `secs` ahead.
    pub fn set_oauth_clock_skew(&self, secs: i64) {
        server(&self.state).lock().clock_skew_secs = secs;
    }

    /// Expires every issued access token now.
    pub fn expire_access_tokens(&self) {
        for t in server(&self.state).lock().tokens.values_mut() {
            t.expires_at = 0;
        }
    }

    pub fn oauth_stats(&self) -> OAuthStats {
        server(&self.state).lock().stats.clone()
    }
}

/// The org URL as the client reached it, as `routes` computes it.
fn origin(st: &SandboxState, headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
        .map_or_else(|| st.base_url.clone(), |h| format!("http://{h}"))
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut resp = (
        status,
        axum::Json(json!({"error": error, "error_description": description})),
    )
        .into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

fn invalid_client(description: &str) -> Response {
    oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

/// `POST /oauth2/v1/token`.
pub(crate) async fn token(
    State(st): State<Arc<SandboxState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let srv = server(&st);
    let mut s = srv.lock();
    s.stats.token_requests += 1;
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        );
    }
    let (Some(assertion), Some(JWT_BEARER)) = (
        form.get("client_assertion"),
        form.get("client_assertion_type").map(String::as_str),
    ) else {
        return invalid_client("No client credentials found.");
    };
    let token_url = format!("{}/oauth2/v1/token", origin(&st, &headers));
    let app = match check_assertion(&mut s, assertion, &token_url) {
        Ok(app) => app,
        Err(description) => return invalid_client(&description),
    };
    let requested: Vec<String> = form
        .get("scope")
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    if requested.is_empty() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "No scopes were requested.",
        );
    }
    let refused: Vec<&str> = requested
        .iter()
        .filter(|r| !app.granted_scopes.contains(r))
        .map(String::as_str)
        .collect();
    if !refused.is_empty() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            &format!(
                "The following scopes are not allowed: {}",
                refused.join(" ")
            ),
        );
    }
    let proof = headers.get("dpop").and_then(|v| v.to_str().ok());
    let jkt = match proof {
        None if app.dpop_required => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_dpop_proof",
                "The DPoP proof JWT header is missing.",
            );
        }
        None => None,
        Some(_) if app.dpop_refused => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                app.dpop_refusal,
                "DPoP proof is not allowed for this client.",
            );
        }
        Some(proof) => match check_proof(&mut s, proof, "POST", &token_url, None, true) {
            Ok(jkt) => Some(jkt),
            Err(ProofError::Nonce) => {
                s.stats.nonce_challenges += 1;
                let mut resp = oauth_error(
                    StatusCode::BAD_REQUEST,
                    "use_dpop_nonce",
                    "Authorization server requires nonce in DPoP proof.",
                );
                if let Ok(v) = HeaderValue::from_str(&s.nonce) {
                    resp.headers_mut().insert("dpop-nonce", v);
                }
                return resp;
            }
            Err(ProofError::Invalid(d)) => {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_dpop_proof", &d);
            }
        },
    };
    let access = format!("sbx.{}", new_secret());
    let token_type = if jkt.is_some() { "DPoP" } else { "Bearer" };
    s.tokens.insert(
        access.clone(),
        Issued {
            client_id: app.client_id.clone(),
            scopes: requested.clone(),
            jkt,
            expires_at: now() + TOKEN_LIFETIME_SECS,
        },
    );
    s.stats.tokens_issued += 1;
    let mut resp = axum::Json(json!({
        "token_type": token_type,
        "expires_in": TOKEN_LIFETIME_SECS,
        "access_token": access,
        "scope": requested.join(" "),
    }))
    .into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Checks a client assertion: a registered `iss`=`sub`, a signature by the app's key, the token
/// URL as `aud`, a live `exp` at most 1 h ahead, and a `jti` not seen before.
fn check_assertion(s: &mut Server, assertion: &str, token_url: &str) -> Result<ServiceApp, String> {
    let decoded = jwt::decode(assertion)
        .map_err(|_| "The client_assertion is not a valid JWT.".to_string())?;
    let claims = &decoded.claims;
    let text = |k: &str| claims.get(k).and_then(Value::as_str);
    let client_id = text("iss").ok_or("The client_assertion has no 'iss' claim.")?;
    if text("sub") != Some(client_id) {
        return Err("The 'sub' claim must equal the 'iss' claim (the client id).".into());
    }
    let app = s
        .apps
        .get(client_id)
        .cloned()
        .ok_or("Invalid value for 'client_id' parameter.")?;
    if let (Some(want), Some(got)) = (
        app.public_jwk.get("kid").and_then(Value::as_str),
        decoded.header.get("kid").and_then(Value::as_str),
    ) && want != got
    {
        return Err("The client_assertion 'kid' does not match a registered key.".into());
    }
    decoded
        .verify(&app.public_jwk)
        .map_err(|_| "The client_assertion signature is invalid.".to_string())?;
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => a == token_url,
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(token_url)),
        _ => false,
    };
    if !aud_ok {
        return Err(
            "The audience claim for client_assertion must be the endpoint invoked for the request."
                .into(),
        );
    }
    let t = now();
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or("The client_assertion has no 'exp' claim.")?;
    if exp <= t {
        return Err("The client_assertion token is expired.".into());
    }
    if exp > t + 3600 + 60 {
        return Err("The client_assertion token has an expiration too far into the future.".into());
    }
    if let Some(iat) = claims.get("iat").and_then(Value::as_i64)
        && iat > t + 60
    {
        return Err("The client_assertion 'iat' claim is in the future.".into());
    }
    if let Some(jti) = text("jti")
        && !s.assertion_jtis.insert(jti.to_string())
    {
        return Err("The client_assertion token has already been used.".into());
    }
    Ok(app)
}

enum ProofError {
    /// No nonce or an old one: answer `use_dpop_nonce` with the current one.
    Nonce,
    Invalid(String),
}

/// Checks a DPoP proof for `htm` `htu`; returns the thumbprint of its key.
fn check_proof(
    s: &mut Server,
    proof: &str,
    htm: &str,
    htu: &str,
    access_token: Option<&str>,
    nonce_required: bool,
) -> Result<String, ProofError> {
    let bad = |m: &str| ProofError::Invalid(m.to_string());
    let decoded = jwt::decode(proof).map_err(|_| bad("The DPoP proof JWT is malformed."))?;
    if decoded.header.get("typ").and_then(Value::as_str) != Some("dpop+jwt") {
        return Err(bad("The DPoP proof JWT 'typ' header must be 'dpop+jwt'."));
    }
    let jwk = decoded
        .header
        .get("jwk")
        .ok_or_else(|| bad("The DPoP proof JWT header has no 'jwk'."))?;
    if jwk.get("d").is_some() {
        return Err(bad(
            "The DPoP proof JWT 'jwk' must not contain a private key.",
        ));
    }
    decoded
        .verify(jwk)
        .map_err(|_| bad("The DPoP proof JWT signature is invalid."))?;
    let claims = &decoded.claims;
    let text = |k: &str| claims.get(k).and_then(Value::as_str);
    if text("htm") != Some(htm) {
        return Err(bad("'htm' claim in the DPoP proof JWT is invalid."));
    }
    if text("htu") != Some(htu) {
        return Err(bad("'htu' claim in the DPoP proof JWT is invalid."));
    }
    let iat = claims
        .get("iat")
        .and_then(Value::as_i64)
        .ok_or_else(|| bad("The DPoP proof JWT has no 'iat' claim."))?;
    let t = now() + s.clock_skew_secs;
    if iat < t - PROOF_MAX_AGE_SECS || iat > t + PROOF_MAX_FUTURE_SECS {
        return Err(bad(
            "'iat' claim in the DPoP proof JWT is invalid (check the clock).",
        ));
    }
    if let Some(token) = access_token
        && text("ath") != Some(jwt::sha256_b64url(token).as_str())
    {
        return Err(bad("'ath' claim in the DPoP proof JWT is invalid."));
    }
    if nonce_required && text("nonce") != Some(s.nonce.as_str()) {
        return Err(ProofError::Nonce);
    }
    let jti = text("jti").ok_or_else(|| bad("The DPoP proof JWT has no 'jti' claim."))?;
    if !s.proof_jtis.insert(jti.to_string()) {
        return Err(bad("The DPoP proof JWT 'jti' has already been used."));
    }
    jwt::thumbprint(jwk).map_err(|_| bad("The DPoP proof JWT 'jwk' is not a supported key."))
}

/// The scope an operation needs (NOTES §1.2, from the spec's `security`).
pub fn required_scope(method: &Method, path: &str) -> Option<&'static str> {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    // ["", "api", "v1", resource, ...]
    let rest = parts.get(3..).unwrap_or(&[]);
    let read = *method == Method::GET || *method == Method::HEAD;
    match rest {
        ["users", _, "roles", ..] => Some("okta.roles.read"),
        ["users", ..] if read => Some("okta.users.read"),
        ["users", ..] => Some("okta.users.manage"),
        ["groups", ..] if read => Some("okta.groups.read"),
        ["groups", ..] => Some("okta.groups.manage"),
        ["apps", ..] if read => Some("okta.apps.read"),
        ["apps", ..] => Some("okta.apps.manage"),
        ["org", ..] if read => Some("okta.orgs.read"),
        ["org", ..] => Some("okta.orgs.manage"),
        _ => None,
    }
}

fn has_scope(granted: &[String], needed: &str) -> bool {
    let manage = needed.strip_suffix(".read").map(|b| format!("{b}.manage"));
    granted
        .iter()
        .any(|g| g == needed || Some(g) == manage.as_ref())
}

fn quoted(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"")
}

/// An API refusal as Okta sends it: no body, the reason in `WWW-Authenticate`.
fn challenge(status: StatusCode, scheme: &str, params: &[(&str, &str)]) -> Response {
    let value = params
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", quoted(v)))
        .collect::<Vec<_>>()
        .join(", ");
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(&format!("{scheme} {value}")) {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    resp
}

/// Checks a `Bearer` or `DPoP` access token on an API call. `None` when the request uses
/// another scheme (SSWS is checked by `auth.rs`).
pub(crate) fn authorize(
    st: &SandboxState,
    headers: &HeaderMap,
    method: &Method,
    uri: &Uri,
) -> Option<Result<Principal, Response>> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let dpop_scheme = scheme.eq_ignore_ascii_case("DPoP");
    if !dpop_scheme && !scheme.eq_ignore_ascii_case("Bearer") {
        return None;
    }
    let token = token.trim();
    let base = origin(st, headers);
    let path = uri.path();
    let realm = "IDX";
    let authorize_uri = format!("{base}/oauth2/v1/authorize");
    let srv = server(st);
    let mut s = srv.lock();
    let reply_scheme = if dpop_scheme { "DPoP" } else { "Bearer" };
    let invalid_token = |description: &str| {
        let mut params = vec![
            ("authorization_uri", authorize_uri.as_str()),
            ("realm", realm),
            ("error", "invalid_token"),
            ("error_description", description),
            ("resource", path),
        ];
        if dpop_scheme {
            params.insert(0, ("algs", DPOP_ALGS));
        }
        challenge(StatusCode::UNAUTHORIZED, reply_scheme, &params)
    };
    let Some(issued) = s.tokens.get(token) else {
        return Some(Err(invalid_token("The access token is invalid.")));
    };
    if issued.expires_at <= now() {
        return Some(Err(invalid_token("The access token is expired.")));
    }
    let (client_id, scopes, jkt) = (
        issued.client_id.clone(),
        issued.scopes.clone(),
        issued.jkt.clone(),
    );
    let api_nonce = s.apps.get(&client_id).is_some_and(|a| a.api_nonce_required);
    match (&jkt, dpop_scheme) {
        (Some(_), false) => {
            return Some(Err(invalid_token(
                "The access token is DPoP-bound: send it with the DPoP scheme and a proof.",
            )));
        }
        (None, true) => {
            return Some(Err(invalid_token("The access token is not DPoP-bound.")));
        }
        _ => {}
    }
    if let Some(jkt) = jkt {
        let Some(proof) = headers.get("dpop").and_then(|v| v.to_str().ok()) else {
            return Some(Err(challenge(
                StatusCode::UNAUTHORIZED,
                "DPoP",
                &[
                    ("algs", DPOP_ALGS),
                    ("authorization_uri", &authorize_uri),
                    ("realm", realm),
                    ("error", "invalid_dpop_proof"),
                    ("error_description", "The DPoP proof JWT header is missing."),
                    ("resource", path),
                ],
            )));
        };
        let htu = format!("{base}{path}");
        let refusal = |error: &str, description: &str| {
            challenge(
                StatusCode::UNAUTHORIZED,
                "DPoP",
                &[
                    ("algs", DPOP_ALGS),
                    ("authorization_uri", &authorize_uri),
                    ("realm", realm),
                    ("error", error),
                    ("error_description", description),
                    ("resource", path),
                ],
            )
        };
        match check_proof(&mut s, proof, method.as_str(), &htu, Some(token), api_nonce) {
            Ok(thumb) if thumb == jkt => {}
            Ok(_) => {
                return Some(Err(refusal(
                    "invalid_dpop_proof",
                    "The DPoP proof key does not match the key the access token is bound to.",
                )));
            }
            Err(ProofError::Nonce) => {
                s.stats.api_nonce_challenges += 1;
                let mut resp = refusal(
                    "use_dpop_nonce",
                    "Resource server requires nonce in DPoP proof.",
                );
                if let Ok(v) = HeaderValue::from_str(&s.nonce) {
                    resp.headers_mut().insert("dpop-nonce", v);
                }
                return Some(Err(resp));
            }
            Err(ProofError::Invalid(d)) => return Some(Err(refusal("invalid_dpop_proof", &d))),
        }
    }
    if let Some(needed) = required_scope(method, path)
        && !has_scope(&scopes, needed)
    {
        return Some(Err(challenge(
            StatusCode::FORBIDDEN,
            reply_scheme,
            &[
                ("authorization_uri", &authorize_uri),
                ("realm", realm),
                ("scope", needed),
                ("error", "insufficient_scope"),
                (
                    "error_description",
                    "The access token provided does not contain the required scopes.",
                ),
                ("resource", path),
            ],
        )));
    }
    Some(Ok(Principal::Service { client_id, scopes }))
}

#[cfg(test)]
#[path = "oauth_tests.rs"]
mod tests;
