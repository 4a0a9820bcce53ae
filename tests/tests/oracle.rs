//! Oracle: the curated x.y.0 notes, parsed from Markdown, against the official JSON that was
//! generated with them (sig-release `release-notes-draft.json`, keyed by PR number).
//!
//! Four figures per release, over the notes whose own PR (`prs[0]`) is in the JSON and not
//! `do_not_publish` ("matched" notes):
//!
//! - PR recall: of the PRs cited as `([#N](…/pull/N), …)` at the end of a bullet of the raw
//!   Markdown (a regex, no parser), in the JSON and published, the share found as a note's PR;
//! - SIG agreement: among matched notes whose bullet carries a `[SIG …]` suffix, the share whose
//!   SIG set equals the JSON's;
//! - kind agreement: among matched notes outside the Urgent Upgrade Notes that have a kind, the
//!   share whose kind is one of the JSON kinds (`regression` → bug, `flake` → cleanup, none →
//!   uncategorized, as krel files them);
//! - action-required agreement: the share of matched notes whose flag equals the JSON's. Notes
//!   where the JSON contradicts the Markdown itself (the bullet sits under Urgent Upgrade Notes
//!   but the JSON says `false`, or under a kind heading without `ACTION REQUIRED` but the JSON
//!   says `true`: the draft was edited after the JSON was written) are left out and counted as
//!   conflicts; the table also shows the raw figure.

use k8s_changelog::{parse, parse_with, Kind, Note, ParseOptions};
use k8s_changelog_tests::{
    bullet_references, changelog_dir, changelog_file, fixtures, lines, read, release_section,
    require, sig_release_dir, Ratio, Reference,
};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

const MIN_RECALL: f64 = 0.995;
const MIN_SIGS: f64 = 0.99;
const MIN_KINDS: f64 = 0.99;
const MIN_ACTION_REQUIRED: f64 = 0.98;

/// The sig-release drafts with a JSON twin.
const DRAFTS: std::ops::RangeInclusive<u32> = 20..=31;
/// The CHANGELOG files whose `v1.N.0` is checked against the sig-release JSON.
const CHANGELOGS: std::ops::RangeInclusive<u32> = 20..=23;

#[derive(Debug, Deserialize)]
struct JsonNote {
    pr_number: u64,
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    sigs: Vec<String>,
    #[serde(default)]
    action_required: bool,
    #[serde(default)]
    do_not_publish: bool,
}

/// The published notes of one JSON file, by PR.
fn load_json(path: &Path) -> HashMap<u64, JsonNote> {
    let all: HashMap<String, JsonNote> =
        serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    all.into_values()
        .filter(|n| !n.do_not_publish)
        .map(|n| (n.pr_number, n))
        .collect()
}

#[derive(Default)]
struct Figures {
    recall: Ratio,
    sigs: Ratio,
    kinds: Ratio,
    action_required: Ratio,
    /// Matched notes whose JSON `action_required` contradicts the Markdown's own placement
    /// (listed under Urgent Upgrade Notes but `false`, or under a kind and `true`): the draft
    /// was edited after the JSON was written. Left out of `action_required`.
    action_required_conflicts: Vec<String>,
    /// `action_required` against the JSON without leaving out the conflicts.
    action_required_raw: Ratio,
    disagreements: Vec<String>,
}

fn sorted(items: &[impl AsRef<str>]) -> BTreeSet<String> {
    items.iter().map(|s| s.as_ref().to_string()).collect()
}

fn is_urgent(note: &Note) -> bool {
    note.section.first().is_some_and(|s| s.contains("Urgent"))
}

/// Compares the notes parsed from one release's Markdown with its JSON.
fn compare(
    notes: &[Note],
    markdown: &[&str],
    first_line: u32,
    json: &HashMap<u64, JsonNote>,
) -> Figures {
    let mut figures = Figures::default();
    let references: Vec<Reference> = bullet_references(markdown, first_line)
        .into_iter()
        .filter(|r| json.contains_key(&r.pr))
        .collect();
    let found: HashSet<u64> = notes.iter().filter_map(Note::pr).collect();
    let mut seen = HashSet::new();
    for reference in &references {
        if !seen.insert(reference.pr) {
            continue;
        }
        let hit = found.contains(&reference.pr);
        figures.recall.add(hit);
        if !hit {
            figures.disagreements.push(format!(
                "#{} L{}: no note has this PR",
                reference.pr, reference.line
            ));
        }
    }
    for note in notes {
        let Some(theirs) = note.pr().and_then(|pr| json.get(&pr)) else {
            continue;
        };
        let id = format!("#{} L{}", theirs.pr_number, note.line);
        // The bullet's own reference (a PR can be listed twice: under Urgent and a kind).
        let reference = references
            .iter()
            .filter(|r| r.pr == theirs.pr_number)
            .min_by_key(|r| !(note.line..=note.end_line).contains(&r.line));
        if reference.is_some_and(|r| r.has_sig_suffix) {
            let (ours, want) = (sorted(&note.sigs), sorted(&theirs.sigs));
            figures.sigs.add(ours == want);
            if ours != want {
                figures
                    .disagreements
                    .push(format!("{id} sigs: ours {ours:?} theirs {want:?}"));
            }
        }
        if let (false, Some(kind)) = (is_urgent(note), note.kind) {
            let mut want: BTreeSet<&str> = theirs
                .kinds
                .iter()
                .filter_map(|k| Kind::from_label(k))
                .map(Kind::label)
                .collect();
            if theirs.kinds.is_empty() {
                // krel lists a note without kind under `### Uncategorized`.
                want.insert(Kind::Uncategorized.label());
            }
            let hit = want.contains(kind.label());
            figures.kinds.add(hit);
            if !hit {
                figures
                    .disagreements
                    .push(format!("{id} kind: ours {kind} theirs {:?}", theirs.kinds));
            }
        }
        let hit = note.action_required == theirs.action_required;
        figures.action_required_raw.add(hit);
        if reference.is_some_and(|r| r.action_required != theirs.action_required) {
            figures.action_required_conflicts.push(format!(
                "{id}: the Markdown says action required = {}, the JSON {} (ours {})",
                !theirs.action_required, theirs.action_required, note.action_required
            ));
            continue;
        }
        figures.action_required.add(hit);
        if !hit {
            figures.disagreements.push(format!(
                "{id} action_required: ours {} theirs {} (section {:?})",
                note.action_required, theirs.action_required, note.section
            ));
        }
    }
    figures
}

