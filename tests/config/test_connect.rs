//! Test Connect against the sandbox and against things that are not Okta.

use oktui::config::test_connect::test_tenant;
use oktui::config::{
    DpopMode, KeySource, LastTest, OAuthTenant, Settings, TenantConfig, TokenSource,
};
use oktui::okta::jwt::SigningKey;
use oktui::okta::test_connect::{FailureKind, TestReport};
use oktui::sandbox::oauth::ServiceApp;
use oktui::sandbox::{self, SandboxHandle, SandboxOptions};
use secrecy::SecretString;

async fn sandbox() -> SandboxHandle {
    sandbox::start(SandboxOptions::new(20)).await.unwrap()
}

fn token_tenant(domain: &str, token: &str) -> TenantConfig {
    TenantConfig::with_token(
        "t",
        domain,
        TokenSource::Inline(SecretString::from(token.to_string())),
    )
}

fn kind(r: &TestReport) -> Option<FailureKind> {
    r.failure.as_ref().map(|f| f.kind)
}

#[tokio::test]
async fn a_good_token_reports_org_user_latency_and_budget() {
    let sb = sandbox().await;
    let r = test_tenant(
        &token_tenant(sb.base_url(), sb.token()),
        &Settings::default(),
    )
    .await;
    assert!(r.ok(), "{r:?}");
    let org = r.org.as_ref().unwrap();
    assert!(org.id.starts_with("00o"), "{}", org.id);
    assert_eq!(org.engine_label(), "Identity Engine");
    assert_eq!(r.scheme.as_deref(), Some("SSWS"));
    // It acts as the admin who owns the token.
    let login = r.acts_as.as_deref().unwrap();
    assert_eq!(sb.user_id(login), Some(sb.admin_id()), "{login}");
    assert!(r.latency.is_some());
    let budget = r.rate_budget.unwrap();
    assert!(budget.limit > 0 && budget.remaining <= budget.limit);
    // The users bucket the credential check used, not the org metadata's.
    assert_eq!(budget.bucket, "/api/v1/users");
    let summary = r.summary();
    assert!(summary.starts_with("connected to 00o"), "{summary}");
    assert!(!summary.contains(sb.token()));
    let last = LastTest::from_report(&r);
    assert!(last.ok);
    assert_eq!(last.summary, summary);
    assert!(last.at.ends_with('Z'), "{}", last.at);
}

#[tokio::test]
async fn a_bad_token_is_401_e0000011() {
    let sb = sandbox().await;
    let r = test_tenant(
        &token_tenant(sb.base_url(), "00-wrong-token-xyz"),
        &Settings::default(),
    )
    .await;
    assert_eq!(kind(&r), Some(FailureKind::InvalidToken), "{r:?}");
    assert!(r.org.is_some(), "the domain step passed");
    let msg = r.summary();
    assert!(msg.contains("E0000011"), "{msg}");
    assert!(!msg.contains("00-wrong-token-xyz"), "{msg}");
    assert!(!LastTest::from_report(&r).ok);
}

