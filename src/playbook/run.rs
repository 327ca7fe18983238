//! Performing a plan one step at a time: each write journaled through `perform.rs` with the
//! run's id, 429s waited out (Okta refuses them before doing anything, so trying again never
//! repeats a write), a user deleted meanwhile reported once and its other steps passed over,
//! and a run resumed from its journal without repeating a write that succeeded.

use std::collections::HashSet;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};

use super::plan::{Plan, PlanStep, step_key};
use crate::journal::{Journal, Outcome};
use crate::okta::{Client, OktaError, UserRef};
use crate::perform::{Origin, perform, short_error};

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepOutcome {
    Ok,
    /// Succeeded in an earlier attempt of this run (journal): not sent again.
    AlreadyDone,
    /// Unticked by the admin.
    Skipped,
    /// Okta refused it (the error says why).
    Failed,
    /// Sent, no answer: it may or may not have been applied. A resumed run re-reads the user,
    /// so it plans it again only if it was not.
    Unknown,
    /// The user no longer exists.
    UserGone,
}

impl StepOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            StepOutcome::Ok => "ok",
            StepOutcome::AlreadyDone => "already-done",
            StepOutcome::Skipped => "skipped",
            StepOutcome::Failed => "failed",
            StepOutcome::Unknown => "unknown",
            StepOutcome::UserGone => "user-gone",
        }
    }

    /// Counts as a failed step in a run's summary and exit code.
    pub fn is_failure(self) -> bool {
        matches!(self, StepOutcome::Failed | StepOutcome::Unknown)
    }
}

/// One step's result, as the console lists it and the CLI prints it (one JSON line each).
#[derive(Debug, Clone, Serialize)]
pub struct StepResult {
    pub run: String,
    pub key: String,
    pub user: UserRef,
    pub step: super::StepKind,
    pub action: String,
    pub description: String,
    pub outcome: StepOutcome,
    pub error: Option<String>,
    /// Okta's request id, when it answered.
    pub request_id: Option<String>,
    /// Attempts refused with 429 before this one went through.
    pub rate_limited: u32,
}

impl StepResult {
    pub fn to_json(&self) -> Value {
        json!({
            "run": self.run,
            "key": self.key,
            "user": self.user.login,
            "userId": self.user.id,
            "step": self.step,
            "action": self.action,
            "description": self.description,
            "result": self.outcome.as_str(),
            "error": self.error,
            "requestId": self.request_id,
            "rateLimited": self.rate_limited,
        })
    }
}

/// Totals of a finished (or stopped) run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    pub ok: usize,
    pub already_done: usize,
    pub skipped: usize,
    pub failed: usize,
    pub unknown: usize,
    pub users_gone: Vec<String>,
}

impl RunSummary {
    pub fn add(&mut self, r: &StepResult) {
        match r.outcome {
            StepOutcome::Ok => self.ok += 1,
            StepOutcome::AlreadyDone => self.already_done += 1,
            StepOutcome::Skipped => self.skipped += 1,
            StepOutcome::Failed => self.failed += 1,
            StepOutcome::Unknown => self.unknown += 1,
            StepOutcome::UserGone => {
                if !self.users_gone.contains(&r.user.login) {
                    self.users_gone.push(r.user.login.clone());
                }
            }
        }
    }
}

/// Why a run does not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunRefused {
    /// The tenant is read-only: nothing is sent; the plan is a dry run.
    ReadOnly,
}

impl std::fmt::Display for RunRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunRefused::ReadOnly => {
                write!(
                    f,
                    "the tenant is read-only: the playbook was not run (plan only)"
                )
            }
        }
    }
}

/// How many times a step refused with 429 is tried again before it counts as failed.
/// Each attempt already waited out the window inside the client.
const MAX_RATE_LIMITED: u32 = 50;

