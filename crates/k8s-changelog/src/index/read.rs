//! The format's names and its readers: every reader checks the format version before it reads
//! anything else, so that an index of another version gets a message that says so, not a
//! serde error about some field.

use super::{Details, DownloadShard, Index, FORMAT};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The index's file name, in the site's data directory.
pub const INDEX_FILE: &str = "index.json";

/// The file name of the index's details ([`super::Details`]: the timelines, the guide's entries,
/// each release's dependencies and prose), next to [`INDEX_FILE`].
pub const DETAILS_FILE: &str = "details.json";

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
    /// A note refers to a text or an author the index does not have.
    #[error("note {note} refers to {what} {id}, but the index has {count}")]
    BadReference {
        /// The note's position in the index.
        note: usize,
        /// What it refers to (`text`, `author`).
        what: &'static str,
        /// The position it refers to.
        id: u32,
        /// How many the index has.
        count: usize,
    },
    /// `details.json` is not of this index: it has details of another number of releases.
    #[error(
        "{DETAILS_FILE} has details of {found} releases, the index has {expected}: rebuild both \
         with `k8s-changelog index`"
    )]
    Mismatch {
        /// How many releases the details cover.
        found: usize,
        /// How many the index has.
        expected: usize,
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

/// What is read of a file that is not of the format's shape: its version, and nothing else
/// (the rest is skipped, not typed).
#[derive(Deserialize)]
struct Probe {
    #[serde(rename = "v", default)]
    format: Option<u32>,
}

/// A file of the format with its version; read before anything else is looked at.
pub(super) trait Versioned {
    fn format(&self) -> u32;
}

impl Versioned for Index {
    fn format(&self) -> u32 {
        self.format
    }
}

impl Versioned for Details {
    fn format(&self) -> u32 {
        self.format
    }
}

impl Versioned for DownloadShard {
    fn format(&self) -> u32 {
        self.format
    }
}

/// Reads a file in one pass when it has the format's shape, then checks its version; when it
/// has not, reads its version alone, so that a file of another version says so rather than
/// which field its shape lacks.
pub(super) fn from_json<T: DeserializeOwned + Versioned>(
    json: &[u8],
    file: &str,
) -> Result<T, IndexError> {
    let error = |e: serde_json::Error| {
        let reason = e.to_string();
        let file = file.to_string();
        if e.is_syntax() || e.is_eof() {
            IndexError::NotJson { file, reason }
        } else {
            IndexError::Malformed { file, reason }
        }
    };
    let other_format = |found| IndexError::Format {
        file: file.to_string(),
        found,
    };
    match serde_json::from_slice::<T>(json) {
        Ok(read) if read.format() == FORMAT => Ok(read),
        Ok(read) => Err(other_format(read.format())),
        Err(e) => {
            let probe: Probe = serde_json::from_slice(json).map_err(error)?;
            match probe.format {
                Some(FORMAT) => Err(error(e)),
                Some(found) => Err(other_format(found)),
                None => Err(IndexError::NoFormat {
                    file: file.to_string(),
                }),
            }
        }
    }
}

impl Index {
    /// Reads `index.json`: the format version first (an index of another version is
    /// [`IndexError::Format`]), then the index.
    pub fn from_json(json: &[u8]) -> Result<Index, IndexError> {
        from_json(json, INDEX_FILE)
    }
}

impl Details {
    /// Reads `details.json`, the format version first.
    pub fn from_json(json: &[u8]) -> Result<Details, IndexError> {
        from_json(json, DETAILS_FILE)
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
        assert_eq!(DETAILS_FILE, "details.json");
    }

    /// `json` with `{FORMAT}` replaced by this format's version.
    fn current(json: &str) -> Vec<u8> {
        json.replace("{FORMAT}", &FORMAT.to_string()).into_bytes()
    }

    #[test]
    fn the_right_version_is_read() {
        let json = current(r#"{"v":{FORMAT},"s":[[]],"t":["x"],"n":{"t":[0]},"r":[]}"#);
        let index = Index::from_json(&json).unwrap();
        assert_eq!(index.texts[index.notes[0].text as usize], "x");
        let json = current(r#"{"v":{FORMAT},"r":{"v1.22.0":[]}}"#);
        let shard = DownloadShard::from_json(&json, "1.22").unwrap();
        assert!(shard.downloads("v1.22.0").is_empty());
        let json = current(r#"{"v":{FORMAT},"r":[{},{"pr":[{"s":["A"],"t":"b"}]}]}"#);
        let details = Details::from_json(&json).unwrap();
        assert_eq!(details.releases[1].prose[0].text, "b");
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
            format!(
                "index.json: index format 1, this explorer reads format {FORMAT}: rebuild the \
                 index with `k8s-changelog index`"
            )
        );
        // An older index whose shape happens to read is still of another version.
        let old = Index::from_json(br#"{"v":3,"s":[],"n":[],"r":[]}"#).unwrap_err();
        assert!(matches!(old, IndexError::Format { found: 3, .. }), "{old}");
        let details = Details::from_json(br#"{"v":3,"r":[]}"#).unwrap_err();
        assert!(details
            .to_string()
            .starts_with("details.json: index format 3"));
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
        let e = Index::from_json(&current(
            r#"{"v":{FORMAT},"s":[[]],"n":{"t":["x"]},"r":[]}"#,
        ))
        .unwrap_err();
        assert!(matches!(e, IndexError::Malformed { .. }), "{e}");
        let e = Index::from_json(br#"{"v":"2"}"#).unwrap_err();
        assert!(matches!(e, IndexError::Malformed { .. }), "{e}");
    }
}
