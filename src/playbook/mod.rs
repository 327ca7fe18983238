//! Playbooks: a reviewed, paced, resumable sequence of writes for one or many users
//! (offboarding, onboarding like another user). A layer below the console and the CLI:
//!
//! - [`Playbook`] is data: the built-ins ([`Playbook::offboard`], [`Playbook::onboard_like`])
//!   or a `[[playbooks]]` table of config.toml ([`Playbook::from_def`]).
//! - [`plan::plan`] reads the users and builds the blast radius: every step and every object it
//!   touches, what cannot be removed and why, and the time the run will take under the current
//!   rate budget. Steps can be left out before running ([`plan::Plan::skip_step`],
//!   [`plan::Plan::set_enabled`]). A plan is shown even for a read-only tenant (a dry run).
//! - [`run::Run`] performs the plan one step at a time through `perform.rs` (journaled, paced
//!   by the client's rate limiter, 429s waited out), and resumes a run from its journal
//!   without repeating a write that succeeded.
//! - [`residue::residue`] lists, afterwards, everything that still grants access, with its
//!   cause.

pub mod plan;
pub mod residue;
pub mod run;

use serde::Serialize;

use crate::config::playbooks::PlaybookDef;

/// One kind of step. A step expands into one write per object it touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// Suspend: reversible, keeps assignments; done first so access ends at once.
    Suspend,
    /// End every session (OAuth tokens and remembered devices per the options).
    Sessions,
    /// Revoke each OAuth client's tokens and every consent grant.
    Tokens,
    /// Remove from each OKTA_GROUP that nothing puts the user back into.
    Groups,
    /// Unassign each directly assigned app.
    Apps,
    /// Remove each directly held admin role.
    Roles,
    /// Reset every enrolled factor.
    Factors,
    /// Deactivate: Okta drops every app assignment, so it runs last.
    Deactivate,
    /// Add to each OKTA_GROUP the template user is in (rule-driven ones excepted).
    CopyGroups,
    /// Assign each app the template user holds directly.
    CopyApps,
}

impl StepKind {
    pub const ALL: [StepKind; 10] = [
        StepKind::Suspend,
        StepKind::Sessions,
        StepKind::Tokens,
        StepKind::Groups,
        StepKind::Apps,
        StepKind::Roles,
        StepKind::Factors,
        StepKind::Deactivate,
        StepKind::CopyGroups,
        StepKind::CopyApps,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StepKind::Suspend => "suspend",
            StepKind::Sessions => "sessions",
            StepKind::Tokens => "tokens",
            StepKind::Groups => "groups",
            StepKind::Apps => "apps",
            StepKind::Roles => "roles",
            StepKind::Factors => "factors",
            StepKind::Deactivate => "deactivate",
            StepKind::CopyGroups => "copy-groups",
            StepKind::CopyApps => "copy-apps",
        }
    }

    pub fn parse(s: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.name() == s.trim())
    }

    /// What the step does, for a menu.
    pub fn title(self) -> &'static str {
        match self {
            StepKind::Suspend => "Suspend the user",
            StepKind::Sessions => "Clear sessions",
            StepKind::Tokens => "Revoke OAuth tokens and grants",
            StepKind::Groups => "Remove from groups",
            StepKind::Apps => "Unassign direct apps",
            StepKind::Roles => "Remove admin roles",
            StepKind::Factors => "Reset factors",
            StepKind::Deactivate => "Deactivate the user",
            StepKind::CopyGroups => "Add to the template's groups",
            StepKind::CopyApps => "Assign the template's direct apps",
        }
    }
}

/// Options a playbook carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Options {
    /// Clearing sessions also revokes OAuth tokens.
    pub oauth_tokens: bool,
    /// Clearing sessions also forgets remembered devices.
    pub forget_devices: bool,
    /// The template user (login or id) for the copying steps.
    pub like: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            oauth_tokens: true,
            forget_devices: false,
            like: None,
        }
    }
}

/// A named list of steps with options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Playbook {
    pub name: String,
    /// In the order they run (see [`Playbook::ordered`]).
    pub steps: Vec<StepKind>,
    pub options: Options,
}

impl Playbook {
    /// Suspend (a choice: [`Playbook::with_deactivate`]), end sessions and tokens, leave
    /// groups, lose direct apps and admin roles, reset factors.
    pub fn offboard() -> Playbook {
        Playbook {
            name: "offboard".into(),
            steps: vec![
                StepKind::Suspend,
                StepKind::Sessions,
                StepKind::Tokens,
                StepKind::Groups,
                StepKind::Apps,
                StepKind::Roles,
                StepKind::Factors,
            ],
            options: Options::default(),
        }
    }

