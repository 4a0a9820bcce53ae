//! The persistent cache: a warm run answers as a cold one, `--no-cache` writes nothing, and a
//! corrupt entry is rebuilt without a word.

use k8s_changelog_tests::k8s_changelog;
use std::path::Path;

fn run(cache: &Path, args: &[&str]) -> (String, String) {
    let out = k8s_changelog!(fixtures)
        .env("K8S_CHANGELOG_CACHE_DIR", cache)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn entries(cache: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cache)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn warm_runs_answer_as_cold_ones() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    for args in [
        &["deprecations", "--format", "json"][..],
        &[
            "compare", "--from", "v1.22.1", "--to", "v1.22.6", "--format", "json",
        ],
        &["feature-gates", "--format", "json"],
        &["notes", "--format", "json"],
    ] {
        let bypass = run(&cache, &[args, &["--no-cache"]].concat());
        let cold = run(&cache, args);
        let warm = run(&cache, args);
        assert_eq!(cold, bypass, "{args:?}");
        assert_eq!(warm, cold, "{args:?}");
    }
    let kinds: Vec<String> = entries(&cache)
        .iter()
        .map(|n| n.split('-').next().unwrap().to_string())
        .collect();
    assert_eq!(
        kinds,
        ["artifacts", "deprecations", "feature", "parse"],
        "{kinds:?}"
    );

    // A corrupt entry: rebuilt, same answer, nothing said.
    let args = ["deprecations", "--format", "json"];
    let before = run(&cache, &args);
    for name in entries(&cache) {
        std::fs::write(cache.join(name), b"\xc1garbage").unwrap();
    }
    assert_eq!(run(&cache, &args), before);
}

#[test]
fn no_cache_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    run(&cache, &["deprecations", "--no-cache"]);
    assert!(entries(&cache).is_empty());
    let out = k8s_changelog!(fixtures)
        .env("K8S_CHANGELOG_CACHE_DIR", &cache)
        .env("K8S_CHANGELOG_NO_CACHE", "1")
        .args(["notes"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(entries(&cache).is_empty());
}

/// Every file of the index `index` writes into `out`, by name, with its bytes.
fn index_files(cache: &Path, out: &Path, extra: &[&str]) -> Vec<(String, Vec<u8>)> {
    let out_arg = out.display().to_string();
    run(cache, &[&["index", "--out", &out_arg][..], extra].concat());
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn download_tables_come_back_with_their_releases() {
    // Queries read the parse without download tables and image lists; `index` joins them back
    // from their own entry, release by release, whichever command filled the cache.
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let bypass = index_files(&cache, &dir.path().join("bypass"), &["--no-cache"]);
    assert!(
        bypass
            .iter()
            .any(|(name, bytes)| name.starts_with("downloads-")
                && String::from_utf8_lossy(bytes).contains("kubernetes-server-linux-amd64.tar.gz")),
        "the fixtures have download tables: {:?}",
        bypass.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    run(&cache, &["notes"]); // parse and artifacts entries written by a query
    assert_eq!(index_files(&cache, &dir.path().join("warm"), &[]), bypass);
    // The parse entry without the artifacts entry: parsed again for them, same index.
    for name in entries(&cache) {
        if name.starts_with("artifacts-") {
            std::fs::remove_file(cache.join(name)).unwrap();
        }
    }
    assert_eq!(index_files(&cache, &dir.path().join("again"), &[]), bypass);
    assert!(entries(&cache).iter().any(|n| n.starts_with("artifacts-")));
}
