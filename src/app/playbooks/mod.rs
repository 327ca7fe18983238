//! Playbooks in the console: `p` on a user (or the marked ones) opens the menu of playbooks;
//! choosing one reads the users and shows the plan (every step and object, what stays and
//! why, the time under the current rate budget); the admin unticks steps, picks suspend or
//! deactivate and whether devices are forgotten, and confirms once by typing the login (or the
//! count); the run goes one step at a time with its results, and ends with the residue report.
//! At start, a run the journal shows unfinished is offered to be continued. The engine is
//! `crate::playbook`; the reducer is `app/update/playbooks.rs`; the runtime performs
//! [`PbEffect`] in `runtime/playbooks.rs`.

pub mod menu;
pub mod plan_view;
pub mod resume;
pub mod run_view;

use std::sync::Arc;

use super::ids::ReqId;
use crate::okta::RateBudget;
use crate::playbook::Playbook;
use crate::playbook::plan::Plan;
use crate::playbook::residue::UserResidue;
use crate::playbook::run::{Run, RunRecord, StepResult};

pub use menu::PlaybookMenu;
pub use plan_view::{PlanRequest, PlanView};
pub use resume::ResumeOffer;
pub use run_view::RunView;

/// The open playbook dialog (one variant of `Modal`).
#[derive(Debug, Clone, PartialEq)]
pub enum PlaybookModal {
    Menu(PlaybookMenu),
    /// Reading the users to build the plan.
    Planning {
        req: ReqId,
        name: String,
        users: usize,
        /// The run the plan continues.
        resume: Option<String>,
    },
    Plan(Box<PlanView>),
    Run(Box<RunView>),
    Resume(ResumeOffer),
}

/// Something the runtime holds for the reducer, compared by identity (two effects are the
/// same when they carry the same one).
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Arc::new(value))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shared({})", std::any::type_name::<T>())
    }
}

/// A run in progress: the runtime performs its steps one `PbEffect::Step` at a time, so the
/// reducer decides whether another follows (Esc stops after the step in flight).
pub type RunHandle = Shared<tokio::sync::Mutex<RunCell>>;

/// A run with the tenant it was started on: its steps go to that tenant's client even if the
/// console switches tenant meanwhile (the plan's ids belong to that org).
pub struct RunCell {
    pub run: Run,
    pub client: crate::okta::Client,
    pub tenant: String,
}

impl RunCell {
    pub fn handle(run: Run, client: crate::okta::Client, tenant: String) -> RunHandle {
        Shared::new(tokio::sync::Mutex::new(RunCell {
            run,
            client,
            tenant,
        }))
    }
}

/// Work for the runtime.
#[derive(Debug, Clone, PartialEq)]
pub enum PbEffect {
    /// The built-in and `[[playbooks]]` playbooks, answered by `PbMsg::Menu`.
    LoadMenu { req: ReqId },
    /// Read the users and build the plan.
    Plan {
        req: ReqId,
        users: Vec<String>,
        playbook: Playbook,
    },
    /// Start (or with `resume`, continue) a run of the plan's ticked steps.
    Start {
        req: ReqId,
        plan: Shared<Plan>,
        resume: Option<String>,
        tenant: String,
    },
    /// Perform the run's next step (journaled, paced by the client's rate limiter), on the
    /// tenant the run started on.
    Step { req: ReqId, run: RunHandle },
    /// What still grants these users access, read from the run's tenant.
    Residue {
        req: ReqId,
        user_ids: Vec<String>,
        run: Option<RunHandle>,
    },
    /// The latest unfinished run on this tenant in the journal, with its playbook.
    FindUnfinished { req: ReqId, tenant: String },
}

/// A plan with the rate budgets its writes meet, as the client knew them when it was built.
#[derive(Debug, Clone)]
pub struct Planned {
    pub plan: Plan,
    pub budgets: Vec<(String, RateBudget)>,
    /// Seconds since the epoch when the budgets were read.
    pub now: i64,
}

/// Answers from the runtime.
#[derive(Debug, Clone)]
pub enum PbMsg {
    Menu {
        req: ReqId,
        playbooks: Vec<Playbook>,
        /// A `[[playbooks]]` table that could not be read.
        warning: Option<String>,
    },
    Planned {
        req: ReqId,
        result: Result<Box<Planned>, String>,
    },
    Started {
        req: ReqId,
        result: Result<(RunHandle, String), String>,
    },
    /// One step done; None when none was left.
    Step {
        req: ReqId,
        result: Option<Box<StepResult>>,
    },
    Residue {
        req: ReqId,
        result: Result<Vec<UserResidue>, String>,
    },
    Unfinished {
        req: ReqId,
        found: Option<(RunRecord, Result<Playbook, String>)>,
    },
}
