//! `k8s-changelog summary` end to end: a week's post over the shared corpus and dates, a user
//! template, JSON, and the clear failures (no dates, an empty week).

use k8s_changelog_tests::{changelog_dir, k8s_changelog, release_dates_csv};
use predicates::prelude::*;
use std::path::PathBuf;

/// The corpus and the dates file, or `None` (with a notice; a failure under CI).
fn data() -> Option<(PathBuf, PathBuf)> {
    Some((changelog_dir()?, release_dates_csv()?))
}

#[test]
fn a_week_with_a_cve_fix() {
    let Some((dir, dates)) = data() else { return };
    let out = k8s_changelog!()
        .arg("summary")
        .arg(&dir)
        .args(["--week-ending", "2021-09-19", "--dates"])
        .arg(&dates)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let post = String::from_utf8(out).unwrap();
    assert!(
        post.starts_with("---\nlayout: post\ntitle: Week Ending September 19, 2021\n"),
        "{post}"
    );
    assert!(post.contains("\nslug: 2021-09-19-update\n---\n"));
    assert!(post.contains("* [CVE-2021-25741: Symlink Exchange Can Allow Host Filesystem Access]"));
    assert!(post.contains("This fix is released as v1.22.2, v1.21.5, v1.20.11, and v1.19.15."));
    assert!(post.contains("## Featured PRs\n\n### [#"));
    assert!(
        post.contains("--week-ending 2021-09-19"),
        "the footer names the command"
    );
}

#[test]
fn a_template_and_json() {
    let Some((dir, dates)) = data() else { return };
    let template = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        template.path(),
        "{{ title }}|{% for r in releases %}{{ r.version }} {% endfor %}",
    )
    .unwrap();
    k8s_changelog!()
        .arg("summary")
        .arg(&dir)
        .args(["--week-ending", "2021-09-19", "--dates"])
        .arg(&dates)
        .arg("--template")
        .arg(template.path())
        .assert()
        .success()
        .stdout("Week Ending September 19, 2021|v1.22.2 v1.21.5 v1.20.11 v1.19.15 ");
    let out = k8s_changelog!()
        .arg("summary")
        .arg(&dir)
        .args(["--week-ending", "2020-02-16", "--format", "json", "--dates"])
        .arg(&dates)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let tags: Vec<&str> = json["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["version"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["v1.17.3", "v1.16.7", "v1.15.10"]);
}

#[test]
fn no_dates_or_no_release_is_a_clear_failure() {
    let Some((dir, dates)) = data() else { return };
    k8s_changelog!()
        .arg("summary")
        .arg(&dir)
        .args(["--week-ending", "2021-09-19"])
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains("no release dates are known"));
    k8s_changelog!()
        .arg("summary")
        .arg(&dir)
        .args(["--week-ending", "2015-01-04", "--dates"])
        .arg(&dates)
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains(
            "no release was published from 2014-12-29 to 2015-01-04",
        ));
    k8s_changelog!()
        .arg("summary")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("say which week"));
}
