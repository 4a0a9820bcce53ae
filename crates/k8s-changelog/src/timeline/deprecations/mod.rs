//! The deprecation and removal timeline: which API versions, resources, flags, feature gates,
//! in-tree plugins and named subsystems the notes deprecate or remove, and in which minor.
//!
//! # How statements are found
//!
//! A note is read when it is a deprecation (kind `deprecation`, or under a Deprecation /
//! Removal / Urgent / Action Required heading, or marked action required) or its text uses a
//! status word; bug, failing-test and documentation notes are left out (they mention deprecated
//! things in passing). Its text (without fenced code) is cut into paragraphs and list items,
//! then sentences (a line that starts with a capitalised word after a title line without a
//! final stop is a sentence of its own). Each sentence gets a status:
//!
//! - **no longer served** ("no longer served", "stops serving", "can no longer be served"),
//!   else **removed** ("removed", "remove", "dropped", "deleted", and a feature gate that "can
//!   no longer be specified", the words the feature-gate timeline reads as removed too), else
//!   **deprecated** ("deprecated", or a removal in the future tense: "will be removed in
//!   v1.18", "will no longer be served"), ignoring negations ("not removed", "no longer
//!   deprecated"); an attributive "deprecated" after a determiner or a preposition ("instead
//!   of the deprecated `--admission-control`", "requests to deprecated versions") names a thing
//!   already deprecated, mentioned in passing, and gives no item a status;
//! - a list item without a status word takes the status of the lead-in line ending with `:`
//!   ("The following APIs are no longer served by default:"; an attributive "deprecated" only
//!   when the line says what the list is: "The deprecated flags are:"), and the removal it plans
//!   ("… would be removed in v1.24:"), and quotes the lead-in before the item as its evidence;
//!   under a lead-in about feature gates, an item of a few words names gates by their CamelCase
//!   names alone ("- `CustomPodDNS`");
//! - when no sentence of a deprecation note has a status word, every sentence is "deprecated"
//!   ("removed" under a Removed heading), except for the items a sentence introduces ("a new
//!   `X` feature gate has been added").
//!
//! In a sentence with a status, the items named are: API group/versions
//! (`extensions/v1beta1`, `flowcontrol.apiserver.k8s.io/v1beta2`; alpha and beta versions only,
//! no stable version was removed in this corpus) with the resource kinds between it and the
//! previous group/version (or right after it); resource kinds named as an API without a version
//! ("The PodSecurityPolicy API is deprecated"); `--flags`, with the component the sentence or
//! note names; CamelCase feature gates next to "feature gate" (in a kubeadm note or a sentence
//! naming kubeadm, kubeadm's own gate, an item apart from the cluster gate of that name, with `components` `["kubeadm"]`:
//! see [`crate::timeline::is_kubeadm_note`]); in-tree plugins
//! (`kubernetes.io/gce-pd`); and a few named subsystems (dockershim). Items named as the
//! replacement ("use `apps/v1` instead", "in favor of", "moved to", "available via", "please
//! set the new `--x`", "use the arguments `--a` and `--b`": every item of a list that starts
//! so, "set via the Kubelet's `--config` file") are not items of the sentence (an API version
//! named so, in the sentence or in another sentence of the note about the same group or kind,
//! is the item's [`DeprecatedItem::replacement`]), nor are the
//! items named as where a field or annotation lives ("The `series.state` field in the
//! `events.k8s.io/v1beta1` Event API"), nor those named as the means ("invocations that specify
//! alpha or beta policy configurations with `--audit-policy-file`", #98858; not "along with"). An item in a condition closed by a comma ("If the `X`
//! feature gate is disabled, … are dropped") does not take the main clause's status. Future-tense removals set `removal_planned` when they name a version.
//! A bare version (`` `v1beta1` is now deprecated ``) is one of the one group its note names
//! without a version (`node.k8s.io`, #95718). Group/versions in a link's address name nothing.
//!
//! The major themes of each `x.y.0` release are read the same way, without a PR, for the API
//! versions and resources only ("The HorizontalPodAutoscaler `autoscaling/v2beta2` API is
//! deprecated", stated nowhere else); their flags and gates are left to the notes (v1.12.0's
//! themes name kubeadm's gates without saying whose; v1.23.0's call IPv6DualStack removed where
//! the notes say it went stable).
//!
//! # How events are dated
//!
//! Statements are grouped per item and status into events dated by minor: a statement counts
//! for the minor of the first `x.y.0` (or pre-release) whose notes carry the same PR, else for
//! its own release's minor, so a backport to an older line does not antedate the change. An
//! item's `deprecated_in` is its first "deprecated" minor; `removed_in` its first "removed" or
//! "no longer served" minor, or that of its group/version as a whole ("All resources under
//! `apps/v1beta1`") when earlier.
//!
//! # Completeness
//!
//! On the v1.2–v1.24.0-alpha.1 corpus (23 files, 433 releases) this finds 231 items (the
//! golden snapshot `timeline__deprecations.snap` lists them): 46 API group/versions (22 as a
//! whole, 24 with a resource), 2 resources named without a version, 128 flags, 50 feature
//! gates, 4 in-tree plugins and dockershim; 161 have a `deprecated_in`, 134 a `removed_in`,
//! 65 both, 29 a planned removal, 31 a replacement, from 345 events, 7 of them removals from one
//! of kubeadm's commands (`scope`: `--cri-socket` "for kubeadm upgrade apply", which leaves the
//! flag on init, join and reset, so such an event does not date `removed_in`) (all counted in
//! `k8s-changelog deprecations --format json`). It misses:
//!
//! - what none of the shapes above names: metrics, fields and annotations (`.spec.rollbackTo`),
//!   admission plugins, kubectl commands and generators, labels, options written without `--`
//!   ("the `service-node-ports` flag"), stable API versions, and things named only in prose
//!   ("The feature Dynamic Kubelet Configuration is deprecated");
//! - statements spread over sentences ("Feature gate `X` is disabled … It is deprecated.") or
//!   whose item sits in another clause ("… will report a warning when the flag
//!   `--dynamic-config-dir` is used": `when`, `if`, `unless`, `but`, `;` end a clause);
//! - removals the changelogs do not state: the 1.22 removals of the v1beta1 Ingress, CRD and
//!   webhook APIs appear only as announcements ("planned 1.22").
//!
//! And it over-reads: a removal of a part (a default value, the `auto-detect` behaviour of
//! `--cloud-provider`) counts as a removal of the item; flags are keyed by name, so one
//! component's removal and another's deprecation of a same-named flag share an entry.
//!
//! # Modules
//!
//! [`notes`] reads one note: [`sentences`] cuts it into sentences, [`status`] finds what each
//! says, [`items`] what it names (with the [`vocabulary`] of resource kinds and components);
//! [`dating`] dates the statements and resolves each item. This module holds the public types
//! and puts the steps together.

