//! Offboarding 200 users of a sandbox org whose every rate-limit bucket allows 600 requests a
//! minute (Okta's figure for user writes): how long the run takes against the bound the
//! buckets set, and how many steps failed.
//!
//!     cargo bench --bench offboard            # 200 users
//!     cargo bench --bench offboard -- 50      # fewer
//!
//! The plan (reads) runs first with raised limits and is timed apart; then the buckets drop to
//! 600 a minute (fresh windows) and the run is timed. The bound: per sandbox bucket, its
//! writes at 600 a minute; since a window opens full, a fixed-window server lets a bucket's
//! n writes through in (ceil(n / 600) - 1) minutes plus the time to send the last window's
//! share, which is also printed.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use oktui::journal::{Journal, Source};
use oktui::okta::{Auth, Client, ClientConfig};
use oktui::perform::Origin;
use oktui::playbook::Playbook;
use oktui::playbook::plan::plan;
use oktui::playbook::run::Run;
use oktui::sandbox::limits::{BUCKETS, bucket_of};
use oktui::sandbox::{Faults, RAISED_RATE_LIMIT, SandboxOptions, start};

const PER_MINUTE: u32 = 600;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let users: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200);
    let sb = start(SandboxOptions::new(users * 2 + 50).with_rate_limit(RAISED_RATE_LIMIT))
        .await
        .unwrap();
    let mut config = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
    config.timeout = Duration::from_secs(30);
    config.max_rate_limit_wait = Duration::from_secs(90);
    let client = Client::new(config).unwrap();

    // ACTIVE users other than the admin.
    let mut logins = Vec::new();
    let mut pages = client.list_users(oktui::okta::UserQuery::default());
    while let Some(page) = pages.next_page().await {
        for u in page.unwrap().items {
            if u.status() == oktui::okta::UserStatus::Active && !u.login().starts_with("admin@") {
                logins.push(u.login().to_string());
            }
        }
        if logins.len() >= users {
            break;
        }
    }
    logins.truncate(users);

    let t = Instant::now();
    let p = plan(&client, &logins, &Playbook::offboard()).await.unwrap();
    let plan_secs = t.elapsed().as_secs_f64();
    let mut per_bucket: BTreeMap<usize, usize> = BTreeMap::new();
    for (_, s) in p.enabled_steps() {
        let r = s.write.request(false);
        *per_bucket.entry(bucket_of(&r.method, &r.path)).or_default() += 1;
    }
    let writes: usize = per_bucket.values().sum();

    sb.set_faults(Faults {
        rate_limit_per_min: PER_MINUTE,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::at(dir.path().join("journal.jsonl"));
    let origin = Origin {
        tenant: "bench".into(),
        source: Source::Cli,
        run: None,
    };
    let t = Instant::now();
    let mut run = Run::start(&client, &p, &journal, None).unwrap();
    let mut limited = 0u32;
    let summary = run
        .run_all(&client, &journal, &origin, |r| limited += r.rate_limited)
        .await;
    let run_secs = t.elapsed().as_secs_f64();

    println!(
        "offboard: {} users, {writes} writes, plan (reads) {plan_secs:.1} s",
        logins.len()
    );
    let mut bound_rate: f64 = 0.0;
    let mut bound_window: f64 = 0.0;
    for (b, n) in &per_bucket {
        let rate = *n as f64 / f64::from(PER_MINUTE) * 60.0;
        let window = ((n.div_ceil(PER_MINUTE as usize)).saturating_sub(1) * 60) as f64;
        println!(
            "  bucket {:<45} {n:>5} writes  bound {rate:>6.1} s at 600/min, {window:>4.0} s with fixed windows",
            BUCKETS[*b].name
        );
        bound_rate = bound_rate.max(rate);
        bound_window = bound_window.max(window);
    }
    println!(
        "run: {run_secs:.1} s; bound {bound_rate:.1} s (rate), {bound_window:.0} s (fixed windows); \
         {:+.1} % against the rate bound",
        (run_secs / bound_rate - 1.0) * 100.0
    );
    println!(
        "steps: {} ok, {} failed, {} unknown, {} users gone; {limited} retried by the run after 429",
        summary.ok,
        summary.failed,
        summary.unknown,
        summary.users_gone.len()
    );
}
