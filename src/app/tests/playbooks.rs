//! Playbooks in the console: `p` opens the menu (built-ins and config ones), choosing one asks
//! for the plan, steps are unticked, the run is confirmed by typing the login (or the count),
//! steps run one effect at a time (Esc stops after the one in flight), the residue follows;
//! stale answers are dropped; a read-only tenant gets a dry run; an unfinished run found in
//! the journal is offered and continued through a fresh plan.

use crossterm::event::KeyCode;

use super::super::playbooks::run_view::RunStage;
use super::super::playbooks::{
    PbEffect, PbMsg, PlanView, Planned, PlaybookModal, RunCell, RunHandle, RunView, Shared,
};
use super::super::test_support::{app_with, ch, press, status_text, three_users, typed_shifted};
use super::super::*;
use crate::okta::{Auth, Client, ClientConfig, GroupRef, LifecycleOp, ObjectRef, UserRef, Write};
use crate::playbook::plan::{Kept, Plan, PlanStep, UserPlan};
use crate::playbook::residue::{ResidueItem, UserResidue};
use crate::playbook::run::{Run, RunRecord, StepOutcome, StepResult};
use crate::playbook::{Playbook, StepKind};

fn pb(a: &App) -> &PlaybookModal {
    match &a.modal {
        Some(Modal::Playbook(m)) => m,
        other => panic!("expected a playbook dialog, got {other:?}"),
    }
}

fn plan_view(a: &App) -> &PlanView {
    match pb(a) {
        PlaybookModal::Plan(v) => v,
        other => panic!("expected the plan, got {other:?}"),
    }
}

fn run_view(a: &App) -> &RunView {
    match pb(a) {
        PlaybookModal::Run(v) => v,
        other => panic!("expected the run, got {other:?}"),
    }
}

fn one_pb_effect(effects: Vec<Effect>) -> PbEffect {
    match <[Effect; 1]>::try_from(effects) {
        Ok([Effect::Playbook(e)]) => e,
        Ok(other) => panic!("expected a playbook effect, got {other:?}"),
        Err(v) => panic!("expected one effect, got {v:?}"),
    }
}

fn step(kind: StepKind, key: &str, write: Write) -> PlanStep {
    PlanStep {
        key: key.into(),
        kind,
        write,
        enabled: true,
    }
}

/// Alice's offboarding: suspend, one group, one app; a rule-driven group stays.
fn alice_plan(read_only: bool) -> Plan {
    let alice = UserRef::new("00u00001", "alice.1@example.com");
    Plan {
        playbook: Playbook::offboard(),
        users: vec![UserPlan {
            user: alice.clone(),
            status: "ACTIVE".into(),
            steps: vec![
                step(
                    StepKind::Suspend,
                    "suspend:00u00001",
                    Write::Lifecycle {
                        user: alice.clone(),
                        op: LifecycleOp::Suspend,
                    },
                ),
                step(
                    StepKind::Groups,
                    "remove-member:00u00001:00g1",
                    Write::RemoveMember {
                        group: GroupRef::new("00g1", "Engineering"),
                        user: alice.clone(),
                    },
                ),
                step(
                    StepKind::Apps,
                    "unassign-app:00u00001:0oa1",
                    Write::UnassignApp {
                        app: ObjectRef::new("0oa1", "Slack"),
                        user: alice.clone(),
                    },
                ),
            ],
            kept: vec![Kept {
                kind: "group",
                id: "00g9".into(),
                name: "Sales (rule)".into(),
                cause: "group rule Sales puts the user back".into(),
            }],
            error: None,
        }],
        read_only,
    }
}

fn planned(read_only: bool) -> Box<Planned> {
    Box::new(Planned {
        plan: alice_plan(read_only),
        budgets: Vec::new(),
        now: 1_700_000_000,
    })
}

/// `p` on Alice, the menu answered, offboard chosen and planned.
fn planned_app(read_only: bool) -> App {
    let mut a = app_with(read_only, three_users());
    let PbEffect::LoadMenu { req } = one_pb_effect(ch(&mut a, 'p')) else {
        panic!("the menu loads");
    };
    let leaver = Playbook {
        name: "leaver".into(),
        steps: vec![StepKind::Sessions],
        options: Default::default(),
    };
    a.update(Msg::Playbook(PbMsg::Menu {
        req,
        playbooks: vec![leaver],
        warning: None,
    }));
    let PlaybookModal::Menu(menu) = pb(&a) else {
        panic!("menu");
    };
    let names: Vec<&str> = menu.items.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["offboard", "onboard-like", "leaver"]);
    assert_eq!(menu.who(), "alice.1@example.com");
    let PbEffect::Plan {
        req,
        users,
        playbook,
    } = one_pb_effect(press(&mut a, KeyCode::Enter))
    else {
        panic!("a plan is asked for");
    };
    assert_eq!(users, ["00u00001"]);
    assert_eq!(playbook.name, "offboard");
    assert!(matches!(pb(&a), PlaybookModal::Planning { .. }));
    a.update(Msg::Playbook(PbMsg::Planned {
        req,
        result: Ok(planned(false)),
    }));
    a
}

