//! The upgrade path from one release to another: every note a user crosses, de-duplicated
//! across cherry-picks, grouped by what it asks of them, with the net dependency change.
//!
//! The path from `A` to `B` on the release graph:
//! - when both are on one minor line: the releases after `A` up to `B`;
//! - otherwise: the `x.y.0` release of every minor after `A`'s up to `B`'s (each carries the
//!   curated notes of its whole cycle), then `B`'s line from `x.y.1` up to `B`.
//!
//! The patches after `A` on `A`'s own line are not crossed: a user jumps past them, and some
//! were released long after `B`. They still show, as further releases of a note, where they
//! carried a change the path also carries (a backport), so a reader sees which of the
//! upgrade's changes patching in place would also have brought.
//!
//! Pre-releases are crossed only when `B` is one: the path then ends with `B`'s minor's
//! pre-releases up to `B` instead of an `x.y.0` that does not exist yet. Patches of the minor
//! lines in between are not crossed: they are backports of changes the next `x.y.0` carries.
//!
//! A note that appears several times (the same PR, or the same text, as cherry-picks on several
//! branches carry it) counts once and lists every release it appeared in. A note the user
//! already has, because it shipped on `A`'s line at or before `A`, is left out.

use super::dedup::Dedup;
use crate::change::{deprecation, ChangeKey, ChangeSet, Deprecation};
use crate::model::{Advisory, DependencySource, Kind, Note, Release};
use crate::timeline::{
    deprecations, feature_gates, DeprecationTimeline, FeatureGateTimeline, GateChange, ItemChange,
};
use crate::{History, QueryError};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a group of notes asks of an upgrader, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Group {
    /// Listed as action required.
    Urgent,
    /// Notes that declare a deprecation or a removal ([`crate::change::deprecation`] is
    /// `Declared`).
    DeprecationsAndRemovals,
    /// `kind/api-change` notes.
    ApiChanges,
    /// Notes that fix or mention a CVE.
    Security,
    /// `kind/feature` notes.
    Features,
    /// `kind/bug` (and regression) notes.
    BugFixes,
    /// Everything else: cleanups, documentation, dependency notes, notes without a kind.
    Other,
}

impl Group {
    /// Every group, in the order [`UpgradePath::groups`] lists them (most urgent first).
    pub const ALL: [Group; 7] = [
        Group::Urgent,
        Group::DeprecationsAndRemovals,
        Group::ApiChanges,
        Group::Security,
        Group::Features,
        Group::BugFixes,
        Group::Other,
    ];

    /// The heading for the group in a report, e.g. `Urgent: action required`, `Bug fixes`.
    pub fn title(self) -> &'static str {
        match self {
            Group::Urgent => "Urgent: action required",
            Group::DeprecationsAndRemovals => "Deprecations and removals",
            Group::ApiChanges => "API changes",
            Group::Security => "Security fixes (CVEs)",
            Group::Features => "Features",
            Group::BugFixes => "Bug fixes",
            Group::Other => "Other changes",
        }
    }

    /// The group a note belongs to: the first that applies, in `Group::ALL` order.
    pub fn of(note: &Note) -> Group {
        if note.action_required {
            Group::Urgent
        } else if deprecation(note) == Some(Deprecation::Declared) {
            Group::DeprecationsAndRemovals
        } else if note.kind == Some(Kind::ApiChange) {
            Group::ApiChanges
        } else if !note.cves.is_empty() {
            Group::Security
        } else if note.kind == Some(Kind::Feature) {
            Group::Features
        } else if note.kind == Some(Kind::Bug) {
            Group::BugFixes
        } else {
            Group::Other
        }
    }
}

/// A note on the path, with every release that carried it.
#[derive(Debug, Clone, Serialize)]
pub struct PathNote {
    /// The note as it first appeared on the path.
    pub note: Note,
    /// Tags, in path order.
    pub releases: Vec<String>,
}

