//! Logs go to `oktui.log` in the data dir, never to the screen. Nothing secret is logged:
//! tokens live in `secrecy` types and errors never carry them.

use std::fs::OpenOptions;
use std::path::PathBuf;
use std::sync::Mutex;

use tracing::Level;

/// Starts file logging (level from `OKTUI_LOG`, default `info`). Returns the log path, or None
/// when the data dir cannot be written (the console then runs without a log).
pub fn init() -> Option<PathBuf> {
    let dir = crate::journal::data_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("oktui.log");
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let level = std::env::var("OKTUI_LOG")
        .ok()
        .and_then(|l| l.parse::<Level>().ok())
        .unwrap_or(Level::INFO);
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(path)
}
