//! The kind of a change, named as the `kind/*` labels krel reads.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Kinds use the official label names. `bug` also covers `kind/regression`, `cleanup` also
/// covers `kind/flake`, as krel's `Bug or Regression` and `Other (Cleanup or Flake)` headings do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// `kind/deprecation`: something is deprecated or removed (`### Deprecation`).
    Deprecation,
    /// `kind/api-change`: a change to the Kubernetes API (`### API Change`).
    ApiChange,
    /// `kind/feature`: new functionality (`### Feature`).
    Feature,
    /// `kind/design`: a design change (`### Design`; rare).
    Design,
    /// `kind/documentation`: a documentation change (`### Documentation`).
    Documentation,
    /// `kind/failing-test`: a fix for a failing test (`### Failing Test`).
    FailingTest,
    /// `kind/bug` or `kind/regression` (`### Bug or Regression`).
    Bug,
    /// `kind/cleanup` or `kind/flake` (`### Other (Cleanup or Flake)`).
    Cleanup,
    /// No kind label (`### Uncategorized`).
    Uncategorized,
    /// `kind/dependency`: a dependency bump written as a note (`### Dependency`).
    Dependency,
}

impl Kind {
    /// Every kind, in the order krel writes its headings.
    pub const ALL: [Kind; 10] = [
        Kind::Deprecation,
        Kind::ApiChange,
        Kind::Feature,
        Kind::Design,
        Kind::Documentation,
        Kind::FailingTest,
        Kind::Bug,
        Kind::Cleanup,
        Kind::Uncategorized,
        Kind::Dependency,
    ];

    /// The label name (`api-change`), as in the official JSON.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Deprecation => "deprecation",
            Kind::ApiChange => "api-change",
            Kind::Feature => "feature",
            Kind::Design => "design",
            Kind::Documentation => "documentation",
            Kind::FailingTest => "failing-test",
            Kind::Bug => "bug",
            Kind::Cleanup => "cleanup",
            Kind::Uncategorized => "uncategorized",
            Kind::Dependency => "dependency",
        }
    }

    /// The heading krel writes for the kind (`Bug or Regression`).
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Deprecation => "Deprecation",
            Kind::ApiChange => "API Change",
            Kind::Feature => "Feature",
            Kind::Design => "Design",
            Kind::Documentation => "Documentation",
            Kind::FailingTest => "Failing Test",
            Kind::Bug => "Bug or Regression",
            Kind::Cleanup => "Other (Cleanup or Flake)",
            Kind::Uncategorized => "Uncategorized",
            Kind::Dependency => "Dependency",
        }
    }

    /// Reads a label name, accepting the aliases the official JSON uses (`regression`, `flake`).
    pub fn from_label(label: &str) -> Option<Kind> {
        let label = label
            .trim()
            .trim_start_matches("kind/")
            .to_ascii_lowercase();
        Some(match label.as_str() {
            "deprecation" => Kind::Deprecation,
            "api-change" | "api change" => Kind::ApiChange,
            "feature" => Kind::Feature,
            "design" => Kind::Design,
            "documentation" => Kind::Documentation,
            "failing-test" | "failing test" => Kind::FailingTest,
            "bug" | "regression" => Kind::Bug,
            "cleanup" | "flake" => Kind::Cleanup,
            "uncategorized" => Kind::Uncategorized,
            "dependency" => Kind::Dependency,
            _ => return None,
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
