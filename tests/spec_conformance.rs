//! Sandbox answers checked against the official Okta Management API spec
//! (`../shared/okta-api/management-oneOfInheritance.yaml`): each body is validated against the
//! schema the spec gives for that operation and status (User, Group, Error, role assignments,
//! AssignedAppLink, WellKnownOrgMetadata, ...). Without the spec file the tests say they
//! skipped.
//!
//! The validator is small on purpose: `$ref`, `type`, `required`, `properties`, `items`,
//! `additionalProperties`, `enum`, `nullable`, `allOf` / `anyOf` / `oneOf` (a discriminator
//! mapping picks the branch when present), `format: date-time`, and `writeOnly` properties
//! (which must never appear in a response).

use std::path::PathBuf;
use std::sync::OnceLock;

use oktui::sandbox::{self, SandboxHandle, SandboxOptions};
use reqwest::{Method, Response};
use serde_json::{Value, json};

fn spec() -> Option<&'static Value> {
    static SPEC: OnceLock<Option<Value>> = OnceLock::new();
    SPEC.get_or_init(|| {
        // OKTA_SPEC points elsewhere, e.g. from a worktree that is not beside `shared/`.
        let path = std::env::var_os("OKTA_SPEC").map_or_else(
            || {
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../shared/okta-api/management-oneOfInheritance.yaml")
            },
            PathBuf::from,
        );
        let text = std::fs::read_to_string(path).ok()?;
        Some(serde_yaml_ng::from_str::<Value>(&text).expect("the spec parses as YAML"))
    })
    .as_ref()
}

macro_rules! spec_or_skip {
    () => {
        match spec() {
            Some(s) => s,
            None => {
                println!("SKIPPED: ../shared/okta-api not found");
                return;
            }
        }
    };
}

// ---- the validator ----

struct Validator<'s> {
    spec: &'s Value,
    errors: Vec<String>,
}

impl<'s> Validator<'s> {
    fn new(spec: &'s Value) -> Self {
        Validator {
            spec,
            errors: Vec::new(),
        }
    }

    fn resolve(&self, schema: &'s Value) -> &'s Value {
        let mut s = schema;
        for _ in 0..32 {
            match s.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    let pointer = r.trim_start_matches('#');
                    s = self
                        .spec
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("unresolvable $ref {r}"));
                }
                None => return s,
            }
        }
        panic!("$ref loop")
    }

    fn check(&mut self, schema: &'s Value, v: &Value, at: &str) {
        let schema = self.resolve(schema);
        if v.is_null() {
            let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
            let typed = schema.get("type").is_some() || schema.get("properties").is_some();
            if typed && !nullable {
                self.errors
                    .push(format!("{at}: null where the spec does not allow it"));
            }
            return;
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for s in all {
                self.check(s, v, at);
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array) {
                self.check_branches(schema, branches, v, at);
            }
        }
        if let Some(t) = schema.get("type").and_then(Value::as_str) {
            let ok = match t {
                "string" => v.is_string(),
                "integer" => v.is_i64() || v.is_u64(),
                "number" => v.is_number(),
                "boolean" => v.is_boolean(),
                "array" => v.is_array(),
                "object" => v.is_object(),
                _ => true,
            };
            if !ok {
                self.errors.push(format!("{at}: expected {t}, got {v}"));
                return;
            }
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array)
            && !options.contains(v)
        {
            self.errors.push(format!(
                "{at}: {v} is not one of {}",
                Value::Array(options.clone())
            ));
        }
        if schema.get("format").and_then(Value::as_str) == Some("date-time")
            && let Some(s) = v.as_str()
            && chrono::DateTime::parse_from_rfc3339(s).is_err()
        {
            self.errors.push(format!("{at}: {s:?} is not a date-time"));
        }
        if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
            for (i, item) in arr.iter().enumerate() {
                self.check(items, item, &format!("{at}[{i}]"));
            }
        }
        if let Some(obj) = v.as_object() {
            let props = schema.get("properties").and_then(Value::as_object);
            if let Some(required) = schema.get("required").and_then(Value::as_array) {
                for r in required.iter().filter_map(Value::as_str) {
                    if !obj.contains_key(r) {
                        self.errors
                            .push(format!("{at}: required property {r} missing"));
                    }
                }
            }
            for (k, val) in obj {
                match props.and_then(|p| p.get(k)) {
                    Some(p) => {
                        let p = self.resolve(p);
                        if p.get("writeOnly").and_then(Value::as_bool) == Some(true) {
                            self.errors
                                .push(format!("{at}.{k}: write-only property in a response"));
                        }
                        self.check(p, val, &format!("{at}.{k}"));
                    }
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => self
                            .errors
                            .push(format!("{at}.{k}: not allowed by the spec")),
                        Some(extra @ Value::Object(_)) => {
                            self.check(extra, val, &format!("{at}.{k}"))
                        }
                        _ => {}
                    },
                }
            }
        }
    }

    /// `anyOf`/`oneOf`: a discriminator mapping picks the branch; otherwise one branch must fit.
    fn check_branches(&mut self, schema: &'s Value, branches: &'s [Value], v: &Value, at: &str) {
        if let Some(d) = schema.get("discriminator") {
            let prop = d.get("propertyName").and_then(Value::as_str).unwrap_or("");
            let tag = v.get(prop).and_then(Value::as_str).unwrap_or("");
            if let Some(target) = d
                .pointer(&format!("/mapping/{tag}"))
                .and_then(Value::as_str)
            {
                let chosen = json!({ "$ref": target });
                let chosen: &'s Value = Box::leak(Box::new(chosen));
                self.check(chosen, v, at);
                return;
            }
        }
        let fits = branches.iter().any(|b| {
            let mut sub = Validator::new(self.spec);
            sub.check(b, v, at);
            sub.errors.is_empty()
        });
        if !fits {
            self.errors
                .push(format!("{at}: matches none of the anyOf/oneOf branches"));
        }
    }

    /// Properties the object has that the (flattened) schema does not name: the sandbox must
    /// not invent top-level fields.
    fn unknown_top_level(&self, schema: &'s Value, v: &Value) -> Vec<String> {
        let mut names = Vec::new();
        self.collect_props(schema, &mut names);
        v.as_object()
            .map(|o| o.keys().filter(|k| !names.contains(k)).cloned().collect())
            .unwrap_or_default()
    }

    fn collect_props(&self, schema: &'s Value, out: &mut Vec<String>) {
        let schema = self.resolve(schema);
        if let Some(p) = schema.get("properties").and_then(Value::as_object) {
            out.extend(p.keys().cloned());
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for s in all {
                self.collect_props(s, out);
            }
        }
    }
}

