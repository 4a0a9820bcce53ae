//! What a status word does not say of an item even in the item's own clause: an item named
//! behind a preposition that follows the verb's own object ("removed the ability to set labels
//! via `--node-labels`", [`behind_a_preposition`]); a removal scoped to a manifest ("remove
//! `--port` from the manifest for the `kube-controller-manager`", [`scoped_removal`]); an item
//! whose values are what the sentence speaks of ("Removed `kubectl --dry-run` empty default
//! value and boolean values", [`values_of`]).

use super::vocabulary::kinds_in;
use regex::Regex;
use std::sync::LazyLock;

/// The verb's object, a preposition, then the item: "fields from .leaderElection in `".
static OBJECT_THEN_PREPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(.*\S)\s+(?:via|from|of|in|for|on|within|through|under)\s+(?:the\s+)?[`'\x22]?$",
    )
    .expect("object-then-preposition regex")
});

/// Words of an object that leave the item the object: "support for `X`", "the use of `X`".
const THE_ITEM_ITSELF: &[&str] = &[
    "the",
    "a",
    "an",
    "all",
    "any",
    "its",
    "deprecated",
    "support",
    "use",
    "usage",
    "kinds",
    "resources",
    "types",
    "api",
    "apis",
];

/// `true` when the item after a status word (`between` is the text from the word to the item)
/// is named behind a preposition that follows the verb's own object: the object is what the
/// word speaks of, not the item ("removed the ability to set … labels via `--node-labels`",
/// "Remove deprecated fields from .leaderElection in `kubescheduler.config.k8s.io/v1alpha2`").
/// A list after a colon, and the second item of "`a` and `b`", are the verb's objects.
pub(super) fn behind_a_preposition(between: &str) -> bool {
    if between.contains(':') {
        return false;
    }
    // The last part of a list: "the `--a` flag of kube-proxy and the `--b` flag".
    let part = [", ", " and ", " or "]
        .iter()
        .filter_map(|sep| between.rfind(sep).map(|i| i + sep.len()))
        .max()
        .map_or(between, |i| &between[i..]);
    let Some(object) = OBJECT_THEN_PREPOSITION
        .captures(part)
        .map(|c| c[1].to_string())
    else {
        return false;
    };
    // "the Deployment, StatefulSet, and ControllerRevision kinds in apps/v1beta1": the kinds
    // are part of the item (an API version with its kinds).
    if !kinds_in(&object).is_empty() {
        return false;
    }
    object
        .split(|c: char| c.is_whitespace() || c == '`' || c == '"' || c == '\'')
        .filter(|w| !w.is_empty())
        .any(|w| !THE_ITEM_ITSELF.contains(&w.to_ascii_lowercase().as_str()))
}

/// Where a removal is scoped: a manifest ("from the kube-apiserver manifest that kubeadm
/// manages", "from the manifest for the `kube-controller-manager`"). A removal from one command
/// ("from `kubectl get`") is the flag's removal when the flag is that command's own, which the
/// sentence does not say: it is read as a removal.
static SCOPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:from|for|in)\s+(?:the\s+)?(?:[\w.`'\x22-]+\s+){0,2}?(?:static[- ]pod\s+)?manifests?\b")
        .expect("scope regex")
});

/// `true` when the clause after the item (`after`, the text from the item on) scopes its
/// removal to a manifest: the item itself stays.
pub(super) fn scoped_removal(after: &str) -> bool {
    SCOPE.is_match(clause(after))
}

/// "for \"kubeadm upgrade apply\"", "from `kubeadm init phase certs`": one of kubeadm's
/// commands, by its first word after `kubeadm`.
static KUBEADM_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:from|for|in|of|under)\s+(?:the\s+)?[`'\x22]?(kubeadm\s+(?:init|join|reset|upgrade|config|token|certs|kubeconfig|alpha)\b(?:\s+[a-z][a-z-]*)*)",
    )
    .expect("kubeadm command regex")
});

/// Words that end a command's name ("for kubeadm upgrade apply command since …").
const NOT_A_SUBCOMMAND: &[&str] = &[
    "command", "commands", "since", "as", "and", "or", "in", "for", "to", "the", "because",
    "which", "now", "instead", "is", "are", "was", "has", "have",
];

