//! Status words: what a sentence says happened to the items it names. "no longer served",
//! "removed", "deprecated" ([`status_words`]), without the negated ones ("not removed") and with
//! future removals ("will be removed in v1.18") read as deprecations; the removal version an
//! announcement names ([`PLANNED`]); and which status words speak of an item, the ones in its
//! own clause ([`linked_status`]).

use super::{scope, Status};
use crate::timeline::NO_LONGER_SPECIFIED;
use regex::Regex;
use std::sync::LazyLock;

/// Any word that makes a non-deprecation note worth reading.
pub(super) static STATUS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:deprecat\w*|removed|no longer (?:be )?serv\w*|dropped|will be removed)\b")
        .expect("status word regex")
});

/// "no longer served", "stops serving", "not be served".
static NO_LONGER_SERVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:no longer (?:be )?serv(?:ed|es|e|ing)|stop(?:s|ped)? serving|not (?:be )?served)\b")
        .expect("no-longer-served regex")
});

/// "remove", "removed", "removal", "dropped", and a gate that "can no longer be specified"
/// ([`NO_LONGER_SPECIFIED`], read the same way by the feature-gate timeline).
static REMOVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:remov(?:e|es|ed|ing|al)|drop(?:s|ped)?)\b|\b{NO_LONGER_SPECIFIED}\b"
    ))
    .expect("removed regex")
});

/// "can" or "could" right before "no longer": what is no longer possible now, not a plan.
static CAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:can|could)\s*$").expect("can regex"));

/// "deprecate", "deprecated", "deprecation".
static DEPRECATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bdeprecat(?:e|es|ed|ing|ion)\b").expect("deprecated regex"));

/// Words just before a status word that put it in the future (an announcement).
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|to be|would|shall|going to|scheduled|plan(?:s|ned)?|slated|targeted|can|could|may|might|should|must)\b(?:\s+[\w-]+){0,3}\s*$")
        .expect("future regex")
});

/// Words just after a removal that put it in the future: "removed in a future release".
static FUTURE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[\w-]+\s+){0,3}?(?:in|with|by|from|at) (?:a |the )?(?:future|later|upcoming|next|subsequent)\b")
        .expect("future-after regex")
});

/// Words just before a status word that negate it, emphasised or not ("does *not*
/// deprecate", v1.23.0's themes).
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bnot\b|n't\b|\bno longer\b|\bnever\b|\bun-?)[*_]*\s*(?:\w+\s+)?$")
        .expect("negation regex")
});

/// A determiner or a preposition (and an adverb) right before "deprecated": "the deprecated
/// `--admission-control`", "the now-deprecated", "the following deprecated flags", "requests to
/// deprecated versions". The adjective names a thing already deprecated, mentioned in passing;
/// it states no deprecation of its own.
static ATTRIBUTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:the|a|an|this|these|those|its|their|any|all|following|to|of|for|with|from|by|on)(?:\s+(?:now|already|long|previously|formerly|recently|currently))?[\s-]+$")
        .expect("attributive regex")
});

/// "Continued deprecation of …" (v1.15.0's and v1.16.0's themes): a deprecation in force,
/// mentioned, not stated; read like an attributive "deprecated".
static CONTINUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:continued|continuing|ongoing)\s+$").expect("continued regex")
});

/// A lead-in that says what its list is: "The deprecated flags are:".
static LIST_IS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:are|is|include|includes)\s*:\s*$").expect("list-is regex")
});

/// The status a lead-in line ending with `:` gives the items of its list: its strongest status
/// word, an attributive "deprecated" only when the line says what the list is ("The deprecated
/// flags are:", v1.10.0), not when it mentions deprecated things in passing ("API requests to
/// deprecated versions now receive a warning header …:", v1.19.0).
pub(super) fn lead_in_status(line: &str, words: &[StatusWord]) -> Option<Status> {
    let stated = words
        .iter()
        .filter(|w| !w.attributive)
        .map(|w| w.status)
        .max();
    stated.or_else(|| {
        words
            .iter()
            .filter(|_| LIST_IS.is_match(line))
            .map(|w| w.status)
            .max()
    })
}

