//! The detail pane beside the list at 160x48, snapshotted: users and groups, while the pane
//! waits and once its fetch is in, and paused by the rate budget; under NO_COLOR it draws with
//! no colour at all. State is built by feeding `Msg`s with fixed data, as the runtime would.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use oktui::app::pane::{PaneEffect, PaneMsg};
use oktui::app::{App, AppInit, Effect, Msg, PageItems, ReqId, Slot, TenantInfo};
use oktui::okta::{ApiResponse, Fetched, Group, GroupType, RateBudget, User, UserRow, UserStatus};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

const W: u16 = 160;
const H: u16 = 48;
const NOW: i64 = 1_700_000_000;

const FIRST: [&str; 4] = ["Alice", "Bob", "さくら", "Zoë"];
const STATUSES: [UserStatus; 4] = [
    UserStatus::Active,
    UserStatus::LockedOut,
    UserStatus::Suspended,
    UserStatus::Provisioned,
];

fn user_row(i: usize) -> UserRow {
    let ascii = ["alice", "bob", "sakura", "zoe"][i % 4];
    UserRow::from(oktui::okta::UserFields {
        id: format!("00u{i:017}").into(),
        status: STATUSES[i % 4].clone(),
        transitioning_to: None,
        login: format!("{ascii}.{i}@example.com").into(),
        email: format!("{ascii}.{i}@example.com").into(),
        first_name: FIRST[i % 4].into(),
        last_name: "O'Brien".into(),
        created: Some(1_600_000_000_000 + i as i64 * 3_600_000),
        last_login: (i % 3 != 2).then_some(1_700_000_000_000 + i as i64 * 60_000),
        last_updated: None,
        status_changed: None,
    })
}

fn full_user(r: &UserRow) -> User {
    User::from_value(serde_json::json!({
        "id": r.id(),
        "status": r.status_api(),
        "created": "2020-09-13T12:26:40.000Z",
        "activated": "2020-09-13T12:30:00.000Z",
        "statusChanged": "2023-01-02T03:04:05.000Z",
        "lastLogin": "2023-11-14T22:13:20.000Z",
        "lastUpdated": "2023-11-14T22:13:20.000Z",
        "passwordChanged": "2022-05-01T08:00:00.000Z",
        "profile": {
            "login": r.login(), "email": r.email(),
            "firstName": r.first_name(), "lastName": r.last_name(),
            "department": "Engineering", "title": "Staff engineer", "costCenter": "CC-7",
            "manager": null,
        },
        "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
        "_links": {"self": {}, "suspend": {}}
    }))
    .expect("user")
}

fn group(i: usize, name: &str, kind: GroupType, count: u64) -> Group {
    Group {
        id: format!("00g{i:017}").into(),
        group_type: kind,
        name: name.into(),
        description: format!("{name}: people who work on it").into(),
        created: Some(1_600_000_000_000),
        last_updated: Some(1_650_000_000_000),
        last_membership_updated: Some(1_700_000_000_000),
        users_count: Some(count),
        apps_count: None,
    }
}

fn groups() -> Vec<Group> {
    vec![
        group(1, "Everyone", GroupType::BuiltIn, 12_400),
        group(2, "Engineering", GroupType::OktaGroup, 310),
        group(3, "AD Sales EMEA", GroupType::AppGroup, 55),
    ]
}

fn fetched<T>(value: T) -> Fetched<T> {
    Fetched {
        value,
        response: ApiResponse {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::Value::Null,
            request_id: Some("req-pane-1".into()),
            raw_text: None,
        },
    }
}

fn new_app(no_color: bool) -> App {
    App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "acme-prod".into(),
            domain: "https://acme.okta.com".into(),
            read_only: false,
            color: None,
        }),
        width: W,
        height: H,
        no_color,
        detail_pane: true,
        ..Default::default()
    })
}

