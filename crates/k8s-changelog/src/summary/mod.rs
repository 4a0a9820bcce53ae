//! Weekly summaries: what the changelogs say about one week (or one version range), shaped
//! like a "Last Week in Kubernetes Development" post. [`weekly_summary`] gathers the facts into
//! a serializable [`Summary`]; [`render_markdown`] writes the post. Both are pure: the dates
//! come from the [`History`].

mod merged;
mod promotions;
mod rank;
mod render;
mod security;
mod updates;
mod window;

pub use merged::{MergeLine, MergeSections, Merges};
pub use promotions::Promotion;
pub use rank::{merge_score, score, FEATURE_MIN};
pub use render::render_markdown;
use security::security;
use updates::version_updates;
pub use updates::{AlsoIn, VersionUpdate};
use window::{in_window, next_release};

use crate::change::deprecation;
use crate::model::{Kind, Note, Release};
use crate::query::{compare_with, Dedup, PathNote};
use crate::{History, QueryError};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// The releases a summary covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Releases published from `since` to `until`, both days included (UTC).
    Dates {
        /// The first day of the window (UTC), e.g. 2020-03-16.
        since: NaiveDate,
        /// The last day of the window (UTC), included, e.g. 2020-03-22.
        until: NaiveDate,
    },
    /// The releases on the upgrade path from `from` to `to` (see [`compare`](crate::compare)).
    Versions {
        /// The starting tag (`v1.17.3`), as [`compare`](crate::compare) takes it.
        from: String,
        /// The target tag (`v1.18.2`).
        to: String,
    },
}

impl Scope {
    /// The 7 days ending on `day`.
    pub fn week_ending(day: NaiveDate) -> Scope {
        Scope::Dates {
            since: day - Days::new(6),
            until: day,
        }
    }
}

/// How much a summary lists. The default features 5 notes and lists 15 per kind.
#[derive(Debug, Clone)]
pub struct SummaryOptions {
    /// How many notes to feature.
    pub featured: usize,
    /// How many "Other Merges" to list per kind; the rest are counted. An x.y.0 week has
    /// hundreds.
    pub other_per_kind: usize,
    /// The command line that produced the post, for its footer.
    pub command: String,
    /// The week's merged PRs, when a merge source was given: they make the Featured PRs,
    /// Other Merges, Promotions and Deprecated sections, and a week without a release a post.
    pub merges: Option<Merges>,
    /// The Release Schedule section's deadlines and phase, when the release calendars are
    /// given ([`ScheduleHook::at`]).
    pub schedule: Option<ScheduleHook>,
}

/// The release calendar as the post's "Release Schedule" shows it: the phase at the week's
/// end and the deadlines after it ([`ScheduleHook::at`], from the `schedule` module's reader).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScheduleHook {
    /// Where the cycle is (`Code Freeze`, `v1.18.0 released`), shown as a sentence.
    pub phase: Option<String>,
    /// Upcoming deadlines (`2020-03-24`, `v1.18.0 released`), in date order; the first after
    /// the week is the post's "Next Deadline".
    pub deadlines: Vec<(NaiveDate, String)>,
}

/// How far after the week the Release Schedule looks for deadlines.
pub const SCHEDULE_HORIZON_DAYS: u64 = 60;

impl ScheduleHook {
    /// What the calendars say at `week_end`, the week's last day: the phase there and the next
    /// deadlines after it (a few, across every cycle, within [`SCHEDULE_HORIZON_DAYS`]: a post
    /// looks weeks ahead, not to a cycle years away).
    pub fn at(schedules: &crate::schedule::Schedules, week_end: NaiveDate) -> ScheduleHook {
        let after = week_end.checked_add_days(Days::new(1)).unwrap_or(week_end);
        let horizon = week_end
            .checked_add_days(Days::new(SCHEDULE_HORIZON_DAYS))
            .unwrap_or(week_end);
        ScheduleHook {
            phase: Some(schedules.phase_at(week_end).describe()),
            deadlines: schedules
                .next_deadlines(after, 4)
                .into_iter()
                .filter(|d| d.event.date <= horizon)
                .map(|d| (d.event.date, d.event.what))
                .collect(),
        }
    }
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions {
            featured: 5,
            other_per_kind: 15,
            command: "k8s-changelog summary".into(),
            merges: None,
            schedule: None,
        }
    }
}

