//! A one-line question (the server search). Enter and Esc come from the key table; every
//! other key edits the text.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::input::{InputOutcome, LineInput};
use crate::app::keymap::{Action, Context, Keymap};

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

/// Keys for a line input whose Enter and Esc the table decides: the table first, then the
/// editing keys (the input's own Enter/Esc answers are not used, so a remap is obeyed).
pub(crate) fn edit_line(
    input: &mut LineInput,
    ctx: Context,
    key: &KeyEvent,
    keys: &Keymap,
) -> LineKey {
    match keys.action(ctx, key) {
        Some(Action::Choose) => LineKey::Submit,
        Some(Action::Close) => LineKey::Cancel,
        _ => match input.handle_key(key) {
            InputOutcome::Edited => LineKey::Edited,
            InputOutcome::Moved => LineKey::Moved,
            InputOutcome::Submit | InputOutcome::Cancel => LineKey::Ignored,
        },
    }
}

/// A key in a line input, as `edit_line` read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKey {
    Submit,
    Cancel,
    Edited,
    Moved,
    Ignored,
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
