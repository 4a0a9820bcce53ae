//! Feature-gate lifecycles: the stages (alpha, beta, stable, deprecated, removed) the notes
//! state for each feature gate, each dated and with its evidence.
//!
//! # How statements are found
//!
//! Notes of every kind but bug, failing-test and documentation (they mention gates in passing)
//! are cut into paragraphs, list items and sentences. A sentence names a gate when it says so
//! (`the CSIMigration feature gate`, `feature gates A, B and C`, `--feature-gates=X=true`, the
//! names after a colon that follows "feature gate", the items of a list whose lead-in names
//! feature gates), or when it names a CamelCase identifier some other note calls a feature gate
//! (also written in another case: `IPv6Dualstack` is IPv6DualStack).
//! Names after "in favor of", "replaced by" or ", use" are replacements and do not count.
//!
//! A sentence states: **removed** ("removed", "remove", "dropped", "deleted"; a removal alone
//! wins over the other words of its sentence), else the most advanced of **stable** ("GA",
//! "stable", "generally available", "locked to true/default", "unconditionally enabled",
//! "cannot be disabled"), **beta** and **alpha**, and **deprecated**. A stage word after "not",
//! "no longer", "never", "from" (`from alpha to beta`), in the future ("will be removed",
//! "to be removed", "planned"), after "must" or in a condition ("if you *must* remove this
//! check") states nothing. Nothing else is inferred: a gate "added" without a stage word gets
//! no event.
//!
//! A name only other notes call a gate takes a graduation ("graduates to GA", "is now beta"),
//! or "alpha"/"beta" next to it as a feature's name ("the alpha feature `X`", "the `X` alpha
//! feature") when the clause introduces it ("Adds", "we introduce a new") or the phrase is the
//! clause's subject ("The alpha feature `X` enables …"). Mentioned in passing ("Extends the X
//! alpha feature", "when the X alpha feature is enabled", "the alpha `X` CRD"), the adjective
//! is the stage the thing already has and dates nothing. A known gate's name spelled out as
//! words takes its clause's graduation too ("Mount propagation has been promoted to GA",
//! "Graduate Pod Priority and Preemption to GA"), not right after a preposition ("the
//! mechanism used by device plugins … is now GA" is no graduation of DevicePlugins).
//!
//! A list item that is only names ("- `MountPropagation`") states the stages of its lead-in
//! line (ending with `:` and naming feature gates), and the event quotes the lead-in before the
//! item; under any other lead-in a bare name states nothing.
//!
//! The major themes of each `x.y.0` release ("What's New (Major Themes)") are read too, for
//! the names they call feature gates and the stage next to a known gate's name in a clause
//! that introduces it ("In 1.20, we introduce a new alpha feature `CSIServiceAccountToken`"),
//! not for graduations of the names they mention (their sentences name several features:
//! "`RootCAConfigMap` graduates to Beta, separating from `BoundServiceAccountTokenVolume`").
//! Their statements have no PR. A stage word in a code span of several words (`` `kubeadm
//! alpha` ``, a command) is no stage. A theme's removal of a gate in a minor whose notes say it
//! went stable and state no removal (v1.23.0: "In 1.23, the `IPv6DualStack` feature gate is
//! removed", where #104691 says "IPv6DualStack feature moved to stable") is no event: a gate
//! that goes GA is locked on and removed in a later release, and the notes carry the PR. It is
//! kept in [`FeatureGate::contradicted`] with the notes' event, and `feature-gates NAME` prints
//! it under the gate's events.
//!
//! # Whose gate
//!
//! kubeadm has feature gates of its own, some named like the cluster components' gates
//! (`DynamicKubeletConfig`, `CoreDNS`). A statement of a kubeadm note (its component is kubeadm,
//! its text starts with "kubeadm", or a heading of its section names kubeadm) is about
//! kubeadm's gate of that name, and so is one whose sentence names kubeadm and says "feature
//! gate" ("Addon configuration is introduced in the kubeadm config API, while feature flag
//! CoreDNS is now deprecated"; not "Alpha Initializers have been removed from kubeadm admission
//! control", about the cluster's gate): a gate is keyed by name and [`FeatureGate::component`]
//! (`Some("kubeadm")`, `None` for the cluster's), and the two never share events.
//!
//! # Dating
//!
//! A statement counts for the minor of the first cycle release (`x.y.0` or a pre-release) that
//! carries the same change (the identity rule of [`crate::change`]), else for its own
//! release's; a backport to an older line does not antedate a change. Each gate has one event
//! per stage: the earliest, with the first release of that minor's own line stating it.

