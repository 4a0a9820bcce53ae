//! What a note announces. One classification of a note as a deprecation or removal, used by
//! compare's groups, the weekly summary's "Deprecated" section and the deprecation timeline.

use crate::model::{Kind, Note};

/// How a note is a deprecation or removal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Deprecation {
    /// Filed as one: kind `deprecation`, or listed under a heading about deprecations or
    /// removals ("Deprecations", "Removed and deprecated metrics").
    Declared,
    /// Not filed as one, but its text speaks of deprecating something ("… is deprecated and
    /// will be removed in v1.24").
    Mentioned,
}

/// Whether, and how, `note` is a deprecation or removal.
///
/// Compare groups [`Deprecation::Declared`] notes under "Deprecations and removals"; the weekly
/// summary lists both kinds; the deprecation timeline reads every note but lets only declared
/// ones default to "deprecated" when their sentences carry no status word.
pub fn deprecation(note: &Note) -> Option<Deprecation> {
    if note.kind == Some(Kind::Deprecation) || in_deprecation_section(note) {
        Some(Deprecation::Declared)
    } else if contains_ignore_ascii_case(&note.text, "deprecat") {
        Some(Deprecation::Mentioned)
    } else {
        None
    }
}

/// Listed under a heading about deprecations or removals.
pub(crate) fn in_deprecation_section(note: &Note) -> bool {
    note.section.iter().any(|s| {
        contains_ignore_ascii_case(s, "deprecat") || contains_ignore_ascii_case(s, "remov")
    })
}

fn contains_ignore_ascii_case(haystack: &str, lower_needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(lower_needle.len())
        .any(|w| w.eq_ignore_ascii_case(lower_needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_mentioned_or_not() {
        // (kind, section, text, expected), from real notes.
        type Case<'a> = (Option<Kind>, &'a [&'a str], &'a str, Option<Deprecation>);
        let cases: &[Case] = &[
            (
                Some(Kind::Deprecation),
                &["Changes by Kind", "Deprecation"],
                "Kubeadm: remove the deprecated `--csr-only` flag",
                Some(Deprecation::Declared),
            ),
            (
                None,
                &["Notable Features", "Removed and deprecated metrics"],
                "Removed cadvisor metric labels `pod_name` and `container_name`",
                Some(Deprecation::Declared),
            ),
            (
                None,
                &["Deprecations and Removals"],
                "kube-apiserver: --enable-logs-handler flag is deprecated",
                Some(Deprecation::Declared),
            ),
            (
                Some(Kind::Feature),
                &["Changes by Kind", "Feature"],
                "The `--cloud-provider` flag of kubelet is Deprecated and will be removed",
                Some(Deprecation::Mentioned),
            ),
            (
                Some(Kind::Bug),
                &["Changes by Kind", "Bug or Regression"],
                "Fix a panic in kube-proxy when the service has no ports",
                None,
            ),
        ];
        for (kind, section, text, expected) in cases {
            let note = Note {
                text: (*text).into(),
                kind: *kind,
                section: section.iter().map(|s| s.to_string()).collect(),
                ..Note::default()
            };
            assert_eq!(deprecation(&note), *expected, "{text}");
        }
    }
}
