//! The line pre-pass: line offsets, fenced-code tracking and ATX headings at column 0.
//! This is the only part that looks at every byte before pulldown-cmark does.

/// Byte offsets of every line of the input. Lines are numbered from 0 here and from 1 in the
/// model.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        if starts.len() > 1 && *starts.last().unwrap_or(&0) == text.len() {
            starts.pop();
        }
        LineIndex { text, starts }
    }

    /// The whole input.
    pub(crate) fn whole(&self) -> &'a str {
        self.text
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// The text of line `i`, without its line ending.
    pub(crate) fn line(&self, i: usize) -> &'a str {
        let (start, end) = self.span(i);
        &self.text[start..end]
    }

    /// Byte range of line `i` without its line ending.
    pub(crate) fn span(&self, i: usize) -> (usize, usize) {
        let start = self.starts[i];
        let mut end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// Byte offset where line `i` starts (or the text's end for `i == len()`).
    pub(crate) fn start(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.text.len())
    }

    /// The line holding byte `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub(crate) fn is_blank(&self, i: usize) -> bool {
        is_blank_text(self.line(i))
    }
}

/// Whether `b` is an ASCII character that `char::is_whitespace` accepts (`u8::is_ascii_whitespace`
/// leaves out the vertical tab, which `str::trim` removes).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// `text.trim_end()`, the ASCII whitespace taken byte by byte (a character decoder costs more
/// on the short strings the readers trim by the thousand); from a non-ASCII byte on, `str`'s own.
pub(crate) fn trim_end(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while end > 0 && is_ascii_space(bytes[end - 1]) {
        end -= 1;
    }
    if end > 0 && bytes[end - 1] >= 0x80 {
        return text[..end].trim_end();
    }
    &text[..end]
}

/// `text.trim_start()`, as [`trim_end`] does it.
pub(crate) fn trim_start(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() && is_ascii_space(bytes[start]) {
        start += 1;
    }
    if start < bytes.len() && bytes[start] >= 0x80 {
        return text[start..].trim_start();
    }
    &text[start..]
}

/// `text.trim()`, as [`trim_end`] does it.
pub(crate) fn trim(text: &str) -> &str {
    trim_end(trim_start(text))
}

/// `line.trim().is_empty()`, deciding at the first byte that is not ASCII whitespace.
pub(crate) fn is_blank_text(line: &str) -> bool {
    trim_start(line).is_empty()
}

/// `[label]: https://…`, a Markdown link reference definition.
pub(crate) fn is_link_definition(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let t = line.trim();
    indent <= 3
        && t.starts_with('[')
        && t.find("]:")
            .is_some_and(|i| i > 1 && !t[1..i].contains(']'))
}

/// An ATX heading found at column 0 outside fenced code.
#[derive(Debug, Clone)]
pub(crate) struct RawHeading<'a> {
    pub(crate) line: usize,
    pub(crate) level: u8,
    pub(crate) text: &'a str,
}

/// Finds the headings that structure a changelog. A heading inside a fenced code block is code,
/// except a `# vX.Y.Z` release heading, which always starts a release: an unclosed fence must
/// not swallow the rest of the file.
pub(crate) fn headings<'a>(lines: &LineIndex<'a>) -> Vec<RawHeading<'a>> {
    let mut out = Vec::new();
    // (fence character, fence length, indentation of the opening line)
    let mut fence: Option<(u8, usize, usize)> = None;
    for i in 0..lines.len() {
        let line = lines.line(i);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // A fence opened inside a list item ends with the item: at the first line back at
        // column 0, even when the closing fence is missing.
        if let Some((_, _, open_indent)) = fence {
            if open_indent > 0 && indent == 0 && !trimmed.is_empty() {
                fence = None;
            }
        }
        if let Some((ch, len)) = fence_marker(trimmed) {
            match fence {
                None => fence = Some((ch, len, indent)),
                Some((open, open_len, _))
                    if open == ch && len >= open_len && is_closing(trimmed, len) =>
                {
                    fence = None
                }
                Some(_) => {}
            }
            continue;
        }
        if !line.starts_with('#') {
            continue;
        }
        if let Some((level, text)) = atx(line) {
            if fence.is_some() {
                if level == 1 && super::release_tag(text).is_some() {
                    fence = None;
                } else {
                    continue;
                }
            }
            out.push(RawHeading {
                line: i,
                level,
                text,
            });
        }
    }
    out
}

fn fence_marker(trimmed: &str) -> Option<(u8, usize)> {
    let first = *trimmed.as_bytes().first()?;
    if first != b'`' && first != b'~' {
        return None;
    }
    let len = trimmed.bytes().take_while(|b| *b == first).count();
    // A backtick fence's info string holds no backtick: "```code```" is inline code.
    let inline = first == b'`' && trimmed[len..].contains('`');
    (len >= 3 && !inline).then_some((first, len))
}

fn is_closing(trimmed: &str, len: usize) -> bool {
    trimmed[len..].trim().is_empty()
}

/// Parses `## Title ##` into (2, "Title").
pub(crate) fn atx(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((hashes as u8, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte-wise trims give what `str`'s give, Unicode whitespace (no-break, em and
        /// ideographic spaces, NEL, the vertical tab) and other non-ASCII text included.
        #[test]
        fn trims_agree_with_str(text in "[ \t\n\r\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{2003}\u{3000}aé*-]{0,12}") {
            prop_assert_eq!(trim(&text), text.trim());
            prop_assert_eq!(trim_start(&text), text.trim_start());
            prop_assert_eq!(trim_end(&text), text.trim_end());
            prop_assert_eq!(is_blank_text(&text), text.trim().is_empty());
        }
    }

    #[test]
    fn trims_of_unicode_whitespace() {
        assert_eq!(trim(" \u{a0}a b\u{3000}\u{b} "), "a b");
        assert_eq!(trim_end("a\u{85}"), "a");
        assert!(is_blank_text(" \u{2003}\t"));
        assert!(!is_blank_text(" \u{1c}"));
    }

    #[test]
    fn lines_and_offsets() {
        let idx = LineIndex::new("a\r\nbb\n\nc");
        assert_eq!(idx.len(), 4);
        assert_eq!(idx.line(0), "a");
        assert_eq!(idx.line(1), "bb");
        assert_eq!(idx.line(3), "c");
        assert_eq!(idx.line_of(4), 1);
        assert_eq!(LineIndex::new("a\n").len(), 1);
        assert_eq!(LineIndex::new("").len(), 1);
    }

    #[test]
    fn headings_skip_code_but_not_releases() {
        let text = "# v1.2.0\n```\n# comment\n## not\n```\n## Real\n```\n# v1.1.0\n### After\n";
        let idx = LineIndex::new(text);
        let found: Vec<_> = headings(&idx)
            .into_iter()
            .map(|h| (h.line, h.level, h.text))
            .collect();
        assert_eq!(
            found,
            [
                (0, 1, "v1.2.0"),
                (5, 2, "Real"),
                (7, 1, "v1.1.0"),
                (8, 3, "After")
            ]
        );
        // An unclosed fence inside a list item ends with the item; inline triple backticks
        // open no fence.
        let text = "- a\n   ```$ curl x\n### Bug\n- ```inline``` b\n### Other\n";
        let idx = LineIndex::new(text);
        let found: Vec<_> = headings(&idx).into_iter().map(|h| h.text).collect();
        assert_eq!(found, ["Bug", "Other"]);
    }
}
