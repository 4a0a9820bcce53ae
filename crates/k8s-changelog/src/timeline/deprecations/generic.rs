//! Statements about many API versions at once, resolved against the plans in force.
//!
//! Some releases announce removals without naming each API version:
//!
//! - "Deprecated beta APIs scheduled for removal in 1.25 are no longer served." (v1.25.0,
//!   #108797): every API version whose removal plan in force at 1.25 names 1.25;
//! - "A number of APIs are no longer serving specific Beta versions … This removal includes
//!   beta versions of `ValidatingWebhookConfiguration`, … and `IngressClass` APIs." (v1.22.0's
//!   major theme): the beta versions the history has seen for each kind it names, and the API
//!   versions whose plan in force names 1.22.
//!
//! Such a statement becomes a "no longer served" statement of each API version it resolves to,
//! with the generic sentence as its text and the reason it applies (`via`) as evidence. An API
//! version the statement does not resolve to is left as it was: never a guessed removal.

use super::items::ItemKey;
use super::sentences::segments;
use super::vocabulary::kinds_in;
use super::{ItemKind, Said, Status};
use crate::model::Release;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// "beta APIs … are no longer served", "no longer serving specific Beta versions".
static NO_LONGER_SERVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:beta\s+)?(?:APIs|API versions|versions)\b(?:[^.]|\.\d)*\b(?:are|is)\s+no\s+longer\s+served\b|\bno\s+longer\s+serving\s+(?:specific\s+)?beta\s+versions\b",
    )
    .expect("generic removal regex")
});

/// "scheduled for removal in 1.25", "planned for removal in v1.22".
static SCHEDULED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:scheduled|planned|targeted)\s+for\s+removal\s+in\s+v?(\d+)\.(\d+)\b")
        .expect("scheduled regex")
});

/// A group/version: a text that names one is read as specific statements.
static NAMES_A_VERSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[a-z0-9.-]+/v\d+(?:alpha|beta)\d+\b").expect("version regex"));

/// A removal stated for API versions in general.
pub(super) struct Generic<'h> {
    /// The release that says it.
    pub(super) release: &'h Release,
    /// The minor it counts for.
    pub(super) minor: (u64, u64),
    /// The note's PR (none for a release's prose).
    pub(super) pr: Option<u64>,
    /// The sentence.
    pub(super) text: String,
    /// The removal version it refers to ("scheduled for removal in 1.25"), else its own minor.
    pub(super) planned_for: (u64, u64),
    /// The kinds the whole note or paragraph names ("beta versions of `Lease`, …").
    pub(super) kinds: Vec<&'static str>,
}

/// The generic removal statements of `text` (a note's, or a paragraph of a release's major
/// themes), counted for `minor`.
pub(super) fn generic_statements<'h>(
    text: &str,
    release: &'h Release,
    minor: (u64, u64),
    pr: Option<u64>,
) -> Vec<Generic<'h>> {
    let mut out = Vec::new();
    // A note or paragraph that names a group/version is read as specific statements (a
    // lead-in such as "The following APIs are no longer served:" and its list among them).
    // Most notes say nothing of the kind: one scan of the whole text spares them the
    // sentence split.
    if NAMES_A_VERSION.is_match(text) || !NO_LONGER_SERVED.is_match(text) {
        return out;
    }
    for segment in segments(text) {
        let sentence = &segment.text;
        if !NO_LONGER_SERVED.is_match(sentence) {
            continue;
        }
        let planned_for = SCHEDULED
            .captures(sentence)
            .and_then(|c| Some((c[1].parse().ok()?, c[2].parse().ok()?)))
            .unwrap_or(minor);
        out.push(Generic {
            release,
            minor,
            pr,
            text: sentence.clone(),
            planned_for,
            kinds: kinds_in(text),
        });
    }
    out
}

