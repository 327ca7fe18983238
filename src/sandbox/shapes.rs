//! The JSON Okta answers with, built from the store: users (serialised straight from the
//! store on list pages, the hot path), groups, role assignments and app links.

use std::collections::{BTreeMap, BTreeSet};

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value as Json, json};

use super::store::{Group, GroupType, LifecycleOp, Provider, Status, Store, User};

/// `YYYY-MM-DDTHH:mm:ss.SSSZ`, Okta's date-time format.
pub fn fmt_time(ms: i64) -> String {
    Time(ms).to_string()
}

/// A timestamp that prints as Okta's date-time, written straight into the output.
#[derive(Clone, Copy)]
pub struct Time(pub i64);

impl std::fmt::Display for Time {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::{Datelike, Timelike};
        let t = chrono::DateTime::from_timestamp_millis(self.0).unwrap_or_default();
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.timestamp_subsec_millis()
        )
    }
}

impl Time {
    /// The same text as `Display`, written digit by digit: a user carries six date-times and a
    /// list page 200 users, and the formatting machinery was a third of a page's cost. None
    /// outside years 0–9999 (where `Display` writes more or fewer digits).
    fn ascii(self) -> Option<[u8; 24]> {
        use chrono::{Datelike, Timelike};
        let t = chrono::DateTime::from_timestamp_millis(self.0).unwrap_or_default();
        let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
        let mut out = *b"0000-00-00T00:00:00.000Z";
        let mut put = |at: usize, width: usize, mut n: u32| {
            for i in (at..at + width).rev() {
                out[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, t.month());
        put(8, 2, t.day());
        put(11, 2, t.hour());
        put(14, 2, t.minute());
        put(17, 2, t.second());
        let millis = t.timestamp_subsec_millis();
        if millis > 999 {
            return None;
        }
        put(20, 3, millis);
        Some(out)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.ascii() {
            Some(text) => s.serialize_str(std::str::from_utf8(&text).unwrap_or_default()),
            None => s.collect_str(self),
        }
    }
}

/// A user serialised straight from the store, without building a `Value` first: list pages
/// are the hot path when a client streams 100,000 users.
pub struct UserView<'a> {
    pub user: &'a User,
    pub base: &'a str,
    pub single: bool,
}

/// `{base}/api/v1/users/{id}{suffix}`, written without an intermediate string.
struct UserHref<'a>(&'a str, &'a str, &'a str);

impl std::fmt::Display for UserHref<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/api/v1/users/{}{}", self.0, self.1, self.2)
    }
}

/// `{"href": ..., "method": "POST"?}`
struct Link<'a>(UserHref<'a>, bool);

impl Serialize for Link<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("href", &Collect(&self.0))?;
        if self.1 {
            m.serialize_entry("method", "POST")?;
        }
        m.end()
    }
}

struct Collect<'a, T: std::fmt::Display>(&'a T);

impl<T: std::fmt::Display> Serialize for Collect<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

struct UserLinks<'a>(&'a UserView<'a>);

impl Serialize for UserLinks<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let UserView {
            user: u,
            base,
            single,
        } = *self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("self", &Link(UserHref(base, &u.id, ""), false))?;
        if !single {
            return m.end();
        }
        let mut paths = [""; 9];
        for (i, op) in LifecycleOp::ALL.into_iter().enumerate() {
            if op.advertised(u) {
                paths[i] = op.path();
            }
        }
        let mut suffix = String::new();
        for (op, path) in LifecycleOp::ALL.into_iter().zip(paths) {
            if !path.is_empty() {
                suffix.clear();
                suffix.push_str("/lifecycle/");
                suffix.push_str(path);
                m.serialize_entry(op.link(), &Link(UserHref(base, &u.id, &suffix), true))?;
            }
        }
        for op in super::credentials::CredentialOp::ALL {
            if op.allowed(u) {
                m.serialize_entry(op.link(), &Link(UserHref(base, &u.id, op.path()), true))?;
            }
        }
        m.serialize_entry(
            "schema",
            &json!({"href": format!("{base}/api/v1/meta/schemas/user/osc1sandboxdefault0")}),
        )?;
        m.serialize_entry(
            "type",
            &json!({"href": format!("{base}/api/v1/meta/types/user/{USER_TYPE_ID}")}),
        )?;
        m.end()
    }
}

