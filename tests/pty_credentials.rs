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
    // An empty file: nothing configured (a --config file that is missing is an error).
    std::fs::write(&config, "").unwrap();
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

/// Two sandbox orgs of different sizes and seeds (so their users differ), served for as long
/// as the returned runtime and handles live.
struct TwoOrgs {
    _rt: tokio::runtime::Runtime,
    first: oktui::sandbox::SandboxHandle,
    second: oktui::sandbox::SandboxHandle,
}

const FIRST_USERS: usize = 40;
const SECOND_USERS: usize = 25;

fn two_orgs() -> TwoOrgs {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let start = |users: usize, seed: u64, token: &str| {
        let mut opts = SandboxOptions::new(users);
        opts.seed = seed;
        opts.token = token.to_owned();
        rt.block_on(oktui::sandbox::start(opts)).unwrap()
    };
    let first = start(FIRST_USERS, 1, "00firstOrgToken_1111");
    let second = start(SECOND_USERS, 7, "00secondOrgToken_2222");
    TwoOrgs {
        _rt: rt,
        first,
        second,
    }
}

/// A config with `first` (opened at start), `second`, and `third` (the first org again),
/// plus an unknown key so the Credentials tab shows a warning line above its list.
fn write_two_org_config(path: &std::path::Path, orgs: &TwoOrgs) {
    let tenant = |name: &str, h: &oktui::sandbox::SandboxHandle| {
        format!(
            "[[tenants]]\nname = \"{name}\"\ndomain = \"{}\"\ntoken = \"{}\"\n",
            h.base_url(),
            h.token()
        )
    };
    let text = format!(
        "default_tenant = \"first\"\ncolour = \"blue\"\n{}{}{}",
        tenant("first", &orgs.first),
        tenant("second", &orgs.second),
        tenant("third", &orgs.first),
    );
    std::fs::write(path, text).unwrap();
}

/// The Users list's data rows (under the tabs and the column titles, above the status line).
fn user_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .take(usize::from(ROWS) - 2)
        .skip(3)
        .map(|l| l.trim_end().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Once `tenant`'s users are all loaded, how many the header says there are.
fn loaded_count(s: &str, tenant: &str) -> Option<usize> {
    let header = s.lines().next()?;
    if !header.contains(&format!(" {tenant} ")) || header.contains("loaded") {
        return None;
    }
    let words: Vec<&str> = header.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "users")?;
    words.get(at.checked_sub(1)?)?.replace(',', "").parse().ok()
}