/// A run in progress: the steps still to do, in order.
pub struct Run {
    pub id: String,
    steps: Vec<(UserRef, PlanStep)>,
    next: usize,
    done: HashSet<String>,
    gone: HashSet<String>,
    pub summary: RunSummary,
}

/// A new run id naming the playbook: `pb-offboard-20261206011500-1a2b3c` (the name kept to
/// letters, digits and `-`, so the id stays one shell word), sortable by time within a
/// playbook, unique enough for one admin's journal.
pub fn new_run_id(playbook: &str) -> String {
    let name: String = playbook
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    format!(
        "pb-{name}-{}-{}",
        chrono::Utc::now().format("%Y%m%d%H%M%S"),
        &uuid::Uuid::new_v4().simple().to_string()[..6]
    )
}

/// A playbook run as the journal remembers it, for offering to continue it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunRecord {
    pub id: String,
    /// The playbook's name as the id carries it.
    pub playbook: String,
    /// User ids the run wrote to, in order of their first write.
    pub users: Vec<String>,
    pub applied: usize,
    pub failed: usize,
    /// Sent without a recorded answer (the program stopped or the connection dropped).
    pub unknown: usize,
    /// Time of the run's last journal line (RFC 3339).
    pub last: String,
}

/// The playbook runs in the journal, most recent last. A run whose last write has no
/// outcome (or failed) is the one to offer to continue: `Run::start(.., Some(&id))` on a
/// fresh plan of `users` does the rest.
pub fn runs_in_journal(journal: &Journal) -> Vec<RunRecord> {
    let mut out: Vec<RunRecord> = Vec::new();
    for e in journal.read_recent(usize::MAX) {
        let Some(id) = e.run.as_deref().filter(|r| r.starts_with("pb-")) else {
            continue;
        };
        let at = match out.iter().position(|r| r.id == id) {
            Some(i) => i,
            None => {
                let rest = &id[3..];
                // The name is what precedes the 14-digit time.
                let playbook = rest.rsplitn(3, '-').nth(2).unwrap_or(rest).to_owned();
                out.push(RunRecord {
                    id: id.to_owned(),
                    playbook,
                    users: Vec::new(),
                    applied: 0,
                    failed: 0,
                    unknown: 0,
                    last: String::new(),
                });
                out.len() - 1
            }
        };
        let r = &mut out[at];
        if let Some(t) = e.target_id.as_deref()
            && !r.users.iter().any(|u| u == t)
        {
            r.users.push(t.to_owned());
        }
        match e.outcome() {
            Outcome::Ok => r.applied += 1,
            Outcome::Unknown | Outcome::Pending => r.unknown += 1,
            _ => r.failed += 1,
        }
        r.last = e.time.clone();
    }
    out.sort_by(|a, b| a.last.cmp(&b.last));
    out
}

/// The latest playbook run on `tenant` that left a write without a recorded answer (the
/// program stopped, was killed or lost the connection mid-step) and whose step was not applied
/// since (by a resume): the one a console offers to continue.
pub fn unfinished_run(journal: &Journal, tenant: &str) -> Option<RunRecord> {
    let entries = journal.read_recent(usize::MAX);
    let mut open: Vec<(String, HashSet<String>, HashSet<String>)> = Vec::new();
    for e in entries.iter().filter(|e| e.tenant == tenant) {
        let Some(id) = e.run.as_deref().filter(|r| r.starts_with("pb-")) else {
            continue;
        };
        let key = step_key(&e.action, e.target_id.as_deref().unwrap_or(""), &e.options);
        let at = match open.iter().position(|(r, ..)| r == id) {
            Some(i) => i,
            None => {
                open.push((id.to_owned(), HashSet::new(), HashSet::new()));
                open.len() - 1
            }
        };
        let (_, applied, unknown) = &mut open[at];
        match e.outcome() {
            Outcome::Ok => {
                unknown.remove(&key);
                applied.insert(key);
            }
            Outcome::Unknown | Outcome::Pending => {
                if !applied.contains(&key) {
                    unknown.insert(key);
                }
            }
            // A definite answer (refused, failed) settles the step: nothing left unknown.
            _ => {
                unknown.remove(&key);
            }
        }
    }
    let unfinished: HashSet<String> = open
        .into_iter()
        .filter(|(_, _, unknown)| !unknown.is_empty())
        .map(|(id, ..)| id)
        .collect();
    runs_in_journal(journal)
        .into_iter()
        .rev()
        .find(|r| unfinished.contains(&r.id))
}

