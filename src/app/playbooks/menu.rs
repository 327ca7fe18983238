//! The playbooks menu: the built-ins and the config's `[[playbooks]]`, for the focused user
//! or the marked ones.

use crossterm::event::KeyEvent;

use crate::app::actions::Target;
use crate::app::component::{Component, Outcome};
use crate::app::ids::ReqId;
use crate::app::input::{LineInput, LineKey, edit_line};
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
    /// A copying playbook without a template: the template user's login being typed.
    pub template: Option<LineInput>,
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
            template: None,
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
        if self.template.is_some() {
            Context::PlaybookConfirm
        } else {
            Context::PlaybookMenu
        }
    }

    fn on_paste(&mut self, text: &str) -> Outcome<Playbook> {
        match self.template.as_mut() {
            Some(input) => {
                input.insert_str(text);
                Outcome::Changed
            }
            None => Outcome::Ignored,
        }
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<Playbook> {
        if let Some(input) = self.template.as_mut() {
            return match edit_line(input, Context::PlaybookConfirm, key, keys) {
                LineKey::Submit if !input.text.trim().is_empty() => {
                    let like = input.text.trim().to_owned();
                    self.template = None;
                    match self.items.get(self.selected) {
                        Some(p) => {
                            let mut p = p.clone();
                            p.options.like = Some(like);
                            Outcome::Request(p)
                        }
                        None => Outcome::Changed,
                    }
                }
                LineKey::Submit | LineKey::Edited | LineKey::Moved => Outcome::Changed,
                LineKey::Cancel => {
                    self.template = None;
                    Outcome::Changed
                }
                LineKey::Ignored => Outcome::Ignored,
            };
        }
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
                // Copying needs a template user: ask for one first.
                Some(p) if p.copies() && p.options.like.is_none() => {
                    self.template = Some(LineInput::default());
                    Outcome::Changed
                }
                Some(p) => Outcome::Request(p.clone()),
                None => Outcome::Ignored,
            },
            Some(Action::Close) => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
}
