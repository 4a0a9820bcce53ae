//! The release calendar: a sig-release `releases/release-1.N/README.md` read into the cycle's
//! dated events and its x.y.0 target, and questions asked of many cycles ([`Schedules`]: the
//! phase at a date, the next deadlines).
//!
//! The files changed layout over the years, and every layout is read:
//!
//! - tables with a `When` column (`Tue March 24`, `Monday 5th September 2022`, times in two
//!   zones) — 1.15 and since;
//! - tables with one column per month holding day numbers (`| JAN | FEB |`, `Mon 7`), in
//!   Markdown (1.11–1.16) or raw HTML (1.10);
//! - bullet lists (`* Mon Oct 2: Start of release cycle`, `- March 22nd (Wednesday) - v1.6.0`),
//!   with the date in the item or in its bold first line and the event in its sub-items (1.5);
//! - headings holding a week (`###Jun 20 - Jun 24`) over undated items (1.3).
//!
//! Dates without a year get one from the cycle (`years.rs`). Parsing never fails: a file without
//! a dated timeline gives a schedule without events and an error [`Diagnostic`].
//!
//! ```
//! let text = "# 1.18\n\n| **What** | **Who** | **When** |\n|---|---|---|\n\
//!             | **Begin [Code Freeze]** | Branch Manager | Thu March 5, 2020 |\n\
//!             | **v1.18.0 released** | Branch Manager | Tue March 24 |\n";
//! let schedule = k8s_changelog::schedule::parse_schedule(text, "release-1.18.md");
//! assert_eq!(schedule.minor, "1.18");
//! assert_eq!(schedule.target.unwrap().to_string(), "2020-03-24");
//! assert_eq!(schedule.events[0].what, "Begin Code Freeze");
//! ```

mod blocks;
mod entries;
mod html_table;
mod mentions;
mod phase;
mod target;
mod years;

pub use phase::{Deadline, Milestone, Phase, Schedules};

use crate::model::{Diagnostic, Severity};
use chrono::NaiveDate;
use serde::Serialize;

/// Events further than this before the release belong to other cycles (a file's history of
/// earlier releases, `Kubernetes 1.0 - July 21, 2015`).
const DAYS_BEFORE_TARGET: i64 = 200;
/// … and further than this after it (the next cycle's plan).
const DAYS_AFTER_TARGET: i64 = 120;

/// One cycle's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseSchedule {
    /// The minor, `1.18`.
    pub minor: String,
    /// The file name the caller gave.
    pub file: String,
    /// The dated events, by date (document order within a day).
    pub events: Vec<ScheduleEvent>,
    /// The x.y.0 release date the calendar plans.
    pub target: Option<NaiveDate>,
    /// What could not be read, with lines.
    pub diagnostics: Vec<Diagnostic>,
}

/// One dated event of a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleEvent {
    /// When.
    pub date: NaiveDate,
    /// What, as written (Markdown markup dropped).
    pub what: String,
    /// 1-based line in the file.
    pub line: u32,
}

/// The minor a schedule file is for, from its name: `release-1.18.md`,
/// `releases/release-1.18/README.md`.
///
/// ```
/// use k8s_changelog::schedule::minor_of_path;
/// assert_eq!(minor_of_path("data/schedules/release-1.18.md").as_deref(), Some("1.18"));
/// assert_eq!(minor_of_path("releases/release-1.9/README.md").as_deref(), Some("1.9"));
/// assert_eq!(minor_of_path("notes.md"), None);
/// ```
pub fn minor_of_path(path: &str) -> Option<String> {
    let at = path.rfind("release-1.")?;
    let rest = &path[at + "release-".len()..];
    let end = rest
        .char_indices()
        .find(|(i, c)| *i > 2 && !c.is_ascii_digit())
        .map_or(rest.len(), |(i, _)| i);
    let minor = &rest[..end];
    (minor.len() > 2 && minor[2..].chars().all(|c| c.is_ascii_digit())).then(|| minor.to_string())
}

/// Reads one schedule file. The minor comes from `file` ([`minor_of_path`]).
pub fn parse_schedule(text: &str, file: &str) -> ReleaseSchedule {
    let minor = minor_of_path(file).unwrap_or_default();
    parse_schedule_of(text, file, &minor)
}

