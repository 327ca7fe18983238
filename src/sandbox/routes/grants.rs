//! `/users/{id}/grants` (list, get, revoke one or all) and `/users/{id}/clients`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use serde_json::Value as Json;

use super::paging::{Query, base_url, json_ok};
use super::users::resolve_user;
use super::{Answer, Shared};
use crate::sandbox::auth::Principal;
use crate::sandbox::error::ErrorResponse;
use crate::sandbox::grants::{clients_json, grant_json, scope_id};

pub(super) async fn list_grants(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
    uri: Uri,
) -> Answer {
    let query = Query::parse(&uri);
    let base = base_url(&st, &headers);
    let expand = query.get("expand").is_some_and(|e| e.contains("scope"));
    let scope = query.get("scopeId");
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    let items: Vec<Json> = store
        .grants_of(u)
        .iter()
        .filter(|g| scope.is_none_or(|s| scope_id(g.scope) == s))
        .map(|g| grant_json(&u.id, g, &base, expand))
        .collect();
    Ok(json_ok(Json::Array(items)))
}

pub(super) async fn get_grant(
    State(st): State<Shared>,
    Path((id, gid)): Path<(String, String)>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
    uri: Uri,
) -> Answer {
    let base = base_url(&st, &headers);
    let expand = Query::parse(&uri)
        .get("expand")
        .is_some_and(|e| e.contains("scope"));
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    store
        .grants_of(u)
        .iter()
        .find(|g| g.id == gid)
        .map(|g| json_ok(grant_json(&u.id, g, &base, expand)))
        .ok_or_else(|| ErrorResponse::not_found(&format!("{gid} (OAuth2ScopeConsentGrant)")))
}

pub(super) async fn revoke_grants(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
) -> Answer {
    let mut store = st.write_store();
    let uid = resolve_user(&store, &id, principal.as_deref())?.id.clone();
    store.revoke_grants(&uid, None)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn revoke_grant(
    State(st): State<Shared>,
    Path((id, gid)): Path<(String, String)>,
    principal: Option<axum::Extension<Principal>>,
) -> Answer {
    let mut store = st.write_store();
    let uid = resolve_user(&store, &id, principal.as_deref())?.id.clone();
    store.revoke_grants(&uid, Some(&gid))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn list_clients(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    let grants = store.grants_of(u);
    Ok(json_ok(Json::Array(clients_json(&u.id, &grants, &base))))
}
