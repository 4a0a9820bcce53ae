//! The shared release-dates table (`version,date,source,confidence`, 550 tags) through
//! `dates::from_csv`, checked for internal consistency and joined with the parsed corpus.

use k8s_changelog::{dates, ReleaseDate};
use k8s_changelog_tests::{changelog_dir, history_of, read, release_dates_csv, require};
use semver::Version;
use std::collections::{BTreeMap, HashSet};

/// The dates with the file's name, which starts every date's `source`.
fn load() -> Option<(Vec<(Version, ReleaseDate)>, String)> {
    let path = release_dates_csv()?;
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let dates =
        dates::from_csv(&read(&path), &name).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some((dates, name))
}

#[test]
fn the_dates_table_reads_and_is_consistent() {
    let (all, name) = require!(load());
    let planned: Vec<&Version> = all
        .iter()
        .filter(|(_, d)| d.planned)
        .map(|(v, _)| v)
        .collect();
    println!(
        "{} dates, {} planned, {} pre-releases",
        all.len(),
        planned.len(),
        all.iter().filter(|(v, _)| !v.pre.is_empty()).count()
    );
    // Measured: 550 tags, 23 planned (22 pre-releases of v1.18 and v1.22 from sig-release
    // schedules, and v1.37.0).
    assert!(all.len() >= 550, "{}", all.len());
    assert!(
        planned.iter().all(|v| !v.pre.is_empty() || v.minor >= 37),
        "planned dates for released tags: {planned:?}"
    );
    let mut seen = HashSet::new();
    for (version, date) in &all {
        assert!(seen.insert(version), "v{version} twice");
        assert!(
            date.source.starts_with(&format!("{name}: ")),
            "{}",
            date.source
        );
    }

    // On every minor line, a later tag (semver order) is never dated before an earlier one,
    // and every x.y.0 from v1.0.0 on comes after the one before it.
    let mut lines: BTreeMap<(u64, u64), Vec<(&Version, &ReleaseDate)>> = BTreeMap::new();
    for (version, date) in &all {
        lines
            .entry((version.major, version.minor))
            .or_default()
            .push((version, date));
    }
    for (line, tags) in &mut lines {
        tags.sort_by(|a, b| a.0.cmp(b.0));
        for pair in tags.windows(2) {
            assert!(
                pair[0].1.date <= pair[1].1.date,
                "{line:?}: v{} {} after v{} {}",
                pair[0].0,
                pair[0].1.date,
                pair[1].0,
                pair[1].1.date
            );
        }
    }
    let mut x_y_0: Vec<(&Version, &ReleaseDate)> = all
        .iter()
        .filter(|(v, _)| v.patch == 0 && v.pre.is_empty())
        .map(|(v, d)| (v, d))
        .collect();
    x_y_0.sort_by(|a, b| a.0.cmp(b.0));
    assert_eq!(x_y_0.len(), 38, "v1.0.0 … v1.37.0");
    assert!(x_y_0.windows(2).all(|p| p[0].1.date < p[1].1.date));
}

#[test]
fn corpus_releases_get_their_dates() {
    let (all, _) = require!(load());
    let dir = require!(changelog_dir());
    let mut history = history_of(&dir, None);
    history.add_dates(all);

    let (mut final_dated, mut finals, mut pre_dated, mut pres) = (0, 0, 0, 0);
    let mut undated = Vec::new();
    for release in history.releases() {
        let dated = history.date(&release.semver).is_some();
        if release.is_prerelease() {
            pres += 1;
            pre_dated += usize::from(dated);
        } else {
            finals += 1;
            final_dated += usize::from(dated);
            if !dated {
                undated.push(release.version.clone());
            }
        }
    }
    println!(
        "corpus releases with a date: {final_dated}/{finals} releases, {pre_dated}/{pres} pre-releases"
    );
    // The table has every release (x.y.0 and patch) of the corpus; pre-releases only where a
    // schedule or a cut log gives them.
    assert!(undated.is_empty(), "releases without a date: {undated:?}");

    let v1_22_0 = history.date(&Version::new(1, 22, 0)).unwrap();
    assert_eq!(v1_22_0.date.to_string(), "2021-08-04");
    assert!(!v1_22_0.planned);
    // A CHANGELOG's "Changelog since" tag is never dated after the release it precedes.
    for release in history.releases() {
        let (Some(previous), Some(date)) =
            (history.previous(release), history.date(&release.semver))
        else {
            continue;
        };
        if let Some(before) = history.date(&previous.semver) {
            assert!(
                before.date <= date.date,
                "{} ({}) follows {} ({})",
                release.version,
                date.date,
                previous.version,
                before.date
            );
        }
    }
}
