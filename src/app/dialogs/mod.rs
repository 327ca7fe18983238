//! The console's own dialogs as components: help, the command palette, the search prompt, the
//! status quick-filter and the error dialog. None of them knows the app; the reducer turns
//! their outcomes into state and effects (`update/keys.rs`).

pub mod error;
pub mod help;
pub mod palette;
pub mod prompt;
pub mod status_pick;
