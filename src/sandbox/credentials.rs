//! `/api/v1/users/{id}/credentials/*`: forgot password, change password, change recovery
//! question; and the passwords and recovery answers they check.
//!
//! Seeded users with a password all have [`SEEDED_PASSWORD`] and answer [`SEEDED_ANSWER`] to
//! their recovery question, so these operations can be tried on any of them.

use axum::http::StatusCode;
use serde_json::{Value as Json, json};

use super::error::ErrorResponse;
use super::profile::password_problem;
use super::store::{Provider, Status, Store, User, set_status};

/// The password of every seeded user that has one.
pub const SEEDED_PASSWORD: &str = "Sandbox-Passw0rd";
/// The recovery answer of every seeded user that has a recovery question.
pub const SEEDED_ANSWER: &str = "broccoli";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialOp {
    ForgotPassword,
    ChangePassword,
    ChangeRecoveryQuestion,
}

impl CredentialOp {
    pub const ALL: [CredentialOp; 3] = [
        CredentialOp::ForgotPassword,
        CredentialOp::ChangePassword,
        CredentialOp::ChangeRecoveryQuestion,
    ];

    pub fn link(self) -> &'static str {
        match self {
            CredentialOp::ForgotPassword => "forgotPassword",
            CredentialOp::ChangePassword => "changePassword",
            CredentialOp::ChangeRecoveryQuestion => "changeRecoveryQuestion",
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            CredentialOp::ForgotPassword => "/credentials/forgot_password",
            CredentialOp::ChangePassword => "/credentials/change_password",
            CredentialOp::ChangeRecoveryQuestion => "/credentials/change_recovery_question",
        }
    }

    /// Whether the user's `_links` carry it and Okta accepts it. Forgot password validates
    /// the recovery question, so a user without one (e.g. just created with a password only)
    /// has no `forgotPassword` link.
    pub fn allowed(self, u: &User) -> bool {
        let signs_in_with_okta = u.has_password
            && u.provider == Provider::Okta
            && matches!(u.status, Status::Active | Status::PasswordExpired);
        match self {
            CredentialOp::ForgotPassword => signs_in_with_okta && u.recovery_question.is_some(),
            CredentialOp::ChangePassword | CredentialOp::ChangeRecoveryQuestion => {
                signs_in_with_okta
            }
        }
    }
}

fn credentials_failed(cause: &str) -> ErrorResponse {
    ErrorResponse::new(
        StatusCode::FORBIDDEN,
        "E0000014",
        "Update of credentials failed",
    )
    .with_causes(vec![cause.to_owned()])
}

/// A password the org's policy refuses: 400 E0000080.
fn weak_password(problem: String) -> ErrorResponse {
    ErrorResponse::new(
        StatusCode::BAD_REQUEST,
        "E0000080",
        "The password does not meet the complexity requirements of the current password policy.",
    )
    .with_causes(vec![problem])
}

impl Store {
    pub fn password_matches(&self, u: &User, given: &str) -> bool {
        u.has_password
            && match self.passwords.get(&u.id) {
                Some(pw) => pw == given,
                None => given == SEEDED_PASSWORD,
            }
    }

    fn answer_matches(&self, u: &User, given: &str) -> bool {
        u.recovery_question.is_some()
            && match self.recovery_answers.get(&u.id) {
                Some(a) => a.eq_ignore_ascii_case(given.trim()),
                None => given.trim().eq_ignore_ascii_case(SEEDED_ANSWER),
            }
    }

    /// The `credentials` object these operations answer with.
    pub fn credentials_json(u: &User) -> Json {
        let mut c = json!({"provider": {"type": "OKTA", "name": "OKTA"}});
        if u.has_password {
            c["password"] = json!({});
        }
        if let Some(q) = &u.recovery_question {
            c["recovery_question"] = json!({"question": q});
        }
        c
    }

    fn check(&self, uid: &str, op: CredentialOp) -> Result<&User, ErrorResponse> {
        let u = self
            .users
            .get(uid)
            .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (User)")))?;
        if !op.allowed(u) {
            return Err(ErrorResponse::wrong_status());
        }
        Ok(u)
    }

