//! Streams every user of a 100,000-user sandbox org through the client into `Vec<UserRow>`
//! and prints the rate and the memory the rows hold.
//!
//!     cargo bench --bench stream_users            # 100,000 users, 3 runs
//!     cargo bench --bench stream_users -- 20000   # another org size
//!
//! Targets (issue 2): at least 50,000 users/s on loopback, under 60 MB for the held rows.

use std::time::Instant;

use oktui::okta::{Auth, Client, ClientConfig, UserQuery, UserRow, UserStatus};
use oktui::sandbox::{RAISED_RATE_LIMIT, SandboxOptions, start};

const RUNS: usize = 3;

/// Heap bytes owned by one row: its boxed strings (the struct itself is counted separately).
fn heap_bytes(r: &UserRow) -> usize {
    let status = match &r.status() {
        UserStatus::Other(s) => s.len(),
        _ => 0,
    };
    r.id().len()
        + r.login().len()
        + r.email().len()
        + r.first_name().len()
        + r.last_name().len()
        + r.transitioning_to().as_ref().map_or(0, |s| s.len())
        + status
}

/// Resident set size of this process in bytes (Linux `/proc/self/status`, `VmRSS`).
fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// CPU time (user + system) from a `/proc/.../stat` file, in seconds. Wall-clock rates on a
/// shared 2-core machine swing with other load; CPU time shows the work itself.
fn cpu_seconds(stat_path: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(stat_path).ok()?;
    // Fields after the `(comm)` part; utime and stime are fields 14 and 15 (1-based).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // USER_HZ is 100 on Linux.
    Some((utime + stime) / 100.0)
}

fn mb(bytes: f64) -> f64 {
    bytes / 1_000_000.0
}

async fn stream_all(client: &Client) -> (Vec<UserRow>, usize, f64) {
    let started = Instant::now();
    let mut rows = Vec::new();
    let mut pages = client.list_users(UserQuery::default());
    let mut page_count = 0;
    while let Some(page) = pages.next_page().await {
        match page {
            Ok(p) => {
                page_count += 1;
                rows.extend(p.items);
            }
            Err(e) => {
                eprintln!("stream failed after {} users: {e}", rows.len());
                std::process::exit(1);
            }
        }
    }
    (rows, page_count, started.elapsed().as_secs_f64())
}

/// The sandbox's own share: every page fetched as raw bytes (plain reqwest, Link followed,
/// nothing parsed). When this is close to the client's rate, the server is the bottleneck.
async fn raw_fetch_only(sandbox: &oktui::sandbox::SandboxHandle) {
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut next = Some(format!("{}/api/v1/users?limit=200", sandbox.base_url()));
    let (mut pages, mut bytes) = (0usize, 0usize);
    while let Some(url) = next.take() {
        let resp = http
            .get(&url)
            .header("authorization", format!("SSWS {}", sandbox.token()))
            .header("accept", "application/json")
            .send()
            .await;
        let Ok(resp) = resp else {
            eprintln!("raw fetch failed");
            return;
        };
        next = oktui::okta::link::find_rel(
            resp.headers()
                .get_all("link")
                .iter()
                .filter_map(|v| v.to_str().ok()),
            "next",
        );
        bytes += resp.bytes().await.map(|b| b.len()).unwrap_or(0);
        pages += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "sandbox only (raw pages, no parsing): {pages} pages, {:.1} MB in {secs:.3}s = {:.0} pages/s (~{:.0} users/s)",
        bytes as f64 / 1e6,
        pages as f64 / secs,
        pages as f64 * 200.0 / secs
    );
}