/// Why no summary could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SummaryError {
    /// A [`Scope::Dates`] summary of a history without any release date.
    #[error("no release dates are known; give a dates source (--dates FILE or --checkout PATH)")]
    NoDates,
    /// No dated release falls in the window.
    #[error("no release was published from {since} to {until}{}", hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default())]
    NoReleases {
        /// The window's first day.
        since: NaiveDate,
        /// The window's last day, included.
        until: NaiveDate,
        /// The known releases left out of the window (`left out: v1.22.4, v1.23.1`); `None`
        /// when there are none.
        hint: Option<String>,
    },
    /// `until` is before `since`.
    #[error("the window ends ({until}) before it starts ({since})")]
    InvertedWindow {
        /// The window's first day, as given.
        since: NaiveDate,
        /// The window's last day, as given.
        until: NaiveDate,
    },
    /// A [`Scope::Versions`] summary whose tags could not be resolved ([`compare`](crate::compare)'s error).
    #[error(transparent)]
    Query(#[from] QueryError),
}

/// A release the summary covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoveredRelease {
    /// The tag (`v1.22.3`).
    pub version: String,
    /// Its publication day; `None` when no dates source has it.
    pub date: Option<NaiveDate>,
}

/// A known release left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// The tag (`v1.22.3`).
    pub version: String,
    /// Why it is left out, a sentence for the reader (`no date is known for it; …`).
    pub reason: String,
}

/// A CVE fixed by the week's releases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityFix {
    /// The CVE id (`CVE-2021-25741`).
    pub id: String,
    /// The advisory's title, or the first sentence of the first note mentioning the CVE.
    pub title: String,
    /// `Low`, `Medium`, `High` or `Critical` from an advisory; `None` when only a note mentions
    /// the CVE.
    pub cvss_rating: Option<String>,
    /// The CVSS base score (0.0–10.0) from an advisory; `None` when there is none.
    pub cvss_score: Option<f32>,
    /// The CVE record ([`crate::links::cve_url`]).
    pub url: String,
    /// The week's releases that carry the fix, newest first.
    pub releases: Vec<String>,
    /// When a release before the week carried the fix already (an `x.y.0` gathers its cycle's
    /// fixes, released before in patches of older lines): the releases of the first day that
    /// did, newest first, and that day.
    pub first_released: Option<(Vec<String>, chrono::NaiveDate)>,
}

/// A note as the post shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostNote {
    /// The note's own PR number; `None` for notes without a reference.
    pub pr: Option<u64>,
    /// The PR's address ([`crate::links::pr_url`]); `None` without a PR.
    pub url: Option<String>,
    /// The first sentence, trimmed to about 80 characters.
    pub title: String,
    /// The whole note, Markdown.
    pub text: String,
    /// The note's kind; `None` where its era gives none.
    pub kind: Option<Kind>,
    /// The importance score ([`score`]) that picks the featured notes; higher is more important.
    pub score: i32,
    /// The covered releases that carried the note, newest first (`v1.22.3`, `v1.21.6`).
    pub releases: Vec<String>,
}

/// Notes of one kind, for "Other Merges".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindGroup {
    /// The krel heading (`Bug or Regression`), or `Other`.
    pub heading: String,
    /// The listed notes (at most [`SummaryOptions::other_per_kind`]), newest release first.
    pub notes: Vec<PostNote>,
    /// Notes of this kind not listed (beyond `SummaryOptions::other_per_kind`).
    pub more: usize,
}