#[tokio::test]
async fn a_server_that_is_not_okta() {
    let app = axum::Router::new().fallback(|| async {
        axum::response::Html(
            "<html><head><title>Welcome to nginx!</title></head><body>hi</body></html>",
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let r = test_tenant(
        &token_tenant(&format!("http://{addr}"), "tok"),
        &Settings::default(),
    )
    .await;
    assert_eq!(kind(&r), Some(FailureKind::NotOkta), "{r:?}");
    assert!(r.summary().contains("not an Okta org"), "{}", r.summary());
    assert!(r.summary().contains("nginx"), "{}", r.summary());
    server.abort();
}

#[tokio::test]
async fn a_closed_port() {
    let (_held, port) = crate::closed_port::closed_port();
    let r = test_tenant(
        &token_tenant(&format!("http://127.0.0.1:{port}"), "tok"),
        &Settings::default(),
    )
    .await;
    assert_eq!(kind(&r), Some(FailureKind::ClosedPort), "{r:?}");
    assert!(r.summary().contains("closed port"), "{}", r.summary());
}

#[tokio::test]
async fn tls_to_a_plain_http_server_is_a_tls_failure() {
    let sb = sandbox().await;
    let https = sb.base_url().replace("http://", "https://");
    let r = test_tenant(&token_tenant(&https, sb.token()), &Settings::default()).await;
    assert_eq!(kind(&r), Some(FailureKind::Tls), "{r:?}");
    assert!(r.summary().starts_with("TLS"), "{}", r.summary());
}

#[tokio::test]
async fn a_secret_that_cannot_be_fetched() {
    let t = TenantConfig::with_token(
        "t",
        "https://acme.okta.com",
        TokenSource::Env("OKTUI_TEST_SURELY_UNSET_VAR".into()),
    );
    let r = test_tenant(&t, &Settings::default()).await;
    assert_eq!(kind(&r), Some(FailureKind::Secret), "{r:?}");
    assert!(
        r.summary()
            .contains("OKTUI_TEST_SURELY_UNSET_VAR is not set"),
        "{}",
        r.summary()
    );
}

use super::keys;

fn ec_pem() -> String {
    keys::ec_pkcs8_pem()
}

fn oauth_tenant(
    sb: &SandboxHandle,
    client_id: &str,
    scopes: &[&str],
    dpop: DpopMode,
) -> TenantConfig {
    TenantConfig::with_oauth(
        "svc",
        sb.base_url(),
        OAuthTenant {
            client_id: client_id.into(),
            key: KeySource::Inline(SecretString::from(ec_pem())),
            key_id: None,
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            dpop,
        },
    )
}

fn register(sb: &SandboxHandle, client_id: &str, scopes: &[&str]) {
    let (key, _) = SigningKey::parse(&ec_pem()).unwrap();
    sb.register_service_app(ServiceApp::new(client_id, key.public_jwk(), scopes));
}

#[tokio::test]
async fn oauth_service_app_reports_scheme_and_scopes() {
    let sb = sandbox().await;
    register(&sb, "0oa-tc", &["okta.users.read", "okta.groups.read"]);
    let t = oauth_tenant(
        &sb,
        "0oa-tc",
        &["okta.users.read", "okta.groups.read"],
        DpopMode::Auto,
    );
    let r = test_tenant(&t, &Settings::default()).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(r.scheme.as_deref(), Some("DPoP"));
    assert_eq!(r.granted_scopes, ["okta.users.read", "okta.groups.read"]);
    assert_eq!(r.acts_as.as_deref(), Some("service app 0oa-tc"));
    assert!(
        r.summary()
            .contains("scopes: okta.users.read okta.groups.read"),
        "{}",
        r.summary()
    );
}

#[tokio::test]
async fn oauth_failures_are_named() {
    let sb = sandbox().await;
    register(&sb, "0oa-groups-only", &["okta.groups.read"]);
    // The users check needs okta.users.read, which this tenant did not ask for.
    let t = oauth_tenant(
        &sb,
        "0oa-groups-only",
        &["okta.groups.read"],
        DpopMode::Auto,
    );
    let r = test_tenant(&t, &Settings::default()).await;
    assert_eq!(kind(&r), Some(FailureKind::MissingScope), "{r:?}");
    assert!(r.summary().contains("okta.users.read"), "{}", r.summary());
    // DPoP off for an app that requires it.
    register(&sb, "0oa-dpop", &["okta.users.read"]);
    let t = oauth_tenant(&sb, "0oa-dpop", &["okta.users.read"], DpopMode::Off);
    let r = test_tenant(&t, &Settings::default()).await;
    assert_eq!(kind(&r), Some(FailureKind::DpopRequired), "{r:?}");
    // Unknown client.
    let t = oauth_tenant(&sb, "0oa-unknown", &["okta.users.read"], DpopMode::Auto);
    let r = test_tenant(&t, &Settings::default()).await;
    assert_eq!(kind(&r), Some(FailureKind::InvalidClient), "{r:?}");
    for text in [r.summary(), format!("{r:?}")] {
        assert!(
            !text.contains("sbx.") && !text.contains("eyJ") && !text.contains("PRIVATE"),
            "{text}"
        );
    }
}

#[test]
fn dns_and_other_errors_are_classified() {
    use oktui::okta::OktaError;
    use oktui::okta::test_connect::classify_error;
    let f = classify_error(&OktaError::Dns {
        host: "acme.okta.con".into(),
    });
    assert_eq!(f.kind, FailureKind::Dns);
    assert!(f.message.contains("acme.okta.con"));
    let f = classify_error(&OktaError::Connect {
        host: "h".into(),
        detail: "Network is unreachable".into(),
    });
    assert_eq!(f.kind, FailureKind::Unreachable);
    let f = classify_error(&OktaError::Api {
        status: 403,
        code: Some("E0000006".into()),
        summary: "You do not have permission".into(),
        causes: vec![],
        request_id: None,
        www_authenticate: None,
    });
    assert_eq!(f.kind, FailureKind::Forbidden);
}
