//! Fitting text into cells by display width (wide CJK characters take two columns), so
//! columns stay aligned whatever the data holds. Every function here shows text as
//! `okta::sanitize::visible` does: invisible characters and those terminals disagree on
//! appear as `<U+200B>`, so a login holding one never looks like another login, and the
//! widths counted here are the widths the terminal draws.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

use crate::okta::sanitize::{Shown, marker, needs_showing, shown_chars};

/// One character of a value as drawn: itself, or its visible code.
enum Piece {
    Char(char),
    Code(String),
}

impl Piece {
    fn width(&self) -> usize {
        match self {
            Piece::Char(c) => c.width().unwrap_or(0),
            Piece::Code(code) => code.len(),
        }
    }

    fn push_to(&self, out: &mut String) {
        match self {
            Piece::Char(c) => out.push(*c),
            Piece::Code(code) => out.push_str(code),
        }
    }
}

/// The pieces `s` is drawn as, one per character of `s`.
fn pieces(s: &str) -> impl Iterator<Item = Piece> + '_ {
    let plain = !needs_showing(s);
    let mut shown = shown_chars(s);
    s.chars().map(move |c| {
        if plain {
            return Piece::Char(c);
        }
        match shown.next() {
            Some(Shown::Char(c)) => Piece::Char(c),
            Some(Shown::Space) => Piece::Char(' '),
            Some(Shown::Code(c)) => Piece::Code(marker(c)),
            None => Piece::Char(c),
        }
    })
}

/// Display width of a string, as drawn (codes included).
pub fn width(s: &str) -> usize {
    if !needs_showing(s) {
        return s.len();
    }
    pieces(s).map(|p| p.width()).sum()
}

/// `s` cut to `w` columns (with `…` when cut) and padded with spaces to exactly `w`.
pub fn fit(s: &str, w: usize) -> String {
    let mut out = String::with_capacity(w + 4);
    let used = push_fitted(&mut out, s, w);
    out.extend(std::iter::repeat_n(' ', w - used));
    out
}

/// Core of `fit`: pushes the visible part of `s`; returns the columns used. A code that does
/// not fit whole is left out (half a code would read as text).
fn push_fitted(out: &mut String, s: &str, w: usize) -> usize {
    let total = width(s);
    let limit = if total > w { w.saturating_sub(1) } else { w };
    let mut used = 0;
    for piece in pieces(s) {
        let pw = piece.width();
        if used + pw > limit {
            break;
        }
        piece.push_to(out);
        used += pw;
    }
    if total > w && w > 0 {
        out.push('…');
        used += 1;
    }
    used
}

/// A cell of exactly `w` columns as spans: characters whose index is in `marks` (sorted char
/// indices into `s`) get `mark`, the rest `base`. A character shown as a code is marked whole.
pub fn marked_cell(
    s: &str,
    w: usize,
    marks: &[u32],
    base: Style,
    mark: Style,
) -> Vec<Span<'static>> {
    if marks.is_empty() {
        return vec![Span::styled(fit(s, w), base)];
    }
    let mut spans = Vec::new();
    let mut text = String::new();
    let mut cur_marked = false;
    let flush = |text: &mut String, marked: bool, spans: &mut Vec<Span<'static>>| {
        if !text.is_empty() {
            spans.push(Span::styled(
                std::mem::take(text),
                if marked { mark } else { base },
            ));
        }
    };
    let total = width(s);
    let limit = if total > w { w.saturating_sub(1) } else { w };
    let mut used = 0;
    for (i, piece) in pieces(s).enumerate() {
        let pw = piece.width();
        if used + pw > limit {
            break;
        }
        let marked = marks.binary_search(&(i as u32)).is_ok();
        if marked != cur_marked {
            flush(&mut text, cur_marked, &mut spans);
            cur_marked = marked;
        }
        piece.push_to(&mut text);
        used += pw;
    }
    flush(&mut text, cur_marked, &mut spans);
    let mut tail = String::new();
    if total > w && w > 0 {
        tail.push('…');
        used += 1;
    }
    tail.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    if !tail.is_empty() {
        spans.push(Span::styled(tail, base));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_wide_chars_exactly() {
        assert_eq!(fit("名前テスト", 5), "名前…");
        assert_eq!(width(&fit("名前テスト", 5)), 5);
        assert_eq!(fit("名前", 5), "名前 ");
        assert_eq!(fit("abc", 2), "a…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn marked_cells_keep_width() {
        let spans = marked_cell("alice", 8, &[0, 1], Style::default(), Style::default());
        let joined: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(joined, "alice   ");
        assert_eq!(spans[0].content, "al");
    }

    #[test]
    fn invisible_characters_are_drawn_as_codes_and_counted_so() {
        let login = "admin\u{200b}@example.com";
        assert_eq!(width(login), "admin<U+200B>@example.com".len());
        assert_eq!(fit(login, 30), "admin<U+200B>@example.com     ");
        assert_ne!(fit(login, 30), fit("admin@example.com", 30));
        // A code that does not fit whole is left out, not cut in half.
        assert_eq!(fit(login, 10), "admin…    ");
        assert_eq!(fit("a\u{2028}b", 4), "a b ");
        assert_eq!(width("\u{3164}"), "<U+3164>".len());
    }

    #[test]
    fn marks_follow_their_characters_past_a_code() {
        let spans = marked_cell(
            "a\u{200b}bc",
            16,
            &[1, 2],
            Style::default(),
            Style::default().bold(),
        );
        let parts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(parts, ["a", "<U+200B>b", "c", "     "]);
    }
}
