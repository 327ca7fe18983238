//! Test Connect for a configured tenant: fetch its secret, then run the checks in
//! `okta::test_connect`. The Credentials tab and `oktui tenants test` call this.

use super::{ActiveTenant, LastTest, Settings, TenantConfig};
use crate::okta::test_connect::{Failure, FailureKind, TestReport, test_connect};

/// Tests a tenant as configured (its secret is fetched now: env var, command, key file).
pub async fn test_tenant(tenant: &TenantConfig, settings: &Settings) -> TestReport {
    let (tenant_c, settings_c) = (tenant.clone(), settings.clone());
    // A token_command may take a while: keep it off the async worker threads.
    let activated =
        tokio::task::spawn_blocking(move || tenant_c.activate(&settings_c, false)).await;
    match activated {
        Ok(Ok(active)) => test_active(&active).await,
        Ok(Err(e)) => secret_failure(tenant, e.to_string()),
        Err(_) => secret_failure(tenant, "fetching the secret stopped unexpectedly".into()),
    }
}

/// Tests a tenant that is already resolved (e.g. `resolve(...).active`).
pub async fn test_active(active: &ActiveTenant) -> TestReport {
    test_connect(active.client.clone()).await
}

fn secret_failure(tenant: &TenantConfig, message: String) -> TestReport {
    TestReport {
        base_url: tenant.domain.clone(),
        failure: Some(Failure {
            kind: FailureKind::Secret,
            message,
        }),
        ..TestReport::default()
    }
}

impl LastTest {
    /// What the Credentials tab keeps (and saves) about a Test Connect run.
    pub fn from_report(report: &TestReport) -> LastTest {
        LastTest {
            ok: report.ok(),
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            summary: report.summary(),
        }
    }
}
