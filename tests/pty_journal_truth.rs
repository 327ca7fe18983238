//! The journal's promise from the console: killed (SIGTERM or SIGKILL) with a write in flight
//! against an org that applies the write although the client hung up, the console leaves the
//! write's intent on disk and its outcome reads "ok" or "unknown", never missing; `oktui
//! journal --unknown` lists what to check. Nothing is timed: each step waits for what it needs.

mod support;

use std::time::Duration;

use oktui::sandbox::{Faults, SandboxHandle, SandboxOptions};
use serde_json::Value;
use support::pty::{Console, oktui_command};

const ROWS: u16 = 36;
const COLS: u16 = 160;

/// A sandbox org, a console connected to it, and the ACTIVE user the console has selected,
/// with every request from now on slow enough to signal the console while a write is out.
struct Setup {
    sandbox: SandboxHandle,
    console: Console,
    data: tempfile::TempDir,
    login: String,
    _rt: tokio::runtime::Runtime,
}

fn start() -> Setup {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = rt
        .block_on(oktui::sandbox::start(SandboxOptions::new(30)))
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut cmd = oktui_command::<&str>(&[], data.path());
    cmd.env("OKTA_CLIENT_ORGURL", sandbox.base_url());
    cmd.env("OKTA_CLIENT_TOKEN", sandbox.token());
    let mut c = Console::spawn(ROWS, COLS, cmd, data.path().to_path_buf(), None);
    c.wait_for("| hides");
    // The list alone: these tests read logins off the rows, and the detail pane beside the
    // list (tests/pty_pane.rs) shows the focused user's login and email too.
    c.send("|");
    c.wait_until("the pane hidden", |s| !s.contains("| hides"));
    let screen = c.wait_until("an ACTIVE user listed", |s| {
        s.lines().skip(3).any(|l| l.starts_with("ACTIVE "))
    });
    let login = screen
        .lines()
        .skip(3)
        .filter(|l| l.starts_with("ACTIVE "))
        .flat_map(|l| l.split_whitespace())
        .find(|w| w.contains("@example.") && !w.contains('…'))
        .map(str::to_owned)
        .expect("an ACTIVE user with a whole login on screen");
    c.send("/");
    c.wait_until("the filter prompt", |s| {
        s.lines()
            .nth(usize::from(ROWS) - 2)
            .is_some_and(|l| l.starts_with('/'))
    });
    c.send(&format!("'{login}"));
    c.wait_for("(1 shown)");
    c.send("\r");
    c.wait_until("filter kept", |s| !s.contains("keep filter"));
    c.send("S");
    c.wait_for("Suspend? ");
    sandbox.set_faults(Faults {
        latency_ms: 1500,
        complete_after_disconnect: true,
        ..Faults::default()
    });
    Setup {
        sandbox,
        console: c,
        data,
        login,
        _rt: rt,
    }
}

impl Setup {
    fn journal_text(&self) -> String {
        std::fs::read_to_string(self.data.path().join("journal.jsonl")).unwrap_or_default()
    }

    /// Confirms the suspend and waits until its intent is on disk (the POST is then out).
    fn send_write(&mut self) {
        self.console.send("y");
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while !self.journal_text().contains("\"phase\":\"intent\"") {
            assert!(
                std::time::Instant::now() < deadline,
                "no intent: {}",
                self.journal_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(200));
    }

    fn wait_suspended(&self) {
        for _ in 0..300 {
            if self.sandbox.user_status(&self.login) == Some("SUSPENDED") {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{} never became SUSPENDED", self.login);
    }

    /// `oktui journal --unknown` over this console's data dir.
    fn unknown(&self) -> Vec<Value> {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_oktui"))
            .args(["journal", "--unknown", "-o", "jsonl"])
            .env("OKTUI_DATA_DIR", self.data.path())
            .env("HOME", self.data.path())
            .env_remove("OKTA_CLIENT_ORGURL")
            .env_remove("OKTA_CLIENT_TOKEN")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }
}

#[test]
fn sigterm_during_a_console_write_leaves_its_outcome_ok_or_unknown() {
    let mut s = start();
    s.send_write();
    s.console.signal(libc::SIGTERM);
    s.console.wait_exit();
    // The org applied it, whatever the console had time to hear.
    s.wait_suspended();
    let text = s.journal_text();
    assert!(text.contains("\"phase\":\"intent\""), "{text}");
    assert!(text.contains(&s.login), "{text}");
    let unknown = s.unknown();
    let finished_ok = text.contains("\"outcome\":\"ok\"");
    assert!(
        finished_ok || unknown.len() == 1,
        "neither ok nor unknown: {text}"
    );
    if !finished_ok {
        assert_eq!(unknown[0]["action"], "suspend");
    }
}

#[test]
fn sigkill_during_a_console_write_leaves_the_intent_and_reads_as_unknown() {
    let mut s = start();
    s.send_write();
    s.console.signal(libc::SIGKILL);
    s.console.wait_exit();
    s.wait_suspended();
    let text = s.journal_text();
    assert_eq!(text.lines().count(), 1, "only the intent: {text}");
    let unknown = s.unknown();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0]["outcome"], "unknown");
    assert_eq!(unknown[0]["action"], "suspend");
    let id = s.sandbox.user_id(&s.login).expect("the user");
    assert!(
        unknown[0]["check"]
            .as_str()
            .is_some_and(|c| c.contains(&id)),
        "{unknown:?}"
    );
}
