//! Builds one [`Release`] from its lines: walks the headings, gives each section a role and
//! hands the section's lines to the reader for that role.

use super::advisory::{self, Field};
use super::artifacts::{download_line, image_line, TableLine};
use super::blocks::{blocks_into, Block, Span};
use super::diagnostic;
use super::lines::{is_blank_text, is_link_definition, LineIndex, RawHeading};
use super::modules::module_line;
use super::note::item_text;
use super::section::{classify_normalized, normalize_into, previous_tag, NoteContext, Role};
use super::skeleton::skeleton_into;
use super::version_lines::VersionLines;
use crate::model::{Diagnostic, Heading, Kind, Note, Prose, Release, Severity, SourceLine};
use std::sync::Arc;

/// The headings a block sits under, below the release heading.
pub(super) type Path = Arc<[String]>;

/// What the blocks of a section become.
enum Placement {
    /// Every bullet is a note; other blocks are prose.
    Notes(NoteContext),
    /// Bullets with a reference are notes; everything else is prose. `facts`: read version
    /// sentences from the prose too.
    Referenced { ctx: NoteContext, facts: bool },
    /// Everything is prose.
    Prose { facts: bool },
}

impl Placement {
    fn of(role: &Role) -> Placement {
        match role {
            Role::Notes(ctx) => Placement::Notes(*ctx),
            Role::Mixed(ctx) => Placement::Referenced {
                ctx: *ctx,
                facts: false,
            },
            Role::DependencyProse => Placement::Referenced {
                ctx: NoteContext {
                    kind: Some(Kind::Dependency),
                    ..NoteContext::default()
                },
                facts: true,
            },
            _ => Placement::Prose { facts: false },
        }
    }
}

pub(crate) struct ReleaseInput<'a, 'b> {
    pub(crate) lines: &'b LineIndex<'a>,
    /// Headings within `start..end`, the release heading included when `has_heading`.
    pub(crate) headings: &'b [RawHeading<'a>],
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) tag: &'b str,
    pub(crate) has_heading: bool,
    pub(crate) file: &'b str,
    /// The release's index among the document's.
    pub(crate) index: usize,
}

pub(super) struct Builder<'a, 'b> {
    pub(super) lines: &'b LineIndex<'a>,
    pub(super) release: Release,
    diagnostics: &'b mut Vec<Diagnostic>,
    file: &'b str,
    /// The blocks of the section being read (a buffer kept between sections).
    blocks: Vec<Block>,
    /// The section as the block reader reads it ([`skeleton_into`]; a buffer kept between
    /// sections).
    skeleton: Vec<u8>,
    /// The document's lines that may state a version, read at its end.
    versions: &'b mut VersionLines,
    index: usize,
}

/// Buffers that one document's releases share, so that each release does not grow its own,
/// and the version lines found in them ([`Scratch::read_versions`]).
#[derive(Default)]
pub(crate) struct Scratch {
    blocks: Vec<Block>,
    skeleton: Vec<u8>,
    normalized: String,
    versions: VersionLines,
}

impl Scratch {
    /// Reads the version lines of the document's releases (`releases`, every one built) into
    /// their dependency changes.
    pub(crate) fn read_versions(&mut self, releases: &mut [Release]) {
        self.versions.read_into(releases);
    }
}

