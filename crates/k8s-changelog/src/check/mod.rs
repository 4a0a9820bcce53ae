//! Will my manifests break? The objects found in a user's manifests (their `apiVersion` and
//! `kind`), checked against the deprecation timeline of the changelogs and, when given, the
//! Deprecated API Migration Guide, at a target release.
//!
//! The rules, in one place:
//!
//! - **Matching.** The changelogs: the timeline item of the object's group/version *and kind*
//!   where the notes name the kind, else the item of the resource kind named without a version
//!   (`PodSecurityPolicy`), else the group/version as a whole. The guide: its entry for the
//!   group/version and kind. Names compare without regard to case.
//! - **Removed** when the removal minor is at or before the target (minors compare as numbers;
//!   `v1.22.3` is `1.22`). For an API removal the guide wins, since it is the official list: when
//!   it lists the object, its minor is the removal minor, and a changelog that says otherwise is
//!   reported in the finding's `disagreement`.
//! - **Deprecated** when not removed and a changelog statement deprecates it at or before the
//!   target, or the changelogs say it was removed by then while the guide says later.
//! - **Never a guess**: an object that no source makes a statement about is not a finding, and
//!   a guide entry alone (a removal in a later release, no dated deprecation) is not one either.
//! - With `from`, each finding says whether it is new on the path: its status at `from` was not
//!   the same.
//!
//! The caller reads the manifests (the crate `k8s-changelog-manifests`, for the CLI's `check`
//! and the explorer's Check view); this module does no I/O. The explorer checks against the
//! timeline and the guide entries its index carries ([`Checker::from_parts`]).

use crate::guide::{ApiGuide, GuideEntry};
use crate::timeline::{DeprecatedItem, DeprecationTimeline, ItemKind, StatusEvent};
use crate::QueryError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One Kubernetes object found in a manifest. `Deserialize` lets the web explorer take the
/// objects its manifest reader (a wasm module of its own) hands over as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestObject {
    /// The file it was read from, as the caller names it (`<stdin>` for stdin).
    pub file: String,
    /// 1-based line of the object (its document's start, or its `apiVersion` key).
    pub line: u32,
    /// `extensions/v1beta1`.
    pub api_version: String,
    /// `Deployment`.
    pub kind: String,
    /// `metadata.name`, when set.
    pub name: Option<String>,
    /// `metadata.namespace`, when set.
    pub namespace: Option<String>,
}

/// An object's status at the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingStatus {
    /// Deprecated, still served.
    Deprecated,
    /// No longer served (or removed): applying it fails.
    Removed,
}

impl FindingStatus {
    /// `deprecated`, `removed`.
    pub fn label(self) -> &'static str {
        match self {
            FindingStatus::Deprecated => "deprecated",
            FindingStatus::Removed => "removed",
        }
    }
}

/// What a changelog says, with where it says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangelogEvidence {
    /// The timeline item matched: `extensions/v1beta1 Deployment`, `extensions/v1beta1`,
    /// `PodSecurityPolicy`.
    pub item: String,
    /// `deprecated`, `no-longer-served` or `removed`.
    pub status: String,
    /// The minor of the statement (`1.16`).
    pub since: String,
    /// The first release whose notes say it (`v1.16.0-alpha.1`).
    pub release: String,
    /// The PR of the statement.
    pub pr: Option<u64>,
    /// The sentence.
    pub sentence: String,
}

/// What the Deprecated API Migration Guide says, with where it says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideEvidence {
    /// The guide's file, as the caller named it.
    pub file: String,
    /// 1-based line of the statement.
    pub line: u32,
    /// The minor that stops serving it (`1.22`).
    pub removed_in: String,
    /// The statement.
    pub sentence: String,
}

impl GuideEvidence {
    /// Where `entry` says what it says.
    pub fn of(entry: &GuideEntry) -> GuideEvidence {
        GuideEvidence {
            file: entry.file.clone(),
            line: entry.line,
            removed_in: entry.removed_in.clone(),
            sentence: entry.sentence.clone(),
        }
    }
}

/// Where a finding comes from: one or both sources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The changelog statement: the removal's where the changelogs date one, else the
    /// deprecation's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changelog: Option<ChangelogEvidence>,
    /// The guide's entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guide: Option<GuideEvidence>,
}

