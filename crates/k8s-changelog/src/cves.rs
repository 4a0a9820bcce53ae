//! Every CVE a history mentions: the security advisories (`Release.security`) and every CVE id
//! in notes (`Note.cves`) or anywhere else in a release (`Release.cves`), one entry per id.

use crate::model::Release;
use crate::sentence::first_sentence;
use crate::History;
use serde::Serialize;

/// One CVE across the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CveEntry {
    /// `CVE-2021-25741`.
    pub id: String,
    /// The advisory's title; else the first sentence of the first note mentioning the id; else
    /// of the first other block (a known issue, a theme) that does.
    pub title: Option<String>,
    /// From an advisory, where one states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvss_rating: Option<String>,
    /// The CVSS base score, 0.0 to 10.0 (`8.8`), from an advisory; `None` when no advisory gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvss_score: Option<f32>,
    /// The CVSS vector from an advisory (`CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H`); `None`
    /// when no advisory gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cvss_vector: Option<String>,
    /// The advisories' affected-version lists, as written, de-duplicated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub affected: Vec<String>,
    /// The advisories' fixed-version lists, as written, de-duplicated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<String>,
    /// Every release whose section mentions the id (advisory, note or prose), oldest first.
    pub releases: Vec<String>,
    /// The PRs of the notes mentioning the id, in order of first appearance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prs: Vec<u64>,
}

/// Every CVE of `history`, sorted by id (numerically: `CVE-2019-9512` before `CVE-2019-11246`).
pub fn cves(history: &History) -> Vec<CveEntry> {
    let mut entries: Vec<CveEntry> = Vec::new();
    let index_of = |entries: &mut Vec<CveEntry>, id: &str| -> usize {
        if let Some(i) = entries.iter().position(|e| e.id == id) {
            return i;
        }
        entries.push(CveEntry {
            id: id.to_string(),
            title: None,
            cvss_rating: None,
            cvss_score: None,
            cvss_vector: None,
            affected: Vec::new(),
            fixed: Vec::new(),
            releases: Vec::new(),
            prs: Vec::new(),
        });
        entries.len() - 1
    };
    // Advisory titles win over note sentences, so a note title is only a fallback.
    let mut fallback_titles: Vec<Option<String>> = Vec::new();
    for release in history.releases() {
        for advisory in &release.security {
            let i = index_of(&mut entries, &advisory.id);
            let entry = &mut entries[i];
            if entry.title.is_none() && !advisory.title.trim().is_empty() {
                entry.title = Some(advisory.title.trim().to_string());
            }
            entry.cvss_rating = entry.cvss_rating.take().or(advisory.cvss_rating.clone());
            entry.cvss_score = entry.cvss_score.or(advisory.cvss_score);
            entry.cvss_vector = entry.cvss_vector.take().or(advisory.cvss_vector.clone());
            extend_unique(&mut entry.affected, &advisory.affected);
            extend_unique(&mut entry.fixed, &advisory.fixed);
            mention(entry, release);
        }
        for note in &release.notes {
            for id in &note.cves {
                let i = index_of(&mut entries, id);
                fallback_titles.resize(entries.len(), None);
                if fallback_titles[i].is_none() {
                    fallback_titles[i] = Some(first_sentence(&note.text));
                }
                let entry = &mut entries[i];
                if let Some(pr) = note.pr() {
                    if !entry.prs.contains(&pr) {
                        entry.prs.push(pr);
                    }
                }
                mention(entry, release);
            }
        }
        for id in &release.cves {
            let i = index_of(&mut entries, id);
            fallback_titles.resize(entries.len(), None);
            if fallback_titles[i].is_none() {
                fallback_titles[i] = release
                    .prose
                    .iter()
                    .find(|p| p.text.contains(id.as_str()))
                    .map(|p| first_sentence(&p.text));
            }
            mention(&mut entries[i], release);
        }
    }
    fallback_titles.resize(entries.len(), None);
    for (entry, fallback) in entries.iter_mut().zip(fallback_titles) {
        if entry.title.is_none() {
            entry.title = fallback;
        }
    }
    entries.sort_by_key(|e| sort_key(&e.id));
    entries
}

fn mention(entry: &mut CveEntry, release: &Release) {
    // Releases come oldest first, so a repeat is always the last one pushed.
    if entry.releases.last() != Some(&release.version) {
        entry.releases.push(release.version.clone());
    }
}

fn extend_unique(into: &mut Vec<String>, from: &[String]) {
    for item in from {
        if !into.contains(item) {
            into.push(item.clone());
        }
    }
}

/// `(year, number)`, so ids sort as numbers; malformed ids sort last, by text.
fn sort_key(id: &str) -> (u32, u64, String) {
    let mut parts = id.split('-').skip(1);
    let year = parts
        .next()
        .and_then(|y| y.parse().ok())
        .unwrap_or(u32::MAX);
    let number = parts
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX);
    (year, number, id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_numerically() {
        let mut ids = vec!["CVE-2019-11246", "CVE-2019-9512", "CVE-2018-1002105"];
        ids.sort_by_key(|id| sort_key(id));
        assert_eq!(ids, ["CVE-2018-1002105", "CVE-2019-9512", "CVE-2019-11246"]);
    }

    #[test]
    fn notes_and_advisories_merge_by_id() {
        let text = "# v1.2.1\n\n## Changelog since v1.2.0\n\n### Other notable changes\n\n\
                    * Fix CVE-2016-5195 in the base image. More text. ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a))\n\n\
                    # v1.3.1\n\n## Changelog since v1.3.0\n\n### Other notable changes\n\n\
                    * Also CVE-2016-5195 ([#2](https://github.com/kubernetes/kubernetes/pull/2), [@a](https://github.com/a))\n";
        let history = History::new(crate::parse(text, "t.md"));
        let all = cves(&history);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].id, "CVE-2016-5195");
        assert_eq!(
            all[0].title.as_deref(),
            Some("Fix CVE-2016-5195 in the base image")
        );
        assert_eq!(all[0].releases, ["v1.2.1", "v1.3.1"]);
        assert_eq!(all[0].prs, [1, 2]);
    }
}
