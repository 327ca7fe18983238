//! The System Log, factors and the triage fetch against the sandbox org: paging, the tail's
//! cursor across writes and lost connections, factor resets as writes, and the card for a
//! locked-out user.

use std::collections::HashSet;
use std::time::Duration;

use oktui::okta::{
    Auth, Client, ClientConfig, LifecycleOp, LogQuery, UserRef, UserStatus, Write,
    format_okta_timestamp,
};
use oktui::sandbox::{Faults, RAISED_RATE_LIMIT, SandboxHandle, SandboxOptions, start};
use oktui::triage::{self, SignIn, Suggestion};

async fn sandbox(users: usize) -> SandboxHandle {
    start(SandboxOptions::new(users).with_rate_limit(RAISED_RATE_LIMIT))
        .await
        .unwrap()
}

fn client(sb: &SandboxHandle) -> Client {
    let mut c = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
    c.timeout = Duration::from_secs(20);
    Client::new(c).unwrap()
}

fn days_ago(n: i64) -> String {
    format_okta_timestamp(chrono::Utc::now().timestamp_millis() - n * 86_400_000)
}

async fn user_with(c: &Client, status: &str) -> oktui::okta::User {
    let q = oktui::okta::UserQuery {
        filter: Some(format!("status eq \"{status}\"")),
        limit: Some(1),
        ..Default::default()
    };
    let mut pages = c.list_users(q);
    let row = pages.next_page().await.unwrap().unwrap().items.remove(0);
    c.get_user(row.id()).await.unwrap().value
}

#[tokio::test]
async fn list_pages_through_a_bounded_query_once_each() {
    let sb = sandbox(60).await;
    let c = client(&sb);
    let q = LogQuery {
        since: Some(days_ago(90)),
        limit: Some(50),
        ..Default::default()
    };
    let mut pages = c.list_logs(&q);
    let mut seen = HashSet::new();
    let mut n = 0;
    let mut last = i64::MIN;
    while let Some(p) = pages.next_page().await {
        for e in p.unwrap().items {
            assert!(seen.insert(e.uuid.clone()), "repeated {}", e.uuid);
            let t = e.published.unwrap();
            assert!(t >= last);
            last = t;
            n += 1;
        }
    }
    assert!(n > 100, "{n}");
    // newest first, one request.
    let recent = c.recent_logs(&q, 10).await.unwrap().value;
    assert_eq!(recent.len(), 10);
    assert!(recent[0].published >= recent[9].published);
}

#[tokio::test]
async fn tail_returns_each_new_event_once_across_writes_and_lost_connections() {
    let sb = sandbox(40).await;
    let c = client(&sb);
    let mut tail = c
        .tail_logs(&LogQuery::default())
        .unwrap()
        .with_intervals(Duration::from_millis(50), Duration::from_millis(200));
    assert!(tail.poll().await.unwrap().is_empty());
    let locked = user_with(&c, "LOCKED_OUT").await;
    c.lifecycle(locked.row.id(), &LifecycleOp::Unlock)
        .await
        .unwrap();
    let got = tail.next_batch().await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].event_type, "user.account.unlock");
    assert!(got[0].concerns(locked.row.id()));

    // Every answer lost: polls fail, the cursor stays.
    let active = user_with(&c, "ACTIVE").await.row.id().to_string();
    sb.set_faults(Faults {
        drop_rate: 1.0,
        rate_limit_per_min: RAISED_RATE_LIMIT,
        ..Faults::default()
    });
    let cursor = tail.cursor().to_owned();
    assert!(sb.set_user_status(&active, "LOCKED_OUT"));
    assert!(tail.poll().await.is_err());
    assert_eq!(tail.cursor(), cursor, "a failed poll keeps its place");
    sb.set_faults(Faults {
        rate_limit_per_min: RAISED_RATE_LIMIT,
        ..Faults::default()
    });
    let mut got = Vec::new();
    for _ in 0..5 {
        got.extend(tail.next_batch().await.unwrap());
    }
    let types: Vec<&str> = got.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(
        types,
        [
            "user.session.start",
            "user.session.start",
            "user.session.start",
            "user.account.lock"
        ]
    );
}

#[tokio::test]
async fn factors_list_and_reset_one_then_all_as_writes() {
    let sb = sandbox(80).await;
    let c = client(&sb);
    let mut target = None;
    let mut pages = c.list_users(Default::default());
    'outer: while let Some(p) = pages.next_page().await {
        for row in p.unwrap().items {
            if row.status() == UserStatus::Active {
                let f = c.list_factors(row.id()).await.unwrap().value;
                if f.len() >= 2 {
                    target = Some((row, f));
                    break 'outer;
                }
            }
        }
    }
    let (row, factors) = target.expect("a user with two factors");
    let one = &factors[0];
    assert_eq!(
        c.get_factor(row.id(), &one.id).await.unwrap().value.id,
        one.id
    );
    let user = UserRef::new(row.id().to_string(), row.login().to_string());
    let w = Write::ResetFactor {
        user: user.clone(),
        factor_id: one.id.clone(),
        factor_type: one.factor_type.clone(),
    };
    assert_eq!(w.action(), "reset-factor");
    assert!(
        c.plan_write(&w)
            .url
            .ends_with(&format!("/factors/{}", one.id))
    );
    c.write(&w, "rid-1").await.unwrap();
    assert_eq!(
        c.list_factors(row.id()).await.unwrap().value.len(),
        factors.len() - 1
    );
    let all = Write::Lifecycle {
        user,
        op: LifecycleOp::ResetFactors,
    };
    c.write(&all, "rid-2").await.unwrap();
    assert!(c.list_factors(row.id()).await.unwrap().value.is_empty());
    let blocks = c.user_blocks(row.id()).await.unwrap().value;
    assert!(blocks.is_empty());
}

#[tokio::test]
async fn triage_fetch_reads_a_locked_out_user_and_its_lock() {
    let sb = sandbox(80).await;
    let c = client(&sb);
    let locked = user_with(&c, "LOCKED_OUT").await;
    let input = triage::fetch(&c, locked.row.login()).await;
    assert!(
        input
            .events
            .as_ref()
            .unwrap()
            .iter()
            .any(|e| e.event_type == "user.account.lock")
    );
    let card = triage::assess(&input);
    assert_eq!(card.can_sign_in, SignIn::No);
    assert!(card.summary.contains("(System Log)"), "{}", card.summary);
    assert_eq!(card.suggestions[0], Suggestion::Unlock);
    assert!(card.lines.iter().all(|l| l.known), "{:?}", card.lines);

    // Unlocked through the suggestion's own write, the card turns.
    let w = card.suggestions[0].write(UserRef::of(&locked));
    c.write(&w, "rid-3").await.unwrap();
    let card = triage::assess(&triage::fetch(&c, locked.row.id()).await);
    assert_eq!(card.can_sign_in, SignIn::Yes, "{card:?}");

    // A failed call reads unknown, not a guess.
    sb.set_faults(Faults {
        error_rate: 1.0,
        rate_limit_per_min: RAISED_RATE_LIMIT,
        ..Faults::default()
    });
    let card = triage::assess(&triage::fetch(&c, locked.row.id()).await);
    assert_eq!(card.can_sign_in, SignIn::Unknown);
}
