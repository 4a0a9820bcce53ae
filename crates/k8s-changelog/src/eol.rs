//! End of life: kubernetes/website's `data/releases/eol.yaml` (a `branches:` list of
//! `release`, `endOfLifeDate`, `finalPatchRelease` and an optional `note`) read into one
//! [`EolBranch`] per minor, and whether a minor is supported at a date.
//!
//! The file lists only the minors that have an end-of-life date; any other minor is
//! [`Support::Unknown`], never guessed. Read with yaml-rust2's event parser, which gives lines.
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
use serde::Serialize;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    let mut tree = TreeBuilder::default();
    Parser::new_from_str(text)
        .load(&mut tree, false)
        .map_err(|e| EolError::Yaml {
            line: e.marker().line() as u32,
            column: e.marker().col() as u32 + 1,
            problem: e.info().to_string(),
        })?;
    let Some(Node {
        value: Value::Map(root),
        ..
    }) = tree.root
    else {
        return Err(EolError::NoBranches);
    };
    let Some(Value::Seq(entries)) = root
        .into_iter()
        .find(|(k, _)| k == "branches")
        .map(|(_, v)| v.value)
    else {
        return Err(EolError::NoBranches);
    };
    let mut table = EolTable {
        file: file.to_string(),
        branches: Vec::new(),
        diagnostics: Vec::new(),
    };
    for entry in entries {
        let line = entry.line;
        let Value::Map(fields) = entry.value else {
            continue;
        };
        let field = |name: &str| {
            fields.iter().find_map(|(k, v)| match &v.value {
                Value::Scalar(s) if k == name => Some(s.trim().to_string()),
                _ => None,
            })
        };
        let minor = field("release");
        let date = field("endOfLifeDate");
        let parsed = date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        match (minor, parsed) {
            (Some(minor), Some(end_of_life)) => table.branches.push(EolBranch {
                minor,
                end_of_life,
                final_patch: field("finalPatchRelease"),
                note: field("note"),
                line,
            }),
            (minor, _) => table.diagnostics.push(Diagnostic {
                file: file.to_string(),
                line,
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

/// A YAML node with its line: scalars, mappings with scalar keys, sequences.
struct Node {
    line: u32,
    value: Value,
}

enum Value {
    Scalar(String),
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
}

/// A collection being built; `key` is the pending key of a mapping.
struct Frame {
    node: Node,
    key: Option<String>,
}

#[derive(Default)]
struct TreeBuilder {
    stack: Vec<Frame>,
    root: Option<Node>,
}

impl TreeBuilder {
    fn add(&mut self, node: Node) {
        let Some(top) = self.stack.last_mut() else {
            self.root.get_or_insert(node);
            return;
        };
        match &mut top.node.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match top.key.take() {
                Some(key) => entries.push((key, node)),
                // A key; a collection as a key is kept as an empty one, never matched.
                None => {
                    top.key = Some(match node.value {
                        Value::Scalar(s) => s,
                        _ => String::new(),
                    })
                }
            },
            Value::Scalar(_) => {}
        }
    }
}

impl MarkedEventReceiver for TreeBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line() as u32;
        match event {
            Event::MappingStart(..) => self.stack.push(Frame {
                node: Node {
                    line,
                    value: Value::Map(Vec::new()),
                },
                key: None,
            }),
            Event::SequenceStart(..) => self.stack.push(Frame {
                node: Node {
                    line,
                    value: Value::Seq(Vec::new()),
                },
                key: None,
            }),
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(frame) = self.stack.pop() {
                    self.add(frame.node);
                }
            }
            Event::Scalar(text, ..) => self.add(Node {
                line,
                value: Value::Scalar(text),
            }),
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
