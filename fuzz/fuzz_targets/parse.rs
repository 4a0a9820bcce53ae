//! Feeds arbitrary bytes to `parse_bytes`: it must not panic, must not hang, and must account for
//! every non-blank line of its input somewhere in the model (the property
//! `crates/k8s-changelog/tests/never_panics.rs` states in full).
//!
//! Run from the repository root: `RUSTC_BOOTSTRAP=1 cargo fuzz run parse -- -max_total_time=60`.
//! The `parse_panics` target checks only for panics and hangs.

#![no_main]

use k8s_changelog::{parse_bytes, Changelog, ParseOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options, so both the heading-driven and the fixed-version modes
    // are explored.
    let (version, bytes) = match data.split_first() {
        Some((flag, rest)) if flag % 4 == 0 => (Some("v1.22.0"), rest),
        _ => (None, data),
    };
    let options = ParseOptions {
        file: "fuzz.md",
        version,
    };
    let log = parse_bytes(bytes, &options);
    check_accounting(&String::from_utf8_lossy(bytes), &log);
});

/// Panics with the first non-blank line (split on `\n`, 1-based) that nothing in `log` covers.
fn check_accounting(text: &str, log: &Changelog) {
    let lines: Vec<&str> = text.split('\n').collect();
    let last = lines.len() as u32;
    let mut covered = vec![false; lines.len() + 1];
    let mut span = |from: u32, to: u32| {
        for line in from.max(1)..=to.min(last) {
            covered[line as usize] = true;
        }
    };
    for preamble in &log.preambles {
        span(preamble.line, preamble.end_line);
    }
    for release in &log.releases {
        span(release.line, release.line);
        release.outline.iter().for_each(|h| span(h.line, h.line));
        release.notes.iter().for_each(|n| span(n.line, n.end_line));
        release.prose.iter().for_each(|p| span(p.line, p.end_line));
        release
            .security
            .iter()
            .for_each(|a| span(a.line, a.end_line));
        release.downloads.iter().for_each(|d| span(d.line, d.line));
        release.images.iter().for_each(|i| span(i.line, i.line));
        let deps = &release.dependencies;
        deps.added
            .iter()
            .chain(&deps.removed)
            .for_each(|d| span(d.line, d.line));
        deps.changed.iter().for_each(|d| span(d.line, d.line));
        release.layout_lines.iter().for_each(|&l| span(l, l));
        release
            .unaccounted
            .iter()
            .for_each(|u| span(u.line, u.line));
    }
    for (index, line) in lines.iter().enumerate() {
        if !covered[index + 1] && !line.trim().is_empty() {
            panic!("line {} is not accounted for: {line:?}", index + 1);
        }
    }
}
