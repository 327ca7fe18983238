//! Adding, editing and deleting tenants in `Settings` (the Credentials tab calls these, then
//! `save`). Names stay unique and domains normalized.

use super::domain::normalize_domain;
use super::{ConfigError, Settings, TenantConfig};

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
    let warnings = check(settings, &mut tenant, None)?;
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
    let warnings = check(settings, &mut tenant, Some(name))?;
    if settings.default_tenant.as_deref() == Some(name) {
        settings.default_tenant = Some(tenant.name.clone());
    }
    settings.tenants[index] = tenant;
    Ok(warnings)
}

/// Removes the tenant called `name` (and clears `default_tenant` if it pointed there).
pub fn delete_tenant(settings: &mut Settings, name: &str) -> Result<TenantConfig, ConfigError> {
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
