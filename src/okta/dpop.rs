//! DPoP proofs (RFC 9449): a JWT signed by an ephemeral key whose public half rides in the
//! header, naming the request (`htm`, `htu`), with a fresh `jti`, and on API calls the hash
//! of the access token (`ath`).

use reqwest::{Method, Url};
use serde_json::{Value, json};

use super::jwt::{self, SigningKey};

/// An ephemeral ES256 key for proofs, with its public JWK and thumbprint precomputed.
pub struct ProofKey {
    key: SigningKey,
    jwk: Value,
    thumbprint: String,
}

/// `htu`: the request URL without query or fragment.
pub fn htu(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    u.to_string()
}

impl ProofKey {
    pub fn generate() -> ProofKey {
        let key = SigningKey::generate_es256();
        let jwk = key.public_jwk();
        // The EC JWK we build always has crv, x and y, so the thumbprint cannot fail.
        let thumbprint = jwt::thumbprint(&jwk).unwrap_or_default();
        ProofKey {
            key,
            jwk,
            thumbprint,
        }
    }

    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// A proof for one request. `access_token` adds `ath`; `nonce` the server's nonce.
    pub fn proof(
        &self,
        method: &Method,
        url: &Url,
        access_token: Option<&str>,
        nonce: Option<&str>,
    ) -> String {
        let header = json!({"typ": "dpop+jwt", "jwk": self.jwk});
        let mut claims = json!({
            "htm": method.as_str(),
            "htu": htu(url),
            "iat": chrono::Utc::now().timestamp(),
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        if let Some(token) = access_token {
            claims["ath"] = Value::String(jwt::sha256_b64url(token));
        }
        if let Some(n) = nonce {
            claims["nonce"] = Value::String(n.to_string());
        }
        jwt::sign(header, &claims, &self.key)
    }
}
