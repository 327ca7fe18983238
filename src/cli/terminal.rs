//! Talking to the person at the keyboard (stderr + stdin): confirmations and secrets read
//! without echo. Scripts never reach these: they pass `--yes` and pipe secrets on stdin.

use std::io::{self, BufRead, IsTerminal, Read, Write};

use secrecy::SecretString;

use super::exit::CliError;

pub fn stdin_is_terminal() -> bool {
    io::stdin().is_terminal()
}

/// Asks `question [y/N]` when stdin is a terminal. Without a terminal, `--yes` is required:
/// a destructive write must never go through because a pipe happened to be attached.
pub fn confirm(question: &str, yes: bool) -> Result<(), CliError> {
    if yes {
        return Ok(());
    }
    if !stdin_is_terminal() {
        return Err(CliError::Usage(format!(
            "{question} — refusing without --yes because stdin is not a terminal"
        )));
    }
    let _ = write!(io::stderr(), "{question} [y/N] ");
    let _ = io::stderr().flush();
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
        Ok(())
    } else {
        Err(CliError::Usage("cancelled; nothing was sent".into()))
    }
}

/// Asks `question` twice, at a terminal only, whatever `--yes` says: for a write to the
/// admin's own account, which can lock them out of the org.
pub fn confirm_twice(question: &str) -> Result<(), CliError> {
    if !stdin_is_terminal() {
        return Err(CliError::Usage(format!(
            "{question} — refused: a write to your own account is asked twice at a terminal \
             (--yes does not answer it)"
        )));
    }
    confirm(question, false)?;
    confirm(
        "Are you sure? This is the account you are signed in with.",
        false,
    )
}

/// Reads lines of secrets from stdin, in order. On a terminal each one is prompted for and read
/// without echo; from a pipe each is one line (the trailing newline is dropped).
pub struct SecretReader {
    terminal: bool,
}

impl SecretReader {
    pub fn new() -> SecretReader {
        SecretReader {
            terminal: stdin_is_terminal(),
        }
    }

    pub fn read(&mut self, prompt: &str) -> Result<SecretString, CliError> {
        let value = if self.terminal {
            read_hidden(prompt)?
        } else {
            let mut line = String::new();
            // Locked per read: stdin's lock is not reentrant. Stdin's own buffer keeps what
            // was read ahead for the next line.
            let n = io::stdin().lock().read_line(&mut line)?;
            if n == 0 {
                return Err(CliError::Usage(format!(
                    "expected the {prompt} on stdin, found end of input"
                )));
            }
            while line.ends_with('\n') || line.ends_with('\r') {
                line.pop();
            }
            line
        };
        if value.is_empty() {
            return Err(CliError::Usage(format!("the {prompt} is empty")));
        }
        Ok(SecretString::from(value))
    }
}

impl Default for SecretReader {
    fn default() -> Self {
        Self::new()
    }
}

/// Prompts on stderr and reads one line from the terminal with echo off (raw mode).
fn read_hidden(prompt: &str) -> Result<String, CliError> {
    let _ = write!(io::stderr(), "{prompt}: ");
    let _ = io::stderr().flush();
    crossterm::terminal::enable_raw_mode()?;
    let result = read_raw_line();
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = writeln!(io::stderr());
    result
}

fn read_raw_line() -> Result<String, CliError> {
    let mut bytes = Vec::new();
    let mut stdin = io::stdin().lock();
    let mut b = [0u8; 1];
    loop {
        if stdin.read(&mut b)? == 0 {
            break;
        }
        match b[0] {
            b'\r' | b'\n' => break,
            // Ctrl-C, Ctrl-D: give up without sending anything.
            3 | 4 => return Err(CliError::Usage("cancelled; nothing was sent".into())),
            // Backspace / Delete: drop the last character (not byte).
            8 | 127 => {
                let mut s = String::from_utf8_lossy(&bytes).into_owned();
                s.pop();
                bytes = s.into_bytes();
            }
            c => bytes.push(c),
        }
    }
    String::from_utf8(bytes).map_err(|_| CliError::Usage("the input is not UTF-8".into()))
}
