//! The lines of a document that may state a component's version, kept while its releases are
//! built and read together at the end.
//!
//! Why not read each line where it is found: the sentence patterns' automata (a regex set and
//! the patterns it picks) are large, and between two such lines the parser runs through a
//! release's worth of other code and data. Read one at a time, each line finds the automata's
//! tables evicted from the CPU's caches: the corpus' version lines took 3.7 times as long with
//! the caches flushed between lines as in one run (BENCHMARKS.md, "Ninth look"). The cheap tests
//! ([`each_candidate`]) still run in place; only the lines that pass them (about 1,000 of the
//! corpus' 56,600) wait.

use super::dependencies::{each_candidate, line_facts};
use crate::model::{DependencyChange, Release};
use std::ops::Range;

/// The lines waiting to be read, in the order they were found.
#[derive(Default)]
pub(crate) struct VersionLines {
    /// The lines' text, one after another.
    text: String,
    lines: Vec<Waiting>,
}

struct Waiting {
    /// Its release's index in the document.
    release: usize,
    /// How many dependency changes its release had when it was found: where its facts go.
    at: usize,
    text: Range<usize>,
    /// The line of the note, prose block or heading it is in.
    n: u32,
    key: bool,
    any_component: bool,
}

impl VersionLines {
    /// Keeps the lines of `text` (at line `n` of release number `release`, which has `at`
    /// dependency changes so far) that may state a version; `any_component`: see
    /// [`super::prose_facts`].
    pub(crate) fn defer(
        &mut self,
        text: &str,
        n: u32,
        any_component: bool,
        release: usize,
        at: usize,
    ) {
        each_candidate(text, any_component, |line, key| {
            let start = self.text.len();
            self.text.push_str(line);
            self.lines.push(Waiting {
                release,
                at,
                text: start..self.text.len(),
                n,
                key,
                any_component,
            });
        });
    }

    /// Reads every kept line into `releases` (the document's, by index), each fact where
    /// reading it in place would have put it, and empties the list.
    pub(crate) fn read_into(&mut self, releases: &mut [Release]) {
        let mut rest = &self.lines[..];
        while let Some(first) = rest.first() {
            let count = rest
                .iter()
                .take_while(|w| w.release == first.release)
                .count();
            let (same, next) = rest.split_at(count);
            let changed = &mut releases[first.release].dependencies.changed;
            let found = self.facts_of(same, changed);
            insert_at(changed, found);
            rest = next;
        }
        self.text.clear();
        self.lines.clear();
    }

    /// The facts of one release's waiting `lines`, grouped by where they go in `changed`.
    fn facts_of(
        &self,
        lines: &[Waiting],
        changed: &[DependencyChange],
    ) -> Vec<(usize, Vec<DependencyChange>)> {
        let mut found: Vec<(usize, Vec<DependencyChange>)> = Vec::new();
        for w in lines {
            if found.last().is_none_or(|(at, _)| *at != w.at) {
                found.push((w.at, Vec::new()));
            }
            let Some((_, out)) = found.last_mut() else {
                continue;
            };
            let line = &self.text[w.text.clone()];
            line_facts(line, w.n, w.key, w.any_component, &changed[..w.at], out);
        }
        found
    }
}

/// Inserts each group of `found` before the entry of `changed` at its index (after the last
/// when the index is the length), keeping the groups' order.
fn insert_at(changed: &mut Vec<DependencyChange>, found: Vec<(usize, Vec<DependencyChange>)>) {
    if found.iter().all(|(_, facts)| facts.is_empty()) {
        return;
    }
    let before = std::mem::take(changed);
    let mut groups = found.into_iter().peekable();
    for (i, change) in before.into_iter().enumerate() {
        while let Some((_, facts)) = groups.next_if(|(at, _)| *at == i) {
            changed.extend(facts);
        }
        changed.push(change);
    }
    changed.extend(groups.flat_map(|(_, facts)| facts));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DependencySource;

    fn change(module: &str, line: u32) -> DependencyChange {
        DependencyChange {
            module: module.into(),
            from: None,
            to: "1.0".into(),
            component: None,
            source: DependencySource::Prose,
            line,
        }
    }

    fn modules(changed: &[DependencyChange]) -> Vec<&str> {
        changed.iter().map(|c| c.module.as_str()).collect()
    }

    #[test]
    fn facts_go_where_they_were_found() {
        let mut changed = vec![change("a", 1), change("b", 2)];
        let found = vec![
            (0, vec![change("x", 5)]),
            (1, vec![]),
            (2, vec![change("y", 7), change("z", 8)]),
        ];
        insert_at(&mut changed, found);
        assert_eq!(modules(&changed), ["x", "a", "b", "y", "z"]);
    }

    #[test]
    fn lines_are_read_into_their_release() {
        let release = |tag: &str| {
            Release::tagged(
                tag.into(),
                crate::parse_tag(tag).unwrap(),
                "CHANGELOG-1.9.md",
            )
        };
        let mut releases = vec![release("v1.9.1"), release("v1.9.0")];
        releases[1].dependencies.changed.push(change("before", 3));
        let mut waiting = VersionLines::default();
        waiting.defer("Update kube-dns to 1.14.7", 10, false, 0, 0);
        waiting.defer("Nothing of note 1.2.3", 11, false, 0, 0);
        waiting.defer(
            "- Bump etcd to 3.1.10\n- Updated Go to 1.9.2",
            20,
            false,
            1,
            0,
        );
        waiting.read_into(&mut releases);
        assert!(waiting.lines.is_empty() && waiting.text.is_empty());
        assert_eq!(modules(&releases[0].dependencies.changed), ["kube-dns"]);
        assert_eq!(
            modules(&releases[1].dependencies.changed),
            ["etcd", "go", "before"]
        );
        assert_eq!(releases[1].dependencies.changed[1].line, 20);
    }
}
