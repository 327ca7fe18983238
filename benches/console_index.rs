//! The console on a big org's local index, through the release binary in a pseudo-terminal:
//!
//! 1. a sandbox org of N users (default 1,000,000) on loopback, its limits raised;
//! 2. a full sync of it into a tenant's index (requests, seconds, file size);
//! 3. the console opened on that tenant: spawn → first rows on screen, → every row read from
//!    the index; resident memory then (and its heap, `RssAnon`); 5 s idle (CPU ticks, bytes
//!    written); filter keystrokes → the screen redrawn with their result (typing, a pasted
//!    login, backspace).
//!
//! ```text
//! cargo bench --bench console_index             # 1,000,000 users
//! cargo bench --bench console_index -- 100000   # another org size
//! ```

use std::time::{Duration, Instant};

use oktui::index::{Index, SyncOptions, sync};
use oktui::okta::{Auth, Client, ClientConfig};
use oktui::sandbox::{RAISED_RATE_LIMIT, SandboxOptions, start};
#[path = "../tests/support/pty.rs"]
mod pty;
mod support;
use pty::{Console, oktui_command};
use support::{cpu_secs, status_mb};

const W: u16 = 160;
const H: u16 = 48;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let users: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!("console on an index: sandbox with {users} users on 127.0.0.1");
    let t = Instant::now();
    let sandbox = rt
        .block_on(start(
            SandboxOptions::new(users).with_rate_limit(RAISED_RATE_LIMIT),
        ))
        .expect("sandbox");
    println!("  (sandbox seeded in {:.1} s)", t.elapsed().as_secs_f64());
    let (base, token) = (sandbox.base_url().to_owned(), sandbox.token().to_owned());

    let data = tempfile::tempdir().expect("tempdir");
    let dir = data.path().join("cache/oktui/index");
    std::fs::create_dir_all(&dir).expect("index dir");
    let (mut index, _) = Index::open_tenant(&dir, "big").expect("index");
    let client = Client::new(ClientConfig::new(
        base.clone(),
        Auth::Ssws(token.clone().into()),
    ))
    .expect("client");
    let t = Instant::now();
    let opts = SyncOptions {
        full: true,
        ..SyncOptions::default()
    };
    let report = rt
        .block_on(sync(&client, &mut index, &opts, &mut |_| {}))
        .expect("full sync");
    let rows = index.user_count().expect("count");
    drop(index);
    let size: u64 = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    println!(
        "full sync into the index: {rows} users, {} requests, {:.1} s, {:.0} MB on disk",
        report.requests,
        t.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );

    console_figures(&base, &token, data.path(), rows);
    rt.block_on(sandbox.shutdown());
}

fn console_figures(base: &str, token: &str, data: &std::path::Path, rows: u64) {
    let config = data.join("config.toml");
    std::fs::write(
        &config,
        format!("[[tenants]]\nname = \"big\"\ndomain = \"{base}\"\ntoken = \"{token}\"\n"),
    )
    .expect("config");
    let mut cmd = oktui_command(&["--config", &config.to_string_lossy()], data);
    cmd.env_remove("OKTUI_TENANT");
    let started = Instant::now();
    let mut c = Console::spawn(H, W, cmd, data.to_path_buf(), None);
    let pid = c.child.process_id().expect("pid");
    // Every wait below is timed, so the screen is looked at every millisecond.
    let wait = |c: &Console, what: &str, pred: &dyn Fn(&str) -> bool| -> Instant {
        c.poll_until(what, Duration::from_millis(1), pred);
        Instant::now()
    };
    let first = wait(&c, "first rows", &|s| s.contains("@example."));
    println!(
        "console: spawn → first rows from the index on screen {:.0} ms (process start included)",
        ms(first - started)
    );
    let count = format!("{} users", thousands(rows));
    let all = wait(&c, "every row read", &|s| {
        s.lines().next().is_some_and(|h| h.contains(&count))
            && s.contains("index")
            && !s.contains("reading")
    });
    println!(
        "console: spawn → all {} rows read from the index {:.2} s",
        thousands(rows),
        (all - started).as_secs_f64()
    );
    wait(&c, "the sync's end", &|s| {
        s.contains("index synced") || s.contains("sync failed")
    });
    std::thread::sleep(Duration::from_millis(500));
    println!(
        "console: resident memory with every row: {:.0} MB (heap, RssAnon: {:.0} MB; binary pages, RssFile: {:.0} MB)",
        status_mb(pid, "VmRSS:"),
        status_mb(pid, "RssAnon:"),
        status_mb(pid, "RssFile:")
    );

    let (c0, b0) = (cpu_secs(pid).unwrap_or(0.0), c.written());
    std::thread::sleep(Duration::from_secs(5));
    let (c1, b1) = (cpu_secs(pid).unwrap_or(0.0), c.written());
    println!(
        "console: idle 5 s: {:.2} s of CPU, {} bytes written to the terminal",
        c1 - c0,
        b1 - b0
    );

    // Each keystroke is timed from its write to the screen showing the filter it makes (the
    // tab line says `filter /TEXT (N shown)` once the rows are filtered and drawn).
    c.send("/");
    wait(&c, "the filter line", &|s| s.contains("Esc clear"));
    let mut typed = String::new();
    let mut times = Vec::new();
    let mut step = |c: &mut Console, label: String, keys: &str, after: String| {
        let t = Instant::now();
        c.send(keys);
        let shown = format!("filter /{after} (");
        wait(c, &label, &|s| s.contains(&shown));
        times.push((label, t.elapsed()));
    };
    for ch in "alan".chars() {
        typed.push(ch);
        step(
            &mut c,
            format!("type {typed}"),
            &ch.to_string(),
            typed.clone(),
        );
    }
    for _ in 0..3 {
        typed.pop();
        step(
            &mut c,
            format!("backspace to {typed}"),
            "\x7f",
            typed.clone(),
        );
    }
    for ch in "turing".chars() {
        typed.push(ch);
        step(
            &mut c,
            format!("type {typed}"),
            &ch.to_string(),
            typed.clone(),
        );
    }
    c.esc();
    wait(&c, "the filter cleared", &|s| !s.contains("filter /"));
    c.send("/");
    wait(&c, "the filter line", &|s| s.contains("Esc clear"));
    let pasted = "Grace.Hopper12@example.com";
    step(&mut c, format!("paste {pasted}"), pasted, pasted.to_owned());
    let worst = times.iter().map(|t| t.1).max().unwrap_or_default();
    let mean = times.iter().map(|t| t.1).sum::<Duration>() / times.len().max(1) as u32;
    println!(
        "console: filter keystroke → redrawn {W}x{H} over {} rows: mean {:.1} ms, worst {:.1} ms ({} keystrokes)",
        thousands(rows),
        ms(mean),
        ms(worst),
        times.len()
    );
    for (label, took) in &times {
        println!("    {label:<36} {:>7.1} ms", ms(*took));
    }
    println!(
        "console: resident memory at the end: {:.0} MB",
        status_mb(pid, "VmRSS:")
    );
    c.esc();
    wait(&c, "the filter cleared", &|s| !s.contains("filter /"));
    c.send("q");
    c.wait_exit();
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
