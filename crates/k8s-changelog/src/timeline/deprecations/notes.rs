//! The statements of one note: whether it is read at all ([`is_candidate`]), and each item a
//! sentence names with the status that sentence gives it ([`read_note`]): its own status words,
//! else its list's lead-in line, else, in a deprecation note without any status word, the
//! note's ("removed" under a Removed heading).

use super::items::{bare_versions, items_of, listed_gates, note_group, ItemKey};
use super::replacement;
use super::scope;
use super::sentences::segments;
use super::status::{
    lead_in_status, linked_status, status_words, StatusWord, PLANNED, STATUS_WORD,
};
use super::{ItemKind, Status};
use crate::change::{self, in_deprecation_section, Deprecation};
use crate::model::{Kind, Note, Prose};

/// An item a note names, with the status its sentence gives.
pub(super) struct Found {
    /// The item.
    pub(super) key: ItemKey,
    /// What the sentence says happened to it.
    pub(super) status: Status,
    /// For a flag: the component the sentence or the note names; for a feature gate, `kubeadm`
    /// for kubeadm's own.
    pub(super) component: Option<String>,
    /// The sentence that says it.
    pub(super) sentence: String,
    /// For a deprecation: the removal version the sentence names (`1.25`).
    pub(super) planned: Option<String>,
    /// For an API version: the API version the note tells users to move to.
    pub(super) replacement: Option<String>,
    /// For a flag's removal from one of kubeadm's commands: the command
    /// ([`super::scope::command_scope`]).
    pub(super) scope: Option<String>,
}

/// Why a note is read at all: `Some(true)` for a deprecation note (kind or heading), whose
/// sentences are deprecations even without a status word; `Some(false)` for another note worth
/// reading (action required, urgent, or using a status word); `None` for the rest.
fn is_candidate(note: &Note) -> Option<bool> {
    let section = note.section.join(" / ").to_ascii_lowercase();
    if matches!(
        note.kind,
        Some(Kind::Bug | Kind::FailingTest | Kind::Documentation)
    ) && !in_deprecation_section(note)
    {
        return None;
    }
    let deprecation = change::deprecation(note) == Some(Deprecation::Declared);
    let urgent =
        note.action_required || section.contains("urgent") || section.contains("action required");
    if deprecation || urgent || STATUS_WORD.is_match(&note.text) {
        Some(deprecation)
    } else {
        None
    }
}

