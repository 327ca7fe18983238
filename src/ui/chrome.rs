//! The frame every dialog is drawn in: sizing, centring, the bordered box, and the text cursor.
//! The one copy: every dialog (help, palette, write dialogs, forms, progress, credentials)
//! draws through these, so they look and size alike.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::keymap::{Action, Keymap};

use super::style::Theme;
use super::text::width;

/// A dialog sized to its lines (wrapped at `max_w`); returns the area inside the border.
pub(super) fn dialog(
    frame: &mut Frame,
    title: &str,
    lines: Vec<Line<'static>>,
    max_w: u16,
    theme: Theme,
) -> Rect {
    let full = frame.area();
    let w = max_w.min(full.width.saturating_sub(2)).max(20);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let h = (wrapped_rows(&lines, inner_w) as u16 + 2).min(full.height);
    let area = centered(full, w, h);
    let inner = boxed(frame, area, title, theme);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    inner
}

/// Screen rows these lines take once wrapped at `w` columns (an empty line takes one).
pub(super) fn wrapped_rows(lines: &[Line<'_>], w: usize) -> usize {
    let w = w.max(1);
    lines.iter().map(|l| l.width().max(1).div_ceil(w)).sum()
}

/// Screen rows the first `n` lines take once wrapped at `w` columns.
pub(super) fn rows_before(lines: &[Line<'_>], n: usize, w: u16) -> u16 {
    let n = n.min(lines.len());
    wrapped_rows(&lines[..n], usize::from(w)) as u16
}

/// A tall dialog that leaves the header, the status line and the footer visible (progress
/// and results show on the status line too).
pub(super) fn tall(area: Rect, w: u16) -> Rect {
    let w = w.min(area.width);
    let h = area.height.saturating_sub(3).max(1);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + 1.min(area.height),
        w,
        h,
    )
}

pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears the area, draws the border and title, and returns the area inside.
pub(super) fn boxed(frame: &mut Frame, area: Rect, title: &str, theme: Theme) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(title.to_owned(), theme.section()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Display width of the text before the cursor (a char position).
pub(super) fn cursor_w(text: &str, cursor: usize) -> usize {
    let before: String = text.chars().take(cursor).collect();
    width(&before)
}

/// Puts the terminal cursor `x` columns into the first row of `area` (kept inside it).
pub(super) fn set_cursor(frame: &mut Frame, area: Rect, x: usize) {
    let x = (x as u16).min(area.width.saturating_sub(1));
    frame.set_cursor_position((area.x + x, area.y));
}

/// The first key of an action anywhere, for hints that name the key of a list action.
pub(super) fn key_of(keys: &Keymap, action: Action) -> String {
    keys.key_for(action)
        .map(|k| k.to_string())
        .unwrap_or_default()
}
