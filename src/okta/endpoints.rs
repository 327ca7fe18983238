//! The typed endpoints: users, their groups, roles and apps, groups and members, and the
//! writes (`Write`), each with the plan `--dry-run` prints. All of them go through the one
//! request path in `client.rs`.

use reqwest::Method;
use serde_json::Value;

use super::client::{Client, Credential, Fetched, PlannedRequest, check_id, new_request_id};
use super::error::OktaError;
use super::lifecycle::{LifecycleOp, LifecycleOutcome};
use super::models::*;
use super::paging::Pages;
use super::query::{GroupQuery, UserQuery};
use super::response::ApiResponse;
use super::sanitize::{clean, clean_value};
use super::transport::encode_segment;
use super::user_row::UserRow;
use super::write::{GroupRef, UserRef, Write, Written, user_path};

impl Client {
    // ---- users
    pub fn list_users(&self, query: UserQuery) -> Pages<UserRow> {
        self.pages(USERS_PATH, &query.to_params(), user_rows_from_slice)
    }

    /// `list_users` keeping each user whole (profile, custom attributes): several times the
    /// memory of a row, so only for callers that print and drop each page.
    pub fn list_users_full(&self, query: UserQuery) -> Pages<User> {
        self.pages(USERS_PATH, &query.to_params(), users_from_slice)
    }

    /// What `list_users` would send.
    pub fn plan_list_users(&self, query: &UserQuery) -> PlannedRequest {
        self.plan(Method::GET, USERS_PATH, &query.to_params(), None)
    }

    /// By id or login.
    pub async fn get_user(&self, id_or_login: &str) -> Result<Fetched<User>, OktaError> {
        check_id(id_or_login)?;
        self.get_user_at(&user_path(id_or_login)).await
    }

    /// What `get_user` would send.
    pub fn plan_get_user(&self, id_or_login: &str) -> PlannedRequest {
        self.plan(Method::GET, &user_path(id_or_login), &[], None)
    }

    pub async fn me(&self) -> Result<Fetched<User>, OktaError> {
        self.get_user_at("/api/v1/users/me").await
    }

    /// What a write would send, for `--dry-run` (passwords and answers masked).
    pub fn plan_write(&self, w: &Write) -> PlannedRequest {
        let r = w.request(false);
        self.plan(r.method, &r.path, &r.query, r.body)
    }

    /// Sends one write through the request path, tagged with `request_id` (sent as
    /// `X-Request-Id`, so the caller can record it before the request leaves).
    pub async fn write(&self, w: &Write, request_id: &str) -> Result<Fetched<Written>, OktaError> {
        for id in w.ids() {
            check_id(id)?;
        }
        let r = w.request(true);
        let url = self.url_for(&r.path, &r.query)?;
        let raw = self
            .execute(
                r.method,
                url,
                r.body.as_ref(),
                Credential::Send,
                Some(request_id),
            )
            .await?;
        raw.ensure_success()?;
        let body = raw.json()?;
        Ok(Fetched {
            value: w.read_answer(&body),
            response: raw.to_api_response(body),
        })
    }

    /// `write` with a fresh request id, for callers that keep no journal.
    async fn write_untracked(&self, w: Write) -> Result<Fetched<Written>, OktaError> {
        self.write(&w, &new_request_id()).await
    }

    pub async fn create_user(&self, new_user: &NewUser) -> Result<Fetched<User>, OktaError> {
        let done = self
            .write_untracked(Write::Create(new_user.clone()))
            .await?;
        let value = user_from_response(&done.response)?;
        Ok(Fetched {
            value,
            response: done.response,
        })
    }

    pub async fn lifecycle(
        &self,
        user_id: &str,
        op: &LifecycleOp,
    ) -> Result<Fetched<LifecycleOutcome>, OktaError> {
        let w = Write::Lifecycle {
            user: UserRef::id(user_id),
            op: op.clone(),
        };
        let done = self.write_untracked(w).await?;
        Ok(Fetched {
            value: LifecycleOutcome {
                activation_url: done.value.activation_url,
                reset_password_url: done.value.reset_password_url,
                user: done.value.user,
            },
            response: done.response,
        })
    }

