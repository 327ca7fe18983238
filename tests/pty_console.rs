//! The whole binary in a pseudo-terminal against the in-process demo sandbox: type keys, read
//! the screen (vt100), and check that the terminal is restored (alternate screen left, cursor
//! shown) on quit, on an induced panic and on SIGTERM. No timed assertions: every wait polls
//! the screen until the text appears, with a generous deadline.

mod support;
use support::pty::Console;

const ROWS: u16 = 30;
const COLS: u16 = 160;

impl Console {
    fn assert_restored(&self) {
        let p = self.parser.lock().unwrap();
        assert!(
            !p.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!p.screen().hide_cursor(), "cursor still hidden");
        let raw = self.raw.lock().unwrap();
        let text = String::from_utf8_lossy(&raw);
        assert!(
            text.contains("\u{1b}[?1049l"),
            "never left the alternate screen"
        );
    }
}

/// A login shown whole on the screen (local part, before `@`).
fn a_login(screen: &str) -> String {
    screen
        .lines()
        .skip(3)
        .flat_map(|l| l.split_whitespace())
        .find(|w| w.contains("@example.") && !w.contains('…'))
        .and_then(|w| w.split('@').next())
        .map(str::to_owned)
        .expect("a whole login on screen")
}

#[test]
fn browse_filter_open_groups_and_quit() {
    let mut c = Console::start(ROWS, COLS, &["--demo", "--demo-users", "300"], &[]);
    c.wait_until("the user list", |s| {
        s.contains("Login") && s.contains("@example.")
    });
    // Wait for the end of the stream, so the row count no longer moves under the filter.
    let screen = c.wait_until("all users loaded", |s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains(" users") && !h.contains("loaded"))
    });
    let login = a_login(&screen);

    c.send("/");
    c.wait_until("the filter prompt", |s| {
        s.lines()
            .nth(usize::from(ROWS) - 2)
            .is_some_and(|l| l.starts_with('/'))
    });
    c.send(&format!("'{login}@"));
    c.wait_for("(1 shown)");
    c.send("\r");
    c.wait_until("filter kept", |s| !s.contains("keep filter"));
    c.send("\r");
    c.wait_for(&format!("User {login}@"));
    let detail = c.wait_until("the user's profile and groups", |s| {
        s.contains("── Profile") && s.contains("── Groups (") && s.contains("▸ ")
    });
    assert!(
        detail.contains("Everyone"),
        "every user is in Everyone:\n{detail}"
    );

    c.esc();
    c.wait_for("(1 shown)");
    c.send("2");
    c.wait_until("the group list", |s| {
        s.contains("Members") && s.contains(" groups")
    });
    c.send("q");
    let code = c.wait_exit();
    assert_eq!(code, 0);
    c.assert_restored();
}

#[test]
fn panic_restores_the_terminal() {
    let mut c = Console::start(
        ROWS,
        COLS,
        &["--demo", "--demo-users", "50"],
        &[("OKTUI_TEST_PANIC", "1")],
    );
    let code = c.wait_exit();
    assert_ne!(code, 0);
    c.assert_restored();
    let raw = c.raw.lock().unwrap();
    assert!(String::from_utf8_lossy(&raw).contains("induced panic"));
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut c = Console::start(ROWS, COLS, &["--demo", "--demo-users", "50"], &[]);
    c.wait_for("Login");
    let pid = c.child.process_id().expect("pid");
    // SAFETY: sends SIGTERM to the child this test started.
    unsafe {
        libc::kill(pid as i32, libc::SIGTERM);
    }
    let code = c.wait_exit();
    assert_eq!(code, 143);
    c.assert_restored();
}

#[test]
fn nothing_configured_opens_credentials_with_a_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    let mut c = Console::start(
        ROWS,
        COLS,
        &["--config", config.to_str().expect("utf-8 path")],
        &[],
    );
    c.wait_for("--demo");
    c.wait_for("Tenant");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
    c.assert_restored();
}
