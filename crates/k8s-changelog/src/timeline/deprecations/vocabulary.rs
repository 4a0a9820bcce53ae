//! The words the notes use around an item: the resource kinds an API group/version serves
//! (`vocabulary::RESOURCE_KINDS`, found by [`kinds_in`]) and the components a flag belongs to
//! (`vocabulary::BINARIES`, found by [`component_in`]).

use crate::vocabulary::{BINARIES, RESOURCE_KINDS};
use regex::Regex;
use std::sync::LazyLock;

/// The resource kind a word names: `Deployment`, `Deployments`, `deployments`,
/// `podsecuritypolicies`. A lower-case single-word kind (`ingresses`, `jobs`) counts only in
/// backticks, as plain English uses those words too.
fn resource_kind(word: &str, backticked: bool) -> Option<&'static str> {
    RESOURCE_KINDS.iter().copied().find(|kind| {
        let plural = if let Some(stem) = kind.strip_suffix('y') {
            format!("{stem}ies")
        } else if kind.ends_with('s') {
            format!("{kind}es")
        } else {
            format!("{kind}s")
        };
        if word == *kind || word == plural {
            return true;
        }
        let compound = kind.chars().filter(char::is_ascii_uppercase).count() > 1;
        let lower = word.to_ascii_lowercase();
        (compound || backticked)
            && word.chars().all(|c| c.is_ascii_lowercase())
            && (lower == kind.to_ascii_lowercase() || lower == plural.to_ascii_lowercase())
    })
}

/// The kinds named in `text`, each once, in the order of their first mention.
pub(super) fn kinds_in(text: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for m in WORD.find_iter(text) {
        let backticked = text[..m.start()].ends_with('`') || text[m.end()..].starts_with('`');
        if let Some(kind) = resource_kind(m.as_str(), backticked) {
            if !out.contains(&kind) {
                out.push(kind);
            }
        }
    }
    out
}

/// A word, for [`kinds_in`].
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z]+").expect("word regex"));

/// The component (`kube-apiserver`) named first in `text`, as a whole word.
pub(super) fn component_in(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    BINARIES
        .iter()
        .filter_map(|(word, name)| {
            let at = lower.match_indices(word).find(|(i, _)| {
                let before = lower[..*i].chars().next_back();
                let after = lower[i + word.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
            })?;
            Some((at.0, *name))
        })
        .min_by_key(|(i, _)| *i)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_name_resource_kinds() {
        // (word, in backticks, kind)
        let cases: &[(&str, bool, Option<&str>)] = &[
            ("Deployment", false, Some("Deployment")),
            ("Deployments", false, Some("Deployment")),
            ("daemonsets", false, Some("DaemonSet")),
            ("podsecuritypolicies", false, Some("PodSecurityPolicy")),
            ("podsecuritypolicy", false, Some("PodSecurityPolicy")),
            ("NetworkPolicies", false, Some("NetworkPolicy")),
            ("Ingresses", false, Some("Ingress")),
            ("ingresses", false, None),
            ("ingresses", true, Some("Ingress")),
            ("jobs", false, None),
            ("jobs", true, Some("Job")),
            ("daemonSets", false, None),
            ("Pod", false, None),
        ];
        for &(word, backticked, want) in cases {
            assert_eq!(
                resource_kind(word, backticked),
                want,
                "{word:?} backticked: {backticked}"
            );
        }
    }

    #[test]
    fn kinds_in_text() {
        let cases: &[(&str, &[&str])] = &[
            (
                "- `daemonsets`, `deployments` resources under ",
                &["DaemonSet", "Deployment"],
            ),
            (
                "The Deployment, DaemonSet, and ReplicaSet kinds in the ",
                &["Deployment", "DaemonSet", "ReplicaSet"],
            ),
            (
                " API version of FlowSchema and PriorityLevelConfiguration is no longer served.",
                &["FlowSchema", "PriorityLevelConfiguration"],
            ),
            ("- `podsecuritypolicies` resources under ", &["PodSecurityPolicy"]),
            // Each kind once.
            (
                "The Deployment, DaemonSet, and ReplicaSet kinds in the extensions/v1beta1 group version are now deprecated, as are the Deployment, StatefulSet, and ControllerRevision kinds in ",
                &["Deployment", "DaemonSet", "ReplicaSet", "StatefulSet", "ControllerRevision"],
            ),
            (
                "Heal the namespaceless ingresses in federation e2e.",
                &[],
            ),
            ("- All resources under ", &[]),
        ];
        for &(text, want) in cases {
            assert_eq!(kinds_in(text), want, "{text:?}");
        }
    }

    #[test]
    fn components_named_as_whole_words() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "kube-apiserver: the `--basic-auth-file` flag is deprecated",
                Some("kube-apiserver"),
            ),
            (
                "Serving these resources can be re-enabled using the `--runtime-config` apiserver flag.",
                Some("kube-apiserver"),
            ),
            (
                "The kubelet's `--enable-custom-metrics` flag is now deprecated.",
                Some("kubelet"),
            ),
            (
                "The `--reconcile-cidr` kubelet flag was removed since it had been deprecated since v1.5",
                Some("kubelet"),
            ),
            (
                "The deprecated kube-scheduler --bind-pods-qps and --bind-pods burst flags have been removed, use --kube-api-qps and --kube-api-burst instead",
                Some("kube-scheduler"),
            ),
            (
                "The following deprecated flags were removed from `kube-controller-manager`:",
                Some("kube-controller-manager"),
            ),
            (
                "Fix controller-manager crashes when flex plugin is removed from flex plugin directory",
                Some("kube-controller-manager"),
            ),
            // The first named wins.
            (
                "kubeadm: remove the deprecated \"--address\" flag for controller-manager and scheduler.",
                Some("kubeadm"),
            ),
            // `kubectl-convert` and `kube-cloud-controller-manager` are other words.
            ("Introduce kubectl-convert plugin.", None),
            (
                "The `kube-cloud-controller-manager` flag `--service-account-private-key-file` was non-functional and is now deprecated.",
                None,
            ),
            (
                "The deprecated options `--portal-net` and `--service-node-ports` for the API server are removed.",
                None,
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(component_in(text), want, "{text:?}");
        }
    }
}
