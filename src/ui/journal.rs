//! Drawing `:journal`: one line per write, newest last, failures in the error colour.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::actions::JournalView;
use crate::app::component::Component;
use crate::app::keymap::{Action, Keymap};
use crate::journal::JournalEntry;

use super::chrome::{boxed, tall};
use super::style::Theme;
use super::text::fit;

pub fn draw(frame: &mut Frame, keys: &Keymap, j: &JournalView, theme: Theme) {
    let area = tall(frame.area(), 118);
    let ctx = j.context();
    let title = format!(
        " journal (newest last; {}/{} scroll, any other key closes) ",
        keys.hint(ctx, Action::Down),
        keys.hint(ctx, Action::Up)
    );
    let inner = boxed(frame, area, &title, theme);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    match &j.entries {
        None => lines.push(Line::from(Span::styled("reading…", theme.dim()))),
        Some(e) if e.is_empty() => {
            lines.push(Line::from(Span::styled("no writes yet", theme.dim())))
        }
        Some(e) => lines.extend(e.iter().map(|entry| entry_line(entry, w, theme))),
    }
    let h = inner.height as usize;
    let max = lines.len().saturating_sub(h);
    // Start at the newest entries; scrolling goes back in time.
    let first = max.saturating_sub(j.scroll);
    let lines: Vec<Line> = lines.into_iter().skip(first).take(h).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn entry_line(entry: &JournalEntry, w: usize, theme: Theme) -> Line<'static> {
    let time = entry
        .time
        .get(..16)
        .unwrap_or(&entry.time)
        .replace('T', " ");
    let rid = entry.request_id.as_deref().unwrap_or("-");
    let source = serde_json::to_value(entry.source)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    // What ran, on whom and how it went first: the rest is cut on narrow screens.
    let outcome = if entry.result == "ok" { "ok" } else { "FAILED" };
    let text = format!(
        "{time} {:<17} {outcome:<6} {} {} ({rid}) {} {source}",
        entry.action,
        fit(entry.target_login.as_deref().unwrap_or("-"), 30),
        entry.result,
        entry.tenant,
    );
    let style = if entry.result == "ok" {
        Style::default()
    } else {
        theme.error()
    };
    Line::from(Span::styled(fit(&text, w), style))
}
