//! The offer, at start, to continue a playbook run the journal shows unfinished (a write sent
//! without a recorded answer): continuing plans it afresh and skips every step the journal
//! records as applied, so nothing that succeeded is sent twice.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::keymap::{Action, Context, Keymap};
use crate::playbook::Playbook;
use crate::playbook::run::RunRecord;

#[derive(Debug, Clone, PartialEq)]
pub struct ResumeOffer {
    pub record: RunRecord,
    /// The run's playbook, or why it cannot be found (renamed or removed from the config).
    pub playbook: Result<Playbook, String>,
}

impl Component for ResumeOffer {
    type Request = ();

    fn context(&self) -> Context {
        Context::ResumeOffer
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<()> {
        match keys.action(self.context(), key) {
            Some(Action::Confirm) if self.playbook.is_ok() => Outcome::Request(()),
            Some(Action::Close) => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
}