struct Credentials<'a>(&'a User);

impl Serialize for Credentials<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let u = self.0;
        let mut m = s.serialize_map(None)?;
        if u.has_password {
            m.serialize_entry("password", &Map::new())?;
        }
        if let Some(q) = &u.recovery_question {
            m.serialize_entry(
                "recovery_question",
                &[("question", q)].into_iter().collect::<BTreeMap<_, _>>(),
            )?;
        }
        let (kind, name) = match u.provider {
            Provider::Okta => ("OKTA", "OKTA"),
            Provider::ActiveDirectory => ("ACTIVE_DIRECTORY", "corp.example.com"),
        };
        if let Some(email) = u.profile.get("email").and_then(Json::as_str) {
            // Users who have not signed in yet have not proven the address.
            let status = if matches!(u.status, Status::Staged | Status::Provisioned) {
                "UNVERIFIED"
            } else {
                "VERIFIED"
            };
            m.serialize_entry(
                "emails",
                &[[("value", email), ("status", status), ("type", "PRIMARY")]
                    .into_iter()
                    .collect::<BTreeMap<_, _>>()],
            )?;
        }
        m.serialize_entry(
            "provider",
            &[("type", kind), ("name", name)]
                .into_iter()
                .collect::<BTreeMap<_, _>>(),
        )?;
        m.end()
    }
}

impl Serialize for UserView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let u = self.user;
        let mut m = s.serialize_map(Some(13))?;
        m.serialize_entry("id", &u.id)?;
        m.serialize_entry("status", u.status.as_str())?;
        m.serialize_entry("created", &Time(u.created))?;
        m.serialize_entry("activated", &u.activated.map(Time))?;
        m.serialize_entry("statusChanged", &u.status_changed.map(Time))?;
        m.serialize_entry("lastLogin", &u.last_login.map(Time))?;
        m.serialize_entry("lastUpdated", &Time(u.last_updated))?;
        m.serialize_entry("passwordChanged", &u.password_changed.map(Time))?;
        m.serialize_entry(
            "type",
            &[("id", USER_TYPE_ID)]
                .into_iter()
                .collect::<BTreeMap<_, _>>(),
        )?;
        m.serialize_entry("realmId", REALM_ID)?;
        m.serialize_entry("profile", &Profile(&u.profile))?;
        m.serialize_entry("credentials", &Credentials(u))?;
        m.serialize_entry("_links", &UserLinks(self))?;
        m.end()
    }
}

pub(crate) const USER_TYPE_ID: &str = "oty1sandboxdefault0";
/// The org's default realm: orgs since 2025 put a `realmId` on every user.
pub(crate) const REALM_ID: &str = "guo1sandboxdefault0";

/// The nullable attributes of Okta's default user profile: Okta sends each one, `null` when
/// unset. (`login` and `email` are always set; the spec does not let `department`,
/// `employeeNumber` and `locale` be null, so those are left out when unset.)
pub const BASE_PROFILE: &[&str] = &[
    "firstName",
    "lastName",
    "middleName",
    "honorificPrefix",
    "honorificSuffix",
    "title",
    "displayName",
    "nickName",
    "profileUrl",
    "secondEmail",
    "mobilePhone",
    "primaryPhone",
    "streetAddress",
    "city",
    "state",
    "zipCode",
    "countryCode",
    "postalAddress",
    "preferredLanguage",
    "timezone",
    "userType",
    "costCenter",
    "organization",
    "division",
    "managerId",
    "manager",
];

/// A profile: what is set (login, email, custom attributes...), then every other nullable
/// base attribute as `null`.
struct Profile<'a>(&'a Map<String, Json>);

impl Serialize for Profile<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (k, v) in self.0 {
            if !BASE_PROFILE.contains(&k.as_str()) {
                m.serialize_entry(k, v)?;
            }
        }
        for key in BASE_PROFILE {
            m.serialize_entry(key, self.0.get(*key).unwrap_or(&Json::Null))?;
        }
        m.end()
    }
}

