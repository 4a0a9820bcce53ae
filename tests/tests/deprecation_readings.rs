//! Readings of the deprecation timeline a tester found wrong, over the corpus (skips without
//! it): a replacement read as the deprecated item, a field's deprecation read as its API's, a
//! gate named in a title read with the next paragraph's deprecation, a condition read as a
//! removal, a no-longer-served list read as a deprecation; and the evidence `check` cites for a
//! kind removed with its group/version.

use k8s_changelog::check::{check, FindingStatus, ManifestObject};
use k8s_changelog::timeline::{
    deprecations, feature_gates, DeprecationTimeline, FeatureGateTimeline, ItemKind, Stage, Status,
};
use k8s_changelog_tests::{corpus_history, require};
use std::sync::OnceLock;

fn timeline() -> Option<&'static DeprecationTimeline> {
    static TIMELINE: OnceLock<DeprecationTimeline> = OnceLock::new();
    let history = corpus_history()?;
    Some(TIMELINE.get_or_init(|| deprecations(history)))
}

/// `(status, minor, PR)` of every event of the flag, gate or API `name`.
fn events(
    timeline: &DeprecationTimeline,
    kind: ItemKind,
    name: &str,
) -> Vec<(Status, String, Option<u64>)> {
    timeline
        .items
        .iter()
        .filter(|i| i.kind == kind && i.name == name && i.resource.is_none())
        .flat_map(|i| i.events.iter())
        .map(|e| (e.status, e.since.clone(), e.pr))
        .collect()
}

/// A statement that names a flag as the one to use says nothing of that flag.
#[test]
fn replacements_are_not_the_deprecated_items() {
    let timeline = require!(timeline());
    let cases: &[(&str, u64)] = &[
        // "use the arguments --enable-admission-plugins and --disable-admission-plugins instead
        // of the deprecated --admission-control" (CHANGELOG-1.11)
        ("--enable-admission-plugins", 64165),
        ("--disable-admission-plugins", 64165),
        // "please set the new "--fail-swap-on" flag to false" (CHANGELOG-1.8)
        ("--fail-swap-on", 47181),
        // "please use `--healthz-bind-address` and `--metrics-bind-address` instead" (1.18)
        ("--metrics-bind-address", 88512),
        ("--healthz-bind-address", 88512),
        // "Flags that can be set via the Kubelet's --config file are now deprecated" (1.10)
        ("--config", 60148),
        // "instead of the deprecated --admission-control" (1.11): an attributive, a thing
        // already deprecated mentioned in passing, dates no deprecation.
        ("--admission-control", 64165),
    ];
    for &(flag, pr) in cases {
        let from_pr: Vec<_> = events(timeline, ItemKind::Flag, flag)
            .into_iter()
            .filter(|e| e.2 == Some(pr))
            .collect();
        assert!(from_pr.is_empty(), "{flag} #{pr}: {from_pr:?}");
    }
    // What those sentences do deprecate is still read.
    for (flag, pr) in [
        // "Add `--enable-admission-plugins` `--disable-admission-plugins` flags and deprecate
        // `--admission-control`" (1.10)
        ("--admission-control", 58123),
        ("--experimental-fail-swap-on", 47181),
        ("--metrics-port", 88512),
        ("--healthz-port", 88512),
    ] {
        assert!(
            events(timeline, ItemKind::Flag, flag)
                .iter()
                .any(|e| e.0 == Status::Deprecated && e.2 == Some(pr)),
            "{flag} #{pr}"
        );
    }
}

/// #90896: "Feature gates CSIMigration to Beta …" is a title line; the next line's "The in-tree
/// AzureDisk plugin "kubernetes.io/azure-disk" is now deprecated" is about the plugin.
#[test]
fn a_title_line_is_a_sentence_of_its_own() {
    let timeline = require!(timeline());
    let csi = events(timeline, ItemKind::FeatureGate, "CSIMigration");
    assert!(!csi.iter().any(|e| e.2 == Some(90896)), "{csi:?}");
    let plugin = timeline.get("kubernetes.io/azure-disk", None).unwrap();
    assert_eq!(plugin.deprecated_in.as_deref(), Some("1.19"));
    assert_eq!(plugin.removal_planned.as_deref(), Some("1.23"));
}

