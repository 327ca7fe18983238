//! The instant local filter over loaded rows. Syntax comes from nucleo's pattern language:
//! words are ANDed, plain words match fuzzily, `'word` matches a substring exactly, `!word`
//! keeps rows that do NOT contain it, `^word` / `word$` anchor to the start / end.
//!
//! Speed matters (100k rows per keystroke, one frame): every row keeps a prebuilt haystack
//! plus a folded copy (lower case, accents removed, as nucleo compares), so the common words —
//! lower-case ASCII, fuzzy or exact — are plain byte scans; anything else goes through nucleo.
//! When the new text only extends the old one (and nothing is negated) only the rows that
//! matched before are checked again.

use std::cell::RefCell;

use nucleo_matcher::chars::{normalize, to_lower_case};
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// A row's searchable text, prepared once when the row arrives.
#[derive(Debug, Clone)]
pub struct Haystack {
    text: Box<str>,
    /// Lower case with accents folded (`Zoë` → `zoe`), for the byte-scan fast path.
    folded: Box<str>,
}

impl From<&str> for Haystack {
    fn from(text: &str) -> Self {
        let folded: String = if text.is_ascii() {
            text.to_ascii_lowercase()
        } else {
            text.chars().map(|c| to_lower_case(normalize(c))).collect()
        };
        Haystack {
            text: text.into(),
            folded: folded.into_boxed_str(),
        }
    }
}

/// How one word of the filter is checked.
#[derive(Debug, Clone)]
enum Plan {
    /// Lower-case ASCII fuzzy word: its letters appear in order in the folded text.
    Subsequence(Box<[u8]>),
    /// Lower-case ASCII exact word (`'x`, or `!x` when negated).
    Contains { needle: Box<str>, negative: bool },
    /// Anything else: nucleo itself (capitals, non-ASCII, anchors).
    Nucleo(usize),
}

pub struct Filter {
    text: String,
    pattern: Pattern,
    plans: Vec<Plan>,
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
        let pattern = Pattern::parse(text, CaseMatching::Smart, Normalization::Smart);
        let plans = pattern
            .atoms
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let needle: String = a.needle_text().chars().collect();
                let plain = !needle.is_empty()
                    && needle.is_ascii()
                    && !needle.bytes().any(|b| b.is_ascii_uppercase());
                match a.kind {
                    AtomKind::Fuzzy if plain && !a.negative => {
                        Plan::Subsequence(needle.into_bytes().into_boxed_slice())
                    }
                    AtomKind::Substring if plain => Plan::Contains {
                        needle: needle.into_boxed_str(),
                        negative: a.negative,
                    },
                    _ => Plan::Nucleo(i),
                }
            })
            .collect();
        Filter {
            text: text.to_owned(),
            pattern,
            plans,
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
    pub fn matches_prepared(&self, hay: &Haystack) -> bool {
        self.plans.iter().all(|plan| match plan {
            Plan::Subsequence(needle) => is_subsequence(needle, &hay.folded),
            Plan::Contains { needle, negative } => hay.folded.contains(&**needle) != *negative,
            Plan::Nucleo(i) => {
                let mut matcher = self.matcher.borrow_mut();
                let mut buf = self.buf.borrow_mut();
                self.pattern.atoms[*i]
                    .score(Utf32Str::new(&hay.text, &mut buf), &mut matcher)
                    .is_some()
            }
        })
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

/// True when the (ASCII) bytes of `needle` appear in `hay` in order, gaps allowed. Each step
/// is a `str::find` for one char, which runs as a vectorised memchr.
fn is_subsequence(needle: &[u8], hay: &str) -> bool {
    let mut rest = hay;
    for &b in needle {
        match rest.find(char::from(b)) {
            // An ASCII byte is a whole char, so the next index is a char boundary.
            Some(i) => rest = &rest[i + 1..],
            None => return false,
        }
    }
    true
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
    fn prepared_path_agrees_with_the_plain_one() {
        let rows = [
            "ACTIVE alice.smith@example.com Alice Smith",
            "SUSPENDED bob@example.com Bob 名前",
            "ACTIVE zoë@example.com Zoë O'Brien",
        ];
        for text in [
            "alc", "Alice", "ali smi", "!bob", "'名前", "^ACT", "com$", "zoe", "BOB", "'zoe",
            "!zoë", "'o'b", "xyz", "名",
        ] {
            let f = Filter::new(text);
            for r in rows {
                assert_eq!(
                    f.matches(r),
                    f.matches_prepared(&Haystack::from(r)),
                    "{text:?} on {r:?}"
                );
            }
        }
    }

    #[test]
    fn narrowing_rules() {
        assert!(Filter::new("alic").narrows("ali"));
        assert!(!Filter::new("!alic").narrows("!ali"));
        assert!(!Filter::new("al").narrows("ali"));
    }
}
