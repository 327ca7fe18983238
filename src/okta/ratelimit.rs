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

/// The `X-Rate-Limit-*` figures of one response to a request in `bucket` (see
/// `bucket_family`), when all three are present and numeric.
pub fn parse_budget(headers: &HeaderMap, bucket: &'static str) -> Option<RateBudget> {
    Some(RateBudget {
        bucket,
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

/// Okta keeps one bucket per endpoint family, org-wide (`/api/v1/users*`, `/api/v1/groups*`
/// ...): the family a request path counts against. Paths outside the known families share
/// one "other API" bucket.
pub fn bucket_family(path: &str) -> &'static str {
    const FAMILIES: [&str; 5] = [
        "/api/v1/users",
        "/api/v1/groups",
        "/api/v1/apps",
        "/oauth2/v1",
        "/.well-known",
    ];
    FAMILIES
        .into_iter()
        .find(|f| path.starts_with(f))
        .unwrap_or("/api/v1")
}

/// Shared by every clone of one client: the in-flight cap, the latest budget of each bucket,
/// the pacing clocks.
pub struct Limiter {
    in_flight: Arc<Semaphore>,
    state: Mutex<State>,
    /// Woken when a wait starts, so an idle UI (not ticking) learns of it at once.
    wait_started: Arc<Notify>,
}

#[derive(Default)]
struct State {
    /// One per endpoint family seen; a handful at most, so a list.
    buckets: Vec<Bucket>,
    /// Counts observations, so the most recent bucket is known when every window has passed.
    seen: u64,
    /// A 429 is being waited out until then (shown by the console as a countdown).
    waiting_until: Option<Instant>,
}

/// What is known of one of Okta's buckets.
struct Bucket {
    budget: RateBudget,
    /// The reset time translated to the local monotonic clock (via the server's Date).
    reset_at: Instant,
    /// The earliest moment the next paced request to this bucket may start.
    next_slot: Option<Instant>,
    seen: u64,
}

impl Bucket {
    fn new(budget: RateBudget, reset_at: Instant) -> Self {
        Bucket {
            budget,
            reset_at,
            next_slot: None,
            seen: 0,
        }
    }
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

    /// Records the figures of a response (any status) to a request for `path`.
    pub fn observe(&self, path: &str, headers: &HeaderMap) {
        let family = bucket_family(path);
        // Limit 0 is Okta's concurrency 429 (no bucket figures): keep the real budget.
        let Some(budget) = parse_budget(headers, family).filter(|b| b.limit > 0) else {
            return;
        };
        let reset_at = Instant::now()
            + Duration::from_secs(seconds_until_reset(headers, budget.reset_epoch) as u64);
        let mut st = self.lock();
        st.seen += 1;
        let seen = st.seen;
        let bucket = match st.buckets.iter().position(|b| b.budget.bucket == family) {
            Some(i) => &mut st.buckets[i],
            None => {
                st.buckets.push(Bucket::new(budget, reset_at));
                st.buckets.last_mut().expect("just pushed")
            }
        };
        bucket.budget = budget;
        bucket.reset_at = reset_at;
        bucket.seen = seen;
    }

    /// The bucket closest to running out among those whose window has not passed (the one
    /// an admin needs to see), else the one seen last. None before any figures.
    pub fn budget(&self) -> Option<RateBudget> {
        let now = Instant::now();
        let st = self.lock();
        let live = st
            .buckets
            .iter()
            .filter(|b| b.reset_at > now)
            // On a tie, the bucket seen last.
            .min_by_key(|b| {
                (
                    u64::from(b.budget.remaining) * 10_000 / u64::from(b.budget.limit),
                    std::cmp::Reverse(b.seen),
                )
            });
        live.or_else(|| st.buckets.iter().max_by_key(|b| b.seen))
            .map(|b| b.budget)
    }

    /// The latest figures of the bucket `path` counts against, if any were seen.
    pub fn budget_of(&self, path: &str) -> Option<RateBudget> {
        let family = bucket_family(path);
        self.lock()
            .buckets
            .iter()
            .find(|b| b.budget.bucket == family)
            .map(|b| b.budget)
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

    /// How long the next request for `path` should wait so its bucket's low budget lasts
    /// until the window resets. Zero while that budget is healthy or unknown: a drained
    /// users bucket does not slow the groups screen.
    pub fn pace_delay(&self, path: &str) -> Duration {
        let family = bucket_family(path);
        let now = Instant::now();
        let mut st = self.lock();
        st.buckets
            .iter_mut()
            .find(|b| b.budget.bucket == family)
            .map_or(Duration::ZERO, |b| pace(b, now))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means another request panicked mid-update; the figures are
        // still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn pace(bucket: &mut Bucket, now: Instant) -> Duration {
    let b = bucket.budget;
    // Limit 0 is Okta's concurrency 429 (no real bucket figures); a passed reset means the
    // figures are stale.
    if b.limit == 0 || bucket.reset_at <= now {
        bucket.next_slot = None;
        return Duration::ZERO;
    }
    if u64::from(b.remaining) * 100 >= u64::from(b.limit) * PACE_BELOW_PERCENT {
        bucket.next_slot = None;
        return Duration::ZERO;
    }
    let left = bucket.reset_at - now;
    // Nothing left: every request waits for the reset itself (the new window serves them).
    if b.remaining == 0 {
        return left;
    }
    let interval = left / b.remaining;
    let slot = bucket.next_slot.map_or(now, |s| s.max(now));
    bucket.next_slot = Some(slot + interval);
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
            parse_budget(&h, "/api/v1/users"),
            Some(RateBudget {
                bucket: "/api/v1/users",
                limit: 600,
                remaining: 599,
                reset_epoch: 1_700_000_060
            })
        );
        assert_eq!(
            parse_budget(&headers(&[("x-rate-limit-limit", "x".into())]), "/api/v1"),
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

    fn bucket(limit: u32, remaining: u32, now: Instant, secs_left: u64) -> Bucket {
        Bucket::new(
            RateBudget {
                bucket: "/api/v1/users",
                limit,
                remaining,
                reset_epoch: 0,
            },
            now + Duration::from_secs(secs_left),
        )
    }

    #[test]
    fn no_pacing_with_healthy_budget() {
        let now = Instant::now();
        let mut b = bucket(600, 100, now, 30);
        assert_eq!(pace(&mut b, now), Duration::ZERO);
        assert_eq!(Limiter::new(1).pace_delay("/api/v1/users"), Duration::ZERO);
        // Concurrency 429 figures (0/0) do not pace.
        let mut b = bucket(0, 0, now, 30);
        assert_eq!(pace(&mut b, now), Duration::ZERO);
    }

    #[test]
    fn low_budget_spreads_requests_until_reset() {
        let now = Instant::now();
        // 10 left of 600 (< 10 %), 20 s to go: one request every 2 s.
        let mut b = bucket(600, 10, now, 20);
        assert_eq!(pace(&mut b, now), Duration::ZERO);
        assert_eq!(pace(&mut b, now), Duration::from_secs(2));
        assert_eq!(pace(&mut b, now), Duration::from_secs(4));
        // Nothing left: wait for the reset.
        let mut b = bucket(600, 0, now, 20);
        assert_eq!(pace(&mut b, now), Duration::from_secs(20));
        assert_eq!(pace(&mut b, now), Duration::from_secs(20));
        // Reset passed: stale figures are ignored.
        let mut b = bucket(600, 0, now, 0);
        assert_eq!(pace(&mut b, now + Duration::from_secs(1)), Duration::ZERO);
    }

    fn figures(limit: u32, remaining: u32, reset_in: i64) -> HeaderMap {
        let now = local_epoch();
        headers(&[
            ("x-rate-limit-limit", limit.to_string()),
            ("x-rate-limit-remaining", remaining.to_string()),
            ("x-rate-limit-reset", (now + reset_in).to_string()),
        ])
    }

    #[test]
    fn limiter_observes_latest_budget() {
        let l = Limiter::new(2);
        assert_eq!(l.budget(), None);
        l.observe("/api/v1/users", &figures(100, 50, 30));
        assert_eq!(l.budget().map(|b| b.remaining), Some(50));
        l.observe("/api/v1/users", &HeaderMap::new());
        assert_eq!(l.budget().map(|b| b.remaining), Some(50));
        // A concurrency 429 (0/0) does not replace the bucket figures.
        l.observe("/api/v1/users", &figures(0, 0, 1));
        assert_eq!(l.budget().map(|b| b.remaining), Some(50));
    }

    #[test]
    fn each_endpoint_family_has_its_own_bucket() {
        assert_eq!(
            bucket_family("/api/v1/users/00u1/lifecycle/suspend"),
            "/api/v1/users"
        );
        assert_eq!(bucket_family("/api/v1/groups/00g1/users"), "/api/v1/groups");
        assert_eq!(bucket_family("/api/v1/org"), "/api/v1");
        let l = Limiter::new(2);
        // The users bucket is drained, the groups bucket healthy.
        l.observe("/api/v1/users", &figures(600, 0, 30));
        l.observe("/api/v1/groups/00g1", &figures(500, 400, 30));
        assert!(l.pace_delay("/api/v1/users/00u1") > Duration::from_secs(20));
        assert_eq!(l.pace_delay("/api/v1/groups"), Duration::ZERO);
        assert_eq!(l.pace_delay("/api/v1/apps"), Duration::ZERO);
        // The header shows the bucket closest to running out, whichever was seen last.
        let shown = l.budget().unwrap();
        assert_eq!((shown.bucket, shown.remaining), ("/api/v1/users", 0));
        // Once its window has passed, the drained bucket no longer counts as the tightest.
        let l = Limiter::new(2);
        l.observe("/api/v1/users", &figures(600, 0, 0));
        l.observe("/api/v1/groups", &figures(500, 400, 30));
        assert_eq!(l.budget().unwrap().bucket, "/api/v1/groups");
        // A tie goes to the bucket seen last; any bucket can be asked for by a path.
        let l = Limiter::new(2);
        l.observe("/.well-known/okta-organization", &figures(600, 599, 30));
        l.observe("/api/v1/users/me", &figures(600, 599, 30));
        assert_eq!(l.budget().unwrap().bucket, "/api/v1/users");
        assert_eq!(
            l.budget_of("/api/v1/users?limit=1").map(|b| b.bucket),
            Some("/api/v1/users")
        );
        assert_eq!(l.budget_of("/api/v1/groups"), None);
        // With every window passed, the bucket seen last is shown.
        let l = Limiter::new(2);
        l.observe("/api/v1/groups", &figures(500, 400, 0));
        l.observe("/api/v1/users", &figures(600, 3, 0));
        assert_eq!(l.budget().unwrap().bucket, "/api/v1/users");
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
