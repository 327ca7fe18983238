//! One table of key bindings. It drives dispatch, the footer and the help screen, so what the
//! screen advertises is exactly what the keys do. Bindings can be remapped from the config
//! (`[keys]` action name = "key [key ...]").

mod action;
pub mod commands;
mod spec;
mod table;

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;

pub use action::{Action, Context, Footer, Guard, TenantNeed};
pub use spec::{KeySpec, keys_text};

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

    use crate::app::ids::OpKind;

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
        o.insert("filter".to_owned(), "Z".to_owned());
        o.insert("bogus".to_owned(), "x".to_owned());
        let (km, warnings) = Keymap::new(&o);
        assert_eq!(warnings.len(), 1);
        let ev = key(KeyCode::Char('Z'), KeyModifiers::SHIFT);
        assert_eq!(km.action(Context::Users, &ev), Some(Action::Filter));
        let slash = key(KeyCode::Char('/'), KeyModifiers::NONE);
        assert_eq!(km.action(Context::Users, &slash), None);
        assert!(
            km.footer(Context::Users)
                .iter()
                .any(|(k, l)| k == "Z" && *l == "filter")
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
