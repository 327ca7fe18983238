//! One test per verdict, plus "unknown" when a call failed.

use serde_json::json;

use super::*;

const NOW: Millis = 1_780_000_000_000;
const HOUR: Millis = 3_600_000;

fn user(status: &str) -> User {
    User::from_value(json!({
        "id": "00u1", "status": status,
        "statusChanged": "2026-01-01T00:00:00.000Z",
        "lastLogin": "2026-01-02T00:00:00.000Z",
        "profile": {"login": "alice@example.com", "firstName": "Alice", "lastName": "Ng"},
    }))
    .unwrap()
}

fn event(kind: &str, result: &str, reason: Option<&str>, at: Millis) -> LogEvent {
    LogEvent::from_value(json!({
        "uuid": format!("{kind}{at}"),
        "published": format_okta_timestamp(at),
        "eventType": kind,
        "actor": {"id": "00u1", "type": "User", "alternateId": "alice@example.com"},
        "target": [{"id": "00u1", "type": "User"}],
        "outcome": {"result": result, "reason": reason},
        "client": {"ipAddress": "203.0.113.24",
                   "geographicalContext": {"city": "Paris", "country": "France"}},
    }))
}

fn factor(kind: &str, status: &str) -> Factor {
    Factor::from_value(json!({"id": format!("f-{kind}"), "factorType": kind,
                              "provider": "OKTA", "status": status}))
}

fn input(status: &str) -> TriageInput {
    TriageInput {
        asked: "alice@example.com".into(),
        user: Ok(user(status)),
        factors: Ok(vec![factor("sms", "ACTIVE")]),
        blocks: Ok(vec![]),
        events: Ok(vec![event(
            "user.session.start",
            "SUCCESS",
            None,
            NOW - 5 * HOUR,
        )]),
        now: NOW,
    }
}

fn line<'a>(c: &'a Card, label: &str) -> &'a Line {
    c.lines.iter().find(|l| l.label == label).unwrap()
}

#[test]
fn active_user_can_sign_in_with_last_sign_in_from_the_log() {
    let c = assess(&input("ACTIVE"));
    assert_eq!(c.can_sign_in, SignIn::Yes);
    assert_eq!(c.summary, "can sign in");
    let last = &line(&c, "last sign-in").value;
    assert!(
        last.starts_with(&format_timestamp(NOW - 5 * HOUR)),
        "{last}"
    );
    assert!(last.contains("203.0.113.24") && last.contains("Paris, France"));
    assert_eq!(line(&c, "last failed sign-in").value, "none");
    assert!(c.suggestions.is_empty(), "{:?}", c.suggestions);
}

#[test]
fn locked_out_user_shows_the_lock_time_and_suggests_unlock() {
    let mut i = input("LOCKED_OUT");
    let lock = NOW - 2 * HOUR;
    i.events = Ok(vec![
        event(
            "user.session.start",
            "FAILURE",
            Some("INVALID_CREDENTIALS"),
            lock - 60_000,
        ),
        event("user.account.lock", "SUCCESS", None, lock),
        event(
            "user.session.start",
            "FAILURE",
            Some("LOCKED_OUT"),
            lock + 60_000,
        ),
    ]);
    let c = assess(&i);
    assert_eq!(c.can_sign_in, SignIn::No);
    assert!(c.summary.contains("locked out"), "{}", c.summary);
    assert!(c.summary.contains(&format_timestamp(lock)), "{}", c.summary);
    assert!(line(&c, "last failed sign-in").value.contains("LOCKED_OUT"));
    assert!(line(&c, "lockouts").value.starts_with("1, last"));
    assert!(line(&c, "last sign-in").known);
    assert_eq!(c.suggestions[0], Suggestion::Unlock);
    assert!(c.suggestions.contains(&Suggestion::ResetPasswordLink));
    assert!(c.suggestions.contains(&Suggestion::ClearSessions));
    let w = c.suggestions[0].write(UserRef::new("00u1", "alice@example.com"));
    assert_eq!(w.action(), "unlock");
}

