//! The blast radius: what a playbook will do to each user, read from Okta before anything is
//! sent, with what it cannot remove and why, and how long it will take.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{Playbook, StepKind};
use crate::okta::apps::{GroupRule, Origin};
use crate::okta::ratelimit::bucket_family;
use crate::okta::{
    Client, Group, GroupRef, GroupType, LifecycleOp, ObjectRef, OktaError, RateBudget, UserRef,
    UserStatus, Write,
};

/// One write of the plan. `key` names it across runs (see [`step_key`]).
#[derive(Debug, Clone)]
pub struct PlanStep {
    pub key: String,
    pub kind: StepKind,
    pub write: Write,
    /// Unticked steps are not run.
    pub enabled: bool,
}

impl PlanStep {
    fn new(kind: StepKind, write: Write) -> PlanStep {
        PlanStep {
            key: step_key(
                &write.action(),
                write.user().map_or("", |u| &u.id),
                &write.options(),
            ),
            kind,
            write,
            enabled: true,
        }
    }

    /// The object the write touches (group, app, role, client), if any.
    pub fn object(&self) -> Option<ObjectRef> {
        let o = self.write.options();
        object_of(&o).map(|(id, name)| ObjectRef::new(id, name))
    }

    pub fn to_json(&self) -> Value {
        json!({
            "key": self.key,
            "step": self.kind,
            "action": self.write.action(),
            "object": self.object(),
            "description": self.write.describe(),
            "enabled": self.enabled,
        })
    }
}

fn object_of(options: &Map<String, Value>) -> Option<(String, String)> {
    for (id, name) in [
        ("groupId", "groupName"),
        ("appId", "appName"),
        ("roleId", "roleName"),
        ("clientId", "clientName"),
    ] {
        if let Some(i) = options.get(id).and_then(Value::as_str) {
            let n = options.get(name).and_then(Value::as_str).unwrap_or("");
            return Some((i.to_owned(), n.to_owned()));
        }
    }
    None
}

/// `action:userId[:objectId]`: the same for a step and for the journal line of its write, so
/// a resumed run can tell which steps already succeeded.
pub fn step_key(action: &str, user_id: &str, options: &Map<String, Value>) -> String {
    match object_of(options) {
        Some((id, _)) => format!("{action}:{user_id}:{id}"),
        None => format!("{action}:{user_id}"),
    }
}

/// Something the playbook leaves in place, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kept {
    /// group, app or role.
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub cause: String,
}

/// One user's part of the plan.
#[derive(Debug, Clone)]
pub struct UserPlan {
    pub user: UserRef,
    pub status: String,
    pub steps: Vec<PlanStep>,
    pub kept: Vec<Kept>,
    /// Why the user cannot be planned (not found, read failed).
    pub error: Option<String>,
}

/// The plan for every user, with the time it will take.
#[derive(Debug, Clone)]
pub struct Plan {
    pub playbook: Playbook,
    pub users: Vec<UserPlan>,
    /// The tenant is read-only: the plan is a dry run, `run` refuses it.
    pub read_only: bool,
}

/// Requests of one rate-limit bucket and the time they take under its budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BucketEstimate {
    pub bucket: &'static str,
    pub requests: usize,
    pub per_minute: u32,
    /// The budget was read from Okta's last answer (false: Okta's usual figure assumed).
    pub measured: bool,
    pub seconds: f64,
}

/// Writes per bucket when the client has not seen the bucket yet: Okta's figure for user
/// writes, the strictest the run meets.
const ASSUMED_PER_MINUTE: u32 = 600;

impl Plan {
    /// Leaves out (or puts back) every step of a kind.
    pub fn skip_step(&mut self, kind: StepKind, skip: bool) {
        for u in &mut self.users {
            for s in u.steps.iter_mut().filter(|s| s.kind == kind) {
                s.enabled = !skip;
            }
        }
    }

    /// Ticks or unticks one step by key; false when no step has it.
    pub fn set_enabled(&mut self, key: &str, enabled: bool) -> bool {
        let mut found = false;
        for s in self.users.iter_mut().flat_map(|u| u.steps.iter_mut()) {
            if s.key == key {
                s.enabled = enabled;
                found = true;
            }
        }
        found
    }

