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

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn press(p: &mut Palette, code: KeyCode) -> Outcome<String> {
        p.on_key(&KeyEvent::new(code, KeyModifiers::NONE), &Keymap::default())
    }

    #[test]
    fn a_bare_prefix_runs_the_highlighted_command_and_arguments_run_as_typed() {
        let mut p = Palette::default();
        for c in "gr".chars() {
            assert_eq!(press(&mut p, KeyCode::Char(c)), Outcome::Changed);
        }
        assert_eq!(
            press(&mut p, KeyCode::Enter),
            Outcome::Request("groups".into())
        );

        let mut p = Palette::default();
        press(&mut p, KeyCode::Char('s'));
        // "search" is the only match: Tab stays on it.
        assert_eq!(press(&mut p, KeyCode::Tab), Outcome::Changed);
        assert_eq!(p.selected, 0);
        for c in "earch x".chars() {
            press(&mut p, KeyCode::Char(c));
        }
        assert_eq!(
            press(&mut p, KeyCode::Enter),
            Outcome::Request("search x".into())
        );
    }

    #[test]
    fn typing_starts_the_suggestions_over_and_esc_closes() {
        let mut p = Palette::default();
        press(&mut p, KeyCode::Down);
        press(&mut p, KeyCode::Down);
        assert_eq!(p.selected, 2);
        press(&mut p, KeyCode::Char('t'));
        assert_eq!(p.selected, 0);
        assert_eq!(press(&mut p, KeyCode::Esc), Outcome::Close);
    }
}
