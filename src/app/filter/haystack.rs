//! Every loaded row's searchable text, prepared once when the row arrives: the text, a
//! folded copy (lower case, accents removed, as nucleo compares), and masks of the bytes each
//! row and each field holds, so that a keystroke over 100k rows is a few byte scans.

use nucleo_matcher::chars::{normalize, to_lower_case};

use super::FIELD_SEP;

/// Joins a row's fields into one haystack for [`Haystacks::push`] / [`Filter::matches`].
pub fn join_fields<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(FIELD_SEP);
        }
        // A separator inside a value would split it; a control char has no place in a search.
        out.extend(f.chars().map(|c| if c == FIELD_SEP { ' ' } else { c }));
    }
    out
}

/// Lower case with accents folded (`Zoë` → `zoe`), as nucleo compares: the byte-scan form.
pub(super) fn fold(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(text.chars().map(|c| to_lower_case(normalize(c))));
    }
}

/// Gives row `i`'s searchable text again (the list's rows build it) for the rare word that
/// needs it: only the folded copy is kept, so a big org's text is not held twice.
pub trait RowTexts: Sync {
    fn row_text(&self, i: usize) -> String;
}

pub type RowText<'a> = &'a dyn RowTexts;

impl std::fmt::Debug for dyn RowTexts + '_ {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RowTexts")
    }
}

/// One row's folded text, and its searchable text when a word needs it (only nucleo's
/// words do: capitals, accents, anchors). The byte scans never touch that text.
#[derive(Debug, Clone, Copy)]
pub struct HaystackRef<'a> {
    pub(super) folded: &'a [u8],
    /// Which bytes occur in `folded` (see `byte_mask`).
    pub(super) mask: Mask,
    /// Each field's `byte_mask` and end (offset in `folded`), when prepared.
    pub(super) fields: Option<(&'a [Mask], &'a [u16])>,
    pub(super) text: TextAt<'a>,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum TextAt<'a> {
    Ready(&'a str),
    Row(RowText<'a>, usize),
}

impl<'a> HaystackRef<'a> {
    pub(super) fn text(&self) -> std::borrow::Cow<'a, str> {
        match self.text {
            TextAt::Ready(text) => text.into(),
            TextAt::Row(text, i) => text.row_text(i).into(),
        }
    }
}

/// Which byte classes a text holds (see `byte_mask`).
pub(super) type Mask = u32;

/// One bit per byte class: each of `a`–`z`, the digits in pairs, and one for every other
/// byte. A word whose bytes are not all in a row's mask cannot match it: for most rows that
/// settles a keystroke in one AND, without reading the row. 32 bits, not 64, because a
/// million rows keep seven of these each; `.` and `@` get no bit of their own since nearly
/// every login holds both.
pub(super) fn byte_mask(bytes: &[u8]) -> Mask {
    bytes.iter().fold(0, |m, &b| m | byte_bit(b))
}

fn byte_bit(b: u8) -> Mask {
    let i = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + (b - b'0') / 2,
        _ => 31,
    };
    1 << i
}

/// Where row `i` sits in a buffer whose row ends are `ends`.
fn span(ends: &[u32], i: usize) -> std::ops::Range<usize> {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    start..ends[i] as usize
}

/// The folded searchable text of every row, prepared once when the row arrives, in one
/// contiguous buffer: a keystroke over 100k rows then reads memory in order instead of
/// chasing 100k pointers (which cost more than the matching itself).
#[derive(Debug, Default)]
pub struct Haystacks {
    folded: String,
    folded_ends: Vec<u32>,
    /// `byte_mask` of each row's folded text.
    masks: Vec<Mask>,
    /// `byte_mask` of each field of each row, and where in the row that field ends; rows
    /// end at `fields_ends[i]` in both. A row too long for u16 offsets has none (it is
    /// scanned whole instead).
    field_masks: Vec<Mask>,
    field_ends: Vec<u16>,
    fields_ends: Vec<u32>,
    /// Rows replaced after arriving (a fresh GET): rare, so kept aside.
    replaced: std::collections::HashMap<u32, (Box<str>, Box<str>, Mask)>,
}

impl Haystacks {
    pub fn clear(&mut self) {
        *self = Haystacks::default();
    }

    /// Room for `rows` rows in all, asked once when the count is known (an index opening):
    /// growing a million rows' buffers by doubling leaves freed copies behind.
    pub fn reserve(&mut self, rows: usize) {
        let more = rows.saturating_sub(self.folded_ends.len());
        self.folded_ends.reserve_exact(more);
        self.masks.reserve_exact(more);
        self.fields_ends.reserve_exact(more);
    }

    pub fn push(&mut self, text: &str) {
        let start = self.folded.len();
        fold(text, &mut self.folded);
        let row = &self.folded.as_bytes()[start..];
        self.masks.push(byte_mask(row));
        if row.len() <= usize::from(u16::MAX) {
            let mut from = 0;
            for field in row.split(|&b| b == FIELD_SEP as u8) {
                self.field_masks.push(byte_mask(field));
                from += field.len();
                self.field_ends.push(from as u16);
                from += 1;
            }
        }
        self.fields_ends.push(self.field_masks.len() as u32);
        self.folded_ends.push(self.folded.len() as u32);
    }

    pub fn replace(&mut self, i: usize, text: &str) {
        let mut folded = String::new();
        fold(text, &mut folded);
        let mask = byte_mask(folded.as_bytes());
        self.replaced
            .insert(i as u32, (text.into(), folded.into_boxed_str(), mask));
    }

    /// Row `i`'s prepared text; `text` gives its searchable text when a word needs it.
    #[inline]
    pub fn get<'a>(&'a self, i: usize, text: RowText<'a>) -> HaystackRef<'a> {
        if !self.replaced.is_empty()
            && let Some((text, folded, mask)) = self.replaced.get(&(i as u32))
        {
            return HaystackRef {
                folded: folded.as_bytes(),
                mask: *mask,
                fields: None,
                text: TextAt::Ready(text),
            };
        }
        let fields = span(&self.fields_ends, i);
        HaystackRef {
            folded: &self.folded.as_bytes()[span(&self.folded_ends, i)],
            mask: self.masks[i],
            fields: (!fields.is_empty())
                .then(|| (&self.field_masks[fields.clone()], &self.field_ends[fields])),
            text: TextAt::Row(text, i),
        }
    }
}
