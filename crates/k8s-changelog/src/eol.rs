//! End of life: kubernetes/website's `data/releases/eol.yaml` (a `branches:` list of
//! `release`, `endOfLifeDate`, `finalPatchRelease` and an optional `note`) read into one
//! [`EolBranch`] per minor, and whether a minor is supported at a date.
//!
//! The file lists only the minors that have an end-of-life date; any other minor is
//! [`Support::Unknown`], never guessed. Read with yaml-rust2's event parser, which gives lines;
//! events are pulled one by one and only the entries' scalar fields are kept.
//!
//! ```
//! use k8s_changelog::eol::{parse_eol, Support};
//! let text = "branches:\n- endOfLifeDate: \"2022-12-08\"\n  finalPatchRelease: 1.22.17\n  release: \"1.22\"\n";
//! let table = parse_eol(text, "eol.yaml").unwrap();
//! let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
//! assert!(matches!(table.support("1.22", day("2023-01-01")), Support::EndOfLife { .. }));
//! assert!(matches!(table.support("1.22", day("2022-12-08")), Support::Supported { .. }));
//! assert_eq!(table.support("1.36", day("2023-01-01")), Support::Unknown);
//! ```

use crate::model::{Diagnostic, Severity};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// Why an EOL file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EolError {
    /// Not YAML.
    #[error("line {line}, column {column}: {problem}")]
    Yaml {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// yaml-rust2's message.
        problem: String,
    },
    /// YAML without a `branches:` list.
    #[error("no `branches:` list; is it kubernetes/website's data/releases/eol.yaml?")]
    NoBranches,
}

/// One minor's end of life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EolBranch {
    /// `1.22`.
    pub minor: String,
    /// The last day of support.
    pub end_of_life: NaiveDate,
    /// `1.22.17`.
    pub final_patch: Option<String>,
    /// Why the final patch came late, when the file says.
    pub note: Option<String>,
    /// 1-based line of the entry.
    pub line: u32,
}

/// The minors of an EOL file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EolTable {
    /// The file name the caller gave.
    pub file: String,
    /// In file order (newest first upstream).
    pub branches: Vec<EolBranch>,
    /// Entries that could not be read.
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a minor is supported at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Support {
    /// On or before its end-of-life date.
    Supported {
        /// The end-of-life date.
        until: NaiveDate,
    },
    /// Past its end-of-life date.
    EndOfLife {
        /// The end-of-life date.
        since: NaiveDate,
        /// The last patch release of the line.
        final_patch: Option<String>,
    },
    /// The file does not list the minor.
    Unknown,
}

impl Support {
    /// `supported`, `end of life`, `unknown`.
    pub fn label(&self) -> &'static str {
        match self {
            Support::Supported { .. } => "supported",
            Support::EndOfLife { .. } => "end of life",
            Support::Unknown => "unknown",
        }
    }
}

impl EolTable {
    /// The entry of `minor` (`1.22`; `v1.22` is accepted).
    pub fn branch(&self, minor: &str) -> Option<&EolBranch> {
        let minor = minor.trim().trim_start_matches('v');
        self.branches.iter().find(|b| b.minor == minor)
    }

    /// Whether `minor` is supported at `at`: the end-of-life date itself is still supported.
    pub fn support(&self, minor: &str, at: NaiveDate) -> Support {
        match self.branch(minor) {
            Some(b) if at <= b.end_of_life => Support::Supported {
                until: b.end_of_life,
            },
            Some(b) => Support::EndOfLife {
                since: b.end_of_life,
                final_patch: b.final_patch.clone(),
            },
            None => Support::Unknown,
        }
    }
}

/// Reads an `eol.yaml`. An entry without a `release` or a readable `endOfLifeDate` is left out
/// with a diagnostic naming its line.
pub fn parse_eol(text: &str, file: &str) -> Result<EolTable, EolError> {
    let mut reader = BranchReader::default();
    // Events are pulled one by one (`Parser::load` recurses once per nesting level, and a
    // crafted file nested thousands deep would overflow the stack); only the scalar fields of
    // `branches:` entries are kept.
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((event, mark)) => reader.on_event(event, mark),
            Err(e) => {
                return Err(EolError::Yaml {
                    line: e.marker().line() as u32,
                    column: e.marker().col() as u32 + 1,
                    problem: e.info().to_string(),
                })
            }
        }
    }
    if !reader.found {
        return Err(EolError::NoBranches);
    }
    let mut table = EolTable {
        file: file.to_string(),
        branches: Vec::new(),
        diagnostics: Vec::new(),
    };
    for entry in reader.entries {
        let field = |name: &str| {
            entry
                .fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
        };
        let minor = field("release");
        let date = field("endOfLifeDate");
        let parsed = date.as_deref().and_then(crate::dates::parse_iso_date);
        match (minor, parsed) {
            (Some(minor), Some(end_of_life)) => table.branches.push(EolBranch {
                minor,
                end_of_life,
                final_patch: field("finalPatchRelease"),
                note: field("note"),
                line: entry.line,
            }),
            (minor, _) => table.diagnostics.push(Diagnostic {
                file: file.to_string(),
                line: entry.line,
                severity: Severity::Warning,
                message: match (minor, date) {
                    (None, _) => "an entry without `release` left out".to_string(),
                    (Some(minor), None) => format!("{minor}: no `endOfLifeDate`; left out"),
                    (Some(minor), Some(date)) => format!(
                        "{minor}: endOfLifeDate `{date}` is not a date such as 2022-12-08; left out"
                    ),
                },
            }),
        }
    }
    Ok(table)
}

