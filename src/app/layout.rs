//! Where things sit on screen, shared by the UI (to draw) and the reducer (to page, scroll and
//! map mouse clicks to rows), so both always agree.
//!
//! ```text
//! row 0        header: tenant, domain, read-only badge, rate budget, what is loading
//! row 1        tabs, then the active sort / filter / search
//! rows 2..h-2  body (a table: its column header, then rows)
//! row h-2      status line (messages, errors, the filter being typed)
//! row h-1      footer: the keys that work here
//! ```

use unicode_width::UnicodeWidthChar;

use super::credentials::CredentialsTab;

pub const HEADER_ROW: u16 = 0;
pub const TABS_ROW: u16 = 1;
pub const BODY_TOP: u16 = 2;
/// Lines above the members table on the group screen (name, type/count, description).
pub const GROUP_INFO_LINES: u16 = 3;

/// Rows of the body area.
pub fn body_height(height: u16) -> u16 {
    height.saturating_sub(BODY_TOP + 2)
}

/// First screen row of data and number of data rows for a table filling the body (one row
/// taken by the column titles).
pub fn table_rows(height: u16) -> (u16, usize) {
    (BODY_TOP + 1, body_height(height).saturating_sub(1) as usize)
}

/// The same for the members table under the group info.
pub fn members_rows(height: u16) -> (u16, usize) {
    let top = BODY_TOP + GROUP_INFO_LINES + 1;
    (
        top,
        body_height(height).saturating_sub(GROUP_INFO_LINES + 1) as usize,
    )
}

/// Detail and raw screens: a title line, then lines.
pub fn detail_rows(height: u16) -> (u16, usize) {
    (BODY_TOP + 1, body_height(height).saturating_sub(1) as usize)
}

/// Tabs as drawn on the tabs row: (title, start column, width).
pub const TAB_TITLES: [&str; 4] = [" 1 Users ", " 2 Groups ", " 3 Credentials ", " 4 Logs "];

pub fn tab_at(x: u16) -> Option<usize> {
    let mut start = 0u16;
    for (i, t) in TAB_TITLES.iter().enumerate() {
        let w = t.chars().count() as u16;
        if x >= start && x < start + w {
            return Some(i);
        }
        start += w + 1;
    }
    None
}

// ------------------------------------------------------------------ the Credentials tab
//
// The tenant list has lines above it (notices, the config path, warnings, column titles) and
// the selected tenant's panel below it. The UI draws the rows where `tenant_list` says and the
// reducer maps clicks with the same answer, so a click lands on the row under the pointer.

/// Lines kept under the tenant list for the selected tenant's panel (a blank line, the tenant
/// in full, its last Test Connect and its details).
pub const TENANT_PANEL_LINES: usize = 9;

/// Where the tenant rows sit on the Credentials tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenantList {
    /// Lines of the body above the first row: the notices, then the column titles.
    pub above: u16,
    /// Screen row of the first tenant row.
    pub top: u16,
    /// Tenant rows that fit.
    pub rows: usize,
    /// Index of the first tenant shown (keeps the selected one in view).
    pub offset: usize,
}

impl TenantList {
    /// The tenant drawn on screen row `row`, if any.
    pub fn tenant_at(&self, row: u16, tenants: usize) -> Option<usize> {
        if row < self.top || row >= self.top.saturating_add(self.rows as u16) {
            return None;
        }
        let i = self.offset + usize::from(row - self.top);
        (i < tenants).then_some(i)
    }
}

/// The tenant list's geometry on a `width`×`height` terminal.
pub fn tenant_list(c: &CredentialsTab, width: u16, height: u16) -> TenantList {
    tenant_list_in(c, BODY_TOP, width, body_height(height))
}

/// The same for a body of `body` lines starting at screen row `body_top` (what the UI is
/// handed to draw in).
pub fn tenant_list_in(c: &CredentialsTab, body_top: u16, width: u16, body: u16) -> TenantList {
    let notices: usize = c
        .notices()
        .iter()
        .map(|n| {
            if n.whole {
                wrap_chars(&n.text, width).len()
            } else {
                1
            }
        })
        .sum();
    // The column titles take one more line.
    let above = (notices + 1).min(usize::from(body)) as u16;
    let room = usize::from(body - above);
    let rows = room.saturating_sub(TENANT_PANEL_LINES).max(3).min(room);
    let offset = if c.selected < c.offset {
        c.selected
    } else if rows > 0 && c.selected >= c.offset + rows {
        c.selected + 1 - rows
    } else {
        c.offset
    };
    TenantList {
        above,
        top: body_top + above,
        rows,
        offset,
    }
}

/// `text` cut into pieces no wider than `width` columns, breaking anywhere (not at words) so
/// the number of pieces is exactly what the geometry counts.
pub fn wrap_chars(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut out = vec![String::new()];
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > width && used > 0 {
            out.push(String::new());
            used = 0;
        }
        if let Some(last) = out.last_mut() {
            last.push(ch);
        }
        used += w;
    }
    out
}

/// `text` broken at spaces into rows no wider than `width`; a word longer than a row is
/// broken inside.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut cur = String::new();
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = unicode_width::UnicodeWidthStr::width(word);
        if used > 0 && used + 1 + w > width {
            rows.push(std::mem::take(&mut cur));
            used = 0;
        }
        if used == 0 && w > width {
            let mut pieces = wrap_chars(word, width as u16);
            let last = pieces.pop().unwrap_or_default();
            rows.extend(pieces);
            used = unicode_width::UnicodeWidthStr::width(last.as_str());
            cur = last;
            continue;
        }
        if used > 0 {
            cur.push(' ');
            used += 1;
        }
        cur.push_str(word);
        used += w;
    }
    if !cur.is_empty() || rows.is_empty() {
        rows.push(cur);
    }
    rows
}

/// Tables narrower than this leave out Email when it repeats Login on every row shown.
pub const REPEATED_EMAIL_BELOW: u16 = 120;
/// The Email column of the users table.
pub const EMAIL_COLUMN: usize = 3;

/// Minimum width and keep priority (1 is kept first) of each users-table column, in
/// `users::USER_COLUMNS` order. The table draws from these and sorting offers only the
/// columns they keep, so `o` never sorts by a column the admin cannot see.
pub const USER_COLUMN_FIT: [(u16, u8); 6] = [(16, 2), (20, 1), (12, 3), (20, 4), (20, 5), (20, 6)];
/// The same for the groups table, in `groups::GROUP_COLUMNS` order.
pub const GROUP_COLUMN_FIT: [(u16, u8); 4] = [(16, 1), (10, 2), (7, 3), (16, 4)];

/// Which columns a table `total` wide shows: by priority, each whose minimum still fits
/// (one space between columns).
pub fn kept_columns(fit: &[(u16, u8)], total: u16) -> Vec<bool> {
    let mut order: Vec<usize> = (0..fit.len()).collect();
    order.sort_by_key(|&i| fit[i].1);
    let mut keep = vec![false; fit.len()];
    let mut used: u16 = 0;
    for &i in &order {
        let gap = if used == 0 { 0 } else { 1 };
        if used + gap + fit[i].0 <= total {
            used += gap + fit[i].0;
            keep[i] = true;
        }
    }
    keep
}
