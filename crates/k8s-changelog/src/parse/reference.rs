//! The trailing reference of a note: `([#N](…), [@author](…)) [SIG A, B and C]`, in every
//! spelling the eras use (`(#N, @author)`, several PRs, other repositories, "Courtesy of SIG X").

use crate::model::sig_from_label;
use regex::Regex;
use std::sync::LazyLock;

/// What a reference names.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Reference {
    pub(crate) prs: Vec<u64>,
    pub(crate) external_prs: Vec<String>,
    /// kubernetes/kubernetes issue links, which some hand-written references use.
    pub(crate) issues: Vec<u64>,
    pub(crate) authors: Vec<String>,
    pub(crate) sigs: Vec<String>,
    /// Set when the text ends with a `[SIG …]` or "Courtesy of SIG …" suffix.
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

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\[\s*#(\d+)\]\(\s*([^)\s]*)\s*\)",              // [#N](url)
        r"|\[([\w.-]+/[\w.-]+)#(\d+)\]\(\s*[^)\s]*\s*\)", // [owner/repo#N](url)
        r"|\[\s*@([\w-]+)\]\(\s*[^)\s]*\s*\)",            // [@login](url)
        r"|#(\d+)",                                       // #N
        r"|@([\w-]+)",                                    // @login
    ))
    .expect("reference token regex")
});

static REPO_OF_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"github\.com/([\w.-]+/[\w.-]+)/(pull|issues)/\d+").expect("url regex")
});

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
pub(crate) fn split_reference(text: &str) -> Option<(&str, Reference)> {
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
        if let Some(open) = text.rfind("[SIG ").or_else(|| text.rfind("[sig ")) {
            let inner = &text[open + 5..text.len() - 1];
            if !inner.contains(['[', ']']) {
                reference.has_sig_suffix = true;
                reference.sigs = split_sigs(inner);
                return open;
            }
        }
    }
    if let Some(m) = COURTESY.captures(text) {
        let whole = m.get(0).map_or(text.len(), |g| g.start());
        reference.has_sig_suffix = true;
        reference.sigs = split_sigs(&m[1].replace("SIG ", "").replace("sig ", ""));
        return whole;
    }
    text.len()
}

/// Splits `API Machinery, Auth and Node` into label names.
pub(crate) fn split_sigs(list: &str) -> Vec<String> {
    let mut sigs: Vec<String> = Vec::new();
    for part in list.split(',').flat_map(|p| p.split(" and ")) {
        let part = part.trim().trim_start_matches("and ").trim();
        if part.is_empty() {
            continue;
        }
        let label = match sig_from_label(part) {
            Some(known) => known.to_string(),
            None => part.to_ascii_lowercase().replace(' ', "-"),
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
    for (i, b) in head.bytes().enumerate().rev() {
        match b {
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
fn read_group(inner: &str, reference: &mut Reference) -> bool {
    let mut residue_ok = true;
    let mut last = 0;
    let mut found = Reference::default();
    for caps in TOKEN.captures_iter(inner) {
        let m = caps.get(0).expect("whole match");
        residue_ok &= is_separator(&inner[last..m.start()]);
        last = m.end();
        if let (Some(num), Some(url)) = (caps.get(1), caps.get(2)) {
            let Ok(n) = num.as_str().parse::<u64>() else {
                continue;
            };
            match REPO_OF_URL.captures(url.as_str()) {
                Some(c) if &c[1] != "kubernetes/kubernetes" => {
                    found.external_prs.push(format!("{}#{n}", &c[1]))
                }
                Some(c) if &c[2] == "issues" => found.issues.push(n),
                _ => found.prs.push(n),
            }
        } else if let (Some(repo), Some(num)) = (caps.get(3), caps.get(4)) {
            if repo.as_str() == "kubernetes/kubernetes" {
                found.prs.extend(num.as_str().parse::<u64>().ok());
            } else {
                found
                    .external_prs
                    .push(format!("{}#{}", repo.as_str(), num.as_str()));
            }
        } else if let Some(login) = caps.get(5).or_else(|| caps.get(7)) {
            found.authors.push(login.as_str().to_string());
        } else if let Some(num) = caps.get(6) {
            found.prs.extend(num.as_str().parse::<u64>().ok());
        }
    }
    residue_ok &= is_separator(&inner[last..]);
    if !residue_ok || found.is_empty() {
        return false;
    }
    reference.prs = found.prs;
    reference.external_prs = found.external_prs;
    reference.issues = found.issues;
    reference.authors = found.authors;
    true
}

/// What may stand between the tokens of a reference: commas and the words of
/// "[#1](…) by [@a](…) and [#2](…), both by [@b](…)".
fn is_separator(s: &str) -> bool {
    s.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .all(|word| matches!(word, "" | "and" | "by" | "both"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, want_text: &str, prs: &[u64], authors: &[&str], sigs: &[&str]) {
        let (rest, r) = split_reference(text).unwrap_or_else(|| panic!("no reference in {text:?}"));
        assert_eq!(rest, want_text, "{text}");
        assert_eq!(r.prs, prs, "{text}");
        assert_eq!(r.authors, authors, "{text}");
        assert_eq!(r.sigs, sigs, "{text}");
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
