//! The profile form (`e` on a user): one field per attribute of the org's user schema, typed
//! as the schema says (text, number, a choice for enums and booleans), required ones marked,
//! read-only ones shown but locked. Saving lists only the attributes that changed, before and
//! after, and sends them once confirmed; Okta's refusals come back beside their fields and the
//! form stays open. The reducer (`app/update/profile.rs`) turns its requests into effects.

pub mod apps;
pub mod field;

use crossterm::event::KeyEvent;
use serde_json::{Map, Value};

use super::actions::Target;
use super::component::{Component, Outcome};
use super::ids::ReqId;
use super::keymap::{Action, Context, Keymap};
use crate::okta::schema::ProfileSchema;
use crate::okta::{OktaError, User};

pub use field::{Field, FieldKind};

/// What the profile form asks the runtime for (`runtime/playbooks.rs` performs it).
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileEffect {
    /// The schema and a fresh GET of the user, answered by `ProfileMsg::Loaded`.
    Load { req: ReqId, user_id: String },
    /// The user's apps, each with how it came (`ProfileMsg::Assignments`).
    LoadAssignments { req: ReqId, user_id: String },
    /// The org's apps for the assign picker (`ProfileMsg::OrgApps`).
    LoadOrgApps { req: ReqId },
    /// Assign (or unassign) one app directly, journaled (`ProfileMsg::AppWritten`).
    AppWrite {
        req: ReqId,
        tenant: String,
        target: Target,
        app: crate::okta::ObjectRef,
        assign: bool,
    },
    /// `POST /users/{id}` with the changed attributes, journaled with their previous values.
    Update {
        req: ReqId,
        tenant: String,
        target: Target,
        changes: Map<String, Value>,
        before: Map<String, Value>,
    },
}

/// Answers to [`ProfileEffect`].
#[derive(Debug, Clone)]
pub enum ProfileMsg {
    Loaded {
        req: ReqId,
        result: Result<(ProfileSchema, Box<User>), OktaError>,
    },
    Updated {
        req: ReqId,
        result: Result<Box<User>, OktaError>,
    },
    Assignments {
        req: ReqId,
        result: Result<Vec<crate::okta::apps::AppAssignment>, String>,
    },
    OrgApps {
        req: ReqId,
        result: Result<Vec<crate::okta::apps::App>, String>,
    },
    AppWritten {
        req: ReqId,
        result: Result<(), String>,
    },
}

/// Where the form is.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Waiting for the schema and the user.
    Loading,
    Editing,
    /// The changes listed; y sends them.
    Confirming,
    /// The update is out.
    Sending(ReqId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProfileForm {
    pub req: ReqId,
    pub target: Target,
    pub schema: ProfileSchema,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub stage: Stage,
    /// A refusal that names no field (shown above the fields).
    pub general_error: Option<String>,
}

/// What the form asks of the reducer.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileRequest {
    /// Ctrl-S: check the changes and list them for confirmation.
    Review,
    /// Confirmed: send these.
    Send {
        changes: Map<String, Value>,
        before: Map<String, Value>,
    },
}

impl ProfileForm {
    pub fn loading(req: ReqId, target: Target) -> Self {
        ProfileForm {
            req,
            target,
            schema: ProfileSchema::default(),
            fields: Vec::new(),
            focus: 0,
            stage: Stage::Loading,
            general_error: None,
        }
    }

    /// The fields for `user` as `schema` describes its profile (attributes the user has but
    /// the schema does not list are left out: the API would refuse them anyway).
    pub fn fill(&mut self, schema: ProfileSchema, user: &User) {
        let profile = user
            .raw
            .get("profile")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        self.fields = schema
            .attributes
            .iter()
            .map(|a| Field::new(a, profile.get(&a.name).cloned().unwrap_or(Value::Null)))
            .collect();
        self.schema = schema;
        self.focus = self.fields.iter().position(|f| !f.locked()).unwrap_or(0);
        self.stage = Stage::Editing;
    }

