//! The week's merged PRs in the post: each joined with its changelog note where a release
//! already carries it (the identity rule of [`crate::change`]: the same own PR, or the same
//! text), else read from its labels and release-note block ([`MergedPr::to_note`]); then
//! ranked into Featured PRs, Other Merges, Deprecated and action-required news.

use super::promotions::{promotions, Promotion};
use super::rank::{merge_score, FEATURE_MIN};
use super::updates::merged_updates;
use super::{PostNote, VersionUpdate};
use crate::change::{deprecation, ChangeKey, ChangeSet};
use crate::merges::MergedPr;
use crate::model::{Kind, Note};
use crate::sentence::title;
use crate::History;
use chrono::NaiveDate;
use serde::Serialize;

/// The merges a summary is given, and where they came from.
#[derive(Debug, Clone, Default)]
pub struct Merges {
    /// The source, for the post and the JSON (`git log of ../kubernetes`, `GitHub search`).
    pub source: String,
    /// The PRs; those merged outside the window are left out.
    pub prs: Vec<MergedPr>,
}

/// A merged PR joined with what the changelogs say of it.
#[derive(Debug, Clone)]
pub(super) struct Joined {
    pub(super) pr: MergedPr,
    /// The changelog's note, else the PR's own ([`MergedPr::to_note`]).
    pub(super) note: Note,
    /// The releases whose notes carry it, newest first; empty when none does yet.
    pub(super) releases: Vec<String>,
    /// It has a release note of its own (in a changelog or in its body), not just a title.
    pub(super) has_note: bool,
}

/// One line of "Other Merges": `Ensure the NoExecute node taint is [reconciled correctly](…)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeLine {
    /// The PR number.
    pub pr: u64,
    /// The PR's address ([`crate::links::pr_url`]).
    pub url: String,
    /// The words before the link (the title's verb: `Remove`); may be empty.
    pub lead: String,
    /// The linked words (the rest of the title).
    pub linked: String,
    /// The kind, from the changelog note or the PR's `kind/*` label.
    pub kind: Option<Kind>,
}

/// What the week's merges add to a post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeSections {
    /// Where the merges came from ([`Merges::source`]).
    pub source: String,
    /// PRs merged in the window.
    pub count: usize,
    /// Of those, how many a changelog note already carries.
    pub in_changelogs: usize,
    /// The highest-ranked merges ([`merge_score`]), each with its release note as a paragraph.
    pub featured: Vec<PostNote>,
    /// The other merges, one line each, at most [`SummaryOptions::other_per_kind`]: those with
    /// a release note first, then those whose source cannot tell (git gives only titles), by
    /// score, ties in merge order.
    ///
    /// [`SummaryOptions::other_per_kind`]: super::SummaryOptions::other_per_kind
    pub other: Vec<MergeLine>,
    /// Other merges not listed, beyond the limit.
    pub more: usize,
    /// Merged PRs whose labels are known (GitHub) but that have no release note (`NONE`): not
    /// listed, as LWKD leaves internal changes out.
    pub without_note: usize,
    /// Merges that deprecate or remove something ([`crate::change::deprecation`]).
    pub deprecated: Vec<PostNote>,
    /// Merges that require action from users (`ACTION REQUIRED`, the action-required label).
    pub action_required: Vec<PostNote>,
}

/// What the week's merges give a summary.
pub(super) struct Week {
    pub(super) sections: MergeSections,
    /// The dependency bumps of the merges, for Version Updates.
    pub(super) bumps: Vec<VersionUpdate>,
    pub(super) promotions: Vec<Promotion>,
    /// The notes of the merges that mention a CVE, with their PR's title.
    pub(super) cve_notes: Vec<(Note, String)>,
}

/// Joins the merges of the window with the notes of `history` and gathers their sections.
pub(super) fn week(
    history: &History,
    merges: &Merges,
    window: Option<(NaiveDate, NaiveDate)>,
    featured: usize,
    other_max: usize,
) -> Week {
    let joined = join(history, merges, window);
    let bumps = merged_updates(&joined);
    let bump_prs: Vec<u64> = bumps.iter().filter_map(|b| b.pr).collect();
    let timeline = crate::timeline::feature_gates(history);
    Week {
        sections: sections(merges, &joined, &bump_prs, featured, other_max),
        promotions: promotions(&joined, &timeline),
        cve_notes: joined
            .iter()
            .filter(|j| !j.note.cves.is_empty())
            .map(|j| (j.note.clone(), j.pr.title.clone()))
            .collect(),
        bumps,
    }
}

