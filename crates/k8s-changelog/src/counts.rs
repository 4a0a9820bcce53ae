//! What a parse found, counted: the figures of `k8s-changelog stats`, per input and in all.

use crate::model::{Changelog, Kind, Release};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Counts of what a [`Changelog`] holds, and of what the parser could not place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Releases (`# vX.Y.Z` sections, or official JSON files).
    pub releases: usize,
    /// Notes in all releases (a cherry-pick counts once per release that carries it).
    pub notes: usize,
    /// Notes per kind label (`bug`, `feature`, …; every kind present, zeros included), and
    /// `none` for notes of eras without kinds.
    pub notes_by_kind: BTreeMap<&'static str, usize>,
    /// Distinct kubernetes/kubernetes PRs the notes cite.
    pub prs: usize,
    /// Dependency entries, by what happened to the module.
    pub dependencies: DependencyCounts,
    /// Security advisories (`### CVE-…` blocks).
    pub advisories: usize,
    /// Rows of the download tables.
    pub downloads: usize,
    /// Rows of the container image tables.
    pub images: usize,
    /// Non-blank lines the parser could not place (0 over the whole corpus).
    pub unaccounted_lines: usize,
    /// Diagnostics (warnings and errors with file and line).
    pub diagnostics: usize,
}

/// Dependency entries by change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DependencyCounts {
    /// Modules added.
    pub added: usize,
    /// Modules whose version changed.
    pub changed: usize,
    /// Modules removed.
    pub removed: usize,
}

impl Changelog {
    /// Counts what the changelog holds.
    pub fn counts(&self) -> Counts {
        let mut notes_by_kind: BTreeMap<&'static str, usize> =
            Kind::ALL.iter().map(|k| (k.label(), 0)).collect();
        notes_by_kind.insert("none", 0);
        let mut prs = BTreeSet::new();
        for (_, note) in self.notes() {
            *notes_by_kind
                .entry(note.kind.map_or("none", Kind::label))
                .or_default() += 1;
            prs.extend(note.prs.iter().copied());
        }
        let sum = |count: fn(&Release) -> usize| -> usize { self.releases.iter().map(count).sum() };
        Counts {
            releases: self.releases.len(),
            notes: sum(|r| r.notes.len()),
            notes_by_kind,
            prs: prs.len(),
            dependencies: DependencyCounts {
                added: sum(|r| r.dependencies.added.len()),
                changed: sum(|r| r.dependencies.changed.len()),
                removed: sum(|r| r.dependencies.removed.len()),
            },
            advisories: sum(|r| r.security.len()),
            downloads: sum(|r| r.downloads.len()),
            images: sum(|r| r.images.len()),
            unaccounted_lines: sum(|r| r.unaccounted.len()),
            diagnostics: self.diagnostics.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_what_the_parse_found() {
        let text = "# v1.22.1\n\n## Changes by Kind\n\n### Bug or Regression\n\n\
            - Fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]\n\
            - Fix a race ([#1](https://github.com/kubernetes/kubernetes/pull/1), [#2](https://github.com/kubernetes/kubernetes/pull/2)) [SIG Node]\n\n\
            ## Dependencies\n\n### Added\n_Nothing has changed._\n\n### Changed\n- github.com/a/b: v1.0.0 → v1.1.0\n\n### Removed\n_Nothing has changed._\n";
        let counts = crate::parse(text, "CHANGELOG-1.22.md").counts();
        assert_eq!((counts.releases, counts.notes, counts.prs), (1, 2, 2));
        assert_eq!(counts.notes_by_kind["bug"], 2);
        assert_eq!(counts.notes_by_kind["none"], 0);
        assert_eq!(counts.dependencies.changed, 1);
        assert_eq!(counts.unaccounted_lines, 0);
    }
}
