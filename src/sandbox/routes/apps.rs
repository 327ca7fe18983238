//! `/api/v1/apps`: app instances, their user assignments (scope USER or GROUP) and their
//! group assignments.

use axum::Json as Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use serde_json::Value as Json;

use super::paging::{Query, base_url, json_ok};
use super::{Answer, Shared};
use crate::sandbox::apps::app_not_found;
use crate::sandbox::error::ErrorResponse;
use crate::sandbox::store::{self, Store};

/// `filter=user.id eq "…"` or `filter=group.id eq "…"` (the legacy Apps API's filters),
/// or one of the spec's `id`/`name`/`status` equality filters.
fn parse_filter(text: &str) -> Result<(String, String), ErrorResponse> {
    let bad = || ErrorResponse::invalid_search(format!("Invalid filter: {text}"));
    let mut parts = text.splitn(3, ' ');
    let (Some(attr), Some(op), Some(value)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let value = value.trim();
    if op != "eq" || !(value.len() >= 2 && value.starts_with('"') && value.ends_with('"')) {
        return Err(bad());
    }
    let attr = attr.to_owned();
    if !["user.id", "group.id", "id", "name", "status"].contains(&attr.as_str()) {
        return Err(bad());
    }
    Ok((attr, value[1..value.len() - 1].to_owned()))
}

pub(super) async fn list_apps(State(st): State<Shared>, headers: HeaderMap, uri: Uri) -> Answer {
    let base = base_url(&st, &headers);
    let query = Query::parse(&uri);
    let limit = query.limit(20, 200)?;
    let filter = query.get("filter").map(parse_filter).transpose()?;
    let q = query.get("q").map(str::to_lowercase);
    let store = st.read_store();
    let mut items = Vec::new();
    for (i, app) in store.apps.iter().enumerate() {
        let keep = match &filter {
            None => true,
            Some((attr, v)) => match attr.as_str() {
                "user.id" => store
                    .find_user(v)
                    .is_some_and(|u| store.holding(u, i).is_some()),
                "group.id" => store.app_groups(&app.id).iter().any(|g| g == v),
                "id" => app.id == *v,
                "name" => app.name == v.as_str(),
                _ => v == "ACTIVE",
            },
        };
        let q_ok = q.as_deref().is_none_or(|q| {
            app.name.to_lowercase().starts_with(q) || app.label.to_lowercase().starts_with(q)
        });
        if keep && q_ok {
            let mut json = store.app_json(app, &base);
            // `expand=user/{id}` embeds that user's assignment, as the legacy API does.
            if let Some(uid) = query.get("expand").and_then(|e| e.strip_prefix("user/"))
                && let Some(u) = store.find_user(uid)
                && let Some(h) = store.holding(u, i)
            {
                json["_embedded"] =
                    serde_json::json!({"user": store.app_user_json(app, u, &h, &base)});
            }
            items.push(json);
        }
        if items.len() >= limit {
            break;
        }
    }
    Ok(json_ok(Json::Array(items)))
}

fn app_at<'s>(store: &'s Store, id: &str) -> Result<(usize, &'s store::App), ErrorResponse> {
    let i = store.app_index(id)?;
    store
        .apps
        .get(i)
        .map(|a| (i, a))
        .ok_or_else(|| app_not_found(id))
}

pub(super) async fn get_app(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let (_, app) = app_at(&store, &id)?;
    Ok(json_ok(store.app_json(app, &base)))
}

pub(super) async fn app_users(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let (i, app) = app_at(&store, &id)?;
    let items: Vec<Json> = store
        .users
        .values()
        .filter_map(|u| {
            store
                .holding(u, i)
                .map(|h| store.app_user_json(app, u, &h, &base))
        })
        .collect();
    Ok(json_ok(Json::Array(items)))
}

pub(super) async fn get_app_user(
    State(st): State<Shared>,
    Path((id, uid)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let (i, app) = app_at(&store, &id)?;
    let u = store
        .find_user(&uid)
        .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (User)")))?;
    let h = store
        .holding(u, i)
        .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (AppUser)")))?;
    Ok(json_ok(store.app_user_json(app, u, &h, &base)))
}

/// `POST /apps/{id}/users` with `{"id": userId, "scope": "USER", ...}`.
pub(super) async fn assign_user(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Option<Body<Json>>,
) -> Answer {
    let base = base_url(&st, &headers);
    let Some(Body(body)) = body else {
        return Err(ErrorResponse::malformed_body());
    };
    let uid = body
        .get("id")
        .and_then(Json::as_str)
        .ok_or_else(|| {
            ErrorResponse::validation("id", vec!["id: The field cannot be left blank".into()])
        })?
        .to_owned();
    let mut store = st.write_store();
    let uid = store
        .find_user(&uid)
        .map(|u| u.id.clone())
        .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (User)")))?;
    store.assign_app(&id, &uid, store::now_ms())?;
    let (i, app) = app_at(&store, &id)?;
    let u = store.users.get(&uid).ok_or_else(ErrorResponse::internal)?;
    let h = store.holding(u, i).ok_or_else(ErrorResponse::internal)?;
    Ok(json_ok(store.app_user_json(app, u, &h, &base)))
}

pub(super) async fn unassign_user(
    State(st): State<Shared>,
    Path((id, uid)): Path<(String, String)>,
) -> Answer {
    let mut store = st.write_store();
    let uid = store
        .find_user(&uid)
        .map(|u| u.id.clone())
        .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (User)")))?;
    store.unassign_app(&id, &uid, store::now_ms())?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn app_groups(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let (_, app) = app_at(&store, &id)?;
    let items: Vec<Json> = store
        .app_groups(&id)
        .iter()
        .map(|g| store.app_group_json(app, g, &base))
        .collect();
    Ok(json_ok(Json::Array(items)))
}

pub(super) async fn get_app_group(
    State(st): State<Shared>,
    Path((id, gid)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let (_, app) = app_at(&store, &id)?;
    if !store.app_groups(&id).contains(&gid) {
        return Err(ErrorResponse::not_found(&format!(
            "{gid} (ApplicationGroupAssignment)"
        )));
    }
    Ok(json_ok(store.app_group_json(app, &gid, &base)))
}

pub(super) async fn assign_group(
    State(st): State<Shared>,
    Path((id, gid)): Path<(String, String)>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let mut store = st.write_store();
    store.assign_app_group(&id, &gid)?;
    let (_, app) = app_at(&store, &id)?;
    Ok(json_ok(store.app_group_json(app, &gid, &base)))
}

pub(super) async fn unassign_group(
    State(st): State<Shared>,
    Path((id, gid)): Path<(String, String)>,
) -> Answer {
    st.write_store().unassign_app_group(&id, &gid)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /users/{id}/clients/{clientId}/tokens`.
pub(super) async fn revoke_client_tokens(
    State(st): State<Shared>,
    Path((id, client)): Path<(String, String)>,
) -> Answer {
    let mut store = st.write_store();
    let u = store
        .find_user(&id)
        .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (User)")))?;
    let uid = u.id.clone();
    let known = store.grants_of(u).iter().any(|g| {
        crate::sandbox::grants::CLIENTS
            .get(g.client)
            .is_some_and(|c| c.0 == client)
    });
    if !known {
        return Err(ErrorResponse::not_found(&format!(
            "{client} (OAuth2Client)"
        )));
    }
    store.revoke_client_tokens(&uid, &client);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/meta/schemas/user/default`.
pub(super) async fn user_schema(State(st): State<Shared>, headers: HeaderMap) -> Answer {
    let base = base_url(&st, &headers);
    Ok(json_ok(crate::sandbox::schema::schema_json(&base)))
}
