//! Dependency changes: go.mod module lists (v1.15+) and the older prose bullets.

use serde::{Deserialize, Serialize};

/// A release's dependency changes: the `## Dependencies` section (`### Added`, `### Changed`,
/// `### Removed`) and, in older eras, version bumps found in note sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependencies {
    /// Modules newly required, with the version they came in at.
    pub added: Vec<AddedOrRemoved>,
    /// Modules and components whose version changed.
    pub changed: Vec<DependencyChange>,
    /// Modules no longer required, with the version they had.
    pub removed: Vec<AddedOrRemoved>,
}

impl Dependencies {
    /// `true` when the release records no dependency fact at all.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Where a dependency fact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DependencySource {
    /// A `module: vA → vB` line of a `## Dependencies` list.
    GoMod,
    /// A sentence such as "The default Go version was updated to 1.12.1".
    Prose,
}

/// A module or component whose version changed. `from` is absent when the text only gives the
/// new version ("Default etcd server version is v3.1.12").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencyChange {
    /// The Go module path (`github.com/google/cadvisor`) for go.mod lines, or the component name the
    /// sentence gives (`etcd`, `go`) for prose.
    pub module: String,
    /// The old version as written (`v0.39.0`, `1.16.7`); `None` when only the new one is given.
    pub from: Option<String>,
    /// The new version as written (`v0.39.2`, `1.17`).
    pub to: String,
    /// The key component the module is (`go`, `etcd`, `coredns`, `containerd`, …), if it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// Whether the fact came from a go.mod list or a sentence.
    pub source: DependencySource,
    /// 1-based line the fact was read from.
    pub line: u32,
}

/// A module that was added or removed, with its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedOrRemoved {
    /// The Go module path, e.g. `github.com/moby/ipvs`.
    pub module: String,
    /// The version as written, e.g. `v1.0.1`.
    pub version: String,
    /// The key component the module is (`etcd`, `containerd`, …), if it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// 1-based line the entry was read from.
    pub line: u32,
}
