//! Reducer tests for QA findings: refresh keeps rows, 429 countdown, known member counts,
//! status lines that follow their load.

use std::time::Duration;

use crossterm::event::KeyCode;

use super::test_support::{
    acme_app, ch, ok_response, page, press, row, screen_text, status_text, stream_users, users_req,
};
use super::*;
use crate::okta::{Fetched, Group, GroupType, OktaError, UserRow, UserStatus};

fn app() -> App {
    acme_app(120, 36, false, false)
}

fn rows(n: usize, offset: usize) -> Vec<UserRow> {
    (offset..offset + n)
        .map(|i| row(i, "Alice", UserStatus::Active))
        .collect()
}

/// An app with `n` users loaded (in pages of 200), the stream still going when `more`.
fn loaded(n: usize, more: bool) -> (App, ReqId) {
    stream_users(app(), n, more, rows)
}

fn dropped() -> OktaError {
    OktaError::Dropped {
        host: "acme.okta.com".into(),
        detail: "connection reset".into(),
    }
}

fn group(users_count: Option<u64>) -> Group {
    Group {
        id: "00g00001".into(),
        group_type: GroupType::OktaGroup,
        name: "Eng".into(),
        description: "Eng team".into(),
        created: None,
        last_updated: None,
        last_membership_updated: None,
        users_count,
        apps_count: None,
    }
}

// ------------------------------------------------------------------ 1: r keeps rows

#[test]
fn r_after_dropped_connection_retries_the_page_and_keeps_rows() {
    let (mut a, req) = loaded(600, true);
    a.update(Msg::PageFailed {
        req,
        slot: Slot::Users,
        error: dropped(),
    });
    let effects = ch(&mut a, 'r');
    assert_eq!(effects, vec![Effect::Retry { slot: Slot::Users }]);
    assert_eq!(a.users.list.rows.len(), 600);
    let s = status_text(&a);
    assert!(s.contains("600") && s.contains("kept"), "{s}");
    // The retried page continues the same stream.
    a.update(page(req, rows(200, 600), false));
    assert_eq!(a.users.list.rows.len(), 800);
    assert!(a.status.is_none(), "the failure is over: {s}");
}

#[test]
fn r_reload_keeps_old_rows_until_the_first_new_page() {
    let (mut a, old) = loaded(400, false);
    let new = users_req(&ch(&mut a, 'r'));
    assert_ne!(old, new);
    assert_eq!(a.users.list.rows.len(), 400, "the list must not go empty");
    assert!(a.users.list.is_loading());
    // Pages of the old stream are stale.
    a.update(page(old, rows(5, 900), true));
    assert_eq!(a.users.list.rows.len(), 400);
    // The first fresh page replaces the old rows.
    a.update(page(new, rows(10, 0), true));
    assert_eq!(a.users.list.rows.len(), 10);
    a.update(page(new, rows(10, 10), false));
    assert_eq!(a.users.list.rows.len(), 20);
}

#[test]
fn r_reload_keeps_the_selected_row_and_the_marks() {
    let (mut a, _) = loaded(400, false);
    for _ in 0..250 {
        press(&mut a, KeyCode::Down);
    }
    ch(&mut a, ' ');
    press(&mut a, KeyCode::Down);
    ch(&mut a, ' ');
    press(&mut a, KeyCode::Up);
    assert_eq!(a.users.list.marks.len(), 2);
    let picked = a.users.list.selected_row().map(|r| r.id.clone());
    let line = a.users.list.selected - a.users.list.offset;
    let new = users_req(&ch(&mut a, 'r'));
    // The rows come back in pages; the selection waits for its row, then goes back to it,
    // on the same line of the screen.
    a.update(page(new, rows(200, 0), true));
    a.update(page(new, rows(200, 200), false));
    assert_eq!(a.users.list.selected_row().map(|r| r.id.clone()), picked);
    assert_eq!(a.users.list.selected - a.users.list.offset, line);
    assert_eq!(
        a.users.list.marks.len(),
        2,
        "marks kept for rows that came back"
    );
}

