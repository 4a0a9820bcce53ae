//! The lean reader of `index.json` ([`Index::from_json_lean`]): the notes, sections and release
//! list, without what only some readers want (the details, advisories, downloads, images, the
//! end-of-life table). The explorer's first module reads the index this way: the notes view
//! shows nothing else, and the typed readers of the rest are code it need not carry (serde
//! skips the fields it does not name, without typing them). The keys are the format's
//! ([`Index`]'s); the tests below hold the two readers to the same answers.

use super::read::{from_json, Versioned};
use super::{columns, encoding, Index, IndexError, IndexNote, IndexRelease, INDEX_FILE};
use serde::Deserialize;

/// [`Index`] without the fields the lean reader skips.
#[derive(Deserialize)]
struct LeanIndex {
    #[serde(rename = "v")]
    format: u32,
    #[serde(rename = "s")]
    sections: Vec<Vec<String>>,
    #[serde(rename = "t", default)]
    texts: Vec<String>,
    #[serde(rename = "au", default)]
    authors: Vec<String>,
    #[serde(rename = "n", with = "columns")]
    notes: Vec<IndexNote>,
    #[serde(rename = "r")]
    releases: Vec<LeanRelease>,
}

/// [`IndexRelease`] without the fields the lean reader skips.
#[derive(Deserialize)]
struct LeanRelease {
    #[serde(rename = "v")]
    version: String,
    #[serde(rename = "p", default)]
    previous: Option<String>,
    #[serde(rename = "f", default)]
    file: String,
    #[serde(rename = "d", default)]
    date: Option<String>,
    #[serde(rename = "dp", default)]
    date_planned: bool,
    #[serde(rename = "ds", default)]
    date_source: String,
    #[serde(rename = "n", default, with = "encoding::delta")]
    notes: Vec<u32>,
    #[serde(rename = "cve", default)]
    cves: Vec<String>,
}

impl Versioned for LeanIndex {
    fn format(&self) -> u32 {
        self.format
    }
}

impl Index {
    /// Reads `index.json` as [`Index::from_json`] does (the format version first, the same
    /// errors), but only its notes, sections and releases' versions, files, dates, note lists
    /// and CVEs: the details, advisories, downloads, images and end-of-life table are skipped,
    /// and the index says so ([`Index::details_apart`] is set; those fields are empty).
    pub fn from_json_lean(json: &[u8]) -> Result<Index, IndexError> {
        let lean: LeanIndex = from_json(json, INDEX_FILE)?;
        Ok(Index {
            format: lean.format,
            sections: lean.sections,
            texts: lean.texts,
            authors: lean.authors,
            notes: lean.notes,
            releases: lean.releases.into_iter().map(IndexRelease::from).collect(),
            details_apart: true,
            ..Index::default()
        })
    }
}

impl From<LeanRelease> for IndexRelease {
    fn from(r: LeanRelease) -> IndexRelease {
        IndexRelease {
            version: r.version,
            previous: r.previous,
            file: r.file,
            date: r.date,
            date_planned: r.date_planned,
            date_source: r.date_source,
            notes: r.notes,
            cves: r.cves,
            dependencies: Default::default(),
            security: Vec::new(),
            downloads: Vec::new(),
            images: Vec::new(),
            prose: Vec::new(),
        }
    }
}
