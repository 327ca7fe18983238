//! The write journal: what oktui changed (console or CLI), appended to `journal.jsonl` in the
//! data dir, so an admin can answer "what did I change, and when?".
//!
//! Each write is two lines sharing a `writeId` (a uuid sent with the request as `X-Request-Id`):
//! the *intent*, written and flushed before the request leaves, and the *outcome* (`ok`,
//! `failed`, `unknown`, `not-sent`) once it is known. An intent without an outcome means the
//! program stopped while the write was in flight: its outcome is unknown, never "not sent".
//! Readers (`read_recent`, `oktui journal`, the console's `:journal`) join the two.
//!
//! What goes in is chosen by the caller field by field; there is deliberately no field for a
//! token, password, recovery answer or activation/reset link, and `options` must only carry
//! flags and ids (see `JournalEntry::options`).

use std::collections::{HashMap, VecDeque};
use std::fs::{self, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Environment variable that moves the data dir (tests point it at a temp dir).
pub const DATA_DIR_ENV: &str = "OKTUI_DATA_DIR";

/// File name of the journal inside the data dir.
pub const FILE_NAME: &str = "journal.jsonl";

/// Who made the write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Cli,
    Console,
}

/// Which of a write's two lines this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Written before the request is sent.
    Intent,
    /// Written once the outcome is known.
    Outcome,
}

/// How a write ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Intent recorded, no outcome yet.
    Pending,
    /// Okta applied it (or it already was so: see `note`).
    Ok,
    /// Okta answered with an error: not applied.
    Failed,
    /// Sent, and no answer came (connection lost, timeout, program stopped): it may or may not
    /// have been applied.
    Unknown,
    /// Never left this machine (read-only tenant, refused connection, bad id).
    NotSent,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
            Outcome::Unknown => "unknown",
            Outcome::NotSent => "not-sent",
        }
    }
}

/// One journal line. `result` is `"ok"`, `"<errorCode or status>: <summary>"`, or says that
/// the outcome is unknown or that nothing was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// RFC 3339, UTC.
    pub time: String,
    pub tenant: String,
    /// e.g. `suspend`, `reset-link`, `add-member`, `create`, `delete`.
    pub action: String,
    pub target_id: Option<String>,
    pub target_login: Option<String>,
    /// Flags and ids only (`sendEmail`, `revokeSessions`, `groupId`...). Never a secret.
    #[serde(default)]
    pub options: Map<String, Value>,
    pub result: String,
    /// Okta's id for the request (`X-Okta-Request-Id`), when an answer came.
    pub request_id: Option<String>,
    pub source: Source,
    /// oktui's id for the write, sent as `X-Request-Id`; joins the intent and the outcome.
    #[serde(default, rename = "writeId", skip_serializing_if = "Option::is_none")]
    pub write_id: Option<String>,
    /// None on lines from before writes had two lines (each was a finished write).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The bulk run the write belongs to (`--resume RUN` reads it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    /// e.g. "already suspended" for a row that needed no change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl JournalEntry {
    /// An entry stamped with the current time and result "ok"; callers fill in the rest.
    pub fn new(source: Source, tenant: &str, action: &str) -> Self {
        JournalEntry {
            time: now(),
            tenant: tenant.to_owned(),
            action: action.to_owned(),
            target_id: None,
            target_login: None,
            options: Map::new(),
            result: "ok".to_owned(),
            request_id: None,
            source,
            write_id: None,
            phase: None,
            outcome: None,
            run: None,
            note: None,
        }
    }

    /// How the write ended, as far as this entry knows (old one-line entries: from `result`).
    pub fn outcome(&self) -> Outcome {
        match self.outcome {
            Some(o) => o,
            None if self.result == "ok" => Outcome::Ok,
            None => Outcome::Failed,
        }
    }
}

/// The current time as entries carry it: RFC 3339, UTC, milliseconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// What a reader is told of a write whose intent has no outcome line.
pub const NO_OUTCOME: &str =
    "outcome unknown: the write was sent (or about to be) and no answer was recorded";