    /// `forgot_password` without a body: the user goes to RECOVERY with a reset token.
    pub fn forgot_password(&mut self, uid: &str, now: i64) -> Result<String, ErrorResponse> {
        self.check(uid, CredentialOp::ForgotPassword)?;
        let token = self.ids.token(20);
        if let Some(u) = self.users.get_mut(uid) {
            set_status(u, Status::Recovery, now);
        }
        Ok(token)
    }

    /// `forgot_password` with `{password, recovery_question: {answer}}`: sets the password
    /// when the answer is right.
    pub fn forgot_password_with_answer(
        &mut self,
        uid: &str,
        new_password: &str,
        answer: &str,
        now: i64,
    ) -> Result<Json, ErrorResponse> {
        let u = self.check(uid, CredentialOp::ForgotPassword)?;
        if !self.answer_matches(u, answer) {
            return Err(credentials_failed(
                "recovery_question.answer: The recovery question answer did not match our records.",
            ));
        }
        if let Some(problem) = password_problem(new_password, &u.profile) {
            return Err(weak_password(problem));
        }
        self.set_password(uid, new_password, now);
        Ok(Self::credentials_json(&self.users[uid]))
    }

    pub fn change_password(
        &mut self,
        uid: &str,
        old: &str,
        new: &str,
        now: i64,
    ) -> Result<Json, ErrorResponse> {
        let u = self.check(uid, CredentialOp::ChangePassword)?;
        if !self.password_matches(u, old) {
            return Err(credentials_failed(
                "oldPassword: The credentials provided were incorrect.",
            ));
        }
        if let Some(problem) = password_problem(new, &u.profile) {
            return Err(weak_password(problem));
        }
        if new == old {
            return Err(weak_password(
                "password: Password cannot be your current password".into(),
            ));
        }
        self.set_password(uid, new, now);
        Ok(Self::credentials_json(&self.users[uid]))
    }

    pub fn change_recovery_question(
        &mut self,
        uid: &str,
        password: &str,
        question: &str,
        answer: &str,
        now: i64,
    ) -> Result<Json, ErrorResponse> {
        let u = self.check(uid, CredentialOp::ChangeRecoveryQuestion)?;
        if !self.password_matches(u, password) {
            return Err(credentials_failed(
                "password: The credentials provided were incorrect.",
            ));
        }
        if question.trim().is_empty() {
            return Err(ErrorResponse::validation(
                "recovery_question",
                vec!["recovery_question: The security question cannot be blank".into()],
            ));
        }
        if answer.trim().chars().count() < 4 {
            return Err(ErrorResponse::validation(
                "recovery_question",
                vec!["recovery_question: The security question answer must be at least 4 characters in length".into()],
            ));
        }
        self.recovery_answers
            .insert(uid.to_owned(), answer.trim().to_owned());
        if let Some(u) = self.users.get_mut(uid) {
            u.recovery_question = Some(question.trim().to_owned());
            u.last_updated = now;
        }
        Ok(Self::credentials_json(&self.users[uid]))
    }

    /// Sets a password (admin set, change, reset): the user signs in with it from now on.
    pub fn set_password(&mut self, uid: &str, password: &str, now: i64) {
        self.passwords.insert(uid.to_owned(), password.to_owned());
        if let Some(u) = self.users.get_mut(uid) {
            u.has_password = true;
            u.password_changed = Some(now);
            u.last_updated = now;
            if matches!(u.status, Status::PasswordExpired | Status::Recovery) {
                set_status(u, Status::Active, now);
            }
        }
    }

    /// `expire_password_with_temp_password`: a new temporary password the user must change
    /// at the next sign-in.
    pub fn expire_with_temp_password(
        &mut self,
        uid: &str,
        now: i64,
    ) -> Result<String, ErrorResponse> {
        let u = self
            .users
            .get(uid)
            .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (User)")))?;
        if !super::lifecycle::LifecycleOp::ExpirePassword.allowed(u) {
            return Err(ErrorResponse::wrong_status());
        }
        // Okta's temporary passwords are eight letters and digits.
        let temp = format!("{}7a", self.ids.token(6));
        self.passwords.insert(uid.to_owned(), temp.clone());
        if let Some(u) = self.users.get_mut(uid) {
            set_status(u, Status::PasswordExpired, now);
            u.password_changed = Some(now);
        }
        Ok(temp)
    }
}
