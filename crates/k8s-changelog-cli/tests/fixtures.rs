//! Every command over the committed fixtures (`tests/fixtures/`, whole releases of every
//! format era, a sig-release draft excerpt, relnotes JSON, a dates CSV), in every output format,
//! and the usage errors: golden outputs (insta snapshots in `tests/snapshots/fixtures__*`) and
//! agreement with the library. The command runs in `tests/fixtures/` with
//! `K8S_CHANGELOG_DIR=changelog`, so file names in outputs are relative. These tests need no
//! corpus and never skip.

use k8s_changelog_tests::{fixture_history, fixtures, k8s_changelog, note_prs, read, stdout_of};
use predicates::prelude::*;
use serde_json::Value;

const DRAFT: &str = "sig-release/release-1.22/release-notes-draft.md";

/// `k8s-changelog <args>` over the fixtures: its stdout, which must not be empty, as a snapshot.
macro_rules! golden {
    ($($name:ident: [$($arg:expr),* $(,)?];)*) => {$(
        #[test]
        fn $name() {
            let out = stdout_of(k8s_changelog!(fixtures).args([$($arg),*]));
            assert!(!out.trim().is_empty(), "no output");
            insta::assert_snapshot!(stringify!($name), out);
        }
    )*};
}

golden! {
    notes_bug_1_22_table: ["notes", "--kind", "bug", "--range", "v1.22.1..v1.22.6"];
    notes_bug_1_22_markdown: ["notes", "--kind", "bug", "--range", "v1.22.1..v1.22.6", "--format", "markdown"];
    notes_bug_1_22_json: ["notes", "--kind", "bug", "--range", "v1.22.1..v1.22.6", "--format", "json"];
    notes_bug_1_22_csv: ["notes", "--kind", "bug", "--range", "v1.22.1..v1.22.6", "--format", "csv"];
    notes_sig_and_author_csv: ["notes", "--sig", "api-machinery,node", "--author", "@liggitt", "--format", "csv"];
    notes_prereleases_csv: ["notes", "--prereleases", "--range", ">=1.18.0-rc.1, <1.19", "--format", "csv"];
    notes_has_cve_markdown: ["notes", "--has-cve", "--format", "markdown"];
    notes_action_required_csv: ["notes", "--action-required", "--format", "csv"];
    notes_search_and_component_csv: ["notes", "--search", "CHECK-EXPIRATION", "--component", "kubeadm", "--format", "csv"];
    notes_facets_bug_node_table: ["notes", "--kind", "bug", "--sig", "node", "--range", "1.22", "--facets"];
    notes_facets_bug_node_csv: ["notes", "--kind", "bug", "--sig", "node", "--range", "1.22", "--facets", "--format", "csv"];
    compare_v1_22_1_v1_22_6_table: ["compare", "--from", "v1.22.1", "--to", "v1.22.6"];
    compare_v1_22_1_v1_22_6_markdown: ["compare", "--from", "v1.22.1", "--to", "v1.22.6", "--format", "markdown"];
    compare_v1_22_1_v1_22_6_json: ["compare", "--from", "v1.22.1", "--to", "v1.22.6", "--format", "json"];
    compare_v1_22_6_v1_23_2_csv: ["compare", "--from", "v1.22.6", "--to", "v1.23.2", "--format", "csv"];
    releases_table_with_dates: ["releases", "--prereleases", "--dates", "release-dates.csv"];
    releases_csv: ["releases", "--format", "csv", "--dates", "release-dates.csv"];
    releases_markdown: ["releases", "--format", "markdown"];
    deps_go_table: ["deps", "go"];
    deps_go_json: ["deps", "go", "--format", "json"];
    deps_1_22_markdown: ["deps", "--from", "v1.22.1", "--to", "v1.23.2", "--format", "markdown"];
    deps_1_22_csv: ["deps", "--from", "v1.22.1", "--to", "v1.23.2", "--format", "csv"];
    cves_table: ["cves"];
    cves_markdown: ["cves", "--format", "markdown"];
    cves_json: ["cves", "--format", "json"];
    cves_csv: ["cves", "--format", "csv"];
    deprecations_of_the_draft_table: ["deprecations", "--version", "v1.22.0", DRAFT];
    deprecations_of_the_draft_flag_markdown: ["deprecations", "--version", "v1.22.0", DRAFT, "--flag", "experimental-patches", "--format", "markdown"];
    deprecations_of_the_draft_csv: ["deprecations", "--version", "v1.22.0", DRAFT, "--format", "csv"];
    summary_cve_week: ["summary", "--week-ending", "2021-09-19", "--dates", "release-dates.csv"];
    summary_patch_pair_week_json: ["summary", "--week-ending", "2022-01-23", "--dates", "release-dates.csv", "--format", "json"];
}

fn json_of(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out:.300}"))
}

