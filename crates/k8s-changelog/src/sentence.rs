//! A note's first sentence, the one rule for every title made from a note's text: the weekly
//! summary's entries and the CVE list's fallback titles.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// The first sentence of `text`'s first paragraph, on one line with its spaces collapsed,
/// without a trailing `.` or `:`. The paragraph is the first non-blank line and the lines that
/// continue it: not a blank line, a list item, a line after one that ends with `:` (what it
/// introduces is no part of the title), a line with the first line's label (`fix: …` after
/// `Fix: …`), or a capitalised line after a title without a full stop (`starts_a_sentence`,
/// the deprecation sentences' rule too: release-note authors often put a title on the first
/// line and the details below it without a full stop).
/// A sentence ends at ". ", but not at the "." of "e.g" or "i.e" (the next sentence may start
/// with a lower-case component name: "… is deprecated. kube-apiserver …").
///
/// Links are replaced by their text (`[kube-log-runner](https://…) is included` → `kube-log-runner
/// is included`): a title is shown as a link's text, which cannot hold another link, and a
/// link's URL is no words of the sentence.
pub fn first_sentence(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).skip_while(|l| l.is_empty());
    let first = lines.next().unwrap_or("");
    let first = LIST_MARKER.find(first).map_or(first, |m| &first[m.end()..]);
    // "Fix: skip …\n  fix: ensure …" (#104446): two changes, each with its label.
    let first_label = label(first);
    let mut paragraph = first.to_string();
    for line in lines {
        let item = LIST_MARKER.is_match(line);
        let introduces = paragraph.ends_with(':');
        let relabelled =
            first_label.is_some_and(|l| label(line).is_some_and(|m| l.eq_ignore_ascii_case(m)));
        if line.is_empty()
            || item
            || introduces
            || relabelled
            || starts_a_sentence(&paragraph, line)
        {
            break;
        }
        paragraph.push(' ');
        paragraph.push_str(line);
    }
    let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = links_as_text(&flat);
    let bytes = flat.as_bytes();
    let end = (0..bytes.len())
        .find(|&i| {
            bytes[i] == b'.'
                && bytes.get(i + 1) == Some(&b' ')
                && !flat[..i].ends_with("e.g")
                && !flat[..i].ends_with("i.e")
        })
        .unwrap_or(flat.len());
    flat[..end].trim().trim_end_matches(['.', ':']).to_string()
}

/// The one-word label a line starts with (`kubeadm` of "kubeadm: add …", `Fix` of "Fix: …").
fn label(line: &str) -> Option<&str> {
    let (word, _) = line.split_once(": ")?;
    let is_word = !word.is_empty()
        && word.len() <= 24
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    is_word.then_some(word)
}

/// A list item's marker at the start of a trimmed line: `-`, `*`, `+`, `1.` or `1)`, and the
/// space after it.
pub(crate) static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-*+]|\d+[.)])\s+").expect("list marker regex"));

/// Whether `line` starts a sentence of its own after `text`, a title without a final stop:
/// "Feat: azure disk migration go beta in 1.19. Feature gates CSIMigration to Beta (…)" then,
/// on the next line, "The in-tree AzureDisk plugin … is now deprecated" (#90896). A line that
/// starts with a capitalised word after one that ends with a bracket, a backtick or a word that does not
/// call for another (not "and", "in", "the").
pub(crate) fn starts_a_sentence(text: &str, line: &str) -> bool {
    let mut start = line.chars();
    let capitalised = start.next().is_some_and(|c| c.is_ascii_uppercase())
        && start.next().is_some_and(|c| c.is_ascii_lowercase());
    let text = text.trim_end();
    let unfinished = text.ends_with(|c: char| c.is_ascii_alphanumeric() || c == ')' || c == '`');
    // "… will be removed in\nKubernetes 1.8": a line that ends with a word that needs one after it.
    let last = text.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
    let joining = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "of", "on",
        "or", "the", "to", "use", "using", "via", "will", "with",
    ]
    .contains(&last.as_str());
    capitalised && unfinished && !joining
}

