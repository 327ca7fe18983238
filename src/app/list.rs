//! A streamed, sortable, filterable list of rows (users, groups, members share it).
//!
//! Rows stay in arrival order in `rows`; `order` holds row indices in sort order and `view` the
//! ones the local filter keeps, so sorting and filtering never move the (compact) rows
//! themselves and a page arriving mid-filter only costs work proportional to its size plus
//! one linear merge.

use std::cmp::Ordering;

mod changes;
mod sort;

pub use sort::{key_chunk, lower_key_chunk, time_key};

use super::filter::{Filter, Haystacks, RowTexts};
use super::ids::ReqId;
use super::status::ErrorInfo;

/// `Sync`: a keystroke over a big list is matched on several threads at once.
pub trait ListRow: Sync {
    fn row_id(&self) -> &str;
    /// The text the local filter searches (all visible columns, space separated).
    fn haystack(&self) -> String;
    /// Compare by the column with this index (see the tab's column list).
    fn compare(&self, other: &Self, column: usize) -> Ordering;
    /// Bytes `chunk * 8 ..` of a byte key whose order is `compare`'s for this column, as a
    /// big-endian number (`list/sort.rs`): a big list sorts by these. None: the column has
    /// no such key.
    fn sort_key(&self, _column: usize, _chunk: usize) -> Option<u64> {
        None
    }
}

