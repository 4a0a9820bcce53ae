//! Corpus accounting: every CHANGELOG-1.N.md of the corpus, parsed, must account for every
//! non-blank line through the model (releases, headings, notes, prose, artifacts, dependencies,
//! advisories, layout lines, unaccounted lines, preambles), and its releases must agree with a
//! parser-independent scan of the `# vX.Y.Z` headings.

use k8s_changelog::{parse, Changelog, Release};
use k8s_changelog_tests::{
    bullet_references, changelog_dir, changelog_files, lines, outside_fences, release_headings,
    require, CorpusFile,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Non-blank lines across the corpus that the parser reports as unaccounted. Each one must be
/// justified; the failing assertion prints them per file.
const UNACCOUNTED_LINES: usize = 0;

/// Bullet references (`([#N](…/pull/N), [@a](…))` closing a bullet line, found by
/// `bullet_references` without the parser) that are not the own PR (`prs[0]`) of the note
/// covering their line. Each must be justified; the failing assertion lists them
/// (`CORPUS_VERBOSE=1` lists all, not 15 per file).
///
/// The three left are the Markdown's doing, not the parser's:
/// - v1.11.0 L1112 (#57841) is a Known Issues bullet: prose, by design.
/// - v1.16.0 L1750-L1751 (#74416) and v1.17.0 L1957-L1958 (#84692): two notes share one
///   bullet (the second continues the first at the same indentation), so the bullet's closing
///   reference (#78033, #85260) is its own PR and the first one is only cited.
const MISSED_REFERENCES: usize = 3;

/// `# vX.Y.Z` release sections in the corpus (CHANGELOG-1.2 … 1.24), counted by
/// `release_headings`, a fence-aware grep (`grep -c '^# v[0-9]'` agrees: no heading of the corpus
/// sits in fenced code).
const RELEASES: usize = 433;

struct Parsed {
    file: CorpusFile,
    log: Changelog,
}

/// The corpus, parsed once per test binary. `None` when the corpus is missing (after a notice).
fn corpus() -> Option<&'static [Parsed]> {
    static CORPUS: OnceLock<Vec<Parsed>> = OnceLock::new();
    let dir = changelog_dir()?;
    Some(CORPUS.get_or_init(|| {
        changelog_files(&dir)
            .into_iter()
            .map(|file| {
                let log = parse(&file.text, &file.name);
                Parsed { file, log }
            })
            .collect()
    }))
}

impl Parsed {
    fn releases(&self) -> impl Iterator<Item = &Release> {
        self.log
            .releases
            .iter()
            .filter(move |r| r.file == self.file.name)
    }
}

#[test]
fn every_non_blank_line_is_accounted_for() {
    let corpus = require!(corpus());
    let mut report = String::new();
    let mut total = 0;
    for parsed in corpus {
        // The core's check of the lossless invariant (`model/accounting.rs`).
        let accounting = parsed.log.accounting(&parsed.file.name, &parsed.file.text);
        total += accounting.uncovered.len();
        if let Some(problems) = accounting.report(20) {
            let _ = writeln!(report, "{}: {problems}", parsed.file.name);
        }
    }
    assert!(
        report.is_empty(),
        "{total} non-blank lines are not accounted for by the model\n{report}"
    );
}

