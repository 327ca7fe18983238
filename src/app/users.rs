//! The Users tab: the streamed user list and the user detail screen.

use std::cmp::Ordering;

use serde_json::Value;

use crate::okta::{AppLink, Fetched, Group, Role, User, UserQuery, UserRow, format_timestamp};

pub use super::detail_line::DetailLine;
use super::ids::ReqId;
use super::list::{ListRow, RowList, cmp_ignore_case, key_chunk, lower_key_chunk, time_key};
use super::raw::RawView;
use super::status::ErrorInfo;

/// Column titles, in display order. Indices are what `ListRow::compare` receives.
pub const USER_COLUMNS: &[&str] = &["Status", "Login", "Name", "Email", "Last login", "Created"];

impl ListRow for UserRow {
    fn row_id(&self) -> &str {
        self.id()
    }

    /// One field per searchable value (see `filter::FIELD_SEP`): a word never matches across
    /// two of them.
    fn haystack(&self) -> String {
        let display = self.display_name();
        let mut fields = vec![self.status_api(), self.login()];
        // Okta logins are most often the email itself: searching it twice costs a fifth of
        // every keystroke on a big org (and its memory) and finds nothing more.
        if !self.email().eq_ignore_ascii_case(self.login()) {
            fields.push(self.email());
        }
        fields.extend([self.first_name(), self.last_name(), &display]);
        super::filter::join_fields(fields)
    }

    fn sort_key(&self, column: usize, chunk: usize) -> Option<u64> {
        Some(match column {
            0 => key_chunk(self.status_api().bytes(), chunk),
            1 => lower_key_chunk(self.login(), chunk),
            // First name, a zero byte, last name: the tuple's order, as `compare` has it.
            2 => {
                let (first, last) = (self.first_name(), self.last_name());
                if first.is_ascii() && last.is_ascii() {
                    fn lower(s: &str) -> impl Iterator<Item = u8> + '_ {
                        s.bytes().map(|b| b.to_ascii_lowercase())
                    }
                    key_chunk(lower(first).chain([0]).chain(lower(last)), chunk)
                } else {
                    let (f, l) = (first.to_lowercase(), last.to_lowercase());
                    key_chunk(f.bytes().chain([0]).chain(l.bytes()), chunk)
                }
            }
            3 => lower_key_chunk(self.email(), chunk),
            4 => time_key(self.last_login(), chunk),
            _ => time_key(self.created(), chunk),
        })
    }

    fn compare(&self, other: &Self, column: usize) -> Ordering {
        match column {
            0 => self.status_api().cmp(other.status_api()),
            1 => cmp_ignore_case(self.login(), other.login()),
            2 => cmp_ignore_case(self.first_name(), other.first_name())
                .then_with(|| cmp_ignore_case(self.last_name(), other.last_name())),
            3 => cmp_ignore_case(self.email(), other.email()),
            4 => self.last_login().cmp(&other.last_login()),
            _ => self.created().cmp(&other.created()),
        }
    }
}

/// The cell text for a user column (the UI styles and truncates it).
pub fn user_cell(row: &UserRow, column: usize) -> String {
    match column {
        0 => row.status_api().to_owned(),
        1 => row.login().to_string(),
        2 => row.display_name(),
        3 => row.email().to_string(),
        4 => row
            .last_login()
            .map(format_timestamp)
            .unwrap_or_else(|| "never".to_owned()),
        _ => row.created().map(format_timestamp).unwrap_or_default(),
    }
}

#[derive(Debug, Default)]
pub struct UsersTab {
    pub list: RowList<UserRow>,
    pub query: UserQuery,
    /// What the server query is, as shown on screen ("search: …", "status: SUSPENDED").
    pub query_label: Option<String>,
    /// The full listing, kept while a server query shows fewer users (`update/full_listing.rs`).
    pub full: Option<RowList<UserRow>>,
}

/// A part of a screen that is fetched when the screen opens.
#[derive(Debug, Clone)]
pub enum Load<T> {
    Loading,
    Loaded(T),
    Failed(ErrorInfo),
}

