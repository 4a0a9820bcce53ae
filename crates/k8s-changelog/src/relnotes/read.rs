//! Reading krel's JSON: one file into a [`Release`], or into a [`Changelog`](crate::Changelog) like any input.

use super::{parse_json, JsonNote, RelnotesError};
use crate::model::{Kind, Note, Release};
use crate::tag::parse_tag;

/// Reads the `release-notes.json` of tag `version` (`v1.22.2` or `1.22.2`) into a release whose
/// notes are the JSON's, `file` being the name recorded in the release (line numbers are 0:
/// JSON notes have none).
///
/// Notes marked `do_not_publish` are left out; the others come in PR order. Each note gets:
///
/// - `text`: the `markdown` field without its reference (the `([#N](…), [@a](…))` group, the
///   `[SIG …]` suffix or the older `Courtesy of SIG …` line) and with continuation lines
///   de-indented, which is what the CHANGELOG bullet shows and what
///   [`parse`](crate::parse) gives for it. The `text` field (the PR author's raw block, not
///   capitalised, Markdown sometimes lost) is used only when `markdown` is empty.
/// - `prs` `[pr_number]`, `authors` `[author]`.
/// - `kind`: the JSON's kind that comes first in [`Kind::ALL`] order, as krel picks the heading
///   a note is listed under (measured on the corpus: this matches the Markdown's heading for
///   96 % of notes with several kinds, taking the first listed only 89 %); no kind at all is
///   `Uncategorized`, where krel lists such notes.
/// - `sigs`: the label names, sorted; `action_required` as the JSON says.
/// - `component`: the text's leading `component:` prefix, as the Markdown parser reads it.
/// - `cves`: the CVE ids the text mentions. No `section`: the JSON has no headings.
///
/// The release has the notes and their CVEs only: the JSON holds no downloads, dependencies,
/// advisories or previous tag.
///
/// ```
/// let json = r#"{"104446": {"text": "fix: skip case sensitivity", "pr_number": 104446,
///   "markdown": "Fix: skip case sensitivity ([#104446](https://github.com/kubernetes/kubernetes/pull/104446), [@feiskyer](https://github.com/feiskyer)) [SIG Cloud Provider]",
///   "author": "feiskyer", "kinds": ["regression"], "sigs": ["cloud-provider"]}}"#;
/// let release = k8s_changelog::relnotes::read(json, "v1.22.2", "release-notes-1.22.2.json").unwrap();
/// let note = &release.notes[0];
/// assert_eq!(note.text, "Fix: skip case sensitivity");
/// assert_eq!(note.kind, Some(k8s_changelog::Kind::Bug));
/// assert_eq!(note.sigs, ["cloud-provider"]);
/// ```
pub fn read(json_text: &str, version: &str, file: &str) -> Result<Release, RelnotesError> {
    let semver = parse_tag(version).map_err(|_| RelnotesError::BadVersion(version.to_string()))?;
    let mut published = Vec::new();
    for (key, json) in parse_json(json_text)? {
        if json.do_not_publish {
            continue;
        }
        if key.trim().parse::<u64>().ok() != Some(json.pr_number) {
            return Err(RelnotesError::KeyMismatch {
                key,
                pr_number: json.pr_number,
            });
        }
        published.push(json);
    }
    published.sort_by_key(|n| n.pr_number);
    let notes: Vec<Note> = published.iter().map(note_from_json).collect();
    let mut cves: Vec<String> = notes.iter().flat_map(|n| n.cves.clone()).collect();
    cves.sort();
    cves.dedup();
    Ok(Release {
        notes,
        cves,
        ..Release::new(semver, file)
    })
}