/// The PRs of `merges` merged from `since` to `until` (all of them without a window), once
/// each, in merge order, joined with the notes of `history`.
pub(super) fn join(
    history: &History,
    merges: &Merges,
    window: Option<(NaiveDate, NaiveDate)>,
) -> Vec<Joined> {
    let mut prs: Vec<MergedPr> = merges
        .prs
        .iter()
        .filter(|p| window.is_none_or(|(since, until)| p.merged >= since && p.merged <= until))
        .cloned()
        .collect();
    prs.sort_by_key(|p| (p.merged, p.number));
    prs.dedup_by_key(|p| p.number);
    let mut joined: Vec<Joined> = prs
        .into_iter()
        .map(|pr| Joined {
            has_note: pr.release_note.is_some(),
            note: pr.to_note(),
            pr,
            releases: Vec::new(),
        })
        .collect();
    let mut week: ChangeSet<usize> = ChangeSet::default();
    for (i, j) in joined.iter().enumerate() {
        week.insert(ChangeKey::of(&j.note), i);
    }
    // Oldest release first: the note of the release that first carried the change wins.
    let mut found = vec![false; joined.len()];
    for release in history.releases() {
        for note in &release.notes {
            let Some(&i) = week.get(&ChangeKey::of(note)) else {
                continue;
            };
            let j = &mut joined[i];
            if !found[i] {
                found[i] = true;
                j.note = note.clone();
                j.has_note = super::is_user_facing(note);
            }
            if !j.releases.contains(&release.version) {
                j.releases.insert(0, release.version.clone());
            }
        }
    }
    joined
}

/// Ranks the joined merges into the post's sections. `bumps` are the PRs Version Updates
/// lists; they are neither featured nor listed again.
pub(super) fn sections(
    merges: &Merges,
    joined: &[Joined],
    bumps: &[u64],
    featured: usize,
    other_max: usize,
) -> MergeSections {
    let post = |j: &Joined| PostNote {
        pr: Some(j.pr.number),
        url: Some(crate::links::pr_url(j.pr.number)),
        title: if j.pr.title.is_empty() {
            title(&j.note.text, 80)
        } else {
            j.pr.title.clone()
        },
        text: j.note.text.clone(),
        kind: j.note.kind,
        score: merge_score(&j.note, j.has_note),
        releases: j.releases.clone(),
    };
    let candidates: Vec<&Joined> = joined
        .iter()
        .filter(|j| !bumps.contains(&j.pr.number))
        .collect();
    let mut ranked: Vec<&Joined> = candidates
        .iter()
        .copied()
        .filter(|j| j.has_note && merge_score(&j.note, true) >= FEATURE_MIN)
        .collect();
    // Stable: ties keep merge order.
    ranked.sort_by_key(|j| std::cmp::Reverse(merge_score(&j.note, j.has_note)));
    ranked.truncate(featured);
    let is_featured = |j: &Joined| ranked.iter().any(|f| f.pr.number == j.pr.number);
    let deprecated: Vec<&Joined> = candidates
        .iter()
        .copied()
        .filter(|j| !is_featured(j) && deprecation(&j.note).is_some())
        .collect();
    let listed =
        |j: &Joined| is_featured(j) || deprecated.iter().any(|d| d.pr.number == j.pr.number);
    // A PR with labels but no release note said `NONE`; git's PRs have neither, and may matter.
    let said_none = |j: &Joined| !j.has_note && !j.pr.labels.is_empty();
    let mut rest: Vec<&Joined> = candidates
        .iter()
        .copied()
        .filter(|j| !listed(j) && !said_none(j) && j.note.kind != Some(Kind::FailingTest))
        .collect();
    rest.sort_by_key(|j| {
        (
            !j.has_note,
            std::cmp::Reverse(merge_score(&j.note, j.has_note)),
        )
    });
    let more = rest.len().saturating_sub(other_max);
    rest.truncate(other_max);
    let other: Vec<MergeLine> = rest.iter().map(|j| merge_line(j)).collect();
    MergeSections {
        source: merges.source.clone(),
        count: joined.len(),
        in_changelogs: joined.iter().filter(|j| !j.releases.is_empty()).count(),
        featured: ranked.iter().map(|j| post(j)).collect(),
        without_note: candidates.iter().filter(|j| said_none(j)).count(),
        other,
        more,
        deprecated: deprecated.iter().map(|j| post(j)).collect(),
        action_required: joined
            .iter()
            .filter(|j| j.note.action_required)
            .map(post)
            .collect(),
    }
}

