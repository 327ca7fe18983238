//! An Okta-compatible server with an in-memory org, for `--demo`, the tests and trying things.

use crate::cli::args::SandboxArgs;

/// `oktui sandbox ...` (placeholder until the sandbox lands).
pub fn run_cli(_args: SandboxArgs) -> std::process::ExitCode {
    eprintln!("sandbox not built yet");
    std::process::ExitCode::FAILURE
}
