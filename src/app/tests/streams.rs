//! List streams: pages, stale answers, stops, failures and retries, the rate limit, and
//! the status line that follows them.

use super::*;

#[test]
fn starts_loading_users_and_streams_pages() {
    let mut a = small_app();
    let effects = a.start();
    let req = users_req(&effects);
    assert!(a.users.list.is_loading());
    assert!(a.wants_tick());
    a.update(page(req, mixed_rows(200, 0), true));
    assert_eq!(a.users.list.rows.len(), 200);
    assert!(a.users.list.is_loading());
    a.update(page(req, mixed_rows(50, 200), false));
    assert_eq!(a.users.list.rows.len(), 250);
    assert_eq!(a.users.list.load, LoadState::Done);
    assert!(!a.wants_tick());
}

#[test]
fn without_tenant_opens_credentials_and_loads_nothing() {
    let mut a = App::new(AppInit {
        width: 80,
        height: 24,
        ..Default::default()
    });
    assert_eq!(a.tab, Tab::Credentials);
    assert!(a.start().is_empty());
    assert!(key(&mut a, '1').is_empty());
}

#[test]
fn stale_pages_are_dropped_after_refresh() {
    let (mut a, old) = loaded_small(200, true);
    let effects = key(&mut a, 'r');
    let new = users_req(&effects);
    assert_ne!(old, new);
    // The earlier rows stay visible until the new stream's first page.
    assert_eq!(a.users.list.rows.len(), 200);
    a.update(page(old, mixed_rows(200, 200), true));
    assert_eq!(
        a.users.list.rows.len(),
        200,
        "an answer for the old request is ignored"
    );
    a.update(page(new, mixed_rows(10, 0), false));
    assert_eq!(a.users.list.rows.len(), 10);
}

#[test]
fn esc_stops_loading_and_keeps_rows() {
    let (mut a, req) = loaded_small(200, true);
    let effects = code(&mut a, KeyCode::Esc);
    assert_eq!(effects, vec![Effect::Cancel { slot: Slot::Users }]);
    assert_eq!(a.users.list.load, LoadState::Stopped);
    assert_eq!(a.users.list.rows.len(), 200);
    // A page already on its way still counts as data.
    a.update(page(req, mixed_rows(5, 200), true));
    assert_eq!(a.users.list.rows.len(), 205);
    assert_eq!(a.users.list.load, LoadState::Stopped);
}

#[test]
fn page_error_pauses_keeps_rows_and_r_retries() {
    let (mut a, req) = loaded_small(400, true);
    a.update(Msg::PageFailed {
        req,
        slot: Slot::Users,
        error: OktaError::Dropped {
            host: "acme.okta.com".into(),
            detail: "connection reset".into(),
        },
    });
    assert!(matches!(a.users.list.load, LoadState::Paused(_)));
    assert_eq!(a.users.list.rows.len(), 400);
    let status = a.status.clone().expect("status line");
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("connection"));
    let effects = key(&mut a, 'r');
    assert_eq!(effects, vec![Effect::Retry { slot: Slot::Users }]);
    assert!(a.users.list.is_loading());
    assert_eq!(a.users.list.rows.len(), 400);
}

#[test]
fn api_error_shows_code_causes_and_request_id() {
    let (mut a, req) = loaded_small(10, true);
    a.update(Msg::PageFailed {
        req,
        slot: Slot::Users,
        error: api_error(500, "E0000009"),
    });
    let text = a.status.clone().map(|s| s.text).unwrap_or_default();
    assert!(text.contains("E0000009"), "{text}");
    assert!(text.contains("a cause"), "{text}");
    assert!(text.contains("rid-42"), "{text}");
    assert!(a.modal.is_none(), "a 500 stays in the status line");
}

#[test]
fn unauthorized_opens_dialog_pointing_to_credentials() {
    let (mut a, req) = loaded_small(0, true);
    a.update(Msg::PageFailed {
        req,
        slot: Slot::Users,
        error: api_error(401, "E0000011"),
    });
    match &a.modal {
        Some(Modal::Error(info)) => {
            assert!(
                info.hint_text(&a.keymap)
                    .unwrap_or_default()
                    .contains("Credentials")
            );
        }
        other => panic!("expected an error dialog, got {other:?}"),
    }
    key(&mut a, '3');
    assert!(a.modal.is_none());
    assert_eq!(a.tab, Tab::Credentials);
}

#[test]
fn rate_wait_shows_and_resumes() {
    let (mut a, req) = loaded_small(200, true);
    a.update(Msg::RateWait {
        req,
        slot: Slot::Users,
        wait: Duration::from_secs(12),
    });
    assert_eq!(a.users.list.load, LoadState::Waiting { seconds: 12 });
    assert!(a.wants_tick());
    a.update(page(req, mixed_rows(200, 200), true));
    assert_eq!(a.users.list.load, LoadState::Loading);
}

