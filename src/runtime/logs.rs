//! Performs the Logs tab's effects: the listing, streamed newest first page by page, and the
//! tail, which polls the System Log's `next` link. Both run as slot tasks of the executor, so
//! a new listing or tail replaces the old one, Esc or `T` stops it, and a tenant switch stops
//! both. The tail sleeps on a timer between polls (no loop spins): the process does nothing
//! until the timer fires, except to tell the console once a second how long is left.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::executor::Executor;
use crate::app::logs::{LogsEffect, LogsMsg, TailWait};
use crate::app::{Msg, ReqId, Slot};
use crate::okta::page_retry::{PageRetry, is_transient};
use crate::okta::{Client, LogQuery, OktaError};

/// Events per listing page (Okta takes up to 1,000): few requests against the log's bucket.
const PAGE: u32 = 500;
/// Events per tail poll: a full page means more are waiting and the tail asks again at once.
const TAIL_PAGE: u32 = 200;
/// Set to poll every N ms (tests and benchmarks; people need no faster than the default).
pub const TAIL_INTERVAL_ENV: &str = "OKTUI_TAIL_INTERVAL_MS";

pub fn perform(effect: LogsEffect, executor: &mut Executor) {
    let tx = executor.sender();
    let Some(client) = executor.client().cloned() else {
        let msg = match effect {
            LogsEffect::Load { req, .. } => LogsMsg::Failed {
                req,
                error: not_connected(),
            },
            LogsEffect::Tail { req, .. } => LogsMsg::TailFailed {
                req,
                error: not_connected(),
            },
        };
        executor.spawn(super::tasks::Scope::Tenant, async move {
            let _ = tx.send(Msg::Logs(msg)).await;
        });
        return;
    };
    match effect {
        LogsEffect::Load { req, filter, max } => {
            executor.spawn_slot(Slot::Logs, load(client, tx, req, filter, max));
        }
        LogsEffect::Tail { req, filter, since } => {
            let q = LogQuery {
                filter,
                since,
                limit: Some(TAIL_PAGE),
                ..LogQuery::default()
            };
            executor.spawn_slot(Slot::LogTail, tail(client, tx, req, q, intervals()));
        }
    }
}

fn not_connected() -> OktaError {
    OktaError::Other("not connected to a tenant".into())
}

/// The tail's quickest and slowest poll intervals.
fn intervals() -> (Duration, Duration) {
    match std::env::var(TAIL_INTERVAL_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        Some(ms) => {
            let d = Duration::from_millis(ms.max(50));
            (d, d * 4)
        }
        None => (
            crate::okta::logs::TAIL_MIN_INTERVAL,
            crate::okta::logs::TAIL_MAX_INTERVAL,
        ),
    }
}

async fn send(tx: &mpsc::Sender<Msg>, msg: LogsMsg) -> bool {
    tx.send(Msg::Logs(msg)).await.is_ok()
}

/// The newest events of `filter`, page by page, until `max` arrived or the log ends.
async fn load(
    client: Client,
    tx: mpsc::Sender<Msg>,
    req: ReqId,
    filter: Option<String>,
    max: usize,
) {
    let until = crate::okta::format_okta_timestamp(chrono::Utc::now().timestamp_millis());
    let q = LogQuery {
        filter,
        until: Some(until.clone()),
        limit: Some(PAGE),
        newest_first: true,
        ..LogQuery::default()
    };
    if !send(&tx, LogsMsg::Bound { req, until }).await {
        return;
    }
    let mut pages = client.list_logs(&q);
    let mut got = 0usize;
    let mut sent = false;
    let mut retry = PageRetry::default();
    loop {
        match pages.next_page().await {
            None => {
                if !sent {
                    send(
                        &tx,
                        LogsMsg::Page {
                            req,
                            events: Vec::new(),
                            more: false,
                        },
                    )
                    .await;
                }
                return;
            }
            Some(Ok(page)) => {
                sent = true;
                retry.succeeded();
                got += page.items.len();
                let more = page.has_more;
                if !send(
                    &tx,
                    LogsMsg::Page {
                        req,
                        events: page.items,
                        more,
                    },
                )
                .await
                {
                    return;
                }
                if let Some(b) = client.rate_budget() {
                    let _ = tx.send(Msg::Rate(b)).await;
                }
                if !more || got >= max {
                    return;
                }
            }
            Some(Err(OktaError::RateLimited { wait, .. })) => {
                let wait = wait.max(Duration::from_secs(1));
                if !send(
                    &tx,
                    LogsMsg::Waiting {
                        req,
                        seconds: wait.as_secs().max(1),
                    },
                )
                .await
                {
                    return;
                }
                tokio::time::sleep(wait).await;
            }
            Some(Err(error)) => match retry.after_failure(&error) {
                // A passing failure: the same page again after a while.
                Some(wait) => tokio::time::sleep(wait).await,
                None => {
                    send(&tx, LogsMsg::Failed { req, error }).await;
                    return;
                }
            },
        }
    }
}

