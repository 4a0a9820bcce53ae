//! Unit tests over real notes of the corpus.

use super::read::statements;
use super::*;
use crate::testing::{note, release};

/// The statements of `text` as `Name,Name: stage,stage` lines.
fn read(text: &str, known: &[&str]) -> Vec<String> {
    let known: HashSet<String> = known.iter().map(|s| s.to_string()).collect();
    statements(text, &known)
        .into_iter()
        .map(|s| {
            let stages: Vec<&str> = s.stages.iter().map(|s| s.label()).collect();
            format!("{}: {}", s.names.join(","), stages.join(","))
        })
        .collect()
}

#[test]
fn sentences_of_the_corpus() {
    // (note text, names other notes call gates, statements)
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "The CSIBlockVolume feature gate is now beta, and defaults to enabled.",
            &[],
            &["CSIBlockVolume: beta"],
        ),
        (
            "Graduate CRIContainerLogRotation feature gate to GA.",
            &[],
            &["CRIContainerLogRotation: stable"],
        ),
        (
            "The CustomPodDNS feature gate has graduated to GA, and can no longer be disabled. The feature gate will be removed in v1.16",
            &[],
            &["CustomPodDNS: stable"],
        ),
        (
            "Graduate TaintNodesByCondition to GA in 1.17. (feature gate will be removed in 1.18)",
            &["TaintNodesByCondition"],
            &["TaintNodesByCondition: stable"],
        ),
        (
            "CRDs defaulting is promoted to GA. Note: the feature gate CustomResourceDefaulting will be removed in 1.18.",
            &[],
            &[],
        ),
        (
            "The ServiceAccountIssuerDiscovery feature gate is removed. It reached GA in Kubernetes 1.21.",
            &[],
            &["ServiceAccountIssuerDiscovery: removed"],
        ),
        (
            "A new alpha feature gate `SeccompDefault` has been added to the kubelet, together with a corresponding command line flag `--seccomp-default` and kubelet configuration.",
            &[],
            &["SeccompDefault: alpha"],
        ),
        (
            "Generic ephemeral volumes, a new alpha feature under the `GenericEphemeralVolume` feature gate, provide a more flexible alternative to `EmptyDir` volumes.",
            &[],
            &["GenericEphemeralVolume: alpha"],
        ),
        (
            "Featuregate `ServiceLoadBalancerClass` graduates to Beta and is enables by default.",
            &[],
            &["ServiceLoadBalancerClass: beta"],
        ),
        (
            "DefaultPodTopologySpread graduated to Beta. The feature gate is enabled by default.",
            &["DefaultPodTopologySpread"],
            &["DefaultPodTopologySpread: beta"],
        ),
        (
            "The deprecated `RootCAConfigMap` feature-gate has been removed, since the `RootCAConfigMap` feature graduated to GA in 1.21 and is unconditionally enabled.",
            &[],
            &["RootCAConfigMap: removed"],
        ),
        (
            "The `ResourceQuotaScopeSelectors` feature gate is now unconditionally enabled and will be removed in 1.18.",
            &[],
            &["ResourceQuotaScopeSelectors: stable"],
        ),
        (
            "Sysctls is now GA and locked to default",
            &["Sysctls"],
            &["Sysctls: stable"],
        ),
        (
            "The `PodShareProcessNamespace` feature gate is now deprecated and will be removed in Kubernetes 1.22.",
            &[],
            &["PodShareProcessNamespace: deprecated"],
        ),
        (
            "The following features are unconditionally enabled and the corresponding `--feature-gates` flags have been removed: `PodPriority`, `TaintNodesByCondition`, `ResourceQuotaScopeSelectors` and `ScheduleDaemonSetPods`",
            &[],
            &["PodPriority,TaintNodesByCondition,ResourceQuotaScopeSelectors,ScheduleDaemonSetPods: removed"],
        ),
        (
            "The deprecated feature gates `GCERegionalPersistentDisk`, `EnableAggregatedDiscoveryTimeout` and `PersistentLocalVolumes` are now unconditionally enabled and can no longer be specified in component invocations.",
            &[],
            &["GCERegionalPersistentDisk,EnableAggregatedDiscoveryTimeout,PersistentLocalVolumes: removed"],
        ),
        (
            "Feature gates CSIMigration to Beta (on by default) and CSIMigrationGCE to Beta (off by default since it requires installation of the GCE PD CSI Driver)",
            &["CSIMigrationGCE"],
            &["CSIMigration,CSIMigrationGCE: beta"],
        ),
        (
            "Remove `NodeLease` feature gate that was graduated and locked to stable in 1.17 release.",
            &[],
            &["NodeLease: removed"],
        ),
        (
            "In 1.23, the `IPv6DualStack` feature gate is removed.",
            &[],
            &["IPv6DualStack: removed"],
        ),
        (
            "The RotateKubeletClientCertificate feature gate has been promoted to GA, and the kubelet --feature-gate RotateKubeletClientCertificate parameter will be removed in 1.20.",
            &[],
            &["RotateKubeletClientCertificate: stable"],
        ),
        (
            "The following feature gates are removed, because the associated features were unconditionally enabled in previous releases:\n  - `CustomResourceValidation`\n  - `CustomResourceSubresources`",
            &[],
            &["CustomResourceValidation: removed", "CustomResourceSubresources: removed"],
        ),
        // A replacement is not the subject; a stage word in the future states nothing; in a
        // deprecation, "alpha" before the gate's name is the stage it had (#57384; it became
        // alpha in 1.6, #42116), not one it reaches.
        (
            "The alpha Accelerators feature gate is deprecated and will be removed in v1.11. Please use device plugins instead. They can be enabled using the DevicePlugins feature gate.",
            &[],
            &["Accelerators: deprecated"],
        ),
        (
            "Kube-proxy now consumes EndpointSlices instead of Endpoints by default on Linux. A new alpha `WindowsEndpointSliceProxying` feature gate allows the feature to be enabled on Windows.",
            &[],
            &["WindowsEndpointSliceProxying: alpha"],
        ),
        // No gate word and no known name: nothing.
        ("Node-specific volume limits has graduated to GA.", &[], &[]),
        // No stage word: nothing.
        (
            "Adds EndpointSlice integration to kube-proxy, can be enabled with EndpointSlice feature gate.",
            &[],
            &[],
        ),
        ("Add LoadBalancerIPMode feature gate", &[], &[]),
        // An obligation or a condition is no removal (#82146, v1.16.0-beta.2; the gate was
        // removed in 1.17).
        (
            "Use feature gate `EnableAggregatedDiscoveryTimeout=false` if you *must* remove this check, but that feature gate will be removed next release.",
            &[],
            &[],
        ),
        // A stage adjective mentioned in passing is the stage a thing has, not a change: an
        // object (#70515, v1.13.0), a feature extended (#71351, v1.14.0-beta.1; it was new in
        // 1.11) or in a condition (#76915).
        (
            "The schema for the alpha `CSINodeInfo` CRD has been split into `spec` and `status` fields.",
            &["CSINodeInfo"],
            &[],
        ),
        (
            "Extends the VolumeSubpathEnvExpansion alpha feature to support environment variable expansion",
            &["VolumeSubpathEnvExpansion"],
            &[],
        ),
        (
            "Inline CSI ephemeral volumes can now be controlled with PodSecurityPolicy when the CSIInlineVolume alpha feature is enabled",
            &["CSIInlineVolume"],
            &[],
        ),
        // A stage word in a code span of several words is a command (v1.13.0's themes).
        (
            "The DynamicKubeletConfig and SelfHosting functionality was moved outside of `kubeadm init` and feature gates and is now exposed under `kubeadm alpha`.",
            &["DynamicKubeletConfig", "SelfHosting"],
            &[],
        ),
        // Introduced, or the subject of its clause: the stage it starts at.
        (
            "In 1.20, we introduce a new alpha feature `CSIServiceAccountToken`.",
            &["CSIServiceAccountToken"],
            &["CSIServiceAccountToken: alpha"],
        ),
        (
            "The alpha feature `ServiceAppProtocol` enables setting an `appProtocol` field in ServicePort and EndpointPort definitions.",
            &["ServiceAppProtocol"],
            &["ServiceAppProtocol: alpha"],
        ),
    ];
    for &(text, known, want) in cases {
        assert_eq!(read(text, known), want, "{text}");
    }
}

