//! The Credentials tab through the whole binary in a pseudo-terminal: start with no config,
//! add a tenant pointing at an in-process sandbox, Test Connect, Connect & Create, switch to
//! it and see its users. Then: the file is 0600 and holds the tenant and its test, and the
//! token never reached the terminal (only `••••` and its last four characters).
//! No timed assertions: every wait polls the screen until the text appears.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use oktui::sandbox::SandboxOptions;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 36;
const COLS: u16 = 120;
const DEADLINE: Duration = Duration::from_secs(90);
const TOKEN: &str = "00vaultPtyToken_ABCDEFGH5678";

struct Console {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Console {
    fn start(config: &std::path::Path, data: &std::path::Path) -> Console {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_oktui"));
        cmd.arg("--config");
        cmd.arg(config);
        cmd.env("TERM", "xterm-256color");
        cmd.env("OKTUI_DATA_DIR", data);
        cmd.env("HOME", data);
        cmd.env_remove("OKTA_CLIENT_ORGURL");
        cmd.env_remove("OKTA_CLIENT_TOKEN");
        cmd.env_remove("OKTUI_TENANT");
        let child = pty.slave.spawn_command(cmd).expect("spawn oktui");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let rows = std::num::NonZeroU16::new(ROWS).expect("rows");
        let cols = std::num::NonZeroU16::new(COLS).expect("cols");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
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
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

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

    fn wait_exit(&mut self) {
        let start = Instant::now();
        while self.child.try_wait().expect("try_wait").is_none() {
            if start.elapsed() > DEADLINE {
                panic!("oktui did not exit; screen:\n{}", self.screen());
            }
            thread::sleep(Duration::from_millis(50));
        }
        // Let the reader take in the last bytes.
        thread::sleep(Duration::from_millis(200));
    }

    fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }
}

#[test]
fn add_test_save_switch_and_see_users() {
    // The sandbox runs on a runtime that lives as long as the test.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let mut opts = SandboxOptions::new(200);
    opts.token = TOKEN.to_owned();
    let sandbox = rt.block_on(oktui::sandbox::start(opts)).unwrap();
    let base = sandbox.base_url().to_owned();

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let mut c = Console::start(&config, dir.path());
    c.wait_for("n new");
    assert!(c.screen().contains("No tenant configured"));

    // The form: name, (API token), domain with a trailing slash, (inline), token.
    c.send("n");
    c.wait_for("add tenant");
    c.send("sbx\t\t");
    c.send(&format!("{base}/\t\t"));
    c.send(TOKEN);
    c.wait_until("the token typed (masked)", |s| {
        s.contains(&"•".repeat(TOKEN.chars().count()))
    });

    // Test Connect (Ctrl-T): org, engine, who, latency, rate limit.
    c.send("\u{14}");
    let s = c.wait_for("Rate limit");
    assert!(s.contains("Identity Engine"), "{s}");
    assert!(s.contains("admin@example.com"), "{s}");
    assert!(s.contains("Latency"), "{s}");

    // Connect & Create (Ctrl-S): tests again, then saves; the list shows it masked.
    c.send("\u{13}");
    let s = c.wait_for("saved sbx");
    assert!(s.contains("••••5678"), "{s}");
    let normalized = base.trim_end_matches('/');
    assert!(s.contains(normalized), "{s}");
    assert!(s.contains("✓ 20"), "the last test shows with its time: {s}");

    // Enter switches: the header names it and its users load.
    c.send("\r");
    c.wait_until("the users of sbx", |s| {
        let header = s.lines().next().unwrap_or("");
        header.contains(" sbx ") && header.contains(" users") && s.contains("@example.")
    });
    c.send("/admin@example");
    c.wait_until("the admin row", |s| {
        s.lines().skip(3).any(|l| l.contains("admin@example.com"))
    });
    c.send("\r");
    c.send("q");
    c.wait_exit();

    // The file: 0600, the tenant normalized, its token, its last test.
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(&config).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("name = \"sbx\""), "{text}");
    assert!(
        text.contains(&format!("domain = \"{normalized}\"")),
        "{text}"
    );
    assert!(text.contains(&format!("token = \"{TOKEN}\"")));
    assert!(text.contains("[tenants.last_test]") && text.contains("ok = true"));

    // The token never reached the terminal, in any frame.
    let raw = c.raw_text();
    assert!(
        !raw.contains(TOKEN),
        "the token was written to the terminal"
    );
    assert!(
        !raw.contains("ABCDEFGH"),
        "part of the token was written to the terminal"
    );
    drop(sandbox);
}

#[test]
fn damaged_config_is_shown_with_its_place_and_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let broken = "page_size = 200\n[[tenants]]\nname = \"a\"\ndomain = \n";
    std::fs::write(&config, broken).unwrap();
    let mut c = Console::start(&config, dir.path());
    let s = c.wait_for("config file damaged");
    assert!(s.contains("config.toml:4:10"), "line and column: {s}");
    // Adding is refused (the footer does not even offer it) and says why.
    assert!(!s.contains("n new"), "{s}");
    c.send("n");
    c.wait_for("never overwrites it");
    c.send("q");
    c.wait_exit();
    assert_eq!(std::fs::read_to_string(&config).unwrap(), broken);
}
