//! Running `git` in a kubernetes/kubernetes checkout, for the dates (its tags) and the merges
//! (its first-parent history) sources.

use anyhow::{anyhow, bail, Result};
use std::path::Path;
use std::process::Command;

/// Runs `git -C checkout args…` and returns its standard output. Errors name the command and
/// say what went wrong: no such directory, git not installed, git's own message (`fatal: not a
/// git repository`).
pub fn run(checkout: &Path, args: &[&str]) -> Result<String> {
    let what = format!("git -C {}", checkout.display());
    if !checkout.is_dir() {
        bail!("{what}: {} is not a directory", checkout.display());
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(checkout)
        .args(args)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => anyhow!("{what}: git is not installed (not on PATH)"),
            _ => anyhow!("{what}: {e}"),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let verb = args.first().copied().unwrap_or("");
        bail!(
            "{what} {verb} failed ({}): {}",
            output.status,
            stderr.trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
