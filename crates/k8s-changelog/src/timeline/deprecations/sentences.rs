//! A note's text cut into the sentences statements are read from: paragraphs and list items
//! (outside fenced code; a heading or table line is a block of its own) split after a `.` or
//! `;` that a capital, a backtick or a quote follows, except after an abbreviation (`e.g.`).

use crate::sentence::{starts_a_sentence, LIST_MARKER};

/// A sentence of a note, and whether it belongs to a list item.
pub(super) struct Segment {
    /// The sentence, with one space between words.
    pub(super) text: String,
    /// `true` for a sentence of a list item.
    pub(super) item: bool,
}

/// Paragraphs and list items (outside fenced code), cut into sentences.
pub(super) fn segments(text: &str) -> Vec<Segment> {
    let mut blocks: Vec<(String, bool)> = Vec::new();
    let mut current: Option<(String, bool)> = None;
    let mut fence = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            blocks.extend(current.take());
            continue;
        }
        if fence {
            continue;
        }
        if trimmed.is_empty() {
            blocks.extend(current.take());
            continue;
        }
        if let Some(rest) = LIST_MARKER.find(trimmed).map(|m| &trimmed[m.end()..]) {
            blocks.extend(current.take());
            current = Some((rest.to_string(), true));
        } else if trimmed.starts_with('#') || trimmed.starts_with('|') {
            blocks.extend(current.take());
            blocks.push((trimmed.to_string(), false));
        } else if let Some((text, item)) = &mut current {
            if starts_a_sentence(text, trimmed) {
                let item = *item;
                blocks.extend(current.take());
                current = Some((trimmed.to_string(), item));
            } else {
                text.push(' ');
                text.push_str(trimmed);
            }
        } else {
            current = Some((trimmed.to_string(), false));
        }
    }
    blocks.extend(current);

    let mut out = Vec::new();
    for (block, item) in blocks {
        // One space between words, so "deprecated.  It" splits like "deprecated. It".
        let block = block.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut start = 0;
        let bytes = block.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if !(b == b'.' || b == b';') || i + 2 >= bytes.len() || bytes[i + 1] != b' ' {
                continue;
            }
            let next = bytes[i + 2];
            let before = &block[start..i];
            let abbreviation = ["e.g", "i.e", "etc", "vs", "approx"]
                .iter()
                .any(|a| before.ends_with(a));
            if (next.is_ascii_uppercase() || next == b'`' || next == b'"') && !abbreviation {
                out.push(Segment {
                    text: block[start..=i].trim().to_string(),
                    item,
                });
                start = i + 2;
            }
        }
        let rest = block[start..].trim();
        if !rest.is_empty() {
            out.push(Segment {
                text: rest.to_string(),
                item,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences of `text`, list items marked with a leading `- `.
    fn cut(text: &str) -> Vec<String> {
        segments(text)
            .into_iter()
            .map(|s| {
                if s.item {
                    format!("- {}", s.text)
                } else {
                    s.text
                }
            })
            .collect()
    }

    #[test]
    fn sentences_of_notes() {
        let cases: &[(&str, &[&str])] = &[
            (
                "ACTION REQUIRED: Support for basic authentication via the --basic-auth-file flag has been removed.  Users should migrate to --token-auth-file for similar functionality.",
                &[
                    "ACTION REQUIRED: Support for basic authentication via the --basic-auth-file flag has been removed.",
                    "Users should migrate to --token-auth-file for similar functionality.",
                ],
            ),
            (
                "kubelet's --containerized flag was deprecated in 1.14. This flag is removed in 1.16.",
                &[
                    "kubelet's --containerized flag was deprecated in 1.14.",
                    "This flag is removed in 1.16.",
                ],
            ),
            // No cut after an abbreviation.
            (
                "APIServices with kube-like versions (e.g. `v1`, `v2beta1`, etc.) will be sorted appropriately within each group.",
                &["APIServices with kube-like versions (e.g. `v1`, `v2beta1`, etc.) will be sorted appropriately within each group."],
            ),
            (
                "`crds` is added as a shortname for CustomResourceDefinition i.e. `kubectl get crds` can now be used.",
                &["`crds` is added as a shortname for CustomResourceDefinition i.e. `kubectl get crds` can now be used."],
            ),
            (
                "`v1alpha3` has split apart `MasterConfiguration` into separate components; `InitConfiguration`, `ClusterConfiguration`, `JoinConfiguration`",
                &[
                    "`v1alpha3` has split apart `MasterConfiguration` into separate components;",
                    "`InitConfiguration`, `ClusterConfiguration`, `JoinConfiguration`",
                ],
            ),
            // Paragraphs are cut apart; lines of one paragraph are joined.
            (
                "`diskformat` storage class parameter for in-tree vSphere volume plugin is deprecated as of v1.21 release.\n\n\
                 Multi vCenter support is deprecated\nas of v1.21.",
                &[
                    "`diskformat` storage class parameter for in-tree vSphere volume plugin is deprecated as of v1.21 release.",
                    "Multi vCenter support is deprecated as of v1.21.",
                ],
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(cut(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_title_line_without_a_stop_is_a_sentence() {
        // #90896: the title names the gates promoted; the next line, the plugin deprecated.
        let text = "Feat: azure disk migration go beta in 1.19. Feature gates CSIMigration to Beta (on by default)\n  The in-tree AzureDisk plugin \"kubernetes.io/azure-disk\" is now deprecated and will be removed in 1.23.";
        assert_eq!(
            cut(text),
            [
                "Feat: azure disk migration go beta in 1.19.",
                "Feature gates CSIMigration to Beta (on by default)",
                "The in-tree AzureDisk plugin \"kubernetes.io/azure-disk\" is now deprecated and will be removed in 1.23.",
            ]
        );
        // #99732 in CHANGELOG-1.21: a removal, then on the next line a deprecation.
        assert_eq!(
            cut("Remove deprecated `--generator, --replicas` from `kubectl run`\n  Deprecate `--serviceaccount, --hostport` in `kubectl run`"),
            [
                "Remove deprecated `--generator, --replicas` from `kubectl run`",
                "Deprecate `--serviceaccount, --hostport` in `kubectl run`",
            ]
        );
        // A line that goes on with a lower-case word, or after a comma, is the same sentence.
        assert_eq!(
            cut("The `--foo` flag is deprecated and\nwill be removed, as\nKubernetes 1.8 says."),
            ["The `--foo` flag is deprecated and will be removed, as Kubernetes 1.8 says."]
        );
    }

    #[test]
    fn list_items_headings_and_code() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The following APIs are no longer served by default:\n\n\
                 - All resources under `apps/v1beta1` and `apps/v1beta2` - use `apps/v1` instead\n\
                 - `daemonsets`, `deployments` resources under `extensions/v1beta1`\n  - use `apps/v1` instead\n\n\
                 Serving these resources can be re-enabled using the `--runtime-config` apiserver flag.",
                &[
                    "The following APIs are no longer served by default:",
                    "- All resources under `apps/v1beta1` and `apps/v1beta2` - use `apps/v1` instead",
                    "- `daemonsets`, `deployments` resources under `extensions/v1beta1`",
                    "- use `apps/v1` instead",
                    "Serving these resources can be re-enabled using the `--runtime-config` apiserver flag.",
                ],
            ),
            (
                "Removed deprecated flags:\n1. `--enable-custom-metrics`\n2) `--cadvisor-port`\n+ `--experimental-fail-swap-on`",
                &[
                    "Removed deprecated flags:",
                    "- `--enable-custom-metrics`",
                    "- `--cadvisor-port`",
                    "- `--experimental-fail-swap-on`",
                ],
            ),
            (
                "Serving these resources can be re-enabled:\n```\n--runtime-config=apps/v1beta1=true. It\n```\nDone.",
                &["Serving these resources can be re-enabled:", "Done."],
            ),
            (
                "### Deprecations\nThe `--export` flag is deprecated.\n| flag | status |\n~~~\nnot read\n~~~",
                &[
                    "### Deprecations",
                    "The `--export` flag is deprecated.",
                    "| flag | status |",
                ],
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(cut(text), want, "{text:?}");
        }
    }
}
