//! The sandbox's authorization server and resource checks, driven by hand-made requests so
//! each refusal is seen on the wire as Okta sends it.

use oktui::okta::dpop::ProofKey;
use oktui::okta::jwt::{self, SigningKey};
use oktui::okta::oauth::JWT_BEARER;
use oktui::sandbox::oauth::ServiceApp;
use oktui::sandbox::{self, SandboxHandle, SandboxOptions};
use reqwest::{Method, Url};
use serde_json::{Value, json};

use super::keys;

fn key() -> SigningKey {
    SigningKey::parse(&keys::ec_pkcs8_pem()).unwrap().0
}

struct Rig {
    sb: SandboxHandle,
    http: reqwest::Client,
    key: SigningKey,
    token_url: Url,
}

async fn rig(dpop_required: bool) -> Rig {
    let sb = sandbox::start(SandboxOptions::new(10)).await.unwrap();
    let key = key();
    let mut app = ServiceApp::new("0oa-hand", key.public_jwk(), &["okta.users.read"]);
    app.dpop_required = dpop_required;
    sb.register_service_app(app);
    let token_url = Url::parse(&format!("{}/oauth2/v1/token", sb.base_url())).unwrap();
    Rig {
        sb,
        http: reqwest::Client::new(),
        key,
        token_url,
    }
}

impl Rig {
    fn assertion(&self, jti: &str) -> String {
        let now = chrono::Utc::now().timestamp();
        jwt::sign(
            json!({"typ": "JWT"}),
            &json!({"iss": "0oa-hand", "sub": "0oa-hand", "aud": self.token_url.as_str(),
                    "iat": now, "exp": now + 300, "jti": jti}),
            &self.key,
        )
    }

