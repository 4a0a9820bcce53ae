//! The version of one go module or key component at every release.
//!
//! Semantics:
//! - **Statements** come from each release's `dependencies.changed` (its `to`), `added` (its
//!   version) and `removed` (no version afterwards), for entries whose `module` is the name asked
//!   for, or whose `component` is, in any case (`etcd`, `go`, `coredns`, …).
//! - A release that states several versions (an `x.y.0` gathers every bump of its cycle, in no
//!   reliable order: v1.12.0 says Go 1.10.4, then 1.10.2) is reduced to its **highest** version;
//!   removals count only when the release states no version at all. Where versions cannot be
//!   ordered (commit hashes), the last one in the file wins; one version written two ways (`1.1`,
//!   `v1.1.0`) is kept in its fuller writing.
//! - The version **at** a release `R` is the last statement on `R`'s ancestry: the `x.y.0`
//!   releases and pre-releases of older minors (not their patches: those are backports, which
//!   do not reach newer lines), then `R`'s own minor line up to `R`.
//! - A **change** is a release whose statement differs from the version its ancestry had before
//!   it; restatements (v1.10.0 repeating beta.4's etcd 3.1.12, v1.14.0 writing rc.1's CSI 1.1
//!   as 1.1.0) are not changes.

use super::{is_cycle_release, minor_of};
use crate::model::Release;
use crate::History;
use semver::Version;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;

/// One release's statement about the dependency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// The tag of the release that states it (`v1.22.0`).
    pub release: String,
    #[serde(skip)]
    semver: Version,
    /// `None`: the release removed it.
    pub version: Option<String>,
    /// The module the chosen entry names (`etcd`, `github.com/google/cadvisor`).
    pub module: String,
    /// The chosen entry's line in the release's file.
    pub line: u32,
    /// The PRs of the note whose lines hold the entry (a sentence such as "Update to use go
    /// 1.12.9 (#81489)"); empty for a row of a dependencies list, which cites none.
    pub prs: Vec<u64>,
}

/// The version a release ships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionAt {
    /// The tag (`v1.22.3`).
    pub release: String,
    /// `None` before the first statement on the release's ancestry, or after a removal.
    pub version: Option<String>,
    /// The release whose notes state that version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated_in: Option<String>,
}

/// A release where the version changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DependencyChangeAt {
    /// The tag where the new version first ships (`v1.20.0-alpha.1`).
    pub release: String,
    /// The version before; `None` when none was known (first appearance).
    pub from: Option<String>,
    /// The version after; `None` when the release removed the dependency.
    pub to: Option<String>,
    /// The module the evidence (the release's chosen entry, as in [`Statement`]) names.
    pub module: String,
    /// The evidence's line in the release's file.
    pub line: u32,
    /// The PRs of the evidence's note; empty for a row of a dependencies list.
    pub prs: Vec<u64>,
}

/// The versions of one module or component across a history.
#[derive(Debug, Clone, Serialize)]
pub struct DependencyTimeline {
    /// The module or component asked for.
    pub name: String,
    /// One statement per release that states something, oldest first.
    pub statements: Vec<Statement>,
    /// Every release where the version changed, oldest first.
    pub changes: Vec<DependencyChangeAt>,
    /// The version at every release of the history, oldest first.
    pub versions: Vec<VersionAt>,
}

/// The timeline of `module_or_component`: an exact go module name (`k8s.io/utils`) or a key
/// component name in any case (`etcd`, `go`, `coredns`, `CoreDNS`, `containerd`, `cri-tools`,
/// `cni`, …).
pub fn dependencies(history: &History, module_or_component: &str) -> DependencyTimeline {
    let wanted = module_or_component.trim();
    let mut statements = Vec::new();
    for release in history.releases() {
        if let Some(statement) = statement_of(release, wanted) {
            statements.push(statement);
        }
    }
    let mut timeline = DependencyTimeline {
        name: wanted.to_string(),
        statements,
        changes: Vec::new(),
        versions: Vec::new(),
    };
    timeline.changes = timeline.compute_changes();
    timeline.versions = history
        .releases()
        .iter()
        .map(|r| timeline.version_at(r))
        .collect();
    timeline
}

