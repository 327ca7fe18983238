//! The console's writes against the sandbox, below the terminal: a read-only client sends
//! nothing; the journal holds what ran and no secret; a bulk run driven by the console's own
//! reducer finishes under a rate-limited bucket without one failed row.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use oktui::app::actions::bulk::{ItemState, Phase};
use oktui::app::actions::{ActionEffect, ActionModal, ActionMsg, NewUserSpec, Target, WriteOp};
use oktui::app::{App, AppInit, Effect, Modal, Msg, PageItems, Slot, TenantInfo};
use oktui::journal::{Journal, Source};
use oktui::okta::{
    Auth, Client, ClientConfig, Expr, LifecycleOp, NewUser, OktaError, UserQuery, UserRow,
};
use oktui::runtime::writes::write_and_journal;
use oktui::sandbox::{self, Faults, SandboxHandle, SandboxOptions};
use tokio::sync::mpsc;

fn client(sb: &SandboxHandle, read_only: bool) -> Client {
    let mut cfg = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
    cfg.read_only = read_only;
    Client::new(cfg).expect("client")
}

async fn active_rows(c: &Client, n: usize) -> Vec<UserRow> {
    let mut pages = c.list_users(UserQuery::filter(&Expr::eq("status", "ACTIVE")));
    let mut out = Vec::new();
    while let Some(p) = pages.next_page().await {
        out.extend(p.expect("page").items);
        if out.len() >= n {
            break;
        }
    }
    out.truncate(n);
    out
}

#[tokio::test]
async fn read_only_client_refuses_a_post_without_sending_it() {
    let sb = sandbox::start(SandboxOptions::new(20))
        .await
        .expect("sandbox");
    let rw = client(&sb, false);
    let target = active_rows(&rw, 1).await.remove(0);
    let ro = client(&sb, true);
    sb.reset_request_counts();
    let op = WriteOp::Lifecycle {
        target: Target::of_row(&target),
        op: LifecycleOp::Suspend,
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = Journal::at(dir.path().join("journal.jsonl"));
    let err = write_and_journal(&ro, "sandbox", &op, &journal)
        .await
        .expect_err("refused");
    assert!(matches!(err, OktaError::ReadOnly { .. }), "{err:?}");
    // Journaled as never sent.
    let entries = journal.read_recent(10);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].outcome(), oktui::journal::Outcome::NotSent);
    assert_eq!(sb.request_count("POST", "/api/v1/users"), 0);
    assert_eq!(sb.request_count("GET", "/api/v1/users"), 0);
    assert_eq!(sb.user_status(target.id()), Some("ACTIVE"));
}