/// A history with one gate's life: alpha in 1.17, beta in 1.19 (a 1.18 patch backports the
/// note), GA in 1.21, removed in 1.23; another gate only deprecated.
fn history() -> History {
    let features = |text: &str, pr| vec![note(text, pr, "someone", "Node")];
    let text = [
        release(
            "v1.17.0",
            &[(
                "Feature",
                &features("Added the `DemoGate` alpha feature gate.", 100),
            )],
            "",
        ),
        release(
            "v1.18.5",
            &[(
                "Feature",
                &features(
                    "The DemoGate feature gate is now beta and enabled by default.",
                    201,
                ),
            )],
            "",
        ),
        release(
            "v1.19.0-beta.1",
            &[(
                "Feature",
                &features(
                    "The DemoGate feature gate is now beta and enabled by default.",
                    200,
                ),
            )],
            "",
        ),
        release(
            "v1.21.0",
            &[
                ("Feature", &features("Graduate DemoGate to GA.", 300)),
                (
                    "Bug or Regression",
                    &features(
                        "Fixed a crash when the beta `OtherGate` feature gate is enabled.",
                        301,
                    ),
                ),
            ],
            "",
        ),
        release(
            "v1.22.0",
            &[(
                "Deprecation",
                &features("The `OtherGate` feature gate is deprecated.", 400),
            )],
            "",
        ),
        release(
            "v1.23.0",
            &[(
                "Other (Cleanup or Flake)",
                &features("Removed the `DemoGate` feature gate.", 500),
            )],
            "",
        ),
    ]
    .concat();
    History::new(crate::parse(&text, "t.md"))
}

