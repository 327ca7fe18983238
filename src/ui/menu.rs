//! The one way the write menus draw their choices: each with the key that picks it, the
//! highlighted one marked, and the hint that says how to move and pick.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::keymap::{Action, Context, Keymap};

use super::style::Theme;

/// One line per choice: its key in `ctx`, its label; `selected` is highlighted.
pub(super) fn choices<T: Copy>(
    keys: &Keymap,
    ctx: Context,
    items: &[T],
    selected: usize,
    key_and_label: impl Fn(T) -> (Action, &'static str),
    theme: Theme,
) -> Vec<Line<'static>> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (action, label) = key_and_label(*item);
            let text = format!(" {:<5} {label}", keys.hint(ctx, action));
            let style = if i == selected {
                theme.selected()
            } else {
                Style::default()
            };
            Line::from(Span::styled(text, style))
        })
        .collect()
}

/// "↑↓ Enter or the key picks · Esc closes", in the keys of `ctx`.
pub(super) fn pick_hint(keys: &Keymap, ctx: Context) -> String {
    format!(
        "{}{} {} or the key picks · {} closes",
        keys.hint(ctx, Action::Up),
        keys.hint(ctx, Action::Down),
        keys.hint(ctx, Action::Choose),
        keys.hint(ctx, Action::Close)
    )
}
