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
    /// Seconds left of the rate-limit wait the client sits out first (see `Countdown`).
    pub wait: Countdown,
}

/// A rate-limit wait as a dialog shows it: seconds left, which only go down while one wait
/// lasts (the client's figure may rise with jitter or a second request's wait, and a count
/// that jumps back reads as broken); a new wait after the last one ended starts afresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Countdown(pub Option<u64>);

impl Countdown {
    /// The client now says `secs` (None: not waiting). True when what is shown changed.
    pub fn update(&mut self, secs: Option<u64>) -> bool {
        let next = match (self.0, secs) {
            (Some(shown), Some(s)) => Some(s.min(shown)),
            (_, s) => s,
        };
        let changed = next != self.0;
        self.0 = next;
        changed
    }
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
    /// The rate-limit wait before the write could be sent.
    pub wait: Countdown,
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
