//! The Credentials tab's reducer: its keys, the outcomes of the tenant form and the delete
//! confirmation, and the runtime's answers (Test Connect, saves, imports, the keyring probe).
//! It only turns those into state and `Effect`s; the components own their keys and state.

mod answers;

use crossterm::event::KeyEvent;

use crate::config::LastTest;
use crate::config::keyring::Availability;

use crate::app::Reply;
use crate::app::component::{Component, Outcome};
use crate::app::credentials::{
    Built, CredEffect, CredModal, CredMsg, DeleteRequest, DeleteTenant, FormRequest, FormTest,
    ProbeKeyring, SaveOp, TenantForm, TestOutcome,
};
use crate::app::keymap::{Action, Context};
use crate::app::{App, Effect, Modal, StatusKind, StatusLine, Tab};

impl App {
    fn cred_status(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(StatusLine {
            kind,
            text: text.into(),
        });
    }

    /// The open Credentials dialog, if any.
    pub fn cred_modal(&self) -> Option<&CredModal> {
        match &self.modal {
            Some(Modal::Tenant(m)) => Some(m),
            _ => None,
        }
    }

    fn cred_form_mut(&mut self) -> Option<&mut TenantForm> {
        match &mut self.modal {
            Some(Modal::Tenant(CredModal::Form(f))) => Some(f),
            _ => None,
        }
    }

    /// The keymap context of the open Credentials dialog (its keys show in the footer).
    pub fn credentials_context(&self) -> Option<Context> {
        self.cred_modal().map(|m| match m {
            CredModal::Form(f) => f.context(),
            CredModal::ConfirmDelete(d) => d.context(),
        })
    }

    /// A spinner is wanted while a test or save runs.
    pub fn credentials_busy(&self) -> bool {
        self.credentials.busy()
            || matches!(self.cred_modal(), Some(CredModal::Form(f))
                if matches!(f.test, FormTest::Running(_)) || f.saving.is_some())
    }

    /// Refuses a change when the config file is damaged (it is the admin's to fix).
    fn refuse_damaged(&mut self) -> bool {
        let Some(err) = self.credentials.damaged.clone() else {
            return false;
        };
        self.cred_status(
            StatusKind::Error,
            format!("not saved: the config file is damaged and oktui never overwrites it; fix it first ({err})"),
        );
        true
    }

    /// The Credentials tab's keys (from the key table, on the tab's list).
    pub(crate) fn credentials_key(&mut self, action: Action) -> Reply {
        if self.tab != Tab::Credentials {
            return Reply::Unchanged;
        }
        let selected = self.credentials.selected_row().map(|r| r.name.clone());
        match action {
            Action::TenantSwitch => match selected {
                Some(name) => self.switch_to(&name),
                None => Reply::done(),
            },
            Action::TenantNew => {
                if self.refuse_damaged() {
                    return Reply::done();
                }
                self.open_form(TenantForm::default())
            }
            Action::TenantEdit => {
                if self.refuse_damaged() {
                    return Reply::done();
                }
                let Some(name) = selected else {
                    return Reply::done();
                };
                match self.credentials.config(&name) {
                    Some(t) => {
                        let form = TenantForm::edit(t);
                        self.open_form(form)
                    }
                    None => {
                        self.cred_status(
                            StatusKind::Warn,
                            format!(
                                "{name} is not in the config file, so it cannot be edited here"
                            ),
                        );
                        Reply::done()
                    }
                }
            }
            Action::TenantDelete => {
                if self.refuse_damaged() {
                    return Reply::done();
                }
                let Some(name) = selected else {
                    return Reply::done();
                };
                let Some(t) = self.credentials.config(&name) else {
                    self.cred_status(
                        StatusKind::Warn,
                        format!("{name} is not in the config file, so there is nothing to delete"),
                    );
                    return Reply::done();
                };
                let in_keyring = DeleteTenant::keyring_entry(t);
                let active = self.tenant.as_ref().is_some_and(|t| t.name == name);
                self.modal = Some(Modal::Tenant(CredModal::ConfirmDelete(DeleteTenant {
                    name,
                    active,
                    in_keyring,
                })));
                Reply::done()
            }
            Action::TenantImport => {
                if self.refuse_damaged() {
                    return Reply::done();
                }
                let req = self.req();
                self.credentials.importing = Some(req);
                self.cred_status(
                    StatusKind::Info,
                    "importing from OKTA_CLIENT_ORGURL + OKTA_CLIENT_TOKEN or ~/.okta/okta.yaml…",
                );
                vec![Effect::Credentials(CredEffect::Import { req })].into()
            }
            Action::TenantTest => {
                let Some(name) = selected else {
                    return Reply::done();
                };
                let Some(t) = self.credentials.config(&name).cloned() else {
                    self.cred_status(
                        StatusKind::Warn,
                        format!("{name} is not in the config file; Test Connect works on configured tenants"),
                    );
                    return Reply::done();
                };
                let req = self.req();
                self.credentials.testing = Some((req, name.clone()));
                self.cred_status(StatusKind::Info, format!("Test Connect: {name}…"));
                vec![Effect::Credentials(CredEffect::Test {
                    req,
                    tenant: Box::new(t),
                })]
                .into()
            }
            _ => Reply::Unchanged,
        }
    }

