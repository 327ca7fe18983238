//! OAuth 2.0 consent grants a user gave to apps (`/users/{id}/grants`) and the apps holding
//! them (`/users/{id}/clients`). Seeded users get grants derived from their id until the first
//! revocation stores the list, as factors do.

use serde_json::{Value as Json, json};

use super::error::ErrorResponse;
use super::seed::{Ids, hash_str};
use super::shapes::fmt_time;
use super::store::{Status, Store, User};

/// The org's OIDC apps users consent to: (client id, name, scopes they ask for).
pub const CLIENTS: &[(&str, &str, &[&str])] = &[
    (
        "0oa1expenseportal00",
        "Expense Portal",
        &["expenses.read", "expenses.write"],
    ),
    ("0oa1intranet0000000", "Intranet", &["profile.read"]),
    (
        "0oa1mobileapp000000",
        "Field Service Mobile",
        &["jobs.read", "offline_access"],
    ),
];

/// The custom authorization server the scopes belong to.
pub const AUTH_SERVER: &str = "aus1sandboxdefault0";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: String,
    pub client: usize,
    pub scope: &'static str,
    pub created: i64,
}

/// Grants of a user who has signed in: a few apps, each with its scopes; none otherwise.
pub fn seeded_grants(u: &User) -> Vec<Grant> {
    if matches!(
        u.status,
        Status::Staged | Status::Provisioned | Status::Deprovisioned
    ) {
        return Vec::new();
    }
    let h = hash_str(&u.id).rotate_left(17);
    let mut ids = Ids::new(h);
    let base = u.activated.unwrap_or(u.created) + 86_400_000;
    let mut out = Vec::new();
    for (i, (_, _, scopes)) in CLIENTS.iter().enumerate() {
        if !(h >> (i * 3)).is_multiple_of(3) {
            continue;
        }
        for (k, scope) in scopes.iter().enumerate() {
            out.push(Grant {
                id: ids.id("oag"),
                client: i,
                scope,
                created: base + (i * 10 + k) as i64 * 3_600_000,
            });
        }
    }
    out
}

pub fn scope_id(scope: &str) -> String {
    let mut ids = Ids::new(hash_str(scope));
    ids.id("scp")
}

impl Store {
    pub fn grants_of(&self, u: &User) -> Vec<Grant> {
        match self.grants.get(&u.id) {
            Some(list) => list.clone(),
            None => seeded_grants(u),
        }
    }

    /// Revokes one grant, or every grant when `grant_id` is `None`.
    pub fn revoke_grants(
        &mut self,
        uid: &str,
        grant_id: Option<&str>,
    ) -> Result<(), ErrorResponse> {
        let u = self
            .users
            .get(uid)
            .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (User)")))?;
        let mut list = self.grants_of(u);
        match grant_id {
            None => list.clear(),
            Some(gid) => {
                let before = list.len();
                list.retain(|g| g.id != gid);
                if list.len() == before {
                    return Err(ErrorResponse::not_found(&format!(
                        "{gid} (OAuth2ScopeConsentGrant)"
                    )));
                }
            }
        }
        self.grants.insert(uid.to_owned(), list);
        Ok(())
    }
}

pub fn grant_json(uid: &str, g: &Grant, base: &str, expand_scope: bool) -> Json {
    let (client_id, client_name, _) = CLIENTS[g.client.min(CLIENTS.len() - 1)];
    let scope_id = scope_id(g.scope);
    let issuer = format!("{base}/oauth2/{AUTH_SERVER}");
    let mut out = json!({
        "id": g.id,
        "status": "ACTIVE",
        "created": fmt_time(g.created),
        "lastUpdated": fmt_time(g.created),
        "issuer": issuer,
        "clientId": client_id,
        "userId": uid,
        "scopeId": scope_id,
        "source": "END_USER",
        "createdBy": {"id": uid, "type": "User"},
        "_links": {
            "app": {"href": format!("{base}/api/v1/apps/{client_id}"), "title": client_name},
            "client": {"href": format!("{base}/oauth2/v1/clients/{client_id}"), "title": client_name},
            "scope": {"href": format!("{base}/api/v1/authorizationServers/{AUTH_SERVER}/scopes/{scope_id}"), "title": g.scope},
            "self": {"href": format!("{base}/api/v1/users/{uid}/grants/{}", g.id), "hints": {"allow": ["GET", "DELETE"]}},
            "revoke": {"href": format!("{base}/api/v1/users/{uid}/grants/{}", g.id), "hints": {"allow": ["DELETE"]}},
            "user": {"href": format!("{base}/api/v1/users/{uid}")},
            "authorizationServer": {"href": format!("{base}/api/v1/authorizationServers/{AUTH_SERVER}")},
        },
    });
    if expand_scope {
        out["_embedded"] = json!({"scope": {"id": scope_id, "name": g.scope}});
    }
    out
}

/// `GET /users/{id}/clients`: each app the user has granted something to, once.
pub fn clients_json(uid: &str, grants: &[Grant], base: &str) -> Vec<Json> {
    let mut seen: Vec<usize> = grants.iter().map(|g| g.client).collect();
    seen.sort_unstable();
    seen.dedup();
    seen.into_iter()
        .filter_map(|i| CLIENTS.get(i))
        .map(|(client_id, name, _)| {
            json!({
                "client_id": client_id,
                "client_name": name,
                "client_uri": format!("{base}/app/{client_id}"),
                "logo_uri": format!("{base}/assets/img/logos/default.png"),
                "_links": {
                    "grants": {"href": format!("{base}/api/v1/users/{uid}/clients/{client_id}/grants")},
                    "tokens": {"href": format!("{base}/api/v1/users/{uid}/clients/{client_id}/tokens")},
                },
            })
        })
        .collect()
}
