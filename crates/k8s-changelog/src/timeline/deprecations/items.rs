//! The items a sentence names ([`items_of`]): API group/versions with the resource kinds next
//! to them, resource kinds named as an API, `--flags` with their component, CamelCase feature
//! gates next to "feature gate", in-tree plugins (`kubernetes.io/gce-pd`) and dockershim;
//! never the ones named as the replacement ("use `apps/v1` instead").

use super::vocabulary::{component_in, kinds_in};
use super::ItemKind;
use crate::model::Note;
use crate::timeline::gate_component;
use crate::vocabulary::RESOURCE_KINDS;
use regex::Regex;
use std::sync::LazyLock;

/// What statements are grouped by: one item of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct ItemKey {
    /// What kind of thing it is.
    pub(super) kind: ItemKind,
    /// `extensions/v1beta1`, `--basic-auth-file`, `DynamicKubeletConfig`, `dockershim`.
    pub(super) name: String,
    /// For API versions: the resource kind (`Deployment`), if the sentence names one.
    pub(super) resource: Option<String>,
    /// For feature gates: `Some("kubeadm")` for kubeadm's own gate (named in a kubeadm note),
    /// kept apart from the cluster components' gate of the same name.
    pub(super) component: Option<String>,
}

impl ItemKey {
    /// The item `name` of `kind`, without a resource.
    fn named(kind: ItemKind, name: impl Into<String>) -> ItemKey {
        ItemKey {
            kind,
            name: name.into(),
            resource: None,
            component: None,
        }
    }
}

/// An alpha or beta API group/version: `extensions/v1beta1`,
/// `flowcontrol.apiserver.k8s.io/v1beta2`.
static GROUP_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b((?i:(?:[a-z0-9-]+\.)+(?:k8s\.io|x-k8s\.io)|extensions|apps|batch|policy|autoscaling|rbac|authentication|authorization|certificates|storage|networking|scheduling|settings|admissionregistration|apiextensions|apiregistration|coordination|discovery|events|node|flowcontrol|imagepolicy|federation|metrics|custom\.metrics|external\.metrics|audit|kubeadm|kubelet|componentconfig))/(v\d+(?:alpha|beta)\d+)\b",
    )
    .expect("group/version regex")
});

/// A `--flag` (group 1), after a space, a quote, a bracket or a comma.
static FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s`(,'\x22\[])(--[a-z0-9][a-z0-9-]*[a-z0-9])\b").expect("flag regex")
});

/// "feature gate", "feature-gates", "featuregate", "feature flag".
static FEATURE_GATE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)feature[- ]?(?:gates?|flags?)").expect("feature gate regex"));

/// A CamelCase word with at least two capitals and a lower-case letter (`IPv6DualStack`).
static CAMEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*\b").expect("camel regex"));

/// An in-tree plugin's name: `kubernetes.io/gce-pd`.
static PLUGIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bkubernetes\.io/[a-z][a-z0-9-]*[a-z0-9]\b").expect("plugin regex")
});

/// The words of a sentence about plugins ("The in-tree AWS OpenStack Cinder
/// "kubernetes.io/cinder" was already deprecated").
static PLUGIN_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:plugins?|drivers?|provisioners?|in-tree)\b").expect("plugin word regex")
});

/// dockershim, by name or as "Docker support in the kubelet".
static DOCKERSHIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdockershim\b|\bdocker support in the kubelet\b|\bdocker runtime support\b")
        .expect("dockershim regex")
});

/// Text right before an item that names it as the replacement: "use", "in favor of", "please
/// set the new", "use the arguments", "set via the Kubelet's".
static REPLACEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\buse|\busing|\bin favou?r of|\breplaced (?:by|with)|\bmigrate(?:d)? to|\bmoved to|\bswitch(?:ed)? to|\bavailable (?:via|in|from|at|under|as)|\bset (?:via|through|in|with)|\bpromoted to|\bsuperseded by|\bprefers?|\bto the new|\bthe new|\bto use|\binstead:?)\s*(?:the\s+)?(?:new\s+)?(?:equivalent\s+)?\[?(?:[a-z-]+'s\s+)?(?:(?:arguments?|flags?|options?)\s+)?[`'\x22]?$")
        .expect("replacement regex")
});

