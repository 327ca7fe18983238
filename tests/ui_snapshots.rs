//! Every screen rendered into ratatui's `TestBackend` at 80x24 and 160x48 and snapshotted.
//! State is built by feeding `Msg`s with fixed data (no network), as the runtime would.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use oktui::app::{
    App, AppInit, CredentialsTab, DetailPart, Effect, Msg, PageItems, ReqId, Slot, TenantInfo,
    TenantRow,
};
use oktui::okta::{
    ApiResponse, AppLink, Fetched, Group, GroupType, OktaError, Role, User, UserRow, UserStatus,
};
use oktui::okta::{Factor, LogEvent, format_okta_timestamp};
use oktui::triage::TriageInput;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

const FIRST: [&str; 6] = ["Alice", "Bob", "さくら", "Dmitri", "Zoë", "秀英"];
const LAST: [&str; 6] = ["Smith", "Ivanov", "Sato", "Müller", "O'Brien", "王"];
const STATUSES: [UserStatus; 6] = [
    UserStatus::Active,
    UserStatus::Active,
    UserStatus::Suspended,
    UserStatus::LockedOut,
    UserStatus::Provisioned,
    UserStatus::PasswordExpired,
];

fn user_row(i: usize) -> UserRow {
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i / 2) % LAST.len()];
    let ascii = ["alice", "bob", "sakura", "dmitri", "zoe", "xiuying"][i % 6];
    UserRow::from(oktui::okta::UserFields {
        id: format!("00u{i:017}").into(),
        status: STATUSES[i % STATUSES.len()].clone(),
        transitioning_to: None,
        login: format!("{ascii}.{i}@example.com").into(),
        email: format!("{ascii}.{i}@example.com").into(),
        first_name: first.into(),
        last_name: last.into(),
        created: Some(1_600_000_000_000 + i as i64 * 3_600_000),
        last_login: (i % 5 != 4).then_some(1_700_000_000_000 + i as i64 * 60_000),
        last_updated: None,
        status_changed: None,
    })
}

fn rows(n: usize, from: usize) -> Vec<UserRow> {
    (from..from + n).map(user_row).collect()
}

fn group(i: usize, name: &str, kind: GroupType, count: u64) -> Group {
    Group {
        id: format!("00g{i:017}").into(),
        group_type: kind,
        name: name.into(),
        description: format!("{name}: people who work on it").into(),
        created: None,
        last_updated: None,
        last_membership_updated: None,
        users_count: Some(count),
        apps_count: None,
    }
}

fn groups() -> Vec<Group> {
    vec![
        group(1, "Everyone", GroupType::BuiltIn, 12_400),
        group(2, "Engineering", GroupType::OktaGroup, 310),
        group(3, "AD Sales EMEA", GroupType::AppGroup, 55),
        group(4, "営業部", GroupType::OktaGroup, 12),
    ]
}

fn response() -> ApiResponse {
    ApiResponse {
        status: 200,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-okta-request-id".into(), "req-snap-1".into()),
            ("x-rate-limit-limit".into(), "600".into()),
            ("x-rate-limit-remaining".into(), "598".into()),
        ],
        body: serde_json::Value::Null,
        request_id: Some("req-snap-1".into()),
        raw_text: None,
    }
}

fn fetched<T>(value: T) -> Fetched<T> {
    Fetched {
        value,
        response: response(),
    }
}

fn new_app(tenant: bool) -> App {
    App::new(AppInit {
        tenant: tenant.then(|| TenantInfo {
            name: "acme-prod".into(),
            domain: "https://acme.okta.com".into(),
            read_only: true,
            color: Some("red".into()),
        }),
        credentials: CredentialsTab {
            tenants: vec![
                TenantRow {
                    name: "acme-prod".into(),
                    domain: "https://acme.okta.com".into(),
                    auth_label: "API token".into(),
                    read_only: true,
                },
                TenantRow {
                    name: "acme-preview".into(),
                    domain: "https://acme.oktapreview.com".into(),
                    auth_label: "OAuth 2.0 service app".into(),
                    read_only: false,
                },
            ],
            config_path: Some("/home/admin/.config/oktui/config.toml".into()),
            ..Default::default()
        },
        mouse: true,
        no_color: false,
        ..Default::default()
    })
}