/// Keys of the steps of run `run_id` that the journal records as applied.
pub fn applied_keys(journal: &Journal, run_id: &str) -> HashSet<String> {
    journal
        .read_recent(usize::MAX)
        .into_iter()
        .filter(|e| e.run.as_deref() == Some(run_id) && e.outcome() == Outcome::Ok)
        .map(|e| step_key(&e.action, e.target_id.as_deref().unwrap_or(""), &e.options))
        .collect()
}

impl Run {
    /// Starts (or, with `resume`, continues) a run of the plan's enabled steps. A resumed
    /// run should be given a fresh plan: what a step already changed is then no longer in it,
    /// and the journal covers the writes a re-read cannot see (sessions, tokens).
    pub fn start(
        client: &Client,
        plan: &Plan,
        journal: &Journal,
        resume: Option<&str>,
    ) -> Result<Run, RunRefused> {
        if plan.read_only || client.is_read_only() {
            return Err(RunRefused::ReadOnly);
        }
        let (id, done) = match resume {
            Some(id) => (id.to_owned(), applied_keys(journal, id)),
            None => (new_run_id(&plan.playbook.name), HashSet::new()),
        };
        let steps = plan
            .users
            .iter()
            .flat_map(|u| u.steps.iter().map(move |s| (u.user.clone(), s.clone())))
            .collect();
        Ok(Run {
            id,
            steps,
            next: 0,
            done,
            gone: HashSet::new(),
            summary: RunSummary::default(),
        })
    }

    /// The step `next` will run.
    pub fn peek(&self) -> Option<&PlanStep> {
        self.steps.get(self.next).map(|(_, s)| s)
    }

    /// Steps not yet run.
    pub fn remaining(&self) -> usize {
        self.steps.len() - self.next
    }

    pub fn total(&self) -> usize {
        self.steps.len()
    }

    /// Runs the next step; None when every step has run. Dropping the future mid-step is
    /// safe: the journal then holds the intent, and a resumed run re-reads the user.
    pub async fn next(
        &mut self,
        client: &Client,
        journal: &Journal,
        origin: &Origin,
    ) -> Option<StepResult> {
        let (user, step) = self.steps.get(self.next)?.clone();
        let origin = Origin {
            run: Some(self.id.clone()),
            ..origin.clone()
        };
        let mut result = StepResult {
            run: self.id.clone(),
            key: step.key.clone(),
            user: user.clone(),
            step: step.kind,
            action: step.write.action(),
            description: step.write.describe(),
            outcome: StepOutcome::Ok,
            error: None,
            request_id: None,
            rate_limited: 0,
        };
        if !step.enabled {
            result.outcome = StepOutcome::Skipped;
        } else if self.gone.contains(&user.id) {
            result.outcome = StepOutcome::UserGone;
        } else if self.done.contains(&step.key) {
            result.outcome = StepOutcome::AlreadyDone;
        } else {
            self.perform_step(client, journal, &origin, &step, &mut result)
                .await;
        }
        self.next += 1;
        if result.outcome == StepOutcome::Ok {
            self.done.insert(step.key.clone());
        }
        self.summary.add(&result);
        Some(result)
    }

