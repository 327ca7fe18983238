//! OAuth 2.0 service apps end to end against the sandbox: private_key_jwt client assertions,
//! DPoP with the nonce round trip, plain Bearer, scopes, and refusals that say what is wrong
//! without ever showing a token.

use oktui::okta::oauth::{DpopMode, OAuth, OAuthConfig};
use oktui::okta::{Auth, OktaError};
use oktui::sandbox;
use oktui::sandbox::oauth::ServiceApp;
use reqwest::Method;
use secrecy::SecretString;

use super::common::*;

#[tokio::test]
async fn dpop_flow_with_es256_key_and_nonce_round_trip() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    sb.register_service_app(ServiceApp::new(
        "0oa-es256",
        public_jwk(&pem, Some("kid-1")),
        &["okta.users.read", "okta.groups.read"],
    ));
    let auth = oauth(
        &pem,
        "0oa-es256",
        &["okta.users.read", "okta.groups.read"],
        DpopMode::Auto,
    );
    let c = client(&sb, &auth);
    let r = list_one(&c).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body.as_array().map(Vec::len), Some(1));
    let stats = sb.oauth_stats();
    // A proof was sent up front, answered with use_dpop_nonce, then retried with the nonce.
    assert_eq!(stats.token_requests, 2);
    assert_eq!(stats.nonce_challenges, 1);
    assert_eq!(stats.tokens_issued, 1);
    assert_eq!(Auth::OAuth(auth.clone()).scheme(), "DPoP");
    // The token is cached; every call gets a fresh proof (the sandbox refuses a reused jti).
    c.send(Method::GET, "/api/v1/groups", &[], None)
        .await
        .unwrap();
    list_one(&c).await.unwrap();
    assert_eq!(sb.oauth_stats().tokens_issued, 1);
    assert_eq!(sb.oauth_stats().token_requests, 2);
    let info = auth
        .token_info(
            &reqwest::Client::new(),
            &reqwest::Url::parse(sb.base_url()).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(info.token_type, "DPoP");
    assert_eq!(info.granted_scopes, ["okta.users.read", "okta.groups.read"]);
    assert!(info.missing_scopes.is_empty());
    assert_no_secret(&format!("{:?}", Auth::OAuth(auth)));
}

#[tokio::test]
async fn bearer_flow_with_rs256_keys_when_dpop_is_off() {
    let sb = sandbox().await;
    for (file, id) in [("rsa", "0oa-pkcs8"), ("rsa_pkcs1", "0oa-pkcs1")] {
        let pem = fixture(file);
        let mut app = ServiceApp::new(id, public_jwk(&pem, Some("kid-1")), &["okta.users.read"]);
        app.dpop_required = false;
        sb.register_service_app(app);
        let auth = oauth(&pem, id, &["okta.users.read"], DpopMode::Off);
        assert_eq!(auth.key_alg(), "RS256");
        let c = client(&sb, &auth);
        assert_eq!(list_one(&c).await.unwrap().status, 200);
        assert_eq!(Auth::OAuth(auth).scheme(), "Bearer");
    }
    assert_eq!(sb.oauth_stats().nonce_challenges, 0);
}

#[tokio::test]
async fn rsa_key_with_dpop_required() {
    let sb = sandbox().await;
    let pem = fixture("rsa");
    sb.register_service_app(ServiceApp::new(
        "0oa-rsa",
        public_jwk(&pem, None),
        &["okta.users.read"],
    ));
    let auth = oauth(&pem, "0oa-rsa", &["okta.users.read"], DpopMode::On);
    assert_eq!(list_one(&client(&sb, &auth)).await.unwrap().status, 200);
}

