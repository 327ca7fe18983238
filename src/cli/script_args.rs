//! Arguments of the scripting subcommands (`users`, `groups`, `tenants`, `completions`).
//! Each command carries an example in its `--help` (after_help).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// Result format on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    #[default]
    Table,
    /// One JSON document (an array for lists).
    Json,
    /// One JSON object per line, written as pages arrive.
    Jsonl,
    /// RFC 4180 CSV with a header row; formula-like values are prefixed with `'`.
    Csv,
}

/// `--output`, shared by every scripting command (after the command name or before it).
#[derive(Debug, Clone, Args, Default)]
pub struct OutputOpts {
    /// Result format on stdout. Errors follow it too: with `json` they are a JSON object on
    /// stderr.
    #[arg(
        long,
        short = 'o',
        global = true,
        value_enum,
        default_value_t,
        value_name = "FORMAT"
    )]
    pub output: OutputFormat,
}

/// `--from FILE|-` and `--yes` on commands that can run over many users.
#[derive(Debug, Clone, Args, Default)]
pub struct BulkOpts {
    /// Run for every user in FILE (one id or login a line; `-` reads stdin; blank lines and
    /// lines starting with `#` are skipped). Prints one JSON line per user.
    #[arg(long, value_name = "FILE")]
    pub from: Option<String>,
    /// Do not ask for confirmation (needed for deactivate/delete when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// With --from: skip the rows that run RUN (printed on stderr when it started) already
    /// did, and run only those that failed, had an unknown outcome or were not reached.
    #[arg(long, value_name = "RUN", requires = "from")]
    pub resume: Option<String>,
}

// ---------------------------------------------------------------- users

#[derive(Debug, Clone, Args)]
#[command(after_help = "Example:\n  oktui users list --status ACTIVE --output csv > active.csv")]
pub struct UsersArgs {
    #[command(flatten)]
    pub out: OutputOpts,
    #[command(subcommand)]
    pub command: UsersCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum UsersCommand {
    /// List users (all pages; jsonl and csv stream as pages arrive).
    #[command(
        after_help = "Examples:\n  oktui users list --search 'profile.department eq \"Sales\"' --output jsonl\n  oktui users list --q ali --fields id,login,status"
    )]
    List(UsersListArgs),
    /// Show one user (id or login). `--output json` prints the whole user object.
    #[command(after_help = "Example:\n  oktui users get alice@example.com --output json")]
    Get(UserArg),
    /// The groups a user belongs to.
    #[command(after_help = "Example:\n  oktui users groups alice@example.com --output csv")]
    Groups(UserArg),
    /// The admin roles assigned to a user (directly or through groups).
    #[command(after_help = "Example:\n  oktui users roles 00u1a2b3c4d5e6f7g8h9")]
    Roles(UserArg),
    /// The apps assigned to a user.
    #[command(after_help = "Example:\n  oktui users apps alice@example.com --output json")]
    Apps(UserArg),
    /// Create a user. Secrets come from stdin, never from the command line.
    #[command(
        after_help = "Example:\n  printf '%s\\n' \"$PASSWORD\" | oktui users create --login bob@example.com \\\n      --email bob@example.com --first-name Bob --last-name Lee --password-stdin --group 00g1abc"
    )]
    Create(UsersCreateArgs),
    /// Change a user's status: activate, reactivate, deactivate, suspend, unsuspend, unlock,
    /// expire-password.
    #[command(
        after_help = "Examples:\n  oktui users lifecycle alice@example.com suspend\n  oktui users lifecycle --from leavers.txt deactivate --yes"
    )]
    Lifecycle(UsersLifecycleArgs),
    /// Start a password reset. Without --send-email the reset link is printed (stdout only).
    #[command(
        after_help = "Example:\n  oktui users reset-link alice@example.com --revoke-sessions --output json"
    )]
    ResetLink(UsersResetLinkArgs),
    /// Sign a user out everywhere (revoke all sessions).
    #[command(after_help = "Example:\n  oktui users clear-sessions alice@example.com")]
    ClearSessions(UsersClearSessionsArgs),
    /// Delete a user for good (a user that is not deactivated is deactivated first).
    #[command(after_help = "Example:\n  oktui users delete alice@example.com --yes")]
    Delete(UsersDeleteArgs),
    /// Change profile attributes (only those that change are sent).
    Update(crate::cli::playbook_args::UsersUpdateArgs),
    /// Offboard users: plan (--plan) or run the built-in offboard playbook.
    Offboard(crate::cli::playbook_args::OffboardArgs),
    /// A user's MFA factors: type, provider, status, enrolled, last updated.
    #[command(after_help = "Example:\n  oktui users factors alice@example.com --output json")]
    Factors(UserArg),
    /// Reset a user's MFA factors (all, or one with --factor); they enroll again at the next
    /// sign-in.
    #[command(
        after_help = "Examples:\n  oktui users reset-factors alice@example.com --yes\n  oktui users reset-factors alice@example.com --factor mbl1a2b3c4 --yes"
    )]
    ResetFactors(UsersResetFactorsArgs),
    /// Why can't this user sign in? Status, blocks, last sign-ins, lockouts, factors and the
    /// suggested fixes, from the user, its factors and the System Log. Exits 0 whatever the
    /// verdict.
    #[command(after_help = "Example:\n  oktui users why alice@example.com --output json")]
    Why(UserArg),
}

