//! The core's answers over the committed fixtures (`fixture_history`: 18 releases of seven
//! minor lines, with dates): note filters, the release graph, compare, dependency, CVE and
//! deprecation timelines, dates. Golden snapshots plus asserts that every hit satisfies its
//! filter. These tests need no corpus and never skip.

use k8s_changelog::query::{Hit, Query};
use k8s_changelog::timeline::{dependencies, deprecations};
use k8s_changelog::{
    compare, cves, parse_with, History, Kind, ParseOptions, QueryError, VersionRange,
};
use k8s_changelog_tests::{fixture_history, fixtures, parse_dir, read};
use std::fmt::Write as _;

/// One line per hit: release, kind, SIGs, PRs, authors, flags, the start of the text.
fn listing(hits: &[Hit<'_>]) -> String {
    let mut out = format!("{} notes\n", hits.len());
    for hit in hits {
        let n = hit.note;
        let text: String = n
            .text
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(70)
            .collect();
        let _ = writeln!(
            out,
            "{} {} [{}] {:?} @{}{}{}{} | {text}",
            hit.release.version,
            n.kind.map_or("-", |k| k.label()),
            n.sigs.join(","),
            n.prs,
            n.authors.join(",@"),
            n.component
                .as_deref()
                .map(|c| format!(" comp={c}"))
                .unwrap_or_default(),
            if n.action_required { " AR" } else { "" },
            if n.cves.is_empty() {
                String::new()
            } else {
                format!(" {:?}", n.cves)
            },
        );
    }
    out
}

/// Runs `query`, checks every hit with `each` and that there is at least one, and snapshots
/// the listing as `name`.
fn check(name: &str, query: Query, each: impl Fn(&Hit<'_>) -> bool) {
    let hits = query.run(fixture_history());
    assert!(!hits.is_empty(), "{name}: no hits");
    for hit in &hits {
        assert!(
            each(hit),
            "{name}: {} {:?} does not match",
            hit.release.version,
            hit.note.prs
        );
    }
    insta::assert_snapshot!(name, listing(&hits));
}

#[test]
fn notes_of_a_kind() {
    check("kind_bug", Query::new().kind(Kind::Bug), |h| {
        h.note.kind == Some(Kind::Bug)
    });
}

#[test]
fn notes_of_a_sig_by_label_or_name() {
    check("sig_node", Query::new().sig("node"), |h| {
        h.note.sigs.iter().any(|s| s == "node")
    });
    let label = k8s_changelog::query::parse_sig("SIG Node").unwrap();
    assert_eq!(label, "node");
    let err = k8s_changelog::query::parse_sig("SIG Nod").unwrap_err();
    assert!(err.to_string().contains("valid values"), "{err}");
}

#[test]
fn action_required_notes() {
    check("action_required", Query::new().action_required(true), |h| {
        h.note.action_required
    });
}

#[test]
fn notes_with_a_cve() {
    check("has_cve", Query::new().has_cve(true), |h| {
        !h.note.cves.is_empty()
    });
}

#[test]
fn notes_by_pr_and_author() {
    let hits = Query::new().pr(104905).run(fixture_history());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].release.version, "v1.22.2");
    check("author_liggitt", Query::new().author("liggitt"), |h| {
        h.note.authors.iter().any(|a| a == "liggitt")
    });
}

#[test]
fn text_search_ignores_case() {
    check("search_kubeadm", Query::new().text("KUBEADM"), |h| {
        h.note.text.to_lowercase().contains("kubeadm")
    });
}

#[test]
fn notes_of_a_component() {
    check(
        "component_kubeadm",
        Query::new().component("kubeadm"),
        |h| h.note.component.as_deref() == Some("kubeadm"),
    );
}

#[test]
fn or_within_and_across_categories() {
    let history = fixture_history();
    let bug = Query::new().kind(Kind::Bug).run(history).len();
    let feature = Query::new().kind(Kind::Feature).run(history).len();
    let either = Query::new()
        .kind(Kind::Bug)
        .kind(Kind::Feature)
        .run(history);
    assert_eq!(either.len(), bug + feature);
    let both = Query::new().kind(Kind::Bug).sig("node").run(history);
    assert!(both.len() < bug);
    assert!(both
        .iter()
        .all(|h| h.note.kind == Some(Kind::Bug) && h.note.sigs.iter().any(|s| s == "node")));
}

#[test]
fn ranges_and_prereleases() {
    let history = fixture_history();
    let range: VersionRange = "v1.22.1..v1.22.6".parse().unwrap();
    check("range_1_22", Query::new().range(range), |h| {
        h.release.minor_line() == "1.22"
    });
    let req: VersionRange = ">=1.18.0-rc.1, <1.19".parse().unwrap();
    let without = Query::new().range(req.clone()).run(history);
    let with = Query::new().range(req).prereleases(true).run(history);
    assert!(without.iter().all(|h| !h.release.is_prerelease()));
    assert_eq!(
        with.iter().filter(|h| h.release.is_prerelease()).count(),
        9,
        "the nine notes of v1.18.0-rc.1"
    );
    assert_eq!(with.len(), without.len() + 9);
}

