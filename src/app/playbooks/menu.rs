//! The playbooks menu: the built-ins and the config's `[[playbooks]]`, for the focused user
//! or the marked ones.

use crossterm::event::KeyEvent;

use crate::app::actions::Target;
use crate::app::component::{Component, Outcome};
use crate::app::ids::ReqId;
use crate::app::keymap::{Action, Context, Keymap};
use crate::playbook::Playbook;

#[derive(Debug, Clone, PartialEq)]
pub struct PlaybookMenu {
    /// The `PbEffect::LoadMenu` whose answer brings the config's playbooks.
    pub req: ReqId,
    pub users: Vec<Target>,
    pub items: Vec<Playbook>,
    pub selected: usize,
    /// Why config playbooks are missing, if they are.
    pub warning: Option<String>,
    /// The playbook `:playbook NAME` asked for: planned as soon as the list is known.
    pub wanted: Option<String>,
}

impl PlaybookMenu {
    pub fn new(req: ReqId, users: Vec<Target>) -> Self {
        PlaybookMenu {
            req,
            users,
            items: Playbook::builtins(),
            selected: 0,
            warning: None,
            wanted: None,
        }
    }

    /// The built-ins and the configured ones; a configured one replaces a built-in of its
    /// name.
    pub fn set_items(&mut self, configured: Vec<Playbook>) {
        let mut all = Playbook::builtins();
        for p in configured {
            all.retain(|b| b.name != p.name);
            all.push(p);
        }
        self.items = all;
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    /// "alice@example.com" or "3 users".
    pub fn who(&self) -> String {
        match self.users.as_slice() {
            [one] => one.login.clone(),
            many => format!("{} users", many.len()),
        }
    }
}

impl Component for PlaybookMenu {
    type Request = Playbook;

    fn context(&self) -> Context {
        Context::PlaybookMenu
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<Playbook> {
        let n = self.items.len().max(1);
        match keys.action(self.context(), key) {
            Some(Action::Down) => {
                self.selected = (self.selected + 1) % n;
                Outcome::Changed
            }
            Some(Action::Up) => {
                self.selected = (self.selected + n - 1) % n;
                Outcome::Changed
            }
            Some(Action::Choose) => match self.items.get(self.selected) {
                Some(p) => Outcome::Request(p.clone()),
                None => Outcome::Ignored,
            },
            Some(Action::Close) => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
}
