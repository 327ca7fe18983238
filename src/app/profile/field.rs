//! One attribute of the profile form: how it is edited (typed text, a number, a choice, or
//! locked) and the JSON value it stands for.

use crossterm::event::KeyEvent;
use serde_json::Value;

use crate::app::component::Outcome;
use crate::app::input::{InputOutcome, LineInput};
use crate::okta::schema::SchemaAttribute;

/// How a field is edited.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// Free text; an empty text clears the attribute.
    Text,
    /// A number (`integer` when `whole`); an empty text clears it.
    Number { whole: bool },
    /// One of these values (an enum, or true/false); `None` is "not set".
    Choice {
        options: Vec<Option<Value>>,
        at: usize,
    },
    /// Shown, never sent: read-only in the schema, or a type the form does not edit.
    Locked { why: &'static str },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub title: String,
    pub required: bool,
    pub kind: FieldKind,
    pub input: LineInput,
    /// What the user has now (Null when unset).
    pub original: Value,
    /// The schema's or Okta's complaint about this field.
    pub error: Option<String>,
}

impl Field {
    pub fn new(a: &SchemaAttribute, original: Value) -> Self {
        let kind = if a.read_only {
            FieldKind::Locked { why: "read-only" }
        } else if !a.one_of.is_empty() || a.kind == "boolean" {
            let mut options: Vec<Option<Value>> = if a.kind == "boolean" {
                vec![Some(Value::Bool(true)), Some(Value::Bool(false))]
            } else {
                a.one_of
                    .iter()
                    .map(|v| Some(Value::String(v.clone())))
                    .collect()
            };
            if !a.required {
                options.insert(0, None);
            }
            let current = (!original.is_null()).then(|| original.clone());
            let at = match options.iter().position(|o| *o == current) {
                Some(i) => i,
                None => {
                    // A value the schema does not list: kept as a choice so it is not lost.
                    options.push(current);
                    options.len() - 1
                }
            };
            FieldKind::Choice { options, at }
        } else {
            match a.kind.as_str() {
                "string" => FieldKind::Text,
                "integer" => FieldKind::Number { whole: true },
                "number" => FieldKind::Number { whole: false },
                _ => FieldKind::Locked {
                    why: "edit with oktui users update",
                },
            }
        };
        let text = match &original {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Field {
            name: a.name.clone(),
            title: if a.title.is_empty() {
                a.name.clone()
            } else {
                a.title.clone()
            },
            required: a.required,
            kind,
            input: LineInput::with_text(&crate::okta::sanitize::clean(&text)),
            original,
            error: None,
        }
    }

    pub fn locked(&self) -> bool {
        matches!(self.kind, FieldKind::Locked { .. })
    }

    pub fn takes_text(&self) -> bool {
        matches!(self.kind, FieldKind::Text | FieldKind::Number { .. })
    }

    /// The value the field now stands for, or why it stands for none.
    pub fn value(&self) -> Result<Value, String> {
        let text = self.input.text.trim();
        match &self.kind {
            FieldKind::Locked { .. } => Ok(self.original.clone()),
            FieldKind::Choice { options, at } => {
                Ok(options.get(*at).cloned().flatten().unwrap_or(Value::Null))
            }
            FieldKind::Text if self.input.text.is_empty() => Ok(Value::Null),
            // Whatever was typed, spaces included: Okta stores strings as given.
            FieldKind::Text => Ok(Value::String(self.input.text.clone())),
            FieldKind::Number { .. } if text.is_empty() => Ok(Value::Null),
            FieldKind::Number { whole: true } => {
                text.parse::<i64>().map(Value::from).map_err(|_| {
                    format!(
                        "{}: Does not match required type (a whole number)",
                        self.name
                    )
                })
            }
            FieldKind::Number { whole: false } => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| format!("{}: Does not match required type (a number)", self.name)),
        }
    }

    /// What the field shows as its value.
    pub fn shown(&self) -> String {
        match &self.kind {
            FieldKind::Choice { options, at } => match options.get(*at).cloned().flatten() {
                Some(Value::String(s)) => crate::okta::sanitize::clean(&s),
                Some(v) => v.to_string(),
                None => "(not set)".into(),
            },
            FieldKind::Locked { .. } => match &self.original {
                Value::Null => String::new(),
                Value::String(s) => crate::okta::sanitize::clean(s),
                v => crate::okta::sanitize::clean(&v.to_string()),
            },
            _ => self.input.text.clone(),
        }
    }

    /// Whether it differs from what the user has.
    pub fn changed(&self) -> bool {
        !self.locked() && self.value().is_ok_and(|v| v != self.original)
    }

    pub(super) fn cycle(&mut self, forward: bool) -> bool {
        let FieldKind::Choice { options, at } = &mut self.kind else {
            return false;
        };
        let n = options.len().max(1);
        *at = if forward {
            (*at + 1) % n
        } else {
            (*at + n - 1) % n
        };
        self.error = None;
        true
    }

    pub(super) fn edit<R>(&mut self, key: &KeyEvent) -> Outcome<R> {
        match self.input.handle_key(key) {
            InputOutcome::Edited => {
                self.error = None;
                Outcome::Changed
            }
            InputOutcome::Moved => Outcome::Changed,
            InputOutcome::Submit | InputOutcome::Cancel => Outcome::Ignored,
        }
    }
}
