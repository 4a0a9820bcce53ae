//! A note's first sentence, the one rule for every title made from a note's text: the weekly
//! summary's entries and the CVE list's fallback titles.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::borrow::Cow;

/// The first sentence of `text`'s first non-blank line, without a trailing `.` or `:` and
/// with its spaces collapsed. A sentence ends at ". ", but not at the "." of "e.g" or "i.e"
/// (the next sentence may start with a lower-case component name: "… is deprecated.
/// kube-apiserver …"). A line break ends it too: release-note authors put a title on the
/// first line and the details below it, often without a full stop.
///
/// Links are replaced by their text (`[kube-log-runner](https://…) is included` → `kube-log-runner
/// is included`): a title is shown as a link's text, which cannot hold another link, and a
/// link's URL is no words of the sentence.
pub fn first_sentence(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let flat = line.split_whitespace().collect::<Vec<_>>().join(" ");
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
        // The first non-blank line, its spaces collapsed; a line break ends the sentence.
        assert_eq!(
            first_sentence("\nkube-apiserver: use  SO_REUSEPORT\nmore"),
            "kube-apiserver: use SO_REUSEPORT"
        );
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
