//! A note card as one HTML string: its Markdown (`markdown::render`), PR and author links,
//! badges and the releases it shipped in. The browser parses a page of cards in one
//! `innerHTML` instead of the twenty-odd element creations and listener registrations a
//! virtual-DOM card costs, and the notes view caches each card's string (`Data::card_html`): a
//! search keystroke that brings thirty other notes into view costs thirty string look-ups and
//! one `innerHTML`.
//!
//! Every value is escaped (`escape`); the buttons carry what they do as data attributes
//! (`data-act`, `data-v`), which the one click listener around the cards turns into an
//! [`Action`] ([`action`]).

use crate::markdown;
use crate::state::Action;
use k8s_changelog::{links, Note};
use std::fmt::Write;

/// `text` with `&`, `<`, `>`, `"` and `'` escaped: safe as element text and as a quoted
/// attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A button whose click the card turns into an action (`data-act`, `data-v`).
fn button(out: &mut String, class: &str, title: Option<&str>, act: &str, value: &str, label: &str) {
    let _ = write!(
        out,
        "<button class=\"{class}\" data-act=\"{act}\" data-v=\""
    );
    escape_into(out, value);
    out.push('"');
    if let Some(title) = title {
        let _ = write!(out, " title=\"{title}\"");
    }
    out.push('>');
    escape_into(out, label);
    out.push_str("</button>");
}

/// A note's card: an `<article class="card">` (`urgent` when the note requires action, its
/// own PR in `data-pr`) with the Markdown, the meta line (PRs, authors, badges that filter,
/// CVEs) and the releases to show.
pub fn card_html(note: &Note, releases: &[String]) -> String {
    let body = markdown::render(&note.text);
    let mut out = String::with_capacity(body.len() + 400);
    let urgent = if note.action_required { " urgent" } else { "" };
    let pr = note.pr().map(|p| p.to_string()).unwrap_or_default();
    let _ = write!(out, "<article class=\"card{urgent}\" data-pr=\"{pr}\">");
    out.push_str("<div class=\"md\">");
    out.push_str(&body);
    out.push_str("</div><div class=\"meta\">");
    for pr in &note.prs {
        let _ = write!(
            out,
            "<a class=\"pr\" href=\"{}\" rel=\"noopener noreferrer\">#{pr}</a>",
            escape(&links::pr_url(*pr))
        );
    }
    for a in &note.authors {
        out.push_str("<a class=\"author\" href=\"");
        escape_into(&mut out, &links::author_url(a));
        out.push_str("\" rel=\"noopener noreferrer\">@");
        escape_into(&mut out, a);
        out.push_str("</a>");
    }
    if let Some(k) = note.kind {
        let label = k.label();
        let title = Some("Filter on this kind");
        button(&mut out, "badge kind", title, "kind", label, label);
    }
    for s in &note.sigs {
        let title = Some("Filter on this SIG");
        button(&mut out, "badge sig", title, "sig", s, &format!("sig/{s}"));
    }
    if let Some(c) = &note.component {
        button(&mut out, "badge component", None, "component", c, c);
    }
    if note.action_required {
        out.push_str("<span class=\"badge action\">action required</span>");
    }
    for c in &note.cves {
        out.push_str("<span class=\"badge cve\">");
        escape_into(&mut out, c);
        out.push_str("</span>");
    }
    out.push_str("</div><div class=\"shipped\">Shipped in ");
    for r in releases {
        button(&mut out, "chip", None, "release", r, r);
    }
    out.push_str("</div></article>");
    out
}

/// A facet's button (`facet` class): `label` and its `count`, pressed when `on`; a click
/// toggles `act`'s `value` through [`action`], as a card's badge does.
pub fn facet(out: &mut String, act: &str, value: &str, label: &str, count: usize, on: bool) {
    let _ = write!(
        out,
        "<button class=\"facet\" aria-pressed=\"{on}\" data-act=\"{act}\" data-v=\""
    );
    escape_into(out, value);
    out.push_str("\">");
    escape_into(out, label);
    let _ = write!(out, "<span class=\"count\">{count}</span></button>");
}

