//! `oktui users offboard`, `oktui playbook`, `oktui apps` and `oktui users update` against
//! the sandbox: the plan as JSON, the run as JSON Lines, a run killed mid-way and resumed,
//! read-only refusals, app assignments and schema-checked profile edits.

use std::time::Duration;

use oktui::journal::Outcome;
use oktui::sandbox::{Faults, RAISED_RATE_LIMIT, SandboxOptions};
use serde_json::Value;

use crate::cli_support::{Org, jsonl};

fn org() -> Org {
    Org::start_with(SandboxOptions::new(60).with_rate_limit(RAISED_RATE_LIMIT))
}

fn writes(org: &Org) -> u64 {
    ["POST", "PUT", "DELETE"]
        .iter()
        .map(|m| org.sandbox.request_count(m, "/api/v1/"))
        .sum()
}

/// An ACTIVE user in at least two OKTA_GROUPs.
fn member(org: &Org) -> String {
    for u in org.users() {
        if u["status"] != "ACTIVE" {
            continue;
        }
        let login = u["login"].as_str().unwrap().to_owned();
        if login.starts_with("admin@") {
            continue;
        }
        let (_, out, _) = org.run(&["users", "groups", &login, "-o", "jsonl"]);
        let okta = jsonl(&out)
            .iter()
            .filter(|g| g["type"] == "OKTA_GROUP")
            .count();
        if okta >= 2 {
            return login;
        }
    }
    panic!("no ACTIVE user in two OKTA_GROUPs");
}

#[test]
fn offboard_plan_is_json_and_sends_nothing() {
    let org = org();
    let login = member(&org);
    org.sandbox.reset_request_counts();
    let (code, out, err) = org.run(&["users", "offboard", &login, "--plan"]);
    assert_eq!(code, 0, "{err}");
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["playbook"], "offboard");
    assert_eq!(plan["users"][0]["login"], login.as_str());
    assert!(plan["counts"]["groups"].as_u64().unwrap() >= 2, "{plan}");
    assert_eq!(plan["counts"]["suspend"], 1);
    assert!(plan["estimate"]["seconds"].is_number());
    assert_eq!(writes(&org), 0);

    // An unknown user is in the plan with its error, and the exit code says not found.
    let (code, out, _) = org.run(&["users", "offboard", "nobody@example.com", "--plan"]);
    assert_eq!(code, 3);
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert!(
        plan["users"][0]["error"]
            .as_str()
            .unwrap()
            .contains("E0000007")
    );
}

#[test]
fn offboard_runs_as_json_lines_and_ends_with_the_residue() {
    let org = org();
    let login = member(&org);
    let (code, out, err) = org.run(&[
        "users",
        "offboard",
        &login,
        "--yes",
        "--skip",
        "factors",
        "--forget-devices",
    ]);
    assert_eq!(code, 0, "{err}\n{out}");
    let lines = jsonl(&out);
    let (steps, last) = lines.split_at(lines.len() - 1);
    assert!(
        steps
            .iter()
            .all(|l| l["type"] == "step" && l["result"] == "ok"),
        "{out}"
    );
    assert_eq!(steps[0]["action"], "suspend");
    assert!(steps.iter().all(|l| l["action"] != "reset-factors"));
    assert_eq!(last[0]["type"], "summary");
    assert_eq!(last[0]["summary"]["failed"], 0);
    let residue = &last[0]["residue"][0]["items"];
    assert!(
        residue
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] != "role"
                && i["cause"] != "the membership is still there (step skipped or failed)"),
        "{residue}"
    );
    assert_eq!(org.sandbox.user_status(&login), Some("SUSPENDED"));
    let sessions = org
        .journal()
        .into_iter()
        .find(|e| e.action == "clear-sessions")
        .unwrap();
    assert_eq!(sessions.options["forgetDevices"], true);
    assert!(err.contains("--resume pb-"), "{err}");
}

#[test]
fn a_killed_offboarding_resumes_without_repeating_a_write() {
    let org = Org::start_with(SandboxOptions {
        faults: Faults {
            latency_ms: 150,
            complete_after_disconnect: true,
            rate_limit_per_min: RAISED_RATE_LIMIT,
            ..Faults::default()
        },
        ..SandboxOptions::new(60)
    });
    let login = member(&org);
    // Sessions and tokens are left out: their effect cannot be read back, so only writes whose
    // result a re-read shows are in flight when the process dies.
    let args = [
        "users", "offboard", &login, "--yes", "--skip", "sessions", "--skip", "tokens",
    ];
    let (_, plan_out, _) = org.run(&[
        "users", "offboard", &login, "--plan", "--skip", "sessions", "--skip", "tokens",
    ]);
    let planned = serde_json::from_str::<Value>(&plan_out).unwrap()["writes"]
        .as_u64()
        .unwrap();
    assert!(planned >= 3, "{plan_out}");
    org.sandbox.reset_request_counts();
    let child = org.spawn(&args);
    org.wait_journal_lines("\"phase\":\"outcome\"", 2);
    std::thread::sleep(Duration::from_millis(60));
    // SAFETY: kill(2) on the pid of a child this test started and has not waited for yet.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGKILL) }, 0);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), None, "killed");
    std::thread::sleep(Duration::from_millis(400));
    let run = org
        .journal()
        .into_iter()
        .find_map(|e| e.run)
        .expect("the run id is journaled");
    let sent = writes(&org);
    assert!(
        sent < planned,
        "killed before the end ({sent} of {planned})"
    );

    let mut resume = args.to_vec();
    resume.extend(["--resume", &run]);
    let (code, out, err) = org.run(&resume);
    assert_eq!(code, 0, "{err}\n{out}");
    assert_eq!(
        writes(&org),
        planned,
        "every planned write reached Okta exactly once"
    );
    assert_eq!(org.sandbox.user_status(&login), Some("SUSPENDED"));
    assert!(
        org.journal()
            .iter()
            .filter(|e| e.outcome() == Outcome::Ok)
            .all(|e| e.run.as_deref() == Some(run.as_str()))
    );
}

