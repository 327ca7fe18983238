//! The instant local filter over loaded rows. Syntax comes from nucleo's pattern language:
//! words are ANDed, plain words match fuzzily, `'word` matches a substring exactly, `!word`
//! keeps rows that do NOT contain it, `^word` / `word$` anchor to the start / end.
//!
//! Speed matters (100k rows per keystroke, one frame): every row keeps a prebuilt haystack
//! plus a folded copy (lower case, accents removed, as nucleo compares), so the common words —
//! lower-case ASCII, fuzzy or exact — are plain byte scans; anything else goes through nucleo.
//! When the new text only extends the old one (and nothing is negated) only the rows that
//! matched before are checked again.
//!
//! A row is several fields (login, email, names, status) joined by [`FIELD_SEP`]; a word must
//! match inside ONE field, never across them, and a fuzzy word only counts when its letters sit
//! close together ([`tight_in_field`]): otherwise a short word matches most rows of a big org.

use std::cell::RefCell;

use memchr::memmem;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Separates the fields of one row's haystack; no word can match across it.
pub const FIELD_SEP: char = '\u{1f}';

/// Longest run of skipped chars between two matched ones, unless the next one starts a word.
const MAX_GAP: u32 = 2;

mod haystack;
mod runs;
pub use haystack::{HaystackRef, Haystacks, RowText, RowTexts, join_fields};
use haystack::{Mask, TextAt, byte_mask, fold};
#[cfg(test)]
use runs::{PARALLEL_FROM, best_in_run, keep_run};
pub use runs::{best_ranked, keep_matching};

/// How one word of the filter is checked.
#[derive(Debug, Clone)]
enum Plan {
    /// Lower-case ASCII fuzzy word: its letters appear in order in the folded text. The
    /// finder spots the common case (the word typed as it is) with one SIMD scan.
    Subsequence {
        needle: Box<[u8]>,
        finder: memmem::Finder<'static>,
        /// The needle's distinct bytes, sorted: the only ones a match check looks at.
        distinct: Box<[u8]>,
        /// `byte_mask` of the needle.
        mask: Mask,
    },
    /// Lower-case ASCII exact word (`'x`, or `!x` when negated).
    Contains {
        finder: memmem::Finder<'static>,
        negative: bool,
        /// `byte_mask` of the needle.
        mask: Mask,
    },
    /// The needle's bytes in order inside one field, however far apart: what any fuzzy
    /// match of the word, in any case, needs of the folded text.
    InOrder { needle: Box<[u8]>, mask: Mask },
    /// Anything else: nucleo itself (non-ASCII, anchors) on the row's text. For an ASCII
    /// word, `pre` first checks the same word on the folded text (which any match of it must
    /// also pass), so only the rows that could match are read again.
    Nucleo {
        atom: usize,
        pre: Option<Box<Plan>>,
        negative: bool,
    },
}

impl Plan {
    fn subsequence(needle: &[u8]) -> Plan {
        let mut distinct = needle.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        Plan::Subsequence {
            finder: memmem::Finder::new(needle).into_owned(),
            mask: byte_mask(needle),
            needle: needle.into(),
            distinct: distinct.into_boxed_slice(),
        }
    }

    fn contains(needle: &[u8], negative: bool) -> Plan {
        Plan::Contains {
            finder: memmem::Finder::new(needle).into_owned(),
            negative,
            mask: byte_mask(needle),
        }
    }
}