/// The notes of one [`Group`] on the path.
#[derive(Debug, Clone, Serialize)]
pub struct NoteGroup {
    /// Which group this is.
    pub group: Group,
    /// [`Group::title`] of `group`, for serializers.
    pub title: &'static str,
    /// The group's notes, in path order (the release that first carried them).
    pub notes: Vec<PathNote>,
}

/// One module's version before and after the whole path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetChange {
    /// The Go module path or key component name (`go.etcd.io/etcd/client/v3`, `go`, `etcd`).
    pub module: String,
    /// `None` where the changelogs never state the starting version.
    pub from: Option<String>,
    /// The version at the end of the path, as written (`v3.5.0`).
    pub to: String,
    /// The key component the module is (`go`, `etcd`, `coredns`, …), if it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
}

/// Dependencies over the whole path: one line per module, not one per step.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NetDependencies {
    /// Modules whose version differs between the start and the end of the path.
    pub changed: Vec<NetChange>,
    /// Modules added on the way and still there at the end, with their final version.
    pub added: Vec<NetChange>,
    /// Modules present at the start and removed on the way, with their last version.
    pub removed: Vec<NetChange>,
}

/// The answer to "what must I know to go from `from` to `to`?".
#[derive(Debug, Clone, Serialize)]
pub struct UpgradePath {
    /// The starting release's tag as its heading writes it (`v1.21.0`), even when asked for `1.21.0`.
    pub from: String,
    /// The target release's tag as its heading writes it (`v1.23.0`).
    pub to: String,
    /// The releases crossed, in order.
    pub releases: Vec<String>,
    /// Minor lines whose `x.y.0` the history lacks, so the path has a gap.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// The notes crossed, once each, grouped in [`Group::ALL`] order; empty groups are left out.
    pub groups: Vec<NoteGroup>,
    /// Notes left out because `from`'s line already shipped them.
    pub already_included: usize,
    /// The net dependency change from `from` to `to`.
    pub dependencies: NetDependencies,
    /// The advisories of the releases crossed and of the later patches on `from`'s line (fixes
    /// a user on `from` does not have yet), and those that affect `from` and name a fixed
    /// version the path crosses (CVE-2021-25735, fixed in v1.21.0, is in v1.20.6's notes), one
    /// per CVE.
    pub security: Vec<Advisory>,
    /// The advisories whose affected versions cover `to`: the target still has the flaw (v1.22.1
    /// and CVE-2021-25741, fixed in v1.22.2). Empty for a pre-release target.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target_affected: Vec<AffectedTarget>,
    /// The feature gates whose stage changes from `from`'s minor to `to`'s ([`GateChange`]).
    pub feature_gates: Vec<GateChange>,
    /// The APIs, flags, feature gates and plugins removed (or no longer served), then those
    /// deprecated, in a minor after `from`'s up to `to`'s, each with its timeline as evidence
    /// (`DeprecationTimeline::changes_between`).
    pub deprecations: Vec<ItemChange>,
}

/// An advisory that still affects the target of a path.
#[derive(Debug, Clone, Serialize)]
pub struct AffectedTarget {
    /// The advisory.
    pub advisory: Advisory,
    /// Its affected-versions item that covers the target (`kubelet v1.22.0 - v1.22.1`).
    pub affected: String,
    /// Its fixed-versions item on the target's minor line (`kubelet v1.22.2`); `None` when it
    /// names none there.
    pub fixed: Option<String>,
}

impl UpgradePath {
    /// Every note on the path, most urgent group first.
    pub fn notes(&self) -> impl Iterator<Item = &PathNote> {
        self.groups.iter().flat_map(|g| g.notes.iter())
    }
}

/// Computes the upgrade path from tag `from` to tag `to`.
pub fn compare(history: &History, from: &str, to: &str) -> Result<UpgradePath, QueryError> {
    compare_with(
        history,
        from,
        to,
        &feature_gates(history),
        &deprecations(history),
    )
}