#[derive(Debug, Clone, Args)]
pub struct UsersResetFactorsArgs {
    /// User id or login.
    pub user: String,
    /// Reset only this factor (its id, from `oktui users factors`).
    #[arg(long, value_name = "FACTOR_ID")]
    pub factor: Option<String>,
    /// Do not ask for confirmation (needed when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// A user, by id or login.
#[derive(Debug, Clone, Args)]
pub struct UserArg {
    /// User id (00u...) or login.
    pub user: String,
}

#[derive(Debug, Clone, Args)]
pub struct UsersListArgs {
    /// Okta search expression (e.g. `profile.lastName sw "Sm"`); includes deactivated users.
    #[arg(long, group = "query", value_name = "EXPR")]
    pub search: Option<String>,
    /// Okta filter expression (e.g. `lastUpdated gt "2024-01-01T00:00:00.000Z"`).
    #[arg(long, group = "query", value_name = "EXPR")]
    pub filter: Option<String>,
    /// Prefix match on first name, last name or email (not paged by Okta).
    #[arg(long, group = "query", value_name = "TEXT")]
    pub q: Option<String>,
    /// Only users with this status (ACTIVE, STAGED, PROVISIONED, RECOVERY, PASSWORD_EXPIRED,
    /// LOCKED_OUT, SUSPENDED, DEPROVISIONED).
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Stop after N users.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Columns to print, comma separated (e.g. `id,login,status`); `profile.<attribute>`
    /// prints any profile attribute, custom ones too (e.g. `login,profile.department`).
    #[arg(long, value_name = "A,B,C")]
    pub fields: Option<String>,
    /// Read the local index instead of Okta (its age is said on stderr; `--q` matches
    /// login, email and names containing the text).
    #[arg(long, conflicts_with = "parallel")]
    pub offline: bool,
    /// Fetch disjoint parts of the org side by side (within max_in_flight and bucket_share);
    /// users are printed as pages arrive, in no particular order.
    #[arg(long)]
    pub parallel: bool,
}

#[derive(Debug, Clone, Args)]
pub struct UsersCreateArgs {
    #[arg(long)]
    pub login: String,
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub first_name: String,
    #[arg(long)]
    pub last_name: String,
    /// Read the password from the first line of stdin.
    #[arg(long)]
    pub password_stdin: bool,
    /// Recovery question (its answer comes from stdin with --recovery-answer-stdin).
    #[arg(long, requires = "recovery_answer_stdin", value_name = "Q")]
    pub recovery_question: Option<String>,
    /// Read the recovery answer from stdin (the line after the password, if both are read).
    #[arg(long, requires = "recovery_question")]
    pub recovery_answer_stdin: bool,
    /// Add the user to this group (repeatable, at most 20).
    #[arg(long = "group", value_name = "GROUP_ID")]
    pub groups: Vec<String>,
    /// Activate now (the default, as in Okta; without a password Okta emails an activation).
    #[arg(long, conflicts_with = "no_activate")]
    pub activate: bool,
    /// Create the user STAGED.
    #[arg(long)]
    pub no_activate: bool,
}

/// Lifecycle actions offered on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LifecycleAction {
    Activate,
    Reactivate,
    Deactivate,
    Suspend,
    Unsuspend,
    Unlock,
    ExpirePassword,
}

