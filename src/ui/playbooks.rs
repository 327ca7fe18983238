//! Drawing the playbooks: the menu, the plan (steps with their objects and ticks, what stays
//! and why, options, the estimate, the typed confirmation), the run with per-step results, the
//! residue report, and the offer to continue an unfinished run. Keys come from the key table.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::app::component::Component;
use crate::app::keymap::{Action, Context, Keymap};
use crate::app::playbooks::run_view::RunStage;
use crate::app::playbooks::{PlanView, PlaybookMenu, PlaybookModal, ResumeOffer, RunView};
use crate::okta::sanitize::visible;
use crate::playbook::run::StepOutcome;

use super::chrome::{boxed, cursor_w, dialog, tall};
use super::style::Theme;
use super::text::fit;

pub fn draw(frame: &mut Frame, app: &App, m: &PlaybookModal, theme: Theme) {
    match m {
        PlaybookModal::Menu(menu) => draw_menu(frame, app, menu, theme),
        PlaybookModal::Planning { name, users, .. } => {
            let lines = vec![
                Line::from(format!(
                    "Reading {users} user(s) to plan {}…",
                    visible(name)
                )),
                Line::from(Span::styled(
                    format!(
                        "(groups, apps, roles, sessions, tokens and group rules; {} stops)",
                        app.keymap.hint(Context::PlaybookPlanning, Action::Close)
                    ),
                    theme.dim(),
                )),
            ];
            dialog(frame, " planning ", lines, 72, theme);
        }
        PlaybookModal::Plan(view) => draw_plan(frame, app, view, theme),
        PlaybookModal::Run(view) => draw_run(frame, app, view, theme),
        PlaybookModal::Resume(offer) => draw_resume(frame, &app.keymap, offer, theme),
    }
}

fn draw_menu(frame: &mut Frame, app: &App, menu: &PlaybookMenu, theme: Theme) {
    let keys = &app.keymap;
    let ctx = menu.context();
    let mut lines = vec![
        Line::from(format!("Run a playbook on {}", visible(&menu.who()))),
        Line::from(Span::styled(
            format!("on {}", visible(&app.tenant_label())),
            theme.dim(),
        )),
        Line::from(""),
    ];
    for (i, p) in menu.items.iter().enumerate() {
        let steps: Vec<&str> = p.steps.iter().map(|s| s.name()).collect();
        let text = format!(" {:<14} {}", visible(&p.name), steps.join(", "));
        let style = if i == menu.selected {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    if let Some(input) = &menu.template {
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "Copy from which user (login)? {} plans · {} back: ",
                    keys.hint(Context::PlaybookConfirm, Action::Choose),
                    keys.hint(Context::PlaybookConfirm, Action::Close)
                ),
                theme.warn(),
            ),
            Span::raw(input.text.clone()),
        ]));
    }
    if let Some(w) = &menu.warning {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("config playbooks: {}", visible(w)),
            theme.warn(),
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!(
            "{}{} move · {} shows the plan (nothing is sent yet) · {} closes",
            keys.hint(ctx, Action::Up),
            keys.hint(ctx, Action::Down),
            keys.hint(ctx, Action::Choose),
            keys.hint(ctx, Action::Close)
        ),
        theme.dim(),
    )));
    dialog(frame, " playbooks ", lines, 90, theme);
}

/// "1m 05s" or "under a second".
fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        return "no wait for the rate limit".into();
    }
    let s = seconds.round() as u64;
    if s < 60 {
        format!("about {s}s (rate limit)")
    } else {
        format!("about {}m {:02}s (rate limit)", s / 60, s % 60)
    }
}

/// " · budget users 541/600, apps 98/100" (the budgets the estimate used), or " · budget not
/// seen yet (600/min assumed)".
fn budgets(view: &PlanView) -> String {
    if view.budgets.is_empty() {
        return " · budget not seen yet (600/min assumed)".into();
    }
    let all: Vec<String> = view.budgets.iter().map(|(_, b)| b.summary()).collect();
    format!(" · budget {}", all.join(", "))
}

