//! The whole binary in a pseudo-terminal against the in-process demo sandbox: type keys, read
//! the screen (vt100), and check that the terminal is restored (alternate screen left, cursor
//! shown, mouse capture off) on quit, on an induced panic, on SIGTERM and on SIGHUP; and the
//! mouse as a terminal sends it (SGR reports). No timed assertions: every wait polls
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
        assert_eq!(
            p.screen().mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture still on"
        );
        assert!(!p.screen().bracketed_paste(), "bracketed paste still on");
        let raw = self.raw.lock().unwrap();
        let text = String::from_utf8_lossy(&raw);
        // Each mode's last switch is the one that turns it off.
        for (on, off, what) in [
            ("\u{1b}[?1049h", "\u{1b}[?1049l", "alternate screen"),
            ("\u{1b}[?25l", "\u{1b}[?25h", "hidden cursor"),
            ("\u{1b}[?1000h", "\u{1b}[?1000l", "mouse capture"),
        ] {
            let last_off = text.rfind(off);
            assert!(last_off.is_some(), "{what} never turned off");
            assert!(
                text.rfind(on) < last_off,
                "{what} turned on again after it was turned off"
            );
        }
    }

    /// True while the binary has mouse reporting on.
    fn mouse_on(&self) -> bool {
        self.parser.lock().unwrap().screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None
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
    // The sign-in card comes first: move down the detail until the profile and the groups
    // share the screen.
    c.wait_for("── Can sign in? ");
    let shown = |s: &str| s.contains("── Profile") && s.contains("── Groups (") && s.contains("▸ ");
    for _ in 0..40 {
        if shown(&c.screen()) {
            break;
        }
        c.send("j");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let detail = c.wait_until("the user's profile and groups", shown);
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
    // Screen changes repaint everything without asking the terminal where its cursor is
    // (CSI 6n): over a slow link that costs a round trip per change, and a terminal that does
    // not answer froze the console for 2 s each time.
    assert!(
        !c.raw_text().contains("\x1b[6n"),
        "the console asked the terminal for the cursor position"
    );
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

/// A terminal hang-up (SSH dropped, the window closed) ends the console with 129 and the
/// terminal put back: alternate screen left, cursor shown, mouse capture and bracketed paste
/// off.
#[test]
fn sighup_restores_the_terminal() {
    let mut c = Console::start(ROWS, COLS, &["--demo", "--demo-users", "50"], &[]);
    c.wait_until("the user list", |s| {
        s.contains("Login") && s.contains("@example.")
    });
    {
        let p = c.parser.lock().unwrap();
        assert!(p.screen().alternate_screen() && p.screen().hide_cursor());
    }
    assert!(c.mouse_on(), "the demo captures the mouse");
    c.signal(libc::SIGHUP);
    let code = c.wait_exit();
    assert_eq!(code, 129, "128 + SIGHUP");
    c.assert_restored();
}

/// First screen row of the Users table's data (under the tabs and the column titles).
const FIRST: u16 = 3;

/// Reversed rows in the table (the active tab above is reversed too).
fn selected_rows(c: &Console) -> Vec<u16> {
    c.reversed_rows()
        .into_iter()
        .filter(|&r| r >= FIRST)
        .collect()
}

/// The first whole login on screen row `row`.
fn login_on(c: &Console, row: u16) -> String {
    c.row_text(row)
        .split_whitespace()
        .find(|w| w.contains("@example.") && !w.contains('…'))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no whole login on row {row}:\n{}", c.screen()))
}

/// The mouse through a real terminal: a click selects the row under the pointer (Enter then
/// opens that user), the wheel scrolls, and `:mouse` turns capture off (the terminal is told,
/// and clicks no longer select) and on again.
#[test]
fn mouse_click_selects_wheel_scrolls_and_mouse_command_toggles_capture() {
    let mut c = Console::start(ROWS, COLS, &["--demo", "--demo-users", "300"], &[]);
    c.wait_until("all users loaded", |s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains(" users") && !h.contains("loaded"))
    });
    // The list alone: this test reads logins off the rows, and the detail pane beside the
    // list (tests/pty_pane.rs) shows the focused user's login and email too.
    c.send("|");
    c.wait_until("the pane hidden", |s| !s.contains("| hides"));
    assert!(c.mouse_on());
    // The first data row starts selected.
    c.wait_until("the first row selected", |_| selected_rows(&c) == [FIRST]);

    // Click the sixth row: it is selected, and Enter opens that user.
    let clicked = FIRST + 5;
    let login = login_on(&c, clicked);
    c.click(10, clicked);
    c.wait_until("the clicked row selected", |_| {
        selected_rows(&c) == [clicked]
    });
    c.send("\r");
    c.wait_for(&format!("User {login}"));
    c.esc();
    c.wait_until("back on the list", |_| selected_rows(&c) == [clicked]);

    // The wheel scrolls the list by three rows each notch, and back.
    let top_before = login_on(&c, FIRST);
    let third_below = login_on(&c, FIRST + 3);
    c.wheel_down(10, FIRST + 10);
    c.wait_until("scrolled down three rows", |_| {
        login_on(&c, FIRST) == third_below
    });
    c.wheel_up(10, FIRST + 10);
    c.wait_until("scrolled back up", |_| login_on(&c, FIRST) == top_before);

    // `:mouse` turns capture off: the terminal is told, the list says so.
    let mark = c.written();
    c.send(":mouse\r");
    c.wait_for("mouse off");
    c.wait_until("capture off in the terminal", |_| !c.mouse_on());
    assert!(
        c.written_since(mark).contains("\u{1b}[?1000l"),
        "DisableMouseCapture not written"
    );
    // A click arriving anyway changes nothing: `j` after it moves from the old row.
    let selected = selected_rows(&c);
    assert_eq!(selected.len(), 1);
    c.click(10, FIRST + 12);
    c.send("j");
    c.wait_until("j moved from the old row", |_| {
        selected_rows(&c) == [selected[0] + 1]
    });

    // And on again.
    let mark = c.written();
    c.send(":mouse\r");
    c.wait_for("mouse on");
    c.wait_until("capture on in the terminal", |_| c.mouse_on());
    assert!(c.written_since(mark).contains("\u{1b}[?1000h"));
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
    c.assert_restored();
}