/// The title as LWKD links it: the leading verb stays outside the link, the object is linked
/// (`Remove [support for basic authentication](…)`). A `component:` prefix is dropped; a
/// one-word title is linked whole.
fn merge_line(j: &Joined) -> MergeLine {
    let title = if j.pr.title.is_empty() {
        title(&j.note.text, 80)
    } else {
        j.pr.title.clone()
    };
    let title = title.trim().trim_end_matches('.');
    let title = match title.split_once(": ") {
        Some((prefix, rest)) if !prefix.contains(' ') && !rest.is_empty() => rest,
        _ => title,
    };
    let (lead, linked) = match title.split_once(' ') {
        Some((verb, rest)) if is_verb(verb) => (verb.to_string(), rest.to_string()),
        _ => (String::new(), title.to_string()),
    };
    MergeLine {
        pr: j.pr.number,
        url: crate::links::pr_url(j.pr.number),
        lead: capitalized(&lead),
        linked,
        kind: j.note.kind,
    }
}

/// An imperative or past-tense verb starting a title (`Remove`, `Fixed`, `Don't`).
fn is_verb(word: &str) -> bool {
    const VERBS: &[&str] = &[
        "add",
        "allow",
        "avoid",
        "bump",
        "change",
        "clean",
        "deprecate",
        "disable",
        "don't",
        "drop",
        "enable",
        "ensure",
        "expose",
        "fix",
        "graduate",
        "implement",
        "improve",
        "introduce",
        "make",
        "move",
        "prevent",
        "promote",
        "reconcile",
        "refactor",
        "remove",
        "rename",
        "replace",
        "revert",
        "set",
        "skip",
        "stop",
        "support",
        "switch",
        "update",
        "upgrade",
        "use",
    ];
    let w = word.to_ascii_lowercase();
    // "Removes", "Changed", "Fixed": the verb with its ending taken off.
    let forms = [
        Some(w.as_str()),
        w.strip_suffix("ed"),
        w.strip_suffix('d'),
        w.strip_suffix('s'),
    ];
    for form in forms.into_iter().flatten() {
        if VERBS.contains(&form) {
            return true;
        }
    }
    false
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(title: &str) -> Joined {
        let pr = MergedPr {
            number: 1,
            title: title.into(),
            author: "a".into(),
            merged: "2020-03-17".parse().unwrap(),
            labels: vec![],
            release_note: None,
        };
        Joined {
            note: pr.to_note(),
            pr,
            releases: vec![],
            has_note: false,
        }
    }

    #[test]
    fn lines_link_the_object_of_the_verb() {
        let line = |t: &str| {
            let l = merge_line(&joined(t));
            (l.lead, l.linked)
        };
        assert_eq!(
            line("Remove the already-deprecated hyperkube images"),
            (
                "Remove".into(),
                "the already-deprecated hyperkube images".into()
            )
        );
        assert_eq!(
            line("kubectl: Don't display auth tokens."),
            ("Don't".into(), "display auth tokens".into())
        );
        assert_eq!(line("fixed a leak"), ("Fixed".into(), "a leak".into()));
        assert_eq!(
            line("Changed the default"),
            ("Changed".into(), "the default".into())
        );
        assert_eq!(
            line("SO_REUSEPORT for kube-apiserver"),
            (String::new(), "SO_REUSEPORT for kube-apiserver".into())
        );
    }
}