#[test]
fn moving_during_a_reload_wins_over_the_old_selection() {
    let (mut a, _) = loaded(400, false);
    for _ in 0..250 {
        press(&mut a, KeyCode::Down);
    }
    let new = users_req(&ch(&mut a, 'r'));
    a.update(page(new, rows(200, 0), true));
    press(&mut a, KeyCode::Down);
    let moved_to = a.users.list.selected;
    a.update(page(new, rows(200, 200), false));
    assert_eq!(a.users.list.selected, moved_to);
}

#[test]
fn failed_reload_keeps_the_old_rows() {
    let (mut a, _) = loaded(300, false);
    let new = users_req(&ch(&mut a, 'r'));
    a.update(Msg::PageFailed {
        req: new,
        slot: Slot::Users,
        error: dropped(),
    });
    assert_eq!(a.users.list.rows.len(), 300);
    assert!(matches!(a.users.list.load, LoadState::Paused(_)));
}

#[test]
fn esc_during_reload_keeps_old_rows_and_drops_late_pages() {
    let (mut a, _) = loaded(300, false);
    let new = users_req(&ch(&mut a, 'r'));
    press(&mut a, KeyCode::Esc);
    a.update(page(new, rows(3, 0), true));
    assert_eq!(a.users.list.rows.len(), 300);
    assert!(status_text(&a).contains("300"));
}

// ------------------------------------------------------------------ 2: 429 countdown

#[test]
fn client_rate_wait_shows_counts_down_and_keeps_the_timer_running() {
    let (mut a, _) = loaded(10, false);
    assert!(!a.wants_tick());
    a.update(Msg::ClientWait(Some(Duration::from_millis(4_200))));
    assert_eq!(a.rate_wait, Some(5));
    assert!(a.wants_tick(), "the countdown needs ticks");
    a.update(Msg::ClientWait(Some(Duration::from_millis(2_900))));
    assert_eq!(a.rate_wait, Some(3));
    a.update(Msg::ClientWait(None));
    assert_eq!(a.rate_wait, None);
    assert!(!a.wants_tick());
}

#[test]
fn a_waiting_stream_counts_down_with_the_client() {
    let (mut a, req) = loaded(200, true);
    a.update(Msg::RateWait {
        req,
        slot: Slot::Users,
        wait: Duration::from_secs(30),
    });
    a.update(Msg::ClientWait(Some(Duration::from_secs(12))));
    assert_eq!(a.users.list.load, LoadState::Waiting { seconds: 12 });
}

// ------------------------------------------------------------------ 3: member counts

fn open_group_from_list(a: &mut App, g: Group) -> ReqId {
    let effects = ch(a, '2');
    let req = match effects.as_slice() {
        [Effect::LoadGroups { req, .. }] => *req,
        other => panic!("unexpected {other:?}"),
    };
    a.update(Msg::Page {
        req,
        slot: Slot::Groups,
        items: PageItems::Groups(vec![g]),
        more: false,
    });
    press(a, KeyCode::Enter)
        .iter()
        .find_map(|e| match e {
            Effect::LoadGroup { req, .. } => Some(*req),
            _ => None,
        })
        .expect("LoadGroup")
}

#[test]
fn fetched_group_without_stats_keeps_the_known_member_count() {
    let (mut a, _) = loaded(3, false);
    let req = open_group_from_list(&mut a, group(Some(42)));
    a.update(Msg::GroupFetched {
        req,
        result: Ok(Fetched {
            value: group(None),
            response: ok_response(),
        }),
    });
    assert_eq!(a.groups.list.rows[0].users_count, Some(42));
    let Some(Screen::Group(g)) = a.stack.last() else {
        panic!("group screen");
    };
    assert_eq!(g.group().and_then(|g| g.users_count), Some(42));
}

// ------------------------------------------------------------------ 4: status lines

