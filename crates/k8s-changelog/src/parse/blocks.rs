//! Top-level Markdown blocks of a section body, found with pulldown-cmark: each list item of a
//! top-level list, and every other top-level block (paragraph, code, table, HTML, quote).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A top-level block, as a range of 0-based lines (both ends included, blank lines trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub(crate) first: usize,
    pub(crate) last: usize,
    /// A list item (a bullet), as opposed to any other block.
    pub(crate) item: bool,
}

/// Splits `text` (a section body that starts at line `first_line` of the file) into blocks.
/// `line_of` maps a byte offset of `text` to its 0-based line in `text`.
pub(crate) fn blocks(
    text: &str,
    first_line: usize,
    line_of: impl Fn(usize) -> usize,
) -> Vec<Block> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut in_list = false;
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    if matches!(tag, Tag::List(_)) {
                        in_list = true;
                    } else {
                        push(&mut out, text, &range, first_line, &line_of, false);
                    }
                } else if depth == 1 && in_list && matches!(tag, Tag::Item) {
                    push(&mut out, text, &range, first_line, &line_of, true);
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && matches!(tag, TagEnd::List(_)) {
                    in_list = false;
                }
            }
            Event::Rule
            | Event::Html(_)
            | Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
                if depth == 0 =>
            {
                push(&mut out, text, &range, first_line, &line_of, false);
            }
            _ => {}
        }
    }
    out
}

fn push(
    out: &mut Vec<Block>,
    text: &str,
    range: &std::ops::Range<usize>,
    first_line: usize,
    line_of: &impl Fn(usize) -> usize,
    item: bool,
) {
    let start = range.start.min(text.len());
    let mut end = range.end.min(text.len());
    // Trim trailing whitespace so that the block ends on its last non-blank line.
    while end > start && text.as_bytes()[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end <= start {
        return;
    }
    let first = first_line + line_of(start);
    let last = first_line + line_of(end - 1);
    // pulldown-cmark may report an HTML block's events piecemeal; merge overlapping ranges.
    if let Some(prev) = out.last_mut() {
        if !item && !prev.item && first <= prev.last {
            prev.last = prev.last.max(last);
            return;
        }
    }
    out.push(Block { first, last, item });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, want: &[(usize, usize, bool)]) {
        let idx = super::super::lines::LineIndex::new(text);
        let got: Vec<_> = blocks(text, 0, |o| idx.line_of(o))
            .iter()
            .map(|b| (b.first, b.last, b.item))
            .collect();
        assert_eq!(got, want, "{text:?}");
    }

    #[test]
    fn items_and_blocks() {
        check(
            "- a\n- b\n  more\n\n  para\n- c\n",
            &[(0, 0, true), (1, 4, true), (5, 5, true)],
        );
        check(
            "intro\n\n* x\n  * sub\n\n```\ncode\n```\n",
            &[(0, 0, false), (2, 3, true), (5, 7, false)],
        );
        check(
            "a | b\n--|--\n1 | 2\n\n<img src=x>\n",
            &[(0, 2, false), (4, 4, false)],
        );
        check("  * indented\nlazy\n", &[(0, 1, true)]);
    }
}