#[test]
fn events_are_dated_by_the_first_cycle_release() {
    let timeline = feature_gates(&history());
    let demo = timeline.get("demogate").expect("DemoGate");
    let got: Vec<String> = demo
        .events
        .iter()
        .map(|e| format!("{} {} {} {:?}", e.stage, e.since, e.release, e.pr))
        .collect();
    assert_eq!(
        got,
        [
            "alpha 1.17 v1.17.0 Some(100)",
            // The 1.18 patch carries the same text: it counts for 1.19.
            "beta 1.19 v1.19.0-beta.1 Some(200)",
            "stable 1.21 v1.21.0 Some(300)",
            "removed 1.23 v1.23.0 Some(500)",
        ]
    );
    // The bug note's "beta" is not read.
    let other = timeline.get("OtherGate").expect("OtherGate");
    assert_eq!(other.events.len(), 1);
    assert_eq!(other.events[0].stage, Stage::Deprecated);
}

#[test]
fn stage_at_and_changes_between() {
    let timeline = feature_gates(&history());
    let demo = timeline.get("DemoGate").expect("DemoGate");
    let cases: &[(&str, Option<Stage>)] = &[
        ("1.16", None),
        ("v1.17", Some(Stage::Alpha)),
        ("1.18", Some(Stage::Alpha)),
        ("v1.20.3", Some(Stage::Beta)),
        ("1.22", Some(Stage::Stable)),
        ("v1.24.0-alpha.1", Some(Stage::Removed)),
        ("latest", None),
    ];
    for &(minor, want) in cases {
        assert_eq!(demo.stage_at(minor), want, "{minor}");
    }
    let changes = timeline.changes_between("v1.20.0", "v1.22.0");
    let got: Vec<String> = changes
        .iter()
        .map(|c| {
            let events: Vec<&str> = c.events.iter().map(|e| e.release.as_str()).collect();
            format!("{} {:?} -> {} {events:?}", c.name, c.from, c.to)
        })
        .collect();
    assert_eq!(
        got,
        [
            "DemoGate Some(Beta) -> stable [\"v1.21.0\"]",
            "OtherGate None -> deprecated [\"v1.22.0\"]",
        ]
    );
    assert!(timeline.changes_between("v1.22.0", "v1.22.0").is_empty());
    assert_eq!(timeline.closest("DemoGat"), Some("DemoGate"));
    assert_eq!(timeline.closest("othergates"), Some("OtherGate"));
}