fn send(app: &mut App, msg: Msg) -> Vec<Effect> {
    app.update(msg)
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn chars(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn req_of(effects: &[Effect], pick: impl Fn(&Effect) -> Option<ReqId>) -> ReqId {
    effects.iter().find_map(pick).expect("effect")
}

/// Users loaded: 1,000 rows, still loading, rate budget known.
fn users_app(w: u16, h: u16) -> (App, ReqId) {
    let mut app = new_app(true);
    send(&mut app, Msg::Resize(w, h));
    let effects = app.start();
    let req = req_of(&effects, |e| match e {
        Effect::LoadUsers { req, .. } => Some(*req),
        _ => None,
    });
    for p in 0..5 {
        send(
            &mut app,
            Msg::Page {
                req,
                slot: Slot::Users,
                items: PageItems::Users(rows(200, p * 200)),
                more: true,
            },
        );
    }
    send(
        &mut app,
        Msg::Rate(oktui::okta::RateBudget {
            bucket: "/api/v1/users",
            limit: 600,
            remaining: 541,
            reset_epoch: 0,
        }),
    );
    (app, req)
}

fn open_user(app: &mut App) -> ReqId {
    let effects = key(app, KeyCode::Enter);
    req_of(&effects, |e| match e {
        Effect::LoadUserDetail { req, .. } => Some(*req),
        _ => None,
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
            "department": "Engineering", "costCenter": "CC-1042", "employeeNumber": "004711",
            "nickName": null, "badges": ["oncall", "sre"]
        },
        "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
        "_links": {"self": {"href": "x"}, "suspend": {"href": "x"}, "deactivate": {"href": "x"}}
    }))
    .expect("user")
}

fn detail_app(w: u16, h: u16) -> App {
    let (mut app, _) = users_app(w, h);
    let req = open_user(&mut app);
    let r = user_row(0);
    send(
        &mut app,
        Msg::Detail {
            req,
            part: DetailPart::User(Ok(fetched(full_user(&r)))),
        },
    );
    send(
        &mut app,
        Msg::Detail {
            req,
            part: DetailPart::Groups(Ok(fetched(groups()))),
        },
    );
    send(
        &mut app,
        Msg::Detail {
            req,
            part: DetailPart::Roles(Ok(fetched(vec![Role {
                id: "ra1".into(),
                label: "Help Desk Administrator".into(),
                role_type: "HELP_DESK_ADMIN".into(),
                status: "ACTIVE".into(),
                assignment_type: "USER".into(),
                created: None,
                last_updated: None,
            }]))),
        },
    );
    send(
        &mut app,
        Msg::Detail {
            req,
            part: DetailPart::Apps(Ok(fetched(vec![AppLink {
                id: "0oa1".into(),
                label: "Slack".into(),
                link_url: String::new(),
                logo_url: String::new(),
                app_name: "slack".into(),
                app_instance_id: "0oa1".into(),
                app_assignment_id: "0ua1".into(),
                credentials_setup: false,
                hidden: false,
                sort_order: 0,
            }]))),
        },
    );
    send(
        &mut app,
        Msg::Detail {
            req,
            part: DetailPart::SignIn(Box::new(signin_input(full_user(&r)))),
        },
    );
    app
}

/// What the sign-in card's calls answered for `u`: two factors, a failed MFA challenge, a
/// sign-in, and a hostile user agent.
fn signin_input(u: User) -> TriageInput {
    const NOW: i64 = 1_700_000_000_000;
    let id = u.row.id().to_string();
    let event = |kind: &str, result: &str, reason: Option<&str>, ago_h: i64| {
        LogEvent::from_value(serde_json::json!({
            "uuid": format!("{kind}{ago_h}"),
            "published": format_okta_timestamp(NOW - ago_h * 3_600_000),
            "eventType": kind,
            "actor": {"id": id, "type": "User"},
            "target": [{"id": id, "type": "User"}],
            "outcome": {"result": result, "reason": reason},
            "client": {"ipAddress": "198.51.100.7",
                       "userAgent": {"rawUserAgent": "curl/8.5 \u{1b}]0;owned\u{7}"},
                       "geographicalContext": {"city": "Lyon", "country": "France"}},
        }))
    };
    let factor = |id: &str, kind: &str, provider: &str, status: &str| {
        Factor::from_value(serde_json::json!({
            "id": id, "factorType": kind, "provider": provider, "status": status,
            "created": "2023-03-01T09:00:00.000Z",
            "profile": {"phoneNumber": "+1 XXX-XXX-0042"}
        }))
    };
    TriageInput {
        asked: id.clone(),
        user: Ok(u),
        factors: Ok(vec![
            factor("sms1", "sms", "OKTA", "ACTIVE"),
            factor("ost1", "push", "OKTA", "PENDING_ACTIVATION"),
        ]),
        blocks: Ok(vec![]),
        events: Ok(vec![
            event("user.session.start", "SUCCESS", None, 30),
            event(
                "user.authentication.auth_via_mfa",
                "FAILURE",
                Some("VERIFICATION_ERROR"),
                3,
            ),
            event(
                "user.session.start",
                "FAILURE",
                Some("INVALID_CREDENTIALS"),
                2,
            ),
        ]),
        now: NOW,
    }
}

