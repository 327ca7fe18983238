//! Drawing the create-user form and the group/user pickers.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::App;
use crate::app::create_form::{CreateForm, Field};
use crate::app::membership::{MemberMenu, Picker, PickerPurpose};

use super::chrome::{boxed, centered, dialog, tall};
use super::style::Theme;
use super::text::{fit, width};

const LABEL_W: usize = 20;

pub fn create_form(frame: &mut Frame, f: &CreateForm, theme: Theme) {
    let full = frame.area();
    let errors = f.errors.len() as u16;
    let area = centered(
        full,
        96,
        (1 + Field::ALL.len() as u16 + errors + 2).min(full.height),
    );
    let inner = boxed(
        frame,
        area,
        " create user (Tab/Shift-Tab move · Ctrl-S creates · Esc) ",
        theme,
    );
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(u16, u16)> = None;
    if f.confirm_discard {
        lines.push(Line::from(Span::styled(
            fit(
                "Discard what you typed? y discards · any other key goes back",
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
                let text = if f.groups.is_empty() {
                    "none (Enter opens the picker)".to_owned()
                } else {
                    f.groups
                        .iter()
                        .map(|(_, name)| name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                        + "  (Enter edits, Bksp removes last)"
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

pub fn picker(frame: &mut Frame, app: &App, p: &Picker, theme: Theme) {
    let title = p.title();
    if let PickerPurpose::Menu(menu) = &p.purpose {
        let mut lines = vec![Line::from(Span::styled(
            format!("on {}", app.tenant_label()),
            theme.dim(),
        ))];
        match menu {
            MemberMenu::User { target } => {
                lines.push(Line::from(format!(" +  add {} to groups…", target.login)));
                lines.push(Line::from(format!(
                    " -  remove {} from a group…",
                    target.login
                )));
            }
            MemberMenu::Group { group, remove } => {
                lines.push(Line::from(format!(" +  add users to {}…", group.name)));
                let who = match remove.as_slice() {
                    [] => "(no member selected)".to_owned(),
                    [one] => one.login.clone(),
                    many => format!("the {} marked members", many.len()),
                };
                lines.push(Line::from(format!(" -  remove {who} from {}", group.name)));
            }
        }
        if let Some(n) = &p.note {
            lines.push(Line::from(Span::styled(n.clone(), theme.warn())));
        }
        lines.push(Line::from(Span::styled(
            "+ or - picks · Esc closes",
            theme.dim(),
        )));
        dialog(frame, &title, lines, 72, theme);
        return;
    }
    let full = frame.area();
    let area = tall(full, 90);
    let inner = boxed(frame, area, &title, theme);
    let w = inner.width as usize;
    let hint = if p.is_users() {
        "type a name, login or email prefix · Enter searches, then ↑↓ Tab picks · Enter adds · Esc"
    } else if matches!(p.purpose, PickerPurpose::FormGroups { .. }) {
        "type to filter (or paste a group id) · ↑↓ move · Tab picks more · Enter done · Esc back"
    } else {
        "type to filter (or a group id) · ↑↓ move · Tab picks more · Enter goes on · Esc cancels"
    };
    let mut lines = vec![
        Line::from(Span::styled(fit(hint, w), theme.dim())),
        Line::from(vec![
            Span::styled("> ", theme.key()),
            Span::raw(p.input.text.clone()),
        ]),
    ];
    let chosen = if p.chosen.is_empty() {
        "picked: none".to_owned()
    } else {
        format!(
            "picked ({}): {}",
            p.chosen.len(),
            p.chosen
                .iter()
                .map(|(_, l)| l.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    lines.push(Line::from(Span::styled(fit(&chosen, w), theme.info())));
    if p.req.is_some() {
        lines.push(Line::from(Span::styled("loading…", theme.dim())));
    }
    if let Some(n) = &p.note {
        lines.push(Line::from(Span::styled(fit(n, w), theme.warn())));
    }
    let rows = (inner.height as usize).saturating_sub(lines.len());
    let first = p.selected.saturating_sub(rows.saturating_sub(1));
    let is_chosen = |id: &str| p.chosen.iter().any(|(c, _)| c == id);
    if p.is_users() {
        for (i, u) in p.users.iter().enumerate().skip(first).take(rows) {
            let mark = if is_chosen(&u.id) { "✓" } else { " " };
            let text = picker_user_text(mark, u);
            lines.push(row_line(&text, i == p.selected, w, theme));
        }
    } else {
        for (pos, &gi) in p.view.iter().enumerate().skip(first).take(rows) {
            let Some(g) = p.groups.get(gi) else { continue };
            let mark = if is_chosen(&g.id) { "✓" } else { " " };
            let lock = g
                .group_type
                .membership_locked_reason()
                .map(|_| format!(" ({}: cannot change)", g.group_type.as_api()))
                .unwrap_or_default();
            let text = format!("{mark} {} {}{lock}", fit(&g.name, 36), g.description);
            lines.push(row_line(&text, pos == p.selected, w, theme));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let x = (2 + width(
        &p.input
            .text
            .chars()
            .take(p.input.cursor)
            .collect::<String>(),
    ))
    .min(w.saturating_sub(1)) as u16;
    frame.set_cursor_position((inner.x + x, inner.y + 1));
}

fn row_line(text: &str, selected: bool, w: usize, theme: Theme) -> Line<'static> {
    let style = if selected {
        theme.selected()
    } else {
        Style::default()
    };
    Line::from(Span::styled(fit(text, w), style))
}

/// One row of the users picker. Padded by display width: `{:<24}` counts chars, and a name
/// like "Ольга 박" pushed the status one column right.
fn picker_user_text(mark: &str, u: &crate::okta::UserRow) -> String {
    format!(
        "{mark} {} {} {}",
        fit(&u.login, 36),
        fit(&u.display_name(), 24),
        u.status.as_api()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::{UserRow, UserStatus};

    #[test]
    fn picker_rows_keep_the_status_column_aligned_with_wide_names() {
        let user = |first: &str, last: &str| UserRow {
            id: "00u1".into(),
            status: UserStatus::Active,
            transitioning_to: None,
            login: "olga@example.com".into(),
            email: "olga@example.com".into(),
            first_name: first.into(),
            last_name: last.into(),
            created: None,
            last_login: None,
            last_updated: None,
            status_changed: None,
        };
        let column = |u: &UserRow| {
            let text = picker_user_text(" ", u);
            let at = text.find("ACTIVE").expect("status shown");
            width(&text[..at])
        };
        let plain = column(&user("Olga", "Patel"));
        assert_eq!(column(&user("Ольга", "박")), plain);
        assert_eq!(column(&user("秀英", "王")), plain);
    }
}