/// [`compare`] with the feature-gate and deprecation timelines of `history` already computed
/// (an index carries them, so that a caller need not read the notes again).
pub fn compare_with(
    history: &History,
    from: &str,
    to: &str,
    gates: &FeatureGateTimeline,
    timeline: &DeprecationTimeline,
) -> Result<UpgradePath, QueryError> {
    let start = history.find(from)?;
    let end = history.find(to)?;
    if start.semver > end.semver {
        return Err(QueryError::InvertedRange {
            from: start.version.clone(),
            to: end.version.clone(),
        });
    }
    let (crossed, missing) = path(history, start, end);
    let already = shipped_by(history, start);

    let mut dedup = Dedup::default();
    let mut already_included = 0;
    for release in &crossed {
        for note in &release.notes {
            if already.contains(&ChangeKey::of(note)) {
                already_included += 1;
                continue;
            }
            dedup.add(note, &release.version);
        }
    }
    if !same_line(start, end) {
        let backports = history
            .line(start.semver.major, start.semver.minor)
            .filter(|r| r.semver > start.semver && !r.is_prerelease());
        for release in backports {
            for note in &release.notes {
                dedup.join(note, &release.version);
            }
        }
    }
    let mut groups: BTreeMap<Group, Vec<PathNote>> = BTreeMap::new();
    for entry in dedup.entries {
        groups
            .entry(Group::of(&entry.note))
            .or_default()
            .push(entry);
    }
    let groups = groups
        .into_iter()
        .map(|(group, notes)| NoteGroup {
            group,
            title: group.title(),
            notes,
        })
        .collect();

    // Advisories of the releases crossed, and of the patches after `start` on its own line: the
    // user on `start` does not have those fixes yet.
    let own_line_patches = history
        .line(start.semver.major, start.semver.minor)
        .filter(|r| r.semver > start.semver && !same_line(start, end));
    let mut security: Vec<Advisory> = Vec::new();
    for advisory in crossed
        .iter()
        .copied()
        .chain(own_line_patches)
        .flat_map(|r| r.security.iter())
    {
        if !security.iter().any(|a| a.id == advisory.id) {
            security.push(advisory.clone());
        }
    }
    // Every advisory of the history once: those that affect `from` and are fixed by a release
    // the path crosses, and those that still affect `to`.
    let mut target_affected: Vec<AffectedTarget> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for advisory in history.releases().iter().flat_map(|r| r.security.iter()) {
        if seen.contains(&advisory.id.as_str()) {
            continue;
        }
        seen.push(&advisory.id);
        let fixed_on_path = || {
            advisory
                .fixed_releases()
                .iter()
                .any(|v| crossed.iter().any(|r| r.semver == *v))
        };
        if advisory.affects(&start.semver).is_some()
            && fixed_on_path()
            && !security.iter().any(|a| a.id == advisory.id)
        {
            security.push(advisory.clone());
        }
        if let Some(affected) = advisory.affects(&end.semver) {
            target_affected.push(AffectedTarget {
                affected: affected.to_string(),
                fixed: advisory.fixed_on_line_of(&end.semver).map(str::to_string),
                advisory: advisory.clone(),
            });
        }
    }

    Ok(UpgradePath {
        from: start.version.clone(),
        to: end.version.clone(),
        releases: crossed.iter().map(|r| r.version.clone()).collect(),
        missing,
        groups,
        already_included,
        dependencies: net_dependencies(history, start, end, &crossed),
        security,
        target_affected,
        feature_gates: gates.changes_between(&start.version, &end.version),
        deprecations: timeline.changes_between(&start.version, &end.version),
    })
}

fn same_line(a: &Release, b: &Release) -> bool {
    a.semver.major == b.semver.major && a.semver.minor == b.semver.minor
}

