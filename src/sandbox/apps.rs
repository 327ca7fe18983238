//! App instances and their assignments: a user is assigned an app directly (scope USER) or
//! through a group the app is assigned to (scope GROUP), and the user's app links follow from
//! both. Also the sessions and OAuth tokens that clearing sessions ends, which Okta keeps
//! outside the user object.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Value as Json, json};

use super::error::ErrorResponse;
use super::shapes::fmt_time;
use super::store::{App, Status, Store, User};

/// Assignments and sign-in state kept beside the users.
#[derive(Debug, Default)]
pub struct Access {
    /// App id to the groups assigned to it.
    pub app_groups: HashMap<String, BTreeSet<String>>,
    /// Live sessions per user id.
    pub sessions: HashMap<String, u32>,
    /// Users whose OAuth tokens were revoked, with the clients revoked (None: all).
    pub revoked_tokens: HashMap<String, BTreeSet<String>>,
}

/// How a user holds an app: directly, through groups, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub direct: bool,
    pub groups: Vec<String>,
}

impl Holding {
    /// Okta reports USER when the user is assigned directly, even if a group also assigns it.
    pub fn scope(&self) -> &'static str {
        if self.direct { "USER" } else { "GROUP" }
    }
}

pub(super) fn app_not_found(id: &str) -> ErrorResponse {
    ErrorResponse::not_found(&format!("{id} (AppInstance)"))
}

impl Store {
    pub fn app_index(&self, app_id: &str) -> Result<usize, ErrorResponse> {
        self.apps
            .iter()
            .position(|a| a.id == app_id)
            .ok_or_else(|| app_not_found(app_id))
    }

    /// How `u` holds the app at `index`, if at all. A DEPROVISIONED user holds none: Okta
    /// removes every assignment on deactivation and group ones come back only on reactivation.
    pub fn holding(&self, u: &User, index: usize) -> Option<Holding> {
        if u.status == Status::Deprovisioned {
            return None;
        }
        let direct = u.apps & (1 << index) != 0;
        let groups: Vec<String> = self
            .apps
            .get(index)
            .and_then(|a| self.access.app_groups.get(&a.id))
            .into_iter()
            .flatten()
            .filter(|g| self.is_member(g, &u.id))
            .cloned()
            .collect();
        (direct || !groups.is_empty()).then_some(Holding { direct, groups })
    }

    /// Indices of the apps `u` holds, directly or through a group.
    pub fn app_indices_of(&self, u: &User) -> Vec<usize> {
        (0..self.apps.len())
            .filter(|&i| self.holding(u, i).is_some())
            .collect()
    }

    pub fn assign_app(&mut self, app_id: &str, uid: &str, now: i64) -> Result<(), ErrorResponse> {
        let i = self.app_index(app_id)?;
        let u = self
            .users
            .get_mut(uid)
            .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (User)")))?;
        if u.status == Status::Deprovisioned {
            return Err(ErrorResponse::validation(
                "user",
                vec!["user: Cannot assign a deactivated user to an application".into()],
            ));
        }
        u.apps |= 1 << i;
        u.last_updated = now;
        Ok(())
    }

    /// Removes a direct assignment. One held only through a group cannot be removed per
    /// user: Okta answers 403 E0000006 and the group assignment has to change.
    pub fn unassign_app(&mut self, app_id: &str, uid: &str, now: i64) -> Result<(), ErrorResponse> {
        let i = self.app_index(app_id)?;
        let holding = {
            let u = self
                .users
                .get(uid)
                .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (User)")))?;
            self.holding(u, i)
        };
        match holding {
            None => Err(ErrorResponse::not_found(&format!("{uid} (AppUser)"))),
            Some(h) if !h.direct => Err(ErrorResponse::access_denied()),
            Some(_) => {
                if let Some(u) = self.users.get_mut(uid) {
                    u.apps &= !(1 << i);
                    u.last_updated = now;
                }
                Ok(())
            }
        }
    }

