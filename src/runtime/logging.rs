//! Logs go to `oktui.log` in the data dir, never to the screen. Nothing secret is logged:
//! tokens live in `secrecy` types and errors never carry them. The log still names users,
//! tenants and what was done to them, so it is private: the file is 0600 and a data dir the
//! console creates is 0700 (a log left more open by an older version is tightened, and the log
//! says so).

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing::Level;

const LOG_FILE: &str = "oktui.log";

/// Starts file logging (level from `OKTUI_LOG`, default `info`). Returns the log path, or None
/// when the data dir cannot be written (the console then runs without a log).
pub fn init() -> Option<PathBuf> {
    let dir = crate::journal::data_dir();
    create_private_dir(&dir).ok()?;
    let path = dir.join(LOG_FILE);
    let (file, tightened) = open_private_log(&path).ok()?;
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
    if let Some(mode) = tightened {
        tracing::warn!(
            "{} was readable by other users (mode {mode:o}); it is now 0600",
            path.display()
        );
    }
    Some(path)
}

/// Creates the data dir (its parents as the system makes them) with mode 0700. An existing
/// dir is left as the admin set it.
fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    match builder.create(dir) {
        // Another oktui made it meanwhile.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    }
}

/// Opens the log for appending, created with mode 0600. Returns the old mode when an existing
/// file was open to others and has been tightened to 0600.
#[cfg(unix)]
fn open_private_log(path: &Path) -> io::Result<(File, Option<u32>)> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    let mode = file.metadata()?.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return Ok((file, None));
    }
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok((file, Some(mode)))
}

#[cfg(not(unix))]
fn open_private_log(path: &Path) -> io::Result<(File, Option<u32>)> {
    let file = OpenOptions::new().create(true).append(true).open(path)?;
    Ok((file, None))
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_data_dir_is_0700_and_a_new_log_0600() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("share").join("oktui");
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let log = dir.join(LOG_FILE);
        let (_, tightened) = open_private_log(&log).unwrap();
        assert_eq!(tightened, None);
        assert_eq!(mode(&log), 0o600);
    }

    #[test]
    fn an_open_log_is_tightened_and_its_old_mode_reported() {
        let root = tempfile::tempdir().unwrap();
        let log = root.path().join(LOG_FILE);
        std::fs::write(&log, "old line\n").unwrap();
        std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
        let (_, tightened) = open_private_log(&log).unwrap();
        assert_eq!(tightened, Some(0o644));
        assert_eq!(mode(&log), 0o600);
        // Appended to, never truncated.
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "old line\n");
    }

    #[test]
    fn an_existing_data_dir_is_left_as_it_is() {
        let root = tempfile::tempdir().unwrap();
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o750)).unwrap();
        create_private_dir(root.path()).unwrap();
        assert_eq!(mode(root.path()), 0o750);
    }
}
