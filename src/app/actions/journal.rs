//! `:journal`: the last writes from the console and the CLI, newest last. The view opens on
//! the newest; the movement keys go down to newer and up to older writes, and stop at either
//! end. Any other key closes.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::ids::ReqId;
use crate::app::keymap::{Action, Context, Keymap};
use crate::journal::JournalEntry;

/// Entries a page key scrolls.
const PAGE: usize = 5;
/// Screen lines per entry: what ran and how it went, then the details.
pub const LINES_PER_ENTRY: usize = 2;
/// Widest the journal box gets.
pub const BOX_WIDTH: u16 = 118;

#[derive(Debug, Clone, PartialEq)]
pub struct JournalView {
    pub req: ReqId,
    /// None while the journal is being read.
    pub entries: Option<Vec<JournalEntry>>,
    /// Entries scrolled back from the newest.
    pub scroll: usize,
    /// Entries that fit on screen, from the screen size (see `fit_screen`).
    pub visible: usize,
}

impl JournalView {
    pub fn new(req: ReqId) -> Self {
        JournalView {
            req,
            entries: None,
            scroll: 0,
            visible: 1,
        }
    }

    /// Keys and answers arrive with the screen size: entries that fit in the box on a
    /// `height`-line screen (the box leaves three lines of chrome and has two borders).
    pub fn fit_screen(&mut self, height: u16) {
        let inner = (height.saturating_sub(3).max(1) as usize).saturating_sub(2);
        self.visible = (inner / LINES_PER_ENTRY).max(1);
        self.scroll = self.scroll.min(self.max_scroll(self.visible));
    }

    /// Furthest back the view goes: the oldest entry at the top of the box.
    fn max_scroll(&self, visible: usize) -> usize {
        let n = self.entries.as_ref().map_or(0, Vec::len);
        n.saturating_sub(visible)
    }

    /// The entries on screen when `visible` fit, oldest first.
    pub fn shown(&self, visible: usize) -> &[JournalEntry] {
        let Some(e) = &self.entries else { return &[] };
        let end = e
            .len()
            .saturating_sub(self.scroll.min(self.max_scroll(visible)));
        let start = end.saturating_sub(visible);
        &e[start..end]
    }

    fn back(&mut self, n: usize) {
        self.scroll = (self.scroll + n).min(self.max_scroll(self.visible));
    }

    fn forward(&mut self, n: usize) {
        self.scroll = self.scroll.saturating_sub(n);
    }
}

impl Component for JournalView {
    type Request = ();

    fn context(&self) -> Context {
        Context::Journal
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<()> {
        // Newest last, so down is newer, as in any list read top to bottom.
        match keys.action(self.context(), key) {
            Some(Action::Down) => self.forward(1),
            Some(Action::Up) => self.back(1),
            Some(Action::PageDown) => self.forward(PAGE),
            Some(Action::PageUp) => self.back(PAGE),
            _ => return Outcome::Close,
        }
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::test_support::key_event;
    use crate::journal::Source;
    use crossterm::event::KeyCode;

    fn view(n: usize, height: u16) -> JournalView {
        let mut j = JournalView::new(ReqId(1));
        j.entries = Some(
            (0..n)
                .map(|i| JournalEntry::new(Source::Console, "acme", &format!("act{i}")))
                .collect(),
        );
        j.fit_screen(height);
        j
    }

    fn actions(j: &JournalView) -> Vec<String> {
        j.shown(j.visible)
            .iter()
            .map(|e| e.action.clone())
            .collect()
    }

    #[test]
    fn opens_on_the_newest_and_down_goes_to_newer() {
        let keys = Keymap::default();
        // Height 11: 6 inner lines, 3 entries.
        let mut j = view(10, 11);
        assert_eq!(actions(&j), ["act7", "act8", "act9"]);
        j.on_key(&key_event(KeyCode::Char('k')), &keys);
        assert_eq!(actions(&j), ["act6", "act7", "act8"]);
        j.on_key(&key_event(KeyCode::Char('j')), &keys);
        assert_eq!(actions(&j), ["act7", "act8", "act9"]);
        // Already at the newest: down stays.
        j.on_key(&key_event(KeyCode::Char('j')), &keys);
        assert_eq!(actions(&j), ["act7", "act8", "act9"]);
    }

    #[test]
    fn scrolling_back_stops_at_the_oldest_and_one_key_comes_back() {
        let keys = Keymap::default();
        let mut j = view(10, 11);
        for _ in 0..50 {
            j.on_key(&key_event(KeyCode::Char('k')), &keys);
        }
        assert_eq!(actions(&j), ["act0", "act1", "act2"]);
        j.on_key(&key_event(KeyCode::Char('j')), &keys);
        assert_eq!(actions(&j), ["act1", "act2", "act3"]);
    }
}