    /// `Enter` on a tenant or `:tenant NAME`: the runtime connects, then Users and Groups reload.
    pub(crate) fn switch_to(&mut self, name: &str) -> Reply {
        self.cred_status(StatusKind::Info, format!("connecting to {name}…"));
        vec![Effect::SwitchTenant(name.to_owned())].into()
    }

    /// Opens the tenant form with what is known about the OS keyring, and asks the runtime
    /// to look for one unless one was found already (a keyring started since the last "none
    /// here" is found this way).
    fn open_form(&mut self, mut form: TenantForm) -> Reply {
        form.keyring = self.credentials.keyring_known();
        self.modal = Some(Modal::Tenant(CredModal::Form(Box::new(form))));
        if self.credentials.keyring == Some(Availability::Running) {
            return Reply::done();
        }
        let req = self.req();
        self.credentials.keyring_probe = Some(req);
        vec![Effect::ProbeKeyring(ProbeKeyring { req })].into()
    }

    /// Keys while a Credentials dialog is open. A key neither dialog takes changes nothing,
    /// and never reaches the lists behind them.
    pub(crate) fn on_cred_modal_key(&mut self, key: KeyEvent) -> Reply {
        let Some(Modal::Tenant(modal)) = &mut self.modal else {
            return Reply::Unchanged;
        };
        match modal {
            CredModal::ConfirmDelete(d) => match d.on_key(&key, &self.keymap) {
                Outcome::Request(DeleteRequest::Delete) => {
                    let name = d.name.clone();
                    self.modal = None;
                    let req = self.req();
                    self.credentials.saving = Some(req);
                    self.cred_status(StatusKind::Info, format!("deleting {name}…"));
                    vec![Effect::Credentials(CredEffect::Save {
                        req,
                        op: Box::new(SaveOp::Delete(name)),
                    })]
                    .into()
                }
                Outcome::Close => {
                    self.modal = None;
                    self.cred_status(StatusKind::Info, "nothing deleted");
                    Reply::done()
                }
                Outcome::Changed => Reply::done(),
                Outcome::Ignored => Reply::Unchanged,
            },
            CredModal::Form(f) => match f.on_key(&key, &self.keymap) {
                Outcome::Request(request) => self.form_request(request),
                Outcome::Close => self.form_closed(),
                Outcome::Changed => Reply::done(),
                Outcome::Ignored => Reply::Unchanged,
            },
        }
    }

    fn form_closed(&mut self) -> Reply {
        self.modal = None;
        self.cred_status(StatusKind::Info, "nothing saved");
        Reply::done()
    }

    /// What the form asked for: Test Connect, Connect & Create (test, then save when it
    /// passes), or a save without a test.
    fn form_request(&mut self, request: FormRequest) -> Reply {
        match request {
            FormRequest::Test => self.form_test(false),
            FormRequest::TestThenSave => self.form_test(true),
            FormRequest::Save => self.form_save(None),
        }
    }

