//! What `--from` accepts and refuses, the JSON it prints, and the page size the CLI asks for.

use crate::cli_support::{Org, jsonl};

fn run_from(org: &Org, path: &str) -> (i32, String, String) {
    org.run(&["users", "lifecycle", "--from", path, "suspend"])
}

#[test]
fn invalid_utf8_a_directory_and_me_are_usage_errors_naming_file_and_line() {
    let org = Org::start(20);
    let login = org.login_with_status("ACTIVE");
    let file = org.dir.path().join("users.txt");
    let path = file.to_str().unwrap().to_owned();
    org.sandbox.reset_request_counts();

    std::fs::write(
        &file,
        [login.as_bytes(), b"\n# ok\nbad\xff\xfe@example.com\n"].concat(),
    )
    .unwrap();
    let (code, out, err) = run_from(&org, &path);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("{path}:3: not valid UTF-8")), "{err}");
    assert!(out.is_empty());

    std::fs::write(&file, format!("{login}\nme\n")).unwrap();
    let (code, _, err) = run_from(&org, &path);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("{path}:2: `me`")), "{err}");

    let dir = org.dir.path().to_str().unwrap().to_owned();
    let (code, _, err) = run_from(&org, &dir);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&dir) && err.contains("directory"), "{err}");

    assert_eq!(org.sandbox.request_count("POST", "/api"), 0);
    assert_eq!(org.sandbox.user_status(&login), Some("ACTIVE"));
}

#[test]
fn bulk_rows_already_done_succeed_with_a_note() {
    let org = Org::start(30);
    let login = org.login_with_status("ACTIVE");
    let (code, _, err) = org.run(&["users", "lifecycle", &login, "suspend"]);
    assert_eq!(code, 0, "{err}");
    let file = org.dir.path().join("users.txt");
    std::fs::write(&file, format!("{login}\n")).unwrap();
    org.sandbox.reset_request_counts();
    let (code, out, err) = run_from(&org, file.to_str().unwrap());
    assert_eq!(code, 0, "{err}");
    let rows = jsonl(&out);
    assert_eq!(rows[0]["ok"], true);
    assert_eq!(rows[0]["note"], "already suspended");
    assert_eq!(org.sandbox.request_count("POST", "/api"), 0);
    let last = org.journal().pop().unwrap();
    assert_eq!(last.note.as_deref(), Some("already suspended"));
}

#[test]
fn hostile_input_lines_are_escaped_in_json_output() {
    let org = Org::start(20);
    let file = org.dir.path().join("users.txt");
    let hostile = "x\u{202e}moc.elpmaxe@nobody\u{9b}2J";
    std::fs::write(&file, format!("{hostile}\n")).unwrap();
    let (code, out, _) = run_from(&org, file.to_str().unwrap());
    assert_eq!(code, 3);
    assert!(
        !out.contains('\u{202e}') && !out.contains('\u{9b}'),
        "{out:?}"
    );
    assert!(out.contains("\\u202e") && out.contains("\\u009b"), "{out}");
    assert_eq!(jsonl(&out)[0]["user"], hostile);
}

#[test]
fn listings_ask_for_the_configured_page_size() {
    let org = Org::start(20);
    let config = org.dir.path().join("c.toml");
    std::fs::write(&config, "page_size = 7\n").unwrap();
    let c = config.to_str().unwrap();
    let (code, out, err) = org.run(&["users", "list", "--dry-run", "--config", c]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("limit=7"), "{out}");
    let listed = org.users().len();
    org.sandbox.reset_request_counts();
    let (code, out, err) = org.run(&["users", "list", "-o", "jsonl", "--config", c]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(jsonl(&out).len(), listed);
    let pages = listed.div_ceil(7) as u64;
    assert_eq!(org.sandbox.request_count("GET", "/api/v1/users"), pages);
    let (code, out, _) = org.run(&[
        "groups",
        "members",
        "00gnothing0000000000",
        "--dry-run",
        "--config",
        c,
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("limit=7"), "{out}");
}

#[test]
fn a_refused_connection_pauses_the_bulk_run_and_retries() {
    // The same seed gives the same org: read its logins, then serve it later on a port that
    // refuses connections for the first seconds of the run.
    let first = Org::start(20);
    let logins: Vec<String> = first
        .users()
        .into_iter()
        .filter(|u| u["status"] == "ACTIVE")
        .take(2)
        .map(|u| u["login"].as_str().unwrap().to_owned())
        .collect();
    let (held, port) = crate::closed_port::closed_port();
    let file = first.dir.path().join("users.txt");
    std::fs::write(&file, logins.join("\n")).unwrap();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("oktui"))
        .args([
            "users",
            "lifecycle",
            "--from",
            file.to_str().unwrap(),
            "suspend",
        ])
        .env("OKTA_CLIENT_ORGURL", format!("http://127.0.0.1:{port}"))
        .env("OKTA_CLIENT_TOKEN", first.sandbox.token())
        .env("OKTUI_DATA_DIR", first.data_dir())
        .env("HOME", first.dir.path())
        .env("XDG_CONFIG_HOME", first.dir.path().join("config"))
        .env_remove("OKTUI_TENANT")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    // The org comes back on the port the run was refused on.
    drop(held);
    let mut opts = oktui::sandbox::SandboxOptions::new(20);
    opts.port = port;
    let later = Org::start_with(opts);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("connection refused (nothing was sent); retrying"),
        "{err}"
    );
    assert_eq!(jsonl(&String::from_utf8_lossy(&out.stdout)).len(), 2);
    for l in &logins {
        assert_eq!(later.sandbox.user_status(l), Some("SUSPENDED"));
    }
}

#[test]
fn a_write_to_the_callers_own_account_is_asked_twice_and_refused_in_bulk() {
    let org = Org::start(20);
    org.sandbox.reset_request_counts();
    let admin = "admin@example.com";
    for args in [
        ["users", "lifecycle", admin, "suspend"].as_slice(),
        ["users", "lifecycle", "me", "deactivate", "--yes"].as_slice(),
        ["users", "reset-link", admin].as_slice(),
    ] {
        let (code, _, err) = org.run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("your own account"), "{args:?}: {err}");
    }
    let file = org.dir.path().join("users.txt");
    std::fs::write(&file, format!("{admin}\n")).unwrap();
    let (code, out, err) = run_from(&org, file.to_str().unwrap());
    assert_eq!(code, 2, "{err}");
    assert!(
        jsonl(&out)[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("your own account")
    );
    assert_eq!(org.sandbox.request_count("POST", "/api"), 0);
    assert_eq!(org.sandbox.user_status(admin), Some("ACTIVE"));
}
