//! `k8s-changelog feature-gates`, and the gates section of `compare`, without the corpus: over
//! the committed sig-release draft (`tests/fixtures/`) and over a short changelog on stdin made
//! of real NodeLease and RootCAConfigMap notes of the corpus. Golden outputs in
//! `tests/snapshots/feature_gates__*`.

use k8s_changelog_tests::{k8s_changelog, stdout_of};
use predicates::prelude::*;
use serde_json::{json, Value};

const DRAFT: &str = "sig-release/release-1.22/release-notes-draft.md";

/// Real notes (CHANGELOG-1.12, 1.14, 1.17, 1.20, 1.21, 1.22, 1.23), in releases of their minor.
const LIFECYCLE: &str = "\
# v1.12.0

## Changelog

### Other notable changes

* kubelet: Users can now enable the alpha NodeLease feature gate to have the Kubelet create and periodically renew a Lease in the kube-node-lease namespace. ([#66257](https://github.com/kubernetes/kubernetes/pull/66257), [@mtaufen](https://github.com/mtaufen))

# v1.14.0

## Changelog

### Other notable changes

* The NodeLease feature gate has been promoted to Beta, and is enabled by default ([#72096](https://github.com/kubernetes/kubernetes/pull/72096), [@wojtek-t](https://github.com/wojtek-t))

# v1.17.0

## Changelog

### Other notable changes

* Promote NodeLease feature to GA. ([#84351](https://github.com/kubernetes/kubernetes/pull/84351), [@wojtek-t](https://github.com/wojtek-t))

# v1.20.0

## Changes by Kind

### Feature

- The beta `RootCAConfigMap` feature gate is enabled by default and causes kube-controller-manager to publish a \"kube-root-ca.crt\" ConfigMap to every namespace. ([#95186](https://github.com/kubernetes/kubernetes/pull/95186), [@zshihang](https://github.com/zshihang)) [SIG API Machinery, Apps, Auth and Testing]

# v1.21.0

## Changes by Kind

### Feature

- Feature gate RootCAConfigMap is graduated to GA in 1.21 and will be removed in 1.22. ([#98033](https://github.com/kubernetes/kubernetes/pull/98033), [@zshihang](https://github.com/zshihang)) [SIG API Machinery and Auth]

# v1.22.0

## Urgent Upgrade Notes

### (No, really, you MUST read this before you upgrade)

- Audit log files are now created with a mode of 0600. ([#95387](https://github.com/kubernetes/kubernetes/pull/95387), [@JAORMX](https://github.com/JAORMX)) [SIG API Machinery and Auth]

## Changes by Kind

### Other (Cleanup or Flake)

- The deprecated `RootCAConfigMap` feature-gate has been removed, since the `RootCAConfigMap` feature graduated to GA in 1.21 and is unconditionally enabled. ([#101579](https://github.com/kubernetes/kubernetes/pull/101579), [@carlory](https://github.com/carlory)) [SIG API Machinery and Auth]

# v1.23.0

## Changes by Kind

### Other (Cleanup or Flake)

- Remove `NodeLease` feature gate that was graduated and locked to stable in 1.17 release. ([#105222](https://github.com/kubernetes/kubernetes/pull/105222), [@cyclinder](https://github.com/cyclinder)) [SIG Apps, Node and Testing]
";

fn json_of(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out:.300}"))
}

/// `feature-gates ARGS… --input -` over [`LIFECYCLE`].
fn over_lifecycle(args: &[&str]) -> String {
    stdout_of(
        k8s_changelog!()
            .arg("feature-gates")
            .args(args)
            .args(["--input", "-"])
            .write_stdin(LIFECYCLE),
    )
}

#[test]
fn the_draft_in_every_format() {
    for format in ["table", "markdown", "json", "csv"] {
        let out = stdout_of(k8s_changelog!(fixtures).args([
            "feature-gates",
            "--input",
            DRAFT,
            "--version",
            "v1.22.0",
            "--format",
            format,
        ]));
        insta::assert_snapshot!(format!("draft_{format}"), out);
    }
}

#[test]
fn json_has_the_documented_shape() {
    let out = over_lifecycle(&["nodelease", "--format", "json"]);
    let event = |stage: &str, since: &str, release: &str, pr: u64, text: &str| json!({"stage": stage, "since": since, "release": release, "pr": pr, "text": text});
    assert_eq!(
        json_of(&out),
        json!({"gates": [{"name": "NodeLease", "events": [
            event("alpha", "1.12", "v1.12.0", 66257, "kubelet: Users can now enable the alpha NodeLease feature gate to have the Kubelet create and periodically renew a Lease in the kube-node-lease namespace."),
            event("beta", "1.14", "v1.14.0", 72096, "The NodeLease feature gate has been promoted to Beta, and is enabled by default"),
            event("stable", "1.17", "v1.17.0", 84351, "Promote NodeLease feature to GA."),
            event("removed", "1.23", "v1.23.0", 105222, "Remove `NodeLease` feature gate that was graduated and locked to stable in 1.17 release."),
        ]}]})
    );
}

#[test]
fn at_adds_each_gates_stage() {
    // (--at, NodeLease's stage, RootCAConfigMap's stage)
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        ("v1.11", None, None),
        ("v1.15", Some("beta"), None),
        ("1.20", Some("stable"), Some("beta")),
        ("v1.21.3", Some("stable"), Some("stable")),
        ("v1.23", Some("removed"), Some("removed")),
    ];
    for &(at, node_lease, root_ca) in cases {
        let out = json_of(&over_lifecycle(&["--at", at, "--format", "json"]));
        assert_eq!(out["at"], at);
        let stage = |name: &str| {
            let gate = out["gates"]
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["name"] == name)
                .unwrap_or_else(|| panic!("{name} in {out}"));
            gate.get("stage_at")
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        assert_eq!(stage("NodeLease").as_deref(), node_lease, "--at {at}");
        assert_eq!(stage("RootCAConfigMap").as_deref(), root_ca, "--at {at}");
    }
    insta::assert_snapshot!("lifecycle_at_table", over_lifecycle(&["--at", "v1.21"]));
    insta::assert_snapshot!(
        "lifecycle_at_csv",
        over_lifecycle(&["--at", "v1.21", "--format", "csv"])
    );
}

#[test]
fn names_filter_in_any_case_and_show_each_statement() {
    let out = over_lifecycle(&["ROOTCACONFIGMAP", "--format", "markdown"]);
    insta::assert_snapshot!("lifecycle_rootcaconfigmap_markdown", out);
    assert!(!out.contains("NodeLease"), "{out}");
}

#[test]
fn an_unknown_name_is_an_empty_answer_naming_the_closest() {
    k8s_changelog!()
        .args(["feature-gates", "NodeLeas", "--input", "-"])
        .write_stdin(LIFECYCLE)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "No feature gate `NodeLeas` in the notes; the closest is `NodeLease`.",
        ));
    k8s_changelog!()
        .args([
            "feature-gates",
            "RootCA",
            "--input",
            "-",
            "--format",
            "json",
        ])
        .write_stdin(LIFECYCLE)
        .assert()
        .success()
        .stdout(predicate::str::diff("{\n  \"gates\": []\n}\n"))
        .stderr(predicate::str::contains("the closest is `RootCAConfigMap`"));
}

#[test]
fn a_bad_at_is_a_usage_error() {
    k8s_changelog!()
        .args(["feature-gates", "--at", "latest", "--input", "-"])
        .write_stdin(LIFECYCLE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--at wants a minor such as v1.20"));
}

#[test]
fn compare_lists_the_gates_changing_stage_after_the_urgent_notes() {
    let out = stdout_of(
        k8s_changelog!()
            .args([
                "compare", "--from", "v1.20.0", "--to", "v1.23.0", "-", "--format", "markdown",
            ])
            .write_stdin(LIFECYCLE),
    );
    let urgent = out.find("## Urgent").expect("urgent section");
    let gates = out
        .find("## Feature gates changing stage (2)")
        .expect("gates section");
    let next = out.find("## Other changes").expect("other changes");
    assert!(urgent < gates && gates < next, "{out}");
    assert!(
        out.contains("| NodeLease | stable | removed | removed v1.23.0 #105222 |"),
        "{out}"
    );
    assert!(
        out.contains(
            "| RootCAConfigMap | beta | removed | stable v1.21.0 #98033, removed v1.22.0 #101579 |"
        ),
        "{out}"
    );
    let json = json_of(&stdout_of(
        k8s_changelog!()
            .args([
                "compare", "--from", "v1.21.0", "--to", "v1.22.0", "-", "--format", "json",
            ])
            .write_stdin(LIFECYCLE),
    ));
    assert_eq!(json["feature_gates"][0]["name"], "RootCAConfigMap");
    assert_eq!(json["feature_gates"][0]["from"], "stable");
    assert_eq!(json["feature_gates"][0]["to"], "removed");
    assert_eq!(json["feature_gates"][0]["events"][0]["pr"], 101579);
}

/// Real notes (CHANGELOG-1.11, 1.13): the kubelet's DynamicKubeletConfig gate goes beta, then
/// kubeadm deprecates its own gate of that name.
const KUBEADM: &str = "\
# v1.11.0

## Changelog

### Other notable changes

* The dynamic Kubelet config feature is now beta, and the DynamicKubeletConfig feature gate is on by default. In order to use dynamic Kubelet config, ensure that the Kubelet's --dynamic-config-dir option is set.  ([#64275](https://github.com/kubernetes/kubernetes/pull/64275), [@mtaufen](https://github.com/mtaufen))

# v1.13.0

## Changelog

### Other notable changes

* kubeadm: deprecate the DynamicKubeletConfig feature gate. The functionality is still accessible by using the kubeadm alpha kubelet enable-dynamic command. ([#70849](https://github.com/kubernetes/kubernetes/pull/70849), [@yagonobre](https://github.com/yagonobre))
";

#[test]
fn kubeadms_gate_is_shown_apart_from_the_kubelets() {
    let run = |format: &str| {
        stdout_of(
            k8s_changelog!()
                .args(["feature-gates", "dynamickubeletconfig", "--format", format])
                .args(["--input", "-"])
                .write_stdin(KUBEADM),
        )
    };
    let json = json_of(&run("json"));
    assert_eq!(json["gates"][0]["name"], "DynamicKubeletConfig");
    assert!(json["gates"][0].get("component").is_none(), "{json}");
    assert_eq!(json["gates"][0]["events"][0]["stage"], "beta");
    assert_eq!(json["gates"][0]["events"].as_array().unwrap().len(), 1);
    assert_eq!(json["gates"][1]["component"], "kubeadm");
    assert_eq!(json["gates"][1]["events"][0]["stage"], "deprecated");
    assert_eq!(json["gates"][1]["events"][0]["pr"], 70849);
    // (format, lines each output holds): the grid row and the heading, the CSV's column.
    let cases: &[(&str, &[&str])] = &[
        (
            "markdown",
            &[
                "| DynamicKubeletConfig (kubeadm) |",
                "DynamicKubeletConfig (kubeadm)\n",
            ],
        ),
        (
            "csv",
            &[
                "DynamicKubeletConfig,kubeadm,deprecated,1.13,v1.13.0,70849,",
                "DynamicKubeletConfig,,beta,1.11,v1.11.0,64275,",
            ],
        ),
        ("table", &["DynamicKubeletConfig (kubeadm)"]),
    ];
    for &(format, wanted) in cases {
        let out = run(format);
        for want in wanted {
            assert!(out.contains(want), "{format}: {want:?} in {out}");
        }
    }
}
