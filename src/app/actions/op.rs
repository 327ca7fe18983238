//! What each write does: the users and groups a write is aimed at, the write itself as the
//! runtime performs and journals it, and which operations a user's state allows. No dialog
//! and no I/O here.

use serde_json::{Map, Value, json};

use crate::app::ids::OpKind;
use crate::app::keymap::Action;
use crate::okta::{Group, LifecycleOp, NewUser, User, UserRow, UserStatus};

/// A user a write is aimed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub login: String,
}

impl Target {
    pub fn of_row(row: &UserRow) -> Self {
        Target {
            id: row.id().to_string(),
            login: row.login().to_string(),
        }
    }
}

/// A group a membership write is aimed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    pub id: String,
    pub name: String,
}

impl GroupRef {
    pub fn of(g: &Group) -> Self {
        GroupRef {
            id: g.id.to_string(),
            name: g.name.to_string(),
        }
    }
}

/// A new user to create. Wrapped so effects can be compared in tests without comparing (or
/// printing) the password and recovery answer.
#[derive(Debug, Clone)]
pub struct NewUserSpec(pub NewUser);

impl PartialEq for NewUserSpec {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        a.login == b.login
            && a.email == b.email
            && a.first_name == b.first_name
            && a.last_name == b.last_name
            && a.group_ids == b.group_ids
            && a.activate == b.activate
            && a.password.is_some() == b.password.is_some()
            && a.recovery_question == b.recovery_question
    }
}

/// One write the runtime performs (and journals).
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOp {
    Lifecycle {
        target: Target,
        op: LifecycleOp,
    },
    /// One `DELETE /users/{id}`: deactivates a user that is not DEPROVISIONED, deletes one
    /// that is.
    Delete {
        target: Target,
        deprovisioned: bool,
    },
    ClearSessions {
        target: Target,
        oauth_tokens: bool,
    },
    Create(NewUserSpec),
    AddMember {
        group: GroupRef,
        target: Target,
    },
    RemoveMember {
        group: GroupRef,
        target: Target,
    },
    /// Resets (unenrolls) one MFA factor; the user enrolls it again at the next sign-in.
    ResetFactor {
        target: Target,
        factor: FactorRef,
    },
}

/// One MFA factor a write is aimed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactorRef {
    pub id: String,
    /// `sms`, `push`, ... (Okta's `factorType`).
    pub factor_type: String,
    /// What people call it ("Okta Verify (push)", "SMS +1 XXX-XXX-1234").
    pub label: String,
}

impl WriteOp {
    /// The journal's action name (the same names the CLI uses).
    pub fn action(&self) -> String {
        match self {
            WriteOp::Lifecycle {
                op: LifecycleOp::ResetPassword { .. },
                ..
            } => "reset-link".into(),
            WriteOp::Lifecycle { op, .. } => op.api_name().replace('_', "-"),
            WriteOp::Delete {
                deprovisioned: false,
                ..
            } => "delete-deactivate".into(),
            WriteOp::Delete { .. } => "delete".into(),
            WriteOp::ClearSessions { .. } => "clear-sessions".into(),
            WriteOp::Create(_) => "create".into(),
            WriteOp::AddMember { .. } => "add-member".into(),
            WriteOp::RemoveMember { .. } => "remove-member".into(),
            WriteOp::ResetFactor { .. } => "reset-factor".into(),
        }
    }

    /// The user the write concerns (None for create: the id is only known afterwards).
    pub fn target(&self) -> Option<&Target> {
        match self {
            WriteOp::Lifecycle { target, .. }
            | WriteOp::Delete { target, .. }
            | WriteOp::ClearSessions { target, .. }
            | WriteOp::AddMember { target, .. }
            | WriteOp::RemoveMember { target, .. }
            | WriteOp::ResetFactor { target, .. } => Some(target),
            WriteOp::Create(_) => None,
        }
    }

    /// The login shown in results (create: the login asked for).
    pub fn login(&self) -> &str {
        match self {
            WriteOp::Create(spec) => &spec.0.login,
            other => other.target().map(|t| t.login.as_str()).unwrap_or(""),
        }
    }

    /// Whether it changes a group's membership (lists of members and groups reload after).
    pub fn is_membership(&self) -> bool {
        matches!(
            self,
            WriteOp::AddMember { .. } | WriteOp::RemoveMember { .. }
        )
    }

    /// Flags and ids for the journal. Never a password, answer, token or link.
    pub fn options(&self) -> Map<String, Value> {
        let mut m = Map::new();
        match self {
            WriteOp::Lifecycle { op, .. } => {
                for (k, v) in op.query() {
                    m.insert(k.into(), Value::Bool(v == "true"));
                }
            }
            WriteOp::Delete { deprovisioned, .. } => {
                m.insert("sendEmail".into(), Value::Bool(false));
                m.insert("wasDeprovisioned".into(), Value::Bool(*deprovisioned));
            }
            WriteOp::ClearSessions { oauth_tokens, .. } => {
                m.insert("oauthTokens".into(), Value::Bool(*oauth_tokens));
            }
            WriteOp::Create(spec) => {
                let u = &spec.0;
                m.insert("activate".into(), Value::Bool(u.activate));
                m.insert("withPassword".into(), Value::Bool(u.password.is_some()));
                m.insert(
                    "withRecoveryQuestion".into(),
                    Value::Bool(u.recovery_question.is_some()),
                );
                m.insert("groupIds".into(), json!(u.group_ids));
            }
            WriteOp::AddMember { group, .. } | WriteOp::RemoveMember { group, .. } => {
                m.insert("groupId".into(), json!(group.id));
                m.insert("groupName".into(), json!(group.name));
            }
            WriteOp::ResetFactor { factor, .. } => {
                m.insert("factorId".into(), json!(factor.id));
                m.insert("factorType".into(), json!(factor.factor_type));
            }
        }
        m
    }

