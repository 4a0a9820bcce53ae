//! Feature-gate lifecycles over the whole corpus: a golden listing, and recall and precision
//! over a hand-checked sample of 25 gates (every transition the changelogs state for them,
//! with the sentence that states it).

use k8s_changelog::timeline::{feature_gates, FeatureGateTimeline};
use k8s_changelog_tests::{corpus_history, require};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::OnceLock;

fn timeline() -> Option<&'static FeatureGateTimeline> {
    static TIMELINE: OnceLock<FeatureGateTimeline> = OnceLock::new();
    let history = corpus_history()?;
    Some(TIMELINE.get_or_init(|| feature_gates(history)))
}

#[test]
fn feature_gates_golden() {
    let timeline = require!(timeline());
    let mut out = String::new();
    for gate in &timeline.gates {
        for e in &gate.events {
            let pr = e.pr.map_or(String::new(), |p| format!(" #{p}"));
            let _ = writeln!(
                out,
                "{:<40} {:<10} {:<5} {}{pr}",
                gate.label(),
                e.stage,
                e.since,
                e.release
            );
        }
    }
    insta::assert_snapshot!("feature_gates", out);
}

/// (gate, stage, minor, the sentence of the changelogs that states it, shortened), checked by
/// hand in the CHANGELOG files: every transition they state for 25 gates. Retrospective
/// mentions ("GA since v1.20", "It reached GA in Kubernetes 1.20") are not transitions of the
/// release that says them and are left out.
const SAMPLE: &[(&str, &str, &str, &str)] = &[
    ("NodeLease", "alpha", "1.12", "Users can now enable the alpha NodeLease feature gate"),
    ("NodeLease", "beta", "1.14", "The NodeLease feature gate has been promoted to Beta"),
    ("NodeLease", "stable", "1.17", "Promote NodeLease feature to GA."),
    ("NodeLease", "removed", "1.23", "Remove `NodeLease` feature gate that was graduated and locked to stable"),
    ("CSIMigration", "beta", "1.17", "Feature gates CSIMigration to Beta (on by default)"),
    ("TaintBasedEvictions", "alpha", "1.6", "You can enable this alpha feature by including `TaintBasedEvictions=true`"),
    ("TaintBasedEvictions", "beta", "1.13", "`TaintBasedEvictions` feature is promoted to beta."),
    ("TaintBasedEvictions", "stable", "1.18", "Move TaintBasedEvictions feature gates to GA"),
    ("TaintNodesByCondition", "beta", "1.12", "Upgraded TaintNodesByCondition to beta."),
    ("TaintNodesByCondition", "stable", "1.17", "Graduate TaintNodesByCondition to GA in 1.17."),
    ("TaintNodesByCondition", "removed", "1.18", "the corresponding `--feature-gates` flags have been removed: `PodPriority`, `TaintNodesByCondition`"),
    ("ScheduleDaemonSetPods", "alpha", "1.11", "`ScheduleDaemonSetPods` is an alpha feature (since v1.11)"),
    ("ScheduleDaemonSetPods", "beta", "1.12", "Promote ScheduleDaemonSetPods by default scheduler to beta"),
    ("ScheduleDaemonSetPods", "stable", "1.17", "Graduate ScheduleDaemonSetPods to GA."),
    ("ScheduleDaemonSetPods", "removed", "1.18", "flags have been removed: … and `ScheduleDaemonSetPods`"),
    // The gate's name spelled out (#73498, CHANGELOG-1.14); 1.16's "The GA PodPriority feature
    // gate is now on by default" is later.
    ("PodPriority", "stable", "1.14", "Graduate Pod Priority and Preemption to GA."),
    ("PodPriority", "removed", "1.18", "flags have been removed: `PodPriority`, …"),
    ("RuntimeClass", "alpha", "1.12", "This feature is in alpha, and the RuntimeClass feature gate must be enabled"),
    ("RuntimeClass", "beta", "1.14", "`RuntimeClass` has been promoted to beta, and is enabled by default."),
    ("RuntimeClass", "stable", "1.20", "Promote RuntimeClass feature to GA."),
    ("WatchBookmark", "alpha", "1.15", "hidden behind feature gate `WatchBookmark` (currently in Alpha stage)"),
    ("WatchBookmark", "beta", "1.16", "Promote WatchBookmark feature to beta and enable it by default."),
    ("WatchBookmark", "stable", "1.17", "Promote WatchBookmark feature to GA."),
    ("ServiceAppProtocol", "alpha", "1.18", "The alpha feature `ServiceAppProtocol` enables setting an `appProtocol` field"),
    ("ServiceAppProtocol", "beta", "1.19", "ServiceAppProtocol feature gate is now beta and enabled by default"),
    ("ServiceAppProtocol", "removed", "1.22", "The `ServiceAppProtocol` feature gate has been removed."),
    ("ServiceAccountIssuerDiscovery", "alpha", "1.18", "The alpha feature `ServiceAccountIssuerDiscovery` enables publishing OIDC discovery information"),
    ("ServiceAccountIssuerDiscovery", "beta", "1.20", "The ServiceAccountIssuerDiscovery feature gate is now Beta and enabled by default."),
    ("ServiceAccountIssuerDiscovery", "stable", "1.21", "The `ServiceAccountIssuerDiscovery` feature has graduated to GA"),
    ("ServiceAccountIssuerDiscovery", "removed", "1.23", "The ServiceAccountIssuerDiscovery feature gate is removed."),
    // The components' gate (#98969, the gate's name in another case; "Kubeadm: IPv6DualStack
    // feature gate graduates to Beta", #99294, is kubeadm's own gate).
    ("IPv6DualStack", "beta", "1.21", "Upgrades `IPv6Dualstack` to `Beta` and turns it on by default."),
    ("IPv6DualStack", "stable", "1.23", "IPv6DualStack feature moved to stable."),
    // Said in the 1.23 major themes (prose, not a note).
    ("IPv6DualStack", "removed", "1.23", "In 1.23, the `IPv6DualStack` feature gate is removed."),
    ("EndpointSliceProxying", "stable", "1.22", "Features gates `EndpointSliceProxying` & `WindowsEndpointSliceProxying` are now GA"),
    ("CSIBlockVolume", "beta", "1.14", "The CSIBlockVolume feature gate is now beta, and defaults to enabled."),
    ("CSIBlockVolume", "stable", "1.18", "BlockVolume and CSIBlockVolume features are now GA."),
    ("CSIBlockVolume", "removed", "1.21", "The deprecated feature gates `CSIDriverRegistry`, `BlockVolume` and `CSIBlockVolume` are now unconditionally enabled and can no longer be specified"),
    ("VolumeSnapshotDataSource", "beta", "1.17", "Enables VolumeSnapshotDataSource feature gate and promotes volume snapshot APIs to beta."),
    ("VolumeSnapshotDataSource", "stable", "1.20", "VolumeSnapshotDataSource moves to GA in 1.20 release"),
    ("VolumeSnapshotDataSource", "removed", "1.22", "The `VolumeSnapshotDataSource` feature gate … can no longer be specified"),
    ("DynamicKubeletConfig", "alpha", "1.8", "Adds (alpha feature) the ability to dynamically configure Kubelets by enabling the DynamicKubeletConfig feature gate"),
    ("DynamicKubeletConfig", "beta", "1.11", "The dynamic Kubelet config feature is now beta, and the DynamicKubeletConfig feature gate is on by default."),
    // 1.13's "kubeadm: deprecate the DynamicKubeletConfig feature gate." is kubeadm's own gate
    // of that name (`DynamicKubeletConfig (kubeadm)`), not the kubelet's.
    ("PodShareProcessNamespace", "alpha", "1.10", "This field is alpha and can be enabled with --feature-gates=PodShareProcessNamespace=true."),
    ("PodShareProcessNamespace", "beta", "1.12", "The PodShareProcessNamespace feature to configure PID namespace sharing within a pod has been promoted to beta."),
    ("PodShareProcessNamespace", "deprecated", "1.17", "The `PodShareProcessNamespace` feature gate is now deprecated"),
    ("PodShareProcessNamespace", "removed", "1.19", "The PodShareProcessNamespace feature gate has been removed"),
    ("RootCAConfigMap", "beta", "1.20", "The beta `RootCAConfigMap` feature gate is enabled by default"),
    ("RootCAConfigMap", "stable", "1.21", "Feature gate RootCAConfigMap is graduated to GA in 1.21"),
    ("RootCAConfigMap", "removed", "1.22", "The deprecated `RootCAConfigMap` feature-gate has been removed"),
    ("StartupProbe", "beta", "1.18", "Promote StartupProbe to beta for 1.18 release"),
    ("StartupProbe", "removed", "1.23", "The `StartupProbe` feature gate … can no longer be specified"),
    ("TTLAfterFinished", "beta", "1.21", "The `TTLAfterFinished` feature flag is now beta and enabled by default"),
    ("TTLAfterFinished", "stable", "1.23", "The `TTLAfterFinished` feature gate is now GA and enabled by default."),
    ("IndexedJob", "alpha", "1.21", "This is an alpha field and is only honored by servers with the `IndexedJob` feature gate enabled."),
    ("IndexedJob", "beta", "1.22", "`IndexedJob` has been promoted to Beta."),
    ("SuspendJob", "alpha", "1.21", "This is an alpha field which is only honored by servers with the `SuspendJob` feature gate enabled."),
    // The gate's name spelled out (#102022, CHANGELOG-1.22).
    ("SuspendJob", "beta", "1.22", "Suspend Job feature graduated to beta."),
    // The alpha minor, said only in passing (in a condition): not read, a miss.
    ("CSIInlineVolume", "alpha", "1.15", "when the CSIInlineVolume alpha feature is enabled"),
    ("CSIInlineVolume", "beta", "1.16", "CSI ephemeral inline volume support is beta, i.e. the CSIInlineVolume feature gate is enabled by default"),
    ("CustomResourceValidation", "alpha", "1.8", "Enable this alpha feature with the `CustomResourceValidation` feature gate"),
    ("CustomResourceValidation", "stable", "1.16", "The `CustomResourceValidation`, … features are now GA"),
    ("CustomResourceValidation", "deprecated", "1.16", "… and the associated feature gates deprecated and will be removed in v1.18."),
    ("CustomResourceValidation", "removed", "1.18", "The following feature gates are removed, …: CustomResourceValidation, …"),
    ("SupportPodPidsLimit", "alpha", "1.10", "Note that since this is a alpha feature they will need to enable the \"SupportPodPidsLimit\" feature."),
    ("SupportPodPidsLimit", "stable", "1.20", "Promote SupportPodPidsLimit to GA to provide ability to limit pids per pod"),
    ("SupportPodPidsLimit", "removed", "1.23", "The `SupportPodPidsLimit` and `SupportNodePidsLimit` feature gates … can no longer be specified"),
    ("CSIStorageCapacity", "alpha", "1.19", "alpha feature with the new `CSIStorageCapacity` feature gate"),
    ("CSIStorageCapacity", "beta", "1.21", "Storage capacity tracking (= the CSIStorageCapacity feature) graduates to Beta"),
];

