//! Resetting one MFA factor from the user detail's Factors section: the focused factor row,
//! a confirmation naming the user, the factor and the tenant, then the one write
//! (`Write::ResetFactor`, journaled by `perform`) and the detail read again.

use crate::app::actions::{ActionModal, Confirm, FactorRef};
use crate::app::ids::OpKind;
use crate::app::*;
use crate::okta::Factor;

impl App {
    /// The factor whose row is focused in the open user detail.
    pub fn focused_factor(&self) -> Option<&Factor> {
        match self.stack.last() {
            Some(Screen::User(d)) if d.raw.is_none() => d.focused_factor(),
            _ => None,
        }
    }

    /// The reset key on a factor row: confirm first (the write key already refused on a
    /// read-only tenant).
    pub(in crate::app) fn reset_one_factor(&mut self) -> Vec<Effect> {
        let Some(f) = self.focused_factor() else {
            let ctx = Context::UserDetail;
            self.warn(format!(
                "focus a factor in the Factors section first ({}/{} move); {} resets them all",
                self.keymap.hint(ctx, Action::Down),
                self.keymap.hint(ctx, Action::Up),
                self.keymap.hint(ctx, Action::ResetFactors)
            ));
            return Vec::new();
        };
        let mut label = f.label();
        let detail = f.detail();
        if !detail.is_empty() {
            label.push_str(&format!(" {detail}"));
        }
        let factor = FactorRef {
            id: f.id.clone(),
            factor_type: f.factor_type.clone(),
            label,
        };
        let Some((target, status)) = self.focused_user() else {
            return Vec::new();
        };
        let own = self.is_own_account(&target.id);
        let mut confirm = Confirm::new(OpKind::ResetFactors, target, status);
        confirm.factor = Some(factor);
        confirm.own_account = own;
        self.open_action(ActionModal::Confirm(confirm));
        Vec::new()
    }
}
