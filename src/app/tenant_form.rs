//! The add/edit tenant form of the Credentials tab: its fields, what is shown of the secret
//! while it is typed (one `•` per character, never the text), and the validation that turns
//! it into a `TenantConfig`. Pure but for one read: whether an OS keyring runs, which
//! `config::keyring::availability` answers from a background probe without waiting (tests set
//! `TenantForm::keyring` themselves). A key file is only read by Test Connect; a token typed
//! for the keyring is stored there by the save (`config::add_tenant` / `edit_tenant`).

use std::fmt;
use std::path::PathBuf;

use secrecy::{ExposeSecret as _, SecretString};

use crate::config::keyring::{self, Availability};
use crate::config::{
    DEFAULT_COMMAND_TIMEOUT, DpopMode, KeySource, LastTest, OAuthTenant, TenantAuth, TenantConfig,
    TokenSource, normalize_domain,
};
use crate::okta::test_connect::TestReport;

use super::input::LineInput;
use super::msg::ReqId;

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

/// A Test Connect result as the tab shows it (built from `okta::test_connect::TestReport`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    pub ok: bool,
    /// One line: what worked, or exactly what is wrong.
    pub summary: String,
    /// Label/value pairs: org id, engine, acts as, scopes, latency, rate-limit budget.
    pub details: Vec<(String, String)>,
}