/// "… removed in v1.25", "… no longer be served starting in 1.25": the planned removal
/// version (`1.25`) in group 1, in the same sentence (a stop inside a word, as in
/// `scheduling.k8s.io/v1beta1`, does not end it).
pub(super) static PLANNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:remov\w*|served|dropped|deleted)\b(?:[^.]|\.\S)*?\b(?:in|with|by|as of|from|after|starting(?: in| with| from)?)\s+(?:kubernetes\s+|k8s\s+|version\s+|release\s+)?v?(1\.\d{1,2})\b")
        .expect("planned regex")
});

/// A word that gives a status, where it is in its sentence.
pub(super) struct StatusWord {
    /// Where the word starts in its sentence.
    start: usize,
    /// Where it ends.
    end: usize,
    /// What the word says (a future removal says "deprecated").
    pub(super) status: Status,
    /// An attributive "deprecated" ("the deprecated `--x`"): it names a thing already
    /// deprecated and gives no item a status ([`linked_status`] skips it), but the sentence
    /// has a status word (a deprecation note's sentences do not all become deprecations).
    pub(super) attributive: bool,
}

/// The status words of a sentence, negations left out, future removals as deprecations.
pub(super) fn status_words(sentence: &str) -> Vec<StatusWord> {
    // The text before a match, as far back as the start of its clause.
    let before = |start: usize| {
        let head = &sentence[..start];
        let cut = head.rfind([',', '(', ':']).map_or(0, |i| i + 1);
        &head[cut..]
    };
    let mut out: Vec<StatusWord> = Vec::new();
    for (regex, status) in [
        (&*NO_LONGER_SERVED, Status::NoLongerServed),
        (&*REMOVED, Status::Removed),
        (&*DEPRECATED, Status::Deprecated),
    ] {
        for m in regex.find_iter(sentence) {
            if out.iter().any(|w| w.start < m.end() && m.start() < w.end) {
                continue; // "no longer served" already read; "served" is not a second word.
            }
            let head = before(m.start());
            if NEGATED.is_match(head) {
                continue;
            }
            // "can no longer be served": the APIs are not served now.
            let can_no_longer =
                m.as_str().to_ascii_lowercase().starts_with("no longer") && CAN.is_match(head);
            let future = status != Status::Deprecated
                && !can_no_longer
                && (FUTURE.is_match(head)
                    || FUTURE_AFTER.is_match(&sentence[m.end()..])
                    || m.as_str().eq_ignore_ascii_case("removal"));
            let attributive = status == Status::Deprecated
                && (m.as_str().eq_ignore_ascii_case("deprecated")
                    && ATTRIBUTIVE.is_match(&sentence[..m.start()])
                    || m.as_str().eq_ignore_ascii_case("deprecation")
                        && CONTINUED.is_match(&sentence[..m.start()]));
            out.push(StatusWord {
                start: m.start(),
                end: m.end(),
                status: if future { Status::Deprecated } else { status },
                attributive,
            });
        }
    }
    out
}

/// What separates two clauses: a status word on one side does not speak of an item on the other.
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:;|,\s*(?:which|so)\b|\b(?:but|unless|if|when|whenever|while|where|because|so that)\b|\s-\s)")
        .expect("clause break regex")
});

/// A word that opens a subordinate clause (a condition or a time), closed by a comma.
static SUBORDINATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:if|when|whenever|unless|once|while|because|although)\b")
        .expect("subordinate regex")
});

/// ", and passed …", ", and make …": a second verb phrase, whose object the first verb does
/// not speak of (#97336: "remove deprecated --cleanup-ipvs flag …, and make --cleanup flag …").
static NEW_VERB_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),\s*and\s+(?:[a-z]+ed|make|makes|add|adds|use|uses|set|sets|change|changes|update|updates|enable|enables|disable|disables|allow|allows|ensure|ensures|move|moves|rename|renames|mark|marks)\b")
        .expect("verb phrase regex")
});

/// A stop that the sentence cutter left in (a lower-case word follows): "available since
/// v1.13. kube-apiserver invocations that …" (#98858) ends a sentence all the same.
static INNER_STOP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[a-z0-9]{2,}\.\s+[a-z]").expect("inner stop regex"));

