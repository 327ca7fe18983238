//! Typed views of what Okta returns. They tolerate Okta as it is: fields missing or null,
//! fields we do not know, enum values added after this was written. Every string is cleaned
//! (see `sanitize`) as it is built, so nothing hostile travels further.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::sanitize::{clean_owned, clean_value};
use super::user_row::{UserFields, UserRow};

/// Okta user status. Unknown values are kept, not rejected.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UserStatus {
    Staged,
    Provisioned,
    Active,
    Recovery,
    PasswordExpired,
    LockedOut,
    Suspended,
    Deprovisioned,
    Other(Box<str>),
}

impl UserStatus {
    pub const ALL: [UserStatus; 8] = [
        UserStatus::Staged,
        UserStatus::Provisioned,
        UserStatus::Active,
        UserStatus::Recovery,
        UserStatus::PasswordExpired,
        UserStatus::LockedOut,
        UserStatus::Suspended,
        UserStatus::Deprovisioned,
    ];

    pub fn parse(s: &str) -> Self {
        match s {
            "STAGED" => Self::Staged,
            "PROVISIONED" => Self::Provisioned,
            "ACTIVE" => Self::Active,
            "RECOVERY" => Self::Recovery,
            "PASSWORD_EXPIRED" => Self::PasswordExpired,
            "LOCKED_OUT" => Self::LockedOut,
            "SUSPENDED" => Self::Suspended,
            "DEPROVISIONED" => Self::Deprovisioned,
            other => Self::Other(clean_owned(other.to_owned()).into_boxed_str()),
        }
    }

    /// The value as the API spells it.
    pub fn as_api(&self) -> &str {
        match self {
            Self::Staged => "STAGED",
            Self::Provisioned => "PROVISIONED",
            Self::Active => "ACTIVE",
            Self::Recovery => "RECOVERY",
            Self::PasswordExpired => "PASSWORD_EXPIRED",
            Self::LockedOut => "LOCKED_OUT",
            Self::Suspended => "SUSPENDED",
            Self::Deprovisioned => "DEPROVISIONED",
            Self::Other(s) => s,
        }
    }

    /// The label the Okta admin console shows for the status.
    pub fn label(&self) -> &str {
        match self {
            Self::Staged => "Staged",
            Self::Provisioned => "Pending user action",
            Self::Active => "Active",
            Self::Recovery => "Password reset",
            Self::PasswordExpired => "Password expired",
            Self::LockedOut => "Locked out",
            Self::Suspended => "Suspended",
            Self::Deprovisioned => "Deactivated",
            Self::Other(s) => s,
        }
    }
}

impl std::fmt::Display for UserStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_api())
    }
}

impl Serialize for UserStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_api())
    }
}

impl<'de> Deserialize<'de> for UserStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Self::parse(&s))
    }
}

/// Group type. Only `OKTA_GROUP` membership can be edited through the API.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GroupType {
    OktaGroup,
    AppGroup,
    BuiltIn,
    Other(Box<str>),
}

impl GroupType {
    pub fn parse(s: &str) -> Self {
        match s {
            "OKTA_GROUP" => Self::OktaGroup,
            "APP_GROUP" => Self::AppGroup,
            "BUILT_IN" => Self::BuiltIn,
            other => Self::Other(clean_owned(other.to_owned()).into_boxed_str()),
        }
    }

    pub fn as_api(&self) -> &str {
        match self {
            Self::OktaGroup => "OKTA_GROUP",
            Self::AppGroup => "APP_GROUP",
            Self::BuiltIn => "BUILT_IN",
            Self::Other(s) => s,
        }
    }

    /// Why membership cannot be changed here, or None when it can.
    pub fn membership_locked_reason(&self) -> Option<&'static str> {
        match self {
            Self::OktaGroup => None,
            Self::AppGroup => Some(
                "APP_GROUP membership is imported from its source application (e.g. AD/LDAP) and cannot be changed in Okta",
            ),
            Self::BuiltIn => {
                Some("BUILT_IN groups (like Everyone) are managed by Okta and cannot be changed")
            }
            Self::Other(_) => Some("only OKTA_GROUP membership can be changed through the API"),
        }
    }
}

impl Serialize for GroupType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_api())
    }
}

impl<'de> Deserialize<'de> for GroupType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Self::parse(&s))
    }
}

pub use super::timestamp::Millis;

pub fn parse_timestamp(s: &str) -> Option<Millis> {
    super::timestamp::parse(s)
}

/// A time for people, in the configured zone and naming it (see `crate::time_zone`).
pub fn format_timestamp(ms: Millis) -> String {
    crate::time_zone::format_time(ms)
}

/// Okta's own wire format: `2024-01-31T12:00:00.000Z`.
pub fn format_okta_timestamp(ms: Millis) -> String {
    super::timestamp::format(ms)
}

