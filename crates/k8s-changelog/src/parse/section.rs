//! What a heading makes of the lines under it: downloads, notes of some kind, prose, … .
//! Classification depends on the heading text and on the role of the heading above it.

use crate::model::{sig_from_label, Kind};
use std::sync::Arc;

/// What the lines under a heading hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// Between the release heading and its first section heading.
    Intro,
    Downloads {
        /// Shared with every row of the table ([`crate::model::Download::group`]).
        group: Option<Arc<str>>,
    },
    Images,
    Security,
    /// A `## Dependencies` section; the list kind comes from `### Added/Changed/Removed`.
    Modules(Option<ListKind>),
    /// "External Dependencies": sentences about versions, read for dependency facts.
    DependencyProse,
    /// Every top-level bullet is a note.
    Notes(NoteContext),
    /// Bullets with a PR reference are notes, everything else is prose.
    Mixed(NoteContext),
    Prose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListKind {
    Added,
    Changed,
    Removed,
}

/// What a note inherits from the headings above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct NoteContext {
    pub(crate) kind: Option<Kind>,
    pub(crate) action_required: bool,
    pub(crate) sig: Option<&'static str>,
    /// From a component heading (`#### kube-apiserver:`), for notes without a prefix of their own.
    pub(crate) component: Option<&'static str>,
}

