//! The Logs tab: the events table, one event opened whole, the preset menu, a refused filter
//! (Okta's error beside the expression), and the tail's mode text for the header. Every
//! value goes through `text::fit`, which shows hidden characters as visible codes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::{Action, Context};
use crate::app::logs::event::EventLine;
use crate::app::logs::{EventView, LOG_COLUMNS, Refused, TailWait, log_cell};
use crate::app::{App, thousands};
use crate::okta::LogEvent;

use super::chrome::{dialog, key_of};
use super::columns::ColSpec;
use super::style::Theme;
use super::table::{self, TableKind};
use super::text::fit;

pub const LOGS: TableKind<LogEvent> = TableKind {
    titles: LOG_COLUMNS,
    specs: &[
        // `2024-01-31 12:00:00 UTC`; `+05:30` is wider than `UTC`.
        ColSpec::plain(23, 26, 1),
        ColSpec::plain(18, 36, 2),
        ColSpec::plain(10, 34, 4),
        ColSpec::plain(14, 30, 3),
        ColSpec::plain(14, 30, 5),
        ColSpec::plain(16, 200, 6),
    ],
    cell: |e, col, _| log_cell(e, col),
    style: outcome_style,
    marked: &[1, 2, 3, 4, 5],
    noun: "events",
    wants_room: |_| false,
    redundant: None,
    time_cols: &[],
};

fn outcome_style(e: &LogEvent, col: usize, theme: Theme) -> Style {
    if col == 2 && e.is_failure() {
        theme.error()
    } else {
        Style::default()
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let logs = &app.logs;
    if app.tenant.is_none() {
        table::no_tenant(frame, area, &app.keymap, theme);
    } else if let Some(r) = &logs.refused {
        refused(frame, area, r, app, theme);
    } else if let Some(view) = &logs.event {
        event(frame, area, view, app, theme);
    } else {
        table::draw_table(frame, area, &logs.list, &LOGS, &app.keymap, theme);
    }
    if let Some(menu) = &logs.presets {
        let mut lines: Vec<Line<'static>> = menu
            .items
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let text = format!(" {} ", p.label());
                if i == menu.selected {
                    Line::from(Span::styled(text, theme.selected()))
                } else {
                    Line::from(text)
                }
            })
            .collect();
        lines.push(Line::from(""));
        let keys = &app.keymap;
        lines.push(Line::from(Span::styled(
            format!(
                "{} show · {} close",
                keys.hint(Context::LogPresets, Action::Choose),
                keys.hint(Context::LogPresets, Action::Close)
            ),
            theme.dim(),
        )));
        dialog(frame, "System Log presets", lines, 44, theme);
    }
}

/// Okta said no to the filter: what it said, and the expression, so it can be fixed.
fn refused(frame: &mut Frame, area: Rect, r: &Refused, app: &App, theme: Theme) {
    let w = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit("Okta refused the filter expression:", w),
            theme.error(),
        )),
        Line::from(Span::raw(fit(&format!("  {}", r.expression), w))),
        Line::from(""),
        Line::from(Span::raw(fit(&r.error.code_and_summary(), w))),
    ];
    for cause in &r.error.causes {
        lines.push(Line::from(Span::raw(fit(&format!("  {cause}"), w))));
    }
    lines.push(Line::from(""));
    let keys = &app.keymap;
    lines.push(Line::from(Span::styled(
        fit(
            &format!(
                "{}logs <filter> tries another · {} presets · {} all events",
                key_of(keys, Action::Palette),
                key_of(keys, Action::LogPresets),
                key_of(keys, Action::Back)
            ),
            w,
        ),
        theme.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), area);
}

fn event(frame: &mut Frame, area: Rect, view: &EventView, app: &App, theme: Theme) {
    let w = area.width as usize;
    let keys = &app.keymap;
    let hint = |a| keys.hint(Context::LogEvent, a);
    let title = format!(
        "Event {}  ({} actor · {} target · {} copy JSON · {} back)",
        view.event.event_type,
        hint(Action::LogActor),
        hint(Action::LogTarget),
        hint(Action::Copy),
        hint(Action::Back)
    );
    let mut lines = vec![Line::from(Span::styled(fit(&title, w), theme.title()))];
    let label_w = 14.min(w / 3);
    let value_w = w.saturating_sub(label_w + 3);
    let rows = area.height.saturating_sub(1) as usize;
    for l in view.lines.iter().skip(view.offset).take(rows) {
        lines.push(match l {
            EventLine::Section(t) => {
                Line::from(Span::styled(fit(&format!("── {t}"), w), theme.section()))
            }
            EventLine::Field { label, value } => Line::from(vec![
                Span::raw(" "),
                Span::styled(fit(label, label_w), theme.label()),
                Span::raw("  "),
                Span::raw(fit(value, value_w)),
            ]),
            EventLine::Raw(text) => Line::from(Span::raw(fit(text, w))),
        });
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The tab line's modes on the Logs tab: which query is shown.
pub fn modes(app: &App) -> Vec<String> {
    let logs = &app.logs;
    let mut out = Vec::new();
    if let Some(label) = &logs.label {
        out.push(format!("log {label}"));
    }
    if let Some(e) = &logs.event {
        out.push(format!("event {}", e.event.event_type));
    }
    out
}

/// Tail mode, for the header: what it waits for and how long ("tail · next poll in 4s").
pub fn tail_text(app: &App) -> Option<String> {
    let t = app.logs.tail.as_ref()?;
    let mut s = "tail".to_owned();
    if t.arrived > 0 {
        s.push_str(&format!(" +{}", thousands(t.arrived)));
    }
    s.push_str(" · ");
    match &t.waiting {
        None => s.push_str("polling"),
        Some((TailWait::NextPoll, secs)) => s.push_str(&format!("next poll in {secs}s")),
        Some((TailWait::RateLimited, secs)) => {
            s.push_str(&format!("rate limited, resuming in {secs}s"))
        }
        Some((TailWait::Reconnecting(_), secs)) => {
            s.push_str(&format!("connection lost, retrying in {secs}s"))
        }
    }
    Some(s)
}
