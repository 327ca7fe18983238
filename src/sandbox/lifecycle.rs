//! The user status state machine of `/api/v1/users/{id}/lifecycle/{op}`: which operation Okta
//! accepts in which status, which `_links` a single user carries, and the error each refusal
//! answers with. Sources for every rule are in `docs/okta-behaviour.md`.

use axum::http::StatusCode;

use super::error::ErrorResponse;
use super::store::{Provider, Status, Store, User, set_status};

/// The lifecycle operations of `/api/v1/users/{id}/lifecycle/{op}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleOp {
    Activate,
    Reactivate,
    Deactivate,
    Suspend,
    Unsuspend,
    Unlock,
    ExpirePassword,
    ResetPassword,
    ResetFactors,
}

impl LifecycleOp {
    pub const ALL: [LifecycleOp; 9] = [
        LifecycleOp::Activate,
        LifecycleOp::Reactivate,
        LifecycleOp::Deactivate,
        LifecycleOp::Suspend,
        LifecycleOp::Unsuspend,
        LifecycleOp::Unlock,
        LifecycleOp::ExpirePassword,
        LifecycleOp::ResetPassword,
        LifecycleOp::ResetFactors,
    ];

    /// The path segment after `/lifecycle/`.
    pub fn path(self) -> &'static str {
        match self {
            LifecycleOp::Activate => "activate",
            LifecycleOp::Reactivate => "reactivate",
            LifecycleOp::Deactivate => "deactivate",
            LifecycleOp::Suspend => "suspend",
            LifecycleOp::Unsuspend => "unsuspend",
            LifecycleOp::Unlock => "unlock",
            LifecycleOp::ExpirePassword => "expire_password",
            LifecycleOp::ResetPassword => "reset_password",
            LifecycleOp::ResetFactors => "reset_factors",
        }
    }

    /// The `_links` key of a single user that advertises the operation.
    pub fn link(self) -> &'static str {
        match self {
            LifecycleOp::Activate => "activate",
            LifecycleOp::Reactivate => "reactivate",
            LifecycleOp::Deactivate => "deactivate",
            LifecycleOp::Suspend => "suspend",
            LifecycleOp::Unsuspend => "unsuspend",
            LifecycleOp::Unlock => "unlock",
            LifecycleOp::ExpirePassword => "expirePassword",
            LifecycleOp::ResetPassword => "resetPassword",
            LifecycleOp::ResetFactors => "resetFactors",
        }
    }

    pub fn parse(path: &str) -> Option<LifecycleOp> {
        LifecycleOp::ALL.into_iter().find(|op| op.path() == path)
    }

    /// Whether Okta accepts the operation for the user as it is now.
    pub fn allowed(self, u: &User) -> bool {
        use Status::*;
        match self {
            LifecycleOp::Activate => matches!(u.status, Staged | Deprovisioned),
            LifecycleOp::Reactivate => matches!(u.status, Provisioned | Recovery),
            LifecycleOp::Deactivate => u.status != Deprovisioned,
            // Recorded orgs send a `suspend` link on PASSWORD_EXPIRED users too.
            LifecycleOp::Suspend => matches!(u.status, Active | PasswordExpired),
            LifecycleOp::Unsuspend => u.status == Suspended,
            // Users mastered by AD unlock in AD, not in Okta.
            LifecycleOp::Unlock => u.status == LockedOut && u.provider == Provider::Okta,
            LifecycleOp::ExpirePassword => {
                matches!(u.status, Active | PasswordExpired | LockedOut) && u.has_password
            }
            LifecycleOp::ResetPassword => {
                matches!(u.status, Active | PasswordExpired | LockedOut | Recovery)
            }
            // Recorded orgs answer 200 `{}` for a user with nothing enrolled, and almost every
            // user carries the link.
            LifecycleOp::ResetFactors => u.status != Deprovisioned,
        }
    }

    /// Whether a single user's `_links` carry the operation. Okta's links are not the state
    /// machine: a STAGED user has no `deactivate` link, yet deactivating it succeeds.
    pub fn advertised(self, u: &User) -> bool {
        match self {
            LifecycleOp::Deactivate if u.status == Status::Staged => false,
            op => op.allowed(u),
        }
    }

    /// Okta's answer when the operation is not allowed in the user's status.
    pub fn refusal(self, u: &User) -> ErrorResponse {
        match self {
            LifecycleOp::Activate => ErrorResponse::new(
                StatusCode::FORBIDDEN,
                "E0000016",
                "Activation failed because the user is already active",
            ),
            LifecycleOp::Suspend => ErrorResponse::validation(
                "status",
                vec!["status: Cannot suspend a user that is not active".into()],
            ),
            LifecycleOp::Unsuspend => ErrorResponse::validation(
                "status",
                vec!["status: Cannot unsuspend a user that is not suspended".into()],
            ),
            LifecycleOp::Unlock => {
                let e = ErrorResponse::new(
                    StatusCode::FORBIDDEN,
                    "E0000032",
                    "Unlock is not allowed for this user.",
                );
                if u.status == Status::LockedOut {
                    e
                } else {
                    e.with_causes(vec!["The user is not locked out.".into()])
                }
            }
            _ => ErrorResponse::wrong_status(),
        }
    }
}

/// What a lifecycle call produced, for the response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LifecycleResult {
    Done,
    /// A new activation token (activate / reactivate).
    ActivationToken(String),
    /// A new password-reset token.
    ResetToken(String),
}

