//! The Kubernetes "Deprecated API Migration Guide" (kubernetes/website
//! `content/en/docs/reference/using-api/deprecation-guide.md`): which API versions stop being
//! served in which release, for which kinds, and what to migrate to. A second official source
//! beside the changelogs, read the same way: text in, facts with their line out, no I/O.
//!
//! The page's shape, as every version of it has had it: `### v1.22` per release, `#### Kind`
//! per group of kinds, then a sentence such as
//!
//! - "The **extensions/v1beta1**, **apps/v1beta1**, and **apps/v1beta2** API versions of
//!   Deployment are no longer served as of v1.16."
//! - "The **storage.k8s.io/v1beta1** API version of CSIDriver, CSINode, StorageClass, and
//!   VolumeAttachment will no longer be served in v1.22."
//! - "RuntimeClass in the **node.k8s.io/v1beta1** API version will no longer be served in v1.25."
//!
//! and bullets: "Migrate manifests and API clients to use the **apps/v1** API version, available
//! since v1.9.", per-kind "CSIDriver is available in **storage.k8s.io/v1** since v1.19.", and
//! "Notable changes" with sub-bullets. The Markdown is read with pulldown-cmark; the sentences
//! with the regexes below. A statement the parser cannot read is a diagnostic with its line,
//! never a guess.

use crate::model::{Diagnostic, Severity};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// What the guide says about one API version of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideEntry {
    /// The API version no longer served (`extensions/v1beta1`).
    pub api_version: String,
    /// The kind (`Deployment`).
    pub kind: String,
    /// The minor that stops serving it (`1.16`).
    pub removed_in: String,
    /// The API version to migrate to (`apps/v1`), where the guide names one.
    pub replacement: Option<String>,
    /// The minor since which the replacement is available (`1.9`), where the guide says.
    pub replacement_since: Option<String>,
    /// The guide's "Notable changes" for the migration, as written (Markdown markers removed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notable_changes: Vec<String>,
    /// The file the guide was read from, as the caller named it.
    pub file: String,
    /// 1-based line of the statement.
    pub line: u32,
    /// The statement, as written (Markdown markers removed).
    pub sentence: String,
}

/// Everything read from one copy of the guide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApiGuide {
    /// One entry per API version and kind, in the guide's order (newest release first).
    pub entries: Vec<GuideEntry>,
    /// Statements under "Removed APIs by release" the parser could not read.
    pub diagnostics: Vec<Diagnostic>,
}

impl ApiGuide {
    /// The entry for `api_version` and `kind`, if the guide lists it.
    pub fn get(&self, api_version: &str, kind: &str) -> Option<&GuideEntry> {
        self.entries
            .iter()
            .find(|e| e.api_version == api_version && e.kind == kind)
    }
}

/// A block of the page: a heading, a paragraph or a list item (its own text, without the
/// items nested in it), with its plain text, its bold spans and its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    heading: Option<HeadingLevel>,
    /// 0 for headings and paragraphs outside lists; 1 for a top-level item, 2 below it, …
    depth: usize,
    text: String,
    strong: Vec<String>,
    line: u32,
}

