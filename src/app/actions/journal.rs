//! `:journal`: the last writes from the console and the CLI, newest last, scrolled back in
//! time with the movement keys; any other key closes.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::ids::ReqId;
use crate::app::keymap::{Action, Context, Keymap};
use crate::journal::JournalEntry;

/// Lines a page key scrolls.
const PAGE: usize = 10;

#[derive(Debug, Clone, PartialEq)]
pub struct JournalView {
    pub req: ReqId,
    /// None while the journal is being read.
    pub entries: Option<Vec<JournalEntry>>,
    /// Lines scrolled back from the newest.
    pub scroll: usize,
}

impl JournalView {
    pub fn new(req: ReqId) -> Self {
        JournalView {
            req,
            entries: None,
            scroll: 0,
        }
    }
}

impl Component for JournalView {
    type Request = ();

    fn context(&self) -> Context {
        Context::Journal
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<()> {
        match keys.action(self.context(), key) {
            Some(Action::Down) => self.scroll += 1,
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll += PAGE,
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(PAGE),
            _ => return Outcome::Close,
        }
        Outcome::Changed
    }
}
