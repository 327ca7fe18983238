//! `GET /api/v1/logs` (SPEC `listLogEvents`), `GET /users/{id}/blocks` (SPEC
//! `listUserBlocks`), and the layer that appends a System Log event for every write the
//! sandbox performs.
//!
//! Events are written by one layer around the routes rather than by each handler: a write
//! succeeds or not in its handler, and the layer, seeing the method, path and answer,
//! records what Okta records for it. A new write route is then logged by adding one line to
//! [`event_type`], not by touching its handler.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, Method, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Value as Json, json};

use super::paging::{Query, base_url, json_ok, page, parse_expr};
use super::users::resolve_user;
use super::{Answer, Shared};
use crate::sandbox::auth::Principal;
use crate::sandbox::error::ErrorResponse;
use crate::sandbox::expr::{Dialect, Op, parse_time};
use crate::sandbox::store::{self, Status, Store};
use crate::sandbox::syslog::{
    ClientInfo, DEFAULT_LIMIT, DEFAULT_WINDOW_MS, FILTER_ATTRS, LogQuery, MAX_LIMIT, NewEvent,
    Party, RequestId,
};
use crate::sandbox::syslog_seed::user_party;

/// Every attribute takes `eq`, `sw`, `co` and `pr`; `published` also compares in order.
const LOG_FILTER: Dialect = Dialect {
    case_insensitive: false,
    check: |attr, op| {
        if !FILTER_ATTRS.contains(&attr) {
            return Err(format!("'{attr}' is not a filterable property"));
        }
        if op.is_ordering() && attr != "published" {
            return Err(format!("'{attr}' does not support ordering comparisons"));
        }
        if op == Op::Sw || op == Op::Co || op == Op::Pr || op == Op::Eq || op.is_ordering() {
            Ok(())
        } else {
            Err(format!("unsupported operator for '{attr}'"))
        }
    },
};

/// Okta's limits on `q`.
const MAX_KEYWORDS: usize = 10;
const MAX_KEYWORD_LEN: usize = 40;

fn bad_param(name: &str, value: &str) -> ErrorResponse {
    ErrorResponse::validation(
        name,
        vec![format!("{name}: '{value}' is not a valid value")],
    )
}

/// Cursors are opaque to clients; here they are the sequence number in hex.
fn cursor(seq: u64) -> String {
    format!("{seq:x}")
}

pub(super) async fn list_logs(State(st): State<Shared>, headers: HeaderMap, uri: Uri) -> Answer {
    let base = base_url(&st, &headers);
    let query = Query::parse(&uri);
    let given = |k: &str| query.get(k).map(str::trim).filter(|s| !s.is_empty());
    let now = store::now_ms();
    let until = given("until")
        .map(|s| parse_time(s).ok_or_else(|| bad_param("until", s)))
        .transpose()?;
    let since = given("since")
        .map(|s| parse_time(s).ok_or_else(|| bad_param("since", s)))
        .transpose()?
        .unwrap_or(until.unwrap_or(now) - DEFAULT_WINDOW_MS);
    if until.is_some_and(|u| u < since) {
        return Err(ErrorResponse::validation(
            "since",
            vec!["since: must be before until".into()],
        ));
    }
    let descending = match given("sortOrder") {
        None => false,
        Some(s) if s.eq_ignore_ascii_case("ASCENDING") => false,
        Some(s) if s.eq_ignore_ascii_case("DESCENDING") => true,
        Some(s) => return Err(bad_param("sortOrder", s)),
    };
    let after = given("after")
        .map(|s| u64::from_str_radix(s, 16).map_err(|_| bad_param("after", s)))
        .transpose()?;
    let filter = given("filter")
        .map(|f| parse_expr(f, &LOG_FILTER))
        .transpose()?;
    let keywords: Vec<String> = given("q")
        .map(|q| q.split_whitespace().map(str::to_lowercase).collect())
        .unwrap_or_default();
    if keywords.len() > MAX_KEYWORDS || keywords.iter().any(|k| k.chars().count() > MAX_KEYWORD_LEN)
    {
        return Err(ErrorResponse::validation(
            "q",
            vec![format!(
                "q: at most {MAX_KEYWORDS} keywords of at most {MAX_KEYWORD_LEN} characters"
            )],
        ));
    }
    let limit = query.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
    let q = LogQuery {
        since,
        until: until.unwrap_or(if descending { now } else { i64::MAX }),
        after,
        limit,
        descending,
        polling: until.is_none() && !descending,
        filter,
        keywords,
    };
    let log = st.read_log();
    let p = log.page(&q);
    let items: Vec<Json> = p.items.iter().map(|e| log.event_json(e)).collect();
    Ok(page(
        items,
        &base,
        &uri,
        &query,
        Some(limit),
        p.next.map(cursor),
    ))
}

