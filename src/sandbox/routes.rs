//! The Okta paths the console uses, with Okta's parameters, status codes, bodies and `Link`
//! pagination (one header line per rel, cursors taken from the previous page).

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::{Value as Json, json};

use super::auth::{Principal, authorize};
use super::error::ErrorResponse;
use super::expr::{self, Dialect, Expr, Op, Subject};
use super::shapes;
use super::state::SandboxState;
use super::store::{self, GroupType, LifecycleOp, LifecycleResult, NewUser, Status, Store, User};

type Shared = Arc<SandboxState>;
type Answer = Result<Response, ErrorResponse>;

pub(crate) fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/api/v1/users", get(list_users).post(create_user))
        .route("/api/v1/users/{id}", get(get_user).delete(delete_user))
        .route("/api/v1/users/{id}/lifecycle/{op}", post(lifecycle))
        .route(
            "/api/v1/users/{id}/sessions",
            axum::routing::delete(clear_sessions),
        )
        .route("/api/v1/users/{id}/groups", get(user_groups))
        .route("/api/v1/users/{id}/roles", get(user_roles))
        .route("/api/v1/users/{id}/appLinks", get(user_app_links))
        .route("/api/v1/groups", get(list_groups))
        .route("/api/v1/groups/{id}", get(get_group))
        .route("/api/v1/groups/{id}/users", get(group_members))
        .route(
            "/api/v1/groups/{gid}/users/{uid}",
            put(add_member).delete(remove_member),
        )
        // Only matched routes are authenticated: an unknown path is a 404 whoever asks.
        .route_layer(middleware::from_fn_with_state(state.clone(), require_auth));
    // Routes that need no token: the org metadata and the OAuth token endpoint.
    Router::new()
        .route("/.well-known/okta-organization", get(well_known))
        .route("/oauth2/v1/token", post(super::oauth::token))
        .merge(api)
        .fallback(|| async { ErrorResponse::path_not_found() })
        .method_not_allowed_fallback(|| async { ErrorResponse::method_not_allowed() })
        .with_state(state)
}

