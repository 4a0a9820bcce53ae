//! Questions asked of a [`History`](crate::History): filtered notes, upgrade paths.

mod compare;
mod dedup;
mod facets;
mod filter;
mod range;

pub use compare::{
    compare, compare_with, AffectedTarget, Group, NetChange, NetDependencies, NoteGroup, PathNote,
    UpgradePath,
};
pub(crate) use dedup::Dedup;
pub use facets::{FacetCount, FacetValues, Facets};
pub use filter::{Hit, Query};
pub use range::VersionRange;

use crate::model::{sig_from_label, Kind, KNOWN_SIGS};
use crate::QueryError;

/// Reads a kind label (`bug`, `api-change`; `regression` and `flake` too), or says which are valid.
pub fn parse_kind(label: &str) -> Result<Kind, QueryError> {
    Kind::from_label(label).ok_or_else(|| QueryError::UnknownValue {
        what: "kind",
        wanted: label.to_string(),
        valid: Kind::ALL
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Reads a SIG name (`node`, `api-machinery`, `SIG Node`), or says which are valid.
pub fn parse_sig(name: &str) -> Result<&'static str, QueryError> {
    sig_from_label(name).ok_or_else(|| QueryError::UnknownValue {
        what: "SIG",
        wanted: name.to_string(),
        valid: KNOWN_SIGS.join(", "),
    })
}
