//! The create-user form's requests: send the create, open the groups picker, discard; and
//! Okta's answer, which either lands beside the fields or selects the new user in the list.

use crate::app::actions::create_form::FormRequest;
use crate::app::actions::{ActionEffect, ActionModal, CreateForm, WriteOutcome};
use crate::app::status::{ErrorInfo, StatusKind};
use crate::app::{App, Effect, Modal, RowList, Tab};
use crate::okta::{OktaError, UserRow, UserStatus};

impl App {
    fn form_mut(&mut self) -> Option<&mut CreateForm> {
        match self.action_modal_mut() {
            Some(ActionModal::Form(f)) => Some(f),
            _ => None,
        }
    }

    pub(in crate::app) fn open_create_form(&mut self) -> Vec<Effect> {
        let form = CreateForm {
            tenant: self.tenant_name(),
            ..CreateForm::default()
        };
        self.open_action(ActionModal::Form(form));
        Vec::new()
    }

    /// What the form asked for.
    pub(in crate::app) fn on_form_request(&mut self, request: FormRequest) -> Vec<Effect> {
        match request {
            FormRequest::Submit(op) => {
                let tenant = self.tenant_name();
                let req = self.req();
                if let Some(form) = self.form_mut() {
                    form.pending = Some(req);
                }
                vec![Effect::Action(ActionEffect::Write { req, tenant, op })]
            }
            FormRequest::PickGroups => {
                let Some(Modal::Action(m)) = self.modal.take() else {
                    return Vec::new();
                };
                let ActionModal::Form(form) = *m else {
                    return Vec::new();
                };
                self.open_form_group_picker(form)
            }
            FormRequest::Discarded => {
                self.modal = None;
                self.info("create user: discarded");
                Vec::new()
            }
        }
    }

    pub(in crate::app) fn on_create_done(
        &mut self,
        result: Result<WriteOutcome, OktaError>,
    ) -> Vec<Effect> {
        let Some(form) = self.form_mut() else {
            return Vec::new();
        };
        form.pending = None;
        let outcome = match result {
            Err(e) => {
                let info = ErrorInfo::from_okta("creating the user", &e);
                form.apply_server_error(&info);
                self.set_status(StatusKind::Error, info.one_line());
                return Vec::new();
            }
            Ok(outcome) => outcome,
        };
        let activate = form.activate;
        self.modal = None;
        let Some(user) = outcome.user else {
            self.info("user created");
            return Vec::new();
        };
        let mut text = format!("created {} → {}", user.row.login(), user.row.status_api());
        if activate && user.row.status() != UserStatus::Active {
            text.push_str(" (Okta emails the user an activation link)");
        }
        if let Some(r) = &outcome.request_id {
            text.push_str(&format!(" (request id {r})"));
        }
        let effects = self.clear_stack();
        self.tab = Tab::Users;
        self.select_new_user(user.row.clone());
        self.info(text);
        effects
    }

    /// Adds the new user to the loaded list (Okta's search index lags behind) and selects it.
    fn select_new_user(&mut self, row: UserRow) {
        let (_, height) = self.focused_rows();
        let list = &mut self.users.list;
        if list.find(row.id()).is_none() {
            list.push_page(vec![row.clone()]);
            // A page count of one more would mislead the loading display: this was no page.
            list.pages = list.pages.saturating_sub(1);
        }
        let pos_in_view = |list: &RowList<UserRow>| {
            (0..list.visible_len()).find(|&p| list.row_at(p).is_some_and(|r| r.id() == row.id()))
        };
        if pos_in_view(list).is_none() {
            list.clear_filter();
        }
        if let Some(p) = pos_in_view(list) {
            list.select(p, height);
        }
    }
}