/// The removal version an API version's statements plan at `minor`: that of the latest
/// deprecation up to it that names one (a later plan supersedes an earlier one).
fn plan_in_force(said: &[Said<'_>], minor: (u64, u64)) -> Option<(u64, u64)> {
    said.iter()
        .filter(|s| s.minor <= minor)
        .filter_map(|s| Some((s.minor, super::minor_of(s.planned.as_deref()?)?)))
        .max_by_key(|(said_in, _)| *said_in)
        .map(|(_, plan)| plan)
}

/// Adds, to each API version a generic statement resolves to, a "no longer served"
/// statement with the reason (`via`): the plan it fulfils, or the kind it names.
pub(super) fn resolve_generic<'h>(
    generics: &[Generic<'h>],
    statements: &mut BTreeMap<ItemKey, Vec<Said<'h>>>,
) {
    for generic in generics {
        for (key, said) in statements.iter_mut() {
            if key.kind != ItemKind::ApiVersion {
                continue;
            }
            let already = said
                .iter()
                .any(|s| s.status != Status::Deprecated && s.minor <= generic.minor);
            if already {
                continue;
            }
            let plan = plan_in_force(said, generic.minor);
            let kind_named = key.name.contains("beta")
                && key
                    .resource
                    .as_deref()
                    .is_some_and(|r| generic.kinds.contains(&r));
            let via = if plan == Some(generic.planned_for) {
                let (a, b) = generic.planned_for;
                format!("its removal was planned for {a}.{b}")
            } else if kind_named {
                format!(
                    "the statement names {}",
                    key.resource.as_deref().unwrap_or_default()
                )
            } else {
                continue;
            };
            said.push(Said {
                status: Status::NoLongerServed,
                minor: generic.minor,
                release: generic.release,
                pr: generic.pr,
                text: generic.text.clone(),
                planned: None,
                via: Some(via),
                // A statement about many API versions names no replacement of one.
                replacement: None,
                scope: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{note, release};
    use crate::History;

    #[test]
    fn generic_statements_resolve_against_the_plans_in_force() {
        let deprecations = [
            note("Coordination.k8s.io/v1beta1 is deprecated in 1.19, targeted for removal in 1.22, use v1 instead.", 90559, "deads2k", "scalability"),
            note("The `events.k8s.io/v1beta1` API is deprecated and will be removed in 1.18.", 75987, "yastij", "instrumentation"),
            note("`networking.k8s.io/v1beta1` Ingress is deprecated and will no longer be served in 1.23.", 89778, "cmluciano", "network"),
        ];
        let removal = [note(
            "Deprecated beta APIs scheduled for removal in 1.22 are no longer served.",
            108797,
            "deads2k",
            "api-machinery",
        )];
        let text = release("v1.22.0", &[("API Change", &removal)], "")
            + &release("v1.19.0", &[("Deprecation", &deprecations)], "");
        let timeline = super::super::deprecations(&History::new(crate::parse(&text, "t.md")));
        let coordination = timeline.get("coordination.k8s.io/v1beta1", None).unwrap();
        assert_eq!(coordination.removed_in.as_deref(), Some("1.22"));
        let event = coordination.removal_event().unwrap();
        assert_eq!(event.pr, Some(108797));
        assert_eq!(
            event.via.as_deref(),
            Some("its removal was planned for 1.22")
        );
        // A plan for another release is not fulfilled by it: left as it was, and overdue.
        let events = timeline.get("events.k8s.io/v1beta1", None).unwrap();
        assert_eq!(events.removed_in, None);
        assert!(events.removal_overdue);
        assert_eq!(
            events.removal_plan_text().unwrap(),
            "1.18 (#75987), not recorded since"
        );
        let ingress = timeline
            .get("networking.k8s.io/v1beta1", Some("Ingress"))
            .unwrap();
        assert_eq!(ingress.removed_in, None);
        assert!(!ingress.removal_overdue, "1.23 is after the newest release");
    }

    #[test]
    fn generic_sentences_and_what_they_refer_to() {
        let release = Release::new(semver::Version::new(1, 22, 0), "CHANGELOG-1.22.md");
        // (text, generic sentences found, planned for, kinds)
        type Case<'a> = (&'a str, usize, (u64, u64), &'a [&'a str]);
        let cases: &[Case] = &[
            (
                "Deprecated beta APIs scheduled for removal in 1.25 are no longer served. See https://kubernetes.io/docs/reference/using-api/deprecation-guide/#v1-25 for more information.",
                1,
                (1, 25),
                &[],
            ),
            (
                "A number of APIs are no longer serving specific Beta versions in favour of the GA version of those APIs. All existing objects can be interacted with via general availability APIs. This removal includes beta versions of `ValidatingWebhookConfiguration`, `MutatingWebhookConfiguration`, `CustomResourceDefinition`, `APIService`, `TokenReview`, `SubjectAccessReview`, `CertificateSigningRequest`, `Lease`, `Ingress`, and `IngressClass` APIs.",
                1,
                (1, 22),
                &[
                    "ValidatingWebhookConfiguration",
                    "MutatingWebhookConfiguration",
                    "CustomResourceDefinition",
                    "APIService",
                    "TokenReview",
                    "SubjectAccessReview",
                    "CertificateSigningRequest",
                    "Lease",
                    "Ingress",
                    "IngressClass",
                ],
            ),
            // A text that names a version holds specific statements, read elsewhere.
            (
                "The `extensions/v1beta1` Ingress API is no longer served in 1.22.",
                0,
                (1, 22),
                &[],
            ),
            (
                "The following APIs are no longer served by default:\n- All resources under `apps/v1beta1` and `apps/v1beta2` - use `apps/v1` instead",
                0,
                (1, 16),
                &[],
            ),
            ("Fixed a bug where the API server served stale data.", 0, (1, 22), &[]),
        ];
        for (text, count, planned, kinds) in cases {
            let found = generic_statements(text, &release, (1, 22), Some(1));
            assert_eq!(found.len(), *count, "{text}");
            if let Some(g) = found.first() {
                assert_eq!(g.planned_for, *planned, "{text}");
                assert_eq!(g.kinds, *kinds, "{text}");
            }
        }
    }
}
