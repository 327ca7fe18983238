//! The Credentials tab: the configured tenants (name, domain, auth type, where the secret
//! comes from, read-only, last Test Connect), switching between them, and the add / edit /
//! delete form with Test Connect and Connect & Create. The reducer stays pure: tests and
//! saves are `CredEffect`s the runtime performs (`runtime/tenants.rs`), answered by `CredMsg`.
//! The file on disk is the authority: every save re-reads it, applies one change and writes
//! it back, and a damaged file is never written.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use secrecy::ExposeSecret as _;

use crate::config::{KeySource, LastTest, Settings, TenantAuth, TenantConfig, TokenSource};
use crate::okta::test_connect::TestReport;

use super::input::InputOutcome;
use super::keymap::{Action, Context};
use super::tenant_form::{Field, FormTest, TenantForm, TestOutcome};
use super::{App, Effect, Modal, ReqId, StatusKind, StatusLine, Tab};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantRow {
    pub name: String,
    pub domain: String,
    /// "API token" or "OAuth 2.0 service app".
    pub auth_label: String,
    pub read_only: bool,
}

#[derive(Debug, Clone, Default)]
pub struct CredentialsTab {
    pub tenants: Vec<TenantRow>,
    /// Where the config lives (shown so the admin knows which file to edit).
    pub config_path: Option<String>,
    /// A one-line hint or a config error to show above the list.
    pub notice: Option<String>,
    /// Non-fatal findings from the config (unknown keys, key bindings that did not parse).
    pub warnings: Vec<String>,
    pub selected: usize,
    pub offset: usize,
    /// The config as loaded (secrets stay in `secrecy` types and are only shown masked).
    /// None when the tenants did not come from the file (the demo).
    pub settings: Option<Settings>,
    /// The config file does not parse (path:line:column: message). Nothing is saved then.
    pub damaged: Option<String>,
    /// This session's Test Connect results by tenant name, with every detail.
    pub reports: BTreeMap<String, TestOutcome>,
    /// Test Connect running for a listed tenant.
    pub testing: Option<(ReqId, String)>,
    /// A save started from the list (delete, recording a test) in flight.
    pub saving: Option<ReqId>,
    /// An import (`i`) in flight.
    pub importing: Option<ReqId>,
}

impl CredentialsTab {
    /// The tab for a loaded config.
    pub fn from_settings(settings: Settings, path: String, warnings: Vec<String>) -> Self {
        let mut tab = CredentialsTab {
            config_path: Some(path),
            warnings,
            ..Default::default()
        };
        tab.set_settings(settings);
        tab
    }

    /// The tab for a config file that does not parse: the error (with line and column) is
    /// shown, and adding, editing or deleting is refused so the file is never overwritten.
    pub fn damaged_file(error: String, path: Option<String>) -> Self {
        CredentialsTab {
            notice: Some(error.clone()),
            damaged: Some(error),
            config_path: path,
            ..Default::default()
        }
    }

    /// Replaces the tenants with `settings`' (after a save). Rows that are not from the file
    /// (the demo org, the OKTA_CLIENT_* tenant) stay.
    pub fn set_settings(&mut self, settings: Settings) {
        let from_file = |name: &str| {
            self.settings
                .as_ref()
                .is_some_and(|s| s.tenant(name).is_some())
        };
        let extra: Vec<TenantRow> = self
            .tenants
            .iter()
            .filter(|r| !from_file(&r.name) && settings.tenant(&r.name).is_none())
            .cloned()
            .collect();
        self.tenants = settings
            .tenants
            .iter()
            .map(|t| TenantRow {
                name: t.name.clone(),
                domain: t.domain.clone(),
                auth_label: t.auth_label.clone(),
                read_only: t.read_only || settings.read_only,
            })
            .chain(extra)
            .collect();
        self.settings = Some(settings);
        self.selected = self.selected.min(self.tenants.len().saturating_sub(1));
    }

    /// The configured tenant behind a row (None for the demo or env tenant).
    pub fn config(&self, name: &str) -> Option<&TenantConfig> {
        self.settings.as_ref().and_then(|s| s.tenant(name))
    }

    pub fn selected_row(&self) -> Option<&TenantRow> {
        self.tenants.get(self.selected)
    }

    /// Where the secret comes from, masked: `••••abcd`, `$VAR`, the command, or the key file.
    pub fn secret_label(&self, name: &str) -> String {
        match self.config(name).map(|t| &t.auth) {
            Some(TenantAuth::Token(s)) => s.masked(),
            Some(TenantAuth::OAuth(o)) => match &o.key {
                KeySource::File(p) => format!("key {}", p.display()),
                KeySource::Inline(_) => "inline key".to_owned(),
            },
            None => String::new(),
        }
    }

    pub fn busy(&self) -> bool {
        self.testing.is_some() || self.saving.is_some()
    }

    fn select(&mut self, name: &str) {
        if let Some(i) = self.tenants.iter().position(|r| r.name == name) {
            self.selected = i;
        }
    }
}

/// How a line above the tenant list is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Error,
    Warn,
    Dim,
}

/// A line above the tenant list. The UI draws these and the geometry counts them
/// (`layout::tenant_list`), so both agree on where the rows start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub tone: Tone,
    pub text: String,
    /// Shown whole, wrapped onto as many lines as it needs (else cut to one line).
    pub whole: bool,
}

