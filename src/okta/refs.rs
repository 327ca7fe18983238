//! Names of what a request is aimed at (a user, a group, an app…) and the paths built from
//! them. They sit below the reads (`apps`, `factors`, `endpoints`) and the writes (`write`),
//! which all aim at the same objects.

use super::models::User;
use super::transport::encode_segment;

pub(crate) const USERS_PATH: &str = "/api/v1/users";
pub(crate) const APPS_PATH: &str = "/api/v1/apps";

/// A user a write is aimed at: the id goes into the request, the login into what people read.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
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
        UserRef::new(user.row.id().to_string(), user.row.login().to_string())
    }
}

/// A group a membership write is aimed at.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
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

/// An app, a role or an OAuth client a write is aimed at: the id goes into the request, the
/// name into what people read.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct ObjectRef {
    pub id: String,
    pub name: String,
}

impl ObjectRef {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        ObjectRef {
            id: id.into(),
            name: name.into(),
        }
    }
}

pub(crate) fn user_path(user_id: &str) -> String {
    format!("{USERS_PATH}/{}", encode_segment(user_id))
}

pub(crate) fn app_path(app_id: &str) -> String {
    format!("{APPS_PATH}/{}", encode_segment(app_id))
}

pub(crate) fn factors_path(user_id: &str) -> String {
    format!("{}/factors", user_path(user_id))
}

pub(crate) fn factor_path(user_id: &str, factor_id: &str) -> String {
    format!("{}/{}", factors_path(user_id), encode_segment(factor_id))
}
