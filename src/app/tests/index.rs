//! A tenant with a local index: its rows show from the index before any request answers, the
//! background sync changes them in place (filter, sort and selection stay), `r` syncs what
//! changed and `R` everything, and a tenant without an index lists from Okta as before.

use std::time::Duration;

use super::super::index_view::{IndexEffect, IndexMsg, IndexPolicy, SyncSummary};
use super::super::test_support::{ch, row, typed};
use super::super::*;
use crate::index::SyncEvent;
use crate::okta::UserStatus;

fn indexed_app() -> App {
    App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "acme".into(),
            domain: "https://acme.okta.com".into(),
            read_only: false,
            color: None,
        }),
        index: IndexPolicy {
            tenants: ["acme".to_owned()].into(),
            ..Default::default()
        },
        width: 120,
        height: 30,
        ..Default::default()
    })
}

/// The index effect among `effects`: (req, users req, groups req, full, read).
fn index_open(effects: &[Effect]) -> (ReqId, ReqId, ReqId, bool, bool) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Index(IndexEffect::Open {
                req,
                users,
                groups,
                full,
                read,
                ..
            }) => Some((*req, *users, *groups, *full, *read)),
            _ => None,
        })
        .expect("an index effect")
}

fn logins(a: &App) -> Vec<String> {
    (0..a.users.list.visible_len())
        .filter_map(|i| a.users.list.row_at(i))
        .map(|r| r.login().to_string())
        .collect()
}

/// Started, the index opened (3 minutes old) and its three users read.
fn opened() -> (App, ReqId) {
    let mut a = indexed_app();
    let effects = a.start();
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::LoadUsers { .. })),
        "no listing from Okta: the index has the rows"
    );
    let (req, users, _, full, read) = index_open(&effects);
    assert!(!full && read);
    a.update(Msg::Index(IndexMsg::Opened {
        req,
        age: Some(Duration::from_secs(180)),
        users: 3,
        set_aside: None,
    }));
    a.update(Msg::Index(IndexMsg::Users {
        req: users,
        rows: vec![
            row(1, "Ann", UserStatus::Active),
            row(2, "Bob", UserStatus::Active),
            row(3, "Cy", UserStatus::Suspended),
        ],
        more: false,
    }));
    (a, req)
}

#[test]
fn the_rows_show_from_the_index_before_any_request_answers() {
    let (a, _) = opened();
    assert_eq!(
        logins(&a),
        ["ann.1@example.com", "bob.2@example.com", "cy.3@example.com"]
    );
    assert_eq!(a.users.list.load, LoadState::Done);
    assert_eq!(
        a.index.header().as_deref(),
        Some("index 3 min old · syncing…")
    );
}

#[test]
fn the_sync_changes_rows_in_place_and_keeps_filter_sort_and_selection() {
    let (mut a, req) = opened();
    // Sorted by login, filtered to "ob": Bob alone, selected.
    ch(&mut a, 'o');
    ch(&mut a, 'o');
    ch(&mut a, '/');
    typed(&mut a, "ob");
    a.update(Msg::Key(super::super::test_support::key_event(
        crossterm::event::KeyCode::Enter,
    )));
    assert_eq!(logins(&a), ["bob.2@example.com"]);
    a.update(Msg::Index(IndexMsg::Changed {
        req,
        event: SyncEvent::UsersChanged(vec![
            // Cy's login changes to match the filter; a new user arrives.
            crate::okta::UserRow::from(crate::okta::UserFields {
                login: "cob.3@example.com".into(),
                ..row(3, "Cy", UserStatus::Active).to_fields()
            }),
            row(4, "Rob", UserStatus::Active),
        ]),
    }));
    assert_eq!(
        logins(&a),
        [
            "bob.2@example.com",
            "cob.3@example.com",
            "rob.4@example.com"
        ]
    );
    assert_eq!(a.users.list.selected_row().unwrap().id(), "00u00002");
    assert_eq!(a.users.list.filter().map(|f| f.text()), Some("ob"));
    a.update(Msg::Index(IndexMsg::Changed {
        req,
        event: SyncEvent::UsersDeleted(vec!["00u00002".into()]),
    }));
    assert_eq!(logins(&a), ["cob.3@example.com", "rob.4@example.com"]);
    assert_eq!(a.users.list.rows.len(), 3);
    a.update(Msg::Index(IndexMsg::Synced {
        req,
        result: Ok(SyncSummary {
            full: false,
            changed: 2,
            deleted: 1,
            requests: 3,
        }),
    }));
    assert_eq!(a.index.header().as_deref(), Some("index synced"));
    assert!(
        super::super::test_support::status_text(&a).contains("2 changed, 1 deleted"),
        "{}",
        super::super::test_support::status_text(&a)
    );
}

