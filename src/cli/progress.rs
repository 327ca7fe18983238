//! Progress on stderr: a counter or bar when stderr is a terminal, nothing when it is piped
//! (so logs of scheduled jobs stay clean).

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

/// Redraw at most this often: a fast list must not spend its time painting.
const REDRAW_EVERY: Duration = Duration::from_millis(100);

pub struct Progress {
    enabled: bool,
    label: String,
    last_draw: Option<Instant>,
}

impl Progress {
    pub fn new(label: &str) -> Progress {
        Progress {
            enabled: io::stderr().is_terminal(),
            label: label.to_owned(),
            last_draw: None,
        }
    }

    /// A running count ("12,400 users").
    pub fn count(&mut self, n: usize) {
        if self.due() {
            self.draw(&format!("{} {}", group_thousands(n), self.label));
        }
    }

    /// A bar for a known total ("[#####     ] 5/10 users").
    pub fn bar(&mut self, done: usize, total: usize) {
        if !self.enabled || (!self.due() && done < total) {
            return;
        }
        const WIDTH: usize = 24;
        let filled = (done * WIDTH)
            .checked_div(total)
            .unwrap_or(WIDTH)
            .min(WIDTH);
        let line = format!(
            "[{}{}] {done}/{total} {}",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            self.label
        );
        self.draw(&line);
    }

    /// Clears the line so the next message starts clean.
    pub fn finish(&mut self) {
        if self.enabled && self.last_draw.is_some() {
            let _ = write!(io::stderr(), "\r\x1b[2K");
            let _ = io::stderr().flush();
        }
    }

    fn due(&mut self) -> bool {
        if !self.enabled {
            return false;
        }
        let now = Instant::now();
        match self.last_draw {
            Some(t) if now.duration_since(t) < REDRAW_EVERY => false,
            _ => {
                self.last_draw = Some(now);
                true
            }
        }
    }

    fn draw(&self, line: &str) {
        let mut err = io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands() {
        assert_eq!(super::group_thousands(0), "0");
        assert_eq!(super::group_thousands(999), "999");
        assert_eq!(super::group_thousands(100000), "100,000");
        assert_eq!(super::group_thousands(1234567), "1,234,567");
    }
}