fn component(spec: &Value, name: &str) -> Value {
    assert!(
        spec.pointer(&format!("/components/schemas/{name}"))
            .is_some(),
        "no schema {name}"
    );
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The schema the spec gives for `method path` answering `status`.
fn response_schema(spec: &Value, path: &str, method: &str, status: u16) -> Value {
    let escaped = path.replace('~', "~0").replace('/', "~1");
    let op = spec
        .pointer(&format!("/paths/{escaped}/{method}"))
        .unwrap_or_else(|| panic!("no operation {method} {path}"));
    let mut resp = op
        .pointer(&format!("/responses/{status}"))
        .unwrap_or_else(|| panic!("{method} {path} lists no {status}"));
    if let Some(r) = resp.get("$ref").and_then(Value::as_str) {
        resp = spec.pointer(r.trim_start_matches('#')).unwrap();
    }
    resp.pointer("/content/application~1json/schema")
        .unwrap_or_else(|| panic!("{method} {path} {status} has no JSON schema"))
        .clone()
}

/// A group (or list of groups) without the one field where recorded Okta traffic differs from
/// the spec: an unset `profile.description` is `null` on the wire, while the spec's group
/// profile only allows a string (docs/okta-behaviour.md). Everything else is still checked.
fn without_null_descriptions(v: &Value) -> Value {
    let mut v = v.clone();
    let strip = |g: &mut Value| {
        if let Some(p) = g.get_mut("profile").and_then(Value::as_object_mut)
            && p.get("description").is_some_and(Value::is_null)
        {
            p.remove("description");
        }
    };
    match &mut v {
        Value::Array(items) => items.iter_mut().for_each(strip),
        one => strip(one),
    }
    v
}

fn assert_valid(spec: &'static Value, schema: &Value, v: &Value, what: &str) {
    let mut val = Validator::new(spec);
    // Schemas built here live as long as the spec (the test binary); leaking them keeps the
    // validator to one lifetime.
    let schema: &'static Value = Box::leak(Box::new(schema.clone()));
    val.check(schema, v, what);
    assert!(
        val.errors.is_empty(),
        "{what} breaks the spec:\n{}",
        val.errors.join("\n")
    );
}

fn assert_no_unknown_fields(spec: &'static Value, schema_name: &str, v: &Value, what: &str) {
    let schema: &'static Value = Box::leak(Box::new(component(spec, schema_name)));
    let unknown = Validator::new(spec).unknown_top_level(schema, v);
    assert!(
        unknown.is_empty(),
        "{what} has fields {schema_name} lacks: {unknown:?}"
    );
}

// ---- talking to the sandbox ----

async fn start(users: usize) -> SandboxHandle {
    sandbox::start(SandboxOptions::new(users)).await.unwrap()
}

/// One client per test thread (each `#[tokio::test]` has its own runtime, and pooled
/// connections belong to the runtime that opened them); building one per request is slow.
fn http() -> reqwest::Client {
    thread_local! {
        static CLIENT: reqwest::Client = reqwest::Client::new();
    }
    CLIENT.with(Clone::clone)
}

async fn call(h: &SandboxHandle, method: Method, path: &str, body: Option<Value>) -> Response {
    let mut req = http()
        .request(method, format!("{}{path}", h.base_url()))
        .header("Authorization", format!("SSWS {}", h.token()));
    req = match body {
        Some(b) => req.json(&b),
        None => req.header("Content-Length", "0"),
    };
    req.send().await.unwrap()
}

async fn json_of(h: &SandboxHandle, method: Method, path: &str, expect: u16) -> Value {
    let r = call(h, method, path, None).await;
    assert_eq!(r.status().as_u16(), expect, "{path}");
    r.json().await.unwrap()
}

// ---- the checks ----

#[test]
fn validator_catches_violations() {
    let spec = spec_or_skip!();
    let user = component(spec, "User");
    let mut v = Validator::new(spec);
    let bad = json!({
        "id": 42,
        "status": "BOGUS",
        "created": "yesterday",
        "credentials": {"password": {"value": "leaked"}},
        "profile": {"login": "x@example.com"},
        "_links": {"self": {}},
    });
    let user: &'static Value = Box::leak(Box::new(user));
    v.check(user, &bad, "user");
    let all = v.errors.join("\n");
    for expected in [
        "user.id: expected string",
        "user.status: \"BOGUS\" is not one of",
        "user.created: \"yesterday\" is not a date-time",
        "user.credentials.password.value: write-only",
        "user._links.self: required property href missing",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
    }
    let mut v = Validator::new(spec);
    let err: &'static Value = Box::leak(Box::new(component(spec, "Error")));
    v.check(
        err,
        &json!({"errorCode": 1, "errorCauses": [{"errorSummary": 2}]}),
        "e",
    );
    assert_eq!(v.errors.len(), 2, "{:?}", v.errors);
}

#[tokio::test]
async fn users_match_the_user_schema() {
    let spec = spec_or_skip!();
    let h = start(120).await;
    let list = json_of(&h, Method::GET, "/api/v1/users?limit=200", 200).await;
    let list_schema = response_schema(spec, "/api/v1/users", "get", 200);
    assert_valid(spec, &list_schema, &list, "GET /users");
    let single_schema = response_schema(spec, "/api/v1/users/{id}", "get", 200);
    // Every status, the hostile users and the admin, one by one.
    let all = json_of(&h, Method::GET, "/api/v1/users?search=id+pr&limit=200", 200).await;
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 120);
    let mut statuses = std::collections::HashSet::new();
    for u in all {
        let id = u["id"].as_str().unwrap();
        let one = json_of(&h, Method::GET, &format!("/api/v1/users/{id}"), 200).await;
        statuses.insert(one["status"].as_str().unwrap().to_owned());
        assert_valid(spec, &single_schema, &one, &format!("GET /users/{id}"));
        assert_no_unknown_fields(spec, "User", &one, "a user");
    }
    assert_eq!(statuses.len(), 8, "every status was checked");
    let me = json_of(&h, Method::GET, "/api/v1/users/me", 200).await;
    assert_valid(spec, &component(spec, "User"), &me, "GET /users/me");
}