mod read;
mod spelled;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod theme_tests;

use super::{
    closest_name, gate_component, gate_label, is_cycle_release, is_theme, minor_of,
    prose_gate_component,
};
use crate::change::{ChangeKey, ChangeSet};
use crate::model::Kind;
use crate::History;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// A stage of a feature gate's lifecycle, in lifecycle order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Alpha: off by default.
    Alpha,
    /// Beta: usually on by default.
    Beta,
    /// Stable (GA): on, often locked to true.
    Stable,
    /// Deprecated: still there, to be removed.
    Deprecated,
    /// Removed: the gate is gone (its feature usually unconditionally on).
    Removed,
}

impl Stage {
    /// The lower-case name, as serialized: `alpha`, `beta`, `stable`, `deprecated`, `removed`.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Alpha => "alpha",
            Stage::Beta => "beta",
            Stage::Stable => "stable",
            Stage::Deprecated => "deprecated",
            Stage::Removed => "removed",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One stage of a gate, with the statement that dates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateEvent {
    /// The stage the statement states.
    pub stage: Stage,
    /// The minor it counts for (`1.17`).
    pub since: String,
    /// The first release (of that minor's own line, when there is one) whose notes state it.
    pub release: String,
    /// The note's PR.
    pub pr: Option<u64>,
    /// The sentence.
    pub text: String,
}

/// A statement the timeline dates no stage by, and the statement that contradicts it
/// ([`FeatureGate::contradicted`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contradicted {
    /// The statement, as the event it would have made.
    pub statement: GateEvent,
    /// The notes' event of the same minor that contradicts it.
    pub by: GateEvent,
}

/// A feature gate and its stages, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureGate {
    /// The gate's name as the notes write it (`CSIMigration`).
    pub name: String,
    /// `Some("kubeadm")` for kubeadm's own gate of that name (read from kubeadm's notes);
    /// `None` for a gate of the cluster components.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// One event per stage, the earliest, in order of minor (then of [`Stage`]).
    pub events: Vec<GateEvent>,
    /// A major theme's removal that the notes of its minor contradict (they say the gate went
    /// stable and state no removal: v1.23.0's IPv6DualStack): kept as evidence, never an
    /// event, so the gate's stage is the notes'.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contradicted: Vec<Contradicted>,
}

/// `(1, 17)` for `1.17`, `v1.17`, `v1.17.3` or `1.17.0-beta.1`.
fn parse_minor(text: &str) -> Option<(u64, u64)> {
    let text = text.trim().trim_start_matches('v');
    let mut parts = text.split(['.', '-']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

impl FeatureGate {
    /// The name, with the component for a component's own gate: `DynamicKubeletConfig
    /// (kubeadm)`.
    pub fn label(&self) -> String {
        gate_label(&self.name, self.component.as_deref())
    }

    /// The gate's stage at `minor` (`1.20`, `v1.20` or a tag): that of its last event since
    /// then or before, `None` when no statement is that old (or `minor` is not a version).
    pub fn stage_at(&self, minor: &str) -> Option<Stage> {
        let at = parse_minor(minor)?;
        self.events
            .iter()
            .rfind(|e| parse_minor(&e.since).is_some_and(|m| m <= at))
            .map(|e| e.stage)
    }
}

/// A gate whose stage changes on an upgrade path ([`FeatureGateTimeline::changes_between`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateChange {
    /// The gate.
    pub name: String,
    /// Whose gate it is: [`FeatureGate::component`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// Its stage at the start, `None` where no statement is that old.
    pub from: Option<Stage>,
    /// Its stage at the end.
    pub to: Stage,
    /// The events after the start's minor up to the end's: the evidence.
    pub events: Vec<GateEvent>,
}

impl GateChange {
    /// The gate's [`FeatureGate::label`].
    pub fn label(&self) -> String {
        gate_label(&self.name, self.component.as_deref())
    }
}

/// Every feature gate the notes give a stage, by name and component.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureGateTimeline {
    /// The gates, sorted by name, the cluster's before a component's of the same name.
    pub gates: Vec<FeatureGate>,
}

