//! krel's `release-notes.json` as an input and as an output of `notes --relnotes`.

use k8s_changelog_tests::{fixtures, k8s_changelog, note_prs, stdout_of};

#[test]
fn notes_export_as_krel_json_and_read_back() {
    // v1.22.2 is whole in the fixture excerpt of CHANGELOG-1.22.md.
    let file = fixtures::changelog_dir().join("CHANGELOG-1.22.md");
    let exported = stdout_of(k8s_changelog!().arg("notes").arg(&file).args([
        "--range",
        "v1.22.2..v1.22.2",
        "--relnotes",
    ]));
    let json: serde_json::Value = serde_json::from_str(&exported).unwrap();
    let map = json.as_object().unwrap();
    assert_eq!(map.len(), 6, "v1.22.2 has six notes");
    let note = &map["104905"];
    assert_eq!(note["pr_number"], 104905);
    assert_eq!(note["release_version"], "1.22.2");
    assert!(note["markdown"]
        .as_str()
        .unwrap()
        .ends_with("[SIG Cloud Provider, Instrumentation, Release and Testing]"));

    // The export is an input again: same PRs, same kinds.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("release-notes-1.22.2.json");
    std::fs::write(&path, &exported).unwrap();
    let back = stdout_of(
        k8s_changelog!()
            .arg("notes")
            .arg(&path)
            .args(["--format", "json"]),
    );
    let prs = note_prs(&back);
    let mut want: Vec<u64> = map.keys().map(|k| k.parse().unwrap()).collect();
    want.sort_unstable();
    assert_eq!(prs, want);
}

#[test]
fn a_bad_json_input_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("release-notes-1.22.2.json");
    std::fs::write(&path, "{\n  \"1\": {\n    \"pr_number\": oops\n  }\n}\n").unwrap();
    let out = k8s_changelog!()
        .arg("notes")
        .arg(&path)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("release-notes-1.22.2.json:3:"), "{err}");
}

#[test]
fn a_changelog_directory_may_hold_official_json_too() {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: std::path::PathBuf, name: &str| {
        std::fs::copy(from.join(name), dir.path().join(name)).unwrap()
    };
    copy(fixtures::changelog_dir(), "CHANGELOG-1.18.md");
    copy(fixtures::relnotes_dir(), "release-notes-1.22.2.json");
    // Anything else in the directory is not an input.
    std::fs::write(dir.path().join("notes.txt"), "not a changelog").unwrap();
    let out = stdout_of(
        k8s_changelog!()
            .args(["releases", "--format", "csv", "--changelog-dir"])
            .arg(dir.path()),
    );
    let tags: Vec<&str> = out
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(tags, ["v1.18.20", "v1.22.2"], "{out}");
}
