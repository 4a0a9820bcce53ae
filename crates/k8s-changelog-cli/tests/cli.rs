//! End-to-end tests of the `k8s-changelog` binary: exit codes, messages, output and files on disk.
//!
//! Tests marked "needs the parser" in their comment assert on parse results; they fail while
//! `k8s_changelog::parse` is a stub that finds no release.

use k8s_changelog_tests::{changelog_dir, files_in, k8s_changelog};
use predicates::prelude::*;
use serde_json::Value;
use std::io::Read;
use std::time::Duration;

/// One release in the v1.20+ format, with `notes` bug-fix bullets.
fn release_section(patch: u32, notes: u32) -> String {
    let mut text = format!(
        "# v1.22.{patch}\n\n\n## Downloads for v1.22.{patch}\n\n### Source Code\n\n\
         filename | sha512 hash\n-------- | -----------\n\
         [kubernetes.tar.gz](https://dl.k8s.io/v1.22.{patch}/kubernetes.tar.gz) | `5d8f53b29f14313b029d7f313b8f11b6`\n\n\
         ## Changelog since v1.22.{}\n\n## Changes by Kind\n\n### Bug or Regression\n\n",
        patch.saturating_sub(1)
    );
    for n in 0..notes {
        let pr = 100_000 + patch * 10 + n;
        text.push_str(&format!(
            "- Fix a leak in the kubelet when pods are deleted quickly ([#{pr}](https://github.com/kubernetes/kubernetes/pull/{pr}), [@alice](https://github.com/alice)) [SIG Node]\n"
        ));
    }
    text.push_str(
        "\n## Dependencies\n\n### Added\n_Nothing has changed._\n\n### Changed\n\
         - github.com/google/cadvisor: v0.39.2 → v0.39.3\n\n### Removed\n_Nothing has changed._\n\n\n\n",
    );
    text
}

/// A changelog of `size` bytes or a little more, made of realistic release sections.
fn generated_changelog(size: usize) -> (String, u32) {
    let mut text = String::with_capacity(size + 4096);
    let mut releases = 0;
    while text.len() < size {
        text.push_str(&release_section(releases, 3));
        releases += 1;
    }
    (text, releases)
}

/// Bytes from a fixed linear congruential generator: the same "random" garbage every run.
fn garbage(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        })
        .collect()
}

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("stdout is JSON")
}

// ---- parse and stats: bad input ----------------------------------------------------------

#[test]
fn missing_file_is_named() {
    for command in ["parse", "stats"] {
        k8s_changelog!()
            .args([command, "no/such/CHANGELOG-1.22.md"])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("no/such/CHANGELOG-1.22.md"))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn directory_without_changelogs_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "# v1.22.0\n").unwrap();
    for command in ["parse", "stats"] {
        k8s_changelog!()
            .arg(command)
            .arg(dir.path())
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("no CHANGELOG-*.md files"))
            .stderr(predicate::str::contains(dir.path().to_string_lossy()));
    }
}

#[test]
fn missing_default_directory_suggests_fetch() {
    let dir = tempfile::tempdir().unwrap();
    k8s_changelog!()
        .current_dir(dir.path())
        .arg("parse")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("data/changelog"))
        .stderr(predicate::str::contains("k8s-changelog fetch"));
}

#[test]
fn text_without_releases_fails_naming_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&file, "Just some prose.\n\nNo headings here.\n").unwrap();
    for command in ["parse", "stats"] {
        k8s_changelog!()
            .arg(command)
            .arg(&file)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("no release found"))
            .stderr(predicate::str::contains(file.to_string_lossy()));
    }
}

#[test]
fn invalid_utf8_without_releases_lists_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&file, b"prose\nmore \xff\xfe prose\n").unwrap();
    k8s_changelog!()
        .arg("parse")
        .arg(&file)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{}:2: error: invalid UTF-8",
            file.display()
        )));
}

#[test]
fn binary_garbage_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&file, garbage(1 << 20, 7)).unwrap();
    for command in ["parse", "stats"] {
        k8s_changelog!()
            .arg(command)
            .arg(&file)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(file.to_string_lossy()))
            .stderr(predicate::str::contains("binary data"));
    }
}

