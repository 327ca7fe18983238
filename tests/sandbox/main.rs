//! Sandbox org tests: Okta behaviour, and the `oktui sandbox` command.
//!
//! One test binary per area: each file under `tests/` is linked against the whole crate,
//! so the area's files are modules of this one.

mod api;
mod behaviour;
mod cli;
mod cli_output;
#[path = "../cli_support/mod.rs"]
mod cli_support;
mod credentials;
mod factors;
mod fidelity;
mod grants;
mod groups_write;
mod roles;
mod rules;
mod syslog;
mod users_update;
