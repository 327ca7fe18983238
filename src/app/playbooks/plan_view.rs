//! The plan of a playbook run before anything is sent: every step with the object it touches,
//! ticked or not, what stays and why, suspend or deactivate, whether remembered devices are
//! forgotten, and the time the ticked writes take under the current rate budget. Running is
//! confirmed once, by typing the login (one user) or the count (several).

use std::collections::HashSet;

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::ids::ReqId;
use crate::app::input::LineInput;
use crate::app::input::{LineKey, edit_line};
use crate::app::keymap::{Action, Context, Keymap};
use crate::okta::ratelimit::bucket_family;
use crate::playbook::plan::Plan;
use crate::playbook::{Playbook, StepKind};

use super::Planned;

#[derive(Debug, Clone)]
pub struct PlanView {
    pub plan: Plan,
    pub budgets: Vec<(String, crate::okta::RateBudget)>,
    pub now: i64,
    /// The selected step, counting every user's steps in order.
    pub selected: usize,
    /// Steps the admin unticked (kept across a re-plan).
    pub unticked: HashSet<String>,
    /// The login or count being typed to confirm the run.
    pub typing: Option<LineInput>,
    /// The run this plan continues.
    pub resume: Option<String>,
    /// A re-plan (options changed) in flight.
    pub replanning: Option<ReqId>,
}

impl PartialEq for PlanView {
    fn eq(&self, other: &Self) -> bool {
        let keys = |p: &PlanView| -> Vec<(String, bool)> {
            p.plan
                .users
                .iter()
                .flat_map(|u| u.steps.iter().map(|s| (s.key.clone(), s.enabled)))
                .collect()
        };
        self.plan.playbook == other.plan.playbook
            && keys(self) == keys(other)
            && self.selected == other.selected
            && self.typing == other.typing
            && self.resume == other.resume
            && self.replanning == other.replanning
    }
}

/// What the plan asks of the reducer.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanRequest {
    /// An option changed: read the users again with this playbook.
    Replan(Playbook),
    /// Enter on the plan: start typing the confirmation (refused on a read-only tenant).
    Confirm,
    /// The confirmation was typed: run.
    Run,
}

impl PlanView {
    pub fn new(planned: Planned, resume: Option<String>) -> Self {
        PlanView {
            plan: planned.plan,
            budgets: planned.budgets,
            now: planned.now,
            selected: 0,
            unticked: HashSet::new(),
            typing: None,
            resume,
            replanning: None,
        }
    }

    /// A fresh plan (after an option changed), with the admin's unticked steps kept.
    pub fn replace(&mut self, planned: Planned) {
        self.plan = planned.plan;
        self.budgets = planned.budgets;
        self.now = planned.now;
        for key in &self.unticked {
            self.plan.set_enabled(key, false);
        }
        self.selected = self.selected.min(self.step_count().saturating_sub(1));
        self.replanning = None;
    }

    pub fn step_count(&self) -> usize {
        self.plan.users.iter().map(|u| u.steps.len()).sum()
    }

    pub fn ticked(&self) -> usize {
        self.plan.enabled_steps().count()
    }

    /// Seconds the ticked writes take under the budgets the plan was built with.
    pub fn seconds(&self) -> f64 {
        self.plan
            .estimate_with(
                |path| {
                    let family = bucket_family(path);
                    self.budgets
                        .iter()
                        .find(|(f, _)| f == family)
                        .map(|(_, b)| *b)
                },
                self.now,
            )
            .iter()
            .map(|e| e.seconds)
            .fold(0.0, f64::max)
    }

    pub fn deactivates(&self) -> bool {
        self.plan.playbook.steps.contains(&StepKind::Deactivate)
    }

    /// What must be typed to run: the login of the one user, or the number of users.
    pub fn expected(&self) -> String {
        match self.plan.users.as_slice() {
            [one] => one.user.login.clone(),
            many => many.len().to_string(),
        }
    }

    fn toggle_selected(&mut self) -> bool {
        let Some(step) = self
            .plan
            .users
            .iter_mut()
            .flat_map(|u| u.steps.iter_mut())
            .nth(self.selected)
        else {
            return false;
        };
        step.enabled = !step.enabled;
        if step.enabled {
            self.unticked.remove(&step.key);
        } else {
            self.unticked.insert(step.key.clone());
        }
        true
    }

    fn option_changed(&self, deactivate: Option<bool>, forget: Option<bool>) -> Playbook {
        let mut pb = self.plan.playbook.clone();
        if let Some(d) = deactivate {
            pb = pb.with_deactivate(d);
        }
        if let Some(f) = forget {
            pb.options.forget_devices = f;
        }
        pb
    }
}

impl Component for PlanView {
    type Request = PlanRequest;

    fn context(&self) -> Context {
        if self.typing.is_some() {
            Context::PlaybookConfirm
        } else {
            Context::PlaybookPlan
        }
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<PlanRequest> {
        let expected = self.expected();
        if let Some(input) = self.typing.as_mut() {
            return match edit_line(input, Context::PlaybookConfirm, key, keys) {
                LineKey::Submit if input.text.trim() == expected => {
                    Outcome::Request(PlanRequest::Run)
                }
                // Not yet what is asked: the line stays, nothing runs.
                LineKey::Submit => Outcome::Changed,
                LineKey::Cancel => {
                    self.typing = None;
                    Outcome::Changed
                }
                LineKey::Edited | LineKey::Moved => Outcome::Changed,
                LineKey::Ignored => Outcome::Ignored,
            };
        }
        let n = self.step_count().max(1);
        match keys.action(self.context(), key) {
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(n - 1);
                Outcome::Changed
            }
            Some(Action::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::Changed
            }
            Some(Action::PageDown) => {
                self.selected = (self.selected + 10).min(n - 1);
                Outcome::Changed
            }
            Some(Action::PageUp) => {
                self.selected = self.selected.saturating_sub(10);
                Outcome::Changed
            }
            Some(Action::Toggle) if self.toggle_selected() => Outcome::Changed,
            Some(Action::ToggleDeactivate) if self.replanning.is_none() => Outcome::Request(
                PlanRequest::Replan(self.option_changed(Some(!self.deactivates()), None)),
            ),
            Some(Action::ToggleForgetDevices) if self.replanning.is_none() => {
                let forget = !self.plan.playbook.options.forget_devices;
                Outcome::Request(PlanRequest::Replan(self.option_changed(None, Some(forget))))
            }
            Some(Action::Confirm) if self.replanning.is_none() => {
                Outcome::Request(PlanRequest::Confirm)
            }
            Some(Action::Close) => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }

    fn on_paste(&mut self, text: &str) -> Outcome<PlanRequest> {
        match self.typing.as_mut() {
            Some(input) => {
                input.insert_str(text);
                Outcome::Changed
            }
            None => Outcome::Ignored,
        }
    }
}
