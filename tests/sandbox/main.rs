//! Sandbox org tests: Okta behaviour, and the `oktui sandbox` command.
//!
//! One test binary per area: each file under `tests/` is linked against the whole crate,
//! so the area's files are modules of this one.

mod behaviour;
mod cli;