    /// `PUT /apps/{id}/groups/{gid}`: BUILT_IN groups cannot be assigned. Returns false when
    /// the assignment already existed.
    pub fn assign_app_group(&mut self, app_id: &str, gid: &str) -> Result<bool, ErrorResponse> {
        self.app_index(app_id)?;
        if !self.groups.contains_key(gid) {
            return Err(ErrorResponse::not_found(&format!("{gid} (UserGroup)")));
        }
        Ok(self
            .access
            .app_groups
            .entry(app_id.to_owned())
            .or_default()
            .insert(gid.to_owned()))
    }

    pub fn unassign_app_group(&mut self, app_id: &str, gid: &str) -> Result<(), ErrorResponse> {
        self.app_index(app_id)?;
        let removed = self
            .access
            .app_groups
            .get_mut(app_id)
            .is_some_and(|s| s.remove(gid));
        if removed {
            Ok(())
        } else {
            Err(ErrorResponse::not_found(&format!(
                "{gid} (ApplicationGroupAssignment)"
            )))
        }
    }

    pub fn app_groups(&self, app_id: &str) -> Vec<String> {
        self.access
            .app_groups
            .get(app_id)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub fn sessions_of(&self, uid: &str) -> u32 {
        self.access.sessions.get(uid).copied().unwrap_or(0)
    }

    pub fn add_sessions(&mut self, uid: &str, n: u32) {
        *self.access.sessions.entry(uid.to_owned()).or_default() += n;
    }

    /// `DELETE /users/{id}/sessions`: ends the sessions; with `oauthTokens` also every token.
    pub fn clear_sessions(&mut self, uid: &str, oauth_tokens: bool) {
        self.access.sessions.remove(uid);
        if oauth_tokens {
            self.access
                .revoked_tokens
                .entry(uid.to_owned())
                .or_default()
                .insert("*".to_owned());
        }
    }

    pub fn revoke_client_tokens(&mut self, uid: &str, client_id: &str) {
        self.access
            .revoked_tokens
            .entry(uid.to_owned())
            .or_default()
            .insert(client_id.to_owned());
    }

    /// Whether the user's tokens for `client_id` were revoked (by client or all at once).
    pub fn tokens_revoked(&self, uid: &str, client_id: &str) -> bool {
        self.access
            .revoked_tokens
            .get(uid)
            .is_some_and(|s| s.contains("*") || s.contains(client_id))
    }

    pub fn app_json(&self, app: &App, base: &str) -> Json {
        let href = format!("{base}/api/v1/apps/{}", app.id);
        json!({
            "id": app.id,
            "name": app.name,
            "label": app.label,
            "status": "ACTIVE",
            "created": fmt_time(super::seed::EPOCH_START),
            "lastUpdated": fmt_time(super::seed::EPOCH_START),
            "signOnMode": "SAML_2_0",
            "features": [],
            "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}},
            "_links": {
                "self": {"href": href},
                "users": {"href": format!("{href}/users")},
                "groups": {"href": format!("{href}/groups")},
                "deactivate": {"href": format!("{href}/lifecycle/deactivate")},
            },
        })
    }

    pub fn app_user_json(&self, app: &App, u: &User, h: &Holding, base: &str) -> Json {
        let mut out = json!({
            "id": u.id,
            "created": fmt_time(u.created),
            "lastUpdated": fmt_time(u.last_updated),
            "scope": h.scope(),
            "status": "PROVISIONED",
            "statusChanged": fmt_time(u.last_updated),
            "syncState": "DISABLED",
            "credentials": {"userName": u.login()},
            "profile": {},
            "_links": {
                "app": {"href": format!("{base}/api/v1/apps/{}", app.id)},
                "user": {"href": format!("{base}/api/v1/users/{}", u.id)},
            },
        });
        if !h.direct
            && let Some(g) = h.groups.first()
        {
            out["_links"]["group"] = json!({
                "href": format!("{base}/api/v1/groups/{g}"),
                "name": self.groups.get(g).map(|g| g.name()).unwrap_or_default(),
            });
        }
        out
    }

    pub fn app_group_json(&self, app: &App, gid: &str, base: &str) -> Json {
        json!({
            "id": gid,
            "priority": 0,
            "profile": {},
            "lastUpdated": fmt_time(super::seed::EPOCH_START),
            "_links": {
                "app": {"href": format!("{base}/api/v1/apps/{}", app.id)},
                "group": {"href": format!("{base}/api/v1/groups/{gid}")},
            },
        })
    }
}
