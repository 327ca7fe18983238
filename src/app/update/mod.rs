//! The reducer by subject. Each file is an `impl App` that turns messages and component
//! outcomes into state and effects; `App::update` in `app/mod.rs` is the one dispatch point.

mod actions;
mod apps;
mod bulk;
mod commands;
mod create;
mod credentials;
mod detail;
mod factor;
mod full_listing;
mod index;
mod keys;
mod logs;
mod membership;
mod message;
mod nav;
mod own_account;
mod pane;
mod playbooks;
mod profile;
mod screens;
mod streams;
mod writes;
