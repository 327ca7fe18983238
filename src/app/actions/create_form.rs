//! The create-user form (`C`): login, email, names, optional password (masked, typed twice),
//! optional recovery question and answer, groups (a picker, or ids typed in), and whether to
//! activate now. It checks what it can before sending; Okta's `errorCauses` land beside the
//! field they concern, and nothing typed is lost on an error.

use crossterm::event::KeyEvent;
use secrecy::SecretString;

use crate::app::component::{Component, Outcome};
use crate::app::ids::ReqId;
use crate::app::input::{InputOutcome, LineInput};
use crate::app::keymap::{Action, Context, KeySpec, Keymap};
use crate::app::status::ErrorInfo;
use crate::okta::NewUser;

use super::op::{NewUserSpec, WriteOp};

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
    /// Checked and asking the admin's yes before sending, as every other write does.
    pub confirm_create: bool,
    /// The tenant the user would be created in, named in that question.
    pub tenant: String,
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
            confirm_create: false,
            tenant: String::new(),
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
        // The error's own line, holding only the causes no field took.
        let rest = ErrorInfo {
            context: String::new(),
            causes: general,
            ..info.clone()
        };
        self.general = Some(rest.one_line());
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

/// What the form asks the reducer for.
#[derive(Debug, Clone, PartialEq)]
pub enum FormRequest {
    /// Checked and ready: send this create.
    Submit(WriteOp),
    /// Open the groups picker (the form waits behind it).
    PickGroups,
    /// The admin confirmed throwing away what was typed.
    Discarded,
}

impl CreateForm {
    /// Checks the fields and either asks to send or marks what is wrong.
    fn submit(&mut self) -> Outcome<FormRequest> {
        let errs = self.validate();
        if let Some((first, _)) = errs.first() {
            self.focus = *first;
            self.errors = errs;
            self.general = Some("fix the marked fields".into());
            return Outcome::Changed;
        }
        self.errors.clear();
        self.general = None;
        self.confirm_create = true;
        Outcome::Changed
    }

    /// The question's answer: yes sends, any other key goes back to the fields.
    fn on_confirm_key(&mut self, action: Option<Action>) -> Outcome<FormRequest> {
        self.confirm_create = false;
        if action == Some(Action::Confirm) {
            return Outcome::Request(FormRequest::Submit(WriteOp::Create(NewUserSpec(
                self.new_user(),
            ))));
        }
        Outcome::Changed
    }

    /// Enter: what it means depends on the field.
    fn on_enter(&mut self) -> Outcome<FormRequest> {
        match self.focus {
            Field::Submit => self.submit(),
            Field::Groups => Outcome::Request(FormRequest::PickGroups),
            Field::Activate => {
                self.activate = !self.activate;
                Outcome::Changed
            }
            _ => {
                self.move_focus(1);
                Outcome::Changed
            }
        }
    }

    /// A key typed into the focused text field.
    fn type_key(&mut self, key: &KeyEvent) -> Outcome<FormRequest> {
        let Some(i) = self.focus.text_index() else {
            return Outcome::Ignored;
        };
        if self.text[i].handle_key(key) == InputOutcome::Edited {
            let f = self.focus;
            self.errors.retain(|(g, _)| *g != f);
            if self.errors.is_empty() {
                self.general = None;
            }
        }
        Outcome::Changed
    }
}

impl Component for CreateForm {
    type Request = FormRequest;