/// The end of the text before the second (third…) item of a list: "`a` and ", "`a`, `b`, or ".
static LIST_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[`'\x22]?\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+|\s\+\s+)[`'\x22]?$")
        .expect("list join regex")
});

/// Text right before an item that names it as where a part lives: "The `series.state` field
/// in the `events.k8s.io/v1beta1` Event API is deprecated" deprecates the field, not the API.
static PART_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:fields?|annotations?|labels?|parameters?|propert(?:y|ies)|attributes?|options?|subresources?)\s+(?:in|of|on|from|within)\s+(?:the\s+)?[`'\x22]?$")
        .expect("part-of regex")
});

/// The feature gates a list item names under a lead-in about feature gates ("The following
/// features are now GA, and the associated feature gates are deprecated and will be removed in
/// v1.15:" then "- `CustomPodDNS`", CHANGELOG-1.14.md L1007): an item of at most four words,
/// its CamelCase names (in backticks, or with two capitals).
pub(super) fn listed_gates(
    item: &str,
    lead_in: &str,
    note: &Note,
) -> Vec<(ItemKey, Option<String>, (usize, usize))> {
    if !FEATURE_GATE_WORD.is_match(lead_in) || item.split_whitespace().count() > 4 {
        return Vec::new();
    }
    let component = gate_component(note, lead_in, true);
    CAMEL
        .find_iter(item)
        .filter(|m| {
            let ticked = item[..m.start()].ends_with('`') && item[m.end()..].starts_with('`');
            ticked || m.as_str().chars().filter(char::is_ascii_uppercase).count() >= 2
        })
        .map(|m| {
            let key = ItemKey {
                component: component.clone(),
                ..ItemKey::named(ItemKind::FeatureGate, m.as_str())
            };
            (key, component.clone(), (m.start(), m.end()))
        })
        .collect()
}

/// "versions of", before resource kinds: the sentence names versions of them.
static VERSIONS_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bversions?\s+of\b").expect("versions-of regex"));

/// An API group named without a version (`node.k8s.io`), for [`note_group`].
static GROUP_ALONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:[a-z0-9-]+\.)+k8s\.io)\b").expect("group regex"));

/// A bare alpha or beta version (`v1beta1`), after a space, a backtick or a bracket.
static BARE_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s`(])(v\d+(?:alpha|beta)\d+)\b").expect("bare version regex")
});

/// The one API group a note names without a version ("Promote `node.k8s.io` API groups from
/// `v1beta1` to `v1`", #95718), if it names exactly one and no group/version.
pub(super) fn note_group(text: &str) -> Option<&str> {
    if GROUP_VERSION.is_match(text) {
        return None;
    }
    let mut groups = GROUP_ALONE
        .captures_iter(text)
        .map(|c| c.get(1).expect("group"))
        .filter(|m| !text[m.end()..].starts_with('/') && !in_url(text, m.start()))
        .map(|m| m.as_str());
    let first = groups.next()?;
    groups.all(|g| g == first).then_some(first)
}

/// The versions a sentence names bare (`` `v1beta1` is now deprecated ``), as versions of
/// `group`, the one group its note names ([`note_group`]).
pub(super) fn bare_versions(sentence: &str, group: &str) -> Vec<(ItemKey, (usize, usize))> {
    BARE_VERSION
        .captures_iter(sentence)
        .map(|c| c.get(1).expect("version"))
        .filter(|m| !not_the_subject(sentence, m.start()))
        .map(|m| {
            let name = format!("{group}/{}", m.as_str());
            (
                ItemKey::named(ItemKind::ApiVersion, name),
                (m.start(), m.end()),
            )
        })
        .collect()
}

/// `true` when the text at `start` is part of a URL (its word, back to a space or a bracket,
/// holds `://`).
fn in_url(sentence: &str, start: usize) -> bool {
    let head = &sentence[..start];
    let word = head.rfind(|c: char| c.is_whitespace() || c == '(' || c == '<');
    head[word.map_or(0, |i| i + 1)..].contains("://")
}