#[tokio::test]
async fn writes_match_their_schemas() {
    let spec = spec_or_skip!();
    let h = start(20).await;
    let body = json!({"profile": {"login": "spec@example.org", "email": "spec@example.org", "firstName": "Spec", "lastName": "Check"},
                      "credentials": {"password": {"value": "Abcdef12"}, "recovery_question": {"question": "Q?", "answer": "answer"}}});
    let r = call(&h, Method::POST, "/api/v1/users", Some(body)).await;
    assert_eq!(r.status(), 200);
    let created: Value = r.json().await.unwrap();
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/users", "post", 200),
        &created,
        "POST /users",
    );
    let id = created["id"].as_str().unwrap().to_owned();
    let lc = |op: &str| format!("/api/v1/users/{id}/lifecycle/{op}");

    let expired = json_of(&h, Method::POST, &lc("expire_password"), 200).await;
    assert_valid(
        spec,
        &response_schema(
            spec,
            "/api/v1/users/{id}/lifecycle/expire_password",
            "post",
            200,
        ),
        &expired,
        "expire_password",
    );
    let reset = json_of(&h, Method::POST, &lc("reset_password?sendEmail=false"), 200).await;
    assert_valid(
        spec,
        &response_schema(
            spec,
            "/api/v1/users/{id}/lifecycle/reset_password",
            "post",
            200,
        ),
        &reset,
        "reset_password",
    );
    assert!(reset["resetPasswordUrl"].is_string());
    let _ = call(&h, Method::POST, &lc("deactivate"), None).await;
    let activation = json_of(&h, Method::POST, &lc("activate?sendEmail=false"), 200).await;
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/users/{id}/lifecycle/activate", "post", 200),
        &activation,
        "activate",
    );
    assert!(activation["activationToken"].is_string());
}