#[test]
fn recall_and_precision_on_a_hand_checked_sample() {
    let timeline = require!(timeline());
    let truth: BTreeSet<(&str, &str, &str)> =
        SAMPLE.iter().map(|&(g, s, m, _)| (g, s, m)).collect();
    let gates: BTreeSet<&str> = SAMPLE.iter().map(|&(g, ..)| g).collect();
    assert_eq!(gates.len(), 25, "the sample has 25 gates");
    let mut found: BTreeSet<(String, String, String)> = BTreeSet::new();
    for &name in &gates {
        for e in timeline.get(name).map_or(&[][..], |g| &g.events[..]) {
            found.insert((name.to_string(), e.stage.to_string(), e.since.clone()));
        }
    }
    let hit = |t: &(&str, &str, &str)| found.contains(&(t.0.into(), t.1.into(), t.2.into()));
    let missed: Vec<_> = truth.iter().filter(|t| !hit(t)).collect();
    let wrong: Vec<_> = found
        .iter()
        .filter(|f| !truth.contains(&(f.0.as_str(), f.1.as_str(), f.2.as_str())))
        .collect();
    let recall = (truth.len() - missed.len()) as f64 / truth.len() as f64;
    let precision = (found.len() - wrong.len()) as f64 / found.len().max(1) as f64;
    println!(
        "feature gates, 25 hand-checked gates: recall {:.1}% ({}/{}), precision {:.1}% ({}/{})",
        recall * 100.0,
        truth.len() - missed.len(),
        truth.len(),
        precision * 100.0,
        found.len() - wrong.len(),
        found.len()
    );
    println!("missed: {missed:?}");
    println!("not stated: {wrong:?}");
    assert!(
        recall >= 0.9,
        "recall {recall:.3} below 90%: missed {missed:?}"
    );
    assert!(wrong.is_empty(), "stages the notes do not state: {wrong:?}");
}