pub(crate) fn build(
    input: ReleaseInput<'_, '_>,
    diagnostics: &mut Vec<Diagnostic>,
    scratch: &mut Scratch,
) -> Release {
    let lines = input.lines;
    let end_line = (input.start..input.end)
        .rev()
        .find(|&i| !lines.is_blank(i))
        .unwrap_or(input.start);
    let semver = crate::parse_tag(input.tag).unwrap_or_else(|_| semver::Version::new(0, 0, 0));
    let release = Release {
        line: input.start as u32 + 1,
        end_line: end_line as u32 + 1,
        ..Release::tagged(input.tag.to_string(), semver, input.file)
    };
    let mut b = Builder {
        lines,
        release,
        diagnostics,
        file: input.file,
        blocks: std::mem::take(&mut scratch.blocks),
        skeleton: std::mem::take(&mut scratch.skeleton),
        versions: &mut scratch.versions,
        index: input.index,
    };

    let mut sections = input.headings;
    let mut body_start = input.start;
    if input.has_heading {
        sections = &sections[1..];
        body_start += 1;
    }
    // The heading path: (level, text, role).
    let mut stack: Vec<(u8, &str, Role)> = Vec::new();
    let mut role = Role::Intro;
    // Shared by every note of the section (`Note::section`); built from `stack` only for a
    // section with a non-blank line (`None`: not built yet).
    let mut path: Option<Path> = Some(Path::default());
    // The heading's normalized text (a buffer kept between headings and releases).
    let mut normalized = std::mem::take(&mut scratch.normalized);
    for h in sections {
        b.section_under(&role, &mut path, &stack, body_start, h.line);
        while stack.last().is_some_and(|(level, _, _)| *level >= h.level) {
            stack.pop();
        }
        let parent = stack.last().map_or(Role::Intro, |(_, _, r)| r.clone());
        normalize_into(h.text, &mut normalized);
        if h.level == 1 && is_title(&normalized) {
            // "# Kubernetes v1.14 Release Notes" titles the release; it is no section of it.
            role = Role::Intro;
            b.heading(h, &normalized, &role);
            path = Some(Path::default());
            body_start = h.line + 1;
            continue;
        }
        role = classify_normalized(&parent, h.text, &normalized);
        b.heading(h, &normalized, &role);
        // "Changelog since vX" names the previous tag; it is no section of its own, so it
        // keeps its place in the stack with an empty name that the path skips.
        let name = if previous_tag(&normalized).is_some() {
            ""
        } else {
            h.text.trim()
        };
        stack.push((h.level, name, role.clone()));
        path = None;
        body_start = h.line + 1;
    }
    b.section_under(&role, &mut path, &stack, body_start, input.end);
    let blocks = std::mem::take(&mut b.blocks);
    let skeleton = std::mem::take(&mut b.skeleton);
    let release = b.finish();
    scratch.blocks = blocks;
    scratch.skeleton = skeleton;
    scratch.normalized = normalized;
    release
}

impl Builder<'_, '_> {
    /// Records heading `h`, whose normalized text ([`normalize_into`]) is `normalized`.
    fn heading(&mut self, h: &RawHeading<'_>, normalized: &str, role: &Role) {
        let n = h.line as u32 + 1;
        self.release.outline.push(Heading {
            level: h.level,
            text: h.text.trim().to_string(),
            line: n,
        });
        if let Some(tag) = previous_tag(normalized) {
            if self.release.previous.is_none() {
                // Keep the tag as written, not lower-cased.
                let written = h
                    .text
                    .split_whitespace()
                    .find(|w| w.eq_ignore_ascii_case(tag))
                    .unwrap_or(tag);
                self.release.previous = Some(written.to_string());
            }
        }
        if *role == Role::Security {
            if let Some(a) = advisory::start(h.text, n) {
                self.release.security.push(a);
            }
        }
        // A heading can state a key component's version: "### etcd moves to version 3.5.0"
        // (v1.22.0's major themes, whose notes stop at 3.5.0-beta.3).
        if h.level > 1 {
            self.version_facts(h.text, n, false);
        }
    }

    /// [`Builder::section`] for a section with a non-blank line, under the headings of `stack`;
    /// `path` caches their names between sections (`None`: build it from `stack`).
    fn section_under(
        &mut self,
        role: &Role,
        path: &mut Option<Path>,
        stack: &[(u8, &str, Role)],
        start: usize,
        end: usize,
    ) {
        if !(start..end).any(|i| !self.lines.is_blank(i)) {
            return;
        }
        let path = path.get_or_insert_with(|| {
            // Without a nameless entry (the usual case) the length is known: one allocation
            // for the shared slice instead of a vector copied into it.
            if stack.iter().all(|(_, t, _)| !t.is_empty()) {
                stack.iter().map(|(_, t, _)| t.to_string()).collect()
            } else {
                stack
                    .iter()
                    .filter(|(_, t, _)| !t.is_empty())
                    .map(|(_, t, _)| t.to_string())
                    .collect()
            }
        });
        self.section(role, path, start, end);
    }

