//! Playbooks against the sandbox org: the offboarding plan and run with the server state and
//! residue they leave, a run stopped mid-way and resumed without a repeated write, a 429
//! storm, a user deleted meanwhile, read-only tenants, onboarding like another user.

mod scenario;

use std::time::Duration;

use oktui::journal::{Journal, Outcome, Source};
use oktui::okta::apps::Origin as Via;
use oktui::perform::Origin;
use oktui::playbook::plan::plan;
use oktui::playbook::residue::residue;
use oktui::playbook::run::{Run, RunRefused, StepOutcome};
use oktui::playbook::{Playbook, StepKind};
use oktui::sandbox::Faults;
use scenario::Leaver;

fn origin() -> Origin {
    Origin {
        tenant: "sandbox".into(),
        source: Source::Cli,
        run: None,
    }
}

fn journal(dir: &tempfile::TempDir) -> Journal {
    Journal::at(dir.path().join("journal.jsonl"))
}

/// Writes the sandbox received, by method, on the paths a leaver's offboarding touches.
fn writes(l: &Leaver) -> u64 {
    ["POST", "PUT", "DELETE"]
        .iter()
        .map(|m| l.sb.request_count(m, "/api/v1/"))
        .sum()
}

#[tokio::test]
async fn the_plan_names_every_object_and_what_stays() {
    let l = Leaver::build(4).await;
    let p = plan(
        &l.client,
        std::slice::from_ref(&l.login),
        &Playbook::offboard(),
    )
    .await
    .unwrap();
    let u = &p.users[0];
    assert_eq!(u.error, None);
    let count = |k: StepKind| u.steps.iter().filter(|s| s.kind == k).count();
    assert_eq!(count(StepKind::Suspend), 1);
    assert_eq!(count(StepKind::Sessions), 1);
    assert_eq!(count(StepKind::Groups), 4, "the rule group is not removed");
    assert_eq!(
        count(StepKind::Apps),
        3,
        "the group-derived app is not unassigned"
    );
    assert_eq!(count(StepKind::Roles), 1);
    let kept: Vec<(&str, &str)> = u.kept.iter().map(|k| (k.kind, k.name.as_str())).collect();
    assert_eq!(kept, [("group", "Sales Everyone"), ("app", "Box")]);
    assert!(u.kept[0].cause.contains("rule"), "{}", u.kept[0].cause);
    assert!(
        u.kept[1].cause.contains("Sales Everyone"),
        "{}",
        u.kept[1].cause
    );
    let json = p.to_json(&l.client);
    assert_eq!(json["counts"]["groups"], 4);
    assert!(json["estimate"]["seconds"].as_f64().is_some());
    let names: Vec<String> = u
        .steps
        .iter()
        .filter(|s| s.kind == StepKind::Groups)
        .filter_map(|s| s.object().map(|o| o.name))
        .collect();
    assert_eq!(names.len(), 4);
    assert!(names.iter().all(|n| n.starts_with("Team ")), "{names:?}");
    // Reading is all a plan does.
    assert_eq!(writes(&l), 0);
}

#[tokio::test]
async fn offboarding_leaves_only_the_rule_group_and_the_app_it_brings() {
    let l = Leaver::build(4).await;
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let p = plan(
        &l.client,
        std::slice::from_ref(&l.login),
        &Playbook::offboard(),
    )
    .await
    .unwrap();
    let mut run = Run::start(&l.client, &p, &j, None).unwrap();
    let summary = run.run_all(&l.client, &j, &origin(), |_| {}).await;
    assert_eq!((summary.failed, summary.unknown), (0, 0), "{summary:?}");

    assert_eq!(l.sb.user_status(&l.id), Some("SUSPENDED"));
    assert_eq!(l.sb.sessions(&l.id), 0);
    assert_eq!(
        l.sb.user_group_ids(&l.id).len(),
        2,
        "Everyone and the rule group"
    );
    assert!(l.sb.is_member(&l.rule_group, &l.id));
    assert_eq!(l.sb.user_apps(&l.id), ["Box"]);
    assert!(l.sb.user_role_types(&l.id).is_empty());

    let r = residue(&l.client, std::slice::from_ref(&l.id))
        .await
        .unwrap();
    let items: Vec<(&str, &str)> = r[0]
        .items
        .iter()
        .map(|i| (i.kind, i.name.as_str()))
        .collect();
    assert_eq!(items, [("group", "Sales Everyone"), ("app", "Box")]);
    assert!(r[0].items[0].cause.contains("rule \"Sales\""));
    assert_eq!(r[0].items[1].cause, "through Sales Everyone");

    // Every write is journaled with the run's id, intent then outcome.
    let entries = j.read_recent(1000);
    assert_eq!(entries.len(), summary.ok);
    assert!(
        entries
            .iter()
            .all(|e| e.run.as_deref() == Some(run.id.as_str()) && e.outcome() == Outcome::Ok)
    );
}

