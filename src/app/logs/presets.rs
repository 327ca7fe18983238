//! The Logs tab's presets: the questions an admin asks the System Log most, each an Okta
//! filter expression, picked from a small menu (`p`).

use crossterm::event::KeyEvent;

use crate::app::actions::Target;
use crate::app::component::{Component, Outcome};
use crate::app::keymap::{Action, Context, Keymap};
use crate::okta::LogQuery;

#[derive(Debug, Clone, PartialEq)]
pub enum Preset {
    All,
    FailedSignIns,
    Lockouts,
    /// Lifecycle, membership, privilege, unlock and password changes: what an admin does.
    AdminActions,
    MfaChanges,
    /// Events where the user acted or was acted on.
    User(Target),
}

impl Preset {
    /// The filter expression Okta is asked for (None: every event).
    pub fn filter(&self) -> Option<String> {
        let any = |types: &[&str]| {
            types
                .iter()
                .map(|t| {
                    if let Some(prefix) = t.strip_suffix('*') {
                        format!("eventType sw \"{prefix}\"")
                    } else {
                        format!("eventType eq \"{t}\"")
                    }
                })
                .collect::<Vec<_>>()
                .join(" or ")
        };
        Some(match self {
            Preset::All => return None,
            Preset::FailedSignIns => {
                "eventType eq \"user.session.start\" and outcome.result eq \"FAILURE\"".to_owned()
            }
            Preset::Lockouts => any(&["user.account.lock"]),
            Preset::AdminActions => any(&[
                "user.lifecycle.*",
                "group.user_membership.*",
                "user.account.privilege.*",
                "user.account.unlock",
                "user.account.reset_password",
                "user.account.expire_password",
                "user.mfa.factor.reset_all",
                "user.session.clear",
            ]),
            Preset::MfaChanges => any(&["user.mfa.factor.*"]),
            Preset::User(t) => LogQuery::about_user(&t.id),
        })
    }

    /// What the tab line says the listing is.
    pub fn label(&self) -> String {
        match self {
            Preset::All => "all events".to_owned(),
            Preset::FailedSignIns => "failed sign-ins".to_owned(),
            Preset::Lockouts => "lockouts".to_owned(),
            Preset::AdminActions => "admin actions".to_owned(),
            Preset::MfaChanges => "MFA changes".to_owned(),
            Preset::User(t) => format!("events of {}", t.login),
        }
    }
}

/// The preset menu: the org-wide presets, then the user's when one is known.
#[derive(Debug, Clone, PartialEq)]
pub struct PresetMenu {
    pub items: Vec<Preset>,
    pub selected: usize,
}

impl PresetMenu {
    pub fn new(user: Option<&Target>) -> Self {
        let mut items = vec![
            Preset::All,
            Preset::FailedSignIns,
            Preset::Lockouts,
            Preset::AdminActions,
            Preset::MfaChanges,
        ];
        if let Some(u) = user {
            items.push(Preset::User(u.clone()));
        }
        PresetMenu { items, selected: 0 }
    }
}

impl Component for PresetMenu {
    type Request = Preset;

    fn context(&self) -> Context {
        Context::LogPresets
    }

    fn on_key(&mut self, key: &KeyEvent, keys: &Keymap) -> Outcome<Preset> {
        let last = self.items.len().saturating_sub(1);
        match keys.action(self.context(), key) {
            Some(Action::Down) => self.selected = (self.selected + 1).min(last),
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Top) => self.selected = 0,
            Some(Action::Bottom) => self.selected = last,
            Some(Action::Choose) => {
                return match self.items.get(self.selected) {
                    Some(p) => Outcome::Request(p.clone()),
                    None => Outcome::Close,
                };
            }
            Some(Action::Close) => return Outcome::Close,
            _ => return Outcome::Ignored,
        }
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_ask_okta_for_what_they_name() {
        assert_eq!(Preset::All.filter(), None);
        assert_eq!(
            Preset::Lockouts.filter().as_deref(),
            Some("eventType eq \"user.account.lock\"")
        );
        let mfa = Preset::MfaChanges.filter().unwrap_or_default();
        assert_eq!(mfa, "eventType sw \"user.mfa.factor.\"");
        let admin = Preset::AdminActions.filter().unwrap_or_default();
        assert!(
            admin.contains("eventType sw \"user.lifecycle.\""),
            "{admin}"
        );
        assert!(admin.contains(" or eventType eq \"user.account.unlock\""));
        let who = Target {
            id: "00u1".into(),
            login: "a@x.com".into(),
        };
        assert_eq!(
            Preset::User(who.clone()).filter().as_deref(),
            Some("actor.id eq \"00u1\" or target.id eq \"00u1\"")
        );
        assert_eq!(PresetMenu::new(Some(&who)).items.len(), 6);
        assert_eq!(PresetMenu::new(None).items.len(), 5);
    }
}