fn groups_app(w: u16, h: u16) -> (App, ReqId) {
    let (mut app, _) = users_app(w, h);
    let effects = key(&mut app, KeyCode::Char('2'));
    let req = req_of(&effects, |e| match e {
        Effect::LoadGroups { req, .. } => Some(*req),
        _ => None,
    });
    send(
        &mut app,
        Msg::Page {
            req,
            slot: Slot::Groups,
            items: PageItems::Groups(groups()),
            more: false,
        },
    );
    (app, req)
}

fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| oktui::ui::draw(f, app)).expect("draw");
    term
}

fn snap(name: &str, build: impl Fn(u16, u16) -> App) {
    for (w, h) in SIZES {
        let app = build(w, h);
        let term = render(&app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), term.backend());
    }
}

#[test]
fn users_list_loading() {
    snap("users_loading", |w, h| users_app(w, h).0);
}

#[test]
fn users_filtered_and_sorted() {
    snap("users_filtered", |w, h| {
        let (mut app, _) = users_app(w, h);
        key(&mut app, KeyCode::Char('o'));
        key(&mut app, KeyCode::Char('o'));
        key(&mut app, KeyCode::Char('/'));
        chars(&mut app, "'sakura");
        app
    });
}

#[test]
fn users_error_paused() {
    snap("users_paused", |w, h| {
        let (mut app, req) = users_app(w, h);
        send(
            &mut app,
            Msg::PageFailed {
                req,
                slot: Slot::Users,
                error: OktaError::Dropped {
                    host: "acme.okta.com".into(),
                    detail: "connection reset by peer".into(),
                },
            },
        );
        app
    });
}

#[test]
fn users_unauthorized_dialog() {
    snap("users_401", |w, h| {
        let (mut app, req) = users_app(w, h);
        send(
            &mut app,
            Msg::PageFailed {
                req,
                slot: Slot::Users,
                error: OktaError::Api {
                    status: 401,
                    code: Some("E0000011".into()),
                    summary: "Invalid token provided".into(),
                    causes: vec![],
                    request_id: Some("rid-401".into()),
                    www_authenticate: None,
                },
            },
        );
        app
    });
}

#[test]
fn user_detail() {
    snap("user_detail", detail_app);
}

#[test]
fn user_detail_factors_and_activity() {
    snap("user_detail_factors_and_activity", |w, h| {
        let mut app = detail_app(w, h);
        key(&mut app, KeyCode::Char('G'));
        app
    });
}

#[test]
fn user_detail_loading() {
    snap("user_detail_loading", |w, h| {
        let (mut app, _) = users_app(w, h);
        open_user(&mut app);
        app
    });
}

#[test]
fn user_raw() {
    snap("user_raw", |w, h| {
        let mut app = detail_app(w, h);
        key(&mut app, KeyCode::Char('v'));
        app
    });
}

#[test]
fn groups_list() {
    snap("groups", |w, h| groups_app(w, h).0);
}