    /// Reads the lines `start..end` (0-based) under a heading of role `role`.
    fn section(&mut self, role: &Role, path: &Path, start: usize, end: usize) {
        if start >= end {
            return;
        }
        match role {
            Role::Intro => self.line_wise(
                start,
                end,
                path,
                |b, line, n| {
                    let t = line.trim();
                    let is_links = t.starts_with("[Documentation]") || t.starts_with("[Examples]");
                    if is_links {
                        b.release.layout_lines.push(n);
                    }
                    is_links
                },
                Role::Mixed(NoteContext::default()),
            ),
            Role::Downloads { group } => {
                let mut algorithms = Vec::new();
                let group = group.clone();
                self.line_wise(
                    start,
                    end,
                    path,
                    |b, line, n| {
                        let row = download_line(line, &mut algorithms, &group, n);
                        b.table_row(row, n, |r| &mut r.downloads)
                    },
                    Role::Prose,
                )
            }
            Role::Images => self.line_wise(
                start,
                end,
                path,
                |b, line, n| b.table_row(image_line(line, n), n, |r| &mut r.images),
                Role::Prose,
            ),
            Role::Security => {
                let in_advisory = path
                    .last()
                    .is_some_and(|h| h.trim_start().starts_with("CVE-"));
                let mut field = Field::Description;
                self.line_wise(
                    start,
                    end,
                    path,
                    |b, line, n| {
                        if in_advisory {
                            if let Some(a) = b.release.security.last_mut() {
                                advisory::body_line(a, &mut field, line, n);
                                return true;
                            }
                        }
                        let is_intro = line
                            .trim()
                            .starts_with("This release contains changes that address");
                        if is_intro {
                            b.release.layout_lines.push(n);
                        }
                        is_intro
                    },
                    Role::Prose,
                )
            }
            Role::Modules(list) => {
                let list = *list;
                self.line_wise(
                    start,
                    end,
                    path,
                    |b, line, n| {
                        if line.trim() == "_Nothing has changed._" {
                            b.release.layout_lines.push(n);
                            return true;
                        }
                        module_line(line, list, n, &mut b.release.dependencies)
                    },
                    Role::DependencyProse,
                )
            }
            Role::DependencyProse | Role::Notes(_) | Role::Mixed(_) | Role::Prose => {
                self.markdown(role, path, start, end)
            }
        }
    }

    /// Keeps a table line of line number `n`: a row goes to the list `rows` picks, a header or
    /// delimiter is layout. False for a line that is not part of the table.
    fn table_row<T>(
        &mut self,
        line: TableLine<T>,
        n: u32,
        rows: impl FnOnce(&mut Release) -> &mut Vec<T>,
    ) -> bool {
        match line {
            TableLine::Row(row) => rows(&mut self.release).push(row),
            TableLine::Layout => self.release.layout_lines.push(n),
            TableLine::Other => return false,
        }
        true
    }

    /// Reads a section line by line with `take`; runs of lines it does not take are read as
    /// Markdown with role `rest`.
    fn line_wise(
        &mut self,
        start: usize,
        end: usize,
        path: &Path,
        mut take: impl FnMut(&mut Self, &str, u32) -> bool,
        rest: Role,
    ) {
        let mut run: Option<usize> = None;
        for i in start..end {
            let line = self.lines.line(i);
            if is_blank_text(line) {
                continue;
            }
            if take(self, line, i as u32 + 1) {
                if let Some(s) = run.take() {
                    self.markdown(&rest, path, s, i);
                }
            } else if run.is_none() {
                run = Some(i);
            }
        }
        if let Some(s) = run {
            self.markdown(&rest, path, s, end);
        }
    }

