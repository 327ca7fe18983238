//! Drawing a `RowList` as a table: only the visible rows are built, columns drop by priority,
//! filter matches are highlighted, the selected row is reversed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::{Action, Keymap};
use crate::app::list::{ListRow, LoadState, RowList};
use crate::okta::{Group, UserRow, UserStatus};

use super::chrome::key_of;
use super::columns::{ColSpec, fit_columns};
use super::style::Theme;
use super::text::{fit, marked_cell, width};

/// How one kind of row is shown.
pub struct TableKind<T: 'static> {
    pub titles: &'static [&'static str],
    pub specs: &'static [ColSpec],
    /// Cell text for a column at a given width.
    pub cell: fn(&T, usize, u16) -> String,
    /// Extra style for a cell (e.g. status colours).
    pub style: fn(&T, usize, Theme) -> Style,
    /// Columns where filter matches are highlighted.
    pub marked: &'static [usize],
    /// What the rows are called ("users", "groups", "members").
    pub noun: &'static str,
    /// Whether a row has something to show in the eager column's extra room: without one
    /// among the rows shown, that column does not take the room first.
    pub wants_room: fn(&T) -> bool,
    /// A column that says nothing when the test holds for every row on screen (Email equal
    /// to Login): below `REDUNDANT_BELOW` columns it gives its room to the others.
    pub redundant: Option<Redundant<T>>,
    /// Columns holding a time: never narrower than a time in the configured zone.
    pub time_cols: &'static [usize],
}

/// A column and the test that makes it say nothing for a row.
pub type Redundant<T> = (usize, fn(&T) -> bool);

/// Table widths under which a column that repeats another is left out (sorting skips it
/// by the same rule).
const REDUNDANT_BELOW: u16 = crate::app::layout::REPEATED_EMAIL_BELOW;

fn email_is_login(row: &UserRow) -> bool {
    row.email().eq_ignore_ascii_case(row.login())
}

/// Minimum widths and priorities live in `app::layout`, which sorting reads too.
const U: [(u16, u8); 6] = crate::app::layout::USER_COLUMN_FIT;
const G: [(u16, u8); 4] = crate::app::layout::GROUP_COLUMN_FIT;

const fn c((min, priority): (u16, u8), max: u16) -> ColSpec {
    ColSpec::plain(min, max, priority)
}

/// The status column: the API value first, then a short word where it says something else
/// ("DEPROVISIONED Deactivated"). It takes spare room before the others so the word shows
/// from 120 columns on; at 80 only the API value fits. The detail names the status in full.
const STATUS: ColSpec = ColSpec {
    min: U[0].0,
    // "DEPROVISIONED Deactivated", the longest; "RECOVERY Password reset" and "PROVISIONED
    // Pending" fit at 120 columns beside both dates.
    max: 25,
    soft_max: 23,
    priority: U[0].1,
    eager: true,
};

pub const USERS: TableKind<UserRow> = TableKind {
    titles: crate::app::users::USER_COLUMNS,
    specs: &[
        STATUS,
        // Login and email wide enough to read: at 80 columns the dates give way instead.
        c(U[1], 32),
        c(U[2], 24),
        c(U[3], 32),
        // Times name their zone: `2024-01-31 12:00 UTC`, `… +01`, `… +05:30`.
        c(U[4], 23),
        c(U[5], 23),
    ],
    cell: user_cell,
    style: user_style,
    marked: &[0, 1, 2, 3],
    noun: "users",
    wants_room: status_label_fits,
    redundant: Some((crate::app::layout::EMAIL_COLUMN, email_is_login)),
    time_cols: &[4, 5],
};

pub const MEMBERS: TableKind<UserRow> = TableKind {
    noun: "members",
    ..USERS
};

pub const GROUPS: TableKind<Group> = TableKind {
    titles: crate::app::groups::GROUP_COLUMNS,
    specs: &[c(G[0], 40), c(G[1], 10), c(G[2], 9), c(G[3], 200)],
    cell: |g, col, _| crate::app::groups::group_cell(g, col),
    style: |_, _, _| Style::default(),
    marked: &[0, 1, 3],
    noun: "groups",
    wants_room: |_| false,
    redundant: None,
    time_cols: &[],
};

fn user_cell(row: &UserRow, col: usize, w: u16) -> String {
    if col == 0 {
        // The API value always; the console's label too when there is room.
        let api = row.status_api();
        if let Some(label) = status_label(row)
            && api.len() + 1 + width(label) <= w as usize
        {
            return format!("{api} {label}");
        }
        return api.to_owned();
    }
    crate::app::users::user_cell(row, col)
}

/// A short word for a row's status where the API value does not say it plainly.
fn status_label(row: &UserRow) -> Option<&'static str> {
    match row.status() {
        UserStatus::Provisioned => Some("Pending"),
        UserStatus::Recovery => Some("Password reset"),
        UserStatus::Deprovisioned => Some("Deactivated"),
        _ => None,
    }
}

/// Whether the row's label shows once the status column has its room: when no row shown has
/// one (all ACTIVE, say), login, name and email keep that room.
fn status_label_fits(row: &UserRow) -> bool {
    status_label(row)
        .is_some_and(|l| row.status_api().len() + 1 + width(l) <= STATUS.soft_max as usize)
}

fn user_style(row: &UserRow, col: usize, theme: Theme) -> Style {
    if col == 0 {
        theme.status(&row.status())
    } else {
        Style::default()
    }
}

