//! The status line in a real terminal at 80x24: a refused query's error wraps whole onto the
//! rows above the footer (no "r retries" for a 400), and a group search cleared goes back to
//! the groups already listed. No timed assertions: every wait polls the screen.

mod support;
use support::pty::Console;

#[test]
fn a_refused_filter_reads_whole_at_80_columns_and_a_cleared_group_search_lists_nothing_again() {
    let mut c = Console::start(24, 80, &["--demo", "--demo-users", "200"], &[]);
    c.wait_until("users loaded", |s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains(" users") && !h.contains("loaded"))
    });
    c.send(":");
    c.send("filter bad((\r");
    let screen = c.wait_for("what loaded is kept");
    let rows: Vec<&str> = screen.lines().collect();
    // The error is on the rows above the footer, every part of it, none cut.
    let status = rows[rows.len() - 4..rows.len() - 1].join(" ");
    assert!(status.contains("HTTP 400"), "{screen}");
    assert!(status.contains("request id"), "{screen}");
    assert!(!status.contains('…'), "{screen}");
    assert!(!screen.contains("retries"), "{screen}");

    // Esc goes back to the users kept from before the query.
    c.esc();
    c.wait_for("back to all");
    c.send("2");
    let listed = c.wait_until("groups listed", |s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains(" groups") && !h.contains("loaded"))
    });
    let total = listed
        .lines()
        .next()
        .and_then(|h| h.split(" groups").next())
        .and_then(|h| h.split_whitespace().last())
        .map(str::to_owned)
        .expect("the group count");
    c.send("s");
    c.send("Eng\r");
    c.wait_for("server name starts with");
    c.esc();
    let back = c.wait_for("back to all");
    assert!(
        back.contains(&format!("back to all {total} groups")),
        "{total}:\n{back}"
    );
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}
