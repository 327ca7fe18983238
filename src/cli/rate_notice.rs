//! Says on stderr when the client waits out a rate limit, so a command that goes quiet for a
//! minute explains why. One line per wait (not a countdown): scripts keep stderr for messages,
//! and a log of a scheduled job should read "waiting 58s" once, not 58 times.

use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::okta::Client;

/// How often the watcher looks at the client. Waits are seconds long, so this only decides
/// how soon the line appears.
const POLL: Duration = Duration::from_millis(200);

/// Waits shorter than this are not worth a line (pacing between requests, jitter).
const MIN_WAIT: Duration = Duration::from_secs(1);

/// A later deadline within this of the announced one is the same wait (requests refused
/// together each note their own deadline, a little apart).
const SAME_WAIT: Duration = Duration::from_secs(2);

/// Decides when a wait is new and deserves a line.
#[derive(Default)]
pub struct RateNotice {
    announced_until: Option<Instant>,
}

impl RateNotice {
    /// The message to print for the wait `left` seen at `now`, if it is a new one.
    pub fn check(&mut self, left: Option<Duration>, now: Instant) -> Option<String> {
        let Some(left) = left else {
            // The wait is over: the next one is news again.
            self.announced_until = None;
            return None;
        };
        if left < MIN_WAIT {
            return None;
        }
        let until = now + left;
        if self
            .announced_until
            .is_some_and(|announced| until <= announced + SAME_WAIT)
        {
            return None;
        }
        self.announced_until = Some(until);
        Some(format!(
            "rate limited: waiting {}s for the window to reset",
            left.as_secs_f64().ceil() as u64
        ))
    }
}

/// Stops the watcher when dropped (the command is over).
pub struct Watcher(tokio::task::JoinHandle<()>);

impl Drop for Watcher {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Where the lines go: stderr, or a buffer in tests.
#[derive(Clone)]
pub enum Sink {
    Stderr,
    Buffer(Arc<Mutex<Vec<u8>>>),
}

impl Sink {
    fn line(&self, msg: &str) {
        match self {
            Sink::Stderr => {
                let mut err = io::stderr().lock();
                // Clear a progress line first so the message does not land in the middle of it.
                let clear = if io::stderr().is_terminal() {
                    "\r\x1b[2K"
                } else {
                    ""
                };
                let _ = writeln!(err, "{clear}oktui: {msg}");
                let _ = err.flush();
            }
            Sink::Buffer(buf) => {
                let mut b = buf.lock().unwrap_or_else(|e| e.into_inner());
                let _ = writeln!(b, "oktui: {msg}");
            }
        }
    }
}

/// Watches `client` on the current tokio runtime until the returned guard is dropped. None
/// outside a runtime (nothing to wait on there anyway).
pub fn watch(client: &Client, sink: Sink) -> Option<Watcher> {
    let handle = tokio::runtime::Handle::try_current().ok()?;
    let client = client.clone();
    Some(Watcher(handle.spawn(async move {
        let mut notice = RateNotice::default();
        loop {
            if let Some(msg) = notice.check(client.rate_wait(), Instant::now()) {
                sink.line(&msg);
            }
            tokio::time::sleep(POLL).await;
        }
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_wait() {
        let mut n = RateNotice::default();
        let t0 = Instant::now();
        let first = n.check(Some(Duration::from_millis(57_400)), t0);
        assert_eq!(
            first.as_deref(),
            Some("rate limited: waiting 58s for the window to reset")
        );
        // Still the same wait, seen later, or extended by another request's jitter.
        assert_eq!(
            n.check(Some(Duration::from_secs(50)), t0 + Duration::from_secs(7)),
            None
        );
        assert_eq!(
            n.check(
                Some(Duration::from_millis(57_900)),
                t0 + Duration::from_millis(100)
            ),
            None
        );
        // Over; a new 429 is a new wait.
        assert_eq!(n.check(None, t0 + Duration::from_secs(58)), None);
        assert!(
            n.check(Some(Duration::from_secs(30)), t0 + Duration::from_secs(59))
                .is_some()
        );
    }

    #[test]
    fn short_pauses_are_not_announced() {
        let mut n = RateNotice::default();
        assert_eq!(
            n.check(Some(Duration::from_millis(300)), Instant::now()),
            None
        );
        assert_eq!(n.check(None, Instant::now()), None);
    }

    #[tokio::test]
    async fn watcher_reports_a_client_wait_once() {
        let client = Client::new(crate::okta::ClientConfig::new(
            "http://127.0.0.1:9",
            crate::okta::Auth::ssws("t"),
        ))
        .unwrap();
        let buf = Arc::new(Mutex::new(Vec::new()));
        let _w = watch(&client, Sink::Buffer(buf.clone())).unwrap();
        client.note_rate_wait(Instant::now() + Duration::from_secs(30));
        // Several polls go by; the wait is announced once.
        tokio::time::sleep(POLL * 4).await;
        let text = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            text.starts_with("oktui: rate limited: waiting 30s"),
            "{text}"
        );
    }
}