#[test]
fn read_only_shows_the_plan_and_refuses_the_run() {
    let org = org();
    let login = member(&org);
    org.sandbox.reset_request_counts();
    let (code, out, err) = org.run(&["--read-only", "users", "offboard", &login, "--yes"]);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("read-only"), "{err}");
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["readOnly"], true);
    assert_eq!(writes(&org), 0);
}

#[test]
fn playbooks_come_from_the_config_too() {
    let org = org();
    let login = member(&org);
    let config = org.dir.path().join("oktui.toml");
    std::fs::write(
        &config,
        "[[playbooks]]\nname = \"leaver\"\nsteps = [\"deactivate\", \"groups\"]\n",
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    let (code, out, err) = org.run(&["--config", cfg, "playbook", "list"]);
    assert_eq!(code, 0, "{err}");
    let names: Vec<String> = serde_json::from_str::<Vec<Value>>(&out)
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["offboard", "onboard-like", "leaver"]);
    let (code, out, err) = org.run(&[
        "--config", cfg, "playbook", "run", "leaver", &login, "--plan",
    ]);
    assert_eq!(code, 0, "{err}");
    let plan: Value = serde_json::from_str(&out).unwrap();
    let steps: Vec<&str> = plan["users"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps.last(), Some(&"deactivate"));
    assert!(steps.iter().all(|s| *s == "groups" || *s == "deactivate"));
    let (code, _, err) = org.run(&["--config", cfg, "playbook", "run", "nope", &login]);
    assert_eq!(code, 2);
    assert!(err.contains("leaver"), "{err}");
}

#[test]
fn apps_assign_list_users_and_unassign() {
    let org = org();
    let login = org.login_with_status("ACTIVE");
    let (code, out, err) = org.run(&["apps", "list", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(serde_json::from_str::<Vec<Value>>(&out).unwrap().len(), 9);
    // Make sure the user does not hold Box first, then assign it.
    let _ = org.run(&["apps", "unassign", "Box", &login, "--yes"]);
    let (code, out, err) = org.run(&["apps", "assign", "Box", &login]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("assign-app"), "{out}");
    let id = org.sandbox.user_id(&login).unwrap();
    let (_, out, _) = org.run(&["apps", "users", "Box", "-o", "jsonl"]);
    let me = jsonl(&out)
        .into_iter()
        .find(|u| u["id"] == id.as_str())
        .unwrap();
    assert_eq!(me["scope"], "USER");
    let (code, _, err) = org.run(&["apps", "unassign", "Box", &login, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(!org.sandbox.user_apps(&id).contains(&"Box".to_owned()));
    let (code, _, _) = org.run(&["apps", "unassign", "Box", &login, "--yes"]);
    assert_eq!(code, 3, "no longer assigned");
}

#[test]
fn users_update_sends_only_changes_and_checks_the_schema() {
    let org = org();
    let login = org.login_with_status("ACTIVE");
    org.sandbox.reset_request_counts();
    let (code, _, err) = org.run(&["users", "update", &login, "--set", "workerType=pirate"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("enum"), "{err}");
    assert_eq!(writes(&org), 0, "refused before sending");
    let (code, out, err) = org.run(&[
        "users",
        "update",
        &login,
        "--set",
        "title=Chief Tea Officer",
        "--set",
        "workerType=vendor",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("update-profile"));
    let (_, out, _) = org.run(&["users", "get", &login, "-o", "json"]);
    let u: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(u["profile"]["title"], "Chief Tea Officer");
    let e = org
        .journal()
        .into_iter()
        .find(|e| e.action == "update-profile")
        .unwrap();
    assert_eq!(e.options["after"]["title"], "Chief Tea Officer");
    assert!(e.options["before"]["title"].is_string());
    assert_eq!(e.options["before"]["workerType"], Value::Null);
    // The same values again: nothing to send.
    let before = writes(&org);
    let (code, _, _) = org.run(&[
        "users",
        "update",
        &login,
        "--set",
        "title=Chief Tea Officer",
    ]);
    assert_eq!(code, 0);
    assert_eq!(writes(&org), before);
}
