//! The detail pane beside the list: it asks once the cursor rests, once per row and session,
//! drops what arrives for a row left, waits while the rate budget is low, toggles, and stays
//! out of the way under 140 columns.

use std::time::Duration;

use super::*;
use crate::app::pane::{MIN_SHARE_PERCENT, PaneEffect, PaneMsg, PaneState, SETTLE, Target};
use crate::app::test_support::{
    action_modal, active_links, answer_fetch, ch, fetch_req, user, write_done, write_of, write_ok,
};
use crate::okta::RateBudget;

const NOW: i64 = 1_700_000_000;

/// A console `width` columns wide with the pane switched on and `n` users loaded.
fn pane_app(width: u16, n: usize) -> (App, Vec<Effect>) {
    let mut a = acme_app(width, 48, true, false);
    a.pane.enabled = true;
    let req = users_req(&a.start());
    let effects = a.update(page(req, mixed_rows(n, 0), false));
    (a, effects)
}

fn user_target(i: usize) -> Target {
    Target::User(format!("00u{i:05}"))
}

/// The pane's effects among `effects`.
fn pane_effects(effects: &[Effect]) -> Vec<PaneEffect> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Pane(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

/// The request of the one settle timer among `effects`, checked to wait `SETTLE` for `target`.
fn settle_req(effects: &[Effect], target: &Target) -> ReqId {
    match pane_effects(effects).as_slice() {
        [PaneEffect::Settle { req, after, path }] => {
            assert_eq!(*after, SETTLE);
            assert_eq!(*path, target.path());
            *req
        }
        other => panic!("expected one settle timer, got {other:?}"),
    }
}

fn settled(a: &mut App, req: ReqId, budget: Option<RateBudget>) -> Vec<Effect> {
    a.update(Msg::Pane(PaneMsg::Settled {
        req,
        now_epoch: NOW,
        budget,
    }))
}

fn users_budget(remaining: u32) -> RateBudget {
    RateBudget {
        bucket: "/api/v1/users",
        limit: 600,
        remaining,
        reset_epoch: NOW + 20,
    }
}

fn answer_user(a: &mut App, req: ReqId, i: usize) -> Vec<Effect> {
    let r = mixed_rows(i + 1, 0).remove(i);
    a.update(Msg::Pane(PaneMsg::User {
        req,
        result: Ok(fetched(full_user(&r))),
    }))
}

/// Loads row `i` into the pane as the runtime would: the timer fires, then the fetch answers.
fn fetch_into_pane(a: &mut App, req: ReqId, i: usize) {
    let fetch = settled(a, req, None);
    assert_eq!(
        pane_effects(&fetch),
        vec![PaneEffect::Fetch {
            req,
            target: user_target(i)
        }]
    );
    answer_user(a, req, i);
    assert_eq!(a.pane.state, PaneState::Shown);
}

#[test]
fn the_pane_waits_for_the_first_row_to_rest_before_asking() {
    let (a, effects) = pane_app(160, 5);
    assert!(a.pane_visible());
    settle_req(&effects, &user_target(0));
    assert_eq!(a.pane.state, PaneState::Settling);
    let screen = screen_text(&a);
    assert!(screen.contains("loading…"), "{screen}");
}

#[test]
fn three_quick_moves_ask_once_for_the_row_the_cursor_rests_on() {
    let (mut a, first) = pane_app(160, 5);
    let mut reqs = vec![settle_req(&first, &user_target(0))];
    for i in 1..=3 {
        reqs.push(settle_req(&key(&mut a, 'j'), &user_target(i)));
    }
    // The superseded timers' answers (had they fired) ask for nothing.
    for &old in &reqs[..3] {
        assert!(settled(&mut a, old, None).is_empty());
    }
    let last = reqs[3];
    assert_eq!(
        pane_effects(&settled(&mut a, last, None)),
        vec![PaneEffect::Fetch {
            req: last,
            target: user_target(3)
        }]
    );
    assert_eq!(a.pane.state, PaneState::Loading);
    answer_user(&mut a, last, 3);
    let screen = screen_text(&a);
    assert!(
        screen.contains("Profile (5 attributes)") && screen.contains("CC-1"),
        "{screen}"
    );
}

#[test]
fn moving_back_to_a_fetched_row_shows_it_with_no_request() {
    let (mut a, first) = pane_app(160, 5);
    fetch_into_pane(&mut a, settle_req(&first, &user_target(0)), 0);
    let next = settle_req(&key(&mut a, 'j'), &user_target(1));
    // Back before the timer fired: its timer stops and nothing is asked.
    assert_eq!(pane_effects(&key(&mut a, 'k')), vec![PaneEffect::Stop]);
    assert_eq!(a.pane.state, PaneState::Shown);
    assert!(settled(&mut a, next, None).is_empty());
    assert!(screen_text(&a).contains("CC-1"));
    // Back and forth once more: the row left had nothing in flight, so nothing to stop.
    let again = settle_req(&key(&mut a, 'j'), &user_target(1));
    fetch_into_pane(&mut a, again, 1);
    assert!(pane_effects(&key(&mut a, 'k')).is_empty());
    assert!(pane_effects(&key(&mut a, 'j')).is_empty());
    assert_eq!(a.pane.state, PaneState::Shown);
}

#[test]
fn an_answer_for_a_row_the_cursor_left_is_dropped() {
    let (mut a, first) = pane_app(160, 5);
    let req = settle_req(&first, &user_target(0));
    settled(&mut a, req, None);
    // The fetch is out; the cursor moves on: a new timer takes the pane's slot, which stops
    // the fetch (one task per slot in the runtime).
    settle_req(&key(&mut a, 'j'), &user_target(1));
    // Had the stopped fetch answered anyway, its answer is dropped and nothing is kept.
    let late = answer_user(&mut a, req, 0);
    assert!(late.is_empty());
    assert!(!a.pane.cached(&user_target(0)));
    assert_eq!(a.pane.state, PaneState::Settling);
    assert_eq!(a.pane.target, Some(user_target(1)));
}

#[test]
fn a_low_rate_budget_postpones_the_fetch_until_the_window_resets() {
    let (mut a, first) = pane_app(160, 5);
    let req = settle_req(&first, &user_target(0));
    // Below the pane's share: no fetch, another try after the reset, said in the pane.
    let low = (600 * MIN_SHARE_PERCENT / 100) as u32 - 1;
    let effects = settled(&mut a, req, Some(users_budget(low)));
    assert_eq!(
        pane_effects(&effects),
        vec![PaneEffect::Settle {
            req,
            after: Duration::from_secs(21),
            path: user_target(0).path()
        }]
    );
    assert_eq!(a.pane.state, PaneState::Paused { seconds: 21 });
    let screen = screen_text(&a);
    assert!(screen.contains("paused: rate budget"), "{screen}");
    // The window has reset: it fetches.
    let after_reset = RateBudget {
        reset_epoch: NOW,
        ..users_budget(low)
    };
    assert!(matches!(
        pane_effects(&settled(&mut a, req, Some(after_reset))).as_slice(),
        [PaneEffect::Fetch { .. }]
    ));
    // A healthy budget fetches at once.
    let next = settle_req(&key(&mut a, 'j'), &user_target(1));
    assert!(matches!(
        pane_effects(&settled(&mut a, next, Some(users_budget(low + 1)))).as_slice(),
        [PaneEffect::Fetch { .. }]
    ));
}

#[test]
fn a_client_waiting_out_a_429_postpones_the_pane() {
    let (mut a, first) = pane_app(160, 5);
    let req = settle_req(&first, &user_target(0));
    a.update(Msg::ClientWait(Some(Duration::from_secs(7))));
    let effects = settled(&mut a, req, None);
    assert!(
        matches!(
            pane_effects(&effects).as_slice(),
            [PaneEffect::Settle { after, .. }] if *after >= Duration::from_secs(1)
        ),
        "{effects:?}"
    );
    assert!(matches!(a.pane.state, PaneState::Paused { .. }));
}

#[test]
fn the_toggle_hides_and_shows_the_pane() {
    let (mut a, first) = pane_app(160, 5);
    fetch_into_pane(&mut a, settle_req(&first, &user_target(0)), 0);
    assert!(screen_text(&a).contains("| hides"));
    let off = key(&mut a, '|');
    assert!(pane_effects(&off).is_empty());
    assert!(!a.pane_visible());
    let screen = screen_text(&a);
    assert!(
        !screen.contains("| hides") && !screen.contains("CC-1"),
        "{screen}"
    );
    assert!(status_text(&a).contains("detail pane off"));
    // Hidden, it follows nothing.
    assert!(pane_effects(&key(&mut a, 'j')).is_empty());
    // Back on: the focused row (not fetched yet) waits for the cursor to rest.
    settle_req(&key(&mut a, '|'), &user_target(1));
    assert!(a.pane_visible());
    // And the row fetched before is still known.
    assert!(pane_effects(&key(&mut a, 'k')).contains(&PaneEffect::Stop));
    assert_eq!(a.pane.state, PaneState::Shown);
}

#[test]
fn under_140_columns_the_pane_neither_shows_nor_asks() {
    let (mut a, first) = pane_app(139, 5);
    assert!(pane_effects(&first).is_empty());
    assert!(pane_effects(&key(&mut a, 'j')).is_empty());
    let with_pane = screen_text(&a);
    a.pane.enabled = false;
    assert_eq!(with_pane, screen_text(&a));
    // Widening the terminal brings it in, for the focused row.
    a.pane.enabled = true;
    settle_req(&a.update(Msg::Resize(160, 48)), &user_target(1));
    // The toggle says where it shows.
    a.update(Msg::Resize(120, 36));
    key(&mut a, '|');
    key(&mut a, '|');
    assert!(
        status_text(&a).contains("from 140 columns"),
        "{}",
        status_text(&a)
    );
}

#[test]
fn opening_the_detail_hides_the_pane_and_its_fresh_user_is_kept() {
    let (mut a, first) = pane_app(160, 5);
    let req = settle_req(&first, &user_target(0));
    let open = code(&mut a, KeyCode::Enter);
    assert!(pane_effects(&open).contains(&PaneEffect::Stop));
    assert!(!a.pane_visible());
    assert!(settled(&mut a, req, None).is_empty());
    let detail_req = open
        .iter()
        .find_map(|e| match e {
            Effect::LoadUserDetail { req, .. } => Some(*req),
            _ => None,
        })
        .expect("the detail loads");
    let r = mixed_rows(1, 0).remove(0);
    a.update(Msg::Detail {
        req: detail_req,
        part: DetailPart::User(Ok(fetched(full_user(&r)))),
    });
    // Back on the list: the detail's fresh copy shows in the pane with no request.
    let back = code(&mut a, KeyCode::Esc);
    assert!(pane_effects(&back).is_empty());
    assert_eq!(a.pane.state, PaneState::Shown);
}

#[test]
fn a_write_to_the_shown_user_makes_the_pane_ask_again() {
    let (mut a, first) = pane_app(160, 5);
    fetch_into_pane(&mut a, settle_req(&first, &user_target(0)), 0);
    let rows = mixed_rows(1, 0);
    let req = fetch_req(&ch(&mut a, 'a'));
    answer_fetch(&mut a, req, user(&rows[0], "ACTIVE", &active_links()));
    ch(&mut a, 'S');
    assert!(matches!(action_modal(&a), actions::ActionModal::Confirm(_)));
    let (wreq, _) = write_of(&ch(&mut a, 'y'));
    let done = write_done(
        &mut a,
        wreq,
        write_ok(Some(user(&rows[0], "SUSPENDED", &["unsuspend"]))),
    );
    // The copy the pane held is older than the write: it waits, then asks again.
    settle_req(&done, &user_target(0));
    assert!(!a.pane.cached(&user_target(0)));
}

#[test]
fn the_groups_list_shows_the_focused_group() {
    let (mut a, _) = pane_app(160, 5);
    let load = key(&mut a, '2');
    let greq = load
        .iter()
        .find_map(|e| match e {
            Effect::LoadGroups { req, .. } => Some(*req),
            _ => None,
        })
        .expect("groups load");
    let effects = a.update(Msg::Page {
        req: greq,
        slot: Slot::Groups,
        items: PageItems::Groups(vec![group(1, "Eng"), group(2, "Sales")]),
        more: false,
    });
    let target = Target::Group("00g00001".into());
    let req = settle_req(&effects, &target);
    assert_eq!(
        pane_effects(&settled(&mut a, req, None)),
        vec![PaneEffect::Fetch { req, target }]
    );
    a.update(Msg::Pane(PaneMsg::Group {
        req,
        result: Ok(fetched(group(1, "Eng"))),
    }));
    let screen = screen_text(&a);
    assert!(
        screen.contains("Eng team") && screen.contains("the members"),
        "{screen}"
    );
}

#[test]
fn a_remapped_toggle_answers_its_new_key_and_the_pane_names_it() {
    let mut keys = std::collections::BTreeMap::new();
    keys.insert("toggle_pane".to_owned(), "ctrl-p".to_owned());
    let mut a = App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "acme".into(),
            domain: "https://acme.okta.com".into(),
            read_only: false,
            color: None,
        }),
        keys,
        width: 160,
        height: 48,
        detail_pane: true,
        ..Default::default()
    });
    let req = users_req(&a.start());
    a.update(page(req, mixed_rows(3, 0), false));
    assert!(screen_text(&a).contains("Ctrl-p hides"));
    assert!(key(&mut a, '|').is_empty());
    assert!(a.pane_visible(), "the old key does nothing");
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('p'),
        KeyModifiers::CONTROL,
    )));
    assert!(!a.pane_visible());
    assert!(
        status_text(&a).contains("Ctrl-p shows it"),
        "{}",
        status_text(&a)
    );
}

