//! A full listing split into disjoint `lastUpdated` ranges fetched concurrently.
//!
//! Cursor paging is sequential, so one listing costs pages × round trip. Okta's users and
//! groups `filter` takes `lastUpdated` ranges, which cut the org into disjoint parts that can
//! be paged side by side:
//!
//! 1. A probe (`lastUpdated gt` the epoch, one page) gives Okta's `Date` — the scan's mark `D` —
//!    and a sample of `lastUpdated` values (the page is in id order, ids are random, so the
//!    sample follows the org's distribution). Cut points at the sample's quantiles give parts
//!    of about equal size however unevenly the org was updated.
//! 2. The parts cover `lastUpdated < D`, oldest first, `max_in_flight` at a time. The last
//!    part taken (no other waits) is split in two at the median of the sample inside it before
//!    its first request (adaptive: slots that fall idle take the halves). Splitting after a
//!    part's first page would throw away the request for its second page, already sent by the
//!    stream: a request the bucket counts and the listing never sees.
//! 3. A user updated during the scan gets `lastUpdated >= D`: it leaves every part, and a last
//!    pass (`lastUpdated ge D - margin`) fetches it. Each id is handed out once (the first
//!    copy seen), so the ids equal a sequential listing's.
//!
//! Requests stay within `max_in_flight`, within the client's shared cap (Okta's concurrency
//! limit), and stop before the bucket's remaining budget falls under the share other
//! integrations are left (`bucket_share`).

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;

use crate::okta::models::format_okta_timestamp;
use crate::okta::{Client, Group, OktaError, Page, Pages, User, UserRow};

/// An item a listing returns: what partitioning and de-duplication need of it.
pub trait Listed: Send + 'static {
    fn id(&self) -> &str;
    fn last_updated(&self) -> Option<i64>;
}

impl Listed for UserRow {
    fn id(&self) -> &str {
        self.id()
    }
    fn last_updated(&self) -> Option<i64> {
        self.last_updated()
    }
}

impl Listed for User {
    fn id(&self) -> &str {
        self.row.id()
    }
    fn last_updated(&self) -> Option<i64> {
        self.row.last_updated()
    }
}

impl Listed for Group {
    fn id(&self) -> &str {
        &self.id
    }
    fn last_updated(&self) -> Option<i64> {
        self.last_updated
    }
}

#[derive(Debug, Clone)]
pub struct ParallelOptions {
    /// Parts paged at once.
    pub max_in_flight: usize,
    /// The most of a bucket's per-minute budget this listing may use (0.0–1.0]; the rest is
    /// left to other integrations.
    pub bucket_share: f64,
    /// Overlap of the last pass before the mark, for Okta's clock granularity and lag.
    pub margin: Duration,
    /// Initial parts per slot (more parts: better balance, a few more requests).
    pub parts_per_slot: usize,
    /// Page size (Okta's maximum for users is 200).
    pub page_size: u32,
}

impl Default for ParallelOptions {
    fn default() -> Self {
        ParallelOptions {
            max_in_flight: 4,
            bucket_share: DEFAULT_BUCKET_SHARE,
            margin: Duration::from_secs(60),
            parts_per_slot: 4,
            page_size: 200,
        }
    }
}

/// Half of each bucket: Okta's buckets are shared by every integration of the org.
pub const DEFAULT_BUCKET_SHARE: f64 = 0.5;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParallelReport {
    /// Okta's `Date` when the scan started (ms): everything updated before it was listed.
    pub mark: i64,
    /// Page requests made (probe, parts, last pass; retries included).
    pub requests: u64,
    pub parts: usize,
    pub splits: usize,
    /// Items handed out (each id once).
    pub items: u64,
}

/// Builds a page stream for a `filter` expression (a `lastUpdated` range).
pub type FetchFn<T> = Arc<dyn Fn(String) -> Pages<T> + Send + Sync>;

/// Users (compact rows) of every status, for the index and `users list --parallel`.
pub fn user_rows(client: &Client, page_size: u32) -> FetchFn<UserRow> {
    let client = client.clone();
    Arc::new(move |filter| {
        client.list_users(crate::okta::UserQuery {
            filter: Some(filter),
            limit: Some(page_size),
            ..Default::default()
        })
    })
}

/// Whole users (profile included), for `users list --parallel --fields profile.*`.
pub fn whole_users(client: &Client, page_size: u32) -> FetchFn<User> {
    let client = client.clone();
    Arc::new(move |filter| {
        client.list_users_full(crate::okta::UserQuery {
            filter: Some(filter),
            limit: Some(page_size),
            ..Default::default()
        })
    })
}

