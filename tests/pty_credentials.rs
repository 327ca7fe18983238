//! The Credentials tab through the whole binary in a pseudo-terminal: start with no config,
//! add a tenant pointing at an in-process sandbox, Test Connect, Connect & Create, switch to
//! it and see its users. Then: the file is 0600 and holds the tenant and its test, and the
//! token never reached the terminal (only `••••` and its last four characters).
//! No timed assertions: every wait polls the screen until the text appears.

use oktui::sandbox::SandboxOptions;

mod support;
use support::pty::{Console, oktui_command};

const ROWS: u16 = 36;
const COLS: u16 = 120;
const TOKEN: &str = "00vaultPtyToken_ABCDEFGH5678";

impl Console {
    /// Starts the binary on `config` with its data in `data`, no tenant chosen by the caller.
    fn with_config(config: &std::path::Path, data: &std::path::Path) -> Console {
        let mut cmd = oktui_command(
            &[std::ffi::OsStr::new("--config"), config.as_os_str()],
            data,
        );
        cmd.env_remove("OKTUI_TENANT");
        Console::spawn(ROWS, COLS, cmd, data.to_path_buf(), None)
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
    let mut c = Console::with_config(&config, dir.path());
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
    let mut c = Console::with_config(&config, dir.path());
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
