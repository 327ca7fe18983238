//! Okta domain normalization.

use oktui::config::normalize_domain;

#[test]
fn accepted_forms_normalize_to_one_url() {
    for input in [
        "acme.okta.com",
        "https://acme.okta.com",
        "https://acme.okta.com/",
        "  HTTPS://Acme.OKTA.com/  ",
    ] {
        let d = normalize_domain(input).unwrap();
        assert_eq!(d.url, "https://acme.okta.com", "{input}");
        assert!(d.warning.is_none(), "{input}: {:?}", d.warning);
    }
    for host in [
        "dev-1.oktapreview.com",
        "x.okta-emea.com",
        "agency.okta-gov.com",
    ] {
        let d = normalize_domain(host).unwrap();
        assert_eq!(d.url, format!("https://{host}"));
        assert!(d.warning.is_none(), "{host}");
    }
    assert_eq!(
        normalize_domain("acme.okta.com:8443").unwrap().url,
        "https://acme.okta.com:8443"
    );
}

#[test]
fn http_is_refused_except_loopback() {
    let err = normalize_domain("http://acme.okta.com").unwrap_err();
    assert!(err.contains("http://"), "{err}");
    for ok in [
        "http://127.0.0.1:8080",
        "http://localhost:9",
        "http://[::1]:8080/",
    ] {
        let d = normalize_domain(ok).unwrap();
        assert!(d.url.starts_with("http://"), "{ok}");
        assert!(d.warning.is_none(), "{ok}");
    }
    assert_eq!(
        normalize_domain("http://127.0.0.1:8080/").unwrap().url,
        "http://127.0.0.1:8080"
    );
    assert!(normalize_domain("ftp://acme.okta.com").is_err());
}

#[test]
fn non_okta_hosts_warn_and_junk_is_refused() {
    let d = normalize_domain("login.example.com").unwrap();
    assert_eq!(d.url, "https://login.example.com");
    assert!(d.warning.unwrap().contains("not an Okta domain"));
    // A look-alike is not an Okta domain.
    assert!(
        normalize_domain("acme.notokta.com")
            .unwrap()
            .warning
            .is_some()
    );
    assert!(
        normalize_domain("okta.com.evil.io")
            .unwrap()
            .warning
            .is_some()
    );
    for bad in [
        "",
        "   ",
        "https://acme.okta.com/oauth2/default",
        "https://acme.okta.com/?x=1",
        "https://user:pw@acme.okta.com",
        "https://",
    ] {
        assert!(normalize_domain(bad).is_err(), "{bad:?} should be refused");
    }
}
