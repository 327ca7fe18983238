//! Drawing the profile form: one row per schema attribute (required marked `*`, read-only
//! ones locked), Okta's complaint under the field it names, and the changes listed before and
//! after when they are reviewed. Keys in titles and hints come from the key table.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::app::component::Component;
use crate::app::keymap::{Action, Context};
use crate::app::profile::{FieldKind, ProfileForm, Stage};
use crate::okta::sanitize::visible;

use super::chrome::{boxed, cursor_w, dialog, tall};
use super::style::Theme;
use super::text::fit;

const LABEL_W: usize = 22;

pub fn draw(frame: &mut Frame, app: &App, f: &ProfileForm, theme: Theme) {
    let keys = &app.keymap;
    let ctx = f.context();
    if f.stage == Stage::Confirming {
        let mut lines = Vec::new();
        confirm_lines(&mut lines, app, f, 96, theme);
        lines.push(Line::from(Span::styled(
            format!(
                "{} sends · {} goes back to the form",
                keys.hint(ctx, Action::Confirm),
                keys.hint(ctx, Action::Close)
            ),
            theme.dim(),
        )));
        dialog(frame, " confirm the profile changes ", lines, 100, theme);
        return;
    }
    let area = tall(frame.area(), 100);
    let title = format!(
        " profile of {} ({} next · {} review · {} cancel) ",
        visible(&f.target.login),
        keys.hint(Context::ProfileText, Action::FormNext),
        keys.hint(Context::ProfileText, Action::FormSave),
        keys.hint(Context::ProfileText, Action::FormCancel)
    );
    let inner = boxed(frame, area, &title, theme);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut focus_line = 0usize;
    let mut cursor: Option<(usize, usize)> = None;
    match &f.stage {
        Stage::Loading => {
            lines.push(Line::from(Span::styled(
                "reading the profile schema and the user…",
                theme.info(),
            )));
        }
        Stage::Confirming => {}
        Stage::Editing | Stage::Sending(_) => {
            let head = match (&f.stage, &f.general_error) {
                (Stage::Sending(_), _) => Span::styled("sending…", theme.info()),
                (_, Some(e)) => Span::styled(fit(&visible(e), w), theme.error()),
                _ => Span::styled(
                    fit(
                        &format!(
                            "* required · 🔒 locked · {} cycles a choice · only changed attributes are sent",
                            keys.hint(Context::ProfileChoice, Action::FormChoiceNext)
                        ),
                        w,
                    ),
                    theme.dim(),
                ),
            };
            lines.push(Line::from(head));
            for (i, field) in f.fields.iter().enumerate() {
                let focused = i == f.focus;
                if focused {
                    focus_line = lines.len();
                }
                let marker = if focused { "▶ " } else { "  " };
                let req = if field.required { "*" } else { " " };
                let label = fit(&visible(&field.title), LABEL_W - 1);
                let mut spans = vec![Span::styled(
                    format!("{marker}{label:<0$}{req} ", LABEL_W - 1),
                    if focused { theme.key() } else { theme.label() },
                )];
                let room = w.saturating_sub(LABEL_W + 4);
                // Cut to the room, not padded: markers and notes follow the value.
                let value = fit(&visible(&field.shown()), room).trim_end().to_owned();
                match &field.kind {
                    FieldKind::Locked { why } => {
                        spans.push(Span::styled(format!("🔒 {value}"), theme.dim()));
                        spans.push(Span::styled(format!("  ({why})"), theme.dim()));
                    }
                    FieldKind::Choice { .. } => {
                        spans.push(Span::raw(format!("‹ {value} ›")));
                    }
                    _ => {
                        if focused {
                            cursor = Some((
                                lines.len(),
                                LABEL_W + 2 + cursor_w(&field.input.text, field.input.cursor),
                            ));
                        }
                        spans.push(Span::raw(value));
                    }
                }
                if field.changed() {
                    spans.push(Span::styled("  (changed)", theme.warn()));
                }
                lines.push(Line::from(spans));
                if let Some(e) = &field.error {
                    lines.push(Line::from(Span::styled(
                        fit(&format!("    ⚠ {}", visible(e)), w),
                        theme.error(),
                    )));
                }
            }
        }
    }
    let h = inner.height as usize;
    let offset = (focus_line + 2).saturating_sub(h);
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
    if let Some((row, x)) = cursor
        && row >= offset
        && row - offset < h
        && x < w
    {
        frame.set_cursor_position((inner.x + x as u16, inner.y + (row - offset) as u16));
    }
}

