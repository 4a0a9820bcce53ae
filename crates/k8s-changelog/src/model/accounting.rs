//! Line accounting: the lossless invariant, checkable from the model alone.
//!
//! Every non-blank line of a release is in exactly one of: the release heading, an outline
//! heading, a note (`line..=end_line`), a prose block, a download or image row, a dependency
//! entry, an advisory, a layout line, or `unaccounted`. Lines before a file's first release are
//! its preamble. [`Release::line_spans`] lists what a release claims, [`Changelog::line_spans`]
//! adds the preambles of a file, and [`Changelog::accounting`] compares that with the text: the
//! property test, the fuzz target and the corpus test all check the invariant through it.
//!
//! "Lines" are the pieces of the text split on `\n` (a `\r` before it belongs to the line),
//! numbered from 1, as [`Diagnostic::line`](super::Diagnostic::line) numbers them. A line is
//! blank when `str::trim` leaves nothing.

use super::{Changelog, Release, SourceLine};
use serde::{Deserialize, Serialize};

/// What a [`LineSpan`] is in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LineSpanKind {
    /// Lines before a file's first release (`Changelog::preambles`).
    Preamble,
    /// The `# vX.Y.Z` heading (`Release::line`).
    ReleaseHeading,
    /// A heading inside the release (`Release::outline`).
    OutlineHeading,
    /// A note (`Note::line..=end_line`).
    Note,
    /// A prose block (`Prose::line..=end_line`).
    Prose,
    /// A download table row (`Download::line`).
    Download,
    /// A container image table row (`Image::line`).
    Image,
    /// A dependency added, changed or removed (its `line`).
    Dependency,
    /// A security advisory (`Advisory::line..=end_line`).
    Advisory,
    /// A layout line (`Release::layout_lines`): table headers, `_Nothing has changed._`.
    Layout,
    /// A line the parser could not place (`Release::unaccounted`).
    Unaccounted,
}

impl LineSpanKind {
    /// A short human name (`"outline heading"`), for messages.
    pub fn describe(self) -> &'static str {
        match self {
            LineSpanKind::Preamble => "preamble",
            LineSpanKind::ReleaseHeading => "release heading",
            LineSpanKind::OutlineHeading => "outline heading",
            LineSpanKind::Note => "note",
            LineSpanKind::Prose => "prose",
            LineSpanKind::Download => "download",
            LineSpanKind::Image => "image",
            LineSpanKind::Dependency => "dependency",
            LineSpanKind::Advisory => "advisory",
            LineSpanKind::Layout => "layout line",
            LineSpanKind::Unaccounted => "unaccounted line",
        }
    }
}

/// Lines `line..=end_line` (1-based, inclusive) of a file that the model holds as `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LineSpan {
    /// The first line.
    pub line: u32,
    /// The last line (equal to `line` for one-line items).
    pub end_line: u32,
    /// What the lines are.
    pub kind: LineSpanKind,
}

impl LineSpan {
    /// A span of `line..=end_line`.
    pub fn new(line: u32, end_line: u32, kind: LineSpanKind) -> Self {
        LineSpan {
            line,
            end_line,
            kind,
        }
    }

    /// `true` when the span is well-formed and inside a text of `lines` lines: it starts at
    /// line 1 or later and does not end before it starts or after the last line.
    pub fn fits(&self, lines: u32) -> bool {
        self.line >= 1 && self.line <= self.end_line && self.end_line <= lines
    }
}

impl Release {
    /// Every span of lines the release claims, in the order of the fields of [`Release`]
    /// (heading, outline, notes, prose, downloads, images, dependencies, advisories, layout
    /// lines, unaccounted lines), not sorted by line.
    pub fn line_spans(&self) -> Vec<LineSpan> {
        use LineSpanKind as K;
        let one = |line: u32, kind| LineSpan::new(line, line, kind);
        let deps = &self.dependencies;
        std::iter::once(one(self.line, K::ReleaseHeading))
            .chain(self.outline.iter().map(|h| one(h.line, K::OutlineHeading)))
            .chain(
                self.notes
                    .iter()
                    .map(|n| LineSpan::new(n.line, n.end_line, K::Note)),
            )
            .chain(
                self.prose
                    .iter()
                    .map(|p| LineSpan::new(p.line, p.end_line, K::Prose)),
            )
            .chain(self.downloads.iter().map(|d| one(d.line, K::Download)))
            .chain(self.images.iter().map(|i| one(i.line, K::Image)))
            .chain(
                deps.added
                    .iter()
                    .chain(&deps.removed)
                    .map(|d| one(d.line, K::Dependency)),
            )
            .chain(deps.changed.iter().map(|d| one(d.line, K::Dependency)))
            .chain(
                self.security
                    .iter()
                    .map(|a| LineSpan::new(a.line, a.end_line, K::Advisory)),
            )
            .chain(self.layout_lines.iter().map(|&l| one(l, K::Layout)))
            .chain(self.unaccounted.iter().map(|u| one(u.line, K::Unaccounted)))
            .collect()
    }
}

/// The result of [`Changelog::accounting`]: what the model fails to account for in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accounting {
    /// Non-blank lines of the text that no span covers, in line order.
    pub uncovered: Vec<SourceLine>,
    /// Spans that do not fit the text (start at line 0, end before they start, or run past the
    /// last line).
    pub misplaced: Vec<LineSpan>,
}

