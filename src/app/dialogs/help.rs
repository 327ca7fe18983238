//! The help page: the keys of the current screen (from the key table), the filter syntax and
//! the palette commands. Scrolls; only its close keys close it, so a stray key does not lose
//! the place.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::keymap::{Action, Context, Keymap};

/// Filter syntax rows shown in help: (syntax, meaning).
pub const FILTER_HELP: &[(&str, &str)] = &[
    ("  text", "fuzzy match inside one field; words are ANDed"),
    ("  'text", "exact substring"),
    ("  !text", "rows that do NOT contain text"),
    ("  ^text  text$", "starts with / ends with"),
];

/// How far PgUp/PgDn move the help page.
const PAGE: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpDialog {
    pub scroll: usize,
    /// The last scroll position that still fills the page; the reducer keeps it current (it
    /// depends on the screen's keys and the terminal height, which the dialog cannot see).
    pub max: usize,
}

impl Component for HelpDialog {
    type Request = ();

    fn context(&self) -> Context {
        Context::Help
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<()> {
        let scroll = match keys.action(Context::Help, key) {
            Some(Action::Down) => self.scroll + 1,
            Some(Action::Up) => self.scroll.saturating_sub(1),
            Some(Action::PageDown) => self.scroll + PAGE,
            Some(Action::PageUp) => self.scroll.saturating_sub(PAGE),
            Some(Action::Top) => 0,
            Some(Action::Bottom) => self.max,
            Some(Action::Close) => return Outcome::Close,
            _ => return Outcome::Ignored,
        };
        self.scroll = scroll.min(self.max);
        Outcome::Changed
    }
}