/// Removes every `parse_ms` (a timing) from a `stats` JSON document.
fn without_timings(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("parse_ms");
            map.values_mut().for_each(without_timings);
        }
        Value::Array(items) => items.iter_mut().for_each(without_timings),
        _ => {}
    }
}

#[test]
fn stats_json_counts_every_fixture_file() {
    let mut json = json_of(&stdout_of(
        k8s_changelog!(fixtures).args(["stats", "--format", "json"]),
    ));
    assert_eq!(json["releases"], 18);
    assert_eq!(json["unaccounted_lines"], 0);
    assert_eq!(json["files"].as_array().unwrap().len(), 7);
    without_timings(&mut json);
    insta::assert_snapshot!("stats_json", serde_json::to_string_pretty(&json).unwrap());
}

#[test]
fn stats_table_lists_totals_and_files() {
    let out = stdout_of(k8s_changelog!(fixtures).arg("stats"));
    assert!(out.contains("parse time"), "{out}");
    // The totals, without the timing (whose width sets the table's, so cells are compared
    // with their padding collapsed); the per-file table ends with a timing column.
    let (totals, files) = out.split_once('└').expect("two tables");
    let totals: Vec<String> = totals
        .lines()
        .filter(|l| !l.contains("parse time") && !l.starts_with(['┌', '├']))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    insta::assert_snapshot!("stats_table", totals.join("\n"));
    for (file, releases, notes) in [("1.2", 4, 48), ("1.6", 2, 6), ("1.22", 3, 19)] {
        let row = files
            .lines()
            .find(|l| l.contains(&format!("changelog/CHANGELOG-{file}.md ")))
            .unwrap_or_else(|| panic!("no row for {file}: {files}"));
        let cells: Vec<&str> = row.split('┆').map(str::trim).collect();
        assert_eq!(
            cells[1..4],
            [releases.to_string(), notes.to_string(), "0".into()],
            "{row}"
        );
    }
}