/// The strongest status of the words in the item's clause; the item is at `start..end` of
/// `sentence`.
pub(super) fn linked_status(
    sentence: &str,
    words: &[StatusWord],
    (start, end): (usize, usize),
) -> Option<Status> {
    // "A field, deprecated since v1.14, is removed from <item>": the sentence is about the
    // field; no status word before the item is the item's. Not so for serving: "Ingress
    // resources will no longer be served from `extensions/v1beta1`" speaks of the API version
    // that serves them (CHANGELOG-1.16.md).
    let container = words.iter().any(|w| {
        w.end <= start
            && !NO_LONGER_SERVED.is_match(&sentence[w.start..w.end])
            && names_the_container(&sentence[w.end..start])
    });
    // "If the `X` feature gate is disabled, … are now dropped": the item sits in a condition
    // that a comma closes; the status words after that comma speak of the main clause.
    let in_condition = SUBORDINATE
        .find_iter(&sentence[..start])
        .last()
        .is_some_and(|m| !sentence[m.end()..start].contains(','));
    // "Removed `kubectl --dry-run` empty default value …": the sentence speaks of its values.
    if scope::values_of(&sentence[end..]) {
        return None;
    }
    // "remove `--port` from the manifest for …", "… for `kubeadm upgrade apply`".
    let scoped = scope::scoped_removal(&sentence[end..]);
    words
        .iter()
        .filter(|w| !w.attributive)
        .filter(|w| !(scoped && w.status == Status::Removed))
        .filter(|w| {
            if w.end <= start {
                let between = &sentence[w.end..start];
                // "removed …, and passed to the --etcd-servers flag": a new verb phrase.
                !container
                    && !CLAUSE_BREAK.is_match(between)
                    && !NEW_VERB_PHRASE.is_match(between)
                    && !INNER_STOP.is_match(between)
                    && !scope::behind_a_preposition(between)
            } else if w.start >= end {
                let between = &sentence[end..w.start];
                // "Deprecate `--a`, `--b` and remove `--c`": a verb (not a participle) after
                // "and" starts a new verb phrase, whose object is not `--a`.
                let verb = sentence[w.start..w.end].to_ascii_lowercase();
                let new_phrase = between.trim_end().ends_with(" and")
                    && [
                        "remove",
                        "removes",
                        "drop",
                        "drops",
                        "deprecate",
                        "deprecates",
                    ]
                    .contains(&verb.as_str());
                let closes_condition = in_condition && between.contains(',');
                !(CLAUSE_BREAK.is_match(between)
                    || INNER_STOP.is_match(between)
                    || new_phrase
                    || closes_condition)
            } else {
                false
            }
        })
        .map(|w| w.status)
        .max()
}

