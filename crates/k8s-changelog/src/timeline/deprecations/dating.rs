//! Dating: the minor a statement counts for ([`CycleReleases`]: a backport counts for the first
//! `x.y.0` or pre-release carrying the same PR or text, so it does not antedate the change), an
//! item's statements grouped into events ([`events_of`]), and its resolved minors
//! ([`resolve`]: first deprecation, first removal after it, or its group/version's removal).

use super::super::is_cycle_release;
use super::items::ItemKey;
use super::{ItemKind, Status, StatusEvent};
use crate::change::{ChangeKey, ChangeSet};
use crate::model::{Note, Release};
use crate::History;
use semver::Version;
use std::collections::{BTreeMap, HashMap};

/// The first cycle release (x.y.0 or pre-release) carrying each change (the identity rule of
/// [`crate::change`]: the same own PR, or the same text), for dating backports: a cherry-pick
/// cites its own PR but usually repeats the text.
pub(super) struct CycleReleases<'h> {
    first: ChangeSet<&'h Version>,
}

impl<'h> CycleReleases<'h> {
    /// The cycle releases of `history`, indexed by the changes their notes are.
    pub(super) fn of(history: &'h History) -> CycleReleases<'h> {
        let mut first = ChangeSet::default();
        for release in history.releases() {
            if is_cycle_release(&release.semver) {
                for note in &release.notes {
                    first.insert(ChangeKey::of(note), &release.semver);
                }
            }
        }
        CycleReleases { first }
    }

    /// The minor a statement of `note` in `release` counts for: that of the first cycle
    /// release carrying the same change (a v1.19.0-alpha.1 that repeats v1.18.0's notes does
    /// not re-date them; a patch's backport counts for the minor that made the change), else
    /// the release's own.
    pub(super) fn minor_of(&self, release: &'h Release, note: &Note) -> (u64, u64) {
        let dated = self
            .first
            .get(&ChangeKey::of(note))
            .copied()
            .unwrap_or(&release.semver);
        (dated.major, dated.minor)
    }
}

/// One statement about one item.
pub(super) struct Said<'h> {
    /// What it says happened.
    pub(super) status: Status,
    /// The minor it counts for (see [`CycleReleases::minor_of`]).
    pub(super) minor: (u64, u64),
    /// The release whose notes say it.
    pub(super) release: &'h Release,
    /// The note's PR.
    pub(super) pr: Option<u64>,
    /// The sentence.
    pub(super) text: String,
    /// For a deprecation: the removal version it names.
    pub(super) planned: Option<String>,
    /// For a statement resolved from a generic one: why it applies to this item.
    pub(super) via: Option<String>,
    /// For an API version: the API version its note tells users to move to
    /// ([`super::replacement::in_note`]).
    pub(super) replacement: Option<String>,
    /// For a removal from one of kubeadm's commands: the command ([`StatusEvent::scope`]).
    pub(super) scope: Option<String>,
}

