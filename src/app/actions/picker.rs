//! The membership pickers: groups (the org's OKTA_GROUPs filtered as you type, or a user's own
//! groups) and users (a server prefix search on Enter). Several can be picked; the picks then
//! become a plan (or go back to the create form).

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::filter::{Filter, join_fields};
use crate::app::ids::ReqId;
use crate::app::input::{InputOutcome, LineInput};
use crate::app::keymap::{Action, Context, Keymap};
use crate::okta::{Group, UserRow};

use super::op::{GroupRef, Target};

/// What the picks are for.
#[derive(Debug, Clone, PartialEq)]
pub enum PickerPurpose {
    /// Groups picker over the org's OKTA_GROUPs.
    AddUserToGroups { target: Target },
    /// Groups picker over the user's own groups.
    RemoveUserFromGroups { target: Target },
    /// Users picker (server search) for a group.
    AddUsersToGroup { group: GroupRef },
    /// Groups picker for the create-user form; the form comes back afterwards.
    FormGroups,
}

/// What the picker asks the reducer for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerRequest {
    /// Search users whose name, login or email starts with this.
    Search(String),
    /// The picks are made.
    Done,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub purpose: PickerPurpose,
    pub input: LineInput,
    /// Loading or searching.
    pub req: Option<ReqId>,
    pub groups: Vec<Group>,
    pub users: Vec<UserRow>,
    /// Indices of `groups` kept by the typed filter.
    pub view: Vec<usize>,
    pub selected: usize,
    /// (id, label) picked so far.
    pub chosen: Vec<(String, String)>,
    /// Users picker: the text the shown results are for.
    pub searched: Option<String>,
    pub note: Option<String>,
}

impl Picker {
    pub fn new(purpose: PickerPurpose, req: Option<ReqId>) -> Self {
        Picker {
            purpose,
            input: LineInput::default(),
            req,
            groups: Vec::new(),
            users: Vec::new(),
            view: Vec::new(),
            selected: 0,
            chosen: Vec::new(),
            searched: None,
            note: None,
        }
    }

    pub fn is_users(&self) -> bool {
        matches!(self.purpose, PickerPurpose::AddUsersToGroup { .. })
    }

    pub fn title(&self) -> String {
        match &self.purpose {
            PickerPurpose::AddUserToGroups { target } => {
                format!(" add {} to groups ", target.login)
            }
            PickerPurpose::RemoveUserFromGroups { target } => {
                format!(" remove {} from a group ", target.login)
            }
            PickerPurpose::AddUsersToGroup { group } => format!(" add users to {} ", group.name),
            PickerPurpose::FormGroups => " groups for the new user ".into(),
        }
    }

    /// The groups loaded: those whose membership can change first (the others are listed to
    /// say why not).
    pub fn set_groups(&mut self, mut groups: Vec<Group>) {
        groups.sort_by_key(|g| {
            (
                g.group_type.membership_locked_reason().is_some(),
                g.name.to_lowercase(),
            )
        });
        self.groups = groups;
        self.refilter();
        if self.groups.is_empty() {
            self.note = Some("no groups".into());
        }
    }

    /// The users a search found.
    pub fn set_users(&mut self, users: Vec<UserRow>) {
        self.selected = 0;
        self.note = users.is_empty().then(|| "no user matches".to_owned());
        self.users = users;
    }

