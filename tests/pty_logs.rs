//! The Logs tab through the whole binary in a pseudo-terminal against the demo sandbox: the
//! org's log loads newest first, tail mode follows it, and unlocking a locked-out user from
//! their sign-in card (which gives the lockout's time) brings the `user.account.unlock` event
//! into the tail at its next poll. Every wait polls the screen with a generous deadline;
//! nothing is timed.

mod support;
use support::pty::Console;

const ROWS: u16 = 36;
const COLS: u16 = 160;

/// The value on the card line labelled `label` (the text after the label column).
fn card_value(screen: &str, label: &str) -> Option<String> {
    screen
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .map(|l| l.trim_start()[label.len()..].trim().to_owned())
}

fn header(screen: &str) -> String {
    screen.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn tail_shows_the_unlock_of_a_locked_out_user_at_its_next_poll() {
    let mut c = Console::start(
        ROWS,
        COLS,
        &["--demo", "--demo-users", "300"],
        // Polls a few times a second instead of every 2-10 s: the test waits less.
        &[("OKTUI_TAIL_INTERVAL_MS", "250")],
    );
    c.wait_until("all users loaded", |s| {
        let h = header(s);
        h.contains(" users") && !h.contains("loaded")
    });
    c.send("4");
    c.wait_until("the System Log loaded", |s| {
        let h = header(s);
        h.contains(" events") && !h.contains("loaded") && s.contains("user.session.start")
    });
    c.send("T");
    c.wait_until("tail mode in the header", |s| header(s).contains("tail ·"));

    // A locked-out user, from the Users tab: the card gives the lockout's time.
    c.send("1");
    c.send("/");
    c.wait_until("the filter prompt", |s| {
        s.lines()
            .nth(usize::from(ROWS) - 2)
            .is_some_and(|l| l.starts_with('/'))
    });
    c.send("LOCKED_OUT");
    c.wait_for(" shown)");
    c.send("\r");
    c.wait_until("filter kept", |s| !s.contains("keep filter"));
    c.send("\r");
    let card = c.wait_until("the card for a locked-out user", |s| {
        s.contains("── Can sign in? NO") && s.contains("lockouts")
    });
    let lockouts = card_value(&card, "lockouts").expect("a lockouts line");
    let time = lockouts
        .split("last ")
        .nth(1)
        .expect("the last lockout's time")
        .to_owned();
    let verdict = card_value(&card, "verdict").expect("a verdict line");
    assert!(
        verdict.contains(&format!("locked out since {time}")),
        "{verdict}\n{card}"
    );
    let login = card
        .lines()
        .find_map(|l| l.strip_prefix("User "))
        .expect("the detail's title")
        .trim()
        .to_owned();

    c.send("L");
    c.wait_for("Unlock");
    c.send("y");
    c.wait_until("the card read again after the unlock", |s| {
        card_value(s, "status").as_deref() == Some("active")
    });
    assert!(header(&c.screen()).contains("tail"), "the tail still runs");

    // Back on the Logs tab: the unlock arrived with the tail's next poll, at the top.
    c.send("4");
    let logs = c.wait_until("the unlock in the tail", |s| {
        s.lines()
            .nth(3)
            .is_some_and(|l| l.contains("user.account.unlock"))
    });
    assert!(header(&logs).contains("tail +"), "{logs}");
    // Its event names the user unlocked.
    c.send("\r");
    let ev = c.wait_for("── Raw JSON");
    assert!(ev.contains("Event user.account.unlock"), "{ev}");
    assert!(ev.contains(&login), "{login}\n{ev}");
    // Stop the tail, then quit.
    c.send("T");
    c.wait_until("tail stopped", |s| !header(s).contains("tail"));
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}
