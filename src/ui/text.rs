//! Fitting text into cells by display width (wide CJK characters take two columns), so
//! columns stay aligned whatever the data holds.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `s` cut to `w` columns (with `…` when cut) and padded with spaces to exactly `w`.
pub fn fit(s: &str, w: usize) -> String {
    let mut out = String::with_capacity(w + 4);
    let used = push_fitted(&mut out, s, w, |_, _| {});
    out.extend(std::iter::repeat_n(' ', w - used));
    out
}

/// Core of `fit`: pushes the visible part of `s`, calling `each(char_index, byte_start)` for
/// every char kept; returns the columns used.
fn push_fitted(out: &mut String, s: &str, w: usize, mut each: impl FnMut(usize, usize)) -> usize {
    let total = width(s);
    let limit = if total > w { w.saturating_sub(1) } else { w };
    let mut used = 0;
    for (i, c) in s.chars().enumerate() {
        let cw = c.width().unwrap_or(0);
        if used + cw > limit {
            break;
        }
        each(i, out.len());
        out.push(c);
        used += cw;
    }
    if total > w && w > 0 {
        out.push('…');
        used += 1;
    }
    used
}

/// A cell of exactly `w` columns as spans: characters whose index is in `marks` (sorted char
/// indices) get `mark`, the rest `base`.
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
    for (i, c) in s.chars().enumerate() {
        let cw = c.width().unwrap_or(0);
        if used + cw > limit {
            break;
        }
        let marked = marks.binary_search(&(i as u32)).is_ok();
        if marked != cur_marked {
            flush(&mut text, cur_marked, &mut spans);
            cur_marked = marked;
        }
        text.push(c);
        used += cw;
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
}
