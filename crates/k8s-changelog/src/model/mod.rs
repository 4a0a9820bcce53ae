//! The data model: what a parsed CHANGELOG is made of. Plain serde types, no parsing logic.

mod accounting;
mod advisory;
mod artifact;
mod dependency;
mod kind;
mod note;
mod release;
mod sig;

pub use accounting::{Accounting, LineSpan, LineSpanKind};
pub use advisory::Advisory;
pub use artifact::{Download, Image};
pub use dependency::{AddedOrRemoved, Dependencies, DependencyChange, DependencySource};
pub use kind::Kind;
pub use note::Note;
pub use release::{Heading, Prose, Release, SourceLine};
pub use sig::{sig_display_name, sig_from_label, KNOWN_SIGS};

use serde::{Deserialize, Serialize};

/// The result of parsing one or more CHANGELOG files: releases in ascending semver order, plus
/// everything the parser wants a human to look at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changelog {
    /// Every release found, one per `# vX.Y.Z` section, oldest first (semver precedence). A tag
    /// present in two inputs appears twice (see [`Changelog::merge`]).
    pub releases: Vec<Release>,
    /// Lines before the first release heading (the generated table of contents and markers),
    /// per file. They repeat what the release headings say, so they are kept only as spans.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preambles: Vec<Preamble>,
    /// What the parser could not place or found odd, with file and line. Empty for a clean file.
    pub diagnostics: Vec<Diagnostic>,
}

/// The lines of a file that come before its first release: a generated TOC, munge markers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preamble {
    /// The input name the caller gave ([`crate::ParseOptions::file`]), e.g. `CHANGELOG-1.22.md`.
    pub file: String,
    /// 1-based first line of the preamble (normally `1`).
    pub line: u32,
    /// 1-based last line of the preamble, inclusive: the line before the first release heading.
    pub end_line: u32,
}

/// Something the parser noticed: a line it could not place, an odd heading, a bad encoding.
/// The parser never fails; it reports here instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The input name the caller gave ([`crate::ParseOptions::file`]).
    pub file: String,
    /// 1-based line number in `file`.
    pub line: u32,
    /// How much it matters: [`Severity::Error`] means information was lost or mangled.
    pub severity: Severity,
    /// A sentence for a human, e.g. `line not part of any note, table or section`.
    pub message: String,
}

/// How serious a [`Diagnostic`] is. Serialized lower-case (`"warning"`, `"error"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Odd but harmless: a line kept as unaccounted, text before the first release heading.
    Warning,
    /// Information was lost or replaced: invalid UTF-8, an input without any release, a malformed
    /// JSON file.
    Error,
}

impl Changelog {
    /// Appends another parse result and restores ascending semver order. Releases with the same
    /// version from two sources are both kept (stable order); callers decide which to trust.
    pub fn merge(&mut self, other: Changelog) {
        self.releases.extend(other.releases);
        self.preambles.extend(other.preambles);
        self.diagnostics.extend(other.diagnostics);
        self.sort();
    }

    /// Sorts releases by semver precedence, oldest first.
    pub fn sort(&mut self) {
        self.releases.sort_by(|a, b| a.semver.cmp(&b.semver));
    }

    /// The first release whose tag is `version`, with or without the leading `v` (`v1.22.3` or
    /// `1.22.3`). `None` when no release has that tag.
    pub fn release(&self, version: &str) -> Option<&Release> {
        let wanted = version.trim_start_matches('v');
        self.releases
            .iter()
            .find(|r| r.semver.to_string() == wanted || r.version == version)
    }

    /// Every note of every release, in release order, with the release it belongs to.
    pub fn notes(&self) -> impl Iterator<Item = (&Release, &Note)> {
        self.releases
            .iter()
            .flat_map(|r| r.notes.iter().map(move |n| (r, n)))
    }
}
