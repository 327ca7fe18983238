//! Every write oktui makes, as one type. The console and the CLI describe a write as a
//! [`Write`]; the client turns it into the one request it is (`request`), prints that request
//! for `--dry-run` (`Client::plan_write`) or sends it through its one request path
//! (`Client::write`). A later write (profile update, factor reset, app assignment, role
//! removal, group changes) is a new variant here with its request and journal fields, not a
//! new mechanism.

use reqwest::Method;
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::{Map, Value, json};

use super::lifecycle::LifecycleOp;
use super::models::{NewUser, User, UserStatus};
pub(crate) use super::refs::user_path;
pub use super::refs::{GroupRef, ObjectRef, UserRef};
use super::refs::{USERS_PATH, app_path, factor_path};
use super::transport::encode_segment;

const GROUPS_PATH: &str = "/api/v1/groups";

/// One write to Okta.
#[derive(Debug, Clone)]
pub enum Write {
    /// A lifecycle operation, the password reset (link) included.
    Lifecycle {
        user: UserRef,
        op: LifecycleOp,
    },
    /// Sign the user out everywhere.
    ClearSessions {
        user: UserRef,
        oauth_tokens: bool,
    },
    /// One `DELETE /users/{id}`: Okta deactivates a user that is not DEPROVISIONED and
    /// deletes one that is. `deprovisioned` says which of the two this call is.
    Delete {
        user: UserRef,
        deprovisioned: bool,
        send_email: bool,
    },
    Create(NewUser),
    AddMember {
        group: GroupRef,
        user: UserRef,
    },
    RemoveMember {
        group: GroupRef,
        user: UserRef,
    },
    /// Reset (unenroll) one MFA factor: `DELETE /users/{id}/factors/{factorId}`. The user
    /// enrolls it again at the next sign-in. Resetting all is `Lifecycle` with `ResetFactors`.
    ResetFactor {
        user: UserRef,
        factor_id: String,
        /// `sms`, `push`, ... for people and the journal.
        factor_type: String,
    },
    /// `POST /users/{id}` with only the attributes that change (`null` clears one). `before`
    /// holds their previous values, for the journal.
    UpdateProfile {
        user: UserRef,
        changes: Map<String, Value>,
        before: Map<String, Value>,
    },
    /// A direct app assignment (`POST /apps/{id}/users`).
    AssignApp {
        app: ObjectRef,
        user: UserRef,
    },
    /// Removes a direct app assignment (`DELETE /apps/{id}/users/{userId}`).
    UnassignApp {
        app: ObjectRef,
        user: UserRef,
    },
    /// Removes an admin role assignment the user holds directly.
    RemoveRole {
        user: UserRef,
        role: ObjectRef,
    },
    /// Revokes every OAuth consent grant the user gave (`DELETE /users/{id}/grants`).
    RevokeGrants {
        user: UserRef,
    },
    /// Revokes the user's tokens for one OAuth client.
    RevokeClientTokens {
        user: UserRef,
        client: ObjectRef,
    },
    /// Ends every session, optionally revoking OAuth tokens and forgetting devices.
    EndSessions {
        user: UserRef,
        oauth_tokens: bool,
        forget_devices: bool,
    },
}

/// The request a write is: what is sent, and what `--dry-run` prints.
#[derive(Debug, Clone)]
pub struct WriteRequest {
    pub method: Method,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Value>,
}

/// What a write answered, besides the response itself.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// The user in the answer: the created user, or the one `expire_password` returns.
    pub user: Option<User>,
    /// A one-time link Okta returned instead of emailing it. Shown once to the admin who
    /// asked; never logged, never journaled.
    pub activation_url: Option<String>,
    pub reset_password_url: Option<String>,
}

/// Shown in place of a secret in a plan.
const MASK: &str = "••••••••";

impl Write {
    /// The action name used in output and the journal (`suspend`, `reset-link`, `create`...).
    pub fn action(&self) -> String {
        match self {
            Write::Lifecycle {
                op: LifecycleOp::ResetPassword { .. },
                ..
            } => "reset-link".into(),
            Write::Lifecycle { op, .. } => op.api_name().replace('_', "-"),
            // What the first DELETE of a user that is not DEPROVISIONED does.
            Write::Delete {
                deprovisioned: false,
                ..
            } => "deactivate".into(),
            Write::Delete { .. } => "delete".into(),
            Write::ClearSessions { .. } => "clear-sessions".into(),
            Write::Create(_) => "create".into(),
            Write::AddMember { .. } => "add-member".into(),
            Write::RemoveMember { .. } => "remove-member".into(),
            Write::ResetFactor { .. } => "reset-factor".into(),
            Write::UpdateProfile { .. } => "update-profile".into(),
            Write::AssignApp { .. } => "assign-app".into(),
            Write::UnassignApp { .. } => "unassign-app".into(),
            Write::RemoveRole { .. } => "remove-role".into(),
            Write::RevokeGrants { .. } => "revoke-grants".into(),
            Write::RevokeClientTokens { .. } => "revoke-tokens".into(),
            Write::EndSessions { .. } => "clear-sessions".into(),
        }
    }

