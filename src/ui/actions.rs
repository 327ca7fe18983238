//! Drawing the write dialogs: the check, the action menu, confirm, the write in flight and a
//! link; the journal (`journal.rs`), the create form (`forms.rs`), pickers (`picker.rs`) and
//! runs (`progress.rs`) draw in their own files. Every key a dialog names comes from the key
//! table for the dialog's context, so a remap shows here too.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::app::actions::{
    ActionMenu, ActionModal, Checking, Confirm, Countdown, LinkDialog, Running,
};
use crate::app::component::Component;
use crate::app::ids::OpKind;
use crate::app::keymap::{Action, Keymap};

use super::chrome::{cursor_w, dialog, rows_before};
use super::style::Theme;
use super::text::{fit, width};
use super::{forms, journal, menu, picker, progress};

pub fn draw(frame: &mut Frame, app: &App, modal: &ActionModal, theme: Theme) {
    match modal {
        ActionModal::Checking(c) => checking(frame, &app.keymap, c, theme),
        ActionModal::Menu(m) => menu(frame, app, m, theme),
        ActionModal::Confirm(c) => confirm(frame, app, c, theme),
        ActionModal::Running(r) => running(frame, r, theme),
        ActionModal::Link(l) => link(frame, &app.keymap, l, theme),
        ActionModal::Journal(j) => journal::draw(frame, &app.keymap, j, theme),
        ActionModal::Bulk(run) => progress::draw(frame, app, run, theme),
        ActionModal::MemberMenu(m) => picker::member_menu(frame, app, m, theme),
        ActionModal::Picker { picker: p, .. } => picker::draw(frame, &app.keymap, p, theme),
        ActionModal::Form(f) => forms::create_form(frame, &app.keymap, f, theme),
    }
}

fn checking(frame: &mut Frame, keys: &Keymap, c: &Checking, theme: Theme) {
    let mut lines = vec![Line::from(format!(
        "Asking Okta what {} allows now…",
        c.target.login
    ))];
    lines.extend(rate_wait_line(c.wait, theme));
    lines.push(Line::from(Span::styled(
        format!(
            "(a fresh GET of the user; {} gives up)",
            keys.hint(c.context(), Action::Close)
        ),
        theme.dim(),
    )));
    dialog(frame, " checking ", lines, 64, theme);
}

/// "Okta's rate limit: waiting 12s" while the client sits out a wait.
fn rate_wait_line(wait: Countdown, theme: Theme) -> Option<Line<'static>> {
    wait.0.map(|secs| {
        Line::from(Span::styled(
            format!("Okta's rate limit: waiting {secs}s before it is sent"),
            theme.warn(),
        ))
    })
}

fn menu(frame: &mut Frame, app: &App, m: &ActionMenu, theme: Theme) {
    let keys = &app.keymap;
    let ctx = m.context();
    let user = &m.user.row;
    let mut lines = vec![
        Line::from(vec![
            Span::raw(format!("{} ", user.login())),
            Span::styled(user.status_api().to_owned(), theme.status(&user.status())),
        ]),
        Line::from(Span::styled(
            format!("on {}", app.tenant_label()),
            theme.dim(),
        )),
        Line::from(""),
    ];
    lines.extend(menu::choices(
        keys,
        ctx,
        &m.items,
        m.selected,
        |item| (item.action(), item.label()),
        theme,
    ));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!(
            "{} · only what the user's status allows",
            menu::pick_hint(keys, ctx)
        ),
        theme.dim(),
    )));
    dialog(frame, " actions ", lines, 70, theme);
}

/// The target's login as the screen draws it, and whether that differs from the login itself
/// (characters that do not show, like a zero-width space, drawn as their code): the dialog
/// then warns, because such a login can pass for another user's.
fn login_for_confirm(login: &str) -> (String, bool) {
    // `fit` draws text the way every console cell does, codes included; at the login's own
    // drawn width nothing is cut, so any difference is a character shown differently.
    let shown = fit(login, width(login));
    let differs = shown != login;
    (shown, differs)
}

