//! The sign-in sections of a user's detail: the card at the top, factors and recent activity,
//! drawn from what the one fetch answered, with "unknown" where a call failed.

use serde_json::json;

use super::*;
use crate::okta::{Factor, LogEvent, format_okta_timestamp, format_timestamp};
use crate::triage::TriageInput;

const NOW: i64 = 1_780_000_000_000;
const HOUR: i64 = 3_600_000;

fn event(id: &str, kind: &str, result: &str, reason: Option<&str>, at: i64) -> LogEvent {
    LogEvent::from_value(json!({
        "uuid": format!("{kind}{at}"),
        "published": format_okta_timestamp(at),
        "eventType": kind,
        "actor": {"id": id, "type": "User"},
        "target": [{"id": id, "type": "User"}],
        "outcome": {"result": result, "reason": reason},
        "client": {"ipAddress": "203.0.113.24",
                   "userAgent": {"rawUserAgent": "Mozilla/5.0 \u{1b}[31mred\u{1b}[0m"},
                   "geographicalContext": {"city": "Paris", "country": "France"}},
    }))
}

/// Opens the first listed user (made LOCKED_OUT), answers the user; returns the request.
fn open_locked_user(a: &mut App) -> (ReqId, User) {
    let effects = code(a, KeyCode::Enter);
    let req = match effects.as_slice() {
        [Effect::LoadUserDetail { req, .. }] => *req,
        other => panic!("unexpected {other:?}"),
    };
    let mut r = a.users.list.rows[0].clone();
    r.set_status(UserStatus::LockedOut);
    let u = full_user(&r);
    a.update(Msg::Detail {
        req,
        part: DetailPart::User(Ok(fetched(u.clone()))),
    });
    (req, u)
}

fn detail(a: &App) -> &UserDetail {
    match a.stack.last() {
        Some(Screen::User(d)) => d,
        _ => panic!("no detail"),
    }
}

