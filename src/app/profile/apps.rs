//! A user's apps (`w` on a user): each assignment with how it came (direct, or through which
//! groups), assign one of the org's apps, unassign a direct one. A group-derived assignment
//! cannot be removed per user: the view says which group to change instead.

use crossterm::event::KeyEvent;

use crate::app::actions::Target;
use crate::app::component::{Component, Outcome};
use crate::app::ids::ReqId;
use crate::app::input::{LineInput, LineKey, edit_line};
use crate::app::keymap::{Action, Context, Keymap};
use crate::okta::apps::{App as OktaApp, AppAssignment};

/// Picking an app of the org to assign.
#[derive(Debug, Clone, PartialEq)]
pub struct AppPick {
    pub req: ReqId,
    /// None while the org's apps load.
    pub apps: Option<Vec<OktaApp>>,
    pub filter: LineInput,
    pub selected: usize,
}

impl AppPick {
    /// The apps whose label or name contains the filter (case-insensitive).
    pub fn shown(&self) -> Vec<&OktaApp> {
        let f = self.filter.text.to_lowercase();
        self.apps
            .iter()
            .flatten()
            .filter(|a| {
                f.is_empty()
                    || a.label.to_lowercase().contains(&f)
                    || a.name.to_lowercase().contains(&f)
            })
            .collect()
    }
}

/// A write asked for, waiting for its confirmation or its answer.
#[derive(Debug, Clone, PartialEq)]
pub struct AppChange {
    pub assign: bool,
    pub app_id: String,
    pub app_label: String,
    /// Set once sent.
    pub sent: Option<ReqId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppsView {
    pub req: ReqId,
    pub target: Target,
    /// None while loading.
    pub assignments: Option<Result<Vec<AppAssignment>, String>>,
    pub selected: usize,
    pub pick: Option<AppPick>,
    pub change: Option<AppChange>,
    /// A write went through: the user's detail reads its apps again when the view closes.
    pub changed: bool,
}

/// What the view asks of the reducer.
#[derive(Debug, Clone, PartialEq)]
pub enum AppsRequest {
    /// Load the org's apps for the picker.
    LoadApps,
    /// A change was picked: confirm it (the reducer refuses on a read-only tenant).
    Ask(AppChange),
    /// Confirmed: send it.
    Send,
    /// The selected assignment came through groups: say which.
    ThroughGroups(String),
}

impl AppsView {
    pub fn new(req: ReqId, target: Target) -> Self {
        AppsView {
            req,
            target,
            assignments: None,
            selected: 0,
            pick: None,
            change: None,
            changed: false,
        }
    }

    /// Whether the user already holds this app (the picker says so beside it).
    pub fn holds(&self, app_id: &str) -> bool {
        self.rows().iter().any(|a| a.app.id == app_id)
    }

    fn rows(&self) -> &[AppAssignment] {
        match &self.assignments {
            Some(Ok(a)) => a,
            _ => &[],
        }
    }
}

impl Component for AppsView {
    type Request = AppsRequest;

    fn context(&self) -> Context {
        if self.change.as_ref().is_some_and(|c| c.sent.is_none()) {
            Context::AppsConfirm
        } else if self.pick.is_some() {
            Context::AppsPick
        } else {
            Context::AppsView
        }
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<AppsRequest> {
        let ctx = self.context();
        if ctx == Context::AppsConfirm {
            return match keys.action(ctx, key) {
                Some(Action::Confirm) => Outcome::Request(AppsRequest::Send),
                Some(Action::Close) => {
                    self.change = None;
                    Outcome::Changed
                }
                _ => Outcome::Ignored,
            };
        }
        if let Some(pick) = self.pick.as_mut() {
            let n = pick.shown().len().max(1);
            return match keys.action(ctx, key) {
                Some(Action::Down) => {
                    pick.selected = (pick.selected + 1).min(n - 1);
                    Outcome::Changed
                }
                Some(Action::Up) => {
                    pick.selected = pick.selected.saturating_sub(1);
                    Outcome::Changed
                }
                _ => match edit_line(&mut pick.filter, ctx, key, keys) {
                    LineKey::Submit => match pick.shown().get(pick.selected) {
                        Some(a) => {
                            let change = AppChange {
                                assign: true,
                                app_id: a.id.clone(),
                                app_label: a.label.clone(),
                                sent: None,
                            };
                            self.pick = None;
                            Outcome::Request(AppsRequest::Ask(change))
                        }
                        None => Outcome::Ignored,
                    },
                    LineKey::Cancel => {
                        self.pick = None;
                        Outcome::Changed
                    }
                    LineKey::Edited => {
                        pick.selected = 0;
                        Outcome::Changed
                    }
                    LineKey::Moved => Outcome::Changed,
                    LineKey::Ignored => Outcome::Ignored,
                },
            };
        }
        let n = self.rows().len().max(1);
        match keys.action(ctx, key) {
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(n - 1);
                Outcome::Changed
            }
            Some(Action::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::Changed
            }
            Some(Action::AddToGroups) if self.change.is_none() => {
                self.pick = Some(AppPick {
                    req: self.req,
                    apps: None,
                    filter: LineInput::default(),
                    selected: 0,
                });
                Outcome::Request(AppsRequest::LoadApps)
            }
            Some(Action::RemoveFromGroup) if self.change.is_none() => {
                let Some(a) = self.rows().get(self.selected) else {
                    return Outcome::Ignored;
                };
                if !a.origin.is_direct() {
                    return Outcome::Request(AppsRequest::ThroughGroups(format!(
                        "{} comes {}: remove the user from that group, or the app from the group",
                        a.app.label,
                        a.origin.describe()
                    )));
                }
                Outcome::Request(AppsRequest::Ask(AppChange {
                    assign: false,
                    app_id: a.app.id.clone(),
                    app_label: a.app.label.clone(),
                    sent: None,
                }))
            }
            Some(Action::Close) => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }

    fn on_paste(&mut self, text: &str) -> Outcome<AppsRequest> {
        match self.pick.as_mut() {
            Some(p) => {
                p.filter.insert_str(text);
                p.selected = 0;
                Outcome::Changed
            }
            None => Outcome::Ignored,
        }
    }
}
