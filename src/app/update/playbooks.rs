//! The playbooks' reducer: the menu, the plan (and re-plans when an option changes), the run
//! one step per effect (so Esc stops after the step in flight), the residue, and the offer to
//! continue an unfinished run found in the journal.

use crossterm::event::KeyEvent;

use crate::app::actions::Target;
use crate::app::component::{Component, Outcome};
use crate::app::input::LineInput;
use crate::app::playbooks::run_view::{RunRequest, RunStage};
use crate::app::playbooks::{
    PbEffect, PbMsg, PlanRequest, PlanView, PlaybookMenu, PlaybookModal, ResumeOffer, RunView,
    Shared,
};
use crate::app::status::{ErrorInfo, StatusKind};
use crate::app::{App, Effect, Modal, Reply};
use crate::playbook::Playbook;

impl App {
    fn pb_modal_mut(&mut self) -> Option<&mut PlaybookModal> {
        match &mut self.modal {
            Some(Modal::Playbook(m)) => Some(m),
            _ => None,
        }
    }

    fn open_pb(&mut self, m: PlaybookModal) {
        self.modal = Some(Modal::Playbook(Box::new(m)));
    }

    /// The users a playbook acts on: the marked rows, else the focused user.
    fn playbook_users(&self) -> Vec<Target> {
        let marked: Vec<Target> = self.marked_rows().iter().map(Target::of_row).collect();
        if !marked.is_empty() {
            return marked;
        }
        self.focused_user().map(|(t, _)| t).into_iter().collect()
    }

    /// At start or on a tenant switch: ask the journal for an unfinished run on this tenant.
    pub(in crate::app) fn look_for_unfinished_run(&mut self) -> Vec<Effect> {
        let Some(tenant) = self.tenant.as_ref().map(|t| t.name.clone()) else {
            return Vec::new();
        };
        let req = self.req();
        vec![Effect::Playbook(PbEffect::FindUnfinished { req, tenant })]
    }

    /// `p`: the menu of playbooks for the focused or marked users.
    pub(in crate::app) fn open_playbooks_menu(&mut self) -> Vec<Effect> {
        self.playbooks_menu(None)
    }

    /// `:playbook NAME`: plans it for the focused or marked users.
    pub(in crate::app) fn playbook_command(&mut self, name: &str) -> Vec<Effect> {
        if name.is_empty() {
            return self.playbooks_menu(None);
        }
        self.playbooks_menu(Some(name.to_owned()))
    }

    fn playbooks_menu(&mut self, wanted: Option<String>) -> Vec<Effect> {
        if self.tenant.is_none() {
            self.warn("no tenant: a playbook needs one (the Credentials tab)");
            return Vec::new();
        }
        let users = self.playbook_users();
        if users.is_empty() {
            self.warn("no user selected: a playbook runs on the focused user or the marked ones");
            return Vec::new();
        }
        let req = self.req();
        let mut menu = PlaybookMenu::new(req, users);
        menu.wanted = wanted;
        self.open_pb(PlaybookModal::Menu(menu));
        vec![Effect::Playbook(PbEffect::LoadMenu { req })]
    }

    fn plan_playbook(
        &mut self,
        playbook: Playbook,
        users: Vec<String>,
        resume: Option<String>,
    ) -> Vec<Effect> {
        let req = self.req();
        self.open_pb(PlaybookModal::Planning {
            req,
            name: playbook.name.clone(),
            users: users.len(),
            resume,
        });
        vec![Effect::Playbook(PbEffect::Plan {
            req,
            users,
            playbook,
        })]
    }