async fn require_auth(State(st): State<Shared>, mut req: Request, next: Next) -> Response {
    // `Bearer` / `DPoP` tokens are checked by oauth.rs (its refusals carry WWW-Authenticate).
    let checked = match super::oauth::authorize(&st, req.headers(), req.method(), req.uri()) {
        Some(result) => result,
        None => authorize(&st, req.headers(), req.method(), req.uri())
            .map_err(IntoResponse::into_response),
    };
    match checked {
        Ok(principal) => {
            req.extensions_mut().insert(principal);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

// ---- helpers ----

/// The org URL as the client reached it (`http://{Host}`), for `Link` headers and `_links`.
fn base_url(st: &SandboxState, headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
        .map_or_else(|| st.base_url.clone(), |h| format!("http://{h}"))
}

struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    fn parse(uri: &Uri) -> Self {
        let pairs = uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        Query { pairs }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `true`/`false` (any case); anything else is the default.
    fn flag(&self, key: &str, default: bool) -> bool {
        match self.get(key) {
            Some(v) if v.eq_ignore_ascii_case("true") => true,
            Some(v) if v.eq_ignore_ascii_case("false") => false,
            _ => default,
        }
    }

    fn limit(&self, default: usize, max: usize) -> Result<usize, ErrorResponse> {
        match self.get("limit") {
            None | Some("") => Ok(default),
            Some(v) => match v.trim().parse::<i64>() {
                Ok(n) if n >= 1 => Ok((n as usize).min(max)),
                // Okta answers a non-positive limit with the default page.
                Ok(_) => Ok(default),
                Err(_) => Err(ErrorResponse::validation(
                    "limit",
                    vec![format!("limit: '{v}' is not a valid number")],
                )),
            },
        }
    }

    fn expand(&self) -> (bool, bool) {
        let e = self.get("expand").unwrap_or_default();
        let has = |w: &str| e.split(',').any(|p| p.trim() == w);
        (has("stats"), has("app"))
    }
}

/// A JSON array answer with `Link` headers: `self` (the request as made) and, when there is
/// more, `next` (the same query with the new cursor).
fn page<T: serde::Serialize>(
    items: Vec<T>,
    base: &str,
    uri: &Uri,
    query: &Query,
    next: Option<String>,
) -> Response {
    let mut resp = axum::Json(items).into_response();
    let headers = resp.headers_mut();
    let self_url = format!(
        "{base}{}",
        uri.path_and_query().map_or(uri.path(), |pq| pq.as_str())
    );
    if let Ok(v) = HeaderValue::from_str(&format!("<{self_url}>; rel=\"self\"")) {
        headers.append(header::LINK, v);
    }
    if let Some(cursor) = next {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        ser.append_pair("after", &cursor);
        for (k, v) in query.pairs.iter().filter(|(k, _)| k != "after") {
            ser.append_pair(k, v);
        }
        let next_url = format!("{base}{}?{}", uri.path(), ser.finish());
        if let Ok(v) = HeaderValue::from_str(&format!("<{next_url}>; rel=\"next\"")) {
            headers.append(header::LINK, v);
        }
    }
    resp
}

fn json_ok(v: Json) -> Response {
    axum::Json(v).into_response()
}

/// 200 with no body, as the spec gives for suspend, deactivate and friends.
fn empty_ok() -> Response {
    StatusCode::OK.into_response()
}

/// The range of a sorted map after the cursor `after` (an id).
fn after(cursor: Option<&str>) -> (Bound<&str>, Bound<&str>) {
    (
        cursor.map_or(Bound::Unbounded, Bound::Excluded),
        Bound::Unbounded,
    )
}

/// Takes up to `limit` kept items from an id-ordered iterator, and the cursor (the last id
/// returned) when more remain.
fn id_page<'a, T: 'a>(
    items: impl Iterator<Item = (&'a String, &'a T)>,
    limit: usize,
    keep: impl Fn(&T) -> bool,
) -> (Vec<&'a T>, Option<String>) {
    let mut kept = items.filter(|(_, t)| keep(t));
    let page: Vec<(&String, &T)> = kept.by_ref().take(limit).collect();
    let next = if kept.next().is_some() {
        page.last().map(|(id, _)| (*id).clone())
    } else {
        None
    };
    (page.into_iter().map(|(_, t)| t).collect(), next)
}

/// Sorted search results are paged by position; the cursor hides it.
fn offset_cursor(offset: usize) -> String {
    format!("s{:x}", offset ^ 0x5A5A_5A5A)
}

fn parse_offset_cursor(after: Option<&str>) -> Result<usize, ErrorResponse> {
    match after {
        None => Ok(0),
        Some(c) => c
            .strip_prefix('s')
            .and_then(|h| usize::from_str_radix(h, 16).ok())
            .map(|n| n ^ 0x5A5A_5A5A)
            .ok_or_else(|| {
                ErrorResponse::validation("after", vec!["after: Invalid cursor".into()])
            }),
    }
}

/// Sorts matches for `sortBy`/`sortOrder` (ties by id) and cuts one page.
fn sorted_page<'a, T: Subject + 'a>(
    mut matches: Vec<(&'a String, &'a T)>,
    sort_by: &str,
    descending: bool,
    after: Option<&str>,
    limit: usize,
) -> Result<(Vec<&'a T>, Option<String>), ErrorResponse> {
    let mut keyed: Vec<(String, &String, &T)> = matches
        .drain(..)
        .map(|(id, t)| (store::sort_key(t, sort_by), id, t))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    if descending {
        keyed.reverse();
    }
    let offset = parse_offset_cursor(after)?;
    let end = (offset + limit).min(keyed.len());
    let items: Vec<&T> = keyed
        .get(offset.min(end)..end)
        .unwrap_or_default()
        .iter()
        .map(|(_, _, t)| *t)
        .collect();
    let next = (end < keyed.len()).then(|| offset_cursor(end));
    Ok((items, next))
}

// ---- expression dialects ----

const USER_FILTER: Dialect = Dialect {
    case_insensitive: false,
    check: |attr, op| match attr {
        "status" | "id" | "profile.login" | "profile.email" | "profile.firstName"
        | "profile.lastName"
            if op == Op::Eq =>
        {
            Ok(())
        }
        "lastUpdated" if matches!(op, Op::Eq | Op::Gt | Op::Ge | Op::Lt | Op::Le) => Ok(()),
        _ => Err(format!(
            "filter does not support '{attr}' with this operator"
        )),
    },
};

const USER_TOP_LEVEL: &[&str] = &[
    "id",
    "status",
    "created",
    "activated",
    "statusChanged",
    "lastUpdated",
    "lastLogin",
    "passwordChanged",
    "type.id",
];

const USER_SEARCH: Dialect = Dialect {
    case_insensitive: true,
    check: |attr, op| {
        let known = USER_TOP_LEVEL.contains(&attr) || attr.starts_with("profile.");
        if !known {
            return Err(format!("'{attr}' is not a searchable property"));
        }
        let co_ok = matches!(
            attr,
            "profile.firstName" | "profile.lastName" | "profile.email" | "profile.login"
        );
        if op == Op::Co && !co_ok {
            return Err(format!("The 'co' operator is not supported for '{attr}'"));
        }
        Ok(())
    },
};

const GROUP_FILTER: Dialect = Dialect {
    case_insensitive: false,
    check: |attr, op| match attr {
        "id" | "type" if op == Op::Eq => Ok(()),
        "lastUpdated" | "lastMembershipUpdated"
            if matches!(op, Op::Eq | Op::Gt | Op::Ge | Op::Lt | Op::Le) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "filter does not support '{attr}' with this operator"
        )),
    },
};

const GROUP_SEARCH: Dialect = Dialect {
    case_insensitive: true,
    check: |attr, op| {
        let known = matches!(
            attr,
            "id" | "created" | "lastUpdated" | "lastMembershipUpdated" | "type" | "source.id"
        ) || attr.starts_with("profile.");
        if !known {
            return Err(format!("'{attr}' is not a searchable property"));
        }
        if op == Op::Co && !matches!(attr, "profile.name" | "profile.description") {
            return Err(format!("The 'co' operator is not supported for '{attr}'"));
        }
        Ok(())
    },
};

fn parse_expr(text: &str, dialect: &Dialect) -> Result<Expr, ErrorResponse> {
    expr::parse(text, dialect).map_err(ErrorResponse::invalid_search)
}

/// One page of a users or groups list, as Okta picks it: `search` (optionally with
/// `sortBy`/`sortOrder`), else `filter`, else every item `plain` keeps; paged by id after
/// the `after` cursor. `dialects` are the search and the filter dialect.
fn select_page<'a, T: Subject>(
    all: &'a BTreeMap<String, T>,
    query: &Query,
    [search_dialect, filter_dialect]: [&Dialect; 2],
    limit: usize,
    plain: impl Fn(&T) -> bool,
) -> Result<(Vec<&'a T>, Option<String>), ErrorResponse> {
    let cursor = query.get("after");
    let from_cursor = || all.range::<str, _>(after(cursor));
    if let Some(search) = query.get("search") {
        let e = parse_expr(search, search_dialect)?;
        return match query.get("sortBy").filter(|s| !s.is_empty()) {
            Some(sort_by) => {
                let matches = all.iter().filter(|(_, t)| e.matches(*t, true)).collect();
                let desc = query
                    .get("sortOrder")
                    .is_some_and(|o| o.eq_ignore_ascii_case("desc"));
                sorted_page(matches, sort_by, desc, cursor, limit)
            }
            None => Ok(id_page(from_cursor(), limit, |t: &T| e.matches(t, true))),
        };
    }
    if let Some(filter) = query.get("filter") {
        let e = parse_expr(filter, filter_dialect)?;
        return Ok(id_page(from_cursor(), limit, |t: &T| e.matches(t, false)));
    }
    Ok(id_page(from_cursor(), limit, plain))
}

