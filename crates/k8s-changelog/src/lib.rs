//! Parse the Kubernetes CHANGELOG Markdown (`CHANGELOG/CHANGELOG-1.N.md`, every era since v1.2)
//! into releases, notes, dependency changes, advisories and artifacts, and answer questions
//! about them: which notes match a filter, what an upgrade from `v1.21.0` to `v1.23.0` asks of
//! you, when `extensions/v1beta1` was deprecated and removed, which etcd each release shipped.
//!
//! The crate does no I/O and never panics on input: [`parse`] always returns a [`Changelog`],
//! with whatever it could not place listed as unaccounted lines and [`Diagnostic`]s.
//!
//! ```
//! let text = "# v1.22.1\n\n## Changelog since v1.22.0\n\n## Changes by Kind\n\n### Bug or Regression\n\n\
//! - Fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]\n";
//! let log = k8s_changelog::parse(text, "CHANGELOG-1.22.md");
//! let note = &log.releases[0].notes[0];
//! assert_eq!(note.prs, [1]);
//! assert_eq!(note.sigs, ["node"]);
//! assert_eq!(note.kind, Some(k8s_changelog::Kind::Bug));
//! ```
//!
//! # Data flow
//!
//! ```text
//! bytes ──► parse* ──► Changelog ──► History ──► queries ──► your output
//!           (one file)  (releases,    (one per tag,  (Query, compare, timelines,
//!                        diagnostics)  release graph,  cves, summary, relnotes)
//!                                      dates)
//! ```
//!
//! 1. **Parse.** [`parse`] reads one CHANGELOG file's text; [`parse_bytes`] accepts bytes that
//!    may not be UTF-8; [`parse_with`] takes [`ParseOptions`] (the version of a
//!    `release-notes-draft.md`, which has no `# vX.Y.Z` heading); [`parse_input`] also reads
//!    krel's `release-notes-*.json` by file name; [`parse_many`] merges several files. Each
//!    gives a [`Changelog`]: [`Release`]s (tag `v1.22.3`, [`Note`]s with PRs, authors, [`Kind`],
//!    SIG label names such as `api-machinery`, action-required flag, component, CVEs;
//!    [`Dependencies`]; [`Advisory`]s; [`Download`]s and [`Image`]s; prose and outline) plus
//!    [`Diagnostic`]s with file and 1-based line.
//! 2. **History.** [`History::new`] keeps one release per tag in semver order and knows the
//!    release graph: [`History::find`] (`"v1.22.3"` or `"1.22.3"`, with a "nearest" hint in
//!    the [`QueryError`]), [`History::line`] (every tag of `1.22`), [`History::previous`].
//!    The Markdown has no dates; [`History::add_dates`] takes them from [`dates`] (a CSV,
//!    `git for-each-ref` output or the GitHub releases JSON, as text the caller read).
//! 3. **Queries**, all over a `&History`:
//!    - [`Query`]: filter notes (kinds, SIGs, components, action required, CVE, PRs, authors,
//!      text, a [`VersionRange`] such as `v1.27.3..v1.30.1` or `>=1.27, <1.30`); AND across
//!      categories, OR within one. [`Query::run_with_facets`] also counts the notes per kind,
//!      SIG and component, each category with its own choice left out ([`query::Facets`]).
//!    - [`compare`]: the upgrade path from one tag to another ([`UpgradePath`]): every note
//!      crossed, once, grouped by what it asks of you ([`query::Group`]), the net dependency
//!      change and the advisories.
//!    - [`timeline::deprecations`]: when API versions, flags and feature gates were deprecated
//!      and removed, with the release, PR and sentence of each event;
//!      [`timeline::dependencies`]: the version of `etcd`, `go` or any Go module at every
//!      release.
//!    - [`check()`](check::check): which objects of a user's manifests ([`ManifestObject`])
//!      are deprecated or no longer served at a target release, against the deprecation
//!      timeline and the Deprecated API Migration Guide ([`guide`]), with the evidence of each.
//!    - [`cves()`](cves::cves): every CVE mentioned, with CVSS, releases and PRs.
//!    - [`summary`]: the notes of a week (or a version range) ranked and gathered for a
//!      weekly post, and its Markdown.
//!    - [`relnotes`]: krel's `release-notes.json`, read into a [`Release`] and written back.
//!    - [`Changelog::counts`]: what a parse found ([`Counts`]), the figures of `stats`;
//!      [`History::kinds_per_minor`]: notes per kind per minor line.
//! 4. **Shared rules** every query uses, so that the CLI and the web explorer agree:
//!    [`change`] (which notes are one change across cherry-picks, [`ChangeKey`]; whether a note
//!    is a deprecation, [`change::deprecation`]), [`links`] (PR, author, CVE and release
//!    addresses), [`vocabulary`] (component, binary and dependency names), [`sentence`] (a
//!    note's first sentence, the title of summaries and CVE lists).
//!
//! [`index`] is the web explorer's compact serialized form of a `History`, with the one format
//! version, file names and readers the CLI and the web share.
//!
//! # Invariants
//!
//! - **No I/O**: no files, network, clock or terminal. The crate builds for
//!   `wasm32-unknown-unknown`; reading files and fetching dates is the caller's job (see the
//!   examples in `crates/k8s-changelog/examples/`).
//! - **Never fails**: parsing returns a model for any input, even random bytes, and reports
//!   problems as [`Diagnostic`]s. Only queries that take user input return errors
//!   ([`QueryError`], [`DatesError`], [`RelnotesError`], [`summary::SummaryError`]), with
//!   messages written for users.
//! - **Lossless line accounting**: every non-blank line of a release is in exactly one place
//!   (the release heading, an outline [`Heading`], a note's `line..=end_line`, a [`Prose`]
//!   block, a download or image row, a dependency entry, an advisory, a layout line, or
//!   [`Release::unaccounted`]); lines before the first release are the file's
//!   [`Preamble`].
//! - Linear time in the input's size.
//!
//! # Asking a question
//!
//! Parse a changelog, build a [`History`], then filter it or compare two releases:
//!
//! ```
//! use k8s_changelog::{compare, parse, History, Kind, Query};
//!
//! // One string per line: a doc-test line starting with `#` would be hidden.
//! let text = concat!(
//!     "# v1.22.1\n\n",
//!     "## Changelog since v1.22.0\n\n",
//!     "## Urgent Upgrade Notes\n\n",
//!     "### (No, really, you MUST read this before you upgrade)\n\n",
//!     "- Kubelet: the deprecated `--foo` flag is removed. ([#2](https://github.com/kubernetes/kubernetes/pull/2), [@b](https://github.com/b)) [SIG Node]\n\n",
//!     "## Changes by Kind\n\n",
//!     "### Bug or Regression\n\n",
//!     "- Fix a memory leak in the scheduler cache. ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Scheduling]\n\n",
//!     "# v1.22.0\n\n",
//!     "## Changes by Kind\n\n",
//!     "### Feature\n\n",
//!     "- Add the `--bar` flag to kube-proxy. ([#3](https://github.com/kubernetes/kubernetes/pull/3), [@c](https://github.com/c)) [SIG Network]\n",
//! );
//! let history = History::new(parse(text, "CHANGELOG-1.22.md"));
//!
//! // Filter: the bug fixes of SIG Scheduling.
//! let hits = Query::new().kind(Kind::Bug).sig("scheduling").run(&history);
//! assert_eq!(hits.len(), 1);
//! assert_eq!(hits[0].release.version, "v1.22.1");
//! assert_eq!(hits[0].note.pr(), Some(1));
//!
//! // Compare: what does going from v1.22.0 to v1.22.1 ask of me?
//! let path = compare(&history, "v1.22.0", "v1.22.1")?;
//! assert_eq!(path.releases, ["v1.22.1"]);
//! let urgent: Vec<_> = path.notes().filter(|n| n.note.action_required).collect();
//! assert_eq!(urgent.len(), 1);
//! assert_eq!(urgent[0].note.pr(), Some(2));
//! assert_eq!(k8s_changelog::links::pr_url(2), "https://github.com/kubernetes/kubernetes/pull/2");
//! # Ok::<(), k8s_changelog::QueryError>(())
//! ```

