//! The rows of a raw HTML `<table>` block (the 1.10 schedule is one): pulldown-cmark hands an
//! HTML block over as raw text, so its `<tr>` and `<td>` are read here. Only that: cells are
//! the text between `<td …>` (or `<th …>`) and the next closing tag, other tags dropped; one
//! pass over the tags, so linear in the block's size.

use regex::Regex;
use std::sync::LazyLock;

/// Any tag: `<td>`, `</TR>`, `<td class="x">`, `<b>`.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*>").expect("tag regex"));

/// One `<tr>`: its cells' text and the line it starts on, counted from the block's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlRow {
    pub(crate) line_offset: u32,
    pub(crate) cells: Vec<String>,
}

/// Every `<tr>` of `raw`, in order, in one pass over its tags. Unclosed rows and cells end
/// where the next one starts, or at the end of the text.
pub(crate) fn rows(raw: &str) -> Vec<HtmlRow> {
    let mut out: Vec<HtmlRow> = Vec::new();
    let mut cell: Option<String> = None;
    let (mut at, mut lines) = (0, 0u32);
    for tag in TAG.captures_iter(raw) {
        let whole = tag.get(0).expect("match");
        let between = &raw[at..whole.start()];
        lines += between.matches('\n').count() as u32;
        if let Some(cell) = cell.as_mut() {
            cell.push_str(between);
        }
        lines += whole.as_str().matches('\n').count() as u32;
        at = whole.end();
        let closing = !tag[1].is_empty();
        let name = tag[2].to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("tr", false) => {
                close(&mut out, &mut cell);
                out.push(HtmlRow {
                    line_offset: lines - whole.as_str().matches('\n').count() as u32,
                    cells: Vec::new(),
                });
            }
            ("td" | "th", false) => {
                close(&mut out, &mut cell);
                cell = Some(String::new());
            }
            ("td" | "th" | "tr", true) => close(&mut out, &mut cell),
            _ => {}
        }
    }
    if let Some(cell) = cell.as_mut() {
        cell.push_str(&raw[at..]);
    }
    close(&mut out, &mut cell);
    out
}

/// Ends the open cell, if any, as the last cell of the last row.
fn close(rows: &mut [HtmlRow], cell: &mut Option<String>) {
    if let (Some(text), Some(row)) = (cell.take(), rows.last_mut()) {
        row.cells
            .push(text.replace("&nbsp;", " ").replace("&amp;", "&"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_hold_cell_text_and_line_offsets() {
        let raw = "<table>\n  <tr>\n    <td>What</td>\n    <TD>JAN</TD>\n  </tr>\n  <tr>\n    <td><b>v1.10.0</b></td>\n    <td>26</td>\n  </tr>\n</table>\n";
        assert_eq!(
            rows(raw),
            [
                HtmlRow {
                    line_offset: 1,
                    cells: vec!["What".into(), "JAN".into()]
                },
                HtmlRow {
                    line_offset: 5,
                    cells: vec!["v1.10.0".into(), "26".into()]
                },
            ]
        );
        assert!(rows("<p>no table</p>").is_empty());
        // Unclosed cells and rows end where the next one starts.
        let unclosed = rows("<tr><td>a<td>b\n<tr><td>c");
        assert_eq!(unclosed.len(), 2);
        assert_eq!(unclosed[0].cells, ["a", "b\n"]);
        assert_eq!(
            (unclosed[1].line_offset, unclosed[1].cells.clone()),
            (1, vec!["c".to_string()])
        );
    }
}
