//! The scripting commands with a terminal on stderr: a running count shows there while rows
//! stream to stdout, and is cleared at the end; with stderr piped nothing but real messages
//! is written (a cron job's log stays clean). No timed assertions.

mod support;

use oktui::sandbox::SandboxOptions;
use portable_pty::CommandBuilder;
use support::pty::Console;

/// `sh -c script` in a pseudo-terminal, with `$OKTUI` the binary and the org in the SDK's
/// variables.
fn shell(script: &str, base: &str, token: &str, dir: &std::path::Path) -> Console {
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", script]);
    cmd.cwd(dir);
    cmd.env("OKTUI", env!("CARGO_BIN_EXE_oktui"));
    cmd.env("OKTA_CLIENT_ORGURL", base);
    cmd.env("OKTA_CLIENT_TOKEN", token);
    cmd.env("HOME", dir);
    cmd.env("OKTUI_DATA_DIR", dir);
    cmd.env("TERM", "xterm-256color");
    Console::spawn(24, 100, cmd, dir.to_path_buf(), None)
}

#[test]
fn list_shows_a_count_on_a_terminal_and_nothing_when_piped() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = rt
        .block_on(oktui::sandbox::start(SandboxOptions::new(1_500)))
        .unwrap();
    let (base, token) = (sandbox.base_url().to_owned(), sandbox.token().to_owned());
    let dir = tempfile::tempdir().unwrap();

    // stdout to a file, stderr on the terminal.
    let mut c = shell(
        "exec \"$OKTUI\" users list -o jsonl > out.jsonl",
        &base,
        &token,
        dir.path(),
    );
    assert_eq!(c.wait_exit(), 0, "{}", c.raw_text());
    let terminal = c.raw_text();
    assert!(
        terminal.contains(" users"),
        "no running count on the terminal: {terminal:?}"
    );
    // The count's line is cleared at the end, so the shell prompt starts clean.
    assert!(
        terminal.trim_end().ends_with("\r\u{1b}[2K"),
        "count not cleared: {terminal:?}"
    );
    let out = std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap();
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert!(rows.len() > 1_000, "{} rows", rows.len());
    assert!(!out.contains('\u{1b}'), "progress leaked into stdout");

    // Both piped: stderr gets nothing.
    let mut c = shell(
        "exec \"$OKTUI\" users list -o jsonl > out2.jsonl 2> err.txt",
        &base,
        &token,
        dir.path(),
    );
    assert_eq!(c.wait_exit(), 0, "{}", c.raw_text());
    let err = std::fs::read_to_string(dir.path().join("err.txt")).unwrap();
    assert_eq!(err, "", "stderr of a piped run");
    let again = std::fs::read_to_string(dir.path().join("out2.jsonl")).unwrap();
    assert_eq!(again.lines().count(), rows.len());
}
