//! The parser: a line pre-pass splits releases and sections, pulldown-cmark reads the Markdown
//! inside note and prose sections, and regexes pick the references out of each note.
//!
//! Every non-blank line of a release ends up in exactly one place of the model (a note, a prose
//! block, a table row, a dependency, an advisory, a heading, a layout line) or in `unaccounted`.

mod advisory;
mod artifacts;
mod blocks;
mod bullets;
mod dependencies;
mod lines;
mod modules;
mod note;
mod reference;
#[cfg(test)]
mod reference_oracle;
mod release;
mod section;
mod skeleton;
mod version_lines;

use crate::model::{Changelog, Diagnostic, Preamble, Severity};
use crate::ParseOptions;
pub(crate) use dependencies::prose_facts;
use lines::LineIndex;
pub(crate) use note::{component, cves_in};
#[cfg(fuzzing)]
pub use skeleton::skeleton_keeps_blocks;

/// Diagnostics beyond this many per input are summarised in one line.
const MAX_DIAGNOSTICS: usize = 200;

pub(crate) fn parse_document(text: &str, options: &ParseOptions<'_>) -> Changelog {
    let lines = LineIndex::new(text);
    let headings = lines::headings(&lines);
    let mut log = Changelog::default();
    let mut diagnostics = Vec::new();

    // (first line, tag) of every release.
    let mut starts: Vec<(usize, String, bool)> = Vec::new();
    if let Some(version) = options.version {
        if crate::parse_tag(version).is_ok() {
            starts.push((0, version.to_string(), false));
        } else {
            diagnostics.push(diagnostic(
                options.file,
                1,
                Severity::Error,
                format!("`{version}` is not a version tag such as v1.22.0"),
            ));
        }
    } else {
        for h in headings.iter().filter(|h| h.level == 1) {
            if let Some(tag) = release_tag(h.text) {
                starts.push((h.line, tag.to_string(), true));
            }
        }
    }

    // Lines before the first release (all of them, when there is none) are the preamble.
    let first_release = starts.first().map_or(lines.len(), |s| s.0);
    if starts.is_empty() {
        diagnostics.push(diagnostic(
            options.file,
            1,
            Severity::Error,
            "no release heading (`# vX.Y.Z`) found; for a release-notes draft, name its version"
                .into(),
        ));
        if let Some(span) = span_of_non_blank(&lines, first_release, options.file) {
            log.preambles.push(span);
        }
    } else if let Some(span) = preamble(&lines, first_release, options.file, &mut diagnostics) {
        log.preambles.push(span);
    }

    let mut scratch = release::Scratch::default();
    for (i, (start, tag, has_heading)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(lines.len(), |s| s.0);
        // Headings are in line order: find this release's slice by binary search, so that
        // many releases cost no more than few.
        let from = headings.partition_point(|h| h.line < *start);
        let to = headings.partition_point(|h| h.line < end);
        let input = release::ReleaseInput {
            lines: &lines,
            headings: &headings[from..to],
            start: *start,
            end,
            tag,
            has_heading: *has_heading,
            file: options.file,
            index: log.releases.len(),
        };
        log.releases
            .push(release::build(input, &mut diagnostics, &mut scratch));
    }
    scratch.read_versions(&mut log.releases);

    if diagnostics.len() > MAX_DIAGNOSTICS {
        let dropped = diagnostics.len() - MAX_DIAGNOSTICS;
        diagnostics.truncate(MAX_DIAGNOSTICS);
        diagnostics.push(diagnostic(
            options.file,
            1,
            Severity::Warning,
            format!("{dropped} more diagnostics not shown"),
        ));
    }
    log.diagnostics = diagnostics;
    log.sort();
    log
}

pub(crate) fn diagnostic(file: &str, line: u32, severity: Severity, message: String) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line,
        severity,
        message,
    }
}

