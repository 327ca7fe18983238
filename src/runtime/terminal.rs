//! The terminal guard: raw mode + alternate screen while the console runs, restored on every
//! way out — normal quit and errors (Drop), panics (the hook restores before the message is
//! printed, then exits non-zero), SIGINT/SIGQUIT/SIGTERM/SIGHUP (`ExitSignals`: the loop ends,
//! Drop runs, the exit code is 128 + the signal), and Ctrl-Z or SIGTSTP (restored before
//! stopping, re-entered on `fg`; `JobSignals`).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use tokio::signal::unix::{Signal, SignalKind, signal};

/// True while the terminal is in console mode (so the panic hook knows to restore).
static ACTIVE: AtomicBool = AtomicBool::new(false);

pub struct TerminalGuard {
    mouse: bool,
    /// Stops made by `suspend` whose SIGCONT `continued` has not seen yet.
    own_stops: u32,
}

impl TerminalGuard {
    pub fn enter(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        let guard = TerminalGuard {
            mouse,
            own_stops: 0,
        };
        guard.setup()?;
        Ok(guard)
    }

    fn setup(&self) -> io::Result<()> {
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut out = io::stdout();
        execute!(
            out,
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        )?;
        if self.mouse {
            execute!(out, EnableMouseCapture)?;
        }
        Ok(())
    }

    pub fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        self.mouse = on;
        let mut out = io::stdout();
        if on {
            execute!(out, EnableMouseCapture)
        } else {
            execute!(out, DisableMouseCapture)
        }
    }

    /// Ctrl-Z (or SIGTSTP from outside): restore the terminal, stop the process (as the
    /// shell's job control expects), and set the console up again when `fg` continues it.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        stop_self();
        // The SIGCONT that woke us is also queued for `JobSignals`: it needs no second setup.
        self.own_stops += 1;
        self.setup()
    }

    /// After SIGCONT. Continuing from our own `suspend` needs nothing more. Continuing from a
    /// stop we could not catch (SIGSTOP) finds the screen as the shell left it and perhaps the
    /// terminal out of raw mode: put it back and take it again whole. Returns whether the
    /// screen must be drawn again.
    pub fn continued(&mut self) -> io::Result<bool> {
        if self.own_stops > 0 {
            self.own_stops -= 1;
            return Ok(false);
        }
        // Out and in again: raw mode is set afresh even where the shell reset the terminal.
        restore();
        self.setup()?;
        Ok(true)
    }
}

/// Stops this process the way SIGTSTP's default action does, even though `JobSignals` has a
/// handler installed for it: the default action is put back for the moment of the stop and
/// the handler afterwards.
fn stop_self() {
    // SAFETY: sigaction() with a zeroed struct set to SIG_DFL and an empty mask is valid;
    // `old` receives the current action and is put back unchanged. raise() sends SIGTSTP to
    // this thread only, so no other thread's signal handling is affected, and it returns once
    // SIGCONT continues the process.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        libc::sigemptyset(&mut default.sa_mask);
        let mut old: libc::sigaction = std::mem::zeroed();
        let swapped = libc::sigaction(libc::SIGTSTP, &default, &mut old) == 0;
        libc::raise(libc::SIGTSTP);
        if swapped {
            libc::sigaction(libc::SIGTSTP, &old, std::ptr::null_mut());
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as the shell had it. Safe to call more than once; errors are
/// ignored because the terminal may already be gone (SSH drop).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// The signals that end the console. Their default action kills the process on the spot,
/// leaving the admin's shell in the alternate screen with mouse reporting on; caught, they end
/// the loop instead, so the guard restores the terminal first. In raw mode Ctrl-C and Ctrl-\
/// arrive as keys, but `kill -INT` / `kill -QUIT` from another shell (or a supervisor) do not.
/// SIGTSTP and SIGCONT suspend and resume rather than end: `JobSignals`.
pub struct ExitSignals {
    signals: Vec<(Signal, i32)>,
}

impl ExitSignals {
    /// Catches SIGINT, SIGQUIT, SIGTERM and SIGHUP from now on (for the rest of the process).
    pub fn catch() -> io::Result<Self> {
        let mut signals = Vec::new();
        for (kind, number) in [
            (SignalKind::interrupt(), libc::SIGINT),
            (SignalKind::quit(), libc::SIGQUIT),
            (SignalKind::terminate(), libc::SIGTERM),
            (SignalKind::hangup(), libc::SIGHUP),
        ] {
            signals.push((signal(kind)?, number));
        }
        Ok(ExitSignals { signals })
    }

    /// Waits for the next of these signals; returns the exit code the shell expects for it
    /// (128 + the signal's number).
    pub async fn recv(&mut self) -> u8 {
        let waits = self.signals.iter_mut().map(|(s, number)| {
            let number = *number;
            Box::pin(async move {
                s.recv().await;
                number
            })
        });
        let (number, _, _) = futures::future::select_all(waits).await;
        tracing::info!("signal {number} received: restoring the terminal and exiting");
        // Signal numbers are small (under 64), so 128 + n fits an exit code.
        u8::try_from(128 + number).unwrap_or(u8::MAX)
    }
}

/// Job control from outside: SIGTSTP (`kill -TSTP`; Ctrl-Z itself arrives as a key in raw
/// mode) and SIGCONT. Uncaught, SIGTSTP stops the console with the alternate screen and mouse
/// reporting still on under the shell's prompt.
pub struct JobSignals {
    stop: Signal,
    cont: Signal,
}

/// What `JobSignals` received.
pub enum JobSignal {
    Stop,
    Continue,
}

impl JobSignals {
    pub fn catch() -> io::Result<Self> {
        Ok(JobSignals {
            stop: signal(SignalKind::from_raw(libc::SIGTSTP))?,
            cont: signal(SignalKind::from_raw(libc::SIGCONT))?,
        })
    }

    pub async fn recv(&mut self) -> JobSignal {
        tokio::select! {
            _ = self.stop.recv() => JobSignal::Stop,
            _ = self.cont.recv() => JobSignal::Continue,
        }
    }
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let was_active = ACTIVE.load(Ordering::SeqCst);
        restore();
        // The backtrace goes to the log: stderr may be gone (a hang-up), and the log is
        // what an admin can attach to a bug report.
        tracing::error!(
            "panic: {info}\n{}",
            std::backtrace::Backtrace::force_capture()
        );
        default(info);
        // The console cannot continue sensibly with its state half-updated: exit non-zero
        // with the terminal already restored.
        if was_active {
            std::process::exit(101);
        }
    }));
}
