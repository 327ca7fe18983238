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
use super::transport::encode_segment;

const USERS_PATH: &str = "/api/v1/users";
const GROUPS_PATH: &str = "/api/v1/groups";

/// A user a write is aimed at: the id goes into the request, the login into what people read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserRef {
    pub id: String,
    pub login: String,
}

impl UserRef {
    pub fn new(id: impl Into<String>, login: impl Into<String>) -> Self {
        UserRef {
            id: id.into(),
            login: login.into(),
        }
    }

    /// A user known only by id (the login is shown as empty).
    pub fn id(id: impl Into<String>) -> Self {
        UserRef::new(id, "")
    }

    pub fn of(user: &User) -> Self {
        UserRef::new(user.row.id.to_string(), user.row.login.to_string())
    }
}

/// A group a membership write is aimed at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupRef {
    pub id: String,
    pub name: String,
}

impl GroupRef {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        GroupRef {
            id: id.into(),
            name: name.into(),
        }
    }
}

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
            | Write::ResetFactor { user, .. } => Some(user),
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
            | Write::ResetFactor { user: u, .. } => *u = user,
            Write::Create(_) => {}
        }
        w
    }

    /// When `user` (as a fresh GET shows it) is already where this write would take it: a
    /// note such as "already suspended". Re-running a failed bulk row then reports success
    /// instead of Okta's "not allowed in the current status".
    pub fn already_done(&self, user: &User) -> Option<String> {
        use UserStatus as S;
        let status = &user.row.status;
        let settled = user.row.transitioning_to.is_none();
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
            } => plain(
                Method::DELETE,
                super::factors::factor_path(&user.id, factor_id),
                Vec::new(),
            ),
            Write::Create(u) => WriteRequest {
                method: Method::POST,
                path: USERS_PATH.to_owned(),
                query: vec![("activate", u.activate.to_string())],
                body: Some(create_body(u, reveal)),
            },
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
            Write::Create(_) => Written {
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

pub(crate) fn user_path(user_id: &str) -> String {
    format!("{USERS_PATH}/{}", encode_segment(user_id))
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
mod tests {
    use super::*;

    fn alice() -> UserRef {
        UserRef::new("00u1", "alice@example.com")
    }

    #[test]
    fn requests_use_the_real_paths_and_encode_ids() {
        let r = Write::ClearSessions {
            user: alice(),
            oauth_tokens: false,
        }
        .request(true);
        assert_eq!(r.method, Method::DELETE);
        assert_eq!(r.path, "/api/v1/users/00u1/sessions");
        assert_eq!(r.query, [("oauthTokens", "false".to_owned())]);
        let r = Write::AddMember {
            group: GroupRef::new("00g1", "Eng"),
            user: UserRef::id("00u/1"),
        }
        .request(true);
        assert_eq!(
            (r.method, r.path.as_str()),
            (Method::PUT, "/api/v1/groups/00g1/users/00u%2F1")
        );
        let r = Write::Delete {
            user: alice(),
            deprovisioned: true,
            send_email: true,
        }
        .request(true);
        assert_eq!(r.method, Method::DELETE);
        assert_eq!(r.query, [("sendEmail", "true".to_owned())]);
    }

    #[test]
    fn create_masks_secrets_unless_revealed_and_options_never_carry_them() {
        let w = Write::Create(NewUser {
            login: "a@b.c".into(),
            email: "a@b.c".into(),
            first_name: "A".into(),
            last_name: "B".into(),
            password: Some("Sup3rSecret!".to_owned().into()),
            recovery_question: Some("Q?".into()),
            recovery_answer: Some("answer42".to_owned().into()),
            group_ids: vec!["00g1".into()],
            activate: false,
        });
        let plan = w.request(false).body.unwrap().to_string();
        assert!(
            !plan.contains("Sup3rSecret") && !plan.contains("answer42"),
            "{plan}"
        );
        let real = w.request(true).body.unwrap();
        assert_eq!(real["credentials"]["password"]["value"], "Sup3rSecret!");
        assert_eq!(
            real["credentials"]["recovery_question"]["answer"],
            "answer42"
        );
        assert_eq!(real["groupIds"], json!(["00g1"]));
        let options = Value::Object(w.options()).to_string();
        assert!(
            !options.contains("Sup3rSecret") && !options.contains("answer42"),
            "{options}"
        );
        assert_eq!(w.action(), "create");
        assert_eq!(w.login(), "a@b.c");
    }

    #[test]
    fn action_names_and_retargeting() {
        let w = Write::Lifecycle {
            user: alice(),
            op: LifecycleOp::ResetPassword {
                send_email: false,
                revoke_sessions: true,
            },
        };
        assert_eq!(w.action(), "reset-link");
        assert_eq!(
            Value::Object(w.options()),
            json!({"sendEmail": false, "revokeSessions": true})
        );
        let other = w.for_user(UserRef::new("00u2", "bob@example.com"));
        assert_eq!(other.user().map(|u| u.id.as_str()), Some("00u2"));
        assert_eq!(
            other.request(true).path,
            "/api/v1/users/00u2/lifecycle/reset_password"
        );
        let expire = Write::Lifecycle {
            user: alice(),
            op: LifecycleOp::ExpirePassword,
        };
        assert_eq!(expire.action(), "expire-password");
    }

    #[test]
    fn already_done_reads_the_current_status() {
        let user = |status: &str| {
            User::from_value(json!({"id": "00u1", "status": status,
                "profile": {"login": "alice@example.com"}}))
            .unwrap()
        };
        let suspend = Write::Lifecycle {
            user: alice(),
            op: LifecycleOp::Suspend,
        };
        assert_eq!(
            suspend.already_done(&user("SUSPENDED")).as_deref(),
            Some("already suspended")
        );
        assert_eq!(suspend.already_done(&user("ACTIVE")), None);
        let reset = Write::Lifecycle {
            user: alice(),
            op: LifecycleOp::ResetPassword {
                send_email: false,
                revoke_sessions: false,
            },
        };
        // A reset is never "already done": each one issues a new link.
        assert_eq!(reset.already_done(&user("RECOVERY")), None);
    }
}
