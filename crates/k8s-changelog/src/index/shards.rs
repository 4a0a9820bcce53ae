//! Download shards: the download tables are two fifths of a history and incompressible
//! (hashes), so the index leaves them to one file per minor line, which the explorer fetches
//! when a release page opens.

use super::{Index, FORMAT};
use crate::model::Download;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The download tables of one minor line's releases: the file [`super::download_shard_file`]
/// names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DownloadShard {
    /// [`FORMAT`].
    #[serde(rename = "v")]
    pub format: u32,
    /// Tag (`v1.22.1`) → its downloads, as in the release's tables.
    #[serde(rename = "r")]
    pub releases: BTreeMap<String, Vec<Download>>,
}

impl DownloadShard {
    /// The downloads of `tag` (none if the shard does not list it).
    pub fn downloads(&self, tag: &str) -> &[Download] {
        self.releases.get(tag).map(Vec::as_slice).unwrap_or(&[])
    }
}

impl Index {
    /// Moves every release's downloads out of the index into one shard per minor line
    /// (`("1.22", shard)`, ordered by minor line text). Releases without downloads are in no
    /// shard; a release whose version is not a tag keeps its downloads.
    pub fn take_download_shards(&mut self) -> Vec<(String, DownloadShard)> {
        let mut shards: BTreeMap<String, DownloadShard> = BTreeMap::new();
        for release in &mut self.releases {
            if release.downloads.is_empty() {
                continue;
            }
            let Ok(tag) = crate::parse_tag(&release.version) else {
                continue;
            };
            let shard = shards
                .entry(format!("{}.{}", tag.major, tag.minor))
                .or_insert_with(|| DownloadShard {
                    format: FORMAT,
                    releases: BTreeMap::new(),
                });
            shard.releases.insert(
                release.version.clone(),
                std::mem::take(&mut release.downloads),
            );
        }
        shards.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::History;

    fn table((version, hash): (&str, &str)) -> String {
        format!(
            "# {version}\n\n## Downloads for {version}\n\n### Source Code\n\n\
             filename | sha512 hash\n-------- | -----------\n\
             [kubernetes.tar.gz](https://dl.k8s.io/{version}/kubernetes.tar.gz) | {hash}\n\n\
             ## Changelog since v1.0.0\n\n- A note ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a))\n\n"
        )
    }

    #[test]
    fn downloads_split_per_minor_line() {
        let text = [("v1.22.1", "abc1"), ("v1.22.0", "abc0"), ("v1.3.0", "def0")]
            .map(table)
            .concat()
            + "# v1.21.0\n\n## Changes\n\n- No downloads here at all, only a note.\n";
        let history = History::new(crate::parse(&text, "CHANGELOG.md"));
        let mut index = Index::from_history(&history);
        assert_eq!(index.releases.len(), 4);
        let shards = index.take_download_shards();
        let minors: Vec<&str> = shards.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(minors, ["1.22", "1.3"]);
        let (_, shard) = &shards[0];
        assert_eq!(shard.format, FORMAT);
        assert_eq!(
            shard.releases.keys().collect::<Vec<_>>(),
            ["v1.22.0", "v1.22.1"]
        );
        assert_eq!(shard.downloads("v1.22.1")[0].hash, "abc1");
        assert!(shard.downloads("v1.22.9").is_empty());
        assert!(index.releases.iter().all(|r| r.downloads.is_empty()));
        // What is written reads back.
        let json = serde_json::to_vec(shard).unwrap();
        assert_eq!(&DownloadShard::from_json(&json, "1.22").unwrap(), shard);
        assert!(index.take_download_shards().is_empty(), "taken once");
    }
}