/// Prints the table (and, with `ORACLE_VERBOSE` set, every disagreement) and fails with the
/// releases below a threshold.
fn report(title: &str, rows: &[(String, usize, Figures)]) {
    let verbose = std::env::var_os("ORACLE_VERBOSE").is_some();
    let mut table = format!(
        "\n{title}\n{:<26} {:>5}  {:<20} {:<20} {:<20} {:<20} {:<20} {}\n",
        "release",
        "notes",
        "PR recall",
        "SIG agreement",
        "kind agreement",
        "action required",
        "(AR raw vs JSON)",
        "AR conflicts"
    );
    let mut failures = String::new();
    let mut details = String::new();
    for (name, notes, f) in rows {
        let _ = writeln!(
            table,
            "{name:<26} {notes:>5}  {:<20} {:<20} {:<20} {:<20} {:<20} {}",
            f.recall.cell(),
            f.sigs.cell(),
            f.kinds.cell(),
            f.action_required.cell(),
            f.action_required_raw.cell(),
            f.action_required_conflicts.len()
        );
        if verbose {
            let _ = writeln!(details, "{name}:");
            for line in f.disagreements.iter().chain(&f.action_required_conflicts) {
                let _ = writeln!(details, "    {line}");
            }
        }
        let mut below = Vec::new();
        for (what, ratio, min) in [
            ("PR recall", &f.recall, MIN_RECALL),
            ("SIG agreement", &f.sigs, MIN_SIGS),
            ("kind agreement", &f.kinds, MIN_KINDS),
            (
                "action-required agreement",
                &f.action_required,
                MIN_ACTION_REQUIRED,
            ),
        ] {
            if ratio.value() < min {
                below.push(format!(
                    "{what} {:.2}% < {:.1}%",
                    100.0 * ratio.value(),
                    100.0 * min
                ));
            }
        }
        if f.recall.total == 0 {
            below.push("no PR references found in the Markdown".into());
        }
        if !below.is_empty() {
            let _ = writeln!(failures, "{name}: {}", below.join(", "));
            for line in f.disagreements.iter().take(10) {
                let _ = writeln!(failures, "    {line}");
            }
        }
    }
    k8s_changelog_tests::figures(&format!("{table}{details}"));
    assert!(
        failures.is_empty(),
        "below the thresholds (table above):\n{failures}"
    );
}

/// The figures of `release-1.{minor}/release-notes-draft.md` under `dir` against its JSON.
fn draft_row(dir: &Path, minor: u32) -> (String, usize, Figures) {
    let release = dir.join(format!("release-1.{minor}"));
    let json = load_json(&release.join("release-notes-draft.json"));
    let text = read(&release.join("release-notes-draft.md"));
    let name = format!("release-1.{minor}/release-notes-draft.md");
    let version = format!("v1.{minor}.0");
    let log = parse_with(
        &text,
        &ParseOptions {
            file: &name,
            version: Some(&version),
        },
    );
    let notes: Vec<Note> = log
        .releases
        .iter()
        .flat_map(|r| r.notes.iter().cloned())
        .collect();
    let figures = compare(&notes, &lines(&text), 1, &json);
    (format!("draft {version}"), notes.len(), figures)
}

#[test]
fn oracle_sig_release_drafts_agree_with_the_json() {
    let dir = require!(sig_release_dir());
    let rows: Vec<_> = DRAFTS.map(|minor| draft_row(&dir, minor)).collect();
    report("sig-release release-notes-draft.md vs .json", &rows);
}

/// The committed excerpt of the v1.22 draft and the JSON entries of its PRs: runs everywhere.
#[test]
fn oracle_fixture_draft_agrees_with_its_json() {
    let row = draft_row(&fixtures::sig_release_dir(), 22);
    assert_eq!(row.1, 48, "notes in the excerpt");
    assert_eq!(row.2.recall.total, 48, "PR references in the excerpt");
    report("fixture release-notes-draft.md vs .json", &[row]);
}

#[test]
fn oracle_changelog_x_y_0_agrees_with_the_json() {
    let changelogs = require!(changelog_dir());
    let sig_release = require!(sig_release_dir());
    let mut rows = Vec::new();
    for minor in CHANGELOGS {
        let json =
            load_json(&sig_release.join(format!("release-1.{minor}/release-notes-draft.json")));
        let file = changelog_file(&changelogs, minor);
        let version = format!("v1.{minor}.0");
        let (first_line, section) = release_section(&file.text, &version)
            .unwrap_or_else(|| panic!("{} has no {version}", file.name));
        let log = parse(&file.text, &file.name);
        let notes = log
            .release(&version)
            .map(|r| r.notes.clone())
            .unwrap_or_default();
        let figures = compare(&notes, &section, first_line, &json);
        rows.push((format!("{} {version}", file.name), notes.len(), figures));
    }
    report("CHANGELOG-1.N.md v1.N.0 vs sig-release .json", &rows);
}
