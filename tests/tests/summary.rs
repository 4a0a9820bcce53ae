//! Weekly summaries over the real corpus and `release-dates.csv`: golden posts for a patch-trio
//! week, an x.y.0 week, a CVE week and a pre-release-only week, and the post's shape against
//! the LWKD example.

use k8s_changelog::merges::MergedPr;
use k8s_changelog::summary::{
    render_markdown, weekly_summary, Merges, ScheduleHook, Scope, SummaryError, SummaryOptions,
};
use k8s_changelog::History;
use k8s_changelog_tests::{
    changelog_dir, changelog_files, corpus_history_with_dates, fixture_history, fixtures,
    history_of, workspace_root,
};

fn post(history: &History, day: &str) -> String {
    let scope = Scope::week_ending(day.parse().unwrap());
    let options = SummaryOptions {
        command: format!("k8s-changelog summary --week-ending {day} --dates release-dates.csv"),
        ..SummaryOptions::default()
    };
    render_markdown(&weekly_summary(history, &scope, &options).unwrap())
}

macro_rules! golden {
    ($($name:ident: $day:literal,)*) => {$(
        #[test]
        fn $name() {
            let Some(h) = corpus_history_with_dates() else { return };
            insta::assert_snapshot!(stringify!($name), post(h, $day));
        }
    )*};
}

golden! {
    patch_trio_week_2020_02_16: "2020-02-16",
    x_y_0_week_2020_03_29: "2020-03-29",
    cve_week_2021_09_19: "2021-09-19",
    pre_release_only_week_2021_06_12: "2021-06-12",
}

#[test]
fn the_post_has_the_shape_of_the_lwkd_example() {
    let Some(h) = corpus_history_with_dates() else {
        return;
    };
    let text = post(h, "2021-09-19");
    let example = std::fs::read_to_string(
        workspace_root().join("../shared/reference/weekly-summary-example.md"),
    );
    // Front matter: the same keys, in the same order, as the example's.
    let keys = |t: &str| -> Vec<String> {
        t.lines()
            .skip(1)
            .take_while(|l| *l != "---")
            .filter_map(|l| l.split_once(':').map(|(k, _)| k.to_string()))
            .collect()
    };
    assert_eq!(keys(&text), ["layout", "title", "date", "slug"]);
    if let Ok(example) = example {
        assert_eq!(keys(&text), keys(&example));
        // Every section heading we write is one the example uses, in the example's order.
        let headings = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| l.starts_with("## "))
                .map(str::to_string)
                .collect()
        };
        let ours = headings(&text);
        let theirs = headings(&example);
        let known: Vec<&String> = ours.iter().filter(|h| theirs.contains(h)).collect();
        let positions: Vec<usize> = known
            .iter()
            .map(|h| theirs.iter().position(|t| t == *h).unwrap())
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{ours:?} vs {theirs:?}"
        );
    }
    assert!(text.contains("title: Week Ending September 19, 2021\n"));
    assert!(text.contains("slug: 2021-09-19-update\n"));
    assert!(text.contains("\n## Developer News\n"));
    assert!(text.contains("This fix is released as v1.22.2, v1.21.5, v1.20.11, and v1.19.15."));
    // Featured PRs are `### [#N: title](url)` followed by a paragraph.
    let featured = text.lines().find(|l| l.starts_with("### [#")).unwrap();
    assert!(
        featured.contains("](https://github.com/kubernetes/kubernetes/pull/"),
        "{featured}"
    );
}

#[test]
fn without_dates_or_releases_there_is_no_post() {
    let Some(h) = corpus_history_with_dates() else {
        return;
    };
    let empty = weekly_summary(
        h,
        &Scope::week_ending("2015-01-04".parse().unwrap()),
        &SummaryOptions::default(),
    );
    assert!(
        matches!(empty, Err(SummaryError::NoReleases { .. })),
        "{empty:?}"
    );
    let dir = changelog_dir().unwrap();
    let file = changelog_files(&dir).into_iter().next().unwrap();
    let undated = History::new(k8s_changelog::parse(&file.text, &file.name));
    let err = weekly_summary(
        &undated,
        &Scope::week_ending("2020-02-16".parse().unwrap()),
        &SummaryOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err, SummaryError::NoDates);
}

// ---- over the committed fixtures (never skip) ----------------------------------------------

macro_rules! fixture_golden {
    ($($name:ident: $day:literal, $releases:expr;)*) => {$(
        #[test]
        fn $name() {
            let history = fixture_history();
            let scope = Scope::week_ending($day.parse().unwrap());
            let summary = weekly_summary(history, &scope, &SummaryOptions::default()).unwrap();
            let tags: Vec<&str> = summary.releases.iter().map(|r| r.version.as_str()).collect();
            assert_eq!(tags, $releases);
            insta::assert_snapshot!(stringify!($name), post(history, $day));
        }
    )*};
}

fixture_golden! {
    fixture_cve_week_2021_09_19: "2021-09-19", ["v1.22.2"];
    fixture_patch_pair_week_2022_01_23: "2022-01-23", ["v1.23.2", "v1.22.6"];
    fixture_x_y_0_week_2016_03_20: "2016-03-20", ["v1.2.0"];
}

