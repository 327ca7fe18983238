//! The one place with side effects: the terminal, the event stream, signals, and the tasks
//! that perform the reducer's effects. The loop draws only when the model changed and runs a
//! timer only while a spinner is visible, so an idle console uses no CPU and writes nothing.

mod clipboard;
mod executor;
mod index_task;
mod keyring;
mod logging;
pub mod logs;
mod pane;
mod playbooks;
mod setup;
mod tasks;
mod tenants;
pub mod terminal;
pub mod writes;

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Duration;

use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::mpsc;

use crate::app::{App, Effect, Msg};
use crate::config::Selection;
use crate::notice::note;

pub use clipboard::osc52;
pub use setup::{NOTHING_CONFIGURED, StartOptions};

use executor::Executor;
use terminal::TerminalGuard;

/// Capacity of the loop's message channel. Bounded so a fast stream waits for the console.
const CHANNEL: usize = 64;
/// Spinner frame time, only while something loads.
const TICK: Duration = Duration::from_millis(120);
/// Set to 1 to panic right after the first draw (tests check the terminal is restored).
const TEST_PANIC_ENV: &str = "OKTUI_TEST_PANIC";

/// `oktui` with no subcommand: the interactive console.
pub fn run(opts: StartOptions) -> ExitCode {
    let log = logging::init();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            note(&format!("oktui: cannot start the async runtime: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let code = rt.block_on(async move {
        match console(opts).await {
            Ok(code) => code,
            Err(e) => {
                terminal::restore();
                tracing::error!("console failed: {e}");
                // Not `eprintln!`: after a hang-up stderr is gone, and a failed write panics.
                note(&format!("oktui: {e}"));
                if let Some(p) = &log {
                    note(&format!("(log: {})", p.display()));
                }
                ExitCode::FAILURE
            }
        }
    });
    // Background requests may still be winding down; do not wait for them.
    rt.shutdown_timeout(Duration::from_millis(200));
    code
}

/// Whether a failed terminal read means the terminal went away (the SSH session dropped, the
/// window or tmux server closed): the kernel may report that as EIO before SIGHUP arrives.
fn is_hangup(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::EIO) | Some(libc::ENXIO))
        || matches!(
            e.kind(),
            io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe
        )
}

