//! The write journal: one JSON line per write made through oktui (console or CLI), appended to
//! `journal.jsonl` in the data dir, so an admin can answer "what did I change, and when?".
//!
//! What goes in is chosen by the caller field by field; there is deliberately no field for a
//! token, password, recovery answer or activation/reset link, and `options` must only carry
//! flags and ids (see `JournalEntry::options`).

use std::collections::VecDeque;
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

/// One write. `result` is `"ok"` or `"<errorCode or status>: <summary>"`.
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
    pub request_id: Option<String>,
    pub source: Source,
}

impl JournalEntry {
    /// An entry stamped with the current time and result "ok"; callers fill in the rest.
    pub fn new(source: Source, tenant: &str, action: &str) -> Self {
        JournalEntry {
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            tenant: tenant.to_owned(),
            action: action.to_owned(),
            target_id: None,
            target_login: None,
            options: Map::new(),
            result: "ok".to_owned(),
            request_id: None,
            source,
        }
    }
}

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
        let mut line = serde_json::to_vec(entry).map_err(io::Error::other)?;
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
        file.write_all(&line)
    }

    /// The last `n` entries, oldest first. Lines that do not parse are skipped; a missing file
    /// is an empty journal.
    pub fn read_recent(&self, n: usize) -> Vec<JournalEntry> {
        let Ok(file) = fs::File::open(&self.path) else {
            return Vec::new();
        };
        let mut last: VecDeque<JournalEntry> = VecDeque::with_capacity(n.min(1024));
        for line in BufReader::new(file).lines() {
            let Ok(line) = line else { break };
            let Ok(entry) = serde_json::from_str::<JournalEntry>(&line) else {
                continue;
            };
            if n == 0 {
                continue;
            }
            if last.len() == n {
                last.pop_front();
            }
            last.push_back(entry);
        }
        last.into()
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
    fn missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            Journal::at(dir.path().join("none.jsonl"))
                .read_recent(5)
                .is_empty()
        );
    }
}
