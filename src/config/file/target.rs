//! Where a save really writes. Dotfile setups often make `config.toml` a symlink into a
//! repository; renaming a temp file over the link would replace it with a regular file and
//! silently cut the admin's file off from its repository. So the save writes to the file the
//! link chain ends at, with the temp file beside that file (a rename only replaces atomically
//! within one file system), and the link stays as it was.

use std::io;
use std::path::{Path, PathBuf};

/// Links followed before giving up, as the kernel does (ELOOP) for a cycle.
const MAX_LINKS: usize = 40;

/// The path `path`'s chain of symlinks ends at (`path` itself when it is not a link). The end
/// may not exist yet: a link to a file still to be written is written through. Links in the
/// directories above are left to the kernel, since renaming inside a linked directory already
/// lands in its target.
pub(super) fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = std::fs::read_link(&current)?;
                // A relative link is relative to the directory holding the link.
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links from {}",
        path.display()
    )))
}