fn handle() -> RunHandle {
    let client =
        Client::new(ClientConfig::new("http://127.0.0.1:9", Auth::ssws("t"))).expect("client");
    let journal = crate::journal::Journal::open_default();
    let run = Run::start(&client, &alice_plan(false), &journal, None).expect("a run");
    RunCell::handle(run, client, "acme".into())
}

fn result(key: &str, outcome: StepOutcome) -> Box<StepResult> {
    Box::new(StepResult {
        run: "pb-offboard-1".into(),
        key: key.into(),
        user: UserRef::new("00u00001", "alice.1@example.com"),
        step: StepKind::Suspend,
        action: "suspend".into(),
        description: format!("{key} done"),
        outcome,
        error: None,
        request_id: None,
        rate_limited: 0,
    })
}

/// Plans, unticks the group step, types the login: the run's start effect.
fn confirmed(a: &mut App) -> (ReqId, Shared<Plan>) {
    press(a, KeyCode::Down);
    ch(a, ' ');
    assert_eq!(plan_view(a).ticked(), 2);
    assert!(press(a, KeyCode::Enter).is_empty());
    assert!(plan_view(a).typing.is_some());
    typed_shifted(a, "bob");
    assert!(
        press(a, KeyCode::Enter).is_empty(),
        "a wrong login runs nothing"
    );
    for _ in 0..3 {
        press(a, KeyCode::Backspace);
    }
    typed_shifted(a, "alice.1@example.com");
    let PbEffect::Start {
        req,
        plan,
        resume,
        tenant,
    } = one_pb_effect(press(a, KeyCode::Enter))
    else {
        panic!("the run starts");
    };
    assert_eq!(tenant, "acme");
    assert_eq!(resume, None);
    (req, plan)
}

#[test]
fn the_plan_lists_steps_objects_and_what_stays() {
    let a = planned_app(false);
    let v = plan_view(&a);
    assert_eq!(v.step_count(), 3);
    assert_eq!(v.expected(), "alice.1@example.com");
    assert_eq!(v.plan.users[0].kept[0].name, "Sales (rule)");
}

#[test]
fn an_unticked_step_is_left_out_and_the_run_is_confirmed_by_the_login() {
    let mut a = planned_app(false);
    let (_, plan) = confirmed(&mut a);
    let enabled: Vec<bool> = plan.0.users[0].steps.iter().map(|s| s.enabled).collect();
    assert_eq!(enabled, [true, false, true]);
    assert!(matches!(run_view(&a).stage, RunStage::Starting));
}

#[test]
fn steps_run_one_effect_at_a_time_and_esc_stops_after_the_one_in_flight() {
    let mut a = planned_app(false);
    let (req, _) = confirmed(&mut a);
    let run = handle();
    let PbEffect::Step { req: s1, .. } = one_pb_effect(a.update(Msg::Playbook(PbMsg::Started {
        req,
        result: Ok((run, "pb-offboard-1".into())),
    }))) else {
        panic!("the first step");
    };
    let PbEffect::Step { req: s2, .. } = one_pb_effect(a.update(Msg::Playbook(PbMsg::Step {
        req: s1,
        result: Some(result("suspend:00u00001", StepOutcome::Ok)),
    }))) else {
        panic!("the next step follows");
    };
    // A late answer to the first step changes nothing.
    assert!(
        a.update(Msg::Playbook(PbMsg::Step {
            req: s1,
            result: Some(result("suspend:00u00001", StepOutcome::Ok)),
        }))
        .is_empty()
    );
    assert_eq!(run_view(&a).results.len(), 1);
    // Esc: the step in flight finishes, no other is asked for; the residue is.
    assert!(press(&mut a, KeyCode::Esc).is_empty());
    assert_eq!(run_view(&a).stage, RunStage::Stopping);
    // The residue is read from the run's own tenant (its handle holds that client).
    let PbEffect::Residue {
        req: r,
        user_ids,
        run: Some(_),
    } = one_pb_effect(a.update(Msg::Playbook(PbMsg::Step {
        req: s2,
        result: Some(result("remove-member:00u00001:00g1", StepOutcome::Skipped)),
    })))
    else {
        panic!("the residue is read");
    };
    assert_eq!(user_ids, ["00u00001"]);
    assert_eq!(run_view(&a).stage, RunStage::Done { stopped: true });
    assert!(
        status_text(&a).contains("stopped: 1 ok"),
        "{}",
        status_text(&a)
    );
    a.update(Msg::Playbook(PbMsg::Residue {
        req: r,
        result: Ok(vec![UserResidue {
            id: "00u00001".into(),
            login: "alice.1@example.com".into(),
            status: "SUSPENDED".into(),
            items: vec![ResidueItem {
                kind: "group",
                id: "00g9".into(),
                name: "Sales (rule)".into(),
                cause: "group rule Sales puts the user back".into(),
            }],
            error: None,
        }]),
    }));
    assert!(run_view(&a).residue.is_some());
    // Closing reads the screen again (statuses, groups and apps changed).
    let effects = press(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none());
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadUsers { .. })),
        "{effects:?}"
    );
}