/// Wire shape used to build rows straight from a page body without an intermediate Value.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserRowWire {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    status: Option<UserStatus>,
    #[serde(default)]
    transitioning_to_status: Option<String>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    last_login: Option<String>,
    #[serde(default)]
    last_updated: Option<String>,
    #[serde(default)]
    status_changed: Option<String>,
    #[serde(default)]
    profile: Option<ProfileWire>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ProfileWire {
    #[serde(default)]
    login: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
}

fn boxed(s: Option<String>) -> Box<str> {
    clean_owned(s.unwrap_or_default()).into_boxed_str()
}

impl From<UserRowWire> for UserRow {
    fn from(w: UserRowWire) -> Self {
        let p = w.profile.unwrap_or_default();
        UserRow::from(UserFields {
            id: boxed(w.id),
            status: w.status.unwrap_or(UserStatus::Other("UNKNOWN".into())),
            transitioning_to: w
                .transitioning_to_status
                .map(|s| clean_owned(s).into_boxed_str()),
            login: boxed(p.login),
            email: boxed(p.email),
            first_name: boxed(p.first_name),
            last_name: boxed(p.last_name),
            created: w.created.as_deref().and_then(parse_timestamp),
            last_login: w.last_login.as_deref().and_then(parse_timestamp),
            last_updated: w.last_updated.as_deref().and_then(parse_timestamp),
            status_changed: w.status_changed.as_deref().and_then(parse_timestamp),
        })
    }
}

/// Parses a page body (a JSON array of users) into rows. Items that are not objects are skipped.
pub fn user_rows_from_slice(body: &[u8]) -> Result<Vec<UserRow>, serde_json::Error> {
    let wires: Vec<UserRowWire> = serde_json::from_slice(body)?;
    Ok(wires.into_iter().map(UserRow::from).collect())
}

/// A page of users with everything Okta sent (profile included): for the CLI's
/// `--fields profile.*`; the console keeps the compact rows.
pub fn users_from_slice(body: &[u8]) -> Result<Vec<User>, serde_json::Error> {
    let values: Vec<Value> = serde_json::from_slice(body)?;
    values.into_iter().map(User::from_value).collect()
}

/// A full user, as a single GET returns it. `raw` keeps the whole cleaned object for the
/// detail pane (custom profile attributes) and the raw JSON view.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub row: UserRow,
    pub activated: Option<Millis>,
    pub password_changed: Option<Millis>,
    /// Keys of `_links`: on a single GET these are exactly the operations the status allows.
    pub links: Vec<String>,
    /// The attributes that are set (Okta's `null`s left out).
    pub profile: Map<String, Value>,
    pub credentials_provider: Option<String>,
    pub raw: Value,
}