/// The client's own share: parsing one 200-user page body into rows, repeated, on one core.
/// Separates the client's cost from the in-process sandbox's (which builds every page).
async fn parse_only(sandbox: &oktui::sandbox::SandboxHandle) {
    let body = reqwest::Client::new()
        .get(format!("{}/api/v1/users?limit=200", sandbox.base_url()))
        .header("authorization", format!("SSWS {}", sandbox.token()))
        .header("accept", "application/json")
        .send()
        .await
        .and_then(|r| r.error_for_status());
    let body = match body {
        Ok(r) => r.bytes().await.unwrap_or_default(),
        Err(e) => {
            eprintln!("parse-only fetch failed: {e}");
            return;
        }
    };
    let reps = 500;
    let cpu_before = cpu_seconds("/proc/thread-self/stat");
    let started = Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        n += oktui::okta::user_rows_from_slice(&body)
            .map(|r| r.len())
            .unwrap_or(0);
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds("/proc/thread-self/stat")
        .zip(cpu_before)
        .map(|(a, b)| a - b)
        .filter(|c| *c > 0.0);
    println!(
        "client parse only: {n} rows from a {} KB page x{reps} in {secs:.3}s = {:.0} users/s wall{}",
        body.len() / 1024,
        n as f64 / secs,
        cpu.map(|c| format!(", {:.0} users per CPU-second", n as f64 / c))
            .unwrap_or_default()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a bare number picks the org size.
    let users: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async move {
        let seeding = Instant::now();
        let sandbox = start(SandboxOptions::new(users).with_rate_limit(RAISED_RATE_LIMIT))
            .await
            .expect("start sandbox");
        println!(
            "sandbox: {users} users seeded in {:.1}s at {}",
            seeding.elapsed().as_secs_f64(),
            sandbox.base_url()
        );
        let client = Client::new(ClientConfig::new(
            sandbox.base_url(),
            Auth::ssws(sandbox.token()),
        ))
        .expect("client");

        let mut rates = Vec::new();
        let mut held: Option<Vec<UserRow>> = None;
        // The first run's RSS growth: later runs reuse memory freed by the run before.
        let mut first_rss: Option<(u64, u64)> = None;
        for run in 1..=RUNS {
            // Keep nothing from the previous run so the RSS delta is this run's rows.
            drop(held.take());
            let rss_before = rss_bytes();
            let cpu_before = cpu_seconds("/proc/self/stat");
            let (rows, pages, secs) = stream_all(&client).await;
            let cpu = cpu_seconds("/proc/self/stat")
                .zip(cpu_before)
                .map(|(a, b)| a - b);
            let rss_after = rss_bytes();
            let rate = rows.len() as f64 / secs;
            let cpu_note = cpu
                .map(|c| format!(", process CPU {c:.2}s (sandbox + client) = {:.0} users per CPU-second", rows.len() as f64 / c))
                .unwrap_or_default();
            println!(
                "run {run}: {} users in {pages} pages, {secs:.3}s, {rate:.0} users/s{cpu_note}",
                rows.len()
            );
            rates.push(rate);
            if let (None, Some(b), Some(a)) = (first_rss, rss_before, rss_after) {
                first_rss = Some((b, a));
            }
            held = Some(rows);
        }
        rates.sort_by(|a, b| a.total_cmp(b));
        let median = rates[rates.len() / 2];
        println!(
            "users/s: median {median:.0}, best {:.0}, worst {:.0} (target >= 50000)",
            rates[rates.len() - 1],
            rates[0]
        );

        if let Some(rows) = held {
            let strings: usize = rows.iter().map(heap_bytes).sum();
            let structs = std::mem::size_of::<UserRow>() * rows.len();
            let with_capacity = std::mem::size_of::<UserRow>() * rows.capacity() + strings;
            println!(
                "rows held: {} rows x {} B struct = {:.1} MB + {:.1} MB string heap = {:.1} MB ({:.1} MB with Vec spare capacity) (target < 60 MB)",
                rows.len(),
                std::mem::size_of::<UserRow>(),
                mb(structs as f64),
                mb(strings as f64),
                mb((structs + strings) as f64),
                mb(with_capacity as f64)
            );
            if let Some((b, a)) = first_rss {
                println!(
                    "RSS (first run): {:.1} MB before, {:.1} MB after, delta {:.1} MB (includes allocator slack and the in-process sandbox's buffers)",
                    mb(b as f64),
                    mb(a as f64),
                    mb(a as f64 - b as f64)
                );
            }
        }
        raw_fetch_only(&sandbox).await;
        parse_only(&sandbox).await;
        sandbox.shutdown().await;
    });
}
