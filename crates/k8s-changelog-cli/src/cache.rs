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
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

/// How many entries of one kind (`parse`, `deprecations`, …) are kept: a few sets of inputs
/// (the full history, a test directory) used in turn stay warm.
pub const KEPT: usize = 4;

/// The environment variable naming the cache directory.
pub const CACHE_DIR_ENV: &str = "K8S_CHANGELOG_CACHE_DIR";

/// What identifies one set of inputs for one build of the tool: a 128-bit XXH3 of the build
/// and of every input's name and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(u128);

impl Key {
    /// The key of inputs named `names` with contents `bytes` (in order), read with `version`.
    #[cfg(test)]
    pub fn of<'a>(
        inputs: impl IntoIterator<Item = (&'a str, &'a [u8])>,
        version: Option<&str>,
    ) -> Key {
        let mut hasher = KeyHasher::new(version);
        for (name, bytes) in inputs {
            hasher.input(name);
            hasher.bytes(bytes);
        }
        hasher.finish()
    }
}

/// A [`Key`] built as the inputs stream past (a warm run never holds them in memory): call
/// [`input`](KeyHasher::input) with each input's name, then [`bytes`](KeyHasher::bytes) with
/// its contents in as many pieces as it comes in.
pub struct KeyHasher {
    hasher: Xxh3,
    /// The length of the current input so far: hashed after it, so that no two different
    /// sequences of (name, bytes) hash the same stream.
    length: Option<u64>,
}

impl KeyHasher {
    /// A hasher of this build of the tool (its version, its executable's size and modification
    /// time) and of `version`.
    pub fn new(version: Option<&str>) -> KeyHasher {
        let mut hasher = Xxh3::new();
        let mut field = |bytes: &[u8]| {
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(env!("CARGO_PKG_VERSION").as_bytes());
        if let Some(meta) = std::env::current_exe().ok().and_then(|e| e.metadata().ok()) {
            field(&meta.len().to_le_bytes());
            field(format!("{:?}", meta.modified().ok()).as_bytes());
        }
        field(&[u8::from(version.is_some())]);
        field(version.unwrap_or_default().as_bytes());
        KeyHasher {
            hasher,
            length: None,
        }
    }

    /// Starts the next input.
    pub fn input(&mut self, name: &str) {
        self.end_input();
        self.hasher.update(&(name.len() as u64).to_le_bytes());
        self.hasher.update(name.as_bytes());
        self.length = Some(0);
    }

    /// The next piece of the current input's bytes.
    pub fn bytes(&mut self, piece: &[u8]) {
        self.hasher.update(piece);
        *self.length.get_or_insert(0) += piece.len() as u64;
    }

    fn end_input(&mut self) {
        if let Some(length) = self.length.take() {
            self.hasher.update(&length.to_le_bytes());
        }
    }

    /// The key of everything hashed.
    pub fn finish(mut self) -> Key {
        self.end_input();
        Key(self.hasher.digest128())
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
        match self.try_get_or_build(what, key, || Ok::<T, std::convert::Infallible>(build())) {
            Ok(value) => value,
        }
    }

    /// [`get_or_build`](Cache::get_or_build) with a `build` that may fail: its error is
    /// returned and nothing is stored.
    pub fn try_get_or_build<T: Serialize + DeserializeOwned, E>(
        &self,
        what: &str,
        key: Key,
        build: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        self.entry(what, key, decode, build, encode)
    }

    /// [`try_get_or_build`](Cache::try_get_or_build) for a value with many items (a history's
    /// releases): they are stored in [`CHUNKS`] pieces that a warm run decodes on every core.
    pub fn try_get_or_build_split<H, T, E>(
        &self,
        what: &str,
        key: Key,
        build: impl FnOnce() -> Result<Split<H, T>, E>,
    ) -> Result<Split<H, T>, E>
    where
        H: Serialize + DeserializeOwned,
        T: Serialize + DeserializeOwned + Send,
    {
        self.entry(what, key, Split::decode, build, Split::encode)
    }

    /// Stores `value` as the entry `what` of `key` (a part computed along with another entry).
    pub fn put<T: Serialize>(&self, what: &str, key: Key, value: &T) {
        if let (Some(dir), Some(bytes)) = (&self.dir, encode(value)) {
            write(dir, &entry_path(dir, what, key), &bytes);
        }
    }

    fn entry<T, E>(
        &self,
        what: &str,
        key: Key,
        decode: impl FnOnce(&[u8]) -> Option<T>,
        build: impl FnOnce() -> Result<T, E>,
        encode: impl FnOnce(&T) -> Option<Vec<u8>>,
    ) -> Result<T, E> {
        let Some(dir) = &self.dir else {
            return build();
        };
        let path = entry_path(dir, what, key);
        if let Some(value) = map(&path).and_then(|bytes| decode(&bytes)) {
            return Ok(value);
        }
        let value = build()?;
        if let Some(bytes) = encode(&value) {
            write(dir, &path, &bytes);
        }
        Ok(value)
    }
}

/// Where the entry `what` of `key` lives in the cache directory `dir`.
fn entry_path(dir: &Path, what: &str, key: Key) -> PathBuf {
    dir.join(format!("{what}-{:032x}.msgpack", key.0))
}

/// How many pieces a [`Split`] value's items are stored in: more than the cores of most
/// machines, so that they share the decoding evenly.
pub const CHUNKS: usize = 8;

/// A value stored as a head and items, the items in [`CHUNKS`] pieces decoded in parallel.
pub struct Split<H, T> {
    pub head: H,
    pub items: Vec<T>,
}

impl<H: Serialize + DeserializeOwned, T: Serialize + DeserializeOwned + Send> Split<H, T> {
    /// The head's MessagePack and each piece's, as MessagePack binaries.
    fn encode(&self) -> Option<Vec<u8>> {
        let per_chunk = self.items.len().div_ceil(CHUNKS).max(1);
        let pieces: Vec<Vec<u8>> = std::iter::once(encode(&self.head))
            .chain(self.items.chunks(per_chunk).map(encode))
            .collect::<Option<_>>()?;
        let pieces: Vec<&serde_bytes::Bytes> =
            pieces.iter().map(|p| serde_bytes::Bytes::new(p)).collect();
        encode(&pieces)
    }

