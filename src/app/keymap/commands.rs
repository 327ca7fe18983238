//! The command palette's commands: one row each, with what it runs. Commands that do what a
//! key does name that key's action, so `:help` and `?` cannot drift apart; the rest take an
//! argument or have no key.

use super::action::Action;

/// What a palette command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// The same as the key bound to this action.
    Key(Action),
    /// Server search with an Okta search expression (the argument).
    Search,
    /// Server list with an Okta filter expression (the argument).
    Filter,
    /// Switch to the tenant named by the argument.
    Tenant,
    /// Toggle mouse capture.
    Mouse,
    /// Open the write journal.
    Journal,
    /// The Logs tab, listing the events of an Okta filter expression (the argument; none:
    /// every event).
    Logs,
    /// Plan the playbook named by the argument for the focused or marked users.
    Playbook,
}

/// A palette command, for completion, the help screen and dispatch.
#[derive(Debug)]
pub struct PaletteCommand {
    pub name: &'static str,
    /// Other names it answers to (not offered in completion).
    pub aliases: &'static [&'static str],
    pub args: &'static str,
    pub about: &'static str,
    pub run: Run,
}

const fn cmd(
    name: &'static str,
    aliases: &'static [&'static str],
    args: &'static str,
    about: &'static str,
    run: Run,
) -> PaletteCommand {
    PaletteCommand {
        name,
        aliases,
        args,
        about,
        run,
    }
}

#[rustfmt::skip]
pub const COMMANDS: &[PaletteCommand] = &[
    cmd("users",       &["u"],          "",       "show the Users tab",                                          Run::Key(Action::UsersTab)),
    cmd("groups",      &["g"],          "",       "show the Groups tab",                                         Run::Key(Action::GroupsTab)),
    cmd("credentials", &["creds"],      "",       "show the Credentials tab",                                    Run::Key(Action::CredentialsTab)),
    cmd("search",      &[],             "<expr>", "server search with an Okta search expression",                Run::Search),
    cmd("filter",      &[],             "<expr>", "server list with an Okta filter expression",                  Run::Filter),
    cmd("tenant",      &[],             "<name>", "switch to a configured tenant",                               Run::Tenant),
    cmd("mouse",       &[],             "",       "toggle mouse capture (off lets you select text)",             Run::Mouse),
    cmd("journal",     &[],             "",       "the write journal: recent writes from the console and the CLI", Run::Journal),
    cmd("logs",        &["log"],        "<filter>", "the System Log, filtered by an Okta expression, e.g. eventType eq \"user.account.lock\"", Run::Logs),
    cmd("playbook",    &["pb"],         "<name>", "plan a playbook (offboard, onboard-like, config ones) for the focused or marked users", Run::Playbook),
    cmd("help",        &["h"],          "",       "show the keys",                                               Run::Key(Action::Help)),
    cmd("q",           &["quit", "q!"], "",       "quit",                                                        Run::Key(Action::Quit)),
];

/// The command a typed word names (its name or an alias).
pub fn find(word: &str) -> Option<&'static PaletteCommand> {
    COMMANDS
        .iter()
        .find(|c| c.name == word || c.aliases.contains(&word))
}