    /// Okta's two-step delete: on a non-DEPROVISIONED user the first call deactivates.
    pub async fn delete_user(
        &self,
        user_id: &str,
        send_email: bool,
    ) -> Result<ApiResponse, OktaError> {
        let w = Write::Delete {
            user: UserRef::id(user_id),
            deprovisioned: false,
            send_email,
        };
        Ok(self.write_untracked(w).await?.response)
    }

    pub async fn clear_sessions(
        &self,
        user_id: &str,
        oauth_tokens: bool,
    ) -> Result<ApiResponse, OktaError> {
        let w = Write::ClearSessions {
            user: UserRef::id(user_id),
            oauth_tokens,
        };
        Ok(self.write_untracked(w).await?.response)
    }

    pub async fn user_groups(&self, user_id: &str) -> Result<Fetched<Vec<Group>>, OktaError> {
        check_id(user_id)?;
        self.get_all(
            &user_sub_path(user_id, UserSub::Groups),
            &[],
            groups_from_slice,
        )
        .await
    }

    pub async fn user_roles(&self, user_id: &str) -> Result<Fetched<Vec<Role>>, OktaError> {
        check_id(user_id)?;
        self.get_all(
            &user_sub_path(user_id, UserSub::Roles),
            &[],
            roles_from_slice,
        )
        .await
    }

    pub async fn user_app_links(&self, user_id: &str) -> Result<Fetched<Vec<AppLink>>, OktaError> {
        check_id(user_id)?;
        let path = user_sub_path(user_id, UserSub::AppLinks);
        self.get_all(&path, &[], app_links_from_slice).await
    }

    /// What `user_groups`, `user_roles` or `user_app_links` would send (first page).
    pub fn plan_user_sub(&self, user_id: &str, sub: UserSub) -> PlannedRequest {
        self.plan(Method::GET, &user_sub_path(user_id, sub), &[], None)
    }

    // ---- groups
    /// Always asks for `expand=stats` so member counts come along.
    pub fn list_groups(&self, query: GroupQuery) -> Pages<Group> {
        self.pages(GROUPS_PATH, &query.to_params(), groups_from_slice)
    }

    /// What `list_groups` would send.
    pub fn plan_list_groups(&self, query: &GroupQuery) -> PlannedRequest {
        self.plan(Method::GET, GROUPS_PATH, &query.to_params(), None)
    }

    pub async fn get_group(&self, group_id: &str) -> Result<Fetched<Group>, OktaError> {
        check_id(group_id)?;
        let path = format!("{GROUPS_PATH}/{}", encode_segment(group_id));
        // The spec's getGroup has no `expand`; member counts come from the list.
        let url = self.url_for(&path, &[])?;
        let raw = self.execute_get(url).await?;
        raw.ensure_success()?;
        let value = group_from_slice(&raw.body).map_err(|e| raw.decode_error(&e))?;
        let body = raw.json()?;
        Ok(Fetched {
            value,
            response: raw.to_api_response(body),
        })
    }

    /// `limit=200`.
    pub fn group_members(&self, group_id: &str) -> Pages<UserRow> {
        self.group_members_paged(group_id, MAX_MEMBERS_PAGE)
    }

    /// `group_members` with `limit` members a page (at most 200).
    pub fn group_members_paged(&self, group_id: &str, limit: u32) -> Pages<UserRow> {
        match check_id(group_id) {
            Ok(()) => {
                let call = group_members_call(group_id, limit);
                self.pages(&call.path, &call.query, user_rows_from_slice)
            }
            Err(e) => Pages::failed(e, user_rows_from_slice),
        }
    }