/// "(a field is) removed from the `events.k8s.io/v1beta1` (Event type)", "Removed in
/// `kubescheduler.config.k8s.io/v1beta2` (completely)": the item right after the status word is
/// what something else is removed from, not what is removed.
fn names_the_container(between: &str) -> bool {
    let words = between.trim().trim_matches(|c| c == '`' || c == '*').trim();
    matches!(
        words.to_ascii_lowercase().as_str(),
        "from" | "from the" | "in" | "in the"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(sentence: &str) -> Option<(Status, Option<String>)> {
        let strongest = status_words(sentence).iter().map(|w| w.status).max()?;
        let planned = PLANNED.captures(sentence).map(|c| c[1].to_string());
        Some((
            strongest,
            planned.filter(|_| strongest == Status::Deprecated),
        ))
    }

    #[test]
    fn sentences_get_a_status() {
        assert_eq!(
            statuses("The following APIs are no longer served by default:"),
            Some((Status::NoLongerServed, None))
        );
        assert_eq!(
            statuses("Support for the --basic-auth-file flag has been removed."),
            Some((Status::Removed, None))
        );
        assert_eq!(
            statuses("The PodSecurityPolicy API is deprecated in 1.21, and will no longer be served starting in 1.25."),
            Some((Status::Deprecated, Some("1.25".into())))
        );
        assert_eq!(
            statuses(
                "Ingress resources will no longer be served from `extensions/v1beta1` in v1.20."
            ),
            Some((Status::Deprecated, Some("1.20".into())))
        );
        assert_eq!(statuses("The flag is not removed yet."), None);
        // "can no longer": not served now, not a plan (#85903 in CHANGELOG-1.18).
        assert_eq!(
            statuses("the following deprecated APIs can no longer be served:"),
            Some((Status::NoLongerServed, None))
        );
        assert_eq!(
            statuses("The deprecated feature gates `A` and `B` are now unconditionally enabled and can no longer be specified in component invocations."),
            Some((Status::Removed, None))
        );
        assert_eq!(
            statuses("The `apps/v1beta1` API will no longer be served in v1.16."),
            Some((Status::Deprecated, Some("1.16".into())))
        );
        assert_eq!(statuses("Adds a new flag."), None);
        assert_eq!(
            statuses("It will be inert in 1.11 and removed in a future release."),
            Some((Status::Deprecated, None))
        );
        assert_eq!(
            statuses("The deprecated options `--portal-net` and `--service-node-ports` for the API server are removed."),
            Some((Status::Removed, None))
        );
    }

    #[test]
    fn status_words_of_sentences() {
        let d = Status::Deprecated;
        let r = Status::Removed;
        let cases: &[(&str, &[(&str, Status)])] = &[
            (
                "The `batch/v2alpha1` CronJob type definitions and clients are deprecated and removed.",
                &[("removed", r), ("deprecated", d)],
            ),
            (
                "The `export` query parameter (inconsistently supported by API resources and deprecated in v1.14) is fully removed.",
                &[("removed", r), ("deprecated", d)],
            ),
            // Announcements: a removal in the future is a deprecation.
            (
                "`discovery.k8s.io/v1beta1` EndpointSlices are deprecated in favor of `discovery.k8s.io/v1`, and will no longer be served in Kubernetes v1.25.",
                &[("no longer be served", d), ("deprecated", d)],
            ),
            (
                "The `beta.kubernetes.io/os` and `beta.kubernetes.io/arch` labels, deprecated since v1.14, are targeted for removal in v1.18.",
                &[("removal", d), ("deprecated", d)],
            ),
            (
                "The `--enable-logs-handler` flag and log-serving functionality is deprecated, and scheduled to be removed in v1.19.",
                &[("removed", d), ("deprecated", d)],
            ),
            (
                "Add metrics `*_admission_latencies_milliseconds` and `*_admission_latencies_milliseconds_summary` for backward compatible, but will be removed in a future release.",
                &[("removed", d)],
            ),
            // Negations say nothing, emphasised too (v1.23.0's themes).
            (
                "This release does *not* deprecate the v1 HorizontalPodAutoscaler API.",
                &[],
            ),
            (
                "kube-controller-manager no longer removes ownerReferences from ResourceQuota objects",
                &[],
            ),
            (
                "Fix controller-manager crashes when flex plugin is removed from flex plugin directory",
                &[("removed", r)],
            ),
        ];
        for &(sentence, want) in cases {
            let got: Vec<(&str, Status)> = status_words(sentence)
                .iter()
                .map(|w| (&sentence[w.start..w.end], w.status))
                .collect();
            assert_eq!(got, want, "{sentence:?}");
        }
    }

    #[test]
    fn planned_removals() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "The `--export` flag for the `kubectl get` command is deprecated and will be removed in v1.18.",
                Some("1.18"),
            ),
            (
                "InfluxDB cluster monitoring is deprecated and will be removed in v1.12",
                Some("1.12"),
            ),
            (
                "The PodSecurityPolicy API is deprecated in 1.21, and will no longer be served starting in 1.25.",
                Some("1.25"),
            ),
            (
                "`discovery.k8s.io/v1beta1` EndpointSlices are deprecated in favor of `discovery.k8s.io/v1`, and will no longer be served in Kubernetes v1.25.",
                Some("1.25"),
            ),
            (
                "The in-tree GCE PD plugin `kubernetes.io/gce-pd` is now deprecated and will be removed in 1.21.",
                Some("1.21"),
            ),
            (
                "Docker support in the kubelet is now deprecated and will be removed in a future release.",
                None,
            ),
            // A group with dots before the version (CHANGELOG-1.15.md, 1.16.md).
            (
                "PriorityClass resources will no longer be served from `scheduling.k8s.io/v1beta1` and `scheduling.k8s.io/v1alpha1` in v1.17.",
                Some("1.17"),
            ),
            // A removal that names where, not when.
            (
                "The following deprecated flags were removed from `kube-controller-manager`:",
                None,
            ),
        ];
        for &(sentence, want) in cases {
            let got = PLANNED.captures(sentence).map(|c| c[1].to_string());
            assert_eq!(got.as_deref(), want, "{sentence:?}");
        }
    }

    #[test]
    fn items_take_the_status_of_their_own_clause() {
        // (sentence, the item as written in it, the status that speaks of it)
        let cases: &[(&str, &str, Option<Status>)] = &[
            (
                "kube-apiserver: the `--basic-auth-file` flag is deprecated, use `--token-auth-file` instead.",
                "--basic-auth-file",
                Some(Status::Deprecated),
            ),
            (
                "The deprecated kube-scheduler --bind-pods-qps and --bind-pods burst flags have been removed, use --kube-api-qps and --kube-api-burst instead",
                "--bind-pods-qps",
                Some(Status::Removed),
            ),
            // "and remove" starts a verb phrase of its own.
            (
                "Deprecate insecure flags `--insecure-bind-address`, `--insecure-port` and remove `--public-address-override`.",
                "--insecure-port",
                Some(Status::Deprecated),
            ),
            (
                "Deprecate insecure flags `--insecure-bind-address`, `--insecure-port` and remove `--public-address-override`.",
                "--public-address-override",
                Some(Status::Removed),
            ),
            // `;`, "but", "if" end a clause.
            (
                "The kube-apiserver `--storage-version` flag has been removed; you must use `--storage-versions` instead.",
                "--storage-version",
                Some(Status::Removed),
            ),
            (
                "The kube-apiserver `--storage-version` flag has been removed; you must use `--storage-versions` instead.",
                "--storage-versions",
                None,
            ),
            (
                "You can manually set `--cloud-provider=auto-detect`, but be aware that this behavior will be removed completely in a future version.",
                "--cloud-provider",
                None,
            ),
            (
                "Use feature gate `EnableAggregatedDiscoveryTimeout=false` if you *must* remove this check, but that feature gate will be removed next release.",
                "EnableAggregatedDiscoveryTimeout",
                None,
            ),
            // What something is removed from is not removed (#90449, #96345).
            (
                "The unused `series.state` field, deprecated since v1.14, is removed from the `events.k8s.io/v1beta1` and `v1` Event types.",
                "events.k8s.io/v1beta1",
                None,
            ),
            // What resources are no longer served from is the API version that stops serving
            // them (CHANGELOG-1.16.md, v1.16.0).
            (
                "Ingress resources will no longer be served from `extensions/v1beta1` in v1.20.",
                "extensions/v1beta1",
                Some(Status::Deprecated),
            ),
            (
                "Removed in `kubescheduler.config.k8s.io/v1beta2` completely.",
                "kubescheduler.config.k8s.io/v1beta2",
                None,
            ),
            (
                "The `apps/v1beta1` and `apps/v1beta2` APIs are removed in v1.16.",
                "apps/v1beta1",
                Some(Status::Removed),
            ),
            // A condition closed by a comma is not what the main clause removes (#72714).
            (
                "If the `TokenRequestProjection` feature gate is disabled, projected serviceAccountToken volume sources are now dropped at object creation time.",
                "TokenRequestProjection",
                None,
            ),
            (
                "When `--foo` is set, the `--bar` flag is deprecated.",
                "--bar",
                Some(Status::Deprecated),
            ),
            // "Continued deprecation" mentions a deprecation in force (v1.15.0's themes).
            (
                "Continued deprecation of extensions/v1beta1, apps/v1beta1, and apps/v1beta2 APIs; these extensions will be retired in 1.16!",
                "apps/v1beta1",
                None,
            ),
            // An attributive "the deprecated X" mentions X in passing: no deprecation of its
            // own (#64165, v1.11.0-beta.1; `--admission-control` was deprecated in 1.10).
            (
                "kubeadm: when starting the API server use the arguments --enable-admission-plugins and --disable-admission-plugins instead of the deprecated --admission-control.",
                "--admission-control.",
                None,
            ),
            (
                "`kubectl rollout undo` no longer uses the deprecated extensions/v1beta1 rollback API, which means that Events are no longer emitted when rolling back a deployment.",
                "extensions/v1beta1",
                None,
            ),
            (
                "The `--foo` flag is now deprecated.",
                "--foo",
                Some(Status::Deprecated),
            ),
            // "can no longer be specified" outweighs the attributive "deprecated" (#97306).
            (
                "The deprecated feature gates `RotateKubeletClientCertificate`, `AttachVolumeLimit`, `VolumePVCDataSource` and `EvenPodsSpread` are now unconditionally enabled and can no longer be specified in component invocations.",
                "VolumePVCDataSource",
                Some(Status::Removed),
            ),
        ];
        for &(sentence, item, want) in cases {
            let start = sentence.find(item).expect("the item is in the sentence");
            let words = status_words(sentence);
            assert_eq!(
                linked_status(sentence, &words, (start, start + item.len())),
                want,
                "{item} in {sentence:?}"
            );
        }
    }
}