/// One object that is deprecated or no longer served at the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The object: file, line, api_version, kind, name, namespace.
    #[serde(flatten)]
    pub object: ManifestObject,
    /// Removed or deprecated at the target.
    pub status: FindingStatus,
    /// The minor of that status (`1.16`); `null` only for a deprecation the sources imply but
    /// do not date (the changelogs say removed, the guide says later).
    pub since: Option<String>,
    /// The API version to migrate to (`apps/v1`): the guide's, else the one a changelog
    /// statement names ("use `apps/v1` instead"); `null` when neither says.
    pub replacement: Option<String>,
    /// Where the replacement comes from: `guide`, or the release and PR of the changelog
    /// statement (`v1.16.0-alpha.1 #70672`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement_from: Option<String>,
    /// For a deprecated object: the minor that stops serving it, as the guide or the latest
    /// changelog announcement says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removal_planned: Option<String>,
    /// A deprecated object whose planned removal is at or before the target: the sources plan
    /// it for then, but none records it (the target is past the releases read, or their notes
    /// do not say). Upgrading to the target likely means it is no longer served.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub removal_due: bool,
    /// With `from`: whether the status is new on the path (not the same at `from`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_on_path: Option<bool>,
    /// When the changelogs and the guide date the removal differently:
    /// `changelog says 1.19, guide says 1.25`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreement: Option<String>,
    /// Where it comes from.
    pub evidence: Evidence,
}

/// The answer of [`check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// The target as given, normalised with a `v` (`v1.22`).
    pub target: String,
    /// With `from`: the start as given, normalised (`v1.16`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// One per object that is deprecated or removed at the target, in the objects' order.
    pub findings: Vec<Finding>,
}

impl CheckReport {
    /// Whether any object is no longer served at the target.
    pub fn any_removed(&self) -> bool {
        self.count(FindingStatus::Removed) > 0
    }

    /// How many objects have `status` at the target (the CLI's summary line and exit code, the
    /// explorer's verdict).
    pub fn count(&self, status: FindingStatus) -> usize {
        self.findings.iter().filter(|f| f.status == status).count()
    }

    /// The deprecated objects whose planned removal is at or before the target
    /// ([`Finding::removal_due`]).
    pub fn removals_due(&self) -> usize {
        self.findings.iter().filter(|f| f.removal_due).count()
    }
}

/// Whether `target` (`v1.25`) is a minor past the newest release read (`v1.24.0-alpha.1`): what
/// happens there is known only from plans and the guide. False when either does not read.
pub fn past_history(target: &str, newest: &str) -> bool {
    match (minor_of(target), minor_of(newest)) {
        (Some(target), Some(newest)) => target > newest,
        _ => false,
    }
}

/// A minor as numbers: `v1.22.3` → `(1, 22)`.
type Minor = (u64, u64);

/// Reads `v1.22`, `1.22`, `v1.22.3` (or a pre-release of it) as its minor.
pub fn parse_minor(text: &str) -> Result<Minor, QueryError> {
    let bad = || QueryError::BadVersion(text.trim().to_string());
    let t = text.trim();
    let t = t.strip_prefix('v').unwrap_or(t);
    let core = t.split(['-', '+']).next().unwrap_or("");
    let mut parts = core.split('.');
    let mut number = || -> Option<u64> {
        let p = parts.next()?;
        (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let major = number().ok_or_else(bad)?;
    let minor = number().ok_or_else(bad)?;
    match parts.next() {
        None => {}
        Some(patch) if !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()) => {}
        Some(_) => return Err(bad()),
    }
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok((major, minor))
}

fn minor_of(text: &str) -> Option<Minor> {
    parse_minor(text).ok()
}

fn normalised(text: &str) -> String {
    let t = text.trim();
    if t.starts_with('v') {
        t.to_string()
    } else {
        format!("v{t}")
    }
}

/// What the sources say about one group/version and kind, resolved once.
#[derive(Debug, Clone, Default)]
struct Verdict<'a> {
    /// The changelog item matched.
    item: Option<&'a DeprecatedItem>,
    /// The item's group/version as a whole, when the item is a kind of it.
    group: Option<&'a DeprecatedItem>,
    guide: Option<&'a GuideEntry>,
}

impl<'a> Verdict<'a> {
    /// The removal minor: the guide's when it lists the object, else the changelogs'.
    fn removed_in(&self) -> Option<&str> {
        match self.guide {
            Some(g) => Some(g.removed_in.as_str()),
            None => self.item.and_then(|i| i.removed_in.as_deref()),
        }
    }

    /// The status at `at`, with its minor.
    fn status_at(&self, at: Minor) -> Option<(FindingStatus, Option<String>)> {
        let at_or_before = |m: Option<&str>| m.and_then(minor_of).is_some_and(|m| m <= at);
        if let Some(removed) = self.removed_in().filter(|m| at_or_before(Some(m))) {
            return Some((FindingStatus::Removed, Some(removed.to_string())));
        }
        let item = self.item?;
        if let Some(dep) = item
            .deprecated_in
            .as_deref()
            .filter(|m| at_or_before(Some(m)))
        {
            return Some((FindingStatus::Deprecated, Some(dep.to_string())));
        }
        // The changelogs say it was gone by `at`; the guide, which wins, says later. It is on
        // its way out, but no statement dates its deprecation.
        if self.guide.is_some() && at_or_before(item.removed_in.as_deref()) {
            return Some((FindingStatus::Deprecated, None));
        }
        None
    }

