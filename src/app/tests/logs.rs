//! The Logs tab: the listing streamed newest first, presets and `:logs`, a refused filter,
//! the local filter, one event opened and its jumps to users, tail mode (cursor, repeats,
//! countdowns, stale answers), hostile text, and one factor reset from the user detail.

use serde_json::json;

use super::*;
use crate::app::actions::{ActionEffect, ActionModal, WriteOp};
use crate::app::logs::{LogsEffect, LogsMsg, TailWait};
use crate::okta::{Factor, LogEvent, format_okta_timestamp};
use crate::triage::TriageInput;

const T0: i64 = 1_780_000_000_000;
const MIN: i64 = 60_000;

fn event(n: i64, kind: &str, who: &str, result: &str) -> LogEvent {
    LogEvent::from_value(json!({
        "uuid": format!("ev{n}"),
        "published": format_okta_timestamp(T0 + n * MIN),
        "eventType": kind,
        "displayMessage": format!("message {n}"),
        "severity": "INFO",
        "actor": {"id": "00uadmin", "type": "User", "alternateId": "admin@acme.com"},
        "target": [{"id": who, "type": "User", "alternateId": format!("{who}@acme.com")}],
        "outcome": {"result": result},
        "client": {"ipAddress": "203.0.113.9"},
    }))
}

/// The Logs tab with events 1..=n loaded (newest first, as Okta answers the listing).
fn logs_app(n: i64) -> (App, ReqId) {
    let mut a = small_app();
    let effects = key(&mut a, '4');
    assert_eq!(a.tab, Tab::Logs);
    let req = load_req(&effects);
    let events: Vec<LogEvent> = (1..=n)
        .rev()
        .map(|i| {
            let kind = if i % 3 == 0 {
                "user.account.lock"
            } else {
                "user.session.start"
            };
            event(i, kind, &format!("00u{i}"), "SUCCESS")
        })
        .collect();
    a.update(Msg::Logs(LogsMsg::Page {
        req,
        events,
        more: false,
    }));
    (a, req)
}

fn load_req(effects: &[Effect]) -> ReqId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Logs(LogsEffect::Load { req, .. }) => Some(*req),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no listing in {effects:?}"))
}

fn load_filter(effects: &[Effect]) -> Option<String> {
    effects.iter().find_map(|e| match e {
        Effect::Logs(LogsEffect::Load { filter, .. }) => filter.clone(),
        _ => None,
    })
}

fn tail_of(effects: &[Effect]) -> (ReqId, Option<String>) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Logs(LogsEffect::Tail { req, since, .. }) => Some((*req, since.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no tail in {effects:?}"))
}

fn uuids(a: &App) -> Vec<String> {
    (0..a.logs.list.visible_len())
        .filter_map(|i| a.logs.list.row_at(i).map(|e| e.uuid.clone()))
        .collect()
}

#[test]
fn four_streams_the_org_log_newest_first_and_pages_append() {
    let mut a = small_app();
    let effects = key(&mut a, '4');
    let req = load_req(&effects);
    assert_eq!(load_filter(&effects), None, "every event");
    assert!(a.wants_tick(), "the header's spinner runs while it loads");
    a.update(Msg::Logs(LogsMsg::Page {
        req,
        events: vec![event(5, "user.session.start", "00u5", "SUCCESS")],
        more: true,
    }));
    assert!(a.logs.list.is_loading());
    a.update(Msg::Logs(LogsMsg::Page {
        req,
        events: vec![event(3, "user.session.start", "00u3", "FAILURE")],
        more: false,
    }));
    assert_eq!(uuids(&a), ["ev5", "ev3"]);
    assert!(!a.wants_tick(), "loaded: no timer runs");
    let screen = screen_text(&a);
    assert!(screen.contains("4 Logs"), "{screen}");
    assert!(screen.contains("2 events"), "{screen}");
    // An answer for an older listing is dropped.
    let stale = a.update(Msg::Logs(LogsMsg::Page {
        req: ReqId(req.0 + 100),
        events: vec![event(9, "x", "00u9", "SUCCESS")],
        more: false,
    }));
    assert!(stale.is_empty());
    assert_eq!(a.logs.list.rows.len(), 2);
}

#[test]
fn esc_stops_a_listing_and_keeps_what_arrived() {
    let mut a = small_app();
    let req = load_req(&key(&mut a, '4'));
    a.update(Msg::Logs(LogsMsg::Page {
        req,
        events: vec![event(5, "user.session.start", "00u5", "SUCCESS")],
        more: true,
    }));
    let effects = code(&mut a, KeyCode::Esc);
    assert!(effects.contains(&Effect::Cancel { slot: Slot::Logs }));
    assert_eq!(a.logs.list.load, LoadState::Stopped);
    assert_eq!(a.logs.list.rows.len(), 1);
    assert!(status_text(&a).contains("loading stopped at 1 events"));
}

#[test]
fn presets_and_the_logs_command_ask_okta_for_their_filter() {
    let (mut a, _) = logs_app(6);
    key(&mut a, 'p');
    assert_eq!(a.context(), Context::LogPresets);
    key(&mut a, 'j');
    key(&mut a, 'j');
    let effects = code(&mut a, KeyCode::Enter);
    assert_eq!(
        load_filter(&effects).as_deref(),
        Some("eventType eq \"user.account.lock\"")
    );
    assert_eq!(a.logs.label.as_deref(), Some("lockouts"));
    assert!(screen_text(&a).contains("log lockouts"));
    assert!(a.logs.list.rows.is_empty(), "a new listing starts empty");

    let effects = command(&mut a, "logs severity eq \"WARN\"");
    assert_eq!(
        load_filter(&effects).as_deref(),
        Some("severity eq \"WARN\"")
    );
    // Esc goes back to every event.
    let req = load_req(&effects);
    a.update(Msg::Logs(LogsMsg::Page {
        req,
        events: vec![],
        more: false,
    }));
    let effects = code(&mut a, KeyCode::Esc);
    assert_eq!(load_filter(&effects), None);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Logs(LogsEffect::Load { .. })]
    ));
}

