//! The trailing reference of a note: `([#N](…), [@author](…)) [SIG A, B and C]`, in every
//! spelling the eras use (`(#N, @author)`, several PRs, other repositories, "Courtesy of SIG X").

use super::lines::{trim, trim_end};
use crate::model::sig_from_label;
use memchr::memmem;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// What a reference names.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Reference {
    pub(crate) prs: Vec<u64>,
    pub(crate) external_prs: Vec<String>,
    /// kubernetes/kubernetes issue links, which some hand-written references use.
    pub(crate) issues: Vec<u64>,
    pub(crate) authors: Vec<String>,
    pub(crate) sigs: Vec<Cow<'static, str>>,
    /// Set when the text ends with a `[SIG …]` or "Courtesy of SIG …" suffix, or its group ends
    /// with a `[SIG …]` token.
    pub(crate) has_sig_suffix: bool,
}

impl Reference {
    /// Names a PR or an author: the reference of a change, not a link to an issue.
    pub(crate) fn names_change(&self) -> bool {
        !(self.prs.is_empty() && self.external_prs.is_empty() && self.authors.is_empty())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.prs.is_empty()
            && self.external_prs.is_empty()
            && self.issues.is_empty()
            && self.authors.is_empty()
            && !self.has_sig_suffix
    }
}

/// The words every "Courtesy of SIG …" suffix holds: a cheap test before [`COURTESY`].
static COURTESY_WORDS: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("ourtesy of"));

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
///
/// One backward scan of the tail (the SIG suffix, then the group from its `)` to its `(`) and one
/// forward scan of the group's tokens, on bytes; the previous reader is kept in the tests
/// (`reference_oracle.rs`), which check that both agree on every text of the corpus.
pub(crate) fn split_reference(text: &str) -> Option<(&str, Reference)> {
    #[cfg(test)]
    tests::record(text);
    let mut reference = Reference::default();
    let mut end = trim_end(text).len();
    end = strip_sig_suffix(&text[..end], &mut reference);
    let head = trim_end(trim_end(&text[..end]).trim_end_matches('.'));
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
    Some((trim_end(&text[..end]), reference))
}

/// `text.trim_start_matches(|c| c == ',' || c == ';' || c.is_whitespace())`, byte by byte
/// over ASCII.
fn skip_separators(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        match bytes[start] {
            b',' | b';' | b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => start += 1,
            b if b >= 0x80 => {
                return text[start..]
                    .trim_start_matches(|c: char| c == ',' || c == ';' || c.is_whitespace())
            }
            _ => break,
        }
    }
    &text[start..]
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
    let courtesy = courtesy_tail(text)
        .then(|| COURTESY_WORDS.find(text.as_bytes()))
        .flatten()
        .and_then(|_| COURTESY.captures(text));
    if let Some(m) = courtesy {
        let whole = m.get(0).map_or(text.len(), |g| g.start());
        reference.has_sig_suffix = true;
        reference.sigs = split_sigs(&m[1].replace("SIG ", "").replace("sig ", ""));
        return whole;
    }
    text.len()
}

/// Whether [`COURTESY`] can match at the end of `text`: its match, from `\s*` to the end, holds
/// only whitespace, word characters, ` `, `-`, `,` and `.` (any non-ASCII byte is let through),
/// and holds "of" in some case. Most texts end with `)` or `]`: no search of the whole text.
fn courtesy_tail(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut start = bytes.len();
    while start > 0 {
        let b = bytes[start - 1];
        let allowed = b.is_ascii_alphanumeric()
            || b >= 0x80
            || matches!(
                b,
                b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b'_' | b'-' | b',' | b'.'
            );
        if !allowed {
            break;
        }
        start -= 1;
    }
    bytes[start..]
        .windows(2)
        .any(|w| w.eq_ignore_ascii_case(b"of"))
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
pub(crate) fn link_split(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b']', bytes).find(|&i| bytes.get(i + 1) == Some(&b'('))
}

