//! Config tests: the file, domains, credential sources, Test Connect and the config subcommands.
//!
//! One test binary per area: each file under `tests/` is linked against the whole crate,
//! so the area's files are modules of this one.

#[path = "../closed_port/mod.rs"]
mod closed_port;
#[path = "../keys/mod.rs"]
mod keys;

mod cli;
mod domain;
mod file;
mod preserve;
mod secrets;
mod symlink;
mod test_connect;