/// A krel `release-notes.json` file read as a [`Changelog`](crate::Changelog) of one release,
/// like any other input: the release is `options.version`, else the one the file name names
/// (`release-notes-1.22.3.json`). It never fails: a file that does not read is an error
/// diagnostic naming the file (and line, for bad JSON).
pub fn read_changelog(bytes: &[u8], options: &crate::ParseOptions<'_>) -> crate::Changelog {
    let mut log = crate::Changelog::default();
    let error = |line: u32, message: String| {
        crate::parse::diagnostic(options.file, line, crate::Severity::Error, message)
    };
    let tag = match options.version {
        Some(v) => Some(v.to_string()),
        None => version_from_file_name(options.file).map(|v| format!("v{v}")),
    };
    let Some(tag) = tag else {
        log.diagnostics.push(error(
            1,
            "which release is this JSON? name it with --version vX.Y.Z".into(),
        ));
        return log;
    };
    match std::str::from_utf8(bytes) {
        Err(e) => log.diagnostics.push(error(1, format!("not UTF-8: {e}"))),
        Ok(text) => match read(text, &tag, options.file) {
            Ok(release) => log.releases.push(release),
            Err(RelnotesError::Json {
                line,
                column,
                problem,
            }) => log
                .diagnostics
                .push(error(line, format!("column {column}: {problem}"))),
            Err(e) => log.diagnostics.push(error(1, e.to_string())),
        },
    }
    log
}

/// The tag a relnotes file name stands for: `release-notes-1.22.0-rc.1.json` → 1.22.0-rc.1.
pub fn version_from_file_name(name: &str) -> Option<semver::Version> {
    let base = name.rsplit(['/', '\\']).next()?;
    let tag = base
        .strip_suffix(".json")?
        .trim_start_matches("release-notes")
        .trim_start_matches('-');
    parse_tag(tag).ok()
}

fn note_from_json(json: &JsonNote) -> Note {
    let text = if json.markdown.trim().is_empty() {
        json.text.trim().to_string()
    } else {
        dedent_continuation(strip_reference(&json.markdown, json.pr_number))
    };
    let kind = json
        .kinds
        .iter()
        .filter_map(|k| Kind::from_label(k))
        .min_by_key(|k| Kind::ALL.iter().position(|all| all == k))
        .or(Some(Kind::Uncategorized));
    let mut sigs: Vec<String> = json
        .sigs
        .iter()
        .map(|s| s.trim().trim_start_matches("sig/").to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    sigs.sort();
    sigs.dedup();
    let cves = crate::parse::cves_in(&text);
    Note {
        component: crate::parse::component(&text),
        cves,
        prs: vec![json.pr_number],
        external_prs: Vec::new(),
        issues: Vec::new(),
        authors: (!json.author.is_empty())
            .then(|| json.author.clone())
            .into_iter()
            .collect(),
        kind,
        sigs: sigs.into_iter().map(Into::into).collect(),
        action_required: json.action_required,
        section: Default::default(),
        line: 0,
        end_line: 0,
        text,
    }
}

/// `markdown` without krel's tail: an older `Courtesy of SIG …` line, the `[SIG …]` suffix,
/// then the reference group of the note's own PR. Anything else is left alone: a note with no
/// reference (two in the corpus) keeps its whole text.
pub(super) fn strip_reference(markdown: &str, pr: u64) -> &str {
    let mut rest = markdown.trim_end();
    if let Some(at) = rest.rfind("Courtesy of ") {
        if !rest[at..].contains('\n') && rest[..at].trim_end().ends_with(')') {
            rest = rest[..at].trim_end();
        }
    }
    if rest.ends_with(']') {
        if let Some(at) = rest.rfind("[SIG ") {
            if !rest[at + 1..rest.len() - 1].contains(['[', ']', '\n']) {
                rest = rest[..at].trim_end();
            }
        }
    }
    if rest.ends_with(')') {
        if let Some(at) = rest.rfind(&format!("([#{pr}](")) {
            if !rest[at..].contains('\n') {
                rest = rest[..at].trim_end();
            }
        }
    }
    rest
}

/// krel indents a note's continuation lines by two spaces, as the CHANGELOG bullet does; the
/// parser's `Note::text` has them without.
fn dedent_continuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let spaces = line.len() - line.trim_start_matches(' ').len();
            out.push_str(&line[spaces.min(2)..]);
        } else {
            out.push_str(line);
        }
    }
    out
}
