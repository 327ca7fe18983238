//! Group rules (`/api/v1/groups/rules`): a condition on the user profile in Okta's expression
//! language, and the OKTA_GROUPs a matching user is added to while the rule is ACTIVE.
//!
//! The sandbox understands the common form of a rule expression: comparisons of
//! `user.<attribute>` with a string (`==`, `!=`), joined by `&&` or `||` (`&&` binds tighter).
//! Anything else is refused as Okta refuses an invalid expression.

use std::collections::BTreeSet;

use serde_json::{Value as Json, json};

use super::error::ErrorResponse;
use super::shapes::fmt_time;
use super::store::{GroupType, Status, Store, User};

pub const EXPRESSION_TYPE: &str = "urn:okta:expression:1.0";

#[derive(Debug, Clone, PartialEq)]
pub struct GroupRule {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub created: i64,
    pub last_updated: i64,
    pub expression: String,
    pub excluded_users: Vec<String>,
    pub group_ids: Vec<String>,
    /// Memberships the rule made (group id, user id), removed by `DELETE ?removeUsers=true`.
    pub added: BTreeSet<(String, String)>,
}

/// A parsed expression: alternatives (`||`) of conjunctions (`&&`) of comparisons.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition(Vec<Vec<(String, bool, String)>>);

