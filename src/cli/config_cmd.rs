//! `oktui config path` and `oktui config check`.

use std::io::Write as _;
use std::process::ExitCode;

use super::args::{ConfigArgs, ConfigCommand, GlobalOpts};
use crate::config;
use crate::notice::note;

/// `config path` names the file even before it exists, and `config check` says "no file yet"
/// for one: both describe the file, they do not run anything on it.
pub fn run(global: &GlobalOpts, args: &ConfigArgs) -> ExitCode {
    let path = match config::config_path(&global.selection()) {
        Ok(p) => p,
        Err(e) => {
            note(&format!("oktui: {e}"));
            return ExitCode::FAILURE;
        }
    };
    match args.command {
        ConfigCommand::Path => {
            say_out(&path.display().to_string());
            ExitCode::SUCCESS
        }
        ConfigCommand::Check => match config::load(&path) {
            Ok((settings, warnings)) => {
                for w in &warnings {
                    note(&format!("warning: {w}"));
                }
                if path.exists() {
                    say_out(&format!(
                        "{}: ok, {} tenant(s){}",
                        path.display(),
                        settings.tenants.len(),
                        if warnings.is_empty() {
                            String::new()
                        } else {
                            format!(", {} warning(s)", warnings.len())
                        }
                    ));
                } else {
                    say_out(&format!(
                        "{}: no file yet (nothing configured)",
                        path.display()
                    ));
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                note(&format!("oktui: {e}"));
                ExitCode::FAILURE
            }
        },
    }
}

/// One line on stdout. A closed pipe (`oktui config path | head -0`) is not an error worth a
/// panic: the reader has what it wanted.
fn say_out(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}