fn draw_plan(frame: &mut Frame, app: &App, view: &PlanView, theme: Theme) {
    let keys = &app.keymap;
    let ctx = Context::PlaybookPlan;
    let area = tall(frame.area(), 120);
    let plan = &view.plan;
    let title = format!(
        " plan: {} on {}{} ",
        visible(&plan.playbook.name),
        visible(app.tenant.as_ref().map_or("no tenant", |t| t.name.as_str())),
        if plan.read_only { " (dry run)" } else { "" }
    );
    let inner = boxed(frame, area, &title, theme);
    let w = inner.width as usize;
    let mut head: Vec<Line> = Vec::new();
    let counts: Vec<String> = plan
        .counts()
        .iter()
        .map(|(k, n)| format!("{} {n}", k.name()))
        .collect();
    head.push(Line::from(Span::styled(
        fit(
            &format!(
                "{} of {} writes ticked on {} user(s) · {}",
                view.ticked(),
                view.step_count(),
                plan.users.len(),
                duration(view.seconds()),
            ),
            w,
        ),
        theme.title(),
    )));
    head.push(Line::from(Span::styled(
        fit(
            &format!(
                "{}{}",
                if counts.is_empty() {
                    "nothing to do".to_owned()
                } else {
                    counts.join(", ")
                },
                budgets(view)
            ),
            w,
        ),
        theme.dim(),
    )));
    head.push(Line::from(Span::styled(
        fit(
            &format!(
                "{} {}  ·  {} forget devices: {}{}",
                keys.hint(ctx, Action::ToggleDeactivate),
                if view.deactivates() {
                    "DEACTIVATE (ends app assignments)"
                } else {
                    "suspend (reversible)"
                },
                keys.hint(ctx, Action::ToggleForgetDevices),
                if plan.playbook.options.forget_devices {
                    "yes"
                } else {
                    "no"
                },
                if view.replanning.is_some() {
                    "  · planning again…"
                } else {
                    ""
                }
            ),
            w,
        ),
        theme.dim(),
    )));
    if let Some(id) = &view.resume {
        head.push(Line::from(Span::styled(
            fit(
                &format!(
                    "continues run {}: steps the journal records as done are not sent again",
                    visible(id)
                ),
                w,
            ),
            theme.info(),
        )));
    }
    let mut body: Vec<Line> = Vec::new();
    let mut focus_line = 0;
    let mut index = 0usize;
    for u in &plan.users {
        body.push(Line::from(Span::styled(
            fit(
                &format!("{}  {}", visible(&u.user.login), visible(&u.status)),
                w,
            ),
            theme.section(),
        )));
        if let Some(e) = &u.error {
            body.push(Line::from(Span::styled(
                fit(&format!("  cannot plan: {}", visible(e)), w),
                theme.error(),
            )));
        }
        for s in &u.steps {
            let selected = index == view.selected;
            if selected {
                focus_line = body.len();
            }
            let tick = if s.enabled { "[x]" } else { "[ ]" };
            let text = format!(
                " {tick} {:<11} {}",
                s.kind.name(),
                visible(&s.write.describe())
            );
            let style = if selected {
                theme.selected()
            } else if s.enabled {
                Style::default()
            } else {
                theme.dim()
            };
            body.push(Line::from(Span::styled(fit(&text, w), style)));
            index += 1;
        }
        if !u.kept.is_empty() {
            body.push(Line::from(Span::styled(
                "  stays (cannot be removed here):",
                theme.warn(),
            )));
            for k in &u.kept {
                body.push(Line::from(fit(
                    &format!("   {} {} — {}", k.kind, visible(&k.name), visible(&k.cause)),
                    w,
                )));
            }
        }
    }
    let foot = match &view.typing {
        Some(input) => Line::from(vec![
            Span::styled(
                format!(
                    "Type {} to run ({} runs · {} back): ",
                    if plan.users.len() == 1 {
                        "the login".to_owned()
                    } else {
                        format!("the count ({})", plan.users.len())
                    },
                    keys.hint(Context::PlaybookConfirm, Action::Choose),
                    keys.hint(Context::PlaybookConfirm, Action::Close)
                ),
                theme.warn(),
            ),
            Span::raw(input.text.clone()),
        ]),
        None => Line::from(Span::styled(
            fit(
                &format!(
                    "{} tick/untick · {} {} · {} closes{}",
                    keys.hint(ctx, Action::Toggle),
                    keys.hint(ctx, Action::Confirm),
                    if plan.read_only {
                        "(refused: read-only, dry run)"
                    } else {
                        "runs (asks to type first)"
                    },
                    keys.hint(ctx, Action::Close),
                    ""
                ),
                w,
            ),
            theme.dim(),
        )),
    };
    let h = inner.height as usize;
    let body_h = h.saturating_sub(head.len() + 1).max(1);
    let offset = (focus_line + 2).saturating_sub(body_h);
    let visible_body: Vec<Line> = body.into_iter().skip(offset).take(body_h).collect();
    let mut lines = head;
    let body_rows = visible_body.len();
    lines.extend(visible_body);
    for _ in body_rows..body_h {
        lines.push(Line::from(""));
    }
    let foot_row = lines.len();
    lines.push(foot);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(input) = &view.typing {
        let prefix = if plan.users.len() == 1 {
            "the login".to_owned()
        } else {
            format!("the count ({})", plan.users.len())
        };
        let lead = format!(
            "Type {prefix} to run ({} runs · {} back): ",
            keys.hint(Context::PlaybookConfirm, Action::Choose),
            keys.hint(Context::PlaybookConfirm, Action::Close)
        );
        let x = cursor_w(&lead, lead.chars().count()) + cursor_w(&input.text, input.cursor);
        if x < w && foot_row < h {
            frame.set_cursor_position((inner.x + x as u16, inner.y + foot_row as u16));
        }
    }
}

