//! [`Index::into_history`](super::Index::into_history)'s steps for one note and one release.
//!
//! Each is a function of its own, never inlined into the loop that calls it, for the
//! explorer's first visit: V8 runs a wasm function on its baseline compiler (Liftoff) until the
//! function has run long enough, then recompiles it with its optimizing compiler on another
//! thread, and a call already running never switches (there is no on-stack replacement for
//! wasm). A step called 12,716 times is optimized after the first few hundred calls; the same
//! code inlined into one long loop would run on baseline code to the end, and its whole
//! function would be recompiled for nothing, on the second of two cores (BENCHMARKS.md, "Tier-up
//! on a first visit").

use super::pool::Pool;
use super::{IndexError, IndexNote, IndexProse, IndexRelease};
use crate::model::{Note, Release};
use crate::ReleaseDate;
use std::borrow::Cow;
use std::sync::Arc;

/// Index note `i` as a note of the history, its text, authors and section taken from the pools.
#[inline(never)]
pub(super) fn note_of(
    i: usize,
    n: IndexNote,
    texts: &mut Pool<String>,
    authors: &mut Pool<String>,
    sections: &mut Pool<Arc<[String]>>,
) -> Result<Note, IndexError> {
    let missing = |what, id, count| IndexError::BadReference {
        note: i,
        what,
        id,
        count,
    };
    let text = texts
        .take(n.text)
        .ok_or_else(|| missing("text", n.text, texts.len()))?;
    let mut note_authors = Vec::with_capacity(n.authors.len());
    for &a in &n.authors {
        note_authors.push(
            authors
                .take(a)
                .ok_or_else(|| missing("author", a, authors.len()))?,
        );
    }
    let section = sections.take(n.section).ok_or(IndexError::BadSection {
        note: i,
        section: n.section,
        count: sections.len(),
    })?;
    Ok(Note {
        text,
        prs: n.prs,
        external_prs: n.external_prs,
        issues: n.issues,
        authors: note_authors,
        kind: n.kind,
        sigs: n.sigs.into_iter().map(Cow::Owned).collect(),
        action_required: n.action_required,
        component: n.component,
        cves: n.cves,
        section,
        line: 0,
        end_line: 0,
    })
}

/// Index release `i` as a release of the history, its notes taken from the pool, its date (if
/// any) added to `dates`.
#[inline(never)]
pub(super) fn release_of(
    i: usize,
    r: IndexRelease,
    notes: &mut Pool<Note>,
    dates: &mut Vec<(semver::Version, ReleaseDate)>,
) -> Result<Release, IndexError> {
    let count = notes.len();
    let semver = crate::parse_tag(&r.version).map_err(|_| IndexError::BadVersion {
        release: i,
        version: r.version.clone(),
    })?;
    if let Some(date) = r.date.as_deref().and_then(crate::dates::parse_iso_date) {
        dates.push((
            semver.clone(),
            ReleaseDate {
                date,
                planned: r.date_planned,
                source: r.date_source,
            },
        ));
    }
    let mut release_notes = Vec::with_capacity(r.notes.len());
    for &id in &r.notes {
        release_notes.push(notes.take(id).ok_or(IndexError::BadNote {
            release: i,
            note: id,
            count,
        })?);
    }
    Ok(Release {
        version: r.version,
        semver,
        previous: r.previous,
        file: r.file,
        line: 0,
        end_line: 0,
        notes: release_notes,
        dependencies: r.dependencies,
        security: r.security,
        cves: r.cves,
        downloads: r.downloads,
        images: r.images,
        prose: r.prose.into_iter().map(IndexProse::into_prose).collect(),
        outline: Vec::new(),
        layout_lines: Vec::new(),
        unaccounted: Vec::new(),
    })
}