fn confirm_lines(
    lines: &mut Vec<Line<'static>>,
    app: &App,
    f: &ProfileForm,
    w: usize,
    theme: Theme,
) {
    let (changes, before) = f.changes();
    lines.push(Line::from(Span::styled(
        fit(
            &format!(
                "Update {} on {}: {} attribute(s)",
                visible(&f.target.login),
                visible(&app.tenant_label()),
                changes.len()
            ),
            w,
        ),
        theme.warn(),
    )));
    lines.push(Line::from(""));
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => "(not set)".to_owned(),
        Some(serde_json::Value::String(s)) => visible(s).into_owned(),
        Some(v) => visible(&v.to_string()).into_owned(),
    };
    for (name, after) in &changes {
        let text = format!(
            "  {:<20} {} → {}",
            visible(name),
            show(before.get(name)),
            show(Some(after))
        );
        lines.push(Line::from(fit(&text, w)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        fit(
            "Only these are sent; the journal keeps their values before and after.",
            w,
        ),
        theme.dim(),
    )));
}

/// A user's apps: each with how it came; the picker of the org's apps; the confirmation.
pub fn draw_apps(
    frame: &mut Frame,
    app: &App,
    v: &crate::app::profile::apps::AppsView,
    theme: Theme,
) {
    let keys = &app.keymap;
    let ctx = v.context();
    let mut lines: Vec<Line> = vec![
        Line::from(format!("Apps of {}", visible(&v.target.login))),
        Line::from(Span::styled(
            format!("on {}", visible(&app.tenant_label())),
            theme.dim(),
        )),
        Line::from(""),
    ];
    if let Some(change) = &v.change {
        let verb = if change.assign { "Assign" } else { "Unassign" };
        let prep = if change.assign { "to" } else { "from" };
        lines.push(Line::from(Span::styled(
            format!(
                "{verb} {} {prep} {}?",
                visible(&change.app_label),
                visible(&v.target.login)
            ),
            theme.warn(),
        )));
        lines.push(Line::from(Span::styled(
            match change.sent {
                Some(_) => "sending…".to_owned(),
                None => format!(
                    "{} confirms · {} cancels",
                    keys.hint(ctx, Action::Confirm),
                    keys.hint(ctx, Action::Close)
                ),
            },
            theme.dim(),
        )));
        dialog(frame, " apps ", lines, 90, theme);
        return;
    }
    if let Some(pick) = &v.pick {
        lines.push(Line::from(format!(
            "Assign which app? {}",
            visible(&pick.filter.text)
        )));
        match &pick.apps {
            None => lines.push(Line::from(Span::styled(
                "listing the org's apps…",
                theme.info(),
            ))),
            Some(_) => {
                for (i, a) in pick.shown().iter().enumerate().take(15) {
                    let style = if i == pick.selected {
                        theme.selected()
                    } else {
                        ratatui::style::Style::default()
                    };
                    let held = if v.holds(&a.id) { "  (held)" } else { "" };
                    lines.push(Line::from(Span::styled(
                        format!(" {:<30} {}{held}", visible(&a.label), visible(&a.status)),
                        style,
                    )));
                }
            }
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!(
                "type to filter · {} assigns · {} back",
                keys.hint(ctx, Action::Choose),
                keys.hint(ctx, Action::Close)
            ),
            theme.dim(),
        )));
        dialog(frame, " assign an app ", lines, 90, theme);
        return;
    }
    match &v.assignments {
        None => lines.push(Line::from(Span::styled("reading…", theme.info()))),
        Some(Err(e)) => lines.push(Line::from(Span::styled(
            format!("could not read them: {}", visible(e)),
            theme.error(),
        ))),
        Some(Ok(list)) if list.is_empty() => lines.push(Line::from("no apps")),
        Some(Ok(list)) => {
            for (i, a) in list.iter().enumerate() {
                let style = if i == v.selected {
                    theme.selected()
                } else if a.origin.is_direct() {
                    ratatui::style::Style::default()
                } else {
                    theme.dim()
                };
                lines.push(Line::from(Span::styled(
                    format!(
                        " {:<28} {}",
                        visible(&a.app.label),
                        visible(&a.origin.describe())
                    ),
                    style,
                )));
            }
        }
    }
    lines.push(Line::from(""));
    let writes = if app.read_only() {
        "read-only: no changes".to_owned()
    } else {
        format!(
            "{} assign · {} unassign (direct only)",
            keys.hint(ctx, Action::AddToGroups),
            keys.hint(ctx, Action::RemoveFromGroup)
        )
    };
    lines.push(Line::from(Span::styled(
        format!("{writes} · {} closes", keys.hint(ctx, Action::Close)),
        theme.dim(),
    )));
    dialog(frame, " apps ", lines, 90, theme);
}