/// [`first_sentence`] cut to about `max` characters at a word boundary (with `…` when cut).
pub fn title(text: &str, max: usize) -> String {
    let sentence = first_sentence(text);
    if sentence.chars().count() <= max {
        return sentence;
    }
    let mut out = String::new();
    for word in sentence.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// `line` with each link (inline, reference or autolink) and image replaced by the Markdown
/// of its text; everything else stays as written.
fn links_as_text(line: &str) -> Cow<'_, str> {
    if !line.contains(['[', '<']) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    // The open link: where it starts, and the span of the events inside it.
    let mut open: Option<(usize, Option<(usize, usize)>)> = None;
    let mut depth = 0usize;
    for (event, range) in Parser::new(line).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                if depth == 0 {
                    open = Some((range.start, None));
                }
                depth += 1;
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some((start, inner)) = open.take() {
                        out.push_str(&line[copied..start]);
                        if let Some((a, b)) = inner {
                            out.push_str(&line[a..b]);
                        }
                        copied = range.end;
                    }
                }
            }
            _ if depth > 0 => {
                if let Some((_, inner)) = open.as_mut() {
                    let (a, b) = inner.get_or_insert((range.start, range.end));
                    *a = (*a).min(range.start);
                    *b = (*b).max(range.end);
                }
            }
            _ => {}
        }
    }
    if copied == 0 {
        return Cow::Borrowed(line);
    }
    out.push_str(&line[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentences() {
        assert_eq!(
            first_sentence("Remove basic auth. It was insecure."),
            "Remove basic auth"
        );
        // A wrapped line continues the sentence, spaces collapsed; a capitalised line after a
        // title without a full stop starts another, as does a list item or a blank line.
        assert_eq!(
            first_sentence("\nFixes CVE-2021-1 in the\nYAML  parser. More."),
            "Fixes CVE-2021-1 in the YAML parser"
        );
        assert_eq!(
            first_sentence("Memory QoS with cgroups v2 (Alpha)\nThe MemoryQoS feature is new."),
            "Memory QoS with cgroups v2 (Alpha)"
        );
        assert_eq!(
            first_sentence("Metrics changed:\n- a\n- b"),
            "Metrics changed"
        );
        assert_eq!(
            first_sentence("Metrics turned off:\n`a_count`\n`b_count`"),
            "Metrics turned off"
        );
        assert_eq!(first_sentence("- a list first\n- b"), "a list first");
        assert_eq!(
            first_sentence("Fix: skip case sensitivity\n  fix: ensure a return value"),
            "Fix: skip case sensitivity"
        );
        assert_eq!(
            first_sentence("kubeadm: retry the upload\nof the config: it can fail"),
            "kubeadm: retry the upload of the config: it can fail"
        );
        assert_eq!(first_sentence(""), "");
        assert_eq!(
            first_sentence("Graduated to beta. 1.19 servers differ."),
            "Graduated to beta"
        );
        assert_eq!(
            first_sentence("Fixes CVE-2019-11253, e.g. for YAML. Also more.\nText."),
            "Fixes CVE-2019-11253, e.g. for YAML"
        );
        assert_eq!(
            first_sentence("Patch CVE-2016-8859 in alpine based images:\n  * - gcr.io/a\n"),
            "Patch CVE-2016-8859 in alpine based images"
        );
        assert_eq!(
            first_sentence("The `--kubelet-https` flag is deprecated. kube-apiserver now…"),
            "The `--kubelet-https` flag is deprecated"
        );
        assert_eq!(
            first_sentence("Updates the following images to pick up CVE fixes:"),
            "Updates the following images to pick up CVE fixes"
        );
        let long = "word ".repeat(40);
        let t = title(&long, 20);
        assert!(t.ends_with('…') && t.chars().count() <= 21, "{t}");
    }

    #[test]
    fn links_become_their_text() {
        // CHANGELOG-1.23.md, #106123: the title was "…", the link alone longer than 80.
        let text = "[kube-log-runner](https://github.com/kubernetes/kubernetes/tree/master/staging/src/k8s.io/component-base/logs/kube-log-runner) is included in release tar balls. It can be used to replace the deprecated `--log-file` parameter.";
        assert_eq!(
            title(text, 80),
            "kube-log-runner is included in release tar balls"
        );
        assert_eq!(
            first_sentence("Use [`kubectl debug`](https://k8s.io/x) and <https://k8s.io/y> now"),
            "Use `kubectl debug` and https://k8s.io/y now"
        );
        assert_eq!(
            first_sentence("Fix `a[0]` and [x] alone"),
            "Fix `a[0]` and [x] alone"
        );
    }
}