    /// Reads lines `start..end` (0-based) as Markdown blocks.
    fn markdown(&mut self, role: &Role, path: &Path, start: usize, end: usize) {
        let lines = self.lines;
        let (from, to) = (lines.start(start), lines.start(end));
        let text = &lines.whole()[from..to];
        // The buffer is taken for the loop (the blocks are read while `self` changes) and put
        // back for the next section.
        let mut found = std::mem::take(&mut self.blocks);
        let mut skeleton = std::mem::take(&mut self.skeleton);
        blocks_into(
            skeleton_into(text, &mut skeleton),
            start,
            |offset| lines.line_of(from + offset) - start,
            &mut found,
        );
        self.skeleton = skeleton;
        let placement = Placement::of(role);
        if matches!(
            placement,
            Placement::Notes(_) | Placement::Referenced { .. }
        ) {
            // Most bullets are one note each: room for them at once instead of the doublings
            // (and copies) of a growing vector. Only the capacity changes.
            let bullets = found.iter().filter(|b| b.item).count();
            self.release.notes.reserve(bullets);
        }
        let mut covered = start;
        let mut i = 0;
        while i < found.len() {
            let block = &found[i];
            self.unaccounted_between(path, covered, block.span().first);
            let (last, consumed) = match (&placement, block.item) {
                (Placement::Notes(ctx), true) => {
                    self.place_bullet(ctx, true, false, path, &found[i..])
                }
                (Placement::Referenced { ctx, facts }, true) => {
                    self.place_bullet(ctx, false, *facts, path, &found[i..])
                }
                (Placement::Prose { facts } | Placement::Referenced { facts, .. }, item) => {
                    self.add_prose(path, block.span(), item, *facts);
                    (block.span().last, 1)
                }
                (Placement::Notes(_), false) => {
                    self.add_prose(path, block.span(), false, false);
                    (block.span().last, 1)
                }
            };
            covered = covered.max(last + 1);
            i += consumed;
        }
        self.unaccounted_between(path, covered, end);
        self.blocks = found;
    }

    pub(super) fn plain_text(&self, span: Span) -> String {
        (span.first..=span.last)
            .map(|i| self.lines.line(i))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Keeps a note; `in_dependencies`: it sits in a dependencies section, where any "X updated
    /// to vY" sentence is a dependency fact, not only those about key components.
    pub(super) fn add_note(&mut self, note: Note, in_dependencies: bool) {
        self.version_facts(&note.text, note.line, in_dependencies);
        self.release.notes.push(note);
    }

    /// Reads the version sentences of `text` (at line `n`) into the release's dependency
    /// changes, at the end of the document ([`VersionLines`]); `any_component`: see
    /// [`super::prose_facts`].
    fn version_facts(&mut self, text: &str, n: u32, any_component: bool) {
        let at = self.release.dependencies.changed.len();
        self.versions.defer(text, n, any_component, self.index, at);
    }

    /// Keeps a block as prose; `facts`: also read version sentences from it.
    pub(super) fn add_prose(&mut self, path: &Path, span: Span, item: bool, facts: bool) {
        let text = if item {
            format!("- {}", item_text(self.lines, span.first, span.last))
        } else {
            self.plain_text(span)
        };
        if facts {
            self.version_facts(&text, span.first as u32 + 1, true);
        }
        self.release.prose.push(Prose {
            section: Arc::clone(path),
            text,
            line: span.first as u32 + 1,
            end_line: span.last as u32 + 1,
        });
    }

    /// Non-blank lines in `from..to` that no block claimed. Link reference definitions
    /// (`[SIG Node]: https://…`) produce no Markdown events but belong to the prose around them.
    fn unaccounted_between(&mut self, path: &Path, from: usize, to: usize) {
        for i in from..to {
            if self.lines.is_blank(i) {
                continue;
            }
            let n = i as u32 + 1;
            let line = self.lines.line(i);
            if is_link_definition(line) {
                self.release.prose.push(Prose {
                    section: Arc::clone(path),
                    text: line.trim().to_string(),
                    line: n,
                    end_line: n,
                });
                continue;
            }
            self.release.unaccounted.push(SourceLine {
                line: n,
                text: self.lines.line(i).to_string(),
            });
            self.diagnostics.push(diagnostic(
                self.file,
                n,
                Severity::Warning,
                "line not part of any note, table or section".into(),
            ));
        }
    }

    fn finish(mut self) -> Release {
        let r = &mut self.release;
        let mut cves: Vec<String> = r
            .notes
            .iter()
            .flat_map(|n| n.cves.iter().cloned())
            .collect();
        cves.extend(r.security.iter().map(|a| a.id.clone()));
        // Prose names them too: v1.13.0's "Security Content" says CVE-2018-1002105 "is
        // resolved in v1.13.0".
        cves.extend(r.prose.iter().flat_map(|p| super::cves_in(&p.text)));
        cves.sort();
        cves.dedup();
        r.cves = cves;
        r.layout_lines.sort_unstable();
        self.release
    }
}

/// A level-1 heading that titles the notes ("Kubernetes v1.14 Release Notes", "Release notes for
/// v1.20.0-rc.0") rather than opening a section; `normalized` is its normalized text ([`normalize_into`]).
fn is_title(normalized: &str) -> bool {
    normalized.contains("release notes")
}