#[test]
fn garbage_without_nul_bytes_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    let bytes: Vec<u8> = garbage(1 << 20, 11).into_iter().map(|b| b | 0x80).collect();
    std::fs::write(&file, bytes).unwrap();
    k8s_changelog!()
        .arg("parse")
        .arg(&file)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("invalid UTF-8"))
        .stderr(predicate::str::contains("no release found"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn oversized_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    // Sparse: costs no disk.
    std::fs::File::create(&file)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    k8s_changelog!()
        .arg("stats")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("too large"))
        .stderr(predicate::str::contains(file.to_string_lossy()));
}

#[test]
fn failed_parse_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    k8s_changelog!()
        .args(["parse", "-", "--output"])
        .arg(&out)
        .write_stdin("no releases here\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>"));
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

#[test]
fn usage_errors_exit_2() {
    k8s_changelog!()
        .args(["parse", "--format", "xml", "x.md"])
        .assert()
        .code(2);
    k8s_changelog!()
        .args(["parse", "--version", "1.22", "x.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a Kubernetes version tag"));
    k8s_changelog!().arg("frobnicate").assert().code(2);
}

// ---- parse and stats: results (these need the parser) ------------------------------------

const ONE_NOTE: &str = "# v1.22.1\n\n## Changelog since v1.22.0\n\n## Changes by Kind\n\n\
### Bug or Regression\n\n\
- Fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]\n";

/// Needs the parser.
#[test]
fn parse_prints_one_release_with_one_note() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&file, ONE_NOTE).unwrap();
    let assert = k8s_changelog!().arg("parse").arg(&file).assert().success();
    let json = json_of(&assert.get_output().stdout);
    let releases = json["releases"].as_array().unwrap();
    assert_eq!(releases.len(), 1);
    assert_eq!(releases[0]["version"], "v1.22.1");
    assert_eq!(releases[0]["notes"].as_array().unwrap().len(), 1);
    assert_eq!(releases[0]["notes"][0]["kind"], "bug");
    assert!(json["diagnostics"].is_array());
}

/// Needs the parser.
#[test]
fn parse_reads_stdin_and_pretty_prints() {
    let assert = k8s_changelog!()
        .args(["parse", "-", "--pretty"])
        .write_stdin(ONE_NOTE)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("\n  \"releases\": ["), "{stdout}");
    let json = json_of(stdout.as_bytes());
    assert_eq!(json["releases"][0]["file"], "<stdin>");
}

/// Needs the parser.
#[test]
fn parse_merges_inputs_in_semver_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("CHANGELOG-1.22.md"), ONE_NOTE).unwrap();
    std::fs::write(
        dir.path().join("CHANGELOG-1.9.md"),
        ONE_NOTE.replace("v1.22", "v1.9"),
    )
    .unwrap();
    let assert = k8s_changelog!()
        .arg("parse")
        .arg(dir.path())
        .assert()
        .success();
    let json = json_of(&assert.get_output().stdout);
    let versions: Vec<&str> = json["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["v1.9.1", "v1.22.1"]);
}

/// Needs the parser.
#[test]
fn parse_default_directory_comes_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("CHANGELOG-1.22.md"), ONE_NOTE).unwrap();
    k8s_changelog!()
        .env("K8S_CHANGELOG_DIR", dir.path())
        .arg("parse")
        .assert()
        .success()
        .stdout(predicate::str::contains("v1.22.1"));
}

/// Needs the parser.
#[test]
fn parse_version_names_a_release_notes_draft() {
    let draft = "## Changes by Kind\n\n### Bug or Regression\n\n\
- Fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]\n";
    let assert = k8s_changelog!()
        .args(["parse", "-", "--version", "v1.23.0"])
        .write_stdin(draft)
        .assert()
        .success();
    let json = json_of(&assert.get_output().stdout);
    assert_eq!(json["releases"][0]["version"], "v1.23.0");
}

/// Needs the parser.
#[test]
fn parse_output_file_matches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&input, ONE_NOTE).unwrap();
    let out = dir.path().join("out.json");
    let stdout = k8s_changelog!()
        .arg("parse")
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    k8s_changelog!()
        .arg("parse")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read(&out).unwrap(), stdout);
    assert_eq!(files_in(dir.path()), ["CHANGELOG-1.22.md", "out.json"]);
}

