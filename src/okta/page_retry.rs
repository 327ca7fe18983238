//! How a long listing rides out faults: the client already repeats a failed GET a couple of
//! times within a second; a listing of thousands of rows needs to survive longer outages than
//! that, so it waits longer between further tries of the SAME page (the pager keeps its
//! cursor on error, so nothing already read is fetched again or skipped). Bounded, so a
//! listing against a dead org still ends with an error a script can branch on.

use std::time::Duration;

use super::error::OktaError;

/// Further tries of one page after the client's own retries gave up.
pub const PAGE_RETRIES: u32 = 6;

/// The longest wait between two tries of a page.
pub const MAX_PAGE_WAIT: Duration = Duration::from_secs(30);

/// A page failure worth trying again: the org did not answer, answered 5xx, or is rate
/// limiting for a window short enough to wait out. Anything else (401, 404, a bad body)
/// would fail the same way again.
pub fn is_transient(e: &OktaError) -> bool {
    match e {
        OktaError::RateLimited { wait, .. } => *wait <= MAX_PAGE_WAIT,
        OktaError::Timeout { .. } | OktaError::Connect { .. } | OktaError::Dropped { .. } => true,
        OktaError::Api { status, .. } => *status >= 500 || *status == 429,
        _ => false,
    }
}

/// Counts the tries of the page being loaded; reset after each page that arrives.
#[derive(Debug, Default, Clone)]
pub struct PageRetry {
    failures: u32,
}

impl PageRetry {
    /// How long to wait before trying the page again after `e`, or None to give up (the
    /// failure is permanent or the tries are used up).
    pub fn after_failure(&mut self, e: &OktaError) -> Option<Duration> {
        if !is_transient(e) || self.failures >= PAGE_RETRIES {
            return None;
        }
        let base = Duration::from_secs(1u64 << self.failures.min(5)).min(MAX_PAGE_WAIT);
        self.failures += 1;
        // A rate-limit answer says how long its window lasts: waiting less only earns a 429.
        let wait = match e {
            OktaError::RateLimited { wait, .. } => base.max(*wait),
            _ => base,
        };
        Some(wait.min(MAX_PAGE_WAIT))
    }

    /// Tries used on the current page (1 after the first failure).
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// A page arrived: the next failure starts the count again.
    pub fn succeeded(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_error() -> OktaError {
        OktaError::Api {
            status: 500,
            code: Some("E0000009".into()),
            summary: "Internal Server Error".into(),
            causes: vec![],
            request_id: None,
            www_authenticate: None,
        }
    }

    #[test]
    fn transient_failures_wait_longer_each_time_up_to_a_bound() {
        let mut r = PageRetry::default();
        let waits: Vec<Duration> =
            std::iter::from_fn(|| r.after_failure(&server_error())).collect();
        assert_eq!(waits.len(), PAGE_RETRIES as usize);
        assert!(waits.windows(2).all(|w| w[0] <= w[1]), "{waits:?}");
        assert_eq!(waits[0], Duration::from_secs(1));
        assert!(waits.iter().all(|w| *w <= MAX_PAGE_WAIT));
        assert!(waits.iter().sum::<Duration>() >= Duration::from_secs(30));
        r.succeeded();
        assert_eq!(
            r.after_failure(&server_error()),
            Some(Duration::from_secs(1))
        );
    }

    #[test]
    fn permanent_failures_and_long_rate_windows_are_not_retried() {
        let mut r = PageRetry::default();
        let not_found = OktaError::Api {
            status: 404,
            code: Some("E0000007".into()),
            summary: "Not found".into(),
            causes: vec![],
            request_id: None,
            www_authenticate: None,
        };
        assert_eq!(r.after_failure(&not_found), None);
        let long = OktaError::RateLimited {
            attempts: 4,
            wait: Duration::from_secs(3000),
            request_id: None,
        };
        assert_eq!(r.after_failure(&long), None);
        let short = OktaError::RateLimited {
            attempts: 4,
            wait: Duration::from_secs(20),
            request_id: None,
        };
        assert_eq!(r.after_failure(&short), Some(Duration::from_secs(20)));
        let dropped = OktaError::Dropped {
            host: "h".into(),
            detail: "reset".into(),
        };
        assert!(r.after_failure(&dropped).is_some());
    }
}
