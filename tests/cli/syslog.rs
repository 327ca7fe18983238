//! `oktui users factors`, `users reset-factors`, `users why`, `logs list` and `logs tail`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use oktui::sandbox::{Faults, RAISED_RATE_LIMIT, SandboxOptions};
use serde_json::Value;

use super::cli_support::{Org, jsonl};

fn org(users: usize) -> Org {
    Org::start_with(SandboxOptions::new(users).with_rate_limit(RAISED_RATE_LIMIT))
}

/// A user with at least two factors, and those factors.
fn user_with_factors(org: &Org) -> (String, Vec<Value>) {
    for u in org.users() {
        let login = u["login"].as_str().unwrap().to_owned();
        if u["status"] != "ACTIVE" && u["status"] != "LOCKED_OUT" {
            continue;
        }
        let (code, out, _) = org.run(&["users", "factors", &login, "--output", "json"]);
        assert_eq!(code, 0);
        let f: Vec<Value> = serde_json::from_str(&out).unwrap();
        if f.len() >= 2 {
            return (login, f);
        }
    }
    panic!("no user with two factors");
}

fn ninety_days_ago() -> String {
    (chrono::Utc::now() - chrono::Duration::days(89))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[test]
fn why_explains_a_locked_out_user_in_text_and_json_and_exits_0() {
    let org = org(120);
    let login = org.login_with_status("LOCKED_OUT");
    let (code, out, err) = org.run(&["users", "why", &login]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Can sign in: NO"), "{out}");
    assert!(out.contains("locked out since"), "{out}");
    assert!(
        out.contains(&format!("oktui users lifecycle {login} unlock")),
        "{out}"
    );

    let (code, out, _) = org.run(&["users", "why", &login, "--output", "json"]);
    assert_eq!(code, 0);
    let card: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(card["canSignIn"], "NO");
    assert_eq!(card["suggestions"][0]["action"], "unlock");
    let lockouts = card["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"] == "lockouts")
        .unwrap();
    assert!(
        lockouts["value"].as_str().unwrap().starts_with('1'),
        "{lockouts}"
    );

    let active = org.login_with_status("ACTIVE");
    let (code, out, _) = org.run(&["users", "why", &active, "--output", "jsonl"]);
    assert_eq!(code, 0);
    assert_eq!(jsonl(&out)[0]["canSignIn"], "YES");

    let (code, _, _) = org.run(&["users", "why", "nobody@example.com"]);
    assert_eq!(code, 3, "an unknown user is not a verdict");
}

#[test]
fn factors_print_in_every_format() {
    let org = org(60);
    let (login, all) = user_with_factors(&org);
    assert!(
        all.iter()
            .all(|f| f["factorType"].is_string() && f["_links"].is_object())
    );
    let (_, out, _) = org.run(&["users", "factors", &login, "--output", "csv"]);
    assert!(
        out.starts_with("id,factorType,provider,vendorName,status"),
        "{out}"
    );
    assert_eq!(out.lines().count(), all.len() + 1);
    let (_, out, _) = org.run(&["users", "factors", &login]);
    assert!(out.contains("FACTORTYPE"), "{out}");
}

#[test]
fn reset_factors_needs_yes_off_a_terminal_refuses_read_only_and_is_journaled() {
    let org = org(60);
    let (login, _) = user_with_factors(&org);
    let count = |org: &Org| {
        let (_, out, _) = org.run(&["users", "factors", &login, "--output", "json"]);
        serde_json::from_str::<Vec<Value>>(&out).unwrap()
    };
    let before = count(&org);
    assert!(before.len() >= 2);

    let (code, _, err) = org.run(&["users", "reset-factors", &login]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
    let (code, _, err) = org.run(&["--read-only", "users", "reset-factors", &login, "--yes"]);
    assert_ne!(code, 0);
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(org.sandbox.request_count("DELETE", "/api/v1/users"), 0);
    assert_eq!(count(&org).len(), before.len());

    let (code, out, _) = org.run(&[
        "--dry-run",
        "users",
        "reset-factors",
        &login,
        "--factor",
        "f1",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\"DELETE\"") && out.contains("/factors/f1"),
        "{out}"
    );

    let one = before[0]["id"].as_str().unwrap();
    let (code, out, err) = org.run(&["users", "reset-factors", &login, "--factor", one, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("reset-factor: ok"), "{out}");
    assert_eq!(count(&org).len(), before.len() - 1);

    let (code, _, err) = org.run(&["users", "reset-factors", &login, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(count(&org).is_empty());
    let journal = org.journal_text();
    assert!(
        journal.contains("reset-factor") && journal.contains("reset-factors"),
        "{journal}"
    );

    // Both writes are in the System Log.
    let (_, out, _) = org.run(&[
        "logs",
        "list",
        "--filter",
        "eventType eq \"user.mfa.factor.deactivate\" or eventType eq \"user.mfa.factor.reset_all\"",
        "--output",
        "jsonl",
    ]);
    let types: Vec<String> = jsonl(&out)
        .iter()
        .filter(|e| e["target"][0]["alternateId"] == login.as_str())
        .map(|e| e["eventType"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        types,
        ["user.mfa.factor.deactivate", "user.mfa.factor.reset_all"]
    );
}

#[test]
fn logs_list_streams_the_same_events_in_every_format() {
    let org = org(80);
    let since = ninety_days_ago();
    let filter = "eventType eq \"user.session.start\" and outcome.result eq \"FAILURE\"";
    let base = ["logs", "list", "--since", &since, "--filter", filter];
    let run = |fmt: &str| {
        let mut args = base.to_vec();
        args.extend(["--output", fmt]);
        let (code, out, err) = org.run(&args);
        assert_eq!(code, 0, "{err}");
        out
    };
    let lines = jsonl(&run("jsonl"));
    assert!(lines.len() > 5, "{}", lines.len());
    assert!(
        lines
            .iter()
            .all(|e| e["eventType"] == "user.session.start" && e["outcome"]["result"] == "FAILURE")
    );
    let arr: Vec<Value> = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(arr, lines);
    let csv = run("csv");
    assert_eq!(csv.lines().count(), lines.len() + 1);
    assert!(csv.starts_with("published,eventType,result,reason"));
    let table = run("table");
    assert!(table.contains("INVALID_CREDENTIALS"));

    let (code, out, _) = org.run(&[
        "logs", "list", "--since", &since, "--limit", "3", "-o", "jsonl",
    ]);
    assert_eq!(code, 0);
    assert_eq!(jsonl(&out).len(), 3);
    let (code, out, _) = org.run(&[
        "logs", "list", "--since", &since, "--q", "Lagos", "-o", "jsonl",
    ]);
    assert_eq!(code, 0);
    let lagos = jsonl(&out);
    assert!(!lagos.is_empty());
    // The hostile user agent arrives cleaned: no escape or bidi control reaches stdout.
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}') && !out.contains('\u{7}'));
    let (code, out, _) = org.run(&["logs", "list", "--since", &since, "--q", "Lagos"]);
    assert_eq!(code, 0);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'));
}

#[test]
fn a_bad_filter_shows_oktas_error_and_the_expression() {
    let org = org(10);
    let (code, out, err) = org.run(&["logs", "list", "--filter", "eventType eq"]);
    assert_ne!(code, 0);
    assert!(out.is_empty());
    assert!(err.contains("E0000031"), "{err}");
    assert!(err.contains("\"eventType eq\""), "{err}");
    let (code, _, err) = org.run(&["logs", "tail", "--filter", "nonsense eq \"x\""]);
    assert_ne!(code, 0);
    assert!(err.contains("nonsense"), "{err}");
}

/// `oktui logs tail` in the background, polling every `ms`, with its stdout lines on a channel.
fn tail(org: &Org, ms: u64, args: &[&str]) -> (Child, mpsc::Receiver<String>) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("oktui"))
        .args(["logs", "tail"])
        .args(args)
        .env("OKTA_CLIENT_ORGURL", org.sandbox.base_url())
        .env("OKTA_CLIENT_TOKEN", org.sandbox.token())
        .env("OKTUI_DATA_DIR", org.data_dir())
        .env("HOME", org.dir.path())
        .env("XDG_CONFIG_HOME", org.dir.path().join("config"))
        .env("OKTUI_TAIL_INTERVAL_MS", ms.to_string())
        .env_remove("OKTUI_TENANT")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

fn take(rx: &mpsc::Receiver<String>, n: usize, within: Duration) -> Vec<Value> {
    let end = Instant::now() + within;
    let mut got = Vec::new();
    while got.len() < n {
        let left = end.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(l) => got.push(serde_json::from_str(&l).unwrap_or_else(|e| panic!("{e}: {l}"))),
            Err(_) => break,
        }
    }
    got
}

fn interrupt(child: &mut Child) -> (i32, String) {
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    child.wait_with_output_stderr()
}

trait StderrAfterExit {
    fn wait_with_output_stderr(&mut self) -> (i32, String);
}

impl StderrAfterExit for Child {
    fn wait_with_output_stderr(&mut self) -> (i32, String) {
        let status = self.wait().unwrap();
        let mut err = String::new();
        if let Some(mut e) = self.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        (status.code().unwrap_or(-1), err)
    }
}

#[test]
fn tail_follows_new_events_as_json_lines_until_interrupted() {
    let org = org(40);
    let login = org.login_with_status("LOCKED_OUT");
    let (mut child, rx) = tail(&org, 100, &["--output", "jsonl"]);
    std::thread::sleep(Duration::from_millis(700));
    let (code, _, err) = org.run(&["users", "lifecycle", &login, "unlock"]);
    assert_eq!(code, 0, "{err}");
    let got = take(&rx, 1, Duration::from_secs(10));
    assert_eq!(got.len(), 1, "the unlock event did not arrive");
    assert_eq!(got[0]["eventType"], "user.account.unlock");
    assert_eq!(got[0]["target"][0]["alternateId"], login.as_str());
    let (code, _) = interrupt(&mut child);
    assert_eq!(code, 0);
}

#[test]
fn tail_resumes_after_dropped_connections_without_a_hole_or_a_repeat() {
    let org = org(40);
    let active = org.login_with_status("ACTIVE");
    let (mut child, rx) = tail(
        &org,
        100,
        &[
            "--output",
            "jsonl",
            "--filter",
            "eventType eq \"user.session.start\" or eventType eq \"user.account.lock\"",
        ],
    );
    std::thread::sleep(Duration::from_millis(700));
    org.sandbox.set_faults(Faults {
        drop_rate: 1.0,
        rate_limit_per_min: RAISED_RATE_LIMIT,
        ..Faults::default()
    });
    // Three failed sign-ins and the lock, written while every answer is lost.
    assert!(org.sandbox.set_user_status(&active, "LOCKED_OUT"));
    std::thread::sleep(Duration::from_millis(2500));
    org.sandbox.set_faults(Faults {
        rate_limit_per_min: RAISED_RATE_LIMIT,
        ..Faults::default()
    });
    let got = take(&rx, 4, Duration::from_secs(20));
    let types: Vec<&str> = got
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "user.session.start",
            "user.session.start",
            "user.session.start",
            "user.account.lock"
        ]
    );
    // Nothing more: no event repeated.
    assert!(take(&rx, 1, Duration::from_millis(800)).is_empty());
    let (code, err) = interrupt(&mut child);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn tail_pauses_on_the_logs_rate_limit_with_a_notice_and_goes_on() {
    let org = org(40);
    let active = org.login_with_status("ACTIVE");
    let (mut child, rx) = tail(&org, 100, &["--output", "jsonl"]);
    std::thread::sleep(Duration::from_millis(500));
    org.sandbox.set_faults(Faults {
        rate_limit_per_min: 2,
        rate_window_secs: 2,
        ..Faults::default()
    });
    std::thread::sleep(Duration::from_millis(2500));
    assert!(org.sandbox.set_user_status(&active, "LOCKED_OUT"));
    let got = take(&rx, 4, Duration::from_secs(20));
    assert_eq!(got.len(), 4);
    let (code, err) = interrupt(&mut child);
    assert_eq!(code, 0);
    assert!(err.contains("rate limit"), "{err}");
}
