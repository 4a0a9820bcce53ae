//! The CVEs a week's releases fix, from their advisories and the CVE ids their notes mention.

use super::{first_sentence, SecurityFix};
use crate::model::{Note, Release};

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
            for id in &n.cves {
                add(id, first_sentence(&n.text, 80), None, None, &r.version);
            }
        }
    }
    fixes.sort_by(|a, b| a.id.cmp(&b.id));
    fixes
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
                        first_sentence(&note.text, 80)
                    } else {
                        title.clone()
                    },
                    cvss_rating: None,
                    cvss_score: None,
                    url: crate::links::cve_url(id),
                    releases: Vec::new(),
                });
            }
        }
    }
    fixes.sort_by(|a, b| a.id.cmp(&b.id));
}
