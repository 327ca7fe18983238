//! The create-user form (`C`): login, email, names, optional password (masked, typed twice),
//! optional recovery question and answer, groups (a picker, or ids typed in), and whether to
//! activate now. It checks what it can before sending; Okta's `errorCauses` land beside the
//! field they concern, and nothing typed is lost on an error.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use secrecy::SecretString;

use crate::okta::{NewUser, OktaError, UserRow};

use super::actions::{ActionEffect, ActionModal, NewUserSpec, WriteOp, WriteOutcome};
use super::input::{InputOutcome, LineInput};
use super::modal::{ErrorInfo, Modal};
use super::msg::ReqId;
use super::{App, Effect, StatusKind, StatusLine, Tab};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Login,
    Email,
    First,
    Last,
    Password,
    Password2,
    Question,
    Answer,
    Groups,
    Activate,
    Submit,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Login,
        Field::Email,
        Field::First,
        Field::Last,
        Field::Password,
        Field::Password2,
        Field::Question,
        Field::Answer,
        Field::Groups,
        Field::Activate,
        Field::Submit,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Login => "Username (login)",
            Field::Email => "Email",
            Field::First => "First name",
            Field::Last => "Last name",
            Field::Password => "Password (optional)",
            Field::Password2 => "Password again",
            Field::Question => "Recovery question",
            Field::Answer => "Recovery answer",
            Field::Groups => "Groups",
            Field::Activate => "Activate now",
            Field::Submit => "",
        }
    }

    /// Index into `CreateForm::text` for text fields.
    pub fn text_index(self) -> Option<usize> {
        match self {
            Field::Login => Some(0),
            Field::Email => Some(1),
            Field::First => Some(2),
            Field::Last => Some(3),
            Field::Password => Some(4),
            Field::Password2 => Some(5),
            Field::Question => Some(6),
            Field::Answer => Some(7),
            _ => None,
        }
    }

    pub fn masked(self) -> bool {
        matches!(self, Field::Password | Field::Password2 | Field::Answer)
    }
}

#[derive(Clone, PartialEq)]
pub struct CreateForm {
    pub text: [LineInput; 8],
    /// (id, name) of the groups picked.
    pub groups: Vec<(String, String)>,
    pub activate: bool,
    pub focus: Field,
    /// Problems per field (ours before sending, Okta's after).
    pub errors: Vec<(Field, String)>,
    /// An error that concerns no one field.
    pub general: Option<String>,
    pub pending: Option<ReqId>,
    /// Esc with typed input: asking whether to discard it.
    pub confirm_discard: bool,
}

// By hand: the password and the recovery answer never reach a debug print.
impl std::fmt::Debug for CreateForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateForm")
            .field("login", &self.text[0].text)
            .field("email", &self.text[1].text)
            .field("groups", &self.groups)
            .field("activate", &self.activate)
            .field("focus", &self.focus)
            .field("errors", &self.errors)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl Default for CreateForm {
    fn default() -> Self {
        CreateForm {
            text: Default::default(),
            groups: Vec::new(),
            activate: true,
            focus: Field::Login,
            errors: Vec::new(),
            general: None,
            pending: None,
            confirm_discard: false,
        }
    }
}

