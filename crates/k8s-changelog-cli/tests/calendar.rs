//! `schedule` over the committed release-calendar excerpts (a folder of `release-1.N.md`, and a
//! sig-release checkout), its bad inputs, and the end-of-life columns of `releases` and the
//! warning of `compare` (`--eol`). Never skips: everything is in `tests/fixtures/`.

use k8s_changelog_tests::{fixtures, k8s_changelog};
use predicates::prelude::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = k8s_changelog!(fixtures)
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn schedule_prints_the_phase_and_the_next_deadline_with_its_source() {
    k8s_changelog!(fixtures)
        .args(["schedule", "--schedule", "schedules", "--at", "2020-03-22"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Phase: 1.18: Code thaw passed (2020-03-17); v1.18.0 release next (2020-03-24).",
        ))
        .stdout(predicate::str::contains("v1.18.0 released"))
        .stdout(predicate::str::contains("schedules/release-1.18.md:6"))
        .stdout(predicate::str::contains("7 schedules read (1.3 … 1.29)"));
    let answer = json(&[
        "schedule",
        "--schedule",
        "schedules",
        "--at",
        "2020-03-22",
        "--next",
        "2",
    ]);
    assert_eq!(answer["phase"]["state"], "in_cycle");
    assert_eq!(answer["phase"]["minor"], "1.18");
    let deadlines = answer["deadlines"].as_array().unwrap();
    assert_eq!(deadlines.len(), 2);
    assert_eq!(deadlines[0]["date"], "2020-03-24");
    assert_eq!(deadlines[0]["what"], "v1.18.0 released");
    assert_eq!(deadlines[0]["line"], 6);
    assert_eq!(deadlines[1]["minor"], "1.29");
    // After the last cycle of the folder: between releases, nothing next.
    let answer = json(&["schedule", "--schedule", "schedules", "--at", "2024-01-10"]);
    assert_eq!(answer["phase"]["state"], "between_releases");
    assert_eq!(answer["phase"]["previous"][0], "1.29");
    assert!(answer["deadlines"].as_array().unwrap().is_empty());
}

#[test]
fn schedule_reads_a_sig_release_checkout() {
    let checkout = tempfile::tempdir().unwrap();
    let release = checkout.path().join("releases").join("release-1.18");
    std::fs::create_dir_all(&release).unwrap();
    std::fs::copy(
        fixtures::schedule_dir().join("release-1.18.md"),
        release.join("README.md"),
    )
    .unwrap();
    k8s_changelog!()
        .args([
            "schedule",
            "--at",
            "2020-03-01",
            "--format",
            "csv",
            "--schedule",
        ])
        .arg(checkout.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2020-03-05,1.18,Begin Code Freeze (EOD PST),",
        ))
        .stdout(predicate::str::contains("release-1.18/README.md,4"));
}

#[test]
fn schedule_bad_input_names_what_is_wrong() {
    k8s_changelog!()
        .args(["schedule", "--schedule", "/no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--schedule /no/such/folder: not a directory",
        ));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("release-1.99.md"),
        "# Kubernetes 1.99\n\nNo timeline yet.\n",
    )
    .unwrap();
    k8s_changelog!()
        .args(["schedule", "--schedule"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "release-1.99.md:1: no release timeline found",
        ));
    let empty = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .args(["schedule", "--schedule"])
        .arg(empty.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no release-1.N.md files"));
    k8s_changelog!()
        .args(["schedule", "--schedule", "schedules", "--at", "22/03/2020"])
        .assert()
        .code(2);
}

/// What a calendar leaves to an assumption is said on stderr, with the file and line, and the
/// answer is still given (the committed 1.18 excerpt writes no year).
#[test]
fn schedule_warnings_name_the_file_and_line() {
    k8s_changelog!(fixtures)
        .args(["schedule", "--schedule", "schedules", "--at", "2020-03-22"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "v1.18.0 release next (2020-03-24)",
        ))
        .stderr(predicate::str::contains(
            "release-1.18.md:1: warning: no year written in the file; 2020 assumed from the minor",
        ));
}

/// `version → support status` of `releases --eol eol.yaml --at DATE`.
fn support_at(at: &str) -> Vec<(String, String, Value)> {
    json(&["releases", "--eol", "eol.yaml", "--at", at])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["version"].as_str().unwrap().to_string(),
                r["support"]["status"].as_str().unwrap().to_string(),
                r["end_of_life"].clone(),
            )
        })
        .collect()
}

#[test]
fn releases_show_end_of_life_and_support_at_a_date() {
    let before = support_at("2022-10-01");
    let after = support_at("2023-01-05");
    let find = |rows: &[(String, String, Value)], version: &str| {
        rows.iter().find(|r| r.0 == version).cloned().unwrap()
    };
    let v1221 = find(&before, "v1.22.1");
    assert_eq!(
        (v1221.1.as_str(), v1221.2.as_str()),
        ("supported", Some("2022-12-08"))
    );
    assert_eq!(find(&after, "v1.22.1").1, "end_of_life");
    assert_eq!(find(&after, "v1.23.2").1, "supported");
    // The excerpt does not list 1.2: unknown, not guessed.
    let v120 = find(&after, "v1.2.0");
    assert_eq!((v120.1.as_str(), &v120.2), ("unknown", &Value::Null));
    k8s_changelog!(fixtures)
        .args(["releases", "--eol", "eol.yaml", "--at", "2023-01-05"])
        .assert()
        .success()
        .stdout(predicate::str::contains("end of life"))
        .stdout(predicate::str::contains("support judged at 2023-01-05"));
    // Without an EOL file the JSON keeps its old shape.
    let plain = json(&["releases"]);
    assert!(plain[0].get("support").is_none());
    k8s_changelog!(fixtures)
        .args(["releases", "--eol", "no-such.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--eol no-such.yaml: no such file"));
}

#[test]
fn compare_warns_when_the_target_is_past_end_of_life() {
    let args = [
        "compare", "--from", "v1.22.1", "--to", "v1.22.6", "--eol", "eol.yaml",
    ];
    k8s_changelog!(fixtures)
        .args(args)
        .args(["--at", "2023-01-05"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "**Warning:** 1.22 reached its end of life on 2022-12-08 (at 2023-01-05); its final \
             patch is v1.22.17",
        ));
    k8s_changelog!(fixtures)
        .args(args)
        .args(["--at", "2022-10-01"])
        .assert()
        .success()
        .stdout(predicate::str::contains("end of life").not());
    let mut with_format: Vec<&str> = args.to_vec();
    with_format.extend(["--at", "2023-01-05"]);
    let answer = json(&with_format);
    assert_eq!(answer["end_of_life"]["status"], "end_of_life");
    assert_eq!(answer["end_of_life"]["minor"], "1.22");
    assert_eq!(answer["end_of_life"]["final_patch"], "1.22.17");
    // The upgrade path's own fields are still at the top level.
    assert_eq!(answer["to"], "v1.22.6");
}
