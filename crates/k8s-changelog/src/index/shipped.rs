//! The releases each note shipped in: every release that lists the same change (the core's
//! identity rule, [`crate::change`]: the same own PR, else the same normalized text when it is
//! long enough), computed when the index is built so that readers only read it.
//!
//! Stored compactly: a distinct note's list is written ([`super::IndexNote::shipped`]) only
//! when it is not just the releases that list that very note, which is what most notes (and
//! cherry-picks with one text) are.

use super::Index;
use crate::change::{ChangeKey, ChangeSet};
use crate::model::Note;

/// The changes of a history as its index is built: release positions per change, and the
/// change of each distinct note.
#[derive(Default)]
pub(super) struct Changes {
    /// Per change, the releases (positions) that list it, oldest first.
    releases: Vec<Vec<u32>>,
    /// Per distinct note, its change.
    change_of: Vec<usize>,
    /// Per distinct note, the releases that list it, oldest first.
    listed_in: Vec<Vec<u32>>,
    /// Change by PR and by text.
    seen: ChangeSet<usize>,
}

fn push_new(list: &mut Vec<u32>, release: u32) {
    if list.last() != Some(&release) {
        list.push(release);
    }
}

impl Changes {
    /// Records that release `release` (releases come oldest first) lists `note`, stored as
    /// distinct note `id`. Identical notes are one distinct note and so one change.
    pub(super) fn add(&mut self, id: u32, note: &Note, release: u32) {
        let id = id as usize;
        let key = ChangeKey::of(note);
        let change = match self.change_of.get(id) {
            Some(&change) => change,
            None => {
                let change = self.seen.get(&key).copied().unwrap_or_else(|| {
                    self.releases.push(Vec::new());
                    self.releases.len() - 1
                });
                self.change_of.push(change);
                self.listed_in.push(Vec::new());
                change
            }
        };
        self.seen.insert(key, change);
        push_new(&mut self.releases[change], release);
        push_new(&mut self.listed_in[id], release);
    }

    /// Writes each distinct note's releases into `index` where they differ from the releases
    /// that list the note.
    pub(super) fn store(self, index: &mut Index) {
        for (id, note) in index.notes.iter_mut().enumerate() {
            let releases = &self.releases[self.change_of[id]];
            if *releases != self.listed_in[id] {
                note.shipped = releases.clone();
            }
        }
    }
}

/// The releases each distinct note's change shipped in ([`Index::shipped_in`]): one list per
/// note, stored flat (two allocations for the whole index, not one per note: the explorer reads
/// it on every first visit, where twelve thousand small allocations cost tens of milliseconds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShippedIn {
    /// Where each note's list starts in `releases`, and one more entry: where the last ends.
    starts: Vec<u32>,
    /// The lists, one after another.
    releases: Vec<u32>,
}

impl ShippedIn {
    /// Note `note`'s releases (positions in [`Index::releases`], oldest first); `None` for a
    /// note the index does not have.
    pub fn get(&self, note: usize) -> Option<&[u32]> {
        let start = *self.starts.get(note)? as usize;
        let end = *self.starts.get(note + 1)? as usize;
        self.releases.get(start..end)
    }