#[test]
fn parse_json_is_the_library_model() {
    let out = stdout_of(k8s_changelog!(fixtures).args(["parse", "changelog/CHANGELOG-1.22.md"]));
    let cli = json_of(&out);
    let text = read(&fixtures::changelog_dir().join("CHANGELOG-1.22.md"));
    let mut library = k8s_changelog::parse(&text, "changelog/CHANGELOG-1.22.md");
    library.sort();
    // Through a string, as the command writes it (a CVSS score is an f32).
    let library = json_of(&serde_json::to_string(&library).unwrap());
    assert_eq!(cli, library);
    let versions: Vec<&str> = cli["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["v1.22.1", "v1.22.2", "v1.22.6"]);
}

#[test]
fn parse_reads_the_default_directory_and_pretty_prints() {
    let out = stdout_of(k8s_changelog!(fixtures).args(["parse", "--format", "pretty-json"]));
    assert!(out.starts_with("{\n  \"releases\": ["), "{out:.100}");
    assert_eq!(json_of(&out)["releases"].as_array().unwrap().len(), 18);
}

#[test]
fn parse_version_reads_the_draft_excerpt() {
    let out = stdout_of(k8s_changelog!(fixtures).args(["parse", "--version", "v1.22.0", DRAFT]));
    let json = json_of(&out);
    let release = &json["releases"][0];
    assert_eq!(release["version"], "v1.22.0");
    assert_eq!(release["notes"].as_array().unwrap().len(), 48);
}

#[test]
fn notes_json_equals_the_library_query() {
    let out = stdout_of(k8s_changelog!(fixtures).args([
        "notes", "--kind", "bug", "--sig", "node", "--format", "json",
    ]));
    let cli = json_of(&out);
    let hits = k8s_changelog::Query::new()
        .kind(k8s_changelog::Kind::Bug)
        .sig("node")
        .run(fixture_history());
    let cli = cli.as_array().unwrap();
    assert_eq!(cli.len(), hits.len());
    for (record, hit) in cli.iter().zip(&hits) {
        assert_eq!(record["release"], hit.release.version.as_str());
        assert_eq!(record["prs"][0], hit.note.prs[0]);
    }
}

#[test]
fn notes_facets_json_is_the_library_answer() {
    let out = stdout_of(k8s_changelog!(fixtures).args([
        "notes", "--kind", "bug", "--sig", "node", "--facets", "--format", "json",
    ]));
    let query = k8s_changelog::Query::new()
        .kind(k8s_changelog::Kind::Bug)
        .sig("node");
    let (hits, facets) = query.run_with_facets(fixture_history());
    let mut json = json_of(&out);
    assert_eq!(json["notes"], hits.len(), "the matching notes' number");
    json.as_object_mut().unwrap().remove("notes");
    assert_eq!(json, serde_json::to_value(&facets).unwrap());
    // The kind facet keeps the SIG flag: its bug count is the notes the query matches.
    let bug = facets
        .kinds
        .iter()
        .find(|c| c.value == k8s_changelog::Kind::Bug);
    assert_eq!(bug.map(|c| c.notes), Some(hits.len()));
    assert!(hits.len() > 1, "the fixtures hold bugs of SIG Node");
    // The SIG facet leaves the SIG flag out: SIG Node's count is the same notes.
    let node = facets.sigs.iter().find(|c| c.value == "node");
    assert_eq!(node.map(|c| c.notes), Some(hits.len()));
    assert!(facets.sigs.len() > 1, "other SIGs' bugs are counted too");
}

/// The official relnotes JSON of v1.22.2 as an input: the PRs of the Markdown release.
#[test]
fn relnotes_json_reads_as_the_markdown_release() {
    let prs = |args: &[&str]| note_prs(&stdout_of(k8s_changelog!(fixtures).args(args)));
    let from_json = prs(&[
        "notes",
        "relnotes/release-notes-1.22.2.json",
        "--format",
        "json",
    ]);
    let from_markdown = prs(&["notes", "--range", "v1.22.2..v1.22.2", "--format", "json"]);
    // The JSON also holds #104988, a note krel marked `duplicate` that the published Markdown
    // of v1.22.2 does not list.
    assert_eq!(from_markdown.len(), 6);
    let published: Vec<u64> = from_json
        .iter()
        .copied()
        .filter(|&pr| pr != 104988)
        .collect();
    assert_eq!(published, from_markdown);
    assert_eq!(from_json.len(), 7);
    let v1_22_1 = prs(&[
        "notes",
        "relnotes/release-notes-1.22.1.json",
        "--format",
        "json",
    ]);
    assert!(
        v1_22_1.contains(&104200) && !v1_22_1.contains(&104905),
        "{v1_22_1:?}"
    );
}

#[test]
fn index_writes_every_fixture_release() {
    let out = tempfile::tempdir().unwrap();
    k8s_changelog!(fixtures)
        .args(["index", "--dates", "release-dates.csv", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let index: k8s_changelog::index::Index =
        serde_json::from_str(&read(&out.path().join("index.json"))).unwrap();
    // Each release's changelog by its file name, not a path on the machine that built it.
    let files: std::collections::BTreeSet<&str> =
        index.releases.iter().map(|r| r.file.as_str()).collect();
    assert!(files.contains("CHANGELOG-1.22.md"), "{files:?}");
    assert!(files.iter().all(|f| !f.contains('/')), "{files:?}");
    let history = index.into_history().unwrap();
    assert_eq!(history.releases().len(), 18);
    let v1_22_2 = history.find("v1.22.2").unwrap();
    assert!(history.date(&v1_22_2.semver).is_some());
    for minor in [2, 6, 10, 14, 18, 22, 23] {
        let shard = out.path().join(format!("downloads-1.{minor}.json"));
        assert!(shard.is_file(), "{}", shard.display());
    }
}

// ---- errors -------------------------------------------------------------------------------

#[test]
fn an_unknown_tag_names_the_nearest_with_exit_code_2() {
    k8s_changelog!(fixtures)
        .args(["compare", "--from", "v1.22.1", "--to", "v1.22.9"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: no such release v1.22.9; nearest: v1.22.6\n");
}

#[test]
fn an_inverted_range_is_a_usage_error() {
    k8s_changelog!(fixtures)
        .args(["compare", "--from", "v1.23.2", "--to", "v1.22.1"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("error: inverted range: v1.23.2 is newer than v1.22.1\n");
    k8s_changelog!(fixtures)
        .args(["notes", "--from", "v1.23.2", "--to", "v1.22.1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inverted range"));
}

#[test]
fn unknown_kinds_and_sigs_list_the_valid_values() {
    k8s_changelog!(fixtures)
        .args(["notes", "--kind", "bugs"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "valid values: deprecation, api-change",
        ));
    k8s_changelog!(fixtures)
        .args(["notes", "--sig", "nodes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nodes"));
}

#[test]
fn a_week_without_releases_gets_a_post_unless_nothing_is_known() {
    // Known dates before and after it: a post that says no release was published.
    k8s_changelog!(fixtures)
        .args([
            "summary",
            "--week-ending",
            "2021-09-26",
            "--dates",
            "release-dates.csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "No release was published this week.",
        ));
    // After every known date, with no merge source: a clear failure.
    k8s_changelog!(fixtures)
        .args([
            "summary",
            "--week-ending",
            "2030-01-05",
            "--dates",
            "release-dates.csv",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no release was published from 2029-12-30 to 2030-01-05 (the last known date is 2022-01-19; give the week's merges (--checkout PATH or --github) for a post)",
        ));
    k8s_changelog!(fixtures)
        .args(["summary", "--week-ending", "2021-09-19"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no release dates are known"));
}

#[test]
fn a_missing_input_file_is_named() {
    k8s_changelog!(fixtures)
        .args(["notes", "changelog/CHANGELOG-1.99.md"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("changelog/CHANGELOG-1.99.md"));
}