/// The module or component name of the notes closest to `name`, for "did you mean" when no
/// release names `name` ([`DependencyTimeline::is_named`]): by the rule feature gates use
/// ([`FeatureGateTimeline::closest`](super::FeatureGateTimeline::closest)) over every name a
/// statement could match (each entry's `module` and `component`); `None` when the notes name
/// no dependency.
pub fn closest_dependency<'h>(history: &'h History, name: &str) -> Option<&'h str> {
    let mut known = BTreeSet::new();
    for release in history.releases() {
        let deps = &release.dependencies;
        let changed = deps.changed.iter().map(|c| (&c.module, &c.component));
        let added = deps.added.iter().map(|a| (&a.module, &a.component));
        let removed = deps.removed.iter().map(|r| (&r.module, &r.component));
        for (module, component) in changed.chain(added).chain(removed) {
            known.insert(module.as_str());
            known.extend(component.as_deref());
        }
    }
    super::closest_name(known, name.trim())
}

impl DependencyTimeline {
    /// Whether some release names the module or component: `false` for a name no release's
    /// dependencies have (a typo, a module the notes never list), which
    /// [`closest_dependency`] can correct.
    pub fn is_named(&self) -> bool {
        !self.statements.is_empty()
    }

    /// The version `release` ships, per the ancestry rule of the module docs.
    pub fn at(&self, release: &Release) -> Option<&str> {
        self.stated_at(&release.semver, true)?.version.as_deref()
    }

    /// The version `release` ships and the release whose notes state it ([`VersionAt`]): a
    /// version stated releases earlier is carried along the release graph, and `stated_in` says
    /// from where (pause 3.5 at v1.23.0 is v1.22.0's statement).
    pub fn version_at(&self, release: &Release) -> VersionAt {
        let stated = self.stated_at(&release.semver, true);
        VersionAt {
            release: release.version.clone(),
            version: stated.and_then(|s| s.version.clone()),
            stated_in: stated.map(|s| s.release.clone()),
        }
    }

    /// Every release where the version changed, oldest first.
    pub fn changes(&self) -> &[DependencyChangeAt] {
        &self.changes
    }

    fn compute_changes(&self) -> Vec<DependencyChangeAt> {
        self.statements
            .iter()
            .filter_map(|s| {
                let from = self
                    .stated_at(&s.semver, false)
                    .and_then(|p| p.version.clone());
                (!same_version(from.as_deref(), s.version.as_deref())).then(|| DependencyChangeAt {
                    release: s.release.clone(),
                    from,
                    to: s.version.clone(),
                    module: s.module.clone(),
                    line: s.line,
                    prs: s.prs.clone(),
                })
            })
            .collect()
    }

    /// The last statement on the ancestry of `version`, including `version` itself or not.
    fn stated_at(&self, version: &Version, inclusive: bool) -> Option<&Statement> {
        self.statements
            .iter()
            .filter(|s| {
                let same_line = s.semver.major == version.major && s.semver.minor == version.minor;
                if same_line {
                    s.semver < *version || (inclusive && s.semver == *version)
                } else {
                    is_cycle_release(&s.semver)
                        && (s.semver.major, s.semver.minor) < (version.major, version.minor)
                }
            })
            .max_by(|a, b| a.semver.cmp(&b.semver))
    }
}

/// The compact text form: one line per change, `v1.20.0-alpha.1 (1.20)  3.4.9 -> 3.4.13`.
impl fmt::Display for DependencyTimeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (change, statement) in self.changes.iter().filter_map(|c| {
            let s = self.statements.iter().find(|s| s.release == c.release)?;
            Some((c, s))
        }) {
            writeln!(
                f,
                "{} ({})  {} -> {}",
                change.release,
                minor_of(&statement.semver),
                change.from.as_deref().unwrap_or("?"),
                change.to.as_deref().unwrap_or("(removed)"),
            )?;
        }
        Ok(())
    }
}