/// `true` when the text right before `start` (40 characters at most) names what follows as
/// the replacement: "use `apps/v1` instead", "in favor of `--api-audiences`", and every item
/// of a list that starts so ("please use `--a` and `--b` instead").
fn is_replacement(sentence: &str, start: usize) -> bool {
    let head = &sentence[..start];
    let from = head.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
    if REPLACEMENT.is_match(&head[from..]) {
        return true;
    }
    // The item before the list word: the replacement too when it is one.
    let Some(join) = LIST_JOIN.find(head) else {
        return false;
    };
    let previous = &head[..join.start()];
    let token = previous.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    token < start && !previous[token..].is_empty() && is_replacement(sentence, token)
}

/// Text right before an item that names it as the means: "(invocations that) specify alpha
/// or beta policy configurations with `--audit-policy-file`", "request … events with
/// `--audit-log-version` / `--audit-webhook-version`" (#98858), every item of the list: the flag
/// is how users select what is deprecated, not what is. "replaced with" is the replacement ([`REPLACEMENT`]);
/// "along with", "together with" name one more subject and are not read so.
static MEANS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^\w])(?:[a-z]+\s+)?with\s+(?:the\s+)?(?:[`'\x22]?--?[\w./-]+[`'\x22]?\s*(?:,|/|\band\b|\bor\b)\s*)*[`'\x22]?$").expect("means regex")
});

/// `true` when the text right before `start` names the item as the means ([`MEANS`]).
fn is_means(head: &str) -> bool {
    MEANS.find(head).is_some_and(|m| {
        let before = m.as_str().to_ascii_lowercase();
        !["along", "together", "replaced"].iter().any(|w| {
            before
                .trim_start_matches(|c: char| !c.is_ascii_alphabetic())
                .starts_with(w)
        })
    })
}

/// `true` when the item at `start` is not what the sentence's status speaks of: the
/// replacement ([`is_replacement`]), where a field or annotation lives ([`PART_OF`]), or the
/// means of doing something ([`MEANS`]).
fn not_the_subject(sentence: &str, start: usize) -> bool {
    let head = &sentence[..start];
    let from = head.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
    is_replacement(sentence, start) || PART_OF.is_match(&head[from..]) || is_means(&head[from..])
}

