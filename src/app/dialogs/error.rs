//! The error dialog: any key closes it; after a token error the Credentials-tab key goes
//! straight there.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::keymap::{Action, Context, Keymap};
use crate::app::status::ErrorInfo;

/// What the error dialog asks for besides closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorRequest {
    /// Close and show the Credentials tab (after a token error).
    Credentials,
}

impl Component for ErrorInfo {
    type Request = ErrorRequest;

    fn context(&self) -> Context {
        Context::Error
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<ErrorRequest> {
        if self.is_auth() && keys.action(Context::Error, key) == Some(Action::CredentialsTab) {
            return Outcome::Request(ErrorRequest::Credentials);
        }
        Outcome::Close
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn three(e: &mut ErrorInfo) -> Outcome<ErrorRequest> {
        e.on_key(
            &KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE),
            &Keymap::default(),
        )
    }

    #[test]
    fn the_credentials_key_goes_there_only_after_a_token_error() {
        let mut auth = ErrorInfo {
            status: Some(401),
            ..Default::default()
        };
        assert_eq!(
            three(&mut auth),
            Outcome::Request(ErrorRequest::Credentials)
        );
        let mut other = ErrorInfo {
            status: Some(500),
            ..Default::default()
        };
        assert_eq!(three(&mut other), Outcome::Close);
    }
}
