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
    /// Adds `release` to the entry `note` is the same change as, if there is one; a note not
    /// seen before is left out.
    pub(crate) fn join(&mut self, note: &Note, release: &str) {
        let text = normalized(&note.text);
        let by_text = text.len() >= MIN_TEXT_FOR_IDENTITY;
        let known = note
            .pr()
            .and_then(|p| self.by_pr.get(&p))
            .or_else(|| by_text.then(|| self.by_text.get(&text)).flatten())
            .copied();
        if let Some(i) = known {
            let entry = &mut self.entries[i];
            if !entry.releases.iter().any(|r| r == release) {
                entry.releases.push(release.to_string());
            }
        }
    }

    pub(crate) fn add(&mut self, note: &Note, release: &str) {
        let text = normalized(&note.text);
        // Short texts ("N/A", "NONE", "Fix a typo") say too little to prove two notes the same.
        let by_text = text.len() >= MIN_TEXT_FOR_IDENTITY;
        let known = note
            .pr()
            .and_then(|p| self.by_pr.get(&p))
            .or_else(|| by_text.then(|| self.by_text.get(&text)).flatten())
            .copied();
        let index = match known {
            Some(i) => {
                let entry = &mut self.entries[i];
                if !entry.releases.iter().any(|r| r == release) {
                    entry.releases.push(release.to_string());
                }
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
        if by_text {
            self.by_text.entry(text).or_insert(index);
        }
    }
}
