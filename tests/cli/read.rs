//! The read-only subcommands against a sandbox: every output format, fields, paging, exit codes,
//! error reports, `--include-headers`, tenants, completions and help.

use super::cli_support::{Org, json_error, jsonl};
use serde_json::Value;

#[test]
fn users_list_same_rows_in_every_format_across_pages() {
    // 450 users: three pages of 200, so paging is exercised in every format.
    let org = Org::start(450);
    let (code, out, err) = org.run(&["users", "list", "--output", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.is_empty(),
        "no progress or messages when piped: {err:?}"
    );
    let rows = jsonl(&out);
    assert!(rows.len() > 400, "{}", rows.len());
    // The default listing hides DEPROVISIONED users, as Okta does.
    assert!(rows.iter().all(|r| r["status"] != "DEPROVISIONED"));
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "a row was repeated across pages");

    let (code, out, _) = org.run(&["users", "list", "--output", "json"]);
    assert_eq!(code, 0);
    let arr: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(arr, rows);

    let (code, out, _) = org.run(&["users", "list", "--output", "csv"]);
    assert_eq!(code, 0);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[0], "id");
    assert!(header.contains(&"login".to_owned()));
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), rows.len());
    assert_eq!(&recs[0][0], ids[0]);

    let (code, out, _) = org.run(&["users", "list"]);
    assert_eq!(code, 0);
    // The seeded org holds hostile values (escape sequences, bidi overrides): none reach
    // the terminal.
    for bad in ['\u{1b}', '\u{9b}', '\u{202e}', '\u{7}'] {
        assert!(!out.contains(bad), "{bad:?} in the table");
    }
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("ID"), "{}", lines[0]);
    assert!(lines[0].contains("LOGIN"));
    assert_eq!(lines.len(), rows.len() + 1);
    assert!(lines[1].starts_with(ids[0]));
}

#[test]
fn users_list_limit_fields_status_search() {
    let org = Org::start(120);
    let (code, out, _) = org.run(&[
        "users", "list", "--limit", "7", "--fields", "login,id", "-o", "jsonl",
    ]);
    assert_eq!(code, 0);
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 7);
    for r in &rows {
        let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 2, "{r}");
        assert!(r["login"].is_string() && r["id"].is_string());
    }
    // Column order follows --fields.
    assert!(out.lines().next().unwrap().starts_with("{\"login\""));

    let (code, out, _) = org.run(&["users", "list", "--status", "suspended", "-o", "jsonl"]);
    assert_eq!(code, 0);
    let suspended = jsonl(&out);
    assert!(!suspended.is_empty());
    assert!(suspended.iter().all(|r| r["status"] == "SUSPENDED"));

    // search includes DEPROVISIONED users; the plain listing does not.
    let (code, out, _) = org.run(&[
        "users",
        "list",
        "--search",
        "status eq \"DEPROVISIONED\"",
        "-o",
        "jsonl",
    ]);
    assert_eq!(code, 0);
    let gone = jsonl(&out);
    assert!(!gone.is_empty());
    assert!(gone.iter().all(|r| r["status"] == "DEPROVISIONED"));

    // --q with --status filters locally (Okta cannot combine them).
    let first = org.users()[0]["login"].as_str().unwrap().to_owned();
    let prefix = &first[..3];
    let (code, out, _) = org.run(&[
        "users", "list", "--q", prefix, "--status", "ACTIVE", "-o", "jsonl",
    ]);
    assert_eq!(code, 0);
    assert!(jsonl(&out).iter().all(|r| r["status"] == "ACTIVE"));
}

