//! The sandbox answers as Okta does: paging, queries, the status state machine, validation,
//! errors, rate limits and injected faults. Plain HTTP (reqwest) against `sandbox::start`.

use std::collections::HashSet;

use oktui::sandbox::{self, Faults, SandboxHandle, SandboxOptions};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn start(users: usize) -> SandboxHandle {
    sandbox::start(SandboxOptions::new(users)).await.unwrap()
}

async fn start_with(users: usize, faults: Faults) -> SandboxHandle {
    let mut opts = SandboxOptions::new(users);
    opts.faults = faults;
    sandbox::start(opts).await.unwrap()
}

/// A fresh client per test: each `#[tokio::test]` has its own runtime, and a client's pooled
/// connections belong to the runtime that opened them.
fn http() -> reqwest::Client {
    thread_local! {
        static CLIENT: reqwest::Client = reqwest::Client::builder().no_proxy().build().unwrap();
    }
    CLIENT.with(Clone::clone)
}

async fn call(h: &SandboxHandle, method: Method, path_or_url: &str) -> Response {
    let url = if path_or_url.starts_with("http") {
        path_or_url.to_owned()
    } else {
        format!("{}{path_or_url}", h.base_url())
    };
    http()
        .request(method, url)
        .header("Authorization", format!("SSWS {}", h.token()))
        .header("Accept", "application/json")
        .header("Content-Length", "0")
        .send()
        .await
        .unwrap()
}

async fn get(h: &SandboxHandle, path: &str) -> Response {
    call(h, Method::GET, path).await
}

async fn post(h: &SandboxHandle, path: &str) -> Response {
    call(h, Method::POST, path).await
}

async fn post_json(h: &SandboxHandle, path: &str, body: Value) -> Response {
    http()
        .post(format!("{}{path}", h.base_url()))
        .header("Authorization", format!("SSWS {}", h.token()))
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn links(r: &Response) -> Vec<String> {
    r.headers()
        .get_all("link")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn next_link(r: &Response) -> Option<String> {
    links(r).into_iter().find_map(|l| {
        l.strip_suffix("; rel=\"next\"")
            .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_owned())
    })
}

/// Follows `rel="next"` verbatim and returns every item.
async fn all_pages(h: &SandboxHandle, first: &str) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    let mut url = format!("{}{first}", h.base_url());
    loop {
        let r = get(h, &url).await;
        assert_eq!(r.status(), 200, "{url}");
        pages += 1;
        let next = next_link(&r);
        let page: Vec<Value> = r.json().await.unwrap();
        items.extend(page);
        match next {
            Some(n) => url = n,
            None => return (items, pages),
        }
    }
}

async fn error_of(r: Response) -> (StatusCode, Value) {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    for key in ["errorCode", "errorSummary", "errorLink", "errorId"] {
        assert!(body[key].is_string(), "{key} missing in {body}");
    }
    assert!(
        body["errorCauses"].is_array(),
        "errorCauses missing in {body}"
    );
    (status, body)
}

/// Checks an error answer's status and `errorCode`, and returns its body.
async fn expect_error(r: Response, status: u16, code: &str) -> Value {
    let (s, e) = error_of(r).await;
    assert_eq!(
        (s.as_u16(), e["errorCode"].as_str()),
        (status, Some(code)),
        "{e}"
    );
    e
}

fn causes(body: &Value) -> Vec<String> {
    body["errorCauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["errorSummary"].as_str().unwrap().to_owned())
        .collect()
}

fn search(expr: &str) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("search", expr);
    s.finish()
}

fn filter(expr: &str) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("filter", expr);
    s.finish()
}