    /// Validates the open form against the file's tenants; a problem is put on its field.
    fn form_build(&mut self) -> Option<Built> {
        let tenants = self
            .credentials
            .settings
            .as_ref()
            .map(|s| s.tenants.clone())
            .unwrap_or_default();
        let Some(Modal::Tenant(CredModal::Form(f))) = &mut self.modal else {
            return None;
        };
        let original = f
            .editing
            .as_deref()
            .and_then(|n| self.credentials.config(n));
        match f.build(&tenants, original) {
            Ok(b) => {
                f.warnings = b.warnings.clone();
                Some(b)
            }
            Err((field, message)) => {
                f.focus = field;
                let text = format!("{}: {message}", field.label());
                f.error = Some((field, message));
                self.cred_status(StatusKind::Warn, text);
                None
            }
        }
    }

    /// Test Connect for what the form holds; with `then_save` (Connect & Create) it saves
    /// when the test passes.
    fn form_test(&mut self, then_save: bool) -> Reply {
        if then_save && self.refuse_damaged() {
            return Reply::done();
        }
        let Some(built) = self.form_build() else {
            return Reply::done();
        };
        let req = self.req();
        let Some(f) = self.cred_form_mut() else {
            return Reply::done();
        };
        f.error = None;
        f.test = FormTest::Running(req);
        f.save_after_test = then_save;
        self.cred_status(
            StatusKind::Info,
            format!("Test Connect: {}…", built.tenant.domain),
        );
        vec![Effect::Credentials(CredEffect::Test {
            req,
            tenant: Box::new(built.tenant),
        })]
        .into()
    }

    /// Saves the form (with the test that just passed, if any).
    fn form_save(&mut self, last: Option<LastTest>) -> Reply {
        if self.refuse_damaged() {
            return Reply::done();
        }
        // Saved without a test after one ran (and failed): the list says it failed, not that
        // it was never tested.
        let last = last.or_else(|| match self.cred_form_mut().map(|f| &f.test) {
            Some(FormTest::Done(_, l)) => Some(l.clone()),
            _ => None,
        });
        let Some(mut built) = self.form_build() else {
            return Reply::done();
        };
        if let Some(l) = last {
            built.tenant.last_test = Some(l);
        }
        let req = self.req();
        let Some(f) = self.cred_form_mut() else {
            return Reply::done();
        };
        let op = match &f.editing {
            Some(name) => SaveOp::Edit {
                name: name.clone(),
                tenant: built.tenant,
            },
            None => SaveOp::Add(built.tenant),
        };
        f.saving = Some(req);
        self.cred_status(StatusKind::Info, format!("saving {}…", op.tenant_name()));
        vec![Effect::Credentials(CredEffect::Save {
            req,
            op: Box::new(op),
        })]
        .into()
    }

    /// Text pasted while the form is open goes into the focused field.
    pub(crate) fn credentials_paste(&mut self, text: &str) -> bool {
        let Some(f) = self.cred_form_mut() else {
            return false;
        };
        !matches!(f.on_paste(text), Outcome::Ignored)
    }

    /// A left click on the Credentials tab's body: selects the tenant drawn on that row,
    /// using the geometry the UI draws with.
    pub(crate) fn credentials_click(&mut self, row: u16) -> Reply {
        let geo =
            crate::app::layout::tenant_list(&self.credentials, self.width, self.layout_height());
        match geo.tenant_at(row, self.credentials.tenants.len()) {
            Some(i) => {
                self.credentials.offset = geo.offset;
                self.credentials.selected = i;
            }
            None => return Reply::Unchanged,
        }
        Reply::done()
    }

    /// Answers to the Credentials tab's effects.
    pub(crate) fn on_credentials_msg(&mut self, msg: CredMsg) -> Reply {
        match msg {
            CredMsg::Imported { req, result } => self.imported(req, result),
            CredMsg::Tested { req, report, last } => {
                self.tested(req, TestOutcome::from_report(&report), last)
            }
            CredMsg::Saved {
                req,
                settings,
                warnings,
            } => self.saved(req, *settings, warnings),
            CredMsg::SaveFailed { req, error } => self.save_failed(req, error),
            CredMsg::Keyring { req, found } => {
                if self
                    .credentials
                    .keyring_probe
                    .take_if(|r| *r == req)
                    .is_none()
                {
                    return Reply::Unchanged;
                }
                if let Some(f) = self.cred_form_mut() {
                    f.keyring = found.clone();
                }
                self.credentials.keyring = Some(found);
                Reply::done()
            }
        }
    }
}
