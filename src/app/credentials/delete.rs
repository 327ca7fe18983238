//! Deleting a tenant asks first, naming it and saying what goes with it.

use crossterm::event::KeyEvent;

use crate::config::{TenantAuth, TenantConfig, TokenSource};

use crate::app::component::{Component, Outcome};
use crate::app::keymap::{Action, Context, Keymap};

/// The delete confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteTenant {
    pub name: String,
    /// It is the open connection (which stays open until the admin switches).
    pub active: bool,
    /// Its token is in the OS keyring, and is removed from there too.
    pub in_keyring: bool,
}

/// What the confirmation asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteRequest {
    Delete,
}

impl DeleteTenant {
    /// Whether deleting `t` also removes a keyring entry.
    pub fn keyring_entry(t: &TenantConfig) -> bool {
        matches!(t.auth, TenantAuth::Token(TokenSource::Keyring))
    }
}

impl Component for DeleteTenant {
    type Request = DeleteRequest;

    fn context(&self) -> Context {
        Context::TenantDelete
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<DeleteRequest> {
        match keys.action(self.context(), key) {
            Some(Action::TenantDeleteConfirm) => Outcome::Request(DeleteRequest::Delete),
            Some(Action::TenantDeleteKeep) => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }
}