    fn disagreement(&self) -> Option<String> {
        let (guide, said) = (self.guide?, self.item?.removed_in.as_deref()?);
        (minor_of(said) != minor_of(&guide.removed_in))
            .then(|| format!("changelog says {said}, guide says {}", guide.removed_in))
    }

    /// The group/version when the item's removal is its group's ("All resources under
    /// `apps/v1beta1`"): the item has no removal statement of its own, and the group was
    /// removed in the same minor.
    fn removed_with_group(&self) -> Option<&'a DeprecatedItem> {
        let item = self.item?;
        let group = self.group?;
        (item.removed_in.is_some()
            && item.removal_event().is_none()
            && group.removed_in == item.removed_in)
            .then_some(group)
    }

    /// The statements behind `status`: for a deprecation at the target, the deprecation's own
    /// statement (not a removal released after the target); for a removal, the removal's.
    fn evidence(&self, status: FindingStatus) -> Evidence {
        Evidence {
            changelog: self.item.and_then(|item| {
                if status == FindingStatus::Deprecated {
                    if let Some(event) = item.deprecation_event() {
                        return Some(changelog_evidence(item, event));
                    }
                }
                if let Some(event) = item.removal_event() {
                    return Some(changelog_evidence(item, event));
                }
                if let Some(group) = self.removed_with_group() {
                    if let Some(event) = group.removal_event() {
                        return Some(changelog_evidence(group, event));
                    }
                }
                let event = item.deprecation_event()?;
                Some(changelog_evidence(item, event))
            }),
            guide: self.guide.map(GuideEvidence::of),
        }
    }

    /// The replacement and where it comes from: the guide's, else the changelogs'.
    fn replacement(&self) -> Option<(String, String)> {
        if let Some(api) = self.guide.and_then(|g| g.replacement.clone()) {
            return Some((api, "guide".to_string()));
        }
        let item = self.item?;
        let r = item
            .replacement
            .as_ref()
            .or_else(|| self.removed_with_group()?.replacement.as_ref())
            .or_else(|| self.group_replacement_in_its_group())?;
        let from = match r.pr {
            Some(pr) => format!("{} #{pr}", r.release),
            None => r.release.clone(),
        };
        Some((r.api_version.clone(), from))
    }

    /// The replacement of the item's group/version as a whole when it is a version of the same
    /// API group (`apiextensions.k8s.io/v1beta1` → `apiextensions.k8s.io/v1`): every kind of it
    /// moves there. Not one of another group (`extensions/v1beta1` → `apps/v1` holds for
    /// Deployments, not for Ingresses).
    fn group_replacement_in_its_group(&self) -> Option<&'a crate::timeline::Replacement> {
        let group = self.group?;
        let r = group.replacement.as_ref()?;
        let api_group =
            |api_version: &str| api_version.rsplit_once('/').map(|(g, _)| g.to_string());
        (api_group(&r.api_version).is_some() && api_group(&r.api_version) == api_group(&group.name))
            .then_some(r)
    }

    fn removal_planned(&self) -> Option<String> {
        self.guide
            .map(|g| g.removed_in.clone())
            .or_else(|| self.item.and_then(|i| i.removal_planned.clone()))
    }
}

fn changelog_evidence(item: &DeprecatedItem, event: &StatusEvent) -> ChangelogEvidence {
    ChangelogEvidence {
        item: item.key(),
        status: event.status.label().to_string(),
        since: event.since.clone(),
        release: event.first.clone(),
        pr: event.pr,
        sentence: event.text.clone(),
    }
}

/// The sources, indexed once for many objects: build it with [`Checker::new`], then
/// [`Checker::check`] any number of objects (each distinct group/version and kind is resolved
/// once per call).
#[derive(Debug)]
pub struct Checker<'a> {
    /// API items by lower-cased group/version, then lower-cased kind (`""` for the
    /// group/version as a whole).
    apis: HashMap<String, HashMap<String, &'a DeprecatedItem>>,
    /// Resource kinds named without a version, by lower-cased kind.
    resources: HashMap<String, &'a DeprecatedItem>,
    /// Guide entries by lower-cased group/version and kind.
    guide: HashMap<(String, String), &'a GuideEntry>,
}