/// `:tenant NAME` through the binary: the header and the Users list become the other org's;
/// an unknown name says so and keeps the tenant that is open.
#[test]
fn tenant_command_switches_orgs_and_refuses_an_unknown_name() {
    let orgs = two_orgs();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    write_two_org_config(&config, &orgs);
    let mut c = Console::with_config(&config, dir.path());
    let first = c.wait_until("first's users", |s| loaded_count(s, "first").is_some());
    assert!(
        first
            .lines()
            .next()
            .unwrap()
            .contains(orgs.first.base_url())
    );
    let first_rows = user_rows(&first);
    assert!(!first_rows.is_empty(), "{first}");

    c.send(":tenant second\r");
    // All loaded, and the frame listing them fully read (the header comes first in a frame).
    let second = c.wait_until("second's users", |s| {
        loaded_count(s, "second").is_some_and(|n| user_rows(s).len() == n)
    });
    let header = second.lines().next().unwrap();
    assert!(header.contains(orgs.second.base_url()), "{header}");
    assert!(!header.contains(orgs.first.base_url()), "{header}");
    let count = loaded_count(&second, "second").unwrap();
    assert!(
        count > 0 && count < SECOND_USERS.min(usize::from(ROWS) - 5) + 1,
        "{header}"
    );
    // Fewer users than the list has rows: every one of second's is listed, and only those.
    let second_rows = user_rows(&second);
    assert_eq!(second_rows.len(), count, "{second}");
    // Another seed: other people (the token's admin is in both orgs).
    let shared: Vec<_> = second_rows
        .iter()
        .filter(|r| first_rows.contains(r) && !r.contains("admin@"))
        .collect();
    assert!(
        shared.is_empty(),
        "first's users on second's list: {shared:?}"
    );

    // An unknown name: a clear message, and still on second.
    c.send(":tenant nope\r");
    let s = c.wait_for("no tenant named \"nope\"");
    assert_eq!(loaded_count(&s, "second"), Some(count), "{s}");
    // No dialog over the list: the message is on the status line and the next key works.
    let s = c.wait_until("the list as it was", |s| {
        !user_rows(s).iter().any(|r| r.contains("no tenant named")) && user_rows(s) == second_rows
    });
    let status = s.lines().nth(usize::from(ROWS) - 2).unwrap_or("");
    assert!(status.contains("no tenant named \"nope\""), "{s}");
    assert_eq!(loaded_count(&s, "second"), Some(count), "{s}");
    assert_eq!(user_rows(&s), second_rows);
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

/// A click on the Credentials tab selects the tenant under the pointer, though the config path
/// and a warning sit above the list (QA: it used to select the row below); Enter then
/// switches to it.
#[test]
fn clicking_a_tenant_on_credentials_selects_that_row() {
    let orgs = two_orgs();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    write_two_org_config(&config, &orgs);
    let mut c = Console::with_config(&config, dir.path());
    c.wait_until("first's users", |s| loaded_count(s, "first").is_some());
    c.send("3");
    let s = c.wait_until("the tenant list with its warning", |s| {
        s.contains("warning: ") && s.contains("Last Test Connect") && s.contains("  third ")
    });
    let row_of = |s: &str, name: &str| {
        s.lines()
            .position(|l| {
                l.starts_with(&format!("  {name} ")) || l.starts_with(&format!("● {name} "))
            })
            .unwrap_or_else(|| panic!("{name} not listed:\n{s}")) as u16
    };
    let tabs = 1;
    // The list's own selection (the rows below the tabs row).
    let selected = |c: &Console| -> Vec<u16> {
        c.reversed_rows()
            .into_iter()
            .filter(|&r| r > tabs)
            .collect()
    };
    let first_row = row_of(&s, "first");
    c.wait_until("first selected", |_| selected(&c) == [first_row]);

    for name in ["third", "second"] {
        let row = row_of(&s, name);
        c.click(4, row);
        let s = c.wait_until(&format!("{name} selected"), |_| selected(&c) == [row]);
        // The panel below the list describes the selected tenant.
        assert!(
            s.lines().any(|l| l.starts_with(&format!("{name} · "))),
            "{s}"
        );
    }
    c.send("\r");
    c.wait_until("second's users", |s| loaded_count(s, "second").is_some());
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

/// A tenant named "slow" on `org` whose `token_command` waits `secs` seconds before printing
/// the token, as a password manager or a locked keyring might.
fn slow_tenant(org: &oktui::sandbox::SandboxHandle, secs: u32) -> String {
    format!(
        "[[tenants]]\nname = \"slow\"\ndomain = \"{}\"\ntoken_command = \"sh -c 'sleep {secs}; printf %s {}'\"\n",
        org.base_url(),
        org.token()
    )
}

/// A tenant whose secret takes seconds to arrive (a `token_command` that waits, like a
/// password manager or a locked keyring would) is opened off the loop: meanwhile the console
/// keeps drawing and taking keys, and then the other org's users arrive.
#[test]
fn a_slow_token_command_does_not_freeze_the_console() {
    let orgs = two_orgs();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    write_two_org_config(&config, &orgs);
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&slow_tenant(&orgs.second, 5));
    std::fs::write(&config, text).unwrap();
    let mut c = Console::with_config(&config, dir.path());
    c.wait_until("first's users", |s| loaded_count(s, "first").is_some());
    c.send(":tenant slow\r");
    c.wait_for("connecting to slow");
    // The command is still sleeping, and the console is still on first: the Groups tab
    // opens and the help answers.
    c.send("2");
    let groups = c.wait_until("the Groups tab", |s| {
        s.lines().nth(2).is_some_and(|l| l.starts_with("Name"))
    });
    c.send("?");
    let help = c.wait_for("help · ");
    for s in [&groups, &help] {
        let header = s.lines().next().unwrap_or("");
        assert!(
            header.contains(" first "),
            "switched before the keys were answered:\n{s}"
        );
    }
    c.esc();
    let s = c.wait_until("slow's users", |s| loaded_count(s, "slow").is_some());
    let header = s.lines().next().unwrap();
    assert!(header.contains(orgs.second.base_url()), "{header}");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

/// Opening a tenant whose token takes a while at start: the shell's screen says why nothing
/// happens yet, then the console opens on that tenant.
#[test]
fn a_slow_token_at_start_is_announced() {
    let orgs = two_orgs();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, slow_tenant(&orgs.first, 2)).unwrap();
    let mut c = Console::with_config(&config, dir.path());
    c.wait_until("slow's users", |s| loaded_count(s, "slow").is_some());
    let raw = c.raw_text();
    let said = raw
        .find("oktui: opening the tenant: waiting for its token")
        .expect("the wait was announced");
    let alternate = raw
        .find("\x1b[?1049h")
        .expect("the console took the screen");
    assert!(
        said < alternate,
        "announced before the console took the screen"
    );
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}
