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
            section: vec![],
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
    }
}
