//! Top-level Markdown blocks of a section body, found with pulldown-cmark: each item of a
//! top-level list, with the tree of its sub-bullets, and every other top-level block
//! (paragraph, code, table, HTML, quote).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A range of 0-based lines, both ends included, trailing blank lines trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) first: usize,
    pub(crate) last: usize,
}

/// A list item and the items of the lists nested in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub(crate) span: Span,
    pub(crate) children: Vec<Item>,
}

/// A top-level block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// For a bullet, its item tree; `children` is empty for other blocks.
    pub(crate) tree: Item,
    /// A list item (a bullet), as opposed to any other block.
    pub(crate) item: bool,
    /// A code block (fenced or indented), as opposed to any other block.
    pub(crate) code: bool,
}

impl Block {
    pub(crate) fn span(&self) -> Span {
        self.tree.span
    }
}

/// Splits `text` (a section body that starts at line `first_line` of the file) into blocks.
/// `line_of` maps a byte offset of `text` to its 0-based line in `text`.
#[cfg(any(test, fuzzing))]
pub(crate) fn blocks(
    text: &str,
    first_line: usize,
    line_of: impl Fn(usize) -> usize,
) -> Vec<Block> {
    let mut out = Vec::new();
    blocks_into(text, first_line, line_of, &mut out);
    out
}

/// [`blocks`] into `out` (cleared first), so that one buffer serves every section.
pub(crate) fn blocks_into(
    text: &str,
    first_line: usize,
    line_of: impl Fn(usize) -> usize,
    out: &mut Vec<Block>,
) {
    out.clear();
    let mut depth = 0usize;
    // Items open around the current event: the path from the top-level item down.
    let mut items: Vec<Item> = Vec::new();
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    let span_of = |range: &std::ops::Range<usize>| span(text, range, first_line, &line_of);
    for (event, range) in parser {
        match event {
            Event::Start(tag) => {
                match tag {
                    Tag::Item if depth == 1 || !items.is_empty() => {
                        let span = span_of(&range).unwrap_or(Span { first: 0, last: 0 });
                        items.push(Item {
                            span,
                            children: Vec::new(),
                        });
                    }
                    Tag::List(_) => {}
                    Tag::CodeBlock(_) if depth == 0 => push_block(out, span_of(&range), true),
                    _ if depth == 0 => push_block(out, span_of(&range), false),
                    _ => {}
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if matches!(tag, TagEnd::Item) {
                    if let Some(done) = items.pop() {
                        match items.last_mut() {
                            Some(parent) => parent.children.push(done),
                            None => push_item(out, done),
                        }
                    }
                }
            }
            Event::Rule
            | Event::Html(_)
            | Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
                if depth == 0 =>
            {
                push_block(out, span_of(&range), false)
            }
            _ => {}
        }
    }
    // An unbalanced event stream still leaves every item placed.
    while let Some(done) = items.pop() {
        match items.last_mut() {
            Some(parent) => parent.children.push(done),
            None => push_item(out, done),
        }
    }
}

fn span(
    text: &str,
    range: &std::ops::Range<usize>,
    first_line: usize,
    line_of: &impl Fn(usize) -> usize,
) -> Option<Span> {
    let start = range.start.min(text.len());
    let mut end = range.end.min(text.len());
    while end > start && text.as_bytes()[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    (end > start).then(|| Span {
        first: first_line + line_of(start),
        last: first_line + line_of(end - 1),
    })
}

fn push_item(out: &mut Vec<Block>, item: Item) {
    out.push(Block {
        tree: item,
        item: true,
        code: false,
    });
}

fn push_block(out: &mut Vec<Block>, span: Option<Span>, code: bool) {
    let Some(span) = span else { return };
    // pulldown-cmark may report one HTML block piecemeal; merge overlapping ranges.
    if let Some(prev) = out.last_mut() {
        if !prev.item && span.first <= prev.tree.span.last {
            prev.tree.span.last = prev.tree.span.last.max(span.last);
            return;
        }
    }
    out.push(Block {
        tree: Item {
            span,
            children: Vec::new(),
        },
        item: false,
        code,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(item: &Item) -> String {
        let kids: Vec<String> = item.children.iter().map(show).collect();
        if kids.is_empty() {
            format!("{}-{}", item.span.first, item.span.last)
        } else {
            format!("{}-{}[{}]", item.span.first, item.span.last, kids.join(" "))
        }
    }

    fn check(text: &str, want: &[&str]) {
        let idx = super::super::lines::LineIndex::new(text);
        let got: Vec<String> = blocks(text, 0, |o| idx.line_of(o))
            .iter()
            .map(|b| format!("{}{}", if b.item { "*" } else { "" }, show(&b.tree)))
            .collect();
        assert_eq!(got, want, "{text:?}");
    }

    #[test]
    fn items_and_blocks() {
        check(
            "- a\n- b\n  more\n\n  para\n- c\n",
            &["*0-0", "*1-4", "*5-5"],
        );
        check(
            "intro\n\n* x\n  * sub\n    * subsub\n  * sub2\n\n```\ncode\n```\n",
            &["0-0", "*2-5[3-4[4-4] 5-5]", "7-9"],
        );
        check("- loose\n\n  - child\n\n- next\n", &["*0-2[2-2]", "*4-4"]);
        check("a | b\n--|--\n1 | 2\n\n<img src=x>\n", &["0-2", "4-4"]);
        check("  * indented\nlazy\n", &["*0-1"]);
        check("> - quoted\n", &["0-0"]);
    }

    #[test]
    fn code_blocks_are_told_apart() {
        let text = "- a\n\npara\n\n```\ncode\n```\n\n    indented\n";
        let idx = super::super::lines::LineIndex::new(text);
        let code: Vec<bool> = blocks(text, 0, |o| idx.line_of(o))
            .iter()
            .map(|b| b.code)
            .collect();
        assert_eq!(code, [false, false, true, true]);
    }
}
