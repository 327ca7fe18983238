//! Okta client tests: on the wire against scripted answers, and against the sandbox org.
//!
//! One test binary per area: each file under `tests/` is linked against the whole crate,
//! so the area's files are modules of this one.

mod apps;
#[path = "../closed_port/mod.rs"]
mod closed_port;
mod fidelity;
mod sandbox;
mod syslog;
mod wire;
