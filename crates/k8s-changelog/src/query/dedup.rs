//! Notes that are one change: the same own PR, or the same text, as cherry-picks on several
//! release branches carry them.

use super::PathNote;
use crate::model::Note;
use std::collections::HashMap;

/// Note text as compared across branches: lower-case, whitespace collapsed, no final period.
pub(crate) fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out.trim_end_matches('.').to_string()
}

/// Notes with shorter (normalized) texts are told apart by PR only.
pub(crate) const MIN_TEXT_FOR_IDENTITY: usize = 24;

/// Collects notes once each: a later note with the same own PR or the same text joins the
/// earlier one.
#[derive(Default)]
pub(crate) struct Dedup {
    pub(crate) entries: Vec<PathNote>,
    by_pr: HashMap<u64, usize>,
    by_text: HashMap<String, usize>,
}

impl Dedup {
    /// The entry `note` is the same change as, and its normalized text if that text is long
    /// enough to identify it. Short texts ("N/A", "NONE", "Fix a typo") say too little to prove
    /// two notes the same; those are told apart by PR only.
    fn lookup(&self, note: &Note) -> (Option<usize>, Option<String>) {
        let text = normalized(&note.text);
        let text = (text.len() >= MIN_TEXT_FOR_IDENTITY).then_some(text);
        let known = note
            .pr()
            .and_then(|p| self.by_pr.get(&p))
            .or_else(|| text.as_ref().and_then(|t| self.by_text.get(t)))
            .copied();
        (known, text)
    }

    fn add_release(&mut self, index: usize, release: &str) {
        let entry = &mut self.entries[index];
        if !entry.releases.iter().any(|r| r == release) {
            entry.releases.push(release.to_string());
        }
    }

    /// Adds `release` to the entry `note` is the same change as, if there is one; a note not
    /// seen before is left out.
    pub(crate) fn join(&mut self, note: &Note, release: &str) {
        if let (Some(index), _) = self.lookup(note) {
            self.add_release(index, release);
        }
    }

    /// Adds `note` of `release`: to its entry if it has one, else as a new entry.
    pub(crate) fn add(&mut self, note: &Note, release: &str) {
        let (known, text) = self.lookup(note);
        let index = match known {
            Some(i) => {
                self.add_release(i, release);
                i
            }
            None => {
                self.entries.push(PathNote {
                    note: note.clone(),
                    releases: vec![release.to_string()],
                });
                self.entries.len() - 1
            }
        };
        if let Some(p) = note.pr() {
            self.by_pr.entry(p).or_insert(index);
        }
        if let Some(text) = text {
            self.by_text.entry(text).or_insert(index);
        }
    }
}
