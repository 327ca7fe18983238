//! The tenant form's keys, all from the key table. The form-wide ones (next, previous, Test
//! Connect, save, cancel) come first; then what the focused field takes: a choice cycles, a
//! button presses, a text field moves on or cancels, else is typed into (so the form-wide and
//! text contexts have no plain letters).

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::input::InputOutcome;
use crate::app::keymap::{Action, Context, Keymap};

use super::field::Field;
use super::state::TenantForm;

/// What the form asks the reducer for (validation needs the other tenants, which the form
/// does not hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRequest {
    Test,
    /// Connect & Create: test, then save when the test passes.
    TestThenSave,
    /// Save without a test.
    Save,
}

impl Component for TenantForm {
    type Request = FormRequest;

    fn context(&self) -> Context {
        Context::TenantForm
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<FormRequest> {
        if self.saving.is_some() {
            // The file is being written; the answer closes the form or shows why not.
            return Outcome::Ignored;
        }
        if self.confirm_discard {
            self.confirm_discard = false;
            return match keys.action(Context::TenantDiscard, key) {
                Some(Action::FormDiscard) => Outcome::Close,
                _ => Outcome::Changed,
            };
        }
        match keys.action(Context::TenantForm, key) {
            Some(Action::FormNext) => return self.moved(1),
            Some(Action::FormPrev) => return self.moved(-1),
            Some(Action::FormTest) => return Outcome::Request(FormRequest::Test),
            Some(Action::FormSave) => return Outcome::Request(FormRequest::TestThenSave),
            Some(Action::FormCancel) => return self.cancel_asked(),
            _ => {}
        }
        let focus = self.focus;
        if focus.is_button() {
            return match keys.action(Context::TenantButtons, key) {
                Some(Action::FormPress) => match focus {
                    Field::Test => Outcome::Request(FormRequest::Test),
                    Field::Save => Outcome::Request(FormRequest::TestThenSave),
                    Field::SaveNoTest => Outcome::Request(FormRequest::Save),
                    _ => Outcome::Close,
                },
                Some(Action::FormPrev) => self.moved(-1),
                Some(Action::FormNext) => self.moved(1),
                _ => Outcome::Ignored,
            };
        }
        if focus.is_choice() {
            return match keys.action(Context::TenantChoice, key) {
                Some(Action::FormChoicePrev) => {
                    self.cycle(false);
                    Outcome::Changed
                }
                Some(Action::FormChoiceNext) => {
                    self.cycle(true);
                    Outcome::Changed
                }
                Some(Action::FormNext) => self.moved(1),
                Some(Action::FormCancel) => self.cancel_asked(),
                _ => Outcome::Ignored,
            };
        }
        match keys.action(Context::TenantText, key) {
            Some(Action::FormNext) => return self.moved(1),
            Some(Action::FormCancel) => return self.cancel_asked(),
            _ => {}
        }
        let Some(input) = self.input_mut(focus) else {
            return Outcome::Ignored;
        };
        match input.handle_key(key) {
            InputOutcome::Edited => self.edited(),
            InputOutcome::Moved => {}
            // The input's own Enter and Esc: the table above decides what they do, so after a
            // remap they do nothing here.
            InputOutcome::Submit | InputOutcome::Cancel => return Outcome::Ignored,
        }
        Outcome::Changed
    }

    /// Pasted text goes into the focused field; a token copied from a web page often ends in
    /// a newline, which is dropped.
    fn on_paste(&mut self, text: &str) -> Outcome<FormRequest> {
        let Some(input) = self.input_mut(self.focus) else {
            return Outcome::Ignored;
        };
        input.insert_str(text.trim());
        self.edited();
        Outcome::Changed
    }
}

impl TenantForm {
    fn moved(&mut self, delta: isize) -> Outcome<FormRequest> {
        self.move_focus(delta);
        Outcome::Changed
    }

    /// Esc: with typed input, ask first (like the create-user form) instead of losing it.
    fn cancel_asked(&mut self) -> Outcome<FormRequest> {
        if self.changed {
            self.confirm_discard = true;
            Outcome::Changed
        } else {
            Outcome::Close
        }
    }
}
