//! The profile form, a playbook plan and a run's residue report rendered into ratatui's
//! `TestBackend` at 80x24 and 160x48 and snapshotted. State is built by feeding `Msg`s with
//! fixed data (no network), as the runtime would.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use oktui::app::playbooks::{PbEffect, PbMsg, Planned, RunCell};
use oktui::app::profile::{ProfileEffect, ProfileMsg};
use oktui::app::{App, AppInit, Effect, Msg, PageItems, ReqId, Slot, TenantInfo};
use oktui::okta::schema::ProfileSchema;
use oktui::okta::{
    Auth, Client, ClientConfig, GroupRef, LifecycleOp, ObjectRef, OktaError, User, UserRef,
    UserRow, UserStatus, Write,
};
use oktui::playbook::plan::{Kept, Plan, PlanStep, UserPlan};
use oktui::playbook::residue::{ResidueItem, UserResidue};
use oktui::playbook::run::{Run, StepOutcome, StepResult};
use oktui::playbook::{Playbook, StepKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn row() -> UserRow {
    UserRow::from(oktui::okta::UserFields {
        id: "00u00000000000000001".into(),
        status: UserStatus::Active,
        transitioning_to: None,
        login: "dana.lee@example.com".into(),
        email: "dana.lee@example.com".into(),
        first_name: "Dana".into(),
        last_name: "Lee".into(),
        created: Some(1_600_000_000_000),
        last_login: Some(1_700_000_000_000),
        last_updated: None,
        status_changed: None,
    })
}

/// A writable tenant with Dana listed and selected.
fn app(w: u16, h: u16) -> App {
    let mut app = App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "acme-preview".into(),
            domain: "https://acme.oktapreview.com".into(),
            read_only: false,
            color: None,
        }),
        width: w,
        height: h,
        ..Default::default()
    });
    let req = app
        .start()
        .iter()
        .find_map(|e| match e {
            Effect::LoadUsers { req, .. } => Some(*req),
            _ => None,
        })
        .expect("users load");
    app.update(Msg::Page {
        req,
        slot: Slot::Users,
        items: PageItems::Users(vec![row()]),
        more: false,
    });
    app
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

fn chars(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| oktui::ui::draw(f, app)).expect("draw");
    term
}

fn snap(name: &str, build: impl Fn(u16, u16) -> App) {
    for (w, h) in SIZES {
        let app = build(w, h);
        let term = render(&app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), term.backend());
    }
}

fn schema() -> ProfileSchema {
    ProfileSchema::from_value(&json!({
        "definitions": {
            "base": {
                "required": ["login", "email", "firstName", "lastName"],
                "properties": {
                    "login": {"title": "Username", "type": "string"},
                    "email": {"title": "Primary email", "type": "string"},
                    "firstName": {"title": "First name", "type": "string"},
                    "lastName": {"title": "Last name", "type": "string"},
                    "title": {"title": "Title", "type": "string"},
                }
            },
            "custom": {
                "properties": {
                    "costCenter": {"title": "Cost center", "type": "string", "enum": ["CC-100", "CC-200"]},
                    "hrId": {"title": "HR id", "type": "string", "mutability": "READ_ONLY"},
                }
            }
        }
    }))
}

fn dana() -> User {
    User::from_value(json!({
        "id": "00u00000000000000001", "status": "ACTIVE",
        "profile": {
            "login": "dana.lee@example.com", "email": "dana.lee@example.com",
            "firstName": "Dana", "lastName": "Lee", "title": "Engineer",
            "costCenter": "CC-100", "hrId": "HR-7",
        },
        "_links": {"self": {}},
    }))
    .expect("user")
}

