//! The whole binary in a pseudo-terminal against the in-process demo sandbox: type keys, read
//! the screen (vt100), and check that the terminal is restored (alternate screen left, cursor
//! shown) on quit, on an induced panic and on SIGTERM. No timed assertions: every wait polls
//! the screen until the text appears, with a generous deadline.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 160;
const DEADLINE: Duration = Duration::from_secs(90);

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("non-zero")
}

struct Console {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    _data: tempfile::TempDir,
}

impl Console {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Console {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let data = tempfile::tempdir().expect("tempdir");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_oktui"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("OKTUI_DATA_DIR", data.path());
        cmd.env("HOME", data.path());
        cmd.env_remove("OKTA_CLIENT_ORGURL");
        cmd.env_remove("OKTA_CLIENT_TOKEN");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn oktui");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(ROWS), nz(COLS), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        p.lock().unwrap().process(&buf[..n]);
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        Console {
            parser,
            raw,
            writer,
            child,
            _master: pty.master,
            _data: data,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Polls until `pred` holds for the screen text; panics with the screen at the deadline.
    fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if start.elapsed() > DEADLINE {
                panic!("timed out waiting for {what}; screen:\n{s}");
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Esc alone: a lone ESC byte followed quickly by another key would read as Alt-key, so
    /// the caller waits for the effect on screen before typing on.
    fn esc(&mut self) {
        self.send("\u{1b}");
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader take in the last bytes.
                let mut last = self.raw.lock().unwrap().len();
                loop {
                    thread::sleep(Duration::from_millis(100));
                    let now = self.raw.lock().unwrap().len();
                    if now == last {
                        break;
                    }
                    last = now;
                }
                return status.exit_code();
            }
            if start.elapsed() > DEADLINE {
                panic!("oktui did not exit; screen:\n{}", self.screen());
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

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
    let mut c = Console::start(&["--demo", "--demo-users", "300"], &[]);
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
    let mut c = Console::start(&["--demo", "--demo-users", "50"], &[]);
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
    let mut c = Console::start(&["--config", config.to_str().expect("utf-8 path")], &[]);
    c.wait_for("--demo");
    c.wait_for("Tenant");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
    c.assert_restored();
}
