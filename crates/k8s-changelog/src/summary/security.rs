//! The CVEs a week's releases fix, from their advisories and the CVE ids their notes mention.

use super::SecurityFix;
use crate::model::{Note, Release};
use crate::sentence::{self, first_sentence};
use crate::History;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// "Fix CVE-2019-11249", "fixes for CVE-2019-9512, CVE-2019-9514", "Fixed CVE-… and CVE-…": the
/// CVEs a fix verb introduces, and the word before it (to leave out "incomplete fixes for").
static FIX_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(\w+\s+)?\b(?:fix(?:e[sd])?|fixes\s+for|fix\s+for|patch(?:e[sd])?|address(?:es|ed)?|resolve[sd]?|mitigate[sd]?)\s+(CVE-\d{4}-\d+(?:\s*(?:,|and|,\s*and)\s*CVE-\d{4}-\d+)*)",
    )
    .expect("fix-of-CVE regex")
});

/// The CVEs a note says it fixes: the ones a fix verb introduces ("Fix CVE-2019-11249:
/// Incomplete fixes for CVE-2019-1002101 and CVE-2019-11246, …" fixes only CVE-2019-11249; an
/// "incomplete fix for" is the history, not this fix). A note without a fix verb before any CVE
/// fixes the CVEs its first sentence names ("CVE-2018-1002105: …", "Bump the GCE debian image
/// (CVE-2016-5195 Dirty COW)"); a CVE it names only later is context, not its fix ("Kubernetes
/// will keep allowing leading zeros … the associated security advisory: CVE-2021-29923", #104368).
fn fixed_by(note: &Note) -> Vec<&str> {
    if note.cves.is_empty() {
        return Vec::new();
    }
    let mut fixed: Vec<&str> = Vec::new();
    let mut fix_verb = false;
    for caps in FIX_OF.captures_iter(&note.text) {
        fix_verb = true;
        let before = caps.get(1).map_or("", |m| m.as_str().trim());
        if before.eq_ignore_ascii_case("incomplete") || before.eq_ignore_ascii_case("partial") {
            continue;
        }
        for id in &note.cves {
            if caps[2].contains(id.as_str()) && !fixed.contains(&id.as_str()) {
                fixed.push(id);
            }
        }
    }
    if !fix_verb {
        let first = first_sentence(&note.text);
        return note
            .cves
            .iter()
            .map(String::as_str)
            .filter(|id| first.contains(id))
            .collect();
    }
    fixed
}

/// CVEs fixed by the releases: their advisories, and CVE ids their notes mention.
pub(super) fn security(releases: &[&Release]) -> Vec<SecurityFix> {
    let mut fixes: Vec<SecurityFix> = Vec::new();
    let mut add =
        |id: &str, title: String, rating: Option<String>, score: Option<f32>, release: &str| {
            match fixes.iter_mut().find(|f| f.id == id) {
                Some(f) => {
                    if !f.releases.iter().any(|r| r == release) {
                        f.releases.push(release.to_string());
                    }
                    if f.cvss_rating.is_none() {
                        f.cvss_rating = rating;
                        f.cvss_score = score;
                    }
                }
                None => fixes.push(SecurityFix {
                    id: id.to_string(),
                    title,
                    cvss_rating: rating,
                    cvss_score: score,
                    url: crate::links::cve_url(id),
                    releases: vec![release.to_string()],
                    first_released: None,
                }),
            }
        };
    for r in releases {
        for a in &r.security {
            add(
                &a.id,
                a.title.clone(),
                a.cvss_rating.clone(),
                a.cvss_score,
                &r.version,
            );
        }
        for n in &r.notes {
            for id in fixed_by(n) {
                add(id, sentence::title(&n.text, 80), None, None, &r.version);
            }
        }
    }
    fixes.sort_by(|a, b| a.id.cmp(&b.id));
    fixes
}