/// The releases crossed from `start` to `end`, and the minor lines missing an `x.y.0`.
fn path<'h>(
    history: &'h History,
    start: &Release,
    end: &'h Release,
) -> (Vec<&'h Release>, Vec<String>) {
    let with_pre = end.is_prerelease();
    let admit = |r: &Release| with_pre || !r.is_prerelease();
    if same_line(start, end) {
        let crossed = history
            .line(end.semver.major, end.semver.minor)
            .filter(|r| r.semver > start.semver && r.semver <= end.semver && admit(r))
            .collect();
        return (crossed, Vec::new());
    }
    let mut crossed: Vec<&Release> = Vec::new();
    let mut missing = Vec::new();
    let (major, last_minor) = (end.semver.major, end.semver.minor);
    for minor in start.semver.minor + 1..=last_minor {
        let first = semver::Version::new(major, minor, 0);
        if minor == last_minor && end.is_prerelease() {
            crossed.extend(
                history
                    .line(major, minor)
                    .filter(|r| r.semver <= end.semver),
            );
            continue;
        }
        match history.get(&first) {
            Some(r) => crossed.push(r),
            None => missing.push(format!("v{major}.{minor}.0")),
        }
        if minor == last_minor {
            crossed.extend(
                history
                    .line(major, minor)
                    .filter(|r| r.semver > first && r.semver <= end.semver && admit(r)),
            );
        }
    }
    (crossed, missing)
}

/// The changes a user on `start` already runs: everything on `start`'s line up to and
/// including `start`.
fn shipped_by(history: &History, start: &Release) -> ChangeSet {
    let mut shipped = ChangeSet::default();
    // The x.y.0 notes of `start`'s own line describe what the user already runs, and so do the
    // patches up to `start`. A user on a pre-release (v1.19.0-rc.4) runs what its line's
    // pre-releases up to it shipped: each one's notes are the changes since the one before.
    for r in history
        .line(start.semver.major, start.semver.minor)
        .filter(|r| r.semver <= start.semver && (start.is_prerelease() || !r.is_prerelease()))
    {
        for note in &r.notes {
            shipped.insert(ChangeKey::of(note), ());
        }
    }
    shipped
}

