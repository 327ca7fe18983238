//! The user screen, the group screen (info + members), raw views and the Credentials tab.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::layout::GROUP_INFO_LINES;
use crate::app::raw::RawView;
use crate::app::{App, DetailLine, GroupDetail, Load, UserDetail, thousands};
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

fn detail_line(l: &DetailLine, w: usize, theme: Theme) -> Line<'static> {
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

pub fn group(frame: &mut Frame, area: Rect, g: &GroupDetail, theme: Theme) {
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
            let count = grp
                .users_count
                .map(|n| thousands(n as usize))
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
    table::draw_table(frame, members, &g.members, &table::MEMBERS, theme);
}

fn raw_view(frame: &mut Frame, area: Rect, raw: &RawView, theme: Theme) {
    let w = area.width as usize;
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &format!("{}  (raw response; v or Esc closes, y copies)", raw.title),
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
        lines.push(Line::from(Span::styled(fit(l, w), style)));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

pub fn credentials(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let c = &app.credentials;
    let w = area.width as usize;
    let mut lines = Vec::new();
    if let Some(n) = &c.notice {
        lines.push(Line::from(Span::styled(fit(n, w), theme.warn())));
    }
    if let Some(p) = &c.config_path {
        lines.push(Line::from(Span::styled(
            fit(&format!("config: {p}"), w),
            theme.dim(),
        )));
    }
    for warn in &c.warnings {
        lines.push(Line::from(Span::styled(
            fit(&format!("warning: {warn}"), w),
            theme.warn(),
        )));
    }
    let name_w = 16.min(w / 4);
    let auth_w = 22;
    let ro_w = 9;
    let domain_w = w.saturating_sub(name_w + auth_w + ro_w + 6);
    lines.push(Line::from(vec![
        Span::styled(fit("  Tenant", name_w + 2), theme.title()),
        Span::raw(" "),
        Span::styled(fit("Domain", domain_w), theme.title()),
        Span::raw(" "),
        Span::styled(fit("Auth", auth_w), theme.title()),
        Span::raw(" "),
        Span::styled(fit("Access", ro_w), theme.title()),
    ]));
    let active = app.tenant.as_ref().map(|t| t.name.as_str());
    if c.tenants.is_empty() {
        lines.push(Line::from(Span::styled(
            "  no tenants configured",
            theme.dim(),
        )));
    }
    let head = lines.len();
    let rows = (area.height as usize).saturating_sub(head);
    for (i, t) in c.tenants.iter().enumerate().skip(c.offset).take(rows) {
        let mark = if Some(t.name.as_str()) == active {
            "● "
        } else {
            "  "
        };
        let mut line = Line::from(vec![
            Span::raw(mark),
            Span::raw(fit(&t.name, name_w)),
            Span::raw(" "),
            Span::raw(fit(&t.domain, domain_w)),
            Span::raw(" "),
            Span::raw(fit(&t.auth_label, auth_w)),
            Span::raw(" "),
            Span::raw(fit(
                if t.read_only {
                    "read-only"
                } else {
                    "read-write"
                },
                ro_w,
            )),
        ]);
        if i == c.selected {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}
