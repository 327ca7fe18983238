//! Saving through a symlinked config.toml (dotfile setups): the link stays a link, the file it
//! names gets the new settings with mode 0600, and the temp file lives beside the target.

#![cfg(unix)]

use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::Path;

use oktui::config::{self, Settings, TenantConfig, TokenSource};

fn settings(name: &str) -> Settings {
    let mut s = Settings::default();
    config::add_tenant(
        &mut s,
        TenantConfig::with_token(name, "https://acme.okta.com", TokenSource::Env("T".into())),
    )
    .unwrap();
    s
}

fn names(path: &Path) -> Vec<String> {
    let (s, _) = config::file::load(path).unwrap();
    s.tenants.into_iter().map(|t| t.name).collect()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn saving_through_a_symlink_keeps_the_link_and_writes_its_target() {
    let home = tempfile::tempdir().unwrap();
    let dotfiles = tempfile::tempdir().unwrap();
    let target = dotfiles.path().join("oktui.toml");
    config::file::save(&target, &settings("first")).unwrap();
    let link = home.path().join("config.toml");
    symlink(&target, &link).unwrap();

    config::file::save(&link, &settings("second")).unwrap();

    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(std::fs::read_link(&link).unwrap(), target);
    assert_eq!(names(&target), ["second"]);
    assert_eq!(
        std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // No temp file left in either directory.
    assert_eq!(entries(home.path()), ["config.toml"]);
    assert_eq!(entries(dotfiles.path()), ["oktui.toml"]);
}

#[test]
fn saving_through_a_chain_of_relative_links_writes_the_last_target() {
    let root = tempfile::tempdir().unwrap();
    let repo = root.path().join("repo");
    let conf = root.path().join("conf");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::create_dir_all(&conf).unwrap();
    let target = repo.join("oktui.toml");
    config::file::save(&target, &settings("first")).unwrap();
    // conf/config.toml -> current.toml -> ../repo/oktui.toml, both links relative.
    symlink("../repo/oktui.toml", conf.join("current.toml")).unwrap();
    symlink("current.toml", conf.join("config.toml")).unwrap();
    let link = conf.join("config.toml");

    config::file::save(&link, &settings("second")).unwrap();

    for l in ["config.toml", "current.toml"] {
        let meta = std::fs::symlink_metadata(conf.join(l)).unwrap();
        assert!(meta.file_type().is_symlink(), "{l} was replaced");
    }
    assert_eq!(names(&target), ["second"]);
    assert_eq!(names(&link), ["second"]);
    assert_eq!(entries(&repo), ["oktui.toml"]);
}

#[test]
fn a_link_to_a_file_not_yet_written_creates_the_target() {
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("dotfiles").join("oktui.toml");
    let link = root.path().join("config.toml");
    symlink(&target, &link).unwrap();

    config::file::save(&link, &settings("fresh")).unwrap();

    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(names(&target), ["fresh"]);
    assert_eq!(
        std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn a_cycle_of_links_is_an_error_and_leaves_the_links() {
    let root = tempfile::tempdir().unwrap();
    let a = root.path().join("a.toml");
    let b = root.path().join("b.toml");
    symlink(&b, &a).unwrap();
    symlink(&a, &b).unwrap();
    assert!(config::file::save(&a, &settings("x")).is_err());
    assert!(
        std::fs::symlink_metadata(&a)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::symlink_metadata(&b)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}
