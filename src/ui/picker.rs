//! Drawing the membership dialogs: the add-or-remove menu and the groups/users pickers.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::App;
use crate::app::actions::member_menu::{MemberMenu, MembersOf};
use crate::app::actions::picker::{Picker, PickerPurpose};
use crate::app::component::Component;
use crate::app::keymap::{Action, Keymap};

use super::chrome::{boxed, dialog, tall};
use super::style::Theme;
use super::text::{fit, width};

pub fn member_menu(frame: &mut Frame, app: &App, m: &MemberMenu, theme: Theme) {
    let keys = &app.keymap;
    let ctx = m.context();
    let add = keys.hint(ctx, Action::AddToGroups);
    let remove = keys.hint(ctx, Action::RemoveFromGroup);
    let mut lines = vec![Line::from(Span::styled(
        format!("on {}", app.tenant_label()),
        theme.dim(),
    ))];
    match &m.of {
        MembersOf::User { target } => {
            lines.push(Line::from(format!(
                " {add}  add {} to groups…",
                target.login
            )));
            lines.push(Line::from(format!(
                " {remove}  remove {} from a group…",
                target.login
            )));
        }
        MembersOf::Group { group, remove: who } => {
            lines.push(Line::from(format!(" {add}  add users to {}…", group.name)));
            let who = match who.as_slice() {
                [] => "(no member selected)".to_owned(),
                [one] => one.login.clone(),
                many => format!("the {} marked members", many.len()),
            };
            lines.push(Line::from(format!(
                " {remove}  remove {who} from {}",
                group.name
            )));
        }
    }
    if let Some(n) = &m.note {
        lines.push(Line::from(Span::styled(n.clone(), theme.warn())));
    }
    lines.push(Line::from(Span::styled(
        format!(
            "{add} or {remove} picks · {} closes",
            keys.hint(ctx, Action::Close)
        ),
        theme.dim(),
    )));
    dialog(frame, &m.title(), lines, 72, theme);
}

pub fn draw(frame: &mut Frame, keys: &Keymap, p: &Picker, theme: Theme) {
    let title = p.title();
    let ctx = p.context();
    let (up, down, pick, enter, esc) = (
        keys.hint(ctx, Action::Up),
        keys.hint(ctx, Action::Down),
        keys.hint(ctx, Action::Pick),
        keys.hint(ctx, Action::Choose),
        keys.hint(ctx, Action::Close),
    );
    let full = frame.area();
    let area = tall(full, 90);
    let inner = boxed(frame, area, &title, theme);
    let w = inner.width as usize;
    let hint = if p.is_users() {
        format!(
            "type a name, login or email prefix · {enter} searches, then {up}{down} {pick} picks · {enter} adds · {esc}"
        )
    } else if p.purpose == PickerPurpose::FormGroups {
        format!(
            "type to filter (or paste a group id) · {up}{down} move · {pick} picks more · {enter} done · {esc} back"
        )
    } else {
        format!(
            "type to filter (or a group id) · {up}{down} move · {pick} picks more · {enter} goes on · {esc} cancels"
        )
    };
    let mut lines = vec![
        Line::from(Span::styled(fit(&hint, w), theme.dim())),
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
            let mark = if is_chosen(u.id()) { "✓" } else { " " };
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
        fit(u.login(), 36),
        fit(&u.display_name(), 24),
        u.status_api()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::{UserRow, UserStatus};

    #[test]
    fn picker_rows_keep_the_status_column_aligned_with_wide_names() {
        let user = |first: &str, last: &str| {
            UserRow::from(crate::okta::UserFields {
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
            })
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
