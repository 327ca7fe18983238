//! What filter, sort and movement need from whichever list has the focus (users, groups, a
//! group's members), whatever its row type.

use super::filter::Filter;
use super::list::{ListRow, LoadState, RowList, Sort};

/// What filter, sort and movement need from a list, whatever its row type.
pub trait FocusList {
    fn filter_text(&self) -> Option<&str>;
    fn filter(&self) -> Option<&Filter>;
    fn set_filter(&mut self, text: &str);
    fn clear_filter(&mut self);
    fn sort(&self) -> Option<Sort>;
    fn set_sort(&mut self, sort: Option<Sort>);
    fn is_loading(&self) -> bool;
    fn load(&self) -> &LoadState;
    fn set_load(&mut self, load: LoadState);
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn visible_len(&self) -> usize;
    fn selected(&self) -> usize;
    fn offset(&self) -> usize;
    fn select(&mut self, pos: usize, height: usize);
    fn scroll_into_view(&mut self, height: usize);
}

impl<T: ListRow> FocusList for RowList<T> {
    fn filter_text(&self) -> Option<&str> {
        RowList::filter(self).map(|f| f.text())
    }
    fn filter(&self) -> Option<&Filter> {
        RowList::filter(self)
    }
    fn set_filter(&mut self, text: &str) {
        RowList::set_filter(self, text)
    }
    fn clear_filter(&mut self) {
        RowList::clear_filter(self)
    }
    fn sort(&self) -> Option<Sort> {
        self.sort
    }
    fn set_sort(&mut self, sort: Option<Sort>) {
        RowList::set_sort(self, sort)
    }
    fn is_loading(&self) -> bool {
        RowList::is_loading(self)
    }
    fn load(&self) -> &LoadState {
        &self.load
    }
    fn set_load(&mut self, load: LoadState) {
        self.load = load;
    }
    fn len(&self) -> usize {
        self.rows.len()
    }
    fn visible_len(&self) -> usize {
        RowList::visible_len(self)
    }
    fn selected(&self) -> usize {
        self.selected
    }
    fn offset(&self) -> usize {
        self.offset
    }
    fn select(&mut self, pos: usize, height: usize) {
        RowList::select(self, pos, height)
    }
    fn scroll_into_view(&mut self, height: usize) {
        RowList::scroll_into_view(self, height)
    }
}
