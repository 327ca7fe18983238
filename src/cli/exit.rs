//! Exit codes and error reports of the subcommands. Scripts branch on the code, people read
//! the message: code, summary, causes and request id; as one JSON object with `--output json`.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::config::ConfigError;
use crate::okta::OktaError;

/// The documented exit codes (docs/scripting.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Ok = 0,
    Usage = 2,
    NotFound = 3,
    Auth = 4,
    RateLimited = 5,
    Api = 6,
    Network = 7,
    /// Stopped by Ctrl-C (128 + SIGINT), after the write in flight finished.
    Interrupted = 130,
    /// Stopped by SIGTERM (128 + SIGTERM), after the write in flight finished.
    Terminated = 143,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Which exit code an API error maps to.
    pub fn of_okta(e: &OktaError) -> Exit {
        match e {
            OktaError::RateLimited { .. } => Exit::RateLimited,
            OktaError::ReadOnly { .. } => Exit::Auth,
            OktaError::InvalidUrl { .. } => Exit::Usage,
            _ if e.status() == Some(429) => Exit::RateLimited,
            // 410 E0000156: the user id belonged to a deleted user.
            _ if e.is_not_found() || e.status() == Some(410) => Exit::NotFound,
            // 403 also carries state errors (E0000038 wrong status, E0000016 already active,
            // E0000032 unlock not allowed): those are not about the credential.
            OktaError::Api {
                status: 403,
                code: Some(code),
                ..
            } if !is_permission_code(code) => Exit::Api,
            _ if e.is_auth() => Exit::Auth,
            _ if e.is_network() => Exit::Network,
            _ => Exit::Api,
        }
    }
}

/// 403 codes that mean the credential or its admin role is not enough. OAuth resource errors
/// (`insufficient_scope`, `invalid_token`...) are not `E` codes and count as permission too.
fn is_permission_code(code: &str) -> bool {
    matches!(code, "E0000005" | "E0000006") || !code.starts_with('E')
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e.code())
    }
}

/// Everything a subcommand can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Wrong or missing arguments, or nothing configured to act on.
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    NotFound(String),
    /// A write refused before anything was sent (read-only tenant).
    #[error("{0}")]
    Refused(String),
    // Boxed: OktaError is large and every function here returns Result<_, CliError>.
    #[error(transparent)]
    Okta(Box<OktaError>),
    #[error(transparent)]
    Config(Box<ConfigError>),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A failure already described (e.g. a Test Connect report), with its exit code.
    #[error("{message}")]
    Failed { message: String, exit: Exit },
    /// Some lines of a bulk run failed; each was already reported on stdout.
    #[error("{failed} of {total} users failed (one JSON line each on stdout)")]
    Partial {
        failed: usize,
        total: usize,
        exit: Exit,
    },
}

impl From<OktaError> for CliError {
    fn from(e: OktaError) -> Self {
        CliError::Okta(Box::new(e))
    }
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        CliError::Config(Box::new(e))
    }
}

impl CliError {
    pub fn exit(&self) -> Exit {
        match self {
            CliError::Usage(_) | CliError::Config(_) => Exit::Usage,
            CliError::NotFound(_) => Exit::NotFound,
            CliError::Refused(_) => Exit::Auth,
            CliError::Okta(e) => Exit::of_okta(e),
            CliError::Io(_) => Exit::Api,
            CliError::Partial { exit, .. } | CliError::Failed { exit, .. } => *exit,
        }
    }

    /// The report as JSON: `{"error": {exitCode, message, status?, code?, summary?, causes?,
    /// requestId?}}`.
    pub fn to_json(&self) -> Value {
        let mut obj = json!({
            "exitCode": self.exit().code(),
            "message": self.to_string(),
        });
        if let CliError::Okta(e) = self {
            let map = obj.as_object_mut();
            if let Some(map) = map {
                if let Some(s) = e.status() {
                    map.insert("status".into(), json!(s));
                }
                if let Some(c) = e.code() {
                    map.insert("code".into(), json!(c));
                }
                if let OktaError::Api {
                    summary, causes, ..
                } = &**e
                {
                    map.insert("summary".into(), json!(summary));
                    map.insert("causes".into(), json!(causes));
                }
                if let Some(r) = e.request_id() {
                    map.insert("requestId".into(), json!(r));
                }
            }
        }
        json!({ "error": obj })
    }

    /// Writes the report to stderr: plain text, or one JSON line when `json` is set.
    pub fn report(&self, json: bool) {
        let mut err = std::io::stderr().lock();
        let _ = if json {
            let line = crate::json_out::to_string(&self.to_json()).unwrap_or_default();
            writeln!(err, "{line}")
        } else {
            writeln!(err, "error: {self}")
        };
    }
}

/// A one-line summary of an API error for journals and bulk lines: `E0000038: summary`.
pub fn short_error(e: &OktaError) -> String {
    match e {
        OktaError::Api {
            status,
            code,
            summary,
            ..
        } => match code {
            Some(c) => format!("{c}: {summary}"),
            None => format!("HTTP {status}: {summary}"),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, code: &str) -> OktaError {
        OktaError::Api {
            status,
            code: Some(code.into()),
            summary: "s".into(),
            causes: vec!["c1".into()],
            request_id: Some("rid".into()),
            www_authenticate: None,
        }
    }

    #[test]
    fn maps_errors_to_documented_codes() {
        assert_eq!(Exit::of_okta(&api(404, "E0000007")), Exit::NotFound);
        assert_eq!(Exit::of_okta(&api(410, "E0000156")), Exit::NotFound);
        assert_eq!(Exit::of_okta(&api(401, "E0000011")), Exit::Auth);
        assert_eq!(Exit::of_okta(&api(403, "E0000006")), Exit::Auth);
        assert_eq!(Exit::of_okta(&api(403, "insufficient_scope")), Exit::Auth);
        assert_eq!(Exit::of_okta(&api(403, "E0000038")), Exit::Api);
        assert_eq!(Exit::of_okta(&api(403, "E0000016")), Exit::Api);
        assert_eq!(Exit::of_okta(&api(429, "E0000047")), Exit::RateLimited);
        assert_eq!(Exit::of_okta(&api(400, "E0000001")), Exit::Api);
        let dns = OktaError::Dns { host: "x".into() };
        assert_eq!(Exit::of_okta(&dns), Exit::Network);
        let ro = OktaError::ReadOnly {
            method: "POST".into(),
            path: "/x".into(),
        };
        assert_eq!(Exit::of_okta(&ro), Exit::Auth);
    }

    #[test]
    fn json_report_has_code_summary_causes_request_id() {
        let v = CliError::from(api(404, "E0000007")).to_json();
        let e = &v["error"];
        assert_eq!(e["exitCode"], 3);
        assert_eq!(e["code"], "E0000007");
        assert_eq!(e["status"], 404);
        assert_eq!(e["summary"], "s");
        assert_eq!(e["causes"][0], "c1");
        assert_eq!(e["requestId"], "rid");
    }
}
