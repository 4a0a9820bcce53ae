//! The committed fixtures (`tests/fixtures/changelog/`, whole releases of every format era):
//! golden digests of every release, the lossless accounting of every file, the releases against
//! the heading scan, and the corpus goldens reproduced from the fixture excerpts. These tests
//! need no corpus and never skip.
//!
//! Review changed snapshots by eye against the Markdown (`cargo insta review`).

use k8s_changelog::{parse, Changelog, Severity};
use k8s_changelog_tests::digest::{digest, Deps};
use k8s_changelog_tests::{
    changelog_files, fixtures, read, release_headings, workspace_root, CorpusFile,
};
use std::sync::OnceLock;

/// Every fixture file, parsed once.
fn parsed() -> &'static [(CorpusFile, Changelog)] {
    static PARSED: OnceLock<Vec<(CorpusFile, Changelog)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        changelog_files(&fixtures::changelog_dir())
            .into_iter()
            .map(|file| {
                let log = parse(&file.text, &file.name);
                (file, log)
            })
            .collect()
    })
}

fn fixture(name: &str) -> &'static (CorpusFile, Changelog) {
    parsed()
        .iter()
        .find(|(file, _)| file.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

/// One test module per fixture file: its releases in file order (checked against the
/// parser-independent heading scan), every line accounted for, nothing unaccounted, no error.
macro_rules! fixture_file {
    ($($module:ident: $file:literal => [$($version:literal),*];)*) => {$(
        mod $module {
            use super::*;

            #[test]
            fn releases_are_the_scanned_headings() {
                let (file, log) = fixture($file);
                let want: Vec<&str> = vec![$($version),*];
                let scanned: Vec<String> =
                    release_headings(&file.text).into_iter().map(|r| r.version).collect();
                assert_eq!(scanned, want, "the heading scan of {}", $file);
                let mut ours: Vec<(u32, &str)> = log
                    .releases
                    .iter()
                    .map(|r| (r.line, r.version.as_str()))
                    .collect();
                ours.sort();
                let ours: Vec<&str> = ours.into_iter().map(|(_, v)| v).collect();
                assert_eq!(ours, want);
                assert!(log.releases.iter().all(|r| r.file == $file));
            }

            #[test]
            fn every_line_is_accounted_for() {
                let (file, log) = fixture($file);
                let accounting = log.accounting(&file.name, &file.text);
                assert!(accounting.is_complete(), "{}", accounting.report(10).unwrap());
                let unaccounted: Vec<_> =
                    log.releases.iter().flat_map(|r| &r.unaccounted).collect();
                assert!(unaccounted.is_empty(), "{unaccounted:#?}");
                let errors: Vec<_> = log
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect();
                assert!(errors.is_empty(), "{errors:#?}");
            }
        }
    )*};
}

fixture_file! {
    changelog_1_2: "CHANGELOG-1.2.md" => ["v1.2.6", "v1.2.5", "v1.2.4", "v1.2.0"];
    changelog_1_6: "CHANGELOG-1.6.md" => ["v1.6.13", "v1.6.12"];
    changelog_1_10: "CHANGELOG-1.10.md" => ["v1.10.13", "v1.10.12", "v1.10.11"];
    changelog_1_14: "CHANGELOG-1.14.md" => ["v1.14.10", "v1.14.9"];
    changelog_1_18: "CHANGELOG-1.18.md" => ["v1.18.20", "v1.18.0-rc.1"];
    changelog_1_22: "CHANGELOG-1.22.md" => ["v1.22.6", "v1.22.2", "v1.22.1"];
    changelog_1_23: "CHANGELOG-1.23.md" => ["v1.23.2", "v1.23.1"];
}

/// A golden digest (every dependency entry) of each fixture release.
macro_rules! golden {
    ($($test:ident: $file:literal, $version:literal;)*) => {$(
        #[test]
        fn $test() {
            let (_, log) = fixture($file);
            let release = log
                .release($version)
                .unwrap_or_else(|| panic!("{} has no {}", $file, $version));
            assert_eq!(release.version, $version);
            insta::assert_snapshot!($version, digest(release, Deps::Full));
        }
    )*};
}

golden! {
    golden_v1_2_6: "CHANGELOG-1.2.md", "v1.2.6";
    golden_v1_2_5: "CHANGELOG-1.2.md", "v1.2.5";
    golden_v1_2_4: "CHANGELOG-1.2.md", "v1.2.4";
    golden_v1_2_0: "CHANGELOG-1.2.md", "v1.2.0";
    golden_v1_6_13: "CHANGELOG-1.6.md", "v1.6.13";
    golden_v1_6_12: "CHANGELOG-1.6.md", "v1.6.12";
    golden_v1_10_13: "CHANGELOG-1.10.md", "v1.10.13";
    golden_v1_10_12: "CHANGELOG-1.10.md", "v1.10.12";
    golden_v1_10_11: "CHANGELOG-1.10.md", "v1.10.11";
    golden_v1_14_10: "CHANGELOG-1.14.md", "v1.14.10";
    golden_v1_14_9: "CHANGELOG-1.14.md", "v1.14.9";
    golden_v1_18_20: "CHANGELOG-1.18.md", "v1.18.20";
    golden_v1_18_0_rc_1: "CHANGELOG-1.18.md", "v1.18.0-rc.1";
    golden_v1_22_6: "CHANGELOG-1.22.md", "v1.22.6";
    golden_v1_22_2: "CHANGELOG-1.22.md", "v1.22.2";
    golden_v1_22_1: "CHANGELOG-1.22.md", "v1.22.1";
    golden_v1_23_2: "CHANGELOG-1.23.md", "v1.23.2";
    golden_v1_23_1: "CHANGELOG-1.23.md", "v1.23.1";
}

/// The corpus goldens of the releases the fixtures hold whole, reproduced without the corpus:
/// the excerpt from the release heading on, moved down to the release's upstream line with
/// blank lines, parses to the digest committed in `snapshots/golden__<version>.snap`.
macro_rules! corpus_golden {
    ($($test:ident: $file:literal, $version:literal, $upstream_line:literal, $deps:ident;)*) => {$(
        #[test]
        fn $test() {
            let (file, _) = fixture($file);
            let heading = format!("# {}", $version);
            let from = file
                .text
                .lines()
                .position(|l| l == heading)
                .unwrap_or_else(|| panic!("{} has no {heading}", $file));
            let excerpt: Vec<&str> = file.text.lines().skip(from).collect();
            let text = format!("{}{}\n", "\n".repeat($upstream_line - 1), excerpt.join("\n"));
            let log = parse(&text, $file);
            let release = log.release($version).unwrap();
            assert_eq!(release.line, $upstream_line);
            let snapshot = read(
                &workspace_root()
                    .join("tests/tests/snapshots")
                    .join(format!("golden__{}.snap", $version)),
            );
            let (_, body) = snapshot
                .match_indices("---\n")
                .nth(1)
                .map(|(at, _)| snapshot.split_at(at + 4))
                .expect("an insta snapshot header");
            assert_eq!(
                digest(release, Deps::$deps).trim_end(),
                body.trim_end(),
                "the corpus golden of {}",
                $version
            );
        }
    )*};
}

corpus_golden! {
    corpus_golden_v1_2_4: "CHANGELOG-1.2.md", "v1.2.4", 136, Summary;
    corpus_golden_v1_22_2: "CHANGELOG-1.22.md", "v1.22.2", 614, Summary;
    corpus_golden_v1_22_6: "CHANGELOG-1.22.md", "v1.22.6", 260, Full;
}

#[test]
fn the_fixtures_span_every_format_era() {
    let all: Vec<_> = parsed().iter().flat_map(|(_, log)| &log.releases).collect();
    assert_eq!(all.len(), 18);
    let has = |version: &str, what: &dyn Fn(&k8s_changelog::Release) -> bool| {
        let release = all.iter().find(|r| r.version == version).unwrap();
        assert!(what(release), "{version}");
    };
    // v1.2.0: free prose (themes, known issues) and no kinds.
    has("v1.2.0", &|r| {
        r.prose.len() > 5 && r.notes.iter().all(|n| n.kind.is_none())
    });
    // v1.18.0-rc.1: "Other (Bug, Cleanup or Flake)" names three kinds; its notes get none.
    has("v1.18.0-rc.1", &|r| {
        r.notes.iter().any(|n| {
            n.section
                .last()
                .is_some_and(|s| s.starts_with("Other (Bug"))
        })
    });
    // v1.22.2: the CVE advisory with its CVSS.
    has("v1.22.2", &|r| {
        r.security.len() == 1 && r.security[0].id == "CVE-2021-25741"
    });
    // v1.23.2: download tables and a go.mod dependency list.
    has("v1.23.2", &|r| {
        !r.downloads.is_empty() && !r.dependencies.changed.is_empty()
    });
}

/// The lean reader of the index (the explorer's first module) reads the notes, sections and
/// releases as the full reader does, and skips the rest: built from the fixtures with every
/// skipped part present (timelines, dependencies, advisories, downloads, images, prose, the
/// end-of-life table), so that a key the two readers spell differently fails here.
#[test]
fn the_lean_index_reader_agrees_with_the_full_one() {
    use k8s_changelog::index::Index;
    let history = k8s_changelog_tests::fixture_history();
    let mut index = Index::from_history(history);
    let eol = std::fs::read_to_string(fixtures::eol_yaml()).unwrap();
    index.eol = Some(k8s_changelog::eol::parse_eol(&eol, "eol.yaml").unwrap());
    // No fixture release removes an API version or adds a gate, none lists images: one of each.
    let removal = "# v1.16.0\n\n## Changes by Kind\n\n### API Change\n\n\
        - The `extensions/v1beta1` API version of `Deployment` is no longer served; use `apps/v1` \
        ([#3](https://github.com/kubernetes/kubernetes/pull/3), [@carol](https://github.com/carol)) \
        [SIG Apps]\n\
        - kubeadm: The Alpha feature-gates HighAvailability, SelfHosting are now deprecated. \
        ([#4](https://github.com/kubernetes/kubernetes/pull/4), [@dave](https://github.com/dave)) \
        [SIG Auth]\n";
    let extra = k8s_changelog::History::new(k8s_changelog::parse(removal, "CHANGELOG-1.16.md"));
    index.deprecations = k8s_changelog::timeline::deprecations(&extra);
    index.feature_gates = k8s_changelog::timeline::feature_gates(&extra);
    index.releases[0].images.push(k8s_changelog::Image {
        name: "registry.k8s.io/kube-apiserver".into(),
        architectures: vec!["amd64".into()],
        line: 1,
    });
    let json = serde_json::to_vec(&index).unwrap();
    let full = Index::from_json(&json).unwrap();
    assert_eq!(full, index);
    let present = |f: fn(&k8s_changelog::index::IndexRelease) -> bool| index.releases.iter().any(f);
    assert!(present(|r| !r.dependencies.is_empty()));
    assert!(present(|r| !r.security.is_empty()));
    assert!(present(|r| !r.downloads.is_empty()));
    assert!(present(|r| !r.images.is_empty()));
    assert!(present(|r| !r.prose.is_empty()));
    assert!(present(|r| !r.cves.is_empty()
        && r.date.is_some()
        && r.previous.is_some()));
    assert!(!index.deprecations.is_empty(), "no deprecations");
    assert!(!index.feature_gates.is_empty(), "no gates");

    let lean = Index::from_json_lean(&json).unwrap();
    let mut expected = full;
    expected.deprecations = Default::default();
    expected.feature_gates = Default::default();
    expected.api_guide.clear();
    expected.eol = None;
    expected.details_apart = true;
    for r in &mut expected.releases {
        r.dependencies = Default::default();
        r.security.clear();
        r.downloads.clear();
        r.images.clear();
        r.prose.clear();
    }
    assert_eq!(lean, expected);
    assert_eq!(
        lean.into_history().unwrap().releases().len(),
        history.releases().len()
    );
    // The same errors as the full reader.
    assert_eq!(
        Index::from_json_lean(b"<html>").unwrap_err(),
        Index::from_json(b"<html>").unwrap_err()
    );
    assert_eq!(
        Index::from_json_lean(br#"{"v":1}"#).unwrap_err(),
        Index::from_json(br#"{"v":1}"#).unwrap_err()
    );
}

/// The releases each note shipped in, stored flat (`ShippedIn`), are the lists the plain rule
/// gives: the list stored with the note (releases the index has), else every release that lists
/// the note, each once. Over the fixtures, and the corpus when it is there.
#[test]
fn shipped_in_gives_each_notes_releases() {
    use k8s_changelog::index::Index;
    let mut histories = vec![k8s_changelog_tests::fixture_history()];
    histories.extend(k8s_changelog_tests::corpus_history());
    for history in histories {
        // The timelines play no part here.
        let index = Index::with_timelines(history, Default::default(), Default::default());
        let shipped = index.shipped_in();
        assert_eq!(shipped.len(), index.notes.len());
        let count = index.releases.len() as u32;
        let mut listed = vec![Vec::new(); index.notes.len()];
        for (p, release) in (0..).zip(&index.releases) {
            for &id in &release.notes {
                let list: &mut Vec<u32> = &mut listed[id as usize];
                if list.last() != Some(&p) {
                    list.push(p);
                }
            }
        }
        let mut stored = 0;
        for (id, note) in index.notes.iter().enumerate() {
            let expected: Vec<u32> = if note.shipped.is_empty() {
                std::mem::take(&mut listed[id])
            } else {
                stored += 1;
                note.shipped
                    .iter()
                    .copied()
                    .filter(|&p| p < count)
                    .collect()
            };
            assert_eq!(shipped.get(id), Some(expected.as_slice()), "note {id}");
        }
        assert!(stored > 0, "no note stores its releases");
        assert_eq!(shipped.get(index.notes.len()), None);
    }
}