mod dating;
mod generic;
mod items;
mod lookup;
mod notes;
mod replacement;
mod scope;
mod sentences;
mod status;
mod vocabulary;

pub use lookup::{ItemChange, ItemLookup};
pub use replacement::Replacement;

use super::is_theme;
use crate::History;
use dating::{events_of, group_removals, resolve, CycleReleases, Said};
use items::ItemKey;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// What kind of thing an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ItemKind {
    /// `extensions/v1beta1`, optionally with a resource kind (`Deployment`).
    ApiVersion,
    /// A resource kind named as an API without a version (`PodSecurityPolicy`).
    Resource,
    /// `--basic-auth-file`.
    Flag,
    /// `DynamicKubeletConfig`.
    FeatureGate,
    /// An in-tree plugin named by its `kubernetes.io/…` name (`kubernetes.io/gce-pd`).
    Plugin,
    /// A named subsystem (`dockershim`).
    Subsystem,
}

impl ItemKind {
    /// The kind's name in the text form: `api`, `resource`, `flag`, `feature-gate`, `plugin`,
    /// `subsystem`.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::ApiVersion => "api",
            ItemKind::Resource => "resource",
            ItemKind::Flag => "flag",
            ItemKind::FeatureGate => "feature-gate",
            ItemKind::Plugin => "plugin",
            ItemKind::Subsystem => "subsystem",
        }
    }
}

/// What a statement says happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Status {
    /// Deprecated, or announced for removal.
    Deprecated,
    /// An API no longer served (it may still be re-enabled for a while).
    NoLongerServed,
    /// Removed.
    Removed,
}

impl Status {
    /// The status's name in the text form: `deprecated`, `no-longer-served`, `removed`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Deprecated => "deprecated",
            Status::NoLongerServed => "no-longer-served",
            Status::Removed => "removed",
        }
    }
}

/// One status of one item, as first stated in one minor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvent {
    /// What the statements say.
    pub status: Status,
    /// The minor line (`1.16`).
    pub since: String,
    /// The first tag of that minor whose notes say it (`v1.16.0-alpha.1`).
    pub first: String,
    /// Every tag whose notes say it for this minor (backports to older lines included).
    pub releases: Vec<String>,
    /// The PR of the first statement.
    pub pr: Option<u64>,
    /// The sentence of the first statement.
    pub text: String,
    /// For a deprecation that announces its removal: the version it names (`1.25`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removal_planned: Option<String>,
    /// For an event resolved from a statement about many API versions ("Deprecated beta APIs
    /// scheduled for removal in 1.25 are no longer served"): why it applies to this item (`its
    /// removal was planned for 1.25`, `the statement names Lease`). `None` for a statement that
    /// names the item itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// For a flag's removal from one of kubeadm's commands ("remove the deprecated
    /// `--cri-socket` flag for `kubeadm upgrade apply`"): that command. kubeadm's flags are shared
    /// by its commands, so such an event does not date the item's
    /// [`removed_in`](DeprecatedItem::removed_in); [`StatusEvent::label`] says where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

