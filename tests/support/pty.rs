//! The whole `oktui` binary in a pseudo-terminal: spawn it with an isolated environment, feed
//! its output to a vt100 parser, poll the screen for text, send keys, wait for exit. Every
//! wait polls with a generous deadline; nothing is timed.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const DEADLINE: Duration = Duration::from_secs(90);

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("non-zero")
}

/// The binary with `args`, its data dir and HOME in `data`, and no Okta credentials taken from
/// the caller's environment.
pub fn oktui_command<S: AsRef<OsStr>>(args: &[S], data: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_oktui"));
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("OKTUI_DATA_DIR", data);
    cmd.env("HOME", data);
    // The local index lives in the cache dir: each console its own unless a test shares one.
    cmd.env("XDG_CACHE_HOME", data.join("cache"));
    cmd.env_remove("OKTA_CLIENT_ORGURL");
    cmd.env_remove("OKTA_CLIENT_TOKEN");
    cmd
}

pub struct Console {
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    /// Where the binary writes its log and journal.
    pub data_dir: PathBuf,
    /// Owns the data dir when the console made it, so it lives as long as the console.
    _data: Option<tempfile::TempDir>,
}

impl Console {
    /// Starts the binary with `args` and `env` on a `rows`×`cols` terminal, with a fresh
    /// temporary data dir.
    pub fn start(rows: u16, cols: u16, args: &[&str], env: &[(&str, &str)]) -> Console {
        let data = tempfile::tempdir().expect("tempdir");
        let mut cmd = oktui_command(args, data.path());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let data_dir = data.path().to_path_buf();
        Console::spawn(rows, cols, cmd, data_dir, Some(data))
    }

    /// Spawns `cmd` on a `rows`×`cols` terminal; `data_dir` is the dir it was given for data.
    pub fn spawn(
        rows: u16,
        cols: u16,
        cmd: CommandBuilder,
        data_dir: PathBuf,
        owned: Option<tempfile::TempDir>,
    ) -> Console {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let child = pty.slave.spawn_command(cmd).expect("spawn oktui");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
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
            data_dir,
            _data: owned,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Everything the binary wrote to the terminal so far, escape sequences included.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// Polls until `pred` holds for the screen text; panics with the screen (and the binary's
    /// log, if any) at the deadline.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.poll_until(what, Duration::from_millis(50), pred)
    }

    /// `wait_until`, looking every `every`: a benchmark timing what it waits for looks often.
    pub fn poll_until(&self, what: &str, every: Duration, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if start.elapsed() > DEADLINE {
                let log =
                    std::fs::read_to_string(self.data_dir.join("oktui.log")).unwrap_or_default();
                panic!("timed out waiting for {what}; screen:\n{s}\nlog:\n{log}");
            }
            thread::sleep(every);
        }
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Esc alone: a lone ESC byte followed quickly by another key would read as Alt-key, so
    /// the caller waits for the effect on screen before typing on.
    pub fn esc(&mut self) {
        self.send("\u{1b}");
    }

    /// Waits for the binary to exit and for the reader to take in its last bytes; returns the
    /// exit code.
    pub fn wait_exit(&mut self) -> u32 {
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
}

// ------------------------------------------------------------------ signals and the mouse

impl Console {
    /// Sends `signal` (e.g. `libc::SIGHUP`) to the binary this console started.
    pub fn signal(&self, signal: i32) {
        let pid = self.child.process_id().expect("the child's pid") as libc::pid_t;
        // SAFETY: kill() only sends a signal, to the child this console spawned.
        let rc = unsafe { libc::kill(pid, signal) };
        assert_eq!(rc, 0, "kill({pid}, {signal})");
    }

    /// A left click (press, then release) at 0-based screen `col`, `row`, as a terminal with
    /// SGR mouse reporting sends it.
    pub fn click(&mut self, col: u16, row: u16) {
        let (x, y) = (col + 1, row + 1);
        self.send(&format!("\u{1b}[<0;{x};{y}M\u{1b}[<0;{x};{y}m"));
    }

    /// One notch of the wheel down at 0-based `col`, `row` (SGR).
    pub fn wheel_down(&mut self, col: u16, row: u16) {
        self.send(&format!("\u{1b}[<65;{};{}M", col + 1, row + 1));
    }

    /// One notch of the wheel up at 0-based `col`, `row` (SGR).
    pub fn wheel_up(&mut self, col: u16, row: u16) {
        self.send(&format!("\u{1b}[<64;{};{}M", col + 1, row + 1));
    }

    /// Screen rows drawn in reverse video from their first column (the selected row).
    pub fn reversed_rows(&self) -> Vec<u16> {
        let p = self.parser.lock().unwrap();
        let screen = p.screen();
        let (rows, _) = screen.size();
        (0..rows.get())
            .filter(|&r| screen.cell(r, 0).is_some_and(|c| c.inverse()))
            .collect()
    }

    /// The text of screen row `row`.
    pub fn row_text(&self, row: u16) -> String {
        let p = self.parser.lock().unwrap();
        let screen = p.screen();
        let (_, cols) = screen.size();
        screen
            .rows(0, cols.get())
            .nth(usize::from(row))
            .unwrap_or_default()
    }

    /// How many bytes the binary has written so far (to look only at what comes after).
    pub fn written(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// What the binary wrote after the first `from` bytes, escape sequences included.
    pub fn written_since(&self, from: usize) -> String {
        let raw = self.raw.lock().unwrap();
        String::from_utf8_lossy(raw.get(from..).unwrap_or(&[])).into_owned()
    }
}
