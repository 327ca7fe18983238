use super::*;

#[test]
fn rows_tolerate_missing_null_unknown() {
    let body = br#"[{"id":"00u1","status":"NEW_THING","profile":{"login":"a@b.c","firstName":null},"x":1},
                    {"id":"00u2","status":"ACTIVE","created":"2024-01-31T12:00:00.000Z","lastLogin":null}]"#;
    let rows = user_rows_from_slice(body).expect("parse");
    assert_eq!(rows[0].status(), UserStatus::Other("NEW_THING".into()));
    assert_eq!(rows[0].first_name(), "");
    assert_eq!(rows[1].status(), UserStatus::Active);
    assert_eq!(rows[1].created(), Some(1_706_702_400_000));
    assert_eq!(rows[1].last_login(), None);
}

#[test]
fn user_cleans_hostile_text() {
    let u = User::from_value(serde_json::json!({
        "id": "00u1", "status": "ACTIVE",
        "profile": {"login": "x\u{1b}[2Jy", "nickName": "\u{202e}abc"},
        "_links": {"self": {}, "suspend": {}}
    }))
    .expect("user");
    assert_eq!(u.row.login(), "xy");
    assert_eq!(u.profile["nickName"], "abc");
    assert!(u.has_link("suspend"));
}

#[test]
fn groups_with_stats() {
    let g = groups_from_slice(
        br#"[{"id":"00g1","type":"OKTA_GROUP","profile":{"name":"Eng"},"_embedded":{"stats":{"usersCount":12}}}]"#,
    )
    .expect("groups");
    assert_eq!(g[0].users_count, Some(12));
    assert_eq!(g[0].group_type, GroupType::OktaGroup);
}
