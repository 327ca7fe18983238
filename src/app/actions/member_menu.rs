//! `M`: the small menu that asks which way membership changes: for a user, add to groups or
//! remove from one of theirs; for a group, add users or remove the selected/marked members.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::keymap::{Action, Context, Keymap};

use super::op::{GroupRef, Target};

/// Whose membership changes.
#[derive(Debug, Clone, PartialEq)]
pub enum MembersOf {
    User {
        target: Target,
    },
    Group {
        group: GroupRef,
        remove: Vec<Target>,
    },
}

/// Which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberPick {
    Add,
    Remove,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberMenu {
    pub of: MembersOf,
    pub note: Option<String>,
}

impl MemberMenu {
    pub fn new(of: MembersOf) -> Self {
        MemberMenu { of, note: None }
    }

    pub fn title(&self) -> String {
        match &self.of {
            MembersOf::User { target } => format!(" group membership of {} ", target.login),
            MembersOf::Group { group, .. } => format!(" members of {} ", group.name),
        }
    }
}

impl Component for MemberMenu {
    type Request = MemberPick;

    fn context(&self) -> Context {
        Context::MemberMenu
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<MemberPick> {
        match keys.action(self.context(), key) {
            Some(Action::AddToGroups) => Outcome::Request(MemberPick::Add),
            Some(Action::RemoveFromGroup) => match &self.of {
                MembersOf::Group { remove, .. } if remove.is_empty() => {
                    self.note = Some("no member selected".into());
                    Outcome::Changed
                }
                _ => Outcome::Request(MemberPick::Remove),
            },
            Some(Action::Close) => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
}
