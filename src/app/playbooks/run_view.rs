//! A playbook run on screen: each step's result as it comes, Esc to stop after the step in
//! flight, then the summary and the residue report (what still grants access, and why).

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::ids::ReqId;
use crate::app::keymap::{Action, Context, Keymap};
use crate::playbook::residue::UserResidue;
use crate::playbook::run::{RunSummary, StepResult};

use super::RunHandle;

#[derive(Debug, Clone, PartialEq)]
pub enum RunStage {
    /// Waiting for the run to start.
    Starting,
    Running,
    /// Esc was pressed: the step in flight finishes, no other starts.
    Stopping,
    /// Every step ran (or the run stopped): the residue is being read, then shown.
    Done {
        stopped: bool,
    },
}

#[derive(Debug, Clone)]
pub struct RunView {
    /// The request whose answer is awaited (start, a step, or the residue).
    pub req: ReqId,
    pub run: Option<RunHandle>,
    pub run_id: String,
    pub playbook: String,
    pub users: Vec<String>,
    pub total: usize,
    pub results: Vec<StepResult>,
    pub summary: RunSummary,
    pub stage: RunStage,
    pub residue: Option<Result<Vec<UserResidue>, String>>,
    /// Lines scrolled up from the bottom: the newest results and then the residue report show
    /// first, the earlier results above them.
    pub scroll: usize,
}

impl PartialEq for RunView {
    fn eq(&self, other: &Self) -> bool {
        self.req == other.req
            && self.run_id == other.run_id
            && self.results.len() == other.results.len()
            && self.stage == other.stage
            && self.residue == other.residue
            && self.scroll == other.scroll
    }
}

impl RunView {
    pub fn new(req: ReqId, playbook: String, users: Vec<String>, total: usize) -> Self {
        RunView {
            req,
            run: None,
            run_id: String::new(),
            playbook,
            users,
            total,
            results: Vec::new(),
            summary: RunSummary::default(),
            stage: RunStage::Starting,
            residue: None,
            scroll: 0,
        }
    }

    pub fn finished(&self) -> bool {
        matches!(self.stage, RunStage::Done { .. })
    }
}

/// What the run view asks of the reducer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunRequest {
    /// Stop after the step in flight.
    Stop,
}

impl Component for RunView {
    type Request = RunRequest;

    fn context(&self) -> Context {
        if self.finished() {
            Context::PlaybookDone
        } else {
            Context::PlaybookRun
        }
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<RunRequest> {
        match keys.action(self.context(), key) {
            Some(Action::Down) => {
                self.scroll = self.scroll.saturating_sub(1);
                Outcome::Changed
            }
            Some(Action::Up) => {
                self.scroll += 1;
                Outcome::Changed
            }
            Some(Action::PageDown) => {
                self.scroll = self.scroll.saturating_sub(10);
                Outcome::Changed
            }
            Some(Action::PageUp) => {
                self.scroll += 10;
                Outcome::Changed
            }
            Some(Action::Close) if self.finished() => Outcome::Close,
            Some(Action::Close) => match self.stage {
                RunStage::Stopping => Outcome::Ignored,
                _ => Outcome::Request(RunRequest::Stop),
            },
            _ => Outcome::Ignored,
        }
    }
}