/// The whole corpus: how many gates and events (printed), and facts checked in the Markdown.
#[test]
fn corpus_figures_and_facts() {
    let timeline = require!(timeline());
    let events: usize = timeline.gates.iter().map(|g| g.events.len()).sum();
    println!(
        "feature gates over the corpus: {} gates, {events} events",
        timeline.gates.len()
    );
    assert!(timeline.gates.len() >= 90, "{} gates", timeline.gates.len());
    let node_lease = timeline.get("nodelease").expect("NodeLease");
    let stage = |m: &str| node_lease.stage_at(m).map(|s| s.to_string());
    assert_eq!(stage("1.11"), None);
    assert_eq!(stage("v1.13").as_deref(), Some("alpha"));
    assert_eq!(stage("v1.16.2").as_deref(), Some("beta"));
    assert_eq!(stage("1.20").as_deref(), Some("stable"));
    assert_eq!(stage("1.24").as_deref(), Some("removed"));
    // 1.21 → 1.23: RootCAConfigMap (GA in 1.21) is removed in 1.22; TTLAfterFinished goes GA.
    let changes = timeline.changes_between("v1.21.0", "v1.23.0");
    let change = |name: &str| {
        changes
            .iter()
            .find(|c| c.name == name)
            .map(|c| format!("{:?} -> {}", c.from.map(|s| s.to_string()), c.to))
    };
    assert_eq!(
        change("RootCAConfigMap").as_deref(),
        Some("Some(\"stable\") -> removed")
    );
    assert_eq!(
        change("TTLAfterFinished").as_deref(),
        Some("Some(\"beta\") -> stable")
    );
    assert_eq!(
        change("NodeLease").as_deref(),
        Some("Some(\"stable\") -> removed")
    );
    assert_eq!(change("RuntimeClass"), None);
}

