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
pub const TAB_TITLES: [&str; 3] = [" 1 Users ", " 2 Groups ", " 3 Credentials "];

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
