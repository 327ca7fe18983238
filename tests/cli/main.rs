//! Scripting subcommands against an in-process sandbox org: reads, and writes with their journal.
//!
//! One test binary per area: each file under `tests/` is linked against the whole crate,
//! so the area's files are modules of this one.

#[path = "../cli_support/mod.rs"]
mod cli_support;
#[path = "../closed_port/mod.rs"]
mod closed_port;

mod config_flag;
mod index;
mod inputs;
mod journal_truth;
mod listing_faults;
mod playbooks;
mod read;
mod syslog;
mod write;