/// kubeadm's own gates: a kubeadm note's statement is about kubeadm's gate of that name, never
/// the cluster's (CHANGELOG-1.13: "kubeadm: deprecate the DynamicKubeletConfig feature gate"
/// #70849; CHANGELOG-1.12: "kubeadm - Feature-gates HighAvailability, SelfHosting,
/// CertsInSecrets are now deprecated" #67786).
#[test]
fn kubeadm_gates_are_kubeadms() {
    let timeline = require!(timeline());
    let events = |gate: &k8s_changelog::timeline::FeatureGate| -> Vec<String> {
        gate.events
            .iter()
            .map(|e| format!("{} {} {:?}", e.stage, e.since, e.pr))
            .collect()
    };
    let named: Vec<_> = timeline.named("DynamicKubeletConfig").collect();
    assert_eq!(named.len(), 2, "the kubelet's and kubeadm's");
    assert_eq!(named[0].component, None);
    assert_eq!(
        events(named[0]),
        ["alpha 1.8 Some(46254)", "beta 1.11 Some(64275)"]
    );
    assert_eq!(named[1].label(), "DynamicKubeletConfig (kubeadm)");
    assert_eq!(events(named[1]), ["deprecated 1.13 Some(70849)"]);
    assert!(std::ptr::eq(
        timeline.get("DynamicKubeletConfig").unwrap(),
        named[0]
    ));
    // A kubeadm-only gate is marked kubeadm's.
    let self_hosting = timeline.get("SelfHosting").expect("SelfHosting");
    assert_eq!(self_hosting.component.as_deref(), Some("kubeadm"));
    assert!(events(self_hosting).contains(&"deprecated 1.12 Some(67786)".to_string()));
}
