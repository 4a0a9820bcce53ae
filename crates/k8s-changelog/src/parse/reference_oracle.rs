//! The reference reader as it was before the single-pass scan of `reference.rs` (commit
//! `0c029ac`), kept verbatim as an oracle: the tests check that both give the same answer on
//! every text the parser hands to it over the corpus (or the committed fixtures) and on
//! generated texts.

use super::reference::Reference;
use crate::model::sig_from_label;
use memchr::memmem;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;
/// The words every "Courtesy of SIG …" suffix holds: a cheap test before [`COURTESY`].
static COURTESY_WORDS: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("ourtesy of"));

const AND: Separator = Separator(" and ");

static GITHUB: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("github.com/"));

static COURTESY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*courtesy of ((?:sig [\w -]+?)(?:,? (?:and )?sig [\w -]+?)*)\.?$")
        .expect("courtesy regex")
});

/// Splits the reference off the end of `text`: returns the text without it and what it named.
/// Returns `None` when the text does not end with a reference.
///
/// Only the last parenthesised group is the reference: in `… (#105536) ([#116134](…))` the
/// first group is part of the sentence, and in `([#1](…)) ([#2](…))` the closing one is the
/// note's own PR (the other stays in the text, where its link is still found).
pub(super) fn split_reference(text: &str) -> Option<(&str, Reference)> {
    let mut reference = Reference::default();
    let mut end = text.trim_end().len();
    end = strip_sig_suffix(&text[..end], &mut reference);
    let head = text[..end].trim_end().trim_end_matches('.').trim_end();
    let group = head
        .ends_with(')')
        .then(|| matching_open(head))
        .flatten()
        .filter(|&open| read_group(&head[open + 1..head.len() - 1], &mut reference));
    match group {
        Some(open) => end = open,
        // A SIG suffix without a PR group: still a reference (krel writes it for PR-less notes).
        None if reference.has_sig_suffix => {}
        None => return None,
    }
    Some((text[..end].trim_end(), reference))
}

fn strip_sig_suffix(text: &str, reference: &mut Reference) -> usize {
    if text.ends_with(']') {
        if let Some(open) = last_bracket(text, "[SIG ").or_else(|| last_bracket(text, "[sig ")) {
            let inner = &text[open + 5..text.len() - 1];
            if memchr::memchr2(b'[', b']', inner.as_bytes()).is_none() {
                reference.has_sig_suffix = true;
                reference.sigs = split_sigs(inner);
                return open;
            }
        }
    }
    let courtesy = COURTESY_WORDS
        .find(text.as_bytes())
        .and_then(|_| COURTESY.captures(text));
    if let Some(m) = courtesy {
        let whole = m.get(0).map_or(text.len(), |g| g.start());
        reference.has_sig_suffix = true;
        reference.sigs = split_sigs(&m[1].replace("SIG ", "").replace("sig ", ""));
        return whole;
    }
    text.len()
}

/// A string that separates list items (it starts with a space), found by checking the spaces of
/// a text: the parts are short, and a substring searcher costs more to start than they take.
struct Separator(&'static str);

impl Separator {
    /// The parts of `text` between separators, as `text.split(separator)` gives them.
    fn split<'t>(&'t self, text: &'t str) -> impl Iterator<Item = &'t str> + 't {
        let needle = self.0.as_bytes();
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut spaces = memchr::memchr_iter(needle[0], bytes);
        std::iter::from_fn(move || {
            let from = start;
            if from > text.len() {
                return None;
            }
            // Matches do not overlap: the next one starts after this part's start.
            let cut = spaces.find(|&at| at >= from && bytes[at..].starts_with(needle));
            match cut {
                Some(at) => {
                    start = at + needle.len();
                    Some(&text[from..at])
                }
                None => {
                    start = text.len() + 1;
                    Some(&text[from..])
                }
            }
        })
    }
}

