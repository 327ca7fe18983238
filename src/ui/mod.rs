//! Drawing only: `draw(frame, &App)` reads the model and never changes it.

mod actions;
mod chrome;
mod clusters;
mod columns;
mod credentials;
mod detail;
mod dialogs;
mod forms;
mod journal;
mod logs;
mod menu;
mod pane;
mod picker;
mod playbooks;
mod profile;
mod progress;
pub mod style;
mod table;
pub mod text;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::layout::{self, BODY_TOP, TAB_TITLES};
use crate::app::{Action, App, Context, LoadState, Screen, StatusKind, Tab, thousands};

use style::Theme;
use text::{fit, width};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme { color: app.color };
    if area.height < 8 || area.width < 30 {
        frame.render_widget(
            Paragraph::new("oktui: the terminal is too small (need 30x8)"),
            area,
        );
        return;
    }
    let row = |y: u16| Rect::new(area.x, area.y + y, area.width, 1);
    header(frame, app, row(layout::HEADER_ROW), theme);
    tabs(frame, app, row(layout::TABS_ROW), theme);
    // A long message wraps onto more rows of the status line, taken from the body.
    let status_rows = app.status_rows_text(area.width);
    let status_h = status_rows.len() as u16;
    let body = Rect::new(
        area.x,
        area.y + BODY_TOP,
        area.width,
        layout::body_height(area.height.saturating_sub(status_h - 1)),
    );
    // From 140 columns the focused row's detail sits beside the list (`ui/pane.rs`).
    let body = if app.pane_visible() {
        let (list, side) = pane::split(body);
        pane::draw(frame, side, app, theme);
        list
    } else {
        body
    };
    match app.stack.last() {
        Some(Screen::User(d)) => detail::user(frame, body, d, theme),
        Some(Screen::Group(g)) => detail::group(frame, body, g, &app.keymap, theme),
        None => match app.tab {
            Tab::Users | Tab::Groups if app.tenant.is_none() => {
                table::no_tenant(frame, body, &app.keymap, theme)
            }
            Tab::Users => table::draw_table(
                frame,
                body,
                &app.users.list,
                &table::USERS,
                &app.keymap,
                theme,
            ),
            Tab::Groups => table::draw_table(
                frame,
                body,
                &app.groups.list,
                &table::GROUPS,
                &app.keymap,
                theme,
            ),
            Tab::Credentials => credentials::draw(frame, body, app, theme),
            Tab::Logs => logs::draw(frame, body, app, theme),
        },
    }
    let status_area = Rect::new(
        area.x,
        area.y + area.height - 1 - status_h,
        area.width,
        status_h,
    );
    status_line(frame, app, status_area, status_rows, theme);
    footer(frame, app, row(area.height - 1), theme);
    dialogs::draw(frame, app, theme);
    // Last, over everything drawn: keeps ratatui's picture of each column the terminal's.
    clusters::spread_clusters(frame.buffer_mut());
}

/// Tenant, domain, read-only badge on the left; rate budget and loading on the right.
fn header(frame: &mut Frame, app: &App, area: Rect, theme: Theme) {
    let base = theme.header(app.tenant.as_ref().and_then(|t| t.color.as_deref()));
    // The product name is the first thing to go when room is short.
    let mut left = vec![Span::styled(
        if area.width >= 100 { " oktui │" } else { "" },
        base,
    )];
    match &app.tenant {
        Some(t) => {
            left.push(Span::styled(format!(" {} ", t.name), base));
            left.push(Span::styled(format!("{} ", t.domain), base));
            if t.read_only {
                left.push(Span::styled(" READ-ONLY ", theme.badge()));
            }
        }
        None => left.push(Span::styled(" not connected ", base)),
    }
    let mut right = Vec::new();
    if let Some(text) = loading_text(app) {
        right.push(text);
    }
    right.extend(app.index.header());
    // Tail mode shows wherever the admin is: the events it brings are the point.
    if let Some(text) = logs::tail_text(app) {
        right.insert(0, text);
    }
    // The client itself waiting out a 429 (a stream's own wait already says so above).
    if let Some(secs) = app.rate_wait
        && !right.iter().any(|t| t.contains("rate limited"))
    {
        right.insert(0, format!("rate limited, resuming in {secs}s"));
    }
    let left_w: usize = left.iter().map(|s| width(&s.content)).sum();
    let room = (area.width as usize).saturating_sub(left_w);
    // The budget names its bucket ("rate users 541/600") where that fits, else only figures.
    if let Some(r) = app.rate {
        let named = format!("rate {}", r.summary());
        let long = right.iter().map(|t| width(t) + 3).sum::<usize>() + width(&named) + 1;
        right.push(if long <= room {
            named
        } else {
            format!("rate {}/{}", r.remaining, r.limit)
        });
    }
    let right = right.join(" │ ") + " ";
    left.push(Span::styled(
        format!("{:>room$}", fit_right(&right, room)),
        base,
    ));
    frame.render_widget(Paragraph::new(Line::from(left)).style(base), area);
}

fn fit_right(s: &str, w: usize) -> String {
    if width(s) <= w {
        s.to_owned()
    } else {
        fit(s, w)
    }
}

