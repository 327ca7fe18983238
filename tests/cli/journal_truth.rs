//! The journal's promise: every write's intent is on disk before the request leaves, and its
//! outcome after; a write cut off in flight reads as "outcome unknown", never as missing.
//! The sandbox here applies a write even when the client hangs up, as a real org does.

use std::process::Child;
use std::time::Duration;

use oktui::journal::{Journal, Outcome};
use oktui::okta::{
    Auth, Client, ClientConfig, LifecycleOp, OktaError, UserQuery, UserRef, UserStatus, Write,
};
use oktui::perform::{Origin, perform};
use oktui::sandbox::{self, Faults, SandboxOptions};
use serde_json::Value;

use crate::cli_support::{Org, jsonl};

/// Each request takes this long: long enough to signal the CLI while a write is in flight.
const SLOW_MS: u64 = 1500;

fn slow_org() -> (Org, String) {
    let org = Org::start(30);
    let login = org.login_with_status("ACTIVE");
    org.sandbox.set_faults(Faults {
        latency_ms: SLOW_MS,
        complete_after_disconnect: true,
        ..Default::default()
    });
    (org, login)
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: kill(2) on the pid of a child this test started and has not waited for yet.
    assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
}

fn wait_status(org: &Org, login: &str, status: &str) {
    for _ in 0..200 {
        if org.sandbox.user_status(login) == Some(status) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "{login} never became {status}: {:?}",
        org.sandbox.user_status(login)
    );
}

#[test]
fn sigterm_lets_the_write_in_flight_finish_and_records_its_outcome() {
    let (org, login) = slow_org();
    let child = org.spawn(&["users", "lifecycle", &login, "suspend"]);
    // The intent is written after the user lookup, just before the POST leaves.
    org.wait_journal_lines("\"phase\":\"intent\"", 1);
    std::thread::sleep(Duration::from_millis(200));
    signal(&child, libc::SIGTERM);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    assert!(stderr.contains("after the write in flight"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("suspend: ok"));
    assert_eq!(org.sandbox.user_status(&login), Some("SUSPENDED"));
    let entries = org.journal();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].outcome(), Outcome::Ok);
    assert!(entries[0].write_id.is_some() && entries[0].request_id.is_some());
    let text = org.journal_text();
    assert_eq!(text.lines().count(), 2, "intent and outcome: {text}");
}

#[test]
fn sigkill_in_flight_leaves_the_intent_and_reads_as_unknown_with_a_check() {
    let (org, login) = slow_org();
    let child = org.spawn(&["users", "lifecycle", &login, "suspend"]);
    org.wait_journal_lines("\"phase\":\"intent\"", 1);
    std::thread::sleep(Duration::from_millis(200));
    signal(&child, libc::SIGKILL);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), None, "killed by the signal");
    // The sandbox, like Okta, finishes the write although the client is gone.
    wait_status(&org, &login, "SUSPENDED");
    let text = org.journal_text();
    assert_eq!(text.lines().count(), 1, "only the intent: {text}");
    let entries = org.journal();
    assert_eq!(entries[0].outcome(), Outcome::Unknown);
    assert!(
        entries[0].result.contains("outcome unknown"),
        "{:?}",
        entries[0]
    );

    let (code, out, err) = org.run(&["journal", "--unknown", "-o", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 1, "{out}");
    assert_eq!(rows[0]["outcome"], "unknown");
    assert_eq!(rows[0]["action"], "suspend");
    let id = org.sandbox.user_id(&login).unwrap();
    assert_eq!(
        rows[0]["check"],
        Value::String(format!("oktui users get {id} --tenant env"))
    );
    let (code, out, _) = org.run(&["journal"]);
    assert_eq!(code, 0);
    assert!(out.contains("unknown") && out.contains(&login), "{out}");
}

