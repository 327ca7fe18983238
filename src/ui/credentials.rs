//! The Credentials tab and its dialogs: the tenant list (secrets only ever masked), the
//! selected tenant's last Test Connect, the add/edit form and the delete confirmation.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::App;
use crate::app::credentials::form::{AuthKind, Field, SourceKind};
use crate::app::credentials::{CredModal, DeleteTenant, FormTest, TenantForm, TestOutcome, Tone};
use crate::app::keymap::{Action, Context, Keymap};
use crate::app::layout;
use crate::config::keyring::Availability;
use crate::okta::sanitize::clean;

use super::style::Theme;
use super::text::{fit, width};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// A Test Connect time as every time is shown (the file keeps the full RFC 3339 time).
fn short_time(at: &str) -> String {
    crate::time_zone::format_stamp(at).unwrap_or_else(|| at.to_owned())
}

fn short_auth(label: &str) -> &str {
    if label.starts_with("OAuth") {
        "OAuth"
    } else if label.starts_with("API token") {
        "token"
    } else {
        label
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let c = &app.credentials;
    let w = area.width as usize;
    // Where the rows go: the same answer the reducer maps mouse clicks with.
    let geo = layout::tenant_list_in(c, area.y, area.width, area.height);
    let mut lines = Vec::new();
    for n in c.notices() {
        let style = match n.tone {
            Tone::Error => theme.error(),
            Tone::Warn => theme.warn(),
            Tone::Dim => theme.dim(),
        };
        if n.whole {
            // Not cut (a damaged file's line and column must show whatever the width).
            for piece in layout::wrap_chars(&n.text, area.width) {
                lines.push(Line::from(Span::styled(piece, style)));
            }
        } else {
            lines.push(Line::from(Span::styled(fit(&n.text, w), style)));
        }
    }
    // Columns, dropped by priority when narrow: the secret first.
    let show_secret = w >= 100;
    let name_w = 16.min(w / 5).max(6);
    let auth_w = 6;
    let secret_w = if show_secret { 20 } else { 0 };
    let access_w = 10;
    // "✓ 2026-11-29 09:50 UTC": a mark and a time naming its zone.
    let test_w = 22;
    let fixed =
        2 + name_w + auth_w + access_w + test_w + 5 + if show_secret { secret_w + 1 } else { 0 };
    let domain_w = w.saturating_sub(fixed).max(8);
    let mut head = vec![
        Span::styled(fit("  Tenant", name_w + 2), theme.title()),
        Span::raw(" "),
        Span::styled(fit("Domain", domain_w), theme.title()),
        Span::raw(" "),
        Span::styled(fit("Auth", auth_w), theme.title()),
        Span::raw(" "),
    ];
    if show_secret {
        head.push(Span::styled(fit("Secret", secret_w), theme.title()));
        head.push(Span::raw(" "));
    }
    head.push(Span::styled(fit("Access", access_w), theme.title()));
    head.push(Span::raw(" "));
    head.push(Span::styled(
        fit("Last Test Connect", test_w),
        theme.title(),
    ));
    lines.push(Line::from(head));
    debug_assert!(
        lines.len() == usize::from(geo.above) || geo.above == area.height,
        "the lines above the tenant rows must be the ones the geometry counts"
    );
    let active = app.tenant.as_ref().map(|t| t.name.as_str());
    // What goes below the rows; unlike the rows it wraps.
    let mut below = Vec::new();
    if c.tenants.is_empty() {
        // A damaged file refuses n and i (they would overwrite it): point at the fix instead.
        let hint = if c.damaged.is_some() {
            "  no tenants listed: the config file does not parse; fix it in an editor, then restart"
                .to_owned()
        } else {
            let key = |a| app.keymap.hint(Context::Credentials, a);
            format!(
                "  no tenants configured: {} adds one, {} imports OKTA_CLIENT_* or ~/.okta/okta.yaml",
                key(Action::TenantNew),
                key(Action::TenantImport)
            )
        };
        below.push(Line::from(Span::styled(hint, theme.dim())));
    }
    let (offset, rows) = (geo.offset, geo.rows);
    for (i, t) in c.tenants.iter().enumerate().skip(offset).take(rows) {
        let mark = if Some(t.name.as_str()) == active {
            "● "
        } else {
            "  "
        };
        let (test_text, test_style) = match c.config(&t.name).and_then(|x| x.last_test.as_ref()) {
            _ if c.testing.as_ref().is_some_and(|(_, n)| *n == t.name) => (
                format!("{} testing…", SPINNER[app.spinner % SPINNER.len()]),
                theme.info(),
            ),
            Some(l) if l.ok => (format!("✓ {}", short_time(&l.at)), theme.info()),
            Some(l) => (format!("✗ {}", short_time(&l.at)), theme.error()),
            // The demo / OKTA_CLIENT_* tenant: listed for switching, never saved to the file.
            None if c.settings.is_some() && c.config(&t.name).is_none() => {
                ("this session only".to_owned(), theme.dim())
            }
            None => ("never".to_owned(), theme.dim()),
        };
        let mut spans = vec![
            Span::raw(mark),
            Span::raw(fit(&clean(&t.name), name_w)),
            Span::raw(" "),
            Span::raw(fit(&clean(&t.domain), domain_w)),
            Span::raw(" "),
            Span::raw(fit(short_auth(&t.auth_label), auth_w)),
            Span::raw(" "),
        ];
        if show_secret {
            spans.push(Span::raw(fit(&c.secret_label(&t.name), secret_w)));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::raw(fit(
            if t.read_only {
                "read-only"
            } else {
                "read-write"
            },
            access_w,
        )));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(fit(&test_text, test_w), test_style));
        let mut line = Line::from(spans);
        if i == c.selected {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    // The notices, titles and rows are cut to the width, never wrapped, so every row sits
    // exactly where the geometry says; only the hint or panel below wraps.
    let list_h = lines.len().min(usize::from(area.height)) as u16;
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: list_h,
            ..area
        },
    );
    let panel_top = area.y + list_h;
    let panel_area = Rect {
        y: panel_top,
        height: (area.y + area.height).saturating_sub(panel_top),
        ..area
    };
    below.push(Line::from(""));
    below.extend(selected_panel(app, w, theme));
    frame.render_widget(Paragraph::new(below).wrap(Wrap { trim: false }), panel_area);
}