#[tokio::test]
async fn groups_roles_app_links_and_org_match() {
    let spec = spec_or_skip!();
    // 200 users: one page holds them all, about 1 in 100 holds an admin role.
    let h = start(200).await;
    let groups = json_of(
        &h,
        Method::GET,
        "/api/v1/groups?expand=stats,app&limit=10000",
        200,
    )
    .await;
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/groups", "get", 200),
        &without_null_descriptions(&groups),
        "GET /groups",
    );
    for g in groups.as_array().unwrap() {
        assert_no_unknown_fields(spec, "Group", g, "a group");
    }
    let kinds: std::collections::HashSet<_> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["type"].clone())
        .collect();
    assert_eq!(kinds.len(), 3);
    let gid = groups[0]["id"].as_str().unwrap();
    let one = json_of(&h, Method::GET, &format!("/api/v1/groups/{gid}"), 200).await;
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/groups/{groupId}", "get", 200),
        &without_null_descriptions(&one),
        "GET /groups/{id}",
    );
    let members = json_of(
        &h,
        Method::GET,
        &format!("/api/v1/groups/{gid}/users?limit=50"),
        200,
    )
    .await;
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/groups/{groupId}/users", "get", 200),
        &members,
        "GET /groups/{id}/users",
    );

    // Role assignments: the admin, and every other user who holds a role.
    let all = json_of(&h, Method::GET, "/api/v1/users?search=id+pr&limit=200", 200).await;
    let roles_schema = response_schema(spec, "/api/v1/users/{userId}/roles", "get", 200);
    let links_schema = response_schema(spec, "/api/v1/users/{id}/appLinks", "get", 200);
    let groups_schema = response_schema(spec, "/api/v1/users/{id}/groups", "get", 200);
    let mut role_types = std::collections::HashSet::new();
    let mut some_links = false;
    for u in all.as_array().unwrap() {
        let id = u["id"].as_str().unwrap();
        let roles = json_of(&h, Method::GET, &format!("/api/v1/users/{id}/roles"), 200).await;
        assert_valid(spec, &roles_schema, &roles, "GET /users/{id}/roles");
        for r in roles.as_array().unwrap() {
            role_types.insert(r["type"].as_str().unwrap().to_owned());
            assert_no_unknown_fields(spec, "StandardRole", r, "a role");
        }
        let links = json_of(
            &h,
            Method::GET,
            &format!("/api/v1/users/{id}/appLinks"),
            200,
        )
        .await;
        some_links |= !links.as_array().unwrap().is_empty();
        assert_valid(spec, &links_schema, &links, "GET /users/{id}/appLinks");
        for l in links.as_array().unwrap() {
            assert_no_unknown_fields(spec, "AssignedAppLink", l, "an app link");
        }
        let groups = json_of(&h, Method::GET, &format!("/api/v1/users/{id}/groups"), 200).await;
        assert_valid(
            spec,
            &groups_schema,
            &without_null_descriptions(&groups),
            "GET /users/{id}/groups",
        );
    }
    assert!(
        role_types.contains("SUPER_ADMIN") && role_types.len() > 1,
        "{role_types:?}"
    );
    assert!(some_links);

    let org = reqwest::get(format!("{}/.well-known/okta-organization", h.base_url()))
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_valid(
        spec,
        &response_schema(spec, "/.well-known/okta-organization", "get", 200),
        &org,
        "well-known",
    );
    assert_no_unknown_fields(spec, "WellKnownOrgMetadata", &org, "org metadata");
}

