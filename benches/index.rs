//! The local index at scale, and the listings that fill it.
//!
//!     cargo bench --bench index              # 1,000,000-row index; 100,000-user org at 50 ms
//!     cargo bench --bench index -- 200000 20000   # index rows, org users
//!     cargo bench --bench index -- 0 100000 16    # no index part; 16 slots
//!     cargo bench --bench index -- 0 1000000 8 delta   # 1,000,000 users, only part 3
//!
//! 1. Index of N synthetic users (no network): write time, open to the first screen (50 rows
//!    by login), a filter keystroke three ways — SQLite `LIKE '%text%'` over four columns,
//!    SQLite FTS5 trigram, and a compact in-memory column (one lower-cased string per user,
//!    scanned with memchr) — and resident memory (VmRSS) after each step.
//! 2. Sandbox org of M users, 50 ms added latency, users bucket 10,000/min: sequential paging
//!    vs `list_parallel` (bucket share 0.5, max_in_flight 8), requests and seconds.
//! 3. Delta sync of 1,000 changes (900 status changes, 100 deletions) on that org after a full
//!    sync: requests and seconds. With the word `delta` among the arguments part 2 is skipped
//!    (sequential paging of a 1,000,000-user org alone takes minutes).

use std::time::{Duration, Instant};

use oktui::index::partition::{ParallelOptions, list_parallel, user_rows};
use oktui::index::{Index, SyncOptions, sync};
use oktui::okta::{Auth, Client, ClientConfig, UserQuery, UserRow, UserStatus};
use oktui::sandbox::{SandboxOptions, start};

mod support;

/// This process's resident memory, in MB.
fn rss_mb() -> f64 {
    support::status_mb(std::process::id(), "VmRSS:")
}

const FIRST: [&str; 12] = [
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "John",
    "Katherine",
    "Linus",
    "Margaret",
    "Niklaus",
];
const LAST: [&str; 12] = [
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Johnson",
    "Torvalds", "Hamilton", "Wirth",
];

fn synthetic(i: u64) -> UserRow {
    let (f, l) = (FIRST[(i % 12) as usize], LAST[((i / 12) % 12) as usize]);
    let login = format!("{}.{}{}@example.com", f.to_lowercase(), l.to_lowercase(), i);
    UserRow::from(oktui::okta::UserFields {
        id: format!("00u{:017x}", i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 4).into(),
        status: UserStatus::Active,
        transitioning_to: None,
        email: login.clone().into(),
        login: login.into(),
        first_name: f.into(),
        last_name: l.into(),
        created: Some(1_600_000_000_000 + i as i64 * 1000),
        last_login: None,
        last_updated: Some(1_600_000_000_000 + i as i64 * 1000),
        status_changed: None,
    })
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed().as_secs_f64() * 1000.0)
}