/// [`normalize_into`] into a new string.
#[cfg(test)]
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Lower-cases and strips emphasis, trailing colons and curly quotes, so that `#### **Storage**`
/// and `## What’s New` compare plainly.
/// Writes into `out` (cleared first), so that one buffer serves every heading.
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    for c in text.chars() {
        match c {
            '*' | '_' | '`' => {}
            '’' | '‘' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    let kept = out.trim().trim_end_matches(':').trim();
    // `kept` is a part of `out`: cut `out` down to it.
    let start = kept.as_ptr() as usize - out.as_ptr() as usize;
    let end = start + kept.len();
    out.truncate(end);
    out.drain(..start);
}

/// The tag a "Changelog since vX" / "Changes since vX" heading names.
pub(crate) fn previous_tag(normalized: &str) -> Option<&str> {
    let rest = normalized
        .strip_prefix("changelog since ")
        .or_else(|| normalized.strip_prefix("changes since "))?;
    let tag = rest.split_whitespace().next()?;
    crate::parse_tag(tag).ok().map(|_| tag)
}

/// The krel kind heading (`Bug or Regression`) as a kind. `Other (Bug, Cleanup or Flake)`, an
/// early heading that mixed three labels, gives `Some(None)`: a kind heading with no one kind.
fn kind_heading(t: &str) -> Option<Option<Kind>> {
    Some(Some(match t {
        "deprecation" | "deprecations" => Kind::Deprecation,
        "api change" | "api changes" => Kind::ApiChange,
        "feature" | "features" => Kind::Feature,
        "design" => Kind::Design,
        "documentation" => Kind::Documentation,
        "failing test" => Kind::FailingTest,
        "bug or regression" => Kind::Bug,
        "other (cleanup or flake)" => Kind::Cleanup,
        "uncategorized" => Kind::Uncategorized,
        "dependency" => Kind::Dependency,
        "other (bug, cleanup or flake)" => return Some(None),
        _ => return None,
    }))
}

fn is_action_required(t: &str) -> bool {
    t.contains("urgent upgrade notes")
        || t.contains("action required")
        || t.starts_with("before upgrading")
        || t.contains("you must read this before you upgrade")
}

fn is_prose(t: &str) -> bool {
    t.contains("major themes")
        || t.starts_with("what's new")
        || t.contains(" what's new")
        || t.starts_with("known issues")
        || t.starts_with("provider-specific notes")
        || t.starts_with("previous releases included")
}

/// Notes sections of the older x.y.0 layout, with the kind they imply.
fn notes_heading(t: &str) -> Option<Option<Kind>> {
    if t.starts_with("deprecations") || t == "deprecated" || t.starts_with("removed and deprecated")
    {
        return Some(Some(Kind::Deprecation));
    }
    if t == "notable features" || t == "new features" {
        return Some(Some(Kind::Feature));
    }
    let generic = t.starts_with("other notable")
        || t.starts_with("notable changes")
        || t == "other changes"
        || t.starts_with("non-user-facing")
        || t.starts_with("detailed bug fixes")
        || t == "bug fixes"
        || t.contains("metrics")
        || t == "changes by kind";
    generic.then_some(None)
}

/// The role of a heading with text `text` under a heading of role `parent`.
#[cfg(test)]
pub(crate) fn classify(parent: &Role, text: &str) -> Role {
    classify_normalized(parent, text, &normalize(text))
}

/// [`classify`], given `t`, the heading's text already normalized ([`normalize_into`]).
pub(crate) fn classify_normalized(parent: &Role, text: &str, t: &str) -> Role {
    if t.starts_with("downloads") {
        return Role::Downloads { group: None };
    }
    if let Role::Downloads { .. } = parent {
        return if t == "container images" {
            Role::Images
        } else {
            Role::Downloads {
                group: Some(Arc::from(text.trim())),
            }
        };
    }
    if previous_tag(t).is_some() {
        return Role::Notes(NoteContext::default());
    }
    if t.starts_with("important security information") || matches!(parent, Role::Security) {
        return Role::Security;
    }
    if t == "dependencies" || t.starts_with("detailed go dependency") {
        return Role::Modules(None);
    }
    if let Role::Modules(_) = parent {
        return match t {
            "added" => Role::Modules(Some(ListKind::Added)),
            "changed" => Role::Modules(Some(ListKind::Changed)),
            "removed" => Role::Modules(Some(ListKind::Removed)),
            _ => Role::DependencyProse,
        };
    }
    if t.starts_with("external dependenc") {
        return Role::DependencyProse;
    }
    if is_action_required(t) {
        let sig = match parent {
            Role::Notes(ctx) | Role::Mixed(ctx) => ctx.sig,
            _ => None,
        };
        return Role::Notes(NoteContext {
            kind: None,
            action_required: true,
            sig,
            component: None,
        });
    }
    if is_prose(t) {
        return Role::Prose;
    }
    if t.starts_with("highlights") || t.starts_with("experimental features") {
        return Role::Mixed(NoteContext::default());
    }
    match parent {
        Role::Prose => Role::Prose,
        Role::Notes(ctx) | Role::Mixed(ctx) => {
            if let Some(kind) = kind_heading(t) {
                return Role::Notes(NoteContext { kind, ..*ctx });
            }
            if let Some(kind) = notes_heading(t) {
                return Role::Notes(NoteContext {
                    kind: kind.or(ctx.kind),
                    ..*ctx
                });
            }
            if let Some(sig) = sig_from_label(t) {
                return Role::Notes(NoteContext {
                    sig: Some(sig),
                    ..*ctx
                });
            }
            if let Some(component) = crate::vocabulary::COMPONENT_HEADINGS
                .iter()
                .find(|c| **c == t)
            {
                return Role::Notes(NoteContext {
                    component: Some(component),
                    ..*ctx
                });
            }
            match parent {
                Role::Notes(_) => Role::Notes(*ctx),
                _ => Role::Mixed(*ctx),
            }
        }
        _ => {
            if let Some(kind) = notes_heading(t) {
                return Role::Notes(NoteContext {
                    kind,
                    ..NoteContext::default()
                });
            }
            if let Some(kind) = kind_heading(t) {
                return Role::Notes(NoteContext {
                    kind,
                    ..NoteContext::default()
                });
            }
            Role::Mixed(NoteContext::default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(headings: &[&str]) -> Role {
        headings
            .iter()
            .fold(Role::Intro, |role, h| classify(&role, h))
    }

    #[test]
    fn normalize_into_reuses_its_buffer() {
        let mut out = String::from("leftover text");
        for (text, want) in [
            ("  **Storage**: ", "storage"),
            ("What’s New", "what's new"),
            ("`kubectl`:", "kubectl"),
            (" : ", ""),
            ("Ünïcode Heading", "ünïcode heading"),
        ] {
            normalize_into(text, &mut out);
            assert_eq!(out, want, "{text:?}");
        }
    }

    #[test]
    fn roles_follow_the_heading_path() {
        let notes = |kind, action_required, sig| {
            Role::Notes(NoteContext {
                kind,
                action_required,
                sig,
                component: None,
            })
        };
        let cases: &[(&[&str], Role)] = &[
            (
                &["Downloads for v1.22.2", "Client Binaries"],
                Role::Downloads {
                    group: Some("Client Binaries".into()),
                },
            ),
            (&["Downloads for v1.24.0", "Container Images"], Role::Images),
            (
                &["Changelog since v1.22.1", "Container Images"],
                notes(None, false, None),
            ),
            (
                &["Changes by Kind", "Bug or Regression"],
                notes(Some(Kind::Bug), false, None),
            ),
            (
                &[
                    "Urgent Upgrade Notes ",
                    "(No, really, you MUST read this before you upgrade)",
                ],
                notes(None, true, None),
            ),
            (
                &["Other Notable Changes", "SIG Node"],
                notes(None, false, Some("node")),
            ),
            (
                &["Other Notable Changes", "**Storage**"],
                notes(None, false, Some("storage")),
            ),
            (
                &["Deprecations"],
                notes(Some(Kind::Deprecation), false, None),
            ),
            (&["Major Themes", "Node"], Role::Prose),
            (&["What’s New (Major Themes)"], Role::Prose),
            (
                &["Dependencies", "Changed"],
                Role::Modules(Some(ListKind::Changed)),
            ),
            (&["Dependencies", "Unchanged"], Role::DependencyProse),
            (
                &[
                    "Important Security Information",
                    "CVE-2021-25741: Symlink Exchange",
                ],
                Role::Security,
            ),
            (&["Something New"], Role::Mixed(NoteContext::default())),
        ];
        for (headings, want) in cases {
            assert_eq!(&path(headings), want, "{headings:?}");
        }
    }

    #[test]
    fn previous_tags() {
        assert_eq!(previous_tag("changelog since v1.22.5"), Some("v1.22.5"));
        assert_eq!(previous_tag("changes since v1.1.1"), Some("v1.1.1"));
        assert_eq!(previous_tag("changes since the last release"), None);
    }
}
