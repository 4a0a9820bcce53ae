//! The release-calendar parser (`k8s_changelog::schedule`) over every sig-release schedule in
//! the shared folder (`K8S_SCHEDULE_DIR`): each cycle's planned x.y.0 date against the tag's date
//! in the release-dates CSV; and over the committed excerpts, one per layout (never skips).

use k8s_changelog::schedule::{parse_schedule, ReleaseSchedule, Schedules};
use k8s_changelog::{dates, Severity};
use k8s_changelog_tests::{fixtures, read, release_dates_csv, require, schedule_dir};
use std::collections::BTreeMap;
use std::path::Path;

/// Days a planned release may be from its tag: slips of a day or a week happen.
const TOLERANCE_DAYS: i64 = 7;

/// How many of the 35 cycles (1.3 … 1.37) land within the tolerance today.
const CYCLES_WITHIN_TOLERANCE: usize = 35;

fn schedules_in(dir: &Path) -> Vec<ReleaseSchedule> {
    let mut out: Vec<ReleaseSchedule> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_string_lossy().into_owned();
            (name.starts_with("release-1.") && name.ends_with(".md"))
                .then(|| parse_schedule(&read(&path), &name))
        })
        .collect();
    out.sort_by_key(|s| {
        s.minor
            .split('.')
            .nth(1)
            .and_then(|m| m.parse::<u32>().ok())
    });
    out
}

#[test]
fn every_cycle_yields_its_release_within_a_week_of_the_tag() {
    let dir = require!(schedule_dir());
    let csv = require!(release_dates_csv());
    let tags: BTreeMap<String, chrono::NaiveDate> = dates::from_csv(&read(&csv), "dates")
        .unwrap()
        .into_iter()
        .filter(|(v, _)| v.patch == 0 && v.pre.is_empty())
        .map(|(v, d)| (format!("{}.{}", v.major, v.minor), d.date))
        .collect();
    let schedules = schedules_in(&dir);
    assert!(schedules.len() >= 35, "{} schedules", schedules.len());
    let mut within = 0;
    println!("cycle  target      tag         days  events  diagnostics");
    for schedule in &schedules {
        let tag = tags.get(&schedule.minor);
        let days = match (schedule.target, tag) {
            (Some(target), Some(tag)) => Some((*tag - target).num_days()),
            _ => None,
        };
        if days.is_some_and(|d| d.abs() <= TOLERANCE_DAYS) {
            within += 1;
        }
        println!(
            "{:<6} {:<11} {:<11} {:>4}  {:>6}  {}",
            schedule.minor,
            schedule.target.map_or("-".to_string(), |d| d.to_string()),
            tag.map_or("-".to_string(), |d| d.to_string()),
            days.map_or("-".to_string(), |d| d.to_string()),
            schedule.events.len(),
            schedule
                .diagnostics
                .iter()
                .map(|d| format!("{}: {}", d.line, d.message))
                .collect::<Vec<_>>()
                .join("; ")
        );
        assert!(
            !schedule
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error),
            "{}: {:?}",
            schedule.file,
            schedule.diagnostics
        );
    }
    println!(
        "{within} of {} cycles within {TOLERANCE_DAYS} days of the tag",
        schedules.len()
    );
    assert_eq!(within, CYCLES_WITHIN_TOLERANCE);
}

#[test]
fn the_phase_and_next_deadline_in_march_2020() {
    let dir = require!(schedule_dir());
    let schedules = Schedules::new(schedules_in(&dir));
    let at = chrono::NaiveDate::from_ymd_opt(2020, 3, 22).unwrap();
    let next = schedules.next_deadlines(at, 2);
    assert_eq!(next[0].minor, "1.18");
    assert_eq!(next[0].event.what, "v1.18.0 released");
    assert_eq!(next[0].event.date.to_string(), "2020-03-24");
    assert_eq!(
        schedules.phase_at(at).describe(),
        "1.18: Code thaw passed (2020-03-17); v1.18.0 release next (2020-03-24)"
    );
    let between = chrono::NaiveDate::from_ymd_opt(2020, 4, 1).unwrap();
    assert!(schedules
        .phase_at(between)
        .describe()
        .starts_with("between releases: v1.18.0 released 2020-03-24"));
}

