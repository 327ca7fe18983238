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

use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use oktui::index::{Index, SyncOptions, sync};
use oktui::okta::{Auth, Client, ClientConfig};
use oktui::sandbox::{RAISED_RATE_LIMIT, SandboxOptions, start};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

// Only its CPU reading is used here; the tail benchmarks use the rest.
#[allow(dead_code)]
mod support;

const W: u16 = 160;
const H: u16 = 48;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A line of `/proc/PID/status`, in MB.
fn status_mb(pid: u32, key: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
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
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: H,
            cols: W,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_oktui"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", data);
    cmd.env("OKTUI_DATA_DIR", data);
    cmd.env("XDG_CACHE_HOME", data.join("cache"));
    cmd.env_remove("OKTA_CLIENT_ORGURL");
    cmd.env_remove("OKTA_CLIENT_TOKEN");
    cmd.env_remove("OKTUI_TENANT");
    cmd.args(["--config", &config.to_string_lossy()]);
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let pid = child.process_id().expect("pid");
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let writer = pty.master.take_writer().expect("writer");
    let rows_nz = std::num::NonZeroU16::new(H).expect("rows");
    let cols_nz = std::num::NonZeroU16::new(W).expect("cols");
    let parser = Arc::new(Mutex::new(vt100::Parser::new(rows_nz, cols_nz, 0)));
    let bytes = Arc::new(AtomicUsize::new(0));
    let (p, b) = (parser.clone(), bytes.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            b.fetch_add(n, Ordering::Relaxed);
            if let Ok(mut p) = p.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    let screen = || {
        parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    };
    let wait = |what: &str, pred: &dyn Fn(&str) -> bool| -> Instant {
        let t = Instant::now();
        loop {
            if pred(&screen()) {
                return Instant::now();
            }
            if t.elapsed() > Duration::from_secs(300) {
                panic!("timed out waiting for {what}:\n{}", screen());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    };
    let first = wait("first rows", &|s| s.contains("@example."));
    println!(
        "console: spawn → first rows from the index on screen {:.0} ms (process start included)",
        ms(first - started)
    );
    let count = format!("{} users", thousands(rows));
    let all = wait("every row read", &|s| {
        s.lines().next().is_some_and(|h| h.contains(&count))
            && s.contains("index")
            && !s.contains("reading")
    });
    println!(
        "console: spawn → all {} rows read from the index {:.2} s",
        thousands(rows),
        (all - started).as_secs_f64()
    );
    wait("the sync's end", &|s| {
        s.contains("index synced") || s.contains("sync failed")
    });
    std::thread::sleep(Duration::from_millis(500));
    println!(
        "console: resident memory with every row: {:.0} MB (heap, RssAnon: {:.0} MB; binary pages, RssFile: {:.0} MB)",
        status_mb(pid, "VmRSS:"),
        status_mb(pid, "RssAnon:"),
        status_mb(pid, "RssFile:")
    );

    let (c0, b0) = (
        support::cpu_secs(pid).unwrap_or(0.0),
        bytes.load(Ordering::Relaxed),
    );
    std::thread::sleep(Duration::from_secs(5));
    let (c1, b1) = (
        support::cpu_secs(pid).unwrap_or(0.0),
        bytes.load(Ordering::Relaxed),
    );
    println!(
        "console: idle 5 s: {:.2} s of CPU, {} bytes written to the terminal",
        c1 - c0,
        b1 - b0
    );

    // Each keystroke is timed from its write to the screen showing the filter it makes (the
    // tab line says `filter /TEXT (N shown)` once the rows are filtered and drawn).
    let writer = std::cell::RefCell::new(writer);
    let send = |text: &str| {
        let mut w = writer.borrow_mut();
        let _ = w.write_all(text.as_bytes());
        let _ = w.flush();
    };
    send("/");
    wait("the filter line", &|s| s.contains("Esc clear"));
    let mut typed = String::new();
    let mut times = Vec::new();
    let mut step = |label: String, keys: &str, after: String| {
        let t = Instant::now();
        send(keys);
        let shown = format!("filter /{after} (");
        wait(&label, &|s| s.contains(&shown));
        let took = t.elapsed();
        times.push((label, took));
    };
    for c in "alan".chars() {
        typed.push(c);
        step(format!("type {typed}"), &c.to_string(), typed.clone());
    }
    for _ in 0..3 {
        typed.pop();
        step(format!("backspace to {typed}"), "\x7f", typed.clone());
    }
    for c in "turing".chars() {
        typed.push(c);
        step(format!("type {typed}"), &c.to_string(), typed.clone());
    }
    send("\x1b");
    wait("the filter cleared", &|s| !s.contains("filter /"));
    send("/");
    wait("the filter line", &|s| s.contains("Esc clear"));
    let pasted = "Grace.Hopper12@example.com";
    step(format!("paste {pasted}"), pasted, pasted.to_owned());
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
    send("\x1bq");
    let t = Instant::now();
    while child.try_wait().ok().flatten().is_none() && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
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