/// The one statement `release` makes about `wanted`, reduced as the module docs say.
pub(crate) fn statement_of(release: &Release, wanted: &str) -> Option<Statement> {
    let deps = &release.dependencies;
    // Go modules by exact name (`github.com/Sirupsen/logrus` and `github.com/sirupsen/logrus`
    // are two), key components in any case (`CoreDNS`).
    let matches = |module: &str, component: &Option<String>| {
        module == wanted
            || component
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(wanted))
    };
    let mut best: Option<(String, &str, u32)> = None;
    let versions = deps
        .changed
        .iter()
        .filter(|c| matches(&c.module, &c.component))
        .map(|c| (c.to.as_str(), c.module.as_str(), c.line))
        .chain(
            deps.added
                .iter()
                .filter(|a| matches(&a.module, &a.component))
                .map(|a| (a.version.as_str(), a.module.as_str(), a.line)),
        );
    for (version, module, line) in versions {
        let better = match &best {
            None => true,
            Some((current, _, current_line)) => match compare_versions(version, current) {
                // One version written two ways ("Update CSI version to 1.1", then "CSI has been
                // updated to v1.1.0", CHANGELOG-1.14 L1251, L1294): the fuller writing.
                Some(Ordering::Equal) => precision(version) > precision(current),
                Some(order) => order == Ordering::Greater,
                None => line > *current_line,
            },
        };
        if better {
            best = Some((version.to_string(), module, line));
        }
    }
    if let Some((version, module, line)) = best {
        return Some(Statement {
            release: release.version.clone(),
            semver: release.semver.clone(),
            version: Some(version),
            module: module.to_string(),
            line,
            prs: prs_at(release, line),
        });
    }
    let removed = deps
        .removed
        .iter()
        .rev()
        .find(|r| matches(&r.module, &r.component))?;
    Some(Statement {
        release: release.version.clone(),
        semver: release.semver.clone(),
        version: None,
        module: removed.module.clone(),
        line: removed.line,
        prs: prs_at(release, removed.line),
    })
}

/// The PRs of the note of `release` whose lines hold `line`; none when no note does (a row of
/// a dependencies list).
fn prs_at(release: &Release, line: u32) -> Vec<u64> {
    release
        .notes
        .iter()
        .find(|n| n.line <= line && line <= n.end_line)
        .map(|n| n.prs.clone())
        .unwrap_or_default()
}

/// Whether two statements give one version, however written (`1.1` and `v1.1.0`): a
/// restatement, not a change.
pub(crate) fn same_version(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || compare_versions(a, b) == Some(Ordering::Equal),
        (a, b) => a == b,
    }
}

/// How many numbers a version writes: 2 for `1.1`, 3 for `v1.1.0`.
fn precision(version: &str) -> usize {
    version
        .split('-')
        .next()
        .map_or(0, |core| core.split('.').count())
}

/// Orders two versions as written (`v3.4.13`, `1.16`, `3.4.13-3`, `1.15.0-rc.2`,
/// `v0.0.0-20210101-abcdef`), or `None` when one is not a version (a commit hash).
fn compare_versions(a: &str, b: &str) -> Option<Ordering> {
    Some(version_key(a)?.cmp(&version_key(b)?))
}