impl FeatureGateTimeline {
    /// Whether no gate is known.
    pub fn is_empty(&self) -> bool {
        self.gates.is_empty()
    }
}

impl FeatureGateTimeline {
    /// The gate called `name`, in any case: the cluster's when there is one, else a
    /// component's ([`Self::named`] gives them all).
    pub fn get(&self, name: &str) -> Option<&FeatureGate> {
        let named = || {
            self.gates
                .iter()
                .filter(|g| g.name.eq_ignore_ascii_case(name))
        };
        named()
            .find(|g| g.component.is_none())
            .or_else(|| named().next())
    }

    /// Every gate called `name`, in any case: the cluster's, then the components' own.
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a FeatureGate> {
        self.gates
            .iter()
            .filter(move |g| g.name.eq_ignore_ascii_case(name))
    }

    /// The known gate whose name is closest to `name`, ignoring case, for "did you mean": one
    /// that contains it (`RootCA`: `RootCAConfigMap`) before one that does not, then the fewest
    /// edits; `None` when there is no gate. (The rule `timeline::closest_dependency` shares.)
    pub fn closest(&self, name: &str) -> Option<&str> {
        closest_name(self.gates.iter().map(|g| g.name.as_str()), name)
    }

    /// The gates whose stage at `to` differs from their stage at `from` (minors or tags), with
    /// the events in between; empty when `to` is not after `from`.
    pub fn changes_between(&self, from: &str, to: &str) -> Vec<GateChange> {
        let (Some(start), Some(end)) = (parse_minor(from), parse_minor(to)) else {
            return Vec::new();
        };
        self.gates
            .iter()
            .filter_map(|gate| {
                let to_stage = gate.stage_at(to)?;
                let from_stage = gate.stage_at(from);
                (from_stage != Some(to_stage)).then(|| GateChange {
                    name: gate.name.clone(),
                    component: gate.component.clone(),
                    from: from_stage,
                    to: to_stage,
                    events: gate
                        .events
                        .iter()
                        .filter(|e| parse_minor(&e.since).is_some_and(|m| start < m && m <= end))
                        .cloned()
                        .collect(),
                })
            })
            .collect()
    }
}

/// Whether a note of this kind is read (bugs, failing tests and documentation mention gates
/// in passing).
fn is_read(kind: Option<Kind>) -> bool {
    !matches!(
        kind,
        Some(Kind::Bug | Kind::FailingTest | Kind::Documentation)
    )
}

/// Where a statement is read: a note, or a prose block of an `x.y.0` release's major themes
/// (with its section's headings).
enum Source<'h> {
    Note(&'h crate::model::Note),
    Theme(&'h [String]),
}

/// One statement of a stage of a gate, before grouping.
#[derive(Clone)]
struct Said<'h> {
    minor: (u64, u64),
    release: &'h semver::Version,
    tag: &'h str,
    pr: Option<u64>,
    text: &'h str,
    /// Read from a major theme, not a note.
    theme: bool,
}

