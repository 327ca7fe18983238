//! `oktui config path` and `oktui config check`.

use std::process::ExitCode;

use crate::cli::args::{ConfigArgs, ConfigCommand, GlobalOpts};

pub fn run(global: &GlobalOpts, args: &ConfigArgs) -> ExitCode {
    let path = match super::config_path(global) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("oktui: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args.command {
        ConfigCommand::Path => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        ConfigCommand::Check => match super::load(&path) {
            Ok((settings, warnings)) => {
                for w in &warnings {
                    eprintln!("warning: {w}");
                }
                if path.exists() {
                    println!(
                        "{}: ok, {} tenant(s){}",
                        path.display(),
                        settings.tenants.len(),
                        if warnings.is_empty() {
                            String::new()
                        } else {
                            format!(", {} warning(s)", warnings.len())
                        }
                    );
                } else {
                    println!("{}: no file yet (nothing configured)", path.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("oktui: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