impl Store {
    /// A user as Okta returns it. `single` gives the full `_links` of a single GET (the
    /// lifecycle operations allowed now); collections carry only `self`.
    pub fn user_json(&self, u: &User, base: &str, single: bool) -> Json {
        serde_json::to_value(UserView {
            user: u,
            base,
            single,
        })
        .unwrap_or_default()
    }

    pub fn group_json(&self, g: &Group, base: &str, stats: bool, app: bool) -> Json {
        let self_href = format!("{base}/api/v1/groups/{}", g.id);
        let mut links = json!({
            "logo": [
                {"name": "medium", "href": format!("{base}/assets/img/logos/groups/okta-medium.png"), "type": "image/png"},
                {"name": "large", "href": format!("{base}/assets/img/logos/groups/okta-large.png"), "type": "image/png"}
            ],
            "users": {"href": format!("{self_href}/users")},
            "apps": {"href": format!("{self_href}/apps")},
            "self": {"href": self_href},
        });
        if let Some((app_id, _, _)) = &g.source {
            links["source"] = json!({"href": format!("{base}/api/v1/apps/{app_id}")});
        }
        let object_class = match g.kind {
            GroupType::AppGroup => "okta:windows_security_principal",
            _ => "okta:user_group",
        };
        let mut out = json!({
            "id": g.id,
            "created": fmt_time(g.created),
            "lastUpdated": fmt_time(g.last_updated),
            "lastMembershipUpdated": fmt_time(g.last_membership_updated),
            "objectClass": [object_class],
            "type": g.kind.as_str(),
            "profile": g.profile,
            "_links": links,
        });
        if stats || app {
            let mut embedded = Map::new();
            if stats {
                let users = self.members(&g.id).map_or(0, BTreeSet::len);
                let has_admin = g.name().contains("Admin");
                embedded.insert(
                    "stats".into(),
                    json!({
                        "usersCount": users,
                        "appsCount": if g.kind == GroupType::AppGroup { 1 } else { 0 },
                        "groupPushMappingsCount": 0,
                        "hasAdminPrivlege": has_admin,
                    }),
                );
            }
            if app && let Some((app_id, name, label)) = &g.source {
                embedded.insert(
                    "app".into(),
                    json!({"id": app_id, "name": name, "label": label, "signOnMode": "BOOKMARK"}),
                );
            }
            out["_embedded"] = Json::Object(embedded);
        }
        out
    }

    pub fn app_links_json(&self, u: &User, base: &str) -> Vec<Json> {
        // Direct and group assignments alike put the app on the user's home page.
        self.app_indices_of(u)
            .into_iter()
            .filter_map(|i| self.apps.get(i).map(|a| (i, a)))
            .enumerate()
            .map(|(order, (i, app))| {
                let assignment = format!("0ua{}{:02}", &u.id[3..u.id.len().min(18)], i);
                json!({
                    "id": format!("00a{}{:02}", &u.id[3..u.id.len().min(18)], i),
                    "label": app.label,
                    "linkUrl": format!("{base}/home/{}/{}/{}", app.name, app.id, i + 1),
                    "logoUrl": format!("{base}/assets/img/logos/{}.png", app.name),
                    "appName": app.name,
                    "appInstanceId": app.id,
                    "appAssignmentId": assignment,
                    "credentialsSetup": false,
                    "hidden": false,
                    "sortOrder": order,
                })
            })
            .collect()
    }

    /// An `Etag` that changes whenever the user does.
    pub fn etag(u: &User) -> String {
        format!(
            "W/\"{:x}\"",
            super::seed::mix64(u.last_updated as u64 ^ super::seed::hash_str(&u.id))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialized_time_is_the_displayed_text() {
        for ms in [
            0,
            1,
            -1,
            999,
            1_700_000_000_123,
            253_402_300_799_999,
            253_402_300_800_000,
            -62_167_219_200_000,
            -62_167_219_200_001,
            i64::MIN,
            i64::MAX,
        ] {
            let json = serde_json::to_string(&Time(ms)).unwrap();
            assert_eq!(json, format!("\"{}\"", Time(ms)), "{ms}");
        }
    }
}
