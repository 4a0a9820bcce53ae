//! Note Markdown → HTML, safe for `innerHTML`. Note text comes from files anyone can edit, so:
//!
//! - raw HTML (block and inline) is emitted as escaped text, never as markup: `<script>` and
//!   `<img onerror=…>` show as the characters they are;
//! - link and image URLs must be `http:`, `https:`, `mailto:` or relative/fragment; any other
//!   scheme (`javascript:`, `data:`, `vbscript:`) becomes plain text;
//! - images are not loaded (a link to them is shown), so a note cannot make the browser fetch
//!   anything;
//! - pulldown-cmark's HTML writer escapes every text and attribute value.
//!
//! Markdown is rendered when a card is shown, never for the whole history at load time.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// Whether a link target may be rendered as a link.
pub fn safe_url(url: &str) -> bool {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.find(':') {
        // A colon before any `/`, `?` or `#` names a scheme.
        Some(colon) if !lower[..colon].contains(['/', '?', '#']) => {
            let scheme = &lower[..colon];
            scheme == "http" || scheme == "https" || scheme == "mailto"
        }
        _ => true,
    }
}

/// Renders Markdown to HTML that carries no script, event handler or dangerous URL.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut link_stack: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let ok = safe_url(&dest_url);
            link_stack.push(ok);
            ok.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) => link_stack.pop().unwrap_or(false).then_some(event),
        Event::Start(Tag::Image { dest_url, .. }) => {
            // Show the image's address as text instead of loading it.
            link_stack.push(false);
            Some(Event::Text(CowStr::from(format!("[image: {dest_url}] "))))
        }
        Event::End(TagEnd::Image) => {
            link_stack.pop();
            None
        }
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let html = render("Fix <script>window.pwned=1</script> and <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let block = render("<div onclick=\"x()\">\nhi\n</div>\n");
        assert!(!block.contains("<div"), "{block}");
    }

    #[test]
    fn dangerous_links_lose_their_href() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>x</script>",
            "vbscript:x",
        ] {
            let html = render(&format!("[click]({url})"));
            assert!(!html.contains("href"), "{url}: {html}");
            assert!(html.contains("click"), "{html}");
        }
        let html = render("[<javascript:alert(1)>]");
        assert!(!html.contains("href=\"javascript"), "{html}");
        let html = render("<javascript:alert(1)>");
        assert!(!html.contains("href"), "{html}");
    }

    #[test]
    fn ordinary_markdown_renders() {
        let html = render(
            "Fix `kubectl` ([#1](https://github.com/kubernetes/kubernetes/pull/1))\n\n- a\n- b",
        );
        assert!(html.contains("<code>kubectl</code>"));
        assert!(html.contains("href=\"https://github.com/kubernetes/kubernetes/pull/1\""));
        assert!(html.contains("<li>a</li>"));
        assert!(safe_url("#x") && safe_url("/docs/a:b") && safe_url("mailto:a@b"));
    }

    #[test]
    fn images_are_not_loaded() {
        let html = render("![x](https://evil.example/p.png) ![y](javascript:alert(1))");
        assert!(!html.contains("<img"), "{html}");
    }
}
