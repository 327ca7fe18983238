//! The OAuth client never logs a token, an assertion, a DPoP proof or a key, even at trace
//! level. A binary of its own: the test installs the process-wide log subscriber.

#[path = "../keys/mod.rs"]
mod keys;

#[path = "../oauth/common.rs"]
mod common;

use common::*;
use oktui::okta::oauth::DpopMode;
use oktui::sandbox::oauth::ServiceApp;
use reqwest::Method;

/// Collects everything logged, at every level.
#[derive(Clone, Default)]
struct LogSink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_token_or_jwt_in_any_log_line() {
    let sink = LogSink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // Global, not `set_default`: tracing caches each log site's interest when it is first
    // hit, and a site first hit on another test's thread while a scoped subscriber was being
    // installed could stay silenced. Alone in its process, nothing races the install.
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let sb = sandbox().await;
    let pem = fixture("ec");
    let mut app = ServiceApp::new("0oa-log", public_jwk(&pem, None), &["okta.users.read"]);
    app.api_nonce_required = true;
    sb.register_service_app(app);
    let auth = oauth(&pem, "0oa-log", &["okta.users.read"], DpopMode::Auto);
    let c = client(&sb, &auth);
    list_one(&c).await.unwrap();
    let _ = c
        .send(Method::GET, "/api/v1/groups", &[], None)
        .await
        .unwrap_err();
    sb.expire_access_tokens();
    list_one(&c).await.unwrap();
    let logged = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains("oktui::okta::client"),
        "the client logs its requests at trace level: {logged}"
    );
    assert_no_secret(&logged);
}
