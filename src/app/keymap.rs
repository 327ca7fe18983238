//! One table of key bindings. It drives dispatch, the footer and the help screen, so what the
//! screen advertises is exactly what the keys do. Bindings can be remapped from the config
//! (`[keys]` action name = "key [key ...]").

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can ask for. Issue 4 (writes) adds variants here and rows to `DEFAULTS`.
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
    // Writes (issue 4, `app/actions.rs`): capitals, deliberate.
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
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Users => "Users",
            Context::Groups => "Groups",
            Context::Credentials => "Credentials",
            Context::UserDetail => "User detail",
            Context::GroupDetail => "Group and members",
            Context::Raw => "Raw response",
            Context::TenantForm => "Tenant form",
        }
    }
}

/// One key: a code plus Ctrl/Alt. Shift is part of the character for letters (`G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeySpec {
    pub const fn plain(code: KeyCode) -> Self {
        KeySpec {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    pub const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }
    pub const fn ctrl(c: char) -> Self {
        KeySpec {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    /// Normalizes a terminal key event the same way specs are written.
    pub fn from_event(ev: &KeyEvent) -> Self {
        let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::BackTab => {
                mods |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        KeySpec { code, mods }
    }

    /// Parses `q`, `G`, `ctrl-c`, `alt-x`, `enter`, `esc`, `tab`, `space`, `up`, `pgdn`, `f5`...
    pub fn parse(spec: &str) -> Option<Self> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = spec;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower
                .strip_prefix("ctrl-")
                .or_else(|| lower.strip_prefix("c-"))
            {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower
                .strip_prefix("alt-")
                .or_else(|| lower.strip_prefix("m-"))
            {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => {
                    mods |= KeyModifiers::SHIFT;
                    KeyCode::Tab
                }
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                f if f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
                _ => return None,
            },
        };
        Some(KeySpec { code, mods })
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab if self.mods.contains(KeyModifiers::SHIFT) => f.write_str("Shift-Tab"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Bksp"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<KeySpec>,
    pub contexts: &'static [Context],
    /// Short label for the footer and help.
    pub label: &'static str,
    /// Shown in the footer (the help screen shows every binding).
    pub footer: bool,
}

use Context::*;
const ALL: &[Context] = &[Users, Groups, Credentials, UserDetail, GroupDetail, Raw];
const LISTS: &[Context] = &[Users, Groups, GroupDetail];
/// Where a user is focused: the users list, a user's detail, a group's members.
const USER_KEYS: &[Context] = &[Users, UserDetail, GroupDetail];
const MARKABLE: &[Context] = &[Users, GroupDetail];

struct Default_ {
    action: Action,
    keys: &'static [KeySpec],
    contexts: &'static [Context],
    label: &'static str,
    footer: bool,
}

const fn d(
    action: Action,
    keys: &'static [KeySpec],
    contexts: &'static [Context],
    label: &'static str,
    footer: bool,
) -> Default_ {
    Default_ {
        action,
        keys,
        contexts,
        label,
        footer,
    }
}

const DEFAULTS: &[Default_] = &[
    d(
        Action::Open,
        &[KeySpec::plain(KeyCode::Enter)],
        &[Users, Groups, UserDetail, GroupDetail],
        "open",
        true,
    ),
    // Credentials tab (`app/credentials.rs`).
    d(
        Action::TenantSwitch,
        &[KeySpec::plain(KeyCode::Enter)],
        &[Credentials],
        "switch",
        true,
    ),
    d(
        Action::TenantNew,
        &[KeySpec::ch('n')],
        &[Credentials],
        "new",
        true,
    ),
    d(
        Action::TenantEdit,
        &[KeySpec::ch('e')],
        &[Credentials],
        "edit",
        true,
    ),
    d(
        Action::TenantDelete,
        &[KeySpec::ch('d'), KeySpec::plain(KeyCode::Delete)],
        &[Credentials],
        "delete",
        true,
    ),
    d(
        Action::TenantTest,
        &[KeySpec::ch('t')],
        &[Credentials],
        "Test Connect",
        true,
    ),
    d(
        Action::TenantImport,
        &[KeySpec::ch('i')],
        &[Credentials],
        "import",
        false,
    ),
    // The tenant form: no plain letters here, they are typed into the fields.
    d(
        Action::FormNext,
        &[KeySpec::plain(KeyCode::Tab), KeySpec::plain(KeyCode::Down)],
        &[TenantForm],
        "next field",
        true,
    ),
    d(
        Action::FormPrev,
        &[
            KeySpec {
                code: KeyCode::Tab,
                mods: KeyModifiers::SHIFT,
            },
            KeySpec::plain(KeyCode::Up),
        ],
        &[TenantForm],
        "previous",
        true,
    ),
    d(
        Action::FormTest,
        &[KeySpec::ctrl('t')],
        &[TenantForm],
        "Test Connect",
        true,
    ),
    d(
        Action::FormSave,
        &[KeySpec::ctrl('s')],
        &[TenantForm],
        "Connect & Save",
        true,
    ),
    d(
        Action::FormCancel,
        &[KeySpec::plain(KeyCode::Esc)],
        &[TenantForm],
        "cancel",
        true,
    ),
    d(
        Action::Back,
        &[KeySpec::plain(KeyCode::Esc)],
        ALL,
        "back",
        true,
    ),
    d(
        Action::ActionMenu,
        &[KeySpec::ch('a')],
        USER_KEYS,
        "actions",
        true,
    ),
    d(Action::Filter, &[KeySpec::ch('/')], LISTS, "filter", true),
    d(
        Action::Search,
        &[KeySpec::ch('s')],
        &[Users, Groups],
        "search",
        true,
    ),
    d(
        Action::StatusFilter,
        &[KeySpec::ch('f')],
        &[Users],
        "status",
        true,
    ),
    d(Action::Sort, &[KeySpec::ch('o')], LISTS, "sort", true),
    d(
        Action::SortReverse,
        &[KeySpec::ch('O')],
        LISTS,
        "reverse sort",
        false,
    ),
    d(
        Action::Copy,
        &[KeySpec::ch('y')],
        &[Users, Groups, UserDetail, GroupDetail, Raw],
        "copy",
        true,
    ),
    d(
        Action::Raw,
        &[KeySpec::ch('v')],
        &[Users, Groups, UserDetail, GroupDetail, Raw],
        "raw",
        true,
    ),
    d(
        Action::Refresh,
        &[KeySpec::ch('r')],
        &[Users, Groups, UserDetail, GroupDetail],
        "refresh",
        true,
    ),
    d(Action::Palette, &[KeySpec::ch(':')], ALL, "cmd", true),
    d(Action::Help, &[KeySpec::ch('?')], ALL, "help", true),
    d(
        Action::Quit,
        &[KeySpec::ch('q'), KeySpec::ctrl('c')],
        ALL,
        "quit",
        true,
    ),
    d(
        Action::Up,
        &[KeySpec::ch('k'), KeySpec::plain(KeyCode::Up)],
        ALL,
        "up",
        false,
    ),
    d(
        Action::Down,
        &[KeySpec::ch('j'), KeySpec::plain(KeyCode::Down)],
        ALL,
        "down",
        false,
    ),
    d(
        Action::Top,
        &[KeySpec::ch('g'), KeySpec::plain(KeyCode::Home)],
        ALL,
        "first",
        false,
    ),
    d(
        Action::Bottom,
        &[KeySpec::ch('G'), KeySpec::plain(KeyCode::End)],
        ALL,
        "last",
        false,
    ),
    d(
        Action::PageUp,
        &[KeySpec::plain(KeyCode::PageUp), KeySpec::ctrl('b')],
        ALL,
        "page up",
        false,
    ),
    d(
        Action::PageDown,
        &[KeySpec::plain(KeyCode::PageDown), KeySpec::ctrl('f')],
        ALL,
        "page down",
        false,
    ),
    d(
        Action::NextTab,
        &[KeySpec::plain(KeyCode::Tab)],
        ALL,
        "next tab",
        false,
    ),
    d(
        Action::UsersTab,
        &[KeySpec::ch('1')],
        ALL,
        "Users tab",
        false,
    ),
    d(
        Action::GroupsTab,
        &[KeySpec::ch('2')],
        ALL,
        "Groups tab",
        false,
    ),
    d(
        Action::CredentialsTab,
        &[KeySpec::ch('3')],
        ALL,
        "Credentials tab",
        false,
    ),
    d(
        Action::Suspend,
        &[KeySpec::ctrl('z')],
        ALL,
        "suspend (fg resumes)",
        false,
    ),
    // Writes: shown (footer, help hint) only when the tenant is writable and the focused
    // user's status allows them; see `App::key_available`.
    d(Action::Mark, &[KeySpec::ch(' ')], MARKABLE, "mark", true),
    d(
        Action::CreateUser,
        &[KeySpec::ch('C')],
        &[Users],
        "create user",
        true,
    ),
    d(
        Action::Membership,
        &[KeySpec::ch('M')],
        USER_KEYS,
        // A user's groups, or a group's members: add or remove either way.
        "membership",
        true,
    ),
    d(
        Action::Activate,
        &[KeySpec::ch('A')],
        USER_KEYS,
        "activate/reactivate",
        true,
    ),
    d(
        Action::Deactivate,
        &[KeySpec::ch('D')],
        USER_KEYS,
        "deactivate",
        true,
    ),
    d(
        Action::SuspendUser,
        &[KeySpec::ch('S')],
        USER_KEYS,
        "suspend",
        true,
    ),
    d(
        Action::Unsuspend,
        &[KeySpec::ch('U')],
        USER_KEYS,
        "unsuspend",
        true,
    ),
    d(
        Action::Unlock,
        &[KeySpec::ch('L')],
        USER_KEYS,
        "unlock",
        true,
    ),
    d(
        Action::ExpirePassword,
        &[KeySpec::ch('E')],
        USER_KEYS,
        "expire password",
        true,
    ),
    d(
        Action::ResetPassword,
        &[KeySpec::ch('P')],
        USER_KEYS,
        "reset link",
        true,
    ),
    d(
        Action::ClearSessions,
        &[KeySpec::ch('X')],
        USER_KEYS,
        "clear sessions",
        true,
    ),
    d(
        Action::DeleteUser,
        &[KeySpec::plain(KeyCode::Delete)],
        USER_KEYS,
        "delete",
        true,
    ),
];

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
        let mut bindings: Vec<Binding> = DEFAULTS
            .iter()
            .map(|d| Binding {
                action: d.action,
                keys: d.keys.to_vec(),
                contexts: d.contexts,
                label: d.label,
                footer: d.footer,
            })
            .collect();
        let mut warnings = Vec::new();
        for (name, spec) in overrides {
            let Some(at) = bindings.iter().position(|b| b.action.name() == name) else {
                warnings.push(format!("keys: unknown action {name:?}"));
                continue;
            };
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
            // The override wins: the same key leaves any other action sharing a context.
            let contexts = bindings[at].contexts;
            for (i, other) in bindings.iter_mut().enumerate() {
                if i == at || !other.contexts.iter().any(|c| contexts.contains(c)) {
                    continue;
                }
                let before = other.keys.len();
                other.keys.retain(|k| !keys.contains(k));
                if other.keys.len() != before {
                    warnings.push(format!(
                        "keys.{name}: key also taken from {:?}",
                        other.action.name()
                    ));
                }
            }
            bindings[at].keys = keys;
        }
        (Keymap { bindings }, warnings)
    }

    /// The action bound to this key in this context.
    pub fn action(&self, ctx: Context, key: &KeyEvent) -> Option<Action> {
        let spec = KeySpec::from_event(key);
        self.bindings
            .iter()
            .find(|b| b.contexts.contains(&ctx) && b.keys.contains(&spec))
            .map(|b| b.action)
    }

    /// Bindings that work in this context, in table order.
    pub fn for_context(&self, ctx: Context) -> impl Iterator<Item = &Binding> {
        self.bindings
            .iter()
            .filter(move |b| b.contexts.contains(&ctx) && !b.keys.is_empty())
    }

    /// The footer: `(keys, label)` pairs for this context.
    pub fn footer(&self, ctx: Context) -> Vec<(String, &'static str)> {
        self.for_context(ctx)
            .filter(|b| b.footer)
            .map(|b| (keys_text(&b.keys[..1]), b.label))
            .collect()
    }

    /// The footer, keeping only the actions `keep` allows (writes hide on read-only tenants
    /// and when the focused user's status does not allow them).
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

    /// The first key bound to an action anywhere (for hints like "press 3 for Credentials").
    pub fn key_for(&self, action: Action) -> Option<KeySpec> {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first().copied())
    }
}

pub fn keys_text(keys: &[KeySpec]) -> String {
    keys.iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn parses_specs() {
        assert_eq!(KeySpec::parse("ctrl-c"), Some(KeySpec::ctrl('c')));
        assert_eq!(KeySpec::parse("G"), Some(KeySpec::ch('G')));
        assert_eq!(
            KeySpec::parse("pgdn"),
            Some(KeySpec::plain(KeyCode::PageDown))
        );
        assert_eq!(KeySpec::parse("f5"), Some(KeySpec::plain(KeyCode::F(5))));
        assert_eq!(KeySpec::parse("nonsense"), None);
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
}
