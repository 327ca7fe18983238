//! The instant local filter over loaded rows. Syntax comes from nucleo's pattern language:
//! words are ANDed, plain words match fuzzily, `'word` matches a substring exactly, `!word`
//! keeps rows that do NOT contain it, `^word` / `word$` anchor to the start / end.
//!
//! Speed matters (100k rows per keystroke, one frame): every row keeps a prebuilt haystack,
//! and when the new text only extends the old one (and nothing is negated) only the rows that
//! matched before are checked again.

use std::cell::RefCell;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// A haystack converted once (chars, not bytes, for non-ASCII text), so a keystroke over
/// 100k rows does no conversion or grapheme segmentation.
pub use nucleo_matcher::Utf32String as Haystack;

pub struct Filter {
    text: String,
    pattern: Pattern,
    matcher: RefCell<Matcher>,
    buf: RefCell<Vec<char>>,
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Filter").field("text", &self.text).finish()
    }
}

impl Clone for Filter {
    fn clone(&self) -> Self {
        Filter::new(&self.text)
    }
}

impl Filter {
    pub fn new(text: &str) -> Self {
        Filter {
            text: text.to_owned(),
            pattern: Pattern::parse(text, CaseMatching::Smart, Normalization::Smart),
            matcher: RefCell::new(Matcher::new(Config::DEFAULT)),
            buf: RefCell::new(Vec::new()),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the filter keeps every row (empty or only whitespace).
    pub fn is_empty(&self) -> bool {
        self.pattern.atoms.is_empty()
    }

    /// True when the rows matching `self` are a subset of those matching `previous`, so only
    /// those need checking again.
    pub fn narrows(&self, previous: &str) -> bool {
        !previous.contains('!')
            && !self.text.contains('!')
            && !previous.ends_with('\\')
            && self.text.starts_with(previous)
    }

    pub fn matches(&self, haystack: &str) -> bool {
        if self.is_empty() {
            return true;
        }
        let mut matcher = self.matcher.borrow_mut();
        let mut buf = self.buf.borrow_mut();
        self.pattern
            .score(Utf32Str::new(haystack, &mut buf), &mut matcher)
            .is_some()
    }

    /// Like `matches`, over a prepared haystack (the fast path for whole lists).
    pub fn matches_prepared(&self, haystack: &Haystack) -> bool {
        if self.is_empty() {
            return true;
        }
        let mut matcher = self.matcher.borrow_mut();
        self.pattern.score(haystack.slice(..), &mut matcher).is_some()
    }

    /// Character positions in `text` to highlight: where each positive word matches this cell.
    /// Positions are char indices (not bytes), sorted and unique.
    pub fn highlight(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        if self.is_empty() || text.is_empty() {
            return out;
        }
        let mut matcher = self.matcher.borrow_mut();
        let mut buf = self.buf.borrow_mut();
        for atom in &self.pattern.atoms {
            if atom.negative {
                continue;
            }
            let _ = atom.indices(Utf32Str::new(text, &mut buf), &mut matcher, &mut out);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_inverse_exact() {
        let f = Filter::new("alc");
        assert!(f.matches("alice@example.com"));
        assert!(!f.matches("bob@xyz.org"));
        let inv = Filter::new("!alice");
        assert!(!inv.matches("alice@example.com"));
        assert!(inv.matches("bob@example.com"));
        let exact = Filter::new("'lic");
        assert!(exact.matches("alice"));
        assert!(!exact.matches("l-i-c"));
        let fuzzy = Filter::new("lic");
        assert!(fuzzy.matches("l-i-c"));
    }

    #[test]
    fn words_are_anded() {
        let f = Filter::new("ali smi");
        assert!(f.matches("alice smith"));
        assert!(!f.matches("alice jones"));
    }

    #[test]
    fn highlight_positions_are_chars() {
        let f = Filter::new("'名前");
        assert_eq!(f.highlight("x名前y"), vec![1, 2]);
        assert!(Filter::new("!x").highlight("x").is_empty());
    }

    #[test]
    fn narrowing_rules() {
        assert!(Filter::new("alic").narrows("ali"));
        assert!(!Filter::new("!alic").narrows("!ali"));
        assert!(!Filter::new("al").narrows("ali"));
    }
}
