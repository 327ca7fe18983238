//! `/api/v1/groups`: list, get, members and membership changes.

use std::ops::Bound;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;

use super::dialects::{GROUP_FILTER, GROUP_SEARCH};
use super::paging::{Query, base_url, json_ok, page, select_page};
use super::{Answer, Shared};
use crate::sandbox::error::ErrorResponse;
use crate::sandbox::shapes;
use crate::sandbox::store::{self, GroupType, Store};

// ---- groups ----

pub(super) const GROUP_PAGE_DEFAULT: usize = 200;
pub(super) const GROUP_PAGE_MAX: usize = 10_000;
pub(super) const GROUP_Q_DEFAULT: usize = 300;
pub(super) const MEMBERS_DEFAULT: usize = 1000;
pub(super) const MEMBERS_MAX: usize = 10_000;

pub(super) async fn list_groups(State(st): State<Shared>, headers: HeaderMap, uri: Uri) -> Answer {
    let query = Query::parse(&uri);
    let base = base_url(&st, &headers);
    let (stats, app) = query.expand();
    let store = st.read_store();

    if let Some(q) = query.get("q") {
        // A name prefix match, exact matches first; not pageable.
        let limit = query.limit(GROUP_Q_DEFAULT, GROUP_PAGE_MAX)?;
        let q = q.trim().to_lowercase();
        let mut hits: Vec<_> = store
            .groups
            .values()
            .filter(|g| g.name().to_lowercase().starts_with(&q))
            .collect();
        hits.sort_by_key(|g| g.name().to_lowercase() != q);
        let items = hits
            .into_iter()
            .take(limit)
            .map(|g| store.group_json(g, &base, stats, app))
            .collect();
        return Ok(page(items, &base, &uri, &query, Some(limit), None));
    }

    let limit = query.limit(GROUP_PAGE_DEFAULT, GROUP_PAGE_MAX)?;
    let (groups, next) = select_page(
        &store.groups,
        &query,
        [&GROUP_SEARCH, &GROUP_FILTER],
        limit,
        |_| true,
    )?;
    let items = groups
        .into_iter()
        .map(|g| store.group_json(g, &base, stats, app))
        .collect();
    Ok(page(items, &base, &uri, &query, Some(limit), next))
}

pub(super) async fn get_group(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Answer {
    let query = Query::parse(&uri);
    let (stats, app) = query.expand();
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let g = store
        .groups
        .get(&id)
        .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (UserGroup)")))?;
    Ok(json_ok(store.group_json(g, &base, stats, app)))
}

pub(super) async fn group_members(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Answer {
    let query = Query::parse(&uri);
    let base = base_url(&st, &headers);
    let limit = query.limit(MEMBERS_DEFAULT, MEMBERS_MAX)?;
    let store = st.read_store();
    let members = store
        .members(&id)
        .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (UserGroup)")))?;
    let start = query.get("after").map_or(Bound::Unbounded, Bound::Excluded);
    let mut ids = members.range::<str, _>((start, Bound::Unbounded));
    let page_ids: Vec<&String> = ids.by_ref().take(limit).collect();
    let next = if ids.next().is_some() {
        page_ids.last().map(|s| (*s).clone())
    } else {
        None
    };
    let items = page_ids
        .into_iter()
        .filter_map(|uid| store.users.get(uid))
        .map(|u| shapes::UserView {
            user: u,
            base: &base,
            single: false,
        })
        .collect();
    Ok(page(items, &base, &uri, &query, Some(limit), next))
}

/// Checks both ids and that the group's membership is editable (OKTA_GROUP only).
pub(super) fn membership_target(store: &Store, gid: &str, uid: &str) -> Result<(), ErrorResponse> {
    let g = store
        .groups
        .get(gid)
        .ok_or_else(|| ErrorResponse::not_found(&format!("{gid} (UserGroup)")))?;
    if !store.users.contains_key(uid) {
        return Err(ErrorResponse::not_found(&format!("{uid} (User)")));
    }
    if g.kind != GroupType::OktaGroup {
        return Err(ErrorResponse::access_denied());
    }
    Ok(())
}

pub(super) async fn add_member(
    State(st): State<Shared>,
    Path((gid, uid)): Path<(String, String)>,
) -> Answer {
    let mut store = st.write_store();
    membership_target(&store, &gid, &uid)?;
    if store.add_member(&gid, &uid)
        && let Some(g) = store.groups.get_mut(&gid)
    {
        g.last_membership_updated = store::now_ms();
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn remove_member(
    State(st): State<Shared>,
    Path((gid, uid)): Path<(String, String)>,
) -> Answer {
    let mut store = st.write_store();
    membership_target(&store, &gid, &uid)?;
    if store.remove_member(&gid, &uid)
        && let Some(g) = store.groups.get_mut(&gid)
    {
        g.last_membership_updated = store::now_ms();
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