#[tokio::test]
async fn a_stopped_run_resumes_without_repeating_a_write() {
    let l = Leaver::build(4).await;
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let p = plan(
        &l.client,
        std::slice::from_ref(&l.login),
        &Playbook::offboard(),
    )
    .await
    .unwrap();
    let total = p.enabled_steps().count() as u64;
    let mut run = Run::start(&l.client, &p, &j, None).unwrap();
    // Up to the first group removal: a write a fresh read shows.
    let mut done = 0u64;
    while run.peek().is_some_and(|s| s.kind != StepKind::Groups) {
        run.next(&l.client, &j, &origin()).await.unwrap();
        done += 1;
    }
    // That step's future is dropped while its request waits in the server, which completes it
    // as a real server would.
    l.sb.set_faults(Faults {
        latency_ms: 1500,
        complete_after_disconnect: true,
        ..l.sb.faults()
    });
    let stopped = tokio::time::timeout(
        Duration::from_millis(300),
        run.next(&l.client, &j, &origin()),
    )
    .await;
    assert!(stopped.is_err());
    let id = run.id.clone();
    drop(run);
    tokio::time::sleep(Duration::from_millis(1800)).await;
    l.sb.set_faults(Faults {
        latency_ms: 0,
        ..l.sb.faults()
    });
    let sent_before = writes(&l);
    assert_eq!(
        sent_before,
        done + 1u64,
        "the steps run and the interrupted one reached the server"
    );
    assert_eq!(
        l.sb.user_group_ids(&l.id).len(),
        5,
        "the interrupted removal was applied"
    );

    // Resuming: a fresh plan (what was done is no longer in it) and the run's journal.
    let p2 = plan(
        &l.client,
        std::slice::from_ref(&l.login),
        &Playbook::offboard(),
    )
    .await
    .unwrap();
    // The journal remembers the run, its user and the write whose answer never came.
    let runs = oktui::playbook::run::runs_in_journal(&j);
    assert_eq!(runs.len(), 1);
    assert_eq!(
        (runs[0].id.as_str(), runs[0].playbook.as_str()),
        (id.as_str(), "offboard")
    );
    assert_eq!(runs[0].users, std::slice::from_ref(&l.id));
    assert_eq!((runs[0].applied as u64, runs[0].unknown), (done, 1));
    let mut resumed = Run::start(&l.client, &p2, &j, Some(&id)).unwrap();
    let summary = resumed.run_all(&l.client, &j, &origin(), |_| {}).await;
    assert_eq!((summary.failed, summary.unknown), (0, 0), "{summary:?}");
    assert_eq!(writes(&l), total, "every write sent exactly once");
    assert_eq!(l.sb.user_apps(&l.id), ["Box"]);
    assert_eq!(l.sb.user_group_ids(&l.id).len(), 2);
}

#[tokio::test]
async fn a_429_storm_over_many_users_ends_with_no_failed_step() {
    let l = Leaver::build(4).await;
    let mut logins = vec![l.login.clone()];
    for i in 0..2 {
        logins.push(l.extra_user(i).await);
    }
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let p = plan(&l.client, &logins, &Playbook::offboard())
        .await
        .unwrap();
    let total = p.enabled_steps().count();
    // A tiny bucket with a short window: most writes are refused at first.
    l.sb.set_faults(Faults {
        rate_limit_per_min: 10,
        rate_window_secs: 1,
        ..l.sb.faults()
    });
    // Another admin's script reads through the same buckets all along.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let noise = tokio::spawn(l.noise(stop.clone()));
    let mut run = Run::start(&l.client, &p, &j, None).unwrap();
    let mut limited = 0;
    let summary = run
        .run_all(&l.client, &j, &origin(), |r| limited += r.rate_limited)
        .await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    noise.await.unwrap();
    l.sb.set_faults(Faults {
        rate_limit_per_min: oktui::sandbox::RAISED_RATE_LIMIT,
        ..Faults::default()
    });
    assert_eq!(
        (summary.failed, summary.unknown, summary.ok),
        (0, 0, total),
        "{summary:?}"
    );
    // The client waits out most 429s itself; the run tries again those it gives up on.
    let received = writes(&l) as usize;
    assert!(
        received > total,
        "the storm refused some writes ({received} write requests for {total} steps, {limited} retried by the run)"
    );
    // No write applied twice: one applied outcome per step key.
    let applied: Vec<String> = j
        .read_recent(10_000)
        .into_iter()
        .filter(|e| e.outcome() == Outcome::Ok)
        .map(|e| format!("{}:{:?}:{:?}", e.action, e.target_id, e.options))
        .collect();
    let unique: std::collections::HashSet<&String> = applied.iter().collect();
    assert_eq!((applied.len(), unique.len()), (total, total));
    for login in &logins {
        assert_eq!(l.sb.user_status(login), Some("SUSPENDED"));
    }
}