    async fn perform_step(
        &mut self,
        client: &Client,
        journal: &Journal,
        origin: &Origin,
        step: &PlanStep,
        result: &mut StepResult,
    ) {
        loop {
            let done = perform(client, journal, origin, &step.write).await;
            match done.result {
                Ok(f) => {
                    result.outcome = StepOutcome::Ok;
                    result.request_id = f.response.request_id;
                    return;
                }
                Err(OktaError::RateLimited { .. }) if result.rate_limited < MAX_RATE_LIMITED => {
                    // Refused before Okta did anything: trying again repeats nothing.
                    result.rate_limited += 1;
                    let wait = client.rate_wait().unwrap_or(Duration::from_millis(
                        250 * u64::from(result.rate_limited.min(8)),
                    ));
                    tokio::time::sleep(wait).await;
                }
                Err(e) => {
                    result.request_id = e.request_id().map(str::to_owned);
                    result.error = Some(short_error(&e));
                    result.outcome = match done.outcome {
                        Outcome::Unknown | Outcome::Pending => StepOutcome::Unknown,
                        _ => StepOutcome::Failed,
                    };
                    if e.status() == Some(404) && user_is_gone(client, &result.user.id).await {
                        self.gone.insert(result.user.id.clone());
                        result.outcome = StepOutcome::UserGone;
                        result.error = Some(format!(
                            "{} no longer exists; its other steps are passed over",
                            result.user.login
                        ));
                    }
                    return;
                }
            }
        }
    }

    /// Runs every remaining step, calling `each` after each one.
    pub async fn run_all(
        &mut self,
        client: &Client,
        journal: &Journal,
        origin: &Origin,
        mut each: impl FnMut(&StepResult),
    ) -> RunSummary {
        while let Some(r) = self.next(client, journal, origin).await {
            each(&r);
        }
        self.summary.clone()
    }
}

async fn user_is_gone(client: &Client, id: &str) -> bool {
    matches!(client.get_user(id).await, Err(e) if e.status() == Some(404))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{JournalEntry, Phase, Source};

    fn line(tenant: &str, run: &str, target: &str, outcome: Outcome) -> JournalEntry {
        let mut e = JournalEntry::new(Source::Console, tenant, "suspend");
        e.target_id = Some(target.into());
        e.run = Some(run.into());
        e.phase = Some(if outcome == Outcome::Pending {
            Phase::Intent
        } else {
            Phase::Outcome
        });
        e.outcome = Some(outcome);
        e
    }

    #[test]
    fn an_unfinished_run_is_one_with_a_write_left_without_answer_on_this_tenant() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path().join("journal.jsonl"));
        let append = |e: JournalEntry| journal.append(&e).unwrap();
        // Finished: its intent has an outcome.
        append(line(
            "acme",
            "pb-offboard-20261206010000-aaaaaa",
            "u1",
            Outcome::Pending,
        ));
        append(line(
            "acme",
            "pb-offboard-20261206010000-aaaaaa",
            "u1",
            Outcome::Ok,
        ));
        assert_eq!(unfinished_run(&journal, "acme"), None);
        // Cut off mid-step, on another tenant: not this tenant's to continue.
        append(line(
            "other",
            "pb-offboard-20261206020000-bbbbbb",
            "u2",
            Outcome::Pending,
        ));
        assert_eq!(unfinished_run(&journal, "acme"), None);
        // Cut off mid-step on this tenant: offered.
        append(line(
            "acme",
            "pb-leaver-20261206030000-cccccc",
            "u3",
            Outcome::Pending,
        ));
        let found = unfinished_run(&journal, "acme").expect("offered");
        assert_eq!(found.id, "pb-leaver-20261206030000-cccccc");
        assert_eq!(found.playbook, "leaver");
        assert_eq!(found.users, ["u3"]);
        // Resumed, and the step applied: nothing left to offer.
        append(line(
            "acme",
            "pb-leaver-20261206030000-cccccc",
            "u3",
            Outcome::Ok,
        ));
        assert_eq!(unfinished_run(&journal, "acme"), None);
    }
}
