//! The release note a Kubernetes PR body carries in a ```` ```release-note ```` fenced block
//! (the PR template's), read with pulldown-cmark.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// The text of the first `release-note` (or `release-note-action-required`) fenced block of
/// `body`, trimmed; `None` when there is none, or it says `NONE`/`N/A` or is empty.
///
/// ```
/// use k8s_changelog::merges::release_note_block;
/// let body = "#### What this PR does\n\nStuff.\n\n```release-note\nkubectl: fix a leak\n```\n";
/// assert_eq!(release_note_block(body).as_deref(), Some("kubectl: fix a leak"));
/// assert_eq!(release_note_block("```release-note\nNONE\n```"), None);
/// ```
pub fn release_note_block(body: &str) -> Option<String> {
    let mut inside = false;
    let mut text = String::new();
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = info.split_whitespace().next().unwrap_or("");
                inside = lang.eq_ignore_ascii_case("release-note")
                    || lang.eq_ignore_ascii_case("release-note-action-required");
            }
            Event::Text(t) if inside => text.push_str(&t),
            Event::End(TagEnd::CodeBlock) if inside => break,
            _ => {}
        }
    }
    let text = text.trim();
    let empty = text.is_empty()
        || ["none", "n/a", "na", "\"none\""]
            .iter()
            .any(|n| text.eq_ignore_ascii_case(n));
    (!empty).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks() {
        let cases = [
            (
                "```release-note\nAdd a flag.\nSecond line.\n```",
                Some("Add a flag.\nSecond line."),
            ),
            (
                "```release-note\r\nWindows line ends\r\n```\r\n",
                Some("Windows line ends"),
            ),
            ("```\nnot a note\n```\n```release-note\nNone\n```", None),
            (
                "```release-note-action-required\nACTION REQUIRED: x\n```",
                Some("ACTION REQUIRED: x"),
            ),
            ("no block at all", None),
            ("```docs\nKEP link\n```", None),
            ("```release-note\n\n```", None),
        ];
        for (body, expected) in cases {
            assert_eq!(release_note_block(body).as_deref(), expected, "{body:?}");
        }
    }
}
