//! The two short waits of a single write: asking Okta what the user allows now (a fresh GET,
//! which Esc may give up), and the write itself in flight (which cannot be called back).

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::ids::{OpKind, ReqId};
use crate::app::keymap::{Action, Context, Keymap};

use super::op::{Target, WriteOp};

/// Whether the menu or a key asked for the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Menu,
    Op(OpKind),
}

/// Waiting for the fresh GET that decides what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Checking {
    pub req: ReqId,
    pub target: Target,
    pub intent: Intent,
}

impl Component for Checking {
    type Request = ();

    fn context(&self) -> Context {
        Context::Checking
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<()> {
        // Giving up drops the answer as stale when it comes.
        match keys.action(self.context(), key) {
            Some(Action::Close) => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
}

/// A single write in flight.
#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    pub req: ReqId,
    pub op: WriteOp,
}

impl Component for Running {
    type Request = ();

    fn context(&self) -> Context {
        Context::Running
    }

    fn on_key(&mut self, _key: &KeyEvent, _keys: &Keymap) -> Outcome<()> {
        // The write is already on its way: it cannot be called back. Keep showing it.
        Outcome::Ignored
    }
}
