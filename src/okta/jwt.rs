//! Compact JWS (RFC 7515) signing and checking for the two algorithms Okta service apps use
//! most: RS256 and ES256. Used for the client assertion, DPoP proofs, and by the sandbox to
//! check them. Written here rather than pulled from a JWT crate because we need the raw
//! pieces (public JWK in the header, thumbprints) that general JWT crates hide.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use rsa::pkcs8::DecodePrivateKey as _;
use rsa::traits::PublicKeyParts as _;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

/// base64url without padding, as every JOSE field uses.
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn b64url_decode(text: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| "bad base64url".to_string())
}

/// A private key able to sign JWS. Its Debug never shows key material.
pub enum SigningKey {
    Rs256(Box<RsaPrivateKey>),
    Es256(p256::ecdsa::SigningKey),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.alg())
    }
}

impl SigningKey {
    /// Reads a private key from PEM (PKCS#1, PKCS#8 or SEC1) or from a JWK (RSA or EC P-256).
    /// Returns the key and the JWK's `kid` when the text was a JWK that carried one. Error
    /// messages describe the format problem only, never the key.
    pub fn parse(text: &str) -> Result<(SigningKey, Option<String>), String> {
        let text = text.trim();
        if text.starts_with('{') {
            return parse_jwk(text);
        }
        if !text.starts_with("-----BEGIN") {
            return Err("the private key is neither PEM (-----BEGIN ...) nor a JWK ({...})".into());
        }
        if text.contains("BEGIN RSA PRIVATE KEY") {
            let key = RsaPrivateKey::from_pkcs1_pem(text)
                .map_err(|_| "unreadable PKCS#1 RSA private key".to_string())?;
            return Ok((SigningKey::Rs256(Box::new(key)), None));
        }
        if text.contains("BEGIN EC PRIVATE KEY") {
            let key = p256::SecretKey::from_sec1_pem(text)
                .map_err(|_| "unreadable EC private key (only P-256 is supported)".to_string())?;
            return Ok((SigningKey::Es256(key.into()), None));
        }
        if text.contains("BEGIN PRIVATE KEY") {
            if let Ok(key) = RsaPrivateKey::from_pkcs8_pem(text) {
                return Ok((SigningKey::Rs256(Box::new(key)), None));
            }
            if let Ok(key) = p256::SecretKey::from_pkcs8_pem(text) {
                return Ok((SigningKey::Es256(key.into()), None));
            }
            return Err("unreadable PKCS#8 private key (RSA or EC P-256 expected)".into());
        }
        if text.contains("ENCRYPTED") {
            return Err("encrypted private keys are not supported; decrypt it first".into());
        }
        Err("the PEM block is not a private key".into())
    }

    /// A fresh P-256 key, for DPoP proofs (kept apart from the client-auth key).
    pub fn generate_es256() -> SigningKey {
        loop {
            let bytes: [u8; 32] = rand::random();
            // A random 32-byte string is a valid scalar except with negligible probability.
            if let Ok(key) = p256::ecdsa::SigningKey::from_bytes(&bytes.into()) {
                return SigningKey::Es256(key);
            }
        }
    }

    pub fn alg(&self) -> &'static str {
        match self {
            SigningKey::Rs256(_) => "RS256",
            SigningKey::Es256(_) => "ES256",
        }
    }

    /// The public half as a JWK (only the members RFC 7638 thumbprints use).
    pub fn public_jwk(&self) -> Value {
        match self {
            SigningKey::Rs256(key) => {
                let public = key.to_public_key();
                json!({
                    "kty": "RSA",
                    "e": b64url(&public.e().to_bytes_be()),
                    "n": b64url(&public.n().to_bytes_be()),
                })
            }
            SigningKey::Es256(key) => {
                let point = key.verifying_key().to_encoded_point(false);
                json!({
                    "kty": "EC",
                    "crv": "P-256",
                    "x": point.x().map(|x| b64url(x)).unwrap_or_default(),
                    "y": point.y().map(|y| b64url(y)).unwrap_or_default(),
                })
            }
        }
    }

    fn sign(&self, data: &[u8]) -> Vec<u8> {
        match self {
            SigningKey::Rs256(key) => {
                let signer =
                    rsa::pkcs1v15::SigningKey::<rsa::sha2::Sha256>::new(key.as_ref().clone());
                let sig: rsa::pkcs1v15::Signature = signer.sign(data);
                rsa::signature::SignatureEncoding::to_vec(&sig)
            }
            SigningKey::Es256(key) => {
                let sig: p256::ecdsa::Signature = key.sign(data);
                sig.to_bytes().to_vec()
            }
        }
    }
}

fn big(jwk: &Value, member: &str) -> Result<BigUint, String> {
    let text = jwk
        .get(member)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("the JWK has no {member:?}"))?;
    Ok(BigUint::from_bytes_be(&b64url_decode(text)?))
}

