//! The write subcommands against a sandbox: lifecycle, reset links, sessions, create, delete,
//! membership, bulk runs with a failing line, `--dry-run` sending nothing, read-only refusal,
//! confirmation without a terminal, and a journal that never holds a secret.

use super::cli_support::{Org, json_error, jsonl};
use oktui::journal::Source;
use serde_json::Value;

#[test]
fn lifecycle_suspend_unsuspend_and_wrong_state() {
    let org = Org::start(30);
    let login = org.login_with_status("ACTIVE");
    let (code, out, err) = org.run(&["users", "lifecycle", &login, "suspend", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["action"], "suspend");
    assert_eq!(org.sandbox.user_status(&login), Some("SUSPENDED"));

    // Suspending a suspended user: Okta's E0000001, exit 6.
    let (code, _, err) = org.run(&["users", "lifecycle", &login, "suspend", "-o", "json"]);
    assert_eq!(code, 6, "{err}");
    assert_eq!(json_error(&err)["code"], "E0000001");

    let (code, out, _) = org.run(&["users", "lifecycle", &login, "unsuspend"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("unsuspend: ok"), "{out}");
    assert_eq!(org.sandbox.user_status(&login), Some("ACTIVE"));

    let journal = org.journal();
    let actions: Vec<(&str, &str)> = journal
        .iter()
        .map(|e| (e.action.as_str(), e.result.as_str()))
        .collect();
    assert_eq!(actions[0], ("suspend", "ok"));
    assert!(actions[1].0 == "suspend" && actions[1].1.starts_with("E0000001"));
    assert_eq!(actions[2], ("unsuspend", "ok"));
    assert!(journal.iter().all(|e| e.source == Source::Cli));
    assert_eq!(journal[0].target_login.as_deref(), Some(login.as_str()));
    assert!(journal[0].request_id.is_some());
}

#[test]
fn deactivate_needs_yes_without_a_terminal() {
    let org = Org::start(20);
    let login = org.login_with_status("ACTIVE");
    org.sandbox.reset_request_counts();
    let (code, out, err) = org.run_stdin(&["users", "lifecycle", &login, "deactivate"], "y\n");
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("--yes"));
    assert_eq!(
        org.api_requests(),
        0,
        "nothing may be sent before the confirmation"
    );
    assert_eq!(org.sandbox.user_status(&login), Some("ACTIVE"));

    let (code, _, err) = org.run(&["users", "lifecycle", &login, "deactivate", "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(org.sandbox.user_status(&login), Some("DEPROVISIONED"));
}

#[test]
fn delete_confirms_then_deactivates_and_deletes() {
    let org = Org::start(20);
    let login = org.login_with_status("ACTIVE");
    let (code, _, _) = org.run(&["users", "delete", &login]);
    assert_eq!(
        code, 2,
        "delete without --yes and without a terminal is refused"
    );
    assert!(org.sandbox.user_id(&login).is_some());

    let (code, out, err) = org.run(&["users", "delete", &login, "--yes", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], true);
    assert!(org.sandbox.user_id(&login).is_none(), "the user is gone");
    let (code, _, _) = org.run(&["users", "get", &login]);
    assert_eq!(code, 3);
    let actions: Vec<String> = org.journal().into_iter().map(|e| e.action).collect();
    assert_eq!(actions, ["deactivate", "delete"]);
}

#[test]
fn reset_link_prints_the_link_but_never_journals_it() {
    let org = Org::start(20);
    let login = org.login_with_status("ACTIVE");
    let (code, out, err) = org.run(&[
        "users",
        "reset-link",
        &login,
        "--revoke-sessions",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let url = v["resetPasswordUrl"].as_str().unwrap();
    assert!(url.starts_with("http"));
    assert_eq!(org.sandbox.user_status(&login), Some("RECOVERY"));
    let journal = org.journal_text();
    assert!(journal.contains("reset-link"));
    assert!(journal.contains("\"revokeSessions\":true"));
    assert!(!journal.contains(url), "the reset link is a secret");
    let token = url.rsplit('/').next().unwrap();
    assert!(!journal.contains(token));

    let (code, out, _) = org.run(&["users", "clear-sessions", &login]);
    assert_eq!(code, 0);
    assert!(out.starts_with("clear-sessions: ok"));
}

#[test]
fn create_reads_secrets_from_stdin_and_journals_none() {
    let org = Org::start(10);
    let password = "Corr3ct-Horse-Battery!";
    let answer = "my-first-pet-was-a-secret";
    let (code, out, err) = org.run_stdin(
        &[
            "users",
            "create",
            "--login",
            "new.hire@example.com",
            "--email",
            "new.hire@example.com",
            "--first-name",
            "New",
            "--last-name",
            "Hire",
            "--password-stdin",
            "--recovery-question",
            "First pet?",
            "--recovery-answer-stdin",
            "-o",
            "json",
        ],
        &format!("{password}\n{answer}\n"),
    );
    assert_eq!(code, 0, "{err}");
    let user: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(user["status"], "ACTIVE");
    assert!(!out.contains(password) && !out.contains(answer));
    assert!(!err.contains(password) && !err.contains(answer));
    let journal = org.journal_text();
    assert!(journal.contains("new.hire@example.com"));
    assert!(journal.contains("\"passwordSet\":true"));
    assert!(!journal.contains(password), "password in the journal");
    assert!(!journal.contains(answer), "recovery answer in the journal");
    assert!(
        !journal.contains(org.sandbox.token()),
        "token in the journal"
    );

    // A duplicate login: Okta's E0000001 with its cause, exit 6, journaled as a failure.
    let (code, _, err) = org.run(&[
        "users",
        "create",
        "--login",
        "new.hire@example.com",
        "--email",
        "new.hire@example.com",
        "--first-name",
        "N",
        "--last-name",
        "H",
        "--no-activate",
        "-o",
        "json",
    ]);
    assert_eq!(code, 6, "{err}");
    let e = json_error(&err);
    assert_eq!(e["code"], "E0000001");
    assert!(!e["causes"].as_array().unwrap().is_empty());
    let last = org.journal().pop().unwrap();
    assert_eq!(last.action, "create");
    assert!(last.result.starts_with("E0000001"));
}

#[test]
fn membership_add_remove_and_locked_groups() {
    let org = Org::start(30);
    let (_, out, _) = org.run(&["groups", "list", "-o", "jsonl"]);
    let groups = jsonl(&out);
    let okta_group = groups.iter().find(|g| g["type"] == "OKTA_GROUP").unwrap();
    let gid = okta_group["id"].as_str().unwrap();
    let gname = okta_group["name"].as_str().unwrap();
    let login = org.login_with_status("ACTIVE");
    let uid = org.sandbox.user_id(&login).unwrap();

    let (code, _, err) = org.run(&["groups", "add-member", gname, &login]);
    assert_eq!(code, 0, "{err}");
    assert!(org.sandbox.is_member(gid, &uid));
    let (code, _, err) = org.run(&["groups", "remove-member", gid, &uid]);
    assert_eq!(code, 0, "{err}");
    assert!(!org.sandbox.is_member(gid, &uid));

    // BUILT_IN membership cannot change: refused before sending the write.
    org.sandbox.reset_request_counts();
    let (code, _, err) = org.run(&["groups", "add-member", "Everyone", &login]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(org.sandbox.request_count("PUT", "/api"), 0);
}

#[test]
fn bulk_with_a_failing_line_reports_every_user_and_fails() {
    let org = Org::start(40);
    let actives: Vec<String> = org
        .users()
        .into_iter()
        .filter(|u| u["status"] == "ACTIVE")
        .take(3)
        .map(|u| u["login"].as_str().unwrap().to_owned())
        .collect();
    let list = format!(
        "{}\n# a comment\n\nno.such.user@example.com\n{}\n{}\n",
        actives[0], actives[1], actives[2]
    );
    let file = org.dir.path().join("users.txt");
    std::fs::write(&file, &list).unwrap();
    let (code, out, err) = org.run(&[
        "users",
        "lifecycle",
        "--from",
        file.to_str().unwrap(),
        "suspend",
    ]);
    assert_eq!(code, 3, "first failure was a not-found: {err}");
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 4, "one JSON line per user: {out}");
    assert_eq!(lines[1]["user"], "no.such.user@example.com");
    assert_eq!(lines[1]["ok"], false);
    assert_eq!(lines[1]["error"]["code"], "E0000007");
    for i in [0, 2, 3] {
        assert_eq!(lines[i]["ok"], true, "{}", lines[i]);
    }
    for a in &actives {
        assert_eq!(org.sandbox.user_status(a), Some("SUSPENDED"));
    }
    assert!(err.contains("1 of 4"), "{err}");

    // From stdin, on group membership; all good: exit 0.
    let (_, out, _) = org.run(&["groups", "list", "--q", "Help Desk", "-o", "jsonl"]);
    let gid = jsonl(&out)[0]["id"].as_str().unwrap().to_owned();
    let (code, out, err) = org.run_stdin(
        &["groups", "add-member", &gid, "--from", "-"],
        &format!("{}\n{}\n", actives[0], actives[1]),
    );
    assert_eq!(code, 0, "{err}");
    let lines = jsonl(&out);
    assert_eq!(lines.len(), 2);
    assert!(
        lines
            .iter()
            .all(|l| l["ok"] == true && l["action"] == "add-member")
    );

    // Bulk deactivate from stdin needs --yes.
    let (code, _, _) = org.run_stdin(
        &["users", "lifecycle", "--from", "-", "deactivate"],
        &format!("{}\n", actives[0]),
    );
    assert_eq!(code, 2);
    assert_eq!(org.sandbox.user_status(&actives[0]), Some("SUSPENDED"));
}

#[test]
fn dry_run_prints_requests_and_sends_nothing() {
    let org = Org::start(10);
    let login = "someone@example.com";
    org.sandbox.reset_request_counts();
    let cases: &[&[&str]] = &[
        &["--dry-run", "users", "lifecycle", login, "deactivate"],
        &["--dry-run", "users", "reset-link", login],
        &["--dry-run", "users", "clear-sessions", login],
        &["--dry-run", "users", "delete", login],
        &["--dry-run", "users", "list", "--status", "ACTIVE"],
        &["--dry-run", "users", "get", login],
        &[
            "--dry-run",
            "groups",
            "add-member",
            "00g0000000000000000x",
            login,
        ],
        &["--dry-run", "groups", "members", "Everyone"],
    ];
    for args in cases {
        let (code, out, err) = org.run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let plan: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert!(plan["method"].is_string(), "{out}");
        assert!(
            plan["url"]
                .as_str()
                .unwrap()
                .starts_with(org.sandbox.base_url()),
            "{out}"
        );
    }
    let (code, out, _) = org.run(&["users", "lifecycle", login, "suspend", "--dry-run"]);
    assert_eq!(code, 0);
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["method"], "POST");
    assert!(
        plan["url"]
            .as_str()
            .unwrap()
            .ends_with("/lifecycle/suspend")
    );

    // Create: the plan shows a masked password and never reads it.
    let (code, out, _) = org.run_stdin(
        &[
            "--dry-run",
            "users",
            "create",
            "--login",
            "x@example.com",
            "--email",
            "x@example.com",
            "--first-name",
            "X",
            "--last-name",
            "Y",
            "--password-stdin",
        ],
        "Sup3r-Secret-Value\n",
    );
    assert_eq!(code, 0);
    assert!(!out.contains("Sup3r-Secret-Value"));
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["body"]["profile"]["login"], "x@example.com");
    assert!(plan["body"]["credentials"]["password"]["value"].is_string());

    // Bulk: one plan per line.
    let (code, out, _) = org.run_stdin(
        &["--dry-run", "users", "lifecycle", "--from", "-", "unlock"],
        "a@example.com\nb@example.com\n",
    );
    assert_eq!(code, 0);
    assert_eq!(jsonl(&out).len(), 2);

    assert_eq!(
        org.sandbox.request_count("", "/"),
        0,
        "a dry run sent a request"
    );
    assert!(org.journal().is_empty());
}

#[test]
fn read_only_refuses_every_write_without_sending() {
    let org = Org::start(10);
    let login = org.login_with_status("ACTIVE");
    org.sandbox.reset_request_counts();
    let cases: &[&[&str]] = &[
        &["--read-only", "users", "lifecycle", &login, "suspend"],
        &["--read-only", "users", "reset-link", &login],
        &["--read-only", "users", "clear-sessions", &login],
        &["--read-only", "users", "delete", &login, "--yes"],
        &["--read-only", "groups", "add-member", "Everyone", &login],
        &[
            "--read-only",
            "users",
            "create",
            "--login",
            "ro@example.com",
            "--email",
            "ro@example.com",
            "--first-name",
            "R",
            "--last-name",
            "O",
        ],
    ];
    for args in cases {
        let (code, out, err) = org.run(args);
        assert_eq!(code, 4, "{args:?}: {err}");
        assert!(out.is_empty());
        assert!(err.contains("read-only"), "{err}");
    }
    let (code, _, err) = org.run(&[
        "users",
        "lifecycle",
        &login,
        "suspend",
        "--read-only",
        "-o",
        "json",
    ]);
    assert_eq!(code, 4);
    assert_eq!(json_error(&err)["exitCode"], 4);
    assert_eq!(org.api_requests(), 0, "a read-only tenant sent a request");
    assert_eq!(org.sandbox.user_status(&login), Some("ACTIVE"));
    assert!(org.journal().is_empty());

    // Reads still work (and the counter does count what is sent).
    let (code, _, _) = org.run(&["--read-only", "users", "get", &login]);
    assert_eq!(code, 0);
    assert!(org.api_requests() > 0);
}

#[test]
fn activate_without_email_prints_the_link_once() {
    let org = Org::start(40);
    let login = org.login_with_status("STAGED");
    let (code, out, err) = org.run(&["users", "lifecycle", &login, "activate", "-o", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let link = v["activationUrl"].as_str().unwrap();
    assert!(!link.is_empty());
    let journal = org.journal_text();
    assert!(journal.contains("\"sendEmail\":false"));
    assert!(!journal.contains(link));

    // --include-headers on a write: the raw answer.
    let active = org.login_with_status("ACTIVE");
    let (code, out, err) = org.run(&[
        "users",
        "lifecycle",
        &active,
        "suspend",
        "--include-headers",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], 200);
    assert!(v["headers"]["x-okta-request-id"].is_string());
}

/// The binary on a pseudo-terminal (stdin, stdout and stderr all the terminal), for the
/// prompts that only appear to a person.
mod on_a_terminal {
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

    use super::Org;

    const DEADLINE: Duration = Duration::from_secs(60);

    pub struct Term {
        raw: Arc<Mutex<Vec<u8>>>,
        writer: Box<dyn Write + Send>,
        child: Box<dyn Child + Send + Sync>,
        _master: Box<dyn MasterPty + Send>,
    }

    impl Term {
        pub fn start(org: &Org, args: &[&str]) -> Term {
            let pty = native_pty_system()
                .openpty(PtySize {
                    rows: 24,
                    cols: 120,
                    pixel_width: 0,
                    pixel_height: 0,
                })
                .unwrap();
            let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_oktui"));
            cmd.args(args);
            cmd.env("TERM", "xterm-256color");
            cmd.env("OKTA_CLIENT_ORGURL", org.sandbox.base_url());
            cmd.env("OKTA_CLIENT_TOKEN", org.sandbox.token());
            cmd.env("OKTUI_DATA_DIR", org.data_dir());
            cmd.env("HOME", org.dir.path());
            cmd.env("XDG_CONFIG_HOME", org.dir.path().join("config"));
            let child = pty.slave.spawn_command(cmd).unwrap();
            drop(pty.slave);
            let mut reader = pty.master.try_clone_reader().unwrap();
            let writer = pty.master.take_writer().unwrap();
            let raw = Arc::new(Mutex::new(Vec::new()));
            let r = raw.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    r.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
            Term {
                raw,
                writer,
                child,
                _master: pty.master,
            }
        }

        pub fn output(&self) -> String {
            String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
        }

        pub fn wait_for(&self, needle: &str) {
            let start = Instant::now();
            while !self.output().contains(needle) {
                assert!(
                    start.elapsed() < DEADLINE,
                    "{needle:?} never appeared: {:?}",
                    self.output()
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        pub fn type_line(&mut self, text: &str) {
            self.writer.write_all(text.as_bytes()).unwrap();
            self.writer.write_all(b"\r").unwrap();
            self.writer.flush().unwrap();
        }

        pub fn exit_code(&mut self) -> u32 {
            let start = Instant::now();
            loop {
                if let Some(status) = self.child.try_wait().unwrap() {
                    return status.exit_code();
                }
                assert!(
                    start.elapsed() < DEADLINE,
                    "oktui did not exit: {:?}",
                    self.output()
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

#[test]
fn terminal_confirmation_and_hidden_password() {
    use on_a_terminal::Term;
    let org = Org::start(20);
    let login = org.login_with_status("ACTIVE");

    // "n" cancels and sends nothing; "y" deactivates.
    let mut t = Term::start(&org, &["users", "lifecycle", &login, "deactivate"]);
    t.wait_for("[y/N]");
    t.type_line("n");
    assert_eq!(t.exit_code(), 2);
    assert_eq!(org.sandbox.user_status(&login), Some("ACTIVE"));
    let mut t = Term::start(&org, &["users", "lifecycle", &login, "deactivate"]);
    t.wait_for("[y/N]");
    t.type_line("y");
    assert_eq!(t.exit_code(), 0, "{}", t.output());
    assert_eq!(org.sandbox.user_status(&login), Some("DEPROVISIONED"));

    // The password is asked for on the terminal and never echoed.
    let password = "Quokka-9-Zebra!";
    let mut t = Term::start(
        &org,
        &[
            "users",
            "create",
            "--login",
            "typed@example.com",
            "--email",
            "typed@example.com",
            "--first-name",
            "T",
            "--last-name",
            "Y",
            "--password-stdin",
        ],
    );
    t.wait_for("password:");
    t.type_line(password);
    assert_eq!(t.exit_code(), 0, "{}", t.output());
    assert!(!t.output().contains(password), "the password was echoed");
    assert_eq!(org.sandbox.user_status("typed@example.com"), Some("ACTIVE"));
}