    /// The user the write concerns (None for create: the id exists only afterwards).
    pub fn user(&self) -> Option<&UserRef> {
        match self {
            Write::Lifecycle { user, .. }
            | Write::ClearSessions { user, .. }
            | Write::Delete { user, .. }
            | Write::AddMember { user, .. }
            | Write::RemoveMember { user, .. }
            | Write::ResetFactor { user, .. }
            | Write::UpdateProfile { user, .. }
            | Write::AssignApp { user, .. }
            | Write::UnassignApp { user, .. }
            | Write::RemoveRole { user, .. }
            | Write::RevokeGrants { user }
            | Write::RevokeClientTokens { user, .. }
            | Write::EndSessions { user, .. } => Some(user),
            Write::Create(_) => None,
        }
    }

    /// The login people read (create: the login asked for).
    pub fn login(&self) -> &str {
        match self {
            Write::Create(u) => &u.login,
            other => other.user().map(|u| u.login.as_str()).unwrap_or(""),
        }
    }

    /// Flags and ids for the journal. Never a password, answer, token or link.
    pub fn options(&self) -> Map<String, Value> {
        let mut m = Map::new();
        match self {
            Write::Lifecycle { op, .. } => {
                for (k, v) in op.query() {
                    m.insert(k.into(), Value::Bool(v == "true"));
                }
            }
            Write::Delete {
                deprovisioned,
                send_email,
                ..
            } => {
                m.insert("sendEmail".into(), Value::Bool(*send_email));
                m.insert("wasDeprovisioned".into(), Value::Bool(*deprovisioned));
            }
            Write::ClearSessions { oauth_tokens, .. } => {
                m.insert("oauthTokens".into(), Value::Bool(*oauth_tokens));
            }
            Write::Create(u) => {
                m.insert("activate".into(), Value::Bool(u.activate));
                m.insert("passwordSet".into(), Value::Bool(u.password.is_some()));
                m.insert(
                    "recoveryQuestionSet".into(),
                    Value::Bool(u.recovery_question.is_some()),
                );
                m.insert("groupIds".into(), json!(u.group_ids));
            }
            Write::AddMember { group, .. } | Write::RemoveMember { group, .. } => {
                m.insert("groupId".into(), json!(group.id));
                m.insert("groupName".into(), json!(group.name));
            }
            Write::ResetFactor {
                factor_id,
                factor_type,
                ..
            } => {
                m.insert("factorId".into(), json!(factor_id));
                m.insert("factorType".into(), json!(factor_type));
            }
            // Profile attributes are not secrets; passwords never travel in this write.
            Write::UpdateProfile {
                changes, before, ..
            } => {
                m.insert("before".into(), Value::Object(before.clone()));
                m.insert("after".into(), Value::Object(changes.clone()));
            }
            Write::AssignApp { app, .. } | Write::UnassignApp { app, .. } => {
                m.insert("appId".into(), json!(app.id));
                m.insert("appName".into(), json!(app.name));
            }
            Write::RemoveRole { role, .. } => {
                m.insert("roleId".into(), json!(role.id));
                m.insert("roleName".into(), json!(role.name));
            }
            Write::RevokeClientTokens { client, .. } => {
                m.insert("clientId".into(), json!(client.id));
                m.insert("clientName".into(), json!(client.name));
            }
            Write::RevokeGrants { .. } => {}
            Write::EndSessions {
                oauth_tokens,
                forget_devices,
                ..
            } => {
                m.insert("oauthTokens".into(), Value::Bool(*oauth_tokens));
                m.insert("forgetDevices".into(), Value::Bool(*forget_devices));
            }
        }
        m
    }

