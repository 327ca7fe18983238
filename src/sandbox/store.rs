//! The in-memory directory: users, groups, memberships, admin roles and app links, the user
//! status state machine with Okta's error code for each wrong transition, and create-user
//! validation. The JSON shapes are in `shapes.rs`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value as Json};

use super::error::ErrorResponse;
use super::expr::{Subject, Value};
use super::seed::Ids;
use super::shapes::USER_TYPE_ID;

pub use super::lifecycle::{LifecycleOp, LifecycleResult};

/// Okta's user statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Staged,
    Provisioned,
    Active,
    Recovery,
    PasswordExpired,
    LockedOut,
    Suspended,
    Deprovisioned,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Staged,
        Status::Provisioned,
        Status::Active,
        Status::Recovery,
        Status::PasswordExpired,
        Status::LockedOut,
        Status::Suspended,
        Status::Deprovisioned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Staged => "STAGED",
            Status::Provisioned => "PROVISIONED",
            Status::Active => "ACTIVE",
            Status::Recovery => "RECOVERY",
            Status::PasswordExpired => "PASSWORD_EXPIRED",
            Status::LockedOut => "LOCKED_OUT",
            Status::Suspended => "SUSPENDED",
            Status::Deprovisioned => "DEPROVISIONED",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// Where a user's credentials are mastered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Okta,
    ActiveDirectory,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub status: Status,
    /// Timestamps in epoch milliseconds.
    pub created: i64,
    pub activated: Option<i64>,
    pub status_changed: Option<i64>,
    pub last_login: Option<i64>,
    pub last_updated: i64,
    pub password_changed: Option<i64>,
    pub profile: Map<String, Json>,
    pub has_password: bool,
    pub recovery_question: Option<String>,
    pub provider: Provider,
    pub factors_enrolled: bool,
    /// Bit i set: assigned the i-th app of the catalog.
    pub apps: u16,
}

impl User {
    pub fn login(&self) -> &str {
        self.profile
            .get("login")
            .and_then(Json::as_str)
            .unwrap_or_default()
    }

