//! What an admin installing oktui on a host relies on: `--version` names the version and the
//! commit it was built from, and `oktui man` prints a man page made from the same options as
//! `--help` (or writes one page per subcommand into a directory).

use assert_cmd::Command;

fn oktui() -> Command {
    let mut c = Command::cargo_bin("oktui").unwrap();
    c.env_remove("OKTA_CLIENT_ORGURL")
        .env_remove("OKTA_CLIENT_TOKEN");
    c
}

/// The commit the build script saw: this checkout's, or "unknown" without git or repository.
fn expected_commit() -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

#[test]
fn version_names_the_version_and_the_commit() {
    let out = oktui().arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        format!(
            "oktui {} (commit {})\n",
            env!("CARGO_PKG_VERSION"),
            expected_commit()
        )
    );
}

#[test]
fn man_prints_a_roff_page_with_every_subcommand_and_global_option() {
    let out = oktui().arg("man").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH oktui 1"), "{page}");
    assert!(page.contains("terminal console for Okta administrators"));
    for sub in [
        "users",
        "groups",
        "tenants",
        "completions",
        "config",
        "sandbox",
        "man",
    ] {
        assert!(
            page.contains(&format!("oktui\\-{sub}(1)")),
            "no {sub} in:\n{page}"
        );
    }
    for opt in [
        "\\-\\-tenant",
        "\\-\\-config",
        "\\-\\-read\\-only",
        "\\-\\-demo",
    ] {
        assert!(page.contains(opt), "no {opt} in:\n{page}");
    }
    assert!(
        page.contains(&expected_commit()),
        "the version section names the commit"
    );
}

#[test]
fn man_dir_writes_one_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man1");
    oktui()
        .args(["man", "--dir"])
        .arg(&out_dir)
        .assert()
        .success();
    for page in [
        "oktui.1",
        "oktui-users.1",
        "oktui-users-list.1",
        "oktui-man.1",
    ] {
        let text =
            std::fs::read_to_string(out_dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.starts_with(".ie"), "{page} is not roff");
    }
}