#[tokio::test]
async fn dpop_off_against_an_app_that_requires_it_says_so() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    sb.register_service_app(ServiceApp::new(
        "0oa-req",
        public_jwk(&pem, None),
        &["okta.users.read"],
    ));
    let auth = oauth(&pem, "0oa-req", &["okta.users.read"], DpopMode::Off);
    let err = list_one(&client(&sb, &auth)).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, OktaError::OAuth(_)), "{err:?}");
    assert!(
        text.contains("invalid_dpop_proof") && text.contains("requires DPoP"),
        "{text}"
    );
    assert_no_secret(&text);
}

#[tokio::test]
async fn nonce_rotation_and_expired_tokens_recover_with_fresh_assertions() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    sb.register_service_app(ServiceApp::new(
        "0oa-rot",
        public_jwk(&pem, Some("kid-1")),
        &["okta.users.read"],
    ));
    let auth = oauth(&pem, "0oa-rot", &["okta.users.read"], DpopMode::On);
    let c = client(&sb, &auth);
    list_one(&c).await.unwrap();
    // The server forgets our nonce and our token: the API call answers invalid_token, the
    // client gets a new token; the token endpoint asks for the new nonce; each token request
    // carries a new assertion (a reused jti would be refused).
    sb.rotate_dpop_nonce();
    sb.expire_access_tokens();
    assert_eq!(list_one(&c).await.unwrap().status, 200);
    let stats = sb.oauth_stats();
    assert_eq!(stats.tokens_issued, 2);
    assert_eq!(stats.nonce_challenges, 2);
    assert_eq!(stats.token_requests, 4);
}

#[tokio::test]
async fn resource_server_nonce_challenge_is_retried_once() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    let mut app = ServiceApp::new("0oa-apinonce", public_jwk(&pem, None), &["okta.users.read"]);
    app.api_nonce_required = true;
    sb.register_service_app(app);
    let auth = oauth(&pem, "0oa-apinonce", &["okta.users.read"], DpopMode::On);
    let c = client(&sb, &auth);
    assert_eq!(list_one(&c).await.unwrap().status, 200);
    assert_eq!(sb.oauth_stats().api_nonce_challenges, 1);
    // The nonce is remembered for later calls.
    list_one(&c).await.unwrap();
    assert_eq!(sb.oauth_stats().api_nonce_challenges, 1);
}