/// Where the last `marker` (which starts with `[`) begins in `text`, the same as
/// `text.rfind(marker)`: walks back over the `[`s, which are few, instead of searching for the
/// whole marker.
fn last_bracket(text: &str, marker: &str) -> Option<usize> {
    memchr::memrchr_iter(b'[', text.as_bytes())
        .find(|&i| text.as_bytes()[i..].starts_with(marker.as_bytes()))
}

/// Where the first `](` of `text` is (a link's label ends, its URL starts), found through the
/// rarer `]`.
fn link_split(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b']', bytes).find(|&i| bytes.get(i + 1) == Some(&b'('))
}

/// Splits `API Machinery, Auth and Node` into label names.
pub(super) fn split_sigs(list: &str) -> Vec<Cow<'static, str>> {
    let mut sigs: Vec<Cow<'static, str>> = Vec::new();
    for part in list.split(',').flat_map(|p| AND.split(p)) {
        let mut part = part.trim();
        // `trim_start_matches("and ")`, without building a substring searcher per part.
        while let Some(rest) = part.strip_prefix("and ") {
            part = rest;
        }
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let label = match sig_from_label(part) {
            Some(known) => Cow::Borrowed(known),
            None => Cow::Owned(part.to_ascii_lowercase().replace(' ', "-")),
        };
        if !sigs.contains(&label) {
            sigs.push(label);
        }
    }
    sigs
}

/// Finds the `(` matching the `)` that ends `head`.
fn matching_open(head: &str) -> Option<usize> {
    let mut depth = 0i32;
    for i in memchr::memrchr3_iter(b'(', b')', b'\n', head.as_bytes()) {
        match head.as_bytes()[i] {
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'\n' => return None,
            _ => {}
        }
    }
    None
}

/// Reads `[#1](…), [@a](…)` into `reference`; false if the group holds anything else.
///
/// The group's grammar is small enough to scan by hand: tokens `[label](url)`, `#N` and
/// `@login`, separated by commas and the words of "… by … and …, both by …".
fn read_group(inner: &str, reference: &mut Reference) -> bool {
    let mut found = Reference::default();
    let mut group_sigs = None;
    let mut rest = inner;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c == ';' || c.is_whitespace());
        if rest.is_empty() {
            break;
        }
        let token_len = if rest.starts_with('[') {
            // `[label](url)`: the label has no brackets, the URL no parentheses.
            let Some(close) = memchr::memchr(b']', rest.as_bytes()) else {
                return false;
            };
            if !rest[close + 1..].starts_with('(') {
                match super::reference::group_sig_list(&rest[1..close], &rest[close + 1..]) {
                    Some(sigs) => {
                        group_sigs = Some(sigs);
                        break;
                    }
                    None => return false,
                }
            }
            let Some(end) = memchr::memchr(b')', &rest.as_bytes()[close + 2..]) else {
                return false;
            };
            close + 2 + end + 1
        } else if rest.starts_with('#') || rest.starts_with('@') {
            // A non-ASCII character stops the token at its first byte, as at the character.
            1 + rest.as_bytes()[1..]
                .iter()
                .position(|&b| !is_login_byte(b))
                .unwrap_or(rest.len() - 1)
        } else {
            let word = rest
                .bytes()
                .position(|b| !b.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            if word > 0 && matches!(&rest[..word], "and" | "by" | "both") {
                rest = &rest[word..];
                continue;
            }
            return false;
        };
        if !read_token(&rest[..token_len], &mut found) {
            return false;
        }
        rest = &rest[token_len..];
    }
    if found.is_empty() {
        return false;
    }
    reference.prs = found.prs;
    reference.external_prs = found.external_prs;
    reference.issues = found.issues;
    reference.authors = found.authors;
    if let Some(sigs) = group_sigs.filter(|_| !reference.has_sig_suffix) {
        reference.sigs = sigs;
        reference.has_sig_suffix = true;
    }
    true
}

