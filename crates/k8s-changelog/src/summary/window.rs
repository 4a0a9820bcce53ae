//! Which releases a week covers: those with an actual date in the window, the known ones
//! left out with a reason, and the next dated release after it.

use super::{CoveredRelease, Excluded, SummaryError};
use crate::model::Release;
use crate::History;
use chrono::NaiveDate;

/// Releases with an actual date in the window, and the known releases left out with reasons.
///
/// A week without a release is still a week to write about when anything is known about it:
/// its merges (`has_merges`), or known dates on both sides of it. Only a week outside every
/// known date, with no merges given, is an error ([`SummaryError::NoReleases`]), as is a
/// history without dates and no merges ([`SummaryError::NoDates`]).
pub(super) fn in_window(
    history: &History,
    since: NaiveDate,
    until: NaiveDate,
    has_merges: bool,
) -> Result<(Vec<&Release>, Vec<Excluded>), SummaryError> {
    let first = history.dates().map(|(_, d)| d.date).min();
    let last = history.dates().map(|(_, d)| d.date).max();
    let (Some(first), Some(last)) = (first, last) else {
        return if has_merges {
            Ok((Vec::new(), Vec::new()))
        } else {
            Err(SummaryError::NoDates)
        };
    };
    let inside = |d: NaiveDate| d >= since && d <= until;
    let mut covered = Vec::new();
    let mut excluded = Vec::new();
    for r in history.releases() {
        match history.date(&r.semver) {
            Some(d) if inside(d.date) && !d.planned => covered.push(r),
            Some(d) if inside(d.date) => excluded.push(Excluded {
                version: r.version.clone(),
                reason: format!("its date ({}) is a planned date, not a tag's", d.date),
            }),
            Some(_) => {}
            None if undated_neighbours_bracket(history, r, since, until) => {
                excluded.push(Excluded {
                    version: r.version.clone(),
                    reason: "no date is known for it; it may have been published this week".into(),
                })
            }
            None => {}
        }
    }
    // Planned dates of tags the changelogs do not have yet.
    for (version, d) in history.dates() {
        if d.planned && inside(d.date) && history.get(version).is_none() {
            excluded.push(Excluded {
                version: format!("v{version}"),
                reason: format!("planned for {}, not in the changelogs", d.date),
            });
        }
    }
    excluded.sort_by(|a, b| a.version.cmp(&b.version));
    let known_around = first <= until && since <= last;
    if covered.is_empty() && !has_merges && !known_around {
        let mut hints = Vec::new();
        if !excluded.is_empty() {
            let names: Vec<&str> = excluded.iter().map(|e| e.version.as_str()).collect();
            hints.push(format!("left out: {}", names.join(", ")));
        }
        hints.push(if until < first {
            format!("the first known release date is {first}")
        } else {
            format!("the last known date is {last}")
        });
        hints.push("give the week's merges (--checkout PATH or --github) for a post".into());
        return Err(SummaryError::NoReleases {
            since,
            until,
            hint: Some(hints.join("; ")),
        });
    }
    Ok((covered, excluded))
}

/// An undated release whose dated neighbours on its line (the tags before and after it) lie on
/// either side of the window's start or end: it may have been published in the window.
fn undated_neighbours_bracket(
    history: &History,
    release: &Release,
    since: NaiveDate,
    until: NaiveDate,
) -> bool {
    let line: Vec<&Release> = history
        .line(release.semver.major, release.semver.minor)
        .collect();
    let Some(i) = line.iter().position(|r| r.semver == release.semver) else {
        return false;
    };
    let before = line[..i]
        .iter()
        .rev()
        .find_map(|r| history.date(&r.semver))
        .map(|d| d.date);
    let after = line[i + 1..]
        .iter()
        .find_map(|r| history.date(&r.semver))
        .map(|d| d.date);
    matches!((before, after), (Some(b), Some(a)) if b <= until && a >= since)
}

pub(super) fn next_release(history: &History, until: NaiveDate) -> Option<(CoveredRelease, bool)> {
    history
        .dates()
        .filter(|(_, d)| d.date > until)
        .min_by(|(va, a), (vb, b)| (a.date, *va).cmp(&(b.date, *vb)))
        .map(|(v, d)| {
            (
                CoveredRelease {
                    version: format!("v{v}"),
                    date: Some(d.date),
                },
                d.planned,
            )
        })
}