#[derive(Debug, Clone, Args)]
pub struct UsersLifecycleArgs {
    /// User id or login (omit with --from). With --from, the only argument is the action.
    #[arg(value_name = "USER", required_unless_present = "from")]
    pub user: Option<String>,
    /// What to do.
    #[arg(value_enum, value_name = "ACTION")]
    pub action: Option<LifecycleAction>,
    /// Let Okta email the user (activate, reactivate) or the admin (deactivate).
    #[arg(long)]
    pub send_email: bool,
    #[command(flatten)]
    pub bulk: BulkOpts,
}

#[derive(Debug, Clone, Args)]
pub struct UsersResetLinkArgs {
    /// User id or login (omit with --from).
    #[arg(required_unless_present = "from")]
    pub user: Option<String>,
    /// Okta emails the link to the user instead of returning it.
    #[arg(long)]
    pub send_email: bool,
    /// Also end the user's current sessions.
    #[arg(long)]
    pub revoke_sessions: bool,
    #[command(flatten)]
    pub bulk: BulkOpts,
}

#[derive(Debug, Clone, Args)]
pub struct UsersClearSessionsArgs {
    /// User id or login.
    pub user: String,
    /// Also revoke OpenID Connect and OAuth tokens issued to the user.
    #[arg(long)]
    pub oauth_tokens: bool,
}

#[derive(Debug, Clone, Args)]
pub struct UsersDeleteArgs {
    /// User id or login.
    pub user: String,
    /// Let Okta email the admin.
    #[arg(long)]
    pub send_email: bool,
    /// Do not ask (required when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

// ---------------------------------------------------------------- groups

#[derive(Debug, Clone, Args)]
#[command(after_help = "Example:\n  oktui groups list --q Eng --output json")]
pub struct GroupsArgs {
    #[command(flatten)]
    pub out: OutputOpts,
    #[command(subcommand)]
    pub command: GroupsCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum GroupsCommand {
    /// List groups with their member counts.
    #[command(
        after_help = "Examples:\n  oktui groups list --search 'type eq \"OKTA_GROUP\"' --output csv\n  oktui groups list --q Sales"
    )]
    List(GroupsListArgs),
    /// The members of a group (id or exact name); streams like `users list`.
    #[command(after_help = "Example:\n  oktui groups members Engineering --output jsonl")]
    Members(GroupsMembersArgs),
    /// Add a user to a group (OKTA_GROUP only).
    #[command(
        after_help = "Examples:\n  oktui groups add-member Engineering alice@example.com\n  oktui groups add-member 00g1abc --from new-hires.txt"
    )]
    AddMember(GroupMemberArgs),
    /// Remove a user from a group (OKTA_GROUP only).
    #[command(after_help = "Example:\n  oktui groups remove-member Engineering alice@example.com")]
    RemoveMember(GroupMemberArgs),
}