fn field_value(lines: &[DetailLine], want: &str) -> String {
    lines
        .iter()
        .find_map(|l| match l {
            DetailLine::Field { label, value } if label == want => Some(value.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {want} line in {lines:?}"))
}

#[test]
fn locked_out_user_card_gives_the_lock_time_factors_activity_and_the_unlock_key() {
    let (mut a, _) = loaded_small(5, false);
    let (req, u) = open_locked_user(&mut a);
    let id = u.row.id().to_string();
    assert!(a.wants_tick(), "the card is still being read");
    let lines = detail(&a).lines();
    assert!(
        matches!(&lines[0], DetailLine::Section(s) if s == "Can sign in?"),
        "{lines:?}"
    );

    let lock = NOW - 2 * HOUR;
    let input = TriageInput {
        asked: id.clone(),
        user: Ok(u),
        factors: Ok(vec![Factor::from_value(json!({
            "id": "sms1", "factorType": "sms", "provider": "OKTA", "status": "ACTIVE",
            "created": "2025-01-01T00:00:00.000Z",
            "profile": {"phoneNumber": "+1 XXX-XXX-1234"}
        }))]),
        blocks: Ok(vec![]),
        events: Ok(vec![
            event(
                &id,
                "user.session.start",
                "FAILURE",
                Some("INVALID_CREDENTIALS"),
                lock - 60_000,
            ),
            event(&id, "user.account.lock", "SUCCESS", None, lock),
            event(
                &id,
                "user.session.start",
                "FAILURE",
                Some("LOCKED_OUT"),
                lock + 60_000,
            ),
        ]),
        now: NOW,
    };
    a.update(Msg::Detail {
        req,
        part: DetailPart::SignIn(Box::new(input)),
    });
    let lines = detail(&a).lines();
    assert!(
        matches!(&lines[0], DetailLine::Section(s) if s == "Can sign in? NO"),
        "{lines:?}"
    );
    let verdict = field_value(&lines, "verdict");
    assert!(verdict.contains("locked out"), "{verdict}");
    assert!(verdict.contains(&format_timestamp(lock)), "{verdict}");
    assert!(field_value(&lines, "last failed sign-in").contains("LOCKED_OUT"));
    let suggests: Vec<&String> = lines
        .iter()
        .filter_map(|l| match l {
            DetailLine::Field { label, value } if label == "suggests" => Some(value),
            _ => None,
        })
        .collect();
    assert_eq!(suggests[0], "unlock the account (press L)");
    assert!(
        suggests.iter().any(|s| s.ends_with("(press P)")),
        "{suggests:?}"
    );
    assert!(
        suggests.iter().any(|s| s.ends_with("(press X)")),
        "{suggests:?}"
    );

    // Factors and recent activity come after the other sections, newest event first.
    let sms = field_value(&lines, "SMS");
    assert!(
        sms.starts_with("ACTIVE · OKTA · +1 XXX-XXX-1234 · enrolled 2025-01-01"),
        "{sms}"
    );
    let at = lines
        .iter()
        .position(|l| matches!(l, DetailLine::Section(s) if s == "Recent activity (3 of 3)"))
        .expect("activity section");
    let DetailLine::Field { value, .. } = &lines[at + 1] else {
        panic!("{:?}", lines[at + 1])
    };
    assert!(
        value.starts_with("user.session.start · FAILURE: LOCKED_OUT · 203.0.113.24 Paris, France"),
        "{value}"
    );
    assert!(detail(&a).signin.is_some());

    // The user agent's escape never reaches the screen.
    let screen = screen_text(&a);
    assert!(!screen.contains('\u{1b}'));
}

#[test]
fn card_says_unknown_when_the_calls_failed_and_a_late_card_is_dropped() {
    let (mut a, _) = loaded_small(5, false);
    let (req, u) = open_locked_user(&mut a);
    let why = "HTTP 403 Forbidden".to_owned();
    a.update(Msg::Detail {
        req,
        part: DetailPart::SignIn(Box::new(TriageInput {
            asked: u.row.id().to_string(),
            user: Ok(u.clone()),
            factors: Err(why.clone()),
            blocks: Err(why.clone()),
            events: Err(why.clone()),
            now: NOW,
        })),
    });
    let lines = detail(&a).lines();
    assert!(field_value(&lines, "last sign-in").starts_with("unknown: HTTP 403"));
    assert!(field_value(&lines, "factors").starts_with("unknown: HTTP 403"));
    assert!(
        lines
            .iter()
            .any(|l| matches!(l, DetailLine::Error(e) if e == "unknown: HTTP 403 Forbidden"))
    );

    // Leaving cancels the detail's fetches; a card arriving afterwards changes nothing.
    assert_eq!(
        code(&mut a, KeyCode::Esc),
        vec![Effect::Cancel {
            slot: Slot::UserDetail
        }]
    );
    a.update(Msg::Detail {
        req,
        part: DetailPart::SignIn(Box::new(TriageInput {
            asked: String::new(),
            user: Ok(u),
            factors: Ok(vec![]),
            blocks: Ok(vec![]),
            events: Ok(vec![]),
            now: NOW,
        })),
    });
    assert!(a.stack.is_empty());
}

#[test]
fn reset_factors_key_confirms_naming_user_tenant_and_effect_then_writes() {
    use super::super::actions::WriteOp;
    use super::super::test_support::{
        active_links, answer_fetch, app_with, ch, fetch_req, three_users, user, write_of,
    };
    use crate::okta::LifecycleOp;

    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    let req = fetch_req(&ch(&mut a, 'F'));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    let screen = screen_text(&a);
    assert!(screen.contains(rows[0].login()), "{screen}");
    assert!(screen.contains("acme"), "{screen}");
    assert!(
        screen.contains("removes all enrolled MFA factors"),
        "{screen}"
    );
    let (_, op) = write_of(&ch(&mut a, 'y'));
    assert!(
        matches!(&op, WriteOp::Lifecycle { target, op: LifecycleOp::ResetFactors } if target.id == *rows[0].id()),
        "{op:?}"
    );
    assert_eq!(op.action(), "reset-factors");

    let mut ro = app_with(true, rows);
    assert!(ch(&mut ro, 'F').is_empty());
    assert!(ro.modal.is_none());
}
