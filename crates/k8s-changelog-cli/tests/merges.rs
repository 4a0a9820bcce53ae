//! `summary` with the week's merged PRs, end to end: from a git repository built by the test
//! (GitHub-shaped merge commits, committer dates inside and outside the week), from a loopback
//! server answering `/search/issues` like GitHub, the failures (not a repository, a shallow
//! clone without the week, malformed JSON, a rate limit), and the seed week of the LWKD example
//! as a golden post, with how many of the example's PR links the draft has.

use k8s_changelog_tests::gitrepo::{self, Merge};
use k8s_changelog_tests::{
    changelog_dir, fixtures, k8s_changelog, loopback, release_dates_csv, stdout_of, workspace_root,
};
use predicates::prelude::*;
use std::path::Path;

fn merge(number: u64, merged: &str, title: &str) -> Merge {
    Merge {
        number,
        author: format!("author{number}"),
        merged: merged.into(),
        title: title.into(),
    }
}

/// A repository of merges around the week ending 2021-09-19 (v1.22.2, 2021-09-15, in the
/// fixtures), tagged v1.22.2 on its first commit; `None` (skipped) without git.
fn fixture_repo(dir: &Path) -> Option<()> {
    let merges = [
        merge(104001, "2021-09-10T12:00:00Z", "Add a flag before the week"),
        merge(
            104876,
            "2021-09-14T08:00:00Z",
            "Fix Job tracking with finalizers for more than 500 pods",
        ),
        merge(104905, "2021-09-16T23:30:00-07:00", "Update Go to 1.16.8"),
        merge(
            104999,
            "2021-09-20T00:30:00Z",
            "Remove a thing after the week",
        ),
    ];
    if gitrepo::build(dir, "2021-09-15T10:00:00Z", &["v1.22.2"], &merges) {
        Some(())
    } else {
        eprintln!("*** SKIPPED: git is not available");
        None
    }
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap()
}