impl<T: ListRow> RowTexts for Vec<T> {
    fn row_text(&self, i: usize) -> String {
        self.get(i).map(ListRow::haystack).unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    /// Nothing asked yet.
    Idle,
    Loading,
    /// Rate limited: the stream resumes by itself after this many seconds.
    Waiting {
        seconds: u64,
    },
    /// A page failed for a passing reason: the stream tries it again by itself after this
    /// many seconds (try `attempt`).
    Retrying {
        seconds: u64,
        attempt: u32,
    },
    /// The stream failed; what arrived is kept and `r` resumes at the failed page.
    Paused(ErrorInfo),
    /// Stopped by the user (Esc); what arrived is kept.
    Stopped,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

#[derive(Debug)]
pub struct RowList<T> {
    pub rows: Vec<T>,
    hay: Haystacks,
    order: Vec<u32>,
    view: Vec<u32>,
    pub selected: usize,
    pub offset: usize,
    pub sort: Option<Sort>,
    filter: Option<Filter>,
    pub req: Option<ReqId>,
    pub load: LoadState,
    pub pages: usize,
    /// Ids of rows marked for an action on many (`app/update/bulk.rs`).
    pub marks: std::collections::HashSet<Box<str>>,
    /// The rows shown belong to an earlier load (`r`): they stay visible until the new
    /// stream's first page replaces them, and stay for good if that stream fails or stops.
    pub stale: bool,
    /// After a reload: the row that was selected (id, and its line on screen) and the marked
    /// ids, taken back as those rows arrive again, so `r` does not lose the admin's place.
    regain: Option<(Box<str>, usize)>,
    regain_marks: std::collections::HashSet<Box<str>>,
    /// The filters the current one narrowed, with their views, oldest first: backspace
    /// goes back to one of them without searching the rows again. Kept in step as pages
    /// arrive; dropped when rows change otherwise or the order changes.
    widen: Vec<(Filter, Vec<u32>)>,
    /// Where each row is, by a hash of its id: built by the first change a sync sends and
    /// kept while only sync changes come (`list/changes.rs`); anything else drops it.
    ids: Option<changes::IdPositions>,
}

/// How many earlier filters are kept for backspace: one per character of a long word.
const WIDEN_DEPTH: usize = 24;

/// How many row indices the kept filters may hold in all (16 MB): on a million rows only the
/// last few are kept, and backspace past them searches again.
const WIDEN_BUDGET: usize = 4_000_000;

impl<T> Default for RowList<T> {
    fn default() -> Self {
        RowList {
            rows: Vec::new(),
            hay: Haystacks::default(),
            order: Vec::new(),
            view: Vec::new(),
            selected: 0,
            offset: 0,
            sort: None,
            filter: None,
            req: None,
            load: LoadState::Idle,
            pages: 0,
            marks: Default::default(),
            stale: false,
            regain: None,
            regain_marks: Default::default(),
            widen: Vec::new(),
            ids: None,
        }
    }
}

impl<T: ListRow> RowList<T> {
    /// Drops every row and starts a new stream.
    pub fn restart(&mut self, req: ReqId) {
        self.ids = None;
        self.rows.clear();
        self.hay.clear();
        self.order.clear();
        self.view.clear();
        self.widen.clear();
        self.selected = 0;
        self.offset = 0;
        self.pages = 0;
        self.marks.clear();
        self.req = Some(req);
        self.load = LoadState::Loading;
        self.stale = false;
        self.regain = None;
        self.regain_marks.clear();
    }

    /// Room for `rows` rows in all, when the count is known before they arrive.
    pub fn reserve(&mut self, rows: usize) {
        let more = rows.saturating_sub(self.rows.len());
        self.rows.reserve_exact(more);
        self.order.reserve_exact(more);
        self.view.reserve_exact(more);
        self.hay.reserve(rows);
    }

    /// Starts a new stream but keeps the current rows on screen until its first page
    /// arrives (a refresh must not blank the list while the server answers).
    pub fn reload(&mut self, req: ReqId) {
        if self.rows.is_empty() {
            return self.restart(req);
        }
        self.req = Some(req);
        self.load = LoadState::Loading;
        self.stale = true;
    }

    /// Drops the rows of the earlier load, keeping sort, filter and (where the row is
    /// still there) the selection.
    fn drop_stale(&mut self) {
        self.ids = None;
        self.regain = self
            .selected_row()
            .map(|r| (r.row_id().into(), self.selected.saturating_sub(self.offset)));
        self.regain_marks = std::mem::take(&mut self.marks);
        self.stale = false;
        self.rows.clear();
        self.hay.clear();
        self.order.clear();
        self.view.clear();
        self.widen.clear();
        self.selected = 0;
        self.offset = 0;
        self.pages = 0;
        self.marks.clear();
    }

    pub fn is_loading(&self) -> bool {
        matches!(
            self.load,
            LoadState::Loading | LoadState::Waiting { .. } | LoadState::Retrying { .. }
        )
    }

    pub fn filter(&self) -> Option<&Filter> {
        self.filter.as_ref()
    }

    /// Row indices (into `rows`) currently shown, in order.
    pub fn view(&self) -> &[u32] {
        &self.view
    }

    /// Every row in the list's current sort order, the filter aside.
    pub fn in_order(&self) -> impl Iterator<Item = &T> {
        self.order.iter().filter_map(|&i| self.rows.get(i as usize))
    }

    pub fn visible_len(&self) -> usize {
        self.view.len()
    }

    pub fn row_at(&self, pos: usize) -> Option<&T> {
        self.view.get(pos).and_then(|&i| self.rows.get(i as usize))
    }

    pub fn selected_row(&self) -> Option<&T> {
        self.row_at(self.selected)
    }

    pub fn find(&self, id: &str) -> Option<&T> {
        self.rows.iter().find(|r| r.row_id() == id)
    }

    fn selected_index(&self) -> Option<u32> {
        self.view.get(self.selected).copied()
    }

    /// Puts the selection back on the same row after the view changed.
    fn reselect(&mut self, keep: Option<u32>) {
        self.selected = keep
            .and_then(|k| self.view.iter().position(|&i| i == k))
            .unwrap_or(0);
    }

    /// Appends one page: rows are kept in arrival order, merged into the sort order, and
    /// filtered on the way in.
    pub fn push_page(&mut self, items: Vec<T>) {
        self.ids = None;
        if self.stale {
            self.drop_stale();
        }
        self.pages += 1;
        if items.is_empty() {
            return;
        }
        let mut keep = self.selected_index();
        let start = self.rows.len() as u32;
        for item in items {
            self.hay.push(&item.haystack());
            if !self.regain_marks.is_empty()
                && let Some(id) = self.regain_marks.take(item.row_id())
            {
                self.marks.insert(id);
            }
            if self
                .regain
                .as_ref()
                .is_some_and(|(id, _)| **id == *item.row_id())
            {
                keep = Some(self.rows.len() as u32);
            }
            self.rows.push(item);
        }
        let regained = keep.is_some_and(|k| k >= start);
        let mut fresh: Vec<u32> = (start..self.rows.len() as u32).collect();
        let rows = &self.rows;
        let hay = &self.hay;
        let text = rows;
        let sort = self.sort;
        let cmp = |a: &u32, b: &u32| match sort {
            Some(sort) => compare(rows, sort, *a, *b),
            None => a.cmp(b),
        };
        if sort.is_some() {
            fresh.sort_by(cmp);
        }
        // New rows come after the old in arrival order, so without a sort appending is the
        // merge.
        let add = |view: &mut Vec<u32>, filter: Option<&Filter>| {
            let mut kept = fresh.clone();
            if let Some(f) = filter {
                kept.retain(|&i| f.matches_prepared(hay.get(i as usize, text)));
            }
            if sort.is_none() {
                view.extend_from_slice(&kept);
            } else {
                *view = merge(view, &kept, cmp);
            }
        };
        add(&mut self.order, None);
        add(&mut self.view, self.filter.as_ref());
        for (f, view) in &mut self.widen {
            add(view, Some(f));
        }
        if sort.is_some() {
            self.reselect(keep);
        }
        if regained {
            // Only now is the row's place in the view known.
            if self.sort.is_none() {
                self.reselect(keep);
            }
            if let Some((_, line)) = self.regain.take() {
                self.offset = self.selected.saturating_sub(line);
            }
        }
    }

    /// Replaces a row in place (same id), e.g. after a fresh GET.
    pub fn update_row(&mut self, item: T) {
        if let Some(pos) = self.rows.iter().position(|r| r.row_id() == item.row_id()) {
            self.hay.replace(pos, &item.haystack());
            self.rows[pos] = item;
            // The row may now match differently: the kept views could be wrong about it.
            self.widen.clear();
        }
    }

    /// Sets the local filter from its text; an empty text clears it.
    pub fn set_filter(&mut self, text: &str) {
        let keep = self.selected_index();
        let new = Filter::new(text);
        let texts = &self.rows;
        if new.is_empty() {
            self.filter = None;
            self.widen.clear();
            self.view.clone_from(&self.order);
        } else if let Some(at) = self.widen.iter().rposition(|(f, _)| f.text() == new.text()) {
            // Back to a filter this one narrowed (backspace): its rows are known already.
            self.widen.truncate(at + 1);
            if let Some((filter, view)) = self.widen.pop() {
                self.filter = Some(filter);
                self.view = view;
            }
        } else {
            let old = self.filter.take();
            let narrows = old.as_ref().is_some_and(|o| new.narrows(o.text()));
            if narrows {
                let view = super::filter::keep_matching(&new, &self.hay, texts, &self.view);
                let old_view = std::mem::replace(&mut self.view, view);
                // The same text again (a re-apply) adds no step to go back to.
                if let Some(o) = old.filter(|o| o.text() != new.text()) {
                    self.widen.push((o, old_view));
                    keep_within(&mut self.widen, WIDEN_DEPTH, WIDEN_BUDGET);
                }
            } else {
                self.widen.clear();
                self.view = super::filter::keep_matching(&new, &self.hay, texts, &self.order);
            }
            self.filter = Some(new);
        }
        let keep = self.ranked_focus(keep);
        self.reselect(keep);
        self.offset = self.offset.min(self.selected);
    }

    /// The row to focus after the filter changed: one whose field IS the word, else one whose
    /// field starts with it, unless the row focused before matches as well. One pass over
    /// the kept rows (stopping at a whole match); the rows keep their order.
    fn ranked_focus(&self, keep: Option<u32>) -> Option<u32> {
        let Some(f) = &self.filter else {
            return keep;
        };
        let text = &self.rows;
        // A focused row that is the word itself cannot be beaten: no pass needed.
        if keep
            .filter(|&k| (k as usize) < self.rows.len())
            .and_then(|k| f.rank(self.hay.get(k as usize, text)))
            == Some(0)
        {
            return keep;
        }
        let Some((rank, row)) = super::filter::best_ranked(f, &self.hay, text, &self.view) else {
            return keep;
        };
        let kept_as_good = keep
            .filter(|&k| (k as usize) < self.rows.len())
            .and_then(|k| f.rank(self.hay.get(k as usize, text)))
            .is_some_and(|r| r <= rank);
        if kept_as_good { keep } else { Some(row) }
    }

    pub fn clear_filter(&mut self) {
        self.set_filter("");
    }

    /// Sorts by a column (None: arrival order).
    pub fn set_sort(&mut self, sort: Option<Sort>) {
        let keep = self.selected_index();
        self.sort = sort;
        match sort {
            None => {
                self.order = (0..self.rows.len() as u32).collect();
            }
            Some(sort) => sort::sort_order(&self.rows, &mut self.order, sort),
        }
        let text = self.filter.as_ref().map(|f| f.text().to_owned());
        self.filter = None;
        // The kept views are in the old order.
        self.widen.clear();
        self.view.clone_from(&self.order);
        if let Some(t) = text {
            self.set_filter(&t);
        }
        self.reselect(keep);
    }

    /// Moves the selection by `delta` rows and keeps it inside a window of `height` rows.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        self.regain = None;
        if self.view.is_empty() {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        let last = self.view.len() - 1;
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, last as isize) as usize;
        self.scroll_into_view(height);
    }

    pub fn select(&mut self, pos: usize, height: usize) {
        self.regain = None;
        self.selected = pos.min(self.view.len().saturating_sub(1));
        self.scroll_into_view(height);
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.view.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }

    /// Wheel scrolling: moves the window, dragging the selection along when it falls out.
    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        self.regain = None;
        let max_offset = self.view.len().saturating_sub(height.max(1));
        self.offset = (self.offset as isize + delta).clamp(0, max_offset as isize) as usize;
        if self.selected < self.offset {
            self.selected = self.offset;
        } else if self.selected >= self.offset + height {
            self.selected = (self.offset + height).saturating_sub(1);
        }
    }
}