#[test]
fn stages_serialize_lower_case() {
    let json = serde_json::to_string(&feature_gates(&history())).expect("json");
    assert!(json.starts_with(r#"{"gates":[{"name":"DemoGate","events":[{"stage":"alpha","since":"1.17","release":"v1.17.0","pr":100,"text":"#), "{json}");
}

/// kubeadm's gates, from real notes: the kubelet's DynamicKubeletConfig beta (#64275), then
/// kubeadm's gate of that name deprecated (#70849); kubeadm-only gates deprecated (#67786).
fn kubeadm_history() -> History {
    let one = |text: &str, pr| vec![note(text, pr, "someone", "Cluster Lifecycle")];
    let text = [
        release(
            "v1.8.0-beta.1",
            &[(
                "Feature",
                &one("Use of the alpha initializers feature now requires enabling the `Initializers` feature gate. This feature gate is auto-enabled if the `Initialzers` admission plugin is enabled.", 51436),
            )],
            "",
        ),
        release(
            "v1.11.0-beta.1",
            &[(
                "Feature",
                &one("The dynamic Kubelet config feature is now beta, and the DynamicKubeletConfig feature gate is on by default. In order to use dynamic Kubelet config, ensure that the Kubelet's --dynamic-config-dir option is set.", 64275),
            )],
            "",
        ),
        release(
            "v1.12.0-beta.1",
            &[(
                "Deprecation",
                &one("kubeadm - Feature-gates HighAvailability, SelfHosting, CertsInSecrets are now deprecated and can no longer be used for new clusters. Cluster updates using above feature-gates flag is not supported.", 67786),
            )],
            "",
        ),
        release(
            "v1.13.0-beta.1",
            &[(
                "Other (Cleanup or Flake)",
                &[
                    one("kubeadm: deprecate the DynamicKubeletConfig feature gate. The functionality is still accessible by using the kubeadm alpha kubelet enable-dynamic command.", 70849),
                    one("Addon configuration is introduced in the kubeadm config API, while feature flag CoreDNS is now deprecated.", 70024),
                    // #58428 (v1.10.0-alpha.2 in the corpus): names kubeadm, not as the gate's.
                    one("Alpha Initializers have been removed from kubeadm admission control.  Kubeadm users who still want to use Initializers can use apiServerExtraArgs through the kubeadm config file to enable it when booting up the cluster.", 58428),
                ]
                .concat(),
            )],
            "",
        ),
    ]
    .concat();
    History::new(crate::parse(&text, "t.md"))
}

/// Every event as `label stage since pr`, gate by gate.
pub(super) fn event_lines(timeline: &FeatureGateTimeline) -> Vec<String> {
    timeline
        .gates
        .iter()
        .flat_map(|g| {
            g.events
                .iter()
                .map(move |e| format!("{} {} {} {:?}", g.label(), e.stage, e.since, e.pr))
        })
        .collect()
}

#[test]
fn kubeadm_gates_stay_apart_from_the_cluster_gates() {
    let timeline = feature_gates(&kubeadm_history());
    let got = event_lines(&timeline);
    assert_eq!(
        got,
        [
            "CertsInSecrets (kubeadm) deprecated 1.12 Some(67786)",
            // A note that does not start with kubeadm, whose sentence names it.
            "CoreDNS (kubeadm) deprecated 1.13 Some(70024)",
            "DynamicKubeletConfig beta 1.11 Some(64275)",
            "DynamicKubeletConfig (kubeadm) deprecated 1.13 Some(70849)",
            "HighAvailability (kubeadm) deprecated 1.12 Some(67786)",
            // #58428's "Alpha Initializers" is the cluster's gate (its earliest alpha stays).
            "Initializers alpha 1.8 Some(51436)",
            "SelfHosting (kubeadm) deprecated 1.12 Some(67786)",
        ]
    );
    // `get` prefers the cluster's gate; a kubeadm-only gate is kubeadm's.
    let dynamic = timeline.get("dynamickubeletconfig").expect("the kubelet's");
    assert_eq!(dynamic.component, None);
    assert_eq!(dynamic.stage_at("1.13"), Some(Stage::Beta));
    assert_eq!(
        timeline
            .get("SelfHosting")
            .map(FeatureGate::label)
            .as_deref(),
        Some("SelfHosting (kubeadm)")
    );
    assert_eq!(timeline.named("DynamicKubeletConfig").count(), 2);
    // The upgrade path names whose gate changes.
    let changes: Vec<String> = timeline
        .changes_between("1.12", "1.13")
        .iter()
        .map(GateChange::label)
        .collect();
    assert_eq!(
        changes,
        ["CoreDNS (kubeadm)", "DynamicKubeletConfig (kubeadm)"]
    );
    // Serialized, only kubeadm's gate carries a component.
    let json = serde_json::to_value(&timeline).expect("json");
    assert_eq!(json["gates"][2]["name"], "DynamicKubeletConfig");
    assert!(json["gates"][2].get("component").is_none());
    assert_eq!(json["gates"][3]["component"], "kubeadm");
}

/// A stage word in backticks counts ("Upgrades `IPv6Dualstack` to `Beta`", v1.21.0 #98969).
#[test]
fn a_stage_in_backticks_counts() {
    let known: HashSet<String> = ["IPv6DualStack".to_string()].into();
    let stated = stages_stated(
        "Upgrades `IPv6DualStack` to `Beta` and turns it on by default.",
        &known,
    );
    assert_eq!(stated.len(), 1, "{stated:?}");
    assert_eq!(
        (stated[0].0.as_str(), stated[0].1),
        ("IPv6DualStack", Stage::Beta)
    );
}

/// A known gate written in another case is read as that gate, not as a gate of its own
/// ("Upgrades `IPv6Dualstack` to `Beta`", v1.21.0, of the IPv6DualStack gate).
#[test]
fn a_gate_in_another_case_is_that_gate() {
    let features = |text: &str, pr| vec![note(text, pr, "someone", "Network")];
    let text = [
        release(
            "v1.21.0",
            &[(
                "Feature",
                &features(
                    "Upgrades `DualGate` to `Beta` and turns it on by default.",
                    2,
                ),
            )],
            "",
        ),
        release(
            "v1.20.0",
            &[(
                "Feature",
                &features("Added the `DualGate` alpha feature gate.", 1),
            )],
            "",
        ),
    ]
    .concat()
    .replace("Upgrades `DualGate`", "Upgrades `Dualgate`");
    let timeline = feature_gates(&History::new(crate::parse(&text, "t.md")));
    let names: Vec<&str> = timeline.gates.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["DualGate"]);
    let stages: Vec<(Stage, &str)> = timeline.gates[0]
        .events
        .iter()
        .map(|e| (e.stage, e.since.as_str()))
        .collect();
    assert_eq!(stages, [(Stage::Alpha, "1.20"), (Stage::Beta, "1.21")]);
}

/// In a deprecation, "Alpha" qualifying "feature-gates" is the stage the gates had, not a
/// change ("Kubeadm: The Alpha feature-gates HighAvailability, SelfHosting, CertsInSecrets are
/// now deprecated", v1.12.0); said of a new gate, it is the stage it starts at.
#[test]
fn a_stage_qualifying_deprecated_gates_is_no_change() {
    let known: HashSet<String> = ["SelfHosting".to_string(), "CertsInSecrets".to_string()].into();
    let stated = stages_stated(
        "The Alpha feature-gates SelfHosting, CertsInSecrets are now deprecated, and will be removed in k8s v1.13.0.",
        &known,
    );
    let stages: Vec<(&str, Stage)> = stated.iter().map(|(n, s, _)| (n.as_str(), *s)).collect();
    assert_eq!(
        stages,
        [
            ("SelfHosting", Stage::Deprecated),
            ("CertsInSecrets", Stage::Deprecated)
        ]
    );
    let stated = stages_stated("Added the alpha feature gate `SelfHosting`.", &known);
    assert_eq!(stated.len(), 1, "{stated:?}");
    assert_eq!(stated[0].1, Stage::Alpha);
    let stated = stages_stated(
        "The beta feature `SelfHosting` graduates to GA and is now enabled.",
        &known,
    );
    assert_eq!(stated.len(), 1, "{stated:?}");
    assert_eq!(stated[0].1, Stage::Stable);
}

/// A list item that is only a gate's name states its lead-in's stages, and the lead-in is the
/// evidence, quoted before the item (v1.14.0's "Deprecations"; the event quoted only
/// "`MountPropagation`"). Under a lead-in that names no feature gate, the name states nothing.
#[test]
fn a_bare_item_quotes_its_lead_in() {
    let lead = "The following features are now GA, and the associated feature gates are deprecated and will be removed in v1.15:";
    let text = format!("{lead}\n  - `CustomPodDNS`\n  - `MountPropagation`");
    let read = statements(&text, &HashSet::new());
    assert_eq!(read.len(), 2, "{read:?}");
    assert_eq!(read[1].names, ["MountPropagation"]);
    assert_eq!(read[1].stages, [Stage::Stable, Stage::Deprecated]);
    assert_eq!(read[1].text, format!("{lead} `MountPropagation`"));
    let known: HashSet<String> = ["MountPropagation".to_string()].into();
    let read = statements(
        "The following features are now GA:\n  - `MountPropagation`",
        &known,
    );
    assert_eq!(read, []);
}
