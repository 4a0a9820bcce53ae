//! The API version a statement tells users to move to: "use `apps/v1` instead", "migrate to the
//! `policy/v1beta1` API", "deprecated in favor of autoscaling/v2beta2", "replaced by …",
//! "deprecated by PriorityClass scheduling.k8s.io/v1", "promoted to policy/v1", "now available
//! via `networking.k8s.io/v1beta1`": in the item's own sentence, or in another sentence of its
//! note about the same API ([`in_note`]).

use super::dating::Said;
use super::items::ItemKey;
use super::vocabulary::kinds_in;
use super::ItemKind;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The replacement a changelog statement names for an API version, with where it says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    /// The API version to move to (`apps/v1`).
    pub api_version: String,
    /// The first release whose notes say it (`v1.16.0-alpha.1`).
    pub release: String,
    /// The PR of that statement.
    pub pr: Option<u64>,
}

/// A verb of replacing, then an API version: a group with a dot (`networking.k8s.io/v1`) or one
/// of the groups without one, and a version.
static REPLACED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:use|using|migrate(?:d)?(?: use)? to|in favou?r of|replaced by|switch to|promoted to|graduated to|(?:now )?available via|deprecated by(?: [a-z]+)?)\s+(?:the\s+(?:new\s+)?)?`?((?:[a-z0-9][a-z0-9-]*\.[a-z0-9.-]+|apps|batch|policy|autoscaling|extensions)/v[0-9]+(?:(?:alpha|beta)[0-9]+)?)\b",
    )
    .expect("a valid regex")
});

/// The API version `text` tells users to move to, other than `own`.
pub(super) fn named_in(text: &str, own: &str) -> Option<String> {
    REPLACED_BY
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .find(|api| !api.eq_ignore_ascii_case(own))
}

/// The API version the note of the item `key` tells users to move to, from its sentence
/// `sentence` among the note's `sentences`: one named in the sentence itself, else in another
/// sentence of the note that names the item's group ("… are deprecated and will no longer be
/// served in v1.19. Use `admissionregistration.k8s.io/v1` instead.", #79549) or its resource
/// kind ("The Ingress API is now available via `networking.k8s.io/v1beta1`. `extensions/v1beta1`
/// Ingress objects are deprecated …", #74057). API versions only.
pub(super) fn in_note(key: &ItemKey, sentence: &str, sentences: &[&str]) -> Option<String> {
    if key.kind != ItemKind::ApiVersion {
        return None;
    }
    let own = key.name.as_str();
    let group = own.split('/').next().unwrap_or(own);
    named_in(sentence, own).or_else(|| {
        sentences.iter().find_map(|other| {
            let api = named_in(other, own)?;
            let same_group = api.split('/').next() == Some(group);
            let same_kind = key
                .resource
                .as_deref()
                .is_some_and(|kind| kinds_in(other).contains(&kind));
            (same_group || same_kind).then_some(api)
        })
    })
}

/// The replacement the item's newest statement naming one gives (by minor, then release): a
/// later statement supersedes an earlier one (`extensions/v1beta1` Ingress: "now available via
/// `networking.k8s.io/v1beta1`" in 1.14, "graduated to `networking.k8s.io/v1`" in 1.19), cited
/// by the first statement naming that API.
pub(super) fn of_statements(said: &[Said<'_>]) -> Option<Replacement> {
    let order = |s: &&Said<'_>| (s.minor, s.release.semver.clone());
    let api = said
        .iter()
        .filter(|s| s.replacement.is_some())
        .max_by_key(order)?
        .replacement
        .clone()?;
    let first = said
        .iter()
        .filter(|s| s.replacement.as_ref() == Some(&api))
        .min_by_key(order)?;
    Some(Replacement {
        api_version: api,
        release: first.release.version.clone(),
        pr: first.pr,
    })
}

#[cfg(test)]
mod tests {
    use super::{in_note, named_in, ItemKey};

    #[test]
    fn replacements_as_the_notes_word_them() {
        // (sentence, the item's own API version, the replacement)
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "`daemonsets`, `deployments`, `replicasets` resources under `extensions/v1beta1` - use `apps/v1` instead",
                "extensions/v1beta1",
                Some("apps/v1"),
            ),
            (
                "Migrate to the `policy/v1beta1` API, available since v1.10.",
                "extensions/v1beta1",
                Some("policy/v1beta1"),
            ),
            (
                "autoscaling/v2beta1 is deprecated in favor of autoscaling/v2beta2 (#90463)",
                "autoscaling/v2beta1",
                Some("autoscaling/v2beta2"),
            ),
            (
                "The `networking.k8s.io/v1beta1` Ingress is deprecated; use the `networking.k8s.io/v1` API.",
                "networking.k8s.io/v1beta1",
                Some("networking.k8s.io/v1"),
            ),
            // #74465 (v1.14.0-beta.1), #99290 (v1.21.0-rc.0), #74057 (v1.14.0-beta.1), #74057
            // as v1.16.0 repeats it.
            (
                "PriorityClass in scheduling.k8s.io/v1beta1 and scheduling.k8s.io/v1alpha1 are deprecated by PriorityClass scheduling.k8s.io/v1 and will not be served starting in v1.17.",
                "scheduling.k8s.io/v1beta1",
                Some("scheduling.k8s.io/v1"),
            ),
            (
                "The PodDisruptionBudget API has been promoted to policy/v1 with no schema changes.",
                "policy/v1beta1",
                Some("policy/v1"),
            ),
            (
                "`Ingress` and `IngressClass` resources have graduated to `networking.k8s.io/v1`.",
                "extensions/v1beta1",
                Some("networking.k8s.io/v1"),
            ),
            (
                "The Ingress API is now available via `networking.k8s.io/v1beta1`.",
                "extensions/v1beta1",
                Some("networking.k8s.io/v1beta1"),
            ),
            (
                "Migrate use to the `networking.k8s.io/v1beta1` API, available since v1.14.",
                "extensions/v1beta1",
                Some("networking.k8s.io/v1beta1"),
            ),
            // Its own version, a bare `v1`, or no verb of replacing: no replacement.
            ("use `apps/v1beta2` for now", "apps/v1beta2", None),
            ("use v1 instead", "audit.k8s.io/v1beta1", None),
            ("apps/v1 is available since 1.9", "extensions/v1beta1", None),
        ];
        for (text, own, want) in cases {
            assert_eq!(named_in(text, own).as_deref(), *want, "{text}");
        }
    }

    /// The API version `key` of a note's statement takes, its sentence being the first
    /// (`own`) or the second of `note`'s.
    fn from_note(name: &str, resource: Option<&str>, note: &[&str], own: usize) -> Option<String> {
        let key = ItemKey {
            kind: super::ItemKind::ApiVersion,
            name: name.into(),
            resource: resource.map(str::to_string),
            component: None,
        };
        in_note(&key, note[own], note)
    }

    #[test]
    fn replacements_named_in_another_sentence_of_the_note() {
        // #79549 (CHANGELOG-1.16.md): the next sentence names the group's new version.
        let webhooks = [
            "The `admissionregistration.k8s.io/v1beta1` versions of `MutatingWebhookConfiguration` and `ValidatingWebhookConfiguration` are deprecated and will no longer be served in v1.19.",
            "Use `admissionregistration.k8s.io/v1` instead.",
        ];
        assert_eq!(
            from_note(
                "admissionregistration.k8s.io/v1beta1",
                Some("ValidatingWebhookConfiguration"),
                &webhooks,
                0
            )
            .as_deref(),
            Some("admissionregistration.k8s.io/v1")
        );
        // #99290 (CHANGELOG-1.21.md): the sentence before, about the same kind.
        let pdb = [
            "The PodDisruptionBudget API has been promoted to policy/v1 with no schema changes.",
            "The policy/v1beta1 PodDisruptionBudget API is deprecated and will no longer be served in 1.25+.",
        ];
        assert_eq!(
            from_note("policy/v1beta1", Some("PodDisruptionBudget"), &pdb, 1).as_deref(),
            Some("policy/v1")
        );
        // #74057 (CHANGELOG-1.14.md): another group, about the same kind.
        let ingress = [
            "The Ingress API is now available via `networking.k8s.io/v1beta1`.",
            "`extensions/v1beta1` Ingress objects are deprecated and will no longer be served in v1.18.",
        ];
        assert_eq!(
            from_note("extensions/v1beta1", Some("Ingress"), &ingress, 1).as_deref(),
            Some("networking.k8s.io/v1beta1")
        );
        // Another sentence about another group and another kind names no replacement of it.
        let unrelated = [
            "Use `apps/v1` for Deployments.",
            "`extensions/v1beta1` Ingress objects are deprecated.",
        ];
        assert_eq!(
            from_note("extensions/v1beta1", Some("Ingress"), &unrelated, 1),
            None
        );
    }
}