#[test]
fn a_click_on_the_pane_selects_no_row_and_a_click_on_the_list_does() {
    let (mut a, _) = pane_app(160, 20);
    let (top, _) = layout::table_rows(48);
    let click = |column| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row: top + 4,
            modifiers: KeyModifiers::NONE,
        })
    };
    a.update(click(a.list_width() + 5));
    assert_eq!(a.users.list.selected, 0);
    a.update(click(a.list_width() - 1));
    assert_eq!(a.users.list.selected, 4);
}

#[test]
fn sorting_beside_the_pane_offers_only_the_columns_the_narrower_list_shows() {
    let (mut a, _) = pane_app(160, 5);
    let shown = layout::kept_columns(&layout::USER_COLUMN_FIT, a.list_width());
    assert!(
        !shown.iter().all(|&k| k),
        "the pane leaves the list fewer columns"
    );
    let mut seen = Vec::new();
    for _ in 0..users::USER_COLUMNS.len() {
        key(&mut a, 'o');
        if let Some(s) = a.users.list.sort {
            seen.push(s.column);
        }
    }
    assert!(!seen.is_empty());
    assert!(
        seen.iter().all(|&c| shown[c]),
        "{seen:?} sorted a hidden column"
    );
}

#[test]
fn another_tenant_starts_the_pane_afresh() {
    let (mut a, first) = pane_app(160, 5);
    fetch_into_pane(&mut a, settle_req(&first, &user_target(0)), 0);
    a.update(Msg::TenantReady(TenantInfo {
        name: "other".into(),
        domain: "https://other.okta.com".into(),
        read_only: false,
        color: None,
    }));
    assert!(!a.pane.cached(&user_target(0)));
    assert!(a.pane.enabled);
    assert_eq!(a.pane.target, None);
}
