//! `oktui config path` / `oktui config check` through the binary.

use assert_cmd::Command;

#[test]
fn config_path_prints_the_flag_or_the_default() {
    let out = Command::cargo_bin("oktui")
        .unwrap()
        .args(["config", "path", "--config", "/tmp/somewhere/c.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "/tmp/somewhere/c.toml"
    );

    let home = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("oktui")
        .unwrap()
        .args(["config", "path"])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("xdg"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(printed.ends_with("config.toml"), "{printed}");
    assert!(
        printed.starts_with(home.path().to_str().unwrap()),
        "{printed}"
    );
}

#[test]
fn config_check_reports_a_damaged_file_without_touching_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(&path, "mouse = yes\n").unwrap();
    let out = Command::cargo_bin("oktui")
        .unwrap()
        .args(["config", "check", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":1:9:"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mouse = yes\n");
}

/// A reader that closed its end (`oktui config path | head -0`): no panic, exit 0.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe fills two fds on success; both are owned right below.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: just opened, owned only here.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    for args in [
        ["config", "path"].as_slice(),
        ["config", "check"].as_slice(),
    ] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("oktui"))
            .args(args)
            .args(["--config", "/tmp/oktui-closed-pipe/c.toml"])
            .stdout(std::process::Stdio::from(write.try_clone().unwrap()))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