#[test]
fn a_finished_run_reads_the_residue() {
    let mut a = planned_app(false);
    let (req, _) = confirmed(&mut a);
    let PbEffect::Step { req: s1, .. } = one_pb_effect(a.update(Msg::Playbook(PbMsg::Started {
        req,
        result: Ok((handle(), "pb-offboard-1".into())),
    }))) else {
        panic!("the first step");
    };
    let effect = one_pb_effect(a.update(Msg::Playbook(PbMsg::Step {
        req: s1,
        result: None,
    })));
    assert!(matches!(effect, PbEffect::Residue { .. }));
    assert_eq!(run_view(&a).stage, RunStage::Done { stopped: false });
}

#[test]
fn changing_suspend_to_deactivate_plans_again_and_keeps_unticked_steps() {
    let mut a = planned_app(false);
    press(&mut a, KeyCode::Down);
    ch(&mut a, ' ');
    let PbEffect::Plan { req, playbook, .. } = one_pb_effect(ch(&mut a, 'd')) else {
        panic!("a new plan");
    };
    assert!(playbook.steps.contains(&StepKind::Deactivate));
    assert!(!playbook.steps.contains(&StepKind::Suspend));
    // Options are not changed again while a plan is on its way.
    assert!(ch(&mut a, 'd').is_empty());
    let mut fresh = planned(false);
    fresh.plan.playbook = playbook;
    a.update(Msg::Playbook(PbMsg::Planned {
        req,
        result: Ok(fresh),
    }));
    let v = plan_view(&a);
    assert!(v.replanning.is_none());
    assert!(
        !v.plan.users[0].steps[1].enabled,
        "the unticked step stays unticked"
    );
    let PbEffect::Plan { playbook, .. } = one_pb_effect(ch(&mut a, 'f')) else {
        panic!("a new plan");
    };
    assert!(playbook.options.forget_devices);
}

#[test]
fn read_only_shows_the_plan_as_a_dry_run_and_refuses_to_run() {
    let mut a = planned_app(true);
    assert!(plan_view(&a).plan.read_only);
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert!(plan_view(&a).typing.is_none());
    assert!(status_text(&a).contains("dry run"), "{}", status_text(&a));
}

#[test]
fn marked_users_are_confirmed_by_their_count() {
    let mut a = app_with(false, three_users());
    ch(&mut a, ' ');
    ch(&mut a, ' ');
    let PbEffect::LoadMenu { .. } = one_pb_effect(ch(&mut a, 'p')) else {
        panic!("menu");
    };
    let PlaybookModal::Menu(menu) = pb(&a) else {
        panic!("menu");
    };
    assert_eq!(menu.who(), "2 users");
    let mut plan = alice_plan(false);
    let mut bob = plan.users[0].clone();
    bob.user = UserRef::new("00u00002", "bob.2@example.com");
    plan.users.push(bob);
    let PbEffect::Plan { req, users, .. } = one_pb_effect(press(&mut a, KeyCode::Enter)) else {
        panic!("plan");
    };
    assert_eq!(users.len(), 2);
    a.update(Msg::Playbook(PbMsg::Planned {
        req,
        result: Ok(Box::new(Planned {
            plan,
            budgets: Vec::new(),
            now: 0,
        })),
    }));
    assert_eq!(plan_view(&a).expected(), "2");
}

