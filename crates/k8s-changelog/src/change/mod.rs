//! What a note is, as a change: which notes are one change ([`ChangeKey`], [`ChangeSet`]) and
//! what a note announces ([`deprecation`]). Every other module asks here; none decides these
//! questions itself.

mod classify;
mod identity;

pub(crate) use classify::in_deprecation_section;
pub use classify::{deprecation, Deprecation};
pub use identity::{normalized_text, ChangeKey, ChangeSet, MIN_TEXT_FOR_IDENTITY};
