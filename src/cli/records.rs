//! The fields each kind of row offers on the command line, named as Okta names them
//! (camelCase), with timestamps in Okta's own ISO-8601 form.

use serde_json::{Value, json};

use crate::okta::{AppLink, Group, Millis, Role, User, UserRow, format_okta_timestamp};

/// A row the writers can print.
pub trait Record {
    /// Every field, in the order json/jsonl/csv print them by default.
    const FIELDS: &'static [&'static str];
    /// The columns a table shows by default.
    const TABLE: &'static [&'static str];
    fn field(&self, name: &str) -> Value;
}

/// The cells of `r` for `columns`.
pub fn cells<R: Record>(r: &R, columns: &[String]) -> Vec<Value> {
    columns.iter().map(|c| r.field(c)).collect()
}

fn time(ms: Option<Millis>) -> Value {
    ms.map(|m| Value::String(format_okta_timestamp(m)))
        .unwrap_or(Value::Null)
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

impl Record for UserRow {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "status",
        "transitioningToStatus",
        "login",
        "email",
        "firstName",
        "lastName",
        "created",
        "lastLogin",
        "lastUpdated",
        "statusChanged",
    ];
    const TABLE: &'static [&'static str] = &[
        "id",
        "status",
        "login",
        "firstName",
        "lastName",
        "lastLogin",
    ];

    fn field(&self, name: &str) -> Value {
        match name {
            "id" => text(self.id()),
            "status" => text(self.status_api()),
            "transitioningToStatus" => self.transitioning_to().map(text).unwrap_or(Value::Null),
            "login" => text(self.login()),
            "email" => text(self.email()),
            "firstName" => text(self.first_name()),
            "lastName" => text(self.last_name()),
            "created" => time(self.created()),
            "lastLogin" => time(self.last_login()),
            "lastUpdated" => time(self.last_updated()),
            "statusChanged" => time(self.status_changed()),
            _ => Value::Null,
        }
    }
}

/// Prefix of a profile attribute in `--fields` (`profile.department`), as Okta names it in
/// its own search expressions.
pub const PROFILE_PREFIX: &str = "profile.";

/// A whole user: the row's fields plus any `profile.<attribute>`, custom ones included.
impl Record for User {
    const FIELDS: &'static [&'static str] = UserRow::FIELDS;
    const TABLE: &'static [&'static str] = UserRow::TABLE;

    fn field(&self, name: &str) -> Value {
        match name.strip_prefix(PROFILE_PREFIX) {
            Some(attribute) => self.profile.get(attribute).cloned().unwrap_or(Value::Null),
            None => self.row.field(name),
        }
    }
}

impl Record for Group {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "type",
        "name",
        "description",
        "usersCount",
        "appsCount",
        "created",
        "lastUpdated",
        "lastMembershipUpdated",
    ];
    const TABLE: &'static [&'static str] = &["id", "type", "name", "usersCount", "description"];

    fn field(&self, name: &str) -> Value {
        match name {
            "id" => text(&self.id),
            "type" => text(self.group_type.as_api()),
            "name" => text(&self.name),
            // Okta's null stays null.
            "description" => self.description.0.as_deref().map_or(Value::Null, text),
            "usersCount" => json!(self.users_count),
            "appsCount" => json!(self.apps_count),
            "created" => time(self.created),
            "lastUpdated" => time(self.last_updated),
            "lastMembershipUpdated" => time(self.last_membership_updated),
            _ => Value::Null,
        }
    }
}

impl Record for Role {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "type",
        "label",
        "status",
        "assignmentType",
        "created",
        "lastUpdated",
    ];
    const TABLE: &'static [&'static str] = &["id", "type", "label", "status", "assignmentType"];

    fn field(&self, name: &str) -> Value {
        match name {
            "id" => text(&self.id),
            "type" => text(&self.role_type),
            "label" => text(&self.label),
            "status" => text(&self.status),
            "assignmentType" => text(&self.assignment_type),
            "created" => json!(self.created),
            "lastUpdated" => json!(self.last_updated),
            _ => Value::Null,
        }
    }
}

