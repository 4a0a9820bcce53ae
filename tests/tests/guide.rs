//! The Deprecated API Migration Guide, read by `k8s_changelog::guide`, and the oracle it is for
//! the deprecation timeline: for every API version the guide lists as no longer served in 1.16,
//! 1.22 and 1.25, does the timeline (from the changelogs and the official release-notes JSON)
//! date the removal right, leave it unknown, or claim a wrong release?

use k8s_changelog::guide::{parse_guide, ApiGuide};
use k8s_changelog::timeline::{self, DeprecationTimeline};
use k8s_changelog::History;
use k8s_changelog_tests::{api_guide, changelog_dir, parse_dir, read, relnotes_dir, require};
use std::fmt::Write as _;

fn guide() -> Option<ApiGuide> {
    let path = api_guide()?;
    Some(parse_guide(&read(&path), "deprecation-guide.md"))
}

#[test]
fn the_shared_guide_reads_whole() {
    let guide = require!(guide());
    assert!(guide.diagnostics.is_empty(), "{:#?}", guide.diagnostics);
    let count = |minor: &str| {
        guide
            .entries
            .iter()
            .filter(|e| e.removed_in == minor)
            .count()
    };
    // 1.16: NetworkPolicy 1, DaemonSet 2, Deployment 3, StatefulSet 2, ReplicaSet 3.
    assert_eq!(count("1.16"), 11);
    // 1.22: webhooks 2, CRD, APIService, TokenReview, SAR 3, CSR, Lease, Ingress 2,
    // IngressClass, RBAC 4, PriorityClass, storage 4.
    assert_eq!(count("1.22"), 22);
    assert_eq!(count("1.25"), 3);
    let ingress = guide.get("extensions/v1beta1", "Ingress").unwrap();
    assert_eq!(ingress.removed_in, "1.22");
    assert_eq!(ingress.replacement.as_deref(), Some("networking.k8s.io/v1"));
    assert_eq!(ingress.replacement_since.as_deref(), Some("1.19"));
    assert!(
        guide.entries.iter().all(|e| e.replacement.is_some()),
        "every entry names its replacement"
    );
}

/// How the timeline dates one guide entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Right,
    Unknown,
    Wrong,
}

/// The removal minor the timeline gives `api_version` `kind`: the kind's own item, else the
/// group/version's as a whole.
fn removal(timeline: &DeprecationTimeline, api_version: &str, kind: &str) -> Option<String> {
    timeline
        .get(api_version, Some(kind))
        .and_then(|i| i.removed_in.clone())
        .or_else(|| {
            timeline
                .get(api_version, None)
                .and_then(|i| i.removed_in.clone())
        })
}

#[test]
fn oracle_removals_no_longer_served() {
    let guide = require!(guide());
    let dir = require!(changelog_dir());
    let relnotes = require!(relnotes_dir());
    let mut log = parse_dir(&dir);
    // The official JSON of the x.y.0 releases the CHANGELOG files of the corpus do not reach.
    for minor in 25..=27 {
        let name = format!("release-notes-1.{minor}.0.json");
        let bytes = std::fs::read(relnotes.join(&name)).expect("relnotes file");
        log.merge(k8s_changelog::parse_input(
            &bytes,
            &k8s_changelog::ParseOptions {
                file: &name,
                version: None,
            },
        ));
    }
    let timeline = timeline::deprecations(&History::new(log));
    let mut report = String::from(
        "oracle: the deprecation timeline against the guide's removals (right / unknown / wrong)\n",
    );
    let mut wrong = Vec::new();
    let mut unknown = Vec::new();
    let mut right: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for minor in ["1.16", "1.22", "1.25"] {
        let mut counts = [0usize; 3];
        for entry in guide.entries.iter().filter(|e| e.removed_in == minor) {
            let verdict = match removal(&timeline, &entry.api_version, &entry.kind) {
                Some(m) if m == entry.removed_in => Verdict::Right,
                Some(m) => {
                    wrong.push(format!(
                        "{} {}: timeline {m}, guide {minor}",
                        entry.api_version, entry.kind
                    ));
                    Verdict::Wrong
                }
                None => {
                    let plan = timeline
                        .get(&entry.api_version, Some(&entry.kind))
                        .or_else(|| timeline.get(&entry.api_version, None))
                        .map(|i| match (&i.deprecated_in, &i.removal_planned) {
                            (_, Some(p)) => format!("removal planned for {p}"),
                            (Some(d), None) => format!("deprecated {d}, no plan"),
                            _ => "statements, no deprecation".into(),
                        })
                        .unwrap_or_else(|| "no statement".into());
                    unknown.push(format!(
                        "{} {} ({minor}): {plan}",
                        entry.api_version, entry.kind
                    ));
                    Verdict::Unknown
                }
            };
            counts[verdict as usize] += 1;
        }
        let _ = writeln!(
            report,
            "removed in {minor}: {} right, {} unknown, {} wrong",
            counts[0], counts[1], counts[2]
        );
        right.insert(minor, counts[0]);
    }
    for w in &wrong {
        let _ = writeln!(report, "  wrong: {w}");
    }
    for u in &unknown {
        let _ = writeln!(report, "  unknown: {u}");
    }
    k8s_changelog_tests::figures(report.trim_end());
    // No removal the inputs do not support; and at least the figures reached so far
    // (BENCHMARKS.md / README "Timelines").
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(right["1.16"], 11, "all of 1.16");
    assert!(right["1.22"] >= 11, "1.22: {}", right["1.22"]);
    assert!(right["1.25"] >= 1, "1.25: {}", right["1.25"]);
}