impl TestOutcome {
    pub fn from_report(r: &TestReport) -> TestOutcome {
        let mut details = Vec::new();
        let mut add = |k: &str, v: String| details.push((k.to_owned(), v));
        if let Some(org) = &r.org {
            add("Org id", org.id.clone());
            add("Engine", org.engine_label().to_owned());
        }
        if let Some(who) = &r.acts_as {
            add("Acts as", who.clone());
        }
        if let Some(s) = &r.scheme {
            add("Scheme", s.clone());
        }
        if !r.granted_scopes.is_empty() {
            add("Scopes", r.granted_scopes.join(" "));
        }
        if !r.missing_scopes.is_empty() {
            add("NOT granted", r.missing_scopes.join(" "));
        }
        if let Some(l) = r.latency {
            add("Latency", format!("{} ms", l.as_millis()));
        }
        if let Some(b) = &r.rate_budget {
            add("Rate limit", format!("{} left this window", b.summary()));
        }
        if let Some(f) = &r.failure {
            add("Failure", f.kind.label().to_owned());
        }
        TestOutcome {
            ok: r.ok(),
            summary: r.summary(),
            details,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FormTest {
    #[default]
    Idle,
    Running(ReqId),
    Done(TestOutcome, LastTest),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TenantForm {
    /// The tenant being edited (its name before any rename); None when adding.
    pub editing: Option<String>,
    pub name: LineInput,
    pub auth: AuthKind,
    pub domain: LineInput,
    pub source: SourceKind,
    pub token: SecretInput,
    pub token_env: LineInput,
    pub token_command: LineInput,
    pub client_id: LineInput,
    pub key_file: LineInput,
    pub key_id: LineInput,
    pub scopes: LineInput,
    pub dpop: DpopMode,
    pub read_only: bool,
    /// Index into `COLORS`.
    pub color: usize,
    /// When editing: the secret already stored, masked (`••••abcd`), kept if the field stays empty.
    pub kept_secret: Option<String>,
    /// An inline private key imported from `~/.okta/okta.yaml` (used when no key file is given).
    pub imported_key: Option<SecretInput>,
    pub focus: Field,
    /// The first problem found, on the field that has it.
    pub error: Option<(Field, String)>,
    /// Non-blocking findings (the host is not an Okta domain).
    pub warnings: Vec<String>,
    pub test: FormTest,
    /// Connect & Create: save as soon as the running test passes.
    pub save_after_test: bool,
    /// The save in flight.
    pub saving: Option<ReqId>,
    /// Something was typed or changed since the form opened (Esc then asks first).
    pub changed: bool,
    /// Esc with changes: asking whether to discard them.
    pub confirm_discard: bool,
    /// Whether an OS keyring runs here (the keyring source is refused when it does not).
    pub keyring: Availability,
}

impl Default for TenantForm {
    fn default() -> Self {
        TenantForm {
            editing: None,
            name: LineInput::default(),
            auth: AuthKind::Token,
            domain: LineInput::default(),
            source: SourceKind::Inline,
            token: SecretInput::default(),
            token_env: LineInput::default(),
            token_command: LineInput::default(),
            client_id: LineInput::default(),
            key_file: LineInput::default(),
            key_id: LineInput::default(),
            scopes: LineInput::with_text(DEFAULT_SCOPES),
            dpop: DpopMode::Auto,
            read_only: false,
            color: 0,
            kept_secret: None,
            imported_key: None,
            focus: Field::Name,
            error: None,
            warnings: Vec::new(),
            test: FormTest::Idle,
            save_after_test: false,
            saving: None,
            changed: false,
            confirm_discard: false,
            // Starts the background probe on first use; never waits.
            keyring: keyring::availability(),
        }
    }
}

/// What a valid form becomes.
#[derive(Debug, Clone)]
pub struct Built {
    pub tenant: TenantConfig,
    pub warnings: Vec<String>,
}

impl TenantForm {
    /// A form filled from a configured tenant (its secret is not put back into the form:
    /// leaving the field empty keeps it).
    pub fn edit(t: &TenantConfig) -> TenantForm {
        let mut f = TenantForm {
            editing: Some(t.name.clone()),
            name: LineInput::with_text(&t.name),
            domain: LineInput::with_text(&t.domain),
            read_only: t.read_only,
            color: t
                .color
                .as_deref()
                .and_then(|c| COLORS.iter().position(|x| x.eq_ignore_ascii_case(c)))
                .unwrap_or(0),
            ..TenantForm::default()
        };
        match &t.auth {
            TenantAuth::Token(src) => {
                f.auth = AuthKind::Token;
                match src {
                    TokenSource::Inline(_) => {
                        f.source = SourceKind::Inline;
                        f.kept_secret = Some(src.masked());
                    }
                    TokenSource::Keyring | TokenSource::KeyringStore(_) => {
                        f.source = SourceKind::Keyring;
                        f.kept_secret = Some(KEPT_KEYRING.to_owned());
                    }
                    TokenSource::Env(v) => {
                        f.source = SourceKind::Env;
                        f.token_env = LineInput::with_text(v);
                    }
                    TokenSource::Command { command, .. } => {
                        f.source = SourceKind::Command;
                        f.token_command = LineInput::with_text(command);
                    }
                }
            }
            TenantAuth::OAuth(o) => {
                f.auth = AuthKind::OAuth;
                f.client_id = LineInput::with_text(&o.client_id);
                match &o.key {
                    KeySource::File(p) => {
                        f.key_file = LineInput::with_text(&p.display().to_string())
                    }
                    KeySource::Inline(_) => {
                        f.kept_secret = Some("inline private key".to_owned());
                    }
                }
                f.key_id = LineInput::with_text(o.key_id.as_deref().unwrap_or(""));
                f.scopes = LineInput::with_text(&o.scopes.join(" "));
                f.dpop = o.dpop;
            }
        }
        f.refresh_warnings();
        f
    }

    /// A new-tenant form filled from an imported tenant (the Okta SDKs' variables or
    /// `okta.yaml`). Its secret goes into the form (masked); its name is made unique.
    pub fn import(t: &TenantConfig, taken: &[&str]) -> TenantForm {
        let mut f = TenantForm::edit(t);
        f.editing = None;
        f.kept_secret = None;
        let base = if t.name.is_empty() || t.name == crate::config::ENV_TENANT {
            "imported".to_owned()
        } else {
            t.name.clone()
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken.iter().any(|x| x.eq_ignore_ascii_case(&name)) {
            name = format!("{base}-{n}");
            n += 1;
        }
        f.name = LineInput::with_text(&name);
        match &t.auth {
            TenantAuth::Token(TokenSource::Inline(s)) => {
                f.token = SecretInput(LineInput::with_text(s.expose_secret()));
            }
            TenantAuth::OAuth(OAuthTenant {
                key: KeySource::Inline(k),
                ..
            }) => {
                f.imported_key = Some(SecretInput(LineInput::with_text(k.expose_secret())));
                f.kept_secret = Some("imported private key".to_owned());
            }
            _ => {}
        }
        f
    }

    /// The fields shown, in order, for the chosen auth type and token source.
    pub fn fields(&self) -> Vec<Field> {
        let mut v = vec![Field::Name, Field::Auth, Field::Domain];
        match self.auth {
            AuthKind::Token => {
                v.push(Field::Source);
                v.push(match self.source {
                    SourceKind::Inline | SourceKind::Keyring => Field::Token,
                    SourceKind::Env => Field::TokenEnv,
                    SourceKind::Command => Field::TokenCommand,
                });
            }
            AuthKind::OAuth => v.extend([
                Field::ClientId,
                Field::KeyFile,
                Field::KeyId,
                Field::Scopes,
                Field::Dpop,
            ]),
        }
        v.extend([
            Field::ReadOnly,
            Field::Color,
            Field::Test,
            Field::Save,
            Field::SaveNoTest,
            Field::Cancel,
        ]);
        v
    }

    /// The text input of a text field (None for choices, buttons and the secret).
    pub fn input_mut(&mut self, field: Field) -> Option<&mut LineInput> {
        Some(match field {
            Field::Name => &mut self.name,
            Field::Domain => &mut self.domain,
            Field::Token => &mut self.token.0,
            Field::TokenEnv => &mut self.token_env,
            Field::TokenCommand => &mut self.token_command,
            Field::ClientId => &mut self.client_id,
            Field::KeyFile => &mut self.key_file,
            Field::KeyId => &mut self.key_id,
            Field::Scopes => &mut self.scopes,
            _ => return None,
        })
    }

    pub fn input(&self, field: Field) -> Option<&LineInput> {
        Some(match field {
            Field::Name => &self.name,
            Field::Domain => &self.domain,
            Field::Token => &self.token.0,
            Field::TokenEnv => &self.token_env,
            Field::TokenCommand => &self.token_command,
            Field::ClientId => &self.client_id,
            Field::KeyFile => &self.key_file,
            Field::KeyId => &self.key_id,
            Field::Scopes => &self.scopes,
            _ => return None,
        })
    }

    /// Moves the focus `delta` fields (wrapping).
    pub fn move_focus(&mut self, delta: isize) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let n = fields.len() as isize;
        self.focus = fields[((at + delta) % n + n) as usize % fields.len()];
        self.refresh_keyring();
    }

    /// ←/→/Space on a choice field.
    pub fn cycle(&mut self, forward: bool) {
        let step = |i: usize, n: usize| {
            if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        match self.focus {
            Field::Auth => {
                self.auth = match self.auth {
                    AuthKind::Token => AuthKind::OAuth,
                    AuthKind::OAuth => AuthKind::Token,
                }
            }
            Field::Source => {
                let all = SourceKind::ALL;
                let i = all.iter().position(|s| *s == self.source).unwrap_or(0);
                self.source = all[step(i, all.len())];
                self.refresh_keyring();
            }
            Field::Dpop => {
                let all = [DpopMode::Auto, DpopMode::On, DpopMode::Off];
                let i = all.iter().position(|s| *s == self.dpop).unwrap_or(0);
                self.dpop = all[step(i, all.len())];
            }
            Field::ReadOnly => self.read_only = !self.read_only,
            Field::Color => self.color = step(self.color, COLORS.len()),
            _ => return,
        }
        self.edited();
    }

    /// While the background probe runs, takes its answer once there is one.
    pub fn refresh_keyring(&mut self) {
        if self.keyring == Availability::Checking {
            self.keyring = keyring::availability();
        }
    }

    /// After any change: the old test result no longer describes the form.
    pub fn edited(&mut self) {
        self.refresh_keyring();
        self.changed = true;
        self.error = None;
        self.test = FormTest::Idle;
        self.save_after_test = false;
        self.refresh_warnings();
    }

    pub fn refresh_warnings(&mut self) {
        self.warnings.clear();
        if let Ok(d) = normalize_domain(&self.domain.text)
            && let Some(w) = d.warning
        {
            self.warnings.push(w);
        }
    }

    /// "auto" explained: what the header will use.
    pub fn color_label(&self) -> String {
        match COLORS.get(self.color).copied().unwrap_or("auto") {
            "auto" if self.name.text.to_ascii_lowercase().contains("prod") => {
                "auto (red: the name says production)".to_owned()
            }
            "auto" => "auto (default)".to_owned(),
            c => c.to_owned(),
        }
    }

    /// Validates the form against the other tenants. `original` is the tenant being edited
    /// (its stored secret is kept when the secret field is left empty).
    pub fn build(
        &self,
        tenants: &[TenantConfig],
        original: Option<&TenantConfig>,
    ) -> Result<Built, (Field, String)> {
        let mut warnings = Vec::new();
        let name = self.name.text.trim();
        if name.is_empty() {
            return Err((Field::Name, "give the connector a name".into()));
        }
        if name.chars().any(char::is_control) {
            return Err((
                Field::Name,
                "the name must not hold control characters".into(),
            ));
        }
        // Case-insensitive: `:tenant Prod` and `:tenant prod` must not mean two orgs.
        if let Some(other) = tenants.iter().find(|t| {
            t.name.eq_ignore_ascii_case(name) && Some(t.name.as_str()) != self.editing.as_deref()
        }) {
            return Err((
                Field::Name,
                format!("a tenant named {:?} already exists", other.name),
            ));
        }
        let domain = normalize_domain(&self.domain.text).map_err(|e| (Field::Domain, e))?;
        warnings.extend(domain.warning);
        let auth = match self.auth {
            AuthKind::Token => TenantAuth::Token(self.token_source(original)?),
            AuthKind::OAuth => TenantAuth::OAuth(self.oauth(original, &mut warnings)?),
        };
        let color = match COLORS.get(self.color).copied() {
            Some("auto") | None => None,
            Some(c) => Some(c.to_owned()),
        };
        let mut tenant = match auth {
            TenantAuth::Token(s) => TenantConfig::with_token(name, &domain.url, s),
            TenantAuth::OAuth(o) => TenantConfig::with_oauth(name, &domain.url, o),
        };
        tenant.read_only = self.read_only;
        tenant.color = color;
        // An unchanged connection keeps its last test; a changed one has not been tested.
        tenant.last_test = original
            .filter(|o| o.domain == tenant.domain)
            .and_then(|o| o.last_test.clone());
        Ok(Built { tenant, warnings })
    }

    fn token_source(
        &self,
        original: Option<&TenantConfig>,
    ) -> Result<TokenSource, (Field, String)> {
        let old = match original.map(|o| &o.auth) {
            Some(TenantAuth::Token(s)) => Some(s),
            _ => None,
        };
        match self.source {
            SourceKind::Inline => {
                let typed = self.token.0.text.trim();
                if typed.is_empty() {
                    return match old {
                        Some(s @ TokenSource::Inline(_)) => Ok(s.clone()),
                        _ => Err((
                            Field::Token,
                            "paste the API token (Security › API › Tokens in the Admin Console)"
                                .into(),
                        )),
                    };
                }
                check_typed_token(typed)?;
                Ok(TokenSource::Inline(SecretString::from(typed.to_owned())))
            }
            SourceKind::Keyring => {
                let typed = self.token.0.text.trim();
                let kept = typed.is_empty()
                    && matches!(old, Some(TokenSource::Keyring))
                    && original.is_some_and(|o| o.name == self.name.text.trim());
                // Keeping a stored token under the same name needs no keyring now (Test
                // Connect will say if there is none); anything else writes to it.
                if !kept && let Availability::Missing(why) = &self.keyring {
                    return Err((Field::Source, why.clone()));
                }
                if typed.is_empty() {
                    return match old {
                        Some(TokenSource::Keyring) => Ok(TokenSource::Keyring),
                        _ => Err((
                            Field::Token,
                            "paste the API token: it goes into the OS keyring, not the file".into(),
                        )),
                    };
                }
                check_typed_token(typed)?;
                Ok(TokenSource::KeyringStore(SecretString::from(
                    typed.to_owned(),
                )))
            }
            SourceKind::Env => {
                let var = self.token_env.text.trim();
                let valid = var
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err((
                        Field::TokenEnv,
                        "give an environment variable name, e.g. OKTA_ACME_TOKEN".into(),
                    ));
                }
                Ok(TokenSource::Env(var.to_owned()))
            }
            SourceKind::Command => {
                let command = self.token_command.text.trim();
                if command.is_empty() {
                    return Err((
                        Field::TokenCommand,
                        "give the command that prints the token, e.g. pass show okta/acme".into(),
                    ));
                }
                if let Err(e) = shell_words::split(command) {
                    return Err((
                        Field::TokenCommand,
                        format!("cannot split the command: {e}"),
                    ));
                }
                let timeout = match old {
                    Some(TokenSource::Command { timeout, .. }) => *timeout,
                    _ => DEFAULT_COMMAND_TIMEOUT,
                };
                Ok(TokenSource::Command {
                    command: command.to_owned(),
                    timeout,
                })
            }
        }
    }

    fn oauth(
        &self,
        original: Option<&TenantConfig>,
        warnings: &mut Vec<String>,
    ) -> Result<OAuthTenant, (Field, String)> {
        let client_id = self.client_id.text.trim();
        if client_id.is_empty() {
            return Err((
                Field::ClientId,
                "give the service app's client id (0oa…)".into(),
            ));
        }
        let key_file = self.key_file.text.trim();
        let key = if key_file.is_empty() {
            if let Some(k) = &self.imported_key {
                KeySource::Inline(SecretString::from(k.0.text.clone()))
            } else {
                match original.map(|o| &o.auth) {
                    Some(TenantAuth::OAuth(OAuthTenant {
                        key: k @ KeySource::Inline(_),
                        ..
                    })) => k.clone(),
                    _ => {
                        return Err((
                            Field::KeyFile,
                            "give the private key file (PEM or JWK) registered on the app".into(),
                        ));
                    }
                }
            }
        } else {
            KeySource::File(PathBuf::from(key_file))
        };
        let scopes: Vec<String> = self
            .scopes
            .text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if scopes.is_empty() {
            return Err((
                Field::Scopes,
                format!("give at least one scope, e.g. {DEFAULT_SCOPES}"),
            ));
        }
        for s in scopes.iter().filter(|s| !s.starts_with("okta.")) {
            warnings.push(format!("scope {s:?} is not an Okta API scope (okta.*)"));
        }
        let key_id = self.key_id.text.trim();
        Ok(OAuthTenant {
            client_id: client_id.to_owned(),
            key,
            key_id: (!key_id.is_empty()).then(|| key_id.to_owned()),
            scopes,
            dpop: self.dpop,
        })
    }
}

/// A pasted token must be one word (a stray space or newline would make every call fail).
fn check_typed_token(typed: &str) -> Result<(), (Field, String)> {
    if typed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err((
            Field::Token,
            "the token must not contain spaces or control characters".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, domain: &str, token: &str) -> TenantForm {
        TenantForm {
            name: LineInput::with_text(name),
            domain: LineInput::with_text(domain),
            token: SecretInput(LineInput::with_text(token)),
            ..TenantForm::default()
        }
    }

    fn existing() -> Vec<TenantConfig> {
        vec![TenantConfig::with_token(
            "acme-prod",
            "https://acme.okta.com",
            TokenSource::Inline(SecretString::from(
                "00abcdefghijklmnopqrstuvwxyz1234".to_owned(),
            )),
        )]
    }

    #[test]
    fn domain_forms_are_normalized() {
        for d in [
            "acme.okta.com",
            "https://acme.okta.com/",
            "HTTPS://Acme.Okta.com",
        ] {
            let b = form("a", d, "tok").build(&[], None).unwrap();
            assert_eq!(b.tenant.domain, "https://acme.okta.com", "{d}");
            assert!(b.warnings.is_empty());
        }
    }

    #[test]
    fn http_refused_except_loopback() {
        let err = form("a", "http://acme.okta.com", "tok")
            .build(&[], None)
            .unwrap_err();
        assert_eq!(err.0, Field::Domain);
        assert!(err.1.contains("http://"));
        let ok = form("a", "http://127.0.0.1:8080/", "tok")
            .build(&[], None)
            .unwrap();
        assert_eq!(ok.tenant.domain, "http://127.0.0.1:8080");
    }

    #[test]
    fn non_okta_host_warns_but_passes() {
        let b = form("a", "login.example.com", "tok")
            .build(&[], None)
            .unwrap();
        assert_eq!(b.warnings.len(), 1);
        assert!(b.warnings[0].contains("not an Okta domain"));
        let mut f = form("a", "login.example.com", "tok");
        f.refresh_warnings();
        assert_eq!(f.warnings.len(), 1);
    }

    #[test]
    fn names_are_unique_case_insensitively() {
        let err = form("ACME-prod", "acme.okta.com", "tok")
            .build(&existing(), None)
            .unwrap_err();
        assert_eq!(err.0, Field::Name);
        assert!(err.1.contains("already exists"));
        // Editing the tenant itself is not a clash.
        let mut f = TenantForm::edit(&existing()[0]);
        f.name = LineInput::with_text("acme-prod");
        assert!(f.build(&existing(), Some(&existing()[0])).is_ok());
    }

    #[test]
    fn empty_name_and_token_are_refused_on_their_field() {
        assert_eq!(
            form(" ", "acme.okta.com", "t")
                .build(&[], None)
                .unwrap_err()
                .0,
            Field::Name
        );
        assert_eq!(
            form("a", "acme.okta.com", "")
                .build(&[], None)
                .unwrap_err()
                .0,
            Field::Token
        );
        assert_eq!(
            form("a", "", "t").build(&[], None).unwrap_err().0,
            Field::Domain
        );
    }

    #[test]
    fn token_is_masked_while_typed_and_in_debug() {
        let f = form("a", "acme.okta.com", "00secretTOKENvalue9876");
        assert_eq!(f.token.masked(), "•".repeat(22));
        let debug = format!("{f:?}");
        assert!(!debug.contains("secretTOKEN"), "{debug}");
        let built = f.build(&[], None).unwrap();
        let shown = match &built.tenant.auth {
            TenantAuth::Token(s) => s.masked(),
            _ => unreachable!(),
        };
        assert_eq!(shown, "••••9876");
        assert!(!format!("{:?}", built.tenant).contains("secretTOKEN"));
    }

    #[test]
    fn editing_keeps_the_stored_token_when_left_empty() {
        let orig = &existing()[0];
        let f = TenantForm::edit(orig);
        assert!(f.token.is_empty());
        assert_eq!(f.kept_secret.as_deref(), Some("••••1234"));
        let b = f.build(&existing(), Some(orig)).unwrap();
        match &b.tenant.auth {
            TenantAuth::Token(TokenSource::Inline(s)) => {
                assert_eq!(s.expose_secret(), "00abcdefghijklmnopqrstuvwxyz1234")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn env_and_command_sources_are_checked() {
        let mut f = form("a", "acme.okta.com", "");
        f.source = SourceKind::Env;
        f.token_env = LineInput::with_text("1BAD-NAME");
        assert_eq!(f.build(&[], None).unwrap_err().0, Field::TokenEnv);
        f.token_env = LineInput::with_text("OKTA_ACME_TOKEN");
        assert!(matches!(
            f.build(&[], None).unwrap().tenant.auth,
            TenantAuth::Token(TokenSource::Env(ref v)) if v == "OKTA_ACME_TOKEN"
        ));
        f.source = SourceKind::Command;
        f.token_command = LineInput::with_text("pass show 'okta/acme");
        assert_eq!(f.build(&[], None).unwrap_err().0, Field::TokenCommand);
        f.token_command = LineInput::with_text("pass show okta/acme");
        assert!(f.build(&[], None).is_ok());
    }

    #[test]
    fn oauth_fields_are_required_and_shown() {
        let mut f = form("svc", "acme.okta.com", "");
        f.auth = AuthKind::OAuth;
        assert!(f.fields().contains(&Field::KeyFile));
        assert!(!f.fields().contains(&Field::Token));
        assert_eq!(f.build(&[], None).unwrap_err().0, Field::ClientId);
        f.client_id = LineInput::with_text("0oa123");
        assert_eq!(f.build(&[], None).unwrap_err().0, Field::KeyFile);
        f.key_file = LineInput::with_text("/keys/app.pem");
        f.scopes = LineInput::with_text("");
        assert_eq!(f.build(&[], None).unwrap_err().0, Field::Scopes);
        f.scopes = LineInput::with_text("okta.users.read, okta.groups.read");
        f.focus = Field::Dpop;
        f.cycle(true);
        let b = f.build(&[], None).unwrap();
        match b.tenant.auth {
            TenantAuth::OAuth(o) => {
                assert_eq!(o.scopes, vec!["okta.users.read", "okta.groups.read"]);
                assert_eq!(o.dpop, DpopMode::On);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(b.tenant.auth_label, "OAuth 2.0 service app");
    }

    #[test]
    fn focus_wraps_and_colour_auto_explains_prod() {
        let mut f = form("acme-prod", "acme.okta.com", "t");
        f.move_focus(-1);
        assert_eq!(f.focus, Field::Cancel);
        f.move_focus(1);
        assert_eq!(f.focus, Field::Name);
        assert!(f.color_label().contains("red"));
        f.focus = Field::Color;
        f.cycle(true);
        assert_eq!(
            f.build(&[], None).unwrap().tenant.color.as_deref(),
            Some("red")
        );
    }

    #[test]
    fn import_fills_a_new_form_with_a_unique_name() {
        let t = TenantConfig::with_token(
            "env",
            "https://acme.okta.com",
            TokenSource::Inline(SecretString::from("00importedtoken_abcd".to_owned())),
        );
        let f = TenantForm::import(&t, &["imported", "Imported-2"]);
        assert_eq!(f.name.text, "imported-3");
        assert_eq!(f.editing, None);
        assert_eq!(f.token.len(), 20);
        let b = f.build(&[], None).unwrap();
        assert_eq!(b.tenant.domain, "https://acme.okta.com");
        let oauth = TenantConfig::with_oauth(
            "acme",
            "https://acme.okta.com",
            OAuthTenant {
                client_id: "0oa1".into(),
                key: KeySource::Inline(SecretString::from("{\"kty\":\"RSA\"}".to_owned())),
                scopes: vec!["okta.users.read".into()],
                ..Default::default()
            },
        );
        let f = TenantForm::import(&oauth, &[]);
        assert!(!format!("{f:?}").contains("kty"));
        match f.build(&[], None).unwrap().tenant.auth {
            TenantAuth::OAuth(o) => assert!(matches!(o.key, KeySource::Inline(_))),
            other => panic!("{other:?}"),
        }
    }

    fn keyring_tenant() -> TenantConfig {
        TenantConfig::with_token("kr", "https://kr.okta.com", TokenSource::Keyring)
    }

    #[test]
    fn source_choice_cycles_through_the_os_keyring() {
        let mut f = form("a", "acme.okta.com", "");
        f.keyring = Availability::Running;
        f.focus = Field::Source;
        let mut seen = Vec::new();
        for _ in 0..4 {
            f.cycle(true);
            seen.push(f.source);
        }
        assert_eq!(
            seen,
            [
                SourceKind::Env,
                SourceKind::Command,
                SourceKind::Keyring,
                SourceKind::Inline
            ]
        );
        f.cycle(false);
        assert_eq!(f.source, SourceKind::Keyring);
        // The keyring takes the token typed (masked) like the inline source.
        assert!(f.fields().contains(&Field::Token));
        assert!(!f.fields().contains(&Field::TokenEnv));
    }

    #[test]
    fn keyring_source_is_refused_beside_the_field_without_a_keyring() {
        let mut f = form("a", "acme.okta.com", "00typedtoken_abcd1234");
        f.source = SourceKind::Keyring;
        f.keyring = Availability::Missing(keyring::NO_SESSION.to_owned());
        let err = f.build(&[], None).unwrap_err();
        assert_eq!(err, (Field::Source, keyring::NO_SESSION.to_owned()));
        assert!(err.1.contains("token_env") && err.1.contains("SSH"));
        // While detection still runs, the save goes ahead (it says so itself if it fails).
        f.keyring = Availability::Checking;
        assert!(f.build(&[], None).is_ok());
    }

    #[test]
    fn keyring_source_with_a_keyring_saves_no_secret_in_the_file() {
        let typed = "00typedtoken_abcd1234";
        let mut f = form("a", "acme.okta.com", typed);
        f.source = SourceKind::Keyring;
        f.keyring = Availability::Running;
        let built = f.build(&[], None).unwrap();
        match &built.tenant.auth {
            TenantAuth::Token(TokenSource::KeyringStore(s)) => assert_eq!(s.expose_secret(), typed),
            other => panic!("{other:?}"),
        }
        let mut settings = crate::config::Settings::default();
        settings.tenants.push(built.tenant.clone());
        let file = crate::config::file::render(&settings).unwrap();
        assert!(file.contains("token_keyring = true"), "{file}");
        assert!(!file.contains(typed), "{file}");
        assert!(!format!("{:?}", built.tenant).contains(typed));
        // No token typed for a new keyring tenant: asked for, on the token field.
        f.token = SecretInput::default();
        assert_eq!(f.build(&[], None).unwrap_err().0, Field::Token);
    }

    #[test]
    fn editing_a_keyring_tenant_keeps_the_stored_token() {
        let orig = keyring_tenant();
        let mut f = TenantForm::edit(&orig);
        assert_eq!(f.source, SourceKind::Keyring);
        assert_eq!(f.kept_secret.as_deref(), Some(KEPT_KEYRING));
        // Unchanged token, same name: no keyring needed to save the other settings.
        f.keyring = Availability::Missing(keyring::NO_SESSION.to_owned());
        f.read_only = true;
        let b = f.build(std::slice::from_ref(&orig), Some(&orig)).unwrap();
        assert!(matches!(
            b.tenant.auth,
            TenantAuth::Token(TokenSource::Keyring)
        ));
        // A rename moves the keyring entry, so it needs the keyring.
        f.name = LineInput::with_text("kr-renamed");
        assert_eq!(
            f.build(std::slice::from_ref(&orig), Some(&orig))
                .unwrap_err()
                .0,
            Field::Source
        );
        f.keyring = Availability::Running;
        assert!(matches!(
            f.build(std::slice::from_ref(&orig), Some(&orig))
                .unwrap()
                .tenant
                .auth,
            TenantAuth::Token(TokenSource::Keyring)
        ));
        // Switching an inline edit to "inline" without a token does not silently keep the
        // keyring one.
        f.source = SourceKind::Inline;
        assert_eq!(
            f.build(std::slice::from_ref(&orig), Some(&orig))
                .unwrap_err()
                .0,
            Field::Token
        );
    }

    #[test]
    fn connect_and_save_sends_a_keyring_store_and_never_the_token_inline() {
        use crate::app::credentials::{CredEffect, CredModal, CredentialsTab, SaveOp};
        use crate::app::{App, AppInit, Effect, Modal, Msg};
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

        let mut a = App::new(AppInit {
            credentials: CredentialsTab::from_settings(
                crate::config::Settings::default(),
                "/tmp/c.toml".into(),
                vec![],
            ),
            ..Default::default()
        });
        a.update(Msg::Resize(120, 40));
        let key = |a: &mut App, code: KeyCode| {
            a.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
        };
        key(&mut a, KeyCode::Char('n'));
        let Some(Modal::Tenant(CredModal::Form(f))) = &mut a.modal else {
            panic!("no form");
        };
        f.keyring = Availability::Running;
        f.name = LineInput::with_text("kr");
        f.domain = LineInput::with_text("kr.okta.com");
        f.focus = Field::Source;
        // ← from inline wraps to the keyring.
        key(&mut a, KeyCode::Left);
        key(&mut a, KeyCode::Tab);
        for c in "00keyringtoken_wxyz".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        let Some(Modal::Tenant(CredModal::Form(f))) = &mut a.modal else {
            panic!("no form");
        };
        assert_eq!(f.source, SourceKind::Keyring);
        f.focus = Field::SaveNoTest;
        let effects = key(&mut a, KeyCode::Enter);
        let [Effect::Credentials(CredEffect::Save { op, .. })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        let SaveOp::Add(t) = op.as_ref() else {
            panic!("{op:?}");
        };
        assert!(matches!(
            &t.auth,
            TenantAuth::Token(TokenSource::KeyringStore(s)) if s.expose_secret() == "00keyringtoken_wxyz"
        ));
        assert!(!format!("{effects:?}").contains("00keyringtoken"));

        // Without a keyring the same form is refused beside the source, and nothing is sent.
        let Some(Modal::Tenant(CredModal::Form(f))) = &mut a.modal else {
            panic!("no form");
        };
        f.saving = None;
        f.keyring = Availability::Missing(keyring::NO_SESSION.to_owned());
        f.focus = Field::SaveNoTest;
        let effects = key(&mut a, KeyCode::Enter);
        assert!(effects.is_empty(), "{effects:?}");
        let Some(Modal::Tenant(CredModal::Form(f))) = &a.modal else {
            panic!("no form");
        };
        assert_eq!(
            f.error,
            Some((Field::Source, keyring::NO_SESSION.to_owned()))
        );
    }
}
