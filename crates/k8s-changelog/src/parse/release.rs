//! Builds one [`Release`] from its lines: walks the headings, gives each section a role and
//! hands the section's lines to the reader for that role.

use super::advisory::{self, Field};
use super::artifacts::{download_line, image_line, TableLine};
use super::blocks::{blocks, Block};
use super::dependencies::{module_line, prose_facts};
use super::diagnostic;
use super::lines::{LineIndex, RawHeading};
use super::note::{item_text, note_from_item};
use super::section::{classify, normalize, previous_tag, NoteContext, Role};
use crate::model::{Dependencies, Diagnostic, Heading, Prose, Release, Severity, SourceLine};

pub(crate) struct ReleaseInput<'a, 'b> {
    pub(crate) lines: &'b LineIndex<'a>,
    /// Headings within `start..end`, the release heading included when `has_heading`.
    pub(crate) headings: &'b [RawHeading<'a>],
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) tag: &'b str,
    pub(crate) has_heading: bool,
    pub(crate) file: &'b str,
}

struct Builder<'a, 'b> {
    lines: &'b LineIndex<'a>,
    release: Release,
    diagnostics: &'b mut Vec<Diagnostic>,
    file: &'b str,
}

pub(crate) fn build(input: ReleaseInput<'_, '_>, diagnostics: &mut Vec<Diagnostic>) -> Release {
    let lines = input.lines;
    let end_line = (input.start..input.end)
        .rev()
        .find(|&i| !lines.is_blank(i))
        .unwrap_or(input.start);
    let release = Release {
        version: input.tag.to_string(),
        semver: crate::parse_tag(input.tag).unwrap_or_else(|_| semver::Version::new(0, 0, 0)),
        previous: None,
        file: input.file.to_string(),
        line: input.start as u32 + 1,
        end_line: end_line as u32 + 1,
        notes: Vec::new(),
        dependencies: Dependencies::default(),
        security: Vec::new(),
        cves: Vec::new(),
        downloads: Vec::new(),
        images: Vec::new(),
        prose: Vec::new(),
        outline: Vec::new(),
        layout_lines: Vec::new(),
        unaccounted: Vec::new(),
    };
    let mut b = Builder {
        lines,
        release,
        diagnostics,
        file: input.file,
    };

    let mut sections = input.headings;
    let mut body_start = input.start;
    if input.has_heading {
        sections = &sections[1..];
        body_start += 1;
    }
    // The heading path: (level, text, role).
    let mut stack: Vec<(u8, String, Role)> = Vec::new();
    let mut role = Role::Intro;
    let mut path: Vec<String> = Vec::new();
    for h in sections {
        b.section(&role, &path, body_start, h.line);
        while stack.last().is_some_and(|(level, _, _)| *level >= h.level) {
            stack.pop();
        }
        let parent = stack.last().map_or(Role::Intro, |(_, _, r)| r.clone());
        role = classify(&parent, h.text);
        b.heading(h, &role);
        stack.push((h.level, h.text.trim().to_string(), role.clone()));
        path = stack.iter().map(|(_, t, _)| t.clone()).collect();
        body_start = h.line + 1;
    }
    b.section(&role, &path, body_start, input.end);
    b.finish()
}

