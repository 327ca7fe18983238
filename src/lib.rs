//! oktui: a terminal console and scripting tool for Okta administrators.

pub mod app;
pub mod cli;
pub mod config;
pub mod index;
pub mod journal;
pub mod json_out;
pub mod notice;
pub mod okta;
pub mod perform;
pub mod playbook;
pub mod runtime;
pub mod sandbox;
pub mod time_zone;
pub mod triage;
pub mod ui;
