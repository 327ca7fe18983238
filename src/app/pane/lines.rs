//! The pane's lines: the top of the full detail (the user's status, dates and profile; the
//! group's type, count and description), from the list row until the fetch arrives.

use crate::okta::{Fetched, Group, User, UserRow};

use crate::app::detail_line::DetailLine;
use crate::app::users::{date, fetched_user_lines, field};

/// A user: the list row's fields at once, then the fetched user's dates and profile.
pub fn user_lines(row: Option<&UserRow>, fetched: Option<&Fetched<User>>) -> Vec<DetailLine> {
    let mut out = Vec::new();
    let row = fetched.map(|f| &f.value.row).or(row);
    if let Some(row) = row {
        out.push(DetailLine::Status {
            api: row.status_api().to_owned(),
            label: row.status().label().to_owned(),
        });
        if let Some(t) = &row.transitioning_to() {
            out.push(field("transitioning to", t.to_string()));
        }
        out.push(field("login", row.login().to_string()));
        out.push(field("email", row.email().to_string()));
        out.push(field("name", row.display_name()));
        out.push(field("id", row.id().to_string()));
        out.push(field("created", date(row.created())));
        out.push(field("last login", date(row.last_login())));
    }
    let Some(f) = fetched else {
        return out;
    };
    fetched_user_lines(&f.value, false, &mut out);
    out
}

/// A group: the list row at once (it carries the member count, which a single GET has not),
/// then the fetched group's dates.
pub fn group_lines(row: Option<&Group>, fetched: Option<&Fetched<Group>>) -> Vec<DetailLine> {
    let mut out = Vec::new();
    let Some(g) = fetched.map(|f| &f.value).or(row) else {
        return out;
    };
    let count = row
        .and_then(|r| r.users_count)
        .or(g.users_count)
        .map(|n| crate::app::thousands(n as usize))
        .unwrap_or_else(|| "?".to_owned());
    out.push(field("name", g.name.to_string()));
    out.push(field("type", g.group_type.as_api().to_owned()));
    if let Some(reason) = g.group_type.membership_locked_reason() {
        out.push(field("membership", reason.to_owned()));
    }
    out.push(field("members", count));
    out.push(field("id", g.id.to_string()));
    out.push(field("description", g.description.to_string()));
    if fetched.is_some() {
        out.push(field("created", date(g.created)));
        out.push(field("last updated", date(g.last_updated)));
        out.push(field("membership updated", date(g.last_membership_updated)));
    }
    out
}