    /// "suspend alice@example.com", for status lines and results.
    pub fn describe(&self) -> String {
        match self {
            Write::AddMember { group, user } => format!("add {} to {}", user.login, group.name),
            Write::RemoveMember { group, user } => {
                format!("remove {} from {}", user.login, group.name)
            }
            Write::AssignApp { app, user } => format!("assign {} to {}", app.name, user.login),
            Write::UnassignApp { app, user } => {
                format!("unassign {} from {}", app.name, user.login)
            }
            Write::RemoveRole { role, user } => {
                format!("remove role {} from {}", role.name, user.login)
            }
            Write::RevokeClientTokens { client, user } => {
                format!("revoke {}'s tokens for {}", user.login, client.name)
            }
            Write::UpdateProfile { changes, user, .. } => format!(
                "update {} of {}",
                changes.keys().cloned().collect::<Vec<_>>().join(", "),
                user.login
            ),
            Write::Delete {
                user,
                deprovisioned: false,
                ..
            } => format!("delete step 1 (deactivate) {}", user.login),
            other => format!("{} {}", other.action(), other.login()),
        }
    }

    /// Writes that take away access in a way one click does not undo.
    pub fn is_destructive(&self) -> bool {
        matches!(
            self,
            Write::Lifecycle {
                op: LifecycleOp::Deactivate { .. },
                ..
            } | Write::Delete { .. }
        )
    }

    /// The same write aimed at another user (bulk runs name users line by line).
    pub fn for_user(&self, user: UserRef) -> Write {
        let mut w = self.clone();
        match &mut w {
            Write::Lifecycle { user: u, .. }
            | Write::ClearSessions { user: u, .. }
            | Write::Delete { user: u, .. }
            | Write::AddMember { user: u, .. }
            | Write::RemoveMember { user: u, .. }
            | Write::ResetFactor { user: u, .. }
            | Write::UpdateProfile { user: u, .. }
            | Write::AssignApp { user: u, .. }
            | Write::UnassignApp { user: u, .. }
            | Write::RemoveRole { user: u, .. }
            | Write::RevokeGrants { user: u }
            | Write::RevokeClientTokens { user: u, .. }
            | Write::EndSessions { user: u, .. } => *u = user,
            Write::Create(_) => {}
        }
        w
    }

    /// When `user` (as a fresh GET shows it) is already where this write would take it: a
    /// note such as "already suspended". Re-running a failed bulk row then reports success
    /// instead of Okta's "not allowed in the current status".
    pub fn already_done(&self, user: &User) -> Option<String> {
        use UserStatus as S;
        let status = &user.row.status();
        let settled = user.row.transitioning_to().is_none();
        let (done, word) = match self {
            Write::Lifecycle { op, .. } => match op {
                LifecycleOp::Suspend => (*status == S::Suspended, "suspended"),
                LifecycleOp::Unsuspend => (*status == S::Active, "active"),
                LifecycleOp::Deactivate { .. } => (*status == S::Deprovisioned, "deactivated"),
                LifecycleOp::Unlock => (
                    !matches!(status, S::LockedOut) && *status != S::Deprovisioned,
                    "unlocked",
                ),
                LifecycleOp::Activate { .. } => (*status == S::Active, "active"),
                _ => (false, ""),
            },
            _ => (false, ""),
        };
        (done && settled).then(|| format!("already {word}"))
    }