impl StatusEvent {
    /// What happened, in words: `removed`, `deprecated`, or `removed from kubeadm upgrade
    /// apply` for a scoped removal ([`StatusEvent::scope`]).
    pub fn label(&self) -> String {
        match &self.scope {
            Some(command) => format!("{} from {command}", self.status.label()),
            None => self.status.label().to_string(),
        }
    }
}

/// One deprecated or removed thing and its resolved timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeprecatedItem {
    /// What kind of thing it is.
    pub kind: ItemKind,
    /// `extensions/v1beta1`, `--basic-auth-file`, `DynamicKubeletConfig`, `dockershim`.
    pub name: String,
    /// For API versions: the resource kind (`Deployment`), if the notes name one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// For flags: the components the notes name (`kube-apiserver`). For feature gates:
    /// `["kubeadm"]` for kubeadm's own gate (read from kubeadm's notes), an item apart from the
    /// cluster components' gate of that name (whose list is empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    /// The first minor that deprecates it (`1.16`).
    pub deprecated_in: Option<String>,
    /// The first minor, not before its deprecation, that removes it or stops serving it, or
    /// that of its group/version as a whole when earlier.
    pub removed_in: Option<String>,
    /// The removal version the latest announcement names, when not yet removed (a later
    /// announcement supersedes an earlier plan).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removal_planned: Option<String>,
    /// The PR of that announcement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removal_planned_pr: Option<u64>,
    /// The planned removal version is at or before the newest release of the inputs, and no
    /// removal is recorded: the plan passed without a statement that it happened (it may have
    /// been postponed, or stated in a source the inputs lack). Never read as a removal.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removal_overdue: bool,
    /// For an API version: the API a statement tells users to move to, in its own sentence or
    /// in another sentence of its note about the same group or kind ("Use
    /// `admissionregistration.k8s.io/v1` instead.", "The PodDisruptionBudget API has been
    /// promoted to policy/v1"), with that statement's release and PR (the newest statement
    /// naming one: a later one supersedes an earlier, as `networking.k8s.io/v1` does
    /// `networking.k8s.io/v1beta1` for the `extensions/v1beta1` Ingress).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<Replacement>,
    /// Oldest first.
    pub events: Vec<StatusEvent>,
}

impl DeprecatedItem {
    /// `extensions/v1beta1 Deployment`, `--basic-auth-file`.
    pub fn key(&self) -> String {
        match &self.resource {
            Some(resource) => format!("{} {resource}", self.name),
            None => self.name.clone(),
        }
    }

    /// The [`key`](Self::key), with the component for a component's own feature gate:
    /// `DynamicKubeletConfig (kubeadm)`.
    pub fn label(&self) -> String {
        match self.kind {
            ItemKind::FeatureGate => crate::timeline::gate_label(
                &self.key(),
                self.components.first().map(String::as_str),
            ),
            _ => self.key(),
        }
    }
}

/// Every item, sorted by kind then name then resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeprecationTimeline {
    /// The items.
    pub items: Vec<DeprecatedItem>,
}

impl DeprecationTimeline {
    /// Whether no item is known.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The item named `name` (`extensions/v1beta1`, `--basic-auth-file`), with `resource` for
    /// a resource of an API version (`Some("Deployment")`); for a feature gate, the cluster's
    /// before kubeadm's own ([`DeprecatedItem::components`]).
    pub fn get(&self, name: &str, resource: Option<&str>) -> Option<&DeprecatedItem> {
        let named = || {
            self.items
                .iter()
                .filter(|i| i.name == name && i.resource.as_deref() == resource)
        };
        named()
            .find(|i| i.kind != ItemKind::FeatureGate || i.components.is_empty())
            .or_else(|| named().next())
    }
}

