//! A tenant opened from its local index, rendered into ratatui's `TestBackend`: the rows read
//! from the index and the header saying how old it is while the background sync runs, at
//! 80x24 and 160x48.

use std::time::Duration;

use oktui::app::index_view::{IndexEffect, IndexMsg, IndexPolicy};
use oktui::app::{App, AppInit, Effect, Msg, TenantInfo};
use oktui::okta::{UserRow, UserStatus};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(a: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| oktui::ui::draw(f, a)).unwrap();
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn user(i: usize, first: &str, last: &str, status: UserStatus) -> UserRow {
    let login = format!(
        "{}.{}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    UserRow::from(oktui::okta::UserFields {
        id: format!("00u{i:05}").into(),
        status,
        transitioning_to: None,
        login: login.clone().into(),
        email: login.into(),
        first_name: first.into(),
        last_name: last.into(),
        created: Some(1_600_000_000_000 + i as i64 * 86_400_000),
        last_login: Some(1_700_000_000_000 + i as i64 * 3_600_000),
        last_updated: None,
        status_changed: None,
    })
}

fn opened_from_index(w: u16, h: u16) -> App {
    let mut a = App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "acme-prod".into(),
            domain: "https://acme.okta.com".into(),
            read_only: false,
            color: None,
        }),
        index: IndexPolicy {
            tenants: ["acme-prod".to_owned()].into(),
            ..Default::default()
        },
        no_color: true,
        width: w,
        height: h,
        ..Default::default()
    });
    let effects = a.start();
    let Some((req, users)) = effects.iter().find_map(|e| match e {
        Effect::Index(IndexEffect::Open { req, users, .. }) => Some((*req, *users)),
        _ => None,
    }) else {
        panic!("the tenant opens from its index: {effects:?}");
    };
    a.update(Msg::Index(IndexMsg::Opened {
        req,
        age: Some(Duration::from_secs(3 * 60 + 12)),
        users: 5,
        set_aside: None,
    }));
    a.update(Msg::Index(IndexMsg::Users {
        req: users,
        rows: vec![
            user(1, "Ada", "Lovelace", UserStatus::Active),
            user(2, "Alan", "Turing", UserStatus::Suspended),
            user(3, "Grace", "Hopper", UserStatus::Active),
            user(4, "Edsger", "Dijkstra", UserStatus::LockedOut),
            user(5, "Barbara", "Liskov", UserStatus::Active),
        ],
        more: false,
    }));
    a
}

#[test]
fn a_tenant_opened_from_its_index_shows_rows_and_the_index_age() {
    for (w, h) in [(80, 24), (160, 48)] {
        let a = opened_from_index(w, h);
        let s = render(&a, w, h);
        assert!(s.contains("index 3 min old · syncing…"), "{s}");
        assert!(s.contains("Ada Lovelace"), "{s}");
        insta::assert_snapshot!(format!("index_open_{w}x{h}"), s);
    }
}
