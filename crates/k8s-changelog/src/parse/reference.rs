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
    pub(crate) authors: Vec<String>,
    pub(crate) sigs: Vec<String>,
    /// Set when the text ends with a `[SIG …]` or "Courtesy of SIG …" suffix.
    pub(crate) has_sig_suffix: bool,
}

impl Reference {
    pub(crate) fn is_empty(&self) -> bool {
        self.prs.is_empty()
            && self.external_prs.is_empty()
            && self.authors.is_empty()
            && !self.has_sig_suffix
    }
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\[\s*#(\d+)\]\(([^)\s]*)\)",              // [#N](url)
        r"|\[([\w.-]+/[\w.-]+)#(\d+)\]\([^)\s]*\)", // [owner/repo#N](url)
        r"|\[\s*@([\w-]+)\]\([^)\s]*\)",            // [@login](url)
        r"|#(\d+)",                                 // #N
        r"|@([\w-]+)",                              // @login
    ))
    .expect("reference token regex")
});

static REPO_OF_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"github\.com/([\w.-]+/[\w.-]+)/(?:pull|issues)/\d+").expect("url regex")
});

static COURTESY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*courtesy of ((?:sig [\w -]+?)(?:,? (?:and )?sig [\w -]+?)*)\.?$")
        .expect("courtesy regex")
});

/// Splits the reference off the end of `text`: returns the text without it and what it named.
/// Returns `None` when the text does not end with a reference.
pub(crate) fn split_reference(text: &str) -> Option<(&str, Reference)> {
    let mut reference = Reference::default();
    let mut end = text.trim_end().len();
    end = strip_sig_suffix(&text[..end], &mut reference);
    let mut groups = 0;
    loop {
        let head = text[..end].trim_end().trim_end_matches('.').trim_end();
        if !head.ends_with(')') || groups == 3 {
            break;
        }
        let Some(open) = matching_open(head) else {
            break;
        };
        let inner = &head[open + 1..head.len() - 1];
        if !read_group(inner, &mut reference) {
            break;
        }
        end = open;
        groups += 1;
    }
    if groups == 0 && !reference.has_sig_suffix {
        return None;
    }
    if groups == 0 {
        // A SIG suffix without a PR group: still a reference (krel writes it for PR-less notes).
        end = text[..end].trim_end().len();
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
            let Ok(n) = num.as_str().parse() else {
                continue;
            };
            match REPO_OF_URL.captures(url.as_str()).map(|c| c[1].to_string()) {
                Some(repo) if repo != "kubernetes/kubernetes" => {
                    found.external_prs.push(format!("{repo}#{n}"))
                }
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
    if !residue_ok
        || (found.prs.is_empty() && found.external_prs.is_empty() && found.authors.is_empty())
    {
        return false;
    }
    // Groups are read from the end backwards; keep the text order.
    found.prs.append(&mut reference.prs);
    found.external_prs.append(&mut reference.external_prs);
    found.authors.append(&mut reference.authors);
    reference.prs = found.prs;
    reference.external_prs = found.external_prs;
    reference.authors = found.authors;
    true
}

fn is_separator(s: &str) -> bool {
    s.chars().all(|c| c == ',' || c == ' ' || c == ';') || s.trim() == "and" || s.trim() == ", and"
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
        check("Pair ([#1](https://github.com/kubernetes/kubernetes/pull/1)) ([#2](https://github.com/kubernetes/kubernetes/pull/2))", "Pair", &[1, 2], &[], &[]);
        let (_, r) = split_reference("Targeting ([#360](https://github.com/kubernetes/enhancements/issues/360), [@justinsb](https://github.com/justinsb))").unwrap();
        assert_eq!(r.external_prs, ["kubernetes/enhancements#360"]);
        assert!(split_reference("Nothing here (really)").is_none());
        assert!(split_reference("Unbalanced ) text )").is_none());
    }
}