#[test]
fn fixtures_weeks_without_releases() {
    let week = |day: &str| Scope::week_ending(day.parse().unwrap());
    // Known dates on both sides: a post without releases, saying so.
    let quiet = weekly_summary(
        fixture_history(),
        &week("2021-09-26"),
        &SummaryOptions::default(),
    )
    .unwrap();
    assert!(quiet.releases.is_empty());
    let text = render_markdown(&quiet);
    assert!(
        text.contains("## Release Schedule\n\n**Next release: v1.22.3, released October 27** (no release calendar read: the cycle's deadlines need `--schedule DIR`)\n\nNo release was published this week.\n"),
        "{text}"
    );
    assert!(text.contains("<!-- KEP of the Week"), "{text}");
    // A week with only a planned pre-release says what it left out.
    let rc = weekly_summary(
        fixture_history(),
        &week("2020-03-22"),
        &SummaryOptions::default(),
    )
    .unwrap();
    let left_out: Vec<&str> = rc.excluded.iter().map(|e| e.version.as_str()).collect();
    assert_eq!(left_out, ["v1.18.0-rc.1"]);
    // After every known date, nothing is known: an error that says why.
    let late = weekly_summary(
        fixture_history(),
        &week("2030-01-05"),
        &SummaryOptions::default(),
    );
    assert!(
        matches!(&late, Err(SummaryError::NoReleases { hint: Some(hint), .. }) if hint.starts_with("the last known date is 2022-01-19; give the week's merges")),
        "{late:?}"
    );
    let undated = history_of(&fixtures::changelog_dir(), None);
    let err = weekly_summary(&undated, &week("2021-09-19"), &SummaryOptions::default());
    assert_eq!(err.unwrap_err(), SummaryError::NoDates);
    // With merges, any week is a post: before every known date, and without any date.
    let pr = MergedPr {
        number: 1,
        title: "Add a thing".into(),
        author: "a".into(),
        merged: "2015-01-02".parse().unwrap(),
        labels: vec![],
        release_note: None,
    };
    let with_merges = SummaryOptions {
        merges: Some(Merges {
            source: "test".into(),
            prs: vec![pr],
        }),
        ..SummaryOptions::default()
    };
    for history in [fixture_history(), &undated] {
        let early = weekly_summary(history, &week("2015-01-04"), &with_merges).unwrap();
        assert_eq!(early.merges.as_ref().unwrap().count, 1);
        assert!(render_markdown(&early)
            .contains("* Add [a thing](https://github.com/kubernetes/kubernetes/pull/1)"));
    }
}

#[test]
fn the_release_schedule_hook_gives_the_next_deadline() {
    let day = |d: &str| d.parse().unwrap();
    let options = SummaryOptions {
        schedule: Some(ScheduleHook {
            phase: Some("Code freeze is in effect.".into()),
            deadlines: vec![
                (day("2021-09-10"), "Enhancements freeze".into()),
                (day("2021-09-22"), "v1.23.0-alpha.2 released".into()),
                (day("2021-10-05"), "Test freeze".into()),
            ],
        }),
        ..SummaryOptions::default()
    };
    let summary = weekly_summary(
        fixture_history(),
        &Scope::week_ending(day("2021-09-19")),
        &options,
    )
    .unwrap();
    let text = render_markdown(&summary);
    assert!(
        text.contains("## Release Schedule\n\n**Next Deadline: v1.23.0-alpha.2 released, September 22**\n\nCode freeze is in effect.\n\nComing up:\n\n* Test freeze: October 5\n"),
        "{text}"
    );
}

/// A week's releases fix only the CVEs their notes fix (CHANGELOG-1.15.md:873 fixes
/// CVE-2019-11249, whose text names the two CVEs it completes the fixes of), and a fix an
/// x.y.0 gathers from its cycle says when it was first released.
#[test]
fn security_fixes_are_the_fixed_cves_and_say_when_they_were_new() {
    let Some(h) = corpus_history_with_dates() else {
        return;
    };
    let week = |day: &str| {
        weekly_summary(
            h,
            &Scope::week_ending(day.parse().unwrap()),
            &SummaryOptions::default(),
        )
        .unwrap()
    };
    let august = week("2019-08-11");
    let ids: Vec<&str> = august.security.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["CVE-2019-11247", "CVE-2019-11249"]);
    assert!(august.security.iter().all(|f| f.first_released.is_none()));

    let september = week("2019-09-22");
    let fix = september
        .security
        .iter()
        .find(|f| f.id == "CVE-2019-11247")
        .unwrap();
    assert_eq!(fix.releases, ["v1.16.0"]);
    let (tags, day) = fix.first_released.clone().unwrap();
    assert_eq!(tags, ["v1.15.2", "v1.14.5", "v1.13.9"]);
    assert_eq!(day.to_string(), "2019-08-05");
    assert!(render_markdown(&september)
        .contains("not new: first released in v1.15.2, v1.14.5, and v1.13.9 on August 5, 2019"));
}