#[test]
fn a_refused_filter_shows_oktas_error_and_the_expression() {
    let (mut a, _) = logs_app(3);
    tail_of(&key(&mut a, 'T'));
    let effects = command(&mut a, "logs eventType equals \"x\"");
    let req = load_req(&effects);
    let effects = a.update(Msg::Logs(LogsMsg::Failed {
        req,
        error: api_error(400, "E0000031"),
    }));
    assert_eq!(
        effects,
        vec![Effect::Cancel {
            slot: Slot::LogTail
        }]
    );
    assert!(a.logs.tail.is_none(), "its polls would be refused too");
    let shown = screen_text(&a);
    assert!(
        shown.contains("Okta refused the filter expression"),
        "{shown}"
    );
    assert!(shown.contains("eventType equals \"x\""), "{shown}");
    assert!(shown.contains("E0000031"), "{shown}");
    assert!(status_text(&a).contains("eventType equals"));
    // A tail of the same filter would be refused too.
    assert!(key(&mut a, 'T').is_empty());
    assert!(a.logs.tail.is_none());
}

#[test]
fn slash_filters_the_loaded_events() {
    let (mut a, _) = logs_app(9);
    key(&mut a, '/');
    typed(&mut a, "lock");
    assert_eq!(uuids(&a), ["ev9", "ev6", "ev3"]);
    code(&mut a, KeyCode::Enter);
    assert!(screen_text(&a).contains("filter /lock (3 shown)"));
}

#[test]
fn enter_opens_the_event_whole_and_a_and_t_open_its_users() {
    let (mut a, _) = logs_app(3);
    code(&mut a, KeyCode::Enter);
    assert_eq!(a.context(), Context::LogEvent);
    let shown = screen_text(&a);
    assert!(shown.contains("Event user.account.lock"), "{shown}");
    assert!(shown.contains("admin@acme.com"), "{shown}");
    let effects = key(&mut a, 't');
    assert!(
        matches!(effects.as_slice(), [Effect::LoadUserDetail { user_id, .. }] if user_id == "00u3"),
        "{effects:?}"
    );
    assert!(matches!(a.stack.last(), Some(Screen::User(d)) if d.user_id == "00u3"));
    // Back to the event, then to the list.
    code(&mut a, KeyCode::Esc);
    assert_eq!(a.context(), Context::LogEvent);
    let effects = key(&mut a, 'a');
    assert!(
        matches!(effects.as_slice(), [Effect::LoadUserDetail { user_id, .. }] if user_id == "00uadmin")
    );
    code(&mut a, KeyCode::Esc);
    code(&mut a, KeyCode::Esc);
    assert_eq!(a.context(), Context::Logs);
}