impl CredentialsTab {
    /// The lines above the tenant list, in order: a damaged file (its error whole, with line
    /// and column) or the one-line notice, the config path, then the config's warnings.
    pub fn notices(&self) -> Vec<Notice> {
        let line = |tone, text: String, whole| Notice { tone, text, whole };
        let mut out = Vec::new();
        if let Some(err) = &self.damaged {
            out.push(line(
                Tone::Error,
                format!("config file damaged: {err}"),
                true,
            ));
            out.push(line(
                Tone::Warn,
                "oktui will not write to it: fix it in an editor (or move it away) and restart"
                    .to_owned(),
                false,
            ));
        } else if let Some(n) = &self.notice {
            out.push(line(Tone::Warn, n.clone(), false));
        }
        if let Some(p) = &self.config_path {
            out.push(line(Tone::Dim, format!("config: {p}"), false));
        }
        for warn in &self.warnings {
            out.push(line(Tone::Warn, format!("warning: {warn}"), false));
        }
        out
    }
}

impl App {
    /// A left click on the Credentials tab's body: selects the tenant drawn on that row,
    /// using the geometry the UI draws with.
    pub(super) fn credentials_click(&mut self, row: u16) -> Vec<Effect> {
        let geo = super::layout::tenant_list(&self.credentials, self.width, self.height);
        match geo.tenant_at(row, self.credentials.tenants.len()) {
            Some(i) => {
                self.credentials.offset = geo.offset;
                self.credentials.selected = i;
            }
            None => self.dirty = false,
        }
        Vec::new()
    }
}

/// The Credentials tab's dialogs.
#[derive(Debug, Clone, PartialEq)]
pub enum CredModal {
    Form(Box<TenantForm>),
    /// Delete asks first, naming the tenant.
    ConfirmDelete {
        name: String,
        active: bool,
    },
}

/// One change to the config file.
#[derive(Debug, Clone)]
pub enum SaveOp {
    Add(TenantConfig),
    Edit {
        name: String,
        tenant: TenantConfig,
    },
    Delete(String),
    /// Keep the outcome of a Test Connect run from the list.
    RecordTest {
        name: String,
        last: LastTest,
    },
}

impl SaveOp {
    fn tenant_name(&self) -> &str {
        match self {
            SaveOp::Add(t) | SaveOp::Edit { tenant: t, .. } => &t.name,
            SaveOp::Delete(n) | SaveOp::RecordTest { name: n, .. } => n,
        }
    }
}

impl PartialEq for SaveOp {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (SaveOp::Add(a), SaveOp::Add(b)) => same_tenant(a, b),
            (
                SaveOp::Edit {
                    name: n1,
                    tenant: a,
                },
                SaveOp::Edit {
                    name: n2,
                    tenant: b,
                },
            ) => n1 == n2 && same_tenant(a, b),
            (SaveOp::Delete(a), SaveOp::Delete(b)) => a == b,
            (
                SaveOp::RecordTest { name: n1, last: l1 },
                SaveOp::RecordTest { name: n2, last: l2 },
            ) => n1 == n2 && l1 == l2,
            _ => false,
        }
    }
}

/// Field-by-field equality (secrets compared, never printed): `TenantConfig` holds
/// `SecretString`s, which have no `PartialEq` of their own.
pub fn same_tenant(a: &TenantConfig, b: &TenantConfig) -> bool {
    let auth = match (&a.auth, &b.auth) {
        (TenantAuth::Token(x), TenantAuth::Token(y)) => match (x, y) {
            (TokenSource::Inline(x), TokenSource::Inline(y)) => {
                x.expose_secret() == y.expose_secret()
            }
            (TokenSource::Env(x), TokenSource::Env(y)) => x == y,
            (
                TokenSource::Command {
                    command: c1,
                    timeout: t1,
                },
                TokenSource::Command {
                    command: c2,
                    timeout: t2,
                },
            ) => c1 == c2 && t1 == t2,
            (TokenSource::Keyring, TokenSource::Keyring) => true,
            (TokenSource::KeyringStore(x), TokenSource::KeyringStore(y)) => {
                x.expose_secret() == y.expose_secret()
            }
            _ => false,
        },
        (TenantAuth::OAuth(x), TenantAuth::OAuth(y)) => {
            let key = match (&x.key, &y.key) {
                (KeySource::File(p), KeySource::File(q)) => p == q,
                (KeySource::Inline(p), KeySource::Inline(q)) => {
                    p.expose_secret() == q.expose_secret()
                }
                _ => false,
            };
            key && x.client_id == y.client_id
                && x.key_id == y.key_id
                && x.scopes == y.scopes
                && x.dpop == y.dpop
        }
        _ => false,
    };
    auth && a.name == b.name
        && a.domain == b.domain
        && a.auth_label == b.auth_label
        && a.read_only == b.read_only
        && a.color == b.color
        && a.last_test == b.last_test
}