impl Record for AppLink {
    const FIELDS: &'static [&'static str] = &[
        "appInstanceId",
        "appName",
        "label",
        "linkUrl",
        "logoUrl",
        "appAssignmentId",
        "credentialsSetup",
        "hidden",
        "sortOrder",
        "id",
    ];
    const TABLE: &'static [&'static str] = &["appInstanceId", "appName", "label", "hidden"];

    fn field(&self, name: &str) -> Value {
        match name {
            "appInstanceId" => text(&self.app_instance_id),
            "appName" => text(&self.app_name),
            "label" => text(&self.label),
            "linkUrl" => text(&self.link_url),
            "logoUrl" => text(&self.logo_url),
            "appAssignmentId" => text(&self.app_assignment_id),
            "credentialsSetup" => json!(self.credentials_setup),
            "hidden" => json!(self.hidden),
            "sortOrder" => json!(self.sort_order),
            "id" => text(&self.id),
            _ => Value::Null,
        }
    }
}

/// One configured tenant, as `tenants list` prints it.
#[derive(Debug, Clone)]
pub struct TenantRow {
    pub name: String,
    pub domain: String,
    pub auth: String,
    pub read_only: bool,
    pub color: Option<String>,
    pub active: bool,
}

impl Record for TenantRow {
    const FIELDS: &'static [&'static str] =
        &["name", "domain", "auth", "readOnly", "color", "active"];
    const TABLE: &'static [&'static str] = &["name", "domain", "auth", "readOnly", "active"];

    fn field(&self, name: &str) -> Value {
        match name {
            "name" => text(&self.name),
            "domain" => text(&self.domain),
            "auth" => text(&self.auth),
            "readOnly" => json!(self.read_only),
            "color" => json!(self.color),
            "active" => json!(self.active),
            _ => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_fields<R: Record>(r: &R) {
        for f in R::TABLE {
            assert!(R::FIELDS.contains(f), "{f} not in FIELDS");
        }
        // Every advertised field is served (a typo would silently print null).
        let served = R::FIELDS.iter().filter(|f| !r.field(f).is_null()).count();
        assert!(served > 0);
    }

    #[test]
    fn user_row_fields() {
        let rows = crate::okta::user_rows_from_slice(
            br#"[{"id":"00u1","status":"ACTIVE","created":"2024-01-31T12:00:00.000Z",
                 "lastLogin":"2024-02-01T08:30:00.000Z","lastUpdated":"2024-02-01T08:30:00.000Z",
                 "statusChanged":"2024-02-01T08:30:00.000Z","transitioningToStatus":"ACTIVE",
                 "profile":{"login":"a@b.c","email":"a@b.c","firstName":"A","lastName":"B"}}]"#,
        )
        .unwrap();
        let u = &rows[0];
        for f in UserRow::FIELDS {
            assert!(!u.field(f).is_null(), "{f}");
        }
        assert_eq!(u.field("created"), "2024-01-31T12:00:00.000Z");
        check_fields(u);
    }

    #[test]
    fn group_fields() {
        let g = crate::okta::groups_from_slice(
            br#"[{"id":"00g1","type":"OKTA_GROUP","created":"2024-01-31T12:00:00.000Z",
                 "lastUpdated":"2024-01-31T12:00:00.000Z","lastMembershipUpdated":"2024-01-31T12:00:00.000Z",
                 "profile":{"name":"Eng","description":"d"},
                 "_embedded":{"stats":{"usersCount":3,"appsCount":1}}}]"#,
        )
        .unwrap();
        for f in Group::FIELDS {
            assert!(!g[0].field(f).is_null(), "{f}");
        }
        check_fields(&g[0]);
    }

    #[test]
    fn role_app_tenant_fields() {
        let role: Role = serde_json::from_value(json!({"id":"ra1","type":"SUPER_ADMIN",
            "label":"Super","status":"ACTIVE","assignmentType":"USER",
            "created":"2024-01-31T12:00:00.000Z","lastUpdated":"2024-01-31T12:00:00.000Z"}))
        .unwrap();
        for f in Role::FIELDS {
            assert!(!role.field(f).is_null(), "{f}");
        }
        let app: AppLink =
            serde_json::from_value(json!({"appInstanceId":"0oa1","appName":"x"})).unwrap();
        for f in AppLink::FIELDS {
            assert!(!app.field(f).is_null(), "{f}");
        }
        let t = TenantRow {
            name: "a".into(),
            domain: "https://a.okta.com".into(),
            auth: "API token".into(),
            read_only: true,
            color: Some("red".into()),
            active: true,
        };
        for f in TenantRow::FIELDS {
            assert!(!t.field(f).is_null(), "{f}");
        }
    }
}