async fn create(h: &SandboxHandle, query: &str, body: Value) -> Value {
    let r = post_json(h, &format!("/api/v1/users{query}"), body).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn person(login: &str, first: &str, last: &str) -> Value {
    json!({"profile": {"login": login, "email": login, "firstName": first, "lastName": last}})
}

#[tokio::test]
async fn users_pages_follow_link_headers_and_hide_deprovisioned() {
    let h = start(450).await;
    let first = get(&h, "/api/v1/users?limit=200").await;
    // Every answer carries Okta's headers.
    for name in [
        "x-okta-request-id",
        "x-rate-limit-limit",
        "x-rate-limit-remaining",
        "x-rate-limit-reset",
        "date",
    ] {
        assert!(first.headers().contains_key(name), "{name} missing");
    }
    let ls = links(&first);
    assert_eq!(
        ls.len(),
        2,
        "self and next come as separate header lines: {ls:?}"
    );
    assert_eq!(
        ls[0],
        format!("<{}/api/v1/users?limit=200>; rel=\"self\"", h.base_url())
    );
    assert!(ls[1].ends_with("; rel=\"next\"") && ls[1].contains("after="));

    let (users, pages) = all_pages(&h, "/api/v1/users?limit=200").await;
    let ids: Vec<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    let unique: HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no user twice");
    assert!(users.iter().all(|u| u["status"] != "DEPROVISIONED"));
    let (deprovisioned, _) = all_pages(
        &h,
        &format!("/api/v1/users?{}", filter(r#"status eq "DEPROVISIONED""#)),
    )
    .await;
    assert!(!deprovisioned.is_empty());
    assert_eq!(users.len() + deprovisioned.len(), 450);
    assert_eq!(pages, users.len().div_ceil(200));
    // Collection items carry only the self link.
    for u in &users {
        let keys: Vec<&String> = u["_links"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["self"]);
        assert!(u["id"].as_str().unwrap().starts_with("00u"));
    }
}

#[tokio::test]
async fn limit_defaults_and_caps() {
    let h = start(450).await;
    let r = get(&h, "/api/v1/users?limit=500").await;
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 200);
    let r = get(&h, "/api/v1/users").await;
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 200);
    let r = get(&h, "/api/v1/users?limit=7").await;
    assert!(next_link(&r).unwrap().contains("limit=7"));
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 7);
}