// ---- users ----

const USER_PAGE_DEFAULT: usize = 200;
const USER_PAGE_MAX: usize = 200;
const USER_Q_DEFAULT: usize = 10;

async fn list_users(State(st): State<Shared>, headers: HeaderMap, uri: Uri) -> Answer {
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
        return Ok(page(items, &base, &uri, &query, None));
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
    Ok(page(items, &base, &uri, &query, next))
}

/// Resolves `{id}` of a user path: an id, a login, or `me` (the token's admin).
fn resolve_user<'s>(
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

async fn get_user(
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

async fn create_user(
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

async fn delete_user(State(st): State<Shared>, Path(id): Path<String>) -> Answer {
    st.write_store().delete_user(&id, store::now_ms())?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn lifecycle(
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
        LifecycleResult::Done if op == LifecycleOp::ExpirePassword => {
            let u = store.users.get(&uid).ok_or_else(ErrorResponse::internal)?;
            json_ok(store.user_json(u, &base, true))
        }
        LifecycleResult::Done => empty_ok(),
    })
}

async fn clear_sessions(State(st): State<Shared>, Path(id): Path<String>) -> Answer {
    let store = st.read_store();
    resolve_user(&store, &id, None)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn user_groups(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    let groups: Vec<Json> = store
        .groups_of(&u.id)
        .map(|g| store.group_json(g, &base, false, false))
        .collect();
    Ok(json_ok(Json::Array(groups)))
}

async fn user_roles(
    State(st): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let base = base_url(&st, &headers);
    let store = st.read_store();
    // The spec takes a user id here, not a login.
    let u = store
        .users
        .get(&id)
        .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (User)")))?;
    let roles: Vec<Json> = store
        .roles_of(&u.id)
        .iter()
        .map(|r| store.role_json(&u.id, r, &base))
        .collect();
    Ok(json_ok(Json::Array(roles)))
}

async fn user_app_links(
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

// ---- groups ----

const GROUP_PAGE_DEFAULT: usize = 200;
const GROUP_PAGE_MAX: usize = 10_000;
const GROUP_Q_DEFAULT: usize = 300;
const MEMBERS_DEFAULT: usize = 1000;
const MEMBERS_MAX: usize = 10_000;

async fn list_groups(State(st): State<Shared>, headers: HeaderMap, uri: Uri) -> Answer {
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
        return Ok(page(items, &base, &uri, &query, None));
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
    Ok(page(items, &base, &uri, &query, next))
}

async fn get_group(
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

async fn group_members(
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
    Ok(page(items, &base, &uri, &query, next))
}

/// Checks both ids and that the group's membership is editable (OKTA_GROUP only).
fn membership_target(store: &Store, gid: &str, uid: &str) -> Result<(), ErrorResponse> {
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

async fn add_member(State(st): State<Shared>, Path((gid, uid)): Path<(String, String)>) -> Answer {
    let mut store = st.write_store();
    membership_target(&store, &gid, &uid)?;
    if store.add_member(&gid, &uid)
        && let Some(g) = store.groups.get_mut(&gid)
    {
        g.last_membership_updated = store::now_ms();
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn remove_member(
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

// ---- org ----

async fn well_known(State(st): State<Shared>, headers: HeaderMap) -> Response {
    let base = base_url(&st, &headers);
    let org_id = st.read_store().org_id.clone();
    json_ok(json!({
        "id": org_id,
        "pipeline": "idx",
        "_links": {"organization": {"href": base}},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_cursor_round_trip() {
        for n in [0usize, 1, 200, 99_999] {
            assert_eq!(parse_offset_cursor(Some(&offset_cursor(n))).ok(), Some(n));
        }
        assert!(parse_offset_cursor(Some("garbage")).is_err());
    }

    #[test]
    fn dialects() {
        assert!(expr::parse(r#"profile.city co "x""#, &USER_SEARCH).is_err());
        assert!(expr::parse(r#"profile.email co "x""#, &USER_SEARCH).is_ok());
        assert!(expr::parse(r#"profile.city eq "x""#, &USER_FILTER).is_err());
        assert!(expr::parse(r#"lastUpdated gt "2020-01-01T00:00:00.000Z""#, &USER_FILTER).is_ok());
        assert!(expr::parse(r#"status sw "A""#, &USER_FILTER).is_err());
        assert!(expr::parse(r#"type eq "OKTA_GROUP""#, &GROUP_FILTER).is_ok());
        assert!(expr::parse(r#"profile.name co "x""#, &GROUP_SEARCH).is_ok());
        assert!(expr::parse(r#"profile.dn co "x""#, &GROUP_SEARCH).is_err());
    }
}
