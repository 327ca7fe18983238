//! Write actions through the whole binary in a pseudo-terminal against the demo sandbox:
//! suspend then unsuspend, a reset link shown and copied (OSC 52), create user with a server
//! error then success, add and remove a group member, a bulk suspend of marked users. Every
//! wait polls the screen with a generous deadline; nothing is timed.

use base64::Engine;

mod support;
use support::pty::Console;

const ROWS: u16 = 36;
const COLS: u16 = 160;

impl Console {
    fn journal(&self) -> String {
        std::fs::read_to_string(self.data_dir.join("journal.jsonl")).unwrap_or_default()
    }

    fn wait_status(&self, text: &str) {
        self.wait_until(&format!("status {text:?}"), |s| {
            s.lines()
                .nth(usize::from(ROWS) - 2)
                .is_some_and(|l| l.contains(text))
        });
    }

    /// Starts the demo and waits until every user is loaded.
    fn demo() -> Console {
        let mut c = Console::start(ROWS, COLS, &["--demo", "--demo-users", "300"], &[]);
        c.wait_until("all users loaded", |s| {
            s.lines()
                .next()
                .is_some_and(|h| h.contains(" users") && !h.contains("loaded"))
        });
        // The list alone: these tests read logins off the rows, and the detail pane beside the
        // list (tests/pty_pane.rs) shows the focused user's login and email too.
        c.send("|");
        c.wait_until("the pane hidden", |s| !s.contains("| hides"));
        c
    }

    /// Filters the list down to one ACTIVE user and returns their whole login.
    fn one_active_user(&mut self) -> String {
        let screen = self.screen();
        let login = screen
            .lines()
            .skip(3)
            .filter(|l| l.starts_with("ACTIVE "))
            .flat_map(|l| l.split_whitespace())
            .find(|w| w.contains("@example.") && !w.contains('…'))
            .map(str::to_owned)
            .expect("an ACTIVE user with a whole login on screen");
        self.send("/");
        self.wait_until("the filter prompt", |s| {
            s.lines()
                .nth(usize::from(ROWS) - 2)
                .is_some_and(|l| l.starts_with('/'))
        });
        self.send(&format!("'{login}"));
        self.wait_for("(1 shown)");
        self.send("\r");
        self.wait_until("filter kept", |s| !s.contains("keep filter"));
        login
    }
}