/// What is loading, for the header: "⠋ users 12,400 loaded".
fn loading_text(app: &App) -> Option<String> {
    let spin = SPINNER[app.spinner % SPINNER.len()];
    let describe = |noun: &str, load: &LoadState, n: usize| match load {
        LoadState::Loading => Some(format!("{spin} {noun} {} loaded", thousands(n))),
        LoadState::Waiting { seconds } => Some(format!(
            "{spin} {noun} {}: rate limited, resuming in {seconds}s",
            thousands(n)
        )),
        LoadState::Retrying { seconds, attempt } => Some(format!(
            "{spin} {noun} {}: page failed, retrying in {seconds}s ({attempt}/{})",
            thousands(n),
            crate::okta::page_retry::PAGE_RETRIES
        )),
        LoadState::Paused(e) if e.retryable() => Some(format!(
            "{noun} {} (paused: {} retries)",
            thousands(n),
            chrome::key_of(&app.keymap, Action::Refresh)
        )),
        LoadState::Paused(_) => Some(format!("{noun} {} (refused)", thousands(n))),
        LoadState::Stopped => Some(format!("{noun} {} (stopped)", thousands(n))),
        LoadState::Done if noun != "members" => Some(format!("{} {noun}", thousands(n))),
        _ => None,
    };
    let mut parts = Vec::new();
    match app.stack.last() {
        Some(Screen::Group(g)) => {
            parts.extend(describe("members", &g.members.load, g.members.rows.len()))
        }
        Some(Screen::User(d)) if d.is_loading() => parts.push(format!("{spin} loading user")),
        _ => {}
    }
    parts.extend(match app.tab {
        Tab::Groups => describe("groups", &app.groups.list.load, app.groups.list.rows.len()),
        Tab::Logs => describe("events", &app.logs.list.load, app.logs.list.rows.len()),
        _ => describe("users", &app.users.list.load, app.users.list.rows.len()),
    });
    (!parts.is_empty()).then(|| parts.join(" │ "))
}

/// Tabs, then every active mode: server query, local filter, sort.
fn tabs(frame: &mut Frame, app: &App, area: Rect, theme: Theme) {
    let mut spans = Vec::new();
    for (i, t) in TAB_TITLES.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(*t, theme.tab(app.tab.index() == i)));
    }
    let mut modes = Vec::new();
    let query = match app.tab {
        Tab::Users => app.users.query_label.as_deref(),
        Tab::Groups => app.groups.query_label.as_deref(),
        Tab::Credentials | Tab::Logs => None,
    };
    if app.stack.is_empty()
        && let Some(q) = query
    {
        modes.push(format!("server {q}"));
    }
    if app.stack.is_empty() && app.tab == Tab::Logs {
        modes.extend(logs::modes(app));
    }
    if let Some(list) = app.focused_list() {
        if let Some(f) = list.filter_text() {
            modes.push(format!(
                "filter /{f} ({} shown)",
                thousands(list.visible_len())
            ));
        }
        if let Some(s) = list.sort() {
            let titles = match (app.stack.last(), app.tab) {
                (None, Tab::Groups) => crate::app::groups::GROUP_COLUMNS,
                (None, Tab::Logs) => crate::app::logs::LOG_COLUMNS,
                _ => crate::app::users::USER_COLUMNS,
            };
            let arrow = if s.descending { "↓" } else { "↑" };
            modes.push(format!(
                "sort {} {arrow}",
                titles.get(s.column).unwrap_or(&"")
            ));
        }
    }
    if !app.mouse {
        modes.push("mouse off".to_owned());
    }
    if !modes.is_empty() {
        spans.push(Span::raw("  "));
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        let room = (area.width as usize).saturating_sub(used);
        spans.push(Span::styled(fit(&modes.join(" · "), room), theme.mode()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The filter being typed, else the latest message, wrapped onto the rows given.
fn status_line(frame: &mut Frame, app: &App, area: Rect, rows: Vec<String>, theme: Theme) {
    if let Some(input) = &app.filter_input {
        let prompt = "/";
        let line = Line::from(vec![
            Span::styled(prompt, theme.key()),
            Span::raw(fit(&input.text, (area.width as usize).saturating_sub(1))),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        let before: String = input.text.chars().take(input.cursor).collect();
        let x = (1 + width(&before)).min(area.width.saturating_sub(1) as usize) as u16;
        frame.set_cursor_position((area.x + x, area.y));
        return;
    }
    let Some(status) = &app.status else { return };
    let style = match status.kind {
        StatusKind::Info => theme.info(),
        StatusKind::Warn => theme.warn(),
        StatusKind::Error => theme.error(),
    };
    let room = area.width as usize;
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|r| Line::from(Span::styled(fit(&r, room), style)))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The keys that work here, from the keymap.
fn footer(frame: &mut Frame, app: &App, area: Rect, theme: Theme) {
    let items: Vec<(String, &str)> = if app.filter_input.is_some() {
        let mut items = app.keymap.footer(Context::FilterLine);
        // The filter's syntax, not keys.
        items.extend([("!x".into(), "not x"), ("'x".into(), "exact")]);
        items
    } else {
        app.keymap
            .footer_where(app.context(), |a| app.key_available(a))
    };
    // `? help` always shows (at the right end) so every other key can be found.
    let help = items
        .iter()
        .position(|(_, l)| *l == "help")
        .map(|i| items[i].clone());
    // When keys do not fit (the write keys, at 80 columns), the help key says it lists them.
    const ALL_KEYS: &str = "all keys";
    let reserve = help
        .as_ref()
        .map(|(k, l)| width(k) + 1 + width(l).max(width(ALL_KEYS)))
        .unwrap_or(0);
    let mut spans = Vec::new();
    let mut used = 0usize;
    let mut cut = false;
    for (key, label) in items.iter().filter(|(_, l)| *l != "help") {
        let w = width(key) + 1 + width(label) + 2;
        if used + w + reserve > area.width as usize {
            cut = true;
            break;
        }
        spans.push(Span::styled(key.clone(), theme.key()));
        spans.push(Span::styled(format!(" {label}  "), Style::default()));
        used += w;
    }
    if let Some((key, label)) = help {
        let label = if cut { ALL_KEYS } else { label };
        let pad = (area.width as usize).saturating_sub(used + width(&key) + 1 + width(label));
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {label}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