#[test]
fn the_palette_command_plans_a_named_playbook() {
    let mut a = app_with(false, three_users());
    ch(&mut a, ':');
    typed_shifted(&mut a, "playbook offboard");
    let PbEffect::LoadMenu { req } = one_pb_effect(press(&mut a, KeyCode::Enter)) else {
        panic!("menu");
    };
    let PbEffect::Plan { playbook, .. } = one_pb_effect(a.update(Msg::Playbook(PbMsg::Menu {
        req,
        playbooks: Vec::new(),
        warning: None,
    }))) else {
        panic!("planned at once");
    };
    assert_eq!(playbook.name, "offboard");
}

#[test]
fn an_unfinished_run_is_offered_and_continued_through_a_fresh_plan() {
    let mut a = app_with(false, three_users());
    let record = RunRecord {
        id: "pb-offboard-20261206-abc".into(),
        playbook: "offboard".into(),
        users: vec!["00u00001".into()],
        applied: 2,
        failed: 0,
        unknown: 1,
        last: "2026-12-06T03:00:00Z".into(),
    };
    a.update(Msg::Playbook(PbMsg::Unfinished {
        req: ReqId(1),
        found: Some((record, Ok(Playbook::offboard()))),
    }));
    assert!(matches!(pb(&a), PlaybookModal::Resume(_)));
    let PbEffect::Plan { req, users, .. } = one_pb_effect(ch(&mut a, 'y')) else {
        panic!("a fresh plan");
    };
    assert_eq!(users, ["00u00001"]);
    a.update(Msg::Playbook(PbMsg::Planned {
        req,
        result: Ok(planned(false)),
    }));
    assert_eq!(
        plan_view(&a).resume.as_deref(),
        Some("pb-offboard-20261206-abc")
    );
}

#[test]
fn onboarding_like_asks_for_the_template_user_first() {
    let mut a = app_with(false, three_users());
    let PbEffect::LoadMenu { .. } = one_pb_effect(ch(&mut a, 'p')) else {
        panic!("menu");
    };
    press(&mut a, KeyCode::Down);
    assert!(press(&mut a, KeyCode::Enter).is_empty(), "asks first");
    typed_shifted(&mut a, "carol.3@example.com");
    let PbEffect::Plan { playbook, .. } = one_pb_effect(press(&mut a, KeyCode::Enter)) else {
        panic!("planned with the template");
    };
    assert_eq!(playbook.name, "onboard-like");
    assert_eq!(
        playbook.options.like.as_deref(),
        Some("carol.3@example.com")
    );
}

#[test]
fn a_long_run_opens_its_results_at_the_residue_and_scrolls_up_to_the_first_steps() {
    let mut a = planned_app(false);
    a.update(Msg::Resize(80, 24));
    let (req, _) = confirmed(&mut a);
    let mut next = a.update(Msg::Playbook(PbMsg::Started {
        req,
        result: Ok((handle(), "pb-offboard-1".into())),
    }));
    for i in 0..30 {
        let PbEffect::Step { req, .. } = one_pb_effect(next) else {
            panic!("a step");
        };
        next = a.update(Msg::Playbook(PbMsg::Step {
            req,
            result: Some(result(&format!("step-{i:02}"), StepOutcome::Ok)),
        }));
    }
    let PbEffect::Step { req, .. } = one_pb_effect(next) else {
        panic!("a step");
    };
    let PbEffect::Residue { req, .. } =
        one_pb_effect(a.update(Msg::Playbook(PbMsg::Step { req, result: None })))
    else {
        panic!("residue");
    };
    a.update(Msg::Playbook(PbMsg::Residue {
        req,
        result: Ok(Vec::new()),
    }));
    let screen = super::profile::draw_text(&a);
    assert!(
        screen.contains("Residue: what still grants access"),
        "{screen}"
    );
    assert!(!screen.contains("step-00 done"), "{screen}");
    for _ in 0..40 {
        press(&mut a, KeyCode::Up);
    }
    let screen = super::profile::draw_text(&a);
    assert!(screen.contains("step-00 done"), "{screen}");
}

#[test]
fn esc_while_planning_closes_and_the_late_plan_is_dropped() {
    let mut a = app_with(false, three_users());
    let PbEffect::LoadMenu { .. } = one_pb_effect(ch(&mut a, 'p')) else {
        panic!("menu");
    };
    let PbEffect::Plan { req, .. } = one_pb_effect(press(&mut a, KeyCode::Enter)) else {
        panic!("plan");
    };
    press(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none());
    assert!(
        a.update(Msg::Playbook(PbMsg::Planned {
            req,
            result: Ok(planned(false)),
        }))
        .is_empty()
    );
    assert!(a.modal.is_none(), "a late plan opens nothing");
}