fn blocks(text: &str) -> Vec<Block> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() as u32 + 1;
    let mut out = Vec::new();
    // Blocks being read, innermost last: an item stays open while its nested list is read.
    let mut open: Vec<Block> = Vec::new();
    let mut items = 0usize;
    let mut in_strong = false;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => open.push(Block {
                heading: Some(level),
                depth: 0,
                text: String::new(),
                strong: Vec::new(),
                line: line_of(range.start),
            }),
            Event::Start(Tag::Item) => {
                items += 1;
                open.push(Block {
                    heading: None,
                    depth: items,
                    text: String::new(),
                    strong: Vec::new(),
                    line: line_of(range.start),
                });
            }
            Event::Start(Tag::Paragraph) if items == 0 => open.push(Block {
                heading: None,
                depth: 0,
                text: String::new(),
                strong: Vec::new(),
                line: line_of(range.start),
            }),
            Event::Start(Tag::List(_)) => {
                // The item's own text ends where its nested list starts.
                if let Some(item) = open.last_mut().filter(|b| b.depth > 0) {
                    let done = std::mem::take(&mut item.text);
                    out.push(Block {
                        text: done,
                        strong: std::mem::take(&mut item.strong),
                        ..item.clone()
                    });
                    item.line = 0;
                }
            }
            Event::Start(Tag::Strong) => {
                in_strong = true;
                if let Some(b) = open.last_mut() {
                    b.strong.push(String::new());
                }
            }
            Event::End(TagEnd::Strong) => in_strong = false,
            Event::Text(t) | Event::Code(t) => {
                if let Some(b) = open.last_mut() {
                    b.text.push_str(&t);
                    if in_strong {
                        if let Some(s) = b.strong.last_mut() {
                            s.push_str(&t);
                        }
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = open.last_mut() {
                    b.text.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(open.pop()),
            Event::End(TagEnd::Paragraph) if items == 0 => out.extend(open.pop()),
            Event::End(TagEnd::Item) => {
                items = items.saturating_sub(1);
                // An item whose text was already emitted before its nested list is done.
                out.extend(
                    open.pop()
                        .filter(|b| b.line > 0 && !b.text.trim().is_empty()),
                );
            }
            _ => {}
        }
    }
    out
}

static RELEASE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^v?(\d+\.\d+)$").expect("release heading regex"));
static GROUP_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*/)?v\d+(?:(?:alpha|beta)\d+)?$")
        .expect("group/version regex")
});
/// "… no longer served in v1.22", "… no longer served as of v1.16", "stop serving … in v1.25".
static NO_LONGER_SERVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)no longer (?:be )?served (?:in|as of|starting in|from) v?(\d+\.\d+)")
        .expect("no longer served regex")
});
/// "API versions of Deployment are …", "API version of CSIDriver, CSINode, and X will …".
static KINDS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"API versions? of (.+?) (?:will|is|are) no longer").expect("kinds regex")
});
/// "RuntimeClass in the **node.k8s.io/v1beta1** API version will …".
static KINDS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:The )?(.+?) (?:in|of) the \S+ API versions?").expect("kinds regex")
});
/// "… available since v1.21", "… since v1.19", "… v1.13" (the last version a bullet names).
static SINCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"v(\d+\.\d+)\.?\s*$").expect("since regex"));

