//! The user profile schema (`GET /api/v1/meta/schemas/user/default`) read into the
//! attributes a profile form needs, and the diff that makes an update send only what changed.

use reqwest::Method;
use serde::Serialize;
use serde_json::{Map, Value};

use super::client::{Client, Fetched};
use super::error::OktaError;

pub const USER_SCHEMA_PATH: &str = "/api/v1/meta/schemas/user/default";

/// One profile attribute as the schema describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaAttribute {
    pub name: String,
    pub title: String,
    /// JSON type: string, boolean, integer, number, array.
    pub kind: String,
    pub required: bool,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Allowed values, when the schema lists them (`enum`).
    pub one_of: Vec<String>,
    /// Shown, never editable: the API refuses changes (`mutability` READ_ONLY).
    pub read_only: bool,
    /// From the org's custom definitions rather than Okta's base ones.
    pub custom: bool,
}

impl SchemaAttribute {
    /// The problem with `value` for this attribute that the schema alone shows, in Okta's
    /// words; the server has the last word (uniqueness, login format).
    pub fn problem(&self, value: &Value) -> Option<String> {
        let name = &self.name;
        match value {
            Value::Null if self.required => {
                return Some(format!("{name}: The field cannot be left blank"));
            }
            Value::Null => return None,
            Value::String(s) if self.kind == "string" => {
                let len = s.chars().count() as u64;
                if self.required && s.trim().is_empty() {
                    return Some(format!("{name}: The field cannot be left blank"));
                }
                if self.max_length.is_some_and(|m| len > m) {
                    return Some(format!("{name}: The field is too long"));
                }
                if !s.is_empty() && self.min_length.is_some_and(|m| len < m) {
                    return Some(format!("{name}: The field is too short"));
                }
                if !self.one_of.is_empty() && !self.one_of.iter().any(|v| v == s) {
                    return Some(format!("{name}: Does not match required enum value"));
                }
            }
            Value::String(_) => return Some(format!("{name}: Does not match required type")),
            _ => {}
        }
        None
    }
}

/// The attributes of the default user type, base ones first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ProfileSchema {
    pub attributes: Vec<SchemaAttribute>,
}

impl ProfileSchema {
    pub fn from_value(v: &Value) -> ProfileSchema {
        let mut attributes = Vec::new();
        for (section, custom) in [("base", false), ("custom", true)] {
            let def = v.pointer(&format!("/definitions/{section}"));
            let required: Vec<&str> = def
                .and_then(|d| d.get("required"))
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let Some(props) = def
                .and_then(|d| d.get("properties"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            for (name, p) in props {
                let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                let one_of = p
                    .get("enum")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                attributes.push(SchemaAttribute {
                    name: name.clone(),
                    title: s("title"),
                    kind: Some(s("type"))
                        .filter(|t| !t.is_empty())
                        .unwrap_or("string".into()),
                    required: required.contains(&name.as_str())
                        || p.get("required").and_then(Value::as_bool) == Some(true),
                    min_length: p.get("minLength").and_then(Value::as_u64),
                    max_length: p.get("maxLength").and_then(Value::as_u64),
                    one_of,
                    read_only: s("mutability") == "READ_ONLY",
                    custom,
                });
            }
        }
        ProfileSchema { attributes }
    }

    pub fn attribute(&self, name: &str) -> Option<&SchemaAttribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// Problems with `changes` (attribute, cause) before anything is sent: unknown or
    /// read-only attributes, types, lengths, enums.
    pub fn check(&self, changes: &Map<String, Value>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (name, value) in changes {
            match self.attribute(name) {
                None => out.push((
                    name.clone(),
                    format!("{name}: Property name {name} is not defined in the profile schema"),
                )),
                Some(a) if a.read_only => out.push((
                    name.clone(),
                    format!("{name}: Cannot modify the {name} attribute because it is read-only"),
                )),
                Some(a) => {
                    if let Some(p) = a.problem(value) {
                        out.push((name.clone(), p));
                    }
                }
            }
        }
        out
    }
}

/// The attributes of `edited` that differ from `before` (an attribute removed from `edited`
/// counts only when it is present in `before`: it is sent as null, which clears it).
pub fn profile_changes(
    before: &Map<String, Value>,
    edited: &Map<String, Value>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in edited {
        let old = before.get(k).unwrap_or(&Value::Null);
        if old != v {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// Okta's E0000001 causes ("title: The field is too long") as (attribute, cause), so a form
/// can show each beside its field; a cause that names no attribute of `schema` is keyed "".
pub fn causes_by_field(err: &OktaError, schema: &ProfileSchema) -> Vec<(String, String)> {
    let OktaError::Api { causes, .. } = err else {
        return Vec::new();
    };
    causes
        .iter()
        .map(|c| {
            let field = c
                .split_once(':')
                .map(|(f, _)| f.trim())
                .filter(|f| schema.attribute(f).is_some())
                .unwrap_or("");
            (field.to_owned(), c.clone())
        })
        .collect()
}

impl Client {
    pub async fn user_schema(&self) -> Result<Fetched<ProfileSchema>, OktaError> {
        let response = self.send(Method::GET, USER_SCHEMA_PATH, &[], None).await?;
        Ok(Fetched {
            value: ProfileSchema::from_value(&response.body),
            response,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_attributes_are_sent_and_removals_are_nulls() {
        let before = json!({"title": "Engineer", "city": "Paris", "department": "IT"});
        let edited = json!({"title": "Manager", "city": "Paris", "department": null});
        let c = profile_changes(before.as_object().unwrap(), edited.as_object().unwrap());
        assert_eq!(
            Value::Object(c),
            json!({"title": "Manager", "department": null})
        );
    }

    #[test]
    fn okta_causes_are_keyed_by_their_attribute() {
        let schema = ProfileSchema::from_value(&json!({"definitions": {
            "base": {"properties": {"title": {"type": "string"}}}}}));
        let err = OktaError::Api {
            status: 400,
            code: Some("E0000001".into()),
            summary: "Api validation failed: title".into(),
            causes: vec![
                "title: The field is too long".into(),
                "something else".into(),
            ],
            request_id: None,
            www_authenticate: None,
        };
        let by = causes_by_field(&err, &schema);
        assert_eq!(by[0].0, "title");
        assert_eq!(by[1], (String::new(), "something else".to_owned()));
    }

    #[test]
    fn schema_checks_enums_lengths_and_read_only() {
        let schema = ProfileSchema::from_value(&json!({"definitions": {
            "base": {"required": ["firstName"], "properties": {
                "firstName": {"title": "First name", "type": "string", "maxLength": 3}}},
            "custom": {"properties": {
                "workerType": {"type": "string", "enum": ["employee", "vendor"]},
                "hrId": {"type": "string", "mutability": "READ_ONLY"}}}}}));
        assert!(schema.attribute("firstName").unwrap().required);
        let changes = json!({"firstName": "Alexandra", "workerType": "pirate", "hrId": "1",
            "shoeSize": "9"});
        let problems = schema.check(changes.as_object().unwrap());
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["firstName", "hrId", "shoeSize", "workerType"]);
        assert!(problems[0].1.contains("too long"));
        assert!(problems[3].1.contains("enum"));
        assert!(
            schema
                .check(json!({"workerType": "vendor"}).as_object().unwrap())
                .is_empty()
        );
    }
}
