//! What a million users cost the console as it holds them today (`RowList<UserRow>`: the
//! rows, their filter haystacks, the order and the view): time to take them in, to the first
//! part, a filter keystroke, and resident memory. A measurement, not a check: it asserts only
//! that the list holds what it was given. Run in release, with the row count as an argument:
//!
//!     cargo test --release --test console_rows_measure -- --ignored --nocapture
//!     OKTUI_MEASURE_ROWS=100000 cargo test --release --test console_rows_measure -- --ignored --nocapture
//!
//! `OKTUI_MEASURE_FILTER_ONLY=1` stops after the filter (to profile it alone);
//! `OKTUI_MEASURE_ORG=sandbox` lists the sandbox's own users instead of synthetic ones.

use std::time::Instant;

use oktui::app::RowList;
use oktui::okta::{UserRow, UserStatus};

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

const FIRST: [&str; 8] = [
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "Katherine",
];
const LAST: [&str; 8] = [
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Johnson",
];

/// A user as Okta lists them: login = email, a created and last-updated time.
fn user(i: usize) -> UserRow {
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i / FIRST.len()) % LAST.len()];
    let login = format!(
        "{}.{}{i}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    UserRow::from(oktui::okta::UserFields {
        id: format!("00u{i:017}").into(),
        status: if i.is_multiple_of(17) {
            UserStatus::Suspended
        } else {
            UserStatus::Active
        },
        transitioning_to: None,
        login: login.clone().into(),
        email: login.into(),
        first_name: first.into(),
        last_name: last.into(),
        created: Some(1_600_000_000_000 + i as i64),
        last_login: Some(1_700_000_000_000 + i as i64),
        last_updated: Some(1_700_000_000_000 + i as i64),
        status_changed: None,
    })
}

#[test]
#[ignore = "a measurement: run in release with --ignored --nocapture"]
fn measure_the_console_list_at_a_million_rows() {
    let n: usize = std::env::var("OKTUI_MEASURE_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    const PART: usize = 10_000;
    let before = rss_mb();
    let mut list: RowList<UserRow> = RowList::default();
    // As the console does when an index opens: it knows the count.
    list.reserve(n);
    let start = Instant::now();
    let mut first_part = None;
    if std::env::var("OKTUI_MEASURE_ORG").as_deref() == Ok("sandbox") {
        // The sandbox's own users (names in many scripts, as the demo shows them). The
        // memory figures then include the sandbox's store, built in this process.
        let org = oktui::sandbox::seed::build_org(n, 1);
        let rows: Vec<UserRow> = org
            .users
            .values()
            .filter_map(|u| oktui::okta::User::from_value(org.user_json(u, "http://x", false)).ok())
            .map(|u| u.row)
            .collect();
        drop(org);
        println!("(sandbox rows built; memory figures below include them)");
        let start = Instant::now();
        for part in rows.chunks(PART) {
            list.push_page(part.to_vec());
            first_part.get_or_insert_with(|| start.elapsed());
        }
    } else {
        for from in (0..n).step_by(PART) {
            let rows: Vec<UserRow> = (from..(from + PART).min(n)).map(user).collect();
            list.push_page(rows);
            first_part.get_or_insert_with(|| start.elapsed());
        }
    }
    let took_in = start.elapsed();
    let held = rss_mb() - before;
    println!("rows: {n}");
    println!(
        "first part of {PART} taken in: {:.1} ms (rows built and pushed)",
        first_part.unwrap_or_default().as_secs_f64() * 1e3
    );
    println!("all rows taken in: {:.2} s", took_in.as_secs_f64());
    println!("resident memory held by the list: {held:.0} MB");
    for text in [
        "a",
        "al",
        "ala",
        "alan",
        "alan.",
        "alan.t",
        "x",
        "turing4",
        "q",
        // pasted whole, after a filter it does not narrow
        "alan.turing40@example.com",
        "Alan",
        "q",
    ] {
        let t = Instant::now();
        list.set_filter(text);
        println!(
            "filter {text:>8}: {:>7.1} ms, {} rows",
            t.elapsed().as_secs_f64() * 1e3,
            list.visible_len()
        );
    }
    for text in ["alan.", "ala", "a", ""] {
        let t = Instant::now();
        list.set_filter(text);
        println!(
            "backspace to {text:>5}: {:>7.1} ms, {} rows",
            t.elapsed().as_secs_f64() * 1e3,
            list.visible_len()
        );
    }
    if std::env::var_os("OKTUI_MEASURE_FILTER_ONLY").is_some() {
        return;
    }
    let t = Instant::now();
    list.set_sort(Some(oktui::app::Sort {
        column: 1,
        descending: false,
    }));
    println!("sort by login: {:.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    list.upsert_rows((0..1000).map(|i| user(i * 997 % n)).collect());
    println!(
        "1,000 unchanged rows from a sync: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let mut changed: Vec<UserRow> = (0..1000).map(|i| user(i * 991 % n)).collect();
    for u in &mut changed {
        u.set_status(UserStatus::Suspended);
    }
    list.upsert_rows(changed);
    println!(
        "1,000 changed rows from a sync: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    println!("resident memory at the end: {:.0} MB", rss_mb());
    assert_eq!(list.rows.len(), n);
}
