//! The format's names and its readers: every reader checks the format version before it reads
//! anything else, so that an index of another version gets a message that says so, not a
//! serde error about some field.

use super::{DownloadShard, Index, FORMAT};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The index's file name, in the site's data directory.
pub const INDEX_FILE: &str = "index.json";

/// The file name of the download shard of a minor line (`1.22` → `downloads-1.22.json`), next
/// to [`INDEX_FILE`].
pub fn download_shard_file(minor_line: &str) -> String {
    format!("downloads-{minor_line}.json")
}

/// Why an index (or a download shard) could not be read or turned back into a history. The
/// messages are for the explorer's users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    /// The file is not JSON at all (an HTML error page, a truncated download).
    #[error("{file} is not JSON ({reason})")]
    NotJson {
        /// The file name ([`INDEX_FILE`], [`download_shard_file`]).
        file: String,
        /// serde_json's message.
        reason: String,
    },
    /// The file is JSON without a format version: not something `k8s-changelog index` wrote.
    #[error("{file} has no format version: it is not an index written by `k8s-changelog index`")]
    NoFormat {
        /// The file name.
        file: String,
    },
    /// The file is of another format version than [`FORMAT`].
    #[error(
        "{file}: index format {found}, this explorer reads format {FORMAT}: rebuild the index \
         with `k8s-changelog index`"
    )]
    Format {
        /// The file name.
        file: String,
        /// The version the file declares.
        found: u32,
    },
    /// The file declares the right version but does not have the format's shape.
    #[error("{file} is malformed: {reason}")]
    Malformed {
        /// The file name.
        file: String,
        /// serde_json's message.
        reason: String,
    },
    /// A release's version is not a Kubernetes tag.
    #[error("release {release}: `{version}` is not a version")]
    BadVersion {
        /// The release's position in the index.
        release: usize,
        /// Its version text.
        version: String,
    },
    /// A release refers to a note the index does not have.
    #[error("release {release} refers to note {note}, but the index has {count} notes")]
    BadNote {
        /// The release's position in the index.
        release: usize,
        /// The note it refers to.
        note: u32,
        /// How many notes the index has.
        count: usize,
    },
    /// A note refers to a section path the index does not have.
    #[error("note {note} refers to section {section}, but the index has {count} sections")]
    BadSection {
        /// The note's position in the index.
        note: usize,
        /// The section it refers to.
        section: u32,
        /// How many section paths the index has.
        count: usize,
    },
}

/// The first thing read of any file of the format: its version, and nothing else (the rest is
/// skipped, not typed).
#[derive(Deserialize)]
struct Probe {
    #[serde(rename = "v", default)]
    format: Option<u32>,
}

fn from_json<T: DeserializeOwned>(json: &[u8], file: &str) -> Result<T, IndexError> {
    let error = |e: serde_json::Error| {
        let reason = e.to_string();
        let file = file.to_string();
        if e.is_syntax() || e.is_eof() {
            IndexError::NotJson { file, reason }
        } else {
            IndexError::Malformed { file, reason }
        }
    };
    let probe: Probe = serde_json::from_slice(json).map_err(error)?;
    match probe.format {
        Some(FORMAT) => serde_json::from_slice(json).map_err(error),
        Some(found) => Err(IndexError::Format {
            file: file.to_string(),
            found,
        }),
        None => Err(IndexError::NoFormat {
            file: file.to_string(),
        }),
    }
}

impl Index {
    /// Reads `index.json`: the format version first (an index of another version is
    /// [`IndexError::Format`]), then the index.
    pub fn from_json(json: &[u8]) -> Result<Index, IndexError> {
        from_json(json, INDEX_FILE)
    }
}

impl DownloadShard {
    /// Reads the download shard of `minor_line` (named in errors), the format version first.
    pub fn from_json(json: &[u8], minor_line: &str) -> Result<DownloadShard, IndexError> {
        from_json(json, &download_shard_file(minor_line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(INDEX_FILE, "index.json");
        assert_eq!(download_shard_file("1.22"), "downloads-1.22.json");
    }

    #[test]
    fn the_right_version_is_read() {
        let index = Index::from_json(br#"{"v":3,"s":[[]],"n":[{"t":"x"}],"r":[]}"#).unwrap();
        assert_eq!(index.notes[0].text, "x");
        let shard = DownloadShard::from_json(br#"{"v":3,"r":{"v1.22.0":[]}}"#, "1.22").unwrap();
        assert!(shard.downloads("v1.22.0").is_empty());
    }

    #[test]
    fn other_versions_say_so_before_their_shape_is_read() {
        // Format 1 had no shipped-in releases and untyped shards; its shape does not matter.
        let old = Index::from_json(br#"{"v":1,"s":7,"n":"?"}"#).unwrap_err();
        assert_eq!(
            old,
            IndexError::Format {
                file: "index.json".into(),
                found: 1
            }
        );
        assert_eq!(
            old.to_string(),
            "index.json: index format 1, this explorer reads format 3: rebuild the index with \
             `k8s-changelog index`"
        );
        let newer = Index::from_json(br#"{"r":{"new":"shape"},"v":99}"#).unwrap_err();
        assert!(matches!(newer, IndexError::Format { found: 99, .. }));
        let shard = DownloadShard::from_json(br#"{"v1.22.0":[]}"#, "1.22").unwrap_err();
        assert_eq!(
            shard.to_string(),
            "downloads-1.22.json has no format version: it is not an index written by \
             `k8s-changelog index`"
        );
        let shard = DownloadShard::from_json(br#"{"v":1,"r":[]}"#, "1.22").unwrap_err();
        assert!(shard
            .to_string()
            .starts_with("downloads-1.22.json: index format 1"));
    }

    #[test]
    fn not_json_and_malformed_are_told_apart() {
        for junk in [
            &b"<!doctype html><p>Not Found"[..],
            b"",
            b"{\"v\":2,",
            b"\xff",
        ] {
            assert!(
                matches!(Index::from_json(junk), Err(IndexError::NotJson { .. })),
                "{junk:?}"
            );
        }
        let e = Index::from_json(br#"{"v":3,"s":[[]],"n":[{"t":5}],"r":[]}"#).unwrap_err();
        assert!(matches!(e, IndexError::Malformed { .. }), "{e}");
        let e = Index::from_json(br#"{"v":"2"}"#).unwrap_err();
        assert!(matches!(e, IndexError::Malformed { .. }), "{e}");
    }
}
