//! `oktui users list --output jsonl` of a 100,000-user sandbox org on loopback, through the
//! real binary: users per second, time to the first row, and the child's peak memory.
//!
//!     cargo bench --bench cli_list             # 100,000 users, 3 runs
//!     cargo bench --bench cli_list -- 20000    # another org size
//!
//! The sandbox runs in this process; the CLI is a child process whose stdout is read and
//! counted here (as a pipe to another program would). Peak memory is the child's `VmHWM`
//! from `/proc/<pid>/status`, sampled until it exits (the high-water mark only grows, so the
//! last sample is the peak). The child's own CPU time is read from `/proc/<pid>/stat` once it
//! has exited and before it is reaped: on a busy machine the wall-clock rate mostly measures
//! the sandbox, while CPU time per user measures the CLI.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use oktui::sandbox::{RAISED_RATE_LIMIT, SandboxOptions, start};

const RUNS: usize = 3;

/// Linux reports utime/stime in USER_HZ ticks, fixed at 100 per second for user space.
const TICKS_PER_SEC: f64 = 100.0;

/// (state, utime + stime in seconds) from `/proc/<pid>/stat`.
fn proc_stat(pid: u32) -> Option<(char, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let state = f.first()?.chars().next()?;
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((state, (utime + stime) / TICKS_PER_SEC))
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct Run {
    rows: u64,
    secs: f64,
    first_row_ms: f64,
    peak_kb: u64,
    cpu_secs: Option<f64>,
}

fn run_once(bin: &str, base_url: &str, token: &str, data_dir: &std::path::Path) -> Run {
    let started = Instant::now();
    let mut child = Command::new(bin)
        .args(["users", "list", "--output", "jsonl"])
        .env("OKTA_CLIENT_ORGURL", base_url)
        .env("OKTA_CLIENT_TOKEN", token)
        .env("OKTUI_DATA_DIR", data_dir)
        .env("HOME", data_dir)
        .env("XDG_CONFIG_HOME", data_dir.join("config"))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start oktui");
    let pid = child.id();
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                if let Some(kb) = vm_hwm_kb(pid) {
                    peak.fetch_max(kb, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let stdout = child.stdout.take().expect("piped stdout");
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let mut line = Vec::new();
    let mut rows = 0u64;
    let mut first_row_ms = 0.0;
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {
                if rows == 0 {
                    first_row_ms = started.elapsed().as_secs_f64() * 1000.0;
                }
                rows += 1;
            }
            Err(e) => panic!("reading the child's stdout: {e}"),
        }
    }
    // Output ended: wait for the exit without reaping, then read the zombie's CPU time.
    let mut cpu_secs = None;
    for _ in 0..10_000 {
        match proc_stat(pid) {
            Some(('Z', cpu)) => {
                cpu_secs = Some(cpu);
                break;
            }
            Some(_) => std::thread::sleep(Duration::from_millis(1)),
            None => break,
        }
    }
    let status = child.wait().expect("wait for oktui");
    let secs = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    assert!(status.success(), "oktui failed: {status}");
    Run {
        rows,
        secs,
        first_row_ms,
        peak_kb: peak.load(Ordering::Relaxed),
        cpu_secs,
    }
}

fn main() {
    let users: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let bin = env!("CARGO_BIN_EXE_oktui");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let seeded = Instant::now();
    let sandbox = rt
        .block_on(start(
            SandboxOptions::new(users).with_rate_limit(RAISED_RATE_LIMIT),
        ))
        .expect("start the sandbox");
    eprintln!(
        "sandbox: {users} users seeded in {:.1}s at {}",
        seeded.elapsed().as_secs_f64(),
        sandbox.base_url()
    );
    let data = tempfile::tempdir().expect("temp dir");
    println!("oktui users list --output jsonl, {users}-user sandbox org on loopback");
    let mut best: Option<Run> = None;
    for i in 1..=RUNS {
        let r = run_once(bin, sandbox.base_url(), sandbox.token(), data.path());
        let cpu = r.cpu_secs.map_or_else(
            || "CPU time unknown".to_owned(),
            |c| {
                format!(
                    "CLI CPU {c:.2}s = {:.0} users per CPU-second",
                    r.rows as f64 / c
                )
            },
        );
        println!(
            "run {i}: {} rows in {:.2}s = {:.0} users/s; first row after {:.0} ms; peak RSS {:.1} MB; {cpu}",
            r.rows,
            r.secs,
            r.rows as f64 / r.secs,
            r.first_row_ms,
            r.peak_kb as f64 / 1024.0
        );
        if best.as_ref().is_none_or(|b| r.secs < b.secs) {
            best = Some(r);
        }
    }
    if let Some(b) = best {
        println!(
            "best: {:.0} users/s, peak RSS {:.1} MB (the default listing hides DEPROVISIONED users, as Okta does)",
            b.rows as f64 / b.secs,
            b.peak_kb as f64 / 1024.0
        );
    }
    drop(sandbox);
}
