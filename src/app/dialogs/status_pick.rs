//! The users' status quick-filter: one status, or all.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::keymap::{Action, Context, Keymap};
use crate::okta::UserStatus;

/// Choices of the status quick-filter: None = every status.
pub fn status_choices() -> Vec<Option<UserStatus>> {
    std::iter::once(None)
        .chain(UserStatus::ALL.iter().cloned().map(Some))
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusPick {
    pub selected: usize,
}

impl Component for StatusPick {
    /// The status picked (None: every status).
    type Request = Option<UserStatus>;

    fn context(&self) -> Context {
        Context::StatusPick
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<Self::Request> {
        let choices = status_choices();
        match keys.action(Context::StatusPick, key) {
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(choices.len() - 1);
                Outcome::Changed
            }
            Some(Action::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::Changed
            }
            // As in every other list: g and G go to the ends.
            Some(Action::Top) => {
                self.selected = 0;
                Outcome::Changed
            }
            Some(Action::Bottom) => {
                self.selected = choices.len() - 1;
                Outcome::Changed
            }
            Some(Action::Choose) => Outcome::Request(choices.get(self.selected).cloned().flatten()),
            Some(Action::Close) => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn press(p: &mut StatusPick, code: KeyCode) -> Outcome<Option<UserStatus>> {
        p.on_key(&KeyEvent::new(code, KeyModifiers::NONE), &Keymap::default())
    }

    #[test]
    fn moves_within_the_choices_and_enter_picks_one() {
        let mut p = StatusPick::default();
        assert_eq!(press(&mut p, KeyCode::Up), Outcome::Changed);
        assert_eq!(p.selected, 0);
        assert_eq!(press(&mut p, KeyCode::Enter), Outcome::Request(None));
        for _ in 0..50 {
            press(&mut p, KeyCode::Char('j'));
        }
        assert_eq!(p.selected, status_choices().len() - 1);
        let last = status_choices().pop().flatten();
        assert_eq!(press(&mut p, KeyCode::Enter), Outcome::Request(last));
        assert_eq!(press(&mut p, KeyCode::Char('x')), Outcome::Ignored);
        assert_eq!(press(&mut p, KeyCode::Char('q')), Outcome::Close);
    }

    #[test]
    fn g_and_shift_g_go_to_the_first_and_last_choice() {
        let mut p = StatusPick::default();
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(p.on_key(&shifted, &Keymap::default()), Outcome::Changed);
        assert_eq!(p.selected, status_choices().len() - 1);
        assert_eq!(press(&mut p, KeyCode::Char('g')), Outcome::Changed);
        assert_eq!(p.selected, 0);
    }
}
