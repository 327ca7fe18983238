//! Things drawn over the screen that take the keys while open: help, the command palette,
//! prompts, pickers and error dialogs. Issue 4 adds confirm dialogs and forms as new variants.

use crate::okta::sanitize::clean;
use crate::okta::{OktaError, UserStatus};

use super::input::LineInput;

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

/// A palette command, for completion and the help screen.
pub struct PaletteCommand {
    pub name: &'static str,
    pub args: &'static str,
    pub about: &'static str,
}

pub const PALETTE_COMMANDS: &[PaletteCommand] = &[
    PaletteCommand {
        name: "users",
        args: "",
        about: "show the Users tab",
    },
    PaletteCommand {
        name: "groups",
        args: "",
        about: "show the Groups tab",
    },
    PaletteCommand {
        name: "credentials",
        args: "",
        about: "show the Credentials tab",
    },
    PaletteCommand {
        name: "search",
        args: "<expr>",
        about: "server search with an Okta search expression",
    },
    PaletteCommand {
        name: "filter",
        args: "<expr>",
        about: "server list with an Okta filter expression",
    },
    PaletteCommand {
        name: "tenant",
        args: "<name>",
        about: "switch to a configured tenant",
    },
    PaletteCommand {
        name: "mouse",
        args: "",
        about: "toggle mouse capture (off lets you select text)",
    },
    PaletteCommand {
        name: "journal",
        args: "",
        about: "the write journal: recent writes from the console and the CLI",
    },
    PaletteCommand {
        name: "help",
        args: "",
        about: "show the keys",
    },
    PaletteCommand {
        name: "q",
        args: "",
        about: "quit",
    },
];

/// Commands whose name starts with the first word typed.
pub fn palette_matches(text: &str) -> Vec<&'static PaletteCommand> {
    let word = text.split_whitespace().next().unwrap_or("");
    PALETTE_COMMANDS
        .iter()
        .filter(|c| c.name.starts_with(word))
        .collect()
}

/// What a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Plain text: a safely built prefix search (users) or name search (groups).
    ServerSearch,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Help {
        scroll: usize,
    },
    Palette {
        input: LineInput,
        selected: usize,
    },
    Prompt {
        kind: PromptKind,
        input: LineInput,
    },
    /// The status quick-filter: pick one status (or all).
    StatusPick {
        selected: usize,
    },
    Error(ErrorInfo),
    /// Confirm dialogs, menus, forms, pickers, bulk runs, the journal (see `app/actions.rs`).
    Action(Box<super::actions::ActionModal>),
    /// The tenant form and the delete confirmation (`app/credentials.rs`).
    Tenant(super::credentials::CredModal),
}

/// Choices of the status quick-filter: None = every status.
pub fn status_choices() -> Vec<Option<UserStatus>> {
    std::iter::once(None)
        .chain(UserStatus::ALL.iter().cloned().map(Some))
        .collect()
}

/// Filter syntax rows shown in help: (syntax, meaning).
pub const FILTER_HELP: &[(&str, &str)] = &[
    ("  text", "fuzzy match inside one field; words are ANDed"),
    ("  'text", "exact substring"),
    ("  !text", "rows that do NOT contain text"),
    ("  ^text  text$", "starts with / ends with"),
];

impl super::App {
    /// Lines of the help popup (`ui::popup::help` draws exactly these): the title, this
    /// screen's keys, a blank, the filter section, a blank, the commands.
    pub fn help_line_count(&self) -> usize {
        let ctx = self.context();
        let keys = self
            .keymap
            .for_context(ctx)
            .filter(|b| self.key_available(b.action))
            .count();
        1 + keys + 2 + FILTER_HELP.len() + 2 + PALETTE_COMMANDS.len()
    }

    /// Rows of help text the popup shows at the current terminal height.
    pub fn help_visible_rows(&self) -> usize {
        // Popup height is the screen less 2, then its border takes 2 more.
        usize::from(self.height.saturating_sub(4)).max(1)
    }

    pub fn help_max_scroll(&self) -> usize {
        self.help_line_count()
            .saturating_sub(self.help_visible_rows())
    }
}
