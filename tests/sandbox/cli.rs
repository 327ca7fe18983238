//! `oktui sandbox`: the first stdout line names the base URL and token, the server answers,
//! and SIGTERM stops it cleanly.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills the server if the test fails before stopping it, so no process outlives the test.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

#[tokio::test]
async fn sandbox_command_prints_url_and_token_then_serves_until_sigterm() {
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_oktui"))
            .args(["sandbox", "--port", "0", "--users", "25", "--seed", "3"])
            .args(["--token", "cli-token", "--rate-limit", "50"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let child = &mut server.0;
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let (url, token) = first
        .trim()
        .split_once(" token=")
        .expect("`URL token=TOKEN`");
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    assert_eq!(token, "cli-token");

    let r = reqwest::Client::new()
        .get(format!("{url}/api/v1/users?limit=200"))
        .header("Authorization", format!("SSWS {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["x-rate-limit-limit"],
        "50",
        "fault flags reach the server"
    );
    let users: Vec<serde_json::Value> = r.json().await.unwrap();
    assert!(!users.is_empty() && users.len() <= 25);

    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: sends SIGTERM to the child this test spawned and still owns (not yet waited).
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = child.wait().unwrap();
    assert!(status.success(), "SIGTERM is a clean stop: {status:?}");
}

#[test]
fn sandbox_help_lists_only_server_options() {
    let out = Command::new(env!("CARGO_BIN_EXE_oktui"))
        .args(["sandbox", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("--port") && help.contains("--rate-limit"),
        "{help}"
    );
    for tenant_option in [
        "--tenant",
        "--config",
        "--dry-run",
        "--include-headers",
        "--read-only",
    ] {
        assert!(!help.contains(tenant_option), "{tenant_option} in:\n{help}");
    }
    // Scripting commands still show them.
    let out = Command::new(env!("CARGO_BIN_EXE_oktui"))
        .args(["users", "list", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("--tenant") && help.contains("--dry-run"),
        "{help}"
    );
}

#[test]
fn sandbox_still_parses_a_global_option_before_or_after() {
    use clap::Parser;
    use oktui::cli::args::{Cli, Command as Sub};
    for argv in [
        &["oktui", "--tenant", "x", "sandbox", "--port", "0"][..],
        &["oktui", "sandbox", "--dry-run", "--port", "0"][..],
    ] {
        let cli = Cli::try_parse_from(argv).unwrap();
        assert!(matches!(cli.command, Some(Sub::Sandbox(_))), "{argv:?}");
    }
    let cli =
        Cli::try_parse_from(["oktui", "users", "list", "--tenant", "t", "--dry-run"]).unwrap();
    assert_eq!(cli.global.tenant.as_deref(), Some("t"));
    assert!(cli.global.dry_run);
}