#[tokio::test]
async fn a_rejected_proof_is_reported_not_retried_forever() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    sb.register_service_app(ServiceApp::new(
        "0oa-skew",
        public_jwk(&pem, None),
        &["okta.users.read"],
    ));
    let auth = oauth(&pem, "0oa-skew", &["okta.users.read"], DpopMode::On);
    let c = client(&sb, &auth);
    list_one(&c).await.unwrap();
    // The server's clock runs an hour ahead: our proofs look stale.
    sb.set_oauth_clock_skew(3600);
    sb.reset_request_counts();
    let err = list_one(&c).await.unwrap_err();
    match &err {
        OktaError::Api {
            status,
            code,
            www_authenticate,
            ..
        } => {
            assert_eq!(*status, 401);
            assert_eq!(code.as_deref(), Some("invalid_dpop_proof"));
            assert!(
                www_authenticate.as_deref().unwrap_or("").contains("iat"),
                "{www_authenticate:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(sb.request_count("GET", "/api/v1/users") <= 2);
    assert_no_secret(&err.to_string());
    assert_no_secret(&format!("{err:?}"));
}

#[tokio::test]
async fn a_missing_scope_is_a_403_naming_the_scope() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    sb.register_service_app(ServiceApp::new(
        "0oa-scope",
        public_jwk(&pem, None),
        &["okta.users.read"],
    ));
    let auth = oauth(&pem, "0oa-scope", &["okta.users.read"], DpopMode::Auto);
    let c = client(&sb, &auth);
    list_one(&c).await.unwrap();
    let err = c
        .send(Method::GET, "/api/v1/groups", &[], None)
        .await
        .unwrap_err();
    match &err {
        OktaError::Api {
            status,
            code,
            causes,
            ..
        } => {
            assert_eq!(*status, 403);
            assert_eq!(code.as_deref(), Some("insufficient_scope"));
            assert!(
                causes.iter().any(|c| c.contains("okta.groups.read")),
                "{causes:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_no_secret(&err.to_string());
    // A write needs the manage scope.
    let id = sb.admin_id();
    let err = c
        .send(
            Method::POST,
            &format!("/api/v1/users/{id}/lifecycle/suspend"),
            &[],
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403));
}

#[tokio::test]
async fn bad_client_assertions_are_invalid_client() {
    let sb = sandbox().await;
    let ec = fixture("ec");
    let rsa = fixture("rsa");
    // Registered with the EC key, but the client signs with the RSA key.
    sb.register_service_app(ServiceApp::new(
        "0oa-wrongkey",
        public_jwk(&ec, None),
        &["okta.users.read"],
    ));
    let auth = oauth(&rsa, "0oa-wrongkey", &["okta.users.read"], DpopMode::Auto);
    let err = list_one(&client(&sb, &auth)).await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("invalid_client") && text.contains("signature"),
        "{text}"
    );
    assert!(text.contains("registered"), "hint missing: {text}");
    assert_no_secret(&text);
    // Unknown client id.
    let auth = oauth(&ec, "0oa-nobody", &["okta.users.read"], DpopMode::Auto);
    let text = list_one(&client(&sb, &auth)).await.unwrap_err().to_string();
    assert!(text.contains("invalid_client"), "{text}");
    // A kid that does not match the registered key.
    sb.register_service_app(ServiceApp::new(
        "0oa-kid",
        public_jwk(&ec, Some("other-kid")),
        &["okta.users.read"],
    ));
    let auth = oauth(&ec, "0oa-kid", &["okta.users.read"], DpopMode::Auto);
    let text = list_one(&client(&sb, &auth)).await.unwrap_err().to_string();
    assert!(text.contains("kid"), "{text}");
}

#[tokio::test]
async fn asking_for_ungranted_scopes_is_invalid_scope() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    sb.register_service_app(ServiceApp::new(
        "0oa-few",
        public_jwk(&pem, None),
        &["okta.users.read"],
    ));
    let auth = oauth(
        &pem,
        "0oa-few",
        &["okta.users.read", "okta.users.manage"],
        DpopMode::Auto,
    );
    let text = list_one(&client(&sb, &auth)).await.unwrap_err().to_string();
    assert!(
        text.contains("invalid_scope") && text.contains("okta.users.manage"),
        "{text}"
    );
    assert!(text.contains("Okta API Scopes"), "{text}");
}

#[test]
fn bad_keys_are_refused_at_load_without_echo() {
    for (text, want) in [
        ("not a key", "neither PEM"),
        (
            "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----",
            "not a private key",
        ),
        (
            "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}",
            "public key",
        ),
        ("{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}", "kty"),
    ] {
        let err = match OAuth::new(OAuthConfig {
            client_id: "c".into(),
            private_key: SecretString::from(text.to_string()),
            key_id: None,
            scopes: vec!["okta.users.read".into()],
            dpop: DpopMode::Auto,
        }) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{text} accepted"),
        };
        assert!(err.contains(want), "{text}: {err}");
        assert!(!err.contains("c2VjcmV0") && !err.contains("MFkw"), "{err}");
    }
}

#[test]
fn jwk_private_keys_work_and_carry_their_kid() {
    // Make an EC JWK from the PEM fixture via the p256 crate's own JWK export.
    use p256::pkcs8::DecodePrivateKey;
    let sk = p256::SecretKey::from_pkcs8_pem(&fixture("ec")).unwrap();
    let mut jwk: serde_json::Value = serde_json::from_str(&sk.to_jwk_string()).unwrap();
    jwk["kid"] = "from-jwk".into();
    let auth = OAuth::new(OAuthConfig {
        client_id: "c".into(),
        private_key: SecretString::from(jwk.to_string()),
        key_id: None,
        scopes: vec!["okta.users.read".into()],
        dpop: DpopMode::Auto,
    })
    .unwrap();
    assert_eq!(auth.key_id(), Some("from-jwk"));
    assert_eq!(auth.key_alg(), "ES256");
}

