//! Non-interactive subcommands and their output formats.

pub mod args;