    /// "suspend alice@example.com", for status lines and results.
    pub fn describe(&self) -> String {
        match self {
            WriteOp::AddMember { group, target } => {
                format!("add {} to {}", target.login, group.name)
            }
            WriteOp::RemoveMember { group, target } => {
                format!("remove {} from {}", target.login, group.name)
            }
            WriteOp::Delete {
                target,
                deprovisioned: false,
            } => format!("delete step 1 (deactivate) {}", target.login),
            WriteOp::ResetFactor { target, factor } => {
                format!("reset the {} factor of {}", factor.label, target.login)
            }
            other => format!("{} {}", other.action(), other.login()),
        }
    }
}

/// What a write returned, plus the user as a fresh GET shows it afterwards.
#[derive(Debug, Clone, Default)]
pub struct WriteOutcome {
    /// The user after the write (None when the GET failed or the user is gone).
    pub user: Option<User>,
    /// An activation or reset link returned instead of an email. Shown once, never stored
    /// elsewhere, never journaled.
    pub link: Option<String>,
    pub request_id: Option<String>,
    /// The user no longer exists (second delete).
    pub gone: bool,
    /// Okta refused because the user was already where the write would take them ("already
    /// suspended"): nothing changed, and that counts as done.
    pub note: Option<String>,
}

impl OpKind {
    pub const ALL: [OpKind; 10] = [
        OpKind::Activate,
        OpKind::Deactivate,
        OpKind::Suspend,
        OpKind::Unsuspend,
        OpKind::Unlock,
        OpKind::ExpirePassword,
        OpKind::ResetPassword,
        OpKind::ClearSessions,
        OpKind::Delete,
        OpKind::ResetFactors,
    ];

    pub fn from_action(a: Action) -> Option<OpKind> {
        OpKind::ALL.into_iter().find(|k| k.action() == a)
    }

    /// The key-table action that asks for it.
    pub fn action(self) -> Action {
        match self {
            OpKind::Activate => Action::Activate,
            OpKind::Deactivate => Action::Deactivate,
            OpKind::Suspend => Action::SuspendUser,
            OpKind::Unsuspend => Action::Unsuspend,
            OpKind::Unlock => Action::Unlock,
            OpKind::ExpirePassword => Action::ExpirePassword,
            OpKind::ResetPassword => Action::ResetPassword,
            OpKind::ClearSessions => Action::ClearSessions,
            OpKind::Delete => Action::DeleteUser,
            OpKind::ResetFactors => Action::ResetFactors,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OpKind::Activate => "Activate / reactivate",
            OpKind::Deactivate => "Deactivate",
            OpKind::Suspend => "Suspend",
            OpKind::Unsuspend => "Unsuspend",
            OpKind::Unlock => "Unlock",
            OpKind::ExpirePassword => "Expire password",
            OpKind::ResetPassword => "Reset password (link)",
            OpKind::ClearSessions => "Clear sessions",
            OpKind::Delete => "Delete",
            OpKind::ResetFactors => "Reset all factors",
        }
    }

    /// Whether it works on marked rows. Delete is one user at a time on purpose.
    pub fn works_in_bulk(self) -> bool {
        self != OpKind::Delete
    }

    /// The lifecycle operation behind the key, with the console's default options.
    pub(super) fn lifecycle(self, status: &UserStatus) -> Option<LifecycleOp> {
        Some(match self {
            OpKind::Activate
                if matches!(status, UserStatus::Provisioned | UserStatus::Recovery) =>
            {
                LifecycleOp::Reactivate { send_email: false }
            }
            OpKind::Activate => LifecycleOp::Activate { send_email: true },
            OpKind::Deactivate => LifecycleOp::Deactivate { send_email: false },
            OpKind::Suspend => LifecycleOp::Suspend,
            OpKind::Unsuspend => LifecycleOp::Unsuspend,
            OpKind::Unlock => LifecycleOp::Unlock,
            OpKind::ExpirePassword => LifecycleOp::ExpirePassword,
            OpKind::ResetPassword => LifecycleOp::ResetPassword {
                send_email: false,
                revoke_sessions: false,
            },
            OpKind::ResetFactors => LifecycleOp::ResetFactors,
            OpKind::ClearSessions | OpKind::Delete => return None,
        })
    }

    /// Whether a fresh single GET allows it: Okta's state machine for the user's status,
    /// `_links` only as a hint (`LifecycleOp::offered_for`).
    pub fn allowed_for_user(self, user: &User) -> bool {
        let status = &user.row.status();
        if user.row.transitioning_to().is_some() {
            // Okta refuses most operations while an async transition runs.
            return false;
        }
        match self {
            OpKind::ClearSessions => !matches!(status, UserStatus::Deprovisioned),
            OpKind::Delete => true,
            kind => kind
                .lifecycle(status)
                .is_some_and(|op| op.offered_for(user)),
        }
    }

    /// The documented state machine, for list rows (menus decide on a fresh GET). A row
    /// marked DELETED (gone) offers nothing.
    pub fn allowed_for_status(self, status: &UserStatus) -> bool {
        match self {
            OpKind::ClearSessions => {
                !matches!(status, UserStatus::Deprovisioned | UserStatus::Other(_))
            }
            OpKind::Delete => !matches!(status, UserStatus::Other(_)),
            kind => kind
                .lifecycle(status)
                .is_some_and(|op| op.allowed_for(status)),
        }
    }
}
