//! Reading Kubernetes manifests for `check` from files and directories (`.yaml`, `.yml`,
//! `.json`, recursively, sorted) and stdin; the crate `k8s-changelog-manifests` reads the
//! objects and errors their bytes hold.

use crate::input::{MAX_INPUT_BYTES, STDIN_NAME};
pub use k8s_changelog_manifests::{ManifestError, Manifests};
use std::io::Read;
use std::path::{Path, PathBuf};
/// Reads every path: `-` is stdin (at most once; a second `-` is an error), a directory is
/// every `.yaml`, `.yml` and `.json` file under it in path order.
pub fn read(paths: &[PathBuf]) -> Manifests {
    let mut out = Manifests::default();
    let mut stdin_read = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_read {
                out.error(STDIN_NAME, None, "`-` (stdin) is given more than once");
                continue;
            }
            stdin_read = true;
            let bytes = read_limited(std::io::stdin().lock());
            add(&mut out, STDIN_NAME, bytes);
        } else if path.is_dir() {
            let mut files = Vec::new();
            if let Err(message) = walk(path, &mut files) {
                out.error(&path.display().to_string(), None, message);
            }
            files.sort();
            for file in files {
                read_file(&mut out, &file);
            }
        } else {
            read_file(&mut out, path);
        }
    }
    out
}

fn is_manifest(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
}

/// Every manifest file under `dir`. Symbolic links to directories are not followed (no loops).
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read the directory: {e}"))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read the directory: {e}"))?;
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, files)?;
        } else if is_manifest(&path) && path.is_file() {
            files.push(path);
        }
    }
    Ok(())
}

fn read_file(out: &mut Manifests, path: &Path) {
    let name = path.display().to_string();
    let bytes = std::fs::File::open(path)
        .map_err(|e| format!("cannot open: {e}"))
        .and_then(|file| match file.metadata() {
            Ok(m) if m.len() > MAX_INPUT_BYTES => Err(format!(
                "{:.1} MB is too large for a manifest (the limit is {} MB)",
                m.len() as f64 / 1e6,
                MAX_INPUT_BYTES / 1_000_000
            )),
            _ => read_limited(file),
        });
    add(out, &name, bytes);
}

fn read_limited(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "more than {} MB is too large for a manifest",
            MAX_INPUT_BYTES / 1_000_000
        ));
    }
    Ok(bytes)
}

/// Reads what could be read, or records why not.
fn add(out: &mut Manifests, name: &str, bytes: Result<Vec<u8>, String>) {
    match bytes {
        Ok(bytes) => out.read_bytes(name, &bytes),
        Err(message) => out.error(name, None, message),
    }
}
