//! Everything a running sandbox shares between connections: the org, the faults, the rate
//! windows, the request counters, and a typed slot for extensions (the OAuth module keeps its
//! clients, keys and issued tokens there).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::faults::{Dice, Faults, RateBuckets};
use super::store::Store;

pub(crate) struct SandboxState {
    store: RwLock<Store>,
    faults: RwLock<Faults>,
    /// One set of windows per Okta bucket (`limits::BUCKETS`).
    pub buckets: Vec<RateBuckets>,
    pub in_flight: AtomicU32,
    counts: Mutex<HashMap<(String, String), u64>>,
    /// The SSWS token accepted.
    pub token: String,
    pub dice: Dice,
    pub request_ids: RequestIds,
    /// `http://127.0.0.1:PORT`, used when a request has no `Host` header.
    pub base_url: String,
    /// State owned by other sandbox modules, by type (e.g. OAuth clients and tokens), so they
    /// can add what they need without changing this struct.
    #[allow(dead_code)] // the slot is for modules added later (oauth.rs)
    pub extensions: Mutex<axum::http::Extensions>,
    /// The System Log (seeded history plus every write since).
    pub log: RwLock<super::syslog::EventLog>,
}

impl SandboxState {
    pub fn new(store: Store, token: String, faults: Faults, seed: u64, base_url: String) -> Self {
        let history = super::syslog_seed::history(&store, super::store::now_ms(), seed);
        SandboxState {
            log: RwLock::new(super::syslog::EventLog::with_history(history, seed)),
            store: RwLock::new(store),
            faults: RwLock::new(faults),
            buckets: super::limits::BUCKETS
                .iter()
                .map(|_| RateBuckets::default())
                .collect(),
            in_flight: AtomicU32::new(0),
            counts: Mutex::new(HashMap::new()),
            token,
            dice: Dice::new(seed),
            request_ids: RequestIds::new(),
            base_url,
            extensions: Mutex::new(axum::http::Extensions::new()),
        }
    }

    // A panic while holding a lock must not take the whole sandbox down with it: the data is
    // still usable for a test server, so poisoned locks are entered anyway.
    pub fn read_store(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write_store(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn read_log(&self) -> RwLockReadGuard<'_, super::syslog::EventLog> {
        self.log.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write_log(&self) -> RwLockWriteGuard<'_, super::syslog::EventLog> {
        self.log.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn faults(&self) -> Faults {
        self.faults
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.faults.write().unwrap_or_else(|e| e.into_inner()) = faults;
        for b in &self.buckets {
            b.reset();
        }
    }

    pub fn count_request(&self, method: &str, path: &str) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        *counts
            .entry((method.to_owned(), path.to_owned()))
            .or_insert(0) += 1;
    }

    pub fn request_count(&self, method: &str, path_prefix: &str) -> u64 {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts
            .iter()
            .filter(|((m, p), _)| {
                (method.is_empty() || m.eq_ignore_ascii_case(method)) && p.starts_with(path_prefix)
            })
            .map(|(_, n)| n)
            .sum()
    }

    pub fn reset_request_counts(&self) {
        self.counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// `X-Okta-Request-Id` values, shaped like Okta's: 32 lower-case hex characters. They must
/// never repeat, not even across two sandboxes started with the same seed (a client or a log
/// keyed by request id would mix them up), so they are not drawn from the seeded dice: a
/// random half per instance, then a per-instance counter passed through a bijective mix
/// (distinct counters give distinct halves, and the ids do not look sequential).
pub(crate) struct RequestIds {
    prefix: u64,
    next: AtomicU64,
}

impl RequestIds {
    pub fn new() -> Self {
        RequestIds {
            prefix: uuid::Uuid::new_v4().as_u64_pair().0,
            next: AtomicU64::new(0),
        }
    }

    /// The next id.
    pub fn next(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        format!(
            "{:016x}{:016x}",
            self.prefix,
            super::seed::mix64(n ^ self.prefix)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::RequestIds;
    use std::collections::HashSet;

    #[test]
    fn request_ids_unique_within_and_across_instances() {
        let (a, b) = (RequestIds::new(), RequestIds::new());
        let mut seen = HashSet::new();
        for _ in 0..1000 {
            for id in [a.next(), b.next()] {
                assert_eq!(id.len(), 32, "{id}");
                assert!(
                    id.chars()
                        .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
                    "{id}"
                );
                assert!(seen.insert(id.clone()), "repeated request id {id}");
            }
        }
    }
}
