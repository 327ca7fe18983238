//! One table of key bindings. It drives dispatch, the footer and the help screen, so what the
//! screen advertises is exactly what the keys do. Bindings can be remapped from the config
//! (`[keys]` action name = "key [key ...]").

pub mod commands;
mod spec;
mod table;

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;

pub use spec::{KeySpec, keys_text};

use super::ids::OpKind;

/// Everything a key can ask for. Each family adds its variants in its own section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Help,
    Quit,
    Palette,
    NextTab,
    UsersTab,
    GroupsTab,
    CredentialsTab,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    Filter,
    Search,
    StatusFilter,
    Sort,
    SortReverse,
    Refresh,
    Copy,
    Raw,
    Suspend,
    // Writes (`app/actions/`): capitals, deliberate.
    ActionMenu,
    Activate,
    Deactivate,
    SuspendUser,
    Unsuspend,
    Unlock,
    ExpirePassword,
    ResetPassword,
    ClearSessions,
    DeleteUser,
    CreateUser,
    Membership,
    Mark,
    // The write dialogs (`app/actions/`): menus, confirm, pickers, runs, the create form.
    Confirm,
    ToggleEmail,
    ToggleRevoke,
    ToggleOauth,
    AddToGroups,
    RemoveFromGroup,
    Pick,
    Toggle,
    RemoveLast,
    // The Credentials tab and its tenant form (`app/credentials.rs`).
    TenantSwitch,
    TenantNew,
    TenantEdit,
    TenantDelete,
    TenantTest,
    TenantImport,
    FormNext,
    FormPrev,
    FormTest,
    FormSave,
    FormCancel,
    // Dialogs (`app/dialogs/`): the same words in every dialog that has them.
    /// Take the highlighted choice or the typed text.
    Choose,
    /// Close the dialog without doing anything.
    Close,
}

impl Action {
    /// The name used in the config's `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Palette => "palette",
            Action::NextTab => "next_tab",
            Action::UsersTab => "users",
            Action::GroupsTab => "groups",
            Action::CredentialsTab => "credentials",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Open => "open",
            Action::Back => "back",
            Action::Filter => "filter",
            Action::Search => "search",
            Action::StatusFilter => "status_filter",
            Action::Sort => "sort",
            Action::SortReverse => "sort_reverse",
            Action::Refresh => "refresh",
            Action::Copy => "copy",
            Action::Raw => "raw",
            Action::Suspend => "suspend",
            Action::ActionMenu => "actions",
            Action::Activate => "activate",
            Action::Deactivate => "deactivate",
            Action::SuspendUser => "suspend_user",
            Action::Unsuspend => "unsuspend",
            Action::Unlock => "unlock",
            Action::ExpirePassword => "expire_password",
            Action::ResetPassword => "reset_password",
            Action::ClearSessions => "clear_sessions",
            Action::DeleteUser => "delete_user",
            Action::CreateUser => "create_user",
            Action::Membership => "membership",
            Action::Mark => "mark",
            Action::Confirm => "confirm",
            Action::ToggleEmail => "toggle_email",
            Action::ToggleRevoke => "toggle_revoke_sessions",
            Action::ToggleOauth => "toggle_oauth_tokens",
            Action::AddToGroups => "add_to_groups",
            Action::RemoveFromGroup => "remove_from_group",
            Action::Pick => "pick",
            Action::Toggle => "toggle",
            Action::RemoveLast => "remove_last",
            Action::TenantSwitch => "tenant_switch",
            Action::TenantNew => "tenant_new",
            Action::TenantEdit => "tenant_edit",
            Action::TenantDelete => "tenant_delete",
            Action::TenantTest => "tenant_test",
            Action::TenantImport => "tenant_import",
            Action::FormNext => "form_next",
            Action::FormPrev => "form_prev",
            Action::FormTest => "form_test",
            Action::FormSave => "form_save",
            Action::FormCancel => "form_cancel",
            Action::Choose => "choose",
            Action::Close => "close",
        }
    }
}

/// Where a binding works. The app reports the current context; the footer shows only what
/// works there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Users,
    Groups,
    Credentials,
    UserDetail,
    GroupDetail,
    Raw,
    /// The Credentials tab's add/edit tenant form (typed keys go to its fields).
    TenantForm,
    /// The local filter being typed on the status line.
    FilterLine,
    // Dialogs (`app/dialogs/`). Those with a text line have no plain-letter rows.
    Help,
    Palette,
    Prompt,
    StatusPick,
    Error,
    // The write dialogs (`app/actions/`).
    /// Waiting for the fresh GET that decides what a user allows.
    Checking,
    /// One write in flight.
    Running,
    ActionMenu,
    Confirm,
    /// Confirming a delete: the login is typed back, so letters are text.
    ConfirmDelete,
    Link,
    Journal,
    BulkChoose,
    BulkPlan,
    BulkRunning,
    BulkDone,
    MemberMenu,
    /// A groups or users picker: letters are typed into its filter.
    Picker,
    /// The create-user form: letters are typed into its fields.
    CreateForm,
    /// The create form asking whether to throw away what was typed.
    Discard,
}