#[test]
fn sigterm_stops_a_bulk_run_between_rows_and_resume_runs_only_the_rest() {
    let org = Org::start(40);
    let actives: Vec<String> = org
        .users()
        .into_iter()
        .filter(|u| u["status"] == "ACTIVE")
        .take(3)
        .map(|u| u["login"].as_str().unwrap().to_owned())
        .collect();
    let file = org.dir.path().join("users.txt");
    std::fs::write(&file, actives.join("\n")).unwrap();
    org.sandbox.set_faults(Faults {
        latency_ms: 600,
        complete_after_disconnect: true,
        ..Default::default()
    });
    let path = file.to_str().unwrap();
    let child = org.spawn(&["users", "lifecycle", "--from", path, "suspend"]);
    org.wait_journal_lines("\"phase\":\"intent\"", 1);
    signal(&child, libc::SIGTERM);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    let run = stderr
        .split("--resume ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .map(|s| s.trim_end_matches(')').to_owned())
        .unwrap_or_else(|| panic!("no run id in {stderr}"));
    // The row in flight finished; none after it was started.
    let done = jsonl(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(done.len(), 1, "{done:?}");
    assert_eq!(done[0]["ok"], true);
    assert_eq!(org.sandbox.user_status(&actives[0]), Some("SUSPENDED"));
    assert_eq!(org.sandbox.user_status(&actives[2]), Some("ACTIVE"));

    org.sandbox.set_faults(Faults::default());
    org.sandbox.reset_request_counts();
    let (code, out, err) = org.run(&[
        "users",
        "lifecycle",
        "--from",
        path,
        "suspend",
        "--resume",
        &run,
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 2, "only the rows not done: {out}");
    assert_eq!(org.sandbox.request_count("POST", "/api/v1/users"), 2);
    for a in &actives {
        assert_eq!(org.sandbox.user_status(a), Some("SUSPENDED"));
    }
}

#[test]
fn a_write_that_times_out_is_journaled_as_unknown_and_says_it_may_have_applied() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sb = sandbox::start(SandboxOptions::new(20)).await.unwrap();
        let fast = Client::new(ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()))).unwrap();
        let admin = sb.admin_id();
        let target = fast
            .list_users(UserQuery::default())
            .collect_all()
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.status() == UserStatus::Active && *u.id() != *admin)
            .expect("an ACTIVE user")
            .id()
            .to_string();
        sb.set_faults(Faults {
            latency_ms: 800,
            complete_after_disconnect: true,
            ..Default::default()
        });
        let mut cfg = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
        cfg.timeout = Duration::from_millis(300);
        let client = Client::new(cfg).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("journal.jsonl"));
        let origin = Origin {
            tenant: "sandbox".into(),
            source: oktui::journal::Source::Cli,
            run: None,
        };
        let write = Write::Lifecycle {
            user: UserRef::id(target.clone()),
            op: LifecycleOp::ExpirePassword,
        };
        let done = perform(&client, &journal, &origin, &write).await;
        let err = done.result.expect_err("no answer in time");
        assert!(matches!(err, OktaError::Dropped { .. }), "{err:?}");
        assert!(
            err.to_string().contains("may or may not have been applied"),
            "{err}"
        );
        assert_eq!(done.outcome, Outcome::Unknown);
        let entries = journal.read_recent(10);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].outcome(), Outcome::Unknown);
        assert!(
            entries[0].result.starts_with("outcome unknown"),
            "{:?}",
            entries[0]
        );
        // And the server did apply it.
        for _ in 0..100 {
            if sb.user_status(&target) == Some("PASSWORD_EXPIRED") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(sb.user_status(&target), Some("PASSWORD_EXPIRED"));
    });
}

#[test]
fn the_sandbox_applies_a_write_after_a_hang_up_only_with_the_fault() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sb = sandbox::start(SandboxOptions::new(30)).await.unwrap();
        let fast = Client::new(ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()))).unwrap();
        let admin = sb.admin_id();
        let actives: Vec<String> = fast
            .list_users(UserQuery::default())
            .collect_all()
            .await
            .unwrap()
            .into_iter()
            .filter(|u| u.status() == UserStatus::Active && *u.id() != *admin)
            .take(2)
            .map(|u| u.id().to_string())
            .collect();
        let mut cfg = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
        cfg.timeout = Duration::from_millis(200);
        let impatient = Client::new(cfg).unwrap();
        for (id, complete) in actives.iter().zip([false, true]) {
            sb.set_faults(Faults {
                latency_ms: 600,
                complete_after_disconnect: complete,
                ..Default::default()
            });
            let err = impatient
                .lifecycle(id, &LifecycleOp::Suspend)
                .await
                .expect_err("the client hangs up first");
            assert!(matches!(err, OktaError::Dropped { .. }), "{err:?}");
            tokio::time::sleep(Duration::from_millis(900)).await;
            let expected = if complete { "SUSPENDED" } else { "ACTIVE" };
            assert_eq!(sb.user_status(id), Some(expected), "complete={complete}");
        }
    });
}
