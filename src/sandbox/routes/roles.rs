//! `/users/{id}/roles` and `/groups/{id}/roles`: list, assign, get, unassign, and targets.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use serde_json::Value as Json;

use super::paging::{base_url, json_ok};
use super::{Answer, Shared};
use crate::sandbox::error::ErrorResponse;
use crate::sandbox::roles::Holder;
use crate::sandbox::store;

fn role_type(body: &Bytes) -> Result<String, ErrorResponse> {
    let body: Json = serde_json::from_slice(body).map_err(|_| ErrorResponse::malformed_body())?;
    body.get("type")
        .and_then(Json::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            ErrorResponse::validation("type", vec!["type: The field cannot be left blank".into()])
        })
}

/// The user or group the path names.
fn holder<'a>(uri: &Uri, id: &'a str) -> Holder<'a> {
    if uri.path().starts_with("/api/v1/groups/") {
        Holder::Group(id)
    } else {
        Holder::User(id)
    }
}

/// `GET /users/{id}/roles` (own and through groups) or `GET /groups/{id}/roles`.
pub(super) async fn list_roles(
    State(st): State<Shared>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let h = holder(&uri, &id);
    let items: Vec<Json> = match h {
        Holder::User(uid) => {
            // The spec takes a user id here, not a login.
            if !store.users.contains_key(uid) {
                return Err(ErrorResponse::not_found(&format!("{uid} (User)")));
            }
            store
                .effective_roles(uid)
                .iter()
                .map(|(r, via)| match via {
                    Some(gid) => store.assignment_json(r, Holder::Group(gid), &base),
                    None => store.assignment_json(r, h, &base),
                })
                .collect()
        }
        Holder::Group(gid) => {
            if !store.groups.contains_key(gid) {
                return Err(ErrorResponse::not_found(&format!("{gid} (UserGroup)")));
            }
            store
                .effective_group_roles(gid)
                .iter()
                .map(|r| store.assignment_json(r, h, &base))
                .collect()
        }
    };
    Ok(json_ok(Json::Array(items)))
}

pub(super) async fn assign_role(
    State(st): State<Shared>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let base = base_url(&st, &headers);
    let role_type = role_type(&body)?;
    let mut store = st.write_store();
    let h = holder(&uri, &id);
    let r = store.assign_role(h, &role_type, store::now_ms())?;
    let mut resp = json_ok(store.assignment_json(&r, h, &base));
    *resp.status_mut() = StatusCode::CREATED;
    Ok(resp)
}

pub(super) async fn get_role(
    State(st): State<Shared>,
    Path((id, rid)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let h = holder(&uri, &id);
    let r = store.role_of(h, &rid)?;
    Ok(json_ok(store.assignment_json(&r, h, &base)))
}

pub(super) async fn unassign_role(
    State(st): State<Shared>,
    Path((id, rid)): Path<(String, String)>,
    uri: Uri,
) -> Answer {
    st.write_store().unassign_role(holder(&uri, &id), &rid)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn group_targets(
    State(st): State<Shared>,
    Path((id, rid)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    store.role_of(holder(&uri, &id), &rid)?;
    let targets = store.targets(&rid);
    let items: Vec<Json> = targets
        .groups
        .iter()
        .filter_map(|g| store.groups.get(g))
        .map(|g| store.group_json(g, &base, false, false))
        .collect();
    Ok(json_ok(Json::Array(items)))
}

pub(super) async fn add_group_target(
    State(st): State<Shared>,
    Path((id, rid, gid)): Path<(String, String, String)>,
    uri: Uri,
) -> Answer {
    st.write_store()
        .set_group_target(holder(&uri, &id), &rid, &gid, true)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn remove_group_target(
    State(st): State<Shared>,
    Path((id, rid, gid)): Path<(String, String, String)>,
    uri: Uri,
) -> Answer {
    st.write_store()
        .set_group_target(holder(&uri, &id), &rid, &gid, false)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn app_targets(
    State(st): State<Shared>,
    Path((id, rid)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    store.role_of(holder(&uri, &id), &rid)?;
    Ok(json_ok(Json::Array(store.app_targets_json(&rid, &base))))
}

pub(super) async fn add_app_target(
    State(st): State<Shared>,
    Path((id, rid, app)): Path<(String, String, String)>,
    uri: Uri,
) -> Answer {
    st.write_store()
        .set_app_target(holder(&uri, &id), &rid, &app, true)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn remove_app_target(
    State(st): State<Shared>,
    Path((id, rid, app)): Path<(String, String, String)>,
    uri: Uri,
) -> Answer {
    st.write_store()
        .set_app_target(holder(&uri, &id), &rid, &app, false)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