/// The selected tenant in full: where its secret comes from, and its last Test Connect.
fn selected_panel(app: &App, w: usize, theme: Theme) -> Vec<Line<'static>> {
    let c = &app.credentials;
    let Some(row) = c.selected_row() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let cfg = c.config(&row.name);
    let mut about = format!("{} · {} · {}", clean(&row.name), row.domain, row.auth_label);
    let secret = c.secret_label(&row.name);
    if !secret.is_empty() {
        about.push_str(&format!(" {secret}"));
    }
    about.push_str(if row.read_only {
        " · read-only"
    } else {
        " · read-write"
    });
    if let Some(color) = cfg.and_then(|t| t.effective_color()) {
        about.push_str(&format!(" · header {color}"));
    }
    out.push(Line::from(Span::styled(fit(&about, w), theme.section())));
    if let Some(outcome) = c.reports.get(&row.name) {
        out.extend(outcome_lines(outcome, w, theme));
    } else if let Some(l) = cfg.and_then(|t| t.last_test.as_ref()) {
        let (mark, style) = if l.ok {
            ("✓", theme.info())
        } else {
            ("✗", theme.error())
        };
        out.push(Line::from(Span::styled(
            format!(
                "{mark} Test Connect {}: {}",
                short_time(&l.at),
                clean(&l.summary)
            ),
            style,
        )));
    } else if cfg.is_some() {
        let test = app.keymap.hint(Context::Credentials, Action::TenantTest);
        out.push(Line::from(Span::styled(
            fit(&format!("never tested: {test} runs Test Connect"), w),
            theme.dim(),
        )));
    }
    out
}

