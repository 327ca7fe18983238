//! JWS pieces: signatures that verify (and fail when tampered), RFC 7638 thumbprints, and the
//! shape of DPoP proofs.

use oktui::okta::dpop::{ProofKey, htu};
use oktui::okta::jwt::{self, SigningKey};
use reqwest::{Method, Url};
use serde_json::json;

use super::keys;

fn fixture(name: &str) -> String {
    keys::pem(name)
}

#[test]
fn rfc7638_thumbprint_example() {
    // The RSA key of RFC 7638 section 3.1 and its published thumbprint.
    let jwk = json!({
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29"
    });
    assert_eq!(
        jwt::thumbprint(&jwk).unwrap(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
}

#[test]
fn signatures_verify_and_tampering_is_caught() {
    for file in ["ec", "rsa", "rsa_pkcs1"] {
        let (key, kid) = SigningKey::parse(&fixture(file)).unwrap();
        assert!(kid.is_none());
        let token = jwt::sign(json!({"typ": "JWT"}), &json!({"sub": "x", "n": 1}), &key);
        let decoded = jwt::decode(&token).unwrap();
        assert_eq!(decoded.header["alg"], key.alg());
        assert_eq!(decoded.claims["sub"], "x");
        decoded.verify(&key.public_jwk()).unwrap();
        // Another key does not verify it.
        let other = SigningKey::generate_es256();
        assert!(decoded.verify(&other.public_jwk()).is_err(), "{file}");
        // A changed payload does not verify.
        let parts: Vec<&str> = token.split('.').collect();
        let forged_claims = jwt::b64url(json!({"sub": "admin", "n": 1}).to_string().as_bytes());
        let forged = format!("{}.{}.{}", parts[0], forged_claims, parts[2]);
        assert!(
            jwt::decode(&forged)
                .unwrap()
                .verify(&key.public_jwk())
                .is_err(),
            "{file}"
        );
    }
    assert!(jwt::decode("a.b").is_err());
    assert!(jwt::decode("!!.??.##").is_err());
}

#[test]
fn dpop_proofs_name_the_request_and_bind_the_token() {
    let pk = ProofKey::generate();
    let url = Url::parse("https://acme.okta.com/api/v1/users?limit=200&after=00u1#frag").unwrap();
    assert_eq!(htu(&url), "https://acme.okta.com/api/v1/users");
    let a = jwt::decode(&pk.proof(&Method::GET, &url, Some("the-token"), Some("n-1"))).unwrap();
    let b = jwt::decode(&pk.proof(&Method::GET, &url, Some("the-token"), None)).unwrap();
    assert_eq!(a.header["typ"], "dpop+jwt");
    assert_eq!(a.header["alg"], "ES256");
    let jwk = &a.header["jwk"];
    assert!(jwk.get("d").is_none(), "private part in the proof header");
    a.verify(jwk).unwrap();
    assert_eq!(jwt::thumbprint(jwk).unwrap(), pk.thumbprint());
    assert_eq!(a.claims["htm"], "GET");
    assert_eq!(a.claims["htu"], "https://acme.okta.com/api/v1/users");
    assert_eq!(a.claims["ath"], jwt::sha256_b64url("the-token"));
    assert_eq!(a.claims["nonce"], "n-1");
    assert!(b.claims.get("nonce").is_none());
    assert!(a.claims["iat"].as_i64().unwrap() > 1_700_000_000);
    assert_ne!(
        a.claims["jti"], b.claims["jti"],
        "every proof needs its own jti"
    );
    // Token-endpoint proofs carry no ath.
    let t = jwt::decode(&pk.proof(&Method::POST, &url, None, None)).unwrap();
    assert_eq!(t.claims["htm"], "POST");
    assert!(t.claims.get("ath").is_none());
}