/// Everything a weekly post says, before any layout.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// `Week Ending March 22, 2020`, or `Kubernetes v1.17.3 to v1.18.2`.
    pub title: String,
    /// The window's first day; `None` for a [`Scope::Versions`] summary.
    pub since: Option<NaiveDate>,
    /// The window's last day, included; `None` for a [`Scope::Versions`] summary.
    pub until: Option<NaiveDate>,
    /// The post's date (two days after the week, as LWKD publishes).
    pub post_date: Option<NaiveDate>,
    /// `2020-03-22-update`.
    pub slug: String,
    /// The releases covered, newest first.
    pub releases: Vec<CoveredRelease>,
    /// Known releases left out (undated, or only planned), with the reason.
    pub excluded: Vec<Excluded>,
    /// The next dated release after the window, if the dates source knows one.
    pub next_release: Option<(CoveredRelease, bool)>,
    /// CVEs fixed by the covered releases, sorted by id.
    pub security: Vec<SecurityFix>,
    /// The highest-scoring notes ([`SummaryOptions::featured`] of them).
    pub featured: Vec<PostNote>,
    /// The remaining notes by kind ("Other Merges"), at most [`SummaryOptions::other_per_kind`] each.
    pub other: Vec<KindGroup>,
    /// Notes that are deprecations or speak of deprecating something
    /// ([`crate::change::deprecation`]).
    pub deprecated: Vec<PostNote>,
    /// Dependency bumps: key components first, then other modules.
    pub version_updates: Vec<VersionUpdate>,
    /// Go modules bumped besides those listed.
    pub other_module_updates: usize,
    /// The command line for the post's footer ([`SummaryOptions::command`]).
    pub command: String,
    /// Action-required changes: of the week's merges, and of the covered releases' notes
    /// (Developer News).
    pub action_required: Vec<PostNote>,
    /// What the week's merges make of the post; `None` without a merge source.
    pub merges: Option<MergeSections>,
    /// Feature gates the week's merges move to alpha, beta or GA.
    pub promotions: Vec<Promotion>,
    /// The release calendar ([`SummaryOptions::schedule`]), as given.
    pub schedule: Option<ScheduleHook>,
}