#[tokio::test]
async fn journal_records_writes_and_holds_no_secret() {
    let sb = sandbox::start(SandboxOptions::new(20))
        .await
        .expect("sandbox");
    let c = client(&sb, false);
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = Journal::at(dir.path().join("journal.jsonl"));
    let target = active_rows(&c, 1).await.remove(0);

    // A reset link (not emailed): the link comes back to the dialog, never to the journal.
    let reset = WriteOp::Lifecycle {
        target: Target::of_row(&target),
        op: LifecycleOp::ResetPassword {
            send_email: false,
            revoke_sessions: true,
        },
    };
    let out = write_and_journal(&c, "sandbox", &reset, &journal)
        .await
        .expect("reset");
    let link = out.link.expect("a reset link");
    assert_eq!(
        out.user.map(|u| u.row.status_api().to_owned()).as_deref(),
        Some("RECOVERY")
    );

    // A create with a password and a recovery answer.
    let new = NewUser {
        login: "journal.probe@example.com".into(),
        email: "journal.probe@example.com".into(),
        first_name: "Journal".into(),
        last_name: "Probe".into(),
        password: Some("Unguessable-Pa55word!".to_owned().into()),
        recovery_question: Some("Name of the first pet?".into()),
        recovery_answer: Some("Secret-Answer-Rex".to_owned().into()),
        group_ids: Vec::new(),
        activate: true,
    };
    let created = write_and_journal(
        &c,
        "sandbox",
        &WriteOp::Create(NewUserSpec(new.clone())),
        &journal,
    )
    .await
    .expect("create");
    let new_id = created.user.expect("user").row.id().to_string();
    // The same again fails (duplicate login) and is journaled as a failure.
    let dup = write_and_journal(&c, "sandbox", &WriteOp::Create(NewUserSpec(new)), &journal).await;
    assert!(dup.is_err());

    let text = std::fs::read_to_string(journal.path()).expect("journal file");
    for secret in [
        link.as_str(),
        "Unguessable-Pa55word!",
        "Secret-Answer-Rex",
        sb.token(),
    ] {
        assert!(!text.contains(secret), "journal leaks {secret:?}: {text}");
    }
    // The token part of the link is not there either.
    let token_part = link.rsplit('/').next().unwrap_or_default();
    assert!(token_part.len() > 5 && !text.contains(token_part));

    let entries = journal.read_recent(10);
    assert_eq!(entries.len(), 3);
    let e = &entries[0];
    assert_eq!(e.action, "reset-link");
    assert_eq!(e.tenant, "sandbox");
    assert_eq!(e.source, Source::Console);
    assert_eq!(e.target_id.as_deref(), Some(target.id()));
    assert_eq!(e.target_login.as_deref(), Some(target.login()));
    assert_eq!(e.result, "ok");
    assert!(e.request_id.is_some());
    assert_eq!(
        e.options.get("sendEmail"),
        Some(&serde_json::Value::Bool(false))
    );
    assert_eq!(
        e.options.get("revokeSessions"),
        Some(&serde_json::Value::Bool(true))
    );
    assert_eq!(entries[1].action, "create");
    assert_eq!(entries[1].target_id.as_deref(), Some(new_id.as_str()));
    assert_eq!(entries[2].action, "create");
    assert!(
        entries[2].result.starts_with("E0000001"),
        "{}",
        entries[2].result
    );
}

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    let mods = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    a.update(Msg::Key(KeyEvent::new(code, mods)))
}

/// Marks every row, presses `S`, runs the plan, and performs the writes exactly as the
/// console's runtime does (the reducer paces them). Returns (ok, failed).
async fn bulk_suspend(sb: &SandboxHandle, c: &Client, rows: Vec<UserRow>) -> (usize, usize) {
    let (ok, failed, _) = bulk_suspend_results(sb, c, rows).await;
    (ok, failed)
}

/// As `bulk_suspend`, also returning each row's result as the run dialog shows it.
async fn bulk_suspend_results(
    sb: &SandboxHandle,
    c: &Client,
    rows: Vec<UserRow>,
) -> (usize, usize, Vec<ItemState>) {
    let mut app = App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "sandbox".into(),
            domain: sb.base_url().into(),
            read_only: false,
            color: None,
        }),
        width: 120,
        height: 40,
        ..Default::default()
    });
    let req = app
        .start()
        .iter()
        .find_map(|e| match e {
            Effect::LoadUsers { req, .. } => Some(*req),
            _ => None,
        })
        .expect("load");
    let n = rows.len();
    app.update(Msg::Page {
        req,
        slot: Slot::Users,
        items: PageItems::Users(rows),
        more: false,
    });
    for _ in 0..n {
        press(&mut app, KeyCode::Char(' '));
    }
    assert_eq!(app.marked_count(), n);
    press(&mut app, KeyCode::Char('S'));
    let mut effects = press(&mut app, KeyCode::Enter);
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = Journal::at(dir.path().join("journal.jsonl"));
    let (tx, mut rx) = mpsc::channel::<Msg>(16);
    loop {
        for e in effects.drain(..) {
            if let Effect::Action(ActionEffect::Write { req, tenant, op }) = e {
                let (c, tx, journal) = (c.clone(), tx.clone(), journal.clone());
                tokio::spawn(async move {
                    let result = write_and_journal(&c, &tenant, &op, &journal).await;
                    let _ = tx
                        .send(Msg::Action(ActionMsg::WriteDone { req, result }))
                        .await;
                });
            }
        }
        let run = match &app.modal {
            Some(Modal::Action(m)) => match m.as_ref() {
                ActionModal::Bulk(run) => run.clone(),
                other => panic!("unexpected dialog {other:?}"),
            },
            other => panic!("the run dialog closed: {other:?}"),
        };
        if run.phase == Phase::Done {
            for item in &run.items {
                if let ItemState::Failed(why) = &item.state {
                    eprintln!("failed: {} {why}", item.op.describe());
                }
            }
            // A row found already done after Okta's refusal has two entries: the refused
            // write and the note that nothing needed changing.
            let noted = run
                .items
                .iter()
                .filter(|i| matches!(&i.state, ItemState::Ok(t) if t.starts_with("ok: already")))
                .count();
            // A row the client gave back after waiting out 429s was sent again: Okta did not
            // act on the first attempt, which the journal records as refused.
            let requeued: usize = run.items.iter().map(|i| i.retries as usize).sum();
            assert_eq!(
                journal.read_recent(n + 10).len(),
                run.ok() + run.failed() + noted + requeued
            );
            let states = run.items.iter().map(|i| i.state.clone()).collect();
            return (run.ok(), run.failed(), states);
        }
        let msg = tokio::time::timeout(Duration::from_secs(600), rx.recv())
            .await
            .expect("an answer within the deadline")
            .expect("channel open");
        effects = app.update(msg);
    }
}

