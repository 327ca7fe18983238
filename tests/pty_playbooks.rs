//! Offboarding one user from the console, through the whole binary in a pseudo-terminal
//! against a sandbox org: `p` → offboard → the plan → one step unticked → the login typed →
//! the run → the residue report; then the org's state is read back. Nothing is timed: every
//! wait polls the screen with a generous deadline.

mod support;

#[allow(dead_code)]
#[path = "playbooks/scenario.rs"]
mod scenario;

use std::path::Path;
use std::time::{Duration, Instant};

use oktui::sandbox::{Faults, RAISED_RATE_LIMIT};
use scenario::Leaver;
use support::pty::{Console, oktui_command};

const ROWS: u16 = 40;
const COLS: u16 = 160;

/// The console on the leaver's org, with `data` as its data dir (journal included), once it
/// shows `ready`.
fn console(leaver: &Leaver, data: &Path, ready: &str) -> Console {
    let mut cmd = oktui_command::<&str>(&[], data);
    cmd.env("OKTA_CLIENT_ORGURL", leaver.sb.base_url());
    cmd.env("OKTA_CLIENT_TOKEN", leaver.sb.token());
    let c = Console::spawn(ROWS, COLS, cmd, data.to_path_buf(), None);
    c.wait_for(ready);
    c
}

/// Filters the list down to `login` and keeps the filter.
fn only_the_leaver(c: &mut Console, login: &str) {
    c.send("/");
    c.wait_until("the filter prompt", |s| {
        s.lines()
            .nth(usize::from(ROWS) - 2)
            .is_some_and(|l| l.starts_with('/'))
    });
    c.send(&format!("'{login}"));
    c.wait_for("(1 shown)");
    c.send("\r");
    c.wait_until("filter kept", |s| !s.contains("keep filter"));
}

fn journal(data: &Path) -> String {
    std::fs::read_to_string(data.join("journal.jsonl")).unwrap_or_default()
}

#[test]
fn offboarding_one_user_from_the_console_leaves_only_what_the_residue_names() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let leaver = rt.block_on(Leaver::build(4));
    let data = tempfile::tempdir().unwrap();
    let mut c = console(&leaver, data.path(), &leaver.login);
    only_the_leaver(&mut c, &leaver.login);
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

#[test]
fn a_run_killed_mid_step_is_offered_at_the_next_start_and_continued_without_a_repeated_write() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let leaver = rt.block_on(Leaver::build(4));
    let data = tempfile::tempdir().unwrap();
    let mut c = console(&leaver, data.path(), &leaver.login);
    only_the_leaver(&mut c, &leaver.login);
    c.send("p");
    c.wait_for("onboard-like");
    c.send("\r");
    c.wait_for("stays (cannot be removed here)");
    c.send("\r");
    c.wait_for("Type the login to run");
    c.send(&leaver.login);
    // Slow answers, and writes applied even when the client hangs up (as a real org does):
    // the console is killed with a write out.
    leaver.sb.set_faults(Faults {
        latency_ms: 600,
        complete_after_disconnect: true,
        rate_limit_per_min: RAISED_RATE_LIMIT,
        ..Faults::default()
    });
    c.send("\r");
    let deadline = Instant::now() + Duration::from_secs(60);
    while journal(data.path()).matches("\"phase\":\"intent\"").count() < 4 {
        assert!(Instant::now() < deadline, "{}", journal(data.path()));
        std::thread::sleep(Duration::from_millis(20));
    }
    c.signal(libc::SIGKILL);
    c.wait_exit();
    leaver.sb.set_faults(Faults {
        rate_limit_per_min: RAISED_RATE_LIMIT,
        ..Faults::default()
    });

    // The next start offers to continue; the plan is read afresh and the run completes.
    let mut c = console(&leaver, data.path(), "unfinished playbook run");
    c.send("y");
    let plan = c.wait_for("continues run pb-offboard-");
    assert!(plan.contains("plan: offboard"), "{plan}");
    c.send("\r");
    c.wait_for("Type the login to run");
    c.send(&leaver.login);
    c.send("\r");
    let done = c.wait_until("the residue report", |s| {
        s.contains("Residue: what still grants access") && s.contains("SUSPENDED")
    });
    assert!(done.contains(" 0 failed"), "{done}");

    // Every write reached the org once: none repeated by the continued run.
    let id = &leaver.id;
    assert_eq!(
        leaver
            .sb
            .request_count("POST", &format!("/api/v1/users/{id}/lifecycle/suspend")),
        1
    );
    assert_eq!(
        leaver
            .sb
            .request_count("DELETE", &format!("/api/v1/users/{id}/sessions")),
        1
    );
    for team in &leaver.teams {
        assert_eq!(
            leaver
                .sb
                .request_count("DELETE", &format!("/api/v1/groups/{team}/users/{id}")),
            1,
            "team {team}"
        );
    }
    for (app, label) in leaver.apps.iter().take(3) {
        assert_eq!(
            leaver
                .sb
                .request_count("DELETE", &format!("/api/v1/apps/{app}/users/{id}")),
            1,
            "{label}"
        );
    }
    let groups = leaver.sb.user_group_ids(id);
    assert!(
        leaver.teams.iter().all(|t| !groups.contains(t)),
        "{groups:?}"
    );
    assert_eq!(leaver.sb.user_apps(id).len(), 1);
    c.esc();
    c.wait_until("the run closed", |s| !s.contains("Residue:"));
    c.send("q");
    c.wait_exit();
}