#[test]
fn releases_match_the_heading_scan() {
    let corpus = require!(corpus());
    let mut problems = Vec::new();
    let mut total = 0;
    let mut scanned_total = 0;
    for parsed in corpus {
        let name = &parsed.file.name;
        let scanned = release_headings(&parsed.file.text);
        scanned_total += scanned.len();
        let ours: Vec<&Release> = parsed.releases().collect();
        total += ours.len();
        if ours.is_empty() {
            problems.push(format!("{name}: no releases"));
        }
        let mut want: Vec<(String, u32)> = scanned
            .iter()
            .map(|r| (r.version.clone(), r.line))
            .collect();
        let mut got: Vec<(String, u32)> =
            ours.iter().map(|r| (r.version.clone(), r.line)).collect();
        want.sort_by_key(|r| r.1);
        got.sort_by_key(|r| r.1);
        if want != got {
            let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).take(10).collect();
            let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).take(10).collect();
            problems.push(format!(
                "{name}: releases differ from the scan; missing {missing:?}, extra {extra:?}"
            ));
        }
        let releases_outside_the_file = parsed.log.releases.len() - ours.len();
        if releases_outside_the_file > 0 {
            problems.push(format!(
                "{name}: {releases_outside_the_file} releases name another file"
            ));
        }
    }
    assert_eq!(
        scanned_total, RELEASES,
        "the heading scan no longer finds {RELEASES} releases"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(total, RELEASES, "releases parsed across the corpus");
}

#[test]
fn unaccounted_lines_are_the_known_ones() {
    let corpus = require!(corpus());
    let mut total = 0;
    let mut listing = String::new();
    for parsed in corpus {
        let lines: Vec<_> = parsed
            .releases()
            .flat_map(|r| r.unaccounted.iter().map(move |u| (r, u)))
            .collect();
        if lines.is_empty() {
            continue;
        }
        total += lines.len();
        listing.push_str(&format!("{} ({}):\n", parsed.file.name, lines.len()));
        for (release, source) in lines {
            listing.push_str(&format!(
                "  L{} [{}] {}\n",
                source.line,
                release.version,
                clip(&source.text, 150)
            ));
        }
    }
    println!("unaccounted lines: {total}\n{listing}");
    assert_eq!(
        total, UNACCOUNTED_LINES,
        "unaccounted lines across the corpus: {total}\n{listing}"
    );
}

/// `## Changelog since v1.18.8` / `## Changes since v1.2.0` headings in a release's lines.
fn since_heading(text: &str) -> Option<String> {
    let heading = text.trim_start_matches('#');
    if heading.len() == text.len() || !heading.starts_with(' ') {
        return None;
    }
    let heading = heading.trim().to_ascii_lowercase();
    let rest = heading
        .strip_prefix("changelog since ")
        .or_else(|| heading.strip_prefix("changes since "))?;
    let tag = rest.split_whitespace().next()?;
    Some(
        tag.trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
            .to_string(),
    )
}