fn outcome_lines(o: &TestOutcome, w: usize, theme: Theme) -> Vec<Line<'static>> {
    let (mark, style) = if o.ok {
        ("✓", theme.info())
    } else {
        ("✗", theme.error())
    };
    // The summary is not cut: a failure must say all of what is wrong (the caller wraps).
    let mut out = vec![Line::from(Span::styled(
        format!("{mark} {}", clean(&o.summary)),
        style,
    ))];
    for (k, v) in &o.details {
        out.push(Line::from(vec![
            // The colon and space keep a long label from running into its value.
            Span::styled(format!("  {:<13} ", format!("{k}:")), theme.label()),
            Span::raw(fit(&clean(v), w.saturating_sub(16))),
        ]));
    }
    out
}

/// The Credentials dialogs, drawn over the screen.
pub fn draw_modal(frame: &mut Frame, app: &App, m: &CredModal, theme: Theme) {
    match m {
        CredModal::ConfirmDelete(d) => delete(frame, d, &app.keymap, theme),
        CredModal::Form(f) => form(frame, f, app.spinner, &app.keymap, theme),
    }
}

fn delete(frame: &mut Frame, d: &DeleteTenant, keys: &Keymap, theme: Theme) {
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Delete tenant "),
            Span::styled(clean(&d.name), theme.section()),
            Span::raw(" from the config file?"),
        ]),
        Line::from("Its domain, settings and stored secret are removed from the file."),
    ];
    if d.in_keyring {
        lines.push(Line::from("Its token is removed from the OS keyring too."));
    }
    if d.active {
        lines.push(Line::from(Span::styled(
            "It is the open connection: it stays open until you switch.",
            theme.warn(),
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(
            keys.hint(Context::TenantDelete, Action::TenantDeleteConfirm),
            theme.key(),
        ),
        Span::raw(" delete   "),
        Span::styled(
            keys.hint_all(Context::TenantDelete, Action::TenantDeleteKeep),
            theme.key(),
        ),
        Span::raw(" keep"),
    ]));
    super::chrome::dialog(frame, " delete tenant ", lines, 70, theme);
}

const LABEL_W: usize = 18;