#[tokio::test]
async fn auto_falls_back_to_bearer_when_the_app_refuses_dpop() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    let mut app = ServiceApp::new("0oa-nodpop", public_jwk(&pem, None), &["okta.users.read"]);
    app.dpop_required = false;
    app.dpop_refused = true;
    sb.register_service_app(app);
    let auth = oauth(&pem, "0oa-nodpop", &["okta.users.read"], DpopMode::Auto);
    let c = client(&sb, &auth);
    assert_eq!(list_one(&c).await.unwrap().status, 200);
    assert_eq!(Auth::OAuth(auth.clone()).scheme(), "Bearer");
    // With DPoP forced on, the refusal is reported as such.
    let auth = oauth(&pem, "0oa-nodpop", &["okta.users.read"], DpopMode::On);
    let text = list_one(&client(&sb, &auth)).await.unwrap_err().to_string();
    assert!(
        text.contains("invalid_dpop_proof") && text.contains("not allowed"),
        "{text}"
    );
}

/// Okta does not document what an app without DPoP says to a proof: whatever 400 it is,
/// `auto` tries once without one. Errors documented for other causes get no second try.
#[tokio::test]
async fn auto_falls_back_whatever_the_refusal_is_called_but_not_for_a_scope() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    let mut app = ServiceApp::new("0oa-other", public_jwk(&pem, None), &["okta.users.read"]);
    app.dpop_required = false;
    app.dpop_refused = true;
    app.dpop_refusal = "invalid_request";
    sb.register_service_app(app.clone());
    let auth = oauth(&pem, "0oa-other", &["okta.users.read"], DpopMode::Auto);
    assert_eq!(list_one(&client(&sb, &auth)).await.unwrap().status, 200);
    assert_eq!(Auth::OAuth(auth).scheme(), "Bearer");

    // A scope the app was not granted: one token request, and the scope named.
    let before = sb.oauth_stats().token_requests;
    let auth = oauth(&pem, "0oa-other", &["okta.groups.manage"], DpopMode::Auto);
    let text = list_one(&client(&sb, &auth)).await.unwrap_err().to_string();
    assert!(text.contains("okta.groups.manage"), "{text}");
    assert_eq!(sb.oauth_stats().token_requests - before, 1);
}

#[tokio::test]
async fn auto_keeps_the_proof_error_when_bearer_also_fails() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    sb.register_service_app(ServiceApp::new(
        "0oa-skewtok",
        public_jwk(&pem, None),
        &["okta.users.read"],
    ));
    // Proofs look stale to the server, and the app requires DPoP.
    sb.set_oauth_clock_skew(3600);
    let auth = oauth(&pem, "0oa-skewtok", &["okta.users.read"], DpopMode::Auto);
    let text = list_one(&client(&sb, &auth)).await.unwrap_err().to_string();
    assert!(text.contains("'iat'"), "{text}");
}

#[tokio::test]
async fn a_rate_limited_token_endpoint_says_when_to_retry() {
    let sb = sandbox().await;
    let pem = fixture("ec");
    sb.register_service_app(ServiceApp::new(
        "0oa-429",
        public_jwk(&pem, None),
        &["okta.users.read"],
    ));
    // One request per minute: the nonce round trip's second token request is refused.
    sb.set_faults(sandbox::Faults {
        rate_limit_per_min: 1,
        ..Default::default()
    });
    let auth = oauth(&pem, "0oa-429", &["okta.users.read"], DpopMode::Auto);
    let err = list_one(&client(&sb, &auth)).await.unwrap_err();
    assert!(matches!(err, OktaError::RateLimited { .. }), "{err:?}");
    assert_eq!(err.code(), Some("E0000047"));
}
