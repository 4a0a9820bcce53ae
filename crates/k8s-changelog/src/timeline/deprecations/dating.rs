//! Dating: the minor a statement counts for ([`CycleReleases`]: a backport counts for the first
//! `x.y.0` or pre-release carrying the same PR or text, so it does not antedate the change), an
//! item's statements grouped into events ([`events_of`]), and its resolved minors
//! ([`resolve`]: first deprecation, first removal after it, or its group/version's removal).

use super::super::is_cycle_release;
use super::items::ItemKey;
use super::{ItemKind, Status, StatusEvent};
use crate::model::{Note, Release};
use crate::History;
use semver::Version;
use std::collections::{BTreeMap, HashMap};

/// The first cycle release (x.y.0 or pre-release) carrying a note, by PR and by text, for
/// dating backports: a cherry-pick cites its own PR but usually repeats the text.
pub(super) struct CycleReleases<'h> {
    by_pr: HashMap<u64, &'h Version>,
    by_text: HashMap<&'h str, &'h Version>,
}

impl<'h> CycleReleases<'h> {
    /// The cycle releases of `history`, indexed by the PRs and texts of their notes.
    pub(super) fn of(history: &'h History) -> CycleReleases<'h> {
        let mut cycle_of_pr: HashMap<u64, &Version> = HashMap::new();
        let mut cycle_of_text: HashMap<&str, &Version> = HashMap::new();
        for release in history.releases() {
            if is_cycle_release(&release.semver) {
                for note in &release.notes {
                    if let Some(pr) = note.pr() {
                        cycle_of_pr.entry(pr).or_insert(&release.semver);
                    }
                    cycle_of_text
                        .entry(note.text.as_str())
                        .or_insert(&release.semver);
                }
            }
        }
        CycleReleases {
            by_pr: cycle_of_pr,
            by_text: cycle_of_text,
        }
    }

    /// The minor a statement of `note` in `release` counts for: a cycle release's own; for a
    /// patch, that of the first cycle release carrying the note's PR, else its text, else the
    /// patch's own.
    pub(super) fn minor_of(&self, release: &'h Release, note: &Note) -> (u64, u64) {
        let dated = if is_cycle_release(&release.semver) {
            &release.semver
        } else {
            note.pr()
                .and_then(|pr| self.by_pr.get(&pr).copied())
                .or_else(|| self.by_text.get(note.text.as_str()).copied())
                .unwrap_or(&release.semver)
        };
        (dated.major, dated.minor)
    }
}

/// One statement about one item.
pub(super) struct Said<'h> {
    /// What it says happened.
    pub(super) status: Status,
    /// The minor it counts for (see [`CycleReleases::minor_of`]).
    pub(super) minor: (u64, u64),
    /// The release whose notes say it.
    pub(super) release: &'h Release,
    /// The note's PR.
    pub(super) pr: Option<u64>,
    /// The sentence.
    pub(super) text: String,
    /// For a deprecation: the removal version it names.
    pub(super) planned: Option<String>,
}

/// An item's statements grouped by minor and status, oldest first: each event names the first
/// statement of the minor's own line (a backport's only when there is none) and every release
/// that says it.
pub(super) fn events_of(said: &[Said<'_>]) -> Vec<StatusEvent> {
    let mut groups: BTreeMap<((u64, u64), Status), Vec<&Said<'_>>> = BTreeMap::new();
    for s in said {
        groups.entry((s.minor, s.status)).or_default().push(s);
    }
    groups
        .into_iter()
        .map(|((minor, status), said)| {
            // The first statement of the minor's own line; a backport only when there is none.
            let first = said
                .iter()
                .filter(|s| (s.release.semver.major, s.release.semver.minor) == minor)
                .min_by(|a, b| a.release.semver.cmp(&b.release.semver))
                .or_else(|| said.first())
                .copied()
                .expect("a group has statements");
            let mut releases: Vec<&Release> = said.iter().map(|s| s.release).collect();
            releases.sort_by(|a, b| a.semver.cmp(&b.semver));
            releases.dedup_by(|a, b| a.semver == b.semver);
            StatusEvent {
                status,
                since: format!("{}.{}", minor.0, minor.1),
                first: first.release.version.clone(),
                releases: releases.iter().map(|r| r.version.clone()).collect(),
                pr: first.pr,
                text: first.text.clone(),
                removal_planned: said.iter().find_map(|s| s.planned.clone()),
            }
        })
        .collect()
}

/// The first minor in which each group/version as a whole ("All resources under
/// `apps/v1beta1`") was removed or no longer served: it applies to the group's resources.
pub(super) fn group_removals(
    statements: &BTreeMap<ItemKey, Vec<Said<'_>>>,
) -> HashMap<String, (u64, u64)> {
    let mut group_removed: HashMap<String, (u64, u64)> = HashMap::new();
    for (key, said) in statements {
        if key.kind == ItemKind::ApiVersion && key.resource.is_none() {
            if let Some(minor) = said
                .iter()
                .filter(|s| s.status != Status::Deprecated)
                .map(|s| s.minor)
                .min()
            {
                group_removed.insert(key.name.clone(), minor);
            }
        }
    }
    group_removed
}

/// An item's timeline, resolved from its statements: minors as `1.16`.
pub(super) struct Resolved {
    /// The first minor that deprecates it.
    pub(super) deprecated_in: Option<String>,
    /// The first minor, not before its deprecation, that removes it or stops serving it, or
    /// its group/version's removal when earlier.
    pub(super) removed_in: Option<String>,
    /// When not removed: the removal version the latest announcement names.
    pub(super) removal_planned: Option<String>,
}

/// Resolves the item `key` from its statements `said`, with the removals of whole
/// group/versions ([`group_removals`]).
pub(super) fn resolve(
    key: &ItemKey,
    said: &[Said<'_>],
    group_removed: &HashMap<String, (u64, u64)>,
) -> Resolved {
    let deprecated = said
        .iter()
        .filter(|s| s.status == Status::Deprecated)
        .map(|s| s.minor)
        .min();
    // A removal stated before the first deprecation is usually of a part (a field, a
    // default value); the item's own removal follows its deprecation.
    let mut removed = said
        .iter()
        .filter(|s| s.status != Status::Deprecated)
        .map(|s| s.minor)
        .filter(|m| deprecated.is_none_or(|d| *m >= d))
        .min();
    if key.kind == ItemKind::ApiVersion && key.resource.is_some() {
        if let Some(group) = group_removed
            .get(&key.name)
            .filter(|g| deprecated.is_none_or(|d| **g >= d))
        {
            removed = Some(removed.map_or(*group, |own| own.min(*group)));
        }
    }
    let removal_planned = match removed {
        Some(_) => None,
        None => said.iter().rev().find_map(|s| s.planned.clone()),
    };
    Resolved {
        deprecated_in: deprecated.map(|(a, b)| format!("{a}.{b}")),
        removed_in: removed.map(|(a, b)| format!("{a}.{b}")),
        removal_planned,
    }
}
