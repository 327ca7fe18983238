//! `/api/v1/users/{id}/factors`: list, catalog, enroll, get and delete a factor.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::Value as Json;

use super::paging::{base_url, json_ok};
use super::users::resolve_user;
use super::{Answer, Shared};
use crate::sandbox::auth::Principal;
use crate::sandbox::error::ErrorResponse;
use crate::sandbox::factors::{Enrollment, catalog_json, factor_json};
use crate::sandbox::store;

pub(super) async fn list_factors(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    let items: Vec<Json> = store
        .factors_of(u)
        .iter()
        .map(|f| factor_json(&u.id, f, &base))
        .collect();
    Ok(json_ok(Json::Array(items)))
}

pub(super) async fn factor_catalog(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    let enrolled = store.factors_of(u);
    Ok(json_ok(Json::Array(catalog_json(&u.id, &enrolled, &base))))
}

pub(super) async fn get_factor(
    State(st): State<Shared>,
    Path((id, fid)): Path<(String, String)>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    store
        .factors_of(u)
        .iter()
        .find(|f| f.id == fid)
        .map(|f| json_ok(factor_json(&u.id, f, &base)))
        .ok_or_else(|| ErrorResponse::not_found(&format!("{fid} (UserFactor)")))
}

pub(super) async fn enroll_factor(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let base = base_url(&st, &headers);
    let body: Json = serde_json::from_slice(&body).map_err(|_| ErrorResponse::malformed_body())?;
    let factor_type = body
        .get("factorType")
        .and_then(Json::as_str)
        .ok_or_else(|| {
            ErrorResponse::validation(
                "factorEnrollRequest",
                vec!["factorType: The field cannot be left blank".into()],
            )
        })?
        .to_owned();
    let req = Enrollment {
        factor_type,
        provider: body
            .get("provider")
            .and_then(Json::as_str)
            .map(str::to_owned),
        profile: body
            .get("profile")
            .and_then(Json::as_object)
            .cloned()
            .unwrap_or_default(),
    };
    let mut store = st.write_store();
    let uid = resolve_user(&store, &id, principal.as_deref())?.id.clone();
    let f = store.enroll_factor(&uid, req, store::now_ms())?;
    Ok(json_ok(factor_json(&uid, &f, &base)))
}

pub(super) async fn delete_factor(
    State(st): State<Shared>,
    Path((id, fid)): Path<(String, String)>,
    principal: Option<axum::Extension<Principal>>,
) -> Answer {
    let mut store = st.write_store();
    let uid = resolve_user(&store, &id, principal.as_deref())?.id.clone();
    store.delete_factor(&uid, &fid, store::now_ms())?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
