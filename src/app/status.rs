//! The status line and the error the console shows: what every part of the console reports
//! through. Below the components, which may name an error without knowing the app.

use crate::okta::OktaError;
use crate::okta::sanitize::clean;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub kind: StatusKind,
    pub text: String,
}

/// An error as the console shows it: code, summary, causes, request id, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorInfo {
    /// What was being done ("loading users").
    pub context: String,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub summary: String,
    pub causes: Vec<String>,
    pub request_id: Option<String>,
    pub hint: Option<String>,
}

impl ErrorInfo {
    pub fn from_okta(context: &str, err: &OktaError) -> Self {
        let mut info = ErrorInfo {
            context: context.to_owned(),
            status: err.status(),
            code: err.code().map(str::to_owned),
            request_id: err.request_id().map(str::to_owned),
            ..Default::default()
        };
        match err {
            OktaError::Api {
                summary, causes, ..
            } => {
                // Okta's text is hostile until proven otherwise (the client cleans it too).
                info.summary = clean(summary);
                info.causes = causes.iter().map(|c| clean(c)).collect();
            }
            other => info.summary = clean(&other.to_string()),
        }
        info.hint = match err.status() {
            Some(401) => Some(
                "The API token is invalid or expired. Check the tenant on the Credentials tab (3)."
                    .to_owned(),
            ),
            Some(403) => Some("The token's admin role does not allow this.".to_owned()),
            _ if err.is_network() => {
                Some("The connection failed; what was loaded is kept. Press r to retry.".to_owned())
            }
            _ => None,
        };
        info
    }

    pub fn from_text(context: &str, text: &str) -> Self {
        ErrorInfo {
            context: context.to_owned(),
            summary: text.to_owned(),
            ..Default::default()
        }
    }

    pub fn is_auth(&self) -> bool {
        self.status == Some(401)
    }

    /// One line for the status bar.
    pub fn one_line(&self) -> String {
        let mut s = String::new();
        if !self.context.is_empty() {
            s.push_str(&self.context);
            s.push_str(": ");
        }
        if let Some(st) = self.status {
            s.push_str(&format!("HTTP {st} "));
        }
        if let Some(c) = &self.code {
            s.push_str(c);
            s.push(' ');
        }
        s.push_str(&self.summary);
        for c in &self.causes {
            s.push_str("; ");
            s.push_str(c);
        }
        if let Some(r) = &self.request_id {
            s.push_str(&format!(" (request id {r})"));
        }
        s
    }
}
