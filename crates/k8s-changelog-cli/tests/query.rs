//! End-to-end tests of the query commands (`notes`, `compare`, `releases`, `deprecations`,
//! `deps`, `cves`): golden outputs over the shared corpus, agreement with the library's own
//! answers, exit codes and messages, colour, and formats that read back.
//!
//! Corpus tests read `K8S_CHANGELOG_DIR` (default `../shared/corpus/kubernetes`) and skip with
//! a notice where it is absent, unless `CI` is set. Golden outputs are insta snapshots in
//! `tests/snapshots/`, reviewed by hand against the Markdown (`cargo insta review`).

use assert_cmd::Command;
use k8s_changelog::{Kind, Query};
use k8s_changelog_tests::{corpus_history, k8s_changelog, release_dates_csv, stdout_of};
use serde_json::Value;

/// The command over the corpus, or `None` (skipped) without one.
fn over_corpus(args: &[&str]) -> Option<Command> {
    let mut cmd = k8s_changelog!(corpus)?;
    cmd.args(args);
    Some(cmd)
}

/// A small changelog in a temporary directory, for tests that need no corpus.
fn small_changelog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = "\
# v1.22.1

## Changelog since v1.22.0

## Changes by Kind

### Bug or Regression

- Kubelet: fix a leak when pods are deleted quickly ([#101](https://github.com/kubernetes/kubernetes/pull/101), [@alice](https://github.com/alice)) [SIG Node]
- Fix CVE-2021-25741 in subpath mounts, a \"quoted\", comma-laden note
  that spans two lines ([#102](https://github.com/kubernetes/kubernetes/pull/102), [@bob](https://github.com/bob)) [SIG Storage]

### Feature

- Kubeadm: a new flag ([#103](https://github.com/kubernetes/kubernetes/pull/103), [@carol](https://github.com/carol)) [SIG Cluster Lifecycle and Node]

## Dependencies

### Added
_Nothing has changed._

### Changed
- go.etcd.io/etcd/client/v3: v3.5.0 → v3.5.1

### Removed
_Nothing has changed._

# v1.22.0

## Urgent Upgrade Notes

### (No, really, you MUST read this before you upgrade)

- The `--foo` flag of kube-apiserver is removed ([#100](https://github.com/kubernetes/kubernetes/pull/100), [@dave](https://github.com/dave)) [SIG API Machinery]

## Changes by Kind

### Deprecation

- The `--bar` flag is deprecated and will be removed in v1.24 ([#99](https://github.com/kubernetes/kubernetes/pull/99), [@erin](https://github.com/erin)) [SIG Node]
";
    std::fs::write(dir.path().join("CHANGELOG-1.22.md"), text).unwrap();
    dir
}

fn over_small(dir: &tempfile::TempDir, args: &[&str]) -> Command {
    let mut cmd = k8s_changelog!();
    cmd.env("K8S_CHANGELOG_DIR", dir.path()).args(args);
    cmd
}

// ---- golden outputs over the corpus -------------------------------------------------------

#[test]
fn compare_v1_17_3_to_v1_18_2_markdown() {
    let Some(cmd) = over_corpus(&[
        "compare", "--from", "v1.17.3", "--to", "v1.18.2", "--format", "markdown",
    ]) else {
        return;
    };
    insta::assert_snapshot!("compare_v1.17.3_v1.18.2.md", stdout_of(cmd));
}

/// A target inside an advisory's affected range gets a warning naming the fix on its line
/// (CVE-2021-25741: kubelet v1.22.0 - v1.22.1, fixed in v1.22.2); an advisory that affects the
/// start and is fixed by a release on the path is listed (CVE-2021-25735, fixed in v1.21.0).
#[test]
fn compare_warns_of_advisories_the_target_still_has() {
    let Some(mut cmd) = over_corpus(&[
        "compare", "--from", "v1.15.3", "--to", "v1.22.1", "--format", "markdown",
    ]) else {
        return;
    };
    let out = stdout_of(&mut cmd);
    assert!(
        out.contains(
            "**Warning:** v1.22.1 is affected by CVE-2021-25741 (Symlink Exchange Can Allow Host \
         Filesystem Access, CVSS High): kubelet v1.22.0 - v1.22.1; fixed in kubelet v1.22.2."
        ),
        "{out}"
    );
    assert!(out.contains("| [CVE-2021-25735]("), "{out}");
    let Some(mut cmd) = over_corpus(&["compare", "--from", "v1.15.3", "--to", "v1.22.2"]) else {
        return;
    };
    assert!(!stdout_of(&mut cmd).contains("is affected by"));
}

#[test]
fn compare_v1_21_0_to_v1_23_0_markdown() {
    let Some(cmd) = over_corpus(&[
        "compare", "--from", "v1.21.0", "--to", "v1.23.0", "--format", "markdown",
    ]) else {
        return;
    };
    insta::assert_snapshot!("compare_v1.21.0_v1.23.0.md", stdout_of(cmd));
}

#[test]
fn deps_etcd_go_v1_10_to_v1_23() {
    let Some(cmd) = over_corpus(&["deps", "etcd", "go", "--from", "v1.10.0", "--to", "v1.23.0"])
    else {
        return;
    };
    insta::assert_snapshot!("deps_etcd_go_v1.10.0_v1.23.0", stdout_of(cmd));
}

#[test]
fn cves_table() {
    let Some(cmd) = over_corpus(&["cves"]) else {
        return;
    };
    insta::assert_snapshot!("cves", stdout_of(cmd));
}

// ---- agreement with the library -----------------------------------------------------------

#[test]
fn notes_count_equals_the_library_query() {
    let Some(history) = corpus_history() else {
        return;
    };
    let cmd = over_corpus(&[
        "notes",
        "--kind",
        "deprecation",
        "--sig",
        "node",
        "--format",
        "json",
    ])
    .unwrap();
    let json: Value = serde_json::from_str(&stdout_of(cmd)).unwrap();
    let cli = json.as_array().unwrap();

    let hits = Query::new()
        .kind(Kind::Deprecation)
        .sig("node")
        .run(history);
    assert!(!hits.is_empty());
    assert_eq!(cli.len(), hits.len());
    for (record, hit) in cli.iter().zip(&hits) {
        assert_eq!(record["release"], hit.release.version.as_str());
        assert_eq!(record["prs"][0], hit.note.prs[0]);
        assert_eq!(record["kind"], "deprecation");
    }
}

#[test]
fn every_command_gives_valid_json() {
    for args in [
        &["notes", "--sig", "node", "--range", ">=1.22, <1.23"][..],
        &["compare", "--from", "v1.22.0", "--to", "v1.22.6"],
        &["releases", "--prereleases"],
        &["deprecations", "--flag", "basic-auth-file"],
        &["deps"],
        &["cves"],
    ] {
        let Some(mut cmd) = over_corpus(args) else {
            return;
        };
        cmd.args(["--format", "json"]);
        let out = stdout_of(cmd);
        let json: Value = serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out:.200}"));
        assert!(json.is_array() || json.is_object(), "{args:?}");
    }
}

#[test]
fn releases_show_dates_from_the_dates_file() {
    // Each may be there without the other (the dates file beside an empty data directory).
    let Some(csv) = release_dates_csv() else {
        return;
    };
    let Some(mut cmd) = over_corpus(&["releases", "--format", "csv", "--dates"]) else {
        return;
    };
    cmd.arg(&csv);
    let out = stdout_of(cmd);
    assert!(
        out.contains("\nv1.22.2,2021-09-15,false,v1.22.1,6,0,CVE-2021-25741\n"),
        "{out:.500}"
    );
}

// ---- errors -------------------------------------------------------------------------------

#[test]
fn an_unknown_version_names_the_nearest_with_exit_code_2() {
    let Some(mut cmd) = over_corpus(&["compare", "--from", "v1.22.0", "--to", "v1.99.0"]) else {
        return;
    };
    cmd.assert()
        .code(2)
        .stdout("")
        .stderr("error: no such release v1.99.0; nearest: v1.24.0-alpha.1\n");
}

/// A module no release names is said, with the closest name, as `feature-gates` does for a
/// gate: no "no change stated" that would read as a known, unchanged module.
#[test]
fn an_unknown_module_is_said_with_the_closest() {
    let dir = small_changelog();
    let said = "No module or component `go.etcd.io/etcd/client/v2` in the notes; the closest is \
                `go.etcd.io/etcd/client/v3`.";
    let out = over_small(&dir, &["deps", "go.etcd.io/etcd/client/v2"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains(said), "{out}");
    assert!(!out.contains("No change stated"), "{out}");
    over_small(
        &dir,
        &["deps", "go.etcd.io/etcd/client/v2", "--format", "json"],
    )
    .assert()
    .success()
    .stdout("[]\n")
    .stderr(format!("{said}\n"));
    // A known module is not said to be unknown.
    over_small(
        &dir,
        &["deps", "go.etcd.io/etcd/client/v3", "--format", "json"],
    )
    .assert()
    .success()
    .stderr("");
}

#[test]
fn unknown_versions_and_inverted_ranges_are_usage_errors() {
    let dir = small_changelog();
    over_small(&dir, &["notes", "--from", "v1.99.0"])
        .assert()
        .code(2)
        .stderr("error: no such release v1.99.0; nearest: v1.22.1\n");
    over_small(&dir, &["deps", "--to", "v1.0.0"])
        .assert()
        .code(2)
        .stderr("error: no such release v1.0.0; nearest: v1.22.0\n");
    over_small(&dir, &["compare", "--from", "v1.22.1", "--to", "v1.22.0"])
        .assert()
        .code(2)
        .stderr("error: inverted range: v1.22.1 is newer than v1.22.0\n");
    over_small(&dir, &["notes", "--from", "v1.22.1", "--to", "v1.22.0"])
        .assert()
        .code(2)
        .stderr("error: inverted range: v1.22.1 is newer than v1.22.0\n");
    over_small(&dir, &["notes", "--range", "v1.23.0..v1.22.0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "inverted range: v1.23.0 is newer than v1.22.0",
        ));
    over_small(&dir, &["notes", "--range", "banana"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "use `v1.27.3..v1.30.1` or `>=1.27, <1.30`",
        ));
}

#[test]
fn unknown_kinds_and_sigs_list_the_valid_values() {
    let dir = small_changelog();
    over_small(&dir, &["notes", "--kind", "bug,bugs"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`bugs` is not a valid kind; valid values: deprecation, api-change, feature, design, \
             documentation, failing-test, bug, cleanup, uncategorized, dependency",
        ));
    over_small(&dir, &["notes", "--sig", "nodes"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "`nodes` is not a valid SIG; valid values: api-machinery, apps,",
        ))
        .stderr(predicates::str::contains(", node, "));
}

// ---- filters, formats, colour -------------------------------------------------------------

fn prs_of(out: &str) -> Vec<u64> {
    let json: Value = serde_json::from_str(out).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|n| n["prs"][0].as_u64().unwrap())
        .collect()
}

#[test]
fn repeated_flags_and_comma_lists_or_within_and_across() {
    let dir = small_changelog();
    let prs = |args: &[&str]| {
        let mut cmd = over_small(&dir, &["notes", "--format", "json"]);
        cmd.args(args);
        prs_of(&stdout_of(cmd))
    };
    assert_eq!(prs(&[]), [100, 99, 101, 102, 103]);
    assert_eq!(prs(&["--kind", "bug,feature"]), [101, 102, 103]);
    assert_eq!(
        prs(&["--kind", "bug", "--kind", "feature"]),
        [101, 102, 103]
    );
    assert_eq!(prs(&["--kind", "bug,feature", "--sig", "node"]), [101, 103]);
    assert_eq!(
        prs(&["--sig", "SIG Storage", "--sig", "api-machinery"]),
        [100, 102]
    );
    assert_eq!(prs(&["--action-required"]), [100]);
    assert_eq!(prs(&["--has-cve"]), [102]);
    assert_eq!(prs(&["--component", "Kubeadm"]), [103]);
    assert_eq!(prs(&["--pr", "#101,103"]), [101, 103]);
    assert_eq!(prs(&["--author", "@CAROL", "--author", "erin"]), [99, 103]);
    assert_eq!(prs(&["--search", "A LEAK"]), [101]);
    assert_eq!(prs(&["--from", "v1.22.1"]), [101, 102, 103]);
    assert_eq!(prs(&["--to", "v1.22.0"]), [100, 99]);
    assert_eq!(prs(&["--range", ">=1.22.1"]), [101, 102, 103]);
}

#[test]
fn csv_reads_back() {
    let dir = small_changelog();
    let out = stdout_of(over_small(&dir, &["notes", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "release",
            "date",
            "kind",
            "sigs",
            "pr",
            "prs",
            "authors",
            "component",
            "action_required",
            "cves",
            "text"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let cve = rows.iter().find(|r| &r[4] == "102").unwrap();
    assert_eq!(&cve[0], "v1.22.1");
    assert_eq!(&cve[9], "CVE-2021-25741");
    assert_eq!(
        &cve[10],
        "Fix CVE-2021-25741 in subpath mounts, a \"quoted\", comma-laden note\nthat spans two lines"
    );
    let node = rows.iter().find(|r| &r[4] == "103").unwrap();
    assert_eq!(&node[3], "cluster-lifecycle;node");

    for args in [
        &["compare", "--from", "v1.22.0", "--to", "v1.22.1"][..],
        &["releases"],
        &["deps", "etcd"],
        &["deprecations"],
        &["cves"],
    ] {
        let mut cmd = over_small(&dir, args);
        cmd.args(["--format", "csv"]);
        let out = stdout_of(cmd);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let width = reader.headers().unwrap().len();
        for row in reader.records() {
            assert_eq!(row.unwrap().len(), width, "{args:?}");
        }
    }
}

#[test]
fn colour_only_when_wanted() {
    let dir = small_changelog();
    let run = |envs: &[(&str, &str)], extra: &[&str]| {
        let mut cmd = over_small(&dir, &["notes"]);
        cmd.args(extra);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        stdout_of(cmd)
    };
    // Not a terminal: plain.
    assert!(!run(&[], &[]).contains('\x1b'));
    // CLICOLOR_FORCE colours even into a pipe, and NO_COLOR wins over it.
    assert!(run(&[("CLICOLOR_FORCE", "1")], &[]).contains("\x1b["));
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]).contains('\x1b'));
    assert!(run(&[("NO_COLOR", "1")], &["--color", "always"]).contains("\x1b["));
    assert!(!run(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]).contains('\x1b'));
    // Other formats never carry colour.
    for format in ["markdown", "json", "csv"] {
        assert!(!run(&[("CLICOLOR_FORCE", "1")], &["--format", format]).contains('\x1b'));
    }
}

#[test]
fn tables_wrap_to_columns() {
    let dir = small_changelog();
    let mut cmd = over_small(&dir, &["notes"]);
    cmd.env("COLUMNS", "60");
    let out = stdout_of(cmd);
    for line in out.lines() {
        assert!(line.chars().count() <= 60, "{line}");
    }
    // Without a width (a pipe), one row is one line.
    let out = stdout_of(over_small(&dir, &["notes"]));
    assert!(out
        .lines()
        .any(|l| l.contains("Fix CVE-2021-25741 in subpath mounts") && l.contains("#102")));
}

#[test]
fn compare_markdown_links_prs_in_the_changelog_style() {
    let dir = small_changelog();
    let out = stdout_of(over_small(
        &dir,
        &[
            "compare", "--from", "v1.22.0", "--to", "v1.22.1", "--format", "markdown",
        ],
    ));
    assert!(
        out.starts_with("# Upgrading from v1.22.0 to v1.22.1\n"),
        "{out}"
    );
    assert!(out.contains(
        "- Kubelet: fix a leak when pods are deleted quickly ([#101](https://github.com/kubernetes/kubernetes/pull/101), [@alice](https://github.com/alice)) [SIG Node] _(v1.22.1)_\n"
    ), "{out}");
    // A two-line note keeps its second line inside the bullet.
    assert!(
        out.contains("comma-laden note\n  that spans two lines ([#102]"),
        "{out}"
    );

    let out = stdout_of(over_small(
        &dir,
        &[
            "compare", "--from", "v1.22.0", "--to", "v1.22.1", "--format", "json",
        ],
    ));
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["releases"], serde_json::json!(["v1.22.1"]));
}

#[test]
fn output_file_is_written_whole() {
    let dir = small_changelog();
    let target = dir.path().join("out.md");
    over_small(&dir, &["cves", "--format", "markdown", "-o"])
        .arg(&target)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(
        text.starts_with("| CVE | title | CVSS | releases | PRs |\n"),
        "{text}"
    );
    assert!(text.contains("[CVE-2021-25741](https://www.cve.org/CVERecord?id=CVE-2021-25741)"));
}