#[tokio::test]
async fn q_is_a_prefix_match_without_paging_or_deprovisioned() {
    let h = start(300).await;
    for i in 0..12 {
        create(
            &h,
            "?activate=false",
            person(
                &format!("zeb{i}@example.org"),
                &format!("Zebulon{i}"),
                "Quartz",
            ),
        )
        .await;
    }
    let r = get(&h, "/api/v1/users?q=zebu").await;
    assert!(next_link(&r).is_none(), "q cannot be paged");
    let found: Vec<Value> = r.json().await.unwrap();
    assert_eq!(found.len(), 10, "default limit with q is 10");
    let r = get(&h, "/api/v1/users?q=QUAR&limit=50").await;
    assert_eq!(
        r.json::<Vec<Value>>().await.unwrap().len(),
        12,
        "lastName prefix, any case"
    );
    let r = get(&h, "/api/v1/users?q=zeb3@").await;
    assert_eq!(
        r.json::<Vec<Value>>().await.unwrap().len(),
        1,
        "email prefix"
    );
    let r = get(&h, "/api/v1/users?q=ebulon").await;
    assert!(
        r.json::<Vec<Value>>().await.unwrap().is_empty(),
        "prefix only"
    );

    let id = h.user_id("zeb3@example.org").unwrap();
    assert!(h.set_user_status(&id, "DEPROVISIONED"));
    let r = get(&h, "/api/v1/users?q=zeb3@").await;
    assert!(r.json::<Vec<Value>>().await.unwrap().is_empty());
    let r = get(
        &h,
        &format!(
            "/api/v1/users?{}",
            filter(r#"profile.login eq "zeb3@example.org""#)
        ),
    )
    .await;
    assert_eq!(
        r.json::<Vec<Value>>().await.unwrap().len(),
        1,
        "filter includes DEPROVISIONED"
    );
}

#[tokio::test]
async fn filter_is_case_sensitive_and_limited() {
    let h = start(100).await;
    let hit = |q: &'static str| {
        let h = &h;
        async move {
            let r = get(h, &format!("/api/v1/users?{}", filter(q))).await;
            assert_eq!(r.status(), 200, "{q}");
            r.json::<Vec<Value>>().await.unwrap().len()
        }
    };
    assert_eq!(hit(r#"profile.login eq "admin@example.com""#).await, 1);
    assert_eq!(hit(r#"profile.login eq "ADMIN@example.com""#).await, 0);
    assert_eq!(hit(r#"status eq "active""#).await, 0);
    assert!(hit(r#"status eq "ACTIVE""#).await > 0);
    assert!(hit(r#"lastUpdated gt "2000-01-01T00:00:00.000Z" and (status eq "LOCKED_OUT" or status eq "RECOVERY")"#).await > 0);
    assert_eq!(hit(r#"lastUpdated gt "2100-01-01T00:00:00.000Z""#).await, 0);

    for bad in [
        r#"profile.login sw "admin""#,
        r#"profile.city eq "Berlin""#,
        r#"status eq ACTIVE"#,
        r#"status eq "ACTIVE" and"#,
    ] {
        let r = get(&h, &format!("/api/v1/users?{}", filter(bad))).await;
        let (status, body) = error_of(r).await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(body["errorCode"], "E0000031", "{bad}");
    }
}

#[tokio::test]
async fn search_operators_case_escapes_and_sorting() {
    let h = start(300).await;
    create(&h, "", person("bob.quote@example.org", "Bob", "bob\"smith")).await;
    let count = |q: String| {
        let h = &h;
        async move {
            let (items, _) = all_pages(h, &format!("/api/v1/users?{}", search(&q))).await;
            items
        }
    };
    assert_eq!(
        count(r#"profile.login eq "ADMIN@EXAMPLE.COM""#.into())
            .await
            .len(),
        1
    );
    assert_eq!(
        count(r#"profile.lastName eq "BOB\"SMITH""#.into())
            .await
            .len(),
        1
    );
    assert_eq!(count(r#"profile.email co "QUOTE@""#.into()).await.len(), 1);
    assert_eq!(count(r#"profile.login sw "admin""#.into()).await.len(), 1);
    let dep = count(r#"status eq "DEPROVISIONED""#.into()).await;
    assert!(!dep.is_empty(), "search includes DEPROVISIONED");
    let not_staged = count(r#"(status lt "STAGED" or status gt "STAGED")"#.into()).await;
    assert!(not_staged.iter().all(|u| u["status"] != "STAGED"));
    let all = count(r#"created gt "2000-01-01T00:00:00.000Z""#.into()).await;
    assert_eq!(all.len(), 301);
    let by_dept =
        count(r#"profile.department eq "engineering" and status eq "active""#.into()).await;
    assert!(
        by_dept
            .iter()
            .all(|u| u["profile"]["department"] == "Engineering")
    );

    for bad in [
        r#"profile.city co "ber""#,
        r#"profile.login ne "x""#,
        r#"(status eq "ACTIVE""#,
        r#"bogus eq "x""#,
    ] {
        let r = get(&h, &format!("/api/v1/users?{}", search(bad))).await;
        let (status, body) = error_of(r).await;
        assert_eq!(
            (status.as_u16(), body["errorCode"].as_str()),
            (400, Some("E0000031")),
            "{bad}"
        );
    }

    // sortBy/sortOrder over several pages.
    let (sorted, pages) = all_pages(
        &h,
        &format!(
            "/api/v1/users?{}&sortBy=profile.employeeNumber&sortOrder=desc&limit=100",
            search(r#"status eq "ACTIVE""#)
        ),
    )
    .await;
    assert!(pages > 1);
    let nums: Vec<String> = sorted
        .iter()
        .map(|u| {
            u["profile"]["employeeNumber"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    let mut expected = nums.clone();
    expected.sort();
    expected.reverse();
    assert_eq!(nums, expected);
}

fn link_keys(user: &Value) -> Vec<String> {
    let mut keys: Vec<String> = user["_links"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !["self", "schema", "type"].contains(&k.as_str()))
        .cloned()
        .collect();
    keys.sort();
    keys
}

async fn lifecycle(h: &SandboxHandle, id: &str, op: &str) -> Response {
    post(h, &format!("/api/v1/users/{id}/lifecycle/{op}")).await
}

async fn status_of(h: &SandboxHandle, id: &str) -> String {
    let u: Value = get(h, &format!("/api/v1/users/{id}"))
        .await
        .json()
        .await
        .unwrap();
    u["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn status_machine_and_error_codes() {
    let h = start(50).await;
    let u = create(
        &h,
        "?activate=false",
        person("sm@example.org", "State", "Machine"),
    )
    .await;
    let id = u["id"].as_str().unwrap().to_owned();
    assert_eq!(u["status"], "STAGED");
    // Real Okta: no `deactivate` link on a STAGED user (yet deactivating it succeeds).
    assert_eq!(link_keys(&u), ["activate", "resetFactors"]);

    let r = lifecycle(&h, &id, "activate?sendEmail=false").await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    let token = body["activationToken"].as_str().unwrap();
    assert_eq!(
        body["activationUrl"],
        format!("{}/tokens/{token}/verify", h.base_url())
    );
    assert_eq!(status_of(&h, &id).await, "PROVISIONED");

    expect_error(lifecycle(&h, &id, "activate").await, 403, "E0000016").await;
    expect_error(lifecycle(&h, &id, "suspend").await, 400, "E0000001").await;
    expect_error(lifecycle(&h, &id, "unsuspend").await, 400, "E0000001").await;
    expect_error(lifecycle(&h, &id, "expire_password").await, 403, "E0000038").await;

    let r = lifecycle(&h, &id, "reactivate?sendEmail=false").await;
    assert_eq!(r.status(), 200);
    assert!(r.json::<Value>().await.unwrap()["activationToken"].is_string());

    // The user sets a password (Okta does that on its own; the hook plays it).
    assert!(h.set_user_status(&id, "ACTIVE"));
    let single: Value = get(&h, &format!("/api/v1/users/{id}"))
        .await
        .json()
        .await
        .unwrap();
    let keys = link_keys(&single);
    for k in ["suspend", "deactivate", "resetPassword", "expirePassword"] {
        assert!(keys.contains(&k.to_owned()), "{k} missing from {keys:?}");
    }
    assert!(!keys.contains(&"activate".to_owned()) && !keys.contains(&"unsuspend".to_owned()));

    assert_eq!(lifecycle(&h, &id, "suspend").await.status(), 200);
    assert_eq!(status_of(&h, &id).await, "SUSPENDED");
    let single: Value = get(&h, &format!("/api/v1/users/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(link_keys(&single).contains(&"unsuspend".to_owned()));
    assert_eq!(lifecycle(&h, &id, "unsuspend").await.status(), 200);
    assert_eq!(status_of(&h, &id).await, "ACTIVE");

    expect_error(lifecycle(&h, &id, "unlock").await, 403, "E0000032").await;
    assert!(h.set_user_status(&id, "LOCKED_OUT"));
    assert_eq!(lifecycle(&h, &id, "unlock").await.status(), 200);
    assert_eq!(status_of(&h, &id).await, "ACTIVE");

    let r = lifecycle(&h, &id, "expire_password").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({}));
    assert_eq!(status_of(&h, &id).await, "PASSWORD_EXPIRED");

    let r = lifecycle(&h, &id, "reset_password?sendEmail=false").await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["resetPasswordUrl"]
            .as_str()
            .unwrap()
            .starts_with(h.base_url())
    );
    assert_eq!(status_of(&h, &id).await, "RECOVERY");
    let r = lifecycle(&h, &id, "reset_password?sendEmail=true").await;
    assert_eq!(r.json::<Value>().await.unwrap(), json!({}));

    let r = lifecycle(&h, &id, "deactivate").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.json::<Value>().await.unwrap(), json!({}));
    assert_eq!(status_of(&h, &id).await, "DEPROVISIONED");
    expect_error(lifecycle(&h, &id, "deactivate").await, 403, "E0000038").await;
    let single: Value = get(&h, &format!("/api/v1/users/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(link_keys(&single), ["activate"]);

    expect_error(lifecycle(&h, &id, "explode").await, 404, "E0000008").await;
    expect_error(
        lifecycle(&h, "00uDoesNotExist000000", "suspend").await,
        404,
        "E0000007",
    )
    .await;
}

#[tokio::test]
async fn delete_is_two_step() {
    let h = start(20).await;
    let body = json!({"profile": {"login": "del@example.org", "email": "del@example.org", "firstName": "Del", "lastName": "Ete"},
                      "credentials": {"password": {"value": "Correct-Horse-9"}}});
    let u = create(&h, "", body).await;
    assert_eq!(u["status"], "ACTIVE");
    let id = u["id"].as_str().unwrap();
    let path = format!("/api/v1/users/{id}");
    assert_eq!(call(&h, Method::DELETE, &path).await.status(), 204);
    assert_eq!(status_of(&h, id).await, "DEPROVISIONED");
    assert_eq!(call(&h, Method::DELETE, &path).await.status(), 204);
    expect_error(get(&h, &path).await, 404, "E0000007").await;
    assert_eq!(call(&h, Method::DELETE, &path).await.status(), 404);
    // The login is free again.
    create(&h, "", person("del@example.org", "Del", "Again")).await;
}

#[tokio::test]
async fn create_user_validation() {
    let h = start(20).await;
    let ok = json!({"profile": {"login": "new@example.org", "email": "new@example.org", "firstName": "New", "lastName": "User"},
                    "credentials": {"password": {"value": "Sup3r-Secret"}, "recovery_question": {"question": "Pet?", "answer": "Rex the dog"}}});
    let r = post_json(&h, "/api/v1/users", ok.clone()).await;
    assert_eq!(r.status(), 200, "create answers 200, not 201");
    let u: Value = r.json().await.unwrap();
    assert_eq!(u["status"], "ACTIVE", "activate defaults to true");
    assert_eq!(
        u["credentials"]["password"],
        json!({}),
        "the password is never echoed"
    );
    assert_eq!(u["credentials"]["recovery_question"]["question"], "Pet?");

    let mut dup = ok.clone();
    dup["profile"]["login"] = json!("NEW@example.org");
    let e = expect_error(post_json(&h, "/api/v1/users", dup).await, 400, "E0000001").await;
    assert_eq!(e["errorSummary"], "Api validation failed: login");
    assert_eq!(
        causes(&e),
        ["login: An object with this field already exists in the current organization"]
    );

    let e = expect_error(
        post_json(
            &h,
            "/api/v1/users",
            json!({"profile": {"firstName": "A", "lastName": "B"}}),
        )
        .await,
        400,
        "E0000001",
    )
    .await;
    let c = causes(&e);
    assert!(c.iter().any(|c| c.starts_with("login:")), "{c:?}");
    assert!(c.iter().any(|c| c.starts_with("email:")), "{c:?}");

    let mut weak = ok.clone();
    weak["profile"]["login"] = json!("weak@example.org");
    weak["credentials"]["password"]["value"] = json!("short");
    let e = expect_error(post_json(&h, "/api/v1/users", weak).await, 400, "E0000001").await;
    assert!(causes(&e)[0].starts_with("password: "));

    let groups: Vec<String> = (0..21).map(|i| format!("00gfake{i:013}")).collect();
    let mut many = ok.clone();
    many["profile"]["login"] = json!("many@example.org");
    many["groupIds"] = json!(groups);
    expect_error(post_json(&h, "/api/v1/users", many).await, 400, "E0000093").await;

    let r = http()
        .post(format!("{}/api/v1/users", h.base_url()))
        .header("Authorization", format!("SSWS {}", h.token()))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    expect_error(r, 400, "E0000003").await;

    // No password and activate=true: PROVISIONED; nextLogin needs a password.
    let u = create(&h, "", person("prov@example.org", "Pro", "Visioned")).await;
    assert_eq!(u["status"], "PROVISIONED");
    expect_error(
        post_json(
            &h,
            "/api/v1/users?nextLogin=changePassword",
            person("np@example.org", "N", "P"),
        )
        .await,
        400,
        "E0000124",
    )
    .await;

    // groupIds adds memberships.
    let groups: Vec<Value> = get(
        &h,
        &format!("/api/v1/groups?{}", filter(r#"type eq "OKTA_GROUP""#)),
    )
    .await
    .json()
    .await
    .unwrap();
    let gid = groups[0]["id"].as_str().unwrap();
    let mut with_group = ok.clone();
    with_group["profile"]["login"] = json!("grouped@example.org");
    with_group["groupIds"] = json!([gid]);
    let u = create(&h, "", with_group).await;
    assert!(h.is_member(gid, u["id"].as_str().unwrap()));
}

/// Sends raw HTTP/1.1 and returns the status line and the whole answer.
async fn raw(h: &SandboxHandle, request: &str) -> String {
    let addr = h.base_url().trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn bodyless_post_without_content_length_is_411() {
    let h = start(20).await;
    let id = h.admin_id();
    let without = format!(
        "POST /api/v1/users/{id}/lifecycle/suspend HTTP/1.1\r\nHost: x\r\nAuthorization: SSWS {}\r\nConnection: close\r\n\r\n",
        h.token()
    );
    let answer = raw(&h, &without).await;
    assert!(answer.starts_with("HTTP/1.1 411"), "{answer}");
    assert_eq!(h.user_status(&id), Some("ACTIVE"), "nothing was done");
    let with = format!(
        "POST /api/v1/users/{id}/lifecycle/suspend HTTP/1.1\r\nHost: x\r\nAuthorization: SSWS {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        h.token()
    );
    let answer = raw(&h, &with).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(h.user_status(&id), Some("SUSPENDED"));
}

#[tokio::test]
async fn bad_or_missing_token_is_401_and_unknown_path_404() {
    let h = start(10).await;
    let url = format!("{}/api/v1/users/me", h.base_url());
    let r = http().get(&url).send().await.unwrap();
    expect_error(r, 401, "E0000011").await;
    let r = http()
        .get(&url)
        .header("Authorization", "SSWS wrong-token")
        .send()
        .await
        .unwrap();
    assert!(r.headers().contains_key("x-okta-request-id"));
    expect_error(r, 401, "E0000011").await;
    let r = http()
        .get(&url)
        .header("Authorization", format!("Bearer {}", h.token()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    expect_error(get(&h, "/api/v1/nonsense").await, 404, "E0000008").await;
    expect_error(
        call(&h, Method::PATCH, "/api/v1/users").await,
        405,
        "E0000022",
    )
    .await;

    // The org metadata needs no token.
    let r = http()
        .get(format!("{}/.well-known/okta-organization", h.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let org: Value = r.json().await.unwrap();
    assert!(org["id"].as_str().unwrap().starts_with("00o"));
    assert_eq!(org["pipeline"], "idx");
    assert_eq!(org["_links"]["organization"]["href"], h.base_url());
}

#[tokio::test]
async fn me_roles_groups_applinks_and_etag() {
    let h = start(200).await;
    let r = get(&h, "/api/v1/users/me").await;
    assert!(r.headers().get("etag").is_some());
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["profile"]["login"], "admin@example.com");
    let id = me["id"].as_str().unwrap();
    let by_login: Value = get(&h, "/api/v1/users/admin@example.com")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_login["id"], id);

    let roles: Vec<Value> = get(&h, &format!("/api/v1/users/{id}/roles"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(roles[0]["type"], "SUPER_ADMIN");
    assert_eq!(roles[0]["assignmentType"], "USER");
    let groups: Vec<Value> = get(&h, &format!("/api/v1/users/{id}/groups"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        groups
            .iter()
            .any(|g| g["profile"]["name"] == "Everyone" && g["type"] == "BUILT_IN")
    );
    let r = get(&h, &format!("/api/v1/users/{id}/appLinks")).await;
    assert_eq!(r.status(), 200);
    let _: Vec<Value> = r.json().await.unwrap();

    // Someone holds app links; someone else holds no role.
    let (users, _) = all_pages(&h, "/api/v1/users").await;
    let mut any_links = false;
    for u in users.iter().take(40) {
        let uid = u["id"].as_str().unwrap();
        let links: Vec<Value> = get(&h, &format!("/api/v1/users/{uid}/appLinks"))
            .await
            .json()
            .await
            .unwrap();
        if let Some(l) = links.first() {
            any_links = true;
            assert!(l["appInstanceId"].as_str().unwrap().starts_with("0oa"));
            assert!(l["linkUrl"].is_string() && l["label"].is_string());
        }
    }
    assert!(any_links);
    let (s, e) = error_of(get(&h, "/api/v1/users/admin@example.com/roles").await).await;
    assert_eq!(
        (s.as_u16(), e["errorCode"].as_str()),
        (404, Some("E0000007")),
        "roles take an id"
    );
    expect_error(
        get(&h, "/api/v1/users/nobody@example.com").await,
        404,
        "E0000007",
    )
    .await;
    assert_eq!(
        call(&h, Method::DELETE, &format!("/api/v1/users/{id}/sessions"))
            .await
            .status(),
        204
    );
}

#[tokio::test]
async fn groups_lists_members_and_memberships() {
    let h = start(300).await;
    let (groups, _) = all_pages(&h, "/api/v1/groups?expand=stats&limit=5").await;
    let kinds: HashSet<&str> = groups.iter().map(|g| g["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        HashSet::from(["OKTA_GROUP", "APP_GROUP", "BUILT_IN"])
    );
    let everyone = groups.iter().find(|g| g["type"] == "BUILT_IN").unwrap();
    assert_eq!(everyone["_embedded"]["stats"]["usersCount"], 300);
    let app_group = groups.iter().find(|g| g["type"] == "APP_GROUP").unwrap();
    assert!(app_group["profile"]["samAccountName"].is_string());
    assert!(app_group["_links"]["source"]["href"].is_string());

    let eid = everyone["id"].as_str().unwrap();
    let r = get(&h, &format!("/api/v1/groups/{eid}/users")).await;
    assert!(next_link(&r).is_none(), "default member page is 1000");
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 300);
    let (members, pages) = all_pages(&h, &format!("/api/v1/groups/{eid}/users?limit=64")).await;
    assert_eq!((members.len(), pages), (300, 5));

    let r = get(&h, "/api/v1/groups?q=every").await;
    assert!(next_link(&r).is_none());
    assert_eq!(
        r.json::<Vec<Value>>().await.unwrap()[0]["profile"]["name"],
        "Everyone"
    );
    let found: Vec<Value> = get(
        &h,
        &format!("/api/v1/groups?{}", search(r#"profile.name co "DESK""#)),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(
        found
            .iter()
            .any(|g| g["profile"]["name"] == "Help Desk Admins")
    );
    let only_app: Vec<Value> = get(
        &h,
        &format!("/api/v1/groups?{}", filter(r#"type eq "APP_GROUP""#)),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(only_app.iter().all(|g| g["type"] == "APP_GROUP"));

    let okta_group = groups.iter().find(|g| g["type"] == "OKTA_GROUP").unwrap();
    let gid = okta_group["id"].as_str().unwrap();
    let uid = h.admin_id();
    let path = format!("/api/v1/groups/{gid}/users/{uid}");
    assert_eq!(call(&h, Method::PUT, &path).await.status(), 204);
    assert!(h.is_member(gid, &uid));
    assert_eq!(
        call(&h, Method::PUT, &path).await.status(),
        204,
        "idempotent"
    );
    assert_eq!(call(&h, Method::DELETE, &path).await.status(), 204);
    assert!(!h.is_member(gid, &uid));

    for g in [app_group, everyone] {
        let gid = g["id"].as_str().unwrap();
        expect_error(
            call(
                &h,
                Method::PUT,
                &format!("/api/v1/groups/{gid}/users/{uid}"),
            )
            .await,
            403,
            "E0000006",
        )
        .await;
    }
    expect_error(
        call(
            &h,
            Method::PUT,
            &format!("/api/v1/groups/00gNope00000000000000/users/{uid}"),
        )
        .await,
        404,
        "E0000007",
    )
    .await;
    expect_error(
        get(&h, "/api/v1/groups/00gNope00000000000000").await,
        404,
        "E0000007",
    )
    .await;
}

#[tokio::test]
async fn small_bucket_gives_429_with_headers() {
    let h = start_with(
        10,
        Faults {
            rate_limit_per_min: 3,
            ..Faults::default()
        },
    )
    .await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let r = get(&h, "/api/v1/users").await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["x-rate-limit-limit"], "3");
        remaining.push(
            r.headers()["x-rate-limit-remaining"]
                .to_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let r = get(&h, "/api/v1/users").await;
    let reset: u64 = r.headers()["x-rate-limit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let date = httpdate::parse_http_date(r.headers()["date"].to_str().unwrap()).unwrap();
    let date_secs = date
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(
        reset > date_secs && reset <= date_secs + 61,
        "reset is absolute epoch seconds"
    );
    assert_eq!(r.headers()["x-rate-limit-remaining"], "0");
    expect_error(r, 429, "E0000047").await;
    // Another family has its own bucket.
    assert_eq!(get(&h, "/api/v1/groups").await.status(), 200);

    // Faults change at run time: lifting the limit ends the storm.
    h.set_faults(Faults::default());
    assert_eq!(get(&h, "/api/v1/users").await.status(), 200);
}

#[tokio::test]
async fn concurrency_cap_gives_429_with_zero_limit() {
    let h = start_with(
        10,
        Faults {
            concurrency_limit: 1,
            latency_ms: 400,
            ..Faults::default()
        },
    )
    .await;
    let rs = futures::future::join_all((0..4).map(|_| get(&h, "/api/v1/users?limit=1"))).await;
    let refused: Vec<&Response> = rs.iter().filter(|r| r.status() == 429).collect();
    assert!(!refused.is_empty(), "4 concurrent requests over a cap of 1");
    assert!(rs.iter().any(|r| r.status() == 200));
    for r in refused {
        assert_eq!(r.headers()["x-rate-limit-limit"], "0");
        assert_eq!(r.headers()["x-rate-limit-remaining"], "0");
    }
}

#[tokio::test]
async fn dropped_connection_is_a_transport_error_after_processing() {
    let h = start_with(
        10,
        Faults {
            drop_rate: 1.0,
            ..Faults::default()
        },
    )
    .await;
    let r = http()
        .post(format!("{}/api/v1/users", h.base_url()))
        .header("Authorization", format!("SSWS {}", h.token()))
        .json(&person("dropped@example.org", "Drop", "Ped"))
        .send()
        .await;
    let err = r.expect_err("a dropped connection is not an HTTP answer");
    assert!(err.status().is_none());
    assert_eq!(h.request_count("POST", "/api/v1/users"), 1);
    assert!(
        h.user_id("dropped@example.org").is_some(),
        "the server acted before dropping"
    );
    assert_eq!(h.request_count("GET", "/"), 0, "nothing else was sent");
}

#[tokio::test]
async fn error_rate_answers_e0000009() {
    let h = start_with(
        10,
        Faults {
            error_rate: 1.0,
            ..Faults::default()
        },
    )
    .await;
    expect_error(get(&h, "/api/v1/users").await, 500, "E0000009").await;
    h.set_faults(Faults::default());
    assert_eq!(get(&h, "/api/v1/users").await.status(), 200);
}

#[tokio::test]
async fn hundred_thousand_users() {
    let h = start(100_000).await;
    let r = get(&h, "/api/v1/groups?q=Everyone&expand=stats").await;
    let g: Vec<Value> = r.json().await.unwrap();
    assert_eq!(g[0]["_embedded"]["stats"]["usersCount"], 100_000);

    // A cursor deep in the id order resumes right after it.
    let deep: Vec<Value> = get(
        &h,
        &format!("/api/v1/users?{}&limit=1", search(r#"id ge "00uz""#)),
    )
    .await
    .json()
    .await
    .unwrap();
    let cursor = deep[0]["id"].as_str().unwrap().to_owned();
    let r = get(&h, &format!("/api/v1/users?after={cursor}&limit=200")).await;
    assert_eq!(r.status(), 200);
    let page: Vec<Value> = r.json().await.unwrap();
    let ids: Vec<&str> = page.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert!(!ids.is_empty());
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "id order");
    assert!(ids[0] > cursor.as_str());
    h.shutdown().await;
}

#[tokio::test]
async fn reset_factors_answers_empty_object_even_with_nothing_enrolled() {
    let h = start(60).await;
    let (users, _) = all_pages(
        &h,
        &format!("/api/v1/users?{}", filter(r#"status eq "ACTIVE""#)),
    )
    .await;
    let id = users[1]["id"].as_str().unwrap().to_owned();
    let one: Value = get(&h, &format!("/api/v1/users/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(one["_links"]["resetFactors"].is_object());
    for _ in 0..2 {
        // The second call finds nothing enrolled; Okta still answers 200 `{}`.
        let r = lifecycle(&h, &id, "reset_factors").await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.unwrap(), json!({}));
        let factors: Value = get(&h, &format!("/api/v1/users/{id}/factors"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(factors, json!([]));
    }
    assert_eq!(status_of(&h, &id).await, "ACTIVE", "status unchanged");
}

#[tokio::test]
async fn same_seed_same_org() {
    let ids = |seed: u64| async move {
        let mut opts = SandboxOptions::new(300);
        opts.seed = seed;
        let h = sandbox::start(opts).await.unwrap();
        let (users, _) = all_pages(&h, &format!("/api/v1/users?{}", search("id pr"))).await;
        users
            .iter()
            .map(|u| {
                (
                    u["id"].clone(),
                    u["profile"]["login"].clone(),
                    u["status"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let a = ids(5).await;
    assert_eq!(a.len(), 300);
    assert_eq!(a, ids(5).await);
    assert_ne!(a, ids(6).await);
}

#[tokio::test]
async fn request_ids_never_repeat_across_sandboxes() {
    // Two sandboxes with the same seed serve the same org but not the same request ids.
    let (a, b) = (start(5).await, start(5).await);
    let mut seen = HashSet::new();
    for h in [&a, &b] {
        for _ in 0..20 {
            let r = get(h, "/api/v1/users/me").await;
            let id = r.headers()["x-okta-request-id"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(seen.insert(id.clone()), "request id {id} repeated");
        }
    }
    let me_a: Value = get(&a, "/api/v1/users/me").await.json().await.unwrap();
    let me_b: Value = get(&b, "/api/v1/users/me").await.json().await.unwrap();
    assert_eq!(me_a["id"], me_b["id"], "same seed, same org");
}
