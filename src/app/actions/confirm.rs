//! The confirm dialog before one write: it names the user, the tenant and the effect, offers
//! the write's options (email, revoke sessions, OAuth tokens), and for delete asks for the
//! login typed back.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::ids::OpKind;
use crate::app::input::{InputOutcome, LineInput};
use crate::app::keymap::{Action, Context, Keymap};
use crate::okta::{LifecycleOp, UserStatus};

use super::op::{FactorRef, Target, WriteOp};

/// A write waiting for the admin's yes.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub kind: OpKind,
    pub target: Target,
    pub status: UserStatus,
    pub send_email: bool,
    pub revoke_sessions: bool,
    pub oauth_tokens: bool,
    /// Permanent delete: the login typed back.
    pub typed: LineInput,
    /// The confirm key was pressed with a login that does not match (cleared on edit).
    pub mismatch: bool,
    /// The target is the admin the credential acts as: a yes asks a second question.
    pub own_account: bool,
    /// The first yes was given; the dialog now asks about the own account.
    pub asked_own: bool,
    /// Only this factor is reset (the Factors section's reset key), not all of them.
    pub factor: Option<FactorRef>,
}

/// What the admin decided.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfirmRequest {
    Send(WriteOp),
    /// No: the dialog closes and the status line says so.
    Cancelled,
}

impl Confirm {
    pub fn new(kind: OpKind, target: Target, status: UserStatus) -> Self {
        // Activate emails by default (Okta's own default); reactivate and reset show the
        // link instead so the admin can hand it over.
        let send_email = kind == OpKind::Activate
            && !matches!(status, UserStatus::Provisioned | UserStatus::Recovery);
        Confirm {
            kind,
            target,
            status,
            send_email,
            revoke_sessions: false,
            oauth_tokens: false,
            typed: LineInput::default(),
            mismatch: false,
            own_account: false,
            asked_own: false,
            factor: None,
        }
    }

    /// Only the step that cannot be undone wants the login typed back: deactivating first
    /// (Activate undoes it) is confirmed like any other write.
    pub fn needs_typed_login(&self) -> bool {
        self.kind == OpKind::Delete && self.status == UserStatus::Deprovisioned
    }

    pub fn op(&self) -> WriteOp {
        let target = self.target.clone();
        if let Some(factor) = &self.factor {
            return WriteOp::ResetFactor {
                target,
                factor: factor.clone(),
            };
        }
        match self.kind {
            OpKind::Delete => WriteOp::Delete {
                target,
                deprovisioned: self.status == UserStatus::Deprovisioned,
            },
            OpKind::ClearSessions => WriteOp::ClearSessions {
                target,
                oauth_tokens: self.oauth_tokens,
            },
            kind => {
                let op = match kind.lifecycle(&self.status) {
                    Some(LifecycleOp::Activate { .. }) => LifecycleOp::Activate {
                        send_email: self.send_email,
                    },
                    Some(LifecycleOp::Reactivate { .. }) => LifecycleOp::Reactivate {
                        send_email: self.send_email,
                    },
                    Some(LifecycleOp::ResetPassword { .. }) => LifecycleOp::ResetPassword {
                        send_email: self.send_email,
                        revoke_sessions: self.revoke_sessions,
                    },
                    Some(op) => op,
                    None => LifecycleOp::Suspend,
                };
                WriteOp::Lifecycle { target, op }
            }
        }
    }

    /// Whether the email toggle applies to this write.
    pub fn has_email_choice(&self) -> bool {
        matches!(self.kind, OpKind::Activate | OpKind::ResetPassword)
    }

    /// The title ("Suspend", "Reactivate").
    pub fn title(&self) -> &'static str {
        match self.op() {
            WriteOp::Lifecycle { op, .. } => op.label(),
            WriteOp::Delete {
                deprovisioned: false,
                ..
            } => "Delete (step 1 of 2: deactivate)",
            WriteOp::Delete { .. } => "Delete permanently",
            WriteOp::ResetFactor { .. } => "Reset one factor",
            _ => self.kind.label(),
        }
    }

    /// What happens, in words (shown in the dialog).
    pub fn effect_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.op() {
            WriteOp::Lifecycle { op, .. } => {
                // The description already says what deactivating removes.
                out.push(op.description().to_owned());
            }
            WriteOp::Delete {
                deprovisioned: false,
                ..
            } => {
                out.push(
                    "Okta deletes in two steps: this first DELETE deactivates the user (removes all app assignments, ends sign-in);"
                        .into(),
                );
                out.push(
                    "pressing Del again on the deactivated user deletes them for good.".into(),
                );
            }
            WriteOp::Delete { .. } => {
                out.push("The user is already deactivated: this deletes them permanently. It cannot be undone.".into());
            }
            WriteOp::ResetFactor { factor, .. } => {
                out.push(format!(
                    "resets (unenrolls) the {} factor ({}, id {}); the user enrolls it again at the next sign-in",
                    factor.label, factor.factor_type, factor.id
                ));
            }
            WriteOp::ClearSessions { .. } => {
                out.push(
                    "ends all of the user's Okta sessions and forgets remembered devices; they must sign in again"
                        .into(),
                );
            }
            _ => {}
        }
        out
    }

    /// Whether the confirm key may send it now.
    pub fn ready(&self) -> bool {
        !self.needs_typed_login() || self.typed.text.trim() == self.target.login
    }

    fn toggle(&mut self, action: Action) -> bool {
        match action {
            Action::ToggleEmail if self.has_email_choice() => self.send_email = !self.send_email,
            Action::ToggleRevoke if self.kind == OpKind::ResetPassword => {
                self.revoke_sessions = !self.revoke_sessions
            }
            Action::ToggleOauth if self.kind == OpKind::ClearSessions => {
                self.oauth_tokens = !self.oauth_tokens
            }
            _ => return false,
        }
        true
    }
}