    /// The request this write is. Secrets (password, recovery answer) are in the body only
    /// when `reveal` is true; a plan shows a mask in their place.
    pub fn request(&self, reveal: bool) -> WriteRequest {
        let plain =
            |method: Method, path: String, query: Vec<(&'static str, String)>| WriteRequest {
                method,
                path,
                query,
                body: None,
            };
        match self {
            Write::Lifecycle { user, op } => plain(Method::POST, op.path(&user.id), op.query()),
            Write::ClearSessions { user, oauth_tokens } => plain(
                Method::DELETE,
                format!("{}/sessions", user_path(&user.id)),
                vec![("oauthTokens", oauth_tokens.to_string())],
            ),
            Write::Delete {
                user, send_email, ..
            } => plain(
                Method::DELETE,
                user_path(&user.id),
                vec![("sendEmail", send_email.to_string())],
            ),
            Write::AddMember { group, user } => {
                plain(Method::PUT, member_path(&group.id, &user.id), Vec::new())
            }
            Write::RemoveMember { group, user } => {
                plain(Method::DELETE, member_path(&group.id, &user.id), Vec::new())
            }
            Write::ResetFactor {
                user, factor_id, ..
            } => plain(Method::DELETE, factor_path(&user.id, factor_id), Vec::new()),
            Write::Create(u) => WriteRequest {
                method: Method::POST,
                path: USERS_PATH.to_owned(),
                query: vec![("activate", u.activate.to_string())],
                body: Some(create_body(u, reveal)),
            },
            Write::UpdateProfile { user, changes, .. } => WriteRequest {
                method: Method::POST,
                path: user_path(&user.id),
                query: Vec::new(),
                body: Some(json!({ "profile": changes })),
            },
            Write::AssignApp { app, user } => WriteRequest {
                method: Method::POST,
                path: format!("{}/users", app_path(&app.id)),
                query: Vec::new(),
                body: Some(json!({"id": user.id, "scope": "USER"})),
            },
            Write::UnassignApp { app, user } => plain(
                Method::DELETE,
                format!("{}/users/{}", app_path(&app.id), encode_segment(&user.id)),
                Vec::new(),
            ),
            Write::RemoveRole { user, role } => plain(
                Method::DELETE,
                format!("{}/roles/{}", user_path(&user.id), encode_segment(&role.id)),
                Vec::new(),
            ),
            Write::RevokeGrants { user } => plain(
                Method::DELETE,
                format!("{}/grants", user_path(&user.id)),
                Vec::new(),
            ),
            Write::RevokeClientTokens { user, client } => plain(
                Method::DELETE,
                format!(
                    "{}/clients/{}/tokens",
                    user_path(&user.id),
                    encode_segment(&client.id)
                ),
                Vec::new(),
            ),
            Write::EndSessions {
                user,
                oauth_tokens,
                forget_devices,
            } => plain(
                Method::DELETE,
                format!("{}/sessions", user_path(&user.id)),
                vec![
                    ("oauthTokens", oauth_tokens.to_string()),
                    ("forgetDevices", forget_devices.to_string()),
                ],
            ),
        }
    }

    /// What the answer body says, for this write.
    pub fn read_answer(&self, body: &Value) -> Written {
        match self {
            Write::Lifecycle { .. } => {
                let o = super::lifecycle::LifecycleOutcome::from_body(body);
                Written {
                    user: o.user,
                    activation_url: o.activation_url,
                    reset_password_url: o.reset_password_url,
                }
            }
            Write::Create(_) | Write::UpdateProfile { .. } => Written {
                user: User::from_value(body.clone()).ok(),
                ..Default::default()
            },
            _ => Written::default(),
        }
    }

    /// The ids that go into the path, for a check before sending.
    pub(crate) fn ids(&self) -> Vec<&str> {
        match self {
            Write::AddMember { group, user } | Write::RemoveMember { group, user } => {
                vec![&group.id, &user.id]
            }
            Write::AssignApp { app, user } | Write::UnassignApp { app, user } => {
                vec![&app.id, &user.id]
            }
            Write::RemoveRole { user, role } => vec![&user.id, &role.id],
            Write::RevokeClientTokens { user, client } => vec![&user.id, &client.id],
            Write::Create(_) => Vec::new(),
            Write::ResetFactor {
                user, factor_id, ..
            } => vec![&user.id, factor_id],
            other => other
                .user()
                .map(|u| vec![u.id.as_str()])
                .unwrap_or_default(),
        }
    }
}

fn member_path(group_id: &str, user_id: &str) -> String {
    format!(
        "{GROUPS_PATH}/{}/users/{}",
        encode_segment(group_id),
        encode_segment(user_id)
    )
}

/// The body of `POST /api/v1/users`; secrets masked unless `reveal`.
fn create_body(u: &NewUser, reveal: bool) -> Value {
    let secret = |s: &SecretString| {
        if reveal {
            s.expose_secret().to_owned()
        } else {
            MASK.to_owned()
        }
    };
    let mut body = json!({
        "profile": {
            "login": u.login,
            "email": u.email,
            "firstName": u.first_name,
            "lastName": u.last_name,
        }
    });
    let mut credentials = Map::new();
    if let Some(p) = &u.password {
        credentials.insert("password".into(), json!({ "value": secret(p) }));
    }
    if let Some(q) = &u.recovery_question {
        let mut rq = json!({ "question": q });
        if let Some(a) = &u.recovery_answer {
            rq["answer"] = Value::String(secret(a));
        }
        credentials.insert("recovery_question".into(), rq);
    }
    if !credentials.is_empty() {
        body["credentials"] = Value::Object(credentials);
    }
    if !u.group_ids.is_empty() {
        body["groupIds"] = json!(u.group_ids);
    }
    body
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
