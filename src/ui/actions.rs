//! Drawing the write actions' dialogs: checking, menu, confirm, running, link, journal, and
//! (in `forms.rs` / `progress.rs`) the create form, pickers and bulk runs.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::app::actions::{ActionModal, MenuItem, OpKind};
use crate::app::keymap::Action;

use super::chrome::{boxed, cursor_w, dialog, key_of, rows_before, tall};
use super::forms;
use super::progress;
use super::style::Theme;
use super::text::fit;

pub fn draw(frame: &mut Frame, app: &App, modal: &ActionModal, theme: Theme) {
    match modal {
        ActionModal::Checking { target, .. } => {
            let lines = vec![
                Line::from(format!("Asking Okta what {} allows now…", target.login)),
                Line::from(Span::styled(
                    "(a fresh GET of the user; Esc gives up)",
                    theme.dim(),
                )),
            ];
            dialog(frame, " checking ", lines, 64, theme);
        }
        ActionModal::Menu {
            user,
            items,
            selected,
        } => {
            let mut lines = vec![Line::from(vec![
                Span::raw(format!("{} ", user.row.login)),
                Span::styled(
                    user.row.status.as_api().to_owned(),
                    theme.status(&user.row.status),
                ),
            ])];
            lines.push(Line::from(Span::styled(
                format!("on {}", app.tenant_label()),
                theme.dim(),
            )));
            lines.push(Line::from(""));
            for (i, item) in items.iter().enumerate() {
                let key = match item {
                    MenuItem::Op(k) => key_of(&app.keymap, op_action(*k)),
                    MenuItem::AddToGroups => "+".into(),
                    MenuItem::RemoveFromGroup => "-".into(),
                };
                let text = format!(" {key:<5} {}", item.label());
                let style = if i == *selected {
                    theme.selected()
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::from(Span::styled(text, style)));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                "↑↓ Enter or the key picks · Esc closes · only what the user's status allows",
                theme.dim(),
            )));
            dialog(frame, " actions ", lines, 70, theme);
        }
        ActionModal::Confirm(c) => {
            let mut lines = vec![
                field(
                    "User",
                    &format!("{} ({})", c.target.login, c.target.id),
                    theme,
                ),
                field("Tenant", &app.tenant_label(), theme),
                Line::from(vec![
                    Span::styled(format!("{:<9}", "Status"), theme.label()),
                    Span::styled(c.status.as_api().to_owned(), theme.status(&c.status)),
                ]),
                Line::from(""),
            ];
            for l in c.effect_lines() {
                lines.push(Line::from(Span::styled(l, theme.warn())));
            }
            lines.push(Line::from(""));
            if c.has_email_choice() {
                let (yes, no) = match c.kind {
                    OpKind::ResetPassword => (
                        "Okta emails the reset link to the user",
                        "the link shows here, for you to hand over",
                    ),
                    _ => (
                        "Okta emails the activation link to the user",
                        "the activation link shows here, for you to hand over",
                    ),
                };
                lines.push(toggle(
                    'e',
                    "send email",
                    c.send_email,
                    if c.send_email { yes } else { no },
                    theme,
                ));
            }
            if c.kind == OpKind::ResetPassword {
                lines.push(toggle(
                    'r',
                    "revoke sessions",
                    c.revoke_sessions,
                    if c.revoke_sessions {
                        "the user is signed out everywhere"
                    } else {
                        "existing sessions stay"
                    },
                    theme,
                ));
            }
            if c.kind == OpKind::ClearSessions {
                lines.push(toggle(
                    'o',
                    "revoke OAuth tokens",
                    c.oauth_tokens,
                    "also revokes OIDC/OAuth access and refresh tokens",
                    theme,
                ));
            }
            let mut input_at = None;
            if c.kind == OpKind::Delete {
                lines.push(Line::from(format!(
                    "Type the login ({}) and press Enter to confirm:",
                    c.target.login
                )));
                let style = if c.ready() {
                    theme.info()
                } else {
                    ratatui::style::Style::default()
                };
                input_at = Some(lines.len());
                lines.push(Line::from(vec![
                    Span::styled("> ", theme.key()),
                    Span::styled(c.typed.text.clone(), style),
                ]));
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled(
                    "Enter: delete (when the login matches) · Esc: cancel",
                    theme.dim(),
                )));
            } else {
                lines.push(Line::from(vec![
                    Span::styled("y", theme.key()),
                    Span::raw("/"),
                    Span::styled("Enter", theme.key()),
                    Span::raw(format!(": {} · ", c.title().to_lowercase())),
                    Span::styled("n", theme.key()),
                    Span::raw("/"),
                    Span::styled("Esc", theme.key()),
                    Span::raw(": cancel"),
                ]));
            }
            let title = format!(" {}? ", c.title());
            let typed_w = cursor_w(&c.typed.text, c.typed.cursor);
            let probe = lines.clone();
            let inner = dialog(frame, &title, lines, 84, theme);
            // The typed login gets a cursor, like every other text input.
            if let Some(at) = input_at {
                let y = inner.y + rows_before(&probe, at, inner.width);
                let x = inner.x + (2 + typed_w as u16).min(inner.width.saturating_sub(1));
                if y < inner.y + inner.height {
                    frame.set_cursor_position((x, y));
                }
            }
        }
        ActionModal::Running { op, .. } => {
            let lines = vec![
                Line::from(format!("{}…", op.describe())),
                Line::from(Span::styled(
                    "sent; waiting for Okta (the rate limit may make it wait)",
                    theme.dim(),
                )),
            ];
            dialog(frame, " working ", lines, 70, theme);
        }
        ActionModal::Link {
            what,
            login,
            url,
            copied,
        } => {
            let mut lines = vec![
                Line::from(format!("The {what} for {login} (not emailed):")),
                Line::from(""),
                Line::from(Span::styled(url.clone(), theme.info())),
                Line::from(""),
                Line::from(Span::styled(
                    "It is shown once: oktui does not log or journal it.",
                    theme.dim(),
                )),
            ];
            if *copied {
                lines.push(Line::from(Span::styled(
                    "copied to the clipboard (OSC 52)",
                    theme.info(),
                )));
            }
            lines.push(Line::from(vec![
                Span::styled("y", theme.key()),
                Span::raw(" copies · any other key closes"),
            ]));
            let title = format!(" {what} ");
            dialog(frame, &title, lines, 96, theme);
        }
        ActionModal::Journal {
            entries, scroll, ..
        } => {
            let area = tall(frame.area(), 118);
            let inner = boxed(
                frame,
                area,
                " journal (newest last; j/k scroll, any other key closes) ",
                theme,
            );
            let w = inner.width as usize;
            let mut lines = Vec::new();
            match entries {
                None => lines.push(Line::from(Span::styled("reading…", theme.dim()))),
                Some(e) if e.is_empty() => {
                    lines.push(Line::from(Span::styled("no writes yet", theme.dim())))
                }
                Some(e) => {
                    for entry in e {
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
                        // What ran, on whom and how it went first: the rest is cut on narrow
                        // screens.
                        let outcome = if entry.result == "ok" { "ok" } else { "FAILED" };
                        let text = format!(
                            "{time} {:<17} {outcome:<6} {} {} ({rid}) {} {source}",
                            entry.action,
                            fit(entry.target_login.as_deref().unwrap_or("-"), 30),
                            entry.result,
                            entry.tenant,
                        );
                        let style = if entry.result == "ok" {
                            ratatui::style::Style::default()
                        } else {
                            theme.error()
                        };
                        lines.push(Line::from(Span::styled(fit(&text, w), style)));
                    }
                }
            }
            let h = inner.height as usize;
            let max = lines.len().saturating_sub(h);
            // Start at the newest entries; scrolling goes back in time.
            let first = max.saturating_sub(*scroll);
            let lines: Vec<Line> = lines.into_iter().skip(first).take(h).collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
        ActionModal::Bulk(run) => progress::draw(frame, app, run, theme),
        ActionModal::Picker(p) => forms::picker(frame, app, p, theme),
        ActionModal::Form(f) => forms::create_form(frame, f, theme),
    }
}

fn op_action(k: OpKind) -> Action {
    k.action()
}

fn field(label: &str, value: &str, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:<9}"), theme.label()),
        Span::raw(value.to_owned()),
    ])
}

fn toggle(key: char, name: &str, on: bool, note: &str, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("[{key}] "), theme.key()),
        Span::raw(format!("{name}: ")),
        Span::styled(if on { "yes" } else { "no" }.to_owned(), theme.section()),
        Span::styled(format!("  ({note})"), theme.dim()),
    ])
}