/// What the Credentials tab asks the runtime to do.
#[derive(Debug, Clone)]
pub enum CredEffect {
    /// Test Connect in the background, answered by `CredMsg::Tested`.
    Test {
        req: ReqId,
        tenant: Box<TenantConfig>,
    },
    /// Re-read the config file, apply `op`, write it (atomically, 0600), answered by
    /// `CredMsg::Saved` or `CredMsg::SaveFailed`.
    Save { req: ReqId, op: Box<SaveOp> },
    /// The open tenant was edited and saved: connect to it again (lists reload).
    Reconnect(String),
    /// Read a tenant from the Okta SDKs' conventions (`OKTA_CLIENT_ORGURL` +
    /// `OKTA_CLIENT_TOKEN`, else `~/.okta/okta.yaml`), answered by `CredMsg::Imported`.
    Import { req: ReqId },
}

impl PartialEq for CredEffect {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (CredEffect::Test { req: r1, tenant: a }, CredEffect::Test { req: r2, tenant: b }) => {
                r1 == r2 && same_tenant(a, b)
            }
            (CredEffect::Save { req: r1, op: a }, CredEffect::Save { req: r2, op: b }) => {
                r1 == r2 && a == b
            }
            (CredEffect::Reconnect(a), CredEffect::Reconnect(b)) => a == b,
            (CredEffect::Import { req: a }, CredEffect::Import { req: b }) => a == b,
            _ => false,
        }
    }
}

/// Answers to `CredEffect`s.
#[derive(Debug, Clone)]
pub enum CredMsg {
    Tested {
        req: ReqId,
        report: Box<TestReport>,
        /// The one-line outcome with the time (the runtime reads the clock, not the reducer).
        last: LastTest,
    },
    Saved {
        req: ReqId,
        settings: Box<Settings>,
        warnings: Vec<String>,
    },
    SaveFailed {
        req: ReqId,
        error: String,
    },
    /// The imported tenant and where it came from, or why there was nothing to import.
    Imported {
        req: ReqId,
        result: Result<(Box<TenantConfig>, String), String>,
    },
}

impl App {
    fn cred_status(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(StatusLine {
            kind,
            text: text.into(),
        });
    }

    /// The open Credentials dialog, if any.
    pub fn cred_modal(&self) -> Option<&CredModal> {
        match &self.modal {
            Some(Modal::Tenant(m)) => Some(m),
            _ => None,
        }
    }

    /// The keymap context while the tenant form is open (its keys show in the footer).
    pub fn credentials_context(&self) -> Option<Context> {
        matches!(self.cred_modal(), Some(CredModal::Form(_))).then_some(Context::TenantForm)
    }

    /// A spinner is wanted while a test or save runs.
    pub fn credentials_busy(&self) -> bool {
        self.credentials.busy()
            || matches!(self.cred_modal(), Some(CredModal::Form(f))
                if matches!(f.test, FormTest::Running(_)) || f.saving.is_some())
    }

    /// Whether a Credentials key does something here (None: not a Credentials key). The
    /// footer hides what would only be refused: changes to a damaged file, editing a tenant
    /// that is not in the file (the demo, the OKTA_CLIENT_* tenant).
    pub fn credentials_key_available(&self, action: Action) -> Option<bool> {
        let c = &self.credentials;
        let in_file = c
            .selected_row()
            .is_some_and(|r| c.config(&r.name).is_some());
        Some(match action {
            Action::TenantSwitch => c.selected_row().is_some(),
            Action::TenantNew => c.damaged.is_none(),
            Action::TenantEdit | Action::TenantDelete => c.damaged.is_none() && in_file,
            Action::TenantTest => in_file,
            Action::TenantImport => c.damaged.is_none(),
            Action::FormNext
            | Action::FormPrev
            | Action::FormTest
            | Action::FormSave
            | Action::FormCancel => true,
            _ => return None,
        })
    }

    /// Refuses a change when the config file is damaged (it is the admin's to fix).
    fn refuse_damaged(&mut self) -> bool {
        let Some(err) = self.credentials.damaged.clone() else {
            return false;
        };
        self.cred_status(
            StatusKind::Error,
            format!("not saved: the config file is damaged and oktui never overwrites it; fix it first ({err})"),
        );
        true
    }