    pub fn enabled_steps(&self) -> impl Iterator<Item = (&UserPlan, &PlanStep)> {
        self.users
            .iter()
            .flat_map(|u| u.steps.iter().filter(|s| s.enabled).map(move |s| (u, s)))
    }

    /// Writes per step kind, enabled ones only.
    pub fn counts(&self) -> BTreeMap<StepKind, usize> {
        let mut out = BTreeMap::new();
        for (_, s) in self.enabled_steps() {
            *out.entry(s.kind).or_default() += 1;
        }
        out
    }

    /// The time the enabled writes take under the client's current budgets: per bucket, the
    /// writes beyond what is left in this window wait for later windows.
    pub fn estimate(&self, client: &Client) -> Vec<BucketEstimate> {
        self.estimate_with(
            |path| client.rate_budget_of(path),
            chrono::Utc::now().timestamp(),
        )
    }

    /// The budgets the plan's writes meet, per bucket, as the client knows them now: what a
    /// console keeps so it can estimate again as steps are ticked, without asking the client.
    pub fn budgets(&self, client: &Client) -> Vec<(String, RateBudget)> {
        let mut out: Vec<(String, RateBudget)> = Vec::new();
        for s in self.users.iter().flat_map(|u| &u.steps) {
            let path = s.write.request(false).path;
            let family = bucket_family(&path);
            if out.iter().any(|(f, _)| f == family) {
                continue;
            }
            if let Some(b) = client.rate_budget_of(&path) {
                out.push((family.to_owned(), b));
            }
        }
        out
    }

    /// [`Plan::estimate`] from given budgets (by request path) and clock.
    pub fn estimate_with(
        &self,
        budget_of: impl Fn(&str) -> Option<RateBudget>,
        now: i64,
    ) -> Vec<BucketEstimate> {
        let mut per: BTreeMap<&'static str, (usize, String)> = BTreeMap::new();
        for (_, s) in self.enabled_steps() {
            let path = s.write.request(false).path;
            let e = per.entry(bucket_family(&path)).or_insert((0, path));
            e.0 += 1;
        }
        per.into_iter()
            .map(|(bucket, (requests, path))| {
                let budget = budget_of(&path);
                let per_minute = budget.map_or(ASSUMED_PER_MINUTE, |b| b.limit.max(1));
                let remaining = budget.map_or(per_minute, |b| b.remaining) as usize;
                let over = requests.saturating_sub(remaining);
                let seconds = if over == 0 {
                    0.0
                } else {
                    let to_reset = budget.map_or(60, |b| (b.reset_epoch - now).clamp(0, 60));
                    to_reset as f64 + (over as f64 / f64::from(per_minute) - 1.0).max(0.0) * 60.0
                };
                BucketEstimate {
                    bucket,
                    requests,
                    per_minute,
                    measured: budget.is_some(),
                    seconds,
                }
            })
            .collect()
    }

    /// The plan as one JSON document (what `--plan` prints and the console shows).
    pub fn to_json(&self, client: &Client) -> Value {
        let estimate = self.estimate(client);
        let seconds = estimate.iter().map(|e| e.seconds).fold(0.0, f64::max);
        let counts: Map<String, Value> = self
            .counts()
            .into_iter()
            .map(|(k, n)| (k.name().to_owned(), json!(n)))
            .collect();
        json!({
            "playbook": self.playbook.name,
            "options": self.playbook.options,
            "readOnly": self.read_only,
            "counts": counts,
            "writes": self.enabled_steps().count(),
            "estimate": {"seconds": seconds, "buckets": estimate},
            "users": self.users.iter().map(|u| json!({
                "id": u.user.id,
                "login": u.user.login,
                "status": u.status,
                "error": u.error,
                "steps": u.steps.iter().map(PlanStep::to_json).collect::<Vec<_>>(),
                "kept": u.kept,
            })).collect::<Vec<_>>(),
        })
    }
}

/// Why a membership cannot simply be removed, if it cannot.
pub fn group_cause(g: &Group, user_id: &str, rules: &[GroupRule]) -> Option<String> {
    match &g.group_type {
        GroupType::BuiltIn => Some("every user is a member of a built-in group".into()),
        GroupType::AppGroup => {
            Some("imported from a directory or app: the membership is changed at its source".into())
        }
        GroupType::Other(t) => Some(format!("a {t} group oktui does not change")),
        GroupType::OktaGroup => rules
            .iter()
            .find(|r| r.keeps(user_id, &g.id))
            .map(|r| format!("group rule {:?} adds matching users back", r.name)),
    }
}

