//! Notes that are one change (the identity rule of [`crate::change`]), collected once each with
//! every release they appeared in, as compare and summaries list them.

use super::PathNote;
use crate::change::{ChangeKey, ChangeSet};
use crate::model::Note;

/// Collects notes once each: a later note that is the same change joins the earlier one.
#[derive(Default)]
pub(crate) struct Dedup {
    pub(crate) entries: Vec<PathNote>,
    seen: ChangeSet<usize>,
}

impl Dedup {
    fn add_release(&mut self, index: usize, release: &str) {
        let entry = &mut self.entries[index];
        if !entry.releases.iter().any(|r| r == release) {
            entry.releases.push(release.to_string());
        }
    }

    /// Adds `release` to the entry `note` is the same change as, if there is one; a note not
    /// seen before is left out.
    pub(crate) fn join(&mut self, note: &Note, release: &str) {
        if let Some(&index) = self.seen.get(&ChangeKey::of(note)) {
            self.add_release(index, release);
        }
    }

    /// Adds `note` of `release`: to its entry if it has one, else as a new entry.
    pub(crate) fn add(&mut self, note: &Note, release: &str) {
        let key = ChangeKey::of(note);
        let index = match self.seen.get(&key) {
            Some(&i) => {
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
        self.seen.insert(key, index);
    }
}