#[test]
fn tail_starts_at_the_newest_event_adds_each_new_one_once_and_counts_down() {
    let (mut a, _) = logs_app(3);
    let (req, since) = tail_of(&key(&mut a, 'T'));
    assert_eq!(since, Some(format_okta_timestamp(T0 + 3 * MIN)));
    // The first poll repeats the newest event (since includes it): it is not added twice.
    a.update(Msg::Logs(LogsMsg::TailEvents {
        req,
        events: vec![
            event(3, "user.account.lock", "00u3", "SUCCESS"),
            event(4, "user.account.unlock", "00u3", "SUCCESS"),
        ],
    }));
    assert_eq!(uuids(&a)[..2], ["ev4", "ev3"]);
    assert_eq!(a.logs.list.rows.len(), 4);
    assert_eq!(a.logs.list.selected, 0, "the newest stays in view");
    a.update(Msg::Logs(LogsMsg::TailWaiting {
        req,
        wait: TailWait::NextPoll,
        seconds: 4,
    }));
    let header = drawn_rows(&a)[0].clone();
    assert!(header.contains("tail +1 · next poll in 4s"), "{header}");
    assert!(!a.wants_tick(), "the tail needs no animation timer");
    // The log's own rate limit: a countdown, counting down.
    for s in [37, 36] {
        a.update(Msg::Logs(LogsMsg::TailWaiting {
            req,
            wait: TailWait::RateLimited,
            seconds: s,
        }));
        let header = drawn_rows(&a)[0].clone();
        assert!(
            header.contains(&format!("rate limited, resuming in {s}s")),
            "{header}"
        );
    }
    // A stale tail's answers change nothing.
    let stale = a.update(Msg::Logs(LogsMsg::TailEvents {
        req: ReqId(req.0 + 50),
        events: vec![event(8, "x", "00u8", "SUCCESS")],
    }));
    assert!(stale.is_empty());
    // T again stops it.
    let effects = key(&mut a, 'T');
    assert_eq!(
        effects,
        vec![Effect::Cancel {
            slot: Slot::LogTail
        }]
    );
    assert!(a.logs.tail.is_none());
    assert!(!drawn_rows(&a)[0].contains("tail"));
}

#[test]
fn a_tail_on_an_empty_listing_starts_where_the_listing_ended() {
    let mut a = small_app();
    let req = load_req(&key(&mut a, '4'));
    let until = format_okta_timestamp(T0);
    a.update(Msg::Logs(LogsMsg::Bound {
        req,
        until: until.clone(),
    }));
    a.update(Msg::Logs(LogsMsg::Page {
        req,
        events: vec![],
        more: false,
    }));
    let (_, since) = tail_of(&key(&mut a, 'T'));
    assert_eq!(since, Some(until));
}

#[test]
fn a_new_query_moves_a_running_tail_to_it() {
    let (mut a, _) = logs_app(3);
    let (first, _) = tail_of(&key(&mut a, 'T'));
    let effects = command(&mut a, "logs eventType eq \"user.account.unlock\"");
    let (second, since) = tail_of(&effects);
    assert_ne!(first, second);
    assert_eq!(since, None, "from now, beside the listing that ends now");
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Logs(LogsEffect::Tail { filter: Some(f), .. }) if f.contains("unlock")
    )));
}

#[test]
fn hostile_text_in_events_is_drawn_visible_never_raw() {
    let mut a = small_app();
    let req = load_req(&key(&mut a, '4'));
    let hostile = LogEvent::from_value(json!({
        "uuid": "evil",
        "published": format_okta_timestamp(T0),
        "eventType": "user.session.start",
        "displayMessage": "User login\u{1b}]52;c;AAAA\u{7} to\u{200b}Okta\u{202e}",
        "actor": {"id": "00u1", "type": "User", "alternateId": "a\u{1b}[2Jb@acme.com"},
        "outcome": {"result": "FAILURE"},
        "client": {"userAgent": {"rawUserAgent": "curl\u{1b}[31m"}},
    }));
    a.update(Msg::Logs(LogsMsg::Page {
        req,
        events: vec![hostile],
        more: false,
    }));
    for shown in [screen_text(&a), {
        code(&mut a, KeyCode::Enter);
        screen_text(&a)
    }] {
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(!shown.contains('\u{7}'));
        assert!(!shown.contains('\u{202e}'));
        assert!(!shown.contains('\u{200b}'));
    }
    assert!(screen_text(&a).contains("<U+200B>"));
}

