//! App instances and assignments, and where a user's access comes from: each app held
//! directly or through which group, each admin role held directly or through which group,
//! each group membership a rule keeps adding. The playbooks and the console's user detail
//! read these.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::client::{Client, Fetched};
use super::error::OktaError;
use super::models::{Group, GroupType, Role};
use super::refs::GroupRef;
use super::transport::encode_segment;

pub(crate) use super::refs::{APPS_PATH, app_path};
/// The apps collection, for callers that send their own reads.
pub const APPS_PUBLIC_PATH: &str = APPS_PATH;

/// An app instance (`GET /api/v1/apps`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct App {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub sign_on_mode: String,
}

/// One user assigned to an app (`GET /apps/{id}/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AppUser {
    #[serde(default)]
    pub id: String,
    /// USER (direct) or GROUP (through a group the app is assigned to).
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub credentials: Option<AppUserCredentials>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AppUserCredentials {
    #[serde(default)]
    pub user_name: Option<String>,
}

/// A group assigned to an app (`GET /apps/{id}/groups`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AppGroup {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub priority: Option<i64>,
}

/// How a user came to hold something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// Assigned to the user: removable per user.
    Direct,
    /// Through membership of these groups: change the group (or the membership) instead.
    Groups { groups: Vec<GroupRef> },
}

impl Origin {
    pub fn is_direct(&self) -> bool {
        matches!(self, Origin::Direct)
    }