    pub(in crate::app) fn on_playbook_msg(&mut self, msg: PbMsg) -> Reply {
        match msg {
            PbMsg::Menu {
                req,
                playbooks,
                warning,
            } => {
                let Some(PlaybookModal::Menu(menu)) = self.pb_modal_mut() else {
                    return Reply::Unchanged;
                };
                if menu.req != req {
                    return Reply::Unchanged;
                }
                menu.set_items(playbooks);
                menu.warning = warning;
                let Some(name) = menu.wanted.take() else {
                    return Reply::done();
                };
                let found = menu.items.iter().find(|p| p.name == name).cloned();
                let users = menu.users.iter().map(|t| t.id.clone()).collect();
                let known: Vec<String> = menu.items.iter().map(|p| p.name.clone()).collect();
                match found {
                    Some(p) => self.plan_playbook(p, users, None).into(),
                    None => {
                        self.modal = None;
                        self.warn(format!(
                            "no playbook named {name:?} (known: {})",
                            known.join(", ")
                        ));
                        Reply::done()
                    }
                }
            }
            PbMsg::Planned { req, result } => self.on_planned(req, result),
            PbMsg::Started { req, result } => {
                let next = self.req();
                let Some(PlaybookModal::Run(view)) = self.pb_modal_mut() else {
                    return Reply::Unchanged;
                };
                if view.req != req {
                    return Reply::Unchanged;
                }
                match result {
                    Ok((run, id)) => {
                        view.run = Some(run.clone());
                        view.run_id = id;
                        view.stage = RunStage::Running;
                        view.req = next;
                        vec![Effect::Playbook(PbEffect::Step { req: next, run })].into()
                    }
                    Err(e) => {
                        let info = ErrorInfo::from_text("starting the playbook", &e);
                        self.set_status(StatusKind::Error, info.one_line());
                        self.modal = Some(Modal::Error(info));
                        Reply::done()
                    }
                }
            }
            PbMsg::Step { req, result } => self.on_step(req, result),
            PbMsg::Residue { req, result } => {
                let Some(PlaybookModal::Run(view)) = self.pb_modal_mut() else {
                    return Reply::Unchanged;
                };
                if view.req != req || !view.finished() {
                    return Reply::Unchanged;
                }
                view.residue = Some(result);
                Reply::done()
            }
            PbMsg::Unfinished { found, .. } => {
                let Some((record, playbook)) = found else {
                    return Reply::Unchanged;
                };
                if self.modal.is_some() {
                    // Never over a dialog the admin is using: the status line says it instead.
                    self.warn(format!(
                        "the journal holds an unfinished {} run ({}): restart oktui to be offered to continue it",
                        record.playbook, record.id
                    ));
                } else {
                    self.open_pb(PlaybookModal::Resume(ResumeOffer { record, playbook }));
                }
                Reply::done()
            }
        }
    }

    fn on_planned(
        &mut self,
        req: crate::app::ReqId,
        result: Result<Box<crate::app::playbooks::Planned>, String>,
    ) -> Reply {
        let read_only = self.read_only();
        let resume = match self.pb_modal_mut() {
            Some(PlaybookModal::Planning { req: r, resume, .. }) if *r == req => resume.clone(),
            Some(PlaybookModal::Plan(view)) if view.replanning == Some(req) => {
                match result {
                    Ok(planned) => view.replace(*planned),
                    Err(e) => {
                        view.replanning = None;
                        self.set_status(StatusKind::Error, format!("planning again failed: {e}"));
                    }
                }
                return Reply::done();
            }
            _ => return Reply::Unchanged,
        };
        match result {
            Ok(planned) => {
                let mut plan = *planned;
                plan.plan.read_only = read_only;
                let view = PlanView::new(plan, resume);
                if read_only {
                    self.set_status(
                        StatusKind::Warn,
                        "read-only tenant: this plan is a dry run; running it is refused".into(),
                    );
                }
                self.open_pb(PlaybookModal::Plan(Box::new(view)));
            }
            Err(e) => {
                let info = ErrorInfo::from_text("planning the playbook", &e);
                self.set_status(StatusKind::Error, info.one_line());
                self.modal = Some(Modal::Error(info));
            }
        }
        Reply::done()
    }

    fn on_step(
        &mut self,
        req: crate::app::ReqId,
        result: Option<Box<crate::playbook::run::StepResult>>,
    ) -> Reply {
        let next = self.req();
        let Some(PlaybookModal::Run(view)) = self.pb_modal_mut() else {
            return Reply::Unchanged;
        };
        if view.req != req {
            return Reply::Unchanged;
        }
        let stopped = match (result, &view.stage) {
            (Some(r), RunStage::Running) => {
                view.summary.add(&r);
                view.results.push(*r);
                view.req = next;
                let Some(run) = view.run.clone() else {
                    return Reply::done();
                };
                return vec![Effect::Playbook(PbEffect::Step { req: next, run })].into();
            }
            (Some(r), _) => {
                view.summary.add(&r);
                view.results.push(*r);
                true
            }
            (None, _) => false,
        };
        view.stage = RunStage::Done { stopped };
        view.req = next;
        let s = &view.summary;
        let text = format!(
            "{} {}: {} ok, {} already done, {} skipped, {} failed, {} unknown{}",
            view.playbook,
            if stopped { "stopped" } else { "finished" },
            s.ok,
            s.already_done,
            s.skipped,
            s.failed,
            s.unknown,
            if stopped {
                format!(
                    " ({} steps not run)",
                    view.total.saturating_sub(view.results.len())
                )
            } else {
                String::new()
            }
        );
        let kind = if s.failed + s.unknown > 0 {
            StatusKind::Warn
        } else {
            StatusKind::Info
        };
        let user_ids = view.users.clone();
        let run = view.run.clone();
        self.set_status(kind, text);
        vec![Effect::Playbook(PbEffect::Residue {
            req: next,
            user_ids,
            run,
        })]
        .into()
    }