/// A LOCKED_OUT user is blocked on every device; nobody else is.
pub(super) async fn list_blocks(
    State(st): State<Shared>,
    Path(id): Path<String>,
    principal: Option<axum::Extension<Principal>>,
) -> Answer {
    let store = st.read_store();
    let u = resolve_user(&store, &id, principal.as_deref())?;
    let blocks = if u.status == Status::LockedOut {
        json!([{"type": "DEVICE_BASED", "appliesTo": "ANY_DEVICES"}])
    } else {
        json!([])
    };
    Ok(json_ok(blocks))
}

// ---- events for writes ----

/// The event type Okta records for a successful write, from its method and path (segments
/// after `/api/v1/`), and whether the user before the write was DEPROVISIONED.
fn event_type(method: &Method, segs: &[&str], was_deprovisioned: bool) -> Option<&'static str> {
    let m = method.as_str();
    Some(match (m, segs) {
        ("POST", ["users"]) => "user.lifecycle.create",
        ("POST" | "PUT", ["users", _]) => "user.account.update_profile",
        ("DELETE", ["users", _]) if was_deprovisioned => "user.lifecycle.delete.initiated",
        ("DELETE", ["users", _]) => "user.lifecycle.deactivate",
        ("POST", ["users", _, "lifecycle", op]) => match *op {
            "activate" => "user.lifecycle.activate",
            "reactivate" => "user.lifecycle.reactivate",
            "deactivate" => "user.lifecycle.deactivate",
            "suspend" => "user.lifecycle.suspend",
            "unsuspend" => "user.lifecycle.unsuspend",
            "unlock" => "user.account.unlock",
            "reset_password" => "user.account.reset_password",
            "expire_password" | "expire_password_with_temp_password" => {
                "user.account.expire_password"
            }
            "reset_factors" => "user.mfa.factor.reset_all",
            _ => return None,
        },
        ("POST", ["users", _, "credentials", "forgot_password"]) => "user.account.reset_password",
        ("POST", ["users", _, "credentials", "change_password"]) => "user.account.update_password",
        ("POST", ["users", _, "credentials", "change_recovery_question"]) => {
            "user.account.update_recovery_question"
        }
        ("POST", ["users", _, "factors"]) => "user.mfa.factor.activate",
        ("DELETE", ["users", _, "factors", _]) => "user.mfa.factor.deactivate",
        ("DELETE", ["users", _, "sessions"]) => "user.session.clear",
        ("POST", ["users", _, "roles"]) => "user.account.privilege.grant",
        ("DELETE", ["users", _, "roles", _]) => "user.account.privilege.revoke",
        ("PUT", ["users", _, "roles", _, "targets", ..]) => "user.account.privilege.grant",
        ("DELETE", ["users", _, "roles", _, "targets", ..]) => "user.account.privilege.revoke",
        ("DELETE", ["users", _, "grants", ..]) => "app.oauth2.as.consent.revoke",
        ("POST", ["groups"]) => "group.lifecycle.create",
        ("POST", ["groups", "rules"]) => "group.user_membership.rule.add",
        ("PUT", ["groups", "rules", _]) => "group.user_membership.rule.update",
        ("DELETE", ["groups", "rules", _]) => "group.user_membership.rule.delete",
        ("POST", ["groups", "rules", _, "lifecycle", "activate"]) => {
            "group.user_membership.rule.activate"
        }
        ("POST", ["groups", "rules", _, "lifecycle", "deactivate"]) => {
            "group.user_membership.rule.deactivate"
        }
        ("PUT", ["groups", _]) => "group.profile.update",
        ("DELETE", ["groups", _]) => "group.lifecycle.delete",
        ("POST", ["groups", _, "roles"]) => "group.privilege.grant",
        ("DELETE", ["groups", _, "roles", _]) => "group.privilege.revoke",
        ("PUT", ["groups", _, "roles", _, "targets", ..]) => "group.privilege.grant",
        ("DELETE", ["groups", _, "roles", _, "targets", ..]) => "group.privilege.revoke",
        ("PUT", ["groups", _, "users", _]) => "group.user_membership.add",
        ("DELETE", ["groups", _, "users", _]) => "group.user_membership.remove",
        _ => return None,
    })
}

/// What a target looks like before the write (a deleted user or group is gone after it).
fn party_of(store: &Store, kind: &str, id: &str) -> Option<Arc<Party>> {
    match kind {
        "users" => store.find_user(id).map(user_party),
        "groups" => store.groups.get(id).map(|g| {
            Arc::new(Party {
                id: g.id.clone(),
                kind: "UserGroup",
                alternate_id: "unknown".into(),
                display_name: g
                    .profile
                    .get("name")
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            })
        }),
        _ => None,
    }
}

