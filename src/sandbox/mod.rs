//! An Okta-compatible server with an in-memory org, for `--demo`, the tests and trying things.
//!
//! It answers as the official Management API spec and `shared/okta-api/NOTES.md` say: the same
//! paths, parameters, status codes, error objects, `Link` pagination and `X-Rate-Limit-*`
//! headers. Embed it with [`start`]; run it standalone with `oktui sandbox`.
//!
//! The seeded org (see `seed.rs`): user 0 is the token's admin `admin@example.com`
//! (SUPER_ADMIN, `users/me`); users 1-4 carry hostile text; users 5-12 have each status in
//! turn (so an org of 13 or more users has every status); the rest follow a realistic mix.
//! Groups: `Everyone` (BUILT_IN), OKTA_GROUPs (one named "Help Desk Admins") and AD-imported
//! APP_GROUPs. Test hooks live on [`SandboxHandle`]; OAuth plugs in through `auth.rs`.

pub mod auth;
pub mod credentials;
pub mod error;
pub mod expr;
pub mod factors;
pub mod faults;
pub mod grants;
pub mod groups_write;
pub mod lifecycle;
pub mod limits;
pub mod oauth;
pub mod profile;
pub mod roles;
pub mod routes;
pub mod rules;
pub mod seed;
mod server;
pub mod shapes;
mod state;
pub mod store;
pub mod syslog;
pub mod syslog_seed;

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use error::ErrorResponse;
pub use faults::{DEFAULT_RATE_LIMIT, Faults};
pub use limits::RAISED_RATE_LIMIT;
pub(crate) use state::SandboxState;

/// How to build and serve a sandbox org.
#[derive(Clone)]
pub struct SandboxOptions {
    /// Users in the org, the token's admin (`users/me`) included; 13 or more give every status.
    pub users: usize,
    /// Seed: the same seed and size always give the same org.
    pub seed: u64,
    /// The API token accepted as `Authorization: SSWS <token>`.
    pub token: String,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    pub faults: Faults,
}

impl SandboxOptions {
    /// `users` users, seed 1, token "sandbox-token", a free port, no faults, Okta's rate
    /// limits (`limits.rs`).
    pub fn new(users: usize) -> Self {
        SandboxOptions {
            users,
            seed: 1,
            token: "sandbox-token".to_owned(),
            port: 0,
            faults: Faults::default(),
        }
    }
}

impl SandboxOptions {
    /// Every rate-limit bucket at `per_minute` instead of Okta's figures (`--rate-limit`).
    pub fn with_rate_limit(mut self, per_minute: u32) -> Self {
        self.faults.rate_limit_per_min = per_minute;
        self
    }
}

// Written by hand so the token never reaches a log line.
impl std::fmt::Debug for SandboxOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxOptions")
            .field("users", &self.users)
            .field("seed", &self.seed)
            .field("token", &"••••")
            .field("port", &self.port)
            .field("faults", &self.faults)
            .finish()
    }
}

/// A running sandbox. Dropping it (or [`SandboxHandle::shutdown`]) stops the server.
pub struct SandboxHandle {
    base_url: String,
    token: String,
    state: Arc<SandboxState>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

/// Seeds the org, binds 127.0.0.1:`port` and serves in the background on the current tokio
/// runtime.
pub async fn start(opts: SandboxOptions) -> std::io::Result<SandboxHandle> {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, opts.port))).await?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}");
    let store = seed::build_org(opts.users, opts.seed);
    let state = Arc::new(SandboxState::new(
        store,
        opts.token.clone(),
        opts.faults,
        opts.seed,
        base_url.clone(),
    ));
    let (stop, stopped) = watch::channel(false);
    let router = routes::router(state.clone());
    let task = tokio::spawn(server::serve(listener, state.clone(), router, stopped));
    Ok(SandboxHandle {
        base_url,
        token: opts.token,
        state,
        stop,
        task: Some(task),
    })
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The SSWS token the sandbox accepts.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Stops accepting, closes open connections and waits for the server task.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Replaces the injected faults at run time (e.g. a 429 storm for a few seconds). Rate
    /// windows restart so a new bucket size applies at once.
    pub fn set_faults(&self, faults: Faults) {
        self.state.set_faults(faults);
    }

    pub fn faults(&self) -> Faults {
        self.state.faults()
    }

    /// Forces a user's status (by id or login), as if Okta's policies had acted, e.g.
    /// `LOCKED_OUT` after failed sign-ins. Returns false for an unknown user or status.
    pub fn set_user_status(&self, login_or_id: &str, status: &str) -> bool {
        let Some(status) = store::Status::parse(status) else {
            return false;
        };
        let now = store::now_ms();
        let changed = self
            .state
            .write_store()
            .force_status(login_or_id, status, now);
        if changed && status == store::Status::LockedOut {
            self.log_lockout(login_or_id, now);
        }
        changed
    }

    /// The System Log of a lockout happening now: failed passwords, then the lock.
    fn log_lockout(&self, login_or_id: &str, now: i64) {
        let Some(user) = self
            .state
            .read_store()
            .find_user(login_or_id)
            .map(syslog_seed::user_party)
        else {
            return;
        };
        let mut events = Vec::new();
        let client = syslog_seed::sign_in_client();
        syslog_seed::lockout(&mut events, &user, &client, now, now, 0);
        let mut log = self.state.write_log();
        for (_, e) in events {
            log.append(now, e);
        }
    }

    /// The id of a user, by id or login.
    pub fn user_id(&self, login_or_id: &str) -> Option<String> {
        self.state
            .read_store()
            .find_user(login_or_id)
            .map(|u| u.id.clone())
    }

    /// The status of a user (by id or login) as the API spells it.
    pub fn user_status(&self, login_or_id: &str) -> Option<&'static str> {
        self.state
            .read_store()
            .find_user(login_or_id)
            .map(|u| u.status.as_str())
    }

    /// Whether a user is a member of a group (both by id).
    pub fn is_member(&self, group_id: &str, user_id: &str) -> bool {
        self.state.read_store().is_member(group_id, user_id)
    }

    /// The id of the admin behind the token (`users/me`).
    pub fn admin_id(&self) -> String {
        self.state.read_store().admin_id.clone()
    }

    /// Requests received (answered, refused or dropped) whose method is `method` (any when
    /// empty) and whose path starts with `path_prefix`. Lets tests prove that nothing was sent
    /// or that a POST was not repeated.
    pub fn request_count(&self, method: &str, path_prefix: &str) -> u64 {
        self.state.request_count(method, path_prefix)
    }

    /// Forgets the request counters.
    pub fn reset_request_counts(&self) {
        self.state.reset_request_counts();
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// `oktui sandbox ...`: prints `BASE_URL token=TOKEN` on the first line, then serves until
/// Ctrl-C or SIGTERM.
pub fn serve_until_stopped(opts: SandboxOptions) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("oktui sandbox: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let port = opts.port;
        let handle = match start(opts).await {
            Ok(h) => h,
            Err(e) => {
                eprintln!("oktui sandbox: cannot listen on 127.0.0.1:{port}: {e}");
                return ExitCode::FAILURE;
            }
        };
        {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{} token={}", handle.base_url(), handle.token());
            let _ = out.flush();
        }
        wait_for_stop_signal().await;
        handle.shutdown().await;
        ExitCode::SUCCESS
    })
}

async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
