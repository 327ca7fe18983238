//! `POST /groups`, `PUT /groups/{id}`, `DELETE /groups/{id}`: only OKTA_GROUPs can be changed;
//! APP_GROUPs are kept by imports and BUILT_IN ones (Everyone) by Okta.

use serde_json::{Map, Value as Json};

use super::error::ErrorResponse;
use super::store::{Group, GroupType, Store};

impl Store {
    fn group_causes(&self, profile: &Map<String, Json>, own_id: Option<&str>) -> Vec<String> {
        let mut causes = Vec::new();
        match profile.get("name").and_then(Json::as_str).map(str::trim) {
            None | Some("") => causes.push("name: The field cannot be left blank".to_owned()),
            Some(name) if name.chars().count() > 255 => {
                causes.push("name: The field is too long".to_owned())
            }
            Some(name) => {
                let taken = self
                    .groups
                    .values()
                    .any(|g| Some(g.id.as_str()) != own_id && g.name().eq_ignore_ascii_case(name));
                if taken {
                    causes.push(
                        "name: An object with this field already exists in the current organization"
                            .to_owned(),
                    );
                }
            }
        }
        match profile.get("description") {
            None | Some(Json::Null) | Some(Json::String(_)) => {}
            Some(_) => causes.push("description: Does not match required type".to_owned()),
        }
        causes
    }

    /// A new OKTA_GROUP; an unset description is kept as `null`.
    pub fn create_group(
        &mut self,
        mut profile: Map<String, Json>,
        now: i64,
    ) -> Result<String, ErrorResponse> {
        let causes = self.group_causes(&profile, None);
        if !causes.is_empty() {
            return Err(ErrorResponse::validation("profile", causes));
        }
        profile.entry("description").or_insert(Json::Null);
        let id = self.ids.id("00g");
        self.insert_group(Group {
            id: id.clone(),
            kind: GroupType::OktaGroup,
            created: now,
            last_updated: now,
            last_membership_updated: now,
            profile,
            source: None,
        });
        Ok(id)
    }

    fn editable_group(&self, id: &str) -> Result<&Group, ErrorResponse> {
        let g = self
            .groups
            .get(id)
            .ok_or_else(|| ErrorResponse::not_found(&format!("{id} (UserGroup)")))?;
        if g.kind != GroupType::OktaGroup {
            return Err(ErrorResponse::access_denied());
        }
        Ok(g)
    }

    /// Replaces the profile: attributes left out are gone (`description` becomes `null`).
    pub fn replace_group(
        &mut self,
        id: &str,
        mut profile: Map<String, Json>,
        now: i64,
    ) -> Result<(), ErrorResponse> {
        self.editable_group(id)?;
        let causes = self.group_causes(&profile, Some(id));
        if !causes.is_empty() {
            return Err(ErrorResponse::validation("profile", causes));
        }
        profile.entry("description").or_insert(Json::Null);
        if let Some(g) = self.groups.get_mut(id) {
            g.profile = profile;
            g.last_updated = now;
        }
        Ok(())
    }

    /// Deletes an OKTA_GROUP with its memberships, role assignments and rule targets.
    pub fn delete_group(&mut self, id: &str, now: i64) -> Result<(), ErrorResponse> {
        self.editable_group(id)?;
        self.groups.remove(id);
        let members: Vec<String> = self
            .members(id)
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default();
        for uid in members {
            self.remove_member(id, &uid);
        }
        self.forget_group(id);
        for rule in self.rules.values_mut() {
            rule.group_ids.retain(|g| g != id);
            rule.added.retain(|(g, _)| g != id);
            if rule.group_ids.is_empty() {
                // Okta marks a rule whose groups are all gone as INVALID.
                rule.status = "INVALID";
                rule.last_updated = now;
            }
        }
        Ok(())
    }
}
