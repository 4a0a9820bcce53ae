//! A bullet of a notes section: split into the notes its referenced sub-bullets make, joined
//! with a reference that fell out of it, and kept as notes or prose.

use super::blocks::{Block, Item, Span};
use super::note::{component_word, item_text, note_in, reference_of};
use super::reference::split_reference;
use super::release::{Builder, Path};
use super::section::NoteContext;
use crate::model::Note;

/// How far past a reference-less bullet to look for its fallen-out reference, in blocks other
/// than code blocks.
const MAX_FALLEN_BLOCKS: usize = 8;

/// Where a bullet's notes go: see [`Builder::place_bullet`].
struct Placing<'p> {
    always_note: bool,
    facts: bool,
    path: &'p Path,
}

impl Builder<'_, '_> {
    /// Places the bullet `blocks[0]` as notes (and prose for reference-less parts where
    /// `always_note` is off). Returns the bullet's last line and how many blocks it took: a
    /// bullet without a reference runs on to a later paragraph that ends with one, when that
    /// paragraph fell out of the item (a continuation indented less than the bullet's text, or
    /// at column 0).
    pub(super) fn place_bullet(
        &mut self,
        ctx: &NoteContext,
        always_note: bool,
        facts: bool,
        path: &Path,
        blocks: &[Block],
    ) -> (usize, usize) {
        let block = &blocks[0];
        let mut last = block.span().last;
        let mut consumed = 1;
        let first = block.span().first;
        // Most bullets have no sub-bullets: one segment, without the lists below.
        if block.tree.children.is_empty() {
            let mut note = note_in(self.lines, first, last, ctx, path);
            if !names_change(&note) {
                if let Some(j) = self.fallen_reference(blocks) {
                    last = blocks[j].span().last;
                    consumed = j + 1;
                    note = note_in(self.lines, first, last, ctx, path);
                }
            }
            let place = Placing {
                always_note,
                facts,
                path,
            };
            self.place_segment(&place, Span { first, last }, false, None, note);
            return (last, consumed);
        }
        let mut segments = self.segments(block, last);
        let mut notes: Vec<Note> = segments
            .iter()
            .map(|(s, _, _)| note_in(self.lines, s.first, s.last, ctx, path))
            .collect();
        if let ([only], [segment]) = (notes.as_slice(), segments.as_mut_slice()) {
            if !names_change(only) {
                if let Some(j) = self.fallen_reference(blocks) {
                    last = blocks[j].span().last;
                    consumed = j + 1;
                    segment.0.last = last;
                    notes[0] = note_in(self.lines, first, last, ctx, path);
                }
            }
        }
        let place = Placing {
            always_note,
            facts,
            path,
        };
        for ((segment, head, heading), note) in segments.into_iter().zip(notes) {
            self.place_segment(&place, segment, head, heading, note);
        }
        (last, consumed)
    }

    /// Keeps the note read from `segment` of a bullet (a head, flagged `head`, or a referenced
    /// sub-bullet under a one-word head that names the component `heading`) as a note or prose.
    fn place_segment(
        &mut self,
        place: &Placing<'_>,
        segment: Span,
        head: bool,
        heading: Option<String>,
        mut note: Note,
    ) {
        if note.component.is_none() {
            note.component = heading;
        }
        let referenced = names_change(&note) || !note.issues.is_empty();
        // A referenced bullet is a note; in a notes section so is any bullet, except the
        // heading-like parent of referenced sub-bullets ("**Storage**:").
        if referenced || (place.always_note && !head) {
            self.add_note(note, place.facts);
        } else {
            self.add_prose(place.path, segment, true, place.facts);
        }
    }

    /// The index of the first paragraph after `blocks[0]` (before the next bullet, and within
    /// `MAX_FALLEN_BLOCKS` blocks other than code) that ends with a reference. Code blocks do
    /// not count toward the distance: they show what the sentence above them says ("For
    /// example:" and a YAML before and after), they add no sentence of their own.
    fn fallen_reference(&self, blocks: &[Block]) -> Option<usize> {
        let mut passed = 0;
        for (j, b) in blocks.iter().enumerate().skip(1) {
            if b.item {
                return None;
            }
            if b.code {
                continue;
            }
            passed += 1;
            if passed > MAX_FALLEN_BLOCKS {
                return None;
            }
            let text = self.plain_text(b.span());
            if split_reference(&text).is_some_and(|(_, r)| r.names_change()) {
                return Some(j);
            }
        }
        None
    }