/// Rows already in the target state (suspended since the list was loaded, or a re-run) end
/// as done with a note, not as Okta's wrong-state refusal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_suspend_of_rows_already_suspended_reports_them_done_with_a_note() {
    let sb = sandbox::start(SandboxOptions::new(40))
        .await
        .expect("sandbox");
    let c = client(&sb, false);
    let rows = active_rows(&c, 5).await;
    assert_eq!(rows.len(), 5);
    // Suspended behind the console's back: its rows still say ACTIVE.
    for r in &rows[..2] {
        assert!(sb.set_user_status(r.id(), "SUSPENDED"));
    }
    let (ok, failed, states) = bulk_suspend_results(&sb, &c, rows.clone()).await;
    assert_eq!((ok, failed), (5, 0), "{states:?}");
    for r in &rows {
        assert_eq!(sb.user_status(r.id()), Some("SUSPENDED"));
    }
    let noted = states
        .iter()
        .filter(|s| matches!(s, ItemState::Ok(t) if t.contains("already suspended")))
        .count();
    assert_eq!(noted, 2, "{states:?}");
}

/// A bucket smaller than the run: the client paces and waits out the window; no row fails.
/// (The sandbox's window is a real 60 s, so this takes up to about a minute.) The 20 suspends
/// count against the user-write bucket and the fresh GETs against the single-user one, as on
/// Okta, so each bucket must be smaller than 20.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_suspend_over_a_small_bucket_finishes_without_failures() {
    let mut opts = SandboxOptions::new(60);
    opts.faults = Faults {
        rate_limit_per_min: 12,
        ..Faults::default()
    };
    let sb = sandbox::start(opts).await.expect("sandbox");
    let c = client(&sb, false);
    let rows = active_rows(&c, 20).await;
    assert_eq!(rows.len(), 20);
    let ids: Vec<String> = rows.iter().map(|r| r.id().to_string()).collect();
    let (ok, failed) = bulk_suspend(&sb, &c, rows).await;
    assert_eq!((ok, failed), (20, 0));
    for id in ids {
        assert_eq!(sb.user_status(&id), Some("SUSPENDED"));
    }
}

/// The README's bulk figure: 1,000 users against 600/min buckets. Takes a few minutes (the writes
/// and the fresh GETs each fill their own bucket), so it runs on demand:
/// `cargo test --test actions_sandbox -- --ignored`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn bulk_suspend_1000_users_at_600_per_minute_finishes_without_failures() {
    let mut opts = SandboxOptions::new(1600);
    opts.faults = Faults {
        rate_limit_per_min: 600,
        ..Faults::default()
    };
    let sb = sandbox::start(opts).await.expect("sandbox");
    let c = client(&sb, false);
    let rows = active_rows(&c, 1000).await;
    assert_eq!(rows.len(), 1000, "the seeded org has 1,000 ACTIVE users");
    let started = std::time::Instant::now();
    let (ok, failed) = bulk_suspend(&sb, &c, rows).await;
    eprintln!(
        "1000-user bulk suspend: {ok} ok, {failed} failed in {:?}",
        started.elapsed()
    );
    assert_eq!((ok, failed), (1000, 0));
}