/// Adds one token (`[#1](url)`, `[o/r#2](url)`, `[@a](url)`, `#3`, `@b`) to `found`; false
/// if the token is none of these.
fn read_token(token: &str, found: &mut Reference) -> bool {
    let (label, url) = match token.strip_prefix('[') {
        Some(rest) => match link_split(rest) {
            Some(close) => (
                rest[..close].trim(),
                rest[close + 2..].trim_end_matches(')').trim(),
            ),
            None => return false,
        },
        None => (token, ""),
    };
    if let Some(login) = label.strip_prefix('@') {
        let valid = !login.is_empty() && login.bytes().all(is_login_byte);
        if valid {
            found.authors.push(login.to_string());
        }
        return valid;
    }
    let Some(hash) = memchr::memrchr(b'#', label.as_bytes()) else {
        return false;
    };
    let (repo, number) = (&label[..hash], &label[hash + 1..]);
    let Ok(n) = number.parse::<u64>() else {
        return false;
    };
    let target = match repo {
        "" => github_target(url),
        named if named.contains('/') && !named.contains(char::is_whitespace) => {
            Some((named, false, None))
        }
        _ => return false,
    };
    // Where label and link disagree, one of them lost a digit (`[#8838](…/pull/88381)`,
    // `[#63977](…/pull/677)`): keep the longer number, the label on a tie.
    let n = match target.and_then(|t| t.2) {
        Some(linked) if digits(linked) > digits(n) => linked,
        _ => n,
    };
    match target {
        Some((repo, _, _)) if repo != "kubernetes/kubernetes" => {
            found.external_prs.push(format!("{repo}#{n}"))
        }
        Some((_, true, _)) => found.issues.push(n),
        _ => found.prs.push(n),
    }
    true
}

/// A byte of a GitHub login or of a `#N` token: an ASCII letter or digit, `-` or `_`.
fn is_login_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// The number of decimal digits of `n`, as `n.to_string().len()` counts them.
fn digits(n: u64) -> u32 {
    n.checked_ilog10().map_or(1, |d| d + 1)
}