#![warn(missing_docs)]

pub mod change;
pub mod check;
pub mod counts;
pub mod cves;
pub mod dates;
pub mod eol;
pub mod guide;
mod history;
pub mod index;
pub mod links;
pub mod merges;
pub mod model;
mod parse;
#[cfg(fuzzing)]
pub use parse::skeleton_keeps_blocks;
pub mod query;
pub mod relnotes;
pub mod schedule;
pub mod sentence;
pub mod summary;
mod tag;
#[cfg(test)]
mod testing;
pub mod timeline;
pub mod vocabulary;

pub use change::{ChangeKey, ChangeSet};
pub use check::{check, CheckReport, Finding, FindingStatus, ManifestObject};
pub use counts::Counts;
pub use cves::{cves, CveEntry};
pub use dates::DatesError;
pub use history::{History, QueryError, ReleaseDate, ReleaseRange};
pub use model::*;
pub use query::{compare, Query, UpgradePath, VersionRange};
pub use relnotes::RelnotesError;
pub use tag::{parse_tag, TagError};
pub use timeline::{DependencyTimeline, DeprecationTimeline};

/// How to read one input.
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions<'a> {
    /// The name recorded in every release and diagnostic (usually the path).
    pub file: &'a str,
    /// For inputs without `# vX.Y.Z` headings (a sig-release `release-notes-draft.md`): the
    /// version the whole text belongs to.
    pub version: Option<&'a str>,
}