    fn context(&self) -> Context {
        if self.confirm_discard {
            Context::Discard
        } else if self.confirm_create {
            Context::Confirm
        } else {
            Context::CreateForm
        }
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<FormRequest> {
        if self.pending.is_some() {
            // Sent: wait for Okta's answer.
            return Outcome::Ignored;
        }
        let action = keys.action(self.context(), key);
        if self.confirm_discard {
            if action == Some(Action::Confirm) {
                return Outcome::Request(FormRequest::Discarded);
            }
            self.confirm_discard = false;
            return Outcome::Changed;
        }
        if self.confirm_create {
            return self.on_confirm_key(action);
        }
        // Plain characters belong to a focused text field whatever the table says.
        // (The form is not a text context as a whole: Space toggles the activate box.)
        if KeySpec::from_event(key).is_typed() && self.focus.text_index().is_some() {
            return self.type_key(key);
        }
        match action {
            Some(Action::FormCancel) if self.has_input() => {
                self.confirm_discard = true;
                Outcome::Changed
            }
            Some(Action::FormCancel) => Outcome::Close,
            Some(Action::FormSave) => self.submit(),
            Some(Action::FormNext) => {
                self.move_focus(1);
                Outcome::Changed
            }
            Some(Action::FormPrev) => {
                self.move_focus(-1);
                Outcome::Changed
            }
            Some(Action::Choose) => self.on_enter(),
            Some(Action::Toggle) if self.focus == Field::Activate => {
                self.activate = !self.activate;
                Outcome::Changed
            }
            Some(Action::RemoveLast) if self.focus == Field::Groups => {
                self.groups.pop();
                Outcome::Changed
            }
            _ => self.type_key(key),
        }
    }

    fn on_paste(&mut self, text: &str) -> Outcome<FormRequest> {
        if self.paste(text) {
            Outcome::Changed
        } else {
            Outcome::Ignored
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;
    use crate::app::test_support::key_event as key;

    #[test]
    fn enter_space_and_backspace_mean_what_the_focused_field_is() {
        let keys = Keymap::default();
        let mut f = CreateForm::default();
        // On a text field a space is text.
        assert_eq!(f.on_key(&key(KeyCode::Char(' ')), &keys), Outcome::Changed);
        assert_eq!(f.value(Field::Login), " ");
        f.focus = Field::Groups;
        assert_eq!(
            f.on_key(&key(KeyCode::Enter), &keys),
            Outcome::Request(FormRequest::PickGroups)
        );
        f.groups = vec![("00g1".into(), "Eng".into())];
        assert_eq!(f.on_key(&key(KeyCode::Backspace), &keys), Outcome::Changed);
        assert!(f.groups.is_empty());
        f.focus = Field::Activate;
        assert_eq!(f.on_key(&key(KeyCode::Char(' ')), &keys), Outcome::Changed);
        assert!(!f.activate);
        assert_eq!(f.on_key(&key(KeyCode::Enter), &keys), Outcome::Changed);
        assert!(f.activate);
    }

    #[test]
    fn saving_asks_before_sending_and_any_other_key_goes_back() {
        let keys = Keymap::default();
        let mut f = CreateForm::default();
        for (i, v) in ["ann@example.com", "ann@example.com", "Ann", "Lee"]
            .into_iter()
            .enumerate()
        {
            f.text[i].text = v.into();
        }
        let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(f.on_key(&save, &keys), Outcome::Changed);
        assert!(f.confirm_create, "{:?}", f.errors);
        // Anything but yes goes back to the fields, nothing sent.
        assert_eq!(f.on_key(&key(KeyCode::Esc), &keys), Outcome::Changed);
        assert!(!f.confirm_create);
        assert_eq!(f.on_key(&save, &keys), Outcome::Changed);
        let sent = f.on_key(&key(KeyCode::Char('y')), &keys);
        assert!(
            matches!(
                sent,
                Outcome::Request(FormRequest::Submit(WriteOp::Create(_)))
            ),
            "{sent:?}"
        );
    }

    #[test]
    fn nothing_is_asked_of_the_reducer_while_a_create_is_on_its_way() {
        let keys = Keymap::default();
        let mut f = CreateForm {
            pending: Some(ReqId(1)),
            ..CreateForm::default()
        };
        for k in [KeyCode::Esc, KeyCode::Enter, KeyCode::Char('x')] {
            assert_eq!(f.on_key(&key(k), &keys), Outcome::Ignored);
        }
        let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(f.on_key(&save, &keys), Outcome::Ignored);
    }
}
