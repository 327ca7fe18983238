//! The reducer by subject. Each file is an `impl App` that turns messages and component
//! outcomes into state and effects; `App::update` in `app/mod.rs` is the one dispatch point.

mod commands;
mod credentials;
mod detail;
mod keys;
mod nav;
mod screens;
mod streams;
