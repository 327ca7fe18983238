//! The console in a pseudo-terminal, ended by a signal from outside (`kill -INT`, `kill -QUIT`
//! from another shell or a supervisor): the terminal is put back (alternate screen left,
//! mouse reporting and bracketed paste off, cursor shown) and the exit code is 128 + the
//! signal, as a shell expects.

mod support;
use support::pty::Console;

const ROWS: u16 = 30;
const COLS: u16 = 120;

/// Starts the demo console, waits for the user list with the mouse captured, sends `signal`,
/// and checks the exit code and the restored terminal.
fn ends_restored_on(signal: i32) {
    let mut c = Console::start(ROWS, COLS, &["--demo", "--demo-users", "40"], &[]);
    c.wait_until("the user list", |s| {
        s.contains("Login") && s.contains("@example.")
    });
    {
        let p = c.parser.lock().unwrap();
        let screen = p.screen();
        assert!(screen.alternate_screen() && screen.hide_cursor());
        assert_ne!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "the demo captures the mouse"
        );
    }
    c.signal(signal);
    let code = c.wait_exit();
    assert_eq!(code, 128 + signal as u32, "128 + signal {signal}");

    let p = c.parser.lock().unwrap();
    let screen = p.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "cursor still hidden");
    assert!(!screen.bracketed_paste(), "bracketed paste still on");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting still on"
    );
    let text = c.raw_text();
    for (on, off, what) in [
        ("\u{1b}[?1049h", "\u{1b}[?1049l", "alternate screen"),
        ("\u{1b}[?1000h", "\u{1b}[?1000l", "mouse reporting"),
        ("\u{1b}[?25l", "\u{1b}[?25h", "hidden cursor"),
    ] {
        let last_off = text.rfind(off);
        assert!(last_off.is_some(), "{what} never turned off");
        assert!(text.rfind(on) < last_off, "{what} on again after off");
    }
}

#[test]
fn sigint_from_outside_restores_the_terminal_and_exits_130() {
    ends_restored_on(libc::SIGINT);
}

#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    ends_restored_on(libc::SIGQUIT);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_with_128_plus_the_signal() {
    ends_restored_on(libc::SIGTERM);
    ends_restored_on(libc::SIGHUP);
}