impl Context {
    /// Contexts with a text line: typed characters are text there, never actions, even when
    /// the config binds a plain letter to an action these contexts share (e.g. `down`).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::TenantForm
                | Context::Palette
                | Context::Prompt
                | Context::ConfirmDelete
                | Context::Picker
        )
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Users => "Users",
            Context::Groups => "Groups",
            Context::Credentials => "Credentials",
            Context::UserDetail => "User detail",
            Context::GroupDetail => "Group and members",
            Context::Raw => "Raw response",
            Context::TenantForm => "Tenant form",
            Context::FilterLine => "Filter line",
            Context::Help => "Help",
            Context::Palette => "Command palette",
            Context::Prompt => "Search prompt",
            Context::StatusPick => "Status filter",
            Context::Error => "Error",
            Context::Checking => "Checking the user",
            Context::Running => "Write in flight",
            Context::ActionMenu => "Actions",
            Context::Confirm => "Confirm a write",
            Context::ConfirmDelete => "Confirm a delete",
            Context::Link => "Link",
            Context::Journal => "Journal",
            Context::BulkChoose => "Act on marked rows",
            Context::BulkPlan => "Plan",
            Context::BulkRunning => "Run",
            Context::BulkDone => "Run results",
            Context::MemberMenu => "Group membership",
            Context::Picker => "Picker",
            Context::CreateForm => "Create user",
            Context::Discard => "Discard the form",
        }
    }
}

/// What must hold for a binding to do anything (and to show in the footer and help). The
/// table says which guard a row needs; the reducer evaluates guards against its state, so
/// read-only and status rules are data in the table, not code per key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    Always,
    /// A write: only on a writable tenant.
    Write,
    /// A write of this kind on the focused user (or the marked ones): a writable tenant and a
    /// user whose status allows it.
    Op(OpKind),
}

impl Guard {
    pub fn is_write(self) -> bool {
        !matches!(self, Guard::Always)
    }
}

/// Whether a binding shows in the footer (the help screen shows every binding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footer {
    Yes,
    No,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<KeySpec>,
    pub contexts: &'static [Context],
    /// Short label for the footer and help.
    pub label: &'static str,
    pub guard: Guard,
    /// Shown in the footer (the help screen shows every binding).
    pub footer: bool,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&BTreeMap::new()).0
    }
}

impl Keymap {
    /// Builds the table from the defaults and the config's overrides. Returns warnings for
    /// unknown action names, unparsable keys and keys taken from another action.
    pub fn new(overrides: &BTreeMap<String, String>) -> (Self, Vec<String>) {
        let mut bindings: Vec<Binding> = table::DEFAULTS
            .iter()
            .map(|d| Binding {
                action: d.action,
                keys: d.keys.to_vec(),
                contexts: d.contexts,
                label: d.label,
                guard: d.guard,
                footer: d.footer == Footer::Yes,
            })
            .collect();
        let mut warnings = Vec::new();
        for (name, spec) in overrides {
            let rows: Vec<usize> = (0..bindings.len())
                .filter(|&i| bindings[i].action.name() == name)
                .collect();
            if rows.is_empty() {
                warnings.push(format!("keys: unknown action {name:?}"));
                continue;
            }
            let mut keys = Vec::new();
            for word in spec.split_whitespace() {
                match KeySpec::parse(word) {
                    Some(k) => keys.push(k),
                    None => warnings.push(format!("keys.{name}: cannot read key {word:?}")),
                }
            }
            if keys.is_empty() {
                continue;
            }
            // The override wins: the same key leaves any other action sharing a context with
            // any of this action's rows.
            let action = bindings[rows[0]].action;
            let mut taken_from: Vec<Action> = Vec::new();
            for &at in &rows {
                let contexts = bindings[at].contexts;
                for other in bindings.iter_mut() {
                    if other.action == action
                        || !other.contexts.iter().any(|c| contexts.contains(c))
                    {
                        continue;
                    }
                    let before = other.keys.len();
                    other.keys.retain(|k| !keys.contains(k));
                    if other.keys.len() != before && !taken_from.contains(&other.action) {
                        taken_from.push(other.action);
                    }
                }
            }
            for other in taken_from {
                warnings.push(format!(
                    "keys.{name}: key also taken from {:?}",
                    other.name()
                ));
            }
            for &at in &rows {
                bindings[at].keys = keys.clone();
            }
        }
        (Keymap { bindings }, warnings)
    }

    fn binding(&self, ctx: Context, action: Action) -> Option<&Binding> {
        self.bindings
            .iter()
            .find(|b| b.action == action && b.contexts.contains(&ctx))
    }

    /// The action bound to this key in this context.
    pub fn action(&self, ctx: Context, key: &KeyEvent) -> Option<Action> {
        let spec = KeySpec::from_event(key);
        if ctx.takes_text() && spec.is_typed() {
            return None;
        }
        self.bindings
            .iter()
            .find(|b| b.contexts.contains(&ctx) && b.keys.contains(&spec))
            .map(|b| b.action)
    }

