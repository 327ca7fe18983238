//! The Okta paths the console uses, with Okta's parameters, status codes, bodies and `Link`
//! pagination (one header line per rel, cursors taken from the previous page).

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::json;

use super::auth::authorize;
use super::error::ErrorResponse;
use super::state::SandboxState;
use groups::*;
use paging::{base_url, json_ok};
use users::*;

mod credentials;
mod dialects;
mod factors;
mod grants;
mod groups;
mod logs;
mod paging;
mod roles;
mod rules;
mod users;
mod writes;

pub(super) type Shared = Arc<SandboxState>;
pub(super) type Answer = Result<Response, ErrorResponse>;

pub(crate) fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/api/v1/users", get(list_users).post(create_user))
        .route(
            "/api/v1/users/{id}",
            get(get_user)
                .post(writes::update_user)
                .put(writes::replace_user)
                .delete(delete_user),
        )
        .route(
            "/api/v1/users/{id}/lifecycle/expire_password_with_temp_password",
            post(credentials::expire_with_temp_password),
        )
        .route("/api/v1/users/{id}/lifecycle/{op}", post(lifecycle))
        .route(
            "/api/v1/users/{id}/credentials/forgot_password",
            post(credentials::forgot_password),
        )
        .route(
            "/api/v1/users/{id}/credentials/change_password",
            post(credentials::change_password),
        )
        .route(
            "/api/v1/users/{id}/credentials/change_recovery_question",
            post(credentials::change_recovery_question),
        )
        .route(
            "/api/v1/users/{id}/factors",
            get(factors::list_factors).post(factors::enroll_factor),
        )
        .route(
            "/api/v1/users/{id}/factors/catalog",
            get(factors::factor_catalog),
        )
        .route(
            "/api/v1/users/{id}/factors/{fid}",
            get(factors::get_factor).delete(factors::delete_factor),
        )
        .route(
            "/api/v1/users/{id}/sessions",
            axum::routing::delete(clear_sessions),
        )
        .route("/api/v1/users/{id}/groups", get(user_groups))
        .route(
            "/api/v1/users/{id}/roles",
            get(roles::list_roles).post(roles::assign_role),
        )
        .route(
            "/api/v1/users/{id}/roles/{rid}",
            get(roles::get_role).delete(roles::unassign_role),
        )
        .route(
            "/api/v1/users/{id}/roles/{rid}/targets/groups",
            get(roles::group_targets),
        )
        .route(
            "/api/v1/users/{id}/roles/{rid}/targets/groups/{gid}",
            put(roles::add_group_target).delete(roles::remove_group_target),
        )
        .route(
            "/api/v1/users/{id}/roles/{rid}/targets/catalog/apps",
            get(roles::app_targets),
        )
        .route(
            "/api/v1/users/{id}/roles/{rid}/targets/catalog/apps/{app}",
            put(roles::add_app_target).delete(roles::remove_app_target),
        )
        .route(
            "/api/v1/users/{id}/grants",
            get(grants::list_grants).delete(grants::revoke_grants),
        )
        .route(
            "/api/v1/users/{id}/grants/{gid}",
            get(grants::get_grant).delete(grants::revoke_grant),
        )
        .route("/api/v1/users/{id}/clients", get(grants::list_clients))
        .route("/api/v1/users/{id}/appLinks", get(user_app_links))
        .route(
            "/api/v1/groups",
            get(list_groups).post(writes::create_group),
        )
        .route(
            "/api/v1/groups/rules",
            get(rules::list_rules).post(rules::create_rule),
        )
        .route(
            "/api/v1/groups/rules/{id}",
            get(rules::get_rule)
                .put(rules::replace_rule)
                .delete(rules::delete_rule),
        )
        .route(
            "/api/v1/groups/rules/{id}/lifecycle/activate",
            post(rules::activate_rule),
        )
        .route(
            "/api/v1/groups/rules/{id}/lifecycle/deactivate",
            post(rules::deactivate_rule),
        )
        .route(
            "/api/v1/groups/{id}",
            get(get_group)
                .put(writes::replace_group)
                .delete(writes::delete_group),
        )
        .route(
            "/api/v1/groups/{id}/roles",
            get(roles::list_roles).post(roles::assign_role),
        )
        .route(
            "/api/v1/groups/{id}/roles/{rid}",
            get(roles::get_role).delete(roles::unassign_role),
        )
        .route(
            "/api/v1/groups/{id}/roles/{rid}/targets/groups",
            get(roles::group_targets),
        )
        .route(
            "/api/v1/groups/{id}/roles/{rid}/targets/groups/{gid}",
            put(roles::add_group_target).delete(roles::remove_group_target),
        )
        .route(
            "/api/v1/groups/{id}/roles/{rid}/targets/catalog/apps",
            get(roles::app_targets),
        )
        .route(
            "/api/v1/groups/{id}/roles/{rid}/targets/catalog/apps/{app}",
            put(roles::add_app_target).delete(roles::remove_app_target),
        )
        .route("/api/v1/groups/{id}/users", get(group_members))
        .route("/api/v1/logs", get(logs::list_logs))
        .route("/api/v1/users/{id}/blocks", get(logs::list_blocks))
        .route(
            "/api/v1/groups/{gid}/users/{uid}",
            put(add_member).delete(remove_member),
        )
        // Inside the authentication layer, so the event names the caller as its actor.
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            logs::record_writes,
        ))
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
