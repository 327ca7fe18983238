//! Helpers shared by the reducer tests: an `App` for a fixed tenant, user rows with fixed
//! data, pages fed to the list, and key presses. No I/O anywhere.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::actions::{ActionEffect, ActionModal, ActionMsg, WriteOp, WriteOutcome};
use super::*;
use crate::okta::{ApiResponse, Fetched, OktaError, User, UserRow, UserStatus};

/// An app on the `acme` tenant with a `width`×`height` screen.
pub(crate) fn acme_app(width: u16, height: u16, mouse: bool, read_only: bool) -> App {
    App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "acme".into(),
            domain: "https://acme.okta.com".into(),
            read_only,
            color: None,
        }),
        mouse,
        width,
        height,
        ..Default::default()
    })
}

/// User `i` with a login and email made from `first` and `i`.
pub(crate) fn row(i: usize, first: &str, status: UserStatus) -> UserRow {
    UserRow::from(crate::okta::UserFields {
        id: format!("00u{i:05}").into(),
        status,
        transitioning_to: None,
        login: format!("{}.{i}@example.com", first.to_lowercase()).into(),
        email: format!("{}.{i}@example.com", first.to_lowercase()).into(),
        first_name: first.into(),
        last_name: "Tester".into(),
        created: Some(1_600_000_000_000 + i as i64 * 86_400_000),
        last_login: None,
        last_updated: None,
        status_changed: None,
    })
}

/// A single-GET user: `_links` as Okta gives them for the status.
pub(crate) fn user(r: &UserRow, status: &str, links: &[&str]) -> User {
    let mut l = serde_json::Map::new();
    l.insert("self".into(), json!({}));
    for k in links {
        l.insert((*k).into(), json!({"href": "x"}));
    }
    User::from_value(json!({
        "id": r.id(), "status": status,
        "profile": {"login": r.login(), "email": r.email(), "firstName": r.first_name(), "lastName": r.last_name()},
        "_links": l,
    }))
    .expect("user")
}

/// A plain 200 response with no headers.
pub(crate) fn ok_response() -> ApiResponse {
    ApiResponse {
        status: 200,
        headers: Vec::new(),
        body: serde_json::Value::Null,
        request_id: Some("rid-ok".into()),
        raw_text: None,
    }
}

/// The request id of the `LoadUsers` among `effects`.
pub(crate) fn users_req(effects: &[Effect]) -> ReqId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadUsers { req, .. } => Some(*req),
            _ => None,
        })
        .expect("a LoadUsers effect")
}

/// A page of users for the stream `req`.
pub(crate) fn page(req: ReqId, rows: Vec<UserRow>, more: bool) -> Msg {
    Msg::Page {
        req,
        slot: Slot::Users,
        items: PageItems::Users(rows),
        more,
    }
}

/// Starts `a` and loads these users in one page, the stream finished.
pub(crate) fn with_loaded_rows(mut a: App, rows: Vec<UserRow>) -> App {
    let req = users_req(&a.start());
    a.update(page(req, rows, false));
    a
}

/// Starts `a` and streams `n` users in pages of 200, the stream still going when `more`;
/// `rows(k, at)` makes `k` users from number `at` on.
pub(crate) fn stream_users(
    mut a: App,
    n: usize,
    more: bool,
    rows: impl Fn(usize, usize) -> Vec<UserRow>,
) -> (App, ReqId) {
    let req = users_req(&a.start());
    let mut at = 0;
    while at < n {
        let k = (n - at).min(200);
        a.update(page(req, rows(k, at), more || at + k < n));
        at += k;
    }
    (a, req)
}

/// A character key with no modifiers, upper case included.
pub(crate) fn key(app: &mut App, c: char) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

pub(crate) fn code(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Types `text` with `key` (no modifiers).
pub(crate) fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, c);
    }
}

/// A key as a terminal sends it: upper-case letters come with Shift.
pub(crate) fn key_event(code: KeyCode) -> KeyEvent {
    let mods = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    KeyEvent::new(code, mods)
}

/// `key_event(code)` pressed in `a`.
pub(crate) fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    a.update(Msg::Key(key_event(code)))
}