    /// "direct" or "through Engineering, Sales".
    pub fn describe(&self) -> String {
        match self {
            Origin::Direct => "direct".into(),
            Origin::Groups { groups } => format!(
                "through {}",
                groups
                    .iter()
                    .map(|g| g.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// One app a user holds, with how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppAssignment {
    pub app: App,
    /// Okta's scope for the assignment (USER or GROUP).
    pub scope: String,
    pub origin: Origin,
}

/// One admin role a user holds, with how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleHolding {
    pub role: Role,
    pub origin: Origin,
}

/// A group rule (`GET /api/v1/groups/rules`): what matters here is whether it is active,
/// which groups it adds users to, and whom it leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupRule {
    pub id: String,
    pub name: String,
    pub status: String,
    pub expression: String,
    pub group_ids: Vec<String>,
    pub excluded_users: Vec<String>,
}

impl GroupRule {
    fn from_value(v: &Value) -> GroupRule {
        let s = |p: &str| {
            v.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let list = |p: &str| -> Vec<String> {
            v.pointer(p)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        GroupRule {
            id: s("/id"),
            name: s("/name"),
            status: s("/status"),
            expression: s("/conditions/expression/value"),
            group_ids: list("/actions/assignUserToGroups/groupIds"),
            excluded_users: list("/conditions/people/users/exclude"),
        }
    }

    /// Whether this rule keeps `user_id` in `group_id`: active, targeting it, not excluding the
    /// user. (The expression is Okta's to evaluate; a member of a rule's group who is not
    /// excluded is taken as put there by the rule.)
    pub fn keeps(&self, user_id: &str, group_id: &str) -> bool {
        self.status == "ACTIVE"
            && self.group_ids.iter().any(|g| g == group_id)
            && !self.excluded_users.iter().any(|u| u == user_id)
    }
}

fn parse<T: for<'de> Deserialize<'de>>(v: Value) -> Result<T, OktaError> {
    serde_json::from_value(v).map_err(|e| OktaError::Other(format!("unexpected answer: {e}")))
}

impl Client {
    /// `GET /api/v1/apps` (first 200; `q` matches name or label prefixes).
    pub async fn list_apps(&self, q: Option<&str>) -> Result<Fetched<Vec<App>>, OktaError> {
        let mut query = vec![("limit", "200".to_owned())];
        if let Some(q) = q {
            query.push(("q", q.to_owned()));
        }
        let response = self.send(Method::GET, APPS_PATH, &query, None).await?;
        Ok(Fetched {
            value: parse(response.body.clone())?,
            response,
        })
    }

    pub async fn get_app(&self, app_id: &str) -> Result<Fetched<App>, OktaError> {
        let response = self.send(Method::GET, &app_path(app_id), &[], None).await?;
        Ok(Fetched {
            value: parse(response.body.clone())?,
            response,
        })
    }

    pub async fn app_users(&self, app_id: &str) -> Result<Fetched<Vec<AppUser>>, OktaError> {
        let path = format!("{}/users", app_path(app_id));
        let response = self
            .send(Method::GET, &path, &[("limit", "500".to_owned())], None)
            .await?;
        Ok(Fetched {
            value: parse(response.body.clone())?,
            response,
        })
    }

    pub async fn app_groups(&self, app_id: &str) -> Result<Fetched<Vec<AppGroup>>, OktaError> {
        let path = format!("{}/groups", app_path(app_id));
        let response = self
            .send(Method::GET, &path, &[("limit", "200".to_owned())], None)
            .await?;
        Ok(Fetched {
            value: parse(response.body.clone())?,
            response,
        })
    }

    /// The apps a user holds (`filter=user.id eq "…"` with `expand=user/{id}`), each with
    /// Okta's scope.
    pub async fn apps_of_user(&self, user_id: &str) -> Result<Vec<(App, String)>, OktaError> {
        let query = [
            ("filter", format!("user.id eq \"{user_id}\"")),
            ("expand", format!("user/{user_id}")),
            ("limit", "200".to_owned()),
        ];
        let response = self.send(Method::GET, APPS_PATH, &query, None).await?;
        let items = response.body.as_array().cloned().unwrap_or_default();
        let mut out = Vec::new();
        for item in items {
            let scope = item
                .pointer("/_embedded/user/scope")
                .and_then(Value::as_str)
                .unwrap_or("USER")
                .to_owned();
            out.push((parse::<App>(item)?, scope));
        }
        Ok(out)
    }

    /// The user's apps, each direct or through which of `groups` (the user's groups).
    pub async fn user_app_assignments(
        &self,
        user_id: &str,
        groups: &[Group],
    ) -> Result<Vec<AppAssignment>, OktaError> {
        let mut out = Vec::new();
        for (app, scope) in self.apps_of_user(user_id).await? {
            let origin = if scope == "GROUP" {
                let assigned = self.app_groups(&app.id).await?.value;
                let via: Vec<GroupRef> = groups
                    .iter()
                    .filter(|g| assigned.iter().any(|a| a.id == *g.id))
                    .map(|g| GroupRef::new(g.id.to_string(), g.name.to_string()))
                    .collect();
                Origin::Groups { groups: via }
            } else {
                Origin::Direct
            };
            out.push(AppAssignment { app, scope, origin });
        }
        Ok(out)
    }

    /// The user's admin roles, each direct or through which of `groups`. Group roles are
    /// looked up only when Okta lists one as assigned through a group.
    pub async fn user_role_holdings(
        &self,
        user_id: &str,
        groups: &[Group],
    ) -> Result<Vec<RoleHolding>, OktaError> {
        let roles = self.user_roles(user_id).await?.value;
        let mut group_roles: Vec<(GroupRef, Vec<Role>)> = Vec::new();
        if roles.iter().any(|r| r.assignment_type == "GROUP") {
            for g in groups.iter().filter(|g| g.group_type != GroupType::BuiltIn) {
                let path = format!("/api/v1/groups/{}/roles", encode_segment(&g.id));
                let response = self.send(Method::GET, &path, &[], None).await?;
                let list: Vec<Role> = parse(response.body)?;
                if !list.is_empty() {
                    group_roles.push((GroupRef::new(g.id.to_string(), g.name.to_string()), list));
                }
            }
        }
        Ok(roles
            .into_iter()
            .map(|role| {
                let origin = if role.assignment_type == "GROUP" {
                    Origin::Groups {
                        groups: group_roles
                            .iter()
                            .filter(|(_, list)| list.iter().any(|r| r.role_type == role.role_type))
                            .map(|(g, _)| g.clone())
                            .collect(),
                    }
                } else {
                    Origin::Direct
                };
                RoleHolding { role, origin }
            })
            .collect())
    }

    /// `GET /api/v1/groups/rules` (first 200).
    pub async fn group_rules(&self) -> Result<Vec<GroupRule>, OktaError> {
        let response = self
            .send(
                Method::GET,
                "/api/v1/groups/rules",
                &[("limit", "200".to_owned())],
                None,
            )
            .await?;
        Ok(response
            .body
            .as_array()
            .map(|a| a.iter().map(GroupRule::from_value).collect())
            .unwrap_or_default())
    }

    /// Ids of the OAuth clients the user has granted something to (`GET /users/{id}/clients`).
    pub async fn user_clients(&self, user_id: &str) -> Result<Vec<(String, String)>, OktaError> {
        let path = format!("/api/v1/users/{}/clients", encode_segment(user_id));
        let response = self.send(Method::GET, &path, &[], None).await?;
        Ok(response
            .body
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| {
                        let s = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                        (s("client_id"), s("client_name"))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// How many consent grants the user has (`GET /users/{id}/grants`).
    pub async fn user_grant_count(&self, user_id: &str) -> Result<usize, OktaError> {
        let path = format!("/api/v1/users/{}/grants", encode_segment(user_id));
        let response = self.send(Method::GET, &path, &[], None).await?;
        Ok(response.body.as_array().map_or(0, Vec::len))
    }

    /// Ids and types of the user's enrolled factors (`GET /users/{id}/factors`).
    pub async fn user_factors(&self, user_id: &str) -> Result<Vec<(String, String)>, OktaError> {
        let path = format!("/api/v1/users/{}/factors", encode_segment(user_id));
        let response = self.send(Method::GET, &path, &[], None).await?;
        Ok(response
            .body
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        let s = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                        (s("id"), s("factorType"))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }
}
