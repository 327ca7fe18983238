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
    pub buckets: RateBuckets,
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
}

impl SandboxState {
    pub fn new(store: Store, token: String, faults: Faults, seed: u64, base_url: String) -> Self {
        SandboxState {
            store: RwLock::new(store),
            faults: RwLock::new(faults),
            buckets: RateBuckets::default(),
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

    pub fn faults(&self) -> Faults {
        self.faults
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_faults(&self, faults: Faults) {
        *self.faults.write().unwrap_or_else(|e| e.into_inner()) = faults;
        self.buckets.reset();
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

/// `X-Okta-Request-Id` values. They must never repeat, not even across two sandboxes started
/// with the same seed (a client or a log keyed by request id would mix them up), so they are
/// not drawn from the seeded dice: a random prefix per instance, then a per-instance counter.
pub(crate) struct RequestIds {
    prefix: String,
    next: AtomicU64,
}

impl RequestIds {
    const PREFIX_LEN: usize = 12;
    const COUNTER_LEN: usize = 8;

    pub fn new() -> Self {
        let prefix = uuid::Uuid::new_v4()
            .as_u128()
            .to_be_bytes()
            .iter()
            .take(Self::PREFIX_LEN)
            .map(|b| ID_ALPHABET[usize::from(*b) % ID_ALPHABET.len()] as char)
            .collect();
        RequestIds {
            prefix,
            next: AtomicU64::new(0),
        }
    }

    /// The next id: 20 letters and digits, like Okta's.
    pub fn next(&self) -> String {
        let mut n = self.next.fetch_add(1, Ordering::Relaxed);
        let mut counter = [b'0'; Self::COUNTER_LEN];
        for slot in counter.iter_mut().rev() {
            *slot = ID_ALPHABET[(n % ID_ALPHABET.len() as u64) as usize];
            n /= ID_ALPHABET.len() as u64;
        }
        let mut id = self.prefix.clone();
        id.extend(counter.iter().map(|b| *b as char));
        id
    }
}

const ID_ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

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
                assert_eq!(id.len(), 20, "{id}");
                assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
                assert!(seen.insert(id.clone()), "repeated request id {id}");
            }
        }
    }
}
