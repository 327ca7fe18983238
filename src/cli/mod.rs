//! Non-interactive subcommands and their output formats.
//!
//! stdout carries only the result; messages, prompts and progress go to stderr. Every command
//! ends with one of the exit codes in `exit::Exit`.

pub mod apps;
pub mod args;
pub mod bulk;
pub mod config_cmd;
pub mod exit;
pub mod groups;
pub mod index_cmd;
pub mod inputs;
pub mod journal_cmd;
pub mod listing;
pub mod logs;
pub mod man;
pub mod output;
pub mod playbook_args;
pub mod playbooks;
pub mod progress;
pub mod rate_notice;
pub mod records;
pub mod script_args;
pub mod stop;
pub mod tenants;
pub mod terminal;
pub mod users;
pub mod why;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::CommandFactory;
use serde_json::{Map, Value, json};

use crate::config::{self, ActiveTenant};
use crate::journal::Journal;
use crate::okta::{ApiResponse, Client, PlannedRequest};
use args::{Cli, Command, GlobalOpts, SandboxArgs, TuiOpts};
use exit::{CliError, Exit};
use script_args::{CompletionShell, CompletionsArgs, OutputFormat};

/// Runs one scripting subcommand and returns its exit code.
pub fn run(global: GlobalOpts, command: Command) -> ExitCode {
    let format = match &command {
        Command::Users(a) => a.out.output,
        Command::Groups(a) => a.out.output,
        Command::Tenants(a) => a.out.output,
        Command::Journal(a) => a.out.output,
        Command::Logs(a) => a.out.output,
        Command::Apps(a) => a.out.output,
        Command::Playbook(a) => a.out.output,
        Command::Index(a) => a.out.output,
        _ => OutputFormat::Table,
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            CliError::Io(e).report(format == OutputFormat::Json);
            return Exit::Api.into();
        }
    };
    let result = runtime.block_on(dispatch(global, command));
    match result {
        Ok(()) => Exit::Ok.into(),
        // The reader went away (`| head`): what it wanted was written; stop quietly.
        Err(CliError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Ok.into(),
        Err(e) => {
            e.report(format == OutputFormat::Json);
            e.exit().into()
        }
    }
}

async fn dispatch(global: GlobalOpts, command: Command) -> Result<(), CliError> {
    match command {
        Command::Users(args) => {
            let ctx = Ctx::connect(&global, args.out.output)?;
            users::run(&ctx, args.command).await
        }
        Command::Groups(args) => {
            let ctx = Ctx::connect(&global, args.out.output)?;
            groups::run(&ctx, args.command).await
        }
        Command::Logs(args) => {
            let ctx = Ctx::connect(&global, args.out.output)?;
            logs::run(&ctx, args.command).await
        }
        Command::Tenants(args) => tenants::run(&global, args.out.output, args.command).await,
        Command::Apps(args) => {
            let ctx = Ctx::connect(&global, args.out.output)?;
            apps::run(&ctx, args.command).await
        }
        Command::Playbook(args) => {
            let path = config::config_path(&global.selection())?;
            let ctx = match args.command {
                playbook_args::PlaybookCommand::List => None,
                _ => Some(Ctx::connect(&global, args.out.output)?),
            };
            playbooks::playbook(ctx.as_ref(), args, &path).await
        }
        Command::Journal(args) => journal_cmd::run(&args, args.out.output),
        Command::Index(args) => index_cmd::run(&global, args.out.output, args.command).await,
        Command::Completions(args) => completions(&args),
        Command::Man(args) => man::run(&args),
        _ => Err(CliError::Usage(
            "this command is not a scripting command".into(),
        )),
    }
}

fn completions(args: &CompletionsArgs) -> Result<(), CliError> {
    let shell = match args.shell {
        CompletionShell::Bash => clap_complete::Shell::Bash,
        CompletionShell::Zsh => clap_complete::Shell::Zsh,
        CompletionShell::Fish => clap_complete::Shell::Fish,
    };
    // Generated into memory first: clap_complete panics on a write error (`| head`).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "oktui", &mut script);
    let mut out = io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}

/// What every API command needs: the tenant, its client, the journal and the output choices.
pub struct Ctx {
    pub tenant: String,
    pub client: Client,
    pub format: OutputFormat,
    pub read_only: bool,
    pub dry_run: bool,
    pub include_headers: bool,
    pub journal: Journal,
    /// Items per page asked of Okta (`page_size` in the config; `--limit` may ask fewer).
    pub page_size: u32,
    /// The tenant keeps a local index (not `index = false`, not `--no-index`).
    pub use_index: bool,
    /// Requests in flight (`max_in_flight`) and the share of a bucket a parallel listing may
    /// use (`bucket_share`).
    pub max_in_flight: usize,
    pub bucket_share: f64,
    /// The id of the admin the credential acts as (`users/me`), looked up once when a write
    /// first needs it; None when it has no user (an OAuth service app) or could not be read.
    me: tokio::sync::OnceCell<Option<String>>,
    /// Says on stderr when the client waits out a rate limit; stops with the command.
    _rate_notice: Option<rate_notice::Watcher>,
}

