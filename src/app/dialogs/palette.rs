//! The command palette (`:`): type a command, pick from the matching ones, run it. The commands
//! are rows of the key table's command list, which `run_command` dispatches through.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::input::{LineInput, LineKey, edit_line};
use crate::app::keymap::commands::{COMMANDS, PaletteCommand};
use crate::app::keymap::{Action, Context, Keymap};

/// Commands whose name starts with the first word typed.
pub fn palette_matches(text: &str) -> Vec<&'static PaletteCommand> {
    let word = text.split_whitespace().next().unwrap_or("");
    COMMANDS
        .iter()
        .filter(|c| c.name.starts_with(word))
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Palette {
    pub input: LineInput,
    /// The highlighted suggestion.
    pub selected: usize,
}

impl Palette {
    /// The line to run: a bare prefix picks the highlighted suggestion.
    fn line(&self) -> String {
        let typed = self.input.text.trim().to_owned();
        if typed.contains(' ') || COMMANDS.iter().any(|c| c.name == typed) {
            return typed;
        }
        palette_matches(&typed)
            .get(self.selected)
            .map(|c| c.name.to_owned())
            .unwrap_or(typed)
    }
}

impl Component for Palette {
    /// The command line to run (without the `:`).
    type Request = String;

    fn context(&self) -> Context {
        Context::Palette
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<String> {
        match keys.action(Context::Palette, key) {
            Some(Action::Down) => {
                let n = palette_matches(&self.input.text).len();
                if n > 0 {
                    self.selected = (self.selected + 1) % n;
                }
                return Outcome::Changed;
            }
            Some(Action::Up) => {
                self.selected = self.selected.saturating_sub(1);
                return Outcome::Changed;
            }
            _ => {}
        }
        match edit_line(&mut self.input, Context::Palette, key, keys) {
            LineKey::Submit => Outcome::Request(self.line()),
            LineKey::Cancel => Outcome::Close,
            LineKey::Edited => {
                self.selected = 0;
                Outcome::Changed
            }
            LineKey::Moved => Outcome::Changed,
            LineKey::Ignored => Outcome::Ignored,
        }
    }

    fn on_paste(&mut self, text: &str) -> Outcome<String> {
        self.input.insert_str(text);
        self.selected = 0;
        Outcome::Changed
    }
}