/// The request of the pane's settle timer among `effects`.
fn settle_req(effects: &[Effect]) -> ReqId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Pane(PaneEffect::Settle { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("the pane's timer")
}

/// 30 users loaded, the cursor moved to the third; the pane waits for it to rest.
fn users_waiting(no_color: bool) -> (App, ReqId) {
    let mut app = new_app(no_color);
    let req = app
        .start()
        .iter()
        .find_map(|e| match e {
            Effect::LoadUsers { req, .. } => Some(*req),
            _ => None,
        })
        .expect("users load");
    app.update(Msg::Page {
        req,
        slot: Slot::Users,
        items: PageItems::Users((0..30).map(user_row).collect()),
        more: false,
    });
    let key = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    app.update(key('j'));
    let effects = app.update(key('j'));
    (app, settle_req(&effects))
}

fn users_loaded(no_color: bool) -> App {
    let (mut app, req) = users_waiting(no_color);
    app.update(Msg::Pane(PaneMsg::Settled {
        req,
        now_epoch: NOW,
        budget: None,
    }));
    app.update(Msg::Pane(PaneMsg::User {
        req,
        result: Ok(fetched(full_user(&user_row(2)))),
    }));
    app
}

/// The groups tab loaded, the cursor on the second group, and the pane's timer for it.
fn groups_waiting() -> (App, ReqId) {
    let mut app = new_app(false);
    let effects = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('2'),
        KeyModifiers::NONE,
    )));
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadGroups { req, .. } => Some(*req),
            _ => None,
        })
        .expect("groups load");
    app.update(Msg::Page {
        req,
        slot: Slot::Groups,
        items: PageItems::Groups(groups()),
        more: false,
    });
    let effects = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('j'),
        KeyModifiers::NONE,
    )));
    (app, settle_req(&effects))
}

fn render(app: &App) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    term.draw(|f| oktui::ui::draw(f, app)).expect("draw");
    term
}

#[test]
fn users_pane_waiting_160x48() {
    let (app, _) = users_waiting(false);
    insta::assert_debug_snapshot!("users_pane_waiting_160x48", render(&app).backend());
}

#[test]
fn users_pane_loaded_160x48() {
    let app = users_loaded(false);
    insta::assert_debug_snapshot!("users_pane_loaded_160x48", render(&app).backend());
}

#[test]
fn users_pane_paused_by_the_rate_budget_160x48() {
    let (mut app, req) = users_waiting(false);
    app.update(Msg::Pane(PaneMsg::Settled {
        req,
        now_epoch: NOW,
        budget: Some(RateBudget {
            bucket: "/api/v1/users",
            limit: 600,
            remaining: 90,
            reset_epoch: NOW + 35,
        }),
    }));
    insta::assert_debug_snapshot!("users_pane_paused_160x48", render(&app).backend());
}

#[test]
fn groups_pane_waiting_160x48() {
    let (app, _) = groups_waiting();
    insta::assert_debug_snapshot!("groups_pane_waiting_160x48", render(&app).backend());
}

#[test]
fn groups_pane_loaded_160x48() {
    let (mut app, req) = groups_waiting();
    app.update(Msg::Pane(PaneMsg::Settled {
        req,
        now_epoch: NOW,
        budget: None,
    }));
    let mut fresh = groups().remove(1);
    // A single GET has no member count: the list's stays.
    fresh.users_count = None;
    app.update(Msg::Pane(PaneMsg::Group {
        req,
        result: Ok(fetched(fresh)),
    }));
    insta::assert_debug_snapshot!("groups_pane_loaded_160x48", render(&app).backend());
}

#[test]
fn the_pane_under_no_color_has_no_colour_and_the_same_text() {
    let plain = render(&users_loaded(true));
    let coloured = render(&users_loaded(false));
    let (pb, cb) = (plain.backend().buffer(), coloured.backend().buffer());
    let pane_x = W - oktui::app::pane::pane_width(W);
    let mut coloured_cells = 0;
    for y in 2..H - 2 {
        for x in pane_x..W {
            let c = &pb[(x, y)];
            assert!(
                matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                "cell {x},{y} {:?} has colour {:?}/{:?}",
                c.symbol(),
                c.fg,
                c.bg
            );
            assert_eq!(c.symbol(), cb[(x, y)].symbol(), "text differs at {x},{y}");
            if !matches!(cb[(x, y)].fg, Color::Reset) {
                coloured_cells += 1;
            }
        }
    }
    // The coloured console does colour it (the status, labels, the border).
    assert!(coloured_cells > 0);
}