/// Attempts at one page before the listing gives up (the client already retries 429s and
/// dropped connections inside each attempt).
const PAGE_ATTEMPTS: u32 = 5;

/// A range of `lastUpdated` (ms): `from` inclusive (None: from the start), `to` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part {
    from: Option<i64>,
    to: i64,
    depth: u8,
}

impl Part {
    fn filter(&self) -> String {
        let to = format!("lastUpdated lt \"{}\"", format_okta_timestamp(self.to));
        match self.from {
            Some(f) => format!("lastUpdated ge \"{}\" and {to}", format_okta_timestamp(f)),
            None => to,
        }
    }
}

/// Cut points at the quantiles of `sample` below `mark`: strictly increasing.
fn cut_points(mut sample: Vec<i64>, parts: usize, mark: i64) -> Vec<i64> {
    sample.retain(|t| *t < mark);
    sample.sort_unstable();
    let mut cuts: Vec<i64> = (1..parts.max(1))
        .filter_map(|i| sample.get(i * sample.len() / parts).copied())
        .collect();
    cuts.dedup();
    cuts
}

fn parts_from_cuts(cuts: &[i64], mark: i64) -> VecDeque<Part> {
    let mut parts = VecDeque::new();
    let mut from = None;
    for &c in cuts {
        parts.push_back(Part {
            from,
            to: c,
            depth: 0,
        });
        from = Some(c);
    }
    parts.push_back(Part {
        from,
        to: mark,
        depth: 0,
    });
    parts
}

/// Okta's clock from a page's `Date` header (ms).
pub fn server_millis(page_date: Option<&str>) -> Option<i64> {
    let t = httpdate::parse_http_date(page_date?).ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(d.as_millis() as i64)
}

/// What workers send to the collecting loop.
enum Msg<T> {
    Items(Vec<T>),
    Failed(OktaError),
}

struct Shared {
    queue: Mutex<VecDeque<Part>>,
    requests: AtomicU64,
    splits: AtomicU64,
    /// The probe's `lastUpdated` values, sorted: where to split a part.
    sample: Vec<i64>,
    /// Okta's clock minus this machine's (ms), to know when a bucket's window has reset.
    skew: i64,
}

/// Lists everything (every status) in parallel parts, handing each page's new items to
/// `sink` as they arrive (order not kept). `sink` returns false to stop early.
pub async fn list_parallel<T: Listed>(
    client: &Client,
    bucket_path: &'static str,
    fetch: FetchFn<T>,
    opts: &ParallelOptions,
    mut sink: impl FnMut(Vec<T>) -> bool,
) -> Result<ParallelReport, OktaError> {
    let mut seen: HashSet<Box<str>> = HashSet::new();
    let mut report = ParallelReport::default();
    let mut hand_out = |items: Vec<T>, report: &mut ParallelReport| -> bool {
        let fresh: Vec<T> = items
            .into_iter()
            .filter(|i| seen.insert(i.id().into()))
            .collect();
        report.items += fresh.len() as u64;
        fresh.is_empty() || sink(fresh)
    };

    // 1. The probe: the mark and a sample.
    let mut probe = fetch(format!("lastUpdated gt \"{}\"", format_okta_timestamp(0)));
    report.requests += 1;
    let first = next_with_retry(&mut probe, &mut report.requests).await?;
    // The stream has already asked for the probe's second page; dropping it cancels the
    // answer, not the request.
    if !probe.is_done() {
        report.requests += 1;
    }
    drop(probe);
    let Some(first) = first else {
        return Ok(report);
    };
    let local_now = chrono::Utc::now().timestamp_millis();
    let mark = server_millis(first.response.header("date")).unwrap_or(local_now);
    report.mark = mark;
    if !first.has_more {
        report.parts = 1;
        hand_out(first.items, &mut report);
        return Ok(report);
    }
    let slots = opts.max_in_flight.max(1);
    let mut sample: Vec<i64> = first
        .items
        .iter()
        .filter_map(Listed::last_updated)
        .collect();
    sample.sort_unstable();
    let parts = parts_from_cuts(
        &cut_points(sample.clone(), slots * opts.parts_per_slot.max(1), mark),
        mark,
    );
    report.parts = parts.len();
    let shared = Arc::new(Shared {
        queue: Mutex::new(parts),
        requests: AtomicU64::new(0),
        splits: AtomicU64::new(0),
        sample,
        skew: mark - local_now,
    });

    // 2. The parts, `slots` at a time; pages come back through a short channel so a slow
    // sink slows the workers instead of piling pages up.
    let (tx, mut rx) = mpsc::channel::<Msg<T>>(slots * 2);
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..slots {
        let (tx, shared, fetch, client) =
            (tx.clone(), shared.clone(), fetch.clone(), client.clone());
        let share = opts.bucket_share;
        workers.spawn(async move {
            worker(
                &client,
                bucket_path,
                share,
                PER_STREAM * slots as u32,
                &fetch,
                &shared,
                &tx,
            )
            .await;
        });
    }
    drop(tx);
    let mut outcome = Ok(());
    while let Some(msg) = rx.recv().await {
        match msg {
            Msg::Items(items) => {
                if !hand_out(items, &mut report) {
                    break;
                }
            }
            Msg::Failed(e) => {
                outcome = Err(e);
                break;
            }
        }
    }
    workers.abort_all();
    report.requests += shared.requests.load(Ordering::Relaxed);
    report.splits = shared.splits.load(Ordering::Relaxed) as usize;
    outcome?;

    // 3. What changed during the scan (after a busy org's churn, several pages: each keeps
    // to the share like the parts' pages).
    let since = mark - opts.margin.as_millis() as i64;
    let skew = mark - local_now;
    within_share(client, bucket_path, opts.bucket_share, PER_STREAM, skew).await;
    let mut tail = fetch(format!(
        "lastUpdated ge \"{}\"",
        format_okta_timestamp(since)
    ));
    report.requests += 1;
    while let Some(page) = next_with_retry(&mut tail, &mut report.requests).await? {
        let more = page.has_more;
        if !hand_out(page.items, &mut report) || !more {
            break;
        }
        within_share(client, bucket_path, opts.bucket_share, PER_STREAM, skew).await;
        report.requests += 1;
    }
    Ok(report)
}