/// Needs the parser: invalid UTF-8 inside a release is a diagnostic, not a failure.
#[test]
fn invalid_utf8_inside_a_release_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    let mut bytes = ONE_NOTE.as_bytes().to_vec();
    bytes.extend_from_slice(b"- Broken \xff bytes ([#2](https://github.com/kubernetes/kubernetes/pull/2), [@b](https://github.com/b))\n");
    std::fs::write(&file, bytes).unwrap();
    let assert = k8s_changelog!()
        .arg("parse")
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "{}:10: error: invalid UTF-8",
            file.display()
        )));
    let json = json_of(&assert.get_output().stdout);
    assert_eq!(json["releases"].as_array().unwrap().len(), 1);
    assert_eq!(json["diagnostics"][0]["line"], 10);
}

/// Needs the parser.
#[test]
fn stats_json_counts_releases_notes_and_prs() {
    let assert = k8s_changelog!()
        .args(["stats", "-", "--format", "json"])
        .write_stdin(ONE_NOTE)
        .assert()
        .success();
    let json = json_of(&assert.get_output().stdout);
    assert_eq!(json["releases"], 1);
    assert_eq!(json["notes"], 1);
    assert_eq!(json["notes_by_kind"]["bug"], 1);
    assert_eq!(json["notes_by_kind"]["none"], 0);
    assert_eq!(json["prs"], 1);
    assert!(json["unaccounted_lines"].is_u64());
    assert!(json["parse_ms"].is_number());
    assert_eq!(json["files"][0]["file"], "<stdin>");
}

/// Needs the parser.
#[test]
fn stats_table_lists_totals_and_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("CHANGELOG-1.22.md"), ONE_NOTE).unwrap();
    std::fs::write(
        dir.path().join("CHANGELOG-1.21.md"),
        ONE_NOTE.replace("v1.22", "v1.21"),
    )
    .unwrap();
    k8s_changelog!()
        .arg("stats")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("releases"))
        .stdout(predicate::str::contains("unaccounted lines"))
        .stdout(predicate::str::contains("parse time (ms)"))
        .stdout(predicate::str::contains("CHANGELOG-1.21.md"));
}

/// 2 MB (about 2,200 releases): quick enough to run on every change.
#[test]
fn large_generated_file_parses() {
    check_large_file(2 * 1024 * 1024, Duration::from_secs(120));
}

/// 50 MB (about 55,000 releases): parse time is linear in the number of releases (the
/// release split once looked up each release's headings by a scan of all of them); a debug
/// build takes about 40 s, a release build 4 s.
#[test]
fn fifty_megabyte_file_parses() {
    check_large_file(50 * 1024 * 1024, Duration::from_secs(300));
}

fn check_large_file(size: usize, timeout: Duration) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    let (text, releases) = generated_changelog(size);
    std::fs::write(&file, text).unwrap();
    let assert = k8s_changelog!()
        .timeout(timeout)
        .args(["stats", "--format", "json"])
        .arg(&file)
        .assert()
        .success();
    let json = json_of(&assert.get_output().stdout);
    assert_eq!(json["releases"], u64::from(releases));
    assert_eq!(json["notes"], u64::from(releases) * 3);
}

/// Needs the parser: the output must outgrow the pipe's buffer for the write to fail.
#[test]
fn closed_stdout_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&file, generated_changelog(256 * 1024).0).unwrap();
    let mut child = k8s_changelog!(std)
        .arg("parse")
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Needs the parser and the corpus.
#[test]
fn corpus_parses_with_every_release() {
    let Some(corpus) = changelog_dir() else {
        return;
    };
    let assert = k8s_changelog!()
        .args(["stats", "--format", "json"])
        .arg(&corpus)
        .assert()
        .success();
    let json = json_of(&assert.get_output().stdout);
    assert!(json["releases"].as_u64().unwrap() >= 400, "{json}");
    assert!(json["notes"].as_u64().unwrap() >= 10_000, "{json}");
}
