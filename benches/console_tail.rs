//! CPU cost of the console's tail mode (Logs tab, `T`) following a System Log that receives
//! 10 events a second, through the real binary in a pseudo-terminal.
//!
//!     cargo bench --bench console_tail            # 30 s
//!     cargo bench --bench console_tail -- 60      # another duration, in seconds
//!
//! The sandbox (5,000 users, as the demo, with Okta's rate limits: the log's bucket is 120 a
//! minute) runs in this process with a writer task that performs 10 writes a second over
//! HTTP (clearing a user's sessions, one event each). The console opens the Logs tab, turns
//! tail mode on with its default polling interval, and draws every event that arrives. The
//! figure is the console's own CPU time (utime + stime from `/proc/<pid>/stat`) over the
//! wall-clock window; the header's count of events the tail added must reach every event
//! written.

use std::time::{Duration, Instant};

use oktui::sandbox::{SandboxOptions, start};

const W: u16 = 160;
const H: u16 = 40;
mod support;
use support::{EventWriter, cpu_secs};
#[path = "../tests/support/pty.rs"]
mod pty;
use pty::{Console, oktui_command};

/// The tail's count in the header ("tail +1,234 · …"), 0 before the first event.
fn tail_count(screen: &str) -> Option<u64> {
    let header = screen.lines().next()?;
    let at = header.find("tail")?;
    let rest = &header[at + 4..];
    let Some(plus) = rest.strip_prefix(" +") else {
        return Some(0);
    };
    let digits: String = plus
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
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
    let sb = rt
        .block_on(start(SandboxOptions::new(5000)))
        .expect("sandbox");
    let (base, token) = (sb.base_url().to_owned(), sb.token().to_owned());

    let data = tempfile::tempdir().expect("tempdir");
    // An empty config: a named file that does not exist is an error.
    let config = data.path().join("none.toml");
    std::fs::write(&config, "").expect("empty config");
    let mut cmd = oktui_command(&["--config", &config.to_string_lossy()], data.path());
    cmd.env("OKTA_CLIENT_ORGURL", &base);
    cmd.env("OKTA_CLIENT_TOKEN", &token);
    cmd.env_remove("OKTUI_TAIL_INTERVAL_MS");
    let mut c = Console::spawn(H, W, cmd, data.path().to_path_buf(), None);
    let pid = c.child.process_id().expect("pid");
    let wait = |c: &Console, what: &str, pred: &dyn Fn(&str) -> bool| {
        c.poll_until(what, Duration::from_millis(20), pred);
    };
    wait(&c, "all users loaded", &|s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains(" users") && !h.contains("loaded"))
    });
    c.send("4");
    wait(&c, "the System Log loaded", &|s| {
        s.lines()
            .next()
            .is_some_and(|h| h.contains(" events") && !h.contains("loaded"))
    });
    c.send("T");
    wait(&c, "tail mode", &|s| tail_count(s).is_some());
    // Let the tail take its first poll before the first write.
    std::thread::sleep(Duration::from_secs(3));
    let before = tail_count(&c.screen()).unwrap_or(0);

    let writer = EventWriter::start(&rt, &base, &token);
    let (cpu0, bytes0) = (cpu_secs(pid).unwrap_or(0.0), c.written());
    let window = Instant::now();
    std::thread::sleep(Duration::from_secs(secs));
    let cpu = cpu_secs(pid).unwrap_or(f64::NAN) - cpu0;
    let drawn = c.written() - bytes0;
    let wall = window.elapsed().as_secs_f64();
    let w = writer.stop(&rt);
    // The last events arrive with the next poll (at most the slowest interval away).
    let t = Instant::now();
    while tail_count(&c.screen()).unwrap_or(0) < before + w && t.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    let got = tail_count(&c.screen()).unwrap_or(0) - before;
    println!(
        "console tail: {w} events written at 10/s; {got} added by the tail; console CPU \
         {cpu:.2} s over {wall:.1} s = {:.2}% of one core; {drawn} bytes drawn",
        100.0 * cpu / wall
    );
    c.send("q");
    c.wait_exit();
    assert_eq!(got, w, "every event written arrives, once");
}
