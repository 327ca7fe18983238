//! Runs on marked rows: marking, the plan and its estimate from the clock, paced sending,
//! going on past failures, stopping, the results.

use crossterm::event::KeyCode;

use super::super::actions::bulk::{self, ItemState, Phase};
use super::super::actions::{ActionEffect, ActionModal, ActionMsg};
use super::super::test_support::{
    action_modal, app_with, ch, press, row, status_text, three_users, user, validation_error,
    write_done, write_ok,
};
use super::super::*;
use crate::okta::{OktaError, RateBudget, UserRow, UserStatus};

/// The one effect a plan starts with: reading the clock for its estimate.
fn clock_req(effects: &[Effect]) -> ReqId {
    match effects {
        [Effect::ReadClock { req }] => *req,
        other => panic!("expected only the clock read, got {other:?}"),
    }
}

#[test]
fn bulk_plan_paced_run_continues_past_failures_and_reports() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    for _ in 0..3 {
        ch(&mut a, ' ');
    }
    assert_eq!(a.marked_count(), 3);
    // A plan first: nothing is sent, only the clock its estimate needs is read.
    let clock = clock_req(&ch(&mut a, 'S'));
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("plan expected");
    };
    assert_eq!(run.phase, Phase::Plan);
    assert_eq!(run.to_send(), 2, "Bob is SUSPENDED: skipped");
    assert!(run.estimate.contains("requests"));
    a.update(Msg::Clock {
        req: clock,
        now_epoch: 1_000_000,
    });
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("plan expected");
    };
    assert!(run.estimate.contains("4 requests"), "{}", run.estimate);
    let effects = press(&mut a, KeyCode::Enter);
    assert_eq!(effects.len(), 2, "at most IN_FLIGHT writes at once");
    let reqs: Vec<ReqId> = effects
        .iter()
        .map(|e| match e {
            Effect::Action(ActionEffect::Write { req, .. }) => *req,
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(write_done(&mut a, reqs[0], Err(validation_error(400, "E0000001", &[]))).is_empty());
    write_done(
        &mut a,
        reqs[1],
        write_ok(Some(user(&rows[2], "SUSPENDED", &["unsuspend"]))),
    );
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Done);
    assert_eq!((run.ok(), run.failed()), (1, 1));
    assert!(matches!(run.items[1].state, ItemState::Skipped(_)));
    assert_eq!(a.users.list.rows[2].status(), UserStatus::Suspended);
    assert!(status_text(&a).contains("1 ok, 1 failed"));
    press(&mut a, KeyCode::Enter);
    assert!(a.modal.is_none());
    // The failed row stays marked, ready for another try; the others are unmarked.
    assert_eq!(a.marked_count(), 1);
    assert!(a.users.list.marks.contains(rows[0].id() as &str));
}

#[test]
fn the_failed_rows_of_a_run_are_run_again_from_the_results() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    for _ in 0..3 {
        ch(&mut a, ' ');
    }
    ch(&mut a, 'S');
    let effects = press(&mut a, KeyCode::Enter);
    let reqs: Vec<ReqId> = effects
        .iter()
        .map(|e| match e {
            Effect::Action(ActionEffect::Write { req, .. }) => *req,
            other => panic!("{other:?}"),
        })
        .collect();
    // The row fails (a server error); another try may pass.
    let failure = validation_error(500, "E0000009", &[]);
    write_done(&mut a, reqs[0], Err(failure));
    write_done(
        &mut a,
        reqs[1],
        write_ok(Some(user(&rows[2], "SUSPENDED", &["unsuspend"]))),
    );
    let screen = super::screen_text(&a);
    assert!(screen.contains("r retries the failed ones"), "{screen}");
    // r: a run of the failed row only, sent at once.
    let again = ch(&mut a, 'r');
    let sent: Vec<(ReqId, String)> = again
        .iter()
        .map(|e| match e {
            Effect::Action(ActionEffect::Write { req, op, .. }) => {
                (*req, op.target().map(|t| t.id.clone()).unwrap_or_default())
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, rows[0].id().to_string());
    write_done(
        &mut a,
        sent[0].0,
        write_ok(Some(user(&rows[0], "SUSPENDED", &["unsuspend"]))),
    );
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Done);
    assert_eq!((run.ok(), run.failed()), (1, 0));
    // Nothing failed this time: no row stays marked, and r is just a key that closes.
    ch(&mut a, 'r');
    assert!(a.modal.is_none());
    assert_eq!(a.marked_count(), 0);
}

