//! The persistent cache of what every query command computes before answering: the parsed
//! inputs and the timelines. Keyed by the tool (its version and its own executable's size and
//! modification time, so a rebuilt binary never reads an older one's entries) and by the
//! inputs (every name and byte, and `--version`). Entries are MessagePack (rmp-serde, with
//! field names, since the model leaves empty fields out), written to a temporary file and
//! renamed, in `$K8S_CHANGELOG_CACHE_DIR`, else the user's cache directory
//! (`~/.cache/k8s-changelog` on Linux). An entry that is missing, stale or unreadable is
//! rebuilt without a word; one that cannot be written is skipped the same way: the cache only
//! ever saves time. It keeps the [`KEPT`] newest entries of each kind and deletes older ones
//! when it writes, so it stays a few times the size of one parsed history (about 20 MB for the
//! shared corpus). `--no-cache` (or `K8S_CHANGELOG_NO_CACHE=1`) bypasses it.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// How many entries of one kind (`parse`, `deprecations`, …) are kept: a few sets of inputs
/// (the full history, a test directory) used in turn stay warm.
pub const KEPT: usize = 4;

/// The environment variable naming the cache directory.
pub const CACHE_DIR_ENV: &str = "K8S_CHANGELOG_CACHE_DIR";

/// What identifies one set of inputs for one build of the tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(u64);

impl Key {
    /// The key of inputs named `names` with contents `bytes` (in order), read with `version`.
    pub fn of<'a>(
        inputs: impl IntoIterator<Item = (&'a str, &'a [u8])>,
        version: Option<&str>,
    ) -> Key {
        let mut hasher = DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        if let Some(meta) = std::env::current_exe().ok().and_then(|e| e.metadata().ok()) {
            meta.len().hash(&mut hasher);
            meta.modified().ok().hash(&mut hasher);
        }
        version.hash(&mut hasher);
        for (name, bytes) in inputs {
            name.hash(&mut hasher);
            bytes.hash(&mut hasher);
        }
        Key(hasher.finish())
    }
}

/// Where entries go, or nowhere.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    /// The cache the environment and `--no-cache` ask for.
    pub fn new(no_cache: bool) -> Cache {
        let off = no_cache
            || std::env::var_os("K8S_CHANGELOG_NO_CACHE")
                .is_some_and(|v| !v.is_empty() && v != "0");
        let dir = match std::env::var_os(CACHE_DIR_ENV) {
            _ if off => None,
            Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
            _ => dirs::cache_dir().map(|d| d.join("k8s-changelog")),
        };
        Cache { dir }
    }

    /// The entry `what` of `key`, else `build()`'s answer, stored for next time.
    pub fn get_or_build<T: Serialize + DeserializeOwned>(
        &self,
        what: &str,
        key: Key,
        build: impl FnOnce() -> T,
    ) -> T {
        let Some(dir) = &self.dir else {
            return build();
        };
        let path = dir.join(format!("{what}-{:016x}.msgpack", key.0));
        if let Some(value) = read(&path) {
            return value;
        }
        let value = build();
        write(dir, &path, &value);
        value
    }
}

fn read<T: DeserializeOwned>(path: &Path) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    rmp_serde::from_slice(&bytes).ok()
}

/// Writes atomically; any failure leaves no entry (and no partial file) behind.
fn write<T: Serialize>(dir: &Path, path: &Path, value: &T) {
    let Ok(bytes) = rmp_serde::to_vec_named(value) else {
        return;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(mut file) = tempfile::NamedTempFile::new_in(dir) else {
        return;
    };
    if std::io::Write::write_all(&mut file, &bytes).is_ok() && file.persist(path).is_ok() {
        evict(dir, path);
    }
}

/// Deletes the entries of `written`'s kind beyond the [`KEPT`] newest.
fn evict(dir: &Path, written: &Path) {
    let Some(kind) = written
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.rsplit_once('-'))
        .map(|(kind, _)| format!("{kind}-"))
    else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut same: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&kind) && name.ends_with(".msgpack")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    same.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (_, old) in same.into_iter().skip(KEPT) {
        if old != written {
            let _ = std::fs::remove_file(old);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_reused_rebuilt_when_corrupt_and_keyed_by_input() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache {
            dir: Some(dir.path().to_path_buf()),
        };
        let key = Key::of([("a.md", b"one".as_slice())], None);
        let mut builds = 0;
        let mut get = |key| {
            cache.get_or_build("t", key, || {
                builds += 1;
                vec![Some(1u32), None]
            })
        };
        assert_eq!(get(key), [Some(1), None]);
        assert_eq!(get(key), [Some(1), None]);
        assert_eq!(builds, 1, "the second answer came from the cache");
        // Other bytes, another name or another --version: another key.
        assert_ne!(Key::of([("a.md", b"two".as_slice())], None), key);
        assert_ne!(Key::of([("b.md", b"one".as_slice())], None), key);
        assert_ne!(Key::of([("a.md", b"one".as_slice())], Some("v1.2.3")), key);
        // A corrupt entry is rebuilt, silently.
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            std::fs::write(entry.unwrap().path(), b"\xc1 not msgpack").unwrap();
        }
        let mut rebuilt = 0;
        let value: Vec<Option<u32>> = cache.get_or_build("t", key, || {
            rebuilt += 1;
            vec![Some(1)]
        });
        assert_eq!((value, rebuilt), (vec![Some(1)], 1));
        // Only the newest entries of a kind stay.
        for n in 0..KEPT as u8 + 3 {
            let key = Key::of([("a.md", [n].as_slice())], None);
            cache.get_or_build("many", key, || n);
        }
        let many = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("many-")
            })
            .count();
        assert_eq!(many, KEPT);
        // Switched off: always built, nothing written.
        let off = Cache { dir: None };
        let mut calls = 0;
        off.get_or_build("t", key, || calls += 1);
        off.get_or_build("t", key, || calls += 1);
        assert_eq!(calls, 2);
    }
}
