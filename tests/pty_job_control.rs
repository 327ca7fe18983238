//! The console under a shell with job control (`bash` with `set -m`, as an interactive shell
//! runs it): stopped by Ctrl-Z or by `kill -TSTP` from outside, it puts the terminal back for
//! the shell first (alternate screen left, mouse reporting off), stops, and when `fg`
//! continues it, takes the screen again and draws it whole. No timed assertions.

#![cfg(target_os = "linux")]

mod support;
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use support::pty::{Console, DEADLINE};

const ALT_ON: &str = "\u{1b}[?1049h";
const ALT_OFF: &str = "\u{1b}[?1049l";
const MOUSE_OFF: &str = "\u{1b}[?1000l";

/// bash with job control running the demo console in the foreground; once the console stops,
/// bash says so and continues it with `fg`.
fn console_under_bash(data: &std::path::Path) -> Console {
    let mut cmd = CommandBuilder::new("bash");
    cmd.args([
        "--norc",
        "--noprofile",
        "-c",
        "set -m; \"$OKTUI\" --demo --demo-users 40; echo \"[stopped: $?]\"; fg; echo \"[exit: $?]\"",
    ]);
    cmd.cwd(data);
    cmd.env("OKTUI", env!("CARGO_BIN_EXE_oktui"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("OKTUI_DATA_DIR", data);
    cmd.env("HOME", data);
    cmd.env_remove("OKTA_CLIENT_ORGURL");
    cmd.env_remove("OKTA_CLIENT_TOKEN");
    Console::spawn(24, 100, cmd, data.to_path_buf(), None)
}

/// The pid of the console (bash's child).
fn console_pid(c: &Console) -> libc::pid_t {
    let bash = c.child.process_id().expect("bash's pid");
    let children = std::fs::read_to_string(format!("/proc/{bash}/task/{bash}/children"))
        .expect("bash's children");
    children
        .split_whitespace()
        .next()
        .and_then(|p| p.parse().ok())
        .expect("the console under bash")
}

/// Waits until the raw output after `from` holds `text`.
fn wait_written(c: &Console, from: usize, text: &str) -> String {
    let start = Instant::now();
    loop {
        let since = c.written_since(from);
        if since.contains(text) {
            return since;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "{text:?} never written; after {from}: {since:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Stops the console with `stop`, checks the terminal was put back before bash wrote, and
/// that the console came back whole after `fg`; then quits it.
fn stops_and_continues(stop: impl FnOnce(&mut Console)) {
    let data = tempfile::tempdir().unwrap();
    let mut c = console_under_bash(data.path());
    c.wait_until("the user list", |s| s.contains("@example."));
    let before = c.written();
    stop(&mut c);
    let since = wait_written(&c, before, "[stopped: ");
    let shell_at = since.find("[stopped: ").unwrap();
    let put_back = &since[..shell_at];
    assert!(
        put_back.contains(ALT_OFF),
        "alternate screen kept: {since:?}"
    );
    assert!(
        put_back.contains(MOUSE_OFF),
        "mouse reporting kept: {since:?}"
    );
    // bash reports a stopped job with 128 + the stop signal.
    assert!(since.contains("[stopped: 148]"), "{since:?}");
    // `fg`: the console takes the screen again and draws the list.
    let back_at = before + shell_at;
    wait_written(&c, back_at, ALT_ON);
    c.wait_until("the list again", |s| {
        s.contains("@example.") && !s.contains("[stopped")
    });
    c.send("q");
    wait_written(&c, back_at, "[exit: 0]");
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn ctrl_z_stops_with_the_terminal_put_back_and_fg_redraws() {
    stops_and_continues(|c| c.send("\u{1a}"));
}

#[test]
fn sigtstp_from_outside_stops_with_the_terminal_put_back_and_fg_redraws() {
    stops_and_continues(|c| {
        let pid = console_pid(c);
        // SAFETY: kill() only sends a signal, to the console this test started.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTSTP) }, 0);
    });
}

/// SIGSTOP cannot be caught: the shell writes over the console's screen and may reset the
/// terminal. On `fg` (SIGCONT) the console takes the terminal again (raw mode, so `q` is read
/// at once) and draws the whole screen, so no line of the shell's is left on it.
#[test]
fn after_sigstop_the_console_takes_the_terminal_again_on_fg() {
    let data = tempfile::tempdir().unwrap();
    let mut c = console_under_bash(data.path());
    c.wait_until("the user list", |s| s.contains("@example."));
    let before = c.written();
    // SAFETY: kill() only sends a signal, to the console this test started.
    assert_eq!(unsafe { libc::kill(console_pid(&c), libc::SIGSTOP) }, 0);
    let since = wait_written(&c, before, "[stopped: 147]");
    let back_at = before + since.find("[stopped: ").unwrap();
    wait_written(&c, back_at, ALT_ON);
    c.wait_until("the list without the shell's lines", |s| {
        s.contains("@example.") && !s.contains("Stopped") && !s.contains("[stopped")
    });
    c.send("q");
    wait_written(&c, back_at, "[exit: 0]");
    assert_eq!(c.wait_exit(), 0);
}
