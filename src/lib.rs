//! oktui: a terminal console and scripting tool for Okta administrators.

pub mod cli;
pub mod config;
pub mod okta;
pub mod sandbox;