/// What one user's reads gave.
struct Reads {
    groups: Vec<Group>,
    apps: Vec<crate::okta::apps::AppAssignment>,
    roles: Vec<crate::okta::apps::RoleHolding>,
    clients: Vec<(String, String)>,
    grants: usize,
    factors: usize,
}

async fn read_user(client: &Client, id: &str, p: &Playbook) -> Result<Reads, OktaError> {
    let wants = |k: StepKind| p.steps.contains(&k);
    let groups = client.user_groups(id).await?.value;
    let apps = if wants(StepKind::Apps) || wants(StepKind::CopyApps) {
        client.user_app_assignments(id, &groups).await?
    } else {
        Vec::new()
    };
    let roles = if wants(StepKind::Roles) {
        client.user_role_holdings(id, &groups).await?
    } else {
        Vec::new()
    };
    let (clients, grants) = if wants(StepKind::Tokens) {
        (
            client.user_clients(id).await?,
            client.user_grant_count(id).await?,
        )
    } else {
        (Vec::new(), 0)
    };
    let factors = if wants(StepKind::Factors) {
        client.user_factors(id).await?.len()
    } else {
        0
    };
    Ok(Reads {
        groups,
        apps,
        roles,
        clients,
        grants,
        factors,
    })
}

/// Reads every user (and the group rules, once) and builds the plan. A user that cannot be
/// read gets an `error` and no steps; the others are planned.
pub async fn plan(
    client: &Client,
    users: &[String],
    playbook: &Playbook,
) -> Result<Plan, OktaError> {
    let rules = client.group_rules().await.unwrap_or_default();
    let template = match (&playbook.options.like, playbook.copies()) {
        (Some(t), true) => {
            let u = client.get_user(t).await?.value;
            let id = u.row.id().to_string();
            let reads = read_user(client, &id, playbook).await?;
            Some((id, reads))
        }
        (None, true) => {
            return Err(OktaError::Other(format!(
                "playbook {} copies from a template user: give one (--like USER or options.like)",
                playbook.name
            )));
        }
        _ => None,
    };
    let mut out = Vec::new();
    for who in users {
        let user = match client.get_user(who).await {
            Ok(u) => u.value,
            Err(e) => {
                out.push(UserPlan {
                    user: UserRef::new("", who.clone()),
                    status: String::new(),
                    steps: Vec::new(),
                    kept: Vec::new(),
                    error: Some(crate::perform::short_error(&e)),
                });
                continue;
            }
        };
        let uref = UserRef::of(&user);
        let reads = match read_user(client, &uref.id, playbook).await {
            Ok(r) => r,
            Err(e) => {
                out.push(UserPlan {
                    user: uref,
                    status: user.row.status_api().to_owned(),
                    steps: Vec::new(),
                    kept: Vec::new(),
                    error: Some(crate::perform::short_error(&e)),
                });
                continue;
            }
        };
        let mut up = UserPlan {
            user: uref.clone(),
            status: user.row.status_api().to_owned(),
            steps: Vec::new(),
            kept: Vec::new(),
            error: None,
        };
        for kind in &playbook.steps {
            plan_step(
                *kind,
                &mut up,
                &user.row.status(),
                &reads,
                &rules,
                playbook,
                template.as_ref(),
            );
        }
        out.push(up);
    }
    Ok(Plan {
        playbook: playbook.clone(),
        users: out,
        read_only: client.is_read_only(),
    })
}