#[test]
fn bulk_run_stops_on_esc() {
    let rows: Vec<UserRow> = (0..6).map(|i| row(i, "Ann", UserStatus::Active)).collect();
    let mut a = app_with(false, rows.clone());
    for _ in 0..6 {
        ch(&mut a, ' ');
    }
    ch(&mut a, 'S');
    let effects = press(&mut a, KeyCode::Enter);
    assert_eq!(effects.len(), 2);
    let first = match &effects[0] {
        Effect::Action(ActionEffect::Write { req, .. }) => *req,
        _ => unreachable!(),
    };
    let second = match &effects[1] {
        Effect::Action(ActionEffect::Write { req, .. }) => *req,
        _ => unreachable!(),
    };
    // One answer sends the next write.
    assert_eq!(write_done(&mut a, first, write_ok(None)).len(), 1);
    press(&mut a, KeyCode::Esc);
    assert!(
        write_done(&mut a, second, write_ok(None)).is_empty(),
        "stopped: nothing new"
    );
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Stopping, "one write still in flight");
    let third = run
        .items
        .iter()
        .find_map(|i| match i.state {
            ItemState::Running(r) => Some(r),
            _ => None,
        })
        .expect("in flight");
    write_done(&mut a, third, write_ok(None));
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Done);
    assert_eq!(run.count(|s| *s == ItemState::NotRun), 3);
}

#[test]
fn esc_unmarks_before_anything_else() {
    let mut a = app_with(false, three_users());
    ch(&mut a, ' ');
    assert_eq!(a.marked_count(), 1);
    assert!(press(&mut a, KeyCode::Esc).is_empty());
    assert_eq!(a.marked_count(), 0);
}

#[test]
fn estimate_counts_windows_beyond_the_budget() {
    use crate::okta::RateBudget;
    let b = RateBudget {
        bucket: "/api/v1/users",
        limit: 600,
        remaining: 100,
        reset_epoch: 1_000_030,
    };
    // 2,000 requests, 100 left: the rest needs 1,900 / 600 → 3 more windows (+ a part).
    let text = bulk::estimate(2000, Some(b), 1_000_000);
    assert!(text.starts_with("2000 requests, about 3 min"), "{text}");
    let text = bulk::estimate(1, Some(b), 1_000_000);
    assert!(text.starts_with("1 request, about"), "{text}");
    assert!(bulk::estimate(10, None, 0).contains("not known yet"));
}

#[test]
fn the_plan_estimates_from_the_clock_and_budget_it_is_given() {
    let rows: Vec<UserRow> = (0..3).map(|i| row(i, "Ann", UserStatus::Active)).collect();
    let mut a = app_with(false, rows);
    a.update(Msg::Rate(RateBudget {
        bucket: "/api/v1/users",
        limit: 600,
        remaining: 2,
        reset_epoch: 1_000_030,
    }));
    for _ in 0..3 {
        ch(&mut a, ' ');
    }
    let clock = clock_req(&ch(&mut a, 'S'));
    // An answer for another request changes nothing and is not drawn.
    a.take_dirty();
    a.update(Msg::Clock {
        req: ReqId(clock.0 + 100),
        now_epoch: 1_000_000,
    });
    assert!(!a.take_dirty(), "a stale clock answer redraws nothing");
    a.update(Msg::Clock {
        req: clock,
        now_epoch: 1_000_000,
    });
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("plan expected");
    };
    // 6 requests, 2 left: the window resets 30 s after the clock the runtime read.
    assert_eq!(run.estimate, bulk::estimate(6, a.rate, 1_000_000));
    assert!(run.estimate.contains("resets in 30s"), "{}", run.estimate);
    // The run does not wait for the estimate.
    assert_eq!(press(&mut a, KeyCode::Enter).len(), 2);
}

#[test]
fn a_row_the_client_gave_up_on_for_the_rate_limit_is_sent_again_then_fails() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    ch(&mut a, ' ');
    clock_req(&ch(&mut a, 'S'));
    let write_req = |effects: &[Effect]| match effects {
        [Effect::Action(ActionEffect::Write { req, .. })] => *req,
        other => panic!("expected one write, got {other:?}"),
    };
    let limited = || {
        Err(crate::okta::OktaError::RateLimited {
            attempts: 4,
            wait: std::time::Duration::from_secs(60),
            request_id: None,
        })
    };
    let mut req = write_req(&press(&mut a, KeyCode::Enter));
    // A 429 means Okta did not act: the row goes back in the queue and is sent again.
    for _ in 0..bulk::RATE_RETRIES {
        req = write_req(&write_done(&mut a, req, limited()));
        let ActionModal::Bulk(run) = action_modal(&a) else {
            panic!("run expected");
        };
        assert_eq!(run.phase, Phase::Running);
    }
    assert!(write_done(&mut a, req, limited()).is_empty());
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Done);
    assert_eq!((run.ok(), run.failed()), (0, 1));
    assert_eq!(run.items[0].retries, bulk::RATE_RETRIES);
}

fn refused() -> OktaError {
    OktaError::Connect {
        host: "acme.okta.com".into(),
        detail: "Connection refused".into(),
    }
}

fn wait_req(effects: &[Effect]) -> ReqId {
    match effects {
        [Effect::Action(ActionEffect::Wait { req, delay })] => {
            assert!(delay.as_secs() >= 1, "{delay:?}");
            *req
        }
        other => panic!("expected only the wait, got {other:?}"),
    }
}

fn write_reqs(effects: &[Effect]) -> Vec<ReqId> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Action(ActionEffect::Write { req, .. }) => Some(*req),
            _ => None,
        })
        .collect()
}