#[tokio::test]
async fn a_user_deleted_meanwhile_is_reported_once_and_passed_over() {
    let l = Leaver::build(4).await;
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let p = plan(
        &l.client,
        std::slice::from_ref(&l.login),
        &Playbook::offboard(),
    )
    .await
    .unwrap();
    // Deleted between the plan and the run (deactivate, then delete).
    l.delete_user().await;
    let mut run = Run::start(&l.client, &p, &j, None).unwrap();
    let mut results = Vec::new();
    run.run_all(&l.client, &j, &origin(), |r| results.push(r.clone()))
        .await;
    assert!(
        results.iter().all(|r| r.outcome == StepOutcome::UserGone),
        "{results:?}"
    );
    assert_eq!(run.summary.users_gone, std::slice::from_ref(&l.login));
    let sent = j.read_recent(100).len();
    assert_eq!(
        sent, 1,
        "one write found the user gone; the others were not sent"
    );
}

#[tokio::test]
async fn read_only_tenants_get_the_plan_but_not_the_run() {
    let l = Leaver::build(4).await;
    let ro = l.read_only_client();
    let p = plan(&ro, std::slice::from_ref(&l.login), &Playbook::offboard())
        .await
        .unwrap();
    assert!(p.read_only);
    assert!(p.enabled_steps().count() > 5);
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    assert_eq!(
        Run::start(&ro, &p, &j, None).err(),
        Some(RunRefused::ReadOnly)
    );
    assert_eq!(writes(&l), 0);
}

#[tokio::test]
async fn skipped_steps_are_not_sent() {
    let l = Leaver::build(4).await;
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let mut p = plan(
        &l.client,
        std::slice::from_ref(&l.login),
        &Playbook::offboard().with_deactivate(true),
    )
    .await
    .unwrap();
    p.skip_step(StepKind::Groups, true);
    p.skip_step(StepKind::Deactivate, true);
    let key = p.users[0]
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Roles)
        .unwrap()
        .key
        .clone();
    assert!(p.set_enabled(&key, false));
    let mut run = Run::start(&l.client, &p, &j, None).unwrap();
    let s = run.run_all(&l.client, &j, &origin(), |_| {}).await;
    assert_eq!(s.skipped, 6);
    assert_eq!(l.sb.user_status(&l.id), Some("ACTIVE"));
    assert_eq!(l.sb.user_group_ids(&l.id).len(), 6);
    assert_eq!(l.sb.user_role_types(&l.id).len(), 1);
}

#[tokio::test]
async fn onboarding_like_copies_okta_groups_and_direct_apps() {
    let l = Leaver::build(4).await;
    let newcomer = l.extra_user(9).await;
    let dir = tempfile::tempdir().unwrap();
    let j = journal(&dir);
    let p = plan(
        &l.client,
        std::slice::from_ref(&newcomer),
        &Playbook::onboard_like(Some(l.login.clone())),
    )
    .await
    .unwrap();
    let mut run = Run::start(&l.client, &p, &j, None).unwrap();
    let s = run.run_all(&l.client, &j, &origin(), |_| {}).await;
    // The newcomer was already in two of the teams and held the first app.
    assert_eq!((s.ok, s.failed), (4, 0), "2 groups and 2 direct apps");
    let id = l.sb.user_id(&newcomer).unwrap();
    let apps = l.client.user_app_assignments(&id, &[]).await.unwrap();
    assert_eq!(apps.len(), 3);
    assert!(apps.iter().all(|a| a.origin == Via::Direct));
    assert!(
        !l.sb.is_member(&l.rule_group, &id),
        "a rule decides that one"
    );
}
