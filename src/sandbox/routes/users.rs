//! `/api/v1/users`: list, get, create, delete, lifecycle, sessions, groups, roles, app links.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::IntoResponse;
use serde_json::{Value as Json, json};

use super::dialects::{USER_FILTER, USER_SEARCH};
use super::paging::{Query, base_url, json_ok, page, select_page};
use super::{Answer, Shared};
use crate::sandbox::auth::Principal;
use crate::sandbox::error::ErrorResponse;
use crate::sandbox::shapes;
use crate::sandbox::store::{self, LifecycleOp, LifecycleResult, NewUser, Status, Store, User};

// ---- users ----

pub(super) const USER_PAGE_DEFAULT: usize = 200;
pub(super) const USER_PAGE_MAX: usize = 200;
pub(super) const USER_Q_DEFAULT: usize = 10;

pub(super) async fn list_users(State(st): State<Shared>, headers: HeaderMap, uri: Uri) -> Answer {
    let query = Query::parse(&uri);
    let base = base_url(&st, &headers);
    let store = st.read_store();

    // `q`: a prefix match for people pickers. No paging, no DEPROVISIONED.
    if let Some(q) = query.get("q") {
        let limit = query.limit(USER_Q_DEFAULT, USER_PAGE_MAX)?;
        let q = q.trim().to_lowercase();
        let items = store
            .users
            .values()
            .filter(|u| u.status != Status::Deprovisioned && store::q_matches(u, &q))
            .take(limit)
            .map(|u| shapes::UserView {
                user: u,
                base: &base,
                single: false,
            })
            .collect();
        return Ok(page(items, &base, &uri, &query, Some(limit), None));
    }

    let limit = query.limit(USER_PAGE_DEFAULT, USER_PAGE_MAX)?;
    let (users, next) = select_page(
        &store.users,
        &query,
        [&USER_SEARCH, &USER_FILTER],
        limit,
        |u: &User| u.status != Status::Deprovisioned,
    )?;
    let items = users
        .into_iter()
        .map(|u| shapes::UserView {
            user: u,
            base: &base,
            single: false,
        })
        .collect();
    Ok(page(items, &base, &uri, &query, Some(limit), next))
}

/// Resolves `{id}` of a user path: an id, a login, or `me` (the token's admin).
pub(super) fn resolve_user<'s>(
    store: &'s Store,
    id: &str,
    principal: Option<&Principal>,
) -> Result<&'s User, ErrorResponse> {
    let key = if id == "me" {
        match principal {
            Some(Principal::ApiToken { admin_id }) => admin_id.as_str(),
            _ => return Err(ErrorResponse::not_found("me")),
        }
    } else {
        id
    };
    store
        .find_user(key)
        .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (User)")))
}

pub(super) async fn get_user(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    let mut resp = json_ok(store.user_json(u, &base, true));
    if let Ok(v) = HeaderValue::from_str(&Store::etag(u)) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    Ok(resp)
}

pub(super) async fn create_user(
    State(st): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Answer {
    let query = Query::parse(&uri);
    let base = base_url(&st, &headers);
    let body: Json = serde_json::from_slice(&body).map_err(|_| ErrorResponse::malformed_body())?;
    let Json::Object(body) = body else {
        return Err(ErrorResponse::malformed_body());
    };
    let profile = match body.get("profile") {
        Some(Json::Object(p)) => p.clone(),
        None | Some(Json::Null) => {
            return Err(ErrorResponse::validation(
                "profile",
                vec!["profile: The field cannot be left blank".into()],
            ));
        }
        Some(_) => return Err(ErrorResponse::malformed_body()),
    };
    let credentials = body.get("credentials");
    let password = credentials
        .and_then(|c| c.pointer("/password/value"))
        .and_then(Json::as_str)
        .map(str::to_owned);
    let recovery_question = credentials
        .and_then(|c| c.get("recovery_question"))
        .filter(|rq| rq.is_object())
        .map(|rq| {
            let s = |k: &str| {
                rq.get(k)
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            (s("question"), s("answer"))
        });
    let group_ids = match body.get("groupIds") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(ids)) => ids
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(ErrorResponse::malformed_body)?,
        Some(_) => return Err(ErrorResponse::malformed_body()),
    };
    let new = NewUser {
        profile,
        password,
        recovery_question,
        group_ids,
        activate: query.flag("activate", true),
        expire_password: query
            .get("nextLogin")
            .is_some_and(|v| v == "changePassword"),
    };
    let mut store = st.write_store();
    let id = store.create_user(new, store::now_ms())?;
    let u = store.users.get(&id).ok_or_else(ErrorResponse::internal)?;
    Ok(json_ok(store.user_json(u, &base, true)))
}

pub(super) async fn delete_user(State(st): State<Shared>, Path(id): Path<String>) -> Answer {
    st.write_store().delete_user(&id, store::now_ms())?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn lifecycle(
    State(st): State<Shared>,
    Path((id, op)): Path<(String, String)>,
    headers: HeaderMap,
    uri: Uri,
) -> Answer {
    let op = LifecycleOp::parse(&op).ok_or_else(ErrorResponse::path_not_found)?;
    let query = Query::parse(&uri);
    let base = base_url(&st, &headers);
    let mut store = st.write_store();
    let uid = store
        .find_user(&id)
        .map(|u| u.id.clone())
        .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (User)")))?;
    let result = store.lifecycle(&uid, op, store::now_ms())?;
    // sendEmail defaults differ per operation (NOTES §3.6).
    let send_email = match op {
        LifecycleOp::Activate | LifecycleOp::ResetPassword => query.flag("sendEmail", true),
        _ => query.flag("sendEmail", false),
    };
    Ok(match result {
        LifecycleResult::ActivationToken(token) if !send_email => json_ok(json!({
            "activationUrl": format!("{base}/tokens/{token}/verify"),
            "activationToken": token,
        })),
        LifecycleResult::ResetToken(token) if !send_email => json_ok(json!({
            "resetPasswordUrl": format!("{base}/signin/reset-password/{token}"),
        })),
        LifecycleResult::ActivationToken(_) | LifecycleResult::ResetToken(_) => json_ok(json!({})),
        // Recorded orgs answer every other operation (expire_password included) with `{}`.
        LifecycleResult::Done => json_ok(json!({})),
    })
}

pub(super) async fn clear_sessions(
    State(st): State<Shared>,
    Path(id): Path<String>,
    uri: Uri,
) -> Answer {
    let oauth_tokens = Query::parse(&uri).flag("oauthTokens", false);
    let mut store = st.write_store();
    let uid = resolve_user(&store, &id, None)?.id.clone();
    store.clear_sessions(&uid, oauth_tokens);
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn user_groups(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
    uri: Uri,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    let groups: Vec<Json> = store
        .groups_of(&u.id)
        .map(|g| store.group_json(g, &base, false, false))
        .collect();
    // One page, no `next`: the spec lists no paging parameters for this list.
    Ok(page(groups, &base, &uri, &Query::parse(&uri), None, None))
}

pub(super) async fn user_app_links(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    Ok(json_ok(Json::Array(store.app_links_json(u, &base))))
}
