//! An activation or reset link Okta returned instead of emailing it: shown once, copied on
//! request (OSC 52), never stored anywhere else.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::keymap::{Action, Context, Keymap};

#[derive(Debug, Clone, PartialEq)]
pub struct LinkDialog {
    pub what: &'static str,
    pub login: String,
    pub url: String,
    pub copied: bool,
}

/// Put the link on the clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyLink {
    pub text: String,
    pub what: String,
}

impl Component for LinkDialog {
    type Request = CopyLink;

    fn context(&self) -> Context {
        Context::Link
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<CopyLink> {
        match keys.action(self.context(), key) {
            Some(Action::Copy) => {
                self.copied = true;
                Outcome::Request(CopyLink {
                    text: self.url.clone(),
                    what: self.what.to_owned(),
                })
            }
            // Any other key closes: the link is not needed again.
            _ => Outcome::Close,
        }
    }
}