/// The committed excerpts, one per layout: `(file, target, ["line date what", …])`.
#[test]
fn each_layout_yields_its_events_and_target() {
    let cases: &[(&str, &str, &[&str])] = &[
        // Week headings (`###Jun 20 - Jun 24`, not even a Markdown heading) over items.
        (
            "release-1.3.md",
            "2016-06-24",
            &[
                "3 2016-05-30 US holiday on",
                "2 2016-06-03 Bugfix week 2",
                "6 2016-06-10 Bugfix week 3",
                "7 2016-06-10 branch, cut Beta end of week, remove code slush on head",
                "10 2016-06-17 Bugfix week 4",
                "13 2016-06-24 release 1.3 Final",
            ],
        ),
        // Task-list items holding a bold date, the event in the sub-items.
        (
            "release-1.5.md",
            "2016-12-12",
            &[
                "4 2016-11-28 master branch is opened for 1.6 work after 1.5 release branch has been fast-forwarded.; All bug fixes for 1.5, after this point, must be manually cherry-picked to the 1.5 release branch.",
                "7 2016-11-29 Docs for all 1.5 features should have PRs out for review.; Release Notes for all 1.5 features should have a \"One Line Release Note Description\" in the 1.5 Feature Tracking Spreadsheet.",
                "12 2016-12-02 Docs PRs for all 1.5 features must be merged.",
                "14 2016-12-12 Release 1.5",
            ],
        ),
        // `* Mon Oct 2: …` bullets, no year.
        (
            "release-1.9.md",
            "2017-12-13",
            &[
                "3 2017-10-02 Start of release cycle",
                "4 2017-10-27 Feature Freeze",
                "6 2017-11-01 v1.9.0-alpha.2",
                "7 2017-11-15 v1.9.0-alpha.3",
                "9 2017-12-13 v1.9.0",
                "10 2017-12-14 v1.10.0-alpha.1",
                "11 2017-12-21 Release retrospective (in community meeting slot)",
            ],
        ),
        // A raw HTML table, one column per month, split by a blank line.
        (
            "release-1.10.md",
            "2018-03-26",
            &[
                "12 2018-01-02 Start of Release Cycle",
                "23 2018-03-26 v1.10.0",
            ],
        ),
        // A Markdown table, one column per month; the year from the tl;dr above it.
        (
            "release-1.13.md",
            "2018-12-03",
            &[
                "5 2018-10-01 Start of Release Cycle",
                "6 2018-11-16 Begin code and test freeze (EOD PST)",
                "7 2018-12-03 v1.13.0",
            ],
        ),
        // A `When` column without years (`Tue March 24`).
        (
            "release-1.18.md",
            "2020-03-24",
            &[
                "3 2020-01-06 Start of Release Cycle",
                "4 2020-03-05 Begin Code Freeze (EOD PST)",
                "5 2020-03-17 Begin Code Thaw (EOD PST)",
                "6 2020-03-24 v1.18.0 released",
            ],
        ),
        // A `When` column with years and times in two zones (the first, UTC, wins).
        (
            "release-1.29.md",
            "2023-12-13",
            &[
                "3 2023-09-04 Start of Release Cycle",
                "4 2023-10-06 Begin Enhancements Freeze",
                "5 2023-11-01 Begin Code Freeze",
                "6 2023-12-13 v1.29.0 released",
            ],
        ),
    ];
    let dir = fixtures::schedule_dir();
    for (file, target, events) in cases {
        let schedule = parse_schedule(&read(&dir.join(file)), file);
        assert_eq!(
            schedule.target.map(|d| d.to_string()).as_deref(),
            Some(*target),
            "{file}: {:#?}",
            schedule
        );
        let got: Vec<String> = schedule
            .events
            .iter()
            .map(|e| format!("{} {} {}", e.line, e.date, e.what))
            .collect();
        assert_eq!(got, *events, "{file}");
    }
}

#[test]
fn a_file_without_a_timeline_gets_an_error_diagnostic() {
    let schedule = parse_schedule(
        "# Kubernetes 1.99\n\nNo dates here, just prose.\n",
        "release-1.99.md",
    );
    assert!(schedule.events.is_empty());
    assert_eq!(schedule.target, None);
    let errors: Vec<&str> = schedule
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        errors,
        ["no release timeline found: no table with a When or month column, and no dated list items"]
    );
}

/// release-1.4.md opens with a history of earlier releases (`- Kubernetes 1.2 - March 17,
/// 2016`): those date other cycles, not 1.4's start.
#[test]
fn a_history_of_earlier_releases_is_not_the_cycles_timeline() {
    let text = "#A Brief History\n\
                - Kubernetes 1.2 - March 17, 2016 (+4mo8d or 18w3d - included holidays)\n\
                - Kubernetes 1.3 - July 1, 2016 (+3mo14d or 15w1d)\n\
                \n\
                ###1.4 Overview\n\
                - July 3 coding start (7w)\n\
                - Aug 19 feature complete, move to bugfix (4w)\n\
                - Sept 20 release\n\
                - Kubernetes 1.4 - Sept 20, 2016\n";
    let schedule = parse_schedule(text, "release-1.4.md");
    let events: Vec<String> = schedule
        .events
        .iter()
        .map(|e| format!("{} {}", e.line, e.date))
        .collect();
    assert_eq!(
        events,
        [
            "6 2016-07-03",
            "7 2016-08-19",
            "8 2016-09-20",
            "9 2016-09-20"
        ]
    );
    assert!(schedule
        .diagnostics
        .iter()
        .any(|d| d.message
            == "2 dated line(s) of a history of other releases left out (other cycles)"));
}

/// release-1.4.md plans the next cycle under `###1.5 Overview` (a heading as GitHub rendered it
/// in 2016): those dates are 1.5's, not 1.4's (they made 1.5's coding start a 1.4 deadline).
#[test]
fn a_part_headed_by_another_release_is_not_the_cycles_timeline() {
    let text = "###1.4 Overview\n\
                - July 3 coding start (7w)\n\
                - Sept 20 release\n\
                \n\
                ###1.5 Overview\n\
                - Sept 19 coding start (7w)\n\
                - Nov 7 feature complete, move to bugfix (5w)\n\
                - Dec 8 release\n\
                \n\
                ##1.4 Details\n\
                \n\
                ###Sept 5 - Sept 20\n\
                - Release 1.4 on Sept 20\n";
    let schedule = parse_schedule(text, "release-1.4.md");
    let events: Vec<String> = schedule
        .events
        .iter()
        .map(|e| format!("{} {} {}", e.line, e.date, e.what))
        .collect();
    assert_eq!(
        events,
        [
            "2 2016-07-03 coding start (7w)",
            "3 2016-09-20 release",
            "13 2016-09-20 Release 1.4 on"
        ]
    );
    assert_eq!(schedule.target.unwrap().to_string(), "2016-09-20");
    assert!(schedule.diagnostics.iter().any(|d| d.message
        == "3 dated line(s) under a heading of another release left out (other cycles)"));
}