/// The kubeadm command a removal is scoped to, when the clause after the item (`after`, the
/// text from the item on) names one: `kubeadm upgrade apply` in "remove the deprecated
/// \"--cri-socket\" flag for \"kubeadm upgrade apply\"". kubeadm's flags are shared by its
/// commands (`--cri-socket` stays on init, join, reset), so such a removal does not remove
/// the flag; the event says where it was removed. A removal from another tool's command
/// ("from kubectl get") stays a removal: such a flag is usually that command's own.
pub(super) fn command_scope(after: &str) -> Option<String> {
    let found = KUBEADM_COMMAND.captures(clause(after))?;
    let mut words = Vec::new();
    for word in found[1].split_whitespace() {
        if words.len() >= 2 && NOT_A_SUBCOMMAND.contains(&word.to_ascii_lowercase().as_str()) {
            break;
        }
        words.push(word);
    }
    Some(words.join(" "))
}

/// "`--dry-run` empty default value and boolean values": the item's values, right after it.
static VALUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[`'\x22]?\s+(?:[\w-]+\s+){0,2}values?\b").expect("values regex")
});

/// `true` when the words right after the item say the sentence speaks of its values.
pub(super) fn values_of(after: &str) -> bool {
    VALUES.is_match(after)
}

/// `after` up to the end of its clause: a `;`, a `:`, a stop, ", and", " - ".
fn clause(after: &str) -> &str {
    [";", ":", ". ", ", and", " - "]
        .iter()
        .filter_map(|end| after.find(end))
        .min()
        .map_or(after, |i| &after[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text between `word` and `item` in `sentence`.
    fn between<'a>(sentence: &'a str, word: &str, item: &str) -> &'a str {
        let from = sentence.find(word).expect("word") + word.len();
        let to = sentence.find(item).expect("item");
        &sentence[from..to]
    }

    #[test]
    fn items_behind_a_preposition_are_not_the_object() {
        // #79305 (CHANGELOG-1.16) and #87904 (CHANGELOG-1.18).
        let s = "removed the ability to set `kubernetes.io`- or `k8s.io`-prefixed labels via `--node-labels`, other than the specifically allowed labels";
        assert!(behind_a_preposition(between(s, "removed", "--node-labels")));
        let s =
            "Remove deprecated fields from .leaderElection in kubescheduler.config.k8s.io/v1alpha2";
        assert!(behind_a_preposition(between(
            s,
            "Remove",
            "kubescheduler.config"
        )));
        // The object itself, "support for" it, a list after a colon or "and".
        for (s, item) in [
            ("Remove the deprecated `--foo` flag", "--foo"),
            ("Removed support for the `--foo` flag", "--foo"),
            ("Removed the use of `--foo`", "--foo"),
            (
                "Removed deprecated flags from kube-controller-manager: `--foo`",
                "--foo",
            ),
            (
                "Removed the `--a` flag of kube-proxy and the `--foo` flag",
                "--foo",
            ),
            ("deprecation of `--foo`", "--foo"),
        ] {
            let word = s.split(' ').next().expect("a word");
            assert!(!behind_a_preposition(between(s, word, item)), "{s}");
        }
    }

    #[test]
    fn removals_scoped_to_a_manifest() {
        // #102121 (CHANGELOG-1.22), #104157 (CHANGELOG-1.23).
        assert!(scoped_removal(
            "` from the kube-apiserver manifest that kubeadm manages. The flag had no effect"
        ));
        assert!(scoped_removal(
            "` flag from the manifest for the `kube-controller-manager` since the flag"
        ));
        assert!(!scoped_removal("` flag has been removed."));
        // A removal from one command: the flag may be that command's own (#88649).
        assert!(!scoped_removal(" flag from kubectl get command."));
        assert!(!scoped_removal(
            "` flag of kube-proxy, and remove it from the manifest"
        ));
    }

    #[test]
    fn removals_scoped_to_a_kubeadm_command() {
        // #85044 (CHANGELOG-1.17), #102093 (CHANGELOG-1.22), #102108 (CHANGELOG-1.22),
        // #90143 (CHANGELOG-1.19).
        assert_eq!(
            command_scope(
                "\" flag for \"kubeadm upgrade apply\". The flag has been deprecated since v1.14."
            ),
            Some("kubeadm upgrade apply".into())
        );
        assert_eq!(
            command_scope("` for 'kubeadm upgrade apply' command ([#102093]"),
            Some("kubeadm upgrade apply".into())
        );
        assert_eq!(
            command_scope("` flags from `kubeadm init phase certs`. Deprecate the same flags under `kubeadm certs renew`."),
            Some("kubeadm init phase certs".into())
        );
        assert_eq!(
            command_scope("\" flag for \"kubeadm alpha certs renew\""),
            Some("kubeadm alpha certs renew".into())
        );
        assert_eq!(command_scope("` flag from kubectl get command."), None);
        assert_eq!(command_scope("` flag has been removed from kubeadm."), None);
    }

    #[test]
    fn the_values_of_an_item() {
        // #105327 (CHANGELOG-1.23).
        assert!(values_of(" empty default value and boolean values."));
        assert!(!values_of("` flag is removed."));
        assert!(!values_of(" and `--b` are removed, values are ignored."));
    }

    /// The real sentences, read through [`linked_status`]: without these rules each item took
    /// the sentence's status.
    #[test]
    fn items_the_status_word_does_not_speak_of() {
        use super::super::status::{linked_status, status_words};
        use super::super::Status;
        let cases: &[(&str, &str, Option<Status>)] = &[
            // #97336 (CHANGELOG-1.21): ", and make" starts a verb phrase of its own.
            ("Kube-proxy: remove deprecated --cleanup-ipvs flag of kube-proxy, and make --cleanup flag always to flush IPVS", "--cleanup-ipvs", Some(Status::Removed)),
            ("Kube-proxy: remove deprecated --cleanup-ipvs flag of kube-proxy, and make --cleanup flag always to flush IPVS", "--cleanup ", None),
            // #79305 (CHANGELOG-1.16)
            ("Kubelet removes the ability to set `kubernetes.io` or `k8s.io` labels via --node-labels other than the specifically allowed labels/prefixes.", "--node-labels", None),
            // #102121 (CHANGELOG-1.22), #104157 (CHANGELOG-1.23)
            ("Kubeadm: remove the deprecated flag `--insecure-port` from the kube-apiserver manifest that kubeadm manages.", "--insecure-port", None),
            ("Kubeadm: remove the --port flag from the manifest for the kube-controller-manager since the flag has been a NO-OP since 1.22 and insecure serving was removed for the component.", "--port", None),
            // #87904 (CHANGELOG-1.18)
            ("Remove deprecated fields from .leaderElection in kubescheduler.config.k8s.io/v1alpha2", "kubescheduler.config.k8s.io/v1alpha2", None),
            // #98858 (CHANGELOG-1.21): a stop before a lower-case word ends the sentence.
            ("`audit.k8s.io/v1beta1` and `audit.k8s.io/v1alpha1` audit policy configuration and audit events are deprecated in favor of `audit.k8s.io/v1`, available since v1.13. kube-apiserver invocations that specify alpha or beta policy configurations with `--audit-policy-file`, or explicitly request alpha or beta audit events with `--audit-log-version` / `--audit-webhook-version` must update to use `audit.k8s.io/v1`.", "--audit-policy-file", None),
            ("`audit.k8s.io/v1beta1` and `audit.k8s.io/v1alpha1` audit policy configuration and audit events are deprecated in favor of `audit.k8s.io/v1`.", "audit.k8s.io/v1beta1", Some(Status::Deprecated)),
            // #105327 (CHANGELOG-1.23), #58367 (CHANGELOG-1.10): the values, not the flag.
            ("Removed kubectl --dry-run empty default value and boolean values.", "--dry-run", None),
            ("Remove deprecated --require-kubeconfig flag, remove default --kubeconfig value", "--kubeconfig", None),
            ("Remove deprecated --require-kubeconfig flag, remove default --kubeconfig value", "--require-kubeconfig", Some(Status::Removed)),
            // #51828 (CHANGELOG-1.8): kinds named before their group/version are the item.
            ("The Deployment, DaemonSet, and ReplicaSet kinds in the extensions/v1beta1 group version are now deprecated, as are the Deployment, StatefulSet, and ControllerRevision kinds in apps/v1beta1.", "apps/v1beta1", Some(Status::Deprecated)),
            // A removal from one command stays a removal (#88649, CHANGELOG-1.19).
            ("Remove --export flag from kubectl get command.", "--export", Some(Status::Removed)),
        ];
        for &(sentence, item, want) in cases {
            let start = sentence.find(item).expect("the item is in the sentence");
            let end = start + item.trim_end().len();
            let words = status_words(sentence);
            assert_eq!(
                linked_status(sentence, &words, (start, end)),
                want,
                "{item} in {sentence:?}"
            );
        }
    }
}