    /// Filters the loaded groups by the typed text (users are searched on Enter).
    pub fn refilter(&mut self) {
        if self.is_users() {
            return;
        }
        let f = Filter::new(&self.input.text);
        let typed = self.input.text.trim();
        self.view = self
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                // An id is pasted, not typed: it matches whole or by its start, never fuzzily
                // (random id letters would match almost any short word).
                f.is_empty()
                    || (typed.len() >= 3 && g.id.starts_with(typed))
                    || f.matches(&join_fields([&*g.name, &g.description]))
            })
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
    }

    pub fn len(&self) -> usize {
        if self.is_users() {
            self.users.len()
        } else {
            self.view.len()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// (id, label, why it cannot be picked) of the highlighted entry.
    fn highlighted(&self) -> Option<(String, String, Option<&'static str>)> {
        if self.is_users() {
            self.users
                .get(self.selected)
                .map(|u| (u.id().to_string(), u.login().to_string(), None))
        } else {
            self.view
                .get(self.selected)
                .and_then(|&i| self.groups.get(i))
                .map(|g| {
                    (
                        g.id.to_string(),
                        g.name.to_string(),
                        g.group_type.membership_locked_reason(),
                    )
                })
        }
    }

    fn toggle_highlighted(&mut self) {
        let Some((id, label, locked)) = self.highlighted() else {
            return;
        };
        if let Some(reason) = locked {
            self.note = Some(format!("{label}: {reason}"));
            return;
        }
        if let Some(pos) = self.chosen.iter().position(|(i, _)| *i == id) {
            self.chosen.remove(pos);
        } else {
            self.chosen.push((id, label));
        }
    }

    /// Enter: search (users picker, new text), take a typed id, pick the highlighted entry,
    /// or finish.
    fn on_confirm(&mut self, keys: &Keymap) -> Outcome<PickerRequest> {
        let typed = self.input.text.trim().to_owned();
        if self.is_users() && self.searched.as_deref() != Some(typed.as_str()) {
            self.searched = Some(typed.clone());
            self.note = None;
            return Outcome::Request(PickerRequest::Search(typed));
        }
        if !self.is_users() && self.view.is_empty() && looks_like_group_id(&typed) {
            // Free entry of an id the list does not show.
            if !self.chosen.iter().any(|(i, _)| *i == typed) {
                self.chosen.push((typed.clone(), typed));
            }
            self.input = LineInput::default();
            self.refilter();
        } else if let Some((id, _, locked)) = self.highlighted() {
            if locked.is_some() {
                self.toggle_highlighted();
                return Outcome::Changed;
            }
            if !self.chosen.iter().any(|(i, _)| *i == id) {
                self.toggle_highlighted();
            }
        }
        if self.chosen.is_empty() {
            let ctx = self.context();
            self.note = Some(format!(
                "nothing picked: type to filter, {}{} move, {} picks",
                keys.hint(ctx, Action::Up),
                keys.hint(ctx, Action::Down),
                keys.hint(ctx, Action::Choose)
            ));
            return Outcome::Changed;
        }
        Outcome::Request(PickerRequest::Done)
    }
}

impl Component for Picker {
    type Request = PickerRequest;

    fn context(&self) -> Context {
        Context::Picker
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<PickerRequest> {
        match keys.action(self.context(), key) {
            Some(Action::Close) => Outcome::Close,
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(self.len().saturating_sub(1));
                Outcome::Changed
            }
            Some(Action::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::Changed
            }
            Some(Action::Pick) => {
                self.toggle_highlighted();
                Outcome::Changed
            }
            Some(Action::Choose) => self.on_confirm(keys),
            _ => {
                if self.input.handle_key(key) == InputOutcome::Edited {
                    self.refilter();
                    self.note = None;
                }
                Outcome::Changed
            }
        }
    }

    fn on_paste(&mut self, text: &str) -> Outcome<PickerRequest> {
        self.input.insert_str(text);
        self.refilter();
        Outcome::Changed
    }
}

/// An id typed by hand (free entry): Okta group ids start with `00g`.
fn looks_like_group_id(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 15
        && t.len() <= 32
        && t.starts_with("00g")
        && t.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::app::test_support::key_event as key;

    #[test]
    fn the_users_picker_searches_on_enter_and_finishes_once_something_is_picked() {
        let keys = Keymap::default();
        let group = GroupRef {
            id: "00g1".into(),
            name: "Eng".into(),
        };
        let mut p = Picker::new(PickerPurpose::AddUsersToGroup { group }, None);
        for c in "ann".chars() {
            p.on_key(&key(KeyCode::Char(c)), &keys);
        }
        assert_eq!(
            p.on_key(&key(KeyCode::Enter), &keys),
            Outcome::Request(PickerRequest::Search("ann".into()))
        );
        // The same text again, with nothing found: the note says how to pick, in table keys.
        assert_eq!(p.on_key(&key(KeyCode::Enter), &keys), Outcome::Changed);
        assert_eq!(
            p.note.as_deref(),
            Some("nothing picked: type to filter, ↑↓ move, Enter picks")
        );
        assert_eq!(p.on_key(&key(KeyCode::Esc), &keys), Outcome::Close);
    }
}
