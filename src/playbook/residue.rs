//! After a run: everything that still grants each user access, with its cause, read afresh
//! from Okta.

use serde::Serialize;
use serde_json::{Value, json};

use super::plan::group_cause;
use crate::okta::apps::Origin;
use crate::okta::{Client, GroupType, OktaError};

/// One thing still granting access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResidueItem {
    /// group, app, role, grants, status.
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub cause: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserResidue {
    pub id: String,
    pub login: String,
    pub status: String,
    pub items: Vec<ResidueItem>,
    /// The user could not be read (deleted meanwhile, say).
    pub error: Option<String>,
}

/// Reads each user's groups (Everyone aside), apps, admin roles and consent grants, and says
/// why each is still there. An ACTIVE user is itself residue.
pub async fn residue(client: &Client, user_ids: &[String]) -> Result<Vec<UserResidue>, OktaError> {
    let rules = client.group_rules().await.unwrap_or_default();
    let mut out = Vec::new();
    for id in user_ids {
        let user = match client.get_user(id).await {
            Ok(u) => u.value,
            Err(e) => {
                out.push(UserResidue {
                    id: id.clone(),
                    login: String::new(),
                    status: String::new(),
                    items: Vec::new(),
                    error: Some(crate::perform::short_error(&e)),
                });
                continue;
            }
        };
        let uid = user.row.id().to_string();
        let mut items = Vec::new();
        let status = user.row.status_api().to_owned();
        if status == "ACTIVE" {
            items.push(ResidueItem {
                kind: "status",
                id: uid.clone(),
                name: status.clone(),
                cause: "the user can still sign in".into(),
            });
        }
        let groups = client.user_groups(&uid).await?.value;
        for g in groups.iter().filter(|g| g.group_type != GroupType::BuiltIn) {
            let cause = group_cause(g, &uid, &rules)
                .unwrap_or_else(|| "the membership is still there (step skipped or failed)".into());
            items.push(ResidueItem {
                kind: "group",
                id: g.id.to_string(),
                name: g.name.to_string(),
                cause,
            });
        }
        for a in client.user_app_assignments(&uid, &groups).await? {
            let cause = match &a.origin {
                Origin::Direct => {
                    "a direct assignment is still there (step skipped or failed)".into()
                }
                Origin::Groups { .. } => a.origin.describe(),
            };
            items.push(ResidueItem {
                kind: "app",
                id: a.app.id,
                name: a.app.label,
                cause,
            });
        }
        for r in client.user_role_holdings(&uid, &groups).await? {
            let cause = match &r.origin {
                Origin::Direct => "assigned directly (step skipped or failed)".into(),
                Origin::Groups { .. } => r.origin.describe(),
            };
            items.push(ResidueItem {
                kind: "role",
                id: r.role.id,
                name: r.role.label,
                cause,
            });
        }
        let grants = client.user_grant_count(&uid).await?;
        if grants > 0 {
            items.push(ResidueItem {
                kind: "grants",
                id: uid.clone(),
                name: format!("{grants} OAuth consent grants"),
                cause: "not revoked (step skipped or failed)".into(),
            });
        }
        out.push(UserResidue {
            id: uid,
            login: user.row.login().to_string(),
            status,
            items,
            error: None,
        });
    }
    Ok(out)
}

pub fn residue_json(r: &[UserResidue]) -> Value {
    json!({ "users": r })
}