#[test]
fn csv_quotes_embedded_commas_and_quotes_and_escapes_formulas() {
    let org = Org::start(20);
    let (code, _, err) = org.run_stdin(
        &[
            "users",
            "create",
            "--login",
            "csv.test@example.com",
            "--email",
            "csv.test@example.com",
            "--first-name",
            "Smith, \"Bob\"",
            "--last-name",
            "=HYPERLINK(\"http://x\")",
            "--no-activate",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = org.run(&[
        "users",
        "list",
        "--search",
        "profile.login eq \"csv.test@example.com\"",
        "--fields",
        "login,firstName,lastName",
        "-o",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"Smith, \"\"Bob\"\"\""), "{out}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let rec = r.records().next().unwrap().unwrap();
    assert_eq!(&rec[0], "csv.test@example.com");
    assert_eq!(&rec[1], "Smith, \"Bob\"");
    // A spreadsheet would run this as a formula: it is escaped with a leading quote.
    assert_eq!(&rec[2], "'=HYPERLINK(\"http://x\")");
}

#[test]
fn users_list_prints_profile_attributes() {
    let org = Org::start(60);
    let (code, out, err) = org.run(&[
        "users",
        "list",
        "--limit",
        "25",
        "--fields",
        "login,profile.department,profile.city,profile.noSuchAttribute",
        "-o",
        "jsonl",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 25);
    assert!(out.lines().next().unwrap().starts_with("{\"login\""));
    // Each value is what a GET of that user holds; a missing attribute is null.
    for r in rows.iter().take(3) {
        let login = r["login"].as_str().unwrap();
        let (code, one, _) = org.run(&["users", "get", login, "-o", "json"]);
        assert_eq!(code, 0);
        let user: Value = serde_json::from_str(&one).unwrap();
        assert_eq!(
            r["profile.department"], user["profile"]["department"],
            "{r}"
        );
        assert_eq!(r["profile.city"], user["profile"]["city"], "{r}");
        assert!(r["profile.noSuchAttribute"].is_null());
    }
    assert!(rows.iter().any(|r| r["profile.department"].is_string()));
    // csv and table take them too; a bare prefix is a usage error.
    let (code, csv, _) = org.run(&[
        "users",
        "list",
        "--limit",
        "2",
        "--fields",
        "id,profile.title",
        "-o",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(csv.lines().next(), Some("id,profile.title"));
    let (code, _, err) = org.run(&["users", "list", "--fields", "login,profile."]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("attribute name"), "{err}");
}

#[test]
fn users_get_groups_roles_apps() {
    let org = Org::start(30);
    let login = org.login_with_status("ACTIVE");
    let (code, out, err) = org.run(&["users", "get", &login, "--output", "json"]);
    assert_eq!(code, 0, "{err}");
    let user: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(user["profile"]["login"], login.as_str());
    assert!(user["_links"].is_object(), "json is the whole user object");
    let id = user["id"].as_str().unwrap().to_owned();

    // By id as well as by login; table shows field/value lines.
    let (code, out, _) = org.run(&["users", "get", &id]);
    assert_eq!(code, 0);
    assert!(out.starts_with("FIELD"));
    assert!(out.contains(&login));
    // Only operations are actions, not links to the schema, type or the user itself.
    let actions = out
        .lines()
        .find(|l| l.starts_with("allowedActions"))
        .unwrap();
    assert!(actions.contains("suspend"), "{actions}");
    for not_action in ["schema", "type", "self"] {
        assert!(
            !actions.split_whitespace().any(|w| w == not_action),
            "{actions}"
        );
    }

    let (code, out, _) = org.run(&["users", "get", &login, "-o", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2);

    let (code, out, err) = org.run(&["users", "groups", &login, "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let groups: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(groups.iter().any(|g| g["name"] == "Everyone"));

    let (code, out, err) = org.run(&["users", "roles", "admin@example.com", "-o", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let roles = jsonl(&out);
    assert!(roles.iter().any(|r| r["type"] == "SUPER_ADMIN"), "{out}");

    let (code, out, err) = org.run(&["users", "apps", &login, "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let apps: Vec<Value> = serde_json::from_str(&out).unwrap();
    for a in &apps {
        assert!(a["appInstanceId"].is_string());
    }
}

#[test]
fn include_headers_wraps_status_headers_body() {
    let org = Org::start(10);
    let (code, out, err) = org.run(&[
        "--include-headers",
        "users",
        "get",
        "admin@example.com",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], 200);
    assert!(v["headers"]["x-okta-request-id"].is_string(), "{v}");
    assert!(v["headers"]["x-rate-limit-remaining"].is_string());
    assert_eq!(v["body"]["profile"]["login"], "admin@example.com");
    assert!(!out.to_lowercase().contains("authorization"));

    // Lists: one envelope per page.
    let (code, out, _) = org.run(&["users", "list", "--include-headers", "--limit", "3"]);
    assert_eq!(code, 0);
    let pages = jsonl(&out);
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0]["status"], 200);
    assert_eq!(pages[0]["body"].as_array().unwrap().len(), 3);
}

#[test]
fn exit_codes_and_error_reports() {
    let org = Org::start(10);
    // Not found: 3, with code, summary and request id; as JSON on stderr with --output json.
    let (code, out, err) = org.run(&["users", "get", "nobody@example.com"]);
    assert_eq!(code, 3);
    assert!(out.is_empty(), "stdout carries only results");
    assert!(
        err.contains("E0000007") && err.contains("request id"),
        "{err}"
    );
    let (code, _, err) = org.run(&["users", "get", "nobody@example.com", "-o", "json"]);
    assert_eq!(code, 3);
    let e = json_error(&err);
    assert_eq!(e["code"], "E0000007");
    assert_eq!(e["status"], 404);
    assert_eq!(e["exitCode"], 3);
    assert!(e["requestId"].is_string());
    assert!(e["summary"].is_string() && e["causes"].is_array());

    // Bad token: 4, and the token never appears in the report.
    let (code, _, err) = org
        .cmd(&["users", "list", "-o", "json"])
        .env("OKTA_CLIENT_TOKEN", "wrong-token-value")
        .output()
        .map(|o| {
            (
                o.status.code().unwrap(),
                String::new(),
                String::from_utf8(o.stderr).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(code, 4);
    assert_eq!(json_error(&err)["code"], "E0000011");
    assert!(!err.contains("wrong-token-value"));

    // Usage: 2 (clap errors, bad --fields, bad --status, bad --from file).
    for args in [
        &["users", "list", "--output", "xml"][..],
        &["users", "list", "--fields", "id,password"],
        &["users", "list", "--status", "sleeping"],
        &[
            "users",
            "lifecycle",
            "--from",
            "/nonexistent/file",
            "suspend",
        ],
        &["users", "list", "--search", "a", "--q", "b"],
    ] {
        let (code, _, err) = org.run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    // Nothing to act on: 2.
    let out = org
        .cmd(&["users", "list"])
        .env_remove("OKTA_CLIENT_ORGURL")
        .env_remove("OKTA_CLIENT_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    // Network: 7 (a port nobody listens on).
    let (_held, port) = crate::closed_port::closed_port();
    let out = org
        .cmd(&["users", "get", "x@example.com"])
        .env("OKTA_CLIENT_ORGURL", format!("http://127.0.0.1:{port}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{:?}", out);
}

#[test]
fn groups_list_members_by_name_or_id() {
    let org = Org::start(60);
    let (code, out, err) = org.run(&["groups", "list", "-o", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let groups = jsonl(&out);
    let g = groups
        .iter()
        .find(|g| g["type"] == "OKTA_GROUP" && g["usersCount"].as_u64().unwrap_or(0) > 0)
        .unwrap();
    let name = g["name"].as_str().unwrap();
    let id = g["id"].as_str().unwrap();
    let count = g["usersCount"].as_u64().unwrap() as usize;

    let (code, out, err) = org.run(&["groups", "members", name, "-o", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(jsonl(&out).len(), count);
    let (code, out, _) = org.run(&["groups", "members", id, "-o", "csv", "--fields", "login"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), count + 1);

    let (code, out, _) = org.run(&["groups", "list", "--q", "Everyone"]);
    assert_eq!(code, 0);
    assert!(out.contains("BUILT_IN"));

    let (code, _, _) = org.run(&["groups", "members", "No Such Group"]);
    assert_eq!(code, 3);
}

#[test]
fn tenants_list_and_test() {
    let org = Org::start(5);
    let (code, out, err) = org.run(&["tenants", "list", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let t: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0]["domain"], org.sandbox.base_url());
    assert_eq!(t[0]["active"], true);
    assert!(!out.contains(org.sandbox.token()));

    let name = t[0]["name"].as_str().unwrap();
    let (code, out, err) = org.run(&["tenants", "test", name, "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["actsAs"], "admin@example.com");
    assert!(v["orgId"].as_str().unwrap().starts_with("00o"));

    let (code, _, err) = org
        .cmd(&["tenants", "test", name])
        .env("OKTA_CLIENT_TOKEN", "nope")
        .output()
        .map(|o| {
            (
                o.status.code().unwrap(),
                (),
                String::from_utf8(o.stderr).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(code, 4, "{err}");

    // A closed port: the report (ok false, the failure named) on stdout, exit 7.
    let (_held, port) = crate::closed_port::closed_port();
    let out = org
        .cmd(&["tenants", "test", name, "-o", "json"])
        .env("OKTA_CLIENT_ORGURL", format!("http://127.0.0.1:{port}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["failure"]["kind"], "ClosedPort");

    let (code, _, _) = org.run(&["tenants", "test", "no-such-tenant"]);
    assert_eq!(code, 2);
}

#[test]
fn completions_and_help_examples() {
    let org = Org::start(1);
    for shell in ["bash", "zsh", "fish"] {
        let (code, out, _) = org.run(&["completions", shell]);
        assert_eq!(code, 0);
        assert!(
            out.contains("oktui") && out.contains("reset-link"),
            "{shell}"
        );
    }
    let commands: &[&[&str]] = &[
        &["users"],
        &["users", "list"],
        &["users", "get"],
        &["users", "groups"],
        &["users", "roles"],
        &["users", "apps"],
        &["users", "create"],
        &["users", "lifecycle"],
        &["users", "reset-link"],
        &["users", "clear-sessions"],
        &["users", "delete"],
        &["groups"],
        &["groups", "list"],
        &["groups", "members"],
        &["groups", "add-member"],
        &["groups", "remove-member"],
        &["tenants"],
        &["tenants", "list"],
        &["tenants", "test"],
        &["completions"],
    ];
    for c in commands {
        let mut args = c.to_vec();
        args.push("--help");
        let (code, out, _) = org.run(&args);
        assert_eq!(code, 0, "{c:?}");
        assert!(out.contains("Example"), "{c:?} has no example");
        assert!(out.contains("oktui "), "{c:?}");
    }
}

#[test]
fn rate_limit_wait_is_announced_once_on_stderr() {
    // One request per 20-second window: the second command meets a 429, waits it out and
    // says so once on stderr (piped here, as in a scheduled job), then succeeds. The window
    // is long enough that even a slow machine starts the second command inside it.
    let mut opts = oktui::sandbox::SandboxOptions::new(5);
    opts.faults.rate_limit_per_min = 1;
    opts.faults.rate_window_secs = 20;
    let org = Org::start_with(opts);
    let run = || {
        org.cmd(&["users", "list", "-o", "json"])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(0));
    assert!(
        !String::from_utf8_lossy(&first.stderr).contains("rate limited"),
        "no wait, no message"
    );
    let second = run();
    let err = String::from_utf8(second.stderr).unwrap();
    assert_eq!(second.status.code(), Some(0), "{err}");
    assert_eq!(
        err.matches("rate limited: waiting").count(),
        1,
        "one line per wait: {err}"
    );
    assert!(!String::from_utf8_lossy(&second.stdout).contains("rate limited"));
}

#[test]
fn rate_limit_not_recovered_is_5() {
    // A bucket of 2 requests an hour: the third call meets a 429 whose window resets far
    // later than the client is willing to wait, however long the first two calls took.
    let mut opts = oktui::sandbox::SandboxOptions::new(5);
    opts.faults.rate_limit_per_min = 2;
    opts.faults.rate_window_secs = 3600;
    let org = Org::start_with(opts);
    let mut last = None;
    for _ in 0..3 {
        let out = org
            .cmd(&["users", "get", "admin@example.com", "-o", "json"])
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap();
        last = Some(out);
    }
    let out = last.unwrap();
    assert_eq!(out.status.code(), Some(5));
    let e = json_error(&String::from_utf8(out.stderr).unwrap());
    assert_eq!(e["code"], "E0000047");
}

#[test]
fn configured_tenants_list_select_and_read_only() {
    use oktui::config::{Settings, TenantConfig, TokenSource};
    use secrecy::SecretString;
    let org = Org::start(20);
    let token = || TokenSource::Inline(SecretString::from(org.sandbox.token().to_owned()));
    let mut locked = TenantConfig::with_token("acme-prod", org.sandbox.base_url(), token());
    locked.read_only = true;
    let open = TenantConfig::with_token("acme-dev", org.sandbox.base_url(), token());
    let settings = Settings {
        default_tenant: Some("acme-dev".into()),
        tenants: vec![locked, open],
        ..Settings::default()
    };
    let path = org.dir.path().join("config.toml");
    oktui::config::save(&path, &settings).unwrap();
    let cfg = path.to_str().unwrap();
    let with_config = |args: &[&str]| {
        let out = org
            .cmd(args)
            .env_remove("OKTA_CLIENT_ORGURL")
            .env_remove("OKTA_CLIENT_TOKEN")
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };

    let (code, out, err) = with_config(&["--config", cfg, "tenants", "list", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let t: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(t.len(), 2);
    assert_eq!(t[0]["name"], "acme-prod");
    assert_eq!(t[0]["readOnly"], true);
    assert_eq!(t[0]["active"], false);
    assert_eq!(t[1]["active"], true, "the default tenant is active");
    assert!(!out.contains(org.sandbox.token()));

    // A tenant marked read-only in the config refuses writes; the other one accepts them.
    let login = org.login_with_status("ACTIVE");
    org.sandbox.reset_request_counts();
    let (code, _, err) = with_config(&[
        "--config",
        cfg,
        "--tenant",
        "acme-prod",
        "users",
        "lifecycle",
        &login,
        "suspend",
    ]);
    assert_eq!(code, 4, "{err}");
    assert_eq!(org.api_requests(), 0);
    let (code, _, err) = with_config(&["--config", cfg, "users", "lifecycle", &login, "suspend"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(org.sandbox.user_status(&login), Some("SUSPENDED"));
    assert_eq!(org.journal()[0].tenant, "acme-dev");

    let (code, out, err) = with_config(&[
        "--config",
        cfg,
        "tenants",
        "test",
        "acme-prod",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tenant"], "acme-prod");
    assert_eq!(v["ok"], true);
}