    pub(in crate::app) fn on_playbook_key(&mut self, key: KeyEvent) -> Reply {
        let keys = &self.keymap;
        let Some(Modal::Playbook(m)) = &mut self.modal else {
            return Reply::Unchanged;
        };
        match m.as_mut() {
            PlaybookModal::Menu(menu) => match menu.on_key(&key, keys) {
                Outcome::Request(pb) => {
                    let users = menu.users.iter().map(|t| t.id.clone()).collect();
                    self.plan_playbook(pb, users, None).into()
                }
                o => self.pb_settle(o),
            },
            PlaybookModal::Planning { .. } => {
                match keys.action(crate::app::Context::PlaybookPlanning, &key) {
                    Some(crate::app::Action::Close) => {
                        self.modal = None;
                        self.info("planning stopped; nothing was sent");
                        Reply::done()
                    }
                    _ => Reply::Unchanged,
                }
            }
            PlaybookModal::Plan(view) => match view.on_key(&key, keys) {
                Outcome::Request(r) => self.on_plan_request(r),
                Outcome::Close => {
                    self.modal = None;
                    self.info("playbook not run; nothing was sent");
                    Reply::done()
                }
                o => self.pb_settle(o),
            },
            PlaybookModal::Run(view) => match view.on_key(&key, keys) {
                Outcome::Request(RunRequest::Stop) => {
                    view.stage = RunStage::Stopping;
                    self.info("stopping after the step in flight…");
                    Reply::done()
                }
                Outcome::Close => {
                    self.modal = None;
                    // Statuses, groups and apps changed: the screen reads them again.
                    self.refresh().into()
                }
                o => self.pb_settle(o),
            },
            PlaybookModal::Resume(offer) => match offer.on_key(&key, keys) {
                Outcome::Request(()) => {
                    let record = offer.record.clone();
                    let Ok(pb) = offer.playbook.clone() else {
                        return Reply::Unchanged;
                    };
                    self.plan_playbook(pb, record.users, Some(record.id)).into()
                }
                Outcome::Close => {
                    self.modal = None;
                    self.info("the unfinished run stays in the journal (:journal shows it)");
                    Reply::done()
                }
                o => self.pb_settle(o),
            },
        }
    }

    pub(in crate::app) fn playbook_paste(&mut self, text: &str) -> bool {
        let outcome = match self.pb_modal_mut() {
            Some(PlaybookModal::Menu(m)) => m.on_paste(text).map(|_| ()),
            Some(PlaybookModal::Plan(v)) => v.on_paste(text).map(|_| ()),
            _ => return false,
        };
        !matches!(outcome, Outcome::Ignored)
    }

    fn pb_settle<R>(&mut self, o: Outcome<R>) -> Reply {
        match o {
            Outcome::Ignored => Reply::Unchanged,
            Outcome::Close => {
                self.modal = None;
                Reply::done()
            }
            _ => Reply::done(),
        }
    }

    fn on_plan_request(&mut self, r: PlanRequest) -> Reply {
        let read_only = self.read_only();
        let tenant = self.tenant_name();
        let req = self.req();
        let Some(PlaybookModal::Plan(view)) = self.pb_modal_mut() else {
            return Reply::Unchanged;
        };
        match r {
            PlanRequest::Replan(playbook) => {
                view.replanning = Some(req);
                let users = view
                    .plan
                    .users
                    .iter()
                    .map(|u| {
                        if u.user.id.is_empty() {
                            u.user.login.clone()
                        } else {
                            u.user.id.clone()
                        }
                    })
                    .collect();
                vec![Effect::Playbook(PbEffect::Plan {
                    req,
                    users,
                    playbook,
                })]
                .into()
            }
            PlanRequest::Confirm if read_only => {
                self.set_status(
                    StatusKind::Warn,
                    "read-only tenant: this plan is a dry run; nothing is sent".into(),
                );
                Reply::done()
            }
            PlanRequest::Confirm if view.ticked() == 0 => {
                self.warn("every step is unticked: nothing to run");
                Reply::done()
            }
            PlanRequest::Confirm => {
                view.typing = Some(LineInput::default());
                Reply::done()
            }
            PlanRequest::Run => {
                let plan = view.plan.clone();
                let resume = view.resume.clone();
                let users: Vec<String> = plan
                    .users
                    .iter()
                    .filter(|u| !u.user.id.is_empty())
                    .map(|u| u.user.id.clone())
                    .collect();
                // Unticked steps pass through the run too (as skipped).
                let total = plan.users.iter().map(|u| u.steps.len()).sum();
                let name = plan.playbook.name.clone();
                self.open_pb(PlaybookModal::Run(Box::new(RunView::new(
                    req, name, users, total,
                ))));
                vec![Effect::Playbook(PbEffect::Start {
                    req,
                    plan: Shared::new(plan),
                    resume,
                    tenant,
                })]
                .into()
            }
        }
    }
}