async fn console(opts: StartOptions) -> Result<ExitCode, String> {
    let setup = setup::prepare(&opts).await?;
    let global = opts.selection;
    let _sandbox = setup.sandbox;
    let session = setup.session;
    let (tx, mut rx) = mpsc::channel::<Msg>(CHANNEL);
    let (connections, mut connected) = mpsc::channel(4);
    let mut executor = Executor::new(setup.client, tx, connections);

    let mut exit_signals = terminal::ExitSignals::catch().map_err(|e| e.to_string())?;
    let mut job_signals = terminal::JobSignals::catch().map_err(|e| e.to_string())?;

    let mut app = App::new(setup.init);
    let mut guard = TerminalGuard::enter(app.mouse).map_err(|e| format!("terminal: {e}"))?;
    let backend = CrosstermBackend::new(io::stdout());
    let mut terminal = Screen(Some(
        Terminal::new(backend).map_err(|e| format!("terminal: {e}"))?,
    ));
    let size = terminal.size().map_err(|e| format!("terminal: {e}"))?;
    app.update(Msg::Resize(size.width, size.height));
    tracing::info!(
        tenant = app.tenant.as_ref().map(|t| t.name.as_str()).unwrap_or("-"),
        "console started"
    );

    let mut events = EventStream::new();
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let test_panic = std::env::var(TEST_PANIC_ENV).is_ok_and(|v| v == "1");
    let mut drawn = false;
    let mut last_screen = (app.tab, app.stack.len(), app.context());

    let mut pending: Vec<Msg> = Vec::new();
    let start = app.start();
    let mut exit = ExitCode::SUCCESS;
    // Runs effects with everything `perform` needs; the loop does this in several places.
    macro_rules! perform {
        ($effects:expr) => {
            perform(
                $effects,
                &mut app,
                &mut executor,
                &mut guard,
                &mut terminal,
                (&global, session.as_ref()),
                &mut pending,
            )
        };
    }
    perform!(start);

    loop {
        while let Some(msg) = pending.pop() {
            let effects = app.update(msg);
            perform!(effects);
        }
        if app.quit {
            break;
        }
        if app.take_dirty() {
            // A full repaint when the screen changes: where a terminal and ratatui still
            // disagree on a width (Indic clusters are spread by `ui::clusters`; others may
            // remain), leftovers do not follow the admin to the next screen.
            let screen = (app.tab, app.stack.len(), app.context());
            if screen != last_screen {
                repaint(&mut terminal);
                last_screen = screen;
            }
            match terminal.draw(|f| crate::ui::draw(f, &app)) {
                Ok(_) => {}
                Err(e) if is_hangup(&e) => {
                    tracing::info!("the terminal went away: {e}");
                    exit = ExitCode::from(129);
                    break;
                }
                Err(e) => return Err(format!("drawing: {e}")),
            }
            if test_panic && !drawn {
                panic!("induced panic ({TEST_PANIC_ENV}=1)");
            }
            drawn = true;
        }
        // A 429 wait inside the client also needs the timer: its countdown is on screen.
        let ticking =
            app.wants_tick() || executor.client().is_some_and(|c| c.rate_wait().is_some());
        // While not ticking, a write that meets a 429 must still start the countdown.
        let wait_started = executor.client().map(|c| c.rate_wait_started());
        let wait_started = async {
            match &wait_started {
                Some(n) => n.notified().await,
                None => std::future::pending().await,
            }
        };
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => match event_msg(ev) {
                    Some(m) => m,
                    None => continue,
                },
                Some(Err(e)) if is_hangup(&e) => {
                    tracing::info!("the terminal went away: {e}");
                    exit = ExitCode::from(129);
                    break;
                }
                Some(Err(e)) => return Err(format!("reading the terminal: {e}")),
                None => break,
            },
            Some(msg) = rx.recv() => msg,
            Some(done) = connected.recv() => match executor.connected(done) {
                Some(m) => m,
                None => continue,
            },
            _ = ticker.tick(), if ticking => Msg::Tick,
            _ = wait_started, if !ticking => Msg::Tick,
            code = exit_signals.recv() => { exit = ExitCode::from(code); break; }
            job = job_signals.recv() => match job {
                // As Ctrl-Z: the terminal is put back before the stop and taken on `fg`.
                terminal::JobSignal::Stop => {
                    perform!(vec![Effect::Suspend]);
                    continue;
                }
                terminal::JobSignal::Continue => {
                    match guard.continued() {
                        Ok(true) => {
                            repaint(&mut terminal);
                            app.mark_dirty();
                        }
                        Ok(false) => {}
                        Err(e) => tracing::warn!("resume: {e}"),
                    }
                    continue;
                }
            },
        };
        if matches!(msg, Msg::Tick) {
            poll_client(&executor, &app, &mut pending);
        }
        let effects = app.update(msg);
        perform!(effects);
        // Take in whatever else already arrived before drawing, so a burst of pages costs one
        // frame instead of one per page.
        for _ in 0..CHANNEL {
            match rx.try_recv() {
                Ok(msg) => {
                    let effects = app.update(msg);
                    perform!(effects);
                }
                Err(_) => break,
            }
        }
    }
    executor.stop_all();
    drop(terminal);
    drop(guard);
    tracing::info!("console stopped");
    Ok(exit)
}

/// On each tick: the client's 429 wait (for the header's countdown) and its latest budget
/// (so the figure shown does not go stale while requests run).
fn poll_client(executor: &Executor, app: &App, pending: &mut Vec<Msg>) {
    let Some(client) = executor.client() else {
        return;
    };
    // The reducer ignores an unchanged wait, so this costs no redraw.
    pending.push(Msg::ClientWait(client.rate_wait()));
    if let Some(b) = client.rate_budget()
        && app.rate != Some(b)
    {
        pending.push(Msg::Rate(b));
    }
}

fn event_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Mouse(m) => Some(Msg::Mouse(m)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Paste(s) => Some(Msg::Paste(s)),
        _ => None,
    }
}

type Term = Terminal<CrosstermBackend<io::Stdout>>;