fn index_bench(rows: u64) {
    println!("== index of {rows} users (rss at start {:.0} MB)", rss_mb());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite");
    let ((), write_ms) = time(|| {
        let (mut ix, _) = Index::open(&path).unwrap();
        let mut batch = Vec::with_capacity(10_000);
        for i in 0..rows {
            batch.push(synthetic(i));
            if batch.len() == 10_000 {
                ix.upsert_users(&batch).unwrap();
                batch.clear();
            }
        }
        ix.upsert_users(&batch).unwrap();
    });
    let size = std::fs::metadata(&path).map_or(0, |m| m.len()) / (1024 * 1024);
    println!(
        "write {rows} rows: {:.1} s ({size} MB on disk)",
        write_ms / 1000.0
    );

    let rss0 = rss_mb();
    let ((ix, first), open_ms) = time(|| {
        let (ix, _) = Index::open(&path).unwrap();
        let first = ix.users_page(0, 50).unwrap();
        (ix, first)
    });
    println!(
        "open to first screen (50 rows by login): {open_ms:.1} ms ({} rows), rss +{:.0} MB",
        first.len(),
        rss_mb() - rss0
    );
    let (n, count_ms) = time(|| ix.user_count().unwrap());
    println!("count(*) of {n}: {count_ms:.1} ms");
    let (_, deep_ms) = time(|| ix.users_page(rows / 2, 50).unwrap());
    println!(
        "a screen in the middle (OFFSET {}): {deep_ms:.1} ms",
        rows / 2
    );
    for text in ["k", "hop", "turing77"] {
        let (hits, ms) = time(|| ix.users_matching(text, 50).unwrap());
        println!(
            "LIKE '%{text}%' (first 50 by login): {ms:.1} ms ({} rows)",
            hits.len()
        );
    }
    drop(ix);

    // FTS5 trigram over the same columns (a separate table so the index itself stays lean).
    let conn = rusqlite::Connection::open(&path).unwrap();
    let ((), fts_ms) = time(|| {
        conn.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS users_fts USING fts5(
                 login, email, first_name, last_name, content='users', tokenize='trigram');
             INSERT INTO users_fts(users_fts) VALUES ('rebuild');",
        )
        .unwrap();
    });
    let size2 = std::fs::metadata(&path).map_or(0, |m| m.len()) / (1024 * 1024);
    println!(
        "FTS5 trigram build: {:.1} s (file {size2} MB)",
        fts_ms / 1000.0
    );
    for text in ["hop", "turing77"] {
        let (n, ms) = time(|| {
            let mut st = conn
                .prepare(
                    "SELECT u.login FROM users_fts f JOIN users u ON u.rowid = f.rowid
                     WHERE users_fts MATCH ?1 ORDER BY u.login COLLATE NOCASE LIMIT 50",
                )
                .unwrap();
            st.query_map([format!("\"{text}\"")], |r| r.get::<_, String>(0))
                .unwrap()
                .count()
        });
        println!("FTS5 MATCH '{text}' (first 50 by login): {ms:.1} ms ({n} rows)");
    }
    drop(conn);

    // A compact in-memory column: the searchable text of each user, lower-cased, in one
    // buffer with offsets; ids kept as row numbers into the index.
    let rss1 = rss_mb();
    let ((hay, offsets), load_ms) = time(|| {
        let (ix, _) = Index::open(&path).unwrap();
        let mut hay = Vec::<u8>::with_capacity(rows as usize * 64);
        let mut offsets = Vec::<u32>::with_capacity(rows as usize + 1);
        ix.for_each_user(|u| {
            offsets.push(hay.len() as u32);
            for part in [u.login(), u.email(), u.first_name(), u.last_name()] {
                hay.extend(part.to_lowercase().bytes());
                hay.push(0);
            }
        })
        .unwrap();
        offsets.push(hay.len() as u32);
        (hay, offsets)
    });
    println!(
        "column store load: {:.1} s, rss +{:.0} MB ({} MB text)",
        load_ms / 1000.0,
        rss_mb() - rss1,
        hay.len() / (1024 * 1024)
    );
    for text in ["k", "hop", "turing77"] {
        let (n, ms) = time(|| {
            let finder = memchr::memmem::Finder::new(text.as_bytes());
            offsets
                .windows(2)
                .filter(|w| finder.find(&hay[w[0] as usize..w[1] as usize]).is_some())
                .count()
        });
        println!("column scan '{text}' (all matches): {ms:.1} ms ({n} rows)");
    }
    println!("rss at end: {:.0} MB", rss_mb());
}

fn client(base: &str, token: &str, in_flight: usize) -> Client {
    let mut c = ClientConfig::new(base, Auth::ssws(token));
    c.max_in_flight = in_flight;
    c.timeout = Duration::from_secs(60);
    Client::new(c).unwrap()
}

async fn org_bench(users: usize, slots: usize, listings: bool) {
    println!("== sandbox org of {users} users, 50 ms latency, users bucket 10,000/min");
    let t = Instant::now();
    let rss0 = rss_mb();
    let mut opts = SandboxOptions::new(users).with_rate_limit(10_000);
    opts.faults.latency_ms = 50;
    let sb = start(opts).await.unwrap();
    println!(
        "seeded in {:.1} s, rss +{:.0} MB",
        t.elapsed().as_secs_f64(),
        rss_mb() - rss0
    );
    let popts = ParallelOptions {
        max_in_flight: slots,
        ..Default::default()
    };
    if listings {
        listing_bench(&sb, slots, &popts).await;
    }
    delta_bench(&sb, slots, &popts).await;
}