/// Reads one schedule file of the minor `minor` (`1.18`).
pub fn parse_schedule_of(text: &str, file: &str, minor: &str) -> ReleaseSchedule {
    let mut diagnostics = Vec::new();
    let mut diagnose = |line: u32, severity: Severity, message: String| {
        diagnostics.push(Diagnostic {
            file: file.to_string(),
            line,
            severity,
            message,
        })
    };
    let blocks = blocks::blocks(text);
    let found = entries::entries(&blocks);
    for undated in &found.undated {
        diagnose(
            undated.line,
            Severity::Warning,
            format!("no date read for `{}`", undated.what),
        );
    }
    let start = match first_dated(text) {
        Some(date) => date,
        None => {
            let year = mentions::first_year(text);
            let start = years::estimated_start(phase::minor_number(minor).1, year);
            if year.is_none() && !found.entries.is_empty() {
                diagnose(
                    1,
                    Severity::Warning,
                    format!(
                        "no year written in the file; {} assumed from the minor",
                        start.format("%Y")
                    ),
                );
            }
            start
        }
    };
    let written: Vec<entries::Written> = found.entries.iter().map(|e| e.written).collect();
    let mut events = Vec::new();
    for (entry, date) in found.entries.iter().zip(years::resolve(&written, start)) {
        match date {
            Some(date) => events.push(ScheduleEvent {
                date,
                what: entry.what.clone(),
                line: entry.line,
            }),
            None => diagnose(
                entry.line,
                Severity::Warning,
                format!(
                    "month {} has no day {} (`{}`)",
                    entry.written.month, entry.written.day, entry.what
                ),
            ),
        }
    }

    // A file's history of earlier releases (`- Kubernetes 1.2 - March 17, 2016`, in
    // release-1.4.md) dates other cycles' releases, not this one's events.
    let own = phase::minor_number(minor);
    let before = events.len();
    events.retain(|e| target::names_release_of(&e.what).is_none_or(|other| other == own));
    if events.len() < before {
        diagnose(
            1,
            Severity::Warning,
            format!(
                "{} dated line(s) of a history of other releases left out (other cycles)",
                before - events.len()
            ),
        );
    }
    // A part headed by another release (`###1.5 Overview` in release-1.4.md) plans that cycle.
    let before = events.len();
    let foreign = other_release_parts(&blocks, own);
    events.retain(|e| !foreign.iter().any(|part| part.contains(&e.line)));
    if events.len() < before {
        diagnose(
            1,
            Severity::Warning,
            format!(
                "{} dated line(s) under a heading of another release left out (other cycles)",
                before - events.len()
            ),
        );
    }

    let matcher = target::TargetMatcher::new(minor);
    let target = events
        .iter()
        .rev()
        .find(|e| matcher.is_target(&e.what))
        .map(|e| e.date);
    match target {
        Some(target) => {
            let before = events.len();
            events.retain(|e| {
                let days = (e.date - target).num_days();
                (-DAYS_BEFORE_TARGET..=DAYS_AFTER_TARGET).contains(&days)
            });
            if events.len() < before {
                diagnose(
                    1,
                    Severity::Warning,
                    format!(
                        "{} dated line(s) far from the v{minor}.0 release left out (other cycles)",
                        before - events.len()
                    ),
                );
            }
        }
        None if !events.is_empty() => diagnose(
            1,
            Severity::Warning,
            format!("no v{minor}.0 release date found among the dated events"),
        ),
        None => {}
    }
    if events.is_empty() {
        diagnose(
            1,
            Severity::Error,
            "no release timeline found: no table with a When or month column, and no dated \
             list items"
                .to_string(),
        );
    }
    events.sort_by_key(|e| e.date);
    ReleaseSchedule {
        minor: minor.to_string(),
        file: file.to_string(),
        events,
        target,
        diagnostics,
    }
}

impl ReleaseSchedule {
    /// The event of the x.y.0 release, if found.
    pub fn target_event(&self) -> Option<&ScheduleEvent> {
        let matcher = target::TargetMatcher::new(&self.minor);
        self.events
            .iter()
            .rev()
            .find(|e| matcher.is_target(&e.what) && Some(e.date) == self.target)
    }
}

/// The lines of the parts of a file headed by another release than `own`: from a heading (or,
/// as GitHub rendered `###1.5 Overview` before it followed CommonMark, a line of `#`s run into
/// its text) that starts with another minor's version, to the next heading or paragraph.
fn other_release_parts(blocks: &[blocks::Block], own: (u32, u32)) -> Vec<std::ops::Range<u32>> {
    let mut parts = Vec::new();
    let mut open: Option<u32> = None;
    for block in blocks {
        let blocks::Block::Text { line, text } = block else {
            continue;
        };
        if let Some(start) = open.take() {
            parts.push(start..*line);
        }
        if target::heads_release_of(text).is_some_and(|other| other != own) {
            open = Some(*line);
        }
    }
    if let Some(start) = open {
        parts.push(start..u32::MAX);
    }
    parts
}

/// The first date written with its year anywhere in `text`.
fn first_dated(text: &str) -> Option<NaiveDate> {
    mentions::mentions(text)
        .into_iter()
        .find_map(|m| NaiveDate::from_ymd_opt(m.year?, m.month, m.day))
}
