use super::*;

fn alice() -> UserRef {
    UserRef::new("00u1", "alice@example.com")
}

#[test]
fn requests_use_the_real_paths_and_encode_ids() {
    let r = Write::ClearSessions {
        user: alice(),
        oauth_tokens: false,
    }
    .request(true);
    assert_eq!(r.method, Method::DELETE);
    assert_eq!(r.path, "/api/v1/users/00u1/sessions");
    assert_eq!(r.query, [("oauthTokens", "false".to_owned())]);
    let r = Write::AddMember {
        group: GroupRef::new("00g1", "Eng"),
        user: UserRef::id("00u/1"),
    }
    .request(true);
    assert_eq!(
        (r.method, r.path.as_str()),
        (Method::PUT, "/api/v1/groups/00g1/users/00u%2F1")
    );
    let r = Write::Delete {
        user: alice(),
        deprovisioned: true,
        send_email: true,
    }
    .request(true);
    assert_eq!(r.method, Method::DELETE);
    assert_eq!(r.query, [("sendEmail", "true".to_owned())]);
}

#[test]
fn create_masks_secrets_unless_revealed_and_options_never_carry_them() {
    let w = Write::Create(NewUser {
        login: "a@b.c".into(),
        email: "a@b.c".into(),
        first_name: "A".into(),
        last_name: "B".into(),
        password: Some("Sup3rSecret!".to_owned().into()),
        recovery_question: Some("Q?".into()),
        recovery_answer: Some("answer42".to_owned().into()),
        group_ids: vec!["00g1".into()],
        activate: false,
    });
    let plan = w.request(false).body.unwrap().to_string();
    assert!(
        !plan.contains("Sup3rSecret") && !plan.contains("answer42"),
        "{plan}"
    );
    let real = w.request(true).body.unwrap();
    assert_eq!(real["credentials"]["password"]["value"], "Sup3rSecret!");
    assert_eq!(
        real["credentials"]["recovery_question"]["answer"],
        "answer42"
    );
    assert_eq!(real["groupIds"], json!(["00g1"]));
    let options = Value::Object(w.options()).to_string();
    assert!(
        !options.contains("Sup3rSecret") && !options.contains("answer42"),
        "{options}"
    );
    assert_eq!(w.action(), "create");
    assert_eq!(w.login(), "a@b.c");
}

#[test]
fn action_names_and_retargeting() {
    let w = Write::Lifecycle {
        user: alice(),
        op: LifecycleOp::ResetPassword {
            send_email: false,
            revoke_sessions: true,
        },
    };
    assert_eq!(w.action(), "reset-link");
    assert_eq!(
        Value::Object(w.options()),
        json!({"sendEmail": false, "revokeSessions": true})
    );
    let other = w.for_user(UserRef::new("00u2", "bob@example.com"));
    assert_eq!(other.user().map(|u| u.id.as_str()), Some("00u2"));
    assert_eq!(
        other.request(true).path,
        "/api/v1/users/00u2/lifecycle/reset_password"
    );
    let expire = Write::Lifecycle {
        user: alice(),
        op: LifecycleOp::ExpirePassword,
    };
    assert_eq!(expire.action(), "expire-password");
}

#[test]
fn already_done_reads_the_current_status() {
    let user = |status: &str| {
        User::from_value(json!({"id": "00u1", "status": status,
            "profile": {"login": "alice@example.com"}}))
        .unwrap()
    };
    let suspend = Write::Lifecycle {
        user: alice(),
        op: LifecycleOp::Suspend,
    };
    assert_eq!(
        suspend.already_done(&user("SUSPENDED")).as_deref(),
        Some("already suspended")
    );
    assert_eq!(suspend.already_done(&user("ACTIVE")), None);
    let reset = Write::Lifecycle {
        user: alice(),
        op: LifecycleOp::ResetPassword {
            send_email: false,
            revoke_sessions: false,
        },
    };
    // A reset is never "already done": each one issues a new link.
    assert_eq!(reset.already_done(&user("RECOVERY")), None);
}