#[tokio::test]
async fn errors_match_the_error_schema() {
    let spec = spec_or_skip!();
    let h = start(10).await;
    let error = component(spec, "Error");
    let admin = h.admin_id();
    let cases: Vec<(Method, String, Option<Value>, u16)> = vec![
        (
            Method::GET,
            "/api/v1/users/00uNobody000000000000".into(),
            None,
            404,
        ),
        (Method::GET, "/api/v1/nowhere".into(), None, 404),
        (
            Method::GET,
            "/api/v1/users?search=profile.city+co+%22x%22".into(),
            None,
            400,
        ),
        (
            Method::POST,
            "/api/v1/users".into(),
            Some(
                json!({"profile": {"login": "admin@example.com", "email": "a@example.com", "firstName": "A", "lastName": "B"}}),
            ),
            400,
        ),
        (
            Method::POST,
            format!("/api/v1/users/{admin}/lifecycle/activate"),
            None,
            403,
        ),
    ];
    for (method, path, body, status) in cases {
        let r = call(&h, method.clone(), &path, body).await;
        assert_eq!(r.status().as_u16(), status, "{method} {path}");
        let e: Value = r.json().await.unwrap();
        assert_valid(spec, &error, &e, &format!("{method} {path}"));
        assert_no_unknown_fields(spec, "Error", &e, "an error");
    }
    // The spec's shared 401 answer.
    let r = reqwest::get(format!("{}/api/v1/users", h.base_url()))
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let e: Value = r.json().await.unwrap();
    let schema: Value = spec
        .pointer("/components/responses/ErrorInvalidToken401/content/application~1json/schema")
        .unwrap()
        .clone();
    assert_valid(spec, &schema, &e, "401");
    let example = spec
        .pointer("/components/examples/ErrorInvalidTokenProvided/value")
        .unwrap();
    assert_eq!(e["errorCode"], example["errorCode"]);
    assert_eq!(e["errorSummary"], example["errorSummary"]);
}

#[tokio::test]
async fn factors_rules_roles_groups_and_grants_match_their_schemas() {
    let spec = spec_or_skip!();
    let h = start(200).await;
    let all = json_of(&h, Method::GET, "/api/v1/users?limit=200", 200).await;
    let factors_schema = response_schema(spec, "/api/v1/users/{userId}/factors", "get", 200);
    let grants_schema = response_schema(spec, "/api/v1/users/{userId}/grants", "get", 200);
    let clients_schema = response_schema(spec, "/api/v1/users/{userId}/clients", "get", 200);
    let (mut factors_seen, mut grants_seen) = (0, 0);
    for u in all.as_array().unwrap().iter().take(60) {
        let id = u["id"].as_str().unwrap();
        let factors = json_of(&h, Method::GET, &format!("/api/v1/users/{id}/factors"), 200).await;
        factors_seen += factors.as_array().unwrap().len();
        assert_valid(spec, &factors_schema, &factors, "GET /users/{id}/factors");
        let grants = json_of(&h, Method::GET, &format!("/api/v1/users/{id}/grants"), 200).await;
        grants_seen += grants.as_array().unwrap().len();
        assert_valid(spec, &grants_schema, &grants, "GET /users/{id}/grants");
        let clients = json_of(&h, Method::GET, &format!("/api/v1/users/{id}/clients"), 200).await;
        assert_valid(spec, &clients_schema, &clients, "GET /users/{id}/clients");
    }
    assert!(factors_seen > 0 && grants_seen > 0);

    let created = call(
        &h,
        Method::POST,
        "/api/v1/groups",
        Some(serde_json::json!({"profile": {"name": "Spec Group", "description": "checked"}})),
    )
    .await;
    assert_eq!(created.status(), 200);
    let group: Value = created.json().await.unwrap();
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/groups", "post", 200),
        &group,
        "POST /groups",
    );
    let gid = group["id"].as_str().unwrap();

    let rule = call(
        &h,
        Method::POST,
        "/api/v1/groups/rules",
        Some(serde_json::json!({
            "type": "group_rule", "name": "Spec rule",
            "conditions": {"expression": {"value": "user.department==\"Sales\"",
                                          "type": "urn:okta:expression:1.0"}},
            "actions": {"assignUserToGroups": {"groupIds": [gid]}},
        })),
    )
    .await;
    assert_eq!(rule.status(), 200);
    let rule: Value = rule.json().await.unwrap();
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/groups/rules", "post", 200),
        &rule,
        "POST /groups/rules",
    );
    assert_no_unknown_fields(spec, "GroupRule", &rule, "a group rule");

    let person = call(
        &h,
        Method::POST,
        "/api/v1/users?activate=false",
        Some(
            serde_json::json!({"profile": {"login": "role@example.org", "email": "role@example.org",
                                            "firstName": "Role", "lastName": "Holder"}}),
        ),
    )
    .await;
    let person: Value = person.json().await.unwrap();
    let uid = person["id"].as_str().unwrap();
    let role = call(
        &h,
        Method::POST,
        &format!("/api/v1/users/{uid}/roles"),
        Some(serde_json::json!({"type": "HELP_DESK_ADMIN"})),
    )
    .await;
    assert_eq!(role.status(), 201);
    let role: Value = role.json().await.unwrap();
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/users/{userId}/roles", "post", 201),
        &role,
        "POST /users/{id}/roles",
    );
}

