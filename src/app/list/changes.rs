//! Rows changed elsewhere (a background sync of the local index): replaced in place, added or
//! removed while the list keeps its sort, its filter, and the selected row on its screen line.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};

use super::{ListRow, RowList, compare, merge};

impl<T: ListRow + PartialEq> RowList<T> {
    /// Replaces the rows whose id is known and adds the others. A replaced row keeps its
    /// place in arrival order and moves in the sort order only as far as its new values say.
    /// A row that comes back the same (most of a full sync) costs nothing.
    pub fn upsert_rows(&mut self, items: Vec<T>) {
        if items.is_empty() {
            return;
        }
        let keep = self.selected_index();
        let line = self.selected.saturating_sub(self.offset);
        let mut ids = match self.ids.take() {
            Some(ids) => ids,
            None => IdPositions::of(&self.rows),
        };
        let found: Vec<Option<u32>> = items.iter().map(|r| ids.find(&self.rows, r)).collect();
        let mut replaced = Vec::new();
        let start = self.rows.len() as u32;
        for (item, at) in items.into_iter().zip(found) {
            match at {
                Some(pos) if self.rows[pos as usize] == item => {}
                Some(pos) => {
                    self.hay.replace(pos as usize, &item.haystack());
                    self.rows[pos as usize] = item;
                    replaced.push(pos);
                }
                None => {
                    ids.insert(item.row_id(), self.rows.len() as u32);
                    self.hay.push(&item.haystack());
                    self.rows.push(item);
                }
            }
        }
        self.ids = Some(ids);
        if replaced.is_empty() && start == self.rows.len() as u32 {
            return;
        }
        if !replaced.is_empty() {
            let out: HashSet<u32> = replaced.iter().copied().collect();
            self.order.retain(|i| !out.contains(i));
            self.view.retain(|i| !out.contains(i));
        }
        // A changed row may match a kept (narrower) filter differently.
        self.widen.clear();
        replaced.extend(start..self.rows.len() as u32);
        self.insert_indices(replaced);
        self.reselect(keep);
        self.offset = self.selected.saturating_sub(line);
    }
}

/// Row positions by a hash of the row's id (8 + 4 bytes a row instead of a copy of every
/// id); a hash shared by two ids is told apart by looking at the row, and the second id is
/// found by a scan.
#[derive(Debug)]
pub(super) struct IdPositions {
    hasher: RandomState,
    at: HashMap<u64, u32>,
}

impl IdPositions {
    fn of<T: ListRow>(rows: &[T]) -> Self {
        let mut ids = IdPositions {
            hasher: RandomState::new(),
            at: HashMap::with_capacity(rows.len()),
        };
        for (pos, r) in rows.iter().enumerate() {
            ids.insert(r.row_id(), pos as u32);
        }
        ids
    }

    fn insert(&mut self, id: &str, pos: u32) {
        self.at.entry(self.hasher.hash_one(id)).or_insert(pos);
    }

    fn find<T: ListRow>(&self, rows: &[T], item: &T) -> Option<u32> {
        let id = item.row_id();
        match self.at.get(&self.hasher.hash_one(id)) {
            Some(&pos) if rows.get(pos as usize).is_some_and(|r| r.row_id() == id) => Some(pos),
            // Another id with the same hash is filed there: look at every row.
            Some(_) => rows.iter().position(|r| r.row_id() == id).map(|p| p as u32),
            None => None,
        }
    }
}

impl<T: ListRow> RowList<T> {
    /// The sync is over: the positions kept for its changes are dropped (a million rows
    /// hold about 20 MB of them).
    pub fn forget_ids(&mut self) {
        self.ids = None;
    }

    /// Removes the rows with these ids (unknown ids are ignored). The selection stays on its
    /// row, or moves to the row that took its place when that row itself went.
    pub fn remove_rows(&mut self, ids: &[String]) {
        let gone: HashSet<&str> = ids.iter().map(String::as_str).collect();
        if !self.rows.iter().any(|r| gone.contains(r.row_id())) {
            return;
        }
        self.ids = None;
        let keep = self.selected_index();
        let line = self.selected.saturating_sub(self.offset);
        let selected_pos = self.selected;
        // New index of every old row (u32::MAX: removed).
        let mut remap = Vec::with_capacity(self.rows.len());
        let mut next = 0u32;
        for r in &self.rows {
            if gone.contains(r.row_id()) {
                remap.push(u32::MAX);
            } else {
                remap.push(next);
                next += 1;
            }
        }
        for id in ids {
            self.marks.remove(id.as_str());
        }
        self.rows.retain(|r| !gone.contains(r.row_id()));
        let renumber = |list: &mut Vec<u32>| {
            list.retain_mut(|i| {
                let new = remap[*i as usize];
                *i = new;
                new != u32::MAX
            })
        };
        renumber(&mut self.order);
        renumber(&mut self.view);
        self.widen.clear();
        // The haystacks are positional: built again (deletions are rare, a few per sync).
        self.hay.clear();
        for r in &self.rows {
            self.hay.push(&r.haystack());
        }
        let kept = keep.map(|k| remap[k as usize]).filter(|&k| k != u32::MAX);
        match kept {
            Some(k) => self.reselect(Some(k)),
            None => self.selected = selected_pos.min(self.view.len().saturating_sub(1)),
        }
        self.offset = self.selected.saturating_sub(line);
    }

