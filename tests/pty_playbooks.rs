//! Offboarding one user from the console, through the whole binary in a pseudo-terminal
//! against a sandbox org: `p` → offboard → the plan → one step unticked → the login typed →
//! the run → the residue report; then the org's state is read back. Nothing is timed: every
//! wait polls the screen with a generous deadline.

mod support;

#[allow(dead_code)]
#[path = "playbooks/scenario.rs"]
mod scenario;

use scenario::Leaver;
use support::pty::{Console, oktui_command};

const ROWS: u16 = 40;
const COLS: u16 = 160;

#[test]
fn offboarding_one_user_from_the_console_leaves_only_what_the_residue_names() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let leaver = rt.block_on(Leaver::build(4));
    let data = tempfile::tempdir().unwrap();
    let mut cmd = oktui_command::<&str>(&[], data.path());
    cmd.env("OKTA_CLIENT_ORGURL", leaver.sb.base_url());
    cmd.env("OKTA_CLIENT_TOKEN", leaver.sb.token());
    let mut c = Console::spawn(ROWS, COLS, cmd, data.path().to_path_buf(), None);
    c.wait_until("users listed", |s| s.contains(&leaver.login));

    // The leaver alone in the list, then the playbooks menu and the offboarding plan.
    c.send("/");
    c.wait_until("the filter prompt", |s| {
        s.lines()
            .nth(usize::from(ROWS) - 2)
            .is_some_and(|l| l.starts_with('/'))
    });
    c.send(&format!("'{}", leaver.login));
    c.wait_for("(1 shown)");
    c.send("\r");
    c.wait_until("filter kept", |s| !s.contains("keep filter"));
    c.send("p");
    c.wait_for("onboard-like");
    c.send("\r");
    let plan = c.wait_for("stays (cannot be removed here)");
    assert!(plan.contains("plan: offboard"), "{plan}");
    assert!(
        plan.contains("Sales Everyone"),
        "the rule's group stays: {plan}"
    );
    assert!(plan.contains("through Sales Everyone"), "{plan}");

    // Untick the sessions step, confirm by typing the login, run.
    c.send("j ");
    c.wait_for("[ ] sessions");
    c.send("\r");
    c.wait_for("Type the login to run");
    c.send(&leaver.login);
    c.send("\r");
    let done = c.wait_until("the residue report", |s| {
        s.contains("Residue: what still grants access") && s.contains("SUSPENDED")
    });
    assert!(done.contains("run: offboard · finished"), "{done}");
    assert!(done.contains(" 0 failed"), "{done}");
    assert!(done.contains("skipped      clear-sessions"), "{done}");
    let residue: Vec<&str> = done
        .lines()
        .skip_while(|l| !l.contains("Residue:"))
        .collect();
    let residue = residue.join("\n");
    assert!(residue.contains("group  Sales Everyone"), "{residue}");
    assert!(
        residue.contains("app    Box — through Sales Everyone"),
        "{residue}"
    );
    assert!(!residue.contains("Team 1"), "{residue}");

    // The org as the residue says: suspended, only the rule's group and the app through it,
    // and the sessions untouched (that step was unticked).
    assert_eq!(leaver.sb.user_status(&leaver.id), Some("SUSPENDED"));
    let groups = leaver.sb.user_group_ids(&leaver.id);
    assert!(groups.contains(&leaver.rule_group), "{groups:?}");
    assert!(
        leaver.teams.iter().all(|t| !groups.contains(t)),
        "{groups:?}"
    );
    assert_eq!(leaver.sb.user_apps(&leaver.id).len(), 1);
    assert_eq!(leaver.sb.sessions(&leaver.id), 2);
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap_or_default();
    assert!(journal.contains("\"run\":\"pb-offboard-"), "{journal}");
    assert!(
        !journal.contains("sessions"),
        "no sessions write: {journal}"
    );

    c.esc();
    c.wait_until("the plan closed", |s| !s.contains("Residue:"));
    c.send("q");
    c.wait_exit();
}