/// `https://github.com/OWNER/REPO/pull/N` → ("OWNER/REPO", false); `…/issues/N` → (…, true).
/// The number is the URL's, where it has one.
fn github_target(url: &str) -> Option<(&str, bool, Option<u64>)> {
    // Nearly every URL starts with the address: no search for those.
    let path = match url.strip_prefix("https://github.com/") {
        Some(path) => path,
        None => &url[GITHUB.find(url.as_bytes())? + "github.com/".len()..],
    };
    // `OWNER/REPO/KIND[/N…]`, read as `path.split('/')` would give the parts.
    let bytes = path.as_bytes();
    let owner = memchr::memchr(b'/', bytes)?;
    let repo = owner + 1 + memchr::memchr(b'/', &bytes[owner + 1..])?;
    let rest = &path[repo + 1..];
    let (kind, number) = match memchr::memchr(b'/', rest.as_bytes()) {
        Some(end) => (&rest[..end], Some(&rest[end + 1..])),
        None => (rest, None),
    };
    let issues = match kind {
        "pull" => false,
        "issues" => true,
        _ => return None,
    };
    let number = number.and_then(|n| {
        let n = &n[..memchr::memchr(b'/', n.as_bytes()).unwrap_or(n.len())];
        n[..memchr::memchr2(b'#', b'?', n.as_bytes()).unwrap_or(n.len())]
            .parse()
            .ok()
    });
    Some((&path[..repo], issues, number))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::reference::{self, tests::recorded};
    use proptest::prelude::*;

    /// The corpus folder, when `K8S_CHANGELOG_DIR` names one that exists.
    fn corpus_dir() -> Option<String> {
        std::env::var("K8S_CHANGELOG_DIR")
            .ok()
            .filter(|d| std::path::Path::new(d).is_dir())
    }

    /// The changelog files (name, text) of the corpus (`K8S_CHANGELOG_DIR`), else the
    /// committed fixtures; and whether they are the corpus.
    pub(crate) fn changelog_files() -> (Vec<(String, String)>, bool) {
        let (dir, names): (String, Vec<String>) = match corpus_dir().ok_or(()) {
            Ok(dir) => (
                dir,
                (2..=24).map(|m| format!("CHANGELOG-1.{m}.md")).collect(),
            ),
            Err(_) => {
                let dir = concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../tests/fixtures/changelog"
                );
                let mut names: Vec<String> = std::fs::read_dir(dir)
                    .expect("the committed fixtures")
                    .map(|e| {
                        e.expect("a fixture")
                            .file_name()
                            .to_string_lossy()
                            .into_owned()
                    })
                    .filter(|n| n.ends_with(".md"))
                    .collect();
                names.sort();
                (dir.to_string(), names)
            }
        };
        let files = names
            .into_iter()
            .map(|name| {
                let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("a changelog");
                (name, text)
            })
            .collect();
        (files, corpus_dir().is_some())
    }

    /// Every text the parser hands to the reference reader over the corpus
    /// (`K8S_CHANGELOG_DIR`), else over the committed fixtures.
    fn parser_texts() -> Vec<String> {
        let mut texts = Vec::new();
        for (name, text) in changelog_files().0 {
            texts.extend(recorded(|| {
                crate::parse(&text, &name);
            }));
        }
        texts
    }

    #[test]
    fn agrees_with_the_oracle_on_every_text_the_parser_reads() {
        let texts = parser_texts();
        let corpus = corpus_dir().is_some();
        // The corpus hands over ~19,500 texts; the fixtures a few hundred.
        assert!(
            texts.len() > if corpus { 15_000 } else { 200 },
            "{}",
            texts.len()
        );
        let mut found = 0;
        for text in &texts {
            let new = reference::split_reference(text);
            assert_eq!(new, super::split_reference(text), "{text:?}");
            found += usize::from(new.is_some());
        }
        // Most notes end with a reference; the other texts are the lines of those that do not.
        assert!(found * 4 > texts.len(), "{found} of {}", texts.len());
    }

    /// Pieces that references, SIG suffixes and the text around them are made of.
    const PIECES: &[&str] = &[
        "Fix a leak",
        " ",
        "  ",
        ".",
        "\n",
        "(",
        ")",
        "[",
        "]",
        ", ",
        ",",
        ";",
        " and ",
        " by ",
        "both ",
        "#123",
        "@user-1",
        "@é",
        "[#107568](https://github.com/kubernetes/kubernetes/pull/107568)",
        "[#88](https://github.com/kubernetes/kubernetes/pull/88381)",
        "[#1](https://github.com/kubernetes/kubernetes/issues/1)",
        "[#7](https://github.com/o/r/pull/7?x#y)",
        "[o/r#2](https://github.com/o/r/pull/2)",
        "[#3]( http://www.github.com/kubernetes/kubernetes/pull/3/files )",
        "[#4](https://example.com/pull/4)",
        "[@jiahuif](https://github.com/jiahuif)",
        "[ @a_b ](https://github.com/a_b)",
        "[@x y](https://github.com/x)",
        " [SIG ",
        " [sig ",
        "API Machinery",
        "Node",
        "Cloud Provider",
        "Some Group",
        " Courtesy of SIG Node",
        " courtesy of sig apps, and SIG Scheduling",
        "COURTESY OF SIG auth.",
        "ourtesy of",
        "**",
        "_",
        "\u{a0}",
        "é",
        "\t",
        "\u{2003}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_the_oracle_on_generated_texts(
            picks in proptest::collection::vec(0..PIECES.len(), 0..14),
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            prop_assert_eq!(reference::split_reference(&text), super::split_reference(&text));
        }

        #[test]
        fn sig_lists_agree_with_the_oracle(
            picks in proptest::collection::vec(0..PIECES.len(), 0..10),
        ) {
            let list: String = picks.iter().map(|&i| PIECES[i]).collect();
            prop_assert_eq!(reference::split_sigs(&list), super::split_sigs(&list));
        }
    }
}