    async fn token_request(
        &self,
        assertion: &str,
        proof: Option<&str>,
    ) -> (u16, Value, Option<String>) {
        let mut req = self.http.post(self.token_url.clone()).form(&[
            ("grant_type", "client_credentials"),
            ("scope", "okta.users.read"),
            ("client_assertion_type", JWT_BEARER),
            ("client_assertion", assertion),
        ]);
        if let Some(p) = proof {
            req = req.header("DPoP", p);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let nonce = resp
            .headers()
            .get("dpop-nonce")
            .map(|v| v.to_str().unwrap().to_string());
        (status, resp.json().await.unwrap(), nonce)
    }

    /// A DPoP token and the proof key it is bound to.
    async fn dpop_token(&self) -> (String, ProofKey) {
        let pk = ProofKey::generate();
        let p = pk.proof(&Method::POST, &self.token_url, None, None);
        let (status, body, nonce) = self.token_request(&self.assertion("a1"), Some(&p)).await;
        assert_eq!(status, 400);
        assert_eq!(body["error"], "use_dpop_nonce");
        let p = pk.proof(&Method::POST, &self.token_url, None, nonce.as_deref());
        let (status, body, _) = self.token_request(&self.assertion("a2"), Some(&p)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["token_type"], "DPoP");
        assert_eq!(body["expires_in"], 3600);
        (body["access_token"].as_str().unwrap().to_string(), pk)
    }

    fn users_url(&self) -> Url {
        Url::parse(&format!("{}/api/v1/users?limit=1", self.sb.base_url())).unwrap()
    }

    async fn call(
        &self,
        url: &Url,
        authorization: &str,
        proof: Option<&str>,
    ) -> (u16, String, String) {
        let mut req = self
            .http
            .get(url.clone())
            .header("Authorization", authorization);
        if let Some(p) = proof {
            req = req.header("DPoP", p);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let www = resp
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (status, www, resp.text().await.unwrap())
    }
}

#[tokio::test]
async fn token_endpoint_refusals_use_the_oauth_error_shape() {
    let r = rig(true).await;
    // No DPoP header for an app that requires it.
    let (status, body, _) = r.token_request(&r.assertion("j1"), None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_dpop_proof"))
    );
    assert_eq!(
        body["error_description"],
        "The DPoP proof JWT header is missing."
    );
    // A reused assertion jti is refused.
    let pk = ProofKey::generate();
    let (_, _, nonce) = r
        .token_request(
            &r.assertion("j2"),
            Some(&pk.proof(&Method::POST, &r.token_url, None, None)),
        )
        .await;
    let proof = pk.proof(&Method::POST, &r.token_url, None, nonce.as_deref());
    let (status, body, _) = r.token_request(&r.assertion("j1"), Some(&proof)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client")),
        "{body}"
    );
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("already been used")
    );
    // A proof for the wrong URL.
    let elsewhere = Url::parse("http://127.0.0.1:1/oauth2/v1/token").unwrap();
    let proof = pk.proof(&Method::POST, &elsewhere, None, nonce.as_deref());
    let (status, body, _) = r.token_request(&r.assertion("j3"), Some(&proof)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_dpop_proof")),
        "{body}"
    );
    // No credentials at all.
    let resp = r
        .http
        .post(r.token_url.clone())
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", "okta.users.read"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
    assert_eq!(body["error_description"], "No client credentials found.");
}

#[tokio::test]
async fn dpop_tokens_need_a_matching_proof_on_every_call() {
    let r = rig(true).await;
    let (token, pk) = r.dpop_token().await;
    let url = r.users_url();
    let auth = format!("DPoP {token}");
    // Good proof: htu without the query.
    let good = pk.proof(&Method::GET, &url, Some(&token), None);
    let (status, _, _) = r.call(&url, &auth, Some(&good)).await;
    assert_eq!(status, 200);
    // The same proof again (replayed jti).
    let (status, www, body) = r.call(&url, &auth, Some(&good)).await;
    assert_eq!(status, 401);
    assert!(
        www.starts_with("DPoP ") && www.contains("error=\"invalid_dpop_proof\""),
        "{www}"
    );
    assert!(body.is_empty());
    // Wrong htu, wrong method, wrong ath, another key, no proof.
    let other = Url::parse(&format!("{}/api/v1/groups", r.sb.base_url())).unwrap();
    for (proof, what) in [
        (pk.proof(&Method::GET, &other, Some(&token), None), "'htu'"),
        (pk.proof(&Method::POST, &url, Some(&token), None), "'htm'"),
        (
            pk.proof(&Method::GET, &url, Some("another-token"), None),
            "'ath'",
        ),
        (
            ProofKey::generate().proof(&Method::GET, &url, Some(&token), None),
            "does not match",
        ),
    ] {
        let (status, www, _) = r.call(&url, &auth, Some(&proof)).await;
        assert_eq!(status, 401, "{what}");
        assert!(www.contains(what), "{what}: {www}");
        assert!(www.contains("algs=\""), "{www}");
    }
    let (status, www, _) = r.call(&url, &auth, None).await;
    assert_eq!(status, 401);
    assert!(www.contains("missing"), "{www}");
    // A bound token presented as Bearer.
    let (status, www, _) = r.call(&url, &format!("Bearer {token}"), None).await;
    assert_eq!(status, 401);
    assert!(www.contains("invalid_token"), "{www}");
    // An unknown token.
    let (status, www, _) = r.call(&url, "Bearer nope", None).await;
    assert_eq!(status, 401);
    assert!(
        www.contains("invalid_token") && www.contains("resource=\"/api/v1/users\""),
        "{www}"
    );
}

#[tokio::test]
async fn bearer_tokens_and_scopes() {
    let r = rig(false).await;
    let (status, body, _) = r.token_request(&r.assertion("b1"), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "okta.users.read");
    let token = body["access_token"].as_str().unwrap();
    let auth = format!("Bearer {token}");
    assert_eq!(r.call(&r.users_url(), &auth, None).await.0, 200);
    let groups = Url::parse(&format!("{}/api/v1/groups", r.sb.base_url())).unwrap();
    let (status, www, body) = r.call(&groups, &auth, None).await;
    assert_eq!(status, 403);
    assert!(body.is_empty(), "{body}");
    assert!(www.starts_with("Bearer "), "{www}");
    assert!(
        www.contains("error=\"insufficient_scope\"") && www.contains("scope=\"okta.groups.read\""),
        "{www}"
    );
    // SSWS still works beside OAuth.
    let (status, _, _) = r
        .call(&r.users_url(), &format!("SSWS {}", r.sb.token()), None)
        .await;
    assert_eq!(status, 200);
}
