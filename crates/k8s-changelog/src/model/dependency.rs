//! Dependency changes: go.mod module lists (v1.15+) and the older prose bullets.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependencies {
    pub added: Vec<AddedOrRemoved>,
    pub changed: Vec<DependencyChange>,
    pub removed: Vec<AddedOrRemoved>,
}

impl Dependencies {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Where a dependency fact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
    pub module: String,
    pub from: Option<String>,
    pub to: String,
    /// The key component the module is (`go`, `etcd`, `coredns`, `containerd`, …), if it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    pub source: DependencySource,
    pub line: u32,
}

/// A module that was added or removed, with its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedOrRemoved {
    pub module: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    pub line: u32,
}