/// `e`, the form filled, the login changed to one Okta refuses as taken.
fn profile_refused(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let effects = key(&mut app, KeyCode::Char('e'));
    let Some(Effect::Profile(ProfileEffect::Load { req, .. })) = effects.first() else {
        panic!("the form loads: {effects:?}");
    };
    app.update(Msg::Profile(ProfileMsg::Loaded {
        req: *req,
        result: Ok((schema(), Box::new(dana()))),
    }));
    // Focus the username (the fields follow the schema's order).
    for _ in 0..20 {
        let text = format!("{:?}", render(&app, w, h).backend());
        if text.contains("▶ Username") {
            break;
        }
        key(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'u');
    chars(&mut app, "sam.lee@example.com");
    ctrl(&mut app, 's');
    let effects = key(&mut app, KeyCode::Char('y'));
    let Some(Effect::Profile(ProfileEffect::Update { req, .. })) = effects.first() else {
        panic!("the update is sent: {effects:?}");
    };
    app.update(Msg::Profile(ProfileMsg::Updated {
        req: *req,
        result: Err(OktaError::Api {
            status: 400,
            code: Some("E0000001".into()),
            summary: "Api validation failed: login".into(),
            causes: vec![
                "login: An object with this field already exists in the current organization"
                    .into(),
            ],
            request_id: Some("rid-1".into()),
            www_authenticate: None,
        }),
    }));
    app
}

fn step(kind: StepKind, key: &str, write: Write) -> PlanStep {
    PlanStep {
        key: key.into(),
        kind,
        write,
        enabled: true,
    }
}

fn dana_plan() -> Plan {
    let u = UserRef::new("00u00000000000000001", "dana.lee@example.com");
    Plan {
        playbook: Playbook::offboard(),
        users: vec![UserPlan {
            user: u.clone(),
            status: "ACTIVE".into(),
            steps: vec![
                step(
                    StepKind::Suspend,
                    "suspend:1",
                    Write::Lifecycle {
                        user: u.clone(),
                        op: LifecycleOp::Suspend,
                    },
                ),
                step(
                    StepKind::Sessions,
                    "end-sessions:1",
                    Write::EndSessions {
                        user: u.clone(),
                        oauth_tokens: true,
                        forget_devices: false,
                    },
                ),
                step(
                    StepKind::Groups,
                    "remove-member:1:g1",
                    Write::RemoveMember {
                        group: GroupRef::new("00g1", "Engineering"),
                        user: u.clone(),
                    },
                ),
                step(
                    StepKind::Apps,
                    "unassign-app:1:a1",
                    Write::UnassignApp {
                        app: ObjectRef::new("0oa1", "Slack"),
                        user: u.clone(),
                    },
                ),
                step(
                    StepKind::Roles,
                    "remove-role:1:r1",
                    Write::RemoveRole {
                        user: u.clone(),
                        role: ObjectRef::new("ra1", "Help Desk Administrator"),
                    },
                ),
            ],
            kept: vec![
                Kept {
                    kind: "group",
                    id: "00g9".into(),
                    name: "Sales EMEA".into(),
                    cause: "group rule \"Sales by department\" adds the user back".into(),
                },
                Kept {
                    kind: "app",
                    id: "0oa9".into(),
                    name: "Zoom".into(),
                    cause: "through Engineering".into(),
                },
            ],
            error: None,
        }],
        read_only: false,
    }
}

/// `p`, offboard chosen, planned; the group step unticked.
fn planned(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let effects = key(&mut app, KeyCode::Char('p'));
    let Some(Effect::Playbook(PbEffect::LoadMenu { req })) = effects.first() else {
        panic!("menu: {effects:?}");
    };
    app.update(Msg::Playbook(PbMsg::Menu {
        req: *req,
        playbooks: Vec::new(),
        warning: None,
    }));
    let effects = key(&mut app, KeyCode::Enter);
    let Some(Effect::Playbook(PbEffect::Plan { req, .. })) = effects.first() else {
        panic!("plan: {effects:?}");
    };
    app.update(Msg::Playbook(PbMsg::Planned {
        req: *req,
        result: Ok(Box::new(Planned {
            plan: dana_plan(),
            budgets: Vec::new(),
            now: 1_700_000_000,
        })),
    }));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char(' '));
    app
}

