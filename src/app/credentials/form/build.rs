//! Validation: what a filled tenant form becomes (a `TenantConfig`), or the first problem
//! found, on the field that has it. A key file is only read by Test Connect; a token typed
//! for the keyring is stored there by the save (`config::add_tenant` / `edit_tenant`).

use std::path::PathBuf;

use secrecy::SecretString;

use crate::config::keyring::Availability;
use crate::config::{
    DEFAULT_COMMAND_TIMEOUT, KeySource, OAuthTenant, TenantAuth, TenantConfig, TokenSource,
    normalize_domain,
};

use super::field::{AuthKind, COLORS, DEFAULT_SCOPES, Field, SourceKind};
use super::state::TenantForm;

/// What a valid form becomes.
#[derive(Debug, Clone)]
pub struct Built {
    pub tenant: TenantConfig,
    pub warnings: Vec<String>,
}

impl TenantForm {
    /// Validates the form against the other tenants. `original` is the tenant being edited
    /// (its stored secret is kept when the secret field is left empty).
    pub fn build(
        &self,
        tenants: &[TenantConfig],
        original: Option<&TenantConfig>,
    ) -> Result<Built, (Field, String)> {
        let mut warnings = Vec::new();
        let name = self.name.text.trim();
        if name.is_empty() {
            return Err((Field::Name, "give the connector a name".into()));
        }
        if name.chars().any(char::is_control) {
            return Err((
                Field::Name,
                "the name must not hold control characters".into(),
            ));
        }
        // Case-insensitive: `:tenant Prod` and `:tenant prod` must not mean two orgs.
        if let Some(other) = tenants.iter().find(|t| {
            t.name.eq_ignore_ascii_case(name) && Some(t.name.as_str()) != self.editing.as_deref()
        }) {
            return Err((
                Field::Name,
                format!("a tenant named {:?} already exists", other.name),
            ));
        }
        let domain = normalize_domain(&self.domain.text).map_err(|e| (Field::Domain, e))?;
        warnings.extend(domain.warning);
        let auth = match self.auth {
            AuthKind::Token => TenantAuth::Token(self.token_source(original)?),
            AuthKind::OAuth => TenantAuth::OAuth(self.oauth(original, &mut warnings)?),
        };
        let color = match COLORS.get(self.color).copied() {
            Some("auto") | None => None,
            Some(c) => Some(c.to_owned()),
        };
        let mut tenant = match auth {
            TenantAuth::Token(s) => TenantConfig::with_token(name, &domain.url, s),
            TenantAuth::OAuth(o) => TenantConfig::with_oauth(name, &domain.url, o),
        };
        tenant.read_only = self.read_only;
        tenant.color = color;
        // Not on the form: what the file says stays (`index = false`).
        tenant.no_index = original.is_some_and(|o| o.no_index);
        // An unchanged connection keeps its last test; a changed one has not been tested.
        tenant.last_test = original
            .filter(|o| o.domain == tenant.domain)
            .and_then(|o| o.last_test.clone());
        Ok(Built { tenant, warnings })
    }

    fn token_source(
        &self,
        original: Option<&TenantConfig>,
    ) -> Result<TokenSource, (Field, String)> {
        let old = match original.map(|o| &o.auth) {
            Some(TenantAuth::Token(s)) => Some(s),
            _ => None,
        };
        match self.source {
            SourceKind::Inline => {
                let typed = self.token.0.text.trim();
                if typed.is_empty() {
                    return match old {
                        Some(s @ TokenSource::Inline(_)) => Ok(s.clone()),
                        _ => Err((
                            Field::Token,
                            "paste the API token (Security › API › Tokens in the Admin Console)"
                                .into(),
                        )),
                    };
                }
                check_typed_token(typed)?;
                Ok(TokenSource::Inline(SecretString::from(typed.to_owned())))
            }
            SourceKind::Keyring => {
                let typed = self.token.0.text.trim();
                let kept = typed.is_empty()
                    && matches!(old, Some(TokenSource::Keyring))
                    && original.is_some_and(|o| o.name == self.name.text.trim());
                // Keeping a stored token under the same name needs no keyring now (Test
                // Connect will say if there is none); anything else writes to it.
                if !kept && let Availability::Missing(why) = &self.keyring {
                    return Err((Field::Source, why.clone()));
                }
                if typed.is_empty() {
                    return match old {
                        Some(TokenSource::Keyring) => Ok(TokenSource::Keyring),
                        _ => Err((
                            Field::Token,
                            "paste the API token: it goes into the OS keyring, not the file".into(),
                        )),
                    };
                }
                check_typed_token(typed)?;
                Ok(TokenSource::KeyringStore(SecretString::from(
                    typed.to_owned(),
                )))
            }
            SourceKind::Env => {
                let var = self.token_env.text.trim();
                let valid = var
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err((
                        Field::TokenEnv,
                        "give an environment variable name, e.g. OKTA_ACME_TOKEN".into(),
                    ));
                }
                Ok(TokenSource::Env(var.to_owned()))
            }
            SourceKind::Command => {
                let command = self.token_command.text.trim();
                if command.is_empty() {
                    return Err((
                        Field::TokenCommand,
                        "give the command that prints the token, e.g. pass show okta/acme".into(),
                    ));
                }
                if let Err(e) = shell_words::split(command) {
                    return Err((
                        Field::TokenCommand,
                        format!("cannot split the command: {e}"),
                    ));
                }
                let timeout = match old {
                    Some(TokenSource::Command { timeout, .. }) => *timeout,
                    _ => DEFAULT_COMMAND_TIMEOUT,
                };
                Ok(TokenSource::Command {
                    command: command.to_owned(),
                    timeout,
                })
            }
        }
    }

    fn oauth(
        &self,
        original: Option<&TenantConfig>,
        warnings: &mut Vec<String>,
    ) -> Result<OAuthTenant, (Field, String)> {
        let client_id = self.client_id.text.trim();
        if client_id.is_empty() {
            return Err((
                Field::ClientId,
                "give the service app's client id (0oa…)".into(),
            ));
        }
        let key_file = self.key_file.text.trim();
        let key = if key_file.is_empty() {
            if let Some(k) = &self.imported_key {
                KeySource::Inline(SecretString::from(k.0.text.clone()))
            } else {
                match original.map(|o| &o.auth) {
                    Some(TenantAuth::OAuth(OAuthTenant {
                        key: k @ KeySource::Inline(_),
                        ..
                    })) => k.clone(),
                    _ => {
                        return Err((
                            Field::KeyFile,
                            "give the private key file (PEM or JWK) registered on the app".into(),
                        ));
                    }
                }
            }
        } else {
            KeySource::File(PathBuf::from(key_file))
        };
        let scopes: Vec<String> = self
            .scopes
            .text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if scopes.is_empty() {
            return Err((
                Field::Scopes,
                format!("give at least one scope, e.g. {DEFAULT_SCOPES}"),
            ));
        }
        for s in scopes.iter().filter(|s| !s.starts_with("okta.")) {
            warnings.push(format!("scope {s:?} is not an Okta API scope (okta.*)"));
        }
        let key_id = self.key_id.text.trim();
        Ok(OAuthTenant {
            client_id: client_id.to_owned(),
            key,
            key_id: (!key_id.is_empty()).then(|| key_id.to_owned()),
            scopes,
            dpop: self.dpop,
        })
    }
}

/// A pasted token must be one word (a stray space or newline would make every call fail).
fn check_typed_token(typed: &str) -> Result<(), (Field, String)> {
    if typed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err((
            Field::Token,
            "the token must not contain spaces or control characters".into(),
        ));
    }
    Ok(())
}