    /// What `group_members` would send (first page).
    pub fn plan_group_members(&self, group_id: &str, limit: u32) -> PlannedRequest {
        self.plan_call(group_members_call(group_id, limit))
    }

    pub async fn add_member(
        &self,
        group_id: &str,
        user_id: &str,
    ) -> Result<ApiResponse, OktaError> {
        let w = Write::AddMember {
            group: GroupRef::new(group_id, ""),
            user: UserRef::id(user_id),
        };
        Ok(self.write_untracked(w).await?.response)
    }

    pub async fn remove_member(
        &self,
        group_id: &str,
        user_id: &str,
    ) -> Result<ApiResponse, OktaError> {
        let w = Write::RemoveMember {
            group: GroupRef::new(group_id, ""),
            user: UserRef::id(user_id),
        };
        Ok(self.write_untracked(w).await?.response)
    }
}

// ---- internals
impl Client {
    fn plan_call(&self, call: Call) -> PlannedRequest {
        self.plan(call.method, &call.path, &call.query, None)
    }

    async fn get_user_at(&self, path: &str) -> Result<Fetched<User>, OktaError> {
        let response = self.send(Method::GET, path, &[], None).await?;
        let value = user_from_response(&response)?;
        Ok(Fetched { value, response })
    }
}

const USERS_PATH: &str = "/api/v1/users";
const GROUPS_PATH: &str = "/api/v1/groups";

/// The lists under one user that the console and CLI show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserSub {
    Groups,
    Roles,
    AppLinks,
}

/// One body-less request as method, path and query. The real call and its `plan_*` twin
/// build it with the same function, so a dry run shows exactly what would be sent.
struct Call {
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
}

fn user_sub_path(user_id: &str, sub: UserSub) -> String {
    let sub = match sub {
        UserSub::Groups => "groups",
        UserSub::Roles => "roles",
        UserSub::AppLinks => "appLinks",
    };
    format!("{}/{sub}", user_path(user_id))
}

/// Okta's largest page of group members.
const MAX_MEMBERS_PAGE: u32 = 200;

fn group_members_call(group_id: &str, limit: u32) -> Call {
    Call {
        method: Method::GET,
        path: format!("{GROUPS_PATH}/{}/users", encode_segment(group_id)),
        query: vec![("limit", limit.clamp(1, MAX_MEMBERS_PAGE).to_string())],
    }
}

fn user_from_response(response: &ApiResponse) -> Result<User, OktaError> {
    if !response.body.is_object() {
        return Err(OktaError::Decode("expected a user object".into()));
    }
    User::from_value(response.body.clone()).map_err(|e| OktaError::Decode(clean(&e.to_string())))
}

fn cleaned_from_slice<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<Vec<T>, serde_json::Error> {
    let mut v: Value = serde_json::from_slice(body)?;
    clean_value(&mut v);
    serde_json::from_value(v)
}

fn roles_from_slice(body: &[u8]) -> Result<Vec<Role>, serde_json::Error> {
    cleaned_from_slice(body)
}