#[tokio::test]
async fn log_events_and_user_blocks_match_their_schemas() {
    let spec = spec_or_skip!();
    let h = start(100).await;
    // A write first, so events the sandbox appends are checked as well as seeded ones.
    let all = json_of(&h, Method::GET, "/api/v1/users?limit=100", 200).await;
    let id = all[1]["id"].as_str().unwrap().to_owned();
    let r = call(
        &h,
        Method::DELETE,
        &format!("/api/v1/users/{id}/sessions"),
        None,
    )
    .await;
    assert_eq!(r.status(), 204);
    let since = (chrono::Utc::now() - chrono::Duration::days(90))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let events = json_of(
        &h,
        Method::GET,
        &format!("/api/v1/logs?since={since}&limit=1000"),
        200,
    )
    .await;
    assert!(events.as_array().unwrap().len() > 100);
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/logs", "get", 200),
        &events,
        "GET /logs",
    );
    for e in events.as_array().unwrap().iter().take(50) {
        assert_no_unknown_fields(spec, "LogEvent", e, "a log event");
    }
    let blocks_schema = response_schema(spec, "/api/v1/users/{id}/blocks", "get", 200);
    for u in all.as_array().unwrap() {
        let id = u["id"].as_str().unwrap();
        let b = json_of(&h, Method::GET, &format!("/api/v1/users/{id}/blocks"), 200).await;
        assert_valid(spec, &blocks_schema, &b, "GET /users/{id}/blocks");
    }
}

#[tokio::test]
async fn app_users_app_groups_and_the_user_schema_match_their_schemas() {
    let spec = spec_or_skip!();
    let h = start(20).await;
    let apps = json_of(&h, Method::GET, "/api/v1/apps", 200).await;
    let app = apps[0]["id"].as_str().unwrap().to_owned();
    let uid = h.admin_id();
    let g = call(
        &h,
        Method::POST,
        "/api/v1/groups",
        Some(json!({"profile": {"name": "Spec App Group"}})),
    )
    .await;
    let gid = g.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let assigned = call(
        &h,
        Method::POST,
        &format!("/api/v1/apps/{app}/users"),
        Some(json!({"id": uid, "scope": "USER"})),
    )
    .await;
    assert_eq!(assigned.status(), 200);
    let app_user = json_of(
        &h,
        Method::GET,
        &format!("/api/v1/apps/{app}/users/{uid}"),
        200,
    )
    .await;
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/apps/{appId}/users/{userId}", "get", 200),
        &app_user,
        "GET /apps/{id}/users/{uid}",
    );
    let users = json_of(&h, Method::GET, &format!("/api/v1/apps/{app}/users"), 200).await;
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/apps/{appId}/users", "get", 200),
        &users,
        "GET /apps/{id}/users",
    );
    let put = call(
        &h,
        Method::PUT,
        &format!("/api/v1/apps/{app}/groups/{gid}"),
        Some(json!({})),
    )
    .await;
    assert_eq!(put.status(), 200);
    let groups = json_of(&h, Method::GET, &format!("/api/v1/apps/{app}/groups"), 200).await;
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/apps/{appId}/groups", "get", 200),
        &groups,
        "GET /apps/{id}/groups",
    );
    let schema = json_of(&h, Method::GET, "/api/v1/meta/schemas/user/default", 200).await;
    assert_valid(
        spec,
        &response_schema(spec, "/api/v1/meta/schemas/user/{schemaId}", "get", 200),
        &schema,
        "GET /meta/schemas/user/default",
    );
}