/// Sequential paging, then `list_parallel`, of the whole org.
async fn listing_bench(sb: &oktui::sandbox::SandboxHandle, slots: usize, popts: &ParallelOptions) {
    let c = client(sb.base_url(), sb.token(), 8);
    let t = Instant::now();
    let (mut n, mut pages) = (0usize, 0u64);
    let mut stream = c.list_users(UserQuery {
        filter: Some("lastUpdated gt \"1970-01-01T00:00:00.000Z\"".into()),
        ..Default::default()
    });
    while let Some(p) = stream.next_page().await {
        n += p.unwrap().items.len();
        pages += 1;
    }
    let seq = t.elapsed().as_secs_f64();
    println!("sequential: {n} users, {pages} requests, {seq:.1} s");

    // A fresh client: the sequential run's budget figures would hold the parallel one back.
    tokio::time::sleep(Duration::from_secs(61)).await;
    let c = client(sb.base_url(), sb.token(), slots);
    let t = Instant::now();
    let mut m = 0usize;
    // When half and nine tenths of the users had arrived: a long tail means unequal parts.
    let (mut half, mut most) = (0.0, 0.0);
    let report = list_parallel(&c, "/api/v1/users", user_rows(&c, 200), popts, |rows| {
        m += rows.len();
        let s = t.elapsed().as_secs_f64();
        if m * 2 < n {
            half = s;
        }
        if m * 10 < n * 9 {
            most = s;
        }
        true
    })
    .await
    .unwrap();
    let par = t.elapsed().as_secs_f64();
    println!(
        "parallel ({slots} slots, share 0.5): {m} users, {} requests, {} parts, {} splits, {par:.1} s ({:.1}x); half by {half:.1} s, 90% by {most:.1} s",
        report.requests,
        report.parts,
        report.splits,
        seq / par
    );
    tokio::time::sleep(Duration::from_secs(61)).await;
}

/// A full sync, 1,000 changes made in the sandbox, then the delta sync that finds them.
async fn delta_bench(sb: &oktui::sandbox::SandboxHandle, slots: usize, popts: &ParallelOptions) {
    let c = client(sb.base_url(), sb.token(), slots);
    let (mut ix, _) = Index::in_memory().unwrap();
    let sopts = SyncOptions {
        parallel: popts.clone(),
        ..Default::default()
    };
    let t = Instant::now();
    let full = sync(&c, &mut ix, &sopts, &mut |_| {}).await.unwrap();
    println!(
        "full sync: {} users, {} requests, {:.1} s",
        full.users_changed,
        full.requests,
        t.elapsed().as_secs_f64()
    );
    // 900 status changes and 100 deletions, spread over the org (not the admin).
    let admin = sb.admin_id();
    let ids: Vec<String> = ix.user_ids().unwrap();
    let picked: Vec<&String> = ids
        .iter()
        .filter(|id| **id != admin)
        .step_by((ids.len() / 1000).max(1))
        .take(1000)
        .collect();
    for id in &picked[..900] {
        sb.set_user_status(id, "SUSPENDED");
    }
    tokio::time::sleep(Duration::from_secs(61)).await;
    let c = client(sb.base_url(), sb.token(), slots);
    for id in &picked[900..] {
        // The first call deactivates, the second deletes.
        c.delete_user(id, false).await.unwrap();
        let _ = c.delete_user(id, false).await;
    }
    // The changes pass alone (what a delta sync asks before looking for deletions).
    let since = ix.synced_at().unwrap().unwrap_or(0) - 60_000;
    let t = Instant::now();
    let (mut changed, mut pages) = (0usize, 0u64);
    let mut stream = c.list_users(UserQuery {
        filter: Some(format!(
            "lastUpdated gt \"{}\"",
            oktui::okta::format_okta_timestamp(since)
        )),
        ..Default::default()
    });
    while let Some(p) = stream.next_page().await {
        changed += p.unwrap().items.len();
        pages += 1;
    }
    println!(
        "changes pass alone: {changed} users, {pages} requests, {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let delta = sync(&c, &mut ix, &sopts, &mut |_| {}).await.unwrap();
    println!(
        "delta sync of 1,000 changes: {} users changed, {} deleted, {} requests, {:.2} s, deletions: {:?}",
        delta.users_changed,
        delta.users_deleted,
        delta.requests,
        t.elapsed().as_secs_f64(),
        delta.deletions
    );
}

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let rows = args.first().copied().unwrap_or(1_000_000);
    let users = args.get(1).copied().unwrap_or(100_000) as usize;
    let slots = args.get(2).copied().unwrap_or(8) as usize;
    let listings = !std::env::args().any(|a| a == "delta");
    if rows > 0 {
        index_bench(rows);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(org_bench(users, slots, listings));
}
