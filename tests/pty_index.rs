//! A tenant with a local index through the whole binary in a pseudo-terminal, against an
//! in-process sandbox: the first open lists the org into the index; the next open shows the
//! rows from the index while the sync's requests are still unanswered; a user changed in the
//! org meanwhile is changed in place by the background sync. No timed assertions: every
//! wait polls the screen.

use oktui::sandbox::{Faults, SandboxOptions};

mod support;
use support::pty::{Console, oktui_command};

const ROWS: u16 = 36;
const COLS: u16 = 200;

fn console(config: &std::path::Path, data: &std::path::Path) -> Console {
    let mut cmd = oktui_command(
        &[std::ffi::OsStr::new("--config"), config.as_os_str()],
        data,
    );
    cmd.env_remove("OKTUI_TENANT");
    let mut c = Console::spawn(ROWS, COLS, cmd, data.to_path_buf(), None);
    // The detail pane would narrow the list and cut the logins this test reads off the rows.
    c.send("|");
    c
}

/// The logins of the ACTIVE rows on screen (whole ones: a cut login ends in `…`).
fn active_logins(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.trim_start().starts_with("ACTIVE"))
        .filter_map(|l| l.split_whitespace().find(|w| w.contains('@')))
        .filter(|w| !w.contains('…'))
        .map(str::to_owned)
        .collect()
}

fn row_of<'a>(screen: &'a str, login: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(login))
}

fn quit(c: &mut Console) {
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn reopening_shows_the_index_at_once_and_the_sync_changes_a_row_in_place() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = rt
        .block_on(oktui::sandbox::start(SandboxOptions::new(300)))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[tenants]]\nname = \"big\"\ndomain = \"{}\"\ntoken = \"{}\"\n",
            sandbox.base_url(),
            sandbox.token()
        ),
    )
    .unwrap();
    let admin = sandbox.admin_id();

    // First open: no index yet, the org is listed into it.
    let mut c = console(&config, dir.path());
    c.wait_for("index synced");
    assert!(
        dir.path().join("cache/oktui/index/big.sqlite").exists(),
        "the index is in the cache dir"
    );
    quit(&mut c);

    // Second open with every request held for a long while: the rows are the index's.
    sandbox.set_faults(Faults {
        latency_ms: 120_000,
        ..Faults::default()
    });
    let mut c = console(&config, dir.path());
    let s = c.wait_until("rows from the index while the sync waits", |s| {
        !active_logins(s).is_empty() && s.contains("syncing…")
    });
    assert!(s.contains(" old · syncing…"), "the index's age: {s}");
    let login = active_logins(&s)
        .into_iter()
        .find(|l| sandbox.user_id(l).is_some_and(|id| id != admin))
        .unwrap_or_else(|| panic!("no whole active login on screen: {s}"));
    quit(&mut c);
    sandbox.set_faults(Faults::default());

    // The user changes in the org; the next open shows it from the index, then changed.
    assert!(sandbox.set_user_status(&login, "SUSPENDED"));
    // The sync's answers wait a second, so its "1 changed" comes after the pane's own note.
    sandbox.set_faults(Faults {
        latency_ms: 1_000,
        ..Faults::default()
    });
    let mut c = console(&config, dir.path());
    let s = c.wait_until("the changed row", |s| {
        row_of(s, &login).is_some_and(|r| r.contains("SUSPENDED")) && s.contains("index synced")
    });
    assert!(s.contains("1 changed"), "{s}");
    quit(&mut c);
}