/// The stages one note's `text` states, as `(gate, stage, sentence)`: the reading
/// [`feature_gates`] does for each note, with `known` the names other notes call gates (the
/// timeline's, [`FeatureGateTimeline::gates`]), so "Graduate X to GA" counts for a known `X`.
pub fn stages_stated(text: &str, known: &HashSet<String>) -> Vec<(String, Stage, String)> {
    read::statements(text, known)
        .into_iter()
        .flat_map(|s| {
            s.names
                .iter()
                .flat_map(|n| s.stages.iter().map(move |st| (n.clone(), *st)))
                .map(|(n, st)| (n, st, s.text.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Identifiers of the read notes that are a `known` gate's name in another case
/// (`IPv6Dualstack`), each with the name the notes call a gate (the first in sorting order when
/// several differ only in case).
fn case_variants(history: &History, known: &HashSet<String>) -> BTreeMap<String, String> {
    let mut folded: BTreeMap<String, &String> = BTreeMap::new();
    let mut names: Vec<&String> = known.iter().collect();
    names.sort();
    for name in names {
        folded.entry(name.to_ascii_lowercase()).or_insert(name);
    }
    let mut variants = BTreeMap::new();
    for release in history.releases() {
        for note in release.notes.iter().filter(|n| is_read(n.kind)) {
            for m in read::NAMES.find_iter(&note.text) {
                let name = m.as_str();
                if known.contains(name) || variants.contains_key(name) {
                    continue;
                }
                if let Some(gate) = folded.get(&name.to_ascii_lowercase()) {
                    variants.insert(name.to_string(), (*gate).clone());
                }
            }
        }
    }
    variants
}

/// The lifecycle of every feature gate the notes of `history` state a stage of.
pub fn feature_gates(history: &History) -> FeatureGateTimeline {
    // Names some note calls a feature gate.
    let mut known: HashSet<String> = HashSet::new();
    for release in history.releases() {
        for note in release.notes.iter().filter(|n| is_read(n.kind)) {
            known.extend(read::gates_in(&note.text));
        }
    }
    // A known gate written in another case ("Upgrades `IPv6Dualstack` to `Beta`", v1.21.0) is
    // read as that gate.
    let variants = case_variants(history, &known);
    known.extend(variants.keys().cloned());
    // The first cycle release carrying each change, to date backports.
    let mut first_cycle: ChangeSet<&semver::Version> = ChangeSet::default();
    for release in history.releases() {
        if is_cycle_release(&release.semver) {
            for note in &release.notes {
                first_cycle.insert(ChangeKey::of(note), &release.semver);
            }
        }
    }
    // The read notes and, of each x.y.0 release, its major themes' prose blocks.
    let mut read_notes: Vec<(&crate::model::Release, Source<'_>, Vec<read::Statement>)> =
        Vec::new();
    for release in history.releases() {
        for note in release.notes.iter().filter(|n| is_read(n.kind)) {
            let statements = read::statements(&note.text, &known);
            if !statements.is_empty() {
                read_notes.push((release, Source::Note(note), statements));
            }
        }
    }
    // The themes after the notes, so that a theme's statement can be checked against the gates
    // the notes key.
    for release in history.releases() {
        if release.semver.patch == 0 && release.semver.pre.is_empty() {
            for prose in release.prose.iter().filter(|p| is_theme(&p.section)) {
                let statements = read::theme_statements(&prose.text, &known);
                if !statements.is_empty() {
                    read_notes.push((release, Source::Theme(&prose.section), statements));
                }
            }
        }
    }
    // Keyed by gate (name, component) and stage.
    let mut said: BTreeMap<(Gate, Stage), Vec<Said<'_>>> = BTreeMap::new();
    for (release, source, statements) in &read_notes {
        let dated = match source {
            Source::Note(note) if !is_cycle_release(&release.semver) => first_cycle
                .get(&ChangeKey::of(note))
                .copied()
                .unwrap_or(&release.semver),
            _ => &release.semver,
        };
        for statement in statements {
            let about_gates = read::GATE_WORD.is_match(&statement.text);
            let component = match source {
                Source::Note(note) => gate_component(note, &statement.text, about_gates),
                Source::Theme(section) => {
                    prose_gate_component(section, &statement.text, about_gates)
                }
            };
            for name in &statement.names {
                let name = variants.get(name).unwrap_or(name);
                // A theme that does not name kubeadm, about a gate the notes know only as
                // kubeadm's (v1.12.0's SIG Cluster Lifecycle theme: "The Alpha feature-gates
                // HighAvailability, SelfHosting, CertsInSecrets are now deprecated"): whose
                // gate it is cannot be read, so it states nothing.
                let kubeadm_only = || {
                    let keyed = |c: Option<&str>| {
                        said.keys()
                            .any(|((n, k), _)| n == name && k.as_deref() == c)
                    };
                    !keyed(None) && keyed(Some(super::KUBEADM))
                };
                if matches!(source, Source::Theme(_)) && component.is_none() && kubeadm_only() {
                    continue;
                }
                for &stage in &statement.stages {
                    let gate = (name.clone(), component.clone());
                    said.entry((gate, stage)).or_default().push(Said {
                        minor: (dated.major, dated.minor),
                        release: &release.semver,
                        tag: &release.version,
                        pr: match source {
                            Source::Note(note) => note.pr(),
                            Source::Theme(_) => None,
                        },
                        text: &statement.text,
                        theme: matches!(source, Source::Theme(_)),
                    });
                }
            }
        }
    }
    let mut contradicted = contradicted_removals(&mut said);
    let mut gates: BTreeMap<Gate, Vec<GateEvent>> = BTreeMap::new();
    for ((gate, stage), statements) in said {
        gates
            .entry(gate)
            .or_default()
            .push(event_of(stage, &statements));
    }
    FeatureGateTimeline {
        gates: gates
            .into_iter()
            .map(|((name, component), mut events)| {
                events.sort_by_key(|e| (parse_minor(&e.since), e.stage));
                let contradicted = contradicted
                    .remove(&(name.clone(), component.clone()))
                    .unwrap_or_default();
                FeatureGate {
                    name,
                    component,
                    events,
                    contradicted,
                }
            })
            .collect(),
    }
}

/// A gate: its name and whose it is.
type Gate = (String, Option<String>);

/// The event of `stage` its `statements` make: the earliest minor, with the first statement of
/// that minor's own line (a backport's only when there is none).
fn event_of(stage: Stage, statements: &[Said<'_>]) -> GateEvent {
    let minor = statements
        .iter()
        .map(|s| s.minor)
        .min()
        .expect("statements");
    let of_minor = statements.iter().filter(|s| s.minor == minor);
    let first = of_minor
        .clone()
        .filter(|s| (s.release.major, s.release.minor) == minor)
        .min_by_key(|s| s.release)
        .or_else(|| of_minor.min_by_key(|s| s.release))
        .expect("a statement of the minor");
    GateEvent {
        stage,
        since: minor_of(&semver::Version::new(minor.0, minor.1, 0)),
        release: first.tag.to_string(),
        pr: first.pr,
        text: first.text.to_string(),
    }
}

/// Takes out of `said` the removals a major theme states in a minor whose notes say the gate
/// went stable and state no removal (v1.23.0's "In 1.23, the `IPv6DualStack` feature gate is
/// removed", where #104691 says "IPv6DualStack feature moved to stable"): a gate that goes GA
/// is locked on and removed in a later release, so the two statements cannot both hold, and
/// the notes, with their PR, date the stage. Each comes back with the notes' event.
fn contradicted_removals(
    said: &mut BTreeMap<(Gate, Stage), Vec<Said<'_>>>,
) -> BTreeMap<Gate, Vec<Contradicted>> {
    let mut out: BTreeMap<Gate, Vec<Contradicted>> = BTreeMap::new();
    let removed: Vec<Gate> = said
        .keys()
        .filter(|(_, stage)| *stage == Stage::Removed)
        .map(|(gate, _)| gate.clone())
        .collect();
    for gate in removed {
        let Some(stable) = said.get(&(gate.clone(), Stage::Stable)) else {
            continue;
        };
        let stable: Vec<Said<'_>> = stable.iter().filter(|s| !s.theme).cloned().collect();
        let removals = said
            .get_mut(&(gate.clone(), Stage::Removed))
            .expect("a removed gate");
        let noted: Vec<(u64, u64)> = removals
            .iter()
            .filter(|s| !s.theme)
            .map(|s| s.minor)
            .collect();
        let (taken, kept): (Vec<Said<'_>>, Vec<Said<'_>>) = removals.drain(..).partition(|s| {
            s.theme && !noted.contains(&s.minor) && stable.iter().any(|t| t.minor == s.minor)
        });
        *removals = kept;
        for statement in taken {
            let by: Vec<Said<'_>> = stable
                .iter()
                .filter(|t| t.minor == statement.minor)
                .cloned()
                .collect();
            out.entry(gate.clone()).or_default().push(Contradicted {
                statement: event_of(Stage::Removed, &[statement]),
                by: event_of(Stage::Stable, &by),
            });
        }
        if removals.is_empty() {
            said.remove(&(gate, Stage::Removed));
        }
    }
    out
}