    /// The Credentials tab's keys (from `act`).
    pub(super) fn credentials_key(&mut self, action: Action) -> Vec<Effect> {
        if self.tab != Tab::Credentials {
            self.dirty = false;
            return Vec::new();
        }
        let selected = self.credentials.selected_row().map(|r| r.name.clone());
        match action {
            Action::TenantSwitch => match selected {
                Some(name) => self.switch_to(&name),
                None => Vec::new(),
            },
            Action::TenantNew => {
                if self.refuse_damaged() {
                    return Vec::new();
                }
                self.modal = Some(Modal::Tenant(CredModal::Form(Box::default())));
                Vec::new()
            }
            Action::TenantEdit => {
                if self.refuse_damaged() {
                    return Vec::new();
                }
                let Some(name) = selected else {
                    return Vec::new();
                };
                match self.credentials.config(&name) {
                    Some(t) => {
                        let form = TenantForm::edit(t);
                        self.modal = Some(Modal::Tenant(CredModal::Form(Box::new(form))));
                    }
                    None => self.cred_status(
                        StatusKind::Warn,
                        format!("{name} is not in the config file, so it cannot be edited here"),
                    ),
                }
                Vec::new()
            }
            Action::TenantDelete => {
                if self.refuse_damaged() {
                    return Vec::new();
                }
                let Some(name) = selected else {
                    return Vec::new();
                };
                if self.credentials.config(&name).is_none() {
                    self.cred_status(
                        StatusKind::Warn,
                        format!("{name} is not in the config file, so there is nothing to delete"),
                    );
                    return Vec::new();
                }
                let active = self.tenant.as_ref().is_some_and(|t| t.name == name);
                self.modal = Some(Modal::Tenant(CredModal::ConfirmDelete { name, active }));
                Vec::new()
            }
            Action::TenantImport => {
                if self.refuse_damaged() {
                    return Vec::new();
                }
                let req = self.req();
                self.credentials.importing = Some(req);
                self.cred_status(
                    StatusKind::Info,
                    "importing from OKTA_CLIENT_ORGURL + OKTA_CLIENT_TOKEN or ~/.okta/okta.yaml…",
                );
                vec![Effect::Credentials(CredEffect::Import { req })]
            }
            Action::TenantTest => {
                let Some(name) = selected else {
                    return Vec::new();
                };
                let Some(t) = self.credentials.config(&name).cloned() else {
                    self.cred_status(
                        StatusKind::Warn,
                        format!("{name} is not in the config file; Test Connect works on configured tenants"),
                    );
                    return Vec::new();
                };
                let req = self.req();
                self.credentials.testing = Some((req, name.clone()));
                self.cred_status(StatusKind::Info, format!("Test Connect: {name}…"));
                vec![Effect::Credentials(CredEffect::Test {
                    req,
                    tenant: Box::new(t),
                })]
            }
            _ => {
                self.dirty = false;
                Vec::new()
            }
        }
    }

    /// `Enter` on a tenant or `:tenant NAME`: the runtime connects, then Users and Groups reload.
    pub(super) fn switch_to(&mut self, name: &str) -> Vec<Effect> {
        self.cred_status(StatusKind::Info, format!("connecting to {name}…"));
        vec![Effect::SwitchTenant(name.to_owned())]
    }

