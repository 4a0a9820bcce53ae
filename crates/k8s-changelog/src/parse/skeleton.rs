//! The document as the block reader needs it: the same bytes, but with the inline markup
//! pulldown-cmark would resolve (links, emphasis, code spans, inline HTML, escapes, entities)
//! turned into plain letters wherever no block could depend on it.
//!
//! The parser takes only block structure from pulldown-cmark (which lines make an item, a
//! paragraph, a code block: [`super::blocks`]); every text it keeps is read from the document's
//! own lines. Resolving inline markup was nearly a sixth of the parse (each note's links: the
//! PR, the author), work whose result was thrown away (BENCHMARKS.md, "Tenth look"). A paragraph
//! with no inline markup left is not read inline at all.
//!
//! Block structure is decided by how lines start, so a line is changed only after its start,
//! and only where the start cannot open a block: after any indentation, block quote markers
//! and list markers, the line's content must begin with an ASCII letter or digit (or a `[`
//! that cannot start a link reference definition), and the line must hold no `|` (a table's
//! cells). Kept whole too: a line with a lone `\r` (which some of pulldown-cmark's scanners
//! take for a line's end and others do not), and a paragraph that may open with link reference
//! definitions (their labels, destinations and titles run on over lines). A section that could
//! hold an HTML block ending inside a line (`<pre>`, `<script>`, `<style>`, `<textarea>`,
//! `<![CDATA[`) is not changed at all ([`keeps_inline`]). Tests compare the blocks of the
//! skeleton with those of the text over the corpus and generated texts, and so does the
//! `skeleton` fuzz target (which found the last two rules).

/// What replaces inline markup: a letter, which nothing in Markdown reads.
const PLAIN: u8 = b'x';

/// `c`, or [`PLAIN`] when pulldown-cmark reads it as inline markup (with tables on; `|` is kept
/// for tables). Compares without branching, so that a line's bytes are mapped many at a time.
fn plain(c: u8) -> u8 {
    let markup = (c == b'*')
        | (c == b'_')
        | (c == b'&')
        | (c == b'\\')
        | (c == b'[')
        | (c == b']')
        | (c == b'<')
        | (c == b'!')
        | (c == b'`');
    if markup {
        PLAIN
    } else {
        c
    }
}

/// `text` with its inline markup made plain where no block can depend on it, in `buf` (a
/// buffer kept between sections): the same length, every line where it was. `text` itself
/// when it must keep its markup ([`keeps_inline`]).
pub(crate) fn skeleton_into<'t>(text: &'t str, buf: &'t mut Vec<u8>) -> &'t str {
    if keeps_inline(text) {
        return text;
    }
    let bytes = text.as_bytes();
    buf.clear();
    buf.reserve(bytes.len());
    let mut pipes = memchr::memchr_iter(b'|', bytes).peekable();
    let mut start = 0;
    // Inside a paragraph that may open with link reference definitions: kept to its end.
    let mut definitions = false;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for end in ends {
        let line = &bytes[start..end];
        // A line with a `|` may be a table's: its cells are counted before any inline markup.
        let mut has_pipe = false;
        while pipes.next_if(|&p| p < end).is_some() {
            has_pipe = true;
        }
        let blank = line.iter().all(|c| matches!(c, b' ' | b'\t' | b'\r'));
        definitions &= !blank;
        // A lone `\r` (not the `\r` of a `\r\n`) ends a line for some of pulldown-cmark's
        // scanners and not for others (a fence's info string runs on over it), so the line
        // could hold the start of anything, link reference definitions included: it is kept
        // whole, with the rest of its paragraph.
        let lone_cr = memchr::memchr(b'\r', &line[..line.len().saturating_sub(1)]).is_some();
        let start_of = if definitions {
            Start::Keep
        } else if lone_cr {
            Start::Definitions
        } else {
            content_start(line)
        };
        match start_of {
            Start::Content(from) if !has_pipe => {
                buf.extend_from_slice(&line[..from]);
                buf.extend(line[from..].iter().map(|&c| plain(c)));
            }
            Start::Definitions => {
                definitions = true;
                buf.extend_from_slice(line);
            }
            _ => buf.extend_from_slice(line),
        }
        buf.extend_from_slice(&bytes[end..bytes.len().min(end + 1)]);
        start = end + 1;
    }
    // Only ASCII bytes were replaced, by ASCII bytes: still UTF-8.
    std::str::from_utf8(buf).unwrap_or(text)
}