#[test]
fn the_release_graph() {
    let history = fixture_history();
    assert_eq!(history.releases().len(), 18);
    let v1_22_6 = history.find("v1.22.6").unwrap();
    assert_eq!(
        history.previous(v1_22_6).map(|r| r.version.as_str()),
        Some("v1.22.2"),
        "the previous release the history holds"
    );
    let line: Vec<&str> = history.line(1, 22).map(|r| r.version.as_str()).collect();
    assert_eq!(line, ["v1.22.1", "v1.22.2", "v1.22.6"]);
    let nearest = history.nearest(&semver::Version::parse("1.22.4").unwrap());
    assert!(nearest.is_some_and(|r| r.semver.minor == 22), "{nearest:?}");
    let err = history.find("v1.99.0").unwrap_err();
    assert!(matches!(err, QueryError::NoSuchRelease { .. }), "{err:?}");
    assert_eq!(err.to_string(), "no such release v1.99.0; nearest: v1.23.2");
}

#[test]
fn every_fixture_release_has_its_date() {
    let history = fixture_history();
    for release in history.releases() {
        let date = history.date(&release.semver);
        assert!(date.is_some(), "{} has no date", release.version);
    }
    let v1_22_2 = history
        .date(&semver::Version::parse("1.22.2").unwrap())
        .unwrap();
    assert_eq!(v1_22_2.date.to_string(), "2021-09-15");
}

/// The upgrade path as a compact listing: releases, groups with their notes' PRs and
/// releases, the net dependency change, advisories.
fn path_listing(from: &str, to: &str) -> String {
    let path = compare(fixture_history(), from, to).unwrap();
    let mut out = format!(
        "{} -> {}\nreleases {:?}\nmissing {:?}\nalready included {}\n",
        path.from, path.to, path.releases, path.missing, path.already_included
    );
    for group in &path.groups {
        let _ = writeln!(out, "## {} ({})", group.title, group.notes.len());
        for n in &group.notes {
            let _ = writeln!(out, "{:?} {:?}", n.note.prs, n.releases);
        }
    }
    let _ = writeln!(out, "## dependencies");
    for c in &path.dependencies.changed {
        let _ = writeln!(
            out,
            "~ {} {} -> {}",
            c.module,
            c.from.as_deref().unwrap_or("?"),
            c.to
        );
    }
    for c in &path.dependencies.added {
        let _ = writeln!(out, "+ {} {}", c.module, c.to);
    }
    for c in &path.dependencies.removed {
        let _ = writeln!(out, "- {} {}", c.module, c.to);
    }
    let _ = writeln!(out, "## security");
    for a in &path.security {
        let _ = writeln!(out, "{} {:?}", a.id, a.cvss_score);
    }
    out
}

#[test]
fn compare_within_a_minor_line() {
    let listing = path_listing("v1.22.1", "v1.22.6");
    assert!(
        listing.contains("releases [\"v1.22.2\", \"v1.22.6\"]"),
        "{listing}"
    );
    assert!(listing.contains("CVE-2021-25741 Some(8.8)"), "{listing}");
    insta::assert_snapshot!("compare_v1.22.1_v1.22.6", listing);
}

#[test]
fn compare_across_minor_lines() {
    insta::assert_snapshot!(
        "compare_v1.22.6_v1.23.2",
        path_listing("v1.22.6", "v1.23.2")
    );
}

#[test]
fn compare_refuses_unknown_and_inverted_requests() {
    let history = fixture_history();
    let err = compare(history, "v1.22.1", "v1.22.9").unwrap_err();
    assert_eq!(err.to_string(), "no such release v1.22.9; nearest: v1.22.6");
    let err = compare(history, "v1.22.6", "v1.22.1").unwrap_err();
    assert_eq!(
        err.to_string(),
        "inverted range: v1.22.6 is newer than v1.22.1"
    );
}

#[test]
fn the_go_version_timeline() {
    let history = fixture_history();
    let go = dependencies(history, "go");
    let v1_22_2 = history.find("v1.22.2").unwrap();
    assert_eq!(go.at(v1_22_2), Some("1.16.8"));
    assert_eq!(
        go.changes().len(),
        4,
        "v1.14.9: \"Update to use go1.12.12\""
    );
    insta::assert_snapshot!("dependencies_go", go.to_string());
    assert!(dependencies(history, "etcd").changes().is_empty());
}

#[test]
fn every_cve_of_the_fixtures() {
    let all = cves(fixture_history());
    let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["CVE-2018-1002105", "CVE-2021-25741"]);
    insta::assert_json_snapshot!("cves", all);
}

/// The fixture changelogs have no deprecation sentence; the v1.22 draft excerpt (read as
/// v1.22.0) brings its Deprecation and Urgent Upgrade Notes sections.
#[test]
fn the_deprecation_timeline_of_the_fixtures_and_the_draft() {
    let mut log = parse_dir(&fixtures::changelog_dir());
    let draft = fixtures::sig_release_dir().join("release-1.22/release-notes-draft.md");
    log.merge(parse_with(
        &read(&draft),
        &ParseOptions {
            file: "release-notes-draft.md",
            version: Some("v1.22.0"),
        },
    ));
    let history = History::new(log);
    assert!(deprecations(fixture_history()).items.is_empty());
    let timeline = deprecations(&history);
    assert!(!timeline.items.is_empty());
    insta::assert_snapshot!("deprecations", timeline.to_string());
}
