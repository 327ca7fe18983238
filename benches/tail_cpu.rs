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
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use oktui::sandbox::{SandboxOptions, start};

mod support;
use support::{EventWriter, cpu_secs};

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

    // Let the tail take its first poll before the first write.
    std::thread::sleep(Duration::from_secs(1));
    let writer = EventWriter::start(&rt, sb.base_url(), sb.token());
    let cpu_before = cpu_secs(pid).unwrap_or(0.0);
    let window = Instant::now();
    std::thread::sleep(Duration::from_secs(secs));
    let cpu = cpu_secs(pid).unwrap_or(f64::NAN) - cpu_before;
    let wall = window.elapsed().as_secs_f64();
    let w = writer.stop(&rt);
    // The last events arrive with the next poll (at most the slowest interval away).
    std::thread::sleep(Duration::from_secs(12));
    let _ = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status();
    let status = child.wait().expect("wait");
    let _ = reader.join();
    let got = arrived.load(Ordering::Relaxed);
    println!(
        "tail: {w} events written at 10/s; {got} arrived, each once; tail CPU {cpu:.2} s over \
         {wall:.1} s = {:.2}% of one core; exit {:?}",
        100.0 * cpu / wall,
        status.code()
    );
    assert_eq!(got, w, "every event written arrives");
}