/// How a line starts, for [`skeleton_into`].
enum Start {
    /// Its content starts at this byte, after indentation, block quote markers (`>`) and list
    /// markers (`-`, `*`, `+`, `1.`, `1)` before a blank or the end), and cannot open or shape
    /// a block: its markup can be made plain.
    Content(usize),
    /// The line could open or shape a block: kept as it is.
    Keep,
    /// The line may open link reference definitions (`[label]: destination "title"`), whose
    /// label, destination and title can each run on over the next lines: kept, and so is the
    /// rest of the paragraph.
    Definitions,
}

fn content_start(line: &[u8]) -> Start {
    let mut i = 0;
    loop {
        while matches!(line.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let blank_after = |at: usize| matches!(line.get(at), None | Some(b' ' | b'\t' | b'\r'));
        match line.get(i) {
            Some(b'>') => i += 1,
            Some(b'-' | b'*' | b'+') if blank_after(i + 1) => i += 1,
            Some(c) if c.is_ascii_digit() => {
                let digits = line[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let marker = i + digits;
                if digits <= 9
                    && matches!(line.get(marker), Some(b'.' | b')'))
                    && blank_after(marker + 1)
                {
                    i = marker + 1;
                } else {
                    return Start::Content(i);
                }
            }
            Some(c) if c.is_ascii_alphabetic() => return Start::Content(i),
            // A `[` whose label closes on the line before anything but `:` cannot open a link
            // reference definition.
            Some(b'[') => {
                let rest = &line[i + 1..];
                let closed = memchr::memchr(b']', rest).filter(|&close| {
                    !rest[..close].iter().any(|&c| matches!(c, b'[' | b'\\'))
                        && rest.get(close + 1) != Some(&b':')
                });
                return match closed {
                    Some(_) => Start::Content(i),
                    None => Start::Definitions,
                };
            }
            _ => return Start::Keep,
        }
    }
}

/// Whether a section must keep its inline markup: it could hold an HTML block whose end
/// (`</pre>`, `</script>`, `</style>`, `</textarea>`, `]]>`) pulldown-cmark looks for anywhere
/// in a line.
fn keeps_inline(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'<', b).any(|i| {
        let rest = &b[i + 1..];
        let starts =
            |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);
        starts(b"pre")
            || starts(b"script")
            || starts(b"style")
            || starts(b"textarea")
            || starts(b"![cdata[")
    })
}

/// The blocks (spans of items, paragraphs, code, tables, HTML) of `text` as pulldown-cmark
/// reads them.
#[cfg(any(test, fuzzing))]
fn blocks_of(text: &str) -> Vec<super::blocks::Block> {
    let lines = super::lines::LineIndex::new(text);
    super::blocks::blocks(text, 0, |offset| lines.line_of(offset))
}