    /// Every binding, in table order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Bindings that work in this context, in table order.
    pub fn for_context(&self, ctx: Context) -> impl Iterator<Item = &Binding> {
        self.bindings
            .iter()
            .filter(move |b| b.contexts.contains(&ctx) && !b.keys.is_empty())
    }

    /// The footer: `(keys, label)` pairs for this context.
    pub fn footer(&self, ctx: Context) -> Vec<(String, &'static str)> {
        self.footer_where(ctx, |_| true)
    }

    /// The footer, keeping only the actions `keep` allows (the caller evaluates guards: writes
    /// hide on read-only tenants and when the focused user's status does not allow them).
    pub fn footer_where(
        &self,
        ctx: Context,
        keep: impl Fn(Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        self.for_context(ctx)
            .filter(|b| b.footer && keep(b.action))
            .map(|b| (keys_text(&b.keys[..1]), b.label))
            .collect()
    }

    /// The key text for an action in a context (its first key, e.g. "Ctrl-S"), for hints and
    /// titles, so drawing code never spells a key. Empty when the action has no key there.
    pub fn hint(&self, ctx: Context, action: Action) -> String {
        self.binding(ctx, action)
            .and_then(|b| b.keys.first())
            .map(|k| k.to_string())
            .unwrap_or_default()
    }

    /// Every key of an action in a context (e.g. "j/↓").
    pub fn hint_all(&self, ctx: Context, action: Action) -> String {
        self.binding(ctx, action)
            .map(|b| keys_text(&b.keys))
            .unwrap_or_default()
    }

    /// The guard of an action's first row (rows of one action share their guard).
    pub fn guard(&self, action: Action) -> Guard {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .map_or(Guard::Always, |b| b.guard)
    }

    /// The first key bound to an action anywhere (for hints like "press 3 for Credentials").
    pub fn key_for(&self, action: Action) -> Option<KeySpec> {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first().copied())
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn shift_letters_match_their_capital() {
        let km = Keymap::default();
        let ev = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(km.action(Context::Users, &ev), Some(Action::Bottom));
    }

    #[test]
    fn overrides_remap_and_footer_follows() {
        let mut o = BTreeMap::new();
        o.insert("filter".to_owned(), "F".to_owned());
        o.insert("bogus".to_owned(), "x".to_owned());
        let (km, warnings) = Keymap::new(&o);
        assert_eq!(warnings.len(), 1);
        let ev = key(KeyCode::Char('F'), KeyModifiers::SHIFT);
        assert_eq!(km.action(Context::Users, &ev), Some(Action::Filter));
        let slash = key(KeyCode::Char('/'), KeyModifiers::NONE);
        assert_eq!(km.action(Context::Users, &slash), None);
        assert!(
            km.footer(Context::Users)
                .iter()
                .any(|(k, l)| k == "F" && *l == "filter")
        );
    }

    #[test]
    fn override_takes_key_from_other_action() {
        let mut o = BTreeMap::new();
        o.insert("search".to_owned(), "/".to_owned());
        let (km, warnings) = Keymap::new(&o);
        assert!(warnings.iter().any(|w| w.contains("filter")));
        let slash = key(KeyCode::Char('/'), KeyModifiers::NONE);
        assert_eq!(km.action(Context::Users, &slash), Some(Action::Search));
    }

    #[test]
    fn context_limits_bindings() {
        let km = Keymap::default();
        let f = key(KeyCode::Char('f'), KeyModifiers::NONE);
        assert_eq!(km.action(Context::Users, &f), Some(Action::StatusFilter));
        assert_eq!(km.action(Context::Credentials, &f), None);
        assert!(
            !km.footer(Context::Credentials)
                .iter()
                .any(|(_, l)| *l == "filter")
        );
    }

    #[test]
    fn hint_names_the_key_of_the_context_and_follows_a_remap() {
        let km = Keymap::default();
        assert_eq!(km.hint(Context::TenantForm, Action::FormSave), "Ctrl-s");
        assert_eq!(km.hint(Context::Users, Action::Down), "j");
        assert_eq!(km.hint_all(Context::Users, Action::Down), "j/↓");
        assert_eq!(km.hint(Context::Credentials, Action::Filter), "");
        let mut o = BTreeMap::new();
        o.insert("form_save".to_owned(), "ctrl-w".to_owned());
        let (km, _) = Keymap::new(&o);
        assert_eq!(km.hint(Context::TenantForm, Action::FormSave), "Ctrl-w");
    }

    #[test]
    fn guards_say_which_keys_write() {
        let km = Keymap::default();
        assert_eq!(km.guard(Action::Filter), Guard::Always);
        assert_eq!(km.guard(Action::Mark), Guard::Write);
        assert_eq!(km.guard(Action::DeleteUser), Guard::Op(OpKind::Delete));
    }
}
