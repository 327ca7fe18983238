//! Arguments of `oktui playbook`, `oktui users offboard`, `oktui users update` and
//! `oktui apps`.

use clap::{Args, Subcommand};

use super::script_args::OutputOpts;

/// Who a playbook runs for, and how.
#[derive(Debug, Clone, Args)]
pub struct PlaybookRunOpts {
    /// Users (ids or logins).
    #[arg(value_name = "USER")]
    pub users: Vec<String>,
    /// Also every user in FILE (one id or login a line; `-` reads stdin).
    #[arg(long, value_name = "FILE")]
    pub from: Option<String>,
    /// Print the plan (JSON) and send nothing.
    #[arg(long)]
    pub plan: bool,
    /// Do not ask for confirmation (needed when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Leave out every step of this kind (repeatable): suspend, deactivate, sessions, tokens,
    /// groups, apps, roles, factors, copy-groups, copy-apps.
    #[arg(long, value_name = "STEP")]
    pub skip: Vec<String>,
    /// Continue run RUN (printed on stderr when it started): re-reads the users and skips the
    /// writes the journal records as applied.
    #[arg(long, value_name = "RUN")]
    pub resume: Option<String>,
    /// Forget the users' remembered devices when clearing sessions.
    #[arg(long)]
    pub forget_devices: bool,
    /// Keep OAuth tokens when clearing sessions (the tokens step still revokes per client).
    #[arg(long)]
    pub keep_oauth_tokens: bool,
}

/// `oktui users offboard USER...`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  oktui users offboard alice@example.com --plan\n  oktui users offboard --from leavers.txt --deactivate --skip factors --yes > run.jsonl"
)]
pub struct OffboardArgs {
    #[command(flatten)]
    pub run: PlaybookRunOpts,
    /// Deactivate instead of suspend (Okta then drops every app assignment; not reversible by
    /// unsuspending).
    #[arg(long)]
    pub deactivate: bool,
}

/// `oktui playbook ...`.
#[derive(Debug, Clone, Args)]
pub struct PlaybookArgs {
    #[command(flatten)]
    pub out: OutputOpts,
    #[command(subcommand)]
    pub command: PlaybookCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum PlaybookCommand {
    /// The built-in playbooks and those of config.toml, with their steps.
    List,
    /// Plan (--plan) or run a playbook for users: the plan as JSON, the run as JSON Lines.
    #[command(
        after_help = "Examples:\n  oktui playbook run offboard alice@example.com --plan\n  oktui playbook run onboard-like new.hire@example.com --like alice@example.com --yes"
    )]
    Run(PlaybookRunArgs),
}

#[derive(Debug, Clone, Args)]
pub struct PlaybookRunArgs {
    /// The playbook's name.
    pub name: String,
    #[command(flatten)]
    pub run: PlaybookRunOpts,
    /// For copying playbooks: the user whose groups and direct apps are copied.
    #[arg(long, value_name = "USER")]
    pub like: Option<String>,
    /// Deactivate instead of suspend.
    #[arg(long)]
    pub deactivate: bool,
}

/// `oktui users update USER --set attr=value ... --unset attr`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  oktui users update alice@example.com --set title='Staff Engineer' --set department=R\\&D --unset mobilePhone"
)]
pub struct UsersUpdateArgs {
    /// The user (id or login).
    pub user: String,
    /// Set a profile attribute (repeatable). Checked against the org's profile schema.
    #[arg(long, value_name = "ATTR=VALUE")]
    pub set: Vec<String>,
    /// Clear a profile attribute (repeatable).
    #[arg(long, value_name = "ATTR")]
    pub unset: Vec<String>,
}

/// `oktui apps ...`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "Example:\n  oktui apps users 0oa1slack --output csv")]
pub struct AppsArgs {
    #[command(flatten)]
    pub out: OutputOpts,
    #[command(subcommand)]
    pub command: AppsCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum AppsCommand {
    /// List app instances (`--q` matches name or label prefixes).
    List {
        #[arg(long)]
        q: Option<String>,
    },
    /// Show one app instance.
    Get { app: String },
    /// The users assigned to an app, with scope USER (direct) or GROUP.
    Users { app: String },
    /// Assign an app to a user directly.
    Assign { app: String, user: String },
    /// Remove a user's direct assignment (one through a group names the group to change).
    Unassign {
        app: String,
        user: String,
        /// Do not ask for confirmation.
        #[arg(long, short = 'y')]
        yes: bool,
    },
}
