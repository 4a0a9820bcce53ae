//! How important a note is to a weekly reader: the score that picks the Featured PRs.
//!
//! | signal | points |
//! | --- | --- |
//! | action required | +100 |
//! | a deprecation or removal | +60 |
//! | an API change | +50 |
//! | mentions a CVE | +50 |
//! | a feature | +30 |
//! | a bug fix | +10 |
//! | documentation | +5 |
//! | a cleanup, flake or failing test | −10 |
//! | each SIG beyond the first (at most four) | +5 |
//! | each further release that carried it (a cherry-pick) | +3 |
//! | each 200 characters of explanation (at most five) | +1 |
//!
//! Ties keep the order of the releases' notes.
//!
//! A merged PR of the week ([`merge_score`]) scores as its note (the changelog's, else its
//! own release-note block and labels, as one release), +10 when it has a release note, −20
//! when it has only a title. Featured PRs are the highest-scoring merges with a release note
//! and at least [`FEATURE_MIN`] points (a feature, an API change, a deprecation, an
//! action-required change or a CVE fix); dependency bumps go to Version Updates instead.

use crate::model::{Kind, Note};
use crate::query::Group;

/// The score of `note`, which shipped in `releases` releases of the week.
pub fn score(note: &Note, releases: usize) -> i32 {
    let mut score = 0;
    if note.action_required {
        score += 100;
    }
    if Group::of(note) == Group::DeprecationsAndRemovals {
        score += 60;
    }
    score += match note.kind {
        Some(Kind::ApiChange) => 50,
        Some(Kind::Feature) => 30,
        Some(Kind::Bug) => 10,
        Some(Kind::Documentation) => 5,
        Some(Kind::Cleanup | Kind::FailingTest) => -10,
        _ => 0,
    };
    if !note.cves.is_empty() {
        score += 50;
    }
    score += 5 * note.sigs.len().saturating_sub(1).min(4) as i32;
    score += 3 * releases.saturating_sub(1) as i32;
    score += (note.text.len() / 200).min(5) as i32;
    score
}

/// The least score a merged PR needs to be featured: a feature's, with its release note.
pub const FEATURE_MIN: i32 = 40;

/// The score of a merged PR whose note is `note` ([`score`] as one release), +10 when it has a
/// release note of its own (`has_note`), −20 when it has only a title.
pub fn merge_score(note: &Note, has_note: bool) -> i32 {
    score(note, 1) + if has_note { 10 } else { -20 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(kind: Option<Kind>, action_required: bool) -> Note {
        Note {
            text: "Something changed".into(),
            prs: vec![1],
            external_prs: vec![],
            issues: vec![],
            authors: vec![],
            kind,
            sigs: vec!["node".into()],
            action_required,
            component: None,
            cves: vec![],
            section: vec![].into(),
            line: 1,
            end_line: 1,
        }
    }

    #[test]
    fn action_required_ranks_above_cleanup() {
        let urgent = note(Some(Kind::Cleanup), true);
        let cleanup = note(Some(Kind::Cleanup), false);
        assert!(score(&urgent, 1) > score(&cleanup, 1));
        assert!(
            score(&note(Some(Kind::Deprecation), false), 1)
                > score(&note(Some(Kind::Feature), false), 1)
        );
        assert!(score(&note(Some(Kind::Feature), false), 1) > score(&cleanup, 3));
        let feature = note(Some(Kind::Feature), false);
        assert!(merge_score(&feature, true) >= FEATURE_MIN);
        assert!(merge_score(&feature, false) < FEATURE_MIN);
        assert!(merge_score(&note(Some(Kind::Bug), false), true) < FEATURE_MIN);
    }
}