fn outcome_style(o: StepOutcome, theme: Theme) -> Style {
    match o {
        StepOutcome::Ok => theme.info(),
        StepOutcome::AlreadyDone | StepOutcome::Skipped => theme.dim(),
        _ => theme.error(),
    }
}

fn draw_run(frame: &mut Frame, app: &App, view: &RunView, theme: Theme) {
    let keys = &app.keymap;
    let ctx = view.context();
    let area = tall(frame.area(), 120);
    let state = match view.stage {
        RunStage::Starting => "starting…".to_owned(),
        RunStage::Running => format!(
            "step {} of {} · {} stops after this step",
            (view.results.len() + 1).min(view.total),
            view.total,
            keys.hint(ctx, Action::Close)
        ),
        RunStage::Stopping => "stopping after the step in flight…".into(),
        RunStage::Done { stopped: true } => "stopped".into(),
        RunStage::Done { stopped: false } => "finished".into(),
    };
    let title = format!(" run: {} · {state} ", visible(&view.playbook));
    let inner = boxed(frame, area, &title, theme);
    let w = inner.width as usize;
    let s = &view.summary;
    let mut lines: Vec<Line> = vec![Line::from(Span::styled(
        fit(
            &format!(
                "{} ok · {} already done · {} skipped · {} failed · {} unknown · run {}",
                s.ok,
                s.already_done,
                s.skipped,
                s.failed,
                s.unknown,
                visible(&view.run_id)
            ),
            w,
        ),
        theme.title(),
    ))];
    for r in &view.results {
        let mut text = format!(" {:<12} {}", r.outcome.as_str(), visible(&r.description));
        if let Some(e) = &r.error {
            text.push_str(&format!(" — {}", visible(e)));
        }
        lines.push(Line::from(Span::styled(
            fit(&text, w),
            outcome_style(r.outcome, theme),
        )));
    }
    if view.finished() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Residue: what still grants access",
            theme.section(),
        )));
        match &view.residue {
            None => lines.push(Line::from(Span::styled(
                "reading the users again…",
                theme.info(),
            ))),
            Some(Err(e)) => lines.push(Line::from(Span::styled(
                fit(&format!("could not read it: {}", visible(e)), w),
                theme.error(),
            ))),
            Some(Ok(users)) => {
                for u in users {
                    lines.push(Line::from(fit(
                        &format!(
                            " {}  {}{}",
                            visible(&u.login),
                            visible(&u.status),
                            if u.items.is_empty() {
                                "  · nothing left"
                            } else {
                                ""
                            }
                        ),
                        w,
                    )));
                    if let Some(e) = &u.error {
                        lines.push(Line::from(Span::styled(
                            fit(&format!("   {}", visible(e)), w),
                            theme.error(),
                        )));
                    }
                    for i in &u.items {
                        lines.push(Line::from(Span::styled(
                            fit(
                                &format!(
                                    "   {:<6} {} — {}",
                                    i.kind,
                                    visible(&i.name),
                                    visible(&i.cause)
                                ),
                                w,
                            ),
                            theme.warn(),
                        )));
                    }
                }
            }
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!(
                "{}{} scroll · {} closes",
                keys.hint(ctx, Action::Up),
                keys.hint(ctx, Action::Down),
                keys.hint(ctx, Action::Close)
            ),
            theme.dim(),
        )));
    }
    let h = inner.height as usize;
    // The bottom (newest results, then the residue) shows first; the admin scrolls up.
    let max = lines.len().saturating_sub(h);
    let offset = max.saturating_sub(view.scroll);
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}

fn draw_resume(frame: &mut Frame, keys: &Keymap, offer: &ResumeOffer, theme: Theme) {
    let ctx = offer.context();
    let r = &offer.record;
    let mut lines = vec![
        Line::from(format!(
            "The journal holds an unfinished {} run on this tenant:",
            visible(&r.playbook)
        )),
        Line::from(Span::styled(
            format!(
                "{} · {} user(s) · {} applied, {} failed, {} without an answer · last {}",
                visible(&r.id),
                r.users.len(),
                r.applied,
                r.failed,
                r.unknown,
                visible(&r.last)
            ),
            theme.dim(),
        )),
        Line::from(""),
    ];
    match &offer.playbook {
        Ok(_) => lines.push(Line::from(
            "Continuing plans it afresh and skips every step the journal records as done.",
        )),
        Err(e) => lines.push(Line::from(Span::styled(
            format!("It cannot be continued here: {}", visible(e)),
            theme.warn(),
        ))),
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!(
            "{} continue (shows the plan first) · {} dismiss",
            keys.hint(ctx, Action::Confirm),
            keys.hint(ctx, Action::Close)
        ),
        theme.dim(),
    )));
    dialog(frame, " unfinished playbook run ", lines, 90, theme);
}