/// The action of a card's button, from its `data-act` and `data-v`; `None` for anything else.
pub fn action(act: &str, value: &str) -> Option<Action> {
    Some(match act {
        "kind" => Action::ToggleKind(k8s_changelog::query::parse_kind(value).ok()?),
        "sig" => Action::ToggleSig(value.to_string()),
        "component" => Action::ToggleComponent(value.to_string()),
        "release" => Action::OpenRelease(value.to_string()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_changelog::Kind;

    fn note() -> Note {
        let log = "# v1.22.1\n\n## Changes by Kind\n\n### Deprecation\n\n\
            - Kubelet: deprecate `--x` ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]\n";
        let history = k8s_changelog::History::new(k8s_changelog::parse(log, "CHANGELOG-1.22.md"));
        history.releases()[0].notes[0].clone()
    }

    #[test]
    fn a_facet_button_is_escaped_and_toggles_its_value() {
        let mut out = String::new();
        facet(&mut out, "sig", "<x\"y>", "<x\"y>", 3, true);
        assert_eq!(
            out,
            "<button class=\"facet\" aria-pressed=\"true\" data-act=\"sig\" data-v=\"&lt;x&quot;y&gt;\">&lt;x&quot;y&gt;<span class=\"count\">3</span></button>"
        );
        assert_eq!(
            action("sig", "<x\"y>"),
            Some(Action::ToggleSig("<x\"y>".into()))
        );
        let mut out = String::new();
        facet(
            &mut out,
            "kind",
            Kind::Bug.label(),
            Kind::Bug.label(),
            0,
            false,
        );
        assert!(out.contains("aria-pressed=\"false\""), "{out}");
        assert_eq!(
            action("kind", Kind::Bug.label()),
            Some(Action::ToggleKind(Kind::Bug))
        );
    }

    #[test]
    fn a_card_has_the_markdown_links_badges_and_releases() {
        let html = card_html(&note(), &["v1.22.0".into(), "v1.22.1".into()]);
        assert!(
            html.starts_with("<article class=\"card\" data-pr=\"1\">"),
            "{html}"
        );
        assert!(html.ends_with("</article>"), "{html}");
        assert!(html.contains("<code>--x</code>"), "{html}");
        assert!(
            html.contains("href=\"https://github.com/kubernetes/kubernetes/pull/1\""),
            "{html}"
        );
        assert!(html.contains(">@a</a>"), "{html}");
        assert!(
            html.contains("data-act=\"kind\" data-v=\"deprecation\""),
            "{html}"
        );
        assert!(html.contains("data-act=\"sig\" data-v=\"node\""), "{html}");
        assert!(
            html.contains("data-act=\"release\" data-v=\"v1.22.1\""),
            "{html}"
        );
    }

    #[test]
    fn every_value_is_escaped() {
        let mut n = note();
        n.sigs = vec!["x\" onclick=\"alert(1)".into()];
        n.component = Some("<script>".into());
        n.cves = vec!["<img src=x>".into()];
        n.authors = vec!["a\"><script>".into()];
        n.action_required = true;
        let html = card_html(&n, &["v1\"><b>".into()]);
        assert!(html.starts_with("<article class=\"card urgent\""), "{html}");
        assert!(!html.contains("\" onclick"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert_eq!(escape("a&<>\"'"), "a&amp;&lt;&gt;&quot;&#39;");
    }

    #[test]
    fn buttons_turn_into_actions() {
        assert_eq!(
            action("kind", "deprecation"),
            Some(Action::ToggleKind(Kind::Deprecation))
        );
        assert_eq!(
            action("sig", "node"),
            Some(Action::ToggleSig("node".into()))
        );
        assert_eq!(
            action("component", "kubelet"),
            Some(Action::ToggleComponent("kubelet".into()))
        );
        assert_eq!(
            action("release", "v1.22.1"),
            Some(Action::OpenRelease("v1.22.1".into()))
        );
        assert_eq!(action("kind", "nonsense"), None);
        assert_eq!(action("other", "x"), None);
    }
}