/// The net change of every module over the path.
///
/// A key component (`etcd`, `go`, `coredns`, …) changes from the version the dependency
/// timeline gives at `start` to the one it gives at `end`: the rule `deps` answers with. The
/// `x.y.0` notes on the path gather a cycle's bumps in no reliable order (v1.22.0 says etcd
/// 3.5.0-beta.3, then kubeadm's 3.4.13-3), which the timeline reads in the order of the
/// pre-releases.
///
/// A go module (from the `Dependencies` lists, which say from and to) starts at its last
/// version on `start`'s line up to `start` when that line changed it, else at the `from` of its
/// first change on the path, and ends at its last version on the path.
///
/// A name read only from sentences ("klog 0.4.0") is left out when the go module it is tied to
/// ([`ties::prose_ties`]) changes on the path too: the go.mod lists name that module exactly.
fn net_dependencies(
    history: &History,
    start: &Release,
    end: &Release,
    crossed: &[&Release],
) -> NetDependencies {
    // module -> version as of `start`, from start's own line.
    let mut at_start: HashMap<&str, &str> = HashMap::new();
    for r in history
        .line(start.semver.major, start.semver.minor)
        .filter(|r| r.semver <= start.semver)
    {
        for c in &r.dependencies.changed {
            at_start.insert(&c.module, &c.to);
        }
        for a in &r.dependencies.added {
            at_start.insert(&a.module, &a.version);
        }
    }
    #[derive(Default)]
    struct Track {
        first: Option<String>,
        last: String,
        component: Option<String>,
        added: bool,
        removed: bool,
        /// Read from sentences only.
        prose: bool,
    }
    let mut order: Vec<String> = Vec::new();
    let mut tracks: HashMap<String, Track> = HashMap::new();
    // Patches after `start` on its own line are left out: the user jumps past them.
    for r in crossed {
        let deps = &r.dependencies;
        for c in &deps.changed {
            let t = tracks.entry(c.module.clone()).or_insert_with(|| {
                order.push(c.module.clone());
                Track {
                    first: at_start
                        .get(c.module.as_str())
                        .map(|s| s.to_string())
                        .or_else(|| c.from.clone()),
                    prose: true,
                    ..Track::default()
                }
            });
            t.prose &= c.source == DependencySource::Prose;
            t.last = c.to.clone();
            t.component = t.component.take().or_else(|| c.component.clone());
            t.removed = false;
        }
        for a in &deps.added {
            let t = tracks.entry(a.module.clone()).or_insert_with(|| {
                order.push(a.module.clone());
                Track::default()
            });
            if t.first.is_none() && !t.removed {
                t.added = true;
            }
            t.removed = false;
            t.last = a.version.clone();
        }
        for a in &deps.removed {
            let t = tracks.entry(a.module.clone()).or_insert_with(|| {
                order.push(a.module.clone());
                Track {
                    first: Some(a.version.clone()),
                    ..Track::default()
                }
            });
            if t.added {
                // Added and removed on the way: no net change.
                t.added = false;
                t.first = None;
                t.last.clear();
                continue;
            }
            t.removed = true;
            if t.last.is_empty() {
                t.last = a.version.clone();
            }
        }
    }
    let ties = ties::prose_ties(history);
    // The go module lineages that change on the path (not only by a sentence).
    let listed: HashSet<&str> = tracks
        .iter()
        .filter(|(_, t)| !t.prose && !t.last.is_empty())
        .map(|(module, _)| ties::lineage_root(module))
        .collect();
    let covered: HashSet<String> = tracks
        .iter()
        .filter(|(module, t)| {
            t.prose
                && ties
                    .get(module.as_str())
                    .is_some_and(|root| listed.contains(root.as_str()))
        })
        .map(|(module, _)| module.clone())
        .collect();
    let mut net = NetDependencies::default();
    let mut components_done: Vec<String> = Vec::new();
    for module in order {
        let Some(t) = tracks.remove(&module) else {
            continue;
        };
        if covered.contains(&module) {
            continue;
        }
        // A key component named as such (the notes' sentences; not a go module that is one,
        // github.com/containerd/containerd, whose go.mod lines say from and to).
        if let Some(component) = t
            .component
            .clone()
            .filter(|c| c.eq_ignore_ascii_case(&module))
        {
            if components_done.contains(&component) {
                continue;
            }
            let timeline = crate::timeline::dependencies(history, &component);
            let (from, to) = (timeline.at(start), timeline.at(end));
            let change = |to: &str| NetChange {
                module: module.clone(),
                from: from.map(str::to_string),
                to: to.to_string(),
                component: Some(component.clone()),
            };
            match to {
                Some(to) if !crate::timeline::same_version(from, Some(to)) => {
                    net.changed.push(change(to))
                }
                None => {
                    if let Some(from) = from {
                        net.removed.push(change(from));
                    }
                }
                Some(_) => {}
            }
            components_done.push(component);
            continue;
        }
        if t.last.is_empty() {
            continue;
        }
        let change = NetChange {
            module,
            from: t.first.clone(),
            to: t.last.clone(),
            component: t.component,
        };
        if t.removed {
            net.removed.push(NetChange {
                to: t.first.unwrap_or(t.last),
                ..change
            });
        } else if t.added {
            net.added.push(change);
        } else if change.from.as_deref() != Some(change.to.as_str()) {
            net.changed.push(change);
        }
    }
    // Key components first, then modules by name.
    net.changed.sort_by(|a, b| {
        (a.component.is_none(), &a.module).cmp(&(b.component.is_none(), &b.module))
    });
    net
}

#[path = "compare_ties.rs"]
mod ties;

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