/// Drops the oldest kept filters past `depth` of them or `budget` row indices in all (the
/// newest one always stays).
fn keep_within(widen: &mut Vec<(Filter, Vec<u32>)>, depth: usize, budget: usize) {
    let mut held: usize = widen.iter().map(|(_, v)| v.len()).sum();
    let mut drop = 0;
    while widen.len() - drop > depth || (held > budget && widen.len() - drop > 1) {
        held -= widen[drop].1.len();
        drop += 1;
    }
    widen.drain(..drop);
}

/// Orders two texts as their lower-case forms would, without making them: a sort of a
/// million rows compares about twenty million times.
pub fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    // Up to the first difference the two lower-case forms agree (equal bytes, or ASCII
    // letters that differ only in case). Two ASCII bytes there decide as they are; anything
    // else (an accented capital, say) is left to the full comparison.
    let same = x
        .iter()
        .zip(y)
        .position(|(p, q)| !p.eq_ignore_ascii_case(q));
    match same {
        None => x.len().cmp(&y.len()),
        Some(i) if x[i].is_ascii() && y[i].is_ascii() => {
            x[i].to_ascii_lowercase().cmp(&y[i].to_ascii_lowercase())
        }
        Some(_) => a
            .chars()
            .flat_map(char::to_lowercase)
            .cmp(b.chars().flat_map(char::to_lowercase)),
    }
}

fn compare<T: ListRow>(rows: &[T], sort: Sort, a: u32, b: u32) -> Ordering {
    let ord = rows[a as usize].compare(&rows[b as usize], sort.column);
    let ord = if sort.descending { ord.reverse() } else { ord };
    // Arrival order breaks ties so the order is stable across pages.
    ord.then(a.cmp(&b))
}

fn merge(a: &[u32], b: &[u32], cmp: impl Fn(&u32, &u32) -> Ordering) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    if b.len() * 64 < a.len() {
        // A few rows into many (a sync's changes into a million): find each one's place by
        // halving instead of comparing it with every row before it. `b` is sorted, so each
        // search starts where the last one ended; ties go after `a`'s rows as below.
        let mut from = 0;
        for x in b {
            let at = from + a[from..].partition_point(|y| cmp(y, x) != Ordering::Greater);
            out.extend_from_slice(&a[from..at]);
            out.push(*x);
            from = at;
        }
        out.extend_from_slice(&a[from..]);
        return out;
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if cmp(&a[i], &b[j]) == Ordering::Greater {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

#[cfg(test)]
#[path = "list_tests.rs"]
mod tests;
