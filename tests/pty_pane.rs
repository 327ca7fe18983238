//! The detail pane in a real terminal at 160 columns against a sandbox org: it follows the
//! cursor, asks the org once when the cursor rests after several quick moves, shows a row it
//! has seen again without asking, and its key hides and shows it. Nothing is timed: each step
//! waits for what it needs on screen, and the sandbox counts the requests.

mod support;

use oktui::sandbox::SandboxOptions;
use support::pty::{Console, oktui_command};

const ROWS: u16 = 48;
const COLS: u16 = 160;
/// Where a single user is read (the list is `/api/v1/users?…`, without the slash).
const ONE_USER: &str = "/api/v1/users/";

/// The pane's part of a screen row: what follows its border.
fn pane_part(line: &str) -> Option<&str> {
    line.split_once('│').map(|(_, p)| p.trim())
}

/// The login the pane shows, once the fetched user is in it (its profile section drawn).
fn pane_login(screen: &str) -> Option<String> {
    let body: Vec<&str> = screen.lines().skip(2).filter_map(pane_part).collect();
    if !body.iter().any(|l| l.starts_with("── Profile (")) {
        return None;
    }
    body.iter()
        .find_map(|l| l.strip_prefix("login"))
        .map(|v| v.trim().to_owned())
}

/// The login column of the selected row, as far as the list shows it (cut with `…`).
fn selected_login(c: &Console) -> String {
    // The tab bar is drawn in reverse too: the selection is below the column titles.
    let row = c
        .reversed_rows()
        .into_iter()
        .find(|&r| r >= 3)
        .expect("a selected row");
    let text = c.row_text(row);
    // The status cell can be two words ("PROVISIONED Pending"): the login is the word with @.
    text.split_whitespace()
        .find(|w| w.contains('@'))
        .expect("a login column")
        .trim_end_matches('…')
        .to_owned()
}

/// Waits until the selection is on the `n`th user of the list (0 is the first).
fn wait_selected(c: &Console, n: u16) {
    // Rows 0-2: header, tabs, column titles.
    c.wait_until(&format!("user {n} selected"), |_| {
        c.reversed_rows().contains(&(3 + n))
    });
}

/// Waits until the pane shows the fetched user the cursor is on; returns their login.
fn wait_pane_on_selected(c: &Console, what: &str) -> String {
    let screen = c.wait_until(what, |s| {
        pane_login(s).is_some_and(|login| login.starts_with(&selected_login(c)))
    });
    pane_login(&screen).expect("the pane's login")
}

#[test]
fn the_pane_follows_the_cursor_asks_once_after_quick_moves_and_remembers() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = rt
        .block_on(oktui::sandbox::start(SandboxOptions::new(30)))
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut cmd = oktui_command::<&str>(&[], data.path());
    cmd.env("OKTA_CLIENT_ORGURL", sandbox.base_url());
    cmd.env("OKTA_CLIENT_TOKEN", sandbox.token());
    let mut c = Console::spawn(ROWS, COLS, cmd, data.path().to_path_buf(), None);

    wait_selected(&c, 0);
    let first = wait_pane_on_selected(&c, "the first user in the pane");
    assert!(c.screen().contains("| hides"));
    sandbox.reset_request_counts();

    // Four moves in one burst: the pane asks for the row the cursor rests on, and only it.
    c.send("jjjj");
    wait_selected(&c, 4);
    let fifth = wait_pane_on_selected(&c, "the fifth user in the pane");
    assert_ne!(fifth, first);
    assert_eq!(sandbox.request_count("GET", ONE_USER), 1);

    // Back to the first: shown from what the pane kept, with no request.
    c.send("kkkk");
    wait_selected(&c, 0);
    let back = wait_pane_on_selected(&c, "the first user again");
    assert_eq!(back, first);
    // A later move elsewhere is what would ask next: nothing asked for the way back.
    c.send("j");
    wait_selected(&c, 1);
    let second = wait_pane_on_selected(&c, "the second user in the pane");
    assert_ne!(second, first);
    assert_eq!(sandbox.request_count("GET", ONE_USER), 2);

    // The key hides the pane (the list takes the width) and shows it again.
    c.send("|");
    c.wait_until("the pane hidden", |s| !s.contains("| hides"));
    c.send("|");
    c.wait_for("| hides");

    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}