#[test]
fn merges_of_the_week_from_a_checkout_join_the_changelog() {
    let repo = tempfile::tempdir().unwrap();
    let Some(()) = fixture_repo(repo.path()) else {
        return;
    };
    let out = stdout_of(
        k8s_changelog!(fixtures)
            .args([
                "summary",
                "--week-ending",
                "2021-09-19",
                "--dates",
                "release-dates.csv",
                "--format",
                "json",
                "--checkout",
            ])
            .arg(repo.path()),
    );
    let summary = json(&out);
    let merges = &summary["merges"];
    // 104905 was merged 2021-09-17 06:30 UTC (23:30 the day before in UTC-7): inside.
    assert_eq!(merges["count"], 2, "{merges}");
    assert_eq!(merges["in_changelogs"], 2, "both are in v1.22.2's notes");
    assert!(
        !out.contains("104001") && !out.contains("104999"),
        "merges outside the week"
    );
    // The Go bump is a version update from its title, linked to its PR.
    let go = summary["version_updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["merged"] == true)
        .unwrap();
    assert_eq!(
        (go["name"].as_str(), go["to"].as_str(), go["pr"].as_u64()),
        (Some("Go"), Some("1.16.8"), Some(104905))
    );
    // The bug fix is an Other Merge, its verb outside the link.
    let other = &merges["other"][0];
    assert_eq!(
        (other["pr"].as_u64(), other["lead"].as_str()),
        (Some(104876), Some("Fix"))
    );

    // A week without a release, even before the first known one, gets a post from its merges.
    let post = stdout_of(
        k8s_changelog!(fixtures)
            .args([
                "summary",
                "--week-ending",
                "2021-09-12",
                "--dates",
                "release-dates.csv",
                "--checkout",
            ])
            .arg(repo.path()),
    );
    assert!(
        post.contains("No release was published this week."),
        "{post}"
    );
    assert!(
        post.contains(
            "* Add [a flag before the week](https://github.com/kubernetes/kubernetes/pull/104001)"
        ),
        "{post}"
    );
}

#[test]
fn not_a_repository_and_a_shallow_clone_are_named() {
    let empty = tempfile::tempdir().unwrap();
    k8s_changelog!(fixtures)
        .args(["summary", "--week-ending", "2021-09-19", "--checkout"])
        .arg(empty.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a git repository"));

    let repo = tempfile::tempdir().unwrap();
    let Some(()) = fixture_repo(repo.path()) else {
        return;
    };
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let clone = shallow.path().join("k");
    assert!(gitrepo::git(
        shallow.path(),
        &["clone", "-q", "--depth", "1", &url, "k"],
        "2021-09-30T00:00:00Z"
    ));
    assert!(gitrepo::git(
        &clone,
        &["tag", "v1.22.3"],
        "2021-09-30T00:00:00Z"
    ));
    k8s_changelog!(fixtures)
        .args(["summary", "--week-ending", "2021-09-19", "--dates", "release-dates.csv", "--checkout"])
        .arg(&clone)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a shallow clone whose history starts at 2021-09-20, after the week starts (2021-09-13)"))
        .stderr(predicate::str::contains("fetch --shallow-since=2021-09-13"));
}

fn item(number: u64, day: u32, title: &str, labels: &[&str], note: &str) -> String {
    loopback::search_item(
        number,
        &format!("2021-09-{day:02}T10:00:00Z"),
        title,
        labels,
        note,
    )
}

#[test]
fn merges_from_the_github_search_api() {
    let own = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let known = std::sync::Arc::clone(&own);
    let (base, seen) = loopback::serve(move |path, _| {
        let page = loopback::search_page;
        if path.ends_with("&page=2") {
            let bump = item(
                200,
                21,
                "Bump CoreDNS to v1.8.4",
                &["kind/dependency"],
                "NONE",
            );
            return (200, vec![], page(&[bump]));
        }
        let feature = item(
            100,
            20,
            "Graduate the PodOverhead feature",
            &["kind/feature", "sig/node"],
            "The PodOverhead feature gate graduates to GA.",
        );
        let internal = item(101, 22, "Refactor a test helper", &["kind/cleanup"], "NONE");
        let next = format!(r#"<{}{path}&page=2>; rel="next""#, known.get().unwrap());
        (200, vec![("Link".into(), next)], page(&[feature, internal]))
    });
    own.set(base.clone()).unwrap();
    let post = stdout_of(
        k8s_changelog!(fixtures)
            .env("K8S_CHANGELOG_GITHUB_API", &base)
            .args([
                "summary",
                "--week-ending",
                "2021-09-26",
                "--dates",
                "release-dates.csv",
                "--github",
            ]),
    );
    assert_eq!(seen.lock().unwrap().len(), 2, "two pages");
    assert!(post.contains("## Featured PRs\n\n### [#100: Graduate the PodOverhead feature](https://github.com/kubernetes/kubernetes/pull/100)\n\nThe PodOverhead feature gate graduates to GA.\n"), "{post}");
    assert!(post.contains("## Promotions\n\n* [PodOverhead to GA](https://github.com/kubernetes/kubernetes/pull/100)\n"), "{post}");
    assert!(
        post.contains("* [CoreDNS to 1.8.4](https://github.com/kubernetes/kubernetes/pull/200)"),
        "{post}"
    );
    assert!(
        !post.contains("Refactor a test helper"),
        "a NONE release note is left out: {post}"
    );

    let (bad, _) =
        loopback::serve(|_, _| (200, vec![], br#"{"total_count":1,"items":{}}"#.to_vec()));
    k8s_changelog!(fixtures)
        .env("K8S_CHANGELOG_GITHUB_API", &bad)
        .args(["summary", "--week-ending", "2021-09-26", "--dates", "release-dates.csv", "--github"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/search/issues?q=repo:kubernetes/kubernetes+is:pr+is:merged+merged:2021-09-20..2021-09-26&per_page=100: line 1, column"));

    let (limited, _) = loopback::serve(|_, _| loopback::rate_limited(403, 1632700800));
    k8s_changelog!(fixtures)
        .env("K8S_CHANGELOG_GITHUB_API", &limited)
        .args(["summary", "--week-ending", "2021-09-26", "--dates", "release-dates.csv", "--github"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("rate limit is used up (HTTP 403: API rate limit exceeded); it resets at 2021-09-27 00:00:00 UTC; set GITHUB_TOKEN"));
}

/// The PR numbers `text` links (`…/pull/N`), once each, in order.
fn linked_prs(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for part in text.split("/kubernetes/kubernetes/pull/").skip(1) {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

#[test]
fn the_seed_week_of_the_lwkd_example() {
    let (Some(dir), Some(dates)) = (changelog_dir(), release_dates_csv()) else {
        return;
    };
    let list = std::fs::read_to_string(fixtures::root().join("merges/week-ending-2020-03-22.tsv"))
        .unwrap();
    let merges = gitrepo::read_merges(&list);
    let repo = tempfile::tempdir().unwrap();
    // v1.17.4 was tagged 2020-03-12 (as the dates file says): --checkout also reads tag dates.
    if !gitrepo::build(repo.path(), "2020-03-12T12:00:00Z", &["v1.17.4"], &merges) {
        eprintln!("*** SKIPPED the_seed_week_of_the_lwkd_example: git is not available");
        return;
    }
    let mut cmd = k8s_changelog!();
    cmd.arg("summary")
        .arg(&dir)
        .args(["--week-ending", "2020-03-22", "--featured", "2", "--dates"])
        .arg(&dates)
        .arg("--checkout")
        .arg(repo.path())
        // The release calendars (committed excerpts; the 1.18 one holds its last rows).
        .arg("--schedule")
        .arg(fixtures::root().join("schedules"));
    let post = stdout_of(cmd)
        .replace(&repo.path().display().to_string(), "<repo>")
        .replace(&dir.display().to_string(), "<changelogs>")
        .replace(&dates.display().to_string(), "<release-dates.csv>")
        .replace(
            &fixtures::root().join("schedules").display().to_string(),
            "<schedules>",
        );
    insta::assert_snapshot!("seed_week_2020_03_22", post);

    let featured = post
        .split("## Featured PRs")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    // The Release Schedule comes from the calendar: the next deadline after the week, and the
    // cycle's phase at its end.
    assert!(
        post.contains("**Next Deadline: v1.18.0 released, March 24**"),
        "{post}"
    );
    assert!(
        post.contains("1.18: Code thaw passed (2020-03-17)"),
        "{post}"
    );
    assert!(featured.contains("### [#89069: Remove support for basic authentication](https://github.com/kubernetes/kubernetes/pull/89069)"), "{featured}");
    let updates = post.split("## Version Updates").nth(1).unwrap();
    for line in [
        "* [Go to 1.13.9](https://github.com/kubernetes/kubernetes/pull/89275)",
        "* [etcd client to 3.4.4](https://github.com/kubernetes/kubernetes/pull/89169)",
        "* [CoreDNS to 1.6.7](https://github.com/kubernetes/kubernetes/pull/86259)",
    ] {
        assert!(updates.contains(line), "{line} in {updates}");
    }
    assert!(
        !post.contains("/pull/86260)") && !post.contains("/pull/89398)"),
        "merges outside the week"
    );

    let example = std::fs::read_to_string(
        workspace_root().join("../shared/reference/weekly-summary-example.md"),
    );
    let Ok(example) = example else { return };
    let theirs = linked_prs(&example);
    let ours = linked_prs(&post);
    let found: Vec<u64> = theirs
        .iter()
        .copied()
        .filter(|n| ours.contains(n))
        .collect();
    println!(
        "seed week: the draft links {}/{} of the PRs the LWKD example links (missing: {:?}; the merge fixture has {} PRs of the week)",
        found.len(),
        theirs.len(),
        theirs.iter().filter(|n| !found.contains(n)).collect::<Vec<_>>(),
        merges.len() - 2,
    );
    assert!(found.len() >= 9, "{found:?} of {theirs:?}");
}