/// The journal file. Opening never fails; problems surface on `append`.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    /// `$OKTUI_DATA_DIR/journal.jsonl`, else the platform data dir of oktui.
    pub fn open_default() -> Journal {
        Journal {
            path: data_dir().join(FILE_NAME),
        }
    }

    pub fn at(path: impl Into<PathBuf>) -> Journal {
        Journal { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line. The file is created with mode 0600 (and its directory 0700) because
    /// logins and ids are personal data.
    pub fn append(&self, entry: &JournalEntry) -> io::Result<()> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        let mut line = crate::json_out::to_vec(entry)?;
        line.push(b'\n');
        let mut opts = OpenOptions::new();
        opts.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut file = opts.open(&self.path)?;
        // One write call per line: concurrent appenders (console and CLI) do not interleave.
        file.write_all(&line)?;
        // On disk before the request it announces leaves: a crash or SIGKILL right after
        // must still find the intent.
        file.sync_data()
    }

    /// The last `n` writes, oldest first, each intent joined with its outcome: the outcome
    /// line when there is one, else the intent marked `Unknown` (`NO_OUTCOME`). Lines that do
    /// not parse are skipped; a missing file is an empty journal.
    pub fn read_recent(&self, n: usize) -> Vec<JournalEntry> {
        if n == 0 {
            return Vec::new();
        }
        let Ok(file) = fs::File::open(&self.path) else {
            return Vec::new();
        };
        // Writes in order of their first line; `open` finds a pending intent by its id.
        let mut writes: VecDeque<JournalEntry> = VecDeque::new();
        let mut first_index = 0usize;
        let mut open: HashMap<String, usize> = HashMap::new();
        for line in BufReader::new(file).lines() {
            let Ok(line) = line else { break };
            let Ok(entry) = serde_json::from_str::<JournalEntry>(&line) else {
                continue;
            };
            let id = entry.write_id.clone();
            match (entry.phase, id) {
                (Some(Phase::Outcome), Some(id)) => match open.remove(&id) {
                    Some(at) if at >= first_index => writes[at - first_index] = entry,
                    _ => writes.push_back(entry),
                },
                (Some(Phase::Intent), Some(id)) => {
                    open.insert(id, first_index + writes.len());
                    writes.push_back(entry);
                }
                _ => writes.push_back(entry),
            }
            // Keep a margin so an outcome can still find its intent just out of the window.
            while writes.len() > n.saturating_add(1024) {
                writes.pop_front();
                first_index += 1;
            }
        }
        let skip = writes.len().saturating_sub(n);
        writes
            .into_iter()
            .skip(skip)
            .map(|mut e| {
                if e.phase == Some(Phase::Intent) {
                    e.outcome = Some(Outcome::Unknown);
                    e.result = NO_OUTCOME.to_owned();
                }
                e
            })
            .collect()
    }
}

/// The data dir: `$OKTUI_DATA_DIR`, else the platform one, else a dir under the temp dir.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "oktui")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("oktui"))
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str) -> JournalEntry {
        let mut e = JournalEntry::new(Source::Cli, "acme", action);
        e.target_id = Some("00u1".into());
        e.target_login = Some("a@example.com".into());
        e.options.insert("sendEmail".into(), Value::Bool(false));
        e
    }

    #[test]
    fn append_and_read_back_last_n() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join("sub").join(FILE_NAME));
        for a in ["suspend", "unsuspend", "unlock"] {
            j.append(&entry(a)).unwrap();
        }
        let recent = j.read_recent(2);
        assert_eq!(recent.len(), 2);
        assert_eq!(recent[0].action, "unsuspend");
        assert_eq!(recent[1].action, "unlock");
        assert_eq!(recent[1].source, Source::Cli);
        assert_eq!(j.read_recent(10).len(), 3);
        assert!(j.read_recent(0).is_empty());
    }

    #[test]
    fn file_is_private_and_skips_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let j = Journal::at(&path);
        j.append(&entry("suspend")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"not json\n").unwrap();
        j.append(&entry("unlock")).unwrap();
        let all = j.read_recent(10);
        assert_eq!(
            all.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["suspend", "unlock"]
        );
    }

    #[test]
    fn intent_and_outcome_read_as_one_write_and_a_lone_intent_as_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::at(dir.path().join(FILE_NAME));
        let line = |id: &str, phase, outcome| {
            let mut e = entry("suspend");
            e.write_id = Some(id.into());
            e.phase = Some(phase);
            e.outcome = Some(outcome);
            e.result = outcome.as_str().into();
            e
        };
        j.append(&line("w1", Phase::Intent, Outcome::Pending))
            .unwrap();
        j.append(&line("w2", Phase::Intent, Outcome::Pending))
            .unwrap();
        j.append(&line("w1", Phase::Outcome, Outcome::Ok)).unwrap();
        j.append(&entry("unlock")).unwrap();
        let all = j.read_recent(10);
        let got: Vec<(Option<&str>, Outcome)> = all
            .iter()
            .map(|e| (e.write_id.as_deref(), e.outcome()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("w1"), Outcome::Ok),
                (Some("w2"), Outcome::Unknown),
                (None, Outcome::Ok)
            ]
        );
        assert_eq!(all[1].result, NO_OUTCOME);
        assert_eq!(j.read_recent(1).len(), 1);
    }

    #[test]
    fn hostile_text_is_escaped_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let j = Journal::at(&path);
        let mut e = entry("suspend");
        e.target_login = Some("evil\u{9b}2J\u{202e}moc.x@a".into());
        j.append(&e).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\\u009b") && text.contains("\\u202e"),
            "{text}"
        );
        assert!(!text.contains('\u{9b}') && !text.contains('\u{202e}'));
        assert_eq!(j.read_recent(1)[0].target_login, e.target_login);
    }

    #[test]
    fn missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            Journal::at(dir.path().join("none.jsonl"))
                .read_recent(5)
                .is_empty()
        );
    }
}