/// The compact text form: one line per item with its resolved minors, each with the first tag
/// and PR that state it:
/// `api extensions/v1beta1 Deployment | deprecated 1.8 (v1.8.0-beta.1 #51828) | no-longer-served 1.16 (v1.16.0-alpha.1 #70672)`.
impl fmt::Display for DeprecationTimeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pr = |e: &StatusEvent| e.pr.map(|p| format!(" #{p}")).unwrap_or_default();
        for item in &self.items {
            write!(f, "{:<12} {}", item.kind.label(), item.key())?;
            if !item.components.is_empty() {
                write!(f, " [{}]", item.components.join(","))?;
            }
            if let (Some(minor), Some(e)) = (&item.deprecated_in, item.deprecation_event()) {
                write!(f, " | deprecated {minor} ({}{})", e.first, pr(e))?;
            }
            if let Some(minor) = &item.removed_in {
                match item.removal_event() {
                    Some(e) => write!(f, " | {} {minor} ({}{})", e.status.label(), e.first, pr(e))?,
                    None => write!(f, " | removed {minor} (with its group)")?,
                }
            }
            for e in item.scoped_removals() {
                write!(f, " | {} {} ({}{})", e.label(), e.since, e.first, pr(e))?;
            }
            if let Some(plan) = item.removal_plan_text() {
                write!(f, " | planned {plan}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// `(1, 20)` for `1.20` or `v1.20`.
fn minor_of(version: &str) -> Option<(u64, u64)> {
    let (major, rest) = version.trim_start_matches('v').split_once('.')?;
    Some((major.parse().ok()?, rest.split('.').next()?.parse().ok()?))
}

/// Builds the timeline from every note of `history`.
pub fn deprecations(history: &History) -> DeprecationTimeline {
    let cycles = CycleReleases::of(history);
    let mut statements: BTreeMap<ItemKey, Vec<Said>> = BTreeMap::new();
    let mut components: HashMap<ItemKey, BTreeSet<String>> = HashMap::new();
    for release in history.releases() {
        let mut said = |note: &crate::model::Note, minor: (u64, u64), apis_only: bool| {
            for found in notes::read_note(note) {
                if apis_only && !matches!(found.key.kind, ItemKind::ApiVersion | ItemKind::Resource)
                {
                    continue;
                }
                if let Some(component) = &found.component {
                    components
                        .entry(found.key.clone())
                        .or_default()
                        .insert(component.clone());
                }
                statements.entry(found.key).or_default().push(Said {
                    status: found.status,
                    minor,
                    release,
                    pr: note.pr(),
                    text: found.sentence,
                    planned: found.planned,
                    via: None,
                    replacement: found.replacement,
                    scope: found.scope,
                });
            }
        };
        for note in &release.notes {
            said(note, cycles.minor_of(release, note), false);
        }
        // The x.y.0 major themes, read as notes without a PR for the API versions and
        // resources they deprecate or remove: some are stated only there ("The
        // HorizontalPodAutoscaler `autoscaling/v2beta2` API is deprecated", v1.23.0). Their
        // gates are left to the notes: the themes name them loosely (v1.12.0's kubeadm gates
        // without saying whose, v1.23.0's "the `IPv6DualStack` feature gate is removed" where
        // the notes say it went stable).
        if release.semver.patch == 0 && release.semver.pre.is_empty() {
            let minor = (release.semver.major, release.semver.minor);
            for prose in release.prose.iter().filter(|p| is_theme(&p.section)) {
                said(&notes::theme_note(prose), minor, true);
            }
        }
    }

    // Statements about many API versions at once, from the notes and from the x.y.0 major
    // themes, resolved against the plans in force and the kinds they name.
    let mut generics = Vec::new();
    for release in history.releases() {
        for note in &release.notes {
            generics.extend(generic::generic_statements(
                &note.text,
                release,
                cycles.minor_of(release, note),
                note.pr(),
            ));
        }
        if release.semver.patch == 0 && release.semver.pre.is_empty() {
            let minor = (release.semver.major, release.semver.minor);
            for prose in release.prose.iter().filter(|p| is_theme(&p.section)) {
                generics.extend(generic::generic_statements(
                    &prose.text,
                    release,
                    minor,
                    None,
                ));
            }
        }
    }
    generic::resolve_generic(&generics, &mut statements);

    let group_removed = group_removals(&statements);
    let newest = history
        .releases()
        .iter()
        .rev()
        .find(|r| r.semver.pre.is_empty())
        .map(|r| (r.semver.major, r.semver.minor));
    let items = statements
        .into_iter()
        .map(|(key, said)| {
            let events = events_of(&said);
            let resolved = resolve(&key, &said, &group_removed);
            let replacement = replacement::of_statements(&said);
            DeprecatedItem {
                kind: key.kind,
                components: components
                    .remove(&key)
                    .map(|c| c.into_iter().collect())
                    .unwrap_or_default(),
                name: key.name,
                resource: key.resource,
                deprecated_in: resolved.deprecated_in,
                removed_in: resolved.removed_in,
                removal_overdue: resolved
                    .removal_planned
                    .as_deref()
                    .is_some_and(|p| minor_of(p).is_some_and(|p| newest.is_some_and(|n| p <= n))),
                removal_planned: resolved.removal_planned,
                removal_planned_pr: resolved.removal_planned_pr,
                replacement,
                events,
            }
        })
        .collect();
    DeprecationTimeline { items }
}
