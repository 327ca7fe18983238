//! Test Connect results as the Credentials tab shows them: on the list (the selected tenant's
//! panel) and inside the form while it runs and once it answered.

use crate::config::LastTest;
use crate::okta::test_connect::TestReport;

use crate::app::ids::ReqId;

/// A Test Connect result as the tab shows it (built from `okta::test_connect::TestReport`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    pub ok: bool,
    /// One line: what worked, or exactly what is wrong.
    pub summary: String,
    /// Label/value pairs: org id, engine, acts as, scopes, latency, rate-limit budget.
    pub details: Vec<(String, String)>,
}

impl TestOutcome {
    pub fn from_report(r: &TestReport) -> TestOutcome {
        let mut details = Vec::new();
        let mut add = |k: &str, v: String| details.push((k.to_owned(), v));
        if let Some(org) = &r.org {
            add("Org id", org.id.clone());
            add("Engine", org.engine_label().to_owned());
        }
        if let Some(who) = &r.acts_as {
            add("Acts as", who.clone());
        }
        if let Some(s) = &r.scheme {
            add("Scheme", s.clone());
        }
        if !r.granted_scopes.is_empty() {
            add("Scopes", r.granted_scopes.join(" "));
        }
        if !r.missing_scopes.is_empty() {
            add("NOT granted", r.missing_scopes.join(" "));
        }
        if let Some(l) = r.latency {
            add("Latency", format!("{} ms", l.as_millis()));
        }
        if let Some(b) = &r.rate_budget {
            add("Rate limit", format!("{} left this window", b.summary()));
        }
        if let Some(f) = &r.failure {
            add("Failure", f.kind.label().to_owned());
        }
        TestOutcome {
            ok: r.ok(),
            summary: r.summary(),
            details,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FormTest {
    #[default]
    Idle,
    Running(ReqId),
    Done(TestOutcome, LastTest),
}
