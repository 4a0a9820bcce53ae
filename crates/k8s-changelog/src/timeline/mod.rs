//! Timelines over a whole [`History`](crate::History): when APIs, flags and feature gates were
//! deprecated and removed ([`deprecations`]), which version of a dependency each release
//! shipped ([`dependencies`]), and the stages of each feature gate ([`feature_gates()`]).

mod dependencies;
pub(crate) use dependencies::{same_version, statement_of};
mod deprecations;
mod feature_gates;

pub use dependencies::{
    closest_dependency, dependencies, DependencyChangeAt, DependencyTimeline, Statement, VersionAt,
};
pub use deprecations::{
    deprecations, DeprecatedItem, DeprecationTimeline, ItemChange, ItemKind, ItemLookup,
    Replacement, Status, StatusEvent,
};
pub use feature_gates::{
    feature_gates, stages_stated, Contradicted, FeatureGate, FeatureGateTimeline, GateChange,
    GateEvent, Stage,
};

use crate::model::Note;
use semver::Version;

/// The component whose own feature gates kubeadm has: a gate statement of a kubeadm note is
/// about kubeadm's gate of that name, not the cluster components' one.
pub const KUBEADM: &str = "kubeadm";

/// "The feature gates `A` and `B` … can no longer be specified": the words that say a feature
/// gate is removed, for the deprecation timeline (a removal) and the feature-gate timeline (the
/// removed stage) alike, so both read such a sentence the same way.
pub(crate) const NO_LONGER_SPECIFIED: &str = "no longer be specified";

/// Whether `note` is kubeadm's: its component is kubeadm, its text starts with "kubeadm" (any
/// case, in backticks or not: "kubeadm: …", "Kubeadm …"), or a heading of its section names
/// kubeadm.
pub fn is_kubeadm_note(note: &Note) -> bool {
    let starts = |text: &str| {
        let text =
            text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | '['));
        text.get(..KUBEADM.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(KUBEADM))
            && !text[KUBEADM.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
    };
    note.component.as_deref() == Some(KUBEADM)
        || starts(&note.text)
        || note.section.iter().any(|h| names_kubeadm(h))
}

/// Whose feature gate a statement of `note` is about: `Some("kubeadm")` when the note is
/// kubeadm's, or when its sentence names kubeadm and is about feature gates
/// (`about_gates`: "Addon configuration is introduced in the kubeadm config API, while feature
/// flag CoreDNS is now deprecated"; not "Alpha Initializers have been removed from kubeadm
/// admission control"); `None` for the cluster components' gate. Both timelines key gates by
/// name and this.
pub(crate) fn gate_component(note: &Note, sentence: &str, about_gates: bool) -> Option<String> {
    (is_kubeadm_note(note) || about_gates && names_kubeadm(sentence)).then(|| KUBEADM.to_string())
}

/// [`gate_component`] for a prose block of a release (no note): `Some("kubeadm")` when a heading
/// of its section names kubeadm, or its sentence names kubeadm and is about feature gates.
pub(crate) fn prose_gate_component(
    section: &[String],
    sentence: &str,
    about_gates: bool,
) -> Option<String> {
    (section.iter().any(|h| names_kubeadm(h)) || about_gates && names_kubeadm(sentence))
        .then(|| KUBEADM.to_string())
}

/// A prose block under a release's major themes ("What's New (Major Themes)"), which the
/// timelines read in an `x.y.0` release besides its notes.
pub(crate) fn is_theme(section: &[String]) -> bool {
    section.iter().any(|s| {
        let s = s.to_ascii_lowercase();
        s.contains("major theme") || s.contains("what's new")
    })
}

/// `DynamicKubeletConfig`, or `DynamicKubeletConfig (kubeadm)` for a component's own gate.
pub(crate) fn gate_label(name: &str, component: Option<&str>) -> String {
    match component {
        Some(component) => format!("{name} ({component})"),
        None => name.to_string(),
    }
}

/// Whether `text` (a heading, or the sentence of a gate statement: "Addon configuration is
/// introduced in the kubeadm config API, while feature flag CoreDNS is now deprecated") names
/// kubeadm as a word.
fn names_kubeadm(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word.eq_ignore_ascii_case(KUBEADM))
}

/// `1.16` for any tag of the 1.16 line.
fn minor_of(version: &Version) -> String {
    format!("{}.{}", version.major, version.minor)
}

/// `true` for `x.y.0` and its pre-releases: the releases that carry a minor's own changes.
/// Patches (`x.y.z`, z > 0) are backports.
fn is_cycle_release(version: &Version) -> bool {
    version.patch == 0
}

/// The name of `known` closest to `name`, ignoring case, for "did you mean" (unknown feature
/// gates, unknown dependencies): one that contains it (`RootCA`: `RootCAConfigMap`) before one
/// that does not, then the fewest edits, then the first; `None` when `known` is empty.
pub(crate) fn closest_name<'a>(
    known: impl IntoIterator<Item = &'a str>,
    name: &str,
) -> Option<&'a str> {
    let wanted = name.to_lowercase();
    known.into_iter().min_by_key(|k| {
        let known = k.to_lowercase();
        (
            !known.contains(&wanted),
            strsim::levenshtein(&wanted, &known),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    #[test]
    fn kubeadm_notes_by_component_text_or_heading() {
        let note = |text: &str, component: Option<&str>, section: &[&str]| Note {
            text: text.into(),
            prs: vec![1],
            external_prs: vec![],
            issues: vec![],
            authors: vec![],
            kind: Some(Kind::Feature),
            sigs: vec![],
            action_required: false,
            component: component.map(str::to_string),
            cves: vec![],
            section: section.iter().map(|s| s.to_string()).collect(),
            line: 1,
            end_line: 1,
        };
        let cases: &[(Note, bool)] = &[
            // #70849, #99294, #67786: "kubeadm: …", "Kubeadm: …", "kubeadm - …".
            (note("kubeadm: deprecate the DynamicKubeletConfig feature gate.", Some("kubeadm"), &[]), true),
            (note("Kubeadm: promote IPv6DualStack feature gate to Beta", None, &[]), true),
            (note("kubeadm - Feature-gates HighAvailability, SelfHosting, CertsInSecrets are now deprecated", None, &[]), true),
            (note("`kubeadm` applies a number of deprecations", None, &[]), true),
            // Under a "kubeadm" heading (1.13's Deprecations, 1.10's "#### kubeadm").
            (note("The DynamicKubeletConfig feature gate is deprecated.", None, &["Deprecations", "kubeadm"]), true),
            (note("The CoreDNS feature gate is now GA.", None, &["#### **Kubeadm**"]), true),
            // Notes that only mention kubeadm, or a longer word.
            (note("Graduate TaintNodesByCondition to GA in 1.17. Kubeadm users are unaffected.", None, &[]), false),
            (note("kubeadmin users …", None, &["Cluster Lifecycle"]), false),
        ];
        assert!(names_kubeadm(
            "Addon configuration is introduced in the kubeadm config API, while feature flag CoreDNS is now deprecated."
        ));
        assert!(!names_kubeadm("The CoreDNS feature gate is deprecated."));
        for (note, want) in cases {
            assert_eq!(
                is_kubeadm_note(note),
                *want,
                "{:?} {:?}",
                note.text,
                note.section
            );
        }
    }
}
