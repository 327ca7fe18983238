//! What is drawn over the screen and takes the keys while open. Each variant is a component
//! (its own state and key handling, in `dialogs/`, `actions/`, `credentials/`); the reducer
//! holds the one that is open.

pub use super::dialogs::help::{FILTER_HELP, HelpDialog};
pub use super::dialogs::palette::{Palette, palette_matches};
pub use super::dialogs::prompt::{Prompt, PromptKind};
pub use super::dialogs::status_pick::{StatusPick, status_choices};
pub use super::keymap::commands::{COMMANDS as PALETTE_COMMANDS, PaletteCommand};
pub use super::status::ErrorInfo;

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Help(HelpDialog),
    Palette(Palette),
    Prompt(Prompt),
    /// The status quick-filter: pick one status (or all).
    StatusPick(StatusPick),
    Error(ErrorInfo),
    /// Confirm dialogs, menus, forms, pickers, bulk runs, the journal (see `app/actions/`).
    Action(Box<super::actions::ActionModal>),
    /// The tenant form and the delete confirmation (`app/credentials/`).
    Tenant(super::credentials::CredModal),
    /// The profile form (`app/profile/`).
    Profile(Box<super::profile::ProfileForm>),
    /// The playbooks menu, plan, run and the resume offer (`app/playbooks/`).
    Playbook(Box<super::playbooks::PlaybookModal>),
    /// A user's apps (`app/profile/apps.rs`).
    UserApps(Box<super::profile::apps::AppsView>),
}

impl super::App {
    /// Lines of the help popup (`ui::dialogs` draws exactly these): the title, this screen's
    /// keys, a blank, the filter section, a blank, the commands.
    pub fn help_line_count(&self) -> usize {
        let ctx = self.context();
        // Every key, available or not (the help greys out the others).
        let keys = self.keymap.for_context(ctx).count();
        1 + keys + 2 + FILTER_HELP.len() + 2 + PALETTE_COMMANDS.len()
    }

    /// Rows of help text the popup shows at the current terminal height.
    pub fn help_visible_rows(&self) -> usize {
        // Popup height is the screen less 2, then its border takes 2 more.
        usize::from(self.height.saturating_sub(4)).max(1)
    }

    pub fn help_max_scroll(&self) -> usize {
        self.help_line_count()
            .saturating_sub(self.help_visible_rows())
    }
}