fn actor_of(store: &Store, principal: Option<&Principal>) -> Arc<Party> {
    match principal {
        Some(Principal::Service { client_id, .. }) => Arc::new(Party {
            id: client_id.clone(),
            kind: "PublicClientApp",
            alternate_id: client_id.clone(),
            display_name: client_id.clone(),
        }),
        Some(Principal::ApiToken { admin_id }) => store
            .users
            .get(admin_id)
            .map(user_party)
            .unwrap_or_else(|| system_party(admin_id)),
        None => system_party("system"),
    }
}

fn system_party(id: &str) -> Arc<Party> {
    Arc::new(Party {
        id: id.to_owned(),
        kind: "SystemPrincipal",
        alternate_id: "system@okta.com".into(),
        display_name: "Okta System".into(),
    })
}

fn api_client(headers: &HeaderMap) -> Arc<ClientInfo> {
    // The agent is stored as sent: whoever shows it must clean it.
    let ua = headers
        .get(header::USER_AGENT)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    Arc::new(ClientInfo {
        ip: "127.0.0.1".into(),
        user_agent: ua,
        os: "Unknown",
        browser: "UNKNOWN",
        city: "",
        state: "",
        country: "",
        postal: "",
        lat: 0.0,
        lon: 0.0,
    })
}

/// Runs a write and, when it succeeded, appends its event. Reads pass straight through.
pub(super) async fn record_writes(State(st): State<Shared>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    if method == Method::GET || method == Method::HEAD {
        return next.run(req).await;
    }
    let path = req.uri().path().to_owned();
    let segs: Vec<String> = path
        .trim_start_matches("/api/v1/")
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let seg_refs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let principal = req.extensions().get::<Principal>().cloned();
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    let client = api_client(req.headers());
    // Targets as they are before the write: the path's user or group, and a member.
    let (targets, was_deprovisioned) = {
        let store = st.read_store();
        let mut targets = Vec::new();
        let mut deprovisioned = false;
        if let [kind @ ("users" | "groups"), id, ..] = seg_refs.as_slice()
            && *id != "rules"
        {
            let id = if *id == "me" {
                match &principal {
                    Some(Principal::ApiToken { admin_id }) => admin_id.as_str(),
                    _ => id,
                }
            } else {
                id
            };
            if let Some(p) = party_of(&store, kind, id) {
                targets.push(p);
            }
            deprovisioned = *kind == "users"
                && store
                    .find_user(id)
                    .is_some_and(|u| u.status == Status::Deprovisioned);
        }
        if let ["groups", _, "users", uid] = seg_refs.as_slice()
            && let Some(p) = party_of(&store, "users", uid)
        {
            // Okta names the member first, then the group.
            targets.insert(0, p);
        }
        (targets, deprovisioned)
    };
    let Some(kind) = event_type(&method, &seg_refs, was_deprovisioned) else {
        return next.run(req).await;
    };
    let response = next.run(req).await;
    if !response.status().is_success() {
        return response;
    }
    let (response, targets) = if targets.is_empty() && seg_refs.len() == 1 {
        // A create: the new user or group is in the answer.
        created_target(response, seg_refs[0]).await
    } else {
        (response, targets)
    };
    let actor = actor_of(&st.read_store(), principal.as_ref());
    st.write_log().append(
        store::now_ms(),
        NewEvent {
            event_type: kind,
            actor,
            targets,
            result: "SUCCESS",
            reason: None,
            client,
            request_id,
            request_uri: Some(path),
        },
    );
    response
}

/// Reads the created object out of the answer (and puts the answer back together).
async fn created_target(response: Response, kind: &str) -> (Response, Vec<Arc<Party>>) {
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
        return (Response::from_parts(parts, Body::empty()), Vec::new());
    };
    let v: Json = serde_json::from_slice(&bytes).unwrap_or(Json::Null);
    let text = |p: &str| v.pointer(p).and_then(Json::as_str).unwrap_or_default();
    let target = (!text("/id").is_empty()).then(|| {
        Arc::new(if kind == "groups" {
            Party {
                id: text("/id").into(),
                kind: "UserGroup",
                alternate_id: "unknown".into(),
                display_name: text("/profile/name").into(),
            }
        } else {
            Party {
                id: text("/id").into(),
                kind: "User",
                alternate_id: text("/profile/login").into(),
                display_name: format!(
                    "{} {}",
                    text("/profile/firstName"),
                    text("/profile/lastName")
                )
                .trim()
                .to_owned(),
            }
        })
    });
    (
        Response::from_parts(parts, Body::from(bytes)),
        target.into_iter().collect(),
    )
}