/// The items a sentence names, each with the component it belongs to (flags, and kubeadm's own
/// feature gates) and where the sentence names it.
pub(super) fn items_of(
    sentence: &str,
    note: &Note,
) -> Vec<(ItemKey, Option<String>, (usize, usize))> {
    let mut out: Vec<(ItemKey, Option<String>, (usize, usize))> = Vec::new();
    let mut push = |key: ItemKey, component: Option<String>, span: (usize, usize)| {
        if !out.iter().any(|(k, _, _)| *k == key) {
            out.push((key, component, span));
        }
    };

    // API group/versions, with the kinds between the previous one and this one.
    let versions: Vec<regex::Match<'_>> = GROUP_VERSION
        .find_iter(sentence)
        .filter(|m| {
            // A link's address (`(https://pkg.go.dev/…/apis/kubeadm/v1beta3)`, v1.22.0's themes)
            // names no API version.
            if in_url(sentence, m.start()) {
                return false;
            }
            // `apps/v1beta1=true`, `extensions/v1beta1/deployments=true`: --runtime-config values.
            let after = &sentence[m.end()..];
            !(after.starts_with('=')
                || after.strip_prefix('/').is_some_and(|r| {
                    r.trim_start_matches(|c: char| c.is_ascii_lowercase())
                        .starts_with('=')
                }))
        })
        .collect();
    for (i, m) in versions.iter().enumerate() {
        if not_the_subject(sentence, m.start()) {
            continue;
        }
        // "Coordination.k8s.io/v1beta1 is deprecated": a sentence may start with the group.
        let name = m.as_str().to_ascii_lowercase();
        let previous_end = if i == 0 { 0 } else { versions[i - 1].end() };
        let next_start = versions.get(i + 1).map_or(sentence.len(), |n| n.start());
        let mut kinds = kinds_in(&sentence[previous_end..m.start()]);
        if kinds.is_empty() {
            kinds = kinds_in(&sentence[m.end()..next_start]);
        }
        if kinds.is_empty() {
            push(
                ItemKey::named(ItemKind::ApiVersion, name),
                None,
                (m.start(), m.end()),
            );
        } else {
            for kind in kinds {
                push(
                    ItemKey {
                        kind: ItemKind::ApiVersion,
                        name: name.clone(),
                        resource: Some(kind.to_string()),
                        component: None,
                    },
                    None,
                    (m.start(), m.end()),
                );
            }
        }
    }

    // A resource kind named as an API, with no group/version in the sentence. Every suffix
    // holds " API" or " resource": without them no kind can match (most sentences).
    // "beta versions of `Lease`, `Ingress`, and `IngressClass` APIs" (v1.22.0's themes) names
    // versions of those kinds, not the kinds as a whole.
    if versions.is_empty() && (sentence.contains(" API") || sentence.contains(" resource")) {
        for kind in RESOURCE_KINDS {
            let named_as_api = [" API", "` API", " resource", "` resource"]
                .iter()
                .find_map(|suffix| sentence.find(&format!("{kind}{suffix}")));
            if let Some(at) = named_as_api.filter(|&at| !VERSIONS_OF.is_match(&sentence[..at])) {
                push(
                    ItemKey::named(ItemKind::Resource, *kind),
                    None,
                    (at, at + kind.len()),
                );
            }
        }
    }

    // Flags, with the component the sentence or the note names.
    let component = component_in(sentence)
        .or_else(|| note.component.as_deref().and_then(component_in))
        .or_else(|| note.section.iter().rev().find_map(|s| component_in(s)))
        .map(str::to_string);
    for caps in FLAG.captures_iter(sentence) {
        let m = caps.get(1).expect("flag group");
        let flag = m.as_str();
        // The flags that carry other items, and help, are never the item themselves.
        if matches!(flag, "--feature-gates" | "--runtime-config" | "--help")
            || not_the_subject(sentence, m.start())
        {
            continue;
        }
        push(
            ItemKey::named(ItemKind::Flag, flag),
            component.clone(),
            (m.start(), m.end()),
        );
    }

    // Feature gates: CamelCase words next to "feature gate", or in a list that is; a kubeadm
    // note's, or a sentence's that names kubeadm (all these sentences say "feature gate"), are
    // kubeadm's own.
    let gate_component = gate_component(note, sentence, true);
    let gate_words: Vec<(usize, usize)> = FEATURE_GATE_WORD
        .find_iter(sentence)
        .map(|m| (m.start(), m.end()))
        .collect();
    if !gate_words.is_empty() {
        for m in CAMEL.find_iter(sentence) {
            let word = m.as_str();
            if word.chars().filter(char::is_ascii_uppercase).count() < 2
                || not_the_subject(sentence, m.start())
            {
                continue;
            }
            let near = gate_words.iter().any(|&(start, end)| {
                if m.end() <= start {
                    only_filler(&sentence[m.end()..start])
                } else if m.start() >= end {
                    only_filler(&sentence[end..m.start()])
                } else {
                    false
                }
            });
            if near {
                push(
                    ItemKey {
                        component: gate_component.clone(),
                        ..ItemKey::named(ItemKind::FeatureGate, word)
                    },
                    gate_component.clone(),
                    (m.start(), m.end()),
                );
            }
        }
    }

    // In-tree plugins, in sentences about plugins: the same `kubernetes.io/…` form also names
    // labels (`kubernetes.io/os`), annotations and documentation links.
    let about_plugins = PLUGIN_WORD.is_match(sentence);
    for m in PLUGIN.find_iter(sentence).filter(|_| about_plugins) {
        let label = sentence[..m.start()].ends_with(['.', '/']);
        let path = sentence[m.end()..].starts_with(['/', '=', ':']);
        if label || path || not_the_subject(sentence, m.start()) {
            continue;
        }
        push(
            ItemKey::named(ItemKind::Plugin, m.as_str()),
            None,
            (m.start(), m.end()),
        );
    }

    if let Some(m) = DOCKERSHIM.find(sentence) {
        if !not_the_subject(sentence, m.start()) {
            push(
                ItemKey::named(ItemKind::Subsystem, "dockershim"),
                None,
                (m.start(), m.end()),
            );
        }
    }
    out
}