/// The two timelines read the same sentences the same way.
#[test]
fn gate_removals_agree_with_the_feature_gate_timeline() {
    let history = require!(corpus_history());
    let timeline = require!(timeline());
    let gates = feature_gates(history);
    // #72714: "If the `TokenRequestProjection` feature gate is disabled, projected … volume
    // sources are now dropped": a condition; nothing is removed.
    let projection = events(timeline, ItemKind::FeatureGate, "TokenRequestProjection");
    assert!(
        !projection.iter().any(|e| e.2 == Some(72714)),
        "{projection:?}"
    );
    // #97306: "The deprecated feature gates … `VolumePVCDataSource` and `EvenPodsSpread` are
    // now unconditionally enabled and can no longer be specified": removed in 1.21, as the
    // feature-gate timeline says.
    // (AttachVolumeLimit's removal event is #96539's, the first statement of that minor.)
    for gate in ["VolumePVCDataSource", "EvenPodsSpread", "AttachVolumeLimit"] {
        let said = events(timeline, ItemKind::FeatureGate, gate);
        assert!(
            !said
                .iter()
                .any(|e| e.0 == Status::Deprecated && e.2 == Some(97306)),
            "{gate}: {said:?}"
        );
        let item = timeline.get(gate, None).unwrap();
        assert_eq!(item.removed_in.as_deref(), Some("1.21"), "{gate}");
        assert_eq!(
            removed_stage_minor(&gates, gate).as_deref(),
            Some("1.21"),
            "{gate}"
        );
    }
}

fn removed_stage_minor(gates: &FeatureGateTimeline, gate: &str) -> Option<String> {
    let gate = gates.get(gate)?;
    gate.events
        .iter()
        .find(|e| e.stage == Stage::Removed)
        .map(|e| e.since.clone())
}

/// 1.18 (#85903): "the following deprecated APIs can no longer be served:" is a removal, not a
/// deprecation; and "The `series.state` field in the events.k8s.io/v1beta1 Event API is
/// deprecated" (#75987) deprecates a field, not the API.
#[test]
fn no_longer_served_lists_and_fields_are_read_as_they_are() {
    let timeline = require!(timeline());
    let apps = events(timeline, ItemKind::ApiVersion, "apps/v1beta1");
    assert!(
        !apps
            .iter()
            .any(|e| e.0 == Status::Deprecated && e.2 == Some(85903)),
        "{apps:?}"
    );
    assert!(apps
        .iter()
        .any(|e| e.0 == Status::NoLongerServed && e.1 == "1.18" && e.2 == Some(85903)));
    let events_api = timeline.get("events.k8s.io/v1beta1", Some("Event"));
    let events_group = timeline.get("events.k8s.io/v1beta1", None);
    for item in [events_api, events_group].into_iter().flatten() {
        assert!(
            !item.events.iter().any(|e| e.pr == Some(75987)),
            "{:?}",
            item.events
        );
    }
}

/// `check` on a kind removed with its group/version cites the group's statement and its
/// replacement, not the kind's older deprecation.
#[test]
fn check_cites_the_group_removal_for_a_kind_removed_with_it() {
    let timeline = require!(timeline());
    for kind in ["Deployment", "StatefulSet"] {
        let object = ManifestObject {
            file: "m.yaml".into(),
            line: 1,
            api_version: "apps/v1beta1".into(),
            kind: kind.into(),
            name: None,
            namespace: None,
        };
        let report = check(&[object], timeline, None, "v1.21", None).unwrap();
        let f = &report.findings[0];
        assert_eq!(f.status, FindingStatus::Removed);
        assert_eq!(f.since.as_deref(), Some("1.16"));
        assert_eq!(f.replacement.as_deref(), Some("apps/v1"), "{kind}");
        let evidence = f.evidence.changelog.as_ref().unwrap();
        assert_eq!(
            (
                evidence.status.as_str(),
                evidence.pr,
                evidence.item.as_str()
            ),
            ("no-longer-served", Some(70672), "apps/v1beta1"),
            "{kind}"
        );
    }
}