    /// Keys while a Credentials dialog is open.
    pub(super) fn on_cred_modal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(Modal::Tenant(modal)) = self.modal.take() else {
            return Vec::new();
        };
        match modal {
            CredModal::ConfirmDelete { name, active } => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                    let req = self.req();
                    self.credentials.saving = Some(req);
                    self.cred_status(StatusKind::Info, format!("deleting {name}…"));
                    vec![Effect::Credentials(CredEffect::Save {
                        req,
                        op: Box::new(SaveOp::Delete(name)),
                    })]
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                    self.cred_status(StatusKind::Info, "nothing deleted");
                    Vec::new()
                }
                _ => {
                    self.modal = Some(Modal::Tenant(CredModal::ConfirmDelete { name, active }));
                    Vec::new()
                }
            },
            CredModal::Form(mut form) => {
                let (keep, effects) = self.form_key(&mut form, key);
                if keep {
                    self.modal = Some(Modal::Tenant(CredModal::Form(form)));
                }
                effects
            }
        }
    }

    /// A key in the form. Returns whether the form stays open.
    fn form_key(&mut self, f: &mut TenantForm, key: KeyEvent) -> (bool, Vec<Effect>) {
        if f.saving.is_some() {
            // The file is being written; the answer closes the form or shows why not.
            return (true, Vec::new());
        }
        if f.confirm_discard {
            f.confirm_discard = false;
            return match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => (false, self.form_cancelled()),
                _ => (true, Vec::new()),
            };
        }
        if let Some(action) = self.keymap.action(Context::TenantForm, &key) {
            match action {
                Action::FormNext => f.move_focus(1),
                Action::FormPrev => f.move_focus(-1),
                Action::FormTest => return (true, self.form_test(f, false)),
                Action::FormSave => return (true, self.form_test(f, true)),
                Action::FormCancel => return self.form_cancel_asked(f),
                _ => {}
            }
            return (true, Vec::new());
        }
        let focus = f.focus;
        if focus.is_button() {
            match key.code {
                KeyCode::Enter | KeyCode::Char(' ') => {
                    return match focus {
                        Field::Test => (true, self.form_test(f, false)),
                        Field::Save => (true, self.form_test(f, true)),
                        Field::SaveNoTest => (true, self.form_save(f, None)),
                        _ => (false, self.form_cancelled()),
                    };
                }
                KeyCode::Left => f.move_focus(-1),
                KeyCode::Right => f.move_focus(1),
                _ => self.dirty = false,
            }
            return (true, Vec::new());
        }
        if focus.is_choice() {
            match key.code {
                KeyCode::Left | KeyCode::Char('h') => f.cycle(false),
                KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') => f.cycle(true),
                KeyCode::Enter => f.move_focus(1),
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return self.form_cancel_asked(f);
                }
                _ => self.dirty = false,
            }
            return (true, Vec::new());
        }
        if let Some(input) = f.input_mut(focus) {
            match input.handle_key(&key) {
                InputOutcome::Edited => f.edited(),
                InputOutcome::Submit => f.move_focus(1),
                InputOutcome::Cancel => return self.form_cancel_asked(f),
                InputOutcome::Moved => {}
            }
        }
        (true, Vec::new())
    }

    /// Esc: with typed input, ask first (like the create-user form) instead of losing it.
    fn form_cancel_asked(&mut self, f: &mut TenantForm) -> (bool, Vec<Effect>) {
        if f.changed {
            f.confirm_discard = true;
            (true, Vec::new())
        } else {
            (false, self.form_cancelled())
        }
    }

    fn form_cancelled(&mut self) -> Vec<Effect> {
        self.cred_status(StatusKind::Info, "nothing saved");
        Vec::new()
    }

    fn form_build(&mut self, f: &mut TenantForm) -> Option<super::tenant_form::Built> {
        let tenants = self
            .credentials
            .settings
            .as_ref()
            .map(|s| s.tenants.clone())
            .unwrap_or_default();
        let original = f
            .editing
            .as_deref()
            .and_then(|n| self.credentials.config(n));
        match f.build(&tenants, original) {
            Ok(b) => {
                f.warnings = b.warnings.clone();
                Some(b)
            }
            Err((field, message)) => {
                f.focus = field;
                self.cred_status(StatusKind::Warn, format!("{}: {message}", field.label()));
                f.error = Some((field, message));
                None
            }
        }
    }

    /// Test Connect for what the form holds; with `then_save` (Connect & Create) it saves
    /// when the test passes.
    fn form_test(&mut self, f: &mut TenantForm, then_save: bool) -> Vec<Effect> {
        if then_save && self.refuse_damaged() {
            return Vec::new();
        }
        let Some(built) = self.form_build(f) else {
            return Vec::new();
        };
        let req = self.req();
        f.error = None;
        f.test = FormTest::Running(req);
        f.save_after_test = then_save;
        self.cred_status(
            StatusKind::Info,
            format!("Test Connect: {}…", built.tenant.domain),
        );
        vec![Effect::Credentials(CredEffect::Test {
            req,
            tenant: Box::new(built.tenant),
        })]
    }

    /// Saves the form (with the test that just passed, if any).
    fn form_save(&mut self, f: &mut TenantForm, last: Option<LastTest>) -> Vec<Effect> {
        if self.refuse_damaged() {
            return Vec::new();
        }
        let Some(mut built) = self.form_build(f) else {
            return Vec::new();
        };
        if let Some(l) = last {
            built.tenant.last_test = Some(l);
        }
        let op = match &f.editing {
            Some(name) => SaveOp::Edit {
                name: name.clone(),
                tenant: built.tenant,
            },
            None => SaveOp::Add(built.tenant),
        };
        let req = self.req();
        f.saving = Some(req);
        self.cred_status(StatusKind::Info, format!("saving {}…", op.tenant_name()));
        vec![Effect::Credentials(CredEffect::Save {
            req,
            op: Box::new(op),
        })]
    }

    /// Text pasted while the form is open goes into the focused field.
    pub(super) fn credentials_paste(&mut self, text: &str) -> bool {
        let Some(Modal::Tenant(CredModal::Form(f))) = &mut self.modal else {
            return false;
        };
        let focus = f.focus;
        match f.input_mut(focus) {
            Some(input) => {
                // A token copied from a web page often ends in a newline: it is dropped.
                input.insert_str(text.trim());
                f.edited();
                true
            }
            None => false,
        }
    }

    /// Answers to `CredEffect`s.
    pub(super) fn on_credentials_msg(&mut self, msg: CredMsg) -> Vec<Effect> {
        match msg {
            CredMsg::Imported { req, result } => {
                if self.credentials.importing.take_if(|r| *r == req).is_none() {
                    self.dirty = false;
                    return Vec::new();
                }
                match result {
                    Ok((tenant, from)) => {
                        let taken: Vec<&str> = self
                            .credentials
                            .tenants
                            .iter()
                            .map(|r| r.name.as_str())
                            .collect();
                        let form = TenantForm::import(&tenant, &taken);
                        self.modal = Some(Modal::Tenant(CredModal::Form(Box::new(form))));
                        self.cred_status(
                            StatusKind::Info,
                            format!("imported from {from}: check it, then Ctrl-S tests and saves"),
                        );
                    }
                    Err(e) => self.cred_status(StatusKind::Warn, e),
                }
                Vec::new()
            }
            CredMsg::Tested { req, report, last } => {
                let outcome = TestOutcome::from_report(&report);
                match self.modal.take() {
                    Some(Modal::Tenant(CredModal::Form(mut f)))
                        if f.test == FormTest::Running(req) =>
                    {
                        let effects = self.form_tested(&mut f, outcome, last);
                        self.modal = Some(Modal::Tenant(CredModal::Form(f)));
                        return effects;
                    }
                    other => self.modal = other,
                }
                let Some((_, name)) = self.credentials.testing.take_if(|(r, _)| *r == req) else {
                    self.dirty = false;
                    return Vec::new();
                };
                let mark = if outcome.ok { "✓" } else { "✗" };
                let kind = if outcome.ok {
                    StatusKind::Info
                } else {
                    StatusKind::Error
                };
                self.cred_status(kind, format!("{mark} {name}: {}", outcome.summary));
                self.credentials.reports.insert(name.clone(), outcome);
                // Keep the outcome in the file, unless the file is damaged (never written).
                if self.credentials.damaged.is_some() || self.credentials.config(&name).is_none() {
                    return Vec::new();
                }
                let req = self.req();
                self.credentials.saving = Some(req);
                vec![Effect::Credentials(CredEffect::Save {
                    req,
                    op: Box::new(SaveOp::RecordTest { name, last }),
                })]
            }
            CredMsg::Saved {
                req,
                settings,
                warnings,
            } => {
                self.credentials.set_settings(*settings);
                // A saved file is a healthy one: the start-up hint no longer applies.
                self.credentials.notice = None;
                let path = self.credentials.config_path.clone().unwrap_or_default();
                let extra = if warnings.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", warnings.join(" · "))
                };
                if let Some(Modal::Tenant(CredModal::Form(f))) = &self.modal
                    && f.saving == Some(req)
                {
                    let name = f.name.text.trim().to_owned();
                    if let FormTest::Done(outcome, _) = &f.test {
                        self.credentials
                            .reports
                            .insert(name.clone(), outcome.clone());
                    }
                    let edited_active = f.editing.is_some()
                        && self
                            .tenant
                            .as_ref()
                            .is_some_and(|t| Some(t.name.as_str()) == f.editing.as_deref());
                    self.modal = None;
                    self.credentials.select(&name);
                    let hint = if edited_active {
                        " · reconnecting with the new settings…"
                    } else {
                        " · Enter switches to it"
                    };
                    self.cred_status(
                        StatusKind::Info,
                        format!("saved {name} to {path} (mode 0600){hint}{extra}"),
                    );
                    if edited_active {
                        return vec![Effect::Credentials(CredEffect::Reconnect(name))];
                    }
                } else if self.credentials.saving == Some(req) {
                    self.credentials.saving = None;
                    if !extra.is_empty() {
                        self.cred_status(StatusKind::Warn, extra.trim_start_matches(" · "));
                    } else if self
                        .status
                        .as_ref()
                        .is_some_and(|s| s.text.starts_with("deleting "))
                    {
                        self.cred_status(StatusKind::Info, format!("deleted · {path} saved"));
                    }
                }
                Vec::new()
            }
            CredMsg::SaveFailed { req, error } => {
                if let Some(Modal::Tenant(CredModal::Form(f))) = &mut self.modal
                    && f.saving == Some(req)
                {
                    f.saving = None;
                    f.error = Some((Field::Save, format!("not saved: {error}")));
                } else if self.credentials.saving == Some(req) {
                    self.credentials.saving = None;
                } else {
                    self.dirty = false;
                    return Vec::new();
                }
                self.cred_status(StatusKind::Error, format!("not saved: {error}"));
                Vec::new()
            }
        }
    }

    fn form_tested(
        &mut self,
        f: &mut TenantForm,
        outcome: TestOutcome,
        last: LastTest,
    ) -> Vec<Effect> {
        let ok = outcome.ok;
        let save = std::mem::take(&mut f.save_after_test);
        if ok {
            self.cred_status(StatusKind::Info, format!("✓ {}", outcome.summary));
        } else {
            let then = if save {
                " · not saved: fix it, or choose Save without test"
            } else {
                ""
            };
            self.cred_status(StatusKind::Error, format!("✗ {}{then}", outcome.summary));
        }
        f.test = FormTest::Done(outcome, last.clone());
        if ok && save {
            return self.form_save(f, Some(last));
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use secrecy::SecretString;

    use super::*;
    use crate::app::{AppInit, Msg};
    use crate::okta::test_connect::{Failure, FailureKind};

    const TOKEN: &str = "00SeCrEtToKeNvAlUe_abcdefgh9876";

    fn settings() -> Settings {
        let mut s = Settings::default();
        s.tenants.push(TenantConfig::with_token(
            "acme-prod",
            "https://acme.okta.com",
            TokenSource::Inline(SecretString::from(
                "00oldtokenvalue_zzzzzzzz1234".to_owned(),
            )),
        ));
        s
    }

    fn app() -> App {
        let mut a = App::new(AppInit {
            credentials: CredentialsTab::from_settings(settings(), "/tmp/c.toml".into(), vec![]),
            ..Default::default()
        });
        a.update(Msg::Resize(120, 40));
        assert_eq!(a.tab, Tab::Credentials);
        a
    }

    fn key(a: &mut App, code: KeyCode) -> Vec<Effect> {
        a.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn ctrl(a: &mut App, c: char) -> Vec<Effect> {
        a.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
    }

    fn typed(a: &mut App, text: &str) {
        for c in text.chars() {
            key(a, KeyCode::Char(c));
        }
    }

    fn form(a: &App) -> &TenantForm {
        match a.cred_modal() {
            Some(CredModal::Form(f)) => f,
            other => panic!("no form: {other:?}"),
        }
    }

    /// n, then name, (auth stays API token), domain, (source stays inline), token.
    fn fill(a: &mut App, name: &str, domain: &str, token: &str) {
        key(a, KeyCode::Char('n'));
        typed(a, name);
        key(a, KeyCode::Tab);
        key(a, KeyCode::Tab);
        typed(a, domain);
        key(a, KeyCode::Tab);
        key(a, KeyCode::Tab);
        assert_eq!(form(a).focus, Field::Token);
        typed(a, token);
    }

    fn report_ok() -> TestReport {
        TestReport {
            base_url: "http://127.0.0.1:9".into(),
            acts_as: Some("admin@example.com".into()),
            scheme: Some("SSWS".into()),
            ..Default::default()
        }
    }

    fn last(ok: bool) -> LastTest {
        LastTest {
            ok,
            at: "2026-11-29T10:00:00Z".into(),
            summary: "s".into(),
        }
    }

    #[test]
    fn connect_and_create_tests_then_saves_then_lists() {
        let mut a = app();
        fill(&mut a, "sbx", "http://127.0.0.1:9/", TOKEN);
        // The form holds the token; its Debug and the status line never show it.
        assert!(!format!("{:?}", a.modal).contains(TOKEN));
        let effects = ctrl(&mut a, 's');
        let [Effect::Credentials(CredEffect::Test { req, tenant })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert_eq!(tenant.domain, "http://127.0.0.1:9", "normalized");
        assert_eq!(tenant.name, "sbx");
        let effects = a.update(Msg::Credentials(CredMsg::Tested {
            req: *req,
            report: Box::new(report_ok()),
            last: last(true),
        }));
        let [Effect::Credentials(CredEffect::Save { req, op })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        let SaveOp::Add(t) = op.as_ref() else {
            panic!("{op:?}")
        };
        assert_eq!(
            t.last_test,
            Some(last(true)),
            "the passing test is saved with it"
        );
        let mut saved = settings();
        saved.tenants.push(t.clone());
        a.update(Msg::Credentials(CredMsg::Saved {
            req: *req,
            settings: Box::new(saved),
            warnings: vec![],
        }));
        assert!(a.modal.is_none());
        assert_eq!(a.credentials.tenants.len(), 2);
        assert_eq!(a.credentials.selected_row().unwrap().name, "sbx");
        assert_eq!(a.credentials.secret_label("sbx"), "••••9876");
        assert!(a.credentials.reports["sbx"].ok);
        assert!(a.status.as_ref().unwrap().text.contains("saved sbx"));
        // Enter switches to it.
        assert_eq!(
            key(&mut a, KeyCode::Enter),
            vec![Effect::SwitchTenant("sbx".into())]
        );
    }

    #[test]
    fn failed_test_does_not_save_and_says_why() {
        let mut a = app();
        fill(&mut a, "sbx", "acme.okta.com", TOKEN);
        let effects = ctrl(&mut a, 's');
        let [Effect::Credentials(CredEffect::Test { req, .. })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        let report = TestReport {
            failure: Some(Failure {
                kind: FailureKind::InvalidToken,
                message: "401 E0000011 Invalid token provided".into(),
            }),
            ..Default::default()
        };
        let effects = a.update(Msg::Credentials(CredMsg::Tested {
            req: *req,
            report: Box::new(report),
            last: last(false),
        }));
        assert!(effects.is_empty());
        assert!(matches!(&form(&a).test, FormTest::Done(o, _) if !o.ok));
        let status = &a.status.as_ref().unwrap().text;
        assert!(
            status.contains("E0000011") && status.contains("not saved"),
            "{status}"
        );
    }

    #[test]
    fn an_edit_makes_a_running_test_stale() {
        let mut a = app();
        fill(&mut a, "sbx", "acme.okta.com", TOKEN);
        let effects = ctrl(&mut a, 't');
        let [Effect::Credentials(CredEffect::Test { req, .. })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        typed(&mut a, "x");
        let effects = a.update(Msg::Credentials(CredMsg::Tested {
            req: *req,
            report: Box::new(report_ok()),
            last: last(true),
        }));
        assert!(effects.is_empty());
        assert_eq!(form(&a).test, FormTest::Idle);
    }

    #[test]
    fn validation_focuses_the_field_and_sends_nothing() {
        let mut a = app();
        fill(&mut a, "ACME-PROD", "acme.okta.com", TOKEN);
        assert!(ctrl(&mut a, 's').is_empty());
        assert_eq!(form(&a).focus, Field::Name);
        assert!(
            form(&a)
                .error
                .as_ref()
                .unwrap()
                .1
                .contains("already exists")
        );
        // A fresh form with no token (Esc asks before dropping what was typed).
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('y'));
        assert!(a.modal.is_none());
        fill(&mut a, "new", "http://acme.okta.com", "");
        assert!(ctrl(&mut a, 't').is_empty());
        assert_eq!(form(&a).focus, Field::Domain);
    }

    #[test]
    fn paste_goes_to_the_focused_field_trimmed() {
        let mut a = app();
        fill(&mut a, "sbx", "acme.okta.com", "");
        a.update(Msg::Paste(format!("{TOKEN}\n")));
        assert_eq!(form(&a).token.0.text, TOKEN);
        assert_eq!(form(&a).token.masked().chars().count(), TOKEN.len());
    }

    #[test]
    fn form_footer_comes_from_the_keymap() {
        let mut a = app();
        key(&mut a, KeyCode::Char('n'));
        assert_eq!(a.context(), Context::TenantForm);
        let footer = a.keymap.footer(a.context());
        let has = |k: &str| footer.iter().any(|(key, _)| key == k);
        assert!(
            has("Ctrl-t") && has("Ctrl-s") && has("Tab") && has("Esc"),
            "{footer:?}"
        );
        // Plain letters are typed, not taken by the keymap.
        typed(&mut a, "qjk");
        assert_eq!(form(&a).name.text, "qjk");
        assert!(!a.quit);
    }

    #[test]
    fn delete_asks_first() {
        let mut a = app();
        key(&mut a, KeyCode::Char('d'));
        assert!(
            matches!(a.cred_modal(), Some(CredModal::ConfirmDelete { name, .. }) if name == "acme-prod")
        );
        assert!(key(&mut a, KeyCode::Char('n')).is_empty());
        assert!(a.modal.is_none());
        key(&mut a, KeyCode::Delete);
        let effects = key(&mut a, KeyCode::Char('y'));
        let [Effect::Credentials(CredEffect::Save { op, .. })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert_eq!(**op, SaveOp::Delete("acme-prod".into()));
    }

    #[test]
    fn damaged_file_refuses_every_change() {
        let mut a = App::new(AppInit {
            credentials: CredentialsTab::damaged_file(
                "/tmp/c.toml:3:7: expected `=` (the file was left untouched)".into(),
                Some("/tmp/c.toml".into()),
            ),
            ..Default::default()
        });
        assert!(key(&mut a, KeyCode::Char('n')).is_empty());
        assert!(a.modal.is_none());
        let status = &a.status.as_ref().unwrap().text;
        assert!(
            status.contains("damaged") && status.contains(":3:7"),
            "{status}"
        );
        // The footer does not offer what would be refused.
        let footer = a.keymap.footer_where(a.context(), |x| a.key_available(x));
        assert!(
            !footer.iter().any(|(_, l)| *l == "new" || *l == "edit"),
            "{footer:?}"
        );
    }

    #[test]
    fn test_from_the_list_is_recorded_in_the_file() {
        let mut a = app();
        let effects = key(&mut a, KeyCode::Char('t'));
        let [Effect::Credentials(CredEffect::Test { req, tenant })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert_eq!(tenant.name, "acme-prod");
        assert!(a.wants_tick(), "a spinner shows while it runs");
        let effects = a.update(Msg::Credentials(CredMsg::Tested {
            req: *req,
            report: Box::new(report_ok()),
            last: last(true),
        }));
        let [Effect::Credentials(CredEffect::Save { op, .. })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert_eq!(
            **op,
            SaveOp::RecordTest {
                name: "acme-prod".into(),
                last: last(true)
            }
        );
        assert!(a.credentials.reports["acme-prod"].ok);
    }

    #[test]
    fn edit_keeps_the_secret_and_renames() {
        let mut a = app();
        key(&mut a, KeyCode::Char('e'));
        assert_eq!(form(&a).kept_secret.as_deref(), Some("••••1234"));
        key(&mut a, KeyCode::End);
        typed(&mut a, "-2");
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab); // read-only
        key(&mut a, KeyCode::Char(' '));
        // Buttons: Test, Connect & Save, Save without test.
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        assert_eq!(form(&a).focus, Field::SaveNoTest);
        let effects = key(&mut a, KeyCode::Enter);
        let [Effect::Credentials(CredEffect::Save { op, .. })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        let SaveOp::Edit { name, tenant } = op.as_ref() else {
            panic!("{op:?}")
        };
        assert_eq!(name, "acme-prod");
        assert_eq!(tenant.name, "acme-prod-2");
        assert!(tenant.read_only);
        assert!(same_tenant(tenant, &{
            let mut t = settings().tenants[0].clone();
            t.name = "acme-prod-2".into();
            t.read_only = true;
            t
        }));
    }

    #[test]
    fn saving_the_open_tenant_reconnects_it() {
        let mut a = app();
        a.tenant = Some(crate::app::TenantInfo {
            name: "acme-prod".into(),
            ..Default::default()
        });
        key(&mut a, KeyCode::Char('e'));
        let f = form(&a).clone();
        let mut f2 = f.clone();
        f2.focus = Field::SaveNoTest;
        a.modal = Some(Modal::Tenant(CredModal::Form(Box::new(f2))));
        let effects = key(&mut a, KeyCode::Enter);
        let [Effect::Credentials(CredEffect::Save { req, .. })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        let effects = a.update(Msg::Credentials(CredMsg::Saved {
            req: *req,
            settings: Box::new(settings()),
            warnings: vec![],
        }));
        assert_eq!(
            effects,
            vec![Effect::Credentials(CredEffect::Reconnect(
                "acme-prod".into()
            ))]
        );
    }

    #[test]
    fn import_opens_a_prefilled_form() {
        let mut a = app();
        let effects = key(&mut a, KeyCode::Char('i'));
        let [Effect::Credentials(CredEffect::Import { req })] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        let t = TenantConfig::with_token(
            "acme-prod",
            "https://acme.okta.com",
            TokenSource::Inline(SecretString::from(TOKEN.to_owned())),
        );
        a.update(Msg::Credentials(CredMsg::Imported {
            req: *req,
            result: Ok((Box::new(t), "~/.okta/okta.yaml".into())),
        }));
        let f = form(&a);
        assert_eq!(f.name.text, "acme-prod-2", "the name is made unique");
        assert_eq!(f.token.0.text, TOKEN);
        assert!(a.status.as_ref().unwrap().text.contains("okta.yaml"));
    }
}
