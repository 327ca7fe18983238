//! The runtime's answers to the Credentials tab: an import, a Test Connect (from the form or
//! the list), a save. An answer whose request is no longer awaited changes nothing.

use crate::config::{LastTest, Settings, TenantConfig};

use crate::app::Reply;
use crate::app::credentials::{
    CredEffect, CredModal, Field, FormTest, SaveOp, TenantForm, TestOutcome,
};
use crate::app::ids::ReqId;
use crate::app::keymap::{Action, Context};
use crate::app::{App, Effect, Modal, StatusKind};

impl App {
    pub(super) fn imported(
        &mut self,
        req: ReqId,
        result: Result<(Box<TenantConfig>, String), String>,
    ) -> Reply {
        if self.credentials.importing.take_if(|r| *r == req).is_none() {
            return Reply::Unchanged;
        }
        match result {
            Ok((tenant, from)) => {
                let taken: Vec<&str> = self
                    .credentials
                    .tenants
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect();
                let form = TenantForm::import(&tenant, &taken);
                let save = self.keymap.hint(Context::TenantForm, Action::FormSave);
                // The same org under another name: saving would list it twice.
                let same_org = self
                    .credentials
                    .settings
                    .iter()
                    .flat_map(|s| &s.tenants)
                    .find(|t| t.domain.eq_ignore_ascii_case(&tenant.domain))
                    .map(|t| t.name.clone());
                match same_org {
                    Some(existing) => self.cred_status(
                        StatusKind::Warn,
                        format!(
                            "imported from {from}: {existing} already uses {}; saving adds a second tenant for the same org (Esc keeps only {existing})",
                            tenant.domain
                        ),
                    ),
                    None => self.cred_status(
                        StatusKind::Info,
                        format!("imported from {from}: check it, then {save} tests and saves"),
                    ),
                }
                self.open_form(form)
            }
            Err(e) => {
                self.cred_status(StatusKind::Warn, e);
                Reply::done()
            }
        }
    }

    /// A Test Connect result: the form's (which may go on to save), else the list's, which
    /// is kept in the file.
    pub(super) fn tested(&mut self, req: ReqId, outcome: TestOutcome, last: LastTest) -> Reply {
        if let Some(f) = self.cred_form_mut()
            && f.test == FormTest::Running(req)
        {
            return self.form_tested(outcome, last);
        }
        let Some((_, name)) = self.credentials.testing.take_if(|(r, _)| *r == req) else {
            return Reply::Unchanged;
        };
        let mark = if outcome.ok { "✓" } else { "✗" };
        let kind = if outcome.ok {
            StatusKind::Info
        } else {
            StatusKind::Error
        };
        self.cred_status(kind, format!("{mark} {name}: {}", outcome.summary));
        self.credentials.reports.insert(name.clone(), outcome);
        // Keep the outcome in the file, unless the file is damaged (never written).
        if self.credentials.damaged.is_some() || self.credentials.config(&name).is_none() {
            return Reply::done();
        }
        let req = self.req();
        self.credentials.saving = Some(req);
        vec![Effect::Credentials(CredEffect::Save {
            req,
            op: Box::new(SaveOp::RecordTest { name, last }),
        })]
        .into()
    }

    /// The open form's test answered; Connect & Create saves when it passed.
    fn form_tested(&mut self, outcome: TestOutcome, last: LastTest) -> Reply {
        let Some(f) = self.cred_form_mut() else {
            return Reply::done();
        };
        let ok = outcome.ok;
        let save = std::mem::take(&mut f.save_after_test);
        let summary = outcome.summary.clone();
        f.test = FormTest::Done(outcome, last.clone());
        if ok {
            self.cred_status(StatusKind::Info, format!("✓ {summary}"));
        } else {
            let then = if save {
                " · not saved: fix it, or choose Save without test"
            } else {
                ""
            };
            self.cred_status(StatusKind::Error, format!("✗ {summary}{then}"));
        }
        if ok && save {
            return self.form_save(Some(last));
        }
        Reply::done()
    }

    pub(super) fn saved(&mut self, req: ReqId, settings: Settings, warnings: Vec<String>) -> Reply {
        self.credentials.set_settings(settings);
        // A saved file is a healthy one: the start-up hint no longer applies.
        self.credentials.notice = None;
        let path = self.credentials.config_path.clone().unwrap_or_default();
        let extra = if warnings.is_empty() {
            String::new()
        } else {
            format!(" · {}", warnings.join(" · "))
        };
        if let Some(Modal::Tenant(CredModal::Form(f))) = &self.modal
            && f.saving == Some(req)
        {
            let name = f.name.text.trim().to_owned();
            if let FormTest::Done(outcome, _) = &f.test {
                self.credentials
                    .reports
                    .insert(name.clone(), outcome.clone());
            }
            let edited_active = f.editing.is_some()
                && self
                    .tenant
                    .as_ref()
                    .is_some_and(|t| Some(t.name.as_str()) == f.editing.as_deref());
            self.modal = None;
            self.credentials.select(&name);
            let hint = if edited_active {
                " · reconnecting with the new settings…".to_owned()
            } else {
                let switch = self.keymap.hint(Context::Credentials, Action::TenantSwitch);
                format!(" · {switch} switches to it")
            };
            self.cred_status(
                StatusKind::Info,
                format!("saved {name} to {path} (mode 0600){hint}{extra}"),
            );
            if edited_active {
                return vec![Effect::Credentials(CredEffect::Reconnect(name))].into();
            }
        } else if self.credentials.saving == Some(req) {
            self.credentials.saving = None;
            if !extra.is_empty() {
                self.cred_status(StatusKind::Warn, extra.trim_start_matches(" · "));
            } else if self
                .status
                .as_ref()
                .is_some_and(|s| s.text.starts_with("deleting "))
            {
                self.cred_status(StatusKind::Info, format!("deleted · {path} saved"));
            }
        }
        Reply::done()
    }

    pub(super) fn save_failed(&mut self, req: ReqId, error: String) -> Reply {
        if let Some(f) = self.cred_form_mut()
            && f.saving == Some(req)
        {
            f.saving = None;
            f.error = Some((Field::Save, format!("not saved: {error}")));
        } else if self.credentials.saving == Some(req) {
            self.credentials.saving = None;
        } else {
            return Reply::Unchanged;
        }
        self.cred_status(StatusKind::Error, format!("not saved: {error}"));
        Reply::done()
    }
}