impl Ctx {
    pub fn connect(global: &GlobalOpts, format: OutputFormat) -> Result<Ctx, CliError> {
        let resolved = config::resolve(&global.selection())?;
        crate::time_zone::set(resolved.settings.time_zone);
        let active = resolved.active.ok_or_else(|| {
            CliError::Usage(
                "no tenant to act on: set OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN, pass \
                 --tenant NAME, or add a tenant in the console's Credentials tab"
                    .into(),
            )
        })?;
        let mut ctx = Ctx::for_tenant(global, format, active)?;
        if resolved.settings.page_size > 0 {
            ctx.page_size = resolved.settings.page_size;
        }
        ctx.max_in_flight = resolved.settings.max_in_flight.max(1);
        ctx.bucket_share = resolved.settings.bucket_share;
        ctx.use_index &= resolved
            .settings
            .tenant(&ctx.tenant)
            .is_none_or(|t| !t.no_index);
        Ok(ctx)
    }

    pub fn for_tenant(
        global: &GlobalOpts,
        format: OutputFormat,
        active: ActiveTenant,
    ) -> Result<Ctx, CliError> {
        let read_only = active.read_only || global.read_only;
        let mut cfg = active.client;
        // The client refuses writes itself too; the CLI checks first so nothing is looked up
        // for a write that cannot happen.
        cfg.read_only |= read_only;
        let client = Client::new(cfg)?;
        let rate_notice = rate_notice::watch(&client, rate_notice::Sink::Stderr);
        Ok(Ctx {
            tenant: active.name,
            client,
            format,
            read_only,
            dry_run: global.dry_run,
            include_headers: global.include_headers,
            journal: Journal::open_default(),
            page_size: config::DEFAULT_PAGE_SIZE,
            use_index: !global.no_index,
            max_in_flight: config::DEFAULT_MAX_IN_FLIGHT,
            bucket_share: config::DEFAULT_BUCKET_SHARE,
            me: tokio::sync::OnceCell::new(),
            _rate_notice: rate_notice,
        })
    }

    /// How a parallel listing of this tenant runs.
    pub fn parallel_options(&self) -> crate::index::ParallelOptions {
        crate::index::ParallelOptions {
            max_in_flight: self.max_in_flight,
            bucket_share: self.bucket_share,
            page_size: self.page_size.max(1),
            ..Default::default()
        }
    }

    /// The page size for a listing that stops after `limit` items.
    pub fn page_limit(&self, limit: Option<usize>) -> u32 {
        let page = self.page_size.max(1);
        match limit {
            Some(l) => (l.clamp(1, u32::MAX as usize) as u32).min(page),
            None => page,
        }
    }

    /// Whether `user` is the admin this credential acts as.
    pub async fn is_me(&self, user: &crate::okta::User) -> bool {
        let me = self
            .me
            .get_or_init(|| async {
                self.client
                    .me()
                    .await
                    .ok()
                    .map(|f| f.value.row.id().to_string())
            })
            .await;
        me.as_deref() == Some(user.row.id())
    }

    /// Refuses a write on a read-only tenant, before anything is sent.
    pub fn check_writable(&self, what: &str) -> Result<(), CliError> {
        if self.read_only && !self.dry_run {
            return Err(CliError::Refused(format!(
                "read-only tenant {:?}: refused to {what} (nothing was sent)",
                self.tenant
            )));
        }
        Ok(())
    }
}

/// A buffered stdout (the lock-free handle, so it can live across awaits).
pub fn stdout() -> BufWriter<io::Stdout> {
    BufWriter::with_capacity(64 * 1024, io::stdout())
}

/// Prints planned requests for `--dry-run`, one JSON line each.
pub fn print_plans(plans: &[PlannedRequest]) -> Result<(), CliError> {
    let mut out = stdout();
    for p in plans {
        crate::json_out::write(&mut out, p)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// `{"status", "headers", "body"}` for `--include-headers`. Repeated headers (several `Link`
/// lines) are joined with ", " as HTTP allows.
pub fn response_json(r: &ApiResponse, body: Value) -> Value {
    let mut headers = Map::new();
    for (k, v) in &r.headers {
        match headers.get_mut(k) {
            Some(Value::String(prev)) => {
                prev.push_str(", ");
                prev.push_str(v);
            }
            _ => {
                headers.insert(k.clone(), Value::String(v.clone()));
            }
        }
    }
    json!({ "status": r.status, "headers": headers, "body": body })
}

/// `oktui` with no subcommand: checks that a config file named with `--config` can be read
/// (exit 2 naming it otherwise, before the screen is taken), then opens the console.
pub fn console(global: &GlobalOpts, tui: &TuiOpts) -> ExitCode {
    let selection = global.selection();
    if let Err(e) = config::checked_path(&selection) {
        crate::notice::note(&format!("oktui: {e}"));
        return Exit::Usage.into();
    }
    crate::runtime::run(crate::runtime::StartOptions {
        selection,
        demo_users: tui.demo.then_some(tui.demo_users),
        no_index: global.no_index,
    })
}

/// `oktui sandbox ...`.
pub fn sandbox(args: &SandboxArgs) -> ExitCode {
    crate::sandbox::serve_until_stopped(args.options())
}