impl Store {
    /// Runs a lifecycle operation, or answers with Okta's refusal for the user's status.
    pub fn lifecycle(
        &mut self,
        id: &str,
        op: LifecycleOp,
        now: i64,
    ) -> Result<LifecycleResult, ErrorResponse> {
        let token = self.ids.token(20);
        let u = self
            .users
            .get_mut(id)
            .ok_or_else(|| ErrorResponse::not_found(id))?;
        if !op.allowed(u) {
            return Err(op.refusal(u));
        }
        let result = match op {
            LifecycleOp::Activate => {
                if u.has_password {
                    set_status(u, Status::Active, now);
                    u.activated = Some(now);
                } else {
                    set_status(u, Status::Provisioned, now);
                }
                LifecycleResult::ActivationToken(token)
            }
            LifecycleOp::Reactivate => {
                set_status(u, Status::Provisioned, now);
                LifecycleResult::ActivationToken(token)
            }
            LifecycleOp::Deactivate => {
                set_status(u, Status::Deprovisioned, now);
                LifecycleResult::Done
            }
            LifecycleOp::Suspend => {
                set_status(u, Status::Suspended, now);
                LifecycleResult::Done
            }
            LifecycleOp::Unsuspend | LifecycleOp::Unlock => {
                set_status(u, Status::Active, now);
                LifecycleResult::Done
            }
            LifecycleOp::ExpirePassword => {
                set_status(u, Status::PasswordExpired, now);
                LifecycleResult::Done
            }
            LifecycleOp::ResetPassword => {
                set_status(u, Status::Recovery, now);
                LifecycleResult::ResetToken(token)
            }
            LifecycleOp::ResetFactors => {
                u.factors_enrolled = false;
                u.last_updated = now;
                LifecycleResult::Done
            }
        };
        if op == LifecycleOp::ResetFactors {
            self.clear_factors(id);
        }
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::seed::build_org;

    /// A single user's `_links` advertise only operations that succeed; the one operation
    /// Okta accepts without a link is deactivating a STAGED user. A refusal carries the code
    /// Okta answers with for that operation.
    #[test]
    fn links_and_refusals_follow_the_state_machine() {
        for status in Status::ALL {
            for op in LifecycleOp::ALL {
                let mut org = build_org(14, 1);
                let id = org.admin_id.clone();
                assert!(org.force_status(&id, status, 1));
                let u = &org.users[&id];
                let advertised = org.user_json(u, "http://x", true)["_links"]
                    .get(op.link())
                    .is_some();
                match org.lifecycle(&id, op, 2) {
                    Ok(_) => assert!(
                        advertised || (op, status) == (LifecycleOp::Deactivate, Status::Staged),
                        "{op:?} from {status:?} not advertised"
                    ),
                    Err(e) => {
                        assert!(!advertised, "{op:?} from {status:?} advertised but refused");
                        let expected = match op {
                            LifecycleOp::Activate => (403, "E0000016"),
                            LifecycleOp::Suspend | LifecycleOp::Unsuspend => (400, "E0000001"),
                            LifecycleOp::Unlock => (403, "E0000032"),
                            _ => (403, "E0000038"),
                        };
                        assert_eq!((e.status.as_u16(), e.code), expected, "{op:?} {status:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn unlock_of_a_user_not_locked_out_names_the_cause() {
        let mut org = build_org(14, 1);
        let id = org.admin_id.clone();
        let e = org.lifecycle(&id, LifecycleOp::Unlock, 2).unwrap_err();
        assert_eq!((e.status.as_u16(), e.code), (403, "E0000032"));
        assert_eq!(e.summary, "Unlock is not allowed for this user.");
        assert_eq!(e.causes, ["The user is not locked out."]);
    }

    #[test]
    fn deactivation_removes_app_links() {
        let mut org = build_org(50, 3);
        let id = org
            .users
            .values()
            .find(|u| u.status == Status::Active && u.apps != 0)
            .map(|u| u.id.clone())
            .unwrap();
        org.lifecycle(&id, LifecycleOp::Deactivate, 9).unwrap();
        assert_eq!(org.users[&id].apps, 0);

        let other = org
            .users
            .values()
            .find(|u| u.status == Status::Active && u.apps != 0)
            .map(|u| u.id.clone())
            .unwrap();
        // DELETE on an active user deactivates it, which also drops its apps.
        assert!(!org.delete_user(&other, 9).unwrap());
        assert_eq!(org.users[&other].apps, 0);
    }

    #[test]
    fn transitions() {
        let mut org = build_org(14, 1);
        let id = org.admin_id.clone();
        let mut step = |op, to| {
            org.lifecycle(&id, op, 5).unwrap();
            assert_eq!(org.users[&id].status, to, "{op:?}");
        };
        step(LifecycleOp::Suspend, Status::Suspended);
        step(LifecycleOp::Unsuspend, Status::Active);
        step(LifecycleOp::ExpirePassword, Status::PasswordExpired);
        step(LifecycleOp::Suspend, Status::Suspended);
        step(LifecycleOp::Unsuspend, Status::Active);
        step(LifecycleOp::ResetPassword, Status::Recovery);
        step(LifecycleOp::Reactivate, Status::Provisioned);
        step(LifecycleOp::Deactivate, Status::Deprovisioned);
        // The admin has a password, so activation goes straight to ACTIVE.
        step(LifecycleOp::Activate, Status::Active);
    }
}