#[test]
fn failure_line_goes_when_the_slot_loads_again_or_the_tab_changes() {
    let (mut a, req) = loaded(200, true);
    a.update(Msg::PageFailed {
        req,
        slot: Slot::Users,
        error: dropped(),
    });
    assert!(status_text(&a).contains("connection"));
    ch(&mut a, '2');
    assert!(a.status.is_none(), "leaving the tab leaves its error");
}

#[test]
fn stop_line_follows_pages_that_arrive_after_esc() {
    let (mut a, req) = loaded(11_600, true);
    press(&mut a, KeyCode::Esc);
    assert!(status_text(&a).contains("11,600"));
    a.update(page(req, rows(200, 11_600), true));
    assert_eq!(a.users.list.rows.len(), 11_800);
    let s = status_text(&a);
    assert!(s.contains("11,800"), "status and header agree: {s}");
}

#[test]
fn later_successful_load_clears_the_stop_line() {
    let (mut a, _) = loaded(400, true);
    press(&mut a, KeyCode::Esc);
    let new = users_req(&ch(&mut a, 'r'));
    a.update(page(new, rows(10, 0), false));
    assert!(a.status.is_none(), "{}", status_text(&a));
}

// ------------------------------------------------------------------ 6: Test Connect labels

#[test]
fn test_connect_failure_detail_is_readable() {
    use crate::okta::test_connect::{Failure, FailureKind, TestReport};
    let report = TestReport {
        failure: Some(Failure {
            kind: FailureKind::Dns,
            message: "no such host".into(),
        }),
        ..Default::default()
    };
    let outcome = tenant_form::TestOutcome::from_report(&report);
    assert!(
        outcome
            .details
            .iter()
            .any(|(k, v)| k == "Failure" && v == "DNS lookup failed"),
        "{:?}",
        outcome.details
    );
}

// ------------------------------------------------------------------ drawn

#[test]
fn header_shows_the_client_429_countdown() {
    let (mut a, _) = loaded(10, false);
    a.update(Msg::ClientWait(Some(Duration::from_millis(4_200))));
    let text = screen_text(&a);
    assert!(text.contains("rate limited, resuming in 5s"), "{text}");
}

#[test]
fn group_screen_counts_members_once_loaded_when_the_api_gave_no_count() {
    let (mut a, _) = loaded(3, false);
    open_group_from_list(&mut a, group(None));
    let members_req = match a.stack.last() {
        Some(Screen::Group(g)) => g.members.req.expect("members req"),
        _ => panic!("group screen"),
    };
    assert!(screen_text(&a).contains("? members"));
    a.update(Msg::Page {
        req: members_req,
        slot: Slot::Members,
        items: PageItems::Users(rows(7, 0)),
        more: false,
    });
    let text = screen_text(&a);
    assert!(text.contains("7 members"), "{text}");
}

#[test]
fn r_on_a_group_keeps_its_members_until_fresh_ones_arrive() {
    let (mut a, _) = loaded(3, false);
    open_group_from_list(&mut a, group(Some(7)));
    let members_req = match a.stack.last() {
        Some(Screen::Group(g)) => g.members.req.expect("members req"),
        _ => panic!("group screen"),
    };
    a.update(Msg::Page {
        req: members_req,
        slot: Slot::Members,
        items: PageItems::Users(rows(7, 0)),
        more: false,
    });
    let effects = ch(&mut a, 'r');
    let new = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadMembers { req, .. } => Some(*req),
            _ => None,
        })
        .expect("LoadMembers");
    let Some(Screen::Group(g)) = a.stack.last() else {
        panic!("group screen");
    };
    assert_eq!(g.members.rows.len(), 7, "members stay while reloading");
    a.update(Msg::Page {
        req: new,
        slot: Slot::Members,
        items: PageItems::Users(rows(2, 0)),
        more: false,
    });
    let Some(Screen::Group(g)) = a.stack.last() else {
        panic!("group screen");
    };
    assert_eq!(g.members.rows.len(), 2);
}
