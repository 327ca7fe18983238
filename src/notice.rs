//! Notes for people on stderr: never part of a command's result, and never a panic when
//! stderr is gone (after an SSH hang-up a failed `eprintln!` would panic).

use std::io::Write as _;

/// One line on stderr.
pub fn note(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}
