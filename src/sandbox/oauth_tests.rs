use super::*;

#[test]
fn scopes_per_operation() {
    assert_eq!(
        required_scope(&Method::GET, "/api/v1/users"),
        Some("okta.users.read")
    );
    assert_eq!(
        required_scope(&Method::GET, "/api/v1/users/me"),
        Some("okta.users.read")
    );
    assert_eq!(
        required_scope(&Method::POST, "/api/v1/users/x/lifecycle/suspend"),
        Some("okta.users.manage")
    );
    assert_eq!(
        required_scope(&Method::GET, "/api/v1/users/x/roles"),
        Some("okta.roles.read")
    );
    assert_eq!(
        required_scope(&Method::GET, "/api/v1/groups/g/users"),
        Some("okta.groups.read")
    );
    assert_eq!(
        required_scope(&Method::PUT, "/api/v1/groups/g/users/u"),
        Some("okta.groups.manage")
    );
    assert_eq!(
        required_scope(&Method::GET, "/api/v1/org"),
        Some("okta.orgs.read")
    );
    assert!(has_scope(&["okta.users.manage".into()], "okta.users.read"));
    assert!(!has_scope(&["okta.users.read".into()], "okta.users.manage"));
}
