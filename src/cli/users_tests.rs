use super::*;

fn args() -> UsersListArgs {
    UsersListArgs {
        search: None,
        filter: None,
        q: None,
        status: None,
        limit: None,
        fields: None,
        offline: false,
        parallel: false,
    }
}

#[test]
fn allowed_actions_follow_the_state_machine_not_only_the_links() {
    // A recorded STAGED user: its `_links` offer activate only, yet deactivating it works.
    let u = User::from_value(json!({
        "id": "00u2",
        "status": "STAGED",
        "profile": {"login": "s@example.com"},
        "_links": {"self": {"href": "x"}, "activate": {"href": "x"}}
    }))
    .unwrap();
    assert_eq!(allowed_actions(&u), ["activate", "deactivate"]);
    // An ACTIVE user whose links leave out suspend is still offered it.
    let u = User::from_value(json!({
        "id": "00u3",
        "status": "ACTIVE",
        "profile": {"login": "a@example.com"},
        "_links": {"self": {"href": "x"}, "deactivate": {"href": "x"}}
    }))
    .unwrap();
    assert!(allowed_actions(&u).contains(&"suspend"));
}

#[test]
fn allowed_actions_are_operations_only() {
    let u = User::from_value(json!({
        "id": "00u1",
        "status": "ACTIVE",
        "profile": {"login": "a@example.com"},
        "_links": {
            "self": {"href": "x"},
            "schema": {"href": "x"},
            "type": {"href": "x"},
            "suspend": {"href": "x"},
            "resetPassword": {"href": "x"},
            "changePassword": {"href": "x"},
            "forgotPassword": {"href": "x"},
            "resetFactors": {"href": "x"},
            "deactivate": {"href": "x"},
        }
    }))
    .unwrap();
    let mut got = allowed_actions(&u);
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "changePassword",
            "deactivate",
            "expirePassword",
            "forgotPassword",
            "resetFactors",
            "resetPassword",
            "suspend"
        ]
    );
}

#[test]
fn status_joins_filter_or_search_or_stays_local() {
    let mut a = args();
    a.status = Some("suspended".into());
    let (q, local) = user_query(&a, 200).unwrap();
    assert_eq!(q.filter.as_deref(), Some("status eq \"SUSPENDED\""));
    assert!(local.is_none());

    a.search = Some("profile.city eq \"X\"".into());
    let (q, _) = user_query(&a, 200).unwrap();
    assert_eq!(
        q.search.as_deref(),
        Some("(profile.city eq \"X\") and status eq \"SUSPENDED\"")
    );

    let mut a = args();
    a.q = Some("al".into());
    a.status = Some("ACTIVE".into());
    a.limit = Some(5000);
    let (q, local) = user_query(&a, 200).unwrap();
    assert_eq!(q.q.as_deref(), Some("al"));
    assert_eq!(q.filter, None);
    assert_eq!(q.limit, Some(200));
    assert_eq!(local, Some(UserStatus::Active));
}

#[test]
fn bad_status_is_usage() {
    let mut a = args();
    a.status = Some("asleep".into());
    assert!(matches!(user_query(&a, 200), Err(CliError::Usage(_))));
}
