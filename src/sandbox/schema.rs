//! The default user profile schema (`GET /api/v1/meta/schemas/user/default`): Okta's base
//! attributes the seed fills and the org's custom ones, with the checks a profile update
//! answers with E0000001 causes.

use serde_json::{Map, Value as Json, json};

/// One attribute: name, title, required, max length, allowed values, read-only to the API.
pub struct Attribute {
    pub name: &'static str,
    pub title: &'static str,
    pub required: bool,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub one_of: &'static [&'static str],
    /// Mastered elsewhere (an HR source): the API refuses to change it.
    pub read_only: bool,
}

const fn attr(name: &'static str, title: &'static str) -> Attribute {
    Attribute {
        name,
        title,
        required: false,
        min_length: None,
        max_length: None,
        one_of: &[],
        read_only: false,
    }
}

/// Okta's base attributes that oktui and the seed use, with Okta's lengths.
pub const BASE: &[Attribute] = &[
    Attribute {
        required: true,
        min_length: Some(5),
        max_length: Some(100),
        ..attr("login", "Username")
    },
    Attribute {
        required: true,
        min_length: Some(5),
        max_length: Some(100),
        ..attr("email", "Primary email")
    },
    Attribute {
        required: true,
        min_length: Some(1),
        max_length: Some(50),
        ..attr("firstName", "First name")
    },
    Attribute {
        required: true,
        min_length: Some(1),
        max_length: Some(50),
        ..attr("lastName", "Last name")
    },
    Attribute {
        max_length: Some(100),
        ..attr("secondEmail", "Secondary email")
    },
    Attribute {
        max_length: Some(100),
        ..attr("mobilePhone", "Mobile phone")
    },
    attr("title", "Title"),
    attr("department", "Department"),
    attr("city", "City"),
    Attribute {
        min_length: Some(2),
        max_length: Some(2),
        ..attr("countryCode", "Country code")
    },
    attr("employeeNumber", "Employee number"),
    attr("manager", "Manager"),
];

/// The org's custom attributes.
pub const CUSTOM: &[Attribute] = &[
    Attribute {
        one_of: &["employee", "contractor", "intern", "vendor"],
        ..attr("workerType", "Worker type")
    },
    Attribute {
        read_only: true,
        ..attr("hrId", "HR system id")
    },
];

fn property(a: &Attribute, custom: bool) -> Json {
    let mut p = json!({
        "title": a.title,
        "type": "string",
        "required": a.required,
        "mutability": if a.read_only { "READ_ONLY" } else { "READ_WRITE" },
        "scope": "NONE",
        "permissions": [{"principal": "SELF", "action": if a.read_only { "READ_ONLY" } else { "READ_WRITE" }}],
        "master": {"type": if a.read_only { "OVERRIDE" } else { "PROFILE_MASTER" }},
    });
    if let Some(n) = a.min_length {
        p["minLength"] = json!(n);
    }
    if let Some(n) = a.max_length {
        p["maxLength"] = json!(n);
    }
    if !a.one_of.is_empty() {
        p["enum"] = json!(a.one_of);
        p["oneOf"] = Json::Array(
            a.one_of
                .iter()
                .map(|v| json!({"const": v, "title": v}))
                .collect(),
        );
    }
    if a.name == "login" {
        p["unique"] = json!(true);
        p["pattern"] = json!(".+");
    }
    if custom {
        p["union"] = json!("DISABLE");
    }
    p
}

pub fn schema_json(base: &str) -> Json {
    let props = |list: &[Attribute], custom: bool| -> Map<String, Json> {
        list.iter()
            .map(|a| (a.name.to_owned(), property(a, custom)))
            .collect()
    };
    let required: Vec<&str> = BASE.iter().filter(|a| a.required).map(|a| a.name).collect();
    json!({
        "id": format!("{base}/meta/schemas/user/default"),
        "$schema": "http://json-schema.org/draft-04/schema#",
        "name": "user",
        "title": "User",
        "type": "object",
        "created": "2018-01-01T00:00:00.000Z",
        "lastUpdated": "2018-01-01T00:00:00.000Z",
        "definitions": {
            "base": {"id": "#base", "type": "object", "properties": props(BASE, false), "required": required},
            "custom": {"id": "#custom", "type": "object", "properties": props(CUSTOM, true), "required": []},
        },
        "properties": {"profile": {"allOf": [{"$ref": "#/definitions/custom"}, {"$ref": "#/definitions/base"}]}},
        "_links": {"self": {"href": format!("{base}/api/v1/meta/schemas/user/default"), "method": "GET"}},
    })
}

/// Causes for the schema's types, lengths and enums, and for read-only attributes that
/// `changed` says the request tries to change. Required and login/email checks are done by
/// `profile.rs`.
pub fn schema_causes(
    profile: &Map<String, Json>,
    changed: &dyn Fn(&str) -> bool,
) -> Vec<(&'static str, String)> {
    let mut causes = Vec::new();
    for a in BASE.iter().chain(CUSTOM) {
        let Some(v) = profile.get(a.name) else {
            continue;
        };
        let s = match v {
            Json::Null => continue,
            Json::String(s) => s,
            _ => {
                if !matches!(a.name, "login" | "email" | "firstName" | "lastName") {
                    causes.push((a.name, format!("{}: Does not match required type", a.name)));
                }
                continue;
            }
        };
        if a.read_only && changed(a.name) {
            causes.push((
                a.name,
                format!(
                    "{}: Cannot modify the {} attribute because it is read-only",
                    a.name, a.name
                ),
            ));
            continue;
        }
        // login/email/firstName/lastName lengths are reported by profile.rs with Okta's words.
        if matches!(a.name, "login" | "email" | "firstName" | "lastName") {
            continue;
        }
        let len = s.chars().count() as u32;
        if a.max_length.is_some_and(|m| len > m) {
            causes.push((a.name, format!("{}: The field is too long", a.name)));
        } else if !s.is_empty() && a.min_length.is_some_and(|m| len < m) {
            causes.push((a.name, format!("{}: The field is too short", a.name)));
        }
        if !a.one_of.is_empty() && !a.one_of.contains(&s.as_str()) {
            causes.push((
                a.name,
                format!("{}: Does not match required enum value", a.name),
            ));
        }
    }
    causes
}