/// Parses one CHANGELOG file.
pub fn parse(text: &str, file: &str) -> Changelog {
    parse_with(
        text,
        &ParseOptions {
            file,
            version: None,
        },
    )
}

/// Parses one input with options.
pub fn parse_with(text: &str, options: &ParseOptions<'_>) -> Changelog {
    parse::parse_document(text, options)
}

/// Parses bytes that may not be UTF-8: invalid sequences become U+FFFD and each affected line
/// gets a diagnostic.
pub fn parse_bytes(bytes: &[u8], options: &ParseOptions<'_>) -> Changelog {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_with(text, options),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes);
            let mut log = parse_with(&text, options);
            let mut reported = 0;
            for (index, line) in bytes.split(|b| *b == b'\n').enumerate() {
                if std::str::from_utf8(line).is_err() {
                    reported += 1;
                    if reported <= 20 {
                        log.diagnostics.push(Diagnostic {
                            file: options.file.to_string(),
                            line: index as u32 + 1,
                            severity: Severity::Error,
                            message: "invalid UTF-8; the bad bytes were replaced with U+FFFD"
                                .into(),
                        });
                    }
                }
            }
            if reported > 20 {
                log.diagnostics.push(Diagnostic {
                    file: options.file.to_string(),
                    line: 1,
                    severity: Severity::Error,
                    message: format!(
                        "{} lines hold invalid UTF-8; only the first 20 are listed",
                        reported
                    ),
                });
            }
            log
        }
    }
}

/// Parses one input file of any kind the tool reads, by its name (`options.file`): krel's
/// release-notes JSON (`*.json`, [`relnotes::read_changelog`]) or CHANGELOG Markdown
/// ([`parse_bytes`]). Never fails: problems are diagnostics.
pub fn parse_input(bytes: &[u8], options: &ParseOptions<'_>) -> Changelog {
    if options.file.ends_with(".json") {
        relnotes::read_changelog(bytes, options)
    } else {
        parse_bytes(bytes, options)
    }
}

/// Parses several inputs into one changelog with releases in ascending semver order.
pub fn parse_many<'a, I>(inputs: I) -> Changelog
where
    I: IntoIterator<Item = (&'a str, ParseOptions<'a>)>,
{
    let mut all = Changelog::default();
    for (text, options) in inputs {
        all.merge(parse_with(text, &options));
    }
    all
}
