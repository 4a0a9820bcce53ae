//! Unit tests of the major themes' statements: what they add, and the removal the notes of
//! its minor contradict.

use super::tests::event_lines;
use super::*;
use crate::testing::{note, release};

/// The major themes of an x.y.0 release are read for what they call feature gates and for a
/// known gate introduced next to its stage (v1.20.0: "we introduce a new alpha feature
/// `CSIServiceAccountToken`"); not for graduations of the names a sentence mentions, nor for a
/// gate the notes know only as kubeadm's when the theme does not name kubeadm.
#[test]
fn major_themes_are_read() {
    let theme = "# v1.20.0\n\n## What's New (Major Themes)\n\n### Security Improvements for CSI Drivers (Alpha)\n\n\
        In 1.20, we introduce a new alpha feature `CSIServiceAccountToken`. This feature allows CSI drivers to impersonate the pods.\n\n\
        ### RootCAConfigMap\n\n`RootCAConfigMap` graduates to Beta, separating from `BoundServiceAccountTokenVolume`.\n\n\
        ### SIG Cluster Lifecycle\n\nThe Alpha feature-gates HighAvailability, SelfHosting are now deprecated.\n\n";
    let notes = [
        note(
            "This PR will introduce a feature gate CSIServiceAccountToken with two additional fields in `CSIDriverSpec`.",
            1,
            "someone",
            "Storage",
        ),
        note("Adds the BoundServiceAccountTokenVolume feature gate.", 2, "someone", "Auth"),
        note(
            "kubeadm: The Alpha feature-gates HighAvailability, SelfHosting are now deprecated.",
            3,
            "someone",
            "Cluster Lifecycle",
        ),
    ];
    let text = format!(
        "{theme}{}",
        release("v1.20.0", &[("Feature", &notes)], "").replacen("# v1.20.0\n\n", "", 1)
    );
    let timeline = feature_gates(&History::new(crate::parse(&text, "t.md")));
    let events = event_lines(&timeline);
    assert_eq!(
        events,
        [
            "CSIServiceAccountToken alpha 1.20 None",
            "HighAvailability (kubeadm) deprecated 1.20 Some(3)",
            "SelfHosting (kubeadm) deprecated 1.20 Some(3)",
        ]
    );
}

/// v1.23.0's themes say "In 1.23, the `IPv6DualStack` feature gate is removed." (CHANGELOG-1.23.md
/// L432) where the notes say it went stable (#104691, L1689): the gate's stage stays stable, and
/// the theme's sentence is kept as contradicted, with the note's event. A theme's removal in a
/// minor whose notes state no graduation is read as before.
#[test]
fn a_themes_removal_the_notes_contradict_is_no_stage() {
    let theme = "# v1.23.0\n\n## What's New (Major Themes)\n\n### IPv4/IPv6 Dual-stack Networking graduates to GA\n\n\
        In 1.23, the `IPv6DualStack` feature gate is removed.\n\n\
        ### Cleanup\n\nIn 1.23, the `NodeLease` feature gate is removed.\n\n";
    let notes = [note(
        "The IPv6DualStack feature gate moved to stable.",
        104691,
        "someone",
        "Network",
    )];
    let text = format!(
        "{theme}{}",
        release("v1.23.0", &[("Feature", &notes)], "").replacen("# v1.23.0\n\n", "", 1)
    );
    let timeline = feature_gates(&History::new(crate::parse(&text, "t.md")));
    assert_eq!(
        event_lines(&timeline),
        [
            "IPv6DualStack stable 1.23 Some(104691)",
            "NodeLease removed 1.23 None"
        ]
    );
    let gate = timeline.get("IPv6DualStack").expect("the gate");
    let contradicted: Vec<(&str, Stage, Option<u64>)> = gate
        .contradicted
        .iter()
        .map(|c| (c.statement.text.as_str(), c.by.stage, c.by.pr))
        .collect();
    assert_eq!(
        contradicted,
        [(
            "In 1.23, the `IPv6DualStack` feature gate is removed.",
            Stage::Stable,
            Some(104691)
        )]
    );
    let changes = timeline.changes_between("v1.22.0", "v1.23.0");
    let dual = changes
        .iter()
        .find(|c| c.name == "IPv6DualStack")
        .expect("a change");
    assert_eq!(dual.to, Stage::Stable);
}
