//! The contract every dialog, form, picker, menu and progress view keeps. A component owns its
//! state and answers keys with an [`Outcome`]; it knows nothing of `App`, `Modal`, `Msg` or
//! `Effect`. Only the reducer turns an outcome into state changes and effects, so one place
//! decides what closing, submitting or asking for data means.

use crossterm::event::KeyEvent;

use super::keymap::{Context, Keymap};

/// What a component did with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<R> {
    /// Not its key; nothing changed (the reducer does not redraw, and may try the global table).
    Ignored,
    /// Handled; the component's own state changed (redraw).
    Changed,
    /// The component is finished: the reducer closes it.
    Close,
    /// The component asks the reducer to do something (send a write, test a tenant, open a
    /// picker, load data…); `R` is the component's own request type.
    Request(R),
}

impl<R> Outcome<R> {
    /// The same outcome with its request turned into another type (a component that wraps
    /// another passes the inner one's requests on).
    pub fn map<S>(self, f: impl FnOnce(R) -> S) -> Outcome<S> {
        match self {
            Outcome::Ignored => Outcome::Ignored,
            Outcome::Changed => Outcome::Changed,
            Outcome::Close => Outcome::Close,
            Outcome::Request(r) => Outcome::Request(f(r)),
        }
    }
}

pub trait Component {
    type Request;
    /// The keymap context its keys are looked up in (and whose rows its hints and the help show).
    fn context(&self) -> Context;
    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<Self::Request>;
    fn on_paste(&mut self, _text: &str) -> Outcome<Self::Request> {
        Outcome::Ignored
    }
}
