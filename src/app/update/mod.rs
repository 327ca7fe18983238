//! The reducer by subject. Each file is an `impl App` that turns messages and component
//! outcomes into state and effects; `App::update` in `app/mod.rs` is the one dispatch point.

mod actions;
mod bulk;
mod commands;
mod create;
mod detail;
mod keys;
mod membership;
mod screens;
mod streams;
mod writes;

use super::Effect;

/// What a handler did with a message. The dispatch point redraws after everything but
/// `Unchanged`, so no handler raises or lowers the redraw flag by hand.
#[derive(Debug)]
#[must_use]
pub(crate) enum Reply {
    /// Nothing changed (a stale answer, a key nobody takes): no redraw.
    Unchanged,
    /// The model may have changed: redraw, and run these effects.
    Changed(Vec<Effect>),
}

impl Reply {
    /// Changed, with nothing to run.
    pub(crate) fn done() -> Self {
        Reply::Changed(Vec::new())
    }

    /// The effects to run (none when nothing changed).
    pub(crate) fn into_effects(self) -> Vec<Effect> {
        match self {
            Reply::Unchanged => Vec::new(),
            Reply::Changed(effects) => effects,
        }
    }
}

impl From<Vec<Effect>> for Reply {
    fn from(effects: Vec<Effect>) -> Self {
        Reply::Changed(effects)
    }
}