impl Builder<'_, '_> {
    fn heading(&mut self, h: &RawHeading<'_>, role: &Role) {
        let n = h.line as u32 + 1;
        self.release.outline.push(Heading {
            level: h.level,
            text: h.text.trim().to_string(),
            line: n,
        });
        let normalized = normalize(h.text);
        if let Some(tag) = previous_tag(&normalized) {
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
    }

    /// Reads the lines `start..end` (0-based) under a heading of role `role`.
    fn section(&mut self, role: &Role, path: &[String], start: usize, end: usize) {
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
                    |b, line, n| match download_line(line, &mut algorithms, &group, n) {
                        TableLine::Row(d) => {
                            b.release.downloads.push(d);
                            true
                        }
                        TableLine::Layout => {
                            b.release.layout_lines.push(n);
                            true
                        }
                        TableLine::Other => false,
                    },
                    Role::Prose,
                )
            }
            Role::Images => self.line_wise(
                start,
                end,
                path,
                |b, line, n| match image_line(line, n) {
                    TableLine::Row(i) => {
                        b.release.images.push(i);
                        true
                    }
                    TableLine::Layout => {
                        b.release.layout_lines.push(n);
                        true
                    }
                    TableLine::Other => false,
                },
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

    /// Reads a section line by line with `take`; runs of lines it does not take are read as
    /// Markdown with role `rest`.
    fn line_wise(
        &mut self,
        start: usize,
        end: usize,
        path: &[String],
        mut take: impl FnMut(&mut Self, &str, u32) -> bool,
        rest: Role,
    ) {
        let mut run: Option<usize> = None;
        for i in start..end {
            let line = self.lines.line(i);
            if line.trim().is_empty() {
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

    /// Reads lines `start..end` as Markdown blocks.
    fn markdown(&mut self, role: &Role, path: &[String], start: usize, end: usize) {
        let lines = self.lines;
        let (from, to) = (lines.start(start), lines.start(end));
        let text = &lines.whole()[from..to];
        let found = blocks(text, start, |offset| lines.line_of(from + offset) - start);
        let mut covered = start;
        for block in &found {
            self.unaccounted_between(path, covered, block.first);
            covered = covered.max(block.last + 1);
            self.block(role, path, block);
        }
        self.unaccounted_between(path, covered, end);
    }

    fn block(&mut self, role: &Role, path: &[String], block: &Block) {
        match role {
            Role::Notes(ctx) if block.item => {
                let note = note_from_item(self.lines, block.first, block.last, ctx, path);
                self.add_note(note);
            }
            Role::Mixed(ctx) if block.item => {
                let note = note_from_item(self.lines, block.first, block.last, ctx, path);
                if note.prs.is_empty() && note.authors.is_empty() && note.external_prs.is_empty() {
                    self.add_prose(path, block);
                } else {
                    self.add_note(note);
                }
            }
            Role::DependencyProse => {
                let n = block.first as u32 + 1;
                let text = self.add_prose(path, block);
                prose_facts(&text, n, &mut self.release.dependencies);
            }
            _ => {
                self.add_prose(path, block);
            }
        }
    }

    fn add_note(&mut self, note: crate::model::Note) {
        prose_facts(&note.text, note.line, &mut self.release.dependencies);
        self.release.notes.push(note);
    }

    fn add_prose(&mut self, path: &[String], block: &Block) -> String {
        let text = if block.item {
            let body = item_text(self.lines, block.first, block.last);
            format!("- {body}")
        } else {
            (block.first..=block.last)
                .map(|i| self.lines.line(i))
                .collect::<Vec<_>>()
                .join("\n")
        };
        self.release.prose.push(Prose {
            section: path.to_vec(),
            text: text.clone(),
            line: block.first as u32 + 1,
            end_line: block.last as u32 + 1,
        });
        text
    }

    /// Non-blank lines in `from..to` that no block claimed. Link reference definitions
    /// (`[SIG Node]: https://…`) produce no Markdown events but belong to the prose around them.
    fn unaccounted_between(&mut self, path: &[String], from: usize, to: usize) {
        for i in from..to {
            if self.lines.is_blank(i) {
                continue;
            }
            let n = i as u32 + 1;
            let line = self.lines.line(i);
            if is_link_definition(line) {
                self.release.prose.push(Prose {
                    section: path.to_vec(),
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
        cves.sort();
        cves.dedup();
        r.cves = cves;
        r.layout_lines.sort_unstable();
        self.release
    }
}

/// `[label]: https://…`, a Markdown link reference definition.
fn is_link_definition(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let t = line.trim();
    indent <= 3
        && t.starts_with('[')
        && t.find("]:")
            .is_some_and(|i| i > 1 && !t[1..i].contains(']'))
}
