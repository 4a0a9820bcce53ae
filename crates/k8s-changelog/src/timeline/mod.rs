//! Timelines over a whole [`History`](crate::History): when APIs, flags and feature gates were
//! deprecated and removed ([`deprecations`]), which version of a dependency each release
//! shipped ([`dependencies`]), and the stages of each feature gate ([`feature_gates()`]).

mod dependencies;
mod deprecations;
mod feature_gates;

pub use dependencies::{
    dependencies, DependencyChangeAt, DependencyTimeline, Statement, VersionAt,
};
pub use deprecations::{
    deprecations, DeprecatedItem, DeprecationTimeline, ItemChange, ItemKind, ItemLookup,
    Replacement, Status, StatusEvent,
};
pub use feature_gates::{
    feature_gates, stages_stated, FeatureGate, FeatureGateTimeline, GateChange, GateEvent, Stage,
};

use semver::Version;

/// `1.16` for any tag of the 1.16 line.
fn minor_of(version: &Version) -> String {
    format!("{}.{}", version.major, version.minor)
}

/// `true` for `x.y.0` and its pre-releases: the releases that carry a minor's own changes.
/// Patches (`x.y.z`, z > 0) are backports.
fn is_cycle_release(version: &Version) -> bool {
    version.patch == 0
}
