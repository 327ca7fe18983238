//! The Groups tab: the streamed group list and the group screen with its streamed members.

use std::cmp::Ordering;

use crate::okta::{Fetched, Group, GroupQuery, UserRow};

use super::ids::ReqId;
use super::list::{ListRow, RowList, cmp_ignore_case};
use super::raw::RawView;
use super::users::Load;

pub const GROUP_COLUMNS: &[&str] = &["Name", "Type", "Members", "Description"];

impl ListRow for Group {
    fn row_id(&self) -> &str {
        &self.id
    }

    fn haystack(&self) -> String {
        super::filter::join_fields([&*self.name, self.group_type.as_api(), &self.description])
    }

    fn compare(&self, other: &Self, column: usize) -> Ordering {
        match column {
            0 => cmp_ignore_case(&self.name, &other.name),
            1 => self.group_type.as_api().cmp(other.group_type.as_api()),
            2 => self.users_count.cmp(&other.users_count),
            _ => cmp_ignore_case(&self.description, &other.description),
        }
    }
}

pub fn group_cell(g: &Group, column: usize) -> String {
    match column {
        0 => g.name.to_string(),
        1 => g.group_type.as_api().to_owned(),
        2 => g
            .users_count
            .map(|n| super::thousands(n as usize))
            .unwrap_or_else(|| "—".to_owned()),
        _ => g.description.to_string(),
    }
}

#[derive(Debug, Default)]
pub struct GroupsTab {
    pub list: RowList<Group>,
    pub query: GroupQuery,
    pub query_label: Option<String>,
    /// The full listing, kept while a server search shows fewer groups
    /// (`update/full_listing.rs`).
    pub full: Option<RowList<Group>>,
}

#[derive(Debug)]
pub struct GroupDetail {
    pub group_id: String,
    /// The list row (or the user's group entry) shown until the fresh GET arrives.
    pub summary: Option<Group>,
    pub req: ReqId,
    pub fetched: Load<Fetched<Group>>,
    pub members: RowList<UserRow>,
    pub raw: Option<RawView>,
    pub raw_pending: bool,
}

impl GroupDetail {
    pub fn new(group_id: String, summary: Option<Group>, req: ReqId) -> Self {
        GroupDetail {
            group_id,
            summary,
            req,
            fetched: Load::Loading,
            members: RowList::default(),
            raw: None,
            raw_pending: false,
        }
    }

    pub fn group(&self) -> Option<&Group> {
        self.fetched
            .loaded()
            .map(|f| &f.value)
            .or(self.summary.as_ref())
    }

    pub fn title(&self) -> String {
        self.group()
            .map(|g| g.name.to_string())
            .unwrap_or_else(|| self.group_id.clone())
    }

    pub fn raw_view(&self) -> Option<RawView> {
        self.fetched.loaded().map(|f| {
            let body = if f.response.body.is_null() {
                serde_json::to_value(&f.value).unwrap_or_default()
            } else {
                f.response.body.clone()
            };
            RawView::new(
                format!("GET /api/v1/groups/{}", self.group_id),
                &f.response,
                &body,
            )
        })
    }
}