/// One `branches:` entry: its line and its scalar fields.
struct RawEntry {
    line: u32,
    fields: Vec<(String, String)>,
}

/// Follows the event stream through `{branches: [{key: scalar, …}, …]}` by depth alone:
/// depth 1 is the root mapping, 2 the `branches` sequence, 3 an entry.
#[derive(Default)]
struct BranchReader {
    depth: usize,
    /// The root key just read, waiting for its value.
    root_key: Option<String>,
    /// Whether the open depth-2 sequence is `branches`.
    in_branches: bool,
    found: bool,
    entries: Vec<RawEntry>,
    /// The entry's key just read, waiting for its value.
    entry_key: Option<String>,
    /// Whether the next depth-1 scalar is a key (mappings alternate key, value).
    root_expects_key: bool,
}

impl BranchReader {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line() as u32;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let sequence = matches!(event, Event::SequenceStart(..));
                match self.depth {
                    0 => self.root_expects_key = true,
                    1 => {
                        let key = self.root_key.take();
                        self.in_branches = sequence && key.as_deref() == Some("branches");
                        self.found |= self.in_branches;
                        self.root_expects_key = true;
                    }
                    2 if self.in_branches && !sequence => self.entries.push(RawEntry {
                        line,
                        fields: Vec::new(),
                    }),
                    // A nested value of an entry's key: not a field.
                    3 => self.entry_key = None,
                    _ => {}
                }
                self.depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 1 {
                    self.in_branches = false;
                }
            }
            Event::Scalar(text, ..) => match self.depth {
                1 => {
                    if self.root_expects_key {
                        self.root_key = Some(text);
                    } else {
                        self.root_key = None;
                    }
                    self.root_expects_key = !self.root_expects_key;
                }
                3 if self.in_branches => match self.entry_key.take() {
                    Some(key) => {
                        if let Some(entry) = self.entries.last_mut() {
                            entry.fields.push((key, text));
                        }
                    }
                    None => self.entry_key = Some(text),
                },
                _ => {}
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXCERPT: &str = include_str!("../../../tests/fixtures/eol.yaml");

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_excerpt_gives_each_minor_its_date_patch_note_and_line() {
        let table = parse_eol(EXCERPT, "eol.yaml").unwrap();
        let minors: Vec<&str> = table.branches.iter().map(|b| b.minor.as_str()).collect();
        assert_eq!(
            minors,
            ["1.31", "1.30", "1.26", "1.25", "1.24", "1.23", "1.22"]
        );
        let b122 = table.branch("v1.22").unwrap();
        assert_eq!(b122.end_of_life, day("2022-12-08"));
        assert_eq!(b122.final_patch.as_deref(), Some("1.22.17"));
        assert_eq!(
            b122.note.as_deref(),
            Some("1.22.17 was released in December 2022 (after the EOL date) to backport registry changes and fix two critical issues.")
        );
        assert_eq!(table.branch("1.31").unwrap().line, 7);
        assert_eq!(b122.line, 30);
        assert!(table.branch("1.23").unwrap().note.is_none());
        assert!(table.diagnostics.is_empty());
    }

    #[test]
    fn support_at_a_date() {
        let table = parse_eol(EXCERPT, "eol.yaml").unwrap();
        assert_eq!(
            table.support("1.31", day("2025-11-11")),
            Support::Supported {
                until: day("2025-11-11")
            }
        );
        assert_eq!(
            table.support("1.31", day("2025-11-12")),
            Support::EndOfLife {
                since: day("2025-11-11"),
                final_patch: Some("1.31.14".into())
            }
        );
        // Not listed: unknown, even for a minor older than every listed one.
        assert_eq!(table.support("1.29", day("2030-01-01")), Support::Unknown);
        assert_eq!(table.support("1.36", day("2026-12-01")).label(), "unknown");
    }

    #[test]
    fn bad_files_and_entries_say_why() {
        assert_eq!(
            parse_eol("releases: []\n", "x.yaml"),
            Err(EolError::NoBranches)
        );
        assert!(matches!(
            parse_eol("branches: [\n", "x.yaml"),
            Err(EolError::Yaml { .. })
        ));
        // Nesting thousands deep is an error, not a stack overflow.
        let deep = format!(
            "branches:\n- {}1{}\n",
            "[".repeat(20_000),
            "]".repeat(20_000)
        );
        assert!(matches!(
            parse_eol(&deep, "x.yaml"),
            Err(EolError::Yaml { line: 2, .. })
        ));
        let nested =
            "branches:\n- release: \"1.9\"\n  endOfLifeDate: \"2018-09-29\"\n  extra: {a: [1]}\n";
        assert_eq!(
            parse_eol(nested, "x.yaml").unwrap().branches[0].minor,
            "1.9"
        );
        let table = parse_eol(
            "branches:\n- release: \"1.2\"\n  endOfLifeDate: soon\n- endOfLifeDate: \"2016-10-23\"\n",
            "x.yaml",
        )
        .unwrap();
        assert!(table.branches.is_empty());
        let messages: Vec<(u32, &str)> = table
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    2,
                    "1.2: endOfLifeDate `soon` is not a date such as 2022-12-08; left out"
                ),
                (4, "an entry without `release` left out")
            ]
        );
    }
}
