//! What a parse found, counted: the figures of `k8s-changelog stats`, per input and in all;
//! and a history's notes per kind per minor line (the explorer's chart).

use crate::model::{Changelog, Kind, Release};
use crate::History;
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

/// A minor line (`1.22`) and its note count per kind, `None` for notes without a kind.
pub type MinorKinds = (String, Vec<(Option<Kind>, usize)>);

impl History {
    /// Notes per kind per minor line (x.y.0 and its patches, no pre-releases), oldest first.
    /// `None` counts the notes the changelogs give no kind (before v1.18 they give none),
    /// apart from the `uncategorized` kind; it comes last.
    pub fn kinds_per_minor(&self) -> Vec<MinorKinds> {
        let mut lines: Vec<(String, BTreeMap<Option<Kind>, usize>)> = Vec::new();
        for release in self.releases() {
            if release.is_prerelease() {
                continue;
            }
            let minor = release.minor_line();
            if lines.last().map(|l| &l.0) != Some(&minor) {
                lines.push((minor, BTreeMap::new()));
            }
            let counts = &mut lines.last_mut().expect("pushed").1;
            for note in &release.notes {
                *counts.entry(note.kind).or_default() += 1;
            }
        }
        // `None` sorts first in the map; it goes last, on top of the stack.
        lines
            .into_iter()
            .map(|(m, c)| {
                let (none, kinds): (Vec<_>, Vec<_>) = c.into_iter().partition(|x| x.0.is_none());
                (m, kinds.into_iter().chain(none).collect())
            })
            .collect()
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

    #[test]
    fn kinds_per_minor_skips_prereleases_and_puts_no_kind_last() {
        use crate::model::Kind;
        let note = |n: u64| crate::testing::note("Fix a leak", n, "a", "Node");
        let bugs = [note(1), note(2)];
        let text = [
            crate::testing::release("v1.22.1", &[("Bug or Regression", &bugs)], ""),
            crate::testing::release("v1.22.0-rc.0", &[("Bug or Regression", &bugs)], ""),
            "# v1.22.0\n\n## Changes\n\n- Old style note ([#6](https://github.com/kubernetes/kubernetes/pull/6), [@e](https://github.com/e))\n".to_string(),
            "# v1.21.0\n\n## Changes\n\n- Old style note ([#5](https://github.com/kubernetes/kubernetes/pull/5), [@e](https://github.com/e))\n".to_string(),
        ]
        .concat();
        let history = crate::History::new(crate::parse(&text, "t.md"));
        assert_eq!(
            history.kinds_per_minor(),
            [
                ("1.21".to_string(), vec![(None, 1)]),
                ("1.22".to_string(), vec![(Some(Kind::Bug), 2), (None, 1)])
            ]
        );
    }
}
