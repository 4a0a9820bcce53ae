//! Parse the Kubernetes CHANGELOG Markdown (`CHANGELOG/CHANGELOG-1.N.md`, every era since v1.2)
//! into releases, notes, dependency changes, advisories and artifacts.
//!
//! The crate does no I/O and never panics on input: [`parse`] always returns a [`Changelog`],
//! with whatever it could not place listed as unaccounted lines and [`Diagnostic`]s.
//!
//! ```
//! let text = "# v1.22.1\n\n## Changelog since v1.22.0\n\n## Changes by Kind\n\n### Bug or Regression\n\n\
//! - Fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]\n";
//! let log = k8s_changelog::parse(text, "CHANGELOG-1.22.md");
//! let note = &log.releases[0].notes[0];
//! assert_eq!(note.prs, [1]);
//! assert_eq!(note.sigs, ["node"]);
//! assert_eq!(note.kind, Some(k8s_changelog::Kind::Bug));
//! ```

#![warn(missing_docs)]

pub mod change;
pub mod cves;
pub mod dates;
mod history;
pub mod index;
pub mod links;
pub mod model;
mod parse;
pub mod query;
pub mod relnotes;
pub mod summary;
mod tag;
pub mod timeline;
pub mod vocabulary;

pub use change::{ChangeKey, ChangeSet};
pub use cves::{cves, CveEntry};
pub use dates::DatesError;
pub use history::{History, QueryError, ReleaseDate, ReleaseRange};
pub use model::*;
pub use query::{compare, Query, UpgradePath, VersionRange};
pub use relnotes::RelnotesError;
pub use tag::{parse_tag, TagError};
pub use timeline::{DependencyTimeline, DeprecationTimeline};

/// How to read one input.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions<'a> {
    /// The name recorded in every release and diagnostic (usually the path).
    pub file: &'a str,
    /// For inputs without `# vX.Y.Z` headings (a sig-release `release-notes-draft.md`): the
    /// version the whole text belongs to.
    pub version: Option<&'a str>,
}

/// Parses one CHANGELOG file.
pub fn parse(text: &str, file: &str) -> Changelog {
    parse_with(
        text,
        &ParseOptions {
            file,
            version: None,
        },
    )
}

/// Parses one input with options.
pub fn parse_with(text: &str, options: &ParseOptions<'_>) -> Changelog {
    parse::parse_document(text, options)
}

/// Parses bytes that may not be UTF-8: invalid sequences become U+FFFD and each affected line
/// gets a diagnostic.
pub fn parse_bytes(bytes: &[u8], options: &ParseOptions<'_>) -> Changelog {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_with(text, options),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes);
            let mut log = parse_with(&text, options);
            let mut reported = 0;
            for (index, line) in bytes.split(|b| *b == b'\n').enumerate() {
                if std::str::from_utf8(line).is_err() {
                    reported += 1;
                    if reported <= 20 {
                        log.diagnostics.push(Diagnostic {
                            file: options.file.to_string(),
                            line: index as u32 + 1,
                            severity: Severity::Error,
                            message: "invalid UTF-8; the bad bytes were replaced with U+FFFD"
                                .into(),
                        });
                    }
                }
            }
            if reported > 20 {
                log.diagnostics.push(Diagnostic {
                    file: options.file.to_string(),
                    line: 1,
                    severity: Severity::Error,
                    message: format!(
                        "{} lines hold invalid UTF-8; only the first 20 are listed",
                        reported
                    ),
                });
            }
            log
        }
    }
}

/// Parses one input file of any kind the tool reads, by its name (`options.file`): krel's
/// release-notes JSON (`*.json`, [`relnotes::read_changelog`]) or CHANGELOG Markdown
/// ([`parse_bytes`]). Never fails: problems are diagnostics.
pub fn parse_input(bytes: &[u8], options: &ParseOptions<'_>) -> Changelog {
    if options.file.ends_with(".json") {
        relnotes::read_changelog(bytes, options)
    } else {
        parse_bytes(bytes, options)
    }
}

/// Parses several inputs into one changelog with releases in ascending semver order.
pub fn parse_many<'a, I>(inputs: I) -> Changelog
where
    I: IntoIterator<Item = (&'a str, ParseOptions<'a>)>,
{
    let mut all = Changelog::default();
    for (text, options) in inputs {
        all.merge(parse_with(text, &options));
    }
    all
}