fn confirm(frame: &mut Frame, app: &App, c: &Confirm, theme: Theme) {
    let keys = &app.keymap;
    let ctx = c.context();
    let (login, hidden) = login_for_confirm(&c.target.login);
    let mut lines = vec![
        field("User", &format!("{login} ({})", c.target.id), theme),
        field("Tenant", &app.tenant_label(), theme),
        Line::from(vec![
            Span::styled(format!("{:<9}", "Status"), theme.label()),
            Span::styled(c.status.as_api().to_owned(), theme.status(&c.status)),
        ]),
    ];
    if hidden {
        // A look-alike login: the admin must see it is not the plain name it seems to be.
        lines.push(Line::from(Span::styled(
            "The login holds invisible characters (shown as <U+…>): check this is the user you mean.",
            theme.error(),
        )));
    }
    lines.push(Line::from(""));
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
        let note = if c.send_email { yes } else { no };
        let key = keys.hint(ctx, Action::ToggleEmail);
        lines.push(toggle(&key, "send email", c.send_email, note, theme));
    }
    if c.kind == OpKind::ResetPassword {
        let note = if c.revoke_sessions {
            "the user is signed out everywhere"
        } else {
            "existing sessions stay"
        };
        let key = keys.hint(ctx, Action::ToggleRevoke);
        lines.push(toggle(
            &key,
            "revoke sessions",
            c.revoke_sessions,
            note,
            theme,
        ));
    }
    if c.kind == OpKind::ClearSessions {
        let note = "also revokes OIDC/OAuth access and refresh tokens";
        let key = keys.hint(ctx, Action::ToggleOauth);
        lines.push(toggle(
            &key,
            "revoke OAuth tokens",
            c.oauth_tokens,
            note,
            theme,
        ));
    }
    let mut input_at = None;
    if c.asked_own {
        lines.push(Line::from(Span::styled(
            format!(
                "{login} is YOUR OWN account (the admin this credential acts as). {} it anyway?",
                c.kind.label()
            ),
            theme.error(),
        )));
        lines.push(Line::from(vec![
            Span::styled(keys.hint_all(ctx, Action::Confirm), theme.key()),
            Span::raw(": yes, my own account · "),
            Span::styled(keys.hint_all(ctx, Action::Close), theme.key()),
            Span::raw(": cancel"),
        ]));
    } else if c.needs_typed_login() {
        lines.push(Line::from(format!(
            "Type the login ({login}) and press {} to confirm:",
            keys.hint(ctx, Action::Confirm)
        )));
        let style = if c.ready() {
            theme.info()
        } else {
            Style::default()
        };
        input_at = Some(lines.len());
        lines.push(Line::from(vec![
            Span::styled("> ", theme.key()),
            Span::styled(c.typed.text.clone(), style),
        ]));
        if c.mismatch {
            lines.push(Line::from(Span::styled(
                format!("that is not the login: type {login} exactly"),
                theme.error(),
            )));
        } else {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "{}: delete (when the login matches) · {}: cancel",
                keys.hint(ctx, Action::Confirm),
                keys.hint(ctx, Action::Close)
            ),
            theme.dim(),
        )));
    } else {
        lines.push(Line::from(vec![
            Span::styled(keys.hint_all(ctx, Action::Confirm), theme.key()),
            Span::raw(format!(": {} · ", c.title().to_lowercase())),
            Span::styled(keys.hint_all(ctx, Action::Close), theme.key()),
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

fn running(frame: &mut Frame, r: &Running, theme: Theme) {
    let mut lines = vec![Line::from(format!("{}…", r.op.describe()))];
    match rate_wait_line(r.wait, theme) {
        Some(l) => lines.push(l),
        None => lines.push(Line::from(Span::styled(
            "sent; waiting for Okta",
            theme.dim(),
        ))),
    }
    dialog(frame, " working ", lines, 70, theme);
}

fn link(frame: &mut Frame, keys: &Keymap, l: &LinkDialog, theme: Theme) {
    let mut lines = vec![
        Line::from(format!("The {} for {} (not emailed):", l.what, l.login)),
        Line::from(""),
        Line::from(Span::styled(l.url.clone(), theme.info())),
        Line::from(""),
        Line::from(Span::styled(
            "It is shown once: oktui does not log or journal it.",
            theme.dim(),
        )),
    ];
    if l.copied {
        lines.push(Line::from(Span::styled(
            "copied to the clipboard (OSC 52)",
            theme.info(),
        )));
    }
    lines.push(Line::from(vec![
        Span::styled(keys.hint(l.context(), Action::Copy), theme.key()),
        Span::raw(" copies · any other key closes"),
    ]));
    let title = format!(" {} ", l.what);
    dialog(frame, &title, lines, 96, theme);
}

fn field(label: &str, value: &str, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:<9}"), theme.label()),
        Span::raw(value.to_owned()),
    ])
}

fn toggle(key: &str, name: &str, on: bool, note: &str, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("[{key}] "), theme.key()),
        Span::raw(format!("{name}: ")),
        Span::styled(if on { "yes" } else { "no" }.to_owned(), theme.section()),
        Span::styled(format!("  ({note})"), theme.dim()),
    ])
}
