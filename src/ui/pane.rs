//! The detail pane beside the list (`app/pane/`): a border, the focused row's name, where the
//! fetch is, then the same lines as the top of the full detail.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::pane::{Entry, PaneState, Target, group_lines, pane_width, user_lines};
use crate::app::{Action, App, Context, DetailLine};

use super::detail::detail_line;
use super::style::Theme;
use super::text::{fit, width};

/// The body cut in two: the list's part and the pane's (border included).
pub fn split(body: Rect) -> (Rect, Rect) {
    let pane = pane_width(body.width).min(body.width);
    let list = Rect::new(body.x, body.y, body.width - pane, body.height);
    (
        list,
        Rect::new(body.x + list.width, body.y, pane, body.height),
    )
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    if area.width < 4 || area.height == 0 {
        return;
    }
    // A gap after the list's last column, a border, and the text one column in from it.
    let border: Vec<Line> = (0..area.height)
        .map(|_| Line::from(Span::styled("│", theme.border())))
        .collect();
    frame.render_widget(
        Paragraph::new(border),
        Rect::new(area.x + 1, area.y, 1, area.height),
    );
    let inner = Rect::new(area.x + 3, area.y, area.width - 3, area.height);
    let w = inner.width as usize;
    let (ctx, title, mut lines, more) = content(app);
    let mut out = Vec::with_capacity(inner.height as usize);
    // The title, with the keys that go further on the right.
    let open = app.keymap.hint(ctx, Action::Open);
    let hide = app.keymap.hint(ctx, Action::TogglePane);
    let keys = format!("{open} opens · {hide} hides");
    let room = w.saturating_sub(width(&keys) + 1);
    let title = fit(&title, room);
    let pad = w.saturating_sub(width(&title) + width(&keys));
    out.push(Line::from(vec![
        Span::styled(title, theme.title()),
        Span::raw(" ".repeat(pad)),
        Span::styled(keys, theme.dim()),
    ]));
    match &app.pane.state {
        PaneState::Empty => lines.push(DetailLine::Note("nothing focused".to_owned())),
        PaneState::Settling | PaneState::Loading => {
            lines.push(DetailLine::Note("loading…".to_owned()))
        }
        PaneState::Shown => {}
        PaneState::Failed(e) => lines.push(DetailLine::Error(e.one_line())),
        PaneState::Paused { seconds } => lines.push(DetailLine::Error(format!(
            "paused: rate budget low, asks again in {seconds}s"
        ))),
    }
    if !more.is_empty() {
        lines.push(DetailLine::Note(format!("{open} opens {more}")));
    }
    let rows = inner.height.saturating_sub(1) as usize;
    out.extend(lines.iter().take(rows).map(|l| detail_line(l, w, theme)));
    frame.render_widget(Paragraph::new(out), inner);
}

/// The context whose keys the title names, the title, the lines, and what `Enter` adds.
fn content(app: &App) -> (Context, String, Vec<DetailLine>, String) {
    let entry = app.pane.shown();
    match &app.pane.target {
        Some(Target::User(id)) => {
            let row = app
                .users
                .list
                .selected_row()
                .filter(|r| r.id() == id.as_str());
            let fetched = match entry {
                Some(Entry::User(f)) => Some(f.as_ref()),
                _ => None,
            };
            let title = fetched
                .map(|f| f.value.row.login().to_string())
                .or_else(|| row.map(|r| r.login().to_string()))
                .unwrap_or_else(|| id.clone());
            (
                Context::Users,
                title,
                user_lines(row, fetched),
                "the sign-in card, groups, roles, apps".to_owned(),
            )
        }
        Some(Target::Group(id)) => {
            let row = app
                .groups
                .list
                .selected_row()
                .filter(|g| g.id.as_ref() == id.as_str());
            let fetched = match entry {
                Some(Entry::Group(f)) => Some(f.as_ref()),
                _ => None,
            };
            let title = fetched
                .map(|f| f.value.name.to_string())
                .or_else(|| row.map(|g| g.name.to_string()))
                .unwrap_or_else(|| id.clone());
            (
                Context::Groups,
                title,
                group_lines(row, fetched),
                "the members".to_owned(),
            )
        }
        None => (
            Context::Users,
            "Detail".to_owned(),
            Vec::new(),
            String::new(),
        ),
    }
}
