//! One user as a list row, stored compactly: a big org's console holds a million of them.
//!
//! The five strings live in one allocation (with their lengths beside it) instead of five, an
//! email equal to the login is kept once, and the times are plain numbers with a sentinel for
//! "none". A row costs about 64 bytes plus its text, against about 370 as five boxed strings
//! and four optional times; the status is a number unless Okta sent one this does not know.
//! [`UserFields`] is the same row with open fields, for building one.

use serde::Serialize;

use super::models::{Millis, UserStatus};

/// A user row's fields, open: what [`UserRow`] is built from and gives back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserFields {
    pub id: Box<str>,
    pub status: UserStatus,
    /// Present only while an async transition runs (e.g. ACTIVE during activation).
    pub transitioning_to: Option<Box<str>>,
    pub login: Box<str>,
    pub email: Box<str>,
    pub first_name: Box<str>,
    pub last_name: Box<str>,
    pub created: Option<Millis>,
    pub last_login: Option<Millis>,
    pub last_updated: Option<Millis>,
    pub status_changed: Option<Millis>,
}

/// One user as a list row: compact, no `serde_json::Value`. The full object is fetched on
/// demand for the detail and raw views.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRow {
    /// id, login, email (empty when it is the login), first name, last name, a status Okta
    /// added after this was written, then the transition's target: one after another.
    text: Box<str>,
    /// Byte lengths of the first six parts of `text`; the transition is the rest.
    lens: [u16; 6],
    /// Index in `KNOWN`, or `OTHER` (its text is part 5).
    status: u8,
    flags: u8,
    /// created, last login, last updated, status changed; `NONE` when Okta sent none.
    times: [Millis; 4],
}

const EMAIL_IS_LOGIN: u8 = 1;
const TRANSITIONING: u8 = 2;
const NONE: Millis = Millis::MIN;
const OTHER: u8 = u8::MAX;
/// The statuses a row keeps as a number (`UserStatus::ALL`), borrowable for `status_api`.
static KNOWN: [UserStatus; 8] = UserStatus::ALL;

/// A part longer than its length field allows is cut at a char boundary. No Okta attribute
/// comes near it (logins and emails are at most 100 characters), so only hostile text is.
fn fit(s: &str) -> &str {
    let max = usize::from(u16::MAX);
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl From<UserFields> for UserRow {
    fn from(f: UserFields) -> Self {
        let email_is_login = f.email == f.login;
        let email: &str = if email_is_login { "" } else { &f.email };
        let (status, other) = match KNOWN.iter().position(|s| *s == f.status) {
            Some(i) => (i as u8, ""),
            None => (OTHER, f.status.as_api()),
        };
        let parts = [
            fit(&f.id),
            fit(&f.login),
            fit(email),
            fit(&f.first_name),
            fit(&f.last_name),
            fit(other),
        ];
        let transition = f.transitioning_to.as_deref().unwrap_or("");
        let mut text =
            String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + transition.len());
        let mut lens = [0u16; 6];
        for (len, part) in lens.iter_mut().zip(parts) {
            text.push_str(part);
            *len = part.len() as u16;
        }
        text.push_str(transition);
        let mut flags = 0;
        if email_is_login {
            flags |= EMAIL_IS_LOGIN;
        }
        if f.transitioning_to.is_some() {
            flags |= TRANSITIONING;
        }
        let time = |t: Option<Millis>| t.unwrap_or(NONE);
        UserRow {
            text: text.into_boxed_str(),
            lens,
            status,
            flags,
            times: [
                time(f.created),
                time(f.last_login),
                time(f.last_updated),
                time(f.status_changed),
            ],
        }
    }
}

impl UserRow {
    /// Part `k` of `text` (see `lens`).
    fn part(&self, k: usize) -> &str {
        let start: usize = self.lens[..k].iter().map(|&l| usize::from(l)).sum();
        let end = start + usize::from(self.lens[k]);
        self.text.get(start..end).unwrap_or_default()
    }

    fn time(&self, k: usize) -> Option<Millis> {
        Some(self.times[k]).filter(|&t| t != NONE)
    }

    pub fn status(&self) -> UserStatus {
        match KNOWN.get(usize::from(self.status)) {
            Some(s) => s.clone(),
            None => UserStatus::Other(self.part(5).into()),
        }
    }

    /// The status as the API spells it, without making a `UserStatus`.
    pub fn status_api(&self) -> &str {
        match KNOWN.get(usize::from(self.status)) {
            Some(s) => s.as_api(),
            None => self.part(5),
        }
    }

    /// The same row with another status (after a lifecycle write).
    pub fn set_status(&mut self, status: UserStatus) {
        *self = self.with(|f| f.status = status);
    }

    pub fn id(&self) -> &str {
        self.part(0)
    }

    pub fn login(&self) -> &str {
        self.part(1)
    }

    pub fn email(&self) -> &str {
        if self.flags & EMAIL_IS_LOGIN != 0 {
            self.login()
        } else {
            self.part(2)
        }
    }