    /// Puts rows (by index, not in `order` or `view` yet) into the sort order and, where
    /// the filter keeps them, into the view.
    fn insert_indices(&mut self, mut fresh: Vec<u32>) {
        if fresh.is_empty() {
            return;
        }
        let rows = &self.rows;
        let hay = &self.hay;
        let text = rows;
        let sort = self.sort;
        let cmp = |a: &u32, b: &u32| match sort {
            Some(sort) => compare(rows, sort, *a, *b),
            None => a.cmp(b),
        };
        fresh.sort_by(cmp);
        self.order = merge(&self.order, &fresh, cmp);
        let kept: Vec<u32> = match &self.filter {
            Some(f) => fresh
                .into_iter()
                .filter(|&i| f.matches_prepared(hay.get(i as usize, text)))
                .collect(),
            None => fresh,
        };
        self.view = merge(&self.view, &kept, cmp);
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::super::Sort;
    use super::*;

    /// An id and a name: the name changes, the id stays.
    #[derive(Debug, Clone, PartialEq)]
    struct Row(String, String);

    impl ListRow for Row {
        fn row_id(&self) -> &str {
            &self.0
        }
        fn haystack(&self) -> String {
            self.1.clone()
        }
        fn compare(&self, other: &Self, _: usize) -> Ordering {
            self.1.cmp(&other.1)
        }
    }

    fn row(id: &str, name: &str) -> Row {
        Row(id.into(), name.into())
    }

    fn shown(list: &RowList<Row>) -> Vec<&str> {
        list.view()
            .iter()
            .map(|&i| list.rows[i as usize].1.as_str())
            .collect()
    }

    fn sorted_list() -> RowList<Row> {
        let mut list = RowList::default();
        list.push_page(vec![
            row("1", "anna"),
            row("2", "bert"),
            row("3", "carl"),
            row("4", "dora"),
            row("5", "abel"),
        ]);
        list.set_sort(Some(Sort {
            column: 0,
            descending: false,
        }));
        list
    }

    #[test]
    fn a_changed_row_moves_to_its_sorted_place_and_the_selection_follows_it() {
        let mut list = sorted_list();
        assert_eq!(shown(&list), ["abel", "anna", "bert", "carl", "dora"]);
        list.select(2, 10);
        assert_eq!(list.selected_row().unwrap().0, "2");
        list.upsert_rows(vec![row("2", "zeno"), row("9", "bea")]);
        assert_eq!(
            shown(&list),
            ["abel", "anna", "bea", "carl", "dora", "zeno"]
        );
        assert_eq!(
            list.selected_row().unwrap().0,
            "2",
            "the selection stays on its row"
        );
        assert_eq!(list.rows.len(), 6);
    }

    #[test]
    fn the_filter_stays_and_judges_changed_rows_again() {
        let mut list = sorted_list();
        list.set_filter("a");
        list.set_filter("an");
        assert_eq!(shown(&list), ["anna"]);
        list.upsert_rows(vec![row("4", "dana"), row("1", "ulla")]);
        assert_eq!(shown(&list), ["dana"]);
        // Backspace searches again rather than trusting a view from before the change.
        list.set_filter("a");
        assert_eq!(shown(&list), ["abel", "carl", "dana", "ulla"]);
    }

    #[test]
    fn removed_rows_disappear_and_the_selection_stays_or_takes_the_next_row() {
        let mut list = sorted_list();
        list.set_filter("r");
        assert_eq!(shown(&list), ["bert", "carl", "dora"]);
        list.select(1, 10);
        list.marks.insert("3".into());
        list.remove_rows(&["2".to_owned(), "nope".to_owned()]);
        assert_eq!(shown(&list), ["carl", "dora"]);
        assert_eq!(list.selected_row().unwrap().0, "3");
        list.remove_rows(&["3".to_owned()]);
        assert_eq!(shown(&list), ["dora"]);
        assert_eq!(list.selected_row().unwrap().0, "4");
        assert!(list.marks.is_empty(), "a removed row is no longer marked");
        list.clear_filter();
        assert_eq!(shown(&list), ["abel", "anna", "dora"]);
        // The haystacks follow the renumbered rows.
        list.set_filter("do");
        assert_eq!(shown(&list), ["dora"]);
    }

    #[test]
    fn successive_sync_batches_find_the_rows_the_earlier_ones_added() {
        let mut list = sorted_list();
        list.upsert_rows(vec![row("7", "eve"), row("8", "fay")]);
        list.upsert_rows(vec![row("8", "aaron"), row("1", "anne")]);
        list.remove_rows(&["5".to_owned()]);
        list.upsert_rows(vec![row("7", "zed"), row("9", "gil")]);
        list.forget_ids();
        list.upsert_rows(vec![row("9", "bob")]);
        assert_eq!(
            shown(&list),
            ["aaron", "anne", "bert", "bob", "carl", "dora", "zed"]
        );
    }

    #[test]
    fn without_a_sort_a_changed_row_keeps_its_place() {
        let mut list = RowList::default();
        list.push_page(vec![row("1", "x"), row("2", "y"), row("3", "z")]);
        list.upsert_rows(vec![row("2", "w")]);
        assert_eq!(shown(&list), ["x", "w", "z"]);
    }
}