/// Follows new events until stopped. A failed poll keeps the tail's cursor, so the next one
/// resumes from the last event seen: nothing is skipped, and the tail drops repeats.
pub(crate) async fn tail(
    client: Client,
    tx: mpsc::Sender<Msg>,
    req: ReqId,
    query: LogQuery,
    (min, max): (Duration, Duration),
) {
    let mut tail = match client.tail_logs(&query) {
        Ok(t) => t.with_intervals(min, max),
        Err(error) => {
            send(&tx, LogsMsg::TailFailed { req, error }).await;
            return;
        }
    };
    let mut wait = Duration::ZERO;
    let mut why = TailWait::NextPoll;
    let mut failures = 0u32;
    loop {
        if !wait.is_zero() && !countdown(&tx, req, &why, wait).await {
            return;
        }
        match tail.poll().await {
            Ok(events) => {
                failures = 0;
                if !events.is_empty() && !send(&tx, LogsMsg::TailEvents { req, events }).await {
                    return;
                }
                wait = tail.delay();
                why = TailWait::NextPoll;
            }
            Err(OktaError::RateLimited { wait: w, .. }) => {
                // The log's own bucket is spent: sit out its window, then ask again from the
                // same cursor.
                wait = w.max(Duration::from_secs(1));
                why = TailWait::RateLimited;
            }
            Err(error) if is_transient(&error) => {
                failures += 1;
                let grown = min.saturating_mul(1 << failures.min(5));
                wait = grown.clamp(min, max.max(Duration::from_secs(30)));
                why = TailWait::Reconnecting(error.to_string());
            }
            Err(error) => {
                send(&tx, LogsMsg::TailFailed { req, error }).await;
                return;
            }
        }
    }
}

