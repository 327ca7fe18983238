//! Admin role assignments to users and groups (`/users/{id}/roles`, `/groups/{id}/roles`)
//! and their targets: the groups a group-scoped role applies to, and the catalog apps an
//! APP_ADMIN role applies to. A user's role list includes roles it holds through a group
//! (`assignmentType: GROUP`).

use std::collections::BTreeSet;

use axum::http::StatusCode;
use serde_json::{Value as Json, json};

use super::error::ErrorResponse;
use super::shapes::fmt_time;
use super::store::{RoleAssignment, Store};

/// Okta's standard roles: (type, label, what its targets are).
pub const ROLE_TYPES: &[(&str, &str, TargetKind)] = &[
    ("SUPER_ADMIN", "Super Administrator", TargetKind::None),
    (
        "ORG_ADMIN",
        "Organizational Administrator",
        TargetKind::None,
    ),
    ("APP_ADMIN", "Application Administrator", TargetKind::Apps),
    ("USER_ADMIN", "Group Administrator", TargetKind::Groups),
    (
        "HELP_DESK_ADMIN",
        "Help Desk Administrator",
        TargetKind::Groups,
    ),
    (
        "READ_ONLY_ADMIN",
        "Read-only Administrator",
        TargetKind::None,
    ),
    ("MOBILE_ADMIN", "Mobile Administrator", TargetKind::None),
    (
        "API_ACCESS_MANAGEMENT_ADMIN",
        "API Access Management Administrator",
        TargetKind::None,
    ),
    ("REPORT_ADMIN", "Report Administrator", TargetKind::None),
    (
        "GROUP_MEMBERSHIP_ADMIN",
        "Group Membership Administrator",
        TargetKind::Groups,
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    None,
    Groups,
    Apps,
}

/// What a role assignment is limited to; empty means every group or app.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    pub groups: BTreeSet<String>,
    pub apps: BTreeSet<String>,
}