/// Marks the fixes a release (not a pre-release) dated before `since` already carried (by its advisories or a note
/// that fixes the CVE, [`fixed_by`]) with the first such release: v1.16.0 (2019-09-18) carries
/// the fix of CVE-2019-11247, released in v1.15.2 and its siblings on 2019-08-05.
pub(super) fn first_released(fixes: &mut [SecurityFix], history: &History, since: NaiveDate) {
    for fix in fixes.iter_mut().filter(|f| !f.releases.is_empty()) {
        let mut first: Option<(Vec<&Release>, NaiveDate)> = None;
        // Releases, not pre-releases: a user of a release did not have the fix before.
        for r in history.releases().iter().filter(|r| !r.is_prerelease()) {
            let Some(date) = history
                .date(&r.semver)
                .filter(|d| !d.planned && d.date < since)
            else {
                continue;
            };
            let carries = r.security.iter().any(|a| a.id == fix.id)
                || r.notes
                    .iter()
                    .any(|n| fixed_by(n).contains(&fix.id.as_str()));
            if !carries {
                continue;
            }
            match &mut first {
                Some((tags, day)) if *day == date.date => tags.push(r),
                Some((_, day)) if *day < date.date => {}
                _ => first = Some((vec![r], date.date)),
            }
        }
        fix.first_released = first.map(|(mut releases, day)| {
            releases.sort_by(|a, b| b.semver.cmp(&a.semver));
            (releases.iter().map(|r| r.version.clone()).collect(), day)
        });
    }
}

/// Adds the CVEs the week's merged notes mention (with the PR's title) that no release fixes
/// yet: announced or fixed on the main branch, `releases` empty.
pub(super) fn add_merged(fixes: &mut Vec<SecurityFix>, notes: &[(Note, String)]) {
    for (note, title) in notes {
        for id in &note.cves {
            if !fixes.iter().any(|f| &f.id == id) {
                fixes.push(SecurityFix {
                    id: id.clone(),
                    title: if title.is_empty() {
                        sentence::title(&note.text, 80)
                    } else {
                        title.clone()
                    },
                    cvss_rating: None,
                    cvss_score: None,
                    url: crate::links::cve_url(id),
                    releases: Vec::new(),
                    first_released: None,
                });
            }
        }
    }
    fixes.sort_by(|a, b| a.id.cmp(&b.id));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> Vec<String> {
        let changelog = crate::parse(
            &format!("# v1.15.2\n\n## Other notable changes\n\n* {text} ([#1](https://github.com/kubernetes/kubernetes/pull/1))\n"),
            "CHANGELOG-1.15.md",
        );
        let note = &changelog.releases[0].notes[0];
        fixed_by(note).into_iter().map(str::to_string).collect()
    }

    /// CHANGELOG-1.15.md line 873 and friends.
    #[test]
    fn a_note_fixes_the_cves_a_fix_verb_introduces() {
        assert_eq!(
            fixed(
                "Fix CVE-2019-11249: Incomplete fixes for CVE-2019-1002101 and CVE-2019-11246, \
                 kubectl cp potential directory traversal"
            ),
            ["CVE-2019-11249"]
        );
        assert_eq!(
            fixed(
                "Update golang/x/net dependency to bring in fixes for CVE-2019-9512, CVE-2019-9514"
            ),
            ["CVE-2019-9512", "CVE-2019-9514"]
        );
        assert_eq!(
            fixed("CVE-2018-1002105: Fix privilege escalation via a proxied request"),
            ["CVE-2018-1002105"]
        );
        assert_eq!(
            fixed("Fixes a regression of the fix for CVE-2020-8555"),
            ["CVE-2020-8555"]
        );
        assert_eq!(
            fixed("Patch CVE-2016-8859 in alpine based images"),
            ["CVE-2016-8859"]
        );
    }

    /// Without a fix verb, the first sentence says what the note fixes: v1.23.0's #104368 names
    /// CVE-2021-29923 as the advisory users must mind, and keeps the behaviour it is about.
    #[test]
    fn a_cve_named_only_as_context_is_not_fixed() {
        assert_eq!(
            fixed("Bump GCE debian image to container-vm-v20161025 (CVE-2016-5195 Dirty COW)"),
            ["CVE-2016-5195"]
        );
        assert_eq!(
            fixed("Fixes a flaw (CVE-2019-11253) in json/yaml decoding. Bodies are limited."),
            ["CVE-2019-11253"]
        );
        assert_eq!(
            fixed("CVE-2020-8557 (Medium): Node-local denial of service. See the issue."),
            ["CVE-2020-8557"]
        );
        assert!(fixed(
            "Since golang 1.17 both net.ParseIP and net.ParseCIDR rejects leading zeros. \
             Kubernetes will keep allowing leading zeros on IPv4 address to not break the \
             compatibility. Users must not rely on parser alignment to not being impacted by the \
             associated security advisory: CVE-2021-29923 golang standard library"
        )
        .is_empty());
    }
}
