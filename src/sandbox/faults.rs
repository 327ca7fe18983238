//! Injected trouble: latency, 5xx answers, dropped connections, slow pages, and Okta's rate
//! limits (a per-minute bucket per endpoint family and a cap on requests in flight).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::okta::ratelimit::bucket_family;

/// What to inject. `Default` injects nothing and uses generous limits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Added to every request, in milliseconds.
    pub latency_ms: u64,
    /// Share of requests answered 500 E0000009 without being processed (0.0 to 1.0).
    pub error_rate: f64,
    /// Share of requests whose connection is closed without an answer (0.0 to 1.0). The
    /// request is processed first, as when a real connection dies after the server acted.
    pub drop_rate: f64,
    /// Extra latency for list pages after the first (requests carrying `after`), in ms.
    pub slow_page_ms: u64,
    /// Requests per minute per bucket before 429 E0000047; 0 = `DEFAULT_RATE_LIMIT`.
    pub rate_limit_per_min: u32,
    /// Requests in flight at once before 429; 0 = no cap.
    pub concurrency_limit: u32,
    /// Length of a rate-limit window in seconds; 0 = Okta's 60 s. Tests use a long window to
    /// get a wait that a client must refuse to sit out, independent of how fast they run.
    pub rate_window_secs: u64,
    /// Finish processing a request whose client hung up, as a real server does: the write is
    /// applied although nobody reads the answer. Off, a hang-up cancels the request (hyper
    /// drops the handler), which would make "sent but outcome unknown" look like "not sent".
    pub complete_after_disconnect: bool,
}

/// The per-minute bucket size when none is configured: generous, like a large Okta org, so
/// that streaming 100,000 users (500 pages) never trips it by accident.
pub const DEFAULT_RATE_LIMIT: u32 = 10_000;

impl Faults {
    pub(crate) fn window_secs(&self) -> u64 {
        if self.rate_window_secs == 0 {
            WINDOW_SECS
        } else {
            self.rate_window_secs
        }
    }

    pub(crate) fn bucket_size(&self) -> u32 {
        if self.rate_limit_per_min == 0 {
            DEFAULT_RATE_LIMIT
        } else {
            self.rate_limit_per_min
        }
    }
}

/// The three `X-Rate-Limit-*` figures for one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateFigures {
    pub limit: u32,
    pub remaining: u32,
    /// UTC epoch seconds when the window resets (absolute, as Okta sends it).
    pub reset: u64,
}

/// Outcome of taking one request from a bucket.
pub(crate) enum Admission {
    Allowed(RateFigures),
    Limited(RateFigures),
}

/// Okta's windows are about 60 s and start with the first request, not on the minute.
const WINDOW_SECS: u64 = 60;

#[derive(Default)]
pub(crate) struct RateBuckets {
    windows: Mutex<HashMap<&'static str, (u64, u32)>>,
}

impl RateBuckets {
    /// Counts one request against the bucket of `path` (60 s window).
    #[cfg(test)]
    pub fn admit(&self, path: &str, limit: u32) -> Admission {
        self.admit_in(path, limit, WINDOW_SECS)
    }

    /// Like `admit`, with a window of `window` seconds.
    pub fn admit_in(&self, path: &str, limit: u32, window: u64) -> Admission {
        let now = epoch_secs();
        let key = bucket_family(path);
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let (start, used) = windows.entry(key).or_insert((now, 0));
        if now >= *start + window {
            *start = now;
            *used = 0;
        }
        let reset = *start + window;
        if *used >= limit {
            return Admission::Limited(RateFigures {
                limit,
                remaining: 0,
                reset,
            });
        }
        *used += 1;
        Admission::Allowed(RateFigures {
            limit,
            remaining: limit - *used,
            reset,
        })
    }

    /// Forgets every window (used when faults change at run time, so a new bucket size
    /// takes effect at once).
    pub fn reset(&self) {
        self.windows
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

pub(crate) fn epoch_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A small lock-free random source for fault decisions (splitmix64). Not cryptographic; it
/// only decides which requests get a fault.
pub(crate) struct Dice(AtomicU64);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Dice(AtomicU64::new(seed ^ 0x5DEE_CE66_D1CE_5EED))
    }

    pub fn next_u64(&self) -> u64 {
        let x = self
            .0
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        crate::sandbox::seed::mix64(x)
    }

    /// True with probability `p`.
    pub fn chance(&self, p: f64) -> bool {
        if p <= 0.0 {
            return false;
        }
        if p >= 1.0 {
            return true;
        }
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// `n` characters from Okta's id alphabet (letters and digits). Request ids no longer come
    /// from here (they must differ between sandboxes with the same seed: `RequestIds`).
    #[cfg(test)]
    pub fn token(&self, n: usize) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        (0..n)
            .map(|_| ALPHABET[(self.next_u64() % ALPHABET.len() as u64) as usize] as char)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_counts_down_and_then_limits() {
        let b = RateBuckets::default();
        let Admission::Allowed(first) = b.admit("/api/v1/users", 2) else {
            panic!("first request limited")
        };
        assert_eq!((first.limit, first.remaining), (2, 1));
        assert!(matches!(b.admit("/api/v1/users/x", 2), Admission::Allowed(f) if f.remaining == 0));
        assert!(matches!(b.admit("/api/v1/users", 2), Admission::Limited(_)));
        // Another family has its own bucket.
        assert!(matches!(
            b.admit("/api/v1/groups", 2),
            Admission::Allowed(_)
        ));
    }

    #[test]
    fn dice_extremes() {
        let d = Dice::new(1);
        assert!(!d.chance(0.0));
        assert!(d.chance(1.0));
        assert_eq!(d.token(17).len(), 17);
    }
}
