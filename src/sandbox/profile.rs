//! Creating and updating users: the profile checks Okta answers with 400 E0000001 and one
//! cause per problem, shared by `POST /users`, `POST /users/{id}` (partial) and
//! `PUT /users/{id}` (replace).

use axum::http::StatusCode;
use serde_json::{Map, Value as Json};

use super::error::ErrorResponse;
use super::store::{GroupType, NewUser, Provider, Status, Store, User};

/// What `POST /users/{id}` or `PUT /users/{id}` asks for.
#[derive(Debug, Clone, Default)]
pub struct UserUpdate {
    pub profile: Option<Map<String, Json>>,
    pub password: Option<String>,
    pub recovery_question: Option<(String, String)>,
    /// PUT: the profile given replaces the whole profile (omitted attributes are removed).
    pub replace: bool,
}

impl Store {
    /// The problems Okta reports for a profile, as (field, cause). `own_id` is the user being
    /// updated, whose own login does not count as taken.
    pub(crate) fn profile_causes(
        &self,
        profile: &Map<String, Json>,
        own_id: Option<&str>,
    ) -> Vec<(&'static str, String)> {
        let mut causes: Vec<(&'static str, String)> = Vec::new();
        let text = |key: &str| {
            profile
                .get(key)
                .and_then(Json::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        for key in ["login", "email", "firstName", "lastName"] {
            match profile.get(key) {
                Some(Json::String(_)) | None | Some(Json::Null) => {}
                Some(_) => causes.push((key, format!("{key}: Does not match required type"))),
            }
        }
        match text("login") {
            None => causes.push(("login", "login: The field cannot be left blank".into())),
            Some(login) => {
                let len = login.chars().count();
                let taken_by_other = self.find_user(login).is_some_and(|u| {
                    Some(u.id.as_str()) != own_id && u.login().eq_ignore_ascii_case(login)
                });
                if !(5..=100).contains(&len) || !looks_like_email(login) {
                    causes.push((
                        "login",
                        "login: Username must be in the form of an email address".into(),
                    ));
                } else if taken_by_other {
                    causes.push((
                        "login",
                        "login: An object with this field already exists in the current organization"
                            .into(),
                    ));
                }
            }
        }
        match text("email") {
            None => causes.push(("email", "email: The field cannot be left blank".into())),
            Some(email) => {
                let len = email.chars().count();
                if !(5..=100).contains(&len) || !looks_like_email(email) {
                    causes.push(("email", "email: Does not match required pattern".into()));
                }
            }
        }
        for key in ["firstName", "lastName"] {
            match text(key) {
                None => causes.push((key, format!("{key}: The field cannot be left blank"))),
                Some(v) if v.chars().count() > 50 => {
                    causes.push((key, format!("{key}: The field is too long")))
                }
                Some(_) => {}
            }
        }
        if let Some(v) = profile.get("secondEmail").and_then(Json::as_str)
            && !v.trim().is_empty()
            && !looks_like_email(v.trim())
        {
            causes.push((
                "secondEmail",
                "secondEmail: Does not match required pattern".into(),
            ));
        }
        causes
    }

    /// `POST /api/v1/users`: validates like Okta and returns the new user's id.
    pub fn create_user(&mut self, new: NewUser, now: i64) -> Result<String, ErrorResponse> {
        if new.group_ids.len() > 20 {
            return Err(ErrorResponse::new(
                StatusCode::BAD_REQUEST,
                "E0000093",
                "Target count limit exceeded",
            )
            .with_causes(vec![
                "groupIds: The number of group targets is too large.".into(),
            ]));
        }
        if new.expire_password && !new.activate {
            return Err(ErrorResponse::new(
                StatusCode::BAD_REQUEST,
                "E0000125",
                "Could not create user. To create a user and expire their password immediately, `activate` must be true.",
            ));
        }
        if new.expire_password && new.password.is_none() {
            return Err(ErrorResponse::new(
                StatusCode::BAD_REQUEST,
                "E0000124",
                "Could not create user. To create a user and expire their password immediately, a password must be specified.",
            ));
        }
        let mut causes = self.profile_causes(&new.profile, None);
        causes.extend(super::schema::schema_causes(&new.profile, &|_| true));
        if let Some(pw) = &new.password
            && let Some(problem) = password_problem(pw, &new.profile)
        {
            causes.push(("password", problem));
        }
        if let Some((q, a)) = &new.recovery_question {
            if q.trim().chars().count() < 1 {
                causes.push((
                    "recovery_question",
                    "recovery_question: The security question cannot be blank".into(),
                ));
            } else if a.trim().chars().count() < 4 {
                causes.push((
                    "recovery_question",
                    "recovery_question: The security question answer must be at least 4 characters in length".into(),
                ));
            }
        }
        if let Some((first_field, _)) = causes.first() {
            let first_field = *first_field;
            return Err(ErrorResponse::validation(
                first_field,
                causes.into_iter().map(|(_, c)| c).collect(),
            ));
        }
        for g in &new.group_ids {
            match self.groups.get(g) {
                None => return Err(ErrorResponse::not_found(g)),
                Some(group) if group.kind != GroupType::OktaGroup => {
                    return Err(ErrorResponse::validation(
                        "groupIds",
                        vec![format!(
                            "groupIds: Cannot add users to group {g} of type {}",
                            group.kind.as_str()
                        )],
                    ));
                }
                Some(_) => {}
            }
        }

        let id = self.ids.id("00u");
        let has_password = new.password.is_some();
        let answer = new
            .recovery_question
            .as_ref()
            .map(|(_, a)| a.trim().to_owned());
        if let Some(pw) = &new.password {
            self.passwords.insert(id.clone(), pw.clone());
        }
        if let Some(a) = answer {
            self.recovery_answers.insert(id.clone(), a);
        }
        let status = match (new.activate, has_password, new.expire_password) {
            (false, _, _) => Status::Staged,
            (true, true, true) => Status::PasswordExpired,
            (true, true, false) => Status::Active,
            (true, false, _) => Status::Provisioned,
        };
        let mut profile = new.profile;
        for key in ["login", "email", "firstName", "lastName"] {
            if let Some(Json::String(s)) = profile.get_mut(key) {
                *s = s.trim().to_owned();
            }
        }
        let activated = matches!(status, Status::Active | Status::PasswordExpired).then_some(now);
        let user = User {
            id: id.clone(),
            status,
            created: now,
            activated,
            status_changed: (status != Status::Staged).then_some(now),
            last_login: None,
            last_updated: now,
            password_changed: has_password.then_some(now),
            profile,
            has_password,
            recovery_question: new.recovery_question.map(|(q, _)| q),
            provider: Provider::Okta,
            factors_enrolled: false,
            apps: 0,
        };
        self.insert_user(user);
        let everyone = self.everyone_id.clone();
        if !everyone.is_empty() {
            self.add_member(&everyone, &id);
        }
        for g in new.group_ids {
            self.add_member(&g, &id);
            if let Some(group) = self.groups.get_mut(&g) {
                group.last_membership_updated = now;
            }
        }
        self.apply_rules_to(&id, now);
        Ok(id)
    }

    /// `POST /users/{id}` (partial: the attributes given change, `null` clears one) or
    /// `PUT /users/{id}` (replace: the profile given is the whole profile).
    pub fn update_user(
        &mut self,
        id: &str,
        update: UserUpdate,
        now: i64,
    ) -> Result<(), ErrorResponse> {
        let u = self
            .users
            .get(id)
            .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (User)")))?;
        let profile = match &update.profile {
            None => u.profile.clone(),
            Some(given) if update.replace => given.clone(),
            Some(given) => {
                let mut merged = u.profile.clone();
                for (k, v) in given {
                    merged.insert(k.clone(), v.clone());
                }
                merged
            }
        };
        if update.profile.is_some()
            && u.provider == Provider::ActiveDirectory
            && profile != u.profile
        {
            return Err(ErrorResponse::new(
                StatusCode::FORBIDDEN,
                "E0000023",
                "Operation failed because user profile is mastered under another system",
            ));
        }
        let mut causes = self.profile_causes(&profile, Some(id));
        causes.extend(super::schema::schema_causes(&profile, &|k| {
            profile.get(k) != u.profile.get(k)
        }));
        if let Some(pw) = &update.password
            && let Some(problem) = password_problem(pw, &profile)
        {
            causes.push(("password", problem));
        }
        if let Some((q, a)) = &update.recovery_question
            && (q.trim().is_empty() || a.trim().chars().count() < 4)
        {
            causes.push((
                "recovery_question",
                "recovery_question: The security question answer must be at least 4 characters in length".into(),
            ));
        }
        if let Some((field, _)) = causes.first() {
            let field = *field;
            return Err(ErrorResponse::validation(
                field,
                causes.into_iter().map(|(_, c)| c).collect(),
            ));
        }
        let mut profile = profile;
        for key in ["login", "email", "firstName", "lastName"] {
            if let Some(Json::String(s)) = profile.get_mut(key) {
                *s = s.trim().to_owned();
            }
        }
        let old_login = u.login().to_lowercase();
        let new_login = profile
            .get("login")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_lowercase();
        if old_login != new_login {
            self.rename_login(&old_login, &new_login, id);
        }
        if let Some(pw) = &update.password {
            self.set_password(id, pw, now);
        }
        if let Some((q, a)) = update.recovery_question {
            self.recovery_answers
                .insert(id.to_owned(), a.trim().to_owned());
            if let Some(u) = self.users.get_mut(id) {
                u.recovery_question = Some(q.trim().to_owned());
            }
        }
        if let Some(u) = self.users.get_mut(id) {
            u.profile = profile;
            u.last_updated = now;
        }
        self.apply_rules_to(id, now);
        Ok(())
    }
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// The sandbox org's password policy: at least 8 characters, a lowercase letter, an uppercase
/// letter, a number, and no part of the username.
pub(crate) fn password_problem(pw: &str, profile: &Map<String, Json>) -> Option<String> {
    const RULES: &str = "Password requirements: at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts of your username.";
    let login_local = profile
        .get("login")
        .and_then(Json::as_str)
        .and_then(|l| l.split('@').next())
        .unwrap_or_default()
        .to_lowercase();
    let weak = pw.chars().count() < 8
        || !pw.chars().any(char::is_lowercase)
        || !pw.chars().any(char::is_uppercase)
        || !pw.chars().any(|c| c.is_ascii_digit())
        || (login_local.chars().count() >= 3 && pw.to_lowercase().contains(&login_local));
    weak.then(|| format!("password: Password requirements were not met. {RULES}"))
}
