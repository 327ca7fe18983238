//! The action menu (`a` on one user): what the user's fresh state allows, each entry picked
//! with the arrows and Enter or straight away with its own key.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::ids::OpKind;
use crate::app::keymap::{Action, Context, Keymap};
use crate::okta::{User, UserStatus};

/// A menu entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    Op(OpKind),
    AddToGroups,
    RemoveFromGroup,
}

impl MenuItem {
    pub fn label(self) -> &'static str {
        match self {
            MenuItem::Op(k) => k.label(),
            MenuItem::AddToGroups => "Add to groups…",
            MenuItem::RemoveFromGroup => "Remove from a group…",
        }
    }

    /// The key-table action that picks it.
    pub fn action(self) -> Action {
        match self {
            MenuItem::Op(k) => k.action(),
            MenuItem::AddToGroups => Action::AddToGroups,
            MenuItem::RemoveFromGroup => Action::RemoveFromGroup,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionMenu {
    pub user: Box<User>,
    pub items: Vec<MenuItem>,
    pub selected: usize,
}

impl ActionMenu {
    /// The entries a freshly fetched user allows.
    pub fn for_user(user: User) -> Self {
        let mut items: Vec<MenuItem> = OpKind::ALL
            .into_iter()
            .filter(|k| k.allowed_for_user(&user))
            .map(MenuItem::Op)
            .collect();
        if user.row.status() != UserStatus::Deprovisioned {
            items.push(MenuItem::AddToGroups);
        }
        items.push(MenuItem::RemoveFromGroup);
        ActionMenu {
            user: Box::new(user),
            items,
            selected: 0,
        }
    }
}

impl Component for ActionMenu {
    type Request = MenuItem;

    fn context(&self) -> Context {
        Context::ActionMenu
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<MenuItem> {
        match keys.action(self.context(), key) {
            Some(action) => choose(action, &self.items, &mut self.selected, MenuItem::action),
            None => Outcome::Ignored,
        }
    }
}

/// A key in a list of choices: move, close, take the highlighted one, or take one straight
/// away by its own key (`action_of` says which).
pub(super) fn choose<T: Copy>(
    action: Action,
    items: &[T],
    selected: &mut usize,
    action_of: impl Fn(T) -> Action,
) -> Outcome<T> {
    match action {
        Action::Close => Outcome::Close,
        Action::Down => {
            *selected = (*selected + 1).min(items.len().saturating_sub(1));
            Outcome::Changed
        }
        Action::Up => {
            *selected = selected.saturating_sub(1);
            Outcome::Changed
        }
        Action::Choose => match items.get(*selected) {
            Some(item) => Outcome::Request(*item),
            None => Outcome::Close,
        },
        other => match items.iter().find(|i| action_of(**i) == other) {
            Some(item) => Outcome::Request(*item),
            None => Outcome::Ignored,
        },
    }
}