/// The tag of a `# v1.22.0` heading (`# [v1.22.0](link)` too).
pub(crate) fn release_tag(heading: &str) -> Option<&str> {
    let t = heading.trim().trim_start_matches('[');
    let end = t.find([']', ' ', '(']).unwrap_or(t.len());
    let tag = &t[..end];
    (tag.starts_with('v') && crate::parse_tag(tag).is_ok()).then_some(tag)
}

/// The lines before the first release: a generated table of contents. Anything else there is
/// reported, since it belongs to no release.
fn preamble(
    lines: &LineIndex<'_>,
    first_release: usize,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Preamble> {
    let span = span_of_non_blank(lines, first_release, file)?;
    let odd: Vec<usize> = (0..first_release)
        .filter(|&i| !lines.is_blank(i) && !is_toc_line(lines.line(i)))
        .collect();
    if let Some(&line) = odd.first() {
        diagnostics.push(diagnostic(
            file,
            line as u32 + 1,
            Severity::Warning,
            format!(
                "{} line(s) of text before the first release heading",
                odd.len()
            ),
        ));
    }
    Some(span)
}

/// The span from the first to the last non-blank line before line `end`.
fn span_of_non_blank(lines: &LineIndex<'_>, end: usize, file: &str) -> Option<Preamble> {
    let first = (0..end).find(|&i| !lines.is_blank(i))?;
    let last = (0..end).rev().find(|&i| !lines.is_blank(i))?;
    Some(Preamble {
        file: file.to_string(),
        line: first as u32 + 1,
        end_line: last as u32 + 1,
    })
}

fn is_toc_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("<!--") || ((t.starts_with("- [") || t.starts_with("* [")) && t.contains("](#"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_images_under_downloads() {
        let text = "# v1.24.1\n\n## Downloads for v1.24.1\n\n### Container Images\n\n\
name | architectures\n---- | -------------\n\
[registry.k8s.io/kube-apiserver:v1.24.1](https://console.cloud.google.com/gcr/images/k8s-artifacts-prod/us/kube-apiserver) | [amd64](https://x/a), [arm64](https://x/b)\n\n\
## Changelog since v1.24.0\n";
        let log = crate::parse(text, "CHANGELOG-1.24.md");
        let release = &log.releases[0];
        assert_eq!(release.images.len(), 1);
        assert_eq!(
            release.images[0].name,
            "registry.k8s.io/kube-apiserver:v1.24.1"
        );
        assert_eq!(release.images[0].architectures, ["amd64", "arm64"]);
        assert_eq!(release.images[0].line, 9);
        assert_eq!(release.layout_lines, [7, 8]);
        assert!(release.unaccounted.is_empty());
        assert_eq!(release.previous.as_deref(), Some("v1.24.0"));
    }

    #[test]
    fn a_cve_in_the_prose_is_the_releases() {
        let text = "# v1.13.0\n\n## Security Content\n\n\
- CVE-2018-1002105, a critical security issue in the Kubernetes API Server, is resolved in v1.13.0.\n\n\
## Known Issues\n\n- None.\n";
        let log = crate::parse(text, "CHANGELOG-1.13.md");
        let release = &log.releases[0];
        assert!(release.notes.is_empty());
        assert_eq!(release.cves, ["CVE-2018-1002105"]);
    }

    #[test]
    fn a_bullet_runs_on_past_its_examples_to_its_fallen_out_reference() {
        // CHANGELOG-1.10.md, lines 1282–1334 (the YAML examples cut short): the bullet ends at
        // "For example:", six paragraphs and four code blocks at column 0 follow, then its PR.
        let text = "# v1.10.0\n\n## Before Upgrading\n\n\
* kube-proxy: feature gates are now specified as a map when provided via a JSON or YAML KubeProxyConfiguration, rather than as a string of key-value pairs. For example:\n\n\
KubeProxyConfiguration Before:\n\n```\n**featureGates: \"SupportIPVSProxyMode=true\"**\n```\n\n\
KubeProxyConfiguration After:\n\n```\n**featureGates:**\n**  SupportIPVSProxyMode: true**\n```\n\n\
If your cluster was installed by kubeadm, you should edit the `featureGates` field in the `kubeadm-config` ConfigMap.\n\n\
kubeadm-config Before:\n\n```\n        featureGates: \"SupportIPVSProxyMode=true\"\n```\n\n\
kubeadm-config After:\n\n```\n        featureGates:\n          SupportIPVSProxyMode: true\n```\n\n\
If no featureGates was specified in `kubeadm-config`, just change `featureGates: \"\"` to `featureGates: {}`.\n\n\
([#57962](https://github.com/kubernetes/kubernetes/pull/57962), [@xiangpengzhao](https://github.com/xiangpengzhao))\n\n\
* The `kubeletconfig` API group has graduated from alpha to beta. ([#53833](https://github.com/kubernetes/kubernetes/pull/53833), [@mtaufen](https://github.com/mtaufen))\n";
        let log = crate::parse(text, "CHANGELOG-1.10.md");
        let release = &log.releases[0];
        let notes: Vec<_> = release
            .notes
            .iter()
            .map(|n| (n.line, n.end_line, n.prs.clone()))
            .collect();
        assert_eq!(notes, [(5, 37, vec![57962]), (39, 39, vec![53833])]);
        assert!(release.notes[0].text.contains("featureGates: {}"));
        assert!(release.prose.is_empty(), "{:?}", release.prose);
    }

    #[test]
    fn a_loose_list_under_a_one_word_head_is_one_note_per_sub_bullet() {
        // CHANGELOG-1.16.md, lines 1600–1620 (two of the four sub-bullets of the first left
        // out): a blank line parts "- API" from its sub-bullets; the two after #70672's have no
        // reference of their own.
        let text = r#"# v1.16.0

## Deprecations and Removals

- API

  - The following APIs are no longer served by default:

    - All resources under `apps/v1beta1` and `apps/v1beta2` - use `apps/v1` instead
    - `daemonsets`, `deployments`, `replicasets` resources under `extensions/v1beta1` - use `apps/v1` instead

    Serving these resources can be temporarily re-enabled using the `--runtime-config` apiserver flag.

    - `apps/v1beta1=true`
    - `apps/v1beta2=true`
    - `extensions/v1beta1/daemonsets=true,extensions/v1beta1/deployments=true,extensions/v1beta1/replicasets=true,extensions/v1beta1/networkpolicies=true,extensions/v1beta1/podsecuritypolicies=true`

    The ability to serve these resources will be completely removed in v1.18. ([#70672](https://github.com/kubernetes/kubernetes/pull/70672), [@liggitt](https://github.com/liggitt))

  - Ingress resources will no longer be served from `extensions/v1beta1` in v1.20. Migrate use to the `networking.k8s.io/v1beta1` API, available since v1.14. Existing persisted data can be retrieved via the `networking.k8s.io/v1beta1` API.
  - PriorityClass resources will no longer be served from `scheduling.k8s.io/v1beta1` and `scheduling.k8s.io/v1alpha1` in v1.17. Migrate to the `scheduling.k8s.io/v1` API, available since v1.14. Existing persisted data can be retrieved via the `scheduling.k8s.io/v1` API.
"#;
        let log = crate::parse(text, "CHANGELOG-1.16.md");
        let notes: Vec<_> = log.releases[0]
            .notes
            .iter()
            .map(|n| (n.line, n.end_line, n.prs.clone()))
            .collect();
        assert_eq!(
            notes,
            [(7, 18, vec![70672]), (20, 20, vec![]), (21, 21, vec![])]
        );
        assert!(log.releases[0].notes[2].text.starts_with("PriorityClass"));
    }

    #[test]
    fn release_tags() {
        assert_eq!(release_tag("v1.22.0"), Some("v1.22.0"));
        assert_eq!(release_tag("v1.2.0-alpha.8"), Some("v1.2.0-alpha.8"));
        assert_eq!(release_tag("[v1.0.0](https://x)"), Some("v1.0.0"));
        assert_eq!(release_tag("Release notes for v1.20.0"), None);
        assert_eq!(release_tag("v1.22"), None);
    }
}