    fn profile_str(&self, key: &str) -> &str {
        self.profile
            .get(key)
            .and_then(Json::as_str)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupType {
    OktaGroup,
    AppGroup,
    BuiltIn,
}

impl GroupType {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupType::OktaGroup => "OKTA_GROUP",
            GroupType::AppGroup => "APP_GROUP",
            GroupType::BuiltIn => "BUILT_IN",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub kind: GroupType,
    pub created: i64,
    pub last_updated: i64,
    pub last_membership_updated: i64,
    pub profile: Map<String, Json>,
    /// For APP_GROUP: the app the group is imported from (id, name, label).
    pub source: Option<(String, &'static str, &'static str)>,
}

impl Group {
    pub fn name(&self) -> &str {
        self.profile
            .get("name")
            .and_then(Json::as_str)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct RoleAssignment {
    pub id: String,
    pub role_type: &'static str,
    pub label: &'static str,
    pub status: &'static str,
    pub created: i64,
    pub last_updated: i64,
    pub assignment_type: &'static str,
}

/// One app of the org's catalog, as its links appear on a user's home page.
#[derive(Debug, Clone)]
pub struct App {
    pub id: String,
    pub name: &'static str,
    pub label: &'static str,
}

/// Fields of the create-user request that the store validates.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub profile: Map<String, Json>,
    pub password: Option<String>,
    pub recovery_question: Option<(String, String)>,
    pub group_ids: Vec<String>,
    pub activate: bool,
    /// `nextLogin=changePassword`: created with an expired password.
    pub expire_password: bool,
}

pub struct Store {
    pub users: BTreeMap<String, User>,
    /// Lower-cased login to id. Okta logins are unique ignoring case.
    logins: HashMap<String, String>,
    pub groups: BTreeMap<String, Group>,
    /// Group id to member ids, kept sorted so member pages resume in O(log n).
    members: HashMap<String, BTreeSet<String>>,
    user_groups: HashMap<String, BTreeSet<String>>,
    roles: HashMap<String, Vec<RoleAssignment>>,
    /// Admin roles assigned to groups, by group id (see `roles.rs`).
    pub(super) group_roles: HashMap<String, Vec<RoleAssignment>>,
    /// Targets of role assignments, by assignment id.
    pub(super) role_targets: HashMap<String, super::roles::Targets>,
    /// Group rules by id (see `rules.rs`).
    pub(super) rules: BTreeMap<String, super::rules::GroupRule>,
    /// Factors of users written to since seeding (see `factors.rs`).
    pub(super) factors: HashMap<String, Vec<super::factors::Factor>>,
    /// Consent grants of users written to since seeding (see `grants.rs`).
    pub(super) grants: HashMap<String, Vec<super::grants::Grant>>,
    /// Passwords and recovery answers set through the API (see `credentials.rs`).
    pub(super) passwords: HashMap<String, String>,
    pub(super) recovery_answers: HashMap<String, String>,
    pub apps: Vec<App>,
    /// App group assignments, sessions and revoked tokens (see `apps.rs`).
    pub(super) access: super::apps::Access,
    pub admin_id: String,
    pub org_id: String,
    pub everyone_id: String,
    pub ids: Ids,
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Store {
    pub fn new(ids: Ids, org_id: String) -> Self {
        Store {
            users: BTreeMap::new(),
            logins: HashMap::new(),
            groups: BTreeMap::new(),
            members: HashMap::new(),
            user_groups: HashMap::new(),
            roles: HashMap::new(),
            group_roles: HashMap::new(),
            role_targets: HashMap::new(),
            rules: BTreeMap::new(),
            factors: HashMap::new(),
            grants: HashMap::new(),
            passwords: HashMap::new(),
            recovery_answers: HashMap::new(),
            apps: Vec::new(),
            access: Default::default(),
            admin_id: String::new(),
            org_id,
            everyone_id: String::new(),
            ids,
        }
    }

    // ---- building (seed and create) ----

    pub fn insert_user(&mut self, user: User) {
        self.logins
            .insert(user.login().to_lowercase(), user.id.clone());
        self.users.insert(user.id.clone(), user);
    }

    /// Adds many users and their memberships at once, for seeding. Memberships are
    /// (group slot in `group_ids`, index in `users`) so they sort as integers; every map and
    /// set is then built from sorted input, which costs a fraction of one insert at a time.
    pub fn bulk_load(
        &mut self,
        users: Vec<User>,
        group_ids: &[String],
        mut memberships: Vec<(u32, u32)>,
    ) {
        self.logins.reserve(users.len());
        for u in &users {
            self.logins.insert(u.login().to_lowercase(), u.id.clone());
        }
        // rank[i]: position of users[i] in id order.
        let mut order: Vec<u32> = (0..users.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| users[a as usize].id.cmp(&users[b as usize].id));
        let mut rank = vec![0u32; users.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let ids_in_order: Vec<&String> = order.iter().map(|&i| &users[i as usize].id).collect();

        for m in memberships.iter_mut() {
            m.1 = rank[m.1 as usize];
        }
        memberships.sort_unstable();
        memberships.dedup();
        for chunk in memberships.chunk_by(|a, b| a.0 == b.0) {
            let Some(gid) = group_ids.get(chunk[0].0 as usize) else {
                continue;
            };
            let ids = chunk.iter().map(|&(_, r)| ids_in_order[r as usize].clone());
            let set = self.members.entry(gid.clone()).or_default();
            if set.is_empty() {
                // Collecting sorted input bulk-builds the tree.
                *set = ids.collect();
            } else {
                set.extend(ids);
            }
        }
        memberships.sort_unstable_by_key(|&(g, r)| (r, g));
        self.user_groups.reserve(users.len());
        for chunk in memberships.chunk_by(|a, b| a.1 == b.1) {
            let set = self
                .user_groups
                .entry(ids_in_order[chunk[0].1 as usize].clone())
                .or_default();
            set.extend(
                chunk
                    .iter()
                    .filter_map(|&(g, _)| group_ids.get(g as usize).cloned()),
            );
        }
        drop(ids_in_order);

        let mut slots: Vec<Option<User>> = users.into_iter().map(Some).collect();
        let sorted: Vec<(String, User)> = order
            .iter()
            .filter_map(|&i| slots[i as usize].take())
            .map(|u| (u.id.clone(), u))
            .collect();
        if self.users.is_empty() {
            self.users = sorted.into_iter().collect();
        } else {
            self.users.extend(sorted);
        }
    }

    pub fn insert_group(&mut self, group: Group) {
        self.members.entry(group.id.clone()).or_default();
        self.groups.insert(group.id.clone(), group);
    }

    /// Adds a membership; returns false when it already existed.
    pub fn add_member(&mut self, group_id: &str, user_id: &str) -> bool {
        let added = self
            .members
            .entry(group_id.to_owned())
            .or_default()
            .insert(user_id.to_owned());
        self.user_groups
            .entry(user_id.to_owned())
            .or_default()
            .insert(group_id.to_owned());
        added
    }

    /// Drops what the store keeps about a deleted group besides memberships.
    pub(super) fn forget_group(&mut self, group_id: &str) {
        self.members.remove(group_id);
        self.group_roles.remove(group_id);
    }

    pub fn remove_member(&mut self, group_id: &str, user_id: &str) -> bool {
        let removed = self
            .members
            .get_mut(group_id)
            .is_some_and(|m| m.remove(user_id));
        if let Some(g) = self.user_groups.get_mut(user_id) {
            g.remove(group_id);
        }
        removed
    }

    pub(super) fn remove_role(&mut self, user_id: &str, role_id: &str) {
        if let Some(list) = self.roles.get_mut(user_id) {
            list.retain(|r| r.id != role_id);
        }
    }

    pub fn add_role(&mut self, user_id: &str, role: RoleAssignment) {
        self.roles.entry(user_id.to_owned()).or_default().push(role);
    }

    // ---- lookups ----

    /// By id, or by login (ignoring case), as `GET /api/v1/users/{idOrLogin}` resolves.
    pub fn find_user(&self, id_or_login: &str) -> Option<&User> {
        self.users.get(id_or_login).or_else(|| {
            self.logins
                .get(&id_or_login.to_lowercase())
                .and_then(|id| self.users.get(id))
        })
    }

    fn find_user_id(&self, id_or_login: &str) -> Option<String> {
        self.find_user(id_or_login).map(|u| u.id.clone())
    }

    pub fn is_member(&self, group_id: &str, user_id: &str) -> bool {
        self.members
            .get(group_id)
            .is_some_and(|m| m.contains(user_id))
    }

    pub fn members(&self, group_id: &str) -> Option<&BTreeSet<String>> {
        self.members.get(group_id)
    }

    pub fn groups_of(&self, user_id: &str) -> impl Iterator<Item = &Group> {
        self.user_groups
            .get(user_id)
            .into_iter()
            .flatten()
            .filter_map(|g| self.groups.get(g))
    }

    pub fn roles_of(&self, user_id: &str) -> &[RoleAssignment] {
        self.roles.get(user_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Moves a user's entry in the login index after a profile update changed the login.
    pub(super) fn rename_login(&mut self, old_lower: &str, new_lower: &str, id: &str) {
        self.logins.remove(old_lower);
        self.logins.insert(new_lower.to_owned(), id.to_owned());
    }

    pub fn login_taken(&self, login: &str) -> bool {
        self.logins.contains_key(&login.to_lowercase())
    }

    // ---- changes ----

    /// Sets a status directly (test hook: policies Okta applies on its own, like lock-out).
    pub fn force_status(&mut self, id_or_login: &str, status: Status, now: i64) -> bool {
        let Some(id) = self.find_user_id(id_or_login) else {
            return false;
        };
        let Some(u) = self.users.get_mut(&id) else {
            return false;
        };
        set_status(u, status, now);
        if matches!(status, Status::Active | Status::PasswordExpired) {
            u.has_password = true;
        }
        true
    }

    /// `DELETE /api/v1/users/{id}`: the first call deactivates a user that is not yet
    /// DEPROVISIONED, the next one deletes. Returns true when the user is gone.
    pub fn delete_user(&mut self, id_or_login: &str, now: i64) -> Result<bool, ErrorResponse> {
        let id = self
            .find_user_id(id_or_login)
            .ok_or_else(|| ErrorResponse::not_found(id_or_login))?;
        let Some(u) = self.users.get_mut(&id) else {
            return Err(ErrorResponse::not_found(id_or_login));
        };
        if u.status != Status::Deprovisioned {
            set_status(u, Status::Deprovisioned, now);
            return Ok(false);
        }
        if let Some(u) = self.users.remove(&id) {
            self.logins.remove(&u.login().to_lowercase());
        }
        for g in self.user_groups.remove(&id).into_iter().flatten() {
            if let Some(m) = self.members.get_mut(&g) {
                m.remove(&id);
            }
            if let Some(group) = self.groups.get_mut(&g) {
                group.last_membership_updated = now;
            }
        }
        self.roles.remove(&id);
        Ok(true)
    }
}

pub(super) fn set_status(u: &mut User, status: Status, now: i64) {
    if u.status != status {
        u.status = status;
        u.status_changed = Some(now);
    }
    // Okta removes every app assignment when it deactivates a user.
    if status == Status::Deprovisioned {
        u.apps = 0;
    }
    u.last_updated = now;
}

impl Subject for User {
    fn any_value(&self, attr: &str, f: &mut dyn FnMut(Value<'_>) -> bool) -> bool {
        match attr {
            "id" => f(Value::Str(&self.id)),
            "status" => f(Value::Str(self.status.as_str())),
            "type.id" => f(Value::Str(USER_TYPE_ID)),
            "created" => f(Value::Time(self.created)),
            "lastUpdated" => f(Value::Time(self.last_updated)),
            "activated" => self.activated.is_some_and(|t| f(Value::Time(t))),
            "statusChanged" => self.status_changed.is_some_and(|t| f(Value::Time(t))),
            "lastLogin" => self.last_login.is_some_and(|t| f(Value::Time(t))),
            "passwordChanged" => self.password_changed.is_some_and(|t| f(Value::Time(t))),
            _ => attr
                .strip_prefix("profile.")
                .and_then(|k| self.profile.get(k))
                .is_some_and(|v| json_values(v, f)),
        }
    }

    fn last_updated(&self) -> Option<i64> {
        Some(self.last_updated)
    }
}

impl Subject for Group {
    fn any_value(&self, attr: &str, f: &mut dyn FnMut(Value<'_>) -> bool) -> bool {
        match attr {
            "id" => f(Value::Str(&self.id)),
            "type" => f(Value::Str(self.kind.as_str())),
            "created" => f(Value::Time(self.created)),
            "lastUpdated" => f(Value::Time(self.last_updated)),
            "lastMembershipUpdated" => f(Value::Time(self.last_membership_updated)),
            "source.id" => self
                .source
                .as_ref()
                .is_some_and(|(id, _, _)| f(Value::Str(id))),
            _ => attr
                .strip_prefix("profile.")
                .and_then(|k| self.profile.get(k))
                .is_some_and(|v| json_values(v, f)),
        }
    }

    fn last_updated(&self) -> Option<i64> {
        Some(self.last_updated)
    }
}

fn json_values(v: &Json, f: &mut dyn FnMut(Value<'_>) -> bool) -> bool {
    match v {
        Json::String(s) => f(Value::Str(s)),
        Json::Number(n) => n.as_f64().is_some_and(|n| f(Value::Num(n))),
        Json::Bool(b) => f(Value::Bool(*b)),
        Json::Array(items) => items.iter().any(|i| json_values(i, f)),
        Json::Null | Json::Object(_) => false,
    }
}

/// The string form of an attribute, for `sortBy` (dates sort as their ISO text, which orders
/// the same way).
pub fn sort_key(subject: &dyn Subject, attr: &str) -> String {
    let mut key = String::new();
    subject.any_value(attr, &mut |v| {
        key = match v {
            Value::Str(s) => s.to_lowercase(),
            Value::Num(n) => format!("{n:020.6}"),
            Value::Bool(b) => b.to_string(),
            Value::Time(t) => format!("{t:020}"),
        };
        true
    });
    key
}

/// The first name, last name and email, for the `q` prefix match.
pub fn q_matches(u: &User, q_lower: &str) -> bool {
    ["firstName", "lastName", "email"]
        .iter()
        .any(|k| u.profile_str(k).to_lowercase().starts_with(q_lower))
}