impl Component for Confirm {
    type Request = ConfirmRequest;

    fn context(&self) -> Context {
        // Permanent delete wants the login typed: letters are text there, not keys.
        if self.needs_typed_login() {
            Context::ConfirmDelete
        } else {
            Context::Confirm
        }
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<ConfirmRequest> {
        let action = keys.action(self.context(), key);
        match action {
            Some(Action::Confirm) if self.ready() && self.own_account && !self.asked_own => {
                self.asked_own = true;
                Outcome::Changed
            }
            Some(Action::Confirm) if self.ready() => {
                Outcome::Request(ConfirmRequest::Send(self.op()))
            }
            Some(Action::Confirm) => {
                self.mismatch = true;
                Outcome::Changed
            }
            Some(Action::Close) if self.needs_typed_login() => Outcome::Close,
            Some(Action::Close) => Outcome::Request(ConfirmRequest::Cancelled),
            // The second question takes only yes or no.
            _ if self.asked_own => Outcome::Ignored,
            Some(other) if !self.needs_typed_login() => {
                if self.toggle(other) {
                    Outcome::Changed
                } else {
                    Outcome::Ignored
                }
            }
            _ if self.needs_typed_login() => match self.typed.handle_key(key) {
                InputOutcome::Edited => {
                    self.mismatch = false;
                    Outcome::Changed
                }
                InputOutcome::Moved => Outcome::Changed,
                // The table's keys are handled above; the field's own Enter/Esc do nothing.
                InputOutcome::Submit | InputOutcome::Cancel => Outcome::Ignored,
            },
            _ => Outcome::Ignored,
        }
    }

    fn on_paste(&mut self, text: &str) -> Outcome<ConfirmRequest> {
        if self.needs_typed_login() && !self.asked_own {
            self.mismatch = false;
            self.typed.insert_str(text);
            Outcome::Changed
        } else {
            Outcome::Ignored
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::app::test_support::key_event as key;

    fn target() -> Target {
        Target {
            id: "00u1".into(),
            login: "ann@example.com".into(),
        }
    }

    #[test]
    fn toggles_work_only_where_the_write_has_the_option() {
        let keys = Keymap::default();
        let mut suspend = Confirm::new(OpKind::Suspend, target(), UserStatus::Active);
        for c in ['e', 'r', 'o'] {
            assert_eq!(
                suspend.on_key(&key(KeyCode::Char(c)), &keys),
                Outcome::Ignored
            );
        }
        let mut reset = Confirm::new(OpKind::ResetPassword, target(), UserStatus::Active);
        assert_eq!(
            reset.on_key(&key(KeyCode::Char('r')), &keys),
            Outcome::Changed
        );
        assert_eq!(
            reset.on_key(&key(KeyCode::Char('o')), &keys),
            Outcome::Ignored
        );
        assert!(reset.revoke_sessions);
        assert_eq!(
            reset.on_key(&key(KeyCode::Char('n')), &keys),
            Outcome::Request(ConfirmRequest::Cancelled)
        );
    }

    #[test]
    fn permanent_delete_sends_only_once_the_login_is_typed_back() {
        let keys = Keymap::default();
        let mut c = Confirm::new(OpKind::Delete, target(), UserStatus::Deprovisioned);
        assert_eq!(c.context(), Context::ConfirmDelete);
        // A login that does not match is told, not ignored.
        assert_eq!(c.on_key(&key(KeyCode::Enter), &keys), Outcome::Changed);
        assert!(c.mismatch);
        // Letters are text here, even those that confirm or cancel elsewhere.
        assert_eq!(c.on_key(&key(KeyCode::Char('y')), &keys), Outcome::Changed);
        assert!(!c.mismatch, "typing clears the complaint");
        assert_eq!(c.on_key(&key(KeyCode::Char('n')), &keys), Outcome::Changed);
        assert_eq!(c.typed.text, "yn");
        c.typed = LineInput::default();
        assert_eq!(c.on_paste("ann@example.com"), Outcome::Changed);
        assert!(matches!(
            c.on_key(&key(KeyCode::Enter), &keys),
            Outcome::Request(ConfirmRequest::Send(WriteOp::Delete {
                deprovisioned: true,
                ..
            }))
        ));
        assert_eq!(c.on_key(&key(KeyCode::Esc), &keys), Outcome::Close);
    }

    #[test]
    fn deleting_an_active_user_deactivates_on_a_plain_confirm() {
        let keys = Keymap::default();
        let mut c = Confirm::new(OpKind::Delete, target(), UserStatus::Active);
        assert_eq!(c.context(), Context::Confirm);
        assert!(matches!(
            c.on_key(&key(KeyCode::Char('y')), &keys),
            Outcome::Request(ConfirmRequest::Send(WriteOp::Delete {
                deprovisioned: false,
                ..
            }))
        ));
    }

    #[test]
    fn deactivate_says_what_it_removes_once() {
        let c = Confirm::new(OpKind::Deactivate, target(), UserStatus::Active);
        let text = c.effect_lines().join(" ");
        assert_eq!(text.matches("app assignments").count(), 1, "{text}");
    }
}
