//! Lifecycle operations: endpoint, query parameters, and which statuses allow each.
//!
//! CONTRACT: `LifecycleOp`, `LifecycleOutcome`.
//!
//! What may be offered for a user:
//! - `allowed_for(status)`: the documented state machine, for list rows (which carry no
//!   usable `_links`);
//! - `offered_for(user)`: for one user from a fresh single GET: the state machine again, with
//!   `_links` as a hint where the docs say so. Real orgs omit links for operations they accept
//!   (no `deactivate` on a STAGED user), so `_links` are not the authority.

use serde_json::Value;

use super::models::{User, UserStatus};
use super::transport::encode_segment;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LifecycleOp {
    Activate {
        send_email: bool,
    },
    Reactivate {
        send_email: bool,
    },
    Deactivate {
        send_email: bool,
    },
    Suspend,
    Unsuspend,
    Unlock,
    ExpirePassword,
    ResetPassword {
        send_email: bool,
        revoke_sessions: bool,
    },
    ResetFactors,
}

/// What a lifecycle call returned. Links are secrets of a kind: never log or journal them.
#[derive(Debug, Clone, Default)]
pub struct LifecycleOutcome {
    pub activation_url: Option<String>,
    pub reset_password_url: Option<String>,
    /// `expire_password` returns the updated user.
    pub user: Option<User>,
}

impl LifecycleOutcome {
    /// Reads a lifecycle response body (already cleaned). Unknown shapes give an empty outcome.
    pub fn from_body(body: &Value) -> Self {
        let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_owned);
        // `expire_password` answers with the full user.
        let user = if body.get("id").is_some() && body.get("status").is_some() {
            User::from_value(body.clone()).ok()
        } else {
            None
        };
        LifecycleOutcome {
            activation_url: text("activationUrl"),
            reset_password_url: text("resetPasswordUrl"),
            user,
        }
    }
}

impl LifecycleOp {
    /// Every operation with the defaults the console offers (no email where Okta would
    /// otherwise return a link the admin can hand over).
    pub fn all() -> [LifecycleOp; 9] {
        [
            LifecycleOp::Activate { send_email: true },
            LifecycleOp::Reactivate { send_email: false },
            LifecycleOp::Deactivate { send_email: false },
            LifecycleOp::Suspend,
            LifecycleOp::Unsuspend,
            LifecycleOp::Unlock,
            LifecycleOp::ExpirePassword,
            LifecycleOp::ResetPassword {
                send_email: false,
                revoke_sessions: false,
            },
            LifecycleOp::ResetFactors,
        ]
    }