impl<T> Load<T> {
    pub fn is_loading(&self) -> bool {
        matches!(self, Load::Loading)
    }
    pub fn loaded(&self) -> Option<&T> {
        match self {
            Load::Loaded(t) => Some(t),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct UserDetail {
    pub user_id: String,
    /// The list row, shown until the full user arrives.
    pub summary: Option<UserRow>,
    pub req: ReqId,
    pub user: Load<Fetched<User>>,
    pub groups: Load<Fetched<Vec<Group>>>,
    pub roles: Load<Fetched<Vec<Role>>>,
    pub apps: Load<Fetched<Vec<AppLink>>>,
    pub selected: usize,
    pub offset: usize,
    pub raw: Option<RawView>,
    /// `v` was pressed before the user arrived: open the raw view when it does.
    pub raw_pending: bool,
    /// The sign-in card, factors and recent activity (`app/signin.rs`).
    pub signin: Option<Box<super::signin::SignInView>>,
    /// How each app came (app id, "direct" or "through GROUP"), read after the apps.
    pub app_origins: Option<Vec<(String, String)>>,
}

impl UserDetail {
    pub fn new(user_id: String, summary: Option<UserRow>, req: ReqId) -> Self {
        UserDetail {
            user_id,
            summary,
            req,
            user: Load::Loading,
            groups: Load::Loading,
            roles: Load::Loading,
            apps: Load::Loading,
            selected: 0,
            offset: 0,
            raw: None,
            raw_pending: false,
            signin: None,
            app_origins: None,
        }
    }

    pub fn is_loading(&self) -> bool {
        self.user.is_loading()
            || self.groups.is_loading()
            || self.roles.is_loading()
            || self.apps.is_loading()
            || (self.signin.is_none() && !matches!(self.user, Load::Failed(_)))
    }

    /// A short title: the login, or the id until it is known.
    pub fn title(&self) -> String {
        self.user
            .loaded()
            .map(|f| f.value.row.login().to_string())
            .or_else(|| self.summary.as_ref().map(|r| r.login().to_string()))
            .unwrap_or_else(|| self.user_id.clone())
    }

    pub fn raw_view(&self) -> Option<RawView> {
        self.user.loaded().map(|f| {
            RawView::new(
                format!("GET /api/v1/users/{}", self.user_id),
                &f.response,
                &f.value.raw,
            )
        })
    }

    /// Every line of the detail, in order.
    pub fn lines(&self) -> Vec<DetailLine> {
        let mut out = Vec::new();
        match (&self.signin, &self.user) {
            (Some(s), _) => s.card_lines(&mut out),
            (None, Load::Failed(e)) => super::signin::pending_lines(&mut out, Some(&e.one_line())),
            (None, _) => super::signin::pending_lines(&mut out, None),
        }
        out.push(DetailLine::Section("User".to_owned()));
        let row = self
            .user
            .loaded()
            .map(|f| &f.value.row)
            .or(self.summary.as_ref());
        if let Some(row) = row {
            out.push(DetailLine::Status {
                api: row.status_api().to_owned(),
                label: row.status().label().to_owned(),
            });
            if let Some(t) = &row.transitioning_to() {
                out.push(field("transitioning to", t.to_string()));
            }
            out.push(field("id", row.id().to_string()));
            out.push(field("login", row.login().to_string()));
            out.push(field("email", row.email().to_string()));
            out.push(field("name", row.display_name()));
            out.push(field("created", date(row.created())));
        }
        match &self.user {
            Load::Loading => out.push(DetailLine::Note("loading user…".to_owned())),
            Load::Failed(e) => out.push(DetailLine::Error(e.one_line())),
            Load::Loaded(f) => fetched_user_lines(&f.value, true, &mut out),
        }
        match &self.groups {
            Load::Loading => {
                out.push(DetailLine::Section("Groups".to_owned()));
                out.push(DetailLine::Note("loading groups…".to_owned()));
            }
            Load::Failed(e) => {
                out.push(DetailLine::Section("Groups".to_owned()));
                out.push(DetailLine::Error(e.one_line()));
            }
            Load::Loaded(f) => {
                out.push(DetailLine::Section(format!("Groups ({})", f.value.len())));
                if f.value.is_empty() {
                    out.push(DetailLine::Note("no groups".to_owned()));
                }
                for g in &f.value {
                    out.push(DetailLine::Group {
                        id: g.id.to_string(),
                        name: g.name.to_string(),
                        kind: g.group_type.as_api().to_owned(),
                    });
                }
            }
        }
        match &self.roles {
            Load::Loading => {
                out.push(DetailLine::Section("Admin roles".to_owned()));
                out.push(DetailLine::Note("loading roles…".to_owned()));
            }
            Load::Failed(e) => {
                out.push(DetailLine::Section("Admin roles".to_owned()));
                out.push(DetailLine::Error(e.one_line()));
            }
            Load::Loaded(f) => {
                out.push(DetailLine::Section(format!(
                    "Admin roles ({})",
                    f.value.len()
                )));
                if f.value.is_empty() {
                    out.push(DetailLine::Note("no admin roles".to_owned()));
                }
                for r in &f.value {
                    let label = if r.label.is_empty() {
                        &r.role_type
                    } else {
                        &r.label
                    };
                    out.push(field(
                        label,
                        format!("{} {}", r.role_type, r.assignment_type)
                            .trim()
                            .to_owned(),
                    ));
                }
            }
        }
        match &self.apps {
            Load::Loading => {
                out.push(DetailLine::Section("Apps".to_owned()));
                out.push(DetailLine::Note("loading app assignments…".to_owned()));
            }
            Load::Failed(e) => {
                out.push(DetailLine::Section("Apps".to_owned()));
                out.push(DetailLine::Error(e.one_line()));
            }
            Load::Loaded(f) => {
                out.push(DetailLine::Section(format!("Apps ({})", f.value.len())));
                if f.value.is_empty() {
                    out.push(DetailLine::Note("no app assignments".to_owned()));
                }
                for a in &f.value {
                    let how = self
                        .app_origins
                        .iter()
                        .flatten()
                        .find(|(id, _)| *id == a.app_instance_id)
                        .map(|(_, how)| how.as_str());
                    let value = match how {
                        Some(how) => format!("{} · {how}", a.app_name),
                        None => a.app_name.clone(),
                    };
                    out.push(field(&a.label, value));
                }
            }
        }
        if let Some(s) = &self.signin {
            s.section_lines(&mut out);
        }
        out
    }
}

/// Profile values: strings as they are, everything else as compact JSON.
/// A labelled value line of a detail.
pub(crate) fn field(label: &str, value: String) -> DetailLine {
    DetailLine::Field {
        label: label.to_owned(),
        value,
    }
}

/// A time as details show it; "—" for none.
pub(crate) fn date(ms: Option<i64>) -> String {
    ms.map(format_timestamp).unwrap_or_else(|| "—".to_owned())
}

/// What a fetched user adds to the list row: its dates, credentials provider and profile (the
/// detail pane has shown the last login from the row already).
pub(crate) fn fetched_user_lines(u: &User, last_login: bool, out: &mut Vec<DetailLine>) {
    out.push(field("activated", date(u.activated)));
    out.push(field("status changed", date(u.row.status_changed())));
    if last_login {
        out.push(field("last login", date(u.row.last_login())));
    }
    out.push(field("last updated", date(u.row.last_updated())));
    out.push(field("password changed", date(u.password_changed)));
    if let Some(p) = &u.credentials_provider {
        out.push(field("credentials provider", p.clone()));
    }
    out.push(DetailLine::Section(format!(
        "Profile ({} attributes)",
        u.profile.len()
    )));
    for (k, v) in &u.profile {
        out.push(field(k, profile_value(v)));
    }
}

pub(crate) fn profile_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".to_owned(),
        other => other.to_string(),
    }
}
