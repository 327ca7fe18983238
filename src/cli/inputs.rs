//! The users of `--from FILE|-`: one id or login a line, blank lines and `#` comments skipped.
//! Every problem is a usage error naming the file and the line, found before anything is sent.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader};

use super::exit::CliError;
use super::script_args::bulk_source;
use crate::journal::{Journal, Outcome};

/// One user line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// 1-based line number in the file.
    pub line: usize,
    pub text: String,
}

impl Input {
    /// How the row is matched against the journal (logins are case-insensitive in Okta).
    pub fn key(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Reads and checks every line of `from` (a path, or `-` for stdin).
pub fn read(from: &str) -> Result<Vec<Input>, CliError> {
    let (name, reader): (String, Box<dyn BufRead>) = match bulk_source(from) {
        Some(path) => {
            let name = path.display().to_string();
            let cannot = |e: io::Error| CliError::Usage(format!("cannot read {name}: {e}"));
            if path.is_dir() {
                return Err(CliError::Usage(format!(
                    "cannot read {name}: it is a directory"
                )));
            }
            let file = File::open(&path).map_err(cannot)?;
            (name, Box::new(BufReader::new(file)))
        }
        None => ("stdin".to_owned(), Box::new(BufReader::new(io::stdin()))),
    };
    parse(&name, reader)
}

fn parse(name: &str, mut reader: impl BufRead) -> Result<Vec<Input>, CliError> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| CliError::Usage(format!("cannot read {name}: {e}")))?;
        if n == 0 {
            break;
        }
        line += 1;
        let text = std::str::from_utf8(&buf).map_err(|e| {
            CliError::Usage(format!(
                "{name}:{line}: not valid UTF-8 (byte {}); nothing was sent",
                e.valid_up_to() + 1
            ))
        })?;
        let t = text.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.eq_ignore_ascii_case("me") {
            return Err(CliError::Usage(format!(
                "{name}:{line}: `me` means the admin running this command; refused in a list \
                 (a bulk change could lock you out). Name the user by login or id, alone."
            )));
        }
        out.push(Input {
            line,
            text: t.to_owned(),
        });
    }
    Ok(out)
}

/// The rows (by `Input::key`: login and id, lower-case) that run `run` already did with
/// `action`: those whose last outcome in that run was ok.
pub fn done_in_run(journal: &Journal, run: &str, action: &str) -> HashSet<String> {
    let mut done = HashSet::new();
    for e in journal.read_recent(usize::MAX) {
        if e.run.as_deref() != Some(run) || e.action != action {
            continue;
        }
        let keys = [e.target_login.as_deref(), e.target_id.as_deref()];
        for k in keys.into_iter().flatten() {
            if e.outcome() == Outcome::Ok {
                done.insert(k.to_lowercase());
            } else {
                done.remove(&k.to_lowercase());
            }
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_comments_skipped() {
        let rows = parse("f", &b"a@x.com\n\n# c\n  00u1  \n"[..]).unwrap();
        assert_eq!(
            rows,
            [
                Input {
                    line: 1,
                    text: "a@x.com".into()
                },
                Input {
                    line: 4,
                    text: "00u1".into()
                }
            ]
        );
    }

    #[test]
    fn invalid_utf8_and_me_name_file_and_line() {
        let err = parse("users.txt", &b"a@x.com\nb\xff@x.com\n"[..]).unwrap_err();
        assert!(
            matches!(&err, CliError::Usage(m) if m.starts_with("users.txt:2: not valid UTF-8")),
            "{err}"
        );
        let err = parse("users.txt", &b"a@x.com\n# x\n ME \n"[..]).unwrap_err();
        assert!(
            matches!(&err, CliError::Usage(m) if m.starts_with("users.txt:3: `me`")),
            "{err}"
        );
    }
}