#[test]
fn a_refused_connection_pauses_the_run_which_then_sends_the_row_again() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    for _ in 0..3 {
        ch(&mut a, ' ');
    }
    ch(&mut a, 'S');
    let reqs = write_reqs(&press(&mut a, KeyCode::Enter));
    assert_eq!(reqs.len(), 2);
    // Refused: nothing was sent, so the row waits again and the run holds for a while.
    let wait = wait_req(&write_done(&mut a, reqs[0], Err(refused())));
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert!(run.paused.is_some());
    assert_eq!(run.failed(), 0);
    let screen = super::screen_text(&a);
    assert!(
        screen.contains("paused:") && screen.contains("nothing was sent"),
        "{screen}"
    );
    // The other answer lands; nothing new is sent while paused.
    let more = write_done(
        &mut a,
        reqs[1],
        write_ok(Some(user(&rows[2], "SUSPENDED", &["unsuspend"]))),
    );
    assert!(write_reqs(&more).is_empty(), "{more:?}");
    // The wait is over: the refused row goes out again, and this time it passes.
    let again = write_reqs(&a.update(Msg::Action(ActionMsg::WaitOver { req: wait })));
    assert_eq!(again.len(), 1);
    write_done(
        &mut a,
        again[0],
        write_ok(Some(user(&rows[0], "SUSPENDED", &["unsuspend"]))),
    );
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Done);
    assert_eq!((run.ok(), run.failed()), (2, 0));
}

#[test]
fn a_paused_run_stops_on_esc_and_keeps_refusing_rows_bounded() {
    let rows = three_users();
    let mut a = app_with(false, rows.clone());
    for _ in 0..3 {
        ch(&mut a, ' ');
    }
    ch(&mut a, 'S');
    let reqs = write_reqs(&press(&mut a, KeyCode::Enter));
    let wait = wait_req(&write_done(&mut a, reqs[0], Err(refused())));
    // Esc while paused: the run stops once the write still out has answered.
    press(&mut a, KeyCode::Esc);
    write_done(
        &mut a,
        reqs[1],
        write_ok(Some(user(&rows[2], "SUSPENDED", &["unsuspend"]))),
    );
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Done);
    assert!(
        matches!(run.items[0].state, ItemState::NotRun),
        "{:?}",
        run.items[0]
    );
    let op = run.items[0].op.clone();
    // A late end of the wait sends nothing.
    let late = a.update(Msg::Action(ActionMsg::WaitOver { req: wait }));
    assert!(write_reqs(&late).is_empty());

    // Refused again and again: after a bounded number of pauses the row fails.
    let mut run = bulk::BulkRun::plan("t".into(), vec![bulk::BulkItem::waiting(op)], None);
    run.phase = Phase::Running;
    for n in 0..=bulk::REFUSED_PAUSES {
        let (at, _) = run.next_to_send().expect("the row goes out again");
        run.sent(at, ReqId(100 + u64::from(n)));
        let rec = run.record(ReqId(100 + u64::from(n)), Err(refused()));
        if n < bulk::REFUSED_PAUSES {
            assert!(rec.refused);
            run.refusals += 1;
        } else {
            assert!(!rec.refused);
        }
    }
    assert_eq!(run.failed(), 1);
}

#[test]
fn quit_keys_during_a_run_say_esc_stops_it_first() {
    let rows: Vec<UserRow> = (0..6).map(|i| row(i, "Ann", UserStatus::Active)).collect();
    let mut a = app_with(false, rows);
    for _ in 0..6 {
        ch(&mut a, ' ');
    }
    ch(&mut a, 'S');
    press(&mut a, KeyCode::Enter);
    for quit in [
        super::super::test_support::key_event(KeyCode::Char('q')),
        crossterm::event::KeyEvent::new(
            KeyCode::Char('c'),
            crossterm::event::KeyModifiers::CONTROL,
        ),
    ] {
        a.update(Msg::Key(quit));
        assert!(!a.quit);
        let screen = super::drawn_rows(&a).join("\n");
        assert!(screen.contains("Esc stops the run first"), "{screen}");
    }
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("run expected");
    };
    assert_eq!(run.phase, Phase::Running, "asking to quit does not stop it");
}

#[test]
fn the_plan_lists_marked_rows_in_the_order_the_list_shows_them() {
    let rows: Vec<UserRow> = ["Cleo", "Ann", "Bea"]
        .iter()
        .enumerate()
        .map(|(i, n)| row(i, n, UserStatus::Active))
        .collect();
    let mut a = app_with(false, rows);
    // Sort by login: ann, bea, cleo.
    ch(&mut a, 'o');
    ch(&mut a, 'o');
    let shown: Vec<String> = (0..3)
        .filter_map(|i| a.users.list.row_at(i).map(|r| r.login().to_string()))
        .collect();
    for _ in 0..3 {
        ch(&mut a, ' ');
    }
    ch(&mut a, 'S');
    let ActionModal::Bulk(run) = action_modal(&a) else {
        panic!("plan expected");
    };
    let planned: Vec<String> = run.items.iter().map(|i| i.op.login().to_owned()).collect();
    assert_eq!(planned, shown);
    assert_eq!(shown[0], "ann.1@example.com");
}