    fn decode(bytes: &[u8]) -> Option<Split<H, T>> {
        let pieces: Vec<&[u8]> = rmp_serde::from_slice(bytes).ok()?;
        let (head, chunks) = pieces.split_first()?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let workers = threads.min(chunks.len()).max(1);
        let mut decoded: Vec<(usize, Option<Vec<T>>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|worker| {
                    scope.spawn(move || {
                        let mine = chunks.iter().enumerate().skip(worker).step_by(workers);
                        mine.map(|(i, chunk)| (i, decode(chunk)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        if decoded.len() != chunks.len() {
            return None;
        }
        decoded.sort_unstable_by_key(|(i, _)| *i);
        let mut items = Vec::new();
        for (_, chunk) in decoded {
            items.extend(chunk?);
        }
        Some(Split {
            head: decode(head)?,
            items,
        })
    }
}

fn encode<T: Serialize + ?Sized>(value: &T) -> Option<Vec<u8>> {
    rmp_serde::to_vec_named(value).ok()
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    rmp_serde::from_slice(bytes).ok()
}

/// A read-only mapping of the entry's file: reading it into a buffer first cost a zeroed
/// page and a copy per 4 KB of a 7 MB entry, a tenth of a warm run.
fn map(path: &Path) -> Option<memmap2::Mmap> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: entries are only ever written whole to a temporary file and renamed into place
    // (`write`), never changed in place, and eviction only unlinks them: the mapped file stays
    // as it was for as long as the mapping lives. Only a process outside the tool truncating
    // the entry could fault, as it could for any mapped file.
    unsafe { memmap2::MmapOptions::new().populate().map(&file) }.ok()
}

/// Writes atomically; any failure leaves no entry (and no partial file) behind.
fn write(dir: &Path, path: &Path, bytes: &[u8]) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let Ok(mut file) = tempfile::NamedTempFile::new_in(dir) else {
        return;
    };
    if std::io::Write::write_all(&mut file, bytes).is_ok() && file.persist(path).is_ok() {
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
    #[test]
    fn a_key_streamed_in_pieces_is_the_key_of_the_whole() {
        let whole = Key::of([("a.md", b"one two".as_slice())], None);
        let mut hasher = KeyHasher::new(None);
        hasher.input("a.md");
        hasher.bytes(b"one ");
        hasher.bytes(b"two");
        assert_eq!(hasher.finish(), whole);
        // Where one input ends and the next begins is part of the key.
        let split = Key::of([("a", b"bc".as_slice()), ("d", b"".as_slice())], None);
        let moved = Key::of([("a", b"b".as_slice()), ("cd", b"".as_slice())], None);
        assert_ne!(split, moved);
    }

    #[test]
    fn split_values_decode_in_order_and_a_damaged_piece_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache {
            dir: Some(dir.path().to_path_buf()),
        };
        let key = Key::of([("a.md", b"one".as_slice())], None);
        let items: Vec<String> = (0..1000).map(|i| format!("item {i}")).collect();
        let build = || {
            Ok::<_, ()>(Split {
                head: ("head".to_string(), 7u32),
                items: items.clone(),
            })
        };
        let first = cache.try_get_or_build_split("split", key, build).unwrap();
        let again: Split<(String, u32), String> = cache
            .try_get_or_build_split("split", key, || Err(()))
            .expect("read back, not built");
        assert_eq!((again.head, again.items), (first.head, items.clone()));
        // One byte changed in the last piece: not decodable, so built again.
        let path = entry_path(dir.path(), "split", key);
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.len() - 3;
        bytes[at] = 0xc1; // never used in MessagePack
        std::fs::write(&path, bytes).unwrap();
        let rebuilt: Result<Split<(String, u32), String>, &str> =
            cache.try_get_or_build_split("split", key, || Err("built"));
        assert_eq!(rebuilt.err(), Some("built"));
    }
}
