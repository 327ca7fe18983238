//! Long listings under sustained faults: server errors, dropped connections and a low rate
//! limit at once. A failed page is tried again from the same cursor with growing waits, so the
//! listing completes with every user exactly once.

use std::collections::HashSet;

use super::cli_support::Org;
use serde_json::Value;

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn a_long_listing_under_errors_drops_and_rate_limits_lists_every_user_once() {
    let org = Org::start(20_000);
    let clean = ids(&org.users());
    assert!(clean.len() > 15_000, "{}", clean.len());

    // More than a third of all requests fail: the client's own quick retries of a page all
    // fail now and then across a hundred pages, so the listing has to wait and try again.
    let mut faults = org.sandbox.faults();
    faults.error_rate = 0.3;
    faults.drop_rate = 0.1;
    faults.rate_limit_per_min = 40;
    faults.rate_window_secs = 2;
    org.sandbox.set_faults(faults);

    let out = org
        .cmd(&["users", "list", "-o", "json"])
        .timeout(std::time::Duration::from_secs(400))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).expect("one JSON array");
    let got = ids(&rows);
    let unique: HashSet<&String> = got.iter().collect();
    assert_eq!(unique.len(), got.len(), "a user was listed twice");
    assert_eq!(got, clean, "every user, in order, exactly once");
    // Each further try was said on stderr (a page did fail: the sandbox counted the faults).
    for line in err.lines().filter(|l| l.contains("a page failed")) {
        assert!(line.contains("trying the same page again in"), "{line}");
    }
}

#[test]
fn a_listing_that_meets_a_permanent_error_keeps_its_json_valid_and_exits_with_its_code() {
    let org = Org::start(30);
    // A bad token is not worth trying again: no wait, exit 4, and stdout is still JSON.
    let out = org
        .cmd(&["users", "list", "-o", "json"])
        .env("OKTA_CLIENT_TOKEN", "wrong")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(!err.contains("trying the same page again"), "{err}");
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).expect("a closed JSON array");
    assert!(rows.is_empty());
}
