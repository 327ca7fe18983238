//! Dialogs drawn over the screen: help, command palette, prompts, pickers, errors.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::keymap::keys_text;
use crate::app::modal::{FILTER_HELP, PALETTE_COMMANDS, palette_matches, status_choices};
use crate::app::{App, Modal, PromptKind};

use super::chrome::{boxed, centered, cursor_w, set_cursor};
use super::style::Theme;
use super::text::fit;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let Some(modal) = &app.modal else { return };
    match modal {
        Modal::Help { scroll } => help(frame, app, *scroll, theme),
        Modal::Palette { input, selected } => {
            let matches = palette_matches(&input.text);
            let area = centered(frame.area(), 64, (matches.len() as u16 + 3).min(14));
            let inner = boxed(frame, area, " command ", theme);
            let mut lines = vec![Line::from(vec![
                Span::styled(":", theme.key()),
                Span::raw(input.text.clone()),
            ])];
            for (i, c) in matches.iter().enumerate() {
                let text = format!("{:<12} {:<8} {}", c.name, c.args, c.about);
                let style = if i == *selected {
                    theme.selected()
                } else {
                    theme.dim()
                };
                lines.push(Line::from(Span::styled(
                    fit(&text, inner.width as usize),
                    style,
                )));
            }
            frame.render_widget(Paragraph::new(lines), inner);
            set_cursor(frame, inner, 1 + cursor_w(&input.text, input.cursor));
        }
        Modal::Prompt { kind, input } => {
            let (title, hint) = match kind {
                PromptKind::ServerSearch => match app.tab {
                    crate::app::Tab::Groups => (
                        " server search: groups ",
                        "group name starts with (Enter runs, Esc cancels)",
                    ),
                    _ => (
                        " server search: users ",
                        "login, email, first or last name starts with (Enter runs, Esc cancels)",
                    ),
                },
            };
            let area = centered(frame.area(), 72, 4);
            let inner = boxed(frame, area, title, theme);
            let lines = vec![
                Line::from(Span::styled(fit(hint, inner.width as usize), theme.dim())),
                Line::from(vec![
                    Span::styled("> ", theme.key()),
                    Span::raw(input.text.clone()),
                ]),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
            let cursor_area = Rect::new(inner.x, inner.y + 1, inner.width, 1);
            set_cursor(frame, cursor_area, 2 + cursor_w(&input.text, input.cursor));
        }
        Modal::StatusPick { selected } => {
            let choices = status_choices();
            let area = centered(frame.area(), 40, choices.len() as u16 + 2);
            let inner = boxed(frame, area, " list users with status ", theme);
            let lines: Vec<Line> = choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let (text, style) = match c {
                        None => ("all statuses".to_owned(), Style::default()),
                        Some(s) => (format!("{:<17} {}", s.as_api(), s.label()), theme.status(s)),
                    };
                    let style = if i == *selected {
                        style.patch(theme.selected())
                    } else {
                        style
                    };
                    Line::from(Span::styled(fit(&text, inner.width as usize), style))
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Modal::Action(m) => super::actions::draw(frame, app, m, theme),
        Modal::Tenant(m) => super::credentials::draw_modal(frame, app, m, theme),
        Modal::Error(info) => {
            let mut lines = Vec::new();
            let mut head = String::new();
            if let Some(s) = info.status {
                head.push_str(&format!("HTTP {s}"));
            }
            if let Some(c) = &info.code {
                head.push_str(&format!(" {c}"));
            }
            if !head.is_empty() {
                lines.push(Line::from(Span::styled(
                    head.trim().to_owned(),
                    theme.error(),
                )));
            }
            lines.push(Line::from(info.summary.clone()));
            for c in &info.causes {
                lines.push(Line::from(format!("• {c}")));
            }
            if let Some(r) = &info.request_id {
                lines.push(Line::from(Span::styled(
                    format!("request id {r}"),
                    theme.dim(),
                )));
            }
            if let Some(h) = &info.hint {
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled(h.clone(), theme.warn())));
            }
            lines.push(Line::from(""));
            let close = if info.is_auth() {
                "3 opens Credentials · any other key closes"
            } else {
                "any key closes"
            };
            lines.push(Line::from(Span::styled(close, theme.dim())));
            let h = (lines.len() as u16 + 4).min(frame.area().height);
            let area = centered(frame.area(), 70, h);
            let title = if info.context.is_empty() {
                " error ".to_owned()
            } else {
                format!(" error {} ", info.context)
            };
            let inner = boxed(frame, area, &title, theme);
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
    }
}

fn help(frame: &mut Frame, app: &App, scroll: usize, theme: Theme) {
    let ctx = app.context();
    let mut lines = vec![Line::from(Span::styled(
        format!("Keys: {}", ctx.title()),
        theme.section(),
    ))];
    // Write keys show only where they work (read-only tenants, the user's status).
    for b in app
        .keymap
        .for_context(ctx)
        .filter(|b| app.key_available(b.action))
    {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<18}", keys_text(&b.keys)), theme.key()),
            Span::raw(b.label),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Filter (/) syntax",
        theme.section(),
    )));
    for (k, v) in FILTER_HELP {
        lines.push(Line::from(vec![
            Span::styled(format!("{k:<20}"), theme.key()),
            Span::raw(*v),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Commands (:)", theme.section())));
    for c in PALETTE_COMMANDS {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  :{:<17}", format!("{} {}", c.name, c.args).trim()),
                theme.key(),
            ),
            Span::raw(c.about),
        ]));
    }
    debug_assert_eq!(lines.len(), app.help_line_count());
    let area = centered(frame.area(), 76, frame.area().height.saturating_sub(2));
    let inner = boxed(frame, area, " help · j/k scroll · Esc closes ", theme);
    let rows = inner.height as usize;
    let total = lines.len();
    let top = scroll.min(total.saturating_sub(rows));
    let mut shown: Vec<Line> = lines.into_iter().skip(top).take(rows).collect();
    // Mark hidden text on the edge rows, so a cut-off list never looks complete.
    if top + rows < total
        && let Some(last) = shown.last_mut()
    {
        *last = Line::from(Span::styled(
            format!("more ↓ ({} lines, j scrolls)", total - top - rows + 1),
            theme.dim(),
        ));
    }
    if top > 0
        && rows > 1
        && let Some(first) = shown.first_mut()
    {
        *first = Line::from(Span::styled("more ↑ (k scrolls)", theme.dim()));
    }
    frame.render_widget(Paragraph::new(shown), inner);
}
