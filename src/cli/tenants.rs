//! `oktui tenants list|test|set-token`.

use std::io::{BufRead as _, IsTerminal as _};

use secrecy::{ExposeSecret as _, SecretString};

use serde_json::{Value, json};

use super::args::GlobalOpts;
use super::exit::{CliError, Exit};
use super::listing;
use super::output::{RowWriter, write_json};
use super::records::TenantRow;
use super::script_args::{OutputFormat, TenantsCommand};
use crate::config;
use crate::config::test_connect::test_active;
use crate::okta::test_connect::FailureKind;

pub async fn run(
    global: &GlobalOpts,
    format: OutputFormat,
    cmd: TenantsCommand,
) -> Result<(), CliError> {
    match cmd {
        TenantsCommand::List => list(global, format),
        TenantsCommand::Test(a) => test(global, format, &a.name).await,
        TenantsCommand::SetToken(a) => set_token(global, &a.name),
    }
}

fn list(global: &GlobalOpts, format: OutputFormat) -> Result<(), CliError> {
    let resolved = config::resolve(&global.selection())?;
    for w in &resolved.warnings {
        crate::notice::note(&format!("warning: {w}"));
    }
    let active = resolved.active.as_ref().map(|a| a.name.as_str());
    let mut rows: Vec<TenantRow> = resolved
        .settings
        .tenants
        .iter()
        .map(|t| TenantRow {
            name: t.name.clone(),
            domain: t.domain.clone(),
            auth: t.auth_label.clone(),
            read_only: t.read_only || resolved.settings.read_only,
            color: t.color.clone(),
            active: Some(t.name.as_str()) == active,
        })
        .collect();
    // A tenant from OKTA_CLIENT_ORGURL/OKTA_CLIENT_TOKEN is not in the file but is what
    // commands act on: show it too.
    if let Some(a) = &resolved.active
        && !rows.iter().any(|r| r.name == a.name)
    {
        rows.push(TenantRow {
            name: a.name.clone(),
            domain: a.domain.clone(),
            auth: "API token (environment)".into(),
            read_only: a.read_only,
            color: a.color.clone(),
            active: true,
        });
    }
    let columns = listing::columns::<TenantRow>(None, format)?;
    listing::write_rows(format, columns, &rows)
}

/// Test Connect from the command line, the same checks as the Credentials tab: the org's
/// metadata (no credential needed), who the credential acts as, latency and rate budget. The
/// report goes to stdout either way; a failure also exits with its code.
async fn test(global: &GlobalOpts, format: OutputFormat, name: &str) -> Result<(), CliError> {
    let mut g = global.selection();
    g.tenant = Some(name.to_owned());
    let resolved = config::resolve(&g)?;
    let active = resolved
        .active
        .ok_or_else(|| config::ConfigError::UnknownTenant(name.to_owned()))?;
    let report = test_active(&active).await;
    let result = json!({
        "tenant": name,
        "domain": active.domain,
        "ok": report.ok(),
        "orgId": report.org.as_ref().map(|o| o.id.clone()),
        "engine": report.org.as_ref().map(|o| o.engine_label()),
        "scheme": report.scheme,
        "actsAs": report.acts_as,
        "grantedScopes": report.granted_scopes,
        "missingScopes": report.missing_scopes,
        "latencyMs": report.latency.map(|l| l.as_millis() as u64),
        "rateLimit": report.rate_budget.map(|b| json!({"bucket": b.bucket, "limit": b.limit, "remaining": b.remaining, "reset": b.reset_epoch})),
        "failure": report.failure.as_ref().map(|f| json!({"kind": format!("{:?}", f.kind), "message": f.message})),
        "summary": report.summary(),
    });
    print_object(format, &result)?;
    match report.failure {
        None => Ok(()),
        Some(f) => Err(CliError::Failed {
            message: format!("Test Connect failed: {}", f.message),
            exit: failure_exit(f.kind),
        }),
    }
}

