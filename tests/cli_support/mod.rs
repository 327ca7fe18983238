//! Shared setup for the CLI tests: an in-process sandbox org on 127.0.0.1:0 (kept alive by
//! its own tokio runtime while the binary runs), and `oktui` commands pointed at it through
//! `OKTA_CLIENT_ORGURL` / `OKTA_CLIENT_TOKEN`, with config and data dirs in a temp dir.

#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use oktui::journal::{Journal, JournalEntry};
use oktui::sandbox::{SandboxHandle, SandboxOptions};
use serde_json::Value;

pub struct Org {
    pub sandbox: SandboxHandle,
    pub dir: tempfile::TempDir,
    // Declared last: dropped after the sandbox handle, which needs it to stop cleanly.
    _rt: tokio::runtime::Runtime,
}

impl Org {
    pub fn start(users: usize) -> Org {
        Org::start_with(SandboxOptions::new(users))
    }

    pub fn start_with(opts: SandboxOptions) -> Org {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let sandbox = rt.block_on(oktui::sandbox::start(opts)).unwrap();
        Org {
            sandbox,
            dir: tempfile::tempdir().unwrap(),
            _rt: rt,
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `oktui ARGS` against this org, with a private config/data dir.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("oktui").unwrap();
        c.args(args)
            .env("OKTA_CLIENT_ORGURL", self.sandbox.base_url())
            .env("OKTA_CLIENT_TOKEN", self.sandbox.token())
            .env("OKTUI_DATA_DIR", self.data_dir())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env_remove("OKTUI_TENANT")
            .env_remove("RUST_BACKTRACE");
        c
    }

    /// `oktui ARGS` started in the background (stdout and stderr piped), same environment.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("oktui"))
            .args(args)
            .env("OKTA_CLIENT_ORGURL", self.sandbox.base_url())
            .env("OKTA_CLIENT_TOKEN", self.sandbox.token())
            .env("OKTUI_DATA_DIR", self.data_dir())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env_remove("OKTUI_TENANT")
            .env_remove("RUST_BACKTRACE")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Waits (up to 20 s) until the journal file holds `n` lines containing `needle`.
    pub fn wait_journal_lines(&self, needle: &str, n: usize) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let count = self
                .journal_text()
                .lines()
                .filter(|l| l.contains(needle))
                .count();
            if count >= n {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "journal never got {n} line(s) with {needle}: {}",
                self.journal_text()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Runs and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// Runs with `stdin` and returns (exit code, stdout, stderr).
    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> (i32, String, String) {
        let out = self.cmd(args).write_stdin(stdin).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// Every user the default listing shows, as JSON objects.
    pub fn users(&self) -> Vec<Value> {
        let (code, out, err) = self.run(&["users", "list", "--output", "jsonl"]);
        assert_eq!(code, 0, "{err}");
        jsonl(&out)
    }

    /// The login of some user with `status`.
    pub fn login_with_status(&self, status: &str) -> String {
        self.users()
            .into_iter()
            .find(|u| u["status"] == status)
            .and_then(|u| u["login"].as_str().map(str::to_owned))
            .unwrap_or_else(|| panic!("no {status} user in the sandbox"))
    }

    pub fn journal(&self) -> Vec<JournalEntry> {
        Journal::at(self.data_dir().join("journal.jsonl")).read_recent(10_000)
    }

    pub fn journal_text(&self) -> String {
        std::fs::read_to_string(self.data_dir().join("journal.jsonl")).unwrap_or_default()
    }

    /// Requests the sandbox received under `/api` (any method).
    pub fn api_requests(&self) -> u64 {
        self.sandbox.request_count("", "/api")
    }
}

pub fn jsonl(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The JSON error object a command printed on stderr with `--output json`.
pub fn json_error(stderr: &str) -> Value {
    let line = stderr
        .lines()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON error in {stderr:?}"));
    let v: Value = serde_json::from_str(line).unwrap();
    v["error"].clone()
}
