//! Drawing a run on many rows: the choice of action, the plan, the progress bar and the
//! result of every row.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::app::actions::bulk::{BulkRun, ItemState, Phase};
use crate::app::component::Component;
use crate::app::keymap::{Action, Context};

use super::chrome::{boxed, dialog, tall};
use super::menu;
use super::style::Theme;
use super::text::fit;

pub fn draw(frame: &mut Frame, app: &App, run: &BulkRun, theme: Theme) {
    let keys = &app.keymap;
    let ctx = run.context();
    if run.phase == Phase::Choose {
        let mut lines = vec![
            Line::from(format!(
                "{} rows on {}: which action?",
                run.title,
                app.tenant_label()
            )),
            Line::from(""),
        ];
        lines.extend(menu::choices(
            keys,
            ctx,
            &run.choices,
            run.selected,
            |k| (k.action(), k.label()),
            theme,
        ));
        if run.choices.is_empty() {
            lines.push(Line::from(Span::styled(
                "no action fits every marked row's status",
                theme.dim(),
            )));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            menu::pick_hint(keys, ctx),
            theme.dim(),
        )));
        dialog(frame, " act on marked rows ", lines, 72, theme);
        return;
    }
    let full = frame.area();
    let area = tall(full, 110);
    let title = match run.phase {
        Phase::Plan => " plan ",
        Phase::Running => " running ",
        Phase::Stopping => " stopping ",
        _ => " done ",
    };
    let inner = boxed(frame, area, title, theme);
    let w = inner.width as usize;
    let mut head = vec![
        Line::from(Span::styled(fit(&run.title, w), theme.section())),
        Line::from(fit(&format!("Tenant: {}", app.tenant_label()), w)),
    ];
    let skipped = run.count(|s| matches!(s, ItemState::Skipped(_)));
    match run.phase {
        Phase::Plan => {
            head.push(Line::from(fit(
                &format!(
                    "{} to run{}",
                    run.to_send(),
                    if skipped > 0 {
                        format!(", {skipped} skipped (their status does not allow it)")
                    } else {
                        String::new()
                    }
                ),
                w,
            )));
            head.push(Line::from(fit(&format!("Estimate: {}", run.estimate), w)));
            if let Some(login) = run.own_login.as_deref().filter(|_| run.asked_own) {
                let text = format!(
                    "{} is YOUR OWN account (the admin this credential acts as). {} again: yes, change my own account",
                    login,
                    keys.hint(ctx, Action::Confirm)
                );
                head.push(Line::from(Span::styled(fit(&text, w), theme.error())));
            }
            let text = format!(
                "{} runs (paced under the rate limit; {} stops it) · {} cancels",
                keys.hint(ctx, Action::Confirm),
                keys.hint(Context::BulkRunning, Action::Close),
                keys.hint(ctx, Action::Close)
            );
            head.push(Line::from(Span::styled(fit(&text, w), theme.key())));
        }
        _ => {
            let total = run.total_to_run().max(1);
            let done = run.finished();
            let bar_w = w.saturating_sub(28).clamp(10, 60);
            let filled = done * bar_w / total;
            let bar = format!(
                "[{}{}] {done}/{total}",
                "█".repeat(filled),
                "░".repeat(bar_w - filled)
            );
            head.push(Line::from(Span::styled(bar, theme.info())));
            let mut s = format!("{} ok · {} failed", run.ok(), run.failed());
            if run.running() > 0 {
                s.push_str(&format!(" · {} in flight", run.running()));
            }
            if let Some(r) = app.rate {
                s.push_str(&format!(" · rate {}", r.summary()));
            }
            head.push(Line::from(fit(&s, w)));
            let scroll = format!(
                "{}/{} scroll",
                keys.hint(ctx, Action::Down),
                keys.hint(ctx, Action::Up)
            );
            let hint = match run.phase {
                Phase::Running if run.paused.is_some() => {
                    let p = run
                        .paused
                        .as_ref()
                        .map_or((0, ""), |p| (p.seconds, p.why.as_str()));
                    format!(
                        "paused: {}; nothing was sent; trying again in {}s · {} stops",
                        p.1,
                        p.0,
                        keys.hint(ctx, Action::Close)
                    )
                }
                Phase::Running if run.quit_asked => format!(
                    "{} stops the run first (writes in flight finish), then {} quits",
                    keys.hint(ctx, Action::Close),
                    keys.hint(Context::Users, Action::Quit)
                ),
                Phase::Running => format!(
                    "{} stops (writes in flight finish) · {scroll}",
                    keys.hint(ctx, Action::Close)
                ),
                Phase::Stopping => "stopping…".to_owned(),
                _ if run.failed() > 0 => format!(
                    "{} retries the failed ones · any other key closes · {scroll}",
                    keys.hint(ctx, Action::RetryFailed)
                ),
                _ => format!("any key closes · {scroll}"),
            };
            let style = if run.quit_asked && run.phase == Phase::Running {
                theme.warn()
            } else {
                theme.dim()
            };
            head.push(Line::from(Span::styled(fit(&hint, w), style)));
        }
    }
    head.push(Line::from(""));
    let rows_h = (inner.height as usize).saturating_sub(head.len());
    let first = run.scroll.min(run.items.len().saturating_sub(rows_h));
    for item in run.items.iter().skip(first).take(rows_h) {
        let (text, style) = match &item.state {
            ItemState::Waiting => ("waiting".to_owned(), theme.dim()),
            ItemState::Running(_) => ("…".to_owned(), theme.info()),
            ItemState::Ok(s) => (s.clone(), Style::default()),
            ItemState::Failed(s) => (format!("FAILED {s}"), theme.error()),
            ItemState::Skipped(s) => (format!("skipped: {s}"), theme.dim()),
            ItemState::NotRun => ("not run (stopped)".to_owned(), theme.warn()),
        };
        let line = format!("{:<40} · {text}", item.op.describe());
        head.push(Line::from(Span::styled(fit(&line, w), style)));
    }
    frame.render_widget(Paragraph::new(head), inner);
}