fn parse_jwk(text: &str) -> Result<(SigningKey, Option<String>), String> {
    let jwk: Value = serde_json::from_str(text).map_err(|_| "the JWK is not valid JSON")?;
    // A JWK Set with one key is common when copying from the Admin Console.
    let jwk = match jwk.get("keys").and_then(Value::as_array) {
        Some(keys) if keys.len() == 1 => keys[0].clone(),
        Some(_) => return Err("the JWK Set must hold exactly one key".into()),
        None => jwk,
    };
    let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_string);
    match jwk.get("kty").and_then(Value::as_str) {
        Some("RSA") => {
            if jwk.get("d").is_none() {
                return Err("the JWK is a public key; a private key is needed".into());
            }
            let primes = vec![big(&jwk, "p")?, big(&jwk, "q")?];
            let key = RsaPrivateKey::from_components(
                big(&jwk, "n")?,
                big(&jwk, "e")?,
                big(&jwk, "d")?,
                primes,
            )
            .map_err(|_| "inconsistent RSA JWK".to_string())?;
            Ok((SigningKey::Rs256(Box::new(key)), kid))
        }
        Some("EC") => {
            if jwk.get("crv").and_then(Value::as_str) != Some("P-256") {
                return Err("only EC keys on P-256 are supported".into());
            }
            if jwk.get("d").is_none() {
                return Err("the JWK is a public key; a private key is needed".into());
            }
            let key = p256::SecretKey::from_jwk_str(&ec_core(&jwk, true))
                .map_err(|_| "unreadable EC JWK".to_string())?;
            Ok((SigningKey::Es256(key.into()), kid))
        }
        _ => Err("the JWK kty must be RSA or EC".into()),
    }
}

/// Only the EC members the p256 crate reads (it refuses extras such as `kid`, `use`, `alg`).
fn ec_core(jwk: &Value, private: bool) -> String {
    let mut core = serde_json::Map::new();
    let members: &[&str] = if private {
        &["kty", "crv", "x", "y", "d"]
    } else {
        &["kty", "crv", "x", "y"]
    };
    for m in members {
        if let Some(v) = jwk.get(*m) {
            core.insert((*m).to_string(), v.clone());
        }
    }
    Value::Object(core).to_string()
}

/// Signs `header.claims` into a compact JWS. `alg` is set from the key.
pub fn sign(mut header: Value, claims: &Value, key: &SigningKey) -> String {
    header["alg"] = Value::String(key.alg().to_string());
    let input = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    );
    let sig = key.sign(input.as_bytes());
    format!("{input}.{}", b64url(&sig))
}

/// RFC 7638 JWK thumbprint (SHA-256, base64url), as DPoP's `cnf.jkt` uses.
pub fn thumbprint(jwk: &Value) -> Result<String, String> {
    let s = |m: &str| {
        jwk.get(m)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the JWK has no {m:?}"))
    };
    // Required members in lexicographic order, no whitespace.
    let canonical = match jwk.get("kty").and_then(Value::as_str) {
        Some("RSA") => format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, s("e")?, s("n")?),
        Some("EC") => format!(
            r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
            s("crv")?,
            s("x")?,
            s("y")?
        ),
        _ => return Err("unsupported kty".into()),
    };
    Ok(b64url(&Sha256::digest(canonical.as_bytes())))
}

/// SHA-256 of `text`, base64url (DPoP `ath`).
pub fn sha256_b64url(text: &str) -> String {
    b64url(&Sha256::digest(text.as_bytes()))
}

/// A decoded compact JWS, signature not yet checked.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub header: Value,
    pub claims: Value,
    signing_input: String,
    signature: Vec<u8>,
}

/// Splits and decodes a compact JWS.
pub fn decode(token: &str) -> Result<Decoded, String> {
    let mut parts = token.split('.');
    let (Some(h), Some(c), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("not a compact JWS (three dot-separated parts expected)".into());
    };
    let header: Value = serde_json::from_slice(&b64url_decode(h)?)
        .map_err(|_| "the JWS header is not JSON".to_string())?;
    let claims: Value = serde_json::from_slice(&b64url_decode(c)?)
        .map_err(|_| "the JWS payload is not JSON".to_string())?;
    Ok(Decoded {
        header,
        claims,
        signing_input: format!("{h}.{c}"),
        signature: b64url_decode(s)?,
    })
}

impl Decoded {
    /// Checks the signature with a public JWK (RSA or EC P-256), using the header's `alg`.
    pub fn verify(&self, jwk: &Value) -> Result<(), String> {
        let alg = self.header.get("alg").and_then(Value::as_str);
        let kty = jwk.get("kty").and_then(Value::as_str);
        match (alg, kty) {
            (Some("RS256"), Some("RSA")) => {
                let public = RsaPublicKey::new(big(jwk, "n")?, big(jwk, "e")?)
                    .map_err(|_| "bad RSA public key".to_string())?;
                let verifier = rsa::pkcs1v15::VerifyingKey::<rsa::sha2::Sha256>::new(public);
                let sig = rsa::pkcs1v15::Signature::try_from(self.signature.as_slice())
                    .map_err(|_| "bad signature encoding".to_string())?;
                rsa::signature::Verifier::verify(&verifier, self.signing_input.as_bytes(), &sig)
                    .map_err(|_| "signature does not verify".to_string())
            }
            (Some("ES256"), Some("EC")) => {
                let public = p256::PublicKey::from_jwk_str(&ec_core(jwk, false))
                    .map_err(|_| "bad EC public key".to_string())?;
                let verifier = p256::ecdsa::VerifyingKey::from(public);
                let sig = p256::ecdsa::Signature::from_slice(&self.signature)
                    .map_err(|_| "bad signature encoding".to_string())?;
                verifier
                    .verify(self.signing_input.as_bytes(), &sig)
                    .map_err(|_| "signature does not verify".to_string())
            }
            _ => Err("unsupported alg for this key".into()),
        }
    }
}
