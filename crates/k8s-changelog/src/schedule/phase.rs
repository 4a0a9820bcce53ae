//! Questions asked of many cycles at once: the phase a date falls in (`1.18: code freeze
//! passed, release next`, or between releases) and the deadlines after a date.

use super::{ReleaseSchedule, ScheduleEvent};
use chrono::NaiveDate;
use serde::Serialize;

/// The milestones that mark a cycle's phases, in cycle order, with the words that name them.
/// An event names a milestone when its text holds one of the words and none of the exclusions.
const MILESTONES: &[(&str, &[&str], &[&str])] = &[
    (
        "Enhancements freeze",
        &[
            "enhancements freeze",
            "feature freeze",
            "features repo freeze",
        ],
        &["exception", "coming", "call for"],
    ),
    (
        "Code freeze",
        &["code freeze", "code and test freeze", "feature complete"],
        &[
            "coming",
            "end of",
            "lift",
            "exception",
            "call for",
            "warning",
        ],
    ),
    ("Test freeze", &["test freeze"], &["coming", "end of"]),
    (
        "Docs freeze",
        &["docs freeze", "docs complete"],
        &["coming"],
    ),
    (
        "Code thaw",
        &["thaw", "end of code freeze", "lift code freeze"],
        &[],
    ),
];

/// A milestone of one cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    /// `Code freeze`, `Release`, …
    pub name: String,
    /// When.
    pub date: NaiveDate,
    /// The event that set it.
    pub event: ScheduleEvent,
}

/// Where a date falls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Phase {
    /// Inside a cycle: from its first event to its x.y.0 release.
    InCycle {
        /// The cycle's minor, `1.18`.
        minor: String,
        /// The last milestone on or before the date.
        passed: Option<Milestone>,
        /// The next milestone after the date (the release last).
        next: Option<Milestone>,
    },
    /// After one cycle's release and before the next cycle starts (or outside every schedule).
    BetweenReleases {
        /// The last cycle released before the date: minor and release day.
        previous: Option<(String, NaiveDate)>,
        /// The next cycle: minor and first day.
        next: Option<(String, NaiveDate)>,
    },
}

impl Phase {
    /// One line for a human: `1.18: Code freeze passed (2020-03-05); Release next (2020-03-24)`.
    pub fn describe(&self) -> String {
        match self {
            Phase::InCycle {
                minor,
                passed,
                next,
            } => {
                let passed = match passed {
                    Some(m) => format!("{} passed ({})", m.name, m.date),
                    None => "cycle started".to_string(),
                };
                let next = match next {
                    Some(m) => format!("; {} next ({})", m.name, m.date),
                    None => String::new(),
                };
                format!("{minor}: {passed}{next}")
            }
            Phase::BetweenReleases { previous, next } => {
                let mut text = "between releases".to_string();
                if let Some((minor, date)) = previous {
                    text.push_str(&format!(": v{minor}.0 released {date}"));
                }
                if let Some((minor, date)) = next {
                    text.push_str(&format!("; the {minor} cycle starts {date}"));
                }
                text
            }
        }
    }
}

/// A deadline of [`Schedules::next_deadlines`]: an event and its cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The cycle's minor.
    pub minor: String,
    /// The schedule file it comes from.
    pub file: String,
    /// The event.
    #[serde(flatten)]
    pub event: ScheduleEvent,
}

/// The schedules of many cycles, oldest minor first.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Schedules {
    /// One per cycle.
    pub schedules: Vec<ReleaseSchedule>,
}

impl Schedules {
    /// Sorts `schedules` by minor (`1.9` before `1.10`).
    pub fn new(mut schedules: Vec<ReleaseSchedule>) -> Schedules {
        schedules.sort_by_key(|s| minor_number(&s.minor));
        Schedules { schedules }
    }

    /// The phase at `date`: the cycle whose first event is on or before it and whose release
    /// is on or after it (the earliest such release when cycles overlap).
    pub fn phase_at(&self, date: NaiveDate) -> Phase {
        let current = self
            .schedules
            .iter()
            .filter_map(|s| Some((s, s.start()?, s.target?)))
            .filter(|(_, start, target)| *start <= date && date <= *target)
            .min_by_key(|(_, _, target)| *target);
        if let Some((schedule, _, _)) = current {
            let milestones = schedule.milestones();
            let passed = milestones.iter().rev().find(|m| m.date <= date).cloned();
            let next = milestones.iter().find(|m| m.date > date).cloned();
            return Phase::InCycle {
                minor: schedule.minor.clone(),
                passed,
                next,
            };
        }
        let previous = self
            .schedules
            .iter()
            .filter_map(|s| Some((s.minor.clone(), s.target?)))
            .filter(|(_, target)| *target < date)
            .max_by_key(|(_, target)| *target);
        let next = self
            .schedules
            .iter()
            .filter_map(|s| Some((s.minor.clone(), s.start()?)))
            .filter(|(_, start)| *start > date)
            .min_by_key(|(_, start)| *start);
        Phase::BetweenReleases { previous, next }
    }

    /// The first `n` events on or after `date` across every cycle, by date (then minor, line).
    pub fn next_deadlines(&self, date: NaiveDate, n: usize) -> Vec<Deadline> {
        let mut all: Vec<Deadline> = self
            .schedules
            .iter()
            .flat_map(|s| {
                s.events
                    .iter()
                    .filter(move |e| e.date >= date)
                    .map(move |e| Deadline {
                        minor: s.minor.clone(),
                        file: s.file.clone(),
                        event: e.clone(),
                    })
            })
            .collect();
        all.sort_by_key(|d| (d.event.date, minor_number(&d.minor), d.event.line));
        all.truncate(n);
        all
    }
}

impl ReleaseSchedule {
    /// The day of the cycle's first event.
    pub fn start(&self) -> Option<NaiveDate> {
        self.events.iter().map(|e| e.date).min()
    }

    /// The cycle's milestones in date order: the first event naming each, then the release.
    pub fn milestones(&self) -> Vec<Milestone> {
        let mut out: Vec<Milestone> = Vec::new();
        for (name, words, exclusions) in MILESTONES {
            let found = self.events.iter().find(|e| {
                let what = e.what.to_lowercase();
                words.iter().any(|w| what.contains(w))
                    && !exclusions.iter().any(|x| what.contains(x))
            });
            if let Some(event) = found {
                out.push(Milestone {
                    name: name.to_string(),
                    date: event.date,
                    event: event.clone(),
                });
            }
        }
        if let (Some(target), Some(event)) = (self.target, self.target_event()) {
            out.push(Milestone {
                name: format!("v{}.0 release", self.minor),
                date: target,
                event: event.clone(),
            });
        }
        out.sort_by_key(|m| m.date);
        out
    }
}

/// `1.18` → (1, 18), for ordering.
pub(crate) fn minor_number(minor: &str) -> (u32, u32) {
    let mut parts = minor.split('.').map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}