/// For the `skeleton` fuzz target (built with `--cfg fuzzing`): whether pulldown-cmark finds the
/// same blocks in `text` and in its skeleton.
#[cfg(fuzzing)]
pub fn skeleton_keeps_blocks(text: &str) -> bool {
    let mut buf = Vec::new();
    let plain = skeleton_into(text, &mut buf);
    plain.len() == text.len() && blocks_of(plain) == blocks_of(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skeleton(text: &str) -> String {
        skeleton_into(text, &mut Vec::new()).to_string()
    }

    #[test]
    fn markup_after_a_line_start_is_made_plain() {
        assert_eq!(
            skeleton("- Fix `a` ([#1](https://x/1), [@b](https://x/b)) [SIG Node]\n"),
            "- Fix xax (x#1x(https://x/1), x@bx(https://x/b)) xSIG Nodex\n"
        );
        assert_eq!(skeleton("  1. **Bold**: a_b\n"), "  1. **Bold**: a_b\n");
        assert_eq!(skeleton("> - a *b*\n"), "> - a xbx\n");
        assert_eq!(skeleton("[#1](u) a\n"), "x#1x(u) a\n");
    }

    #[test]
    fn lines_that_could_shape_a_block_are_kept() {
        for line in [
            "```go",
            "~~~",
            "<details>",
            "[label]: https://example.com/a_b",
            "[label\\]]: x",
            "* * *",
            "___",
            "| a | *b* |",
            "a | *b*",
            "\\- not a list",
            "#  Heading *x*",
            "- [a",
            "[a\nb]: c",
            "[a\nb[c\nd]: e",
            "[a]: b\n'it\\'s\n*t*'",
            "- g\r```",
            "[a\r\nb]: c",
            "[\r.\nk]:`",
            "\r[a\nb]: c",
        ] {
            assert_eq!(skeleton(line), line, "{line}");
        }
    }

    #[test]
    fn html_blocks_that_end_inside_a_line_keep_the_section() {
        assert!(keeps_inline("a\n<PRE>\nb </pre> c\n"));
        assert!(keeps_inline("<![CDATA[ x ]]>"));
        assert!(!keeps_inline("a <b>c</b> <!-- d -->"));
    }

    /// Every changelog of the corpus (else of the fixtures), whole, has the same blocks as its
    /// skeleton.
    #[test]
    fn the_skeleton_of_every_changelog_has_its_blocks() {
        let (files, _) = crate::parse::reference_oracle::tests::changelog_files();
        let mut changed = 0;
        for (name, text) in &files {
            let mut buf = Vec::new();
            let plain = skeleton_into(text, &mut buf);
            assert_eq!(plain.len(), text.len(), "{name}");
            changed += usize::from(plain != text);
            assert!(blocks_of(plain) == blocks_of(text), "{name}");
        }
        assert!(
            changed > 0 && changed + 2 >= files.len(),
            "{changed} of {}",
            files.len()
        );
    }

    const STARTS: &[&str] = &[
        "", "- ", "* ", "+ ", "1. ", "2) ", "> ", "    ", "  ", "\t", "- - ", "> - ", "-", "10.",
    ];
    const OPENERS: &[&str] = &[
        "a",
        "B",
        "7",
        "[x]: y",
        "[x](y)",
        "[x]",
        "[x\\]]: y",
        "`",
        "```",
        "~~~",
        "<div>",
        "|-|-|",
        "-|-",
        "a|b",
        ":-|",
        "a \\| b |",
        "<pre>",
        "</pre>",
        "<!--",
        "-->",
        "*",
        "_",
        "**",
        "***",
        "---",
        "===",
        "#",
        "|",
        "\\",
        "&amp;",
        "!",
        "[",
        "]",
        "<a>",
        "1.",
        "",
    ];
    const WORDS: &[&str] = &[
        "a", "*b*", "`c`", "[d](e)", "[f]", "<g>", "</pre>", "]]>", "\\*", "&lt;", "|", "![h](i)",
        "_j_", "``", "]:", "k_l", "```", "<", "](", "[x]:", "-->", "\\", "\\|", "`a|b`", "|",
        "<!--", "`", "<pre>", "&#42;", "\r```", "\r- ",
    ];

    fn line() -> impl Strategy<Value = String> {
        (
            proptest::sample::select(STARTS),
            proptest::sample::select(OPENERS),
            proptest::collection::vec(proptest::sample::select(WORDS), 0..5),
        )
            .prop_map(|(start, opener, words)| format!("{start}{opener} {}", words.join(" ")))
    }

    use proptest::prelude::*;

    proptest! {
        /// Whatever the lines, the skeleton has the text's blocks: the same items, paragraphs,
        /// code, tables and HTML on the same lines.
        #[test]
        fn the_skeleton_has_the_texts_blocks(
            lines in proptest::collection::vec(
                (
                    prop_oneof![line(), Just(String::new())],
                    proptest::sample::select(&["\n", "\r\n", "\r"][..]),
                ),
                1..12,
            )
        ) {
            let text: String = lines.iter().map(|(line, end)| format!("{line}{end}")).collect();
            let mut buf = Vec::new();
            let plain = skeleton_into(&text, &mut buf);
            prop_assert_eq!(plain.len(), text.len());
            prop_assert_eq!(blocks_of(plain), blocks_of(&text), "{}", text);
        }
    }
}
