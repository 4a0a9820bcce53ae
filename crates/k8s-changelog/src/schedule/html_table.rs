//! The rows of a raw HTML `<table>` block (the 1.10 schedule is one): pulldown-cmark hands an
//! HTML block over as raw text, so its `<tr>` and `<td>` are read here. Only that: cells are
//! the text between `<td …>` (or `<th …>`) and the next closing tag, other tags dropped.

/// One `<tr>`: its cells' text and the line it starts on, counted from the block's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlRow {
    pub(crate) line_offset: u32,
    pub(crate) cells: Vec<String>,
}

/// Every `<tr>` of `raw`, in order. Unclosed rows and cells end at the end of the text.
pub(crate) fn rows(raw: &str) -> Vec<HtmlRow> {
    let lower = raw.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = find_tag(&lower, at, "tr") {
        let end = lower[start..].find("</tr").map_or(raw.len(), |e| start + e);
        let body = &raw[start..end];
        let body_lower = &lower[start..end];
        let mut cells = Vec::new();
        let mut cell_at = 0;
        while let Some(open) = find_tag(body_lower, cell_at, "td")
            .into_iter()
            .chain(find_tag(body_lower, cell_at, "th"))
            .min()
        {
            let content_start = body_lower[open..]
                .find('>')
                .map_or(body.len(), |g| open + g + 1);
            let content_end = body_lower[content_start..]
                .find("</t")
                .map_or(body.len(), |e| content_start + e);
            cells.push(without_tags(&body[content_start..content_end]));
            cell_at = content_end;
        }
        out.push(HtmlRow {
            line_offset: raw[..start].matches('\n').count() as u32,
            cells,
        });
        at = end.max(start + 1);
    }
    out
}

/// The offset of the next `<name>` or `<name …>` tag at or after `from`.
fn find_tag(lower: &str, from: usize, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let mut at = from;
    while let Some(found) = lower.get(at..)?.find(&open) {
        let start = at + found;
        let next = lower.as_bytes().get(start + open.len());
        if matches!(next, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')) {
            return Some(start);
        }
        at = start + open.len();
    }
    None
}

fn without_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ").replace("&amp;", "&")
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
    }
}
