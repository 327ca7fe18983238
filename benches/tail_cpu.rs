//! CPU cost of `oktui logs tail --output jsonl` following a System Log that receives 10
//! events a second, through the real binary.
//!
//!     cargo bench --bench tail_cpu            # 30 s
//!     cargo bench --bench tail_cpu -- 60      # another duration, in seconds
//!
//! The sandbox (5,000 users, as the demo, with Okta's rate limits: the log's bucket is 120 a
//! minute) runs in this process with a writer task that performs 10 writes a second over
//! HTTP (clearing a user's sessions, one event each). The tail is a child process with its
//! default polling interval; its stdout is read and counted here. The figure is the child's
//! own CPU time (utime + stime from `/proc/<pid>/stat`) over the wall-clock window: what the
//! tail costs, whatever else loads the machine. Every event written must arrive, once.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use oktui::sandbox::{SandboxOptions, start};

/// Linux reports utime/stime in USER_HZ ticks, fixed at 100 per second for user space.
const TICKS_PER_SEC: f64 = 100.0;

fn cpu_secs(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / TICKS_PER_SEC)
}

fn main() {
    let secs: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(30);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let seeded = Instant::now();
    let sb = rt
        .block_on(start(SandboxOptions::new(5000)))
        .expect("sandbox");
    println!(
        "sandbox: 5,000 users and their 90-day System Log seeded, serving after {:.0} ms",
        seeded.elapsed().as_secs_f64() * 1000.0
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_oktui"))
        .args(["logs", "tail", "--output", "jsonl"])
        .env("OKTA_CLIENT_ORGURL", sb.base_url())
        .env("OKTA_CLIENT_TOKEN", sb.token())
        .env("OKTUI_DATA_DIR", dir.path())
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env_remove("OKTUI_TENANT")
        .env_remove("OKTUI_TAIL_INTERVAL_MS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("oktui");
    let pid = child.id();
    let arrived = Arc::new(AtomicU64::new(0));
    let out = child.stdout.take().expect("stdout");
    let counted = arrived.clone();
    let reader = std::thread::spawn(move || {
        let mut seen = HashSet::new();
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let v: serde_json::Value = serde_json::from_str(&line).expect("a whole JSON line");
            let uuid = v["uuid"].as_str().unwrap_or_default().to_owned();
            assert!(seen.insert(uuid), "an event arrived twice");
            counted.fetch_add(1, Ordering::Relaxed);
        }
    });

    let http = reqwest::Client::builder().no_proxy().build().expect("http");
    let (base, token) = (sb.base_url().to_owned(), sb.token().to_owned());
    let ids: Vec<String> = rt.block_on(async {
        let v: serde_json::Value = http
            .get(format!("{base}/api/v1/users?limit=200"))
            .header("Authorization", format!("SSWS {token}"))
            .send()
            .await
            .expect("users")
            .json()
            .await
            .expect("json");
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|u| u["id"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    });
    // Let the tail take its first poll before the first write.
    std::thread::sleep(Duration::from_secs(1));
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let writer = {
        let (stop, written) = (stop.clone(), written.clone());
        rt.spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            let mut i = 0usize;
            while !stop.load(Ordering::Relaxed) {
                tick.tick().await;
                let id = &ids[i % ids.len()];
                i += 1;
                let r = http
                    .delete(format!("{base}/api/v1/users/{id}/sessions"))
                    .header("Authorization", format!("SSWS {token}"))
                    .send()
                    .await;
                if r.is_ok_and(|r| r.status().is_success()) {
                    written.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    };
    let cpu_before = cpu_secs(pid).unwrap_or(0.0);
    let window = Instant::now();
    std::thread::sleep(Duration::from_secs(secs));
    let cpu = cpu_secs(pid).unwrap_or(f64::NAN) - cpu_before;
    let wall = window.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let _ = rt.block_on(writer);
    // The last events arrive with the next poll (at most the slowest interval away).
    std::thread::sleep(Duration::from_secs(12));
    let _ = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status();
    let status = child.wait().expect("wait");
    let _ = reader.join();
    let (w, got) = (
        written.load(Ordering::Relaxed),
        arrived.load(Ordering::Relaxed),
    );
    println!(
        "tail: {w} events written at 10/s; {got} arrived, each once; tail CPU {cpu:.2} s over \
         {wall:.1} s = {:.2}% of one core; exit {:?}",
        100.0 * cpu / wall,
        status.code()
    );
    assert_eq!(got, w, "every event written arrives");
}
