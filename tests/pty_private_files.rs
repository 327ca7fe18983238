//! The console keeps its log private: started with a data dir that does not exist yet, it
//! creates the dir 0700 and `oktui.log` 0600; a log left readable by others is tightened to
//! 0600 and the log says so.

#![cfg(unix)]

mod support;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use support::pty::{Console, oktui_command};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Runs the demo console with `data` as its data dir until the user list shows, then quits.
/// It starts in `data`'s parent (which exists), since `data` itself may not yet.
fn run_console(data: &Path) {
    let home = data.parent().expect("a parent dir");
    let mut cmd = oktui_command(&["--demo", "--demo-users", "20"], data);
    cmd.env("HOME", home);
    cmd.cwd(home);
    let mut c = Console::spawn(24, 100, cmd, data.to_path_buf(), None);
    c.wait_until("the user list", |s| s.contains("@example."));
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}

#[test]
fn a_data_dir_the_console_creates_is_0700_and_its_log_0600() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("home")).unwrap();
    let data = root.path().join("home").join("oktui");
    run_console(&data);
    assert_eq!(mode(&data), 0o700, "data dir");
    assert_eq!(mode(&data.join("oktui.log")), 0o600, "log");
}

#[test]
fn a_log_readable_by_others_is_tightened_with_a_warning_in_the_log() {
    let data = tempfile::tempdir().unwrap();
    let log = data.path().join("oktui.log");
    std::fs::write(&log, "an older line\n").unwrap();
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
    run_console(data.path());
    assert_eq!(mode(&log), 0o600);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.starts_with("an older line\n"), "{text}");
    assert!(
        text.contains("readable by other users (mode 644); it is now 0600"),
        "{text}"
    );
}
