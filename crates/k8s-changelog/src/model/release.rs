//! A release (one `# vX.Y.Z` section) and the line-level pieces it keeps for losslessness.

use super::{Advisory, Dependencies, Download, Image, Note};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One release: a `# vX.Y.Z` section of a CHANGELOG file (or a whole release-notes draft), with
/// its notes, dependency changes, advisories, artifacts and the lines it keeps for losslessness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    /// The tag as written in the heading (`v1.22.0`).
    pub version: String,
    /// The tag parsed as semver (`1.22.0`).
    pub semver: semver::Version,
    /// The tag named by "Changelog since …" / "Changes since …".
    pub previous: Option<String>,
    /// The file the release came from, as the caller named it.
    pub file: String,
    /// 1-based line of the `# vX.Y.Z` heading.
    pub line: u32,
    /// 1-based last line of the section.
    pub end_line: u32,
    /// The release notes, in file order.
    pub notes: Vec<Note>,
    /// Dependency changes from the `## Dependencies` section and dependency sentences.
    pub dependencies: Dependencies,
    /// The advisories of `## Important Security Information`, in file order.
    pub security: Vec<Advisory>,
    /// Every CVE id mentioned anywhere in the release, sorted and de-duplicated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cves: Vec<String>,
    /// Rows of the download tables (source, client, server, node binaries), in file order.
    pub downloads: Vec<Download>,
    /// Rows of the container image table, in file order (empty before the tables appeared, after
    /// v1.24.0-alpha.1).
    pub images: Vec<Image>,
    /// Major themes, known issues and every other block that is not a note.
    pub prose: Vec<Prose>,
    /// Every heading inside the release, in order.
    pub outline: Vec<Heading>,
    /// Lines that carry only the generator's layout: table header rows, `_Nothing has changed._`,
    /// documentation links and the like.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layout_lines: Vec<u32>,
    /// Non-blank lines the parser could not place anywhere else.
    pub unaccounted: Vec<SourceLine>,
}

impl Release {
    /// A release of `semver` from `file` with nothing in it yet; `version` is `v` + `semver`.
    pub fn new(semver: semver::Version, file: &str) -> Release {
        Release::tagged(format!("v{semver}"), semver, file)
    }

    /// [`Release::new`] with the tag as written (`version`), not rebuilt from `semver`.
    pub(crate) fn tagged(version: String, semver: semver::Version, file: &str) -> Release {
        Release {
            version,
            semver,
            previous: None,
            file: file.to_string(),
            line: 0,
            end_line: 0,
            notes: Vec::new(),
            dependencies: Dependencies::default(),
            security: Vec::new(),
            cves: Vec::new(),
            downloads: Vec::new(),
            images: Vec::new(),
            prose: Vec::new(),
            outline: Vec::new(),
            layout_lines: Vec::new(),
            unaccounted: Vec::new(),
        }
    }

    /// `true` for alpha, beta and rc tags.
    pub fn is_prerelease(&self) -> bool {
        !self.semver.pre.is_empty()
    }

    /// The minor line the release belongs to, as `1.22`.
    pub fn minor_line(&self) -> String {
        format!("{}.{}", self.semver.major, self.semver.minor)
    }
}

/// A block of Markdown that is not a note: a theme, a known issue, an intro paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prose {
    /// The headings it sat under, below the release heading. Shared by the blocks (and notes)
    /// of one section; serialized as a plain list.
    pub section: Arc<[String]>,
    /// The block's Markdown, as written (de-indented).
    pub text: String,
    /// 1-based first line of the block.
    pub line: u32,
    /// 1-based last non-blank line of the block, inclusive.
    pub end_line: u32,
}

/// A Markdown heading inside a release (`## Changes by Kind`, `### Bug or Regression`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// The ATX level, 1 to 6 (`2` for `##`).
    pub level: u8,
    /// The heading text without the `#` marks.
    pub text: String,
    /// 1-based line of the heading.
    pub line: u32,
}

/// One source line kept verbatim, for [`Release::unaccounted`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLine {
    /// 1-based line number in the release's file.
    pub line: u32,
    /// The line's text, without the newline.
    pub text: String,
}
