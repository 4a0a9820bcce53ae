//! Links to the places a note points at: pull requests, authors, CVE records, release tags, and
//! the changelog's own reference suffix. One spelling for the CLI, the web and the exports.

use crate::model::sig_display_name;

/// The kubernetes/kubernetes repository.
pub const REPOSITORY: &str = "https://github.com/kubernetes/kubernetes";

/// The page of kubernetes/kubernetes pull request `pr`.
pub fn pr_url(pr: u64) -> String {
    format!("{REPOSITORY}/pull/{pr}")
}

/// The GitHub profile of `login` (without `@`).
pub fn author_url(login: &str) -> String {
    format!("https://github.com/{login}")
}

/// The CVE record of `id` (`CVE-2021-25741`).
pub fn cve_url(id: &str) -> String {
    format!("https://www.cve.org/CVERecord?id={id}")
}

/// The GitHub release page of `tag` (`v1.22.3`).
pub fn release_url(tag: &str) -> String {
    format!("{REPOSITORY}/releases/tag/{tag}")
}

/// The reference the changelog appends to a note, in its own style:
/// `([#N](…), [@a](…)) [SIG A, B and C]`, PRs then authors, SIGs by display name in the order
/// given. Empty when there is nothing to cite; without PRs and authors only the SIG part.
pub fn reference(prs: &[u64], authors: &[String], sigs: &[impl AsRef<str>]) -> String {
    let cited: Vec<String> = prs
        .iter()
        .map(|p| format!("[#{p}]({})", pr_url(*p)))
        .chain(authors.iter().map(|a| format!("[@{a}]({})", author_url(a))))
        .collect();
    let mut out = String::new();
    if !cited.is_empty() {
        out.push_str(&format!("({})", cited.join(", ")));
    }
    let names: Vec<String> = sigs.iter().map(|s| sig_display_name(s.as_ref())).collect();
    if let Some((last, init)) = names.split_last() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str("[SIG ");
        if !init.is_empty() {
            out.push_str(&init.join(", "));
            out.push_str(" and ");
        }
        out.push_str(last);
        out.push(']');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_in_the_changelog_style() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            reference(&[104446], &s(&["feiskyer"]), &s(&["cloud-provider"])),
            "([#104446](https://github.com/kubernetes/kubernetes/pull/104446), \
             [@feiskyer](https://github.com/feiskyer)) [SIG Cloud Provider]"
        );
        assert_eq!(
            reference(&[1, 2], &[], &s(&["api-machinery", "auth", "node"])),
            "([#1](https://github.com/kubernetes/kubernetes/pull/1), \
             [#2](https://github.com/kubernetes/kubernetes/pull/2)) [SIG API Machinery, Auth and Node]"
        );
        assert_eq!(reference(&[], &[], &s(&["node"])), "[SIG Node]");
        assert_eq!(reference(&[], &[], &[] as &[&str]), "");
        assert_eq!(
            cve_url("CVE-2021-25741"),
            "https://www.cve.org/CVERecord?id=CVE-2021-25741"
        );
        assert_eq!(
            release_url("v1.22.3"),
            "https://github.com/kubernetes/kubernetes/releases/tag/v1.22.3"
        );
    }
}