    /// True when the email is the login itself (the usual Okta setup).
    pub fn email_is_login(&self) -> bool {
        self.flags & EMAIL_IS_LOGIN != 0
    }

    pub fn first_name(&self) -> &str {
        self.part(3)
    }

    pub fn last_name(&self) -> &str {
        self.part(4)
    }

    /// Present only while an async transition runs (e.g. ACTIVE during activation).
    pub fn transitioning_to(&self) -> Option<&str> {
        if self.flags & TRANSITIONING == 0 {
            return None;
        }
        let start: usize = self.lens.iter().map(|&l| usize::from(l)).sum();
        self.text.get(start..)
    }

    pub fn created(&self) -> Option<Millis> {
        self.time(0)
    }

    pub fn last_login(&self) -> Option<Millis> {
        self.time(1)
    }

    pub fn last_updated(&self) -> Option<Millis> {
        self.time(2)
    }

    pub fn status_changed(&self) -> Option<Millis> {
        self.time(3)
    }

    /// The row's fields, open (to change one and build the row again).
    pub fn to_fields(&self) -> UserFields {
        UserFields {
            id: self.id().into(),
            status: self.status(),
            transitioning_to: self.transitioning_to().map(Into::into),
            login: self.login().into(),
            email: self.email().into(),
            first_name: self.first_name().into(),
            last_name: self.last_name().into(),
            created: self.created(),
            last_login: self.last_login(),
            last_updated: self.last_updated(),
            status_changed: self.status_changed(),
        }
    }

    /// The same row with its fields changed by `change`.
    pub fn with(&self, change: impl FnOnce(&mut UserFields)) -> UserRow {
        let mut fields = self.to_fields();
        change(&mut fields);
        fields.into()
    }

    pub fn display_name(&self) -> String {
        let (first, last) = (self.first_name(), self.last_name());
        match (first.is_empty(), last.is_empty()) {
            (false, false) => format!("{first} {last}"),
            (false, true) => first.to_string(),
            (true, false) => last.to_string(),
            (true, true) => String::new(),
        }
    }
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_fields().fmt(f)
    }
}

impl Serialize for UserRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_fields().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> UserFields {
        UserFields {
            id: "00u1".into(),
            status: UserStatus::Active,
            transitioning_to: None,
            login: "ada@example.com".into(),
            email: "ada@example.com".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            created: Some(1),
            last_login: None,
            last_updated: Some(0),
            status_changed: Some(-5),
        }
    }

    #[test]
    fn a_row_gives_back_the_fields_it_was_built_from() {
        let mut other = fields();
        other.email = "ada.l@example.org".into();
        other.transitioning_to = Some("ACTIVE".into());
        other.first_name = "Zoë".into();
        other.status = UserStatus::Other("STATUS_ADDED_LATER".into());
        let blank = UserFields {
            id: "".into(),
            status: UserStatus::Other("".into()),
            transitioning_to: None,
            login: "".into(),
            email: "".into(),
            first_name: "".into(),
            last_name: "".into(),
            created: None,
            last_login: None,
            last_updated: None,
            status_changed: None,
        };
        let mut empty = blank.clone();
        empty.transitioning_to = Some("".into());
        for f in [fields(), other, empty, blank] {
            let row = UserRow::from(f.clone());
            assert_eq!(row.to_fields(), f);
            assert_eq!(row.id(), &*f.id);
            assert_eq!(row.email(), &*f.email);
            assert_eq!(row.transitioning_to(), f.transitioning_to.as_deref());
            assert_eq!(row.created(), f.created);
            assert_eq!(row.status(), f.status);
            assert_eq!(row.status_api(), f.status.as_api());
            assert_eq!(row.last_login(), f.last_login);
        }
    }

    #[test]
    fn an_email_equal_to_the_login_is_kept_once() {
        let row = UserRow::from(fields());
        assert!(row.email_is_login());
        assert_eq!(row.text.len(), "00u1ada@example.comAdaLovelace".len());
        let mut f = fields();
        f.email = "ADA@example.com".into();
        let row = UserRow::from(f);
        assert!(!row.email_is_login(), "case is kept as Okta sent it");
        assert_eq!(row.email(), "ADA@example.com");
    }

    #[test]
    fn a_part_past_its_length_field_is_cut_at_a_char_boundary() {
        let mut f = fields();
        f.first_name = "é".repeat(40_000).into();
        let row = UserRow::from(f);
        assert!(row.first_name().len() <= usize::from(u16::MAX));
        assert!(row.first_name().chars().all(|c| c == 'é'));
        assert_eq!(row.last_name(), "Lovelace");
    }

    #[test]
    fn a_row_serializes_as_its_fields() {
        let row = UserRow::from(fields());
        assert_eq!(
            serde_json::to_value(&row).ok(),
            serde_json::to_value(fields()).ok()
        );
    }
}
