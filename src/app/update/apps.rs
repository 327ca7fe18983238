//! A user's apps: loading the assignments with how each came, the org's apps for the picker,
//! and the confirmed assign or unassign (journaled), after which the assignments load again.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::profile::ProfileEffect;
use crate::app::profile::ProfileMsg;
use crate::app::profile::apps::{AppsRequest, AppsView};
use crate::app::status::StatusKind;
use crate::app::{App, Effect, Modal, Reply, Screen};
use crate::okta::ObjectRef;

impl App {
    fn apps_view_mut(&mut self) -> Option<&mut AppsView> {
        match &mut self.modal {
            Some(Modal::UserApps(v)) => Some(v),
            _ => None,
        }
    }

    /// `w` on a user: their apps, each direct or through which groups.
    pub(in crate::app) fn open_user_apps(&mut self) -> Vec<Effect> {
        let Some((target, _)) = self.focused_user() else {
            self.warn("no user selected");
            return Vec::new();
        };
        let req = self.req();
        let user_id = target.id.clone();
        self.modal = Some(Modal::UserApps(Box::new(AppsView::new(req, target))));
        vec![Effect::Profile(ProfileEffect::LoadAssignments {
            req,
            user_id,
        })]
    }

    pub(in crate::app) fn on_apps_msg(&mut self, msg: ProfileMsg) -> Reply {
        // The user detail's Apps section asked (with the detail's own request id).
        if let ProfileMsg::Assignments { req, result } = &msg
            && let Some(d) = self.stack.iter_mut().find_map(|s| match s {
                Screen::User(d) if d.req == *req => Some(d),
                _ => None,
            })
        {
            let Ok(list) = result else {
                // The section keeps the apps without their origin.
                return Reply::Unchanged;
            };
            d.app_origins = Some(
                list.iter()
                    .map(|a| (a.app.id.clone(), a.origin.describe()))
                    .collect(),
            );
            return Reply::done();
        }
        let Some(view) = self.apps_view_mut() else {
            return Reply::Unchanged;
        };
        match msg {
            ProfileMsg::Assignments { req, result } if req == view.req => {
                let n = result.as_ref().map_or(0, Vec::len);
                view.selected = view.selected.min(n.saturating_sub(1));
                view.assignments = Some(result);
                Reply::done()
            }
            ProfileMsg::OrgApps { req, result } => match view.pick.as_mut() {
                Some(pick) if pick.req == req => match result {
                    Ok(apps) => {
                        pick.apps = Some(apps);
                        Reply::done()
                    }
                    Err(e) => {
                        view.pick = None;
                        self.set_status(StatusKind::Error, format!("listing the apps: {e}"));
                        Reply::done()
                    }
                },
                _ => Reply::Unchanged,
            },
            ProfileMsg::AppWritten { req, result } => {
                let Some(change) = view.change.clone().filter(|c| c.sent == Some(req)) else {
                    return Reply::Unchanged;
                };
                view.change = None;
                let (verb, prep) = if change.assign {
                    ("assign", "to")
                } else {
                    ("unassign", "from")
                };
                let text = format!("{verb} {} {prep} {}", change.app_label, view.target.login);
                view.changed |= result.is_ok();
                let user_id = view.target.id.clone();
                let reload = self.req();
                if let Some(v) = self.apps_view_mut() {
                    v.req = reload;
                    v.assignments = None;
                }
                match result {
                    Ok(()) => self.set_status(StatusKind::Info, format!("{text}: ok")),
                    Err(e) => self.set_status(StatusKind::Error, format!("{text}: {e}")),
                }
                // Read again either way: a failed write may still have happened.
                vec![Effect::Profile(ProfileEffect::LoadAssignments {
                    req: reload,
                    user_id,
                })]
                .into()
            }
            _ => Reply::Unchanged,
        }
    }

    pub(in crate::app) fn on_apps_key(&mut self, key: KeyEvent) -> Reply {
        let read_only = self.read_only();
        let keys = &self.keymap;
        let Some(Modal::UserApps(view)) = &mut self.modal else {
            return Reply::Unchanged;
        };
        match view.on_key(&key, keys) {
            Outcome::Ignored => Reply::Unchanged,
            Outcome::Changed => Reply::done(),
            Outcome::Close => {
                let reload = view.changed.then(|| view.target.id.clone());
                self.modal = None;
                match reload {
                    // The detail's Apps section reads what the writes changed.
                    Some(id) => self.reload_user_detail(&id).into(),
                    None => Reply::done(),
                }
            }
            Outcome::Request(_) if read_only => {
                view.pick = None;
                self.warn("read-only tenant: writes are off (the client refuses them too)");
                Reply::done()
            }
            Outcome::Request(AppsRequest::ThroughGroups(text)) => {
                self.warn(text);
                Reply::done()
            }
            Outcome::Request(AppsRequest::LoadApps) => {
                let req = self.req();
                if let Some(pick) = self.apps_view_mut().and_then(|v| v.pick.as_mut()) {
                    pick.req = req;
                }
                vec![Effect::Profile(ProfileEffect::LoadOrgApps { req })].into()
            }
            Outcome::Request(AppsRequest::Ask(change)) => {
                view.change = Some(change);
                Reply::done()
            }
            Outcome::Request(AppsRequest::Send) => {
                let req = self.req();
                let tenant = self.tenant_name();
                let Some(view) = self.apps_view_mut() else {
                    return Reply::Unchanged;
                };
                let Some(change) = view.change.as_mut() else {
                    return Reply::Unchanged;
                };
                change.sent = Some(req);
                let effect = ProfileEffect::AppWrite {
                    req,
                    tenant,
                    target: view.target.clone(),
                    app: ObjectRef::new(change.app_id.clone(), change.app_label.clone()),
                    assign: change.assign,
                };
                vec![Effect::Profile(effect)].into()
            }
        }
    }

    pub(in crate::app) fn apps_paste(&mut self, text: &str) -> bool {
        self.apps_view_mut()
            .is_some_and(|v| !matches!(v.on_paste(text), Outcome::Ignored))
    }
}
