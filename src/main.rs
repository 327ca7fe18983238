//! Entry point: parse arguments, pick TUI, subcommand or sandbox. Nothing else lives here.

use clap::Parser;
use oktui::cli::args::{Cli, Command};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Sandbox(args)) => oktui::sandbox::run_cli(args),
        Some(Command::Config(args)) => oktui::config::command::run(&cli.global, &args),
        Some(cmd) => oktui::cli::run(cli.global, cmd),
        None => oktui::runtime::run(cli.global, cli.tui),
    }
}
