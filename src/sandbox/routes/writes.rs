//! Writes to users and groups beyond create: `POST /users/{id}` (partial update),
//! `PUT /users/{id}` (replace), and `POST /groups`, `PUT /groups/{id}`, `DELETE /groups/{id}`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use serde_json::{Map, Value as Json};

use super::paging::{base_url, json_ok};
use super::{Answer, Shared};
use crate::sandbox::error::ErrorResponse;
use crate::sandbox::profile::UserUpdate;
use crate::sandbox::store::{self, Store};

fn object(body: &Bytes) -> Result<Map<String, Json>, ErrorResponse> {
    match serde_json::from_slice(body) {
        Ok(Json::Object(m)) => Ok(m),
        _ => Err(ErrorResponse::malformed_body()),
    }
}

fn user_update(body: &Map<String, Json>, replace: bool) -> Result<UserUpdate, ErrorResponse> {
    let profile = match body.get("profile") {
        None | Some(Json::Null) => None,
        Some(Json::Object(p)) => Some(p.clone()),
        Some(_) => return Err(ErrorResponse::malformed_body()),
    };
    if replace && profile.is_none() {
        return Err(ErrorResponse::validation(
            "profile",
            vec!["profile: The field cannot be left blank".into()],
        ));
    }
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
    Ok(UserUpdate {
        profile,
        password,
        recovery_question,
        replace,
    })
}

async fn update(st: Shared, id: String, headers: HeaderMap, body: Bytes, replace: bool) -> Answer {
    let base = base_url(&st, &headers);
    let update = user_update(&object(&body)?, replace)?;
    let mut store = st.write_store();
    let uid = store
        .find_user(&id)
        .map(|u| u.id.clone())
        .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (User)")))?;
    store.update_user(&uid, update, store::now_ms())?;
    let u = store.users.get(&uid).ok_or_else(ErrorResponse::internal)?;
    let mut resp = json_ok(store.user_json(u, &base, true));
    if let Ok(v) = HeaderValue::from_str(&Store::etag(u)) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    Ok(resp)
}

pub(super) async fn update_user(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    update(st, id, headers, body, false).await
}

pub(super) async fn replace_user(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    update(st, id, headers, body, true).await
}

fn group_profile(body: &Bytes) -> Result<Map<String, Json>, ErrorResponse> {
    match object(body)?.remove("profile") {
        Some(Json::Object(p)) => Ok(p),
        None | Some(Json::Null) => Err(ErrorResponse::validation(
            "profile",
            vec!["profile: The field cannot be left blank".into()],
        )),
        Some(_) => Err(ErrorResponse::malformed_body()),
    }
}

pub(super) async fn create_group(
    State(st): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let base = base_url(&st, &headers);
    let profile = group_profile(&body)?;
    let mut store = st.write_store();
    let id = store.create_group(profile, store::now_ms())?;
    let g = store.groups.get(&id).ok_or_else(ErrorResponse::internal)?;
    Ok(json_ok(store.group_json(g, &base, false, false)))
}

pub(super) async fn replace_group(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let base = base_url(&st, &headers);
    let profile = group_profile(&body)?;
    let mut store = st.write_store();
    store.replace_group(&id, profile, store::now_ms())?;
    let g = store.groups.get(&id).ok_or_else(ErrorResponse::internal)?;
    Ok(json_ok(store.group_json(g, &base, false, false)))
}

pub(super) async fn delete_group(State(st): State<Shared>, Path(id): Path<String>) -> Answer {
    st.write_store().delete_group(&id, store::now_ms())?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