pub struct Filter {
    text: String,
    pattern: Pattern,
    plans: Vec<Plan>,
    /// The one positive word, folded, when the filter is a single word: what [`Filter::rank`]
    /// compares fields with.
    word: Option<Box<[u8]>>,
    /// `byte_mask` of `word`: a field without all of its bytes neither is nor starts with it.
    word_mask: Mask,
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
        // Case never matters: an admin typing `Alan` looks for alan.turing@ as well (Okta's own
        // search ignores case too), and every word stays on the byte scans.
        let pattern = Pattern::parse(text, CaseMatching::Ignore, Normalization::Smart);
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
                    AtomKind::Fuzzy if plain && !a.negative => Plan::subsequence(needle.as_bytes()),
                    AtomKind::Substring if plain => Plan::contains(needle.as_bytes(), a.negative),
                    _ => {
                        let lower = needle.to_ascii_lowercase();
                        let pre = (!needle.is_empty() && needle.is_ascii()).then(|| {
                            Box::new(match a.kind {
                                AtomKind::Fuzzy if !a.negative => Plan::InOrder {
                                    mask: byte_mask(lower.as_bytes()),
                                    needle: lower.as_bytes().into(),
                                },
                                // Anchored or exact: the word itself is in the field.
                                _ => Plan::contains(lower.as_bytes(), false),
                            })
                        });
                        Plan::Nucleo {
                            atom: i,
                            pre,
                            negative: a.negative,
                        }
                    }
                }
            })
            .collect();
        let word = match pattern.atoms.as_slice() {
            [a] if !a.negative => {
                let mut folded = String::new();
                fold(&a.needle_text().to_string(), &mut folded);
                (!folded.is_empty()).then(|| folded.into_bytes().into_boxed_slice())
            }
            _ => None,
        };
        let word_mask = word.as_deref().map_or(0, byte_mask);
        Filter {
            text: text.to_owned(),
            pattern,
            plans,
            word,
            word_mask,
            matcher: RefCell::new(Matcher::new(Config::DEFAULT)),
            buf: RefCell::new(Vec::new()),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The same filter with nucleo asked about every row: what the byte checks before it
    /// must agree with.
    #[cfg(test)]
    fn without_pre_checks(mut self) -> Self {
        for plan in &mut self.plans {
            if let Plan::Nucleo { pre, .. } = plan {
                *pre = None;
            }
        }
        self
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
        let mut folded = String::with_capacity(haystack.len());
        fold(haystack, &mut folded);
        self.matches_prepared(HaystackRef {
            folded: folded.as_bytes(),
            mask: byte_mask(folded.as_bytes()),
            fields: None,
            text: TextAt::Ready(haystack),
        })
    }

    /// Like `matches`, over a prepared haystack (the fast path for whole lists).
    pub fn matches_prepared(&self, hay: HaystackRef<'_>) -> bool {
        self.plans.iter().all(|plan| self.plan_matches(plan, hay))
    }

    fn plan_matches(&self, plan: &Plan, hay: HaystackRef<'_>) -> bool {
        match plan {
            // The quick whole-row scan rejects most rows before the per-field check.
            // A plain substring is the tightest match (and cannot cross a separator).
            Plan::Subsequence {
                needle,
                finder,
                distinct,
                mask,
            } => {
                if hay.mask & mask != *mask {
                    return false;
                }
                let folded = hay.folded;
                if needle.len() == 1 {
                    // A letter has a mask bit of its own: the row holds it.
                    return needle[0].is_ascii_lowercase()
                        || memchr::memchr(needle[0], folded).is_some();
                }
                // A word typed as it is matches at once. Two letters are left to the field
                // check, which finds them side by side as quickly as a search of the row.
                if needle.len() > 2 && finder.find(folded).is_some() {
                    return true;
                }
                match hay.fields {
                    // Only fields holding every byte of the word are read at all.
                    Some((masks, ends)) => fields_holding(masks, ends, *mask).any(|(_, field)| {
                        let field = &folded[field];
                        in_order(needle, field) && tight_in_field(needle, distinct, field)
                    }),
                    None => tight_in_row(needle, distinct, folded),
                }
            }
            // The needle holds no separator, so a plain scan cannot cross fields.
            Plan::Contains {
                finder,
                negative,
                mask,
            } => {
                let found = hay.mask & mask == *mask && finder.find(hay.folded).is_some();
                found != *negative
            }
            Plan::InOrder { needle, mask } => {
                hay.mask & mask == *mask
                    && match hay.fields {
                        Some((masks, ends)) => fields_holding(masks, ends, *mask)
                            .any(|(_, field)| in_order(needle, &hay.folded[field])),
                        None => hay
                            .folded
                            .split(|&b| b == FIELD_SEP as u8)
                            .any(|field| in_order(needle, field)),
                    }
            }
            Plan::Nucleo {
                atom,
                pre,
                negative,
            } => {
                // A negated word keeps every row the lower-cased word is not in.
                if pre.as_ref().is_some_and(|pre| !self.plan_matches(pre, hay)) {
                    return *negative;
                }
                self.nucleo_matches(*atom, &hay.text())
            }
        }
    }

    /// How well a kept row matches a one-word filter: 0 when a field is the word itself
    /// (a pasted login), 1 when a field starts with it; None otherwise, or when the filter
    /// is not one word. The list focuses the best row by this, without reordering the rows.
    pub fn rank(&self, hay: HaystackRef<'_>) -> Option<u8> {
        let word = self.word.as_deref()?;
        let first = *word.first()?;
        let folded = hay.folded;
        if let Some((masks, ends)) = hay.fields {
            // Each field's mask settles most fields without reading them.
            let mut best = None;
            for (_, field) in fields_holding(masks, ends, self.word_mask) {
                let text = &folded[field];
                if text.len() == word.len() && text == word {
                    return Some(0);
                }
                if best.is_none() && text.len() > word.len() && text.starts_with(word) {
                    best = Some(1);
                }
            }
            return best;
        }
        // Only field starts are compared, found from the kept field ends (or by memchr for a
        // row too long to have them): a one-letter filter ranks 100k rows on every keystroke.
        let mut best = None;
        let mut rank_at = |start: usize| -> bool {
            let rest = &folded[start..];
            if rest.first() != Some(&first) || !rest.starts_with(word) {
                return false;
            }
            let after = start + word.len();
            if after == folded.len() || folded[after] == FIELD_SEP as u8 {
                return true;
            }
            best = Some(1);
            false
        };
        let mut ends = hay.fields.map(|(_, ends)| ends.iter());
        let mut start = 0;
        loop {
            if rank_at(start) {
                return Some(0);
            }
            let next = match &mut ends {
                Some(it) => it.next().map(|&e| usize::from(e) + 1),
                None => memchr::memchr(FIELD_SEP as u8, &folded[start..]).map(|p| start + p + 1),
            };
            match next.filter(|&n| n <= folded.len()) {
                Some(n) => start = n,
                None => return best,
            }
        }
    }

    /// Whether a field of the row is the word itself (`rank` 0). Once a row starting with
    /// the word is found, only this is left to look for in the rows after it, and a field of
    /// another length (or without the word's bytes) is passed over without reading its text:
    /// a one-letter filter over 100k rows reads almost nothing.
    pub fn is_exact(&self, hay: HaystackRef<'_>) -> bool {
        let Some(word) = self.word.as_deref() else {
            return false;
        };
        match hay.fields {
            // A field that is the word holds exactly the word's bytes: most rows have no
            // such field, which one pass over their few masks says.
            Some((masks, _)) if !masks.contains(&self.word_mask) => false,
            Some((masks, ends)) => fields_holding(masks, ends, self.word_mask).any(|(m, field)| {
                m == self.word_mask
                    && field.len() == word.len()
                    && hay.folded.get(field) == Some(word)
            }),
            None => self.rank(hay) == Some(0),
        }
    }

    /// One nucleo word against a row: a positive word must match inside one field (tightly,
    /// when fuzzy); a negated one keeps the row only if no field contains it.
    fn nucleo_matches(&self, i: usize, text: &str) -> bool {
        let atom = &self.pattern.atoms[i];
        let mut matcher = self.matcher.borrow_mut();
        let mut buf = self.buf.borrow_mut();
        let mut indices = Vec::new();
        let mut fields = text.split(FIELD_SEP);
        if atom.negative {
            return fields.all(|f| {
                atom.score(Utf32Str::new(f, &mut buf), &mut matcher)
                    .is_some()
            });
        }
        fields.any(|f| {
            if atom.kind != AtomKind::Fuzzy {
                return atom
                    .score(Utf32Str::new(f, &mut buf), &mut matcher)
                    .is_some();
            }
            indices.clear();
            let hay = Utf32Str::new(f, &mut buf);
            atom.indices(hay, &mut matcher, &mut indices).is_some() && {
                let chars: Vec<char> = f.chars().collect();
                tight_indices(&indices, |p| is_word_start(&chars, p as usize))
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
        let chars: Vec<char> = text.chars().collect();
        let mut found = Vec::new();
        for atom in &self.pattern.atoms {
            if atom.negative {
                continue;
            }
            found.clear();
            let _ = atom.indices(Utf32Str::new(text, &mut buf), &mut matcher, &mut found);
            found.sort_unstable();
            // A scattered fuzzy hit is not a match (see `tight_in_field`): nothing to mark.
            if atom.kind == AtomKind::Fuzzy
                && !tight_indices(&found, |p| is_word_start(&chars, p as usize))
            {
                continue;
            }
            out.extend_from_slice(&found);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The fields of a prepared row (their masks and ranges in the folded text, from the row's
/// field masks and ends) whose mask holds every class of `mask`: the only ones a word with
/// those bytes can match or be.
fn fields_holding<'h>(
    masks: &'h [Mask],
    ends: &'h [u16],
    mask: Mask,
) -> impl Iterator<Item = (Mask, std::ops::Range<usize>)> + 'h {
    let mut start = 0;
    masks.iter().zip(ends).filter_map(move |(&m, &end)| {
        let field = start..usize::from(end);
        start = usize::from(end) + 1;
        (m & mask == mask).then_some((m, field))
    })
}

/// True when `needle`'s bytes appear in `field` in order, one memchr jump each: most fields
/// holding every byte of a word do not hold them in order, and this settles them before the
/// closer look of `tight_in_field`.
fn in_order(needle: &[u8], field: &[u8]) -> bool {
    let mut rest = field;
    needle.iter().all(|&b| match memchr::memchr(b, rest) {
        Some(at) => {
            rest = &rest[at + 1..];
            true
        }
        None => false,
    })
}

/// True when `needle` matches tightly (see [`tight_in_field`]) inside one field of `row`.
///
/// One pass looks for a field holding the needle's letters in order, jumping with memchr2
/// straight to the next letter wanted or the next field separator (a row is mostly bytes
/// that are neither); only such a field gets the full check.
fn tight_in_row(needle: &[u8], distinct: &[u8], row: &[u8]) -> bool {
    let sep = FIELD_SEP as u8;
    let mut field_start = 0;
    let mut found = 0;
    let mut p = 0;
    while p < row.len() {
        let Some(off) = memchr::memchr2(needle[found], sep, &row[p..]) else {
            return false;
        };
        let at = p + off;
        p = at + 1;
        if row[at] == sep {
            field_start = p;
            found = 0;
            continue;
        }
        found += 1;
        if found == needle.len() {
            let end = memchr::memchr(sep, &row[at..]).map_or(row.len(), |e| at + e);
            if tight_in_field(needle, distinct, &row[field_start..end]) {
                return true;
            }
            field_start = end + 1;
            found = 0;
            p = end + 1;
        }
    }
    false
}

/// True when `needle` matches inside `field` with its letters close together: each jump
/// over skipped chars is at most [`MAX_GAP`] long, or lands on the start of a word
/// (`a.smith` for `asm`). A jump is judged on its own, so a longer word never matches a row
/// its prefix does not (the narrowing in `List` relies on that).
///
/// The caller has seen the needle's letters in order in `field`. One pass: for every prefix of the needle it keeps where that prefix last
/// ended. The latest end is the closest one, so it alone decides the gap rule; any end at
/// all allows a jump to a word start.
fn tight_in_field(needle: &[u8], distinct: &[u8], field: &[u8]) -> bool {
    const MAX_NEEDLE: usize = 32;
    let k = needle.len();
    if k <= 1 {
        return true;
    }
    if k > MAX_NEEDLE {
        // A word this long only ever matches as typed; the fixed table below stays small.
        return memmem::find(field, needle).is_some();
    }
    let mut last_end = [usize::MAX; MAX_NEEDLE];
    let mut step = |p: usize, c: u8| {
        let word_start = p == 0 || !field[p - 1].is_ascii_alphanumeric();
        // From the longest prefix down, so this byte extends only ends from earlier bytes.
        for j in (0..k).rev() {
            if needle[j] != c {
                continue;
            }
            let ends = j == 0 || {
                let prev = last_end[j - 1];
                prev != usize::MAX && (p - prev - 1 <= MAX_GAP as usize || word_start)
            };
            if ends {
                if j == k - 1 {
                    return true;
                }
                last_end[j] = p;
            }
        }
        false
    };
    // Only bytes of the needle matter: with three distinct ones or fewer (the short words
    // typed first, which match the most rows) memchr jumps straight to them.
    match *distinct {
        [a] => memchr::memchr_iter(a, field).any(|p| step(p, field[p])),
        [a, b] => memchr::memchr2_iter(a, b, field).any(|p| step(p, field[p])),
        [a, b, c] => memchr::memchr3_iter(a, b, c, field).any(|p| step(p, field[p])),
        _ => field.iter().enumerate().any(|(p, &c)| step(p, c)),
    }
}

/// The rule of `tight_in_field` over sorted char positions of one alignment.
fn tight_indices(indices: &[u32], word_start: impl Fn(u32) -> bool) -> bool {
    indices
        .windows(2)
        .all(|w| w[1] - w[0] - 1 <= MAX_GAP || word_start(w[1]))
}

fn is_word_start(chars: &[char], p: usize) -> bool {
    p == 0 || chars.get(p - 1).is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
