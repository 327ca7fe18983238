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

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    #[test]
    fn enter_asks_with_the_trimmed_text_and_letters_are_typed() {
        let keys = Keymap::default();
        let mut p = Prompt::new(PromptKind::ServerSearch);
        // 'q' and 'j' are keys elsewhere; here they are text.
        for c in " qj ".chars() {
            let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(p.on_key(&ev, &keys), Outcome::Changed);
        }
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            p.on_key(&enter, &keys),
            Outcome::Request((PromptKind::ServerSearch, "qj".into()))
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(p.on_key(&ctrl_c, &keys), Outcome::Close);
    }
}