/// An item's statements grouped by minor and status, oldest first: each event names the first
/// statement of the minor's own line (a backport's only when there is none) and every release
/// that says it.
pub(super) fn events_of(said: &[Said<'_>]) -> Vec<StatusEvent> {
    // A scoped removal is an event apart from the flag's own removal in the same minor.
    type Group = ((u64, u64), Status, bool);
    let mut groups: BTreeMap<Group, Vec<&Said<'_>>> = BTreeMap::new();
    for s in said {
        groups
            .entry((s.minor, s.status, s.scope.is_some()))
            .or_default()
            .push(s);
    }
    groups
        .into_iter()
        .map(|((minor, status, _), said)| {
            // The first statement of the minor's own line; a backport only when there is none.
            let first = said
                .iter()
                .filter(|s| (s.release.semver.major, s.release.semver.minor) == minor)
                .min_by(|a, b| a.release.semver.cmp(&b.release.semver))
                .or_else(|| said.first())
                .copied()
                .expect("a group has statements");
            let mut releases: Vec<&Release> = said.iter().map(|s| s.release).collect();
            releases.sort_by(|a, b| a.semver.cmp(&b.semver));
            releases.dedup_by(|a, b| a.semver == b.semver);
            StatusEvent {
                status,
                since: format!("{}.{}", minor.0, minor.1),
                first: first.release.version.clone(),
                releases: releases.iter().map(|r| r.version.clone()).collect(),
                pr: first.pr,
                text: first.text.clone(),
                removal_planned: said.iter().find_map(|s| s.planned.clone()),
                via: first.via.clone(),
                scope: first.scope.clone(),
            }
        })
        .collect()
}

/// The first minor in which each group/version as a whole ("All resources under
/// `apps/v1beta1`") was removed or no longer served: it applies to the group's resources.
pub(super) fn group_removals(
    statements: &BTreeMap<ItemKey, Vec<Said<'_>>>,
) -> HashMap<String, (u64, u64)> {
    let mut group_removed: HashMap<String, (u64, u64)> = HashMap::new();
    for (key, said) in statements {
        if key.kind == ItemKind::ApiVersion && key.resource.is_none() {
            if let Some(minor) = said
                .iter()
                .filter(|s| s.status != Status::Deprecated)
                .map(|s| s.minor)
                .min()
            {
                group_removed.insert(key.name.clone(), minor);
            }
        }
    }
    group_removed
}

/// An item's timeline, resolved from its statements: minors as `1.16`.
pub(super) struct Resolved {
    /// The first minor that deprecates it.
    pub(super) deprecated_in: Option<String>,
    /// The first minor, not before its deprecation, that removes it or stops serving it, or
    /// its group/version's removal when earlier.
    pub(super) removed_in: Option<String>,
    /// When not removed: the removal version the latest announcement names.
    pub(super) removal_planned: Option<String>,
    /// The PR of that announcement.
    pub(super) removal_planned_pr: Option<u64>,
}

/// Resolves the item `key` from its statements `said`, with the removals of whole
/// group/versions ([`group_removals`]).
pub(super) fn resolve(
    key: &ItemKey,
    said: &[Said<'_>],
    group_removed: &HashMap<String, (u64, u64)>,
) -> Resolved {
    let deprecated = said
        .iter()
        .filter(|s| s.status == Status::Deprecated)
        .map(|s| s.minor)
        .min();
    // A removal stated before the first deprecation is usually of a part (a field, a
    // default value); the item's own removal follows its deprecation.
    // A removal from one of kubeadm's commands leaves the flag on the others.
    let mut removed = said
        .iter()
        .filter(|s| s.status != Status::Deprecated && s.scope.is_none())
        .map(|s| s.minor)
        .filter(|m| deprecated.is_none_or(|d| *m >= d))
        .min();
    if key.kind == ItemKind::ApiVersion && key.resource.is_some() {
        if let Some(group) = group_removed
            .get(&key.name)
            .filter(|g| deprecated.is_none_or(|d| **g >= d))
        {
            removed = Some(removed.map_or(*group, |own| own.min(*group)));
        }
    }
    // A later announcement supersedes an earlier plan.
    let plan = match removed {
        Some(_) => None,
        None => said
            .iter()
            .rev()
            .find_map(|s| Some((s.planned.clone()?, s.pr))),
    };
    Resolved {
        deprecated_in: deprecated.map(|(a, b)| format!("{a}.{b}")),
        removed_in: removed.map(|(a, b)| format!("{a}.{b}")),
        removal_planned_pr: plan.as_ref().and_then(|(_, pr)| *pr),
        removal_planned: plan.map(|(p, _)| p),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{deprecations, DeprecationTimeline};
    use super::*;

    /// A release heading and its notes, each note with the PR it cites.
    fn release(tag: &str, notes: &[(&str, Option<u64>)]) -> String {
        let mut out = format!("# {tag}\n\n## Changelog\n\n### Other notable changes\n\n");
        for (text, pr) in notes {
            let reference = pr.map_or(String::new(), |n| {
                format!(" ([#{n}](https://github.com/kubernetes/kubernetes/pull/{n}), [@someone](https://github.com/someone))")
            });
            out.push_str(&format!("* {text}{reference}\n"));
        }
        out + "\n"
    }

    const CACHE_SIZE: &str = "The `--deserialization-cache-size` flag is deprecated, and will be removed in a future release.";
    const ENCRYPTION: &str = "The `--experimental-encryption-provider-config` flag is deprecated in favor of `--encryption-provider-config`.";

    /// Real notes, in their releases but for the patches: the rbac v1alpha1 timeline (a part
    /// removed, the version deprecated, announced, removed), resources deprecated with their
    /// group/version no longer served later, a flag deprecated then removed, and deprecations
    /// that 1.12 patches cite with the same PR or the same text.
    fn history() -> History {
        let text = [
            release("v1.6.0-alpha.1", &[(
                "The `attributeRestrictions` field has been removed from the PolicyRule type in the rbac.authorization.k8s.io/v1alpha1 API.",
                Some(39625),
            )]),
            release("v1.8.0-alpha.3", &[(
                "The `rbac.authorization.k8s.io/v1alpha1` version is deprecated and will be removed in a future release.",
                Some(49642),
            )]),
            release("v1.8.0-beta.1", &[(
                "The Deployment, DaemonSet, and ReplicaSet kinds in the extensions/v1beta1 group version are now deprecated, as are the Deployment, StatefulSet, and ControllerRevision kinds in apps/v1beta1.",
                Some(51828),
            )]),
            release("v1.8.0", &[(
                "The `auto-detect` behavior of the kubelet's `--cloud-provider` flag is deprecated.",
                Some(51312),
            )]),
            release("v1.9.0", &[(
                "The default `auto-detect` behavior of the kubelet's `--cloud-provider` flag is removed.",
                None,
            )]),
            release("v1.12.4", &[(ENCRYPTION, Some(71999))]),
            release("v1.12.5", &[
                (CACHE_SIZE, Some(69842)),
                (
                    "The `--authorization-rbac-super-user` flag (alpha in 1.5) is deprecated; the `system:masters` group has privileged access",
                    Some(38121),
                ),
            ]),
            release("v1.13.0", &[
                (
                    "The `--deserialization-cache-size` flag is deprecated, and will be removed in a future release. The flag is inactive since the etcd2 storage backend was removed.",
                    Some(69842),
                ),
                (ENCRYPTION, Some(71206)),
            ]),
            release("v1.16.0-alpha.1", &[(
                "The following APIs are no longer served by default:\n\n  - All resources under `apps/v1beta1` and `apps/v1beta2` - use `apps/v1` instead",
                Some(70672),
            )]),
            release("v1.17.0-beta.2", &[(
                "All resources within the rbac.authorization.k8s.io/v1alpha1 and rbac.authorization.k8s.io/v1beta1 API groups are deprecated in favor of rbac.authorization.k8s.io/v1, and will no longer be served in v1.20.",
                Some(84758),
            )]),
            release("v1.23.0-alpha.1", &[(
                "Kube-apiserver: The `rbac.authorization.k8s.io/v1alpha1` API version is removed; use the `rbac.authorization.k8s.io/v1` API, available since v1.8.",
                Some(104248),
            )]),
        ]
        .concat();
        History::new(crate::parse(&text, "t.md"))
    }

    #[test]
    fn patches_count_for_the_cycle_release_that_carries_their_note() {
        let history = history();
        let cycles = CycleReleases::of(&history);
        // (release, the note's text starts with, the minor it counts for)
        let cases: &[(&str, &str, (u64, u64))] = &[
            ("v1.13.0", "The `--deserialization-cache-size`", (1, 13)),
            ("v1.8.0-alpha.3", "The `rbac", (1, 8)),
            // The same PR, another text.
            ("v1.12.5", "The `--deserialization-cache-size`", (1, 13)),
            // The same text, another PR.
            ("v1.12.4", "The `--experimental-encryption", (1, 13)),
            // In no cycle release.
            ("v1.12.5", "The `--authorization-rbac-super-user`", (1, 12)),
        ];
        for &(tag, text, want) in cases {
            let release = history.find(tag).expect(tag);
            let note = release
                .notes
                .iter()
                .find(|n| n.text.starts_with(text))
                .expect(text);
            assert_eq!(cycles.minor_of(release, note), want, "{tag} {text}");
        }
    }

    #[test]
    fn items_resolve_to_their_first_minors() {
        let timeline = deprecations(&history());
        let cases: &[(&str, Option<&str>, &str)] = &[
            // The removal of a part before the deprecation does not count; the announcement
            // is forgotten once the removal comes.
            (
                "rbac.authorization.k8s.io/v1alpha1",
                None,
                "api          rbac.authorization.k8s.io/v1alpha1 | deprecated 1.8 (v1.8.0-alpha.3 #49642) | removed 1.23 (v1.23.0-alpha.1 #104248)",
            ),
            (
                "rbac.authorization.k8s.io/v1beta1",
                None,
                "api          rbac.authorization.k8s.io/v1beta1 | deprecated 1.17 (v1.17.0-beta.2 #84758) | planned 1.20 (#84758)",
            ),
            // Removed with its group/version.
            (
                "apps/v1beta1",
                Some("StatefulSet"),
                "api          apps/v1beta1 StatefulSet | deprecated 1.8 (v1.8.0-beta.1 #51828) | removed 1.16 (with its group)",
            ),
            (
                "extensions/v1beta1",
                Some("Deployment"),
                "api          extensions/v1beta1 Deployment | deprecated 1.8 (v1.8.0-beta.1 #51828)",
            ),
            (
                "--cloud-provider",
                None,
                "flag         --cloud-provider [kubelet] | deprecated 1.8 (v1.8.0 #51312) | removed 1.9 (v1.9.0)",
            ),
            // Backports: the cycle release states it first.
            (
                "--deserialization-cache-size",
                None,
                "flag         --deserialization-cache-size | deprecated 1.13 (v1.13.0 #69842)",
            ),
            (
                "--experimental-encryption-provider-config",
                None,
                "flag         --experimental-encryption-provider-config | deprecated 1.13 (v1.13.0 #71206)",
            ),
            (
                "--authorization-rbac-super-user",
                None,
                "flag         --authorization-rbac-super-user | deprecated 1.12 (v1.12.5 #38121)",
            ),
        ];
        for &(name, resource, want) in cases {
            let item = timeline.get(name, resource).expect(name).clone();
            let got = DeprecationTimeline { items: vec![item] }.to_string();
            assert_eq!(got.trim_end(), want, "{name} {resource:?}");
        }
    }

    #[test]
    fn a_pre_release_repeating_older_notes_does_not_re_date_them() {
        use crate::testing::{note, release};
        let deprecation = [note(
            "The kube-apiserver `--foo-bar` flag is deprecated and will be removed in v1.21.",
            1,
            "a",
            "api-machinery",
        )];
        let text = release("v1.19.0-alpha.1", &[("Deprecation", &deprecation)], "")
            + &release("v1.18.0", &[("Deprecation", &deprecation)], "");
        let timeline = deprecations(&crate::History::new(crate::parse(&text, "t.md")));
        let item = timeline.get("--foo-bar", None).unwrap();
        let events: Vec<String> = item
            .events
            .iter()
            .map(|e| {
                format!(
                    "{} {} {} {:?}",
                    e.status.label(),
                    e.since,
                    e.first,
                    e.releases
                )
            })
            .collect();
        assert_eq!(
            events,
            [r#"deprecated 1.18 v1.18.0 ["v1.18.0", "v1.19.0-alpha.1"]"#]
        );
    }

    #[test]
    fn events_group_statements_by_minor_and_status() {
        let timeline = deprecations(&history());
        // (item, its events as `status since first releases…`)
        let cases: &[(&str, &[&str])] = &[
            (
                "rbac.authorization.k8s.io/v1alpha1",
                // "The `attributeRestrictions` field has been removed from the PolicyRule type
                // in the rbac.authorization.k8s.io/v1alpha1 API" (#39625): the field is removed,
                // not the API (scope.rs).
                &[
                    "deprecated 1.8 v1.8.0-alpha.3 [v1.8.0-alpha.3]",
                    "deprecated 1.17 v1.17.0-beta.2 [v1.17.0-beta.2] planned 1.20",
                    "removed 1.23 v1.23.0-alpha.1 [v1.23.0-alpha.1]",
                ],
            ),
            (
                "--deserialization-cache-size",
                &["deprecated 1.13 v1.13.0 [v1.12.5, v1.13.0]"],
            ),
            (
                "--experimental-encryption-provider-config",
                &["deprecated 1.13 v1.13.0 [v1.12.4, v1.13.0]"],
            ),
        ];
        for &(name, want) in cases {
            let item = timeline.get(name, None).expect(name);
            let got: Vec<String> = item
                .events
                .iter()
                .map(|e| {
                    let planned = e
                        .removal_planned
                        .as_ref()
                        .map_or(String::new(), |p| format!(" planned {p}"));
                    format!(
                        "{} {} {} [{}]{planned}",
                        e.status.label(),
                        e.since,
                        e.first,
                        e.releases.join(", ")
                    )
                })
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    /// v1.23.0's themes (CHANGELOG-1.23.md L430–441): the API deprecated only there is read;
    /// the gate they call removed is left to the notes (which say it went stable), and a
    /// negated deprecation ("does *not* deprecate") states nothing.
    #[test]
    fn major_themes_are_read_for_apis() {
        let text = "# v1.23.0\n\n## What's New (Major Themes)\n\n\
                    ### IPv4/IPv6 Dual-stack Networking graduates to GA\n\n\
                    In 1.23, the `IPv6DualStack` feature gate is removed.\n\n\
                    ### HorizontalPodAutoscaler v2 graduates to GA\n\n\
                    Version 2 of the HorizontalPodAutoscaler API graduates to stable in the 1.23 release. The HorizontalPodAutoscaler `autoscaling/v2beta2` API is deprecated in favor of the new `autoscaling/v2` API, which the Kubernetes project recommends for all use cases.\n\n\
                    This release does *not* deprecate the v1 HorizontalPodAutoscaler API.\n";
        let timeline = deprecations(&History::new(crate::parse(text, "CHANGELOG-1.23.md")));
        let got: Vec<String> = timeline
            .items
            .iter()
            .map(|i| {
                let replacement = i.replacement.as_ref().map(|r| r.api_version.as_str());
                format!(
                    "{} {:?} {:?}",
                    i.label(),
                    i.deprecated_in.as_deref(),
                    replacement
                )
            })
            .collect();
        assert_eq!(
            got,
            ["autoscaling/v2beta2 HorizontalPodAutoscaler Some(\"1.23\") Some(\"autoscaling/v2\")"]
        );
    }

    /// The replacement is the newest statement's, cited by the first statement naming it
    /// (#74057, v1.14.0-beta.1; #89778, v1.19.0).
    #[test]
    fn a_later_replacement_supersedes_an_earlier() {
        let text = [
            release("v1.14.0-beta.1", &[(
                "The Ingress API is now available via `networking.k8s.io/v1beta1`. `extensions/v1beta1` Ingress objects are deprecated and will no longer be served in v1.18.",
                Some(74057),
            )]),
            release("v1.19.0-rc.1", &[(
                "`Ingress` and `IngressClass` resources have graduated to `networking.k8s.io/v1`. Ingress and IngressClass types in the `extensions/v1beta1` and `networking.k8s.io/v1beta1` API versions are deprecated and will no longer be served in 1.22+.",
                Some(89778),
            )]),
            release("v1.19.0", &[(
                "`Ingress` and `IngressClass` resources have graduated to `networking.k8s.io/v1`. Ingress and IngressClass types in the `extensions/v1beta1` and `networking.k8s.io/v1beta1` API versions are deprecated and will no longer be served in 1.22+.",
                Some(89778),
            )]),
        ]
        .concat();
        let timeline = deprecations(&History::new(crate::parse(&text, "t.md")));
        let item = timeline
            .get("extensions/v1beta1", Some("Ingress"))
            .expect("the item");
        let r = item.replacement.as_ref().expect("a replacement");
        assert_eq!(
            (r.api_version.as_str(), r.release.as_str(), r.pr),
            ("networking.k8s.io/v1", "v1.19.0-rc.1", Some(89778))
        );
    }
}
