//! Drawing the create-user form: one row per field, Okta's or our own complaint under the
//! field it concerns, masked secrets.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::actions::create_form::{CreateForm, Field};
use crate::app::component::Component;
use crate::app::keymap::{Action, Context, Keymap};

use super::chrome::{boxed, centered};
use super::style::Theme;
use super::text::{fit, width};

const LABEL_W: usize = 20;

pub fn create_form(frame: &mut Frame, keys: &Keymap, f: &CreateForm, theme: Theme) {
    let ctx = Context::CreateForm;
    let full = frame.area();
    let errors = f.errors.len() as u16;
    let area = centered(
        full,
        96,
        (1 + Field::ALL.len() as u16 + errors + 2).min(full.height),
    );
    let title = format!(
        " create user ({}/{} move · {} creates · {}) ",
        keys.hint(ctx, Action::FormNext),
        keys.hint(ctx, Action::FormPrev),
        keys.hint(ctx, Action::FormSave),
        keys.hint(ctx, Action::FormCancel)
    );
    let inner = boxed(frame, area, &title, theme);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(u16, u16)> = None;
    if f.confirm_discard {
        lines.push(Line::from(Span::styled(
            fit(
                &format!(
                    "Discard what you typed? {} discards · any other key goes back",
                    keys.hint(f.context(), Action::Confirm)
                ),
                w,
            ),
            theme.warn(),
        )));
    } else if f.confirm_create {
        let login = crate::okta::sanitize::visible(f.value(Field::Login)).into_owned();
        lines.push(Line::from(Span::styled(
            fit(
                &format!(
                    "Create {login} in tenant {}? {} creates · any other key goes back",
                    crate::okta::sanitize::visible(&f.tenant),
                    keys.hint(f.context(), Action::Confirm)
                ),
                w,
            ),
            theme.warn(),
        )));
    } else if let Some(g) = &f.general {
        lines.push(Line::from(Span::styled(fit(g, w), theme.error())));
    } else if f.pending.is_some() {
        lines.push(Line::from(Span::styled("sending…", theme.info())));
    } else {
        lines.push(Line::from(Span::styled(
            fit("Required: username, email, first and last name.", w),
            theme.dim(),
        )));
    }
    for field in Field::ALL {
        let focused = f.focus == field;
        let marker = if focused { "▶ " } else { "  " };
        let label_style = if focused { theme.key() } else { theme.label() };
        let mut spans = vec![Span::styled(
            format!("{marker}{:<LABEL_W$}", field.label()),
            label_style,
        )];
        let value_w = w.saturating_sub(2 + LABEL_W);
        match field {
            Field::Groups => {
                let enter = keys.hint(ctx, Action::Choose);
                let text = if f.groups.is_empty() {
                    format!("none ({enter} opens the picker)")
                } else {
                    format!(
                        "{}  ({enter} edits, {} removes last)",
                        f.groups
                            .iter()
                            .map(|(_, name)| name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        keys.hint(ctx, Action::RemoveLast)
                    )
                };
                spans.push(Span::raw(fit(&text, value_w)));
            }
            Field::Activate => {
                let text = if f.activate {
                    if f.value(Field::Password).is_empty() {
                        "[x] yes: Okta then emails the user an activation link"
                    } else {
                        "[x] yes: the user is ACTIVE with the password given"
                    }
                } else {
                    "[ ] no: the user is created STAGED (no email)"
                };
                spans.push(Span::raw(fit(text, value_w)));
            }
            Field::Submit => {
                spans = vec![Span::styled(
                    format!("{marker}[ Create user ]"),
                    if focused {
                        theme.selected()
                    } else {
                        theme.key()
                    },
                )];
            }
            _ => {
                let input = field.text_index().map(|i| &f.text[i]);
                let text = input.map(|i| i.text.as_str()).unwrap_or("");
                let shown = if field.masked() {
                    "•".repeat(text.chars().count())
                } else {
                    text.to_owned()
                };
                spans.push(Span::styled(
                    fit(&shown, value_w),
                    if focused {
                        theme.selected()
                    } else {
                        Style::default()
                    },
                ));
                if focused && let Some(i) = input {
                    let before: String = if field.masked() {
                        "•".repeat(i.cursor)
                    } else {
                        i.text.chars().take(i.cursor).collect()
                    };
                    let x = (2 + LABEL_W + width(&before)).min(w.saturating_sub(1));
                    cursor = Some((inner.x + x as u16, inner.y + lines.len() as u16));
                }
            }
        }
        lines.push(Line::from(spans));
        if let Some(err) = f.error_for(field) {
            lines.push(Line::from(Span::styled(
                fit(&format!("{:>w2$}↳ {err}", "", w2 = 2 + LABEL_W), w),
                theme.error(),
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(pos) = cursor
        && !f.confirm_discard
    {
        frame.set_cursor_position(pos);
    }
}