/// `true` when the text between a CamelCase word and "feature gate" holds only other gate
/// names, list punctuation and filler ("the", "alpha"): `` `A`, `B` and `C` feature gates ``.
fn only_filler(between: &str) -> bool {
    between
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '`' | '\'' | '"' | '*'))
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.split('=').next().unwrap_or(w);
            CAMEL.is_match(w)
                || matches!(
                    w.to_ascii_lowercase().as_str(),
                    "and"
                        | "or"
                        | "the"
                        | "a"
                        | "alpha"
                        | "beta"
                        | "ga"
                        | "deprecated"
                        | "named"
                        | "called"
                        | "corresponding"
                        | "its"
                        | "their"
                        | "former"
                )
        })
}

#[cfg(test)]
mod tests {
    use super::super::notes::note;
    use super::*;
    use crate::model::Kind;

    /// The items `sentence` names in `note`, as `kind name [resource] [[component]]`.
    fn named(sentence: &str, note: &Note) -> Vec<String> {
        items_of(sentence, note)
            .into_iter()
            .map(|(key, component, _)| {
                let resource = key.resource.map(|r| format!(" {r}")).unwrap_or_default();
                let component = component.map(|c| format!(" [{c}]")).unwrap_or_default();
                format!("{} {}{resource}{component}", key.kind.label(), key.name)
            })
            .collect()
    }