pub(crate) fn ch(a: &mut App, c: char) -> Vec<Effect> {
    press(a, KeyCode::Char(c))
}

/// Types `text` with `ch` (Shift on upper-case letters).
pub(crate) fn typed_shifted(a: &mut App, text: &str) {
    for c in text.chars() {
        ch(a, c);
    }
}

pub(crate) fn ctrl(a: &mut App, c: char) -> Vec<Effect> {
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

// Writes: the answers the runtime gives the write dialogs, and what the dialogs show.

/// The request of the one `FetchUser` a write key starts.
pub(crate) fn fetch_req(effects: &[Effect]) -> ReqId {
    match effects {
        [Effect::Action(ActionEffect::FetchUser { req, .. })] => *req,
        other => panic!("expected one FetchUser, got {other:?}"),
    }
}

/// The one write among `effects`, checked to go to the `acme` tenant.
pub(crate) fn write_of(effects: &[Effect]) -> (ReqId, WriteOp) {
    match effects {
        [Effect::Action(ActionEffect::Write { req, op, tenant })] => {
            assert_eq!(tenant, "acme");
            (*req, op.clone())
        }
        other => panic!("expected one Write, got {other:?}"),
    }
}

/// The status line's text (empty without one).
pub(crate) fn status_text(a: &App) -> String {
    a.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The answer to the fresh GET `req` of a user before a write: this user.
pub(crate) fn answer_fetch(a: &mut App, req: ReqId, u: User) -> Vec<Effect> {
    a.update(Msg::Action(ActionMsg::UserFetched {
        req,
        result: Ok(Fetched {
            value: u,
            response: ok_response(),
        }),
    }))
}

/// The answer to the write `req`.
pub(crate) fn write_done(
    a: &mut App,
    req: ReqId,
    result: Result<WriteOutcome, OktaError>,
) -> Vec<Effect> {
    a.update(Msg::Action(ActionMsg::WriteDone { req, result }))
}

/// A write that went through, the user as the fresh GET shows them.
pub(crate) fn write_ok(u: Option<User>) -> Result<WriteOutcome, OktaError> {
    Ok(WriteOutcome {
        user: u,
        link: None,
        request_id: Some("rid-77".into()),
        gone: false,
        note: None,
    })
}

/// A password reset that returned its link instead of emailing it.
pub(crate) fn reset_link_issued(u: User) -> Result<WriteOutcome, OktaError> {
    Ok(WriteOutcome {
        user: Some(u),
        link: Some("https://acme.okta.com/reset/TOKEN".into()),
        request_id: None,
        gone: false,
        note: None,
    })
}

/// The open write dialog.
pub(crate) fn action_modal(a: &App) -> &ActionModal {
    match &a.modal {
        Some(Modal::Action(m)) => m,
        other => panic!("expected an action dialog, got {other:?}"),
    }
}

/// An `acme` app at 120×36 with these users loaded.
pub(crate) fn app_with(read_only: bool, rows: Vec<UserRow>) -> App {
    with_loaded_rows(acme_app(120, 36, false, read_only), rows)
}

/// Alice (ACTIVE), Bob (SUSPENDED), Carol (ACTIVE).
pub(crate) fn three_users() -> Vec<UserRow> {
    vec![
        row(1, "Alice", UserStatus::Active),
        row(2, "Bob", UserStatus::Suspended),
        row(3, "Carol", UserStatus::Active),
    ]
}

/// The lifecycle `_links` Okta gives an ACTIVE user.
pub(crate) fn active_links() -> Vec<&'static str> {
    vec![
        "suspend",
        "deactivate",
        "resetPassword",
        "expirePassword",
        "changePassword",
    ]
}

/// An Okta API error with these causes and the request id `rid-err`.
pub(crate) fn validation_error(status: u16, code: &str, causes: &[&str]) -> OktaError {
    OktaError::Api {
        status,
        code: Some(code.into()),
        summary: "Api validation failed: login".into(),
        causes: causes.iter().map(|c| (*c).to_owned()).collect(),
        request_id: Some("rid-err".into()),
        www_authenticate: None,
    }
}