impl User {
    /// Builds a user from a JSON object (cleaned here).
    pub fn from_value(mut v: Value) -> Result<Self, serde_json::Error> {
        clean_value(&mut v);
        let wire: UserRowWire = serde_json::from_value(v.clone())?;
        let row = UserRow::from(wire);
        let ts = |k: &str| v.get(k).and_then(Value::as_str).and_then(parse_timestamp);
        let links = v
            .get("_links")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        // Okta sends every unset base attribute as `null` (about 25 of them on a typical
        // user); they say nothing, so only set attributes are kept. `raw` still has them all.
        let profile = v
            .get("profile")
            .and_then(Value::as_object)
            .map(|p| {
                p.iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(k, value)| (k.clone(), value.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let credentials_provider = v
            .pointer("/credentials/provider/type")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(User {
            row,
            activated: ts("activated"),
            password_changed: ts("passwordChanged"),
            links,
            profile,
            credentials_provider,
            raw: v,
        })
    }

    pub fn has_link(&self, rel: &str) -> bool {
        self.links.iter().any(|l| l == rel)
    }
}

/// A group with its member count when listed with `expand=stats`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub id: Box<str>,
    #[serde(rename = "type")]
    pub group_type: GroupType,
    pub name: Box<str>,
    pub description: GroupDescription,
    pub created: Option<Millis>,
    pub last_updated: Option<Millis>,
    pub last_membership_updated: Option<Millis>,
    pub users_count: Option<u64>,
    pub apps_count: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GroupWire {
    #[serde(default)]
    id: Option<String>,
    #[serde(rename = "type", default)]
    group_type: Option<GroupType>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    last_updated: Option<String>,
    #[serde(default)]
    last_membership_updated: Option<String>,
    #[serde(default)]
    profile: Option<GroupProfileWire>,
    #[serde(rename = "_embedded", default)]
    embedded: Option<GroupEmbeddedWire>,
}

#[derive(Deserialize, Default)]
struct GroupProfileWire {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize, Default)]
struct GroupEmbeddedWire {
    #[serde(default)]
    stats: Option<GroupStatsWire>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct GroupStatsWire {
    #[serde(default)]
    users_count: Option<u64>,
    #[serde(default)]
    apps_count: Option<u64>,
}

impl From<GroupWire> for Group {
    fn from(w: GroupWire) -> Self {
        let p = w.profile.unwrap_or_default();
        let stats = w.embedded.and_then(|e| e.stats).unwrap_or_default();
        Group {
            id: boxed(w.id),
            group_type: w.group_type.unwrap_or(GroupType::Other("UNKNOWN".into())),
            name: boxed(p.name),
            description: GroupDescription(p.description.map(|d| boxed(Some(d)))),
            created: w.created.as_deref().and_then(parse_timestamp),
            last_updated: w.last_updated.as_deref().and_then(parse_timestamp),
            last_membership_updated: w
                .last_membership_updated
                .as_deref()
                .and_then(parse_timestamp),
            users_count: stats.users_count,
            apps_count: stats.apps_count,
        }
    }
}

/// A group's description: Okta keeps an unset one as `null`, which scripts must see as
/// `null`, not as `""`. Reads as `&str` (empty when unset) everywhere text is wanted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupDescription(pub Option<Box<str>>);

impl GroupDescription {
    pub fn is_set(&self) -> bool {
        self.0.is_some()
    }
}

impl std::ops::Deref for GroupDescription {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_deref().unwrap_or_default()
    }
}

impl std::fmt::Display for GroupDescription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl From<&str> for GroupDescription {
    fn from(s: &str) -> Self {
        GroupDescription(Some(s.into()))
    }
}

impl From<String> for GroupDescription {
    fn from(s: String) -> Self {
        GroupDescription(Some(s.into_boxed_str()))
    }
}

impl Serialize for GroupDescription {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

pub fn groups_from_slice(body: &[u8]) -> Result<Vec<Group>, serde_json::Error> {
    let wires: Vec<GroupWire> = serde_json::from_slice(body)?;
    Ok(wires.into_iter().map(Group::from).collect())
}

pub fn group_from_slice(body: &[u8]) -> Result<Group, serde_json::Error> {
    serde_json::from_slice::<GroupWire>(body).map(Group::from)
}

/// An admin role assignment (`GET /api/v1/users/{id}/roles`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub label: String,
    #[serde(rename = "type", default)]
    pub role_type: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub assignment_type: String,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
}

/// An app assigned to a user (`GET /api/v1/users/{id}/appLinks`). Rows are keyed on
/// `app_instance_id`: `id` is not unique per app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppLink {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub link_url: String,
    #[serde(default)]
    pub logo_url: String,
    #[serde(default)]
    pub app_name: String,
    #[serde(default)]
    pub app_instance_id: String,
    #[serde(default)]
    pub app_assignment_id: String,
    #[serde(default)]
    pub credentials_setup: bool,
    #[serde(default)]
    pub hidden: bool,
    #[serde(default)]
    pub sort_order: i64,
}

/// `GET /.well-known/okta-organization`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgMetadata {
    pub id: String,
    /// `idx` (Identity Engine) or `v1` (Classic).
    pub pipeline: String,
    pub organization_url: Option<String>,
    pub alternate_url: Option<String>,
}

impl OrgMetadata {
    pub fn engine_label(&self) -> &'static str {
        match self.pipeline.as_str() {
            "idx" => "Identity Engine",
            "v1" => "Classic Engine",
            _ => "unknown engine",
        }
    }

    pub fn from_value(mut v: Value) -> Option<Self> {
        clean_value(&mut v);
        let href = |rel: &str| {
            v.pointer(&format!("/_links/{rel}/href"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Some(OrgMetadata {
            id: v.get("id")?.as_str()?.to_owned(),
            pipeline: v
                .get("pipeline")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            organization_url: href("organization"),
            alternate_url: href("alternate"),
        })
    }
}

/// The latest rate-limit figures of one of Okta's buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RateBudget {
    /// The endpoint family the bucket serves (`/api/v1/users`, ...; see `bucket_family`).
    pub bucket: &'static str,
    pub limit: u32,
    pub remaining: u32,
    /// UTC epoch seconds when the window resets.
    pub reset_epoch: i64,
}

impl RateBudget {
    /// The bucket in a word, for a header: "users", "groups", "apps", "token", "org", "api".
    pub fn bucket_name(&self) -> &'static str {
        match self.bucket {
            "/oauth2/v1" => "token",
            "/.well-known" => "org",
            "/api/v1" => "api",
            family => family.rsplit('/').next().unwrap_or("api"),
        }
    }

    /// "users 541/600": what the console shows of it.
    pub fn summary(&self) -> String {
        format!("{} {}/{}", self.bucket_name(), self.remaining, self.limit)
    }
}

/// What to create: `POST /api/v1/users?activate=`.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub login: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub password: Option<secrecy::SecretString>,
    pub recovery_question: Option<String>,
    pub recovery_answer: Option<secrecy::SecretString>,
    pub group_ids: Vec<String>,
    pub activate: bool,
}

#[cfg(test)]
#[path = "models_tests.rs"]
mod tests;
