//! Exit codes, command by command: `2` for usage errors and releases the history does not have,
//! `1` for failures (an input that cannot be read), `0` for answers. The rule lives in
//! `src/exit.rs`; this checks that every command follows it.

use assert_cmd::Command;
use std::path::Path;

const CHANGELOG: &str = "\
# v1.22.1

## Changelog since v1.22.0

## Changes by Kind

### Bug or Regression

- Fix a leak in the kubelet's pod worker ([#2](https://github.com/kubernetes/kubernetes/pull/2), [@a](https://github.com/a)) [SIG Node]

# v1.22.0

## Changes by Kind

### Deprecation

- The `--foo` flag of kube-apiserver is deprecated and will be removed in v1.24 ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG API Machinery]
";

fn run(dir: &Path, args: &[&str]) -> i32 {
    let output = Command::new(env!("CARGO_BIN_EXE_k8s-changelog"))
        .env_remove("K8S_CHANGELOG_DIR")
        .env_remove("K8S_RELEASE_DATES")
        .env_remove("K8S_CHANGELOG_BASE_URL")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs");
    output.status.code().expect("exited normally")
}

#[test]
fn every_command_exits_by_the_same_rule() {
    let dir = tempfile::tempdir().unwrap();
    let changelog = dir.path().join("CHANGELOG-1.22.md");
    std::fs::write(&changelog, CHANGELOG).unwrap();
    std::fs::write(
        dir.path().join("dates.csv"),
        "version,date\nv1.22.0,2021-08-04\nv1.22.1,2021-08-19\n",
    )
    .unwrap();
    let log = changelog.to_str().unwrap();
    let missing = "no-such-file.md";
    // (arguments, expected exit code)
    let cases: &[(&[&str], i32)] = &[
        (&["parse", log], 0),
        (&["parse", missing], 1),
        (&["parse", "--no-such-flag", log], 2),
        (&["stats", log], 0),
        (&["stats", missing], 1),
        (&["notes", log], 0),
        (&["notes", "--from", "v1.99.0", log], 2),
        (&["notes", "--from", "v1.22.1", "--to", "v1.22.0", log], 2),
        (&["notes", "--kind", "bugs", log], 2),
        (&["notes", missing], 1),
        (&["compare", "--from", "v1.22.0", "--to", "v1.22.1", log], 0),
        (&["compare", "--from", "v1.22.0", "--to", "v1.99.0", log], 2),
        (
            &["compare", "--from", "v1.22.0", "--to", "v1.22.1", missing],
            1,
        ),
        (&["releases", log], 0),
        (&["releases", missing], 1),
        (&["deprecations", log], 0),
        (&["deprecations", missing], 1),
        (&["deps", "--input", log], 0),
        (&["deps", "--from", "v1.21.0", "--input", log], 2),
        (&["deps", "--input", missing], 1),
        (&["cves", log], 0),
        (&["cves", missing], 1),
        (&["summary", "--from", "v1.22.0", "--to", "v1.22.1", log], 0),
        (&["summary", "--from", "v1.22.0", "--to", "v1.99.0", log], 2),
        (&["summary", log], 2),
        (&["summary", "--week-ending", "2021-08-21", log], 2),
        (
            &[
                "summary",
                "--week-ending",
                "2021-08-21",
                "--dates",
                "dates.csv",
                log,
            ],
            0,
        ),
        (
            &[
                "summary",
                "--week-ending",
                "2030-01-05",
                "--dates",
                "dates.csv",
                log,
            ],
            1,
        ),
        (
            &[
                "summary",
                "--since",
                "2021-08-21",
                "--until",
                "2021-08-01",
                "--dates",
                "dates.csv",
                log,
            ],
            2,
        ),
        (&["index", "--out", "site", log], 0),
        (&["index", "--out", "site", missing], 1),
        (
            &[
                "fetch",
                "--base-url",
                "ftp://example.invalid/",
                "--dest",
                "out",
            ],
            2,
        ),
    ];
    let mut wrong = Vec::new();
    for (args, expected) in cases {
        let code = run(dir.path(), args);
        if code != *expected {
            wrong.push(format!("{args:?}: exit {code}, expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
