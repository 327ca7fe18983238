//! What the tenant form is made of: its fields in order, the auth types and token sources it
//! offers, and the secret input whose text never reaches `Debug` or the screen.

use std::fmt;

use crate::app::input::LineInput;

/// Scopes a new OAuth tenant asks for: enough to browse users and groups.
pub const DEFAULT_SCOPES: &str = "okta.users.read okta.groups.read";

/// Header colours the form offers ("auto": red for a tenant named like prod, else default).
pub const COLORS: &[&str] = &["auto", "red", "yellow", "green", "blue", "magenta", "cyan"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Auth,
    Domain,
    Source,
    Token,
    TokenEnv,
    TokenCommand,
    ClientId,
    KeyFile,
    KeyId,
    Scopes,
    Dpop,
    ReadOnly,
    Color,
    // Buttons.
    Test,
    Save,
    SaveNoTest,
    Cancel,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Connector name",
            Field::Auth => "Authentication",
            Field::Domain => "Okta domain URL",
            Field::Source => "Token source",
            Field::Token => "API token",
            Field::TokenEnv => "Env variable",
            Field::TokenCommand => "Command",
            Field::ClientId => "Client ID",
            Field::KeyFile => "Private key file",
            Field::KeyId => "Key ID (kid)",
            Field::Scopes => "Scopes",
            Field::Dpop => "DPoP",
            Field::ReadOnly => "Read-only",
            Field::Color => "Header colour",
            Field::Test => "Test Connect",
            Field::Save => "Connect & Create",
            Field::SaveNoTest => "Save without test",
            Field::Cancel => "Cancel",
        }
    }

    pub fn is_button(self) -> bool {
        matches!(
            self,
            Field::Test | Field::Save | Field::SaveNoTest | Field::Cancel
        )
    }

    /// Fields changed with ←/→/Space rather than typed into.
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            Field::Auth | Field::Source | Field::Dpop | Field::ReadOnly | Field::Color
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    Token,
    OAuth,
}

impl AuthKind {
    pub fn label(self) -> &'static str {
        match self {
            AuthKind::Token => "API token",
            AuthKind::OAuth => "OAuth 2.0 service app",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Inline,
    Env,
    Command,
    /// The OS keyring: the typed token is stored there on save, the file says `token_keyring`.
    Keyring,
}

impl SourceKind {
    /// In the order ←/→ cycles through them.
    pub const ALL: [SourceKind; 4] = [
        SourceKind::Inline,
        SourceKind::Env,
        SourceKind::Command,
        SourceKind::Keyring,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Inline => "inline (stored in the 0600 config file)",
            SourceKind::Env => "environment variable",
            SourceKind::Command => "command (e.g. pass show okta/acme)",
            SourceKind::Keyring => "OS keyring (service oktui, account = connector name)",
        }
    }
}

/// What `kept_secret` says for a keyring tenant whose token field is left empty.
pub const KEPT_KEYRING: &str = "the token in the OS keyring";

/// A text input whose content is a secret: `Debug` shows only its length, and the screen
/// shows only bullets.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SecretInput(pub LineInput);

impl fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretInput({} chars)", self.len())
    }
}

impl SecretInput {
    pub fn len(&self) -> usize {
        self.0.text.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.text.is_empty()
    }

    /// What the screen shows while typing: one bullet per character.
    pub fn masked(&self) -> String {
        "•".repeat(self.len())
    }
}