pub fn draw_table<T: ListRow>(
    frame: &mut Frame,
    area: Rect,
    list: &RowList<T>,
    kind: &TableKind<T>,
    keys: &Keymap,
    theme: Theme,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let mut specs = specs_for(list, kind);
    // A zone with minutes (`+05:30`) is wider than `UTC`: a time is never cut.
    let time_w = super::text::width(&crate::time_zone::format_time(0)) as u16;
    for &c in kind.time_cols {
        if let Some(s) = specs.get_mut(c) {
            s.min = s.min.max(time_w);
        }
    }
    let rows = area.height.saturating_sub(1) as usize;
    if let Some((col, same)) = kind.redundant
        && area.width < REDUNDANT_BELOW
    {
        let shown = list.offset..(list.offset + rows).min(list.visible_len());
        let mut on_screen = shown.filter_map(|pos| list.row_at(pos)).peekable();
        if on_screen.peek().is_some() && on_screen.all(same) {
            // Its room goes to the columns already shown (a longer login), not to one that
            // did not fit: every column left out stays out, and this one joins them.
            let kept = fit_columns(&specs, area.width);
            for (i, s) in specs.iter_mut().enumerate() {
                if i == col || !kept.iter().any(|&(k, _)| k == i) {
                    // Wider than the table: never kept.
                    s.min = area.width.saturating_add(1);
                }
            }
        }
    }
    let cols = fit_columns(&specs, area.width);
    let mut lines: Vec<Line> = Vec::with_capacity(area.height as usize);

    // Column titles, with the sort arrow on the sorted one.
    let mut head = Vec::new();
    for (n, (col, w)) in cols.iter().enumerate() {
        if n > 0 {
            head.push(Span::raw(" "));
        }
        let mut title = kind.titles[*col].to_owned();
        if let Some(s) = list.sort.filter(|s| s.column == *col) {
            title.push_str(if s.descending { " ↓" } else { " ↑" });
        }
        head.push(Span::styled(fit(&title, *w as usize), theme.title()));
    }
    lines.push(Line::from(head));

    let filter = list.filter();
    for pos in list.offset..(list.offset + rows).min(list.visible_len()) {
        let Some(row) = list.row_at(pos) else { break };
        // Marked rows start with a dot, visible without colour too.
        let marked_row = !list.marks.is_empty() && list.marks.contains(row.row_id());
        let mut spans = Vec::with_capacity(cols.len() * 2);
        let mut used = 0usize;
        for (n, (col, w)) in cols.iter().enumerate() {
            if n > 0 {
                spans.push(Span::raw(" "));
                used += 1;
            }
            let mut text = (kind.cell)(row, *col, *w);
            if n == 0 && marked_row {
                text.insert_str(0, "● ");
            }
            let base = (kind.style)(row, *col, theme);
            let marks = match filter {
                Some(f) if kind.marked.contains(col) => f.highlight(&text),
                _ => Vec::new(),
            };
            spans.extend(marked_cell(
                &text,
                *w as usize,
                &marks,
                base,
                base.patch(theme.mark()),
            ));
            used += *w as usize;
        }
        let mut line = Line::from(spans);
        if pos == list.selected {
            let pad = (area.width as usize).saturating_sub(used);
            line.spans.push(Span::raw(" ".repeat(pad)));
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    if list.visible_len() == 0 {
        let note = empty_note(list, kind.noun, keys);
        lines.push(Line::from(Span::styled(
            note,
            theme.dim().add_modifier(Modifier::ITALIC),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The kind's columns, with the eager one made ordinary when no row shown wants its room.
/// Short-circuits at the first row that does, so this is cheap in any real org; a view of
/// 100k ACTIVE rows costs one pass over an enum per row.
fn specs_for<T: ListRow>(list: &RowList<T>, kind: &TableKind<T>) -> Vec<ColSpec> {
    let mut specs = kind.specs.to_vec();
    let wanted = list
        .view()
        .iter()
        .any(|&i| list.rows.get(i as usize).is_some_and(kind.wants_room));
    if !wanted {
        for s in specs.iter_mut().filter(|s| s.eager) {
            s.eager = false;
            s.soft_max = s.min;
        }
    }
    specs
}

fn empty_note<T: ListRow>(list: &RowList<T>, noun: &str, keys: &Keymap) -> String {
    if list.filter().is_some() && !list.rows.is_empty() {
        return format!(
            "no loaded {noun} match the filter ({} clears it)",
            key_of(keys, Action::Back)
        );
    }
    match &list.load {
        LoadState::Idle => format!("no {noun} loaded"),
        LoadState::Loading | LoadState::Waiting { .. } | LoadState::Retrying { .. } => {
            format!("loading {noun}…")
        }
        LoadState::Paused(e) if e.retryable() => format!(
            "loading {noun} failed ({} retries)",
            key_of(keys, Action::Refresh)
        ),
        // A refusal comes back the same when asked again: point to the whole error instead.
        LoadState::Paused(_) => format!(
            "loading {noun} was refused ({} shows why)",
            key_of(keys, Action::WholeMessage)
        ),
        LoadState::Stopped | LoadState::Done => format!("no {noun}"),
    }
}

/// The Users and Groups tabs with no tenant: where to get one, not an empty table.
pub fn no_tenant(frame: &mut Frame, area: Rect, keys: &Keymap, theme: Theme) {
    let text = format!(
        "  no tenant yet: {} opens Credentials to add or import one, then pick it",
        key_of(keys, Action::CredentialsTab)
    );
    let lines = vec![
        Line::from(""),
        Line::from(Span::styled(fit(&text, area.width as usize), theme.dim())),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}