#[derive(Debug, Clone, Args)]
pub struct GroupsListArgs {
    /// Okta search expression (e.g. `profile.name sw "Eng"`).
    #[arg(long, group = "query", value_name = "EXPR")]
    pub search: Option<String>,
    /// Okta filter expression (e.g. `type eq "OKTA_GROUP"`).
    #[arg(long, group = "query", value_name = "EXPR")]
    pub filter: Option<String>,
    /// Group name prefix.
    #[arg(long, group = "query", value_name = "TEXT")]
    pub q: Option<String>,
    /// Stop after N groups.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Columns to print, comma separated.
    #[arg(long, value_name = "A,B,C")]
    pub fields: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct GroupsMembersArgs {
    /// Group id (00g...) or exact group name.
    pub group: String,
    /// Stop after N members.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Columns to print, comma separated.
    #[arg(long, value_name = "A,B,C")]
    pub fields: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct GroupMemberArgs {
    /// Group id (00g...) or exact group name.
    pub group: String,
    /// User id or login (omit with --from).
    #[arg(required_unless_present = "from")]
    pub user: Option<String>,
    #[command(flatten)]
    pub bulk: BulkOpts,
}

// ---------------------------------------------------------------- tenants

#[derive(Debug, Clone, Args)]
#[command(after_help = "Example:\n  oktui tenants list --output json")]
pub struct TenantsArgs {
    #[command(flatten)]
    pub out: OutputOpts,
    #[command(subcommand)]
    pub command: TenantsCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum TenantsCommand {
    /// The configured tenants (the active one is marked).
    #[command(after_help = "Example:\n  oktui tenants list")]
    List,
    /// Test Connect: org metadata, who the credential acts as, latency, rate budget.
    #[command(after_help = "Example:\n  oktui tenants test acme-prod --output json")]
    Test(TenantTestArgs),
    /// Store a tenant's API token in the OS keyring (read from stdin: one line; typed without
    /// echo at a terminal) and set `token_keyring = true` for it in the config file.
    #[command(
        name = "set-token",
        after_help = "Examples:\n  oktui tenants set-token acme-prod\n  pass show okta/acme | oktui tenants set-token acme-prod"
    )]
    SetToken(TenantTestArgs),
}

#[derive(Debug, Clone, Args)]
pub struct TenantTestArgs {
    /// Tenant name from the config.
    pub name: String,
}

// ---------------------------------------------------------------- journal

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:\n  oktui journal\n  oktui journal --unknown --output json")]
pub struct JournalArgs {
    #[command(flatten)]
    pub out: OutputOpts,
    /// Only the writes whose outcome is unknown (sent, and no answer was recorded).
    #[arg(long)]
    pub unknown: bool,
    /// How many of the most recent writes to show.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub limit: usize,
}

// ---------------------------------------------------------------- completions

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  oktui completions bash > ~/.local/share/bash-completion/completions/oktui"
)]
pub struct CompletionsArgs {
    /// Shell to generate completions for.
    #[arg(value_enum)]
    pub shell: CompletionShell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

/// Where `--from` reads: a file or stdin.
pub fn bulk_source(from: &str) -> Option<PathBuf> {
    (from != "-").then(|| PathBuf::from(from))
}

// ---------------------------------------------------------------- logs

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  oktui logs list --filter 'eventType eq \"user.account.lock\"' --since 2026-01-01T00:00:00Z\n  oktui logs tail --filter 'outcome.result eq \"FAILURE\"' --output jsonl"
)]
pub struct LogsArgs {
    #[command(flatten)]
    pub out: OutputOpts,
    #[command(subcommand)]
    pub command: LogsCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum LogsCommand {
    /// System Log events between --since (7 days ago by default) and --until (now), oldest
    /// first, streamed as pages arrive. json/jsonl print whole events.
    List(LogsListArgs),
    /// Follow new System Log events until interrupted (Ctrl-C). Each event is one line; with
    /// jsonl (or json) every line is a whole JSON object, so the output stays valid when cut.
    Tail(LogsTailArgs),
}

#[derive(Debug, Clone, Args)]
pub struct LogsFilterOpts {
    /// Okta filter expression, e.g. `eventType eq "user.session.start" and outcome.result eq
    /// "FAILURE"` (eventType, actor.id, target.id, outcome.result, severity, ... with and/or).
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// Keywords, all of which must appear in the event (case-insensitive).
    #[arg(long, value_name = "WORDS")]
    pub q: Option<String>,
    /// Start time (ISO 8601, e.g. 2026-01-31T00:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct LogsListArgs {
    #[command(flatten)]
    pub filter: LogsFilterOpts,
    /// End time (ISO 8601); now when not given.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Stop after N events.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Newest first.
    #[arg(long)]
    pub newest_first: bool,
}

#[derive(Debug, Clone, Args)]
pub struct LogsTailArgs {
    #[command(flatten)]
    pub filter: LogsFilterOpts,
}

/// `oktui index ...`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  oktui index sync acme\n  oktui index status --output json\n  oktui users list --offline --q smith"
)]
pub struct IndexArgs {
    #[command(flatten)]
    pub out: OutputOpts,
    #[command(subcommand)]
    pub command: IndexCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum IndexCommand {
    /// Where the index is, how many users and groups it holds, when it last synced.
    Status(IndexTenant),
    /// Bring the index up to date: what changed since the last sync, or everything (--full).
    Sync(IndexSyncArgs),
    /// Empty the index (the next sync is a full one).
    Clear(IndexTenant),
}

#[derive(Debug, Clone, Args)]
pub struct IndexTenant {
    /// Tenant name (default: --tenant, or the default tenant).
    #[arg(value_name = "TENANT")]
    pub tenant: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct IndexSyncArgs {
    #[command(flatten)]
    pub tenant: IndexTenant,
    /// List everything and compare ids, instead of asking what changed.
    #[arg(long)]
    pub full: bool,
}