/// `(numeric core padded to 4, rank, numbers of the suffix)`. Rank: -1 for pre-releases
/// (`-rc.2`, `-beta.3`, go pseudo-versions), 0 for a plain version, 1 for a build revision
/// (`3.4.13-3`, the etcd image's revision, which is newer than `3.4.13`).
fn version_key(text: &str) -> Option<([u64; 4], i8, Vec<u64>)> {
    let text = text.trim().trim_start_matches('v');
    let core_len = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (core, rest) = text.split_at(core_len);
    let core = core.trim_end_matches('.');
    // `4b05e18` (a commit) has a digit prefix but is no version.
    if core.is_empty() || !(rest.is_empty() || rest.starts_with(['-', '+'])) {
        return None;
    }
    let mut numbers = [0u64; 4];
    for (slot, part) in numbers.iter_mut().zip(core.split('.')) {
        *slot = part.parse().ok()?;
    }
    let suffix: Vec<u64> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let rank = if rest.is_empty() {
        0
    } else if rest.starts_with('-') && rest[1..].bytes().all(|b| b.is_ascii_digit()) {
        1
    } else {
        -1
    };
    Some((numbers, rank, suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_order_as_people_read_them() {
        let order = |a, b| compare_versions(a, b);
        assert_eq!(order("1.10.4", "1.10.2"), Some(Ordering::Greater));
        assert_eq!(order("1.16", "1.16.1"), Some(Ordering::Less));
        assert_eq!(order("3.4.13-3", "3.4.13"), Some(Ordering::Greater));
        assert_eq!(order("3.5.0-beta.3", "3.4.13-3"), Some(Ordering::Greater));
        assert_eq!(order("3.5.0-beta.3", "3.5.0"), Some(Ordering::Less));
        assert_eq!(order("1.15.0-rc.2", "1.15.0"), Some(Ordering::Less));
        assert_eq!(order("v1.0.2", "1.0.10"), Some(Ordering::Less));
        assert_eq!(order("4b05e18", "1.0"), None);
    }

    fn history(text: &str) -> History {
        History::new(crate::parse(text, "t.md"))
    }

    #[test]
    fn patches_of_older_lines_do_not_reach_newer_ones() {
        let h = history(
            "# v1.20.0\n\n## Dependencies\n\n### Changed\n- etcd: v3.4.9 → v3.4.13\n\n\
             # v1.20.5\n\n## Dependencies\n\n### Changed\n- etcd: v3.4.13 → v3.4.14\n\n\
             # v1.21.0-alpha.1\n\n\
             # v1.21.0\n\n## Dependencies\n\n### Changed\n- etcd: v3.4.13 → v3.4.15\n\
             - etcd: v3.4.13 → v3.4.14\n\n\
             # v1.21.1\n\n",
        );
        let t = dependencies(&h, "etcd");
        let at = |tag: &str| t.at(h.find(tag).unwrap()).map(str::to_string);
        assert_eq!(at("v1.20.0").as_deref(), Some("v3.4.13"));
        assert_eq!(at("v1.20.5").as_deref(), Some("v3.4.14"));
        assert_eq!(at("v1.21.0-alpha.1").as_deref(), Some("v3.4.13"));
        assert_eq!(
            at("v1.21.0").as_deref(),
            Some("v3.4.15"),
            "highest of the release"
        );
        assert_eq!(at("v1.21.1").as_deref(), Some("v3.4.15"));
        let changes: Vec<_> = t
            .changes()
            .iter()
            .map(|c| (c.release.as_str(), c.from.as_deref(), c.to.as_deref()))
            .collect();
        assert_eq!(changes.len(), 3);
        assert_eq!(changes[2], ("v1.21.0", Some("v3.4.13"), Some("v3.4.15")));
        assert_eq!(
            t.to_string().lines().next(),
            Some("v1.20.0 (1.20)  ? -> v3.4.13")
        );
        assert_eq!(t.versions.len(), 5);
        assert!(t.is_named());
        let unknown = dependencies(&h, "etdc");
        assert!(!unknown.is_named());
        assert_eq!(closest_dependency(&h, "etdc"), Some("etcd"));
        assert_eq!(closest_dependency(&history(""), "etcd"), None);
        // A dependencies-list row cites no PR; its line is the row's.
        assert_eq!((t.changes()[2].line, t.changes()[2].prs.len()), (22, 0));
    }

    /// CHANGELOG-1.14 L1390 (rc.1), L1251 and L1294 (v1.14.0), CHANGELOG-1.15 L1530 ("CSI
    /// remains unchanged at to v1.1.0"): one version written two ways is one version, in its
    /// fuller writing, and no change.
    #[test]
    fn one_version_written_two_ways_is_kept_in_its_fuller_writing() {
        let h = history(
            "# v1.14.0-rc.1\n\n## Other notable changes\n\n* Update CSI version to 1.1 (#75391)\n\n\
             # v1.14.0\n\n## Other notable changes\n\n- Updated CSI version to 1.1 (#75391)\n\
             - CSI has been updated to v1.1.0. (#75391)\n\n\
             # v1.15.0\n\n## Other notable changes\n\n- CSI remains unchanged at to v1.1.0. (#75391)\n",
        );
        let t = dependencies(&h, "csi");
        let at = |tag: &str| t.at(h.find(tag).unwrap()).map(str::to_string);
        assert_eq!(at("v1.14.0-rc.1").as_deref(), Some("1.1"));
        assert_eq!(at("v1.14.0").as_deref(), Some("1.1.0"));
        assert_eq!(at("v1.15.0").as_deref(), Some("1.1.0"));
        let changes: Vec<_> = t.changes().iter().map(|c| c.release.as_str()).collect();
        assert_eq!(changes, ["v1.14.0-rc.1"], "1.1 → 1.1.0 is no change");
        assert!(same_version(Some("1.1"), Some("v1.1.0")));
        assert!(!same_version(Some("1.1"), None));
    }

    /// CHANGELOG-1.14.md L470: a change read from a sentence carries its note's PR and line.
    #[test]
    fn a_change_carries_its_evidence() {
        let h = history(
            "# v1.14.6\n\n## Other notable changes\n\n\
             * Update to use go 1.12.9 ([#81489](https://github.com/kubernetes/kubernetes/pull/81489), [@BenTheElder](https://github.com/BenTheElder))\n",
        );
        let t = dependencies(&h, "go");
        let c = &t.changes()[0];
        assert_eq!(
            (c.module.as_str(), c.to.as_deref(), c.line, c.prs.as_slice()),
            ("go", Some("1.12.9"), 5, &[81489][..])
        );
    }
}