#[test]
fn release_metadata_is_consistent() {
    let corpus = require!(corpus());
    let mut problems = Vec::new();
    let mut with_since = 0;
    for parsed in corpus {
        let name = &parsed.file.name;
        let text = lines(&parsed.file.text);
        let scanned: BTreeMap<u32, _> = release_headings(&parsed.file.text)
            .into_iter()
            .map(|r| (r.line, r))
            .collect();
        let body = outside_fences(&parsed.file.text);
        for release in parsed.releases() {
            let id = format!("{name} {} (L{})", release.version, release.line);
            if release.semver.to_string() != release.version.trim_start_matches('v') {
                problems.push(format!(
                    "{id}: semver {} does not match the tag",
                    release.semver
                ));
            }
            if release.end_line < release.line {
                problems.push(format!(
                    "{id}: ends at L{} before it starts",
                    release.end_line
                ));
            }
            if let Some(scan) = scanned.get(&release.line) {
                let last_non_blank = (scan.line..=scan.end_line)
                    .rev()
                    .find(|&l| !text[l as usize - 1].trim().is_empty())
                    .unwrap_or(scan.line);
                if release.end_line > scan.end_line || release.end_line < last_non_blank {
                    problems.push(format!(
                        "{id}: end_line L{} but the section's last non-blank line is L{last_non_blank} and the next release starts at L{}",
                        release.end_line,
                        scan.end_line + 1
                    ));
                }
                let since = body
                    .iter()
                    .filter(|l| l.line > scan.line && l.line <= scan.end_line)
                    .find_map(|l| since_heading(l.text));
                if let Some(since) = since {
                    with_since += 1;
                    if release.previous.as_deref() != Some(since.as_str()) {
                        problems.push(format!(
                            "{id}: previous is {:?}, the heading says {since}",
                            release.previous
                        ));
                    }
                }
            }
            for note in release.notes.iter().filter(|n| n.end_line < n.line) {
                problems.push(format!(
                    "{id}: note L{}-L{} ends before it starts",
                    note.line, note.end_line
                ));
            }
            let range = release.line..=release.end_line;
            let mut outside = |what: &str, from: u32, to: u32| {
                if !range.contains(&from) || !range.contains(&to) {
                    problems.push(format!(
                        "{id}: {what} L{from}-L{to} lies outside the release"
                    ));
                }
            };
            for note in &release.notes {
                outside("note", note.line, note.end_line);
            }
            for prose in &release.prose {
                outside("prose", prose.line, prose.end_line);
            }
            for advisory in &release.security {
                outside("advisory", advisory.line, advisory.end_line);
            }
            for heading in &release.outline {
                outside("heading", heading.line, heading.line);
            }
            for line in release
                .downloads
                .iter()
                .map(|d| d.line)
                .chain(release.images.iter().map(|i| i.line))
            {
                outside("artifact", line, line);
            }
        }
    }
    println!("releases with a since heading: {with_since}");
    assert!(
        with_since > 400,
        "only {with_since} releases have a since heading: the scan broke"
    );
    let count = problems.len();
    problems.truncate(40);
    assert!(
        count == 0,
        "{count} problems, the first 40:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_bullet_reference_is_a_note() {
    let corpus = require!(corpus());
    let mut total = 0;
    let mut missed = 0;
    let mut listing = String::new();
    let verbose = std::env::var_os("CORPUS_VERBOSE").is_some();
    for parsed in corpus {
        let text = lines(&parsed.file.text);
        let releases: Vec<&Release> = parsed.releases().collect();
        let mut file_listing = String::new();
        let mut file_missed = 0;
        for reference in bullet_references(&text, 1) {
            total += 1;
            let release = releases
                .iter()
                .find(|r| (r.line..=r.end_line).contains(&reference.line));
            let note = release.and_then(|r| {
                r.notes
                    .iter()
                    .find(|n| (n.line..=n.end_line).contains(&reference.line))
            });
            let problem = match (release, note) {
                (_, Some(note))
                    if note.pr() == Some(reference.pr) || note.pr() == Some(reference.url_pr) =>
                {
                    continue
                }
                (_, Some(note)) => format!(
                    "the note L{}-L{} has prs {:?}",
                    note.line, note.end_line, note.prs
                ),
                (Some(release), None) => {
                    let prose = release
                        .prose
                        .iter()
                        .find(|p| (p.line..=p.end_line).contains(&reference.line));
                    match prose {
                        Some(p) => {
                            format!("in prose L{}-L{} under {:?}", p.line, p.end_line, p.section)
                        }
                        None => "no note covers the line".to_string(),
                    }
                }
                (None, None) => "outside every release".to_string(),
            };
            file_missed += 1;
            if file_missed <= 15 || verbose {
                let _ = writeln!(
                    file_listing,
                    "  L{} #{} [{}]: {problem}\n      {}",
                    reference.line,
                    reference.pr,
                    release.map_or("-", |r| r.version.as_str()),
                    clip(text[reference.line as usize - 1], 140)
                );
            }
        }
        if file_missed > 0 {
            missed += file_missed;
            let _ = writeln!(
                listing,
                "{} ({file_missed}):\n{file_listing}",
                parsed.file.name
            );
        }
    }
    println!("bullet references: {total}, not a note's own PR: {missed}\n{listing}");
    assert!(
        total > 15_000,
        "only {total} bullet references found: the scan broke"
    );
    assert_eq!(
        missed, MISSED_REFERENCES,
        "bullet references that are not a note's own PR: {missed} of {total}\n{listing}"
    );
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
