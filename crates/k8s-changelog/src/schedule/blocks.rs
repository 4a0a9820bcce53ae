//! The parts of a schedule file that can hold its timeline, read with pulldown-cmark: table rows
//! (Markdown tables, and the rows of a raw HTML `<table>`), list items with the text of their
//! sub-items, and headings and paragraphs. Each part carries its 1-based line and plain text:
//! emphasis and link targets are dropped, struck-out text (`~~25~~ moved to 27`) too.

use super::html_table;
use pulldown_cmark::{BrokenLink, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::rc::Rc;

/// One readable part of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// A table row, with the header of its table.
    Row {
        line: u32,
        header: Rc<Vec<String>>,
        cells: Vec<String>,
    },
    /// A list item: its own text, and the text of each item nested in it.
    Item {
        line: u32,
        depth: usize,
        text: String,
        children: Vec<String>,
    },
    /// A heading or a paragraph outside lists and tables.
    Text { line: u32, text: String },
}

/// A list item being read.
struct OpenItem {
    index: usize,
    text: String,
}

/// Reads `text` into blocks, in document order.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) as u32;

    let mut out: Vec<Block> = Vec::new();
    let mut items: Vec<OpenItem> = Vec::new();
    let mut text_block: Option<(u32, String)> = None;
    let mut shared_header = Rc::new(Vec::new());
    let mut cells: Vec<String> = Vec::new();
    let mut row_line = 0;
    let mut in_cell = false;
    let mut struck = 0usize;
    let mut html: Option<RawHtml> = None;
    let mut in_html_block = false;

    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // `[Code Freeze]` whose definition is elsewhere (or missing) reads as its text.
    let unresolved = |_: BrokenLink<'_>| Some((CowStr::Borrowed(""), CowStr::Borrowed("")));
    let parser = Parser::new_with_broken_link_callback(text, options, Some(unresolved));
    for (event, range) in parser.into_offset_iter() {
        // A blank line inside a raw `<table>` splits it into several HTML blocks: read them as
        // one.
        match &event {
            Event::Start(Tag::HtmlBlock) => in_html_block = true,
            Event::End(TagEnd::HtmlBlock) => in_html_block = false,
            _ => {}
        }
        let html_part = in_html_block
            || matches!(
                event,
                Event::Html(_) | Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock)
            );
        if !html_part {
            if let Some(raw) = html.take() {
                out.extend(html_rows(&raw));
            }
        }
        let mut push_text = |piece: &str| {
            if struck > 0 {
                return;
            }
            let sink = if in_cell {
                cells.last_mut()
            } else if let Some(item) = items.last_mut() {
                Some(&mut item.text)
            } else {
                text_block.as_mut().map(|(_, t)| t)
            };
            if let Some(sink) = sink {
                sink.push_str(piece);
            }
        };
        match event {
            Event::Text(t) | Event::Code(t) => push_text(&t),
            Event::SoftBreak | Event::HardBreak => push_text(" "),
            Event::Html(raw) => {
                let line = line_of(range.start);
                html.get_or_insert_with(|| RawHtml::new(line))
                    .push(line, &raw);
            }
            Event::Start(Tag::Strikethrough) => struck += 1,
            Event::End(TagEnd::Strikethrough) => struck = struck.saturating_sub(1),
            Event::Start(Tag::Item) => {
                out.push(Block::Item {
                    line: line_of(range.start),
                    depth: items.len(),
                    text: String::new(),
                    children: Vec::new(),
                });
                items.push(OpenItem {
                    index: out.len() - 1,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Item) => {
                if let Some(done) = items.pop() {
                    let own = squeeze(&done.text);
                    if let Some(Block::Item { text, .. }) = out.get_mut(done.index) {
                        *text = own.clone();
                    }
                    if let Some(parent) = items.last() {
                        if let Some(Block::Item { children, .. }) = out.get_mut(parent.index) {
                            children.push(own);
                        }
                    }
                }
            }
            Event::Start(Tag::Heading { .. } | Tag::Paragraph) if items.is_empty() => {
                text_block = Some((line_of(range.start), String::new()));
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) if items.is_empty() => {
                if let Some((line, text)) = text_block.take() {
                    out.push(Block::Text {
                        line,
                        text: squeeze(&text),
                    });
                }
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                cells.clear();
                row_line = line_of(range.start);
            }
            Event::Start(Tag::TableCell) => {
                cells.push(String::new());
                in_cell = true;
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::End(TagEnd::TableHead) => {
                shared_header = Rc::new(cells.iter().map(|c| squeeze(c)).collect());
            }
            Event::End(TagEnd::TableRow) => out.push(Block::Row {
                line: row_line,
                header: Rc::clone(&shared_header),
                cells: cells.iter().map(|c| squeeze(c)).collect(),
            }),
            _ => {}
        }
    }
    if let Some(raw) = html.take() {
        out.extend(html_rows(&raw));
    }
    out
}

/// The raw HTML of consecutive HTML blocks, with a line break per source line so that rows
/// keep their line numbers across the blank lines between blocks.
struct RawHtml {
    first_line: u32,
    lines: u32,
    text: String,
}

impl RawHtml {
    fn new(first_line: u32) -> RawHtml {
        RawHtml {
            first_line,
            lines: 0,
            text: String::new(),
        }
    }

    fn push(&mut self, line: u32, piece: &str) {
        while self.first_line + self.lines < line {
            self.text.push('\n');
            self.lines += 1;
        }
        self.text.push_str(piece);
        self.lines += piece.matches('\n').count() as u32;
    }
}

/// The rows of a raw HTML table; its first row is the header.
fn html_rows(raw: &RawHtml) -> Vec<Block> {
    let first_line = raw.first_line;
    let mut rows = html_table::rows(&raw.text).into_iter();
    let Some(head) = rows.next() else {
        return Vec::new();
    };
    let header = Rc::new(head.cells.iter().map(|c| squeeze(c)).collect::<Vec<_>>());
    rows.map(|row| Block::Row {
        line: first_line + row.line_offset,
        header: Rc::clone(&header),
        cells: row.cells.iter().map(|c| squeeze(c)).collect(),
    })
    .collect()
}

/// Runs of whitespace as one space, trimmed.
pub(crate) fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_items_and_text_carry_their_lines() {
        let text = "# Title\n\n| **What** | **When** |\n|---|---|\n| **v1.18.0 released** | Tue ~~March 23~~ March 24 |\n\n\
                    - **Mon Nov 20: [Code Slush](#code-slush)**\n  - All PRs approved.\n";
        let blocks = blocks(text);
        assert_eq!(
            blocks[0],
            Block::Text {
                line: 1,
                text: "Title".into()
            }
        );
        let Block::Row {
            line,
            header,
            cells,
        } = &blocks[1]
        else {
            panic!("{blocks:?}")
        };
        assert_eq!(*line, 5);
        assert_eq!(header.as_slice(), ["What", "When"]);
        assert_eq!(cells, &["v1.18.0 released", "Tue March 24"]);
        assert_eq!(
            blocks[2],
            Block::Item {
                line: 7,
                depth: 0,
                text: "Mon Nov 20: Code Slush".into(),
                children: vec!["All PRs approved.".into()],
            }
        );
    }
}