#[test]
fn nothing_configured_opens_credentials_with_a_hint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    // An empty file: nothing configured (a --config file that is missing is an error).
    std::fs::write(&config, "").expect("config file");
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

/// The terminal itself going away (tmux server killed, SSH connection dropped): the pty is
/// closed under the console, so every later write to the screen or stderr fails. The console
/// must still end quietly with 129, not panic on a failed write on its way out.
#[test]
fn a_closed_terminal_ends_the_console_without_a_panic() {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let data = tempfile::tempdir().unwrap();
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: ROWS,
        ws_col: COLS,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty fills two fds on success; they are owned right below.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: both fds were just opened by openpty and are owned only here.
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    // openpty's fds are inherited by default: the console must not hold the master itself.
    // SAFETY: fcntl on an fd owned here.
    unsafe { libc::fcntl(master.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_oktui"));
    cmd.args(["--demo", "--demo-users", "50"])
        .env("TERM", "xterm-256color")
        .env("OKTUI_DATA_DIR", data.path())
        .env("HOME", data.path())
        .env_remove("OKTA_CLIENT_ORGURL")
        .env_remove("OKTA_CLIENT_TOKEN")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // SAFETY: only async-signal-safe calls between fork and exec: a new session, with the
    // pty (now fd 0) as its controlling terminal, as a terminal emulator or sshd does.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("spawn oktui");
    // Read the screen (the console blocks if nobody reads) until the user list is drawn.
    let deadline = Instant::now() + support::pty::DEADLINE;
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("@example.") {
        assert!(Instant::now() < deadline, "the list never showed");
        let mut pfd = libc::pollfd {
            fd: master.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd; then a read into a buffer of the stated length.
        unsafe {
            if libc::poll(&mut pfd, 1, 100) > 0 {
                let mut buf = [0u8; 8192];
                let n = libc::read(master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len());
                if n > 0 {
                    seen.extend_from_slice(&buf[..n as usize]);
                }
            }
        }
    }
    // The terminal goes away: the last handle on the pty's master side closes.
    drop(master);
    drop(cmd);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let log = std::fs::read_to_string(data.path().join("oktui.log")).unwrap_or_default();
            panic!("oktui did not exit: {log}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let log = std::fs::read_to_string(data.path().join("oktui.log")).unwrap_or_default();
    assert!(!log.contains("panic"), "{log}");
    assert!(log.contains("console stopped"), "{log}");
    assert_eq!(status.code(), Some(129), "{log}");
}

/// The rate budget's count of requests left, from the header ("rate users 9974/10000").
fn budget_left(screen: &str) -> Option<u32> {
    let head = screen.lines().next()?;
    let at = head.rfind("rate users ")? + "rate users ".len();
    head[at..].split('/').next()?.trim().parse().ok()
}

/// `s` with a person's full name finds them (first and last name searched together), and Esc
/// goes back to the listing loaded before without asking the server again.
#[test]
fn search_by_full_name_then_back_to_the_kept_listing() {
    let mut c = Console::start(ROWS, COLS, &["--demo", "--demo-users", "300"], &[]);
    // The list alone: this test reads names off the rows by column, and the detail pane
    // beside the list (tests/pty_pane.rs) narrows them.
    c.wait_for("| hides");
    c.send("|");
    c.wait_until("the pane hidden", |s| !s.contains("| hides"));
    let screen = c.wait_until("all users loaded", |s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains(" users") && !h.contains("loaded"))
            && s.contains("@example.")
    });
    let lines: Vec<&str> = screen.lines().collect();
    let titles = lines
        .iter()
        .find(|l| l.starts_with("Status") && l.contains("Name"))
        .expect("column titles");
    let (from, to) = (
        titles.find("Name").unwrap_or(0),
        titles.find("Email").unwrap_or(0),
    );
    // A plain two-word name drawn whole.
    let name = lines
        .iter()
        .filter(|l| l.is_ascii() && l.len() >= to && l.contains("@example."))
        .map(|l| l[from..to].trim().to_owned())
        .find(|n| n.split(' ').count() == 2 && !n.contains('…'))
        .expect("a two-word name");
    let count = |s: &str| {
        s.lines()
            .next()
            .and_then(|h| h.split('│').next())
            .map(str::to_owned)
    };
    let total = count(&screen);

    c.send("s");
    c.wait_for("server search: users");
    c.send(&format!("{name}\r"));
    let found = c.wait_until("the search's rows", |s| {
        s.contains("server search") && s.lines().next().is_some_and(|h| !h.contains("loaded"))
    });
    assert!(found.contains(&name), "{name} not found:\n{found}");
    // The search's answer reports the budget it used.
    let before = budget_left(&screen).unwrap_or(0);
    let searched = c.wait_until("the search's request counted", |s| {
        budget_left(s).is_some_and(|n| n < before)
    });
    let after_search = budget_left(&searched);

    c.esc();
    let back = c.wait_for("back to all");
    assert_eq!(count(&back), total, "the same listing");
    assert_eq!(budget_left(&back), after_search, "no request to list again");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}
