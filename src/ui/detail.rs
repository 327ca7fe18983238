//! The user screen, the group screen (info + members) and raw views. (The Credentials tab
//! is drawn by `ui/credentials.rs`.)

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::Keymap;
use crate::app::layout::GROUP_INFO_LINES;
use crate::app::raw::RawView;
use crate::app::{DetailLine, GroupDetail, Load, LoadState, UserDetail, thousands};
use crate::okta::UserStatus;

use super::style::Theme;
use super::table;
use super::text::{fit, width};

const LABEL_W: usize = 22;

pub fn user(frame: &mut Frame, area: Rect, d: &UserDetail, theme: Theme) {
    if let Some(raw) = &d.raw {
        return raw_view(frame, area, raw, theme);
    }
    let mut lines = Vec::with_capacity(area.height as usize);
    let mut title = format!("User {}", d.title());
    if d.raw_pending {
        title.push_str("  (raw view opens when the user arrives)");
    }
    lines.push(Line::from(Span::styled(
        fit(&title, area.width as usize),
        theme.title(),
    )));
    let all = d.lines();
    let rows = area.height.saturating_sub(1) as usize;
    let w = area.width as usize;
    for (i, l) in all.iter().enumerate().skip(d.offset).take(rows) {
        let mut line = detail_line(l, w, theme);
        if i == d.selected {
            let used: usize = line.spans.iter().map(|s| width(&s.content)).sum();
            line.spans
                .push(Span::raw(" ".repeat(w.saturating_sub(used))));
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

pub(super) fn detail_line(l: &DetailLine, w: usize, theme: Theme) -> Line<'static> {
    let label_w = LABEL_W.min(w / 3);
    let value_w = w.saturating_sub(label_w + 3);
    match l {
        DetailLine::Section(t) => {
            Line::from(Span::styled(fit(&format!("── {t}"), w), theme.section()))
        }
        DetailLine::Field { label, value } => Line::from(vec![
            Span::raw(" "),
            Span::styled(fit(label, label_w), theme.label()),
            Span::raw("  "),
            Span::raw(fit(value, value_w)),
        ]),
        DetailLine::Status { api, label } => {
            let status = UserStatus::parse(api);
            Line::from(vec![
                Span::raw(" "),
                Span::styled(fit("status", label_w), theme.label()),
                Span::raw("  "),
                Span::styled(
                    fit(&format!("{api} ({label})"), value_w),
                    theme.status(&status),
                ),
            ])
        }
        DetailLine::Group { name, kind, .. } => Line::from(vec![
            Span::raw(" ▸ "),
            Span::raw(fit(name, label_w.max(w / 2).saturating_sub(3))),
            Span::raw(" "),
            Span::styled(kind.clone(), theme.dim()),
        ]),
        DetailLine::Note(t) => Line::from(Span::styled(format!("   {t}"), theme.dim())),
        DetailLine::Error(t) => Line::from(Span::styled(fit(&format!("   {t}"), w), theme.error())),
    }
}

pub fn group(frame: &mut Frame, area: Rect, g: &GroupDetail, keys: &Keymap, theme: Theme) {
    if let Some(raw) = &g.raw {
        return raw_view(frame, area, raw, theme);
    }
    let w = area.width as usize;
    let mut info = Vec::new();
    let mut title = format!("Group {}", g.title());
    if g.raw_pending {
        title.push_str("  (raw view opens when the group arrives)");
    }
    info.push(Line::from(Span::styled(fit(&title, w), theme.title())));
    match g.group() {
        Some(grp) => {
            // No count from the API (a group reached from a user has none): once every
            // member is loaded, their number is the count.
            let count = grp
                .users_count
                .map(|n| n as usize)
                .or_else(|| (g.members.load == LoadState::Done).then_some(g.members.rows.len()))
                .map(thousands)
                .unwrap_or_else(|| "?".to_owned());
            let mut second = format!(
                "{} · {} members · id {}",
                grp.group_type.as_api(),
                count,
                grp.id
            );
            if let Some(reason) = grp.group_type.membership_locked_reason() {
                second.push_str(" · ");
                second.push_str(reason);
            }
            info.push(Line::from(Span::styled(fit(&second, w), theme.label())));
            info.push(Line::from(Span::raw(fit(&grp.description, w))));
        }
        None => {
            let note = match &g.fetched {
                Load::Failed(e) => e.one_line(),
                _ => "loading group…".to_owned(),
            };
            info.push(Line::from(Span::styled(fit(&note, w), theme.dim())));
        }
    }
    let info_h = GROUP_INFO_LINES.min(area.height);
    frame.render_widget(
        Paragraph::new(info),
        Rect::new(area.x, area.y, area.width, info_h),
    );
    let members = Rect::new(
        area.x,
        area.y + info_h,
        area.width,
        area.height.saturating_sub(info_h),
    );
    table::draw_table(frame, members, &g.members, &table::MEMBERS, keys, theme);
}

fn raw_view(frame: &mut Frame, area: Rect, raw: &RawView, theme: Theme) {
    let w = area.width as usize;
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &format!(
                "{}  (raw; v/Esc closes, y copies, h/l scroll){}",
                raw.title,
                if raw.column > 0 {
                    format!(" · from column {}", raw.column + 1)
                } else {
                    String::new()
                }
            ),
            w,
        ),
        theme.title(),
    ))];
    let rows = area.height.saturating_sub(1) as usize;
    for (i, l) in raw.lines.iter().enumerate().skip(raw.offset).take(rows) {
        // Status and headers come before the first blank line.
        let header_part = raw.lines.iter().take(i).all(|x| !x.is_empty());
        let style = if header_part {
            theme.label()
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            fit(&skip_columns(l, raw.column), w),
            style,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// `s` without its first `n` display columns (a wide character cut in two goes whole).
fn skip_columns(s: &str, n: usize) -> String {
    if n == 0 {
        return s.to_owned();
    }
    let mut used = 0;
    let mut out = String::new();
    for ch in s.chars() {
        if used >= n {
            out.push(ch);
        } else {
            used += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        }
    }
    out
}
