//! `/api/v1/groups/rules`: list, create, get, replace, delete, activate, deactivate.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use serde_json::Value as Json;

use super::paging::{Query, base_url, json_ok, page};
use super::{Answer, Shared};
use crate::sandbox::error::ErrorResponse;
use crate::sandbox::rules::RuleRequest;
use crate::sandbox::store;

const RULES_DEFAULT: usize = 50;
const RULES_MAX: usize = 200;

fn rule_request(body: &Bytes) -> Result<RuleRequest, ErrorResponse> {
    let body: Json = serde_json::from_slice(body).map_err(|_| ErrorResponse::malformed_body())?;
    if !body.is_object() {
        return Err(ErrorResponse::malformed_body());
    }
    let strings = |pointer: &str| -> Vec<String> {
        body.pointer(pointer)
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Json::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    if body
        .get("type")
        .and_then(Json::as_str)
        .is_some_and(|t| t != "group_rule")
    {
        return Err(ErrorResponse::validation(
            "type",
            vec!["type: Only 'group_rule' is allowed".into()],
        ));
    }
    Ok(RuleRequest {
        name: body
            .get("name")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned(),
        expression: body
            .pointer("/conditions/expression/value")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned(),
        excluded_users: strings("/conditions/people/users/exclude"),
        group_ids: strings("/actions/assignUserToGroups/groupIds"),
    })
}

fn expands_names(query: &Query) -> bool {
    query
        .get("expand")
        .is_some_and(|e| e.split(',').any(|p| p.trim() == "groupIdToGroupNameMap"))
}

pub(super) async fn list_rules(State(st): State<Shared>, headers: HeaderMap, uri: Uri) -> Answer {
    let query = Query::parse(&uri);
    let base = base_url(&st, &headers);
    let limit = query.limit(RULES_DEFAULT, RULES_MAX)?;
    let search = query.get("search").map(str::to_lowercase);
    let store = st.read_store();
    let after = query.get("after");
    let mut kept = store
        .rules
        .values()
        .filter(|r| after.is_none_or(|a| r.id.as_str() > a))
        .filter(|r| {
            search
                .as_deref()
                .is_none_or(|s| r.name.to_lowercase().contains(s))
        });
    let items: Vec<_> = kept.by_ref().take(limit).collect();
    let next = kept.next().and(items.last().map(|r| r.id.clone()));
    let expand = expands_names(&query);
    let items: Vec<Json> = items.iter().map(|r| store.rule_json(r, expand)).collect();
    Ok(page(items, &base, &uri, &query, Some(limit), next))
}

pub(super) async fn create_rule(State(st): State<Shared>, body: Bytes) -> Answer {
    let req = rule_request(&body)?;
    let mut store = st.write_store();
    let id = store.create_rule(req, store::now_ms())?;
    let r = store.rules.get(&id).ok_or_else(ErrorResponse::internal)?;
    Ok(json_ok(store.rule_json(r, false)))
}

pub(super) async fn get_rule(State(st): State<Shared>, Path(id): Path<String>, uri: Uri) -> Answer {
    let store = st.read_store();
    let r = store
        .rules
        .get(&id)
        .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (GroupRule)")))?;
    Ok(json_ok(
        store.rule_json(r, expands_names(&Query::parse(&uri))),
    ))
}

pub(super) async fn replace_rule(
    State(st): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Answer {
    let req = rule_request(&body)?;
    let mut store = st.write_store();
    store.replace_rule(&id, req, store::now_ms())?;
    let r = store.rules.get(&id).ok_or_else(ErrorResponse::internal)?;
    Ok(json_ok(store.rule_json(r, false)))
}

pub(super) async fn delete_rule(
    State(st): State<Shared>,
    Path(id): Path<String>,
    uri: Uri,
) -> Answer {
    let remove_users = Query::parse(&uri).flag("removeUsers", false);
    st.write_store()
        .delete_rule(&id, remove_users, store::now_ms())?;
    Ok(StatusCode::ACCEPTED.into_response())
}

pub(super) async fn activate_rule(State(st): State<Shared>, Path(id): Path<String>) -> Answer {
    st.write_store()
        .set_rule_active(&id, true, store::now_ms())?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn deactivate_rule(State(st): State<Shared>, Path(id): Path<String>) -> Answer {
    st.write_store()
        .set_rule_active(&id, false, store::now_ms())?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