#[test]
fn group_members() {
    snap("group_members", |w, h| {
        let (mut app, _) = groups_app(w, h);
        key(&mut app, KeyCode::Char('j'));
        let effects = key(&mut app, KeyCode::Enter);
        let (greq, mreq) = (
            req_of(&effects, |e| match e {
                Effect::LoadGroup { req, .. } => Some(*req),
                _ => None,
            }),
            req_of(&effects, |e| match e {
                Effect::LoadMembers { req, .. } => Some(*req),
                _ => None,
            }),
        );
        send(
            &mut app,
            Msg::GroupFetched {
                req: greq,
                result: Ok(fetched(groups()[1].clone())),
            },
        );
        send(
            &mut app,
            Msg::Page {
                req: mreq,
                slot: Slot::Members,
                items: PageItems::Users(rows(30, 40)),
                more: true,
            },
        );
        app
    });
}

#[test]
fn credentials_tab() {
    snap("credentials", |w, h| {
        let (mut app, _) = users_app(w, h);
        key(&mut app, KeyCode::Char('3'));
        app
    });
}

#[test]
fn nothing_configured() {
    snap("not_connected", |w, h| {
        let mut app = App::new(AppInit {
            credentials: CredentialsTab {
                notice: Some(oktui::runtime::NOTHING_CONFIGURED.into()),
                ..Default::default()
            },
            ..Default::default()
        });
        send(&mut app, Msg::Resize(w, h));
        app
    });
}

#[test]
fn help_overlay() {
    snap("help", |w, h| {
        let (mut app, _) = users_app(w, h);
        key(&mut app, KeyCode::Char('?'));
        app
    });
}

#[test]
fn command_palette() {
    snap("palette", |w, h| {
        let (mut app, _) = users_app(w, h);
        key(&mut app, KeyCode::Char(':'));
        chars(&mut app, "s");
        app
    });
}

#[test]
fn search_prompt() {
    snap("search_prompt", |w, h| {
        let (mut app, _) = users_app(w, h);
        key(&mut app, KeyCode::Char('s'));
        chars(&mut app, "sak");
        app
    });
}

#[test]
fn status_picker() {
    snap("status_pick", |w, h| {
        let (mut app, _) = users_app(w, h);
        key(&mut app, KeyCode::Char('f'));
        key(&mut app, KeyCode::Down);
        app
    });
}

#[test]
fn status_is_coloured_and_no_color_has_none() {
    let (app, _) = users_app(80, 24);
    let term = render(&app, 80, 24);
    let buf = term.backend().buffer();
    // Row 3 is the first data row; its status cell starts at column 0 (ACTIVE: green).
    assert_eq!(buf[(0, 3)].symbol(), "A");
    assert_eq!(buf[(0, 3)].fg, Color::Green);
    // Row 6: LOCKED_OUT (red).
    assert_eq!(buf[(0, 6)].fg, Color::Red);

    let mut plain = new_app(true);
    plain.color = false;
    send(&mut plain, Msg::Resize(80, 24));
    let effects = plain.start();
    let req = req_of(&effects, |e| match e {
        Effect::LoadUsers { req, .. } => Some(*req),
        _ => None,
    });
    send(
        &mut plain,
        Msg::Page {
            req,
            slot: Slot::Users,
            items: PageItems::Users(rows(50, 0)),
            more: false,
        },
    );
    let term = render(&plain, 80, 24);
    let buf = term.backend().buffer();
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert!(
                matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                "NO_COLOR: colour at {x},{y}"
            );
        }
    }
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let (app, _) = users_app(160, 48);
    let term = render(&app, 160, 48);
    let buf = term.backend().buffer();
    // The email column starts at the same x on every row, whatever the name holds.
    let header: String = (0..160).map(|x| buf[(x, 2)].symbol().to_owned()).collect();
    let email_x = header.find("Email").expect("email column") as u16;
    for y in 3..20 {
        let cell = buf[(email_x, y)].symbol();
        assert!(
            cell.chars().all(|c| c.is_ascii_alphanumeric()),
            "row {y}: email column starts with {cell:?}"
        );
    }
}