#[test]
fn a_page_tried_again_by_itself_shows_in_the_header_and_status_then_resumes() {
    let (mut a, req) = loaded_small(200, true);
    a.update(Msg::PageRetry {
        req,
        slot: Slot::Users,
        wait: Duration::from_secs(2),
        attempt: 1,
        error: crate::okta::OktaError::Dropped {
            host: "acme.okta.com".into(),
            detail: "connection reset".into(),
        },
    });
    assert_eq!(
        a.users.list.load,
        LoadState::Retrying {
            seconds: 2,
            attempt: 1
        }
    );
    assert!(a.wants_tick(), "still loading: the spinner turns");
    let screen = screen_text(&a);
    assert!(
        screen.contains("page failed, retrying in 2s (1/"),
        "{screen}"
    );
    assert!(
        screen.contains("retrying the same page in 2s (try 1 of"),
        "{screen}"
    );
    // The same page arrives: loading goes on, no r needed.
    a.update(page(req, mixed_rows(200, 200), true));
    assert_eq!(a.users.list.load, LoadState::Loading);
    assert_eq!(a.users.list.rows.len(), 400);
}

#[test]
fn groups_tab_loads_once_and_opens() {
    let (mut a, _) = loaded_small(5, false);
    let effects = key(&mut a, '2');
    let req = match effects.as_slice() {
        [Effect::LoadGroups { req, .. }] => *req,
        other => panic!("unexpected {other:?}"),
    };
    a.update(Msg::Page {
        req,
        slot: Slot::Groups,
        items: PageItems::Groups(vec![group(1, "Eng"), group(2, "Ops")]),
        more: false,
    });
    assert!(key(&mut a, '1').is_empty(), "users are already loaded");
    assert!(key(&mut a, '2').is_empty(), "groups are already loaded");
    let effects = code(&mut a, KeyCode::Enter);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadGroup { group_id, .. } if group_id == "00g00001"))
    );
}

#[test]
fn idle_messages_do_not_dirty() {
    let (mut a, _) = loaded_small(5, false);
    a.take_dirty();
    key(&mut a, 'Z');
    assert!(!a.take_dirty(), "an unbound key changes nothing");
    a.update(page(ReqId(999), mixed_rows(1, 0), false));
    assert!(!a.take_dirty(), "a stale page changes nothing");
}

#[test]
fn r_after_dropped_connection_retries_the_page_and_keeps_rows() {
    let (mut a, req) = loaded_wide(600, true);
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
    a.update(page(req, alice_rows(200, 600), false));
    assert_eq!(a.users.list.rows.len(), 800);
    assert!(a.status.is_none(), "the failure is over: {s}");
}

#[test]
fn r_reload_keeps_old_rows_until_the_first_new_page() {
    let (mut a, old) = loaded_wide(400, false);
    let new = users_req(&ch(&mut a, 'r'));
    assert_ne!(old, new);
    assert_eq!(a.users.list.rows.len(), 400, "the list must not go empty");
    assert!(a.users.list.is_loading());
    // Pages of the old stream are stale.
    a.update(page(old, alice_rows(5, 900), true));
    assert_eq!(a.users.list.rows.len(), 400);
    // The first fresh page replaces the old rows.
    a.update(page(new, alice_rows(10, 0), true));
    assert_eq!(a.users.list.rows.len(), 10);
    a.update(page(new, alice_rows(10, 10), false));
    assert_eq!(a.users.list.rows.len(), 20);
}

#[test]
fn r_reload_keeps_the_selected_row_and_the_marks() {
    let (mut a, _) = loaded_wide(400, false);
    for _ in 0..250 {
        press(&mut a, KeyCode::Down);
    }
    ch(&mut a, ' ');
    press(&mut a, KeyCode::Down);
    ch(&mut a, ' ');
    press(&mut a, KeyCode::Up);
    assert_eq!(a.users.list.marks.len(), 2);
    let picked = a.users.list.selected_row().map(|r| r.id().to_owned());
    let line = a.users.list.selected - a.users.list.offset;
    let new = users_req(&ch(&mut a, 'r'));
    // The rows come back in pages; the selection waits for its row, then goes back to it,
    // on the same line of the screen.
    a.update(page(new, alice_rows(200, 0), true));
    a.update(page(new, alice_rows(200, 200), false));
    assert_eq!(
        a.users.list.selected_row().map(|r| r.id().to_owned()),
        picked
    );
    assert_eq!(a.users.list.selected - a.users.list.offset, line);
    assert_eq!(
        a.users.list.marks.len(),
        2,
        "marks kept for rows that came back"
    );
}