#[test]
fn suspended_user_cannot_sign_in_and_unsuspend_is_suggested() {
    let c = assess(&input("SUSPENDED"));
    assert_eq!(c.can_sign_in, SignIn::No);
    assert!(
        c.summary.contains("suspended since 2026-01-01"),
        "{}",
        c.summary
    );
    assert_eq!(c.suggestions[0], Suggestion::Unsuspend);
}

#[test]
fn expired_password_suggests_a_reset_link() {
    let c = assess(&input("PASSWORD_EXPIRED"));
    assert_eq!(c.can_sign_in, SignIn::No);
    assert!(line(&c, "status").value.contains("password expired"));
    assert_eq!(c.suggestions[0], Suggestion::ResetPasswordLink);
}

#[test]
fn staged_and_provisioned_users_are_not_activated() {
    for status in ["STAGED", "PROVISIONED"] {
        let c = assess(&input(status));
        assert_eq!(c.can_sign_in, SignIn::No, "{status}");
        assert!(c.summary.contains("not activated"), "{}", c.summary);
        assert_eq!(c.suggestions[0], Suggestion::Activate);
    }
}

#[test]
fn deprovisioned_user_cannot_sign_in() {
    let c = assess(&input("DEPROVISIONED"));
    assert_eq!(c.can_sign_in, SignIn::No);
    assert!(c.summary.contains("deprovisioned"), "{}", c.summary);
}

#[test]
fn recovery_user_must_finish_the_reset() {
    let c = assess(&input("RECOVERY"));
    assert_eq!(c.can_sign_in, SignIn::No);
    assert!(c.summary.contains("recovery"), "{}", c.summary);
}

#[test]
fn active_user_blocked_on_every_device_cannot_sign_in() {
    let mut i = input("ACTIVE");
    i.blocks = Ok(vec![Block {
        kind: "DEVICE_BASED".into(),
        applies_to: "ANY_DEVICES".into(),
    }]);
    let c = assess(&i);
    assert_eq!(c.can_sign_in, SignIn::No);
    assert!(c.summary.contains("blocked"));
}

#[test]
fn recent_mfa_failures_suggest_factor_resets() {
    let mut i = input("ACTIVE");
    i.factors = Ok(vec![factor("sms", "ACTIVE"), factor("push", "ACTIVE")]);
    i.events = Ok(vec![event(
        "user.authentication.auth_via_mfa",
        "FAILURE",
        Some("VERIFICATION_ERROR"),
        NOW - HOUR,
    )]);
    let c = assess(&i);
    assert_eq!(c.can_sign_in, SignIn::Yes);
    assert!(c.summary.contains("MFA"), "{}", c.summary);
    assert!(c.suggestions.contains(&Suggestion::ResetFactor {
        factor_id: "f-push".into(),
        factor_type: "push".into()
    }));
    assert!(c.suggestions.contains(&Suggestion::ResetAllFactors));
    assert!(
        line(&c, "last failed sign-in")
            .value
            .contains("VERIFICATION_ERROR")
    );
}

#[test]
fn no_factors_says_none_enrolled() {
    let mut i = input("ACTIVE");
    i.factors = Ok(vec![]);
    let c = assess(&i);
    assert!(line(&c, "factors").value.starts_with("none enrolled"));
}

#[test]
fn failed_calls_read_unknown_never_a_guess() {
    let mut i = input("ACTIVE");
    i.events = Err("rate limit exceeded".into());
    i.factors = Err("HTTP 403".into());
    let c = assess(&i);
    for label in [
        "last sign-in",
        "last failed sign-in",
        "lockouts",
        "sessions",
    ] {
        let l = line(&c, label);
        assert!(
            !l.known && l.value == "unknown: rate limit exceeded",
            "{l:?}"
        );
    }
    assert_eq!(line(&c, "factors").value, "unknown: HTTP 403");

    let i = TriageInput {
        user: Err("HTTP 404 E0000007".into()),
        ..input("ACTIVE")
    };
    let c = assess(&i);
    assert_eq!(c.can_sign_in, SignIn::Unknown);
    assert_eq!(c.user, "alice@example.com");
    assert!(c.summary.contains("E0000007"));
    assert!(c.suggestions.is_empty());
}