#[test]
fn status_label_shows_beside_the_api_value_from_120_columns() {
    let screen = |w| {
        let (app, _) = users_app(w, 36);
        let term = render(&app, w, 36);
        let buf = term.backend().buffer();
        (0..36)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let wide = screen(120);
    assert!(
        wide.contains("PROVISIONED Pending"),
        "the label at 120 columns:\n{wide}"
    );
    // ACTIVE, SUSPENDED and LOCKED_OUT would say the same thing twice: once.
    assert!(!wide.contains("LOCKED_OUT Locked"), "{wide}");
    assert!(!wide.contains("ACTIVE Active"), "{wide}");
    assert!(!wide.contains("SUSPENDED Suspended"), "{wide}");
    let narrow = screen(80);
    assert!(narrow.contains("LOCKED_OUT"), "{narrow}");
    assert!(!narrow.contains("LOCKED_OUT Locked"), "{narrow}");
}

#[test]
fn status_column_gives_its_room_back_when_no_row_shown_has_a_label() {
    let login_column = |app: &App| {
        let term = render(app, 120, 36);
        let buf = term.backend().buffer();
        let head: String = (0..120).map(|x| buf[(x, 2)].symbol()).collect();
        head.find("Login").unwrap_or_else(|| panic!("{head}"))
    };
    let (mut app, _) = users_app(120, 36);
    let with_labels = login_column(&app);
    assert_eq!(
        with_labels, 24,
        "the status column took its 23 columns first"
    );
    // Only ACTIVE rows shown: nothing for the label room to show, so login, name and email
    // keep it.
    key(&mut app, KeyCode::Char('/'));
    chars(&mut app, "'ACTIVE");
    key(&mut app, KeyCode::Enter);
    let term = render(&app, 120, 36);
    let buf = term.backend().buffer();
    let statuses: Vec<String> = (3..34)
        .map(|y| (0..16).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .filter(|s| !s.trim().is_empty())
        .collect();
    assert!(
        !statuses.is_empty() && statuses.iter().all(|s| s.trim() == "ACTIVE"),
        "{statuses:?}"
    );
    assert_eq!(login_column(&app), 17, "status keeps its 16 columns only");
}

#[test]
fn create_user_asks_naming_login_and_tenant() {
    snap("create_confirm", |w, h| {
        let (mut app, _) = users_app(w, h);
        if let Some(t) = app.tenant.as_mut() {
            t.read_only = false;
        }
        key(&mut app, KeyCode::Char('C'));
        for (i, field) in [
            "new.hire@example.com",
            "new.hire@example.com",
            "New",
            "Hire",
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                key(&mut app, KeyCode::Tab);
            }
            chars(&mut app, field);
        }
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char('s'),
            KeyModifiers::CONTROL,
        )));
        app
    });
}

#[test]
fn suspend_of_the_own_account_asks_the_second_question() {
    use oktui::app::Modal;
    use oktui::app::actions::{ActionModal, Confirm, OpKind, Target};
    snap("confirm_own_account", |w, h| {
        let (mut app, _) = users_app(w, h);
        let target = Target {
            id: "00u0admin".into(),
            login: "admin@example.com".into(),
        };
        let mut c = Confirm::new(OpKind::Suspend, target, UserStatus::Active);
        c.own_account = true;
        c.asked_own = true;
        app.modal = Some(Modal::Action(Box::new(ActionModal::Confirm(c))));
        app
    });
}

#[test]
fn a_refused_query_wraps_on_the_status_line() {
    snap("users_refused_wrapped", |w, h| {
        let (mut app, req) = users_app(w, h);
        send(
            &mut app,
            Msg::PageFailed {
                req,
                slot: Slot::Users,
                error: OktaError::Api {
                    status: 400,
                    code: Some("E0000031".into()),
                    summary: "Invalid search criteria.".into(),
                    causes: vec![
                        "filter does not support 'profile.costCenter' with this operator; use eq, sw or pr on an indexed attribute".into(),
                    ],
                    request_id: Some("reqid-400-wrapped".into()),
                    www_authenticate: None,
                },
            },
        );
        app
    });
}

#[test]
fn the_check_before_a_write_shows_the_rate_limit_wait() {
    use oktui::app::Modal;
    use oktui::app::actions::{ActionModal, Checking, Countdown, Intent, Target};
    snap("checking_rate_wait", |w, h| {
        let (mut app, req) = users_app(w, h);
        let target = Target {
            id: "00u0alice".into(),
            login: "alice.0@example.com".into(),
        };
        app.modal = Some(Modal::Action(Box::new(ActionModal::Checking(Checking {
            req,
            target,
            intent: Intent::Menu,
            wait: Countdown(Some(37)),
        }))));
        app
    });
}
