//! `oktui sandbox`: the first stdout line names the base URL and token, the server answers,
//! and SIGTERM stops it cleanly.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn sandbox_command_prints_url_and_token_then_serves_until_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oktui"))
        .args(["sandbox", "--port", "0", "--users", "25", "--seed", "3"])
        .args(["--token", "cli-token", "--rate-limit", "50"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "SIGTERM is a clean stop: {status:?}");
}
