//! The Logs tab drawn into ratatui's `TestBackend` at 80x24 and 160x48 and snapshotted: the
//! events table with tail mode in the header, one event opened whole, the preset menu, a
//! refused filter; and under NO_COLOR, no colour anywhere.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use oktui::app::logs::{LogsEffect, LogsMsg, TailWait};
use oktui::app::{App, AppInit, Effect, Msg, ReqId, TenantInfo};
use oktui::okta::{LogEvent, OktaError, format_okta_timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use serde_json::json;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];
const T0: i64 = 1_780_000_000_000;

const KINDS: [(&str, &str, Option<&str>, &str); 6] = [
    (
        "user.session.start",
        "FAILURE",
        Some("INVALID_CREDENTIALS"),
        "User login to Okta",
    ),
    (
        "user.account.lock",
        "SUCCESS",
        Some("LOCKED_OUT"),
        "Max sign in attempts exceeded",
    ),
    ("user.session.start", "SUCCESS", None, "User login to Okta"),
    (
        "user.mfa.factor.activate",
        "SUCCESS",
        None,
        "Activate factor for user",
    ),
    ("user.lifecycle.suspend", "SUCCESS", None, "Suspend user"),
    (
        "user.account.unlock",
        "SUCCESS",
        None,
        "Unlock user account",
    ),
];
const WHO: [&str; 4] = ["alice", "さくら", "dmitri", "zoë"];

fn event(n: usize) -> LogEvent {
    let (kind, result, reason, msg) = KINDS[n % KINDS.len()];
    let who = WHO[n % WHO.len()];
    let admin = kind.starts_with("user.lifecycle") || kind == "user.account.unlock";
    let actor = if admin {
        json!({"id": "00uadmin", "type": "User", "alternateId": "admin@acme.com", "displayName": "Ada Admin"})
    } else {
        json!({"id": format!("00u{n:04}"), "type": "User", "alternateId": format!("{who}.{n}@example.com")})
    };
    LogEvent::from_value(json!({
        "uuid": format!("0e1f{n:04}-aaaa-bbbb-cccc-000000000000"),
        "published": format_okta_timestamp(T0 - n as i64 * 97_000),
        "eventType": kind,
        "displayMessage": msg,
        "severity": if result == "FAILURE" { "WARN" } else { "INFO" },
        "actor": actor,
        "target": [{"id": format!("00u{n:04}"), "type": "User", "alternateId": format!("{who}.{n}@example.com")}],
        "outcome": {"result": result, "reason": reason},
        "client": {"ipAddress": "203.0.113.24",
                   "userAgent": {"rawUserAgent": "Mozilla/5.0 (Macintosh)"},
                   "geographicalContext": {"city": "Paris", "country": "France"}},
        "transaction": {"id": format!("tx{n}")},
    }))
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn chars(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| key(app, KeyCode::Char(c)))
        .collect()
}

/// The Logs tab with 40 events, tail mode on and counting down.
fn logs_app(w: u16, h: u16, color: bool) -> App {
    let mut app = App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "acme-prod".into(),
            domain: "https://acme.okta.com".into(),
            read_only: false,
            color: Some("red".into()),
        }),
        no_color: !color,
        width: w,
        height: h,
        ..Default::default()
    });
    app.update(Msg::Resize(w, h));
    let req = load_req(&chars(&mut app, "4"));
    app.update(Msg::Logs(LogsMsg::Page {
        req,
        events: (0..40).map(event).collect(),
        more: false,
    }));
    let tail = chars(&mut app, "T")
        .iter()
        .find_map(|e| match e {
            Effect::Logs(LogsEffect::Tail { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("a tail");
    app.update(Msg::Logs(LogsMsg::TailWaiting {
        req: tail,
        wait: TailWait::NextPoll,
        seconds: 4,
    }));
    app
}

fn load_req(effects: &[Effect]) -> ReqId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Logs(LogsEffect::Load { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("a listing")
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
fn logs_tab_with_tail() {
    snap("logs_tab", |w, h| logs_app(w, h, true));
}

#[test]
fn log_event_opened() {
    snap("log_event", |w, h| {
        let mut app = logs_app(w, h, true);
        key(&mut app, KeyCode::Down);
        key(&mut app, KeyCode::Enter);
        app
    });
}

#[test]
fn log_presets_menu() {
    snap("log_presets", |w, h| {
        let mut app = logs_app(w, h, true);
        chars(&mut app, "pj");
        app
    });
}

#[test]
fn log_filter_refused() {
    snap("log_refused", |w, h| {
        let mut app = logs_app(w, h, true);
        chars(&mut app, ":logs eventType equals \"user.account.lock\"");
        let req = load_req(&key(&mut app, KeyCode::Enter));
        app.update(Msg::Logs(LogsMsg::Failed {
            req,
            error: OktaError::Api {
                status: 400,
                code: Some("E0000031".into()),
                summary: "Invalid search criteria.".into(),
                causes: vec!["Invalid filter expression: equals".into()],
                request_id: Some("rid-7".into()),
                www_authenticate: None,
            },
        }));
        app
    });
}

#[test]
fn no_color_draws_the_tab_and_the_event_without_colour() {
    let mut app = logs_app(80, 24, false);
    for step in 0..2 {
        let term = render(&app, 80, 24);
        let buf = term.backend().buffer();
        for y in 0..24 {
            for x in 0..80 {
                let c = &buf[(x, y)];
                assert!(
                    matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                    "NO_COLOR: colour at {x},{y} (step {step})"
                );
            }
        }
        key(&mut app, KeyCode::Enter);
    }
}