/// Waits `total`, telling the console how many whole seconds are left each time that figure
/// drops: it only ever counts down. False when the console is gone.
async fn countdown(tx: &mpsc::Sender<Msg>, req: ReqId, why: &TailWait, total: Duration) -> bool {
    let end = Instant::now() + total;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        let seconds = (left.as_millis() as u64).div_ceil(1000);
        let msg = LogsMsg::TailWaiting {
            req,
            wait: why.clone(),
            seconds,
        };
        if !send(tx, msg).await {
            return false;
        }
        tokio::time::sleep_until(end - Duration::from_secs(seconds - 1)).await;
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::okta::{Auth, ClientConfig, UserQuery};
    use crate::sandbox::{self, Faults, RAISED_RATE_LIMIT, SandboxOptions};

    /// A 20-user sandbox, a client to it set up by `tune`, and the ids of its users.
    async fn org(
        tune: impl FnOnce(&mut ClientConfig),
    ) -> (sandbox::SandboxHandle, Client, Vec<String>) {
        let sb = sandbox::start(SandboxOptions::new(20).with_rate_limit(RAISED_RATE_LIMIT))
            .await
            .expect("sandbox");
        let mut cfg = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
        tune(&mut cfg);
        let client = Client::new(cfg).expect("client");
        let mut users = client.list_users(UserQuery::default());
        let ids: Vec<String> = match users.next_page().await {
            Some(Ok(p)) => p.items.iter().map(|u| u.id().to_string()).collect(),
            other => panic!("no users: {other:?}"),
        };
        (sb, client, ids)
    }

    /// The next message of the tail (a generous deadline: nothing is timed).
    async fn next(rx: &mut mpsc::Receiver<Msg>) -> LogsMsg {
        match tokio::time::timeout(Duration::from_secs(60), rx.recv()).await {
            Ok(Some(Msg::Logs(m))) => m,
            other => panic!("no tail message: {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_countdown_says_each_whole_second_left_once_and_only_goes_down() {
        let (tx, mut rx) = mpsc::channel(16);
        let wait = TailWait::RateLimited;
        assert!(countdown(&tx, ReqId(3), &wait, Duration::from_millis(2_500)).await);
        drop(tx);
        let mut shown = Vec::new();
        while let Some(Msg::Logs(LogsMsg::TailWaiting { req, wait, seconds })) = rx.recv().await {
            assert_eq!((req, wait), (ReqId(3), TailWait::RateLimited));
            shown.push(seconds);
        }
        assert_eq!(shown, [3, 2, 1]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_tail_rides_out_lost_connections_and_resumes_without_a_hole_or_a_repeat() {
        // The lost answer reaches the tail at once instead of being retried inside the client.
        let (sb, client, ids) = org(|cfg| cfg.max_get_retries = 0).await;
        let (tx, mut rx) = mpsc::channel(64);
        let q = LogQuery {
            limit: Some(TAIL_PAGE),
            ..LogQuery::default()
        };
        let (min, max) = (Duration::from_millis(50), Duration::from_millis(200));
        let task = tokio::spawn(tail(client.clone(), tx, ReqId(7), q, (min, max)));

        // Every answer is lost: the tail says so and keeps trying from where it was.
        sb.set_faults(Faults {
            drop_rate: 1.0,
            rate_limit_per_min: RAISED_RATE_LIMIT,
            ..Faults::default()
        });
        loop {
            if let LogsMsg::TailWaiting {
                req,
                wait: TailWait::Reconnecting(_),
                ..
            } = next(&mut rx).await
            {
                assert_eq!(req, ReqId(7));
                break;
            }
        }
        // Events happen meanwhile; then the connection comes back.
        assert!(sb.set_user_status(&ids[1], "LOCKED_OUT"));
        sb.set_faults(Faults {
            rate_limit_per_min: RAISED_RATE_LIMIT,
            ..Faults::default()
        });
        let mut seen = HashSet::new();
        let mut kinds = Vec::new();
        while !kinds.iter().any(|k| k == "user.account.lock") {
            if let LogsMsg::TailEvents { events, .. } = next(&mut rx).await {
                for e in events {
                    assert!(seen.insert(e.uuid.clone()), "{} twice", e.uuid);
                    kinds.push(e.event_type);
                }
            }
        }
        assert_eq!(
            kinds,
            [
                "user.session.start",
                "user.session.start",
                "user.session.start",
                "user.account.lock"
            ],
            "every event of the outage, once"
        );
        task.abort();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_logs_429_pauses_the_tail_with_a_countdown_then_it_resumes_from_its_cursor() {
        // The 429 reaches the tail at once instead of being waited out inside the client.
        let (sb, client, ids) = org(|cfg| cfg.max_rate_limit_retries = 0).await;
        // Someone else spends the log's bucket (3 a window) before the tail's first poll.
        sb.set_faults(Faults {
            rate_limit_per_min: 3,
            rate_window_secs: 4,
            ..Faults::default()
        });
        let other = reqwest::Client::builder().no_proxy().build().expect("http");
        for _ in 0..3 {
            let r = other
                .get(format!("{}/api/v1/logs?limit=1", sb.base_url()))
                .header("Authorization", format!("SSWS {}", sb.token()))
                .send()
                .await
                .expect("a log read");
            assert!(r.status().is_success());
        }
        let (tx, mut rx) = mpsc::channel(64);
        let q = LogQuery {
            limit: Some(TAIL_PAGE),
            ..LogQuery::default()
        };
        let (min, max) = (Duration::from_millis(50), Duration::from_millis(200));
        let task = tokio::spawn(tail(client.clone(), tx, ReqId(9), q, (min, max)));
        let mut countdown = Vec::new();
        let mut kinds = Vec::new();
        let mut seen = HashSet::new();
        while !kinds.iter().any(|k| k == "user.account.lock") {
            match next(&mut rx).await {
                LogsMsg::TailWaiting {
                    wait: TailWait::RateLimited,
                    seconds,
                    ..
                } => {
                    if countdown.is_empty() {
                        // Events happen during the pause; the bucket refills for later polls.
                        assert!(sb.set_user_status(&ids[2], "LOCKED_OUT"));
                        sb.set_faults(Faults {
                            rate_limit_per_min: RAISED_RATE_LIMIT,
                            ..Faults::default()
                        });
                    }
                    countdown.push(seconds);
                }
                LogsMsg::TailEvents { events, .. } => {
                    assert!(!countdown.is_empty(), "events only after the pause");
                    for e in events {
                        assert!(seen.insert(e.uuid.clone()), "{} twice", e.uuid);
                        kinds.push(e.event_type);
                    }
                }
                LogsMsg::TailFailed { error, .. } => panic!("the tail stopped: {error}"),
                _ => {}
            }
        }
        assert!(!countdown.is_empty());
        assert!(
            countdown.windows(2).all(|w| w[1] == w[0] - 1),
            "one countdown, second by second: {countdown:?}"
        );
        assert_eq!(
            kinds,
            [
                "user.session.start",
                "user.session.start",
                "user.session.start",
                "user.account.lock"
            ],
            "every event of the pause, once"
        );
        task.abort();
    }
}
