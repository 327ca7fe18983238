//! The status line and the error the console shows: what every part of the console reports
//! through. Below the components, which may name an error without knowing the app; above the
//! key table, whose keys the error advice names.

use super::keymap::{Action, Keymap};
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
    /// What to do, in words that name no key (see `advice` for those that do).
    pub hint: Option<String>,
    /// What to do when it is a key: drawn with the key the table has for it now.
    pub advice: Option<Advice>,
}

/// Advice that names a key; its text is made when drawn, so a remapped key shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advice {
    /// The token is bad: the Credentials tab.
    Credentials,
    /// The connection failed: retry.
    Retry,
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
        match err.status() {
            Some(401) => info.advice = Some(Advice::Credentials),
            Some(403) => info.hint = Some("The token's admin role does not allow this.".to_owned()),
            _ if err.is_network() => info.advice = Some(Advice::Retry),
            _ => {}
        }
        info
    }

    /// What to do, as the dialog shows it: a hint in words wins over advice naming a key (a
    /// caller that knows better sets the hint).
    pub fn hint_text(&self, keys: &Keymap) -> Option<String> {
        if let Some(h) = &self.hint {
            return Some(h.clone());
        }
        let key = |action| {
            keys.key_for(action)
                .map(|k| k.to_string())
                .unwrap_or_default()
        };
        self.advice.map(|a| match a {
            Advice::Credentials => format!(
                "The API token is invalid or expired. Check the tenant on the Credentials tab ({}).",
                key(Action::CredentialsTab)
            ),
            Advice::Retry => format!(
                "The connection failed; what was loaded is kept. Press {} to retry.",
                key(Action::Refresh)
            ),
        })
    }

    pub fn from_text(context: &str, text: &str) -> Self {
        ErrorInfo {
            context: context.to_owned(),
            summary: text.to_owned(),
            ..Default::default()
        }
    }

    /// Whether asking again may work: a dropped connection, a rate limit or a server error.
    /// A refusal (4xx) comes back the same, so no one is told to retry it.
    pub fn retryable(&self) -> bool {
        match self.status {
            None => true,
            Some(s) => s == 429 || s >= 500,
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
        s.push_str(&self.code_and_summary());
        for c in &self.causes {
            s.push_str("; ");
            s.push_str(c);
        }
        if let Some(r) = &self.request_id {
            s.push_str(&format!(" (request id {r})"));
        }
        s
    }

    /// `HTTP 400 E0000001 summary`: the status, Okta's code and the summary, as far as known.
    pub fn code_and_summary(&self) -> String {
        let mut s = String::new();
        if let Some(st) = self.status {
            s.push_str(&format!("HTTP {st} "));
        }
        if let Some(c) = &self.code {
            s.push_str(c);
            s.push(' ');
        }
        s.push_str(&self.summary);
        s
    }
}