/// Stores a token for an API-token tenant in the OS keyring, then points the tenant at the
/// keyring in the config file (written atomically, 0600, like every save). The file is read
/// but not activated: the tenant's old source may well be what is being replaced.
fn set_token(global: &GlobalOpts, name: &str) -> Result<(), CliError> {
    let path = config::checked_path(&global.selection())?;
    let (mut settings, warnings) = config::load(&path)?;
    for w in &warnings {
        crate::notice::note(&format!("warning: {w}"));
    }
    let mut tenant = settings
        .tenant(name)
        .cloned()
        .ok_or_else(|| config::ConfigError::UnknownTenant(name.to_owned()))?;
    if !matches!(tenant.auth, config::TenantAuth::Token(_)) {
        return Err(CliError::Usage(format!(
            "tenant {name} signs in as an OAuth service app; set-token is for API-token tenants"
        )));
    }
    // Say there is no keyring before asking for a token that could not be kept.
    config::keyring::probe().map_err(config::ConfigError::Other)?;
    let token = read_token_line(name)?;
    // `edit_tenant` stores the token in the keyring, and keeps only `token_keyring` in the file.
    tenant.auth = config::TenantAuth::Token(config::TokenSource::KeyringStore(token));
    let warnings = config::edit_tenant(&mut settings, name, tenant)?;
    config::save(&path, &settings)?;
    for w in &warnings {
        crate::notice::note(&format!("warning: {w}"));
    }
    crate::notice::note(&format!(
        "stored the token of {name} in the OS keyring (service {}, account {name}); {} now says token_keyring = true",
        config::keyring::SERVICE,
        path.display()
    ));
    Ok(())
}

/// One line from stdin: typed without echo at a terminal, else piped (`pass show … |`).
fn read_token_line(name: &str) -> Result<SecretString, CliError> {
    let line = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("API token for {name} (not shown): "))?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line
    };
    let token = SecretString::from(line.trim().to_owned());
    let t = token.expose_secret();
    if t.is_empty() {
        return Err(CliError::Usage(
            "no token given: type it, or pipe it in (e.g. pass show okta/acme | oktui tenants set-token acme)".into(),
        ));
    }
    if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(CliError::Usage(
            "the token must be one line without spaces or control characters".into(),
        ));
    }
    Ok(token)
}

/// The exit code of a Test Connect failure.
fn failure_exit(kind: FailureKind) -> Exit {
    use FailureKind as K;
    match kind {
        K::InvalidUrl => Exit::Usage,
        K::Dns | K::Tls | K::ClosedPort | K::Unreachable | K::Timeout => Exit::Network,
        K::InvalidToken
        | K::Forbidden
        | K::MissingScope
        | K::DpopRequired
        | K::DpopProof
        | K::InvalidClient
        | K::OAuth
        | K::Secret => Exit::Auth,
        K::RateLimited => Exit::RateLimited,
        K::NotOkta | K::Other => Exit::Api,
    }
}

fn print_object(format: OutputFormat, v: &Value) -> Result<(), CliError> {
    let mut out = super::stdout();
    match format {
        OutputFormat::Json | OutputFormat::Jsonl => write_json(&mut out, v, format)?,
        OutputFormat::Csv | OutputFormat::Table => {
            let Some(map) = v.as_object() else {
                return Ok(());
            };
            if format == OutputFormat::Csv {
                let cols: Vec<String> = map.keys().cloned().collect();
                let row = map.values().map(flat).collect();
                let mut w = RowWriter::new(format, cols, out);
                w.write_rows(&[row])?;
                w.finish()?;
            } else {
                let rows: Vec<Vec<Value>> =
                    map.iter().map(|(k, v)| vec![json!(k), flat(v)]).collect();
                let mut w = RowWriter::new(format, vec!["field".into(), "value".into()], out);
                w.write_rows(&rows)?;
                w.finish()?;
            }
        }
    }
    Ok(())
}

/// Nested objects shown as compact JSON in a cell.
fn flat(v: &Value) -> Value {
    match v {
        Value::Object(_) | Value::Array(_) => Value::String(v.to_string()),
        other => other.clone(),
    }
}
