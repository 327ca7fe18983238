//! What the OAuth flow tests share: keys, a sandbox, a client and the no-secret check.
//! Used by the `oauth` binary and by `oauth_logs`, which needs a process to itself.

use oktui::okta::jwt::SigningKey;
use oktui::okta::oauth::{DpopMode, OAuth, OAuthConfig};
use oktui::okta::{Auth, Client, ClientConfig, OktaError};
use oktui::sandbox::{self, SandboxHandle, SandboxOptions};
use reqwest::Method;
use secrecy::SecretString;

use super::keys;

pub fn fixture(name: &str) -> String {
    keys::pem(name)
}

pub fn public_jwk(pem: &str, kid: Option<&str>) -> serde_json::Value {
    let (key, _) = SigningKey::parse(pem).unwrap();
    let mut jwk = key.public_jwk();
    if let Some(k) = kid {
        jwk["kid"] = k.into();
    }
    jwk
}

pub async fn sandbox() -> SandboxHandle {
    sandbox::start(SandboxOptions::new(30)).await.unwrap()
}

pub fn oauth(pem: &str, client_id: &str, scopes: &[&str], dpop: DpopMode) -> OAuth {
    OAuth::new(OAuthConfig {
        client_id: client_id.into(),
        private_key: SecretString::from(pem.to_string()),
        key_id: Some("kid-1".into()),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        dpop,
    })
    .unwrap()
}

pub fn client(sb: &SandboxHandle, auth: &OAuth) -> Client {
    Client::new(ClientConfig::new(sb.base_url(), Auth::OAuth(auth.clone()))).unwrap()
}

/// Errors and debug output must never carry an access token (the sandbox's start with
/// "sbx.") nor a signed JWT (assertions and proofs start with "eyJ").
pub fn assert_no_secret(text: &str) {
    assert!(!text.contains("sbx."), "token leaked: {text}");
    assert!(!text.contains("eyJ"), "JWT leaked: {text}");
    assert!(!text.contains("PRIVATE KEY"), "key leaked: {text}");
}

pub async fn list_one(c: &Client) -> Result<oktui::okta::ApiResponse, OktaError> {
    c.send(
        Method::GET,
        "/api/v1/users",
        &[("limit", "1".to_string())],
        None,
    )
    .await
}