    /// How many notes it has a list for.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// It has no note.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Index {
    /// The releases (positions in [`Index::releases`], oldest first) each distinct note's
    /// change shipped in, one list per note in [`Index::notes`]: every release listing the
    /// same change, under another text or in another section as well.
    pub fn shipped_in(&self) -> ShippedIn {
        let count = self.releases.len() as u32;
        let stored = |id: usize| {
            self.notes[id]
                .shipped
                .iter()
                .copied()
                .filter(move |&p| p < count)
        };
        // Each note's list is the one stored with it, else the releases that list it (each
        // once: a release may list one distinct note twice). Counted first, then filled.
        let mut lengths = vec![0u32; self.notes.len()];
        let mut last = vec![u32::MAX; self.notes.len()];
        for (position, release) in (0..).zip(&self.releases) {
            for &id in &release.notes {
                let id = id as usize;
                if id < lengths.len() && last[id] != position {
                    last[id] = position;
                    lengths[id] += 1;
                }
            }
        }
        for (id, length) in lengths.iter_mut().enumerate() {
            if !self.notes[id].shipped.is_empty() {
                *length = stored(id).count() as u32;
            }
        }
        let mut starts = Vec::with_capacity(lengths.len() + 1);
        let mut total = 0u32;
        starts.push(0);
        for &length in &lengths {
            total += length;
            starts.push(total);
        }
        let mut releases = vec![0u32; total as usize];
        // Where each note's next entry goes; `last` again marks the release last written.
        let mut next: Vec<u32> = starts[..lengths.len()].to_vec();
        last.fill(u32::MAX);
        for (id, note) in self.notes.iter().enumerate() {
            if !note.shipped.is_empty() {
                let start = next[id] as usize;
                for (slot, p) in releases[start..].iter_mut().zip(stored(id)) {
                    *slot = p;
                }
            }
        }
        for (position, release) in (0..).zip(&self.releases) {
            for &id in &release.notes {
                let id = id as usize;
                if id < lengths.len() && self.notes[id].shipped.is_empty() && last[id] != position {
                    last[id] = position;
                    releases[next[id] as usize] = position;
                    next[id] += 1;
                }
            }
        }
        ShippedIn { starts, releases }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{note, release};
    use crate::History;

    fn log() -> String {
        let leak = note("Kubelet: fix a leak in the pod worker", 1, "alice", "node");
        let sched = |text: &str| note(text, 2, "bob", "scheduling");
        let preemption = "Fix the scheduler's handling of preemption";
        let none = "- None".to_string();
        let bugs = |tag: &str, notes: &[String]| release(tag, &[("Bug or Regression", notes)], "");
        let reworded = sched(&format!("{preemption}, now reworded"));
        bugs("v1.22.1", &[leak.clone(), reworded, none.clone()])
            + &bugs("v1.22.0", &[leak, sched(preemption), none])
            + &bugs(
                "v1.21.5",
                &[
                    "- kubelet: fix a leak in the pod worker.".into(),
                    sched(preemption),
                ],
            )
    }

    #[test]
    fn a_change_ships_in_every_release_that_lists_it() {
        let history = History::new(crate::parse(&log(), "CHANGELOG.md"));
        let index = Index::from_history(&history);
        let versions: Vec<&str> = index.releases.iter().map(|r| r.version.as_str()).collect();
        assert_eq!(versions, ["v1.21.5", "v1.22.0", "v1.22.1"]);
        let shipped = index.shipped_in();
        let of = |text: &str| {
            let id = index
                .notes
                .iter()
                .position(|n| index.texts[n.text as usize].starts_with(text));
            shipped
                .get(id.unwrap_or_else(|| panic!("{text}")))
                .unwrap()
                .to_vec()
        };
        // The same PR under another text; the same (normalized) text without a PR.
        assert_eq!(
            of("Fix the scheduler's handling of preemption, now"),
            [0, 1, 2]
        );
        assert_eq!(of("Fix the scheduler's handling of preemption"), [0, 1, 2]);
        assert_eq!(of("kubelet: fix a leak"), [0, 1, 2]);
        assert_eq!(of("Kubelet: fix a leak"), [0, 1, 2]);
        // Short texts without a PR are not identified: the releases listing this very note.
        assert_eq!(of("None"), [1, 2]);
        // Stored only where they differ from the releases listing the note.
        let stored = index.notes.iter().filter(|n| !n.shipped.is_empty()).count();
        assert_eq!(stored, 4);
        let back = Index::from_json(&serde_json::to_vec(&index).unwrap()).unwrap();
        assert_eq!(back.shipped_in(), shipped);
        assert_eq!(shipped.len(), index.notes.len());
        assert_eq!(shipped.get(index.notes.len()), None);
    }
}