    #[test]
    fn items_named_in_sentences() {
        let cases: &[(&str, &[&str])] = &[
            (
                "- `podsecuritypolicies` resources under `extensions/v1beta1` - use `policy/v1beta1` instead",
                &["api extensions/v1beta1 PodSecurityPolicy"],
            ),
            (
                "`audit.k8s.io/v1beta1` and `audit.k8s.io/v1alpha1` audit policy configuration and audit events are deprecated in favor of `audit.k8s.io/v1`, available since v1.13.",
                &["api audit.k8s.io/v1beta1", "api audit.k8s.io/v1alpha1"],
            ),
            // A group at the start of a sentence is capitalised (#90458, #90559).
            (
                "Authentication.k8s.io/v1beta1 and authorization.k8s.io/v1beta1 are deprecated in 1.19 in favor of v1 levels and will be removed in 1.22",
                &["api authentication.k8s.io/v1beta1", "api authorization.k8s.io/v1beta1"],
            ),
            (
                "Coordination.k8s.io/v1beta1 is deprecated in 1.19, targeted for removal in 1.22, use v1 instead.",
                &["api coordination.k8s.io/v1beta1"],
            ),
            // A link's address names no API version (v1.22.0's themes).
            (
                "It [iterates over v1beta2](https://pkg.go.dev/k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/v1beta3) by adding some long requested features and deprecating some existing ones.",
                &[],
            ),
            // Versions of kinds are not the kinds as a whole (v1.22.0's themes).
            (
                "This removal includes beta versions of `Lease`, `Ingress`, and `IngressClass` APIs.",
                &[],
            ),
            // `--runtime-config` values are not items, nor is the flag that carries them.
            ("`--runtime-config=extensions/v1beta1/podsecuritypolicy=true`", &[]),
            (
                "The PodSecurityPolicy API is deprecated in 1.21, and will no longer be served starting in 1.25.",
                &["resource PodSecurityPolicy"],
            ),
            (
                "The `--service-account-api-audiences` flag is deprecated in favor of `--api-audiences`.",
                &["flag --service-account-api-audiences"],
            ),
            (
                "You can manually set `--cloud-provider=auto-detect`, but be aware that this behavior will be removed completely in a future version.",
                &["flag --cloud-provider"],
            ),
            (
                "The GA TokenRequest and TokenRequestProjection feature gates have been removed and are unconditionally enabled.",
                &["feature-gate TokenRequest", "feature-gate TokenRequestProjection"],
            ),
            // CamelCase words are gates only next to "feature gate".
            (
                "The dynamic Kubelet config feature is now beta, and the DynamicKubeletConfig feature gate is on by default.",
                &["feature-gate DynamicKubeletConfig"],
            ),
            (
                "`ObjectMeta `, `ListOptions`, and `DeleteOptions` have been removed from the core api group.",
                &[],
            ),
            // `kubernetes.io/…` names a plugin only in a sentence about plugins, and not as part
            // of a label or annotation.
            (
                "`volume.beta.kubernetes.io/storage-provisioner` annotation is deprecated.",
                &[],
            ),
            (
                "The `beta.kubernetes.io/os` and `beta.kubernetes.io/arch` labels, deprecated since v1.14, are targeted for removal in v1.18.",
                &[],
            ),
            ("make dockershim.sock configurable", &["subsystem dockershim"]),
            (
                "The in-tree AWS OpenStack Cinder \"kubernetes.io/cinder\" was already deprecated a while ago and will be removed in 1.20.",
                &["plugin kubernetes.io/cinder"],
            ),
            // The replacement named after "use the arguments", "set the new", "set via the
            // Kubelet's", and every item of a list after "use" (#64165, #47181, #88512, #60148).
            (
                "kubeadm: when starting the API server use the arguments --enable-admission-plugins and --disable-admission-plugins instead of the deprecated --admission-control.",
                &["flag --admission-control [kubeadm]"],
            ),
            (
                "The experimental flag \"--experimental-fail-swap-on\" has been deprecated, please set the new \"--fail-swap-on\" flag to false if you wish to run with /proc/swaps on.",
                &["flag --experimental-fail-swap-on"],
            ),
            (
                "Kube-proxy: deprecate `--healthz-port` and `--metrics-port` flag, please use `--healthz-bind-address` and `--metrics-bind-address` instead",
                &["flag --healthz-port [kube-proxy]", "flag --metrics-port [kube-proxy]"],
            ),
            (
                "Flags that can be set via the Kubelet's --config file are now deprecated in favor of the file.",
                &[],
            ),
            (
                "Flags that can be set via the [Kubelet's --config file](https://kubernetes.io/docs/tasks/administer-cluster/kubelet-config-file/) are now deprecated in favor of the file.",
                &[],
            ),
            // A flag named as the means ("specify … with `--x`") is how users select what is
            // deprecated, not what is (#98858, CHANGELOG-1.21.md L1274, read as one sentence).
            (
                "Audit events are deprecated; kube-apiserver invocations that specify alpha or beta policy configurations with `--audit-policy-file`, or explicitly request alpha or beta audit events with `--audit-log-version` / `--audit-webhook-version` are deprecated.",
                &[],
            ),
            (
                "Beta policy configurations given with the `--audit-policy-file` flag are deprecated.",
                &[],
            ),
            // "replaced with", "along with" are not the means.
            (
                "The `--old-flag` flag is deprecated, replaced with `--new-flag`.",
                &["flag --old-flag"],
            ),
            (
                "The `--one-flag` flag is deprecated along with `--two-flag`.",
                &["flag --one-flag", "flag --two-flag"],
            ),
            // A field's API is where the field lives, not what is deprecated (#75987).
            (
                "The `series.state` field in the events.k8s.io/v1beta1 Event API is deprecated and will be removed in v1.18",
                &[],
            ),
        ];
        let note = note("", Some(Kind::Deprecation), &[]);
        for &(sentence, want) in cases {
            assert_eq!(named(sentence, &note), want, "{sentence:?}");
        }
    }

    #[test]
    fn flags_take_the_component_of_the_sentence_else_the_note() {
        let flag = "The `--deserialization-cache-size` flag is deprecated, and will be removed in a future release.";
        let mut under_component = note(flag, Some(Kind::Deprecation), &[]);
        under_component.component = Some("kube-apiserver".into());
        let cases: &[(&str, Note, &[&str])] = &[
            (
                flag,
                under_component,
                &["flag --deserialization-cache-size [kube-apiserver]"],
            ),
            (
                flag,
                note(flag, None, &["Changelog since v1.12.0", "kubelet"]),
                &["flag --deserialization-cache-size [kubelet]"],
            ),
            (
                "The kubelet's `--enable-custom-metrics` flag is now deprecated.",
                note("", None, &["kube-apiserver"]),
                &["flag --enable-custom-metrics [kubelet]"],
            ),
        ];
        for (sentence, note, want) in cases {
            assert_eq!(named(sentence, note), *want, "{sentence:?}");
        }
    }
}