/// The items `note` names, each with the status its sentence gives, in the order of the note.
pub(super) fn read_note(note: &Note) -> Vec<Found> {
    let Some(deprecation) = is_candidate(note) else {
        return Vec::new();
    };
    let default_status = if note
        .section
        .iter()
        .any(|s| s.to_ascii_lowercase().starts_with("remov"))
    {
        Status::Removed
    } else {
        Status::Deprecated
    };
    let segments = segments(&note.text);
    let words: Vec<Vec<StatusWord>> = segments.iter().map(|s| status_words(&s.text)).collect();
    let any_status = words.iter().any(|w| !w.is_empty());
    let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
    let group = note_group(&note.text);

    let mut out = Vec::new();
    // The status of the last lead-in line ending with `:`, and the line.
    let mut lead_in: Option<(Status, &str)> = None;
    for (index, (segment, words)) in segments.iter().zip(words).enumerate() {
        // Without a status word of its own, a sentence takes its lead-in's or the note's.
        let mut from_note = false;
        let inherited = if !words.is_empty() {
            None
        } else if segment.item && lead_in.is_some() {
            lead_in.map(|(status, _)| status)
        } else if deprecation && !any_status {
            from_note = true;
            Some(default_status)
        } else {
            None
        };
        // An item that takes its lead-in's status ("- `--port`") has the lead-in for evidence,
        // quoted before it.
        // Such an item also takes the removal its lead-in plans ("… deprecated and will be
        // removed in v1.15:", "… would be removed in v1.24:", CHANGELOG-1.22.md L948).
        let quoted = lead_in
            .filter(|_| words.is_empty() && segment.item)
            .map(|(_, line)| line);
        let sentence = match quoted {
            Some(line) => format!("{line} {}", segment.text),
            None => segment.text.clone(),
        };
        let planned = [Some(segment.text.as_str()), quoted]
            .into_iter()
            .flatten()
            .find_map(|text| PLANNED.captures(text).map(|c| c[1].to_string()));
        if segment.text.trim_end().ends_with(':') {
            lead_in = lead_in_status(&segment.text, &words).map(|s| (s, segment.text.as_str()));
        } else if !segment.item {
            lead_in = None;
        }
        let mut items = items_of(&segment.text, note);
        if let Some(line) = quoted {
            for gate in listed_gates(&segment.text, line, note) {
                if !items.iter().any(|(key, _, _)| *key == gate.0) {
                    items.push(gate);
                }
            }
        }
        // "`v1beta1` is now deprecated", of the one group the note names (#95718); its evidence
        // is the note up to that sentence, which names the group and the kind ("RuntimeClass
        // feature graduates … Promote `node.k8s.io` …"), read by a lookup by kind.
        let bare = group.map_or_else(Vec::new, |group| bare_versions(&segment.text, group));
        let in_context = (!bare.is_empty() && quoted.is_none()).then(|| texts[..=index].join(" "));
        let bare_keys: Vec<ItemKey> = bare.iter().map(|(key, _)| key.clone()).collect();
        items.extend(bare.into_iter().map(|(key, span)| (key, None, span)));
        for (key, component, span) in items {
            let sentence = match &in_context {
                Some(context) if bare_keys.contains(&key) => context.clone(),
                _ => sentence.clone(),
            };
            // The note's own status is not given to an item the sentence introduces ("a new
            // `X` feature gate has been added"): a deprecation note often names what replaces.
            let inherited = inherited.filter(|_| !(from_note && introduced(&segment.text, span)));
            let Some(status) = inherited.or_else(|| linked_status(&segment.text, &words, span))
            else {
                continue;
            };
            let replacement = replacement::in_note(&key, &segment.text, &texts);
            let scope = (status == Status::Removed && key.kind == ItemKind::Flag)
                .then(|| scope::command_scope(&segment.text[span.1..]))
                .flatten();
            out.push(Found {
                scope,
                key,
                status,
                component,
                replacement,
                sentence,
                planned: (status == Status::Deprecated)
                    .then(|| planned.clone())
                    .flatten(),
            });
        }
    }
    out
}

/// A prose block of an `x.y.0` release's major themes as a note to read: its text and
/// headings, without a PR or a kind.
pub(super) fn theme_note(prose: &Prose) -> Note {
    Note {
        text: prose.text.clone(),
        section: prose.section.clone(),
        line: prose.line,
        end_line: prose.end_line,
        ..Note::default()
    }
}

/// `true` when `sentence` introduces the item at `span`: "a new (alpha) `X` feature gate", "`X`
/// has been added", "introduces `X`".
fn introduced(sentence: &str, (start, end): (usize, usize)) -> bool {
    let before = sentence[..start].to_ascii_lowercase();
    let before: Vec<&str> = before
        .split(|c: char| c.is_whitespace() || c == '`')
        .filter(|w| !w.is_empty())
        .collect();
    let near = &before[before.len().saturating_sub(3)..];
    if near
        .iter()
        .any(|w| matches!(*w, "new" | "introduce" | "introduces" | "adds"))
    {
        return true;
    }
    let after = sentence[end..].trim_start_matches('`').to_ascii_lowercase();
    let after = ["feature gate", "feature-gate", "flag", "field", "api"]
        .iter()
        .find_map(|noun| after.trim_start().strip_prefix(noun))
        .unwrap_or(after.as_str())
        .trim_start();
    [
        "has been added",
        "have been added",
        "is added",
        "was added",
        "has been introduced",
        "is introduced",
        "was introduced",
    ]
    .iter()
    .any(|phrase| after.starts_with(phrase))
}

