//! `oktui index status|sync|clear`, `users list --offline` and `users list --parallel`.

use std::collections::HashSet;

use oktui::sandbox::SandboxOptions;
use serde_json::Value;

use crate::cli_support::{Org, jsonl};

fn run(org: &Org, args: &[&str]) -> (i32, String, String) {
    let out = org
        .cmd(args)
        .env("XDG_CACHE_HOME", org.dir.path().join("cache"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ids(rows: &[Value]) -> HashSet<String> {
    rows.iter()
        .filter_map(|r| r["id"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn index_sync_then_offline_listing_matches_the_online_one() {
    let org = Org::start_with(SandboxOptions::new(450).with_rate_limit(100_000));
    let (code, _, err) = run(&org, &["users", "list", "--offline"]);
    assert_eq!(code, 3, "no index yet: {err}");
    assert!(err.contains("index sync"), "{err}");

    let (code, out, err) = run(&org, &["index", "sync", "--output", "json"]);
    assert_eq!(code, 0, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["full"], true);

    let (code, out, _) = run(&org, &["index", "status", "--output", "json"]);
    assert_eq!(code, 0);
    let status: Value = serde_json::from_str(&out).unwrap();
    assert!(status["users"].as_u64().unwrap() >= 450, "{status}");
    assert!(status["syncedAt"].is_string());

    let (code, online, _) = run(&org, &["users", "list", "--output", "jsonl"]);
    assert_eq!(code, 0);
    let (code, offline, err) = run(
        &org,
        &[
            "users",
            "list",
            "--offline",
            "--status",
            "ACTIVE",
            "--output",
            "jsonl",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("synced") && err.contains("ago"), "{err}");
    let active: HashSet<String> = jsonl(&online)
        .into_iter()
        .filter(|u| u["status"] == "ACTIVE")
        .filter_map(|u| u["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(ids(&jsonl(&offline)), active);

    // A second sync asks only for what changed.
    let (code, out, err) = run(&org, &["index", "sync", "--output", "json"]);
    assert_eq!(code, 0, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["full"], false, "{report}");

    let (code, _, _) = run(&org, &["index", "clear"]);
    assert_eq!(code, 0);
    let (_, out, _) = run(&org, &["index", "status", "--output", "json"]);
    let status: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(status["users"], 0);

    let (code, _, err) = run(&org, &["index", "status", "--no-index"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn parallel_listing_prints_the_same_users_as_sequential_paging() {
    let org = Org::start_with(SandboxOptions::new(700).with_rate_limit(100_000));
    let (code, seq, _) = run(&org, &["users", "list", "--output", "jsonl"]);
    assert_eq!(code, 0);
    let (code, par, err) = run(&org, &["users", "list", "--parallel", "--output", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no particular order"), "{err}");
    let par = jsonl(&par);
    assert_eq!(ids(&par).len(), par.len(), "an id printed twice");
    assert_eq!(ids(&par), ids(&jsonl(&seq)));
}
