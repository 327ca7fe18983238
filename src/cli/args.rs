//! Command-line shape (clap). The TUI is the default; subcommands script the same operations.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// `oktui --version`: the crate version and the commit it was built from (`build.rs`; "unknown"
/// where the build had no git repository), so an admin can say exactly what runs on a host.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("OKTUI_GIT_COMMIT"),
    ")"
);

#[derive(Debug, Parser)]
#[command(
    name = "oktui",
    version = VERSION,
    about = "A terminal console for Okta administrators",
    mut_subcommand("sandbox", hide_tenant_options)
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(flatten)]
    pub tui: TuiOpts,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The sandbox serves an org; it has no tenant, config, dry run or answers to print. The
/// global options are shadowed by hidden ones of the same id (clap then does not propagate
/// the globals into it), so `oktui sandbox --help` lists only what the server uses while any
/// old command line that passed them still parses.
fn hide_tenant_options(sandbox: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction};
    let flag = |id: &'static str, long: &'static str| {
        Arg::new(id)
            .long(long)
            .action(ArgAction::SetTrue)
            .hide(true)
    };
    sandbox
        .arg(Arg::new("tenant").long("tenant").hide(true))
        .arg(
            Arg::new("config")
                .long("config")
                .value_parser(clap::value_parser!(PathBuf))
                .hide(true),
        )
        .arg(flag("read_only", "read-only"))
        .arg(flag("dry_run", "dry-run"))
        .arg(flag("include_headers", "include-headers"))
}

/// Options every command understands.
#[derive(Debug, Clone, Args, Default)]
pub struct GlobalOpts {
    /// Tenant name from the config file.
    #[arg(long, global = true, env = "OKTUI_TENANT")]
    pub tenant: Option<String>,
    /// Config file to use instead of the default one.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Refuse every write (the client itself refuses non-GET requests).
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Print the request(s) a command would send, as JSON lines, and send nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// Print answers as {"status", "headers", "body"} instead of the body alone.
    #[arg(long, global = true)]
    pub include_headers: bool,
    /// Keep no local index for this run (as `index = false` does for a tenant).
    #[arg(long, global = true)]
    pub no_index: bool,
}

impl GlobalOpts {
    /// The config file, tenant and read-only choice, as the config module takes them.
    pub fn selection(&self) -> crate::config::Selection {
        crate::config::Selection {
            config: self.config.clone(),
            tenant: self.tenant.clone(),
            read_only: self.read_only,
        }
    }
}

#[derive(Debug, Clone, Args, Default)]
pub struct TuiOpts {
    /// Open the console on a built-in sandbox org (no tenant needed).
    #[arg(long)]
    pub demo: bool,
    /// Number of users in the demo org.
    #[arg(long, default_value_t = 5000, value_name = "N")]
    pub demo_users: usize,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the Okta-compatible sandbox server.
    Sandbox(SandboxArgs),
    /// Users: list, show, create, change status, reset links, sessions, delete.
    Users(crate::cli::script_args::UsersArgs),
    /// Groups: list, members, add and remove members.
    Groups(crate::cli::script_args::GroupsArgs),
    /// The System Log: list events, or follow new ones (tail).
    Logs(crate::cli::script_args::LogsArgs),
    /// Configured tenants and Test Connect.
    Tenants(crate::cli::script_args::TenantsArgs),
    /// The write journal: recent writes and their outcomes (`--unknown`: the ones to check).
    Journal(crate::cli::script_args::JournalArgs),
    /// Shell completions for bash, zsh or fish (written to stdout).
    Completions(crate::cli::script_args::CompletionsArgs),
    /// The man page, generated from these same options (roff, to stdout or into a directory).
    Man(ManArgs),
    /// The settings file: where it is, whether it reads cleanly.
    Config(ConfigArgs),
    /// App instances and their assignments: list, get, users, assign, unassign.
    Apps(crate::cli::playbook_args::AppsArgs),
    /// Playbooks (offboard, onboard-like, and those of config.toml): list, plan, run.
    Playbook(crate::cli::playbook_args::PlaybookArgs),
    /// The local index of a tenant: status, sync (delta, or --full), clear.
    Index(crate::cli::script_args::IndexArgs),
}

/// `oktui man`: `oktui man > oktui.1`, or every page (one per subcommand) into a directory.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  oktui man | sudo tee /usr/local/share/man/man1/oktui.1 >/dev/null\n  oktui man --dir ~/.local/share/man/man1"
)]
pub struct ManArgs {
    /// Write oktui.1 and a page per subcommand (oktui-users.1, ...) into this directory.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `oktui config ...`.
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file (`--config` or the default one).
    Path,
    /// Read the config file and report problems and warnings (never changes it).
    Check,
}

/// `oktui sandbox`: an Okta-compatible org on 127.0.0.1.
#[derive(Debug, Clone, Args)]
pub struct SandboxArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Number of seeded users.
    #[arg(long, default_value_t = 5000)]
    pub users: usize,
    /// Seed for the deterministic org.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// API token the sandbox accepts (SSWS).
    #[arg(long, default_value = "sandbox-token")]
    pub token: String,
    #[command(flatten)]
    pub faults: FaultArgs,
}

impl SandboxArgs {
    /// The server's own options.
    pub fn options(&self) -> crate::sandbox::SandboxOptions {
        crate::sandbox::SandboxOptions {
            users: self.users,
            seed: self.seed,
            token: self.token.clone(),
            port: self.port,
            faults: self.faults.faults(),
        }
    }
}

/// Faults to inject, for trying the console and the client under stress.
#[derive(Debug, Clone, Args, Default)]
pub struct FaultArgs {
    /// Added latency per request, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency_ms: u64,
    /// Share of requests answered with a 5xx (0.0 to 1.0).
    #[arg(long, default_value_t = 0.0, value_name = "RATIO")]
    pub error_rate: f64,
    /// Share of requests whose connection is dropped without an answer (0.0 to 1.0).
    #[arg(long, default_value_t = 0.0, value_name = "RATIO")]
    pub drop_rate: f64,
    /// Extra latency on list pages after the first, in milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub slow_page_ms: u64,
    /// Requests allowed per minute per bucket before 429. 0 = Okta's per-endpoint figures for
    /// Workforce Identity orgs (developer.okta.com/docs/reference/rl-global-mgmt): 600 to list
    /// or create users and to update, delete or change the lifecycle of one, 2000 to get one,
    /// 500 for the groups list, 1000 for one group, 1200 for the rest of /api/v1.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub rate_limit: u32,
    /// Requests allowed in flight at once before 429 (0 = no cap).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub concurrency_limit: u32,
    /// Apply a write even when the client hangs up before the answer (as a real server does;
    /// without it the sandbox drops a request whose client went away).
    #[arg(long)]
    pub complete_after_disconnect: bool,
}

impl FaultArgs {
    /// The sandbox's fault settings (ratios clamped to 0..1).
    pub fn faults(&self) -> crate::sandbox::Faults {
        crate::sandbox::Faults {
            latency_ms: self.latency_ms,
            error_rate: self.error_rate.clamp(0.0, 1.0),
            drop_rate: self.drop_rate.clamp(0.0, 1.0),
            slow_page_ms: self.slow_page_ms,
            rate_limit_per_min: self.rate_limit,
            concurrency_limit: self.concurrency_limit,
            rate_window_secs: 0,
            complete_after_disconnect: self.complete_after_disconnect,
        }
    }
}