impl<'a> Checker<'a> {
    /// Indexes the timeline's API items and the guide's entries.
    pub fn new(timeline: &'a DeprecationTimeline, guide: Option<&'a ApiGuide>) -> Checker<'a> {
        let entries = guide.map(|g| g.entries.as_slice()).unwrap_or_default();
        Checker::from_parts(&timeline.items, entries)
    }

    /// Indexes timeline items (only API versions and resources count) and guide entries.
    pub fn from_parts(items: &'a [DeprecatedItem], entries: &'a [GuideEntry]) -> Checker<'a> {
        let mut apis: HashMap<String, HashMap<String, &DeprecatedItem>> = HashMap::new();
        let mut resources = HashMap::new();
        for item in items {
            match item.kind {
                ItemKind::ApiVersion => {
                    let kind = item.resource.as_deref().unwrap_or("").to_lowercase();
                    apis.entry(item.name.to_lowercase())
                        .or_default()
                        .entry(kind)
                        .or_insert(item);
                }
                ItemKind::Resource => {
                    resources.entry(item.name.to_lowercase()).or_insert(item);
                }
                _ => {}
            }
        }
        let mut guide = HashMap::new();
        for entry in entries {
            guide
                .entry((entry.api_version.to_lowercase(), entry.kind.to_lowercase()))
                .or_insert(entry);
        }
        Checker {
            apis,
            resources,
            guide,
        }
    }

    fn verdict(&self, api_version: &str, kind: &str) -> Verdict<'a> {
        let (api, kind) = (
            api_version.trim().to_lowercase(),
            kind.trim().to_lowercase(),
        );
        let stated = |i: &&&DeprecatedItem| i.deprecated_in.is_some() || i.removed_in.is_some();
        let of_api = self.apis.get(&api);
        let item = of_api
            .and_then(|kinds| kinds.get(&kind))
            .filter(stated)
            .or_else(|| {
                // A resource named without a version applies to its kind in every group/version.
                self.resources.get(&kind).filter(stated)
            })
            .or_else(|| of_api.and_then(|kinds| kinds.get("")).filter(stated))
            .copied();
        let group = of_api
            .and_then(|kinds| kinds.get(""))
            .copied()
            .filter(|g| item.is_some_and(|i| i.resource.is_some() && i.name == g.name));
        Verdict {
            item,
            group,
            guide: self.guide.get(&(api, kind)).copied(),
        }
    }

    /// Checks `objects` at `target` (`v1.22`, `v1.22.3`), and with `from`, what is new since.
    /// A target or `from` that is not a version, or a `from` after the target, is a
    /// [`QueryError`].
    pub fn check(
        &self,
        objects: &[ManifestObject],
        target: &str,
        from: Option<&str>,
    ) -> Result<CheckReport, QueryError> {
        let at = parse_minor(target)?;
        let start = from.map(parse_minor).transpose()?;
        if let (Some(start), Some(from)) = (start, from) {
            if start > at {
                return Err(QueryError::InvertedRange {
                    from: normalised(from),
                    to: normalised(target),
                });
            }
        }
        let mut cache: HashMap<(&str, &str), Verdict<'a>> = HashMap::new();
        let mut findings = Vec::new();
        for object in objects {
            let verdict = cache
                .entry((object.api_version.as_str(), object.kind.as_str()))
                .or_insert_with(|| self.verdict(&object.api_version, &object.kind));
            let Some((status, since)) = verdict.status_at(at) else {
                continue;
            };
            let new_on_path = start.map(|s| verdict.status_at(s).map(|(st, _)| st) != Some(status));
            let removal_planned = match status {
                FindingStatus::Deprecated => verdict.removal_planned(),
                FindingStatus::Removed => None,
            };
            findings.push(Finding {
                object: object.clone(),
                status,
                since,
                replacement: verdict.replacement().map(|(api, _)| api),
                replacement_from: verdict.replacement().map(|(_, from)| from),
                removal_due: removal_planned
                    .as_deref()
                    .and_then(minor_of)
                    .is_some_and(|m| m <= at),
                removal_planned,
                new_on_path,
                disagreement: verdict.disagreement(),
                evidence: verdict.evidence(status),
            });
        }
        Ok(CheckReport {
            target: normalised(target),
            from: from.map(normalised),
            findings,
        })
    }
}

/// Checks `objects` against the timeline and the guide at `target`: [`Checker::new`] then
/// [`Checker::check`].
pub fn check(
    objects: &[ManifestObject],
    timeline: &DeprecationTimeline,
    guide: Option<&ApiGuide>,
    target: &str,
    from: Option<&str>,
) -> Result<CheckReport, QueryError> {
    Checker::new(timeline, guide).check(objects, target, from)
}

mod official;
pub use official::{Agreement, GuideFact};

#[cfg(test)]
mod tests;
