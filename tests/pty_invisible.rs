//! The console's user list against a sandbox holding two logins that differ only by a
//! zero-width space: the one with it reads `twin<U+200B>@example.com`, so the two rows do not
//! look alike, and the columns after it stay in place. No timed assertions.

mod support;

use oktui::sandbox::SandboxOptions;
use support::pty::{Console, oktui_command};

#[test]
fn a_zero_width_space_in_a_login_shows_as_its_code_in_the_list() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = rt
        .block_on(oktui::sandbox::start(SandboxOptions::new(5)))
        .unwrap();
    let (base, token) = (sandbox.base_url().to_owned(), sandbox.token().to_owned());
    let data = tempfile::tempdir().unwrap();
    for login in ["twin\u{200b}@example.com", "twin@example.com"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_oktui"))
            .args([
                "users",
                "create",
                "--login",
                login,
                "--email",
                "twin@example.com",
            ])
            .args([
                "--first-name",
                "Twin",
                "--last-name",
                "Zero",
                "--no-activate",
            ])
            .env("OKTA_CLIENT_ORGURL", &base)
            .env("OKTA_CLIENT_TOKEN", &token)
            .env("OKTUI_DATA_DIR", data.path())
            .env("HOME", data.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let mut cmd = oktui_command::<&str>(&[], data.path());
    cmd.env("OKTA_CLIENT_ORGURL", &base);
    cmd.env("OKTA_CLIENT_TOKEN", &token);
    let mut c = Console::spawn(24, 160, cmd, data.path().to_path_buf(), None);
    // The list alone, at its full width: the columns are what this test measures (the detail
    // pane beside the list is tests/pty_pane.rs).
    c.wait_for("| hides");
    c.send("|");
    c.wait_until("the pane hidden", |s| !s.contains("| hides"));
    let screen = c.wait_until("both twins listed", |s| {
        s.contains("twin<U+200B>@example.com") && s.contains("twin@example.com ")
    });
    // The Name column starts under its title on both rows: the code took the columns the
    // console counted for it.
    let title = screen
        .lines()
        .find(|l| l.contains("Login") && l.contains("Name"))
        .expect("column titles");
    let name_col = title.find("Name").unwrap();
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("twin")).collect();
    assert_eq!(rows.len(), 2, "{screen}");
    for row in rows {
        assert_eq!(row.find("Twin Zero"), Some(name_col), "{screen}");
    }
    let raw = c.raw_text();
    assert!(
        !raw.contains('\u{200b}'),
        "a raw zero-width space was written"
    );
    c.send("q");
    assert_eq!(c.wait_exit(), 0);
}