    /// The endpoint's last path segment, as the API spells it (`expire_password`).
    pub fn api_name(&self) -> &'static str {
        match self {
            LifecycleOp::Activate { .. } => "activate",
            LifecycleOp::Reactivate { .. } => "reactivate",
            LifecycleOp::Deactivate { .. } => "deactivate",
            LifecycleOp::Suspend => "suspend",
            LifecycleOp::Unsuspend => "unsuspend",
            LifecycleOp::Unlock => "unlock",
            LifecycleOp::ExpirePassword => "expire_password",
            LifecycleOp::ResetPassword { .. } => "reset_password",
            LifecycleOp::ResetFactors => "reset_factors",
        }
    }

    /// The `_links` key a single user GET carries when the operation is allowed.
    pub fn link_name(&self) -> &'static str {
        match self {
            LifecycleOp::Activate { .. } => "activate",
            LifecycleOp::Reactivate { .. } => "reactivate",
            LifecycleOp::Deactivate { .. } => "deactivate",
            LifecycleOp::Suspend => "suspend",
            LifecycleOp::Unsuspend => "unsuspend",
            LifecycleOp::Unlock => "unlock",
            LifecycleOp::ExpirePassword => "expirePassword",
            LifecycleOp::ResetPassword { .. } => "resetPassword",
            LifecycleOp::ResetFactors => "resetFactors",
        }
    }

    /// A short label for menus ("Reset password").
    pub fn label(&self) -> &'static str {
        match self {
            LifecycleOp::Activate { .. } => "Activate",
            LifecycleOp::Reactivate { .. } => "Reactivate",
            LifecycleOp::Deactivate { .. } => "Deactivate",
            LifecycleOp::Suspend => "Suspend",
            LifecycleOp::Unsuspend => "Unsuspend",
            LifecycleOp::Unlock => "Unlock",
            LifecycleOp::ExpirePassword => "Expire password",
            LifecycleOp::ResetPassword { .. } => "Reset password",
            LifecycleOp::ResetFactors => "Reset factors",
        }
    }

    /// What the operation does to the user, for confirmation dialogs.
    pub fn description(&self) -> &'static str {
        match self {
            LifecycleOp::Activate { send_email: true } => {
                "activates the user and emails them an activation link"
            }
            LifecycleOp::Activate { send_email: false } => {
                "activates the user and returns a one-time activation link (no email)"
            }
            LifecycleOp::Reactivate { send_email: true } => {
                "issues a new activation token (the old one stops working) and emails it"
            }
            LifecycleOp::Reactivate { send_email: false } => {
                "issues a new activation token (the old one stops working) and returns the link"
            }
            LifecycleOp::Deactivate { .. } => {
                "deactivates the user: removes all app assignments, ends sign-in; only Activate undoes it"
            }
            LifecycleOp::Suspend => {
                "suspends the user: they cannot sign in until unsuspended; app assignments stay"
            }
            LifecycleOp::Unsuspend => "returns a suspended user to ACTIVE",
            LifecycleOp::Unlock => {
                "unlocks a locked-out user so they can sign in again (password unchanged)"
            }
            LifecycleOp::ExpirePassword => {
                "expires the password: the user must change it at the next sign-in"
            }
            LifecycleOp::ResetPassword {
                send_email: true, ..
            } => {
                "starts a password reset and emails the user a reset link; they cannot sign in until they finish it"
            }
            LifecycleOp::ResetPassword {
                send_email: false, ..
            } => {
                "starts a password reset and returns a one-time reset link; the user cannot sign in until they finish it"
            }
            LifecycleOp::ResetFactors => {
                "removes all enrolled MFA factors; the user must enroll again"
            }
        }
    }

    /// `/api/v1/users/{id}/lifecycle/{op}` with the id percent-encoded.
    pub fn path(&self, user_id: &str) -> String {
        format!(
            "/api/v1/users/{}/lifecycle/{}",
            encode_segment(user_id),
            self.api_name()
        )
    }

    /// Query parameters. `sendEmail` defaults differ per operation in Okta, so it is always
    /// passed explicitly where the operation has it.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        match self {
            LifecycleOp::Activate { send_email }
            | LifecycleOp::Reactivate { send_email }
            | LifecycleOp::Deactivate { send_email } => {
                vec![("sendEmail", send_email.to_string())]
            }
            LifecycleOp::ResetPassword {
                send_email,
                revoke_sessions,
            } => vec![
                ("sendEmail", send_email.to_string()),
                ("revokeSessions", revoke_sessions.to_string()),
            ],
            _ => Vec::new(),
        }
    }

    /// Whether the documented state machine allows the operation from `status`. For a
    /// decision about one user prefer `allowed_by_links` on a fresh single GET.
    pub fn allowed_for(&self, status: &UserStatus) -> bool {
        use UserStatus as S;
        match self {
            LifecycleOp::Activate { .. } => matches!(status, S::Staged | S::Deprovisioned),
            LifecycleOp::Reactivate { .. } => matches!(status, S::Provisioned | S::Recovery),
            LifecycleOp::Deactivate { .. } => !matches!(status, S::Deprovisioned | S::Other(_)),
            LifecycleOp::Suspend => matches!(status, S::Active),
            LifecycleOp::Unsuspend => matches!(status, S::Suspended),
            LifecycleOp::Unlock => matches!(status, S::LockedOut),
            LifecycleOp::ExpirePassword => {
                matches!(status, S::Active | S::LockedOut | S::PasswordExpired)
            }
            LifecycleOp::ResetPassword { .. } => {
                matches!(
                    status,
                    S::Active | S::Recovery | S::LockedOut | S::PasswordExpired
                )
            }
            LifecycleOp::ResetFactors => matches!(
                status,
                S::Active | S::Recovery | S::LockedOut | S::PasswordExpired | S::Suspended
            ),
        }
    }

    /// Whether the console offers the operation for `user` (a fresh single GET).
    ///
    /// Okta's documented state machine decides, from the status: real orgs do not send a link
    /// for every operation they accept (a STAGED user has no `deactivate` link, yet
    /// deactivating it answers 200), so links cannot be the authority. They are a hint only
    /// where the docs tie an operation to more than the status: `unlock` on an ACTIVE user
    /// blocked from unknown devices, and `suspend` on a PASSWORD_EXPIRED user (recorded
    /// orgs send it; the docs name ACTIVE only). A user in an async transition gets nothing.
    /// Sources: `docs/okta-behaviour.md`.
    pub fn offered_for(&self, user: &User) -> bool {
        use UserStatus as S;
        if user.row.transitioning_to().is_some() {
            return false;
        }
        let status = &user.row.status();
        // AD or LDAP users unlock in their directory, not in Okta.
        let mastered_elsewhere = matches!(
            user.credentials_provider.as_deref(),
            Some("ACTIVE_DIRECTORY" | "LDAP")
        );
        match self {
            LifecycleOp::Suspend => match status {
                S::Active => true,
                S::PasswordExpired => user.has_link("suspend"),
                _ => false,
            },
            LifecycleOp::Unlock => match status {
                S::LockedOut => !mastered_elsewhere || user.has_link("unlock"),
                S::Active => user.has_link("unlock"),
                _ => false,
            },
            op => op.allowed_for(status),
        }
    }

    /// Whether the user's `_links` (single GET) offer this operation.
    pub fn allowed_by_links(&self, user: &User) -> bool {
        user.has_link(self.link_name())
    }

    /// The operations a single GET's `_links` allow, with the defaults of [`LifecycleOp::all`].
    pub fn from_links(user: &User) -> Vec<LifecycleOp> {
        Self::all()
            .into_iter()
            .filter(|op| op.allowed_by_links(user))
            .collect()
    }

    /// The operations the documented state machine allows from `status`.
    pub fn for_status(status: &UserStatus) -> Vec<LifecycleOp> {
        Self::all()
            .into_iter()
            .filter(|op| op.allowed_for(status))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_and_params() {
        let op = LifecycleOp::ResetPassword {
            send_email: false,
            revoke_sessions: true,
        };
        assert_eq!(
            op.path("00u1"),
            "/api/v1/users/00u1/lifecycle/reset_password"
        );
        assert_eq!(
            op.query(),
            vec![
                ("sendEmail", "false".to_string()),
                ("revokeSessions", "true".into())
            ]
        );
        assert_eq!(
            LifecycleOp::Activate { send_email: true }.query(),
            vec![("sendEmail", "true".to_string())]
        );
        assert_eq!(
            LifecycleOp::Reactivate { send_email: false }.query(),
            vec![("sendEmail", "false".to_string())]
        );
        assert!(LifecycleOp::Suspend.query().is_empty());
        assert_eq!(
            LifecycleOp::ExpirePassword.path("a/b c"),
            "/api/v1/users/a%2Fb%20c/lifecycle/expire_password"
        );
    }

    #[test]
    fn state_machine() {
        use UserStatus as S;
        let names = |s: S| {
            LifecycleOp::for_status(&s)
                .iter()
                .map(LifecycleOp::api_name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(S::Staged), vec!["activate", "deactivate"]);
        assert_eq!(names(S::Deprovisioned), vec!["activate"]);
        assert_eq!(names(S::Provisioned), vec!["reactivate", "deactivate"]);
        assert_eq!(
            names(S::Suspended),
            vec!["deactivate", "unsuspend", "reset_factors"]
        );
        assert!(names(S::Active).contains(&"suspend"));
        assert!(!names(S::Active).contains(&"unsuspend"));
        assert!(names(S::LockedOut).contains(&"unlock"));
        assert!(names(S::Other("NEW".into())).is_empty());
    }

    #[test]
    fn links_decide_for_one_user() {
        let user = User::from_value(json!({
            "id": "00u1", "status": "ACTIVE", "profile": {"login": "a@b.c"},
            "_links": {"self": {}, "suspend": {}, "deactivate": {}, "resetPassword": {},
                       "expirePassword": {}, "changePassword": {}}
        }))
        .unwrap();
        let ops: Vec<_> = LifecycleOp::from_links(&user)
            .iter()
            .map(LifecycleOp::api_name)
            .collect();
        assert_eq!(
            ops,
            vec!["deactivate", "suspend", "expire_password", "reset_password"]
        );
        assert!(!LifecycleOp::Unlock.allowed_by_links(&user));
    }

    #[test]
    fn offered_follows_the_status_with_links_as_hints() {
        let user = |status: &str, links: &[&str]| {
            let links: serde_json::Map<String, Value> = links
                .iter()
                .map(|l| ((*l).to_owned(), json!({"href": "x"})))
                .collect();
            User::from_value(json!({"id": "00u1", "status": status,
                "profile": {"login": "a@b.c"}, "_links": links}))
            .unwrap()
        };
        let deactivate = LifecycleOp::Deactivate { send_email: false };
        // Real Okta: no deactivate link on a STAGED user, yet it deactivates.
        assert!(deactivate.offered_for(&user("STAGED", &["activate", "resetFactors"])));
        assert!(!deactivate.offered_for(&user("DEPROVISIONED", &["activate"])));
        assert!(LifecycleOp::Suspend.offered_for(&user("PASSWORD_EXPIRED", &["suspend"])));
        assert!(!LifecycleOp::Suspend.offered_for(&user("PASSWORD_EXPIRED", &[])));
        assert!(LifecycleOp::Unlock.offered_for(&user("LOCKED_OUT", &[])));
        assert!(LifecycleOp::Unlock.offered_for(&user("ACTIVE", &["unlock"])));
        assert!(!LifecycleOp::Unlock.offered_for(&user("ACTIVE", &["suspend"])));
        let mut moving = user("ACTIVE", &["suspend"]);
        moving.row = moving
            .row
            .with(|f| f.transitioning_to = Some("DEPROVISIONED".into()));
        assert!(!LifecycleOp::Suspend.offered_for(&moving));
    }

    #[test]
    fn outcome_shapes() {
        let o = LifecycleOutcome::from_body(&json!({"resetPasswordUrl": "https://a/reset/x"}));
        assert_eq!(o.reset_password_url.as_deref(), Some("https://a/reset/x"));
        let o = LifecycleOutcome::from_body(
            &json!({"activationUrl": "https://a/t", "activationToken": "t"}),
        );
        assert_eq!(o.activation_url.as_deref(), Some("https://a/t"));
        let o = LifecycleOutcome::from_body(&json!({"id": "00u1", "status": "PASSWORD_EXPIRED"}));
        assert_eq!(o.user.unwrap().row.status(), UserStatus::PasswordExpired);
        let o = LifecycleOutcome::from_body(&Value::Null);
        assert!(o.user.is_none() && o.activation_url.is_none());
    }

    #[test]
    fn descriptions_name_the_effect() {
        assert!(
            LifecycleOp::Deactivate { send_email: false }
                .description()
                .contains("removes all app assignments")
        );
        for op in LifecycleOp::all() {
            assert!(!op.description().is_empty() && !op.label().is_empty());
        }
    }
}
