//! OAuth 2.0 tests: JWT and DPoP building blocks, the sandbox's token endpoint, and the client's flow.
//!
//! One test binary per area: each file under `tests/` is linked against the whole crate,
//! so the area's files are modules of this one.

#[path = "../keys/mod.rs"]
mod keys;

mod common;
mod flow;
mod jwt;
mod sandbox;
