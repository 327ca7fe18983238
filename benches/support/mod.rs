//! What the benchmarks share: the CPU and memory a process uses, and a task that makes the
//! sandbox log 10 events a second.

// Each bench uses its own subset of these.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// Linux reports utime/stime in USER_HZ ticks, fixed at 100 per second for user space.
const TICKS_PER_SEC: f64 = 100.0;

/// User and system CPU seconds process `pid` has used so far.
pub fn cpu_secs(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / TICKS_PER_SEC)
}

/// A line of `/proc/PID/status` (`VmRSS:`, `RssAnon:`, …), in MB; 0 when it cannot be read.
pub fn status_mb(pid: u32, key: &str) -> f64 {
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

/// Ends sessions of the org's first users in turn, 10 a second: each is one System Log event.
pub struct EventWriter {
    stop: Arc<AtomicBool>,
    written: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl EventWriter {
    pub fn start(rt: &tokio::runtime::Runtime, base: &str, token: &str) -> EventWriter {
        let http = reqwest::Client::builder().no_proxy().build().expect("http");
        let (base, token) = (base.to_owned(), token.to_owned());
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
        let stop = Arc::new(AtomicBool::new(false));
        let written = Arc::new(AtomicU64::new(0));
        let task = {
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
        EventWriter {
            stop,
            written,
            task,
        }
    }

    /// Stops writing; how many events were written.
    pub fn stop(self, rt: &tokio::runtime::Runtime) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = rt.block_on(self.task);
        self.written.load(Ordering::Relaxed)
    }
}