/// The kinds a list such as "CSIDriver, CSINode, StorageClass, and VolumeAttachment" names.
fn kinds_of(list: &str) -> Vec<String> {
    list.split(',')
        .flat_map(|part| part.split(" and "))
        .map(|k| k.trim().trim_start_matches("and ").trim())
        .filter(|k| !k.is_empty() && k.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(str::to_string)
        .collect()
}

/// Reads one copy of the guide. Never fails: a statement under "Removed APIs by release"
/// that names no API version, no kind or no release is a warning diagnostic with its line.
///
/// ```
/// let text = "## Removed APIs by release\n\n### v1.16\n\n#### Deployment {#deployment-v116}\n\n\
/// The **extensions/v1beta1** and **apps/v1beta2** API versions of Deployment are no longer served as of v1.16.\n\n\
/// * Migrate manifests and API clients to use the **apps/v1** API version, available since v1.9.\n";
/// let guide = k8s_changelog::guide::parse_guide(text, "deprecation-guide.md");
/// let entry = guide.get("apps/v1beta2", "Deployment").unwrap();
/// assert_eq!(entry.removed_in, "1.16");
/// assert_eq!(entry.replacement.as_deref(), Some("apps/v1"));
/// assert_eq!(entry.replacement_since.as_deref(), Some("1.9"));
/// assert_eq!(entry.line, 7);
/// ```
pub fn parse_guide(text: &str, file: &str) -> ApiGuide {
    let mut guide = ApiGuide::default();
    let mut release: Option<String> = None;
    // Entries of the current `####` section, to which its bullets add replacements.
    let mut section_start = 0usize;
    let mut in_notable = false;
    let warn = |line: u32, message: String| Diagnostic {
        file: file.to_string(),
        line,
        severity: Severity::Warning,
        message,
    };
    for block in blocks(text) {
        let plain = block.text.trim().to_string();
        match block.heading {
            Some(HeadingLevel::H2) => {
                release = None;
                section_start = guide.entries.len();
                continue;
            }
            Some(HeadingLevel::H3) => {
                release = RELEASE_HEADING.captures(&plain).map(|c| c[1].to_string());
                section_start = guide.entries.len();
                continue;
            }
            Some(_) => {
                section_start = guide.entries.len();
                in_notable = false;
                continue;
            }
            None => {}
        }
        let Some(release) = release.as_deref() else {
            continue;
        };
        let versions: Vec<&String> = block
            .strong
            .iter()
            .filter(|s| GROUP_VERSION.is_match(s.trim()))
            .collect();
        if block.depth == 0 {
            let Some(removed) = NO_LONGER_SERVED.captures(&plain) else {
                continue;
            };
            let kinds = KINDS_AFTER
                .captures(&plain)
                .or_else(|| KINDS_BEFORE.captures(&plain))
                .map(|c| kinds_of(&c[1]))
                .unwrap_or_default();
            if versions.is_empty() || kinds.is_empty() {
                guide.diagnostics.push(warn(
                    block.line,
                    format!("a removal the guide states but names no API version or kind: {plain}"),
                ));
                continue;
            }
            if &removed[1] != release {
                guide.diagnostics.push(warn(
                    block.line,
                    format!(
                        "under ### v{release}, a removal in v{}: {plain}",
                        &removed[1]
                    ),
                ));
            }
            for version in &versions {
                for kind in &kinds {
                    guide.entries.push(GuideEntry {
                        api_version: version.trim().to_string(),
                        kind: kind.clone(),
                        removed_in: removed[1].to_string(),
                        replacement: None,
                        replacement_since: None,
                        notable_changes: Vec::new(),
                        file: file.to_string(),
                        line: block.line,
                        sentence: plain.clone(),
                    });
                }
            }
            continue;
        }
        // Bullets of the section: the replacement, per-kind availability, notable changes.
        let section = &mut guide.entries[section_start..];
        if block.depth == 1 {
            in_notable = plain.to_ascii_lowercase().starts_with("notable changes");
            if let Some(replacement) = versions.first().filter(|_| plain.contains("use the")) {
                let since = SINCE.captures(&plain).map(|c| c[1].to_string());
                for entry in section.iter_mut() {
                    entry.replacement = Some(replacement.trim().to_string());
                    entry.replacement_since = entry.replacement_since.take().or(since.clone());
                }
            }
        } else if in_notable {
            for entry in section.iter_mut() {
                entry.notable_changes.push(plain.clone());
            }
        } else if plain.contains("is available in") {
            let kind = plain.split_whitespace().next().unwrap_or("");
            let since = SINCE.captures(&plain).map(|c| c[1].to_string());
            for entry in section.iter_mut().filter(|e| e.kind == kind) {
                entry.replacement_since = since.clone();
            }
        }
    }
    guide
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real statements of the guide, one per phrasing.
    const EXCERPT: &str = "\
## Removed APIs by release

### v1.25

#### RuntimeClass {#runtimeclass-v125}

RuntimeClass in the **node.k8s.io/v1beta1** API version will no longer be served in v1.25.

* Migrate manifests and API clients to use the **node.k8s.io/v1** API version, available since v1.20.
* No notable changes

### v1.22

#### Storage resources {#storage-resources-v122}

The **storage.k8s.io/v1beta1** API version of CSIDriver, CSINode, StorageClass, and VolumeAttachment will no longer be served in v1.22.

* Migrate manifests and API clients to use the **storage.k8s.io/v1** API version
  * CSIDriver is available in **storage.k8s.io/v1** since v1.19.
  * VolumeAttachment is available in **storage.k8s.io/v1** v1.13
* No notable changes

### v1.16

#### Deployment {#deployment-v116}

The **extensions/v1beta1**, **apps/v1beta1**, and **apps/v1beta2** API versions of Deployment are no longer served as of v1.16.

* Migrate manifests and API clients to use the **apps/v1** API version, available since v1.9.
* Notable changes:
    * `spec.rollbackTo` is removed

## What to do

The **v1.99** API of Nothing is no longer served in v1.99.
";

    #[test]
    fn every_phrasing_gives_its_entries() {
        let guide = parse_guide(EXCERPT, "guide.md");
        // (api_version, kind, removed_in, replacement, since, line)
        type Row<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>, u32);
        let want: &[Row] = &[
            (
                "node.k8s.io/v1beta1",
                "RuntimeClass",
                "1.25",
                "node.k8s.io/v1",
                Some("1.20"),
                7,
            ),
            (
                "storage.k8s.io/v1beta1",
                "CSIDriver",
                "1.22",
                "storage.k8s.io/v1",
                Some("1.19"),
                16,
            ),
            (
                "storage.k8s.io/v1beta1",
                "CSINode",
                "1.22",
                "storage.k8s.io/v1",
                None,
                16,
            ),
            (
                "storage.k8s.io/v1beta1",
                "StorageClass",
                "1.22",
                "storage.k8s.io/v1",
                None,
                16,
            ),
            (
                "storage.k8s.io/v1beta1",
                "VolumeAttachment",
                "1.22",
                "storage.k8s.io/v1",
                Some("1.13"),
                16,
            ),
            (
                "extensions/v1beta1",
                "Deployment",
                "1.16",
                "apps/v1",
                Some("1.9"),
                27,
            ),
            (
                "apps/v1beta1",
                "Deployment",
                "1.16",
                "apps/v1",
                Some("1.9"),
                27,
            ),
            (
                "apps/v1beta2",
                "Deployment",
                "1.16",
                "apps/v1",
                Some("1.9"),
                27,
            ),
        ];
        let got: Vec<_> = guide
            .entries
            .iter()
            .map(|e| {
                (
                    e.api_version.as_str(),
                    e.kind.as_str(),
                    e.removed_in.as_str(),
                    e.replacement.as_deref().unwrap_or(""),
                    e.replacement_since.as_deref(),
                    e.line,
                )
            })
            .collect();
        assert_eq!(got, want);
        let deployment = guide.get("apps/v1beta1", "Deployment").unwrap();
        assert_eq!(deployment.notable_changes, ["spec.rollbackTo is removed"]);
        assert!(guide
            .get("node.k8s.io/v1beta1", "RuntimeClass")
            .unwrap()
            .notable_changes
            .is_empty());
        // Outside "Removed APIs by release", nothing is read.
        assert!(guide.diagnostics.is_empty(), "{:?}", guide.diagnostics);
    }

    #[test]
    fn unreadable_statements_are_diagnostics() {
        let text = "## Removed APIs by release\n\n### v1.22\n\n#### X\n\nSomething will no longer be served in v1.22.\n";
        let guide = parse_guide(text, "guide.md");
        assert!(guide.entries.is_empty());
        assert_eq!(guide.diagnostics.len(), 1);
        assert_eq!(guide.diagnostics[0].line, 7);
    }

    #[test]
    fn kind_lists() {
        assert_eq!(
            kinds_of("CSIDriver, CSINode, StorageClass, and VolumeAttachment").len(),
            4
        );
        assert_eq!(
            kinds_of("MutatingWebhookConfiguration and ValidatingWebhookConfiguration"),
            [
                "MutatingWebhookConfiguration",
                "ValidatingWebhookConfiguration"
            ]
        );
        assert_eq!(kinds_of("Deployment"), ["Deployment"]);
    }
}
