//! The HTTP layer under the client: base-URL validation, the reqwest client with the headers
//! Okta expects on every request, and turning transport failures into errors a person can act
//! on (timeout, DNS, TLS, refused connection, connection lost mid-request).

use std::error::Error as StdError;
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Url;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use url::Host;

use super::error::OktaError;
use super::sanitize::clean;

/// What the request path tells the auth scheme about one attempt.
pub struct AuthRequest<'a> {
    pub method: &'a reqwest::Method,
    /// The full request URL (query included; a DPoP `htu` strips it).
    pub url: &'a Url,
    /// The org base URL (token endpoint lives under it).
    pub base_url: &'a Url,
    /// The client's HTTP pool, for token requests an auth scheme may need to make.
    pub http: &'a reqwest::Client,
}

/// `oktui/<version>`: Okta asks for a meaningful User-Agent.
pub const USER_AGENT: &str = concat!("oktui/", env!("CARGO_PKG_VERSION"));

/// Parses and checks an org base URL: `https://` only, plain `http://` only for loopback
/// (the sandbox). Credentials inside the URL are refused. Keeps only the origin: API paths
/// are always absolute (`/api/v1/...`).
pub fn validate_base_url(raw: &str) -> Result<Url, OktaError> {
    let invalid = |reason: &str| OktaError::InvalidUrl {
        url: clean(raw),
        reason: reason.to_owned(),
    };
    let url = Url::parse(raw.trim()).map_err(|e| invalid(&format!("not a URL ({e})")))?;
    if url.host().is_none() {
        return Err(invalid("no host name"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "user name or password inside the URL is not allowed; use a token",
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(invalid(
                "plain http:// is only allowed for loopback addresses (127.0.0.1, ::1, localhost); use https://",
            ));
        }
        other => {
            return Err(invalid(&format!(
                "unsupported scheme {other:?}; use https://"
            )));
        }
    }
    let mut origin = url.clone();
    origin.set_path("/");
    origin.set_query(None);
    origin.set_fragment(None);
    Ok(origin)
}

/// 127.0.0.0/8, ::1 and `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// The reqwest client: fixed headers, timeouts, no redirects (a redirect on an API call means
/// the URL is not an Okta org, and following it could carry the token elsewhere).
pub fn build_http(timeout: Duration) -> Result<reqwest::Client, OktaError> {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .default_headers(headers)
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| OktaError::Other(format!("cannot build the HTTP client: {e}")))
}

/// Characters left as they are in a path segment (RFC 3986 unreserved); everything else,
/// `/ ? # %` and spaces included, is percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment (an id or a login) percent-encoded, so `a/b?c` stays one segment.
pub fn encode_segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// `host[:port]` for messages.
pub fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => String::from("?"),
    }
}

/// The URL without query for messages (queries can be long search expressions).
fn short_url(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    u.to_string()
}

/// Maps a reqwest failure to the error a person can act on. Walks the source chain because
/// reqwest wraps the useful part (hyper-util connect error, io error, rustls error) deep inside.
pub fn classify(err: &reqwest::Error, url: &Url, timeout: Duration) -> OktaError {
    let host = host_of(url);
    if err.is_timeout() {
        return OktaError::Timeout {
            url: short_url(url),
            after: timeout,
        };
    }
    if let Some(detail) = tls_detail(err) {
        return OktaError::Tls { host, detail };
    }
    let chain = chain_text(err);
    let lower = chain.to_ascii_lowercase();
    if err.is_dns()
        || lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
    {
        return OktaError::Dns {
            host: url.host_str().unwrap_or("?").to_owned(),
        };
    }
    if err.is_connect() {
        return OktaError::Connect {
            host,
            detail: innermost(err),
        };
    }
    if err.is_builder() {
        return OktaError::Other(format!("cannot build the request: {}", innermost(err)));
    }
    // Everything else happened after the request was (possibly) sent: the connection closed,
    // reset or the body broke off. A write may or may not have been applied.
    OktaError::Dropped {
        host,
        detail: innermost(err),
    }
}

/// A TLS failure anywhere in the chain, described for a person.
fn tls_detail(err: &reqwest::Error) -> Option<String> {
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(tls) = find_rustls(e) {
            return Some(describe_tls(tls));
        }
        source = e.source();
    }
    None
}

/// `e` itself, or the payload of (possibly nested) io::Errors: tokio-rustls wraps the rustls
/// error in an io::Error, hyper-rustls wraps that in another, and io::Error hides its payload
/// from `source()`.
fn find_rustls<'a>(mut e: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    loop {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        let io = e.downcast_ref::<std::io::Error>()?;
        let inner = io.get_ref()?;
        e = inner;
    }
}

fn describe_tls(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(c) => {
            clean(&format!("the server's certificate is not trusted ({c:?})"))
        }
        rustls::Error::InvalidMessage(_) => {
            "the server did not answer with TLS (is it plain http:// or not an Okta org?)".into()
        }
        other => clean(&other.to_string()),
    }
}

/// All messages of the source chain joined, for keyword checks.
fn chain_text(err: &reqwest::Error) -> String {
    let mut out = String::new();
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        out.push_str(&e.to_string());
        out.push_str(" | ");
        source = e.source();
    }
    out
}

/// The deepest message in the chain ("Connection refused (os error 111)"), cleaned.
fn innermost(err: &reqwest::Error) -> String {
    let mut last = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        last = e.to_string();
        source = e.source();
    }
    clean(&last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_only_except_loopback() {
        assert_eq!(
            validate_base_url("https://acme.okta.com").unwrap().as_str(),
            "https://acme.okta.com/"
        );
        assert_eq!(
            validate_base_url("https://acme.okta.com/admin/x?y#z")
                .unwrap()
                .as_str(),
            "https://acme.okta.com/"
        );
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.5.6.7",
            "http://[::1]:9",
            "http://localhost:1",
            "http://LOCALHOST",
        ] {
            assert!(validate_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://acme.okta.com",
            "http://10.0.0.1",
            "http://128.0.0.1",
            "http://localhost.evil.com",
            "ftp://acme.okta.com",
            "acme.okta.com",
            "https://user:pw@acme.okta.com",
            "",
        ] {
            assert!(
                matches!(validate_base_url(bad), Err(OktaError::InvalidUrl { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("00u1AbC"), "00u1AbC");
        assert_eq!(encode_segment("a.b+c@x.com"), "a.b%2Bc%40x.com");
        assert_eq!(encode_segment("x/../y?z#w %"), "x%2F..%2Fy%3Fz%23w%20%25");
        assert_eq!(encode_segment("名"), "%E5%90%8D");
    }

    #[test]
    fn user_agent_names_the_program() {
        assert!(USER_AGENT.starts_with("oktui/"));
    }
}