/// Who holds an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder<'a> {
    User(&'a str),
    Group(&'a str),
}

fn kind_of(role_type: &str) -> TargetKind {
    ROLE_TYPES
        .iter()
        .find(|(t, _, _)| *t == role_type)
        .map_or(TargetKind::None, |(_, _, k)| *k)
}

impl Store {
    fn holder_roles(&self, holder: Holder<'_>) -> Result<&[RoleAssignment], ErrorResponse> {
        match holder {
            Holder::User(uid) => {
                if !self.users.contains_key(uid) {
                    return Err(ErrorResponse::not_found(&format!("{uid} (User)")));
                }
                Ok(self.roles_of(uid))
            }
            Holder::Group(gid) => {
                if !self.groups.contains_key(gid) {
                    return Err(ErrorResponse::not_found(&format!("{gid} (UserGroup)")));
                }
                Ok(self.group_roles.get(gid).map_or(&[], Vec::as_slice))
            }
        }
    }

    /// The user's own roles, then those it holds through its groups (with the group's id).
    pub fn effective_roles(&self, uid: &str) -> Vec<(RoleAssignment, Option<String>)> {
        let mut out: Vec<(RoleAssignment, Option<String>)> = self
            .roles_of(uid)
            .iter()
            .map(|r| (r.clone(), None))
            .collect();
        for g in self.groups_of(uid) {
            for r in self.group_roles.get(&g.id).into_iter().flatten() {
                out.push((r.clone(), Some(g.id.clone())));
            }
        }
        out
    }

    /// Roles assigned to a group.
    pub fn effective_group_roles(&self, gid: &str) -> Vec<RoleAssignment> {
        self.group_roles.get(gid).cloned().unwrap_or_default()
    }

    /// Assigns a standard role. Holding it already is 409 E0000090.
    pub fn assign_role(
        &mut self,
        holder: Holder<'_>,
        role_type: &str,
        now: i64,
    ) -> Result<RoleAssignment, ErrorResponse> {
        let Some(&(role_type, label, _)) = ROLE_TYPES.iter().find(|(t, _, _)| *t == role_type)
        else {
            return Err(ErrorResponse::validation(
                "type",
                vec![format!("type: '{role_type}' is not a standard role type")],
            ));
        };
        if self
            .holder_roles(holder)?
            .iter()
            .any(|r| r.role_type == role_type)
        {
            return Err(ErrorResponse::new(
                StatusCode::CONFLICT,
                "E0000090",
                "Duplicate role assignment exception.",
            ));
        }
        let role = RoleAssignment {
            id: self.ids.id("ra1"),
            role_type,
            label,
            status: "ACTIVE",
            created: now,
            last_updated: now,
            assignment_type: match holder {
                Holder::User(_) => "USER",
                Holder::Group(_) => "GROUP",
            },
        };
        match holder {
            Holder::User(uid) => self.add_role(uid, role.clone()),
            Holder::Group(gid) => self
                .group_roles
                .entry(gid.to_owned())
                .or_default()
                .push(role.clone()),
        }
        Ok(role)
    }

    pub fn role_of(&self, holder: Holder<'_>, rid: &str) -> Result<RoleAssignment, ErrorResponse> {
        self.holder_roles(holder)?
            .iter()
            .find(|r| r.id == rid)
            .cloned()
            .ok_or_else(|| ErrorResponse::not_found(&format!("{rid} (RoleAssignment)")))
    }

    pub fn unassign_role(&mut self, holder: Holder<'_>, rid: &str) -> Result<(), ErrorResponse> {
        self.role_of(holder, rid)?;
        match holder {
            Holder::User(uid) => self.remove_role(uid, rid),
            Holder::Group(gid) => {
                if let Some(list) = self.group_roles.get_mut(gid) {
                    list.retain(|r| r.id != rid);
                }
            }
        }
        self.role_targets.remove(rid);
        Ok(())
    }

    pub fn targets(&self, rid: &str) -> Targets {
        self.role_targets.get(rid).cloned().unwrap_or_default()
    }

    fn target_role(
        &self,
        holder: Holder<'_>,
        rid: &str,
        want: TargetKind,
    ) -> Result<RoleAssignment, ErrorResponse> {
        let role = self.role_of(holder, rid)?;
        if kind_of(role.role_type) != want {
            let what = match want {
                TargetKind::Groups => "Group targets",
                _ => "App targets",
            };
            return Err(ErrorResponse::validation(
                "type",
                vec![format!(
                    "type: {what} cannot be assigned to the {} role",
                    role.role_type
                )],
            ));
        }
        Ok(role)
    }

    /// Adds (or removes) a group target. The last target cannot be removed: the assignment
    /// would silently widen to every group.
    pub fn set_group_target(
        &mut self,
        holder: Holder<'_>,
        rid: &str,
        gid: &str,
        add: bool,
    ) -> Result<(), ErrorResponse> {
        self.target_role(holder, rid, TargetKind::Groups)?;
        if !self.groups.contains_key(gid) {
            return Err(ErrorResponse::not_found(&format!("{gid} (UserGroup)")));
        }
        let targets = self.role_targets.entry(rid.to_owned()).or_default();
        if add {
            targets.groups.insert(gid.to_owned());
        } else if !targets.groups.contains(gid) {
            return Err(ErrorResponse::not_found(&format!("{gid} (UserGroup)")));
        } else if targets.groups.len() == 1 {
            return Err(ErrorResponse::validation(
                "targets",
                vec![
                    "targets: The last group target cannot be removed from a role assignment."
                        .into(),
                ],
            ));
        } else {
            targets.groups.remove(gid);
        }
        Ok(())
    }

    pub fn set_app_target(
        &mut self,
        holder: Holder<'_>,
        rid: &str,
        app_name: &str,
        add: bool,
    ) -> Result<(), ErrorResponse> {
        self.target_role(holder, rid, TargetKind::Apps)?;
        if !self.apps.iter().any(|a| a.name == app_name) {
            return Err(ErrorResponse::not_found(&format!(
                "{app_name} (CatalogApp)"
            )));
        }
        let targets = self.role_targets.entry(rid.to_owned()).or_default();
        if add {
            targets.apps.insert(app_name.to_owned());
        } else if !targets.apps.remove(app_name) {
            return Err(ErrorResponse::not_found(&format!(
                "{app_name} (CatalogApp)"
            )));
        }
        Ok(())
    }

    /// A role assignment as Okta returns it; `assignee` is the user or group holding it.
    pub fn assignment_json(&self, r: &RoleAssignment, assignee: Holder<'_>, base: &str) -> Json {
        let href = match assignee {
            Holder::User(uid) => format!("{base}/api/v1/users/{uid}"),
            Holder::Group(gid) => format!("{base}/api/v1/groups/{gid}"),
        };
        let mut out = json!({
            "id": r.id,
            "label": r.label,
            "type": r.role_type,
            "status": r.status,
            "created": fmt_time(r.created),
            "lastUpdated": fmt_time(r.last_updated),
            "assignmentType": r.assignment_type,
            "_links": {"assignee": {"href": href}},
        });
        let prefix = match assignee {
            Holder::User(uid) => format!("{base}/api/v1/users/{uid}/roles/{}", r.id),
            Holder::Group(gid) => format!("{base}/api/v1/groups/{gid}/roles/{}", r.id),
        };
        match kind_of(r.role_type) {
            TargetKind::Groups => {
                out["_links"]["groups"] = json!({"href": format!("{prefix}/targets/groups")});
            }
            TargetKind::Apps => {
                out["_links"]["apps"] = json!({"href": format!("{prefix}/targets/catalog/apps")});
            }
            TargetKind::None => {}
        }
        out
    }

    /// `GET .../targets/catalog/apps`: the catalog apps an APP_ADMIN role is limited to.
    pub fn app_targets_json(&self, rid: &str, base: &str) -> Vec<Json> {
        let targets = self.targets(rid);
        self.apps
            .iter()
            .filter(|a| targets.apps.contains(a.name))
            .map(|a| {
                json!({
                    "name": a.name,
                    "displayName": a.label,
                    "description": a.label,
                    "status": "ACTIVE",
                    "category": "CORE",
                    "signOnModes": ["SAML_2_0"],
                    "_links": {"logo": [{"name": "medium", "href": format!("{base}/assets/img/logos/{}.png", a.name), "type": "image/png"}]},
                })
            })
            .collect()
    }
}