/// Okta's default user schema wants an email-shaped login (name@domain).
fn email_shaped(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

impl CreateForm {
    pub fn value(&self, f: Field) -> &str {
        f.text_index()
            .map(|i| self.text[i].text.as_str())
            .unwrap_or("")
    }

    pub fn error_for(&self, f: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, e)| e.as_str())
    }

    pub fn has_input(&self) -> bool {
        self.text.iter().any(|t| !t.text.is_empty()) || !self.groups.is_empty()
    }

    fn move_focus(&mut self, delta: isize) {
        let i = Field::ALL
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0) as isize;
        let n = Field::ALL.len() as isize;
        self.focus = Field::ALL[((i + delta).rem_euclid(n)) as usize];
    }

    pub fn paste(&mut self, s: &str) -> bool {
        match self.focus.text_index() {
            Some(i) => {
                self.text[i].insert_str(s);
                true
            }
            None => false,
        }
    }

    /// Checks before sending: required fields, formats, password match.
    pub fn validate(&self) -> Vec<(Field, String)> {
        let mut errs = Vec::new();
        let v = |f| self.value(f).trim();
        let login = v(Field::Login);
        if login.is_empty() {
            errs.push((Field::Login, "required".into()));
        } else if !(5..=100).contains(&login.chars().count()) || !email_shaped(login) {
            errs.push((
                Field::Login,
                "must look like an email address (name@domain), 5 to 100 characters".into(),
            ));
        }
        let email = v(Field::Email);
        if email.is_empty() {
            errs.push((Field::Email, "required".into()));
        } else if !email_shaped(email) || !(5..=100).contains(&email.chars().count()) {
            errs.push((Field::Email, "not an email address".into()));
        }
        for f in [Field::First, Field::Last] {
            let s = v(f);
            if s.is_empty() {
                errs.push((f, "required".into()));
            } else if s.chars().count() > 50 {
                errs.push((f, "at most 50 characters".into()));
            }
        }
        let (pw, pw2) = (self.value(Field::Password), self.value(Field::Password2));
        if pw != pw2 {
            errs.push((Field::Password2, "the two passwords differ".into()));
        }
        let (q, a) = (v(Field::Question), self.value(Field::Answer));
        if q.is_empty() != a.is_empty() {
            let f = if q.is_empty() {
                Field::Question
            } else {
                Field::Answer
            };
            errs.push((
                f,
                "give both the question and the answer, or neither".into(),
            ));
        }
        if self.groups.len() > 20 {
            errs.push((
                Field::Groups,
                "Okta takes at most 20 groups at creation".into(),
            ));
        }
        errs
    }

    pub fn new_user(&self) -> NewUser {
        let v = |f| self.value(f).trim().to_owned();
        let secret = |f| {
            let s = self.value(f);
            (!s.is_empty()).then(|| SecretString::from(s.to_owned()))
        };
        let q = v(Field::Question);
        NewUser {
            login: v(Field::Login),
            email: v(Field::Email),
            first_name: v(Field::First),
            last_name: v(Field::Last),
            password: secret(Field::Password),
            recovery_question: (!q.is_empty()).then_some(q),
            recovery_answer: secret(Field::Answer),
            group_ids: self.groups.iter().map(|(id, _)| id.clone()).collect(),
            activate: self.activate,
        }
    }

    /// Puts Okta's causes beside their fields ("login: An object with this field already
    /// exists…" goes to the login field).
    pub fn apply_server_error(&mut self, info: &ErrorInfo) {
        self.errors.clear();
        let mut general = Vec::new();
        for cause in &info.causes {
            match cause_field(cause) {
                Some(f) => {
                    let text = cause
                        .split_once(':')
                        .map(|(_, rest)| rest.trim())
                        .filter(|r| !r.is_empty())
                        .unwrap_or(cause);
                    self.errors.push((f, text.to_owned()));
                }
                None => general.push(cause.clone()),
            }
        }
        let mut head = String::new();
        if let Some(s) = info.status {
            head.push_str(&format!("HTTP {s} "));
        }
        if let Some(c) = &info.code {
            head.push_str(c);
            head.push(' ');
        }
        head.push_str(&info.summary);
        for g in general {
            head.push_str("; ");
            head.push_str(&g);
        }
        if let Some(r) = &info.request_id {
            head.push_str(&format!(" (request id {r})"));
        }
        self.general = Some(head);
        if let Some((f, _)) = self.errors.first() {
            self.focus = *f;
        }
    }
}

/// Which field an `errorCauses` summary is about.
fn cause_field(cause: &str) -> Option<Field> {
    let lower = cause.to_ascii_lowercase();
    let key = lower.split_once(':').map(|(k, _)| k.trim()).unwrap_or("");
    Some(match key {
        "login" | "profile.login" => Field::Login,
        "email" | "profile.email" => Field::Email,
        "firstname" | "profile.firstname" => Field::First,
        "lastname" | "profile.lastname" => Field::Last,
        "password" | "credentials.password" => Field::Password,
        "recovery_question" | "recoveryquestion" | "credentials.recovery_question" => {
            if lower.contains("answer") {
                Field::Answer
            } else {
                Field::Question
            }
        }
        "answer" => Field::Answer,
        "groupids" => Field::Groups,
        _ if lower.contains("password") => Field::Password,
        _ => return None,
    })
}

impl App {
    fn form_mut(&mut self) -> Option<&mut CreateForm> {
        match &mut self.modal {
            Some(Modal::Action(m)) => match m.as_mut() {
                ActionModal::Form(f) => Some(f),
                _ => None,
            },
            _ => None,
        }
    }

    pub(super) fn open_create_form(&mut self) -> Vec<Effect> {
        self.modal = Some(Modal::Action(Box::new(ActionModal::Form(
            CreateForm::default(),
        ))));
        Vec::new()
    }

