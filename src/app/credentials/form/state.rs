//! The tenant form's state: its fields' values, focus, the test and save in flight, and how
//! focus and choices move.

use secrecy::ExposeSecret as _;

use crate::config::keyring::Availability;
use crate::config::normalize_domain;
use crate::config::{DpopMode, KeySource, OAuthTenant, TenantAuth, TenantConfig, TokenSource};

use crate::app::credentials::test_result::FormTest;
use crate::app::ids::ReqId;
use crate::app::input::LineInput;

use super::field::{
    AuthKind, COLORS, DEFAULT_SCOPES, Field, KEPT_KEYRING, SecretInput, SourceKind,
};

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
            // Until the runtime's probe answers (`CredMsg::Keyring`); the reducer passes on
            // what it already knows when it opens a form.
            keyring: Availability::Checking,
        }
    }
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
            // Named after its org (or host and port), as an `okta.yaml` import is.
            crate::config::tenant_name_for(&t.domain)
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

    /// After any change: the old test result no longer describes the form.
    pub fn edited(&mut self) {
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
}
