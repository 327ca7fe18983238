//! `--config FILE` names a file that must be there: a missing or unreadable one stops the
//! command (exit 2, the path named) before anything is sent, console and CLI alike.

use crate::cli_support::Org;

#[test]
fn a_missing_config_file_is_an_error_and_nothing_is_sent() {
    let org = Org::start(20);
    let missing = org.dir.path().join("no-such.toml");
    let missing = missing.to_str().unwrap();
    for args in [
        ["users", "list", "--config", missing].as_slice(),
        [
            "users",
            "lifecycle",
            "x@example.com",
            "suspend",
            "--config",
            missing,
        ]
        .as_slice(),
        ["tenants", "list", "--config", missing].as_slice(),
        // The console: refused before it takes the screen.
        ["--config", missing].as_slice(),
        ["--demo", "--demo-users", "13", "--config", missing].as_slice(),
    ] {
        let (code, out, err) = org.run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(missing), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
    }
    assert_eq!(org.api_requests(), 0);
}

#[test]
fn a_config_path_that_is_a_directory_is_an_error() {
    let org = Org::start(20);
    let dir = org.dir.path().to_str().unwrap().to_owned();
    let (code, _, err) = org.run(&["users", "list", "--config", &dir]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&dir) && err.contains("directory"), "{err}");
}

#[test]
fn a_read_only_config_file_is_honoured() {
    let org = Org::start(20);
    let path = org.dir.path().join("c.toml");
    std::fs::write(&path, "read_only = true\n").unwrap();
    let login = org.login_with_status("ACTIVE");
    let (code, _, err) = org.run(&[
        "users",
        "lifecycle",
        &login,
        "suspend",
        "--config",
        path.to_str().unwrap(),
    ]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("read-only"), "{err}");
}
