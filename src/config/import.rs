//! Importing tenants from the Okta SDKs' conventions: the `OKTA_CLIENT_ORGURL` +
//! `OKTA_CLIENT_TOKEN` environment variables and `~/.okta/okta.yaml`.

use std::path::{Path, PathBuf};

use secrecy::SecretString;
use yaml_rust2::{Yaml, YamlLoader};

use super::domain::normalize_domain;
use super::{ConfigError, DpopMode, ENV_TENANT, KeySource, OAuthTenant, TenantConfig, TokenSource};

pub const ENV_ORG_URL: &str = "OKTA_CLIENT_ORGURL";
pub const ENV_TOKEN: &str = "OKTA_CLIENT_TOKEN";

/// The "env" tenant when both SDK variables are set. The token stays in the environment: the
/// tenant refers to the variable, so importing it never copies the secret anywhere.
pub(crate) fn env_tenant(
    env: &dyn Fn(&str) -> Option<String>,
    warnings: &mut Vec<String>,
) -> Result<Option<TenantConfig>, ConfigError> {
    let url = env(ENV_ORG_URL).filter(|v| !v.trim().is_empty());
    let token = env(ENV_TOKEN).filter(|v| !v.trim().is_empty());
    match (url, token) {
        (Some(url), Some(_)) => {
            let domain = normalize_domain(&url)
                .map_err(|e| ConfigError::Other(format!("{ENV_ORG_URL}: {e}")))?;
            if let Some(w) = domain.warning {
                warnings.push(format!("{ENV_ORG_URL}: {w}"));
            }
            Ok(Some(TenantConfig::with_token(
                ENV_TENANT,
                &domain.url,
                TokenSource::Env(ENV_TOKEN.to_string()),
            )))
        }
        (Some(_), None) => {
            warnings.push(format!(
                "{ENV_ORG_URL} is set but {ENV_TOKEN} is not; both are needed"
            ));
            Ok(None)
        }
        (None, Some(_)) => {
            warnings.push(format!(
                "{ENV_TOKEN} is set but {ENV_ORG_URL} is not; both are needed"
            ));
            Ok(None)
        }
        (None, None) => Ok(None),
    }
}

/// A tenant from `OKTA_CLIENT_ORGURL` + `OKTA_CLIENT_TOKEN`, if both are set (the token is
/// referenced as `token_env`, not copied).
pub fn import_env() -> Result<Option<TenantConfig>, ConfigError> {
    let mut ignored = Vec::new();
    env_tenant(&|n| std::env::var(n).ok(), &mut ignored)
}

/// `~/.okta/okta.yaml`, where the Okta SDKs look.
pub fn okta_yaml_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.home_dir().join(".okta").join("okta.yaml"))
}

/// A tenant name for an org URL: the org's name for an Okta host (`acme` for
/// `https://acme.okta.com`); for an address or `localhost`, the host and port
/// (`localhost-8080`, `10-0-0-5-8443`), since its first label says nothing (`127`).
pub fn tenant_name_for(url: &str) -> String {
    let Ok(u) = url::Url::parse(url) else {
        return "okta".to_owned();
    };
    let host = match u.host() {
        Some(url::Host::Domain(d)) if !d.eq_ignore_ascii_case("localhost") => {
            return d.split('.').next().unwrap_or(d).to_ascii_lowercase();
        }
        Some(url::Host::Ipv4(ip)) if ip.is_loopback() => "localhost".to_owned(),
        Some(url::Host::Ipv6(ip)) if ip.is_loopback() => "localhost".to_owned(),
        Some(url::Host::Domain(_)) => "localhost".to_owned(),
        Some(h) => h
            .to_string()
            .trim_matches(['[', ']'])
            .replace(['.', ':'], "-"),
        None => return "okta".to_owned(),
    };
    match u.port() {
        Some(p) => format!("{host}-{p}"),
        None => host,
    }
}

fn str_at<'a>(client: &'a Yaml, key: &str) -> Option<&'a str> {
    client[key]
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Reads an Okta SDK `okta.yaml` (`okta.client.orgUrl`, `token` or `authorizationMode:
/// PrivateKey` with `clientId`, `scopes`, `privateKey` (PEM/JWK text or a file path) and
/// `privateKeyId`). The tenant is named after the org (e.g. `acme`); rename it as you like.
/// An inline token or key is kept as an inline secret, to be saved only in the 0600 file.
pub fn import_okta_yaml(path: &Path) -> Result<TenantConfig, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::Other(format!("cannot read {}: {e}", path.display())))?;
    let docs = YamlLoader::load_from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.display().to_string(),
        line: e.marker().line(),
        column: e.marker().col() + 1,
        message: e.info().to_string(),
    })?;
    let other = |m: &str| ConfigError::Other(format!("{}: {m}", path.display()));
    let doc = docs.first().ok_or_else(|| other("the file is empty"))?;
    let client = &doc["okta"]["client"];
    if client.is_badvalue() {
        return Err(other("no okta.client section"));
    }
    let org_url = str_at(client, "orgUrl").ok_or_else(|| other("okta.client.orgUrl is missing"))?;
    let domain =
        normalize_domain(org_url).map_err(|e| other(&format!("okta.client.orgUrl: {e}")))?;
    let name = tenant_name_for(&domain.url);
    let mode = str_at(client, "authorizationMode").unwrap_or("SSWS");
    match mode {
        "SSWS" => {
            let token =
                str_at(client, "token").ok_or_else(|| other("okta.client.token is missing"))?;
            Ok(TenantConfig::with_token(
                &name,
                &domain.url,
                TokenSource::Inline(SecretString::from(token.to_string())),
            ))
        }
        "PrivateKey" => {
            let client_id = str_at(client, "clientId")
                .ok_or_else(|| other("okta.client.clientId is missing"))?;
            let key_text = str_at(client, "privateKey")
                .ok_or_else(|| other("okta.client.privateKey is missing"))?;
            let key = if key_text.starts_with("-----BEGIN") || key_text.starts_with('{') {
                KeySource::Inline(SecretString::from(key_text.to_string()))
            } else {
                KeySource::File(PathBuf::from(key_text))
            };
            let scopes: Vec<String> = match &client["scopes"] {
                Yaml::Array(items) => items
                    .iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect(),
                Yaml::String(s) => s
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                _ => Vec::new(),
            };
            if scopes.is_empty() {
                return Err(other("okta.client.scopes is missing"));
            }
            Ok(TenantConfig::with_oauth(
                &name,
                &domain.url,
                OAuthTenant {
                    client_id: client_id.to_string(),
                    key,
                    key_id: str_at(client, "privateKeyId").map(str::to_string),
                    scopes,
                    dpop: DpopMode::Auto,
                },
            ))
        }
        other_mode => Err(other(&format!(
            "authorizationMode {other_mode:?} is not supported (SSWS or PrivateKey)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::tenant_name_for;

    #[test]
    fn tenant_names_come_from_the_org_or_the_host_and_port() {
        assert_eq!(tenant_name_for("https://acme.okta.com"), "acme");
        assert_eq!(tenant_name_for("http://127.0.0.1:8080"), "localhost-8080");
        assert_eq!(tenant_name_for("http://localhost:9000"), "localhost-9000");
        assert_eq!(tenant_name_for("https://10.0.0.5:8443"), "10-0-0-5-8443");
        assert_eq!(tenant_name_for("http://[::1]:8080"), "localhost-8080");
    }
}
