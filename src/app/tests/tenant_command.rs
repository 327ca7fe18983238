//! `:tenant NAME`: a name the config does not have is answered on the status line, so the
//! next key still does what it says.

use secrecy::SecretString;

use super::super::test_support::{ch, status_text};
use super::super::*;
use crate::app::credentials::CredentialsTab;
use crate::config::{Settings, TenantConfig, TokenSource};

fn app_with_config() -> App {
    let mut s = Settings::default();
    s.tenants.push(TenantConfig::with_token(
        "acme-prod",
        "https://acme.okta.com",
        TokenSource::Inline(SecretString::from("00tokenvalue_zzzzzzzz1234".to_owned())),
    ));
    let mut a = App::new(AppInit {
        credentials: CredentialsTab::from_settings(s, "/tmp/c.toml".into(), vec![]),
        width: 80,
        height: 24,
        ..Default::default()
    });
    a.update(Msg::Resize(80, 24));
    a
}

#[test]
fn a_mistyped_tenant_name_is_named_on_the_status_line_and_the_next_key_works() {
    let mut a = app_with_config();
    let effects = a.run_command("tenant nosuch");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(a.modal.is_none());
    let status = status_text(&a);
    assert!(status.contains(r#"no tenant named "nosuch""#), "{status}");
    assert!(status.contains("acme-prod"), "{status}");
    // The next key is not swallowed by a dialog.
    ch(&mut a, '1');
    assert_eq!(a.tab, Tab::Users);
}

#[test]
fn a_configured_tenant_name_connects() {
    let mut a = app_with_config();
    let effects = a.run_command("tenant acme-prod");
    assert!(
        matches!(effects.as_slice(), [Effect::SwitchTenant(n)] if n == "acme-prod"),
        "{effects:?}"
    );
}

#[test]
fn switching_tenant_drops_the_old_tenants_rate_budget() {
    let mut a = app_with_config();
    a.update(Msg::Rate(crate::okta::RateBudget {
        bucket: "/api/v1/users",
        limit: 600,
        remaining: 541,
        reset_epoch: 0,
    }));
    assert!(a.rate.is_some());
    a.update(Msg::TenantReady(TenantInfo {
        name: "unreachable".into(),
        domain: "https://unreachable.example".into(),
        read_only: false,
        color: None,
    }));
    assert_eq!(a.rate, None, "no budget is known for the new tenant yet");
}
