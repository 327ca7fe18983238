//! The sign-in card through the whole binary in a pseudo-terminal against the demo sandbox:
//! a locked-out user's card says so with the lockout's time from the System Log, `L` unlocks,
//! and the card and the recent activity read again show the unlock. Every wait polls the
//! screen with a generous deadline; nothing is timed.

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

#[test]
fn locked_out_card_shows_the_lockout_time_and_unlock_clears_it() {
    let mut c = Console::start(ROWS, COLS, &["--demo", "--demo-users", "300"], &[]);
    c.wait_until("all users loaded", |s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains(" users") && !h.contains("loaded"))
    });
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
        verdict.contains(&format!("locked out since {time} (System Log)")),
        "{verdict}\n{card}"
    );
    assert!(card.contains("unlock the account (press L)"), "{card}");

    c.send("L");
    c.wait_for("Unlock");
    c.send("y");
    let after = c.wait_until("the card read again after the unlock", |s| {
        card_value(s, "status").as_deref() == Some("active")
    });
    let verdict = card_value(&after, "verdict").expect("a verdict line");
    assert_eq!(verdict, "can sign in", "{after}");
    assert!(after.contains("── Can sign in? YES"), "{after}");
    assert!(!after.contains("unlock the account (press L)"), "{after}");
    c.send("G");
    c.wait_until("the unlock in the recent activity", |s| {
        s.contains("── Recent activity") && s.contains("user.account.unlock · SUCCESS")
    });
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}