#[test]
fn moving_during_a_reload_wins_over_the_old_selection() {
    let (mut a, _) = loaded_wide(400, false);
    for _ in 0..250 {
        press(&mut a, KeyCode::Down);
    }
    let new = users_req(&ch(&mut a, 'r'));
    a.update(page(new, alice_rows(200, 0), true));
    press(&mut a, KeyCode::Down);
    let moved_to = a.users.list.selected;
    a.update(page(new, alice_rows(200, 200), false));
    assert_eq!(a.users.list.selected, moved_to);
}

#[test]
fn failed_reload_keeps_the_old_rows() {
    let (mut a, _) = loaded_wide(300, false);
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
    let (mut a, _) = loaded_wide(300, false);
    let new = users_req(&ch(&mut a, 'r'));
    press(&mut a, KeyCode::Esc);
    a.update(page(new, alice_rows(3, 0), true));
    assert_eq!(a.users.list.rows.len(), 300);
    assert!(status_text(&a).contains("300"));
}

#[test]
fn client_rate_wait_shows_counts_down_and_keeps_the_timer_running() {
    let (mut a, _) = loaded_wide(10, false);
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
    let (mut a, req) = loaded_wide(200, true);
    a.update(Msg::RateWait {
        req,
        slot: Slot::Users,
        wait: Duration::from_secs(30),
    });
    a.update(Msg::ClientWait(Some(Duration::from_secs(12))));
    assert_eq!(a.users.list.load, LoadState::Waiting { seconds: 12 });
}

#[test]
fn failure_line_goes_when_the_slot_loads_again_or_the_tab_changes() {
    let (mut a, req) = loaded_wide(200, true);
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
    let (mut a, req) = loaded_wide(11_600, true);
    press(&mut a, KeyCode::Esc);
    assert!(status_text(&a).contains("11,600"));
    a.update(page(req, alice_rows(200, 11_600), true));
    assert_eq!(a.users.list.rows.len(), 11_800);
    let s = status_text(&a);
    assert!(s.contains("11,800"), "status and header agree: {s}");
}

#[test]
fn later_successful_load_clears_the_stop_line() {
    let (mut a, _) = loaded_wide(400, true);
    press(&mut a, KeyCode::Esc);
    let new = users_req(&ch(&mut a, 'r'));
    a.update(page(new, alice_rows(10, 0), false));
    assert!(a.status.is_none(), "{}", status_text(&a));
}

#[test]
fn header_shows_the_client_429_countdown() {
    let (mut a, _) = loaded_wide(10, false);
    a.update(Msg::ClientWait(Some(Duration::from_millis(4_200))));
    let text = screen_text(&a);
    assert!(text.contains("rate limited, resuming in 5s"), "{text}");
}

/// A refused query (400) pauses the list without inviting a retry that would fail the same
/// way; the status line wraps the error whole at 80 columns, and `!` opens it.
#[test]
fn a_refused_page_does_not_say_retry_and_opens_whole() {
    let (mut a, req) = loaded_small(0, true);
    let error = OktaError::Api {
        status: 400,
        code: Some("E0000031".into()),
        summary: "Invalid search criteria.".into(),
        causes: vec!["Invalid search criteria: the expression names an attribute that is not searchable in this org".into()],
        request_id: Some("rid-400".into()),
        www_authenticate: None,
    };
    a.update(Msg::PageFailed {
        req,
        slot: Slot::Users,
        error,
    });
    let text = status_text(&a);
    assert!(!text.contains("retries"), "{text}");
    let rows = drawn_rows(&a);
    assert_eq!(a.status_height(), 3);
    let status = rows[20..23].join(" ");
    assert!(status.contains("request id rid-400"), "{status}");
    assert!(status.contains("what loaded is kept"), "{status}");
    let screen = rows.join("\n");
    assert!(!screen.contains("retries"), "{screen}");
    assert!(screen.contains("refused (! shows why)"), "{screen}");
    key(&mut a, '!');
    match &a.modal {
        Some(Modal::Error(info)) => {
            assert_eq!(info.status, Some(400));
            assert!(info.causes[0].ends_with("not searchable in this org"));
            assert_eq!(info.request_id.as_deref(), Some("rid-400"));
        }
        other => panic!("expected the whole error, got {other:?}"),
    }
    let screen = drawn_rows(&a).join("\n");
    assert!(screen.contains("searchable in this org"), "{screen}");
    assert!(screen.contains("request id rid-400"), "{screen}");
}
