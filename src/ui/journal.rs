//! Drawing `:journal`: two lines per write, newest last. The first says what, how it ended
//! and on whom, so it reads at 80 columns; the second when (naming the zone, as every time in
//! the console does) and the details. Failures are in the
//! error colour; a write with no recorded outcome says it is unknown and how to check.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::actions::JournalView;
use crate::app::actions::journal::{BOX_WIDTH, LINES_PER_ENTRY};
use crate::app::component::Component;
use crate::app::keymap::{Action, Keymap};
use crate::journal::{JournalEntry, Outcome};

use super::chrome::{boxed, tall};
use super::style::Theme;
use super::text::fit;

pub fn draw(frame: &mut Frame, keys: &Keymap, j: &JournalView, theme: Theme) {
    let area = tall(frame.area(), BOX_WIDTH);
    let ctx = j.context();
    let title = format!(
        " journal (newest last; {} newer, {} older, any other key closes) ",
        keys.hint(ctx, Action::Down),
        keys.hint(ctx, Action::Up)
    );
    let inner = boxed(frame, area, &title, theme);
    let w = inner.width as usize;
    let visible = (inner.height as usize / LINES_PER_ENTRY).max(1);
    let mut lines = Vec::new();
    match &j.entries {
        None => lines.push(Line::from(Span::styled("reading…", theme.dim()))),
        Some(e) if e.is_empty() => {
            lines.push(Line::from(Span::styled("no writes yet", theme.dim())))
        }
        Some(_) => {
            for entry in j.shown(visible) {
                lines.extend(entry_lines(entry, w, theme));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The word for how the write ended, and its style.
fn outcome_label(outcome: Outcome, theme: Theme) -> (&'static str, Style) {
    match outcome {
        Outcome::Ok => ("ok", Style::default()),
        Outcome::Failed => ("FAILED", theme.error()),
        Outcome::Unknown => ("UNKNOWN", theme.warn()),
        Outcome::NotSent => ("not sent", theme.dim()),
        Outcome::Pending => ("pending", theme.dim()),
    }
}

fn entry_lines(entry: &JournalEntry, w: usize, theme: Theme) -> [Line<'static>; 2] {
    let time = crate::time_zone::format_stamp(&entry.time).unwrap_or_else(|| entry.time.clone());
    let source = serde_json::to_value(entry.source)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let outcome = entry.outcome();
    let (word, style) = outcome_label(outcome, theme);
    let detail = if outcome == Outcome::Ok {
        theme.dim()
    } else {
        style
    };
    let login = entry.target_login.as_deref().unwrap_or("-");
    let first = format!("{:<13} {word:<8} {login}", entry.action);
    let mut second = format!("    {time} · {}", entry.result);
    if outcome == Outcome::Unknown {
        // Okta may have applied it: retrying blindly could act twice.
        second.push_str(" · open the user to see whether it took before retrying");
    }
    if let Some(note) = &entry.note {
        second.push_str(" · ");
        second.push_str(note);
    }
    second.push_str(&format!(" · {} · {source}", entry.tenant));
    if let Some(rid) = &entry.request_id {
        second.push_str(&format!(" · request {rid}"));
    }
    [
        Line::from(Span::styled(fit(&first, w), style)),
        Line::from(Span::styled(fit(&second, w), detail)),
    ]
}