async fn worker<T: Listed>(
    client: &Client,
    bucket_path: &'static str,
    share: f64,
    reserve: u32,
    fetch: &FetchFn<T>,
    shared: &Shared,
    tx: &mpsc::Sender<Msg<T>>,
) {
    loop {
        let next = shared
            .queue
            .lock()
            .map(|mut q| {
                let part = q.pop_front()?;
                Some(split_last(part, &mut q, shared))
            })
            .ok()
            .flatten();
        let Some(part) = next else {
            return;
        };
        within_share(client, bucket_path, share, reserve, shared.skew).await;
        let mut pages = fetch(part.filter());
        shared.requests.fetch_add(1, Ordering::Relaxed);
        loop {
            let mut requests = 0;
            let page = match next_with_retry(&mut pages, &mut requests).await {
                Ok(p) => p,
                Err(e) => {
                    let _ = tx.send(Msg::Failed(e)).await;
                    return;
                }
            };
            shared.requests.fetch_add(requests, Ordering::Relaxed);
            let Some(page) = page else {
                break;
            };
            let more = page.has_more;
            if tx.send(Msg::Items(page.items)).await.is_err() {
                return;
            }
            if !more {
                break;
            }
            within_share(client, bucket_path, share, reserve, shared.skew).await;
            shared.requests.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// The part to page now: `part` itself, or its lower half when no other part waits and the
/// sample has at least two values inside it (the upper half then waits for a slot).
fn split_last(part: Part, queue: &mut VecDeque<Part>, shared: &Shared) -> Part {
    const MAX_DEPTH: u8 = 12;
    if !queue.is_empty() || part.depth >= MAX_DEPTH {
        return part;
    }
    let sample = &shared.sample;
    let start = part.from.map_or(0, |f| sample.partition_point(|t| *t < f));
    let end = sample.partition_point(|t| *t < part.to);
    let inside = sample.get(start..end).unwrap_or_default();
    if inside.len() < 2 {
        return part;
    }
    let mid = inside[inside.len() / 2];
    if part.from.is_some_and(|f| mid <= f) || mid >= part.to {
        return part;
    }
    let depth = part.depth + 1;
    queue.push_back(Part {
        from: Some(mid),
        to: part.to,
        depth,
    });
    shared.splits.fetch_add(1, Ordering::Relaxed);
    Part {
        from: part.from,
        to: mid,
        depth,
    }
}

/// The next page, asking again for the same page after an error (nothing lost or repeated).
async fn next_with_retry<T: Send + 'static>(
    pages: &mut Pages<T>,
    requests: &mut u64,
) -> Result<Option<Page<T>>, OktaError> {
    let mut attempt = 0;
    loop {
        match pages.next_page().await {
            None => return Ok(None),
            Some(Ok(page)) => return Ok(Some(page)),
            Some(Err(e)) => {
                attempt += 1;
                if attempt >= PAGE_ATTEMPTS {
                    return Err(e);
                }
                *requests += 1;
                tokio::time::sleep(crate::okta::ratelimit::backoff(attempt)).await;
            }
        }
    }
}

/// Requests a page stream can have sent that the figures a share check reads do not count
/// yet: the stream asks for its next page as soon as a page arrives, before the check, and
/// passing the check lets one more out.
const PER_STREAM: u32 = 2;

/// Waits while the bucket's remaining budget is at or under the share left to others (plus
/// `reserve`, the requests this listing may have sent that the figures do not count yet),
/// until the window resets.
async fn within_share(client: &Client, bucket_path: &str, share: f64, reserve: u32, skew: i64) {
    let share = share.clamp(0.01, 1.0);
    loop {
        let Some(b) = client.rate_budget_of(bucket_path) else {
            return;
        };
        let floor = f64::from(b.limit) * (1.0 - share) + f64::from(reserve);
        let okta_now = chrono::Utc::now().timestamp_millis() + skew;
        let reset_in = b.reset_epoch * 1000 - okta_now;
        // Past the reset the figures are stale: one request refreshes them.
        if f64::from(b.remaining) > floor || reset_in <= 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(reset_in.clamp(50, 60_000) as u64)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_points_follow_the_sample_and_stay_below_the_mark() {
        let sample = vec![5, 1, 9, 3, 7, 100, 2, 8];
        let cuts = cut_points(sample, 4, 50);
        assert!(cuts.windows(2).all(|w| w[0] < w[1]));
        assert!(cuts.iter().all(|c| *c < 50));
        assert_eq!(cuts.len(), 3);
    }

    #[test]
    fn parts_cover_everything_before_the_mark_without_overlap() {
        let parts = parts_from_cuts(&[10, 20], 30);
        let v: Vec<_> = parts.iter().map(|p| (p.from, p.to)).collect();
        assert_eq!(v, vec![(None, 10), (Some(10), 20), (Some(20), 30)]);
        assert_eq!(
            parts[1].filter(),
            "lastUpdated ge \"1970-01-01T00:00:00.010Z\" and lastUpdated lt \"1970-01-01T00:00:00.020Z\""
        );
        assert_eq!(
            parts[0].filter(),
            "lastUpdated lt \"1970-01-01T00:00:00.010Z\""
        );
    }

    fn shared(sample: Vec<i64>) -> Shared {
        Shared {
            queue: Mutex::new(VecDeque::new()),
            requests: AtomicU64::new(0),
            splits: AtomicU64::new(0),
            sample,
            skew: 0,
        }
    }

    #[test]
    fn the_last_part_splits_at_the_sample_inside_it_and_nothing_else_does() {
        let sh = shared(vec![1, 5, 12, 14, 16, 18, 30]);
        let part = Part {
            from: Some(10),
            to: 20,
            depth: 0,
        };
        let mut queue = VecDeque::new();
        let lower = split_last(part, &mut queue, &sh);
        assert_eq!((lower.from, lower.to, lower.depth), (Some(10), 16, 1));
        let upper: Vec<_> = queue.iter().map(|p| (p.from, p.to, p.depth)).collect();
        assert_eq!(upper, vec![(Some(16), 20, 1)]);
        assert_eq!(sh.splits.load(Ordering::Relaxed), 1);

        // Another part still waits: no split.
        assert_eq!(split_last(part, &mut queue, &sh), part);
        // Fewer than two sample values inside: no split.
        let mut empty = VecDeque::new();
        let thin = Part {
            from: Some(20),
            to: 29,
            depth: 0,
        };
        assert_eq!(split_last(thin, &mut empty, &sh), thin);
        assert!(empty.is_empty());
        // The first part (no lower bound) splits too.
        let first = Part {
            from: None,
            to: 13,
            depth: 0,
        };
        let lower = split_last(first, &mut empty, &sh);
        assert_eq!((lower.from, lower.to), (None, 5));
        assert_eq!(empty.front().map(|p| (p.from, p.to)), Some((Some(5), 13)));
    }

    #[test]
    fn identical_timestamps_make_one_part() {
        let cuts = cut_points(vec![7; 200], 16, 50);
        assert_eq!(cuts, vec![7]);
    }
}
