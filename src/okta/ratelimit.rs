//! Okta rate limits: `X-Rate-Limit-*` parsing, the 429 wait (measured against the server's
//! `Date`, never the local clock), pacing before the budget runs out, and the shared cap on
//! requests in flight.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::{DATE, HeaderMap};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

use super::models::RateBudget;

/// Below this share of the bucket left, requests are spread out so the rest lasts until reset.
const PACE_BELOW_PERCENT: u64 = 10;

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// The `X-Rate-Limit-*` figures of one response, when all three are present and numeric.
pub fn parse_budget(headers: &HeaderMap) -> Option<RateBudget> {
    Some(RateBudget {
        limit: header_str(headers, "x-rate-limit-limit")?.parse().ok()?,
        remaining: header_str(headers, "x-rate-limit-remaining")?
            .parse()
            .ok()?,
        reset_epoch: header_str(headers, "x-rate-limit-reset")?.parse().ok()?,
    })
}

/// The response `Date` header as epoch seconds.
pub fn server_epoch(headers: &HeaderMap) -> Option<i64> {
    let date = httpdate::parse_http_date(header_str(headers, DATE.as_str())?).ok()?;
    Some(date.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64)
}

fn local_epoch() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Seconds from "now as the server sees it" until the window resets. Uses the response `Date`
/// so a skewed local clock does not matter; falls back to the local clock without one.
fn seconds_until_reset(headers: &HeaderMap, reset_epoch: i64) -> i64 {
    let now = server_epoch(headers).unwrap_or_else(local_epoch);
    (reset_epoch - now).max(0)
}

/// How long to wait after a 429: `reset − Date + 1 s`. Without a usable reset header, a short
/// exponential wait (1 s, 2 s, 4 s ...) for the given attempt.
pub fn wait_after_429(headers: &HeaderMap, attempt: u32) -> Duration {
    match header_str(headers, "x-rate-limit-reset").and_then(|r| r.parse::<i64>().ok()) {
        Some(reset) => Duration::from_secs(seconds_until_reset(headers, reset) as u64 + 1),
        None => Duration::from_secs(1u64 << attempt.min(5)),
    }
}

/// Backoff before retrying a GET after a 5xx or a connection failure: 200 ms · 2^n, plus up
/// to 50 % jitter so parallel loaders do not retry in lock step.
pub fn backoff(attempt: u32) -> Duration {
    let base = 200u64 << attempt.min(6);
    let jitter = rand::random_range(0..=base / 2);
    Duration::from_millis(base + jitter)
}

/// Shared by every clone of one client: the in-flight cap, the latest budget, the pacing clock.
pub struct Limiter {
    in_flight: Arc<Semaphore>,
    state: Mutex<State>,
    /// Woken when a wait starts, so an idle UI (not ticking) learns of it at once.
    wait_started: Arc<Notify>,
}

#[derive(Default)]
struct State {
    budget: Option<RateBudget>,
    /// The reset time translated to the local monotonic clock (via the server's Date).
    reset_at: Option<Instant>,
    /// The earliest moment the next paced request may start.
    next_slot: Option<Instant>,
    /// A 429 is being waited out until then (shown by the console as a countdown).
    waiting_until: Option<Instant>,
}

impl Limiter {
    pub fn new(max_in_flight: usize) -> Self {
        Limiter {
            in_flight: Arc::new(Semaphore::new(max_in_flight.max(1))),
            state: Mutex::new(State::default()),
            wait_started: Arc::new(Notify::new()),
        }
    }