#[test]
fn suspend_then_unsuspend() {
    let mut c = Console::demo();
    let login = c.one_active_user();
    c.send("S");
    c.wait_for("Suspend? ");
    let dialog = c.screen();
    assert!(
        dialog.contains(&login)
            && dialog.contains("Tenant")
            && dialog.contains("suspends the user")
    );
    c.send("y");
    c.wait_status("ok → SUSPENDED");
    c.wait_until("the row shows SUSPENDED", |s| {
        s.lines()
            .any(|l| l.starts_with("SUSPENDED") && l.contains(&login))
    });
    c.send("U");
    c.wait_for("Unsuspend? ");
    c.send("y");
    c.wait_status("ok → ACTIVE");
    c.wait_until("the row shows ACTIVE", |s| {
        s.lines()
            .any(|l| l.starts_with("ACTIVE") && l.contains(&login))
    });
    let journal = c.journal();
    assert!(
        journal.contains("\"action\":\"suspend\"") && journal.contains("\"action\":\"unsuspend\""),
        "{journal}"
    );
    assert!(journal.contains(&login));
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn reset_link_is_shown_and_copied_and_never_journaled() {
    let mut c = Console::demo();
    let login = c.one_active_user();
    c.send("P");
    c.wait_for("Reset password? ");
    assert!(c.screen().contains("send email: no"));
    c.send("y");
    let screen = c.wait_for("The password reset link for");
    let link = screen
        .lines()
        .flat_map(|l| l.split(|ch: char| ch == '│' || ch.is_whitespace()))
        .find(|w| w.starts_with("http") && w.contains("reset"))
        .expect("the link on screen")
        .to_owned();
    c.send("y");
    c.wait_for("copied to the clipboard");
    let b64 = base64::engine::general_purpose::STANDARD.encode(link.as_bytes());
    c.wait_until("the OSC 52 sequence", |_| {
        c.raw_text().contains(&format!("\u{1b}]52;c;{b64}"))
    });
    c.esc();
    c.wait_until("the link dialog closed", |s| {
        !s.contains("The password reset link for")
    });
    assert!(
        c.screen()
            .lines()
            .any(|l| l.starts_with("RECOVERY") && l.contains(&login))
    );
    let journal = c.journal();
    assert!(
        journal.contains("reset-link") && journal.contains(&login),
        "{journal}"
    );
    let token = link.rsplit('/').next().unwrap_or_default();
    assert!(
        !journal.contains(&link) && !journal.contains(token),
        "{journal}"
    );
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn create_user_with_a_server_error_then_success() {
    let mut c = Console::demo();
    let taken = c.one_active_user();
    c.send("C");
    c.wait_for("create user");
    c.send(&format!("{taken}\tfresh.person@example.com\tFresh\tPerson"));
    c.wait_for("Person");
    c.send("\u{13}"); // Ctrl-S asks first, naming the login and the tenant
    c.wait_for(&format!("Create {taken} in tenant"));
    c.send("y");
    c.wait_for("already exists");
    let form = c.screen();
    assert!(
        form.contains("fresh.person@example.com"),
        "what was typed stays:\n{form}"
    );
    assert!(form.contains("E0000001") && form.contains("request id"));
    // The cause sits right under the login field.
    let lines: Vec<&str> = form.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Username (login)"))
        .expect("login field");
    assert!(lines[at + 1].contains("already exists"), "{form}");
    c.send("\u{15}new.hire@example.com"); // Ctrl-U, then a free login
    c.wait_until("the new login typed, the cause cleared", |s| {
        let lines: Vec<&str> = s.lines().collect();
        lines
            .iter()
            .position(|l| l.contains("Username (login)    new.hire@example.com"))
            .is_some_and(|at| !lines[at + 1].contains("already exists"))
    });
    c.send("\u{13}");
    c.wait_for("Create new.hire@example.com in tenant");
    c.send("y");
    c.wait_status("created new.hire@example.com");
    c.wait_until("the new user selected", |s| {
        s.lines().any(|l| l.contains("new.hire@example.com"))
    });
    assert!(c.journal().contains("\"action\":\"create\""));
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn add_and_remove_a_group_member() {
    let mut c = Console::demo();
    let login = c.one_active_user();
    c.esc();
    c.wait_until("filter cleared", |s| !s.contains("(1 shown)"));
    c.send("2");
    c.wait_until("all groups", |s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains(" groups") && !h.contains("loaded"))
    });
    c.send("/");
    c.send("'OKTA_GROUP");
    c.wait_for("shown)");
    c.send("\r");
    c.wait_until("filter kept", |s| !s.contains("keep filter"));
    c.send("\r");
    c.wait_for("OKTA_GROUP ·");
    c.send("M");
    c.wait_for("add users to");
    c.send("+");
    c.wait_for("Enter searches");
    let local = login.split('@').next().unwrap_or_default().to_owned();
    c.send(&format!("{local}\r"));
    c.wait_until("search results", |s| {
        s.lines()
            .any(|l| l.contains(&login) && l.contains("ACTIVE"))
    });
    c.send("\r");
    c.wait_for("1 to run");
    c.send("\r");
    c.wait_status("Add users to");
    c.wait_status("1 ok, 0 failed");
    c.send("\r");
    c.wait_until("the dialog closed", |s| !s.contains("any key closes"));
    // The member list reloaded with the new member: filter to it and remove it.
    c.send("/");
    c.send(&format!("'{login}"));
    c.wait_for("(1 shown)");
    c.send("\r");
    c.wait_until("filter kept", |s| !s.contains("keep filter"));
    c.send("M");
    c.wait_for(&format!("remove {login} from"));
    c.send("-");
    c.wait_for("1 to run");
    c.send("\r");
    c.wait_status("Remove members from");
    c.wait_status("1 ok, 0 failed");
    c.wait_until("both writes journaled", |_| {
        let j = c.journal();
        j.contains("add-member") && j.contains("remove-member")
    });
    c.send("\r");
    c.wait_until("the dialog closed", |s| !s.contains("any key closes"));
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn bulk_suspend_of_marked_users() {
    let mut c = Console::demo();
    c.send("/");
    c.send("'ACTIVE ");
    c.wait_for("shown)");
    c.send("\r");
    c.wait_until("filter kept", |s| !s.contains("keep filter"));
    c.send("   ");
    c.wait_status("3 marked");
    c.send("S");
    c.wait_for("3 to run");
    assert!(c.screen().contains("Estimate:"));
    c.send("\r");
    c.wait_status("Suspend: 3 ok, 0 failed");
    let done = c.screen();
    assert!(done.contains("3/3"), "{done}");
    c.send("\r");
    c.wait_until("the dialog closed", |s| !s.contains("any key closes"));
    // Each write is two lines: its intent (before sending) and its outcome.
    let journal = c.journal();
    let lines = |phase: &str| {
        journal
            .lines()
            .filter(|l| l.contains("\"action\":\"suspend\"") && l.contains(phase))
            .count()
    };
    assert_eq!(lines("\"phase\":\"intent\""), 3, "{journal}");
    assert_eq!(lines("\"outcome\":\"ok\""), 3, "{journal}");
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn a_write_to_the_own_account_asks_twice() {
    let mut c = Console::demo();
    c.send("/");
    c.wait_until("the filter prompt", |s| {
        s.lines()
            .nth(usize::from(ROWS) - 2)
            .is_some_and(|l| l.starts_with('/'))
    });
    c.send("'admin@example.com");
    c.wait_for("(1 shown)");
    c.send("\r");
    c.wait_until("filter kept", |s| !s.contains("keep filter"));
    c.send("S");
    c.wait_for("Suspend? ");
    c.send("y");
    c.wait_for("YOUR OWN account");
    c.send("n");
    c.wait_status("cancelled");
    assert!(!c.screen().contains("YOUR OWN account"));
    assert!(!c.journal().contains("admin@example.com"));
}
