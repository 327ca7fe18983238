//! The Okta domain the admin types, made into the one base URL form the client uses:
//! `https://acme.okta.com` (scheme, host, port if not default; no path, no trailing slash).

use std::net::IpAddr;

/// Hosts Okta serves orgs on. Anything else may be a custom domain: allowed, with a warning.
const OKTA_DOMAINS: &[&str] = &[
    "okta.com",
    "oktapreview.com",
    "okta-emea.com",
    "okta-gov.com",
    "okta.mil",
    "trexcloud.com",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedDomain {
    /// `https://acme.okta.com`.
    pub url: String,
    /// Set when the host is not an Okta domain (custom domain or a typo), or was adjusted.
    pub warning: Option<String>,
}

/// Whether `host` (as `url` prints it, IPv6 in brackets) is a loopback address or name.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// Accepts `acme.okta.com`, `https://acme.okta.com/`, `HTTPS://Acme.Okta.com`; refuses
/// `http://` except on loopback (the sandbox), paths other than `/`, queries, credentials.
pub fn normalize_domain(input: &str) -> Result<NormalizedDomain, String> {
    let text = input.trim();
    if text.is_empty() {
        return Err("the Okta domain is empty (for example acme.okta.com)".into());
    }
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("https://{text}")
    };
    let url =
        url::Url::parse(&with_scheme).map_err(|e| format!("not a valid domain or URL: {e}"))?;
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or("the URL has no host")?
        .to_string();
    let loopback = is_loopback_host(&host);
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(format!(
                "http:// is refused for {host}: Okta is reached over https:// only (plain http is allowed for loopback addresses)"
            ));
        }
        other => return Err(format!("unsupported scheme {other}://; use https://")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the domain must not contain a user name or password".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("the domain must not contain a query (?) or fragment (#)".into());
    }
    if url.path() != "/" && !url.path().is_empty() {
        return Err(format!(
            "give the org URL only, without a path (got {:?}); for example https://acme.okta.com",
            url.path()
        ));
    }
    let mut host = host;
    let mut warning = None;
    let okta_suffix = OKTA_DOMAINS
        .iter()
        .find(|d| host == **d || host.ends_with(&format!(".{d}")));
    if let Some(suffix) = okta_suffix {
        // The Admin Console lives on `acme-admin.okta.com`; the API only on `acme.okta.com`.
        let label = host.trim_end_matches(suffix).trim_end_matches('.');
        if let Some(org) = label.strip_suffix("-admin").filter(|o| !o.contains('.')) {
            let fixed = format!("{org}.{suffix}");
            warning = Some(format!(
                "{host} is the Admin Console address; using the API address {fixed}"
            ));
            host = fixed;
        }
    } else if !loopback {
        warning = Some(format!(
            "{host} is not an Okta domain ({}); fine for a custom domain, Test Connect will tell",
            OKTA_DOMAINS.join(", ")
        ));
    }
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    Ok(NormalizedDomain {
        url: format!("{}://{host}{port}", url.scheme()),
        warning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_host_is_mapped_to_api_host() {
        let d = normalize_domain("acme-admin.okta.com").unwrap();
        assert_eq!(d.url, "https://acme.okta.com");
        assert!(d.warning.unwrap().contains("Admin Console"));
    }

    #[test]
    fn ipv6_loopback_is_loopback() {
        assert!(is_loopback_host("[::1]"));
        assert!(is_loopback_host("127.0.0.9"));
        assert!(!is_loopback_host("10.0.0.1"));
    }
}