/// For unit tests: a note with `text`, of `kind`, under the headings `section`.
#[cfg(test)]
pub(super) fn note(text: &str, kind: Option<Kind>, section: &[&str]) -> Note {
    Note {
        text: text.into(),
        prs: vec![1],
        external_prs: vec![],
        issues: vec![],
        authors: vec![],
        kind,
        sigs: vec![],
        action_required: false,
        component: None,
        cves: vec![],
        section: section.iter().map(|s| s.to_string()).collect(),
        line: 1,
        end_line: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `note` says, one `kind name [resource] [[component]] status` per item.
    fn said(note: &Note) -> Vec<String> {
        read_note(note)
            .into_iter()
            .map(|f| {
                let resource = f.key.resource.map(|r| format!(" {r}")).unwrap_or_default();
                let component = f.component.map(|c| format!(" [{c}]")).unwrap_or_default();
                format!(
                    "{} {}{resource}{component} {}",
                    f.key.kind.label(),
                    f.key.name,
                    f.status.label()
                )
            })
            .collect()
    }

    #[test]
    fn lists_inherit_their_lead_in_and_replacements_are_skipped() {
        let text = "The following APIs are no longer served by default:\n\n\
                    - All resources under `apps/v1beta1` and `apps/v1beta2` - use `apps/v1` instead\n\
                    - `daemonsets`, `deployments` resources under `extensions/v1beta1` - use `apps/v1` instead\n\n\
                    Serving these resources can be re-enabled using the `--runtime-config` apiserver flag.\n\n\
                    - `apps/v1beta1=true`";
        assert_eq!(
            said(&note(text, Some(Kind::Deprecation), &[])),
            [
                "api apps/v1beta1 no-longer-served",
                "api apps/v1beta2 no-longer-served",
                "api extensions/v1beta1 DaemonSet no-longer-served",
                "api extensions/v1beta1 Deployment no-longer-served",
            ]
        );
    }

    /// What a deprecation note with `text` says.
    fn items(text: &str) -> Vec<String> {
        said(&note(text, Some(Kind::Deprecation), &[]))
    }

    #[test]
    fn kinds_attach_to_their_own_group_version() {
        let text = "The Deployment, DaemonSet, and ReplicaSet kinds in the extensions/v1beta1 group version are now deprecated, as are the Deployment, StatefulSet, and ControllerRevision kinds in apps/v1beta1.";
        assert_eq!(
            items(text),
            [
                "api extensions/v1beta1 Deployment deprecated",
                "api extensions/v1beta1 DaemonSet deprecated",
                "api extensions/v1beta1 ReplicaSet deprecated",
                "api apps/v1beta1 Deployment deprecated",
                "api apps/v1beta1 StatefulSet deprecated",
                "api apps/v1beta1 ControllerRevision deprecated",
            ]
        );
    }

    #[test]
    fn what_a_deprecation_note_introduces_is_not_deprecated() {
        // v1.18.0, #86137, under "Deprecation" without a status word.
        assert_eq!(
            items("a new `EndpointSliceProxying` feature gate has been added to control the use of EndpointSlices in kube-proxy. The EndpointSlice feature gate that used to control this behavior no longer affects kube-proxy. This feature has been disabled by default."),
            ["feature-gate EndpointSlice deprecated"]
        );
        assert_eq!(
            items("The `NewSwitch` feature gate has been added; the `OldSwitch` feature gate is the old switch."),
            ["feature-gate OldSwitch deprecated"]
        );
        // A status word of its own still counts.
        assert_eq!(
            items("The `OldSwitch` feature gate is deprecated in favor of the new `NewSwitch` feature gate."),
            ["feature-gate OldSwitch deprecated"]
        );
    }

    #[test]
    fn a_bare_version_is_of_the_group_its_note_names() {
        // #95718 (CHANGELOG-1.20.md L1919).
        assert_eq!(
            said(&note(
                "RuntimeClass feature graduates to General Availability. Promote `node.k8s.io` API groups from `v1beta1` to `v1`. `v1beta1` is now deprecated and will be removed in a future release, please start using `v1`.",
                Some(Kind::ApiChange),
                &["Changes by Kind", "API Change"],
            )),
            ["api node.k8s.io/v1beta1 deprecated"]
        );
        // Its evidence is the note up to the sentence, which names neither group nor kind.
        let text = "RuntimeClass graduates. Promote `node.k8s.io` from `v1beta1` to `v1`. `v1beta1` is now deprecated. Use `v1`.";
        let found = read_note(&note(text, Some(Kind::ApiChange), &[]));
        assert_eq!(found[0].sentence, text.trim_end_matches(" Use `v1`."));
        // Two groups: whose version it is cannot be read.
        assert_eq!(
            items("`node.k8s.io` and `storage.k8s.io` move to `v1`. `v1beta1` is now deprecated."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn dotted_groups_take_the_kinds_that_follow() {
        assert_eq!(
            items("The `flowcontrol.apiserver.k8s.io/v1beta2` API version of FlowSchema and PriorityLevelConfiguration is no longer served."),
            [
                "api flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema no-longer-served",
                "api flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration no-longer-served",
            ]
        );
    }

    #[test]
    fn flags_gates_and_subsystems() {
        assert_eq!(
            items("ACTION REQUIRED: Support for basic authentication via the --basic-auth-file flag has been removed. Users should migrate to --token-auth-file for similar functionality."),
            ["flag --basic-auth-file removed"]
        );
        assert_eq!(
            items("kube-apiserver: the `--basic-auth-file` flag is deprecated, use `--token-auth-file` instead."),
            ["flag --basic-auth-file [kube-apiserver] deprecated"]
        );
        assert_eq!(
            items("Deprecate insecure flags `--insecure-bind-address`, `--insecure-port` and remove `--public-address-override`."),
            [
                "flag --insecure-bind-address deprecated",
                "flag --insecure-port deprecated",
                "flag --public-address-override removed"
            ]
        );
        assert_eq!(
            items("Use feature gate `EnableAggregatedDiscoveryTimeout=false` if you *must* remove this check."),
            Vec::<String>::new(),
            "the removal is in another clause"
        );
        assert_eq!(
            items("kubeadm: deprecate the DynamicKubeletConfig feature gate."),
            ["feature-gate DynamicKubeletConfig [kubeadm] deprecated"],
            "kubeadm's own gate (#70849)"
        );
        assert_eq!(
            items("Addon configuration is introduced in the kubeadm config API, while feature flag CoreDNS is now deprecated."),
            ["feature-gate CoreDNS [kubeadm] deprecated"],
            "a sentence naming kubeadm (#70024)"
        );
        // The kubeadm sub-list of the 1.13 Deprecations section.
        let mut under_kubeadm = note(
            "The DynamicKubeletConfig feature gate is deprecated. The functionality is still accessible by using the kubeadm alpha kubelet enable-dynamic command.",
            Some(Kind::Deprecation),
            &["Deprecations", "kubeadm"],
        );
        assert_eq!(
            said(&under_kubeadm),
            ["feature-gate DynamicKubeletConfig [kubeadm] deprecated"]
        );
        under_kubeadm.section = std::sync::Arc::from(Vec::<String>::new());
        assert_eq!(
            said(&under_kubeadm),
            ["feature-gate DynamicKubeletConfig deprecated"],
            "the same sentence outside kubeadm's notes is the cluster gate's"
        );
        assert_eq!(
            items("Docker support in the kubelet is now deprecated and will be removed in a future release."),
            ["subsystem dockershim deprecated"]
        );
        assert_eq!(
            items("The in-tree GCE PD plugin `kubernetes.io/gce-pd` is now deprecated and will be removed in 1.21."),
            ["plugin kubernetes.io/gce-pd deprecated"]
        );
    }

    #[test]
    fn which_notes_are_read() {
        let deprecations = &["Changes by Kind", "Deprecation"][..];
        let bugs = &["Changes by Kind", "Bug or Regression"][..];
        let removed_deprecations = &["Changelog since v1.10.0", "Removed Deprecations"][..];
        let urgent = &[
            "Urgent Upgrade Notes",
            "(No, really, you MUST read this before you upgrade)",
        ][..];
        let immutable = "Promote Immutable Secrets/ConfigMaps feature to Stable.";
        let port = "kube-controller-manager: fixed issue display help for the deprecated insecure --port flag";
        // (the note, what it is read as)
        let cases = [
            (
                note(
                    "The PodSecurityPolicy API is deprecated in 1.21, and will no longer be served starting in 1.25.",
                    Some(Kind::Deprecation),
                    deprecations,
                ),
                Some(true),
            ),
            (
                note(
                    "`kubeadm` applies a number of deprecations and removals of deprecated features in this release.",
                    None,
                    &["Removing deprecated flags in kubeadm"],
                ),
                Some(true),
            ),
            (
                note(
                    "The GA TokenRequest and TokenRequestProjection feature gates have been removed and are unconditionally enabled.",
                    Some(Kind::Feature),
                    &["Changes by Kind", "Feature"],
                ),
                Some(false),
            ),
            (
                note(
                    immutable,
                    Some(Kind::ApiChange),
                    &["Changes by Kind", "API Change"],
                ),
                None,
            ),
            (note(immutable, Some(Kind::ApiChange), urgent), Some(false)),
            // Bug notes mention deprecated things in passing.
            (note(port, Some(Kind::Bug), bugs), None),
            (
                note(
                    "The deprecated and inactive option '--enable-custom-metrics'  has been removed in 1.11.",
                    Some(Kind::Bug),
                    removed_deprecations,
                ),
                Some(true),
            ),
        ];
        for (note, want) in &cases {
            assert_eq!(is_candidate(note), *want, "{:?}", note.text);
        }
    }

    #[test]
    fn statuses_from_words_lead_ins_and_headings() {
        let gate = "The GA `PodPriority` feature gate is now on by default and cannot be disabled.";
        let deprecations = &["Changes by Kind", "Deprecation"][..];
        // (the note, what it says)
        let cases: Vec<(Note, &[&str])> = vec![
            // No status word: the heading's.
            (
                note(gate, Some(Kind::Deprecation), deprecations),
                &["feature-gate PodPriority deprecated"],
            ),
            (
                note(
                    gate,
                    None,
                    &["Changelog since v1.10.0", "Removed Deprecations"],
                ),
                &["feature-gate PodPriority removed"],
            ),
            (
                note(gate, Some(Kind::Feature), &["Changes by Kind", "Feature"]),
                &[],
            ),
            // A status word in another sentence: the other sentences say nothing.
            (
                note(
                    "The GA `PodPriority` feature gate is now on by default and cannot be disabled. The feature gate will be removed in v1.18.",
                    Some(Kind::Deprecation),
                    deprecations,
                ),
                &[],
            ),
            // "the deprecated X" mentions a thing already deprecated: no deprecation of its own
            // (#71601, v1.14.0-alpha.1; the flag's deprecation is stated in 1.20).
            (
                note(
                    "kube-controller-manager: fixed issue display help for the deprecated insecure --port flag",
                    None,
                    &["Other notable changes"],
                ),
                &[],
            ),
            // Flags written without `--` are not read.
            (
                note(
                    "The following deprecated flags were removed from `kube-controller-manager`:\n\n\
                     * `replication-controller-lookup-cache-size`\n\
                     * `replicaset-lookup-cache-size`",
                    None,
                    &["Changelog since v1.7.0", "Action Required"],
                ),
                &[],
            ),
        ];
        for (note, want) in &cases {
            assert_eq!(said(note), *want, "{:?}", note.text);
        }
    }

    /// A lead-in's attributive "deprecated" gives its items a status when the line says what
    /// the list is (#57613, v1.10.0), not when it mentions deprecated things in passing
    /// (#73032, v1.19.0); an item that takes its lead-in's status quotes the lead-in.
    #[test]
    fn lead_ins_with_an_attributive_deprecated() {
        let listed = note(
            "Many unintentionally leaked flags are now marked deprecated. The deprecated flags are:\n    * --containerd\n    * --docker",
            None,
            &["Other notable changes"],
        );
        let found = read_note(&listed);
        let got: Vec<(&str, Status, &str)> = found
            .iter()
            .map(|f| (f.key.name.as_str(), f.status, f.sentence.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "--containerd",
                    Status::Deprecated,
                    "The deprecated flags are: --containerd"
                ),
                (
                    "--docker",
                    Status::Deprecated,
                    "The deprecated flags are: --docker"
                ),
            ]
        );
        let passing = note(
            "API requests to deprecated versions now receive a warning header in the API response, and cause a metric indicating use of a deprecated API to be published:\n  - `kubectl` outputs warnings to stderr, and accepts a `--warnings-as-errors` option to treat warnings as fatal errors",
            None,
            &["Changes by Kind", "API Change"],
        );
        assert_eq!(said(&passing), Vec::<String>::new());
    }

    /// An item, what a sentence says of it, and the removal it plans.
    type Statement<'a> = (&'a str, Status, Option<&'a str>);

    #[test]
    fn deprecations_carry_their_planned_removal() {
        let cases: &[(&str, &[Statement])] = &[
            (
                "The `--export` flag for the `kubectl get` command is deprecated and will be removed in v1.18.",
                &[("--export", Status::Deprecated, Some("1.18"))],
            ),
            (
                "`discovery.k8s.io/v1beta1` EndpointSlices are deprecated in favor of `discovery.k8s.io/v1`, and will no longer be served in Kubernetes v1.25.",
                &[("discovery.k8s.io/v1beta1", Status::Deprecated, Some("1.25"))],
            ),
            // A removal has happened: nothing planned.
            (
                "`kube-cloud-controller-manager` flag `--service-account-private-key-file` is removed in v1.11",
                &[("--service-account-private-key-file", Status::Removed, None)],
            ),
            // A list item takes its lead-in's plan (#96216, CHANGELOG-1.22.md L948).
            (
                "Controller-manager: the following flags have no effect and would be removed in v1.24:\n  - `--port`\n  - `--address`",
                &[
                    ("--port", Status::Deprecated, Some("1.24")),
                    ("--address", Status::Deprecated, Some("1.24")),
                ],
            ),
            // Gates listed under a lead-in about gates, with its plan (CHANGELOG-1.16.md L1638).
            (
                "The following features are now GA, and the associated feature gates are deprecated and will be removed in v1.17:\n  - `GCERegionalPersistentDisk` (since 1.15.0)\n  - `CustomResourcePublishOpenAPI`",
                &[
                    ("GCERegionalPersistentDisk", Status::Deprecated, Some("1.17")),
                    ("CustomResourcePublishOpenAPI", Status::Deprecated, Some("1.17")),
                ],
            ),
            // The removal is a sentence of its own, which names no item.
            (
                "kubelet's --containerized flag was deprecated in 1.14. This flag is removed in 1.16.",
                &[("--containerized", Status::Deprecated, None)],
            ),
        ];
        for &(text, want) in cases {
            let found = read_note(&note(text, Some(Kind::Deprecation), &[]));
            let got: Vec<Statement> = found
                .iter()
                .map(|f| (f.key.name.as_str(), f.status, f.planned.as_deref()))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
