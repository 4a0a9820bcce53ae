//! `k8s_changelog::check` over the corpus and the real Deprecated API Migration Guide (skips
//! without them): the guide wins API removals, so events.k8s.io/v1beta1 is served until 1.25
//! whatever the changelogs' reading says, and every finding says where it comes from.

use k8s_changelog::check::{check, FindingStatus, ManifestObject};
use k8s_changelog::guide::parse_guide;
use k8s_changelog::timeline;
use k8s_changelog_tests::{api_guide, corpus_history, read, require};

fn object(api_version: &str, kind: &str) -> ManifestObject {
    ManifestObject {
        file: "m.yaml".into(),
        line: 1,
        api_version: api_version.into(),
        kind: kind.into(),
        name: None,
        namespace: None,
    }
}

#[test]
fn the_guide_wins_api_removals_over_the_corpus() {
    let history = require!(corpus_history());
    let path = require!(api_guide());
    let guide = parse_guide(&read(&path), "deprecation-guide.md");
    let deprecations = timeline::deprecations(history);
    let objects = [
        object("events.k8s.io/v1beta1", "Event"),
        object(
            "admissionregistration.k8s.io/v1beta1",
            "MutatingWebhookConfiguration",
        ),
        object("extensions/v1beta1", "Deployment"),
        object("apps/v1", "Deployment"),
    ];
    // (target, the status of each object: None = not a finding)
    use FindingStatus::*;
    let cases = [
        ("v1.15", [None, None, Some(Deprecated), None]),
        ("v1.16", [None, Some(Deprecated), Some(Removed), None]),
        ("v1.22", [None, Some(Removed), Some(Removed), None]),
        ("v1.25", [Some(Removed), Some(Removed), Some(Removed), None]),
    ];
    for (target, expected) in cases {
        let report = check(&objects, &deprecations, Some(&guide), target, None).unwrap();
        let got: Vec<Option<FindingStatus>> = objects
            .iter()
            .map(|o| {
                let f = report
                    .findings
                    .iter()
                    .find(|f| f.object.kind == o.kind && f.object.api_version == o.api_version);
                f.map(|f| f.status)
            })
            .collect();
        println!("{target}: {got:?}");
        // Before 1.25 the events API may be deprecated (or, where the changelogs said it was
        // removed, undated), never removed.
        if target == "v1.25" {
            assert_eq!(got[0], expected[0]);
        } else {
            assert_ne!(got[0], Some(Removed), "{target}");
        }
        assert_eq!(got[1..], expected[1..], "{target}");
        for f in &report.findings {
            assert!(
                f.evidence.changelog.is_some() || f.evidence.guide.is_some(),
                "{f:?}"
            );
            if f.status == Removed {
                assert!(
                    f.evidence.guide.is_some(),
                    "a removal the guide lists: {f:?}"
                );
                assert!(f.replacement.is_some(), "{f:?}");
            }
        }
    }
}