fn app_links_from_slice(body: &[u8]) -> Result<Vec<AppLink>, serde_json::Error> {
    cleaned_from_slice(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::{Auth, ClientConfig};

    fn client(read_only: bool) -> Client {
        let mut c = ClientConfig::new("https://acme.okta.com", Auth::ssws("t0k3n"));
        c.read_only = read_only;
        Client::new(c).unwrap()
    }

    #[test]
    fn plan_create_user_masks_secrets() {
        let c = client(false);
        let nu = NewUser {
            login: "a@b.c".into(),
            email: "a@b.c".into(),
            first_name: "A".into(),
            last_name: "B".into(),
            password: Some("Sup3rSecret!".to_owned().into()),
            recovery_question: Some("Q?".into()),
            recovery_answer: Some("answer42".to_owned().into()),
            group_ids: vec!["00g1".into()],
            activate: false,
        };
        let p = c.plan_write(&Write::Create(nu.clone()));
        let text = serde_json::to_string(&p).unwrap();
        assert!(
            !text.contains("Sup3rSecret") && !text.contains("answer42"),
            "{text}"
        );
        assert_eq!(p.url, "https://acme.okta.com/api/v1/users?activate=false");
        let real = Write::Create(nu).request(true).body.unwrap();
        assert_eq!(real["credentials"]["password"]["value"], "Sup3rSecret!");
        assert_eq!(
            real["credentials"]["recovery_question"]["answer"],
            "answer42"
        );
        assert_eq!(real["groupIds"], serde_json::json!(["00g1"]));
    }

    #[test]
    fn ids_are_one_segment() {
        assert_eq!(user_path("a/b"), "/api/v1/users/a%2Fb");
        assert!(check_id("a/b").is_ok());
        assert!(check_id("..").is_err());
        assert!(check_id(" ").is_err());
        let add = Write::AddMember {
            group: GroupRef::new("00g1", "Eng"),
            user: UserRef::id("00u/1"),
        };
        assert_eq!(add.request(true).path, "/api/v1/groups/00g1/users/00u%2F1");
    }

    #[test]
    fn plans_use_the_real_paths() {
        let c = client(false);
        let p = c.plan_user_sub("a/b@x.com", UserSub::Groups);
        assert_eq!(p.method, "GET");
        assert_eq!(
            p.url,
            "https://acme.okta.com/api/v1/users/a%2Fb%40x.com/groups"
        );
        let p = c.plan_user_sub("00u1", UserSub::AppLinks);
        assert!(p.url.ends_with("/api/v1/users/00u1/appLinks"), "{}", p.url);
        let p = c.plan_write(&Write::Delete {
            user: UserRef::id("00u1"),
            deprovisioned: false,
            send_email: true,
        });
        assert_eq!(p.method, "DELETE");
        assert_eq!(
            p.url,
            "https://acme.okta.com/api/v1/users/00u1?sendEmail=true"
        );
        let p = c.plan_write(&Write::ClearSessions {
            user: UserRef::id("00u1"),
            oauth_tokens: false,
        });
        assert_eq!(p.method, "DELETE");
        assert!(
            p.url
                .ends_with("/api/v1/users/00u1/sessions?oauthTokens=false"),
            "{}",
            p.url
        );
        let member = |add| {
            let (group, user) = (GroupRef::new("00g1", "Eng"), UserRef::id("00u1"));
            c.plan_write(&if add {
                Write::AddMember { group, user }
            } else {
                Write::RemoveMember { group, user }
            })
        };
        let p = member(true);
        assert_eq!(
            (p.method.as_str(), p.url.as_str()),
            ("PUT", "https://acme.okta.com/api/v1/groups/00g1/users/00u1")
        );
        assert_eq!(member(false).method, "DELETE");
        let p = c.plan_group_members("00g1", 200);
        assert!(
            p.url.ends_with("/api/v1/groups/00g1/users?limit=200"),
            "{}",
            p.url
        );
        assert!(c.plan_get_user("me").url.ends_with("/api/v1/users/me"));
    }

    #[tokio::test]
    async fn read_only_refuses_writes_before_sending() {
        // The host does not exist: a request that got sent would fail with a network error.
        let mut cfg = ClientConfig::new("https://nothing.invalid", Auth::ssws("x"));
        cfg.read_only = true;
        let c = Client::new(cfg).unwrap();
        for res in [
            c.lifecycle("00u1", &LifecycleOp::Suspend).await.map(|_| ()),
            c.delete_user("00u1", false).await.map(|_| ()),
            c.add_member("00g1", "00u1").await.map(|_| ()),
            c.remove_member("00g1", "00u1").await.map(|_| ()),
            c.clear_sessions("00u1", false).await.map(|_| ()),
            c.create_user(&NewUser::default()).await.map(|_| ()),
        ] {
            assert!(matches!(res, Err(OktaError::ReadOnly { .. })), "{res:?}");
        }
    }
}
