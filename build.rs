//! Names the commit a binary was built from, for `oktui --version`: `git rev-parse --short
//! HEAD` when git and the repository are there, else `OKTUI_GIT_COMMIT` from the build's
//! environment (a packager who knows it), else "unknown" (a crates tarball, a copy without
//! `.git`). A build never fails over this.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=OKTUI_GIT_COMMIT");
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&dir);
    // Only this crate's own repository: a crate unpacked inside some other checkout must not
    // take that checkout's commit.
    let own_repo = git(dir, &["rev-parse", "--show-toplevel"])
        .and_then(|top| std::fs::canonicalize(top).ok())
        .zip(std::fs::canonicalize(dir).ok())
        .is_some_and(|(top, dir)| top == dir);
    let commit = own_repo
        .then(|| git(dir, &["rev-parse", "--short", "HEAD"]))
        .flatten()
        .or_else(|| std::env::var("OKTUI_GIT_COMMIT").ok())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "unknown".into());
    // Build again when HEAD moves: a checkout (HEAD itself), a commit on the branch (its ref,
    // loose or packed).
    if own_repo {
        let mut watch = vec![git(dir, &["rev-parse", "--git-path", "HEAD"])];
        if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
            watch.push(git(dir, &["rev-parse", "--git-path", &branch]));
        }
        watch.push(git(dir, &["rev-parse", "--git-path", "packed-refs"]));
        // Only files that exist: Cargo reruns a script whose watched file is missing on
        // every build (a branch's ref may live only in packed-refs).
        for path in watch.into_iter().flatten().map(|p| dir.join(p)) {
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    println!("cargo:rustc-env=OKTUI_GIT_COMMIT={commit}");
}

/// Runs git in `dir`; its trimmed output on success, None when git is missing, `dir` is not a
/// repository, or the answer is not one printable line.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty() && !text.contains(char::is_control)).then(|| text.to_string())
}