#[test]
fn l_on_a_user_shows_their_events() {
    let (mut a, _) = loaded_small(5, false);
    let who = a.users.list.selected_row().map(|r| r.id().to_string());
    let effects = key(&mut a, 'l');
    assert_eq!(a.tab, Tab::Logs);
    let filter = effects.iter().rev().find_map(|e| match e {
        Effect::Logs(LogsEffect::Load { filter, .. }) => filter.clone(),
        _ => None,
    });
    let who = who.unwrap_or_default();
    assert_eq!(
        filter,
        Some(format!("actor.id eq \"{who}\" or target.id eq \"{who}\""))
    );
    assert!(
        a.logs
            .label
            .as_deref()
            .is_some_and(|l| l.starts_with("events of "))
    );
    // The preset menu offers the same user afterwards.
    key(&mut a, 'p');
    assert_eq!(a.logs.presets.as_ref().map(|m| m.items.len()), Some(6));
}

/// A user detail whose sign-in card has two factors; the selection on the second one.
fn detail_on_factor(read_only: bool) -> App {
    let mut a = acme_app(120, 40, false, read_only);
    a = with_loaded_rows(a, vec![row(1, "Alice", UserStatus::Active)]);
    let effects = code(&mut a, KeyCode::Enter);
    let req = match effects.as_slice() {
        [Effect::LoadUserDetail { req, .. }] => *req,
        other => panic!("unexpected {other:?}"),
    };
    let r = a.users.list.rows[0].clone();
    let u = full_user(&r);
    a.update(Msg::Detail {
        req,
        part: DetailPart::User(Ok(fetched(u.clone()))),
    });
    let factor = |id: &str, kind: &str, phone: Option<&str>| {
        Factor::from_value(json!({
            "id": id, "factorType": kind, "provider": "OKTA", "status": "ACTIVE",
            "created": "2025-01-01T00:00:00.000Z",
            "profile": phone.map(|p| json!({"phoneNumber": p})).unwrap_or(json!({})),
        }))
    };
    let input = TriageInput {
        asked: r.id().to_string(),
        user: Ok(u),
        factors: Ok(vec![
            factor("push1", "push", None),
            factor("sms1", "sms", Some("+1 XXX-XXX-1234")),
        ]),
        blocks: Ok(vec![]),
        events: Ok(vec![]),
        now: T0,
    };
    a.update(Msg::Detail {
        req,
        part: DetailPart::SignIn(Box::new(input)),
    });
    let Some(Screen::User(d)) = a.stack.last_mut() else {
        panic!("no detail");
    };
    let lines = d.lines();
    let at = lines
        .iter()
        .position(|l| matches!(l, DetailLine::Section(t) if t.starts_with("Factors (")))
        .unwrap_or_else(|| panic!("no factors section in {lines:?}"));
    d.selected = at + 2;
    a
}

#[test]
fn reset_one_factor_confirms_naming_user_factor_and_tenant_then_writes_it() {
    let mut a = detail_on_factor(false);
    assert!(a.key_available(Action::ResetFactor));
    assert!(key(&mut a, 'R').is_empty());
    let shown = screen_text(&a);
    assert!(shown.contains("Reset one factor"), "{shown}");
    assert!(shown.contains("+1 XXX-XXX-1234"), "{shown}");
    assert!(shown.contains("alice"), "{shown}");
    assert!(shown.contains("acme"), "{shown}");
    let effects = key(&mut a, 'y');
    let op = effects.iter().find_map(|e| match e {
        Effect::Action(ActionEffect::Write { op, .. }) => Some(op.clone()),
        _ => None,
    });
    match op {
        Some(WriteOp::ResetFactor { target, factor }) => {
            assert_eq!(factor.id, "sms1");
            assert_eq!(factor.factor_type, "sms");
            assert_eq!(target.id, a.users.list.rows[0].id().to_string());
        }
        other => panic!("not a factor reset: {other:?}"),
    }
    assert!(
        matches!(a.modal, Some(Modal::Action(ref m)) if matches!(**m, ActionModal::Running(_)))
    );
}

#[test]
fn reset_one_factor_needs_a_factor_row_and_a_writable_tenant() {
    let mut a = detail_on_factor(false);
    if let Some(Screen::User(d)) = a.stack.last_mut() {
        d.selected = 0;
    }
    assert!(!a.key_available(Action::ResetFactor));
    assert!(key(&mut a, 'R').is_empty());
    assert!(a.modal.is_none());
    assert!(status_text(&a).contains("focus a factor"));

    let mut ro = detail_on_factor(true);
    assert!(!ro.key_available(Action::ResetFactor));
    assert!(key(&mut ro, 'R').is_empty());
    assert!(ro.modal.is_none());
    assert!(status_text(&ro).contains("read-only"));
}