/// Gathers the summary of `scope` from `history` (which must carry dates for `Scope::Dates`).
pub fn weekly_summary(
    history: &History,
    scope: &Scope,
    options: &SummaryOptions,
) -> Result<Summary, SummaryError> {
    let (releases, excluded, title, window) = match scope {
        Scope::Dates { since, until } => {
            if until < since {
                return Err(SummaryError::InvertedWindow {
                    since: *since,
                    until: *until,
                });
            }
            let (covered, excluded) = in_window(history, *since, *until, options.merges.is_some())?;
            let title = format!("Week Ending {}", until.format("%B %-d, %Y"));
            (covered, excluded, title, Some((*since, *until)))
        }
        Scope::Versions { from, to } => {
            // Only the path's releases are read: no timeline is computed for it.
            let path = compare_with(history, from, to, &Default::default(), &Default::default())?;
            let covered: Vec<&Release> = path
                .releases
                .iter()
                .filter_map(|t| history.find(t).ok())
                .collect();
            (
                covered,
                Vec::new(),
                format!("Kubernetes {} to {}", path.from, path.to),
                None,
            )
        }
    };

    // Notes once each, newest release first (the order a weekly reader meets them).
    let mut ordered = releases.clone();
    ordered.sort_by(|a, b| b.semver.cmp(&a.semver));
    let mut dedup = Dedup::default();
    for release in &ordered {
        for note in &release.notes {
            if is_user_facing(note) {
                dedup.add(note, &release.version);
            }
        }
    }
    let is_deprecation: Vec<bool> = dedup
        .entries
        .iter()
        .map(|e| deprecation(&e.note).is_some())
        .collect();
    let is_action: Vec<bool> = dedup
        .entries
        .iter()
        .map(|e| e.note.action_required)
        .collect();
    let mut notes: Vec<PostNote> = dedup.entries.into_iter().map(post_note).collect();
    let released_action: Vec<PostNote> = notes
        .iter()
        .zip(&is_action)
        .filter(|(_, a)| **a)
        .map(|(n, _)| n.clone())
        .collect();

    let deprecated: Vec<PostNote> = notes
        .iter()
        .zip(&is_deprecation)
        .filter(|(_, d)| **d)
        .map(|(n, _)| n.clone())
        .collect();
    let mut ranked: Vec<usize> = (0..notes.len()).collect();
    ranked.sort_by_key(|&i| std::cmp::Reverse(notes[i].score));
    let featured_idx: Vec<usize> = ranked.into_iter().take(options.featured).collect();
    let featured: Vec<PostNote> = featured_idx.iter().map(|&i| notes[i].clone()).collect();
    let mut rest: Vec<PostNote> = Vec::new();
    for (i, n) in notes.drain(..).enumerate() {
        let listed = featured_idx.contains(&i) || is_deprecation[i];
        if !listed && n.kind != Some(Kind::FailingTest) {
            rest.push(n);
        }
    }

    let week = options
        .merges
        .as_ref()
        .map(|m| merged::week(history, m, window, options.featured, options.other_per_kind));
    let mut action_required: Vec<PostNote> = week
        .as_ref()
        .map(|w| w.sections.action_required.clone())
        .unwrap_or_default();
    for n in released_action {
        if n.pr.is_none() || !action_required.iter().any(|a| a.pr == n.pr) {
            action_required.push(n);
        }
    }
    let (mut version_updates, other_module_updates) = version_updates(&ordered);
    let mut security = security(&ordered);
    if let Some(w) = &week {
        let mut merged = w.bumps.clone();
        merged.extend(
            version_updates
                .into_iter()
                .filter(|u| !w.bumps.iter().any(|b| b.name == u.name && b.to == u.to)),
        );
        version_updates = merged;
        security::add_merged(&mut security, &w.cve_notes);
    }
    if let Some((since, _)) = window {
        security::first_released(&mut security, history, since);
    }
    Ok(Summary {
        slug: match window {
            Some((_, until)) => format!("{}-update", until.format("%Y-%m-%d")),
            None => title.to_lowercase().replace(' ', "-"),
        },
        since: window.map(|w| w.0),
        until: window.map(|w| w.1),
        post_date: window.map(|w| w.1 + Days::new(2)),
        next_release: window.and_then(|(_, until)| next_release(history, until)),
        releases: ordered
            .iter()
            .map(|r| CoveredRelease {
                version: r.version.clone(),
                date: history.date(&r.semver).map(|d| d.date),
            })
            .collect(),
        excluded,
        security,
        action_required,
        promotions: week
            .as_ref()
            .map(|w| w.promotions.clone())
            .unwrap_or_default(),
        merges: week.map(|w| w.sections),
        schedule: options.schedule.clone(),
        featured,
        other: by_kind(rest, options.other_per_kind),
        deprecated,
        version_updates,
        other_module_updates,
        command: options.command.clone(),
        title,
    })
}

/// Notes worth a reader's time: not "NONE", not empty.
pub(super) fn is_user_facing(note: &Note) -> bool {
    let t = note.text.trim();
    !(t.is_empty() || t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("n/a"))
}

fn post_note(entry: PathNote) -> PostNote {
    let note = entry.note;
    PostNote {
        score: score(&note, entry.releases.len()),
        pr: note.pr(),
        url: note.pr().map(crate::links::pr_url),
        title: crate::sentence::title(&note.text, 80),
        kind: note.kind,
        text: note.text,
        releases: entry.releases,
    }
}

fn by_kind(notes: Vec<PostNote>, per_kind: usize) -> Vec<KindGroup> {
    let mut groups: Vec<KindGroup> = Vec::new();
    let heading = |k: Option<Kind>| k.map_or("Other", Kind::heading).to_string();
    let mut order: Vec<Option<Kind>> = Kind::ALL.iter().copied().map(Some).collect();
    order.push(None);
    for kind in order {
        let mut of_kind: Vec<PostNote> = notes.iter().filter(|n| n.kind == kind).cloned().collect();
        if !of_kind.is_empty() {
            let more = of_kind.len().saturating_sub(per_kind);
            of_kind.truncate(per_kind);
            groups.push(KindGroup {
                heading: heading(kind),
                notes: of_kind,
                more,
            });
        }
    }
    groups
}