    pub(super) fn on_form_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(form) = self.form_mut() else {
            return Vec::new();
        };
        if form.pending.is_some() {
            // Sent: wait for Okta's answer.
            return Vec::new();
        }
        if form.confirm_discard {
            match key.code {
                KeyCode::Char('y') => {
                    self.modal = None;
                    self.status = Some(StatusLine {
                        kind: StatusKind::Info,
                        text: "create user: discarded".into(),
                    });
                }
                _ => form.confirm_discard = false,
            }
            return Vec::new();
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => {
                if form.has_input() {
                    form.confirm_discard = true;
                } else {
                    self.modal = None;
                }
                Vec::new()
            }
            KeyCode::Char('s') if ctrl => self.submit_form(),
            KeyCode::Tab | KeyCode::Down => {
                form.move_focus(1);
                Vec::new()
            }
            KeyCode::BackTab | KeyCode::Up => {
                form.move_focus(-1);
                Vec::new()
            }
            KeyCode::Enter => match form.focus {
                Field::Submit => self.submit_form(),
                Field::Groups => {
                    let Some(Modal::Action(m)) = self.modal.take() else {
                        return Vec::new();
                    };
                    let ActionModal::Form(f) = *m else {
                        return Vec::new();
                    };
                    self.open_form_group_picker(Box::new(f))
                }
                Field::Activate => {
                    form.activate = !form.activate;
                    Vec::new()
                }
                _ => {
                    form.move_focus(1);
                    Vec::new()
                }
            },
            KeyCode::Char(' ') if form.focus == Field::Activate => {
                form.activate = !form.activate;
                Vec::new()
            }
            KeyCode::Backspace | KeyCode::Delete if form.focus == Field::Groups => {
                form.groups.pop();
                Vec::new()
            }
            _ => {
                if let Some(i) = form.focus.text_index()
                    && form.text[i].handle_key(&key) == InputOutcome::Edited
                {
                    let f = form.focus;
                    form.errors.retain(|(g, _)| *g != f);
                    if form.errors.is_empty() {
                        form.general = None;
                    }
                }
                Vec::new()
            }
        }
    }

    fn submit_form(&mut self) -> Vec<Effect> {
        let tenant = self
            .tenant
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        self.next_req += 1;
        let req = ReqId(self.next_req);
        let Some(form) = self.form_mut() else {
            return Vec::new();
        };
        let errs = form.validate();
        if !errs.is_empty() {
            form.focus = errs[0].0;
            form.errors = errs;
            form.general = Some("fix the marked fields".into());
            return Vec::new();
        }
        form.errors.clear();
        form.general = None;
        form.pending = Some(req);
        let op = WriteOp::Create(NewUserSpec(form.new_user()));
        vec![Effect::Action(ActionEffect::Write { req, tenant, op })]
    }

    pub(super) fn on_create_done(
        &mut self,
        result: Result<WriteOutcome, OktaError>,
    ) -> Vec<Effect> {
        let Some(form) = self.form_mut() else {
            return Vec::new();
        };
        form.pending = None;
        match result {
            Err(e) => {
                let info = ErrorInfo::from_okta("creating the user", &e);
                form.apply_server_error(&info);
                self.status = Some(StatusLine {
                    kind: StatusKind::Error,
                    text: info.one_line(),
                });
                Vec::new()
            }
            Ok(outcome) => {
                let activate = form.activate;
                self.modal = None;
                let Some(user) = outcome.user else {
                    self.status = Some(StatusLine {
                        kind: StatusKind::Info,
                        text: "user created".into(),
                    });
                    return Vec::new();
                };
                let mut text = format!("created {} → {}", user.row.login, user.row.status.as_api());
                if activate && user.row.status != crate::okta::UserStatus::Active {
                    text.push_str(" (Okta emails the user an activation link)");
                }
                if let Some(r) = &outcome.request_id {
                    text.push_str(&format!(" (request id {r})"));
                }
                let mut effects = self.clear_stack();
                self.tab = Tab::Users;
                self.select_new_user(user.row.clone());
                self.status = Some(StatusLine {
                    kind: StatusKind::Info,
                    text,
                });
                effects.truncate(effects.len());
                effects
            }
        }
    }

    /// Adds the new user to the loaded list (Okta's search index lags behind) and selects it.
    fn select_new_user(&mut self, row: UserRow) {
        let (_, height) = self.focused_rows();
        let list = &mut self.users.list;
        if list.find(&row.id).is_none() {
            list.push_page(vec![row.clone()]);
            // A page count of one more would mislead the loading display: this was no page.
            list.pages = list.pages.saturating_sub(1);
        }
        let pos_in_view = |list: &super::RowList<UserRow>| {
            (0..list.visible_len()).find(|&p| list.row_at(p).is_some_and(|r| r.id == row.id))
        };
        if pos_in_view(list).is_none() {
            list.clear_filter();
        }
        if let Some(p) = pos_in_view(list) {
            list.select(p, height);
        }
    }
}
