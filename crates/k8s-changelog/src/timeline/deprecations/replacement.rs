//! The API version a statement tells users to move to: "use `apps/v1` instead", "migrate to the
//! `policy/v1beta1` API", "deprecated in favor of autoscaling/v2beta2", "replaced by …".

use super::{DeprecatedItem, ItemKind};
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
        r"(?i)\b(?:use|using|migrate to|migrated to|in favou?r of|replaced by|switch to)\s+(?:the\s+(?:new\s+)?)?`?((?:[a-z0-9][a-z0-9-]*\.[a-z0-9.-]+|apps|batch|policy|autoscaling|extensions)/v[0-9]+(?:(?:alpha|beta)[0-9]+)?)\b",
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

/// The replacement the item's oldest statement naming one gives; API versions only.
pub(super) fn of_item(item: &DeprecatedItem) -> Option<Replacement> {
    if item.kind != ItemKind::ApiVersion {
        return None;
    }
    item.events.iter().find_map(|e| {
        Some(Replacement {
            api_version: named_in(&e.text, &item.name)?,
            release: e.first.clone(),
            pr: e.pr,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::named_in;

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
            // Its own version, a bare `v1`, or no verb of replacing: no replacement.
            ("use `apps/v1beta2` for now", "apps/v1beta2", None),
            ("use v1 instead", "audit.k8s.io/v1beta1", None),
            ("apps/v1 is available since 1.9", "extensions/v1beta1", None),
        ];
        for (text, own, want) in cases {
            assert_eq!(named_in(text, own).as_deref(), *want, "{text}");
        }
    }
}