impl Condition {
    pub fn parse(text: &str) -> Result<Condition, String> {
        let mut any = Vec::new();
        for alternative in text.split("||") {
            let mut all = Vec::new();
            for term in alternative.split("&&") {
                let term = term.trim();
                let (lhs, equal, rhs) = if let Some((l, r)) = term.split_once("!=") {
                    (l, false, r)
                } else if let Some((l, r)) = term.split_once("==") {
                    (l, true, r)
                } else {
                    return Err(format!("Invalid expression: '{term}'"));
                };
                let attr = lhs
                    .trim()
                    .strip_prefix("user.")
                    .filter(|a| {
                        !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
                    .ok_or_else(|| {
                        format!("Invalid property name in expression: '{}'", lhs.trim())
                    })?;
                let value = rhs
                    .trim()
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .ok_or_else(|| format!("Invalid value in expression: '{}'", rhs.trim()))?;
                all.push((attr.to_owned(), equal, value.to_owned()));
            }
            any.push(all);
        }
        Ok(Condition(any))
    }

    pub fn matches(&self, u: &User) -> bool {
        self.0.iter().any(|all| {
            all.iter().all(|(attr, equal, value)| {
                let actual = u
                    .profile
                    .get(attr)
                    .and_then(Json::as_str)
                    .unwrap_or_default();
                (actual == value) == *equal
            })
        })
    }
}

/// The parts of a rule a create or replace request gives.
pub struct RuleRequest {
    pub name: String,
    pub expression: String,
    pub excluded_users: Vec<String>,
    pub group_ids: Vec<String>,
}

fn invalid(field: &str, cause: String) -> ErrorResponse {
    ErrorResponse::validation(field, vec![cause])
}

impl Store {
    fn check_rule(&self, req: &RuleRequest) -> Result<(), ErrorResponse> {
        let name_len = req.name.trim().chars().count();
        if !(1..=50).contains(&name_len) {
            return Err(invalid(
                "name",
                "name: The field must be between 1 and 50 characters".into(),
            ));
        }
        Condition::parse(&req.expression).map_err(|e| invalid("conditions.expression.value", e))?;
        if req.group_ids.is_empty() {
            return Err(invalid(
                "actions.assignUserToGroups.groupIds",
                "actions.assignUserToGroups.groupIds: The field cannot be left blank".into(),
            ));
        }
        for g in &req.group_ids {
            match self.groups.get(g) {
                None => {
                    return Err(invalid(
                        "actions.assignUserToGroups.groupIds",
                        format!("actions.assignUserToGroups.groupIds: Group {g} not found"),
                    ));
                }
                Some(group) if group.kind != GroupType::OktaGroup => {
                    return Err(invalid(
                        "actions.assignUserToGroups.groupIds",
                        format!(
                            "actions.assignUserToGroups.groupIds: Rules can only assign users to groups of type OKTA_GROUP; {g} is {}",
                            group.kind.as_str()
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        let taken = self
            .rules
            .values()
            .any(|r| r.name.eq_ignore_ascii_case(req.name.trim()));
        if taken {
            return Err(invalid(
                "name",
                "name: An object with this field already exists in the current organization".into(),
            ));
        }
        Ok(())
    }

    /// `POST /groups/rules`: the rule starts INACTIVE.
    pub fn create_rule(&mut self, req: RuleRequest, now: i64) -> Result<String, ErrorResponse> {
        self.check_rule(&req)?;
        let id = self.ids.id("0pr");
        self.rules.insert(
            id.clone(),
            GroupRule {
                id: id.clone(),
                name: req.name.trim().to_owned(),
                status: "INACTIVE",
                created: now,
                last_updated: now,
                expression: req.expression,
                excluded_users: req.excluded_users,
                group_ids: req.group_ids,
                added: BTreeSet::new(),
            },
        );
        Ok(id)
    }

    fn rule(&self, id: &str) -> Result<&GroupRule, ErrorResponse> {
        self.rules
            .get(id)
            .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (GroupRule)")))
    }

    /// `PUT /groups/rules/{id}`: only an INACTIVE rule, and not its actions.
    pub fn replace_rule(
        &mut self,
        id: &str,
        req: RuleRequest,
        now: i64,
    ) -> Result<(), ErrorResponse> {
        let current = self.rule(id)?.clone();
        if current.status == "ACTIVE" {
            return Err(invalid(
                "status",
                "status: Cannot update rule in ACTIVE status. Deactivate the rule first.".into(),
            ));
        }
        if req.group_ids != current.group_ids {
            return Err(invalid(
                "actions",
                "actions: The actions of a rule cannot be updated".into(),
            ));
        }
        // Its own name does not count as taken.
        let own = self.rules.remove(id);
        let checked = self.check_rule(&req);
        if let Some(own) = own {
            self.rules.insert(id.to_owned(), own);
        }
        checked?;
        if let Some(r) = self.rules.get_mut(id) {
            r.name = req.name.trim().to_owned();
            r.expression = req.expression;
            r.excluded_users = req.excluded_users;
            r.last_updated = now;
        }
        Ok(())
    }

    pub fn set_rule_active(
        &mut self,
        id: &str,
        active: bool,
        now: i64,
    ) -> Result<(), ErrorResponse> {
        self.rule(id)?;
        if let Some(r) = self.rules.get_mut(id) {
            r.status = if active { "ACTIVE" } else { "INACTIVE" };
            r.last_updated = now;
        }
        if active {
            let ids: Vec<String> = self.users.keys().cloned().collect();
            for uid in ids {
                self.apply_rule(id, &uid, now);
            }
        }
        Ok(())
    }

    /// `DELETE /groups/rules/{id}?removeUsers=`: the memberships it made stay unless asked.
    pub fn delete_rule(
        &mut self,
        id: &str,
        remove_users: bool,
        now: i64,
    ) -> Result<(), ErrorResponse> {
        self.rule(id)?;
        let Some(rule) = self.rules.remove(id) else {
            return Ok(());
        };
        if remove_users {
            for (gid, uid) in &rule.added {
                if self.remove_member(gid, uid)
                    && let Some(g) = self.groups.get_mut(gid)
                {
                    g.last_membership_updated = now;
                }
            }
        }
        Ok(())
    }

    /// Adds the user to the groups of one ACTIVE rule it matches.
    fn apply_rule(&mut self, rule_id: &str, uid: &str, now: i64) {
        let Some(rule) = self.rules.get(rule_id) else {
            return;
        };
        let Some(u) = self.users.get(uid) else {
            return;
        };
        if rule.status != "ACTIVE"
            || u.status == Status::Deprovisioned
            || rule.excluded_users.iter().any(|x| x == uid)
            || !Condition::parse(&rule.expression).is_ok_and(|c| c.matches(u))
        {
            return;
        }
        let groups = rule.group_ids.clone();
        for gid in groups {
            if self.add_member(&gid, uid) {
                if let Some(g) = self.groups.get_mut(&gid) {
                    g.last_membership_updated = now;
                }
                if let Some(r) = self.rules.get_mut(rule_id) {
                    r.added.insert((gid.clone(), uid.to_owned()));
                }
            }
        }
    }

    /// Runs every ACTIVE rule for one user (after it is created or its profile changes).
    pub fn apply_rules_to(&mut self, uid: &str, now: i64) {
        if self.rules.is_empty() {
            return;
        }
        let ids: Vec<String> = self.rules.keys().cloned().collect();
        for id in ids {
            self.apply_rule(&id, uid, now);
        }
    }

    pub fn rule_json(&self, r: &GroupRule, expand_names: bool) -> Json {
        let mut out = json!({
            "type": "group_rule",
            "id": r.id,
            "status": r.status,
            "name": r.name,
            "created": fmt_time(r.created),
            "lastUpdated": fmt_time(r.last_updated),
            "conditions": {
                "people": {"users": {"exclude": r.excluded_users}, "groups": {"exclude": []}},
                "expression": {"value": r.expression, "type": EXPRESSION_TYPE},
            },
            "actions": {"assignUserToGroups": {"groupIds": r.group_ids}},
        });
        if expand_names {
            let names: serde_json::Map<String, Json> = r
                .group_ids
                .iter()
                .filter_map(|g| self.groups.get(g).map(|grp| (g.clone(), json!(grp.name()))))
                .collect();
            out["_embedded"] = json!({"groupIdToGroupNameMap": names});
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions() {
        let c = Condition::parse(
            r#"user.department=="Engineering" && user.city != "Paris" || user.title=="CEO""#,
        )
        .unwrap();
        assert_eq!(c.0.len(), 2);
        assert!(Condition::parse("isMemberOfAnyGroup(\"00g1\")").is_err());
        assert!(Condition::parse("user.department==Engineering").is_err());
        assert!(Condition::parse("group.name==\"x\"").is_err());
    }
}
