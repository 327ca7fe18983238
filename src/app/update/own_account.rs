//! Who the credential acts as (`users/me`), so a write to the admin's own account is asked
//! twice and left out of bulk runs. Learned once per tenant; a failure or an OAuth service app
//! (no user behind it) leaves it unknown, and then nothing extra is asked.

use crate::app::actions::ActionEffect;
use crate::app::{App, Effect, Reply};

impl App {
    /// The effect that asks the runtime who the credential acts as on this tenant.
    pub(in crate::app) fn learn_own_id(&mut self) -> Vec<Effect> {
        self.own_id = None;
        match &self.tenant {
            Some(t) => vec![Effect::Action(ActionEffect::LoadMe {
                tenant: t.name.clone(),
            })],
            None => Vec::new(),
        }
    }

    /// The answer: kept only when it is for the tenant still connected.
    pub(in crate::app) fn on_own_id(&mut self, tenant: String, id: Option<String>) -> Reply {
        if self.tenant.as_ref().is_some_and(|t| t.name == tenant) {
            self.own_id = id;
        }
        Reply::Unchanged
    }

    /// Whether `user_id` is the admin this credential acts as.
    pub(in crate::app) fn is_own_account(&self, user_id: &str) -> bool {
        self.own_id.as_deref() == Some(user_id)
    }
}