fn plan_step(
    kind: StepKind,
    up: &mut UserPlan,
    status: &UserStatus,
    reads: &Reads,
    rules: &[GroupRule],
    playbook: &Playbook,
    template: Option<&(String, Reads)>,
) {
    let user = up.user.clone();
    let uid = user.id.clone();
    let mut push = |w: Write| up.steps.push(PlanStep::new(kind, w));
    // Groups the groups step will take the user out of (their apps and roles go with them).
    let removed: Vec<&str> = if playbook.steps.contains(&StepKind::Groups) {
        reads
            .groups
            .iter()
            .filter(|g| group_cause(g, &uid, rules).is_none())
            .map(|g| &*g.id)
            .collect()
    } else {
        Vec::new()
    };
    let mut kept = Vec::new();
    match kind {
        StepKind::Suspend => {
            if matches!(
                status,
                UserStatus::Active
                    | UserStatus::PasswordExpired
                    | UserStatus::LockedOut
                    | UserStatus::Recovery
            ) {
                push(Write::Lifecycle {
                    user,
                    op: LifecycleOp::Suspend,
                });
            }
        }
        StepKind::Deactivate => {
            if *status != UserStatus::Deprovisioned {
                push(Write::Lifecycle {
                    user,
                    op: LifecycleOp::Deactivate { send_email: false },
                });
            }
        }
        StepKind::Sessions => push(Write::EndSessions {
            user,
            oauth_tokens: playbook.options.oauth_tokens,
            forget_devices: playbook.options.forget_devices,
        }),
        StepKind::Tokens => {
            // Tokens per client first: the clients list comes from the grants.
            for (id, name) in &reads.clients {
                push(Write::RevokeClientTokens {
                    user: user.clone(),
                    client: ObjectRef::new(id.clone(), name.clone()),
                });
            }
            if reads.grants > 0 {
                push(Write::RevokeGrants { user });
            }
        }
        StepKind::Groups => {
            for g in &reads.groups {
                match group_cause(g, &uid, rules) {
                    None => push(Write::RemoveMember {
                        group: GroupRef::new(g.id.to_string(), g.name.to_string()),
                        user: user.clone(),
                    }),
                    Some(_) if g.group_type == GroupType::BuiltIn => {}
                    Some(cause) => kept.push(Kept {
                        kind: "group",
                        id: g.id.to_string(),
                        name: g.name.to_string(),
                        cause,
                    }),
                }
            }
        }
        StepKind::Apps => {
            for a in &reads.apps {
                match &a.origin {
                    Origin::Direct => push(Write::UnassignApp {
                        app: ObjectRef::new(a.app.id.clone(), a.app.label.clone()),
                        user: user.clone(),
                    }),
                    Origin::Groups { groups } => {
                        if groups.iter().any(|g| !removed.contains(&g.id.as_str()))
                            || groups.is_empty()
                        {
                            kept.push(Kept {
                                kind: "app",
                                id: a.app.id.clone(),
                                name: a.app.label.clone(),
                                cause: a.origin.describe(),
                            });
                        }
                    }
                }
            }
        }
        StepKind::Roles => {
            for r in &reads.roles {
                match &r.origin {
                    Origin::Direct => push(Write::RemoveRole {
                        user: user.clone(),
                        role: ObjectRef::new(r.role.id.clone(), r.role.label.clone()),
                    }),
                    Origin::Groups { groups } => {
                        if groups.iter().any(|g| !removed.contains(&g.id.as_str()))
                            || groups.is_empty()
                        {
                            kept.push(Kept {
                                kind: "role",
                                id: r.role.id.clone(),
                                name: r.role.label.clone(),
                                cause: r.origin.describe(),
                            });
                        }
                    }
                }
            }
        }
        StepKind::Factors => {
            if reads.factors > 0 {
                push(Write::Lifecycle {
                    user,
                    op: LifecycleOp::ResetFactors,
                });
            }
        }
        StepKind::CopyGroups => {
            let Some((tid, t)) = template else { return };
            for g in &t.groups {
                if reads.groups.iter().any(|have| have.id == g.id) {
                    continue;
                }
                match group_cause(g, tid, rules) {
                    None => push(Write::AddMember {
                        group: GroupRef::new(g.id.to_string(), g.name.to_string()),
                        user: user.clone(),
                    }),
                    Some(_) if g.group_type == GroupType::BuiltIn => {}
                    Some(cause) => kept.push(Kept {
                        kind: "group",
                        id: g.id.to_string(),
                        name: g.name.to_string(),
                        cause: format!("not copied: {cause}"),
                    }),
                }
            }
        }
        StepKind::CopyApps => {
            let Some((_, t)) = template else { return };
            for a in t.apps.iter().filter(|a| a.origin.is_direct()) {
                if reads.apps.iter().any(|have| have.app.id == a.app.id) {
                    continue;
                }
                push(Write::AssignApp {
                    app: ObjectRef::new(a.app.id.clone(), a.app.label.clone()),
                    user: user.clone(),
                });
            }
        }
    }
    up.kept.extend(kept);
}
