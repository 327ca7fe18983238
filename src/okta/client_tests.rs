use super::*;
use crate::okta::{LifecycleOp, UserRef, Write};

fn client(read_only: bool) -> Client {
    let mut c = ClientConfig::new("https://acme.okta.com", Auth::ssws("t0k3n"));
    c.read_only = read_only;
    Client::new(c).unwrap()
}

#[test]
fn base_url_and_flags() {
    let c = client(true);
    assert_eq!(c.base_url(), "https://acme.okta.com");
    assert!(c.is_read_only());
    assert!(!format!("{c:?}").contains("t0k3n"));
    assert!(matches!(
        Client::new(ClientConfig::new("http://acme.okta.com", Auth::ssws("x"))),
        Err(OktaError::InvalidUrl { .. })
    ));
}

#[test]
fn plan_encodes_queries() {
    let c = client(false);
    let p = c.plan(
        Method::GET,
        "/api/v1/users",
        &[("search", r#"profile.login sw "a+b c""#.into())],
        None,
    );
    assert_eq!(
        p.url,
        "https://acme.okta.com/api/v1/users?search=profile.login+sw+%22a%2Bb+c%22"
    );
    let p = c.plan_write(&Write::Lifecycle {
        user: UserRef::id("00u1"),
        op: LifecycleOp::Deactivate { send_email: false },
    });
    assert_eq!(p.method, "POST");
    assert_eq!(
        p.url,
        "https://acme.okta.com/api/v1/users/00u1/lifecycle/deactivate?sendEmail=false"
    );
}

#[test]
fn other_origins_are_refused() {
    let c = client(false);
    assert!(c.url_for("https://evil.example/api/v1/users", &[]).is_err());
    assert!(c.url_for("//evil.example/x", &[]).is_err());
    assert!(c.url_for("api/v1/users", &[]).is_err());
    assert!(
        c.url_for("https://acme.okta.com/api/v1/users?after=x", &[])
            .is_ok()
    );
    let page = Url::parse("https://acme.okta.com/api/v1/users").unwrap();
    assert_eq!(
        c.resolve_next(&page, "/api/v1/users?after=1")
            .unwrap()
            .as_str(),
        "https://acme.okta.com/api/v1/users?after=1"
    );
    assert!(
        c.resolve_next(&page, "https://acme.okta.com:444/x")
            .is_err()
    );
    assert!(c.resolve_next(&page, "http://acme.okta.com/x").is_err());
}
