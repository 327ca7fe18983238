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

/// How a row of the help page is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpStyle {
    Section,
    /// A key that works here: the key column in the key colour, then its label.
    Key,
    /// A key that does not work here, greyed out with the reason.
    Unavailable,
    Blank,
}

/// One screen row of the help page: the key column (empty on a wrapped row) and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub style: HelpStyle,
    pub key: String,
    pub text: String,
}

/// Width of the help page's key column.
const HELP_KEY_W: usize = 20;

impl super::App {
    /// Width inside the help popup's border: wider where the screen allows (up to 110), so
    /// more descriptions read on one row.
    pub fn help_inner_width(&self) -> u16 {
        self.width
            .saturating_sub(4)
            .clamp(76, 110)
            .saturating_sub(2)
    }

    /// The help page as drawn: the title, this screen's keys (those that do not work here
    /// greyed with the reason), the filter syntax, the commands. A description longer than
    /// the popup wraps under itself instead of being cut; scrolling counts these rows.
    pub fn help_rows(&self) -> Vec<HelpRow> {
        let ctx = self.context();
        let keys = &self.keymap;
        let key_of = |a| keys.key_for(a).map(|k| k.to_string()).unwrap_or_default();
        let mut entries: Vec<(HelpStyle, String, String)> = vec![(
            HelpStyle::Section,
            String::new(),
            format!("Keys: {}", ctx.title()),
        )];
        // Every key is listed, so the admin learns the write keys too.
        for b in keys.for_context(ctx) {
            let key = format!("  {}", super::keymap::keys_text(&b.keys));
            entries.push(match self.unavailable_because(b.action) {
                None => (HelpStyle::Key, key, b.label.to_owned()),
                Some(why) => (HelpStyle::Unavailable, key, format!("{} ({why})", b.label)),
            });
        }
        entries.push((HelpStyle::Blank, String::new(), String::new()));
        entries.push((
            HelpStyle::Section,
            String::new(),
            format!("Filter ({}) syntax", key_of(super::Action::Filter)),
        ));
        for (k, v) in FILTER_HELP {
            entries.push((HelpStyle::Key, (*k).to_owned(), (*v).to_owned()));
        }
        entries.push((HelpStyle::Blank, String::new(), String::new()));
        entries.push((
            HelpStyle::Section,
            String::new(),
            format!("Commands ({})", key_of(super::Action::Palette)),
        ));
        for c in PALETTE_COMMANDS {
            let key = format!("  :{}", format!("{} {}", c.name, c.args).trim());
            entries.push((HelpStyle::Key, key, c.about.to_owned()));
        }
        let inner = usize::from(self.help_inner_width());
        let mut rows = Vec::new();
        for (style, key, text) in entries {
            if key.is_empty() {
                for piece in super::layout::wrap_words(&text, inner) {
                    rows.push(HelpRow {
                        style,
                        key: String::new(),
                        text: piece,
                    });
                }
                continue;
            }
            // A key wider than its column takes a row of its own.
            let key_w = unicode_width::UnicodeWidthStr::width(key.as_str());
            let mut first = if key_w >= HELP_KEY_W {
                rows.push(HelpRow {
                    style,
                    key: key.clone(),
                    text: String::new(),
                });
                false
            } else {
                true
            };
            let text_w = inner.saturating_sub(HELP_KEY_W).max(10);
            for piece in super::layout::wrap_words(&text, text_w) {
                let k = if first {
                    format!("{key:<HELP_KEY_W$}")
                } else {
                    " ".repeat(HELP_KEY_W)
                };
                first = false;
                rows.push(HelpRow {
                    style,
                    key: k,
                    text: piece,
                });
            }
        }
        rows
    }

    /// Why a key does nothing here, or None when it works.
    pub fn unavailable_because(&self, action: super::Action) -> Option<&'static str> {
        use super::keymap::Guard;
        if self.key_available(action) {
            return None;
        }
        Some(match self.keymap.guard(action) {
            Guard::Write | Guard::Op(_) if self.read_only() => "read-only tenant",
            Guard::Op(_) => "not for this user's status",
            Guard::Tenant(_) => "not for this tenant",
            Guard::Write | Guard::Always => "not here",
        })
    }

    /// Rows of the help page at the current width.
    pub fn help_line_count(&self) -> usize {
        self.help_rows().len()
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