/// Clears the screen and makes the next draw paint every cell. Not `Terminal::clear`: that
/// asks the terminal where its cursor is (CSI 6n) and waits up to 2 s for the answer, a round
/// trip per screen change over SSH and a freeze where the answer never comes. A resize to
/// the same size clears the same way without asking.
fn repaint(terminal: &mut Term) {
    if let Ok(size) = terminal.size() {
        let _ = terminal.resize(ratatui::layout::Rect::from((
            ratatui::layout::Position::ORIGIN,
            size,
        )));
    }
}

/// The ratatui terminal, put away safely on every way out of the loop: ratatui's own Drop
/// reports a failure to show the cursor with `eprintln!`, which panics once the terminal is
/// gone (a hang-up, where stderr is that same terminal).
struct Screen(Option<Term>);

impl std::ops::Deref for Screen {
    type Target = Term;
    fn deref(&self) -> &Term {
        self.0.as_ref().expect("the terminal is only taken on drop")
    }
}

impl std::ops::DerefMut for Screen {
    fn deref_mut(&mut self) -> &mut Term {
        self.0.as_mut().expect("the terminal is only taken on drop")
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        if let Some(mut term) = self.0.take()
            && term.show_cursor().is_err()
        {
            // No terminal left to put back: skip ratatui's Drop (and its eprintln!). It only
            // holds buffers, and the process is ending.
            std::mem::forget(term);
        }
    }
}

/// Performs effects. Answers that are known at once go to `pending` (handled before the next
/// draw); everything that waits on the network runs as a task.
fn perform(
    effects: Vec<Effect>,
    app: &mut App,
    executor: &mut Executor,
    guard: &mut TerminalGuard,
    terminal: &mut Term,
    (global, session): (&Selection, Option<&setup::SessionTenant>),
    pending: &mut Vec<Msg>,
) {
    for effect in effects {
        match effect {
            Effect::LoadUsers { req, query } => executor.load_users(req, query),
            Effect::LoadGroups { req, query } => executor.load_groups(req, query),
            Effect::LoadMembers { req, group_id } => executor.load_members(req, &group_id),
            Effect::LoadUserDetail { req, user_id } => executor.load_user_detail(req, user_id),
            Effect::LoadGroup { req, group_id } => executor.load_group(req, group_id),
            Effect::Retry { slot } => executor.retry(slot),
            Effect::Cancel { slot } => executor.cancel(slot),
            Effect::Copy { text, what } => {
                let out = terminal.backend_mut();
                let ok = out
                    .write_all(osc52(&text).as_bytes())
                    .and_then(|_| out.flush())
                    .is_ok();
                if ok {
                    pending.push(Msg::Copied(what));
                }
            }
            Effect::SetMouse(on) => {
                if let Err(e) = guard.set_mouse(on) {
                    tracing::warn!("mouse toggle: {e}");
                }
            }
            Effect::SwitchTenant(name) => {
                if app.tenant.as_ref().is_some_and(|t| t.name == name)
                    && executor.client().is_some()
                {
                    pending.push(Msg::TenantFailed(format!("already connected to {name}")));
                    continue;
                }
                // The demo / OKTA_CLIENT_* tenant is not in the file: reuse its settings
                // (nothing to resolve). A file tenant's secret is resolved off the loop.
                match session.filter(|s| s.info.name == name) {
                    Some(s) => {
                        let opened = s.connect();
                        executor.connect(move || opened);
                    }
                    None => {
                        let global = global.clone();
                        executor.connect(move || setup::switch(&global, &name));
                    }
                }
            }
            Effect::Suspend => {
                if let Err(e) = guard.suspend() {
                    tracing::warn!("suspend: {e}");
                }
                // The screen was the shell's meanwhile: draw everything again.
                repaint(terminal);
                app.mark_dirty();
            }
            Effect::Quit => {}
            Effect::ReadClock { req } => pending.push(Msg::Clock {
                req,
                now_epoch: chrono::Utc::now().timestamp(),
            }),
            Effect::Action(action) => writes::perform(action, executor),
            Effect::Credentials(effect) => tenants::perform(effect, global, executor),
            Effect::ProbeKeyring(probe) => keyring::probe(probe, executor),
            Effect::Pane(effect) => pane::perform(effect, executor),
            Effect::Index(effect) => index_task::perform(effect, executor),
            Effect::Logs(effect) => logs::perform(effect, executor),
            Effect::Profile(effect) => playbooks::perform_profile(effect, executor),
            Effect::Playbook(effect) => playbooks::perform(effect, global, executor),
        }
    }
}