/// What a status word does not say of an item in its own clause (scope.rs): an item behind a
/// preposition after the verb's object, a removal from a manifest, an item's values, a second
/// verb phrase, a sentence after a stop the cutter left in.
#[test]
fn partial_removals_are_not_the_items_removal() {
    let timeline = require!(timeline());
    let cases: &[(ItemKind, &str, u64)] = &[
        // "remove deprecated --cleanup-ipvs flag of kube-proxy, and make --cleanup flag …" (1.21)
        (ItemKind::Flag, "--cleanup", 97336),
        // "removes the ability to set `kubernetes.io` … labels via --node-labels" (1.16)
        (ItemKind::Flag, "--node-labels", 79305),
        // "remove the deprecated flag `--insecure-port` from the kube-apiserver manifest" (1.22)
        (ItemKind::Flag, "--insecure-port", 102121),
        // "remove the --port flag from the manifest for the kube-controller-manager" (1.23)
        (ItemKind::Flag, "--port", 104157),
        // "Remove deprecated fields from .leaderElection in kubescheduler.config.k8s.io/v1alpha2"
        (
            ItemKind::ApiVersion,
            "kubescheduler.config.k8s.io/v1alpha2",
            87904,
        ),
        // "Removed kubectl --dry-run empty default value and boolean values." (1.23)
        (ItemKind::Flag, "--dry-run", 105327),
        // "… available since v1.13. kube-apiserver invocations that specify alpha or beta policy
        // configurations with `--audit-policy-file` … must update" (1.21)
        (ItemKind::Flag, "--audit-policy-file", 98858),
    ];
    for &(kind, name, pr) in cases {
        let from_pr: Vec<_> = events(timeline, kind, name)
            .into_iter()
            .filter(|e| e.2 == Some(pr))
            .collect();
        assert!(from_pr.is_empty(), "{name} #{pr}: {from_pr:?}");
    }
    // The removals those sentences do state are still read.
    for (name, pr) in [("--cleanup-ipvs", 97336), ("--require-kubeconfig", 58367)] {
        assert!(
            events(timeline, ItemKind::Flag, name)
                .iter()
                .any(|e| e.0 == Status::Removed && e.2 == Some(pr)),
            "{name} #{pr}"
        );
    }
    // A removal from one command stays a removal: "Remove --export flag from kubectl get
    // command." (1.19).
    assert!(events(timeline, ItemKind::Flag, "--export")
        .iter()
        .any(|e| e.0 == Status::Removed && e.2 == Some(88649)));
}

/// A lookup by kind finds the group/versions whose statements name it: `node.k8s.io/v1beta1`
/// for RuntimeClass, its note (#95718, CHANGELOG-1.20.md L1919) naming the kind before the
/// bare "`v1beta1` is now deprecated", and the kind in a group/version.
#[test]
fn a_kind_finds_its_group_versions() {
    use k8s_changelog::timeline::ItemLookup;
    let timeline = require!(timeline());
    let found = |kind: &str| -> Vec<String> {
        let lookup = ItemLookup {
            apis: vec![kind.to_string()],
            ..Default::default()
        };
        timeline
            .clone()
            .lookup(&lookup)
            .items
            .iter()
            .map(|i| i.key())
            .collect()
    };
    assert_eq!(found("RuntimeClass"), ["node.k8s.io/v1beta1"]);
    let node = timeline
        .get("node.k8s.io/v1beta1", None)
        .expect("node.k8s.io/v1beta1");
    let event = node.deprecation_event().expect("deprecated");
    assert_eq!((event.since.as_str(), event.pr), ("1.20", Some(95718)));
    assert!(
        event.text.starts_with("RuntimeClass feature graduates"),
        "{}",
        event.text
    );
    assert!(found("Ingress").contains(&"extensions/v1beta1 Ingress".to_string()));
}
