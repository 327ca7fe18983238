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
            Some(Action::Choose) => Outcome::Request(choices.get(self.selected).cloned().flatten()),
            Some(Action::Close) => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
}
