//! Which notes are one change.
//!
//! A change is cherry-picked onto several release branches: each copy cites its own PR (the
//! cherry-pick's) or the original's, and usually repeats the text. Two notes are one change when
//! they cite the same own PR, or when their texts are the same after normalisation
//! ([`normalized_text`]) and long enough to tell changes apart ([`MIN_TEXT_FOR_IDENTITY`]).
//! Compare, summaries, the deprecation timeline and the explorer's index all use this rule.

use crate::model::Note;
use std::collections::HashMap;

/// Normalised texts shorter than this ("N/A", "NONE", "Fix a typo") say too little to prove two
/// notes one change; such notes are told apart by PR only.
pub const MIN_TEXT_FOR_IDENTITY: usize = 24;

/// Note text as compared across branches: lower-case, whitespace collapsed, no final period.
pub fn normalized_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out.trim_end_matches('.').to_string()
}

/// What identifies the change a note describes: its own PR and its normalised text (when that
/// is long enough to identify anything). Two keys are the same change when either part matches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChangeKey {
    /// The note's own PR ([`Note::pr`]).
    pub pr: Option<u64>,
    /// [`normalized_text`] of the note, when it has at least [`MIN_TEXT_FOR_IDENTITY`] bytes.
    pub text: Option<String>,
}

impl ChangeKey {
    /// The key of `note`.
    pub fn of(note: &Note) -> ChangeKey {
        let text = normalized_text(&note.text);
        ChangeKey {
            pr: note.pr(),
            text: (text.len() >= MIN_TEXT_FOR_IDENTITY).then_some(text),
        }
    }

    /// Whether the two keys name one change: the same PR, or the same identifying text.
    pub fn same_change(&self, other: &ChangeKey) -> bool {
        (self.pr.is_some() && self.pr == other.pr)
            || (self.text.is_some() && self.text == other.text)
    }
}

/// Changes seen so far, each with a value (an entry number, a release): finds the change a key
/// is by PR first, then by text. The first value recorded for a PR or a text stays.
#[derive(Debug, Clone)]
pub struct ChangeSet<V = ()> {
    by_pr: HashMap<u64, V>,
    by_text: HashMap<String, V>,
}

impl<V> Default for ChangeSet<V> {
    fn default() -> Self {
        ChangeSet {
            by_pr: HashMap::new(),
            by_text: HashMap::new(),
        }
    }
}

impl<V: Clone> ChangeSet<V> {
    /// The value of the change `key` is, if the set holds it.
    pub fn get(&self, key: &ChangeKey) -> Option<&V> {
        key.pr
            .and_then(|p| self.by_pr.get(&p))
            .or_else(|| key.text.as_ref().and_then(|t| self.by_text.get(t)))
    }

    /// Whether the set holds the change `key` is.
    pub fn contains(&self, key: &ChangeKey) -> bool {
        self.get(key).is_some()
    }

    /// Records `key` with `value`; a PR or text already recorded keeps its first value.
    pub fn insert(&mut self, key: ChangeKey, value: V) {
        if let Some(pr) = key.pr {
            self.by_pr.entry(pr).or_insert_with(|| value.clone());
        }
        if let Some(text) = key.text {
            self.by_text.entry(text).or_insert(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(text: &str, prs: &[u64]) -> Note {
        Note {
            text: text.into(),
            prs: prs.to_vec(),
            ..Note::default()
        }
    }

    #[test]
    fn one_change_by_pr_or_by_long_enough_text() {
        // (a, b, same change?)
        type Side<'a> = (&'a str, &'a [u64]);
        let cases: &[(Side, Side, bool)] = &[
            // A cherry-pick citing its own PR, with the original's text (v1.22.1 / v1.21.5).
            (
                (
                    "Fix a data race in the kubelet's volume manager.",
                    &[104500],
                ),
                (
                    "fix a data race in the kubelet's  volume manager",
                    &[104602],
                ),
                true,
            ),
            (("Fix a typo", &[1]), ("Fix a typo", &[2]), false),
            (
                ("Text one that is long enough", &[7]),
                ("Other text, also long enough", &[7]),
                true,
            ),
            (("NONE", &[]), ("NONE", &[]), false),
            (
                ("Long enough text with no PR at all", &[]),
                ("long enough text with no PR at all.", &[]),
                true,
            ),
        ];
        for ((ta, pa), (tb, pb), same) in cases {
            let (a, b) = (ChangeKey::of(&note(ta, pa)), ChangeKey::of(&note(tb, pb)));
            assert_eq!(a.same_change(&b), *same, "{ta:?} / {tb:?}");
            let mut set = ChangeSet::default();
            set.insert(a, ());
            assert_eq!(set.contains(&b), *same, "{ta:?} / {tb:?} in a set");
        }
    }

    #[test]
    fn first_value_stays() {
        let mut set = ChangeSet::default();
        set.insert(
            ChangeKey::of(&note("A long enough note text here", &[5])),
            0,
        );
        set.insert(
            ChangeKey::of(&note("Another long enough note text", &[5])),
            1,
        );
        assert_eq!(set.get(&ChangeKey::of(&note("x", &[5]))), Some(&0));
        // The second text was recorded with the second value.
        assert_eq!(
            set.get(&ChangeKey::of(&note("another long enough note text", &[]))),
            Some(&1)
        );
        assert_eq!(normalized_text("  Fix   THE bug. "), "fix the bug");
    }
}
