//! A note's first sentence as a title: plain enough to sit inside a Markdown link.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::borrow::Cow;

/// The first sentence of `text` (up to the first ". " or line break), trimmed to about
/// `max` characters at a word boundary.
///
/// Links are replaced by their text (`[kube-log-runner](https://…) is included` → `kube-log-runner
/// is included`): a title is shown as a link's text, which cannot hold another link, and a
/// link's URL is no words of the sentence.
pub fn first_sentence(text: &str, max: usize) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let line = links_as_text(line);
    let line = line.trim();
    let sentence = match line.find(". ") {
        Some(i) => &line[..i],
        None => line.trim_end_matches('.'),
    };
    if sentence.chars().count() <= max {
        return sentence.to_string();
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
            first_sentence("Remove basic auth. It was insecure.", 80),
            "Remove basic auth"
        );
        assert_eq!(
            first_sentence("kube-apiserver: use SO_REUSEPORT\nmore", 80),
            "kube-apiserver: use SO_REUSEPORT"
        );
        let long = "word ".repeat(40);
        let t = first_sentence(&long, 20);
        assert!(t.ends_with('…') && t.chars().count() <= 21, "{t}");
    }

    #[test]
    fn links_become_their_text() {
        // CHANGELOG-1.23.md, #106123: the title was "…", the link alone longer than 80.
        let text = "[kube-log-runner](https://github.com/kubernetes/kubernetes/tree/master/staging/src/k8s.io/component-base/logs/kube-log-runner) is included in release tar balls. It can be used to replace the deprecated `--log-file` parameter.";
        assert_eq!(
            first_sentence(text, 80),
            "kube-log-runner is included in release tar balls"
        );
        assert_eq!(
            first_sentence(
                "Use [`kubectl debug`](https://k8s.io/x) and <https://k8s.io/y> now",
                80
            ),
            "Use `kubectl debug` and https://k8s.io/y now"
        );
        assert_eq!(
            first_sentence("Fix `a[0]` and [x] alone", 80),
            "Fix `a[0]` and [x] alone"
        );
    }
}