    /// Copy another user's OKTA_GROUP memberships and direct apps onto a user.
    pub fn onboard_like(template: Option<String>) -> Playbook {
        Playbook {
            name: "onboard-like".into(),
            steps: vec![StepKind::CopyGroups, StepKind::CopyApps],
            options: Options {
                like: template,
                ..Options::default()
            },
        }
    }

    pub fn builtins() -> Vec<Playbook> {
        vec![Playbook::offboard(), Playbook::onboard_like(None)]
    }

    /// Deactivate instead of suspend (or the reverse).
    pub fn with_deactivate(mut self, deactivate: bool) -> Playbook {
        let (from, to) = if deactivate {
            (StepKind::Suspend, StepKind::Deactivate)
        } else {
            (StepKind::Deactivate, StepKind::Suspend)
        };
        for s in &mut self.steps {
            if *s == from {
                *s = to;
            }
        }
        self.ordered()
    }

    /// The steps in the order they must run: suspend first, deactivate last (it drops the
    /// app assignments the other steps name), the rest as `StepKind` lists them.
    pub fn ordered(mut self) -> Playbook {
        self.steps.sort();
        self.steps.dedup();
        self
    }

    /// A `[[playbooks]]` table, checked.
    pub fn from_def(def: &PlaybookDef) -> Result<Playbook, String> {
        let mut steps = Vec::new();
        for s in &def.steps {
            steps.push(StepKind::parse(s).ok_or_else(|| {
                format!(
                    "playbook {:?}: unknown step {s:?} (steps: {})",
                    def.name,
                    StepKind::ALL.map(StepKind::name).join(", ")
                )
            })?);
        }
        if steps.contains(&StepKind::Suspend) && steps.contains(&StepKind::Deactivate) {
            return Err(format!(
                "playbook {:?}: suspend and deactivate are a choice, not both",
                def.name
            ));
        }
        let defaults = Options::default();
        let p = Playbook {
            name: def.name.clone(),
            steps,
            options: Options {
                oauth_tokens: def.options.oauth_tokens.unwrap_or(defaults.oauth_tokens),
                forget_devices: def
                    .options
                    .forget_devices
                    .unwrap_or(defaults.forget_devices),
                like: def.options.like.clone(),
            },
        };
        Ok(p.ordered())
    }

    /// The playbook called `name`: one from the config first (it may redefine a built-in),
    /// else a built-in.
    pub fn find(name: &str, defs: &[PlaybookDef]) -> Result<Playbook, String> {
        if let Some(def) = defs.iter().find(|d| d.name == name) {
            return Playbook::from_def(def);
        }
        Playbook::builtins()
            .into_iter()
            .find(|p| p.name == name)
            .ok_or_else(|| {
                let mut names: Vec<String> =
                    Playbook::builtins().into_iter().map(|p| p.name).collect();
                names.extend(defs.iter().map(|d| d.name.clone()));
                format!("no playbook named {name:?} (known: {})", names.join(", "))
            })
    }

    pub fn copies(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s, StepKind::CopyGroups | StepKind::CopyApps))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::playbooks::PlaybookOptionsDef;

    #[test]
    fn config_playbooks_are_checked_and_ordered() {
        let def = PlaybookDef {
            name: "leaver".into(),
            steps: vec!["groups".into(), "deactivate".into(), "sessions".into()],
            options: PlaybookOptionsDef {
                forget_devices: Some(true),
                ..Default::default()
            },
        };
        let p = Playbook::from_def(&def).unwrap();
        assert_eq!(
            p.steps,
            [StepKind::Sessions, StepKind::Groups, StepKind::Deactivate]
        );
        assert!(p.options.forget_devices && p.options.oauth_tokens);
        let bad = PlaybookDef {
            steps: vec!["suspend".into(), "deactivate".into()],
            ..def.clone()
        };
        assert!(Playbook::from_def(&bad).unwrap_err().contains("choice"));
        let unknown = PlaybookDef {
            steps: vec!["nuke".into()],
            ..def.clone()
        };
        assert!(Playbook::from_def(&unknown).unwrap_err().contains("nuke"));
        assert_eq!(Playbook::find("leaver", &[def]).unwrap().name, "leaver");
        assert!(Playbook::find("offboard", &[]).is_ok());
        assert!(Playbook::find("nope", &[]).is_err());
    }

    #[test]
    fn deactivate_replaces_suspend_and_runs_last() {
        let p = Playbook::offboard().with_deactivate(true);
        assert_eq!(p.steps.first(), Some(&StepKind::Sessions));
        assert_eq!(p.steps.last(), Some(&StepKind::Deactivate));
        assert!(!p.steps.contains(&StepKind::Suspend));
    }
}