    /// The attributes that differ from what the user has, and their values before. A field
    /// whose text does not parse (a number) is reported by `problems` instead.
    pub fn changes(&self) -> (Map<String, Value>, Map<String, Value>) {
        let mut changes = Map::new();
        let mut before = Map::new();
        for f in self.fields.iter().filter(|f| !f.locked()) {
            if let Ok(v) = f.value()
                && v != f.original
            {
                changes.insert(f.name.clone(), v);
                before.insert(f.name.clone(), f.original.clone());
            }
        }
        (changes, before)
    }

    /// Checks the changed fields against the schema; each problem goes beside its field.
    /// True when there is none.
    pub fn check(&mut self) -> bool {
        let (changes, _) = self.changes();
        let problems = self.schema.check(&changes);
        let mut ok = problems.is_empty();
        for f in &mut self.fields {
            f.error = problems
                .iter()
                .find(|(name, _)| *name == f.name)
                .map(|(_, cause)| cause.clone());
            if let Err(e) = f.value() {
                f.error = Some(e);
                ok = false;
            }
        }
        self.general_error = None;
        ok
    }

    /// Okta's causes, each beside the field it names; the others above the fields.
    pub fn show_causes(&mut self, causes: &[(String, String)], summary: &str) {
        for f in &mut self.fields {
            f.error = causes
                .iter()
                .filter(|(name, _)| *name == f.name)
                .map(|(_, c)| c.clone())
                .reduce(|a, b| format!("{a}; {b}"));
        }
        let general: Vec<&str> = causes
            .iter()
            .filter(|(name, _)| name.is_empty())
            .map(|(_, c)| c.as_str())
            .collect();
        self.general_error = Some(if general.is_empty() {
            summary.to_owned()
        } else {
            general.join("; ")
        });
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
        self.stage = Stage::Editing;
    }

    fn step(&mut self, forward: bool) {
        let n = self.fields.len();
        if n == 0 {
            return;
        }
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }
}

impl Component for ProfileForm {
    type Request = ProfileRequest;

    fn context(&self) -> Context {
        match self.stage {
            Stage::Confirming => Context::ProfileConfirm,
            // While loading or sending only Esc means anything; a choice context types nothing.
            Stage::Loading | Stage::Sending(_) => Context::ProfileChoice,
            Stage::Editing => match self.fields.get(self.focus) {
                Some(f) if f.takes_text() => Context::ProfileText,
                _ => Context::ProfileChoice,
            },
        }
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<ProfileRequest> {
        let ctx = self.context();
        let action = keys.action(ctx, key);
        match self.stage {
            Stage::Loading | Stage::Sending(_) => {
                return match action {
                    Some(Action::FormCancel) => Outcome::Close,
                    _ => Outcome::Ignored,
                };
            }
            Stage::Confirming => {
                return match action {
                    Some(Action::Confirm) => {
                        let (changes, before) = self.changes();
                        Outcome::Request(ProfileRequest::Send { changes, before })
                    }
                    Some(Action::Close) => {
                        self.stage = Stage::Editing;
                        Outcome::Changed
                    }
                    _ => Outcome::Ignored,
                };
            }
            Stage::Editing => {}
        }
        match action {
            Some(Action::FormNext) => {
                self.step(true);
                Outcome::Changed
            }
            Some(Action::FormPrev) => {
                self.step(false);
                Outcome::Changed
            }
            Some(Action::FormSave) => Outcome::Request(ProfileRequest::Review),
            Some(Action::FormCancel) => Outcome::Close,
            Some(Action::FormChoiceNext) => self.cycle(true),
            Some(Action::FormChoicePrev) => self.cycle(false),
            _ if ctx == Context::ProfileText => match self.focused() {
                Some(f) => f.edit(key),
                None => Outcome::Ignored,
            },
            _ => Outcome::Ignored,
        }
    }

    fn on_paste(&mut self, text: &str) -> Outcome<ProfileRequest> {
        if self.stage != Stage::Editing {
            return Outcome::Ignored;
        }
        match self.focused() {
            Some(f) if f.takes_text() => {
                f.input.insert_str(text);
                f.error = None;
                Outcome::Changed
            }
            _ => Outcome::Ignored,
        }
    }
}

impl ProfileForm {
    fn cycle(&mut self, forward: bool) -> Outcome<ProfileRequest> {
        match self.focused().map(|f| f.cycle(forward)) {
            Some(true) => Outcome::Changed,
            _ => Outcome::Ignored,
        }
    }
}