#[test]
fn r_syncs_what_changed_and_capital_r_syncs_everything_keeping_the_rows() {
    let (mut a, req) = opened();
    a.update(Msg::Index(IndexMsg::Synced {
        req,
        result: Ok(SyncSummary {
            full: false,
            changed: 0,
            deleted: 0,
            requests: 2,
        }),
    }));
    let effects = ch(&mut a, 'r');
    let (again, _, _, full, read) = index_open(&effects);
    assert!(
        !full && !read,
        "the rows on screen stay; only the sync runs"
    );
    assert_eq!(a.users.list.rows.len(), 3);
    // An answer of the earlier sync is stale now.
    a.update(Msg::Index(IndexMsg::Changed {
        req,
        event: SyncEvent::UsersDeleted(vec!["00u00001".into()]),
    }));
    assert_eq!(a.users.list.rows.len(), 3);
    let effects = ch(&mut a, 'R');
    let (newest, _, _, full, _) = index_open(&effects);
    assert!(full);
    assert_ne!(again, newest);
    assert_eq!(
        a.index.header().as_deref(),
        Some("index 3 min old · full sync…")
    );
}

#[test]
fn a_failed_sync_keeps_the_index_rows_and_says_so() {
    let (mut a, req) = opened();
    a.update(Msg::Index(IndexMsg::Synced {
        req,
        result: Err("connection refused".into()),
    }));
    assert_eq!(a.users.list.rows.len(), 3);
    assert_eq!(
        a.index.header().as_deref(),
        Some("index 3 min old · sync failed")
    );
    assert!(super::super::test_support::status_text(&a).contains("connection refused"));
}

#[test]
fn an_unusable_index_falls_back_to_listing_from_okta() {
    let mut a = indexed_app();
    let (req, ..) = index_open(&a.start());
    let effects = a.update(Msg::Index(IndexMsg::Unavailable {
        req,
        error: "no cache directory".into(),
    }));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadUsers { .. }))
    );
    assert_eq!(a.index.header(), None);
}

#[test]
fn a_set_aside_index_is_reported_and_an_empty_one_fills_from_the_sync() {
    let mut a = indexed_app();
    let (req, users, groups, ..) = index_open(&a.start());
    a.update(Msg::Index(IndexMsg::Opened {
        req,
        age: None,
        users: 0,
        set_aside: Some("acme.sqlite.damaged-1 (file is not a database)".into()),
    }));
    assert!(super::super::test_support::status_text(&a).contains("set aside"));
    assert_eq!(a.index.header().as_deref(), Some("index new · syncing…"));
    a.update(Msg::Index(IndexMsg::Users {
        req: users,
        rows: Vec::new(),
        more: false,
    }));
    a.update(Msg::Index(IndexMsg::Groups {
        req: groups,
        groups: Vec::new(),
    }));
    assert!(
        a.users.list.is_loading(),
        "nothing yet: the sync is listing"
    );
    a.update(Msg::Index(IndexMsg::Changed {
        req,
        event: SyncEvent::UsersChanged(vec![row(7, "Gus", UserStatus::Active)]),
    }));
    a.update(Msg::Index(IndexMsg::Synced {
        req,
        result: Ok(SyncSummary {
            full: true,
            changed: 1,
            deleted: 0,
            requests: 4,
        }),
    }));
    assert_eq!(logins(&a), ["gus.7@example.com"]);
    assert_eq!(a.users.list.load, LoadState::Done);
    assert_eq!(a.groups.list.load, LoadState::Done);
}

#[test]
fn a_tenant_without_an_index_lists_from_okta() {
    let mut a = indexed_app();
    a.index.policy.tenants.clear();
    let effects = a.start();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadUsers { .. }))
    );
    assert!(!effects.iter().any(|e| matches!(e, Effect::Index(_))));
    assert_eq!(a.index.header(), None);
}

#[test]
fn switching_tenant_drops_the_old_index_answers() {
    let (mut a, req) = opened();
    a.update(Msg::TenantReady(TenantInfo {
        name: "other".into(),
        domain: "https://other.okta.com".into(),
        read_only: false,
        color: None,
    }));
    a.update(Msg::Index(IndexMsg::Changed {
        req,
        event: SyncEvent::UsersChanged(vec![row(9, "Old", UserStatus::Active)]),
    }));
    assert!(a.users.list.rows.is_empty());
    assert_eq!(a.index.header(), None);
}

#[test]
fn the_full_sync_key_on_a_tenant_without_an_index_reloads_from_okta() {
    let mut a = indexed_app();
    a.index.policy.tenants.clear();
    let req = super::super::test_support::users_req(&a.start());
    a.update(super::super::test_support::page(
        req,
        vec![row(1, "Ann", UserStatus::Active)],
        false,
    ));
    let effects = ch(&mut a, 'R');
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadUsers { .. })),
        "{effects:?}"
    );
    assert!(!effects.iter().any(|e| matches!(e, Effect::Index(_))));
}
