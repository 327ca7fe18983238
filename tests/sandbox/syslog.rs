//! `GET /api/v1/logs`: the seeded history, paging, filters, since/until, polling, the events
//! writes append, and `GET /users/{id}/blocks`.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::api::{Answer, Api};

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn next_link(a: &Answer) -> Option<String> {
    a.links()
        .iter()
        .find(|l| l.contains("rel=\"next\""))
        .map(|l| {
            let start = l.find('<').unwrap() + 1;
            let end = l.find('>').unwrap();
            l[start..end].to_owned()
        })
}

/// Path and query of an absolute next link.
fn path_of(api: &Api, url: &str) -> String {
    url.strip_prefix(api.h.base_url()).unwrap().to_owned()
}

fn ninety_days_ago() -> String {
    (chrono::Utc::now() - chrono::Duration::days(90))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

fn now_iso() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// Every event of a bounded query (until now), following next links.
async fn all_events(api: &Api, query: &str) -> Vec<Value> {
    let mut path = format!(
        "/api/v1/logs?since={}&until={}&limit=1000&{query}",
        enc(&ninety_days_ago()),
        enc(&now_iso())
    );
    let mut out = Vec::new();
    for _ in 0..1000 {
        let a = api.get(&path).await;
        assert_eq!(a.status, 200, "{}", a.body);
        out.extend(a.body.as_array().unwrap().iter().cloned());
        match next_link(&a) {
            Some(n) => path = path_of(api, &n),
            None => return out,
        }
    }
    panic!("paging did not end");
}

async fn user_events(api: &Api, user_id: &str) -> Vec<Value> {
    all_events(
        api,
        &format!("filter={}", enc(&format!("target.id eq \"{user_id}\""))),
    )
    .await
}

#[tokio::test]
async fn seeded_history_has_sign_ins_failures_and_a_lock_per_locked_out_user() {
    let api = Api::start(300).await;
    let events = all_events(&api, "").await;
    assert!(events.len() > 600, "{} events", events.len());
    let reasons: HashSet<&str> = events
        .iter()
        .filter(|e| e["eventType"] == "user.session.start" && e["outcome"]["result"] == "FAILURE")
        .filter_map(|e| e["outcome"]["reason"].as_str())
        .collect();
    for r in ["INVALID_CREDENTIALS", "LOCKED_OUT", "VERIFICATION_ERROR"] {
        assert!(reasons.contains(r), "{r} missing from {reasons:?}");
    }
    let types: HashSet<&str> = events
        .iter()
        .filter_map(|e| e["eventType"].as_str())
        .collect();
    for t in [
        "user.session.start",
        "user.authentication.auth_via_mfa",
        "user.account.lock",
        "user.account.reset_password",
        "user.lifecycle.suspend",
        "user.lifecycle.deactivate",
        "group.user_membership.add",
    ] {
        assert!(types.contains(t), "{t} missing");
    }
    // Ascending by published.
    let times: Vec<&str> = events
        .iter()
        .map(|e| e["published"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    // The LogEvent shape.
    let e = &events[0];
    for k in [
        "uuid",
        "published",
        "eventType",
        "displayMessage",
        "severity",
        "version",
    ] {
        assert!(e[k].is_string(), "{k} in {e}");
    }
    assert!(e["actor"]["id"].is_string() && e["actor"]["alternateId"].is_string());
    assert!(e["client"]["ipAddress"].is_string());
    assert!(e["client"]["userAgent"]["rawUserAgent"].is_string());
    assert!(e["client"]["geographicalContext"]["city"].is_string());
    assert!(e["outcome"]["result"].is_string());
    assert!(e["target"].is_array() && e["transaction"]["id"].is_string());
    assert!(e["debugContext"]["debugData"]["requestId"].is_string());
    let uuids: HashSet<&str> = events.iter().map(|e| e["uuid"].as_str().unwrap()).collect();
    assert_eq!(uuids.len(), events.len(), "uuids repeat");

    // Every LOCKED_OUT user has a lock event.
    let locked = api
        .get(&format!(
            "/api/v1/users?filter={}",
            enc("status eq \"LOCKED_OUT\"")
        ))
        .await
        .body;
    let locked: Vec<&str> = locked
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert!(!locked.is_empty());
    for id in locked {
        assert!(
            events
                .iter()
                .any(|e| e["eventType"] == "user.account.lock" && e["actor"]["id"] == id),
            "no lock event for {id}"
        );
    }
}

#[tokio::test]
async fn pages_follow_next_links_without_overlap_both_ways() {
    let api = Api::start(50).await;
    let whole = all_events(&api, "").await;
    let since = enc(&ninety_days_ago());
    let until = enc(&now_iso());
    for order in ["ASCENDING", "DESCENDING"] {
        let mut path =
            format!("/api/v1/logs?since={since}&until={until}&limit=25&sortOrder={order}");
        let mut got = Vec::new();
        loop {
            let a = api.get(&path).await;
            assert_eq!(a.status, 200);
            assert!(a.body.as_array().unwrap().len() <= 25);
            got.extend(a.body.as_array().unwrap().iter().map(|e| e["uuid"].clone()));
            match next_link(&a) {
                Some(n) => {
                    assert!(n.contains("after=") && n.contains("limit=25"), "{n}");
                    path = path_of(&api, &n);
                }
                None => break,
            }
        }
        let mut expected: Vec<Value> = whole.iter().map(|e| e["uuid"].clone()).collect();
        if order == "DESCENDING" {
            expected.reverse();
        }
        assert_eq!(got, expected, "{order}");
    }
}

#[tokio::test]
async fn filters_on_event_type_actor_target_outcome_and_severity() {
    let api = Api::start(200).await;
    let whole = all_events(&api, "").await;
    let locked = api.user_with_status("LOCKED_OUT").await;
    type Keep = Box<dyn Fn(&Value) -> bool>;
    let cases: Vec<(String, Keep)> = vec![
        (
            "eventType eq \"user.account.lock\"".into(),
            Box::new(|e: &Value| e["eventType"] == "user.account.lock"),
        ),
        (
            format!("actor.id eq \"{locked}\""),
            Box::new({
                let l = locked.clone();
                move |e: &Value| e["actor"]["id"] == l.as_str()
            }),
        ),
        (
            format!("target.id eq \"{locked}\""),
            Box::new({
                let l = locked.clone();
                move |e: &Value| {
                    e["target"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|t| t["id"] == l.as_str())
                }
            }),
        ),
        (
            "outcome.result eq \"FAILURE\" and severity eq \"WARN\"".into(),
            Box::new(|e: &Value| e["outcome"]["result"] == "FAILURE" && e["severity"] == "WARN"),
        ),
        (
            "eventType eq \"user.lifecycle.suspend\" or eventType eq \"user.account.lock\"".into(),
            Box::new(|e: &Value| {
                e["eventType"] == "user.lifecycle.suspend" || e["eventType"] == "user.account.lock"
            }),
        ),
        (
            "(outcome.reason eq \"LOCKED_OUT\" or outcome.reason eq \"INVALID_CREDENTIALS\") and eventType eq \"user.session.start\"".into(),
            Box::new(|e: &Value| {
                e["eventType"] == "user.session.start"
                    && (e["outcome"]["reason"] == "LOCKED_OUT"
                        || e["outcome"]["reason"] == "INVALID_CREDENTIALS")
            }),
        ),
    ];
    for (filter, keep) in cases {
        let got = all_events(&api, &format!("filter={}", enc(&filter))).await;
        let expected: Vec<&Value> = whole.iter().filter(|e| keep(e)).collect();
        assert!(!expected.is_empty(), "{filter} matches nothing");
        assert_eq!(got.len(), expected.len(), "{filter}");
        assert!(got.iter().all(&keep), "{filter}");
    }
}

#[tokio::test]
async fn a_bad_filter_or_parameter_is_a_400_with_the_cause() {
    let api = Api::start(10).await;
    let a = api
        .get(&format!("/api/v1/logs?filter={}", enc("eventType eq")))
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "E0000031");
    assert!(!a.causes().is_empty());
    let a = api
        .get(&format!("/api/v1/logs?filter={}", enc("color eq \"red\"")))
        .await;
    assert_eq!(a.status, 400);
    assert!(a.causes()[0].contains("color"), "{:?}", a.causes());
    for bad in [
        "since=yesterday",
        "until=soon",
        "sortOrder=SIDEWAYS",
        "after=zz!",
        "limit=many",
    ] {
        let a = api.get(&format!("/api/v1/logs?{bad}")).await;
        assert_eq!(a.status, 400, "{bad}");
        assert_eq!(a.code(), "E0000001", "{bad}");
    }
}

#[tokio::test]
async fn since_and_until_bound_published_and_q_matches_keywords() {
    let api = Api::start(100).await;
    let whole = all_events(&api, "").await;
    let mid = whole[whole.len() / 2]["published"]
        .as_str()
        .unwrap()
        .to_owned();
    let late = whole[whole.len() * 3 / 4]["published"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = api
        .get(&format!(
            "/api/v1/logs?since={}&until={}&limit=1000",
            enc(&mid),
            enc(&late)
        ))
        .await;
    let got = a.body.as_array().unwrap();
    assert!(!got.is_empty());
    assert!(got.iter().all(|e| {
        let p = e["published"].as_str().unwrap();
        p >= mid.as_str() && p <= late.as_str()
    }));
    let expected = whole
        .iter()
        .filter(|e| {
            let p = e["published"].as_str().unwrap();
            p >= mid.as_str() && p <= late.as_str()
        })
        .count();
    assert_eq!(got.len(), expected);
    // Without since, the window is the last 7 days.
    let a = api
        .get("/api/v1/logs?limit=1000&sortOrder=DESCENDING")
        .await;
    let week = (chrono::Utc::now() - chrono::Duration::days(7))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    assert!(
        a.body
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["published"].as_str().unwrap() >= week.as_str())
    );
    // q: every keyword, any case.
    let got = all_events(&api, "q=invalid_CREDENTIALS+USER.session.start").await;
    assert!(!got.is_empty());
    assert!(got.iter().all(|e| e["eventType"] == "user.session.start"
        && e["outcome"]["reason"] == "INVALID_CREDENTIALS"));
}

#[tokio::test]
async fn polling_next_link_returns_new_events_once() {
    let api = Api::start(50).await;
    let locked = api.user_with_status("LOCKED_OUT").await;
    let mut path = format!("/api/v1/logs?since={}", enc(&now_iso()));
    // Drain what is there, then the next link must stay and return nothing new.
    let a = api.get(&path).await;
    assert_eq!(a.status, 200);
    path = path_of(
        &api,
        &next_link(&a).expect("a polling query always links on"),
    );
    let a = api.get(&path).await;
    assert_eq!(a.body, json!([]));
    path = path_of(&api, &next_link(&a).expect("still links on when empty"));

    let w = api
        .post(&format!("/api/v1/users/{locked}/lifecycle/unlock"), None)
        .await;
    assert_eq!(w.status, 200, "{}", w.body);
    let a = api.get(&path).await;
    let got = a.body.as_array().unwrap();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["eventType"], "user.account.unlock");
    assert_eq!(got[0]["target"][0]["id"], locked.as_str());
    assert_eq!(got[0]["actor"]["id"], api.h.admin_id().as_str());
    assert_eq!(
        got[0]["transaction"]["id"],
        w.headers["x-okta-request-id"].to_str().unwrap()
    );
    path = path_of(&api, &next_link(&a).unwrap());
    assert_eq!(api.get(&path).await.body, json!([]));
}

#[tokio::test]
async fn writes_append_their_events() {
    let api = Api::start(60).await;
    let user = api.create_user("logged@example.org", true).await;
    let id = user["id"].as_str().unwrap().to_owned();
    let group = api
        .post(
            "/api/v1/groups",
            Some(json!({"profile": {"name": "Logged", "description": "x"}})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let factor = api
        .post(
            &format!("/api/v1/users/{id}/factors"),
            Some(json!({"factorType": "token:software:totp", "provider": "GOOGLE"})),
        )
        .await;
    assert_eq!(factor.status, 200, "{}", factor.body);
    let fid = factor.body["id"].as_str().unwrap().to_owned();
    let steps: Vec<(reqwest::Method, String, Option<Value>)> = vec![
        (
            reqwest::Method::POST,
            format!("/api/v1/users/{id}"),
            Some(json!({"profile": {"title": "Engineer"}})),
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/groups/{group}/users/{id}"),
            None,
        ),
        (
            reqwest::Method::DELETE,
            format!("/api/v1/groups/{group}/users/{id}"),
            None,
        ),
        (
            reqwest::Method::DELETE,
            format!("/api/v1/users/{id}/factors/{fid}"),
            None,
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/users/{id}/lifecycle/reset_factors"),
            None,
        ),
        (
            reqwest::Method::DELETE,
            format!("/api/v1/users/{id}/sessions"),
            None,
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/users/{id}/lifecycle/suspend"),
            None,
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/users/{id}/lifecycle/unsuspend"),
            None,
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/users/{id}/lifecycle/reset_password?sendEmail=false"),
            None,
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/users/{id}/roles"),
            Some(json!({"type": "HELP_DESK_ADMIN"})),
        ),
        (reqwest::Method::DELETE, format!("/api/v1/users/{id}"), None),
        (reqwest::Method::DELETE, format!("/api/v1/users/{id}"), None),
    ];
    for (m, p, b) in steps {
        let a = api.send(m.clone(), &p, b).await;
        assert!(a.status < 300, "{m} {p}: {} {}", a.status, a.body);
    }
    // A refused write logs nothing.
    let refused = api
        .post(&format!("/api/v1/groups/{group}/users/nobody"), None)
        .await;
    assert!(refused.status >= 400);

    let types: Vec<String> = user_events(&api, &id)
        .await
        .iter()
        .map(|e| e["eventType"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        types,
        [
            "user.lifecycle.create",
            "user.mfa.factor.activate",
            "user.account.update_profile",
            "group.user_membership.add",
            "group.user_membership.remove",
            "user.mfa.factor.deactivate",
            "user.mfa.factor.reset_all",
            "user.session.clear",
            "user.lifecycle.suspend",
            "user.lifecycle.unsuspend",
            "user.account.reset_password",
            "user.account.privilege.grant",
            "user.lifecycle.deactivate",
            "user.lifecycle.delete.initiated",
        ]
    );
    let group_events = all_events(
        &api,
        &format!("filter={}", enc(&format!("target.id eq \"{group}\""))),
    )
    .await;
    let group_types: Vec<&str> = group_events
        .iter()
        .map(|e| e["eventType"].as_str().unwrap())
        .collect();
    assert_eq!(
        group_types,
        [
            "group.lifecycle.create",
            "group.user_membership.add",
            "group.user_membership.remove"
        ]
    );
    // Membership events name the member first, then the group.
    assert_eq!(group_events[1]["target"][0]["id"], id.as_str());
    assert_eq!(group_events[1]["target"][1]["id"], group.as_str());
}

#[tokio::test]
async fn blocks_list_any_devices_for_a_locked_out_user_only() {
    let api = Api::start(50).await;
    let locked = api.user_with_status("LOCKED_OUT").await;
    let active = api.user_with_status("ACTIVE").await;
    let a = api.get(&format!("/api/v1/users/{locked}/blocks")).await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.body,
        json!([{"type": "DEVICE_BASED", "appliesTo": "ANY_DEVICES"}])
    );
    assert_eq!(
        api.get(&format!("/api/v1/users/{active}/blocks"))
            .await
            .body,
        json!([])
    );
    assert_eq!(api.get("/api/v1/users/nobody/blocks").await.status, 404);
}

#[tokio::test]
async fn the_log_has_its_own_rate_limit_bucket() {
    let api = Api::start(10).await;
    let a = api.get("/api/v1/logs?limit=1").await;
    assert_eq!(a.headers["x-rate-limit-limit"], "120");
    let u = api.get("/api/v1/users?limit=1").await;
    assert_eq!(u.headers["x-rate-limit-limit"], "600");
}

#[tokio::test]
async fn a_lockout_forced_at_run_time_is_logged() {
    let api = Api::start(20).await;
    let active = api.user_with_status("ACTIVE").await;
    assert!(api.h.set_user_status(&active, "LOCKED_OUT"));
    let events = user_events(&api, &active).await;
    let last = events.last().expect("an event");
    assert_eq!(last["eventType"], "user.account.lock");
    let fails = all_events(
        &api,
        &format!(
            "filter={}",
            enc(&format!(
                "actor.id eq \"{active}\" and outcome.reason eq \"INVALID_CREDENTIALS\""
            ))
        ),
    )
    .await;
    assert!(fails.len() >= 3);
}
