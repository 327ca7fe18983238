//! The console's own dialogs drawn over the screen: help, command palette, search prompt,
//! status filter, errors; and the dispatch to the write and credential dialogs. Every key a
//! dialog names comes from the key table, so a remap shows here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::keymap::{Action, Context};
use crate::app::modal::{HelpStyle, palette_matches, status_choices};
use crate::app::{App, Modal, PromptKind};

use super::chrome::{boxed, centered, cursor_w, set_cursor};
use super::style::Theme;
use super::text::fit;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let Some(modal) = &app.modal else { return };
    match modal {
        Modal::Help(h) => help(frame, app, h.scroll, theme),
        Modal::Palette(p) => {
            let (input, selected) = (&p.input, &p.selected);
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
        Modal::Prompt(p) => {
            let input = &p.input;
            let (title, asks) = match p.kind {
                PromptKind::ServerSearch => match app.tab {
                    crate::app::Tab::Groups => {
                        (" server search: groups ", "group name starts with")
                    }
                    _ => (
                        " server search: users ",
                        "login, email, first or last name starts with",
                    ),
                },
            };
            let keys = &app.keymap;
            let hint = format!(
                "{asks} ({} runs, {} cancels)",
                keys.hint(Context::Prompt, Action::Choose),
                keys.hint(Context::Prompt, Action::Close)
            );
            let hint = hint.as_str();
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
        Modal::StatusPick(p) => {
            let selected = &p.selected;
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
        Modal::Profile(f) => super::profile::draw(frame, app, f, theme),
        Modal::Playbook(m) => super::playbooks::draw(frame, app, m, theme),
        Modal::UserApps(v) => super::profile::draw_apps(frame, app, v, theme),
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
            if let Some(h) = info.hint_text(&app.keymap) {
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled(h, theme.warn())));
            }
            lines.push(Line::from(""));
            let close = if info.is_auth() {
                format!(
                    "{} opens Credentials · any other key closes",
                    app.keymap.hint(Context::Error, Action::CredentialsTab)
                )
            } else {
                "any key closes".to_owned()
            };
            lines.push(Line::from(Span::styled(close, theme.dim())));
            // Long causes and hints wrap: count the lines they take, so none is cut off.
            let inner_w = frame.area().width.clamp(3, 70) as usize - 2;
            let rows: usize = lines
                .iter()
                .map(|l| l.width().max(1).div_ceil(inner_w))
                .sum();
            let h = (rows as u16).saturating_add(4).min(frame.area().height);
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
    let keys = &app.keymap;
    // Rows as the app counts them for scrolling: long descriptions wrap under themselves.
    let lines: Vec<Line> = app
        .help_rows()
        .into_iter()
        .map(|r| match r.style {
            HelpStyle::Section => Line::from(Span::styled(r.text, theme.section())),
            HelpStyle::Key => Line::from(vec![Span::styled(r.key, theme.key()), Span::raw(r.text)]),
            HelpStyle::Unavailable => {
                Line::from(Span::styled(format!("{}{}", r.key, r.text), theme.dim()))
            }
            HelpStyle::Blank => Line::from(""),
        })
        .collect();
    let w = app.help_inner_width() + 2;
    let area = centered(frame.area(), w, frame.area().height.saturating_sub(2));
    let title = format!(
        " help · {}/{} scroll · {} closes ",
        keys.hint(Context::Help, Action::Down),
        keys.hint(Context::Help, Action::Up),
        keys.hint(Context::Help, Action::Close)
    );
    let inner = boxed(frame, area, &title, theme);
    let rows = inner.height as usize;
    let total = lines.len();
    let top = scroll.min(total.saturating_sub(rows));
    let mut shown: Vec<Line> = lines.into_iter().skip(top).take(rows).collect();
    // Mark hidden text on the edge rows, so a cut-off list never looks complete.
    if top + rows < total
        && let Some(last) = shown.last_mut()
    {
        *last = Line::from(Span::styled(
            format!(
                "more ↓ ({} lines, {} scrolls)",
                total - top - rows + 1,
                keys.hint(Context::Help, Action::Down)
            ),
            theme.dim(),
        ));
    }
    if top > 0
        && rows > 1
        && let Some(first) = shown.first_mut()
    {
        *first = Line::from(Span::styled(
            format!("more ↑ ({} scrolls)", keys.hint(Context::Help, Action::Up)),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(shown), inner);
}