    fn has_reference(&self, span: Span) -> bool {
        // A reference that names a change has a `)` closing its group and a `#N` or `@login`
        // in it: without both in the lines, there is no text to build.
        let raw = &self.lines.whole().as_bytes()
            [self.lines.start(span.first)..self.lines.start(span.last + 1)];
        if memchr::memchr(b')', raw).is_none() || memchr::memchr2(b'#', b'@', raw).is_none() {
            return false;
        }
        reference_of(&item_text(self.lines, span.first, span.last)).names_change()
    }

    /// Splits a bullet whose sub-bullets carry references of their own into the parent (the
    /// "head", flagged `true` unless it has a reference itself) and one segment per referenced
    /// sub-bullet, each running to the next, recursively. A bullet with no referenced
    /// sub-bullets is one segment.
    ///
    /// A head that is one word ("- kube-apiserver:") names the component of its sub-bullets,
    /// returned as the third element.
    fn segments(&self, block: &Block, last: usize) -> Vec<(Span, bool, Option<String>)> {
        let mut out = Vec::new();
        self.split_item(&block.tree, last, None, &mut out);
        out
    }

    fn split_item(
        &self,
        item: &Item,
        last: usize,
        component: Option<String>,
        out: &mut Vec<(Span, bool, Option<String>)>,
    ) {
        let mut referenced: Vec<&Item> = item
            .children
            .iter()
            .filter(|c| self.has_reference(c.span))
            .collect();
        // Only the last sub-bullet carries a reference: it closes the whole bullet, as in
        // "- These APIs are no longer served:\n  - a\n  - b ([#85903](…))".
        let closes_parent = referenced.len() == 1
            && referenced[0].children.is_empty()
            && item.children.last().map(|c| c.span) == Some(referenced[0].span);
        if closes_parent {
            let first_child = referenced[0].span.first;
            let head = Span {
                first: item.span.first,
                last: self.last_non_blank(item.span.first, first_child),
            };
            // A one-word head ("- kubectl") groups notes; a sentence head is the note itself.
            let first_line = item_text(self.lines, item.span.first, item.span.first);
            let grouping = component_word(&first_line).is_some();
            if !grouping && !self.has_reference(head) {
                referenced.clear();
            }
        }
        // Under a bare one-word head that groups notes by component ("- kubectl", "- API", as
        // the 1.13–1.16 "Deprecations and Removals" lists write them), each sub-bullet is a note
        // of its own once any of them carries a reference: one without a reference ("`kubectl
        // convert` … will be removed in v1.17.") is neither the head's prose nor part of the
        // referenced sibling above it. A head with a colon ("- Includes:", "- parameters:",
        // "- Ingress:") introduces the parts of one change or a YAML example: left as it was.
        // The head is its first line alone; blank lines may part it from its sub-bullets (a
        // loose list, as CHANGELOG-1.16's "- API" writes it).
        if !referenced.is_empty()
            && self.last_non_blank(item.span.first, item.children[0].span.first) == item.span.first
        {
            let head = item_text(self.lines, item.span.first, item.span.first);
            if !head.trim_end().ends_with(':') && component_word(&head).is_some() {
                referenced = item.children.iter().collect();
            }
        }
        let Some(first_child) = referenced.first() else {
            out.push((
                Span {
                    first: item.span.first,
                    last,
                },
                false,
                component,
            ));
            return;
        };
        let head = Span {
            first: item.span.first,
            last: self.last_non_blank(item.span.first, first_child.span.first),
        };
        let head_is_note = self.has_reference(head);
        let named = (!head_is_note && head.first == head.last)
            .then(|| component_word(&item_text(self.lines, head.first, head.last)))
            .flatten()
            .or(component);
        out.push((head, !head_is_note, None));
        for (k, child) in referenced.iter().enumerate() {
            let end = referenced.get(k + 1).map_or(last, |next| {
                self.last_non_blank(child.span.first, next.span.first)
            });
            self.split_item(child, end, named.clone(), out);
        }
    }

    /// The last non-blank line in `from..to`, or `from`.
    fn last_non_blank(&self, from: usize, to: usize) -> usize {
        (from..to)
            .rev()
            .find(|&i| !self.lines.is_blank(i))
            .unwrap_or(from)
    }
}

/// The note cites a PR or an author (not only an issue).
fn names_change(note: &Note) -> bool {
    !(note.prs.is_empty() && note.external_prs.is_empty() && note.authors.is_empty())
}