    /// Waits for a free slot under the in-flight cap; the slot is held until the permit drops.
    pub async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        self.in_flight.clone().acquire_owned().await.ok()
    }

    /// Records the figures of a response (any status).
    pub fn observe(&self, headers: &HeaderMap) {
        // Limit 0 is Okta's concurrency 429 (no bucket figures): keep the real budget.
        let Some(budget) = parse_budget(headers).filter(|b| b.limit > 0) else {
            return;
        };
        let until = seconds_until_reset(headers, budget.reset_epoch) as u64;
        let mut st = self.lock();
        st.budget = Some(budget);
        st.reset_at = Some(Instant::now() + Duration::from_secs(until));
    }

    pub fn budget(&self) -> Option<RateBudget> {
        self.lock().budget
    }

    /// Records that a 429 is being waited out until `until` (a later wait wins).
    pub fn note_wait(&self, until: Instant) {
        {
            let mut st = self.lock();
            st.waiting_until = Some(st.waiting_until.map_or(until, |w| w.max(until)));
        }
        // One stored permit is enough: whoever listens next wakes and reads `wait_left`.
        self.wait_started.notify_one();
    }

    /// Resolves (via `Notify::notified`) when a wait starts; see `Client::rate_wait_started`.
    pub fn wait_started(&self) -> Arc<Notify> {
        self.wait_started.clone()
    }

    /// How long the current 429 wait still lasts; None when nothing waits.
    pub fn wait_left(&self) -> Option<Duration> {
        let now = Instant::now();
        let mut st = self.lock();
        match st.waiting_until {
            Some(until) if until > now => Some(until - now),
            Some(_) => {
                st.waiting_until = None;
                None
            }
            None => None,
        }
    }

    /// How long the next request should wait so a low budget lasts until the window resets.
    /// Zero while the budget is healthy or unknown.
    pub fn pace_delay(&self) -> Duration {
        let now = Instant::now();
        pace(&mut self.lock(), now)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means another request panicked mid-update; the figures are
        // still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn pace(st: &mut State, now: Instant) -> Duration {
    let (Some(b), Some(reset_at)) = (st.budget, st.reset_at) else {
        return Duration::ZERO;
    };
    // Limit 0 is Okta's concurrency 429 (no real bucket figures); a passed reset means the
    // figures are stale.
    if b.limit == 0 || reset_at <= now {
        st.next_slot = None;
        return Duration::ZERO;
    }
    if u64::from(b.remaining) * 100 >= u64::from(b.limit) * PACE_BELOW_PERCENT {
        st.next_slot = None;
        return Duration::ZERO;
    }
    let left = reset_at - now;
    // Nothing left: every request waits for the reset itself (the new window serves them).
    if b.remaining == 0 {
        return left;
    }
    let interval = left / b.remaining;
    let slot = st.next_slot.map_or(now, |s| s.max(now));
    st.next_slot = Some(slot + interval);
    slot - now
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn parses_budget() {
        let h = headers(&[
            ("x-rate-limit-limit", "600".into()),
            ("x-rate-limit-remaining", " 599".into()),
            ("x-rate-limit-reset", "1700000060".into()),
        ]);
        assert_eq!(
            parse_budget(&h),
            Some(RateBudget {
                limit: 600,
                remaining: 599,
                reset_epoch: 1_700_000_060
            })
        );
        assert_eq!(
            parse_budget(&headers(&[("x-rate-limit-limit", "x".into())])),
            None
        );
    }

    #[test]
    fn wait_uses_server_date_not_local_clock() {
        // Server clock says 2023-11-14T22:13:20Z (1700000000); reset 7 s later.
        let h = headers(&[
            ("date", "Tue, 14 Nov 2023 22:13:20 GMT".into()),
            ("x-rate-limit-reset", "1700000007".into()),
        ]);
        assert_eq!(wait_after_429(&h, 0), Duration::from_secs(8));
        // Reset already passed on the server clock: just the 1 s margin.
        let h = headers(&[
            ("date", "Tue, 14 Nov 2023 22:13:20 GMT".into()),
            ("x-rate-limit-reset", "1699999990".into()),
        ]);
        assert_eq!(wait_after_429(&h, 0), Duration::from_secs(1));
        // No reset header: exponential.
        assert_eq!(wait_after_429(&HeaderMap::new(), 2), Duration::from_secs(4));
    }

    #[test]
    fn backoff_grows_with_jitter() {
        for n in 0..4 {
            let d = backoff(n).as_millis() as u64;
            let base = 200u64 << n;
            assert!(d >= base && d <= base + base / 2, "{n}: {d}");
        }
    }

    #[test]
    fn a_noted_wait_is_reported_until_it_passes() {
        let l = Limiter::new(1);
        assert_eq!(l.wait_left(), None);
        l.note_wait(Instant::now() + Duration::from_secs(30));
        let left = l.wait_left().unwrap();
        assert!(left > Duration::from_secs(20) && left <= Duration::from_secs(30));
        // A shorter wait noted later does not hide the longer one.
        l.note_wait(Instant::now() + Duration::from_secs(1));
        assert!(l.wait_left().unwrap() > Duration::from_secs(20));
        let past = Limiter::new(1);
        past.note_wait(Instant::now() - Duration::from_secs(1));
        assert_eq!(past.wait_left(), None);
    }

    fn state(limit: u32, remaining: u32, now: Instant, secs_left: u64) -> State {
        State {
            budget: Some(RateBudget {
                limit,
                remaining,
                reset_epoch: 0,
            }),
            reset_at: Some(now + Duration::from_secs(secs_left)),
            next_slot: None,
            waiting_until: None,
        }
    }

    #[test]
    fn no_pacing_with_healthy_budget() {
        let now = Instant::now();
        let mut st = state(600, 100, now, 30);
        assert_eq!(pace(&mut st, now), Duration::ZERO);
        assert_eq!(pace(&mut State::default(), now), Duration::ZERO);
        // Concurrency 429 figures (0/0) do not pace.
        let mut st = state(0, 0, now, 30);
        assert_eq!(pace(&mut st, now), Duration::ZERO);
    }

    #[test]
    fn low_budget_spreads_requests_until_reset() {
        let now = Instant::now();
        // 10 left of 600 (< 10 %), 20 s to go: one request every 2 s.
        let mut st = state(600, 10, now, 20);
        assert_eq!(pace(&mut st, now), Duration::ZERO);
        assert_eq!(pace(&mut st, now), Duration::from_secs(2));
        assert_eq!(pace(&mut st, now), Duration::from_secs(4));
        // Nothing left: wait for the reset.
        let mut st = state(600, 0, now, 20);
        assert_eq!(pace(&mut st, now), Duration::from_secs(20));
        assert_eq!(pace(&mut st, now), Duration::from_secs(20));
        // Reset passed: stale figures are ignored.
        let mut st = state(600, 0, now, 0);
        assert_eq!(pace(&mut st, now + Duration::from_secs(1)), Duration::ZERO);
    }

    #[test]
    fn limiter_observes_latest_budget() {
        let l = Limiter::new(2);
        assert_eq!(l.budget(), None);
        l.observe(&headers(&[
            ("x-rate-limit-limit", "100".into()),
            ("x-rate-limit-remaining", "50".into()),
            ("x-rate-limit-reset", "1".into()),
        ]));
        assert_eq!(l.budget().map(|b| b.remaining), Some(50));
        l.observe(&HeaderMap::new());
        assert_eq!(l.budget().map(|b| b.remaining), Some(50));
        // A concurrency 429 (0/0) does not replace the bucket figures.
        l.observe(&headers(&[
            ("x-rate-limit-limit", "0".into()),
            ("x-rate-limit-remaining", "0".into()),
            ("x-rate-limit-reset", "1".into()),
        ]));
        assert_eq!(l.budget().map(|b| b.remaining), Some(50));
    }

    #[tokio::test]
    async fn a_wait_wakes_an_idle_listener() {
        let l = Limiter::new(1);
        let notify = l.wait_started();
        let listener = tokio::spawn(async move { notify.notified().await });
        tokio::task::yield_now().await;
        assert!(!listener.is_finished(), "nothing waits yet");
        l.note_wait(Instant::now() + Duration::from_secs(5));
        tokio::time::timeout(Duration::from_secs(5), listener)
            .await
            .expect("woken by the wait")
            .expect("listener");
    }
}
