//! Reducer tests by subject: feed `Msg`s, check the model, the returned `Effect`s and, where
//! it matters, the screen drawn. No I/O anywhere. The helpers every subject uses live here.

mod apps;
mod bulk;
mod create;
mod credentials;
mod credentials_tab;
mod detail;
mod filter;
mod help;
mod index;
mod journal_view;
mod keys_remap;
mod logs;
mod membership;
mod mouse;
mod no_tenant;
mod own_account;
mod palette;
mod pane;
mod playbooks;
mod profile;
mod raw_view;
mod signin;
mod sort;
mod status_wrap;
mod streams;
mod tenant_command;
mod write_keys;
mod writes;

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::test_support::{
    acme_app, ch, code, key, ok_response, page, press, row, status_text, stream_users, typed,
    users_req, with_loaded_rows,
};
use super::*;
use crate::okta::{ApiResponse, Fetched, Group, GroupType, OktaError, User, UserRow, UserStatus};

/// An 80×24 console with the mouse on.
fn small_app() -> App {
    acme_app(80, 24, true, false)
}

/// A 120×36 console with the mouse off.
fn wide_app() -> App {
    acme_app(120, 36, false, false)
}

/// A console of this size with the mouse on.
fn sized_app(width: u16, height: u16) -> App {
    acme_app(width, height, true, false)
}

/// `n` users from number `offset` on, five first names, every seventh suspended.
fn mixed_rows(n: usize, offset: usize) -> Vec<UserRow> {
    const FIRST: [&str; 5] = ["Alice", "Bob", "Carol", "Dmitri", "Erin"];
    (0..n)
        .map(|i| {
            let k = i + offset;
            let status = if k % 7 == 3 {
                UserStatus::Suspended
            } else {
                UserStatus::Active
            };
            row(k, FIRST[k % FIRST.len()], status)
        })
        .collect()
}

/// `n` active users named Alice from number `offset` on.
fn alice_rows(n: usize, offset: usize) -> Vec<UserRow> {
    (offset..offset + n)
        .map(|i| row(i, "Alice", UserStatus::Active))
        .collect()
}

/// A small console with `n` mixed users loaded (`more`: the stream still goes).
fn loaded_small(n: usize, more: bool) -> (App, ReqId) {
    stream_users(small_app(), n, more, mixed_rows)
}

/// A wide console with `n` Alices loaded in pages of 200 (`more`: the stream still goes).
fn loaded_wide(n: usize, more: bool) -> (App, ReqId) {
    stream_users(wide_app(), n, more, alice_rows)
}

fn response(status: u16) -> ApiResponse {
    ApiResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: serde_json::Value::Null,
        request_id: Some("req-1".into()),
        raw_text: None,
    }
}

fn fetched<T>(value: T) -> Fetched<T> {
    Fetched {
        value,
        response: response(200),
    }
}

/// Group `i` named `name`, with three members.
fn group(i: usize, name: &str) -> Group {
    Group {
        id: format!("00g{i:05}").into(),
        group_type: GroupType::OktaGroup,
        name: name.into(),
        description: format!("{name} team").into(),
        created: None,
        last_updated: None,
        last_membership_updated: None,
        users_count: Some(3),
        apps_count: None,
    }
}

/// The group "Eng" with this member count (None: the API gave none).
fn eng_group(users_count: Option<u64>) -> Group {
    Group {
        users_count,
        ..group(1, "Eng")
    }
}

fn api_error(status: u16, code: &str) -> OktaError {
    OktaError::Api {
        status,
        code: Some(code.into()),
        summary: "Something went wrong".into(),
        causes: vec!["a cause".into()],
        request_id: Some("rid-42".into()),
        www_authenticate: None,
    }
}

fn dropped() -> OktaError {
    OktaError::Dropped {
        host: "acme.okta.com".into(),
        detail: "connection reset".into(),
    }
}

fn full_user(r: &UserRow) -> User {
    User::from_value(serde_json::json!({
        "id": r.id(),
        "status": r.status_api(),
        "created": "2020-09-13T12:26:40.000Z",
        "profile": {"login": r.login(), "email": r.email(), "firstName": r.first_name(),
                    "lastName": "Tester", "costCenter": "CC-1"},
        "_links": {"self": {}, "suspend": {}}
    }))
    .expect("user")
}

/// The screen as drawn at the app's size, one string per row.
fn drawn_rows(a: &App) -> Vec<String> {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut term = Terminal::new(TestBackend::new(a.width, a.height)).expect("terminal");
    term.draw(|f| crate::ui::draw(f, a)).expect("draw");
    let buf = term.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// The screen as drawn, as one text.
fn screen_text(a: &App) -> String {
    let mut out = drawn_rows(a).join("\n");
    out.push('\n');
    out
}

/// Runs a palette command as typed: `:`, the line, Enter.
fn command(a: &mut App, line: &str) -> Vec<Effect> {
    key(a, ':');
    typed(a, line);
    code(a, KeyCode::Enter)
}

/// The Credentials tab of a `--demo` run with one configured tenant: the file's `sandbox`
/// plus the session's `demo` (not in the file).
fn demo_with_config() -> App {
    use crate::config::{Settings, TenantConfig, TokenSource};
    let mut s = Settings::default();
    s.tenants.push(TenantConfig::with_token(
        "sandbox",
        "https://sandbox.okta.com",
        TokenSource::Inline(secrecy::SecretString::from("00tokenvalue_1234".to_owned())),
    ));
    let mut credentials = CredentialsTab::from_settings(s, "/tmp/c.toml".into(), vec![]);
    credentials.tenants.push(TenantRow {
        name: "demo".into(),
        domain: "http://127.0.0.1:9".into(),
        auth_label: "API token (sandbox)".into(),
        read_only: false,
    });
    App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "demo".into(),
            domain: "http://127.0.0.1:9".into(),
            read_only: false,
            color: None,
        }),
        credentials,
        width: 120,
        height: 36,
        ..Default::default()
    })
}
