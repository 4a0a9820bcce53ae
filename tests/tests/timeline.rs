//! Timelines over the whole corpus: deprecations and removals, dependency versions, CVEs.
//! Golden snapshots of the compact renderings, plus asserts of facts checked in the Markdown.

use k8s_changelog::timeline::{dependencies, deprecations, DeprecationTimeline};
use k8s_changelog::{cves, parse, Changelog, History};
use k8s_changelog_tests::{changelog_dir, changelog_files, require};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The whole corpus as one history, parsed once per test binary.
fn history() -> Option<&'static History> {
    static HISTORY: OnceLock<Option<History>> = OnceLock::new();
    HISTORY
        .get_or_init(|| {
            let dir = changelog_dir()?;
            let mut all = Changelog::default();
            for file in changelog_files(&dir) {
                all.merge(parse(&file.text, &file.name));
            }
            Some(History::new(all))
        })
        .as_ref()
}

fn timeline() -> Option<&'static DeprecationTimeline> {
    static TIMELINE: OnceLock<Option<DeprecationTimeline>> = OnceLock::new();
    TIMELINE
        .get_or_init(|| history().map(deprecations))
        .as_ref()
}

#[test]
fn deprecations_golden() {
    let timeline = require!(timeline());
    insta::assert_snapshot!("deprecations", timeline.to_string());
}

#[test]
fn dump_for_review() {
    // Only on request: `TIMELINE_DUMP=path cargo test … dump_for_review`.
    let Some(path) = std::env::var_os("TIMELINE_DUMP") else {
        return;
    };
    let timeline = require!(timeline());
    std::fs::write(path, serde_json::to_string_pretty(timeline).unwrap()).unwrap();
}
