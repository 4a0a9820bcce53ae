//! Writing krel's JSON from any notes, with krel's reference suffix.

use super::{JsonNote, JsonNotes};
use crate::links;
use crate::model::{Kind, Note, Release};

fn indent_continuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            // Blank lines too: krel writes "\n  \n" between paragraphs.
            out.push_str("\n  ");
        }
        out.push_str(line);
    }
    out
}

/// The reference krel appends to a note's text:
/// `([#N](https://github.com/kubernetes/kubernetes/pull/N), [@a](https://github.com/a)) [SIG A, B and C]`,
/// SIGs by display name in label order ([`links::reference`] with one PR, one author and the
/// SIGs sorted).
pub fn reference_suffix(pr: u64, author: Option<&str>, sigs: &[String]) -> String {
    let authors: Vec<String> = author
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .into_iter()
        .collect();
    let mut sigs = sigs.to_vec();
    sigs.sort_unstable();
    sigs.dedup();
    links::reference(&[pr], &authors, &sigs)
}

/// One note in krel's form. `None` for a note without a kubernetes/kubernetes PR: the format
/// is keyed by PR number.
///
/// Derived: `pr_url`, `author_url` (the first author; krel has one), `markdown` (the text with
/// continuation lines indented, then [`reference_suffix`]), `kinds` (the note's kind; none for
/// `Uncategorized` and for no kind), `feature` (kind `feature`), `release_version` (the
/// release's semver, without `v`, as the files write it). Unknown, left empty: `commit`,
/// `areas`, `documentation`, and `text` is the note's Markdown text, not the PR's raw block.
pub fn to_json_note(release: &Release, note: &Note) -> Option<JsonNote> {
    let pr = note.pr()?;
    let author = note.authors.first().cloned().unwrap_or_default();
    let kind = note.kind.filter(|k| *k != Kind::Uncategorized);
    let mut sigs: Vec<String> = note.sigs.iter().map(|s| s.to_string()).collect();
    let suffix = reference_suffix(pr, Some(&author), &sigs);
    let text = note.text.trim_end();
    let markdown = if text.is_empty() {
        suffix
    } else {
        format!("{} {suffix}", indent_continuation(text))
    };
    sigs.sort();
    sigs.dedup();
    Some(JsonNote {
        text: note.text.clone(),
        markdown,
        author_url: if author.is_empty() {
            String::new()
        } else {
            links::author_url(&author)
        },
        author,
        pr_url: links::pr_url(pr),
        pr_number: pr,
        kinds: kind.map(|k| k.label().to_string()).into_iter().collect(),
        sigs,
        feature: kind == Some(Kind::Feature),
        action_required: note.action_required,
        release_version: release.semver.to_string(),
        ..JsonNote::default()
    })
}

/// Notes in krel's form, keyed by PR number. A PR cited by several of the notes (a query over
/// several tags finds the cherry-picks of one change) keeps its first; notes without a PR are
/// left out.
pub fn to_json_notes<'a>(notes: impl IntoIterator<Item = (&'a Release, &'a Note)>) -> JsonNotes {
    let mut out = JsonNotes::new();
    for (release, note) in notes {
        if let Some(json) = to_json_note(release, note) {
            out.entry(json.pr_number.to_string()).or_insert(json);
        }
    }
    out
}

/// Writes notes (a release's, or any query's hits) as a `release-notes.json`: pretty-printed
/// like krel's files, keys in the order Go writes them (as strings). See [`to_json_notes`].
///
/// ```
/// let log = k8s_changelog::parse("# v1.22.1\n\n## Changes by Kind\n\n### Bug or Regression\n\n\
///   - Fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]\n", "CHANGELOG-1.22.md");
/// let json = k8s_changelog::relnotes::write(log.notes());
/// let back = k8s_changelog::relnotes::read(&json, "v1.22.1", "out.json").unwrap();
/// assert_eq!(back.notes[0].text, "Fix a leak");
/// assert!(json.contains(r#""markdown": "Fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]""#));
/// ```
pub fn write<'a>(notes: impl IntoIterator<Item = (&'a Release, &'a Note)>) -> String {
    let notes = to_json_notes(notes);
    // Strings, bools, numbers and maps with string keys only: serialising cannot fail.
    let mut out = serde_json::to_string_pretty(&notes).expect("notes serialise");
    out.push('\n');
    out
}
