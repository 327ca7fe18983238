//! The profile form's reducer: opening it (schema and a fresh user), reviewing the changes,
//! sending them, and what Okta's answer changes (the user in place, or its causes beside their
//! fields with the form kept open).

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::profile::{ProfileEffect, ProfileForm, ProfileMsg, ProfileRequest, Stage};
use crate::app::status::{ErrorInfo, StatusKind};
use crate::app::{App, Effect, Modal, Reply};
use crate::okta::schema::causes_by_field;

impl App {
    fn profile_form_mut(&mut self) -> Option<&mut ProfileForm> {
        match &mut self.modal {
            Some(Modal::Profile(f)) => Some(f),
            _ => None,
        }
    }

    /// `e` on a user: the form opens loading, with the schema and the user read afresh (a
    /// list row lacks the profile's other attributes).
    pub(in crate::app) fn open_profile_form(&mut self) -> Vec<Effect> {
        let Some((target, _)) = self.focused_user() else {
            self.warn("no user selected");
            return Vec::new();
        };
        let req = self.req();
        let user_id = target.id.clone();
        self.modal = Some(Modal::Profile(Box::new(ProfileForm::loading(req, target))));
        vec![Effect::Profile(ProfileEffect::Load { req, user_id })]
    }

    pub(in crate::app) fn on_profile_msg(&mut self, msg: ProfileMsg) -> Reply {
        match msg {
            ProfileMsg::Assignments { .. }
            | ProfileMsg::OrgApps { .. }
            | ProfileMsg::AppWritten { .. } => self.on_apps_msg(msg),
            ProfileMsg::Loaded { req, result } => {
                let Some(form) = self.profile_form_mut().filter(|f| f.req == req) else {
                    return Reply::Unchanged;
                };
                match result {
                    Ok((schema, user)) => {
                        form.fill(schema, &user);
                        self.apply_fresh_user(&user);
                    }
                    Err(e) => {
                        let info = ErrorInfo::from_okta("reading the profile", &e);
                        self.set_status(StatusKind::Error, info.one_line());
                        self.modal = Some(Modal::Error(info));
                    }
                }
                Reply::done()
            }
            ProfileMsg::Updated { req, result } => {
                let tenant = self.tenant_name();
                let Some(form) = self
                    .profile_form_mut()
                    .filter(|f| f.stage == Stage::Sending(req))
                else {
                    return Reply::Unchanged;
                };
                match result {
                    Ok(user) => {
                        let n = form.changes().0.len();
                        let login = form.target.login.clone();
                        self.modal = None;
                        self.apply_fresh_user(&user);
                        self.set_status(
                            StatusKind::Info,
                            format!("profile of {login} on {tenant} updated ({n} attribute(s))"),
                        );
                        let id = user.row.id().to_string();
                        self.reload_user_detail(&id).into()
                    }
                    Err(e) => {
                        let causes = causes_by_field(&e, &form.schema);
                        let info = ErrorInfo::from_okta("updating the profile", &e);
                        form.show_causes(&causes, &info.one_line());
                        self.set_status(StatusKind::Error, info.one_line());
                        Reply::done()
                    }
                }
            }
        }
    }

    pub(in crate::app) fn on_profile_key(&mut self, key: KeyEvent) -> Reply {
        let keys = &self.keymap;
        let Some(Modal::Profile(form)) = &mut self.modal else {
            return Reply::Unchanged;
        };
        match form.on_key(&key, keys) {
            Outcome::Ignored => Reply::Unchanged,
            Outcome::Changed => Reply::done(),
            Outcome::Close => {
                let login = form.target.login.clone();
                self.modal = None;
                self.info(format!("profile of {login}: nothing sent"));
                Reply::done()
            }
            Outcome::Request(ProfileRequest::Review) => {
                let ok = form.check();
                let n = form.changes().0.len();
                if !ok {
                    self.set_status(
                        StatusKind::Warn,
                        "the form has problems (beside their fields); nothing sent".into(),
                    );
                } else if n == 0 {
                    self.info("nothing changed: nothing to send");
                } else {
                    form.stage = Stage::Confirming;
                }
                Reply::done()
            }
            Outcome::Request(ProfileRequest::Send { changes, before }) => {
                if self.read_only() {
                    // The key is hidden on a read-only tenant; this is the last word.
                    self.modal = None;
                    self.warn("read-only tenant: writes are off (the client refuses them too)");
                    return Reply::done();
                }
                let req = self.req();
                let tenant = self.tenant_name();
                let Some(form) = self.profile_form_mut() else {
                    return Reply::Unchanged;
                };
                form.stage = Stage::Sending(req);
                let target = form.target.clone();
                self.set_status(
                    StatusKind::Info,
                    format!("updating the profile of {}…", target.login),
                );
                vec![Effect::Profile(ProfileEffect::Update {
                    req,
                    tenant,
                    target,
                    changes,
                    before,
                })]
                .into()
            }
        }
    }

    pub(in crate::app) fn profile_paste(&mut self, text: &str) -> bool {
        self.profile_form_mut()
            .is_some_and(|f| !matches!(f.on_paste(text), Outcome::Ignored))
    }
}