impl Accounting {
    /// `true` when every non-blank line is covered and every span fits the text.
    pub fn is_complete(&self) -> bool {
        self.uncovered.is_empty() && self.misplaced.is_empty()
    }

    /// A multi-line report of the first `max` problems of each sort, `None` when complete.
    pub fn report(&self, max: usize) -> Option<String> {
        if self.is_complete() {
            return None;
        }
        let mut out = format!(
            "{} non-blank line(s) not accounted for by the model, {} span(s) outside the text",
            self.uncovered.len(),
            self.misplaced.len()
        );
        for line in self.uncovered.iter().take(max) {
            out.push_str(&format!("\n  line {}: {:?}", line.line, line.text));
        }
        for span in self.misplaced.iter().take(max) {
            out.push_str(&format!(
                "\n  {} at impossible lines {}..={}",
                span.kind.describe(),
                span.line,
                span.end_line
            ));
        }
        Some(out)
    }
}

impl Changelog {
    /// The spans of every preamble and release of `file` (as the parser was given the name),
    /// preambles first, then the releases in model order.
    pub fn line_spans(&self, file: &str) -> Vec<LineSpan> {
        let preambles = self
            .preambles
            .iter()
            .filter(|p| p.file == file)
            .map(|p| LineSpan::new(p.line, p.end_line, LineSpanKind::Preamble));
        let releases = self
            .releases
            .iter()
            .filter(|r| r.file == file)
            .flat_map(Release::line_spans);
        preambles.chain(releases).collect()
    }

    /// Checks the lossless invariant for `text`, the input the parser read as `file`: the
    /// non-blank lines no span of [`Changelog::line_spans`] covers, and the spans that lie
    /// outside the text. For bytes that were not UTF-8, pass the lossy decoding
    /// (`String::from_utf8_lossy`) the parser read.
    pub fn accounting(&self, file: &str, text: &str) -> Accounting {
        let lines: Vec<&str> = text.split('\n').collect();
        let last = lines.len() as u32;
        let mut covered = vec![false; lines.len()];
        let mut misplaced = Vec::new();
        for span in self.line_spans(file) {
            if !span.fits(last) {
                misplaced.push(span);
            }
            for line in span.line.max(1)..=span.end_line.min(last) {
                covered[line as usize - 1] = true;
            }
        }
        let uncovered = lines
            .iter()
            .zip(&covered)
            .enumerate()
            .filter(|(_, (text, covered))| !**covered && !text.trim().is_empty())
            .map(|(index, (text, _))| SourceLine {
                line: index as u32 + 1,
                text: text.to_string(),
            })
            .collect();
        Accounting {
            uncovered,
            misplaced,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    const TEXT: &str = "\
<!-- toc -->
- [v1.22.1](#v1221)

# v1.22.1

## Changelog since v1.22.0

## Changes by Kind

### Bug or Regression

- Kubelet: fix a leak
  over two lines ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]

## Dependencies

### Added
_Nothing has changed._

### Changed
- github.com/google/cadvisor: v0.39.2 → v0.39.3

### Removed
_Nothing has changed._
";

    #[test]
    fn a_parsed_file_accounts_for_every_line() {
        let log = parse(TEXT, "CHANGELOG-1.22.md");
        let accounting = log.accounting("CHANGELOG-1.22.md", TEXT);
        assert!(accounting.is_complete(), "{:?}", accounting.report(5));
        assert_eq!(accounting.report(5), None);

        let spans = log.line_spans("CHANGELOG-1.22.md");
        let kinds = |kind| {
            spans
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| (s.line, s.end_line))
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(LineSpanKind::Preamble), [(1, 2)]);
        assert_eq!(kinds(LineSpanKind::ReleaseHeading), [(4, 4)]);
        assert_eq!(kinds(LineSpanKind::Note), [(12, 13)]);
        assert_eq!(kinds(LineSpanKind::Dependency), [(21, 21)]);
        assert_eq!(kinds(LineSpanKind::Layout), [(18, 18), (24, 24)]);
        assert!(log.line_spans("another.md").is_empty());
    }

    #[test]
    fn missing_and_misplaced_spans_are_reported() {
        let mut log = parse(TEXT, "CHANGELOG-1.22.md");
        let release = &mut log.releases[0];
        let note = release.notes.remove(0);
        release.layout_lines.push(99);
        let accounting = log.accounting("CHANGELOG-1.22.md", TEXT);
        assert_eq!(
            accounting
                .uncovered
                .iter()
                .map(|l| l.line)
                .collect::<Vec<_>>(),
            [note.line, note.end_line]
        );
        assert_eq!(
            accounting.misplaced,
            [LineSpan::new(99, 99, LineSpanKind::Layout)]
        );
        let report = accounting.report(1).unwrap();
        assert!(report.starts_with("2 non-blank line(s)"), "{report}");
        assert!(report.contains("layout line at impossible lines 99..=99"));
        assert!(!LineSpan::new(0, 1, LineSpanKind::Note).fits(5));
        assert!(!LineSpan::new(3, 2, LineSpanKind::Note).fits(5));
        assert!(LineSpan::new(2, 5, LineSpanKind::Note).fits(5));
    }
}