fn form(frame: &mut Frame, f: &TenantForm, spinner: usize, keys: &Keymap, theme: Theme) {
    let full = frame.area();
    let w = 86u16.min(full.width.saturating_sub(2)).max(30);
    let inner_w = w.saturating_sub(2) as usize;
    let value_w = inner_w.saturating_sub(LABEL_W);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cursor: Option<(u16, u16)> = None;
    let fields = f.fields();
    for &field in fields.iter().filter(|x| !x.is_button()) {
        let focused = f.focus == field;
        let label_style = if focused {
            theme.selected()
        } else {
            theme.label()
        };
        let mut spans = vec![
            Span::styled(fit(field.label(), LABEL_W - 1), label_style),
            Span::raw(" "),
        ];
        let (text, style): (String, Style) = match field {
            Field::Auth => (format!("‹ {} ›", f.auth.label()), Style::default()),
            Field::Source => (format!("‹ {} ›", f.source.label()), Style::default()),
            Field::Dpop => (
                format!(
                    "‹ {} ›",
                    match f.dpop {
                        crate::config::DpopMode::Auto => "auto (DPoP if the app requires it)",
                        crate::config::DpopMode::On => "on",
                        crate::config::DpopMode::Off => "off",
                    }
                ),
                Style::default(),
            ),
            Field::ReadOnly => (
                format!(
                    "‹ {} ›",
                    if f.read_only {
                        "yes (writes refused)"
                    } else {
                        "no"
                    }
                ),
                Style::default(),
            ),
            Field::Color => (format!("‹ {} ›", f.color_label()), Style::default()),
            Field::Token if f.token.is_empty() => match &f.kept_secret {
                Some(kept) => (format!("(empty keeps {kept})"), theme.dim()),
                None => (String::new(), Style::default()),
            },
            // The secret: bullets only, never the text.
            Field::Token => (f.token.masked(), Style::default()),
            Field::KeyFile if f.key_file.text.is_empty() && f.kept_secret.is_some() => (
                format!(
                    "(empty keeps the {})",
                    f.kept_secret.as_deref().unwrap_or("")
                ),
                theme.dim(),
            ),
            other => (
                f.input(other).map(|i| clean(&i.text)).unwrap_or_default(),
                Style::default(),
            ),
        };
        spans.push(Span::styled(fit(&text, value_w), style));
        if focused && let Some(input) = f.input(field) {
            let before: String = input.text.chars().take(input.cursor).collect();
            let x = if field == Field::Token {
                input.cursor
            } else {
                width(&before)
            };
            cursor = Some((
                (LABEL_W + x.min(value_w.saturating_sub(1))) as u16,
                lines.len() as u16,
            ));
        }
        lines.push(Line::from(spans));
        if let Some((ef, msg)) = &f.error
            && *ef == field
        {
            // Not cut: the reason and its alternatives must show whole (the paragraph wraps).
            lines.push(Line::from(Span::styled(
                format!("{:LABEL_W$}✗ {}", "", clean(msg)),
                theme.error(),
            )));
        }
    }
    let source_refused = matches!(&f.error, Some((Field::Source, _)));
    if f.auth == AuthKind::Token
        && !source_refused
        && (f.focus == Field::Source || f.source == SourceKind::Keyring)
    {
        // Whether the keyring choice can work here, said plainly, with the alternatives.
        let (text, style) = match &f.keyring {
            Availability::Running => (
                "OS keyring found: with that source the token is stored there, not in the file"
                    .to_owned(),
                theme.dim(),
            ),
            Availability::Checking => ("checking for an OS keyring…".to_owned(), theme.dim()),
            Availability::Missing(why) if f.source == SourceKind::Keyring => {
                (why.clone(), theme.warn())
            }
            Availability::Missing(why) => (why.clone(), theme.dim()),
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    lines.push(Line::from(""));
    if f.confirm_discard {
        let discard = keys.hint(Context::TenantDiscard, Action::FormDiscard);
        lines.push(Line::from(Span::styled(
            fit(
                &format!("Discard what you typed? {discard} discards · any other key goes back"),
                inner_w,
            ),
            theme.warn(),
        )));
    }
    let mut buttons = Vec::new();
    for &b in fields.iter().filter(|x| x.is_button()) {
        let label = if b == Field::Save && f.editing.is_some() {
            "Connect & Save"
        } else {
            b.label()
        };
        let style = if f.focus == b {
            theme.selected()
        } else {
            theme.key()
        };
        buttons.push(Span::styled(format!("[ {label} ]"), style));
        buttons.push(Span::raw(" "));
    }
    lines.push(Line::from(buttons));
    if let Some((Field::Save, msg)) = &f.error {
        lines.push(Line::from(Span::styled(fit(msg, inner_w), theme.error())));
    }
    for warn in &f.warnings {
        lines.push(Line::from(Span::styled(
            format!("! {}", clean(warn)),
            theme.warn(),
        )));
    }
    match &f.test {
        FormTest::Idle => {}
        FormTest::Running(_) => lines.push(Line::from(Span::styled(
            format!("{} Test Connect running…", SPINNER[spinner % SPINNER.len()]),
            theme.info(),
        ))),
        FormTest::Done(outcome, _) => {
            lines.push(Line::from(""));
            lines.extend(outcome_lines(outcome, inner_w, theme));
        }
    }
    if f.saving.is_some() {
        lines.push(Line::from(Span::styled("saving…", theme.info())));
    }
    let title = match &f.editing {
        Some(name) => format!(" edit tenant {} ", clean(name)),
        None => " add tenant ".to_owned(),
    };
    let inner_rows = super::chrome::wrapped_rows(&lines, inner_w);
    let h = (inner_rows as u16 + 2).min(full.height);
    let area = super::chrome::centered(full, w, h);
    let inner = super::chrome::boxed(frame, area, &title, theme);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if let Some((x, y)) = cursor
        && y < inner.height
    {
        frame.set_cursor_position((inner.x + x.min(inner.width.saturating_sub(1)), inner.y + y));
    }
}
