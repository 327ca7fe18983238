//! Entry point: parse arguments, pick TUI, subcommand or sandbox. Nothing else lives here.

use clap::Parser;
use oktui::cli::args::{Cli, Command};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Sandbox(args)) => oktui::cli::sandbox(&args),
        Some(Command::Config(args)) => oktui::cli::config_cmd::run(&cli.global, &args),
        Some(cmd) => oktui::cli::run(cli.global, cmd),
        None => oktui::cli::console(&cli.global, &cli.tui),
    }
}
