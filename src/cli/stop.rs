//! Ctrl-C and SIGTERM during writes: the first one lets the write in flight finish (so its
//! outcome reaches the journal) and stops before the next; a second one exits at once, and the
//! write then reads as "outcome unknown" in the journal (its intent is there, its outcome not).

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use tokio::signal::unix::{SignalKind, signal};
use tokio::task::JoinHandle;

use super::exit::Exit;

/// Listens for SIGINT and SIGTERM while it lives.
pub struct Stop {
    /// 0 until a signal came, then the exit code it asks for.
    code: Arc<AtomicU8>,
    task: Option<JoinHandle<()>>,
}

/// Starts listening. Without signal support (should not happen on unix) the writes simply run
/// with the default handling.
pub fn on_signal() -> Stop {
    let code = Arc::new(AtomicU8::new(0));
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return Stop { code, task: None };
    };
    let seen = code.clone();
    let task = tokio::spawn(async move {
        loop {
            let exit = tokio::select! {
                _ = int.recv() => Exit::Interrupted,
                _ = term.recv() => Exit::Terminated,
            };
            if seen.swap(exit.code(), Ordering::SeqCst) != 0 {
                crate::notice::note(
                    "oktui: stopped at once; a write in flight reads as outcome unknown in `oktui journal --unknown`",
                );
                std::process::exit(i32::from(exit.code()));
            }
            crate::notice::note(
                "oktui: stopping after the write in flight (its outcome will be recorded); \
                 signal again to stop at once",
            );
        }
    });
    Stop {
        code,
        task: Some(task),
    }
}

impl Stop {
    /// The exit code of the signal received, if one was.
    pub fn signalled(&self) -> Option<Exit> {
        match self.code.load(Ordering::SeqCst) {
            0 => None,
            c if c == Exit::Terminated.code() => Some(Exit::Terminated),
            _ => Some(Exit::Interrupted),
        }
    }
}

impl Drop for Stop {
    fn drop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}
