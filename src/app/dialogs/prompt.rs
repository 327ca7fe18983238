//! A one-line question (the server search). Enter and Esc come from the key table; every
//! other key edits the text.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::input::{LineInput, LineKey, edit_line};
use crate::app::keymap::{Context, Keymap};

/// What a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Plain text: a safely built prefix search (users) or name search (groups).
    ServerSearch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: LineInput,
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Self {
        Prompt {
            kind,
            input: LineInput::default(),
        }
    }
}

impl Component for Prompt {
    /// The kind of question and the trimmed answer.
    type Request = (PromptKind, String);

    fn context(&self) -> Context {
        Context::Prompt
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<Self::Request> {
        match edit_line(&mut self.input, Context::Prompt, key, keys) {
            LineKey::Submit => Outcome::Request((self.kind, self.input.text.trim().to_owned())),
            LineKey::Cancel => Outcome::Close,
            LineKey::Edited | LineKey::Moved => Outcome::Changed,
            LineKey::Ignored => Outcome::Ignored,
        }
    }

    fn on_paste(&mut self, text: &str) -> Outcome<Self::Request> {
        self.input.insert_str(text);
        Outcome::Changed
    }
}