/// Splits `API Machinery, Auth and Cloud Provider` into label names: the parts between commas
/// and `" and "`s (as `list.split(',').flat_map(|p| p.split(" and "))` cuts them, in one scan).
pub(crate) fn split_sigs(list: &str) -> Vec<Cow<'static, str>> {
    let mut sigs: Vec<Cow<'static, str>> = Vec::new();
    let bytes = list.as_bytes();
    let (mut from, mut at) = (0, 0);
    while at <= bytes.len() {
        let cut = match bytes.get(at) {
            None => Some(0),
            Some(b',') => Some(1),
            Some(b' ') if bytes[at..].starts_with(b" and ") => Some(5),
            _ => None,
        };
        let Some(skip) = cut else {
            at += 1;
            continue;
        };
        add_sig(&mut sigs, &list[from..at]);
        at += skip.max(1);
        from = at;
    }
    sigs
}

/// Adds one part of a SIG list (see [`split_sigs`]) unless it is empty or already there.
fn add_sig(sigs: &mut Vec<Cow<'static, str>>, part: &str) {
    let mut part = trim(part);
    // `trim_start_matches("and ")`, without building a substring searcher per part.
    while let Some(rest) = part.strip_prefix("and ") {
        part = rest;
    }
    let part = trim(part);
    if part.is_empty() {
        return;
    }
    let label = match sig_from_label(part) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(part.to_ascii_lowercase().replace(' ', "-")),
    };
    if !sigs.contains(&label) {
        sigs.push(label);
    }
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
        rest = skip_separators(rest);
        let Some(&first) = rest.as_bytes().first() else {
            break;
        };
        let token_len = if first == b'[' {
            // `[label](url)`: the label has no brackets, the URL no parentheses.
            let Some(close) = memchr::memchr(b']', rest.as_bytes()) else {
                return false;
            };
            if rest.as_bytes().get(close + 1) != Some(&b'(') {
                // `[SIG A, B]` as the group's last token: one note of v1.20.0 puts its SIG
                // list inside the parentheses (`…, [@a](…), [SIG API Machinery, Node])`).
                match group_sig_list(&rest[1..close], &rest[close + 1..]) {
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
            let (label, url) = (&rest[1..close], &rest[close + 2..close + 2 + end]);
            if !read_link(trim(label), trim(url), &mut found) {
                return false;
            }
            rest = &rest[close + 2 + end + 1..];
            continue;
        } else if first == b'#' || first == b'@' {
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
        if !read_link(&rest[..token_len], "", &mut found) {
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

/// The SIGs of a group's last token `[SIG A, B and C]` (its label `label`, `after` the text
/// after its `]`): `None` unless the label names SIGs and nothing but blanks follows.
pub(super) fn group_sig_list(label: &str, after: &str) -> Option<Vec<Cow<'static, str>>> {
    let list = label
        .strip_prefix("SIG ")
        .or_else(|| label.strip_prefix("sig "))?;
    (trim(after).is_empty() && !trim(list).is_empty()).then(|| split_sigs(list))
}

/// Adds one token to `found`: a link's label and URL (`#1`, `o/r#2`, `@a`; trimmed), or a bare
/// `#3` or `@b` with no URL; false if the token is none of these.
fn read_link(label: &str, url: &str, found: &mut Reference) -> bool {
    if let Some(login) = label.strip_prefix('@') {
        let valid = !login.is_empty() && login.bytes().all(is_login_byte);
        if valid {
            push_one(&mut found.authors, login.to_string());
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
        _ => push_one(&mut found.prs, n),
    }
    true
}

/// Pushes `item`, giving an empty list room for one only: most notes name one PR and one
/// author, and a list of four (what `Vec::push` makes room for) is that much more memory to
/// write, keep and free for every note.
fn push_one<T>(list: &mut Vec<T>, item: T) {
    if list.capacity() == 0 {
        list.reserve_exact(1);
    }
    list.push(item);
}

/// A byte of a GitHub login or of a `#N` token: an ASCII letter or digit, `-` or `_`.
fn is_login_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// The number of decimal digits of `n`, as `n.to_string().len()` counts them.
fn digits(n: u64) -> u32 {
    n.checked_ilog10().map_or(1, |d| d + 1)
}

/// Where the first `byte` of a short `text` is: a plain loop, cheaper than memchr's setup for
/// the few bytes of a URL's path segment.
fn find_byte(text: &[u8], byte: u8) -> Option<usize> {
    text.iter().position(|&b| b == byte)
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
    let owner = find_byte(bytes, b'/')?;
    let repo = owner + 1 + find_byte(&bytes[owner + 1..], b'/')?;
    let rest = &path[repo + 1..];
    let (kind, number) = match find_byte(rest.as_bytes(), b'/') {
        Some(end) => (&rest[..end], Some(&rest[end + 1..])),
        None => (rest, None),
    };
    let issues = match kind {
        "pull" => false,
        "issues" => true,
        _ => return None,
    };
    let number = number.and_then(|n| {
        let n = &n[..find_byte(n.as_bytes(), b'/').unwrap_or(n.len())];
        let end = n.bytes().position(|b| b == b'#' || b == b'?');
        n[..end.unwrap_or(n.len())].parse().ok()
    });
    Some((&path[..repo], issues, number))
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::reference_oracle as oracle;
    use super::*;
    use std::cell::RefCell;

    thread_local! {
        /// Every text handed to [`split_reference`] on this thread while [`recorded`] runs.
        static SEEN: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
    }

    pub(in crate::parse) fn record(text: &str) {
        SEEN.with(|seen| {
            if let Some(texts) = seen.borrow_mut().as_mut() {
                texts.push(text.to_string());
            }
        });
    }

    /// The texts `run` hands to [`split_reference`].
    pub(in crate::parse) fn recorded(run: impl FnOnce()) -> Vec<String> {
        SEEN.with(|seen| *seen.borrow_mut() = Some(Vec::new()));
        run();
        SEEN.with(|seen| seen.borrow_mut().take().unwrap_or_default())
    }

    fn check(text: &str, want_text: &str, prs: &[u64], authors: &[&str], sigs: &[&str]) {
        let (rest, r) = split_reference(text).unwrap_or_else(|| panic!("no reference in {text:?}"));
        assert_eq!(rest, want_text, "{text}");
        assert_eq!(r.prs, prs, "{text}");
        assert_eq!(r.authors, authors, "{text}");
        assert_eq!(r.sigs, sigs, "{text}");
    }

    #[test]
    fn github_targets() {
        let t = github_target;
        assert_eq!(
            t("https://github.com/kubernetes/kubernetes/pull/12"),
            Some(("kubernetes/kubernetes", false, Some(12)))
        );
        assert_eq!(
            t("https://github.com/o/r/issues/3#issuecomment-1"),
            Some(("o/r", true, Some(3)))
        );
        assert_eq!(
            t("https://github.com/o/r/pull/4?x=1"),
            Some(("o/r", false, Some(4)))
        );
        assert_eq!(
            t("https://github.com/o/r/pull/4/files"),
            Some(("o/r", false, Some(4)))
        );
        assert_eq!(t("https://github.com/o/r/pull"), Some(("o/r", false, None)));
        assert_eq!(
            t("https://github.com/o/r/pull/x"),
            Some(("o/r", false, None))
        );
        assert_eq!(
            t(" http://www.github.com/o/r/pull/5"),
            Some(("o/r", false, Some(5)))
        );
        assert_eq!(t("https://github.com/o/r/commit/5"), None);
        assert_eq!(t("https://github.com/o/r"), None);
        assert_eq!(t("https://github.com/o"), None);
        assert_eq!(t("https://example.com/o/r/pull/5"), None);
    }

    #[test]
    fn sig_lists_split_as_before() {
        for list in [
            "",
            " and ",
            "API Machinery, Auth and Cloud Provider",
            "a and and b",
            "Node,  and Storage and ",
            "and Apps",
            " and  and cli",
            "Windows, windows, Windows",
            "é and ü, Some New Group",
            "Network,,Node",
        ] {
            assert_eq!(split_sigs(list), oracle::split_sigs(list), "{list:?}");
        }
        assert_eq!(
            split_sigs("Node, Apps and API Machinery"),
            ["node", "apps", "api-machinery"]
        );
    }

    #[test]
    fn a_sig_list_inside_the_group_is_read() {
        // CHANGELOG-1.20.md:1938, the only such line of the corpus: it lost its author and SIGs.
        check(
            "The insecure port flags may only be set to 0. ([#95856](https://github.com/kubernetes/kubernetes/pull/95856), [@knight42](https://github.com/knight42), [SIG API Machinery, Node, Testing])",
            "The insecure port flags may only be set to 0.",
            &[95856],
            &["knight42"],
            &["api-machinery", "node", "testing"],
        );
        // A suffix after the group wins; a SIG token anywhere but last, or alone, is no group.
        check(
            "Fix ([#1](https://github.com/kubernetes/kubernetes/pull/1), [SIG Node]) [SIG Apps]",
            "Fix",
            &[1],
            &[],
            &["apps"],
        );
        assert_eq!(
            split_reference(
                "Fix ([SIG Node], [#1](https://github.com/kubernetes/kubernetes/pull/1))"
            ),
            None
        );
        assert_eq!(split_reference("Fix ([SIG Node])"), None);
    }

    #[test]
    fn reference_spellings() {
        check(
            "Fix a leak ([#107568](https://github.com/kubernetes/kubernetes/pull/107568), [@jiahuif](https://github.com/jiahuif)) [SIG API Machinery, Auth and Cloud Provider]",
            "Fix a leak", &[107568], &["jiahuif"], &["api-machinery", "auth", "cloud-provider"],
        );
        check(
            "Fix: ignore the case (#104687, @nilo19) [SIG Cloud Provider]",
            "Fix: ignore the case",
            &[104687],
            &["nilo19"],
            &["cloud-provider"],
        );
        check(
            "Go 1.9.1. ([#55301](https://github.com/kubernetes/kubernetes/pull/55301))",
            "Go 1.9.1.",
            &[55301],
            &[],
            &[],
        );
        check(
            "Two ([#1](https://github.com/kubernetes/kubernetes/pull/1), [#2](https://github.com/kubernetes/kubernetes/pull/2), [@a](https://github.com/a)).",
            "Two", &[1, 2], &["a"], &[],
        );
        check(
            "Throttle ([#67555](https://github.com/kubernetes/kubernetes/pull/67555), [@wgliang](https://github.com/wgliang)) Courtesy of SIG API Machinery, and SIG Scheduling",
            "Throttle", &[67555], &["wgliang"], &["api-machinery", "scheduling"],
        );
        check("Odd ([#54495](https://github.com/kubernetes/kubernetes/pull/54495),[ @mikedanese](https://github.com/mikedanese))", "Odd", &[54495], &["mikedanese"], &[]);
        check(
            "Pair ([#1](https://github.com/kubernetes/kubernetes/pull/1)) ([#2](https://github.com/kubernetes/kubernetes/pull/2))",
            "Pair ([#1](https://github.com/kubernetes/kubernetes/pull/1))",
            &[2],
            &[],
            &[],
        );
        check(
            "Pairs ([#70494](https://github.com/kubernetes/kubernetes/pull/70494) by [@R](https://github.com/R) and [#71314](https://github.com/kubernetes/kubernetes/pull/71314), both by [@s]( https://github.com/s))",
            "Pairs",
            &[70494, 71314],
            &["R", "s"],
            &[],
        );
        check(
            "Typo ([#8838](https://github.com/kubernetes/kubernetes/pull/88381), [@b](https://github.com/b))",
            "Typo",
            &[88381],
            &["b"],
            &[],
        );
        check(
            "Bare (#105536) in the text ([#116134](https://github.com/kubernetes/kubernetes/pull/116134), [@a](https://github.com/a))",
            "Bare (#105536) in the text",
            &[116134],
            &["a"],
            &[],
        );
        let (_, r) = split_reference(
            "Known ([#32324](https://github.com/kubernetes/kubernetes/issues/32324))",
        )
        .unwrap();
        assert_eq!((r.prs.len(), r.issues.as_slice()), (0, &[32324][..]));
        let (_, r) = split_reference("Targeting ([#360](https://github.com/kubernetes/enhancements/issues/360), [@justinsb](https://github.com/justinsb))").unwrap();
        assert_eq!(r.external_prs, ["kubernetes/enhancements#360"]);
        assert!(split_reference("Nothing here (really)").is_none());
        assert!(split_reference("Unbalanced ) text )").is_none());
    }
}