fn result(key: &str, description: &str, outcome: StepOutcome) -> Box<StepResult> {
    Box::new(StepResult {
        run: "pb-offboard-20261206031500-1a2b3c".into(),
        key: key.into(),
        user: UserRef::new("00u00000000000000001", "dana.lee@example.com"),
        step: StepKind::Suspend,
        action: "x".into(),
        description: description.into(),
        outcome,
        error: None,
        request_id: None,
        rate_limited: 0,
    })
}

/// The plan run to its end (the group step skipped) and the residue read.
fn residue(w: u16, h: u16) -> App {
    let mut app = planned(w, h);
    key(&mut app, KeyCode::Enter);
    chars(&mut app, "dana.lee@example.com");
    let effects = key(&mut app, KeyCode::Enter);
    let Some(Effect::Playbook(PbEffect::Start { req, plan, .. })) = effects.first() else {
        panic!("start: {effects:?}");
    };
    let client =
        Client::new(ClientConfig::new("http://127.0.0.1:9", Auth::ssws("t"))).expect("client");
    let run = Run::start(
        &client,
        &plan.0,
        &oktui::journal::Journal::open_default(),
        None,
    )
    .expect("run");
    let run = RunCell::handle(run, client, "acme-preview".into());
    let mut next = app.update(Msg::Playbook(PbMsg::Started {
        req: *req,
        result: Ok((run, "pb-offboard-20261206031500-1a2b3c".into())),
    }));
    let results = [
        ("suspend:1", "suspend dana.lee@example.com", StepOutcome::Ok),
        (
            "end-sessions:1",
            "end sessions of dana.lee@example.com",
            StepOutcome::Ok,
        ),
        (
            "remove-member:1:g1",
            "remove dana.lee@example.com from Engineering",
            StepOutcome::Skipped,
        ),
        (
            "unassign-app:1:a1",
            "unassign Slack from dana.lee@example.com",
            StepOutcome::Ok,
        ),
        (
            "remove-role:1:r1",
            "remove role Help Desk Administrator",
            StepOutcome::Ok,
        ),
    ];
    for (k, d, o) in results {
        let Some(Effect::Playbook(PbEffect::Step { req, .. })) = next.first() else {
            panic!("a step: {next:?}");
        };
        next = app.update(Msg::Playbook(PbMsg::Step {
            req: *req,
            result: Some(result(k, d, o)),
        }));
    }
    let Some(Effect::Playbook(PbEffect::Step { req, .. })) = next.first() else {
        panic!("a last step: {next:?}");
    };
    let next = app.update(Msg::Playbook(PbMsg::Step {
        req: *req,
        result: None,
    }));
    let Some(Effect::Playbook(PbEffect::Residue { req, .. })) = next.first() else {
        panic!("the residue: {next:?}");
    };
    let req: ReqId = *req;
    app.update(Msg::Playbook(PbMsg::Residue {
        req,
        result: Ok(vec![UserResidue {
            id: "00u00000000000000001".into(),
            login: "dana.lee@example.com".into(),
            status: "SUSPENDED".into(),
            items: vec![
                ResidueItem {
                    kind: "group",
                    id: "00g1".into(),
                    name: "Engineering".into(),
                    cause: "the membership is still there (step skipped or failed)".into(),
                },
                ResidueItem {
                    kind: "group",
                    id: "00g9".into(),
                    name: "Sales EMEA".into(),
                    cause: "group rule \"Sales by department\" adds the user back".into(),
                },
                ResidueItem {
                    kind: "app",
                    id: "0oa9".into(),
                    name: "Zoom".into(),
                    cause: "through Engineering".into(),
                },
            ],
            error: None,
        }]),
    }));
    app
}

#[test]
fn profile_form_with_an_okta_cause_beside_its_field() {
    snap("profile_form_refused", profile_refused);
}

#[test]
fn playbook_plan_with_an_unticked_step_and_what_stays() {
    snap("playbook_plan", planned);
}

#[test]
fn playbook_residue_after_the_run() {
    snap("playbook_residue", residue);
}
