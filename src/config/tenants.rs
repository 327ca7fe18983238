//! Adding, editing and deleting tenants in `Settings` (the Credentials tab calls these, then
//! `save`). Names stay unique and domains normalized. A keyring tenant's token follows it: a
//! token typed for the keyring is stored there (never in the file), a rename moves the entry,
//! and leaving the keyring or deleting the tenant removes it (best effort, with a warning).

use super::domain::normalize_domain;
use super::{ConfigError, Settings, TenantAuth, TenantConfig, TokenSource, keyring};

fn check(
    settings: &Settings,
    tenant: &mut TenantConfig,
    except: Option<&str>,
) -> Result<Vec<String>, ConfigError> {
    let name = tenant.name.trim().to_string();
    if name.is_empty() {
        return Err(ConfigError::Other(
            "the connector name must not be empty".into(),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ConfigError::Other(
            "the connector name must not hold control characters".into(),
        ));
    }
    if settings
        .tenants
        .iter()
        .any(|t| t.name == name && Some(t.name.as_str()) != except)
    {
        return Err(ConfigError::Other(format!(
            "a tenant named {name:?} already exists"
        )));
    }
    let domain = normalize_domain(&tenant.domain).map_err(ConfigError::Other)?;
    tenant.name = name;
    tenant.domain = domain.url;
    tenant.auth_label = tenant.auth.label().to_string();
    Ok(domain.warning.into_iter().collect())
}

/// Adds a tenant. Returns warnings (e.g. the host is not an Okta domain).
pub fn add_tenant(
    settings: &mut Settings,
    mut tenant: TenantConfig,
) -> Result<Vec<String>, ConfigError> {
    let mut warnings = check(settings, &mut tenant, None)?;
    warnings.extend(settle_keyring(&mut tenant, None)?);
    settings.tenants.push(tenant);
    Ok(warnings)
}

/// Replaces the tenant called `name` (it may be renamed; `default_tenant` follows).
pub fn edit_tenant(
    settings: &mut Settings,
    name: &str,
    mut tenant: TenantConfig,
) -> Result<Vec<String>, ConfigError> {
    let index = settings
        .tenants
        .iter()
        .position(|t| t.name == name)
        .ok_or_else(|| ConfigError::UnknownTenant(name.to_string()))?;
    let mut warnings = check(settings, &mut tenant, Some(name))?;
    warnings.extend(settle_keyring(&mut tenant, Some(&settings.tenants[index]))?);
    if settings.default_tenant.as_deref() == Some(name) {
        settings.default_tenant = Some(tenant.name.clone());
    }
    settings.tenants[index] = tenant;
    Ok(warnings)
}

/// Removes the tenant called `name` (and clears `default_tenant` if it pointed there). A
/// keyring tenant's token is removed from the keyring too; if that fails it is logged (use
/// `delete_tenant_reporting` to show it).
pub fn delete_tenant(settings: &mut Settings, name: &str) -> Result<TenantConfig, ConfigError> {
    let (removed, warnings) = delete_tenant_reporting(settings, name)?;
    for w in warnings {
        tracing::warn!("{w}");
    }
    Ok(removed)
}

/// `delete_tenant`, with what could not be cleaned up (the keyring entry) as warnings.
pub fn delete_tenant_reporting(
    settings: &mut Settings,
    name: &str,
) -> Result<(TenantConfig, Vec<String>), ConfigError> {
    let removed = remove(settings, name)?;
    let warnings = if uses_keyring(&removed) {
        forget(&removed.name).into_iter().collect()
    } else {
        Vec::new()
    };
    Ok((removed, warnings))
}

fn remove(settings: &mut Settings, name: &str) -> Result<TenantConfig, ConfigError> {
    let index = settings
        .tenants
        .iter()
        .position(|t| t.name == name)
        .ok_or_else(|| ConfigError::UnknownTenant(name.to_string()))?;
    if settings.default_tenant.as_deref() == Some(name) {
        settings.default_tenant = None;
    }
    Ok(settings.tenants.remove(index))
}

fn uses_keyring(t: &TenantConfig) -> bool {
    matches!(
        t.auth,
        TenantAuth::Token(TokenSource::Keyring | TokenSource::KeyringStore(_))
    )
}

/// Removes `name`'s keyring entry; a failure is a warning (the config change still happens).
fn forget(name: &str) -> Option<String> {
    keyring::delete_token(name).err().map(|e| {
        format!(
            "the token of {name} stays in the OS keyring (service {}, account {name}): {e}",
            keyring::SERVICE
        )
    })
}

/// Keeps the keyring in step with a tenant being added (`before` None) or edited: a token
/// typed for the keyring is stored and replaced by `Keyring`; a rename moves the entry; a
/// tenant that leaves the keyring has its entry removed.
fn settle_keyring(
    tenant: &mut TenantConfig,
    before: Option<&TenantConfig>,
) -> Result<Vec<String>, ConfigError> {
    let name = tenant.name.clone();
    let old = before.filter(|b| uses_keyring(b)).map(|b| b.name.clone());
    let renamed_from = old.clone().filter(|o| *o != name);
    let mut warnings = Vec::new();
    match &tenant.auth {
        TenantAuth::Token(TokenSource::KeyringStore(token)) => {
            keyring::store_token(&name, token).map_err(|e| {
                ConfigError::Other(format!(
                    "the token of {name} was not stored in the OS keyring: {e}"
                ))
            })?;
            tenant.auth = TenantAuth::Token(TokenSource::Keyring);
            warnings.extend(renamed_from.as_deref().and_then(forget));
        }
        TenantAuth::Token(TokenSource::Keyring) => {
            if let Some(from) = &renamed_from {
                let token = keyring::read_token(from).map_err(|e| {
                    ConfigError::Other(format!(
                        "cannot rename {from} to {name}: its keyring token could not be read ({e})"
                    ))
                })?;
                keyring::store_token(&name, &token).map_err(|e| {
                    ConfigError::Other(format!(
                        "cannot rename {from} to {name}: the token could not be stored under the new name ({e})"
                    ))
                })?;
                warnings.extend(forget(from));
            }
        }
        _ => warnings.extend(old.as_deref().and_then(forget)),
    }
    Ok(warnings)
}
