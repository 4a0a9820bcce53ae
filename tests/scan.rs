//! Reading corpus files and a parser-independent line scan of the CHANGELOG Markdown (release
//! headings, fenced code), for tests that check the parser against something it did not write.

use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The names of the files in `dir`, sorted: what a command left on disk.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// One corpus file: `CHANGELOG-1.N.md` with its minor number and text.
pub struct CorpusFile {
    /// `CHANGELOG-1.22.md`, the name the tests pass to the parser.
    pub name: String,
    pub minor: u32,
    pub path: PathBuf,
    pub text: String,
}

/// Reads a file as UTF-8 (the corpus is ASCII/UTF-8; a bad byte is a corpus problem).
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every `CHANGELOG-1.N.md` in `dir`, ordered by minor version.
pub fn changelog_files(dir: &Path) -> Vec<CorpusFile> {
    let mut files: Vec<CorpusFile> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_string();
            let minor = name
                .strip_prefix("CHANGELOG-1.")?
                .strip_suffix(".md")?
                .parse()
                .ok()?;
            Some((name, minor, path))
        })
        .map(|(name, minor, path)| CorpusFile {
            text: read(&path),
            name,
            minor,
            path,
        })
        .collect();
    files.sort_by_key(|f| f.minor);
    assert!(
        !files.is_empty(),
        "no CHANGELOG-1.N.md in {}",
        dir.display()
    );
    files
}

/// The text of `CHANGELOG-1.{minor}.md`.
pub fn changelog_file(dir: &Path, minor: u32) -> CorpusFile {
    let name = format!("CHANGELOG-1.{minor}.md");
    let path = dir.join(&name);
    CorpusFile {
        text: read(&path),
        name,
        minor,
        path,
    }
}

/// The lines of a text as the parser numbers them (line `n` is `lines[n - 1]`), without the
/// `\r` of CRLF files.
pub fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// A line the scan saw outside fenced code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanLine<'a> {
    /// 1-based.
    pub line: u32,
    pub text: &'a str,
}

/// The lines of `text` that are outside fenced code blocks, found with a grep-like scan that
/// knows just enough CommonMark: a fence opens with three or more backticks or tildes (any
/// indentation; a backtick fence's info string holds no backtick, so
/// ```` ```{"kind":…}``` ```` on one line is inline code), closes with a line of at least as
/// many of the same character, and also ends when a non-blank line is indented less than the
/// fence (the list item holding it ended).
pub fn outside_fences(text: &str) -> Vec<ScanLine<'_>> {
    let mut out = Vec::new();
    // (fence char, fence length, fence indentation)
    let mut fence: Option<(char, usize, usize)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let marker = fence_marker(trimmed);
        if let Some((ch, len, fence_indent)) = fence {
            if let Some((m_ch, m_len, rest)) = marker {
                if m_ch == ch && m_len >= len && rest.trim().is_empty() {
                    fence = None;
                    continue;
                }
            }
            if trimmed.trim().is_empty() || indent >= fence_indent {
                continue;
            }
            fence = None;
        }
        if let Some((ch, len, rest)) = marker {
            if !(ch == '`' && rest.contains('`')) {
                fence = Some((ch, len, indent));
                continue;
            }
        }
        out.push(ScanLine {
            line: index as u32 + 1,
            text: line,
        });
    }
    out
}

fn fence_marker(trimmed: &str) -> Option<(char, usize, &str)> {
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    (len >= 3).then(|| (ch, len, &trimmed[len..]))
}

/// A `# vX.Y.Z…` release heading found by [`release_headings`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedRelease {
    /// `v1.22.0-rc.1`, as written.
    pub version: String,
    /// 1-based line of the heading.
    pub line: u32,
    /// 1-based line before the next release heading (or the last line of the text).
    pub end_line: u32,
}

/// The `# vX.Y.Z` headings outside fenced code, in file order, independent of the parser.
pub fn release_headings(text: &str) -> Vec<ScannedRelease> {
    let total = text.lines().count() as u32;
    let mut out: Vec<ScannedRelease> = Vec::new();
    for scan in outside_fences(text) {
        let Some(rest) = scan.text.strip_prefix("# v") else {
            continue;
        };
        let tag = rest.split_whitespace().next().unwrap_or("");
        let core: Vec<&str> = tag.split('-').next().unwrap_or("").split('.').collect();
        if core.len() == 3
            && core
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        {
            if let Some(last) = out.last_mut() {
                last.end_line = scan.line - 1;
            }
            out.push(ScannedRelease {
                version: format!("v{tag}"),
                line: scan.line,
                end_line: total,
            });
        }
    }
    out
}

/// The text of the section of `version` (its heading through the line before the next release
/// heading), found by [`release_headings`], with its first line number.
pub fn release_section<'a>(text: &'a str, version: &str) -> Option<(u32, Vec<&'a str>)> {
    let scanned = release_headings(text);
    let release = scanned.iter().find(|r| r.version == version)?;
    let lines: Vec<&str> = text
        .lines()
        .skip(release.line as usize - 1)
        .take((release.end_line - release.line + 1) as usize)
        .collect();
    Some((release.line, lines))
}

/// A PR reference closing a bullet in the raw Markdown.
pub struct Reference {
    /// The number the link shows (`[#N]`).
    pub pr: u64,
    /// The number the link points to; a few references disagree with their label.
    pub url_pr: u64,
    pub has_sig_suffix: bool,
    /// What the Markdown itself says: the bullet sits under an `## Urgent Upgrade Notes` (or
    /// `Action Required`) heading, or says `ACTION REQUIRED`.
    pub action_required: bool,
    pub line: u32,
}

/// The `([#N](https://github.com/kubernetes/kubernetes/pull/N), [@a](…)) [SIG …]` references
/// that end a line inside a bullet (a bullet line or its indented continuation), without the
/// parser. `first_line` numbers the lines.
pub fn bullet_references(lines: &[&str], first_line: u32) -> Vec<Reference> {
    static TRAILER: OnceLock<Regex> = OnceLock::new();
    let trailer = TRAILER.get_or_init(|| {
        Regex::new(
        r"\(\[#(\d+)\]\(https://github\.com/kubernetes/kubernetes/pull/(\d+)\)[^()]*(?:\([^()]*\)[^()]*)*\)\s*(\[SIG [^\]]*\])?\s*$",
        )
        .unwrap()
    });
    let mut out = Vec::new();
    let mut in_bullet = false;
    let mut urgent = false;
    let mut says_action_required = false;
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("- ") || trimmed.starts_with("* ") {
            in_bullet = true;
            if line.len() - trimmed.len() < 2 {
                says_action_required = false;
            }
        } else if line.starts_with('#') || (!line.starts_with(' ') && !trimmed.is_empty()) {
            in_bullet = false;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            let heading = heading.to_ascii_lowercase();
            urgent = heading.contains("urgent") || heading.contains("action required");
        }
        if !in_bullet {
            continue;
        }
        says_action_required |= line.contains("ACTION REQUIRED");
        if let Some(caps) = trailer.captures(line) {
            out.push(Reference {
                pr: caps[1].parse().unwrap(),
                url_pr: caps[2].parse().unwrap(),
                has_sig_suffix: caps.get(3).is_some(),
                action_required: urgent || says_action_required,
                line: first_line + index as u32,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_skips_fences_and_closes_them_with_the_list_item() {
        let text = "# v1.0.0\r\n\
                    ```\r\n\
                    # v9.9.9\r\n\
                    ```\r\n\
                    - item\r\n  ```sh\r\n  # v8.8.8\r\n\r\n\
                    # v1.0.1\r\n\
                    ```{\"a\":1}```\r\n\
                    # v1.0.2-rc.1\r\n\
                    # v1.0\r\n";
        let found: Vec<(String, u32, u32)> = release_headings(text)
            .into_iter()
            .map(|r| (r.version, r.line, r.end_line))
            .collect();
        assert_eq!(
            found,
            [
                ("v1.0.0".to_string(), 1, 8),
                ("v1.0.1".to_string(), 9, 10),
                ("v1.0.2-rc.1".to_string(), 11, 12)
            ]
        );
    }

    #[test]
    fn bullet_references_are_found_without_the_parser() {
        let text = [
        "## Changes by Kind",
        "- Fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]",
        "- Two lines",
        "  (of text) ([#2](https://github.com/kubernetes/kubernetes/pull/2), [#3](https://github.com/kubernetes/kubernetes/pull/3), [@b](https://github.com/b))",
        "Prose ([#4](https://github.com/kubernetes/kubernetes/pull/4), [@c](https://github.com/c))",
        "- Mentions [#5](https://github.com/kubernetes/kubernetes/pull/5) in passing",
    ];
        let found: Vec<(u64, bool, u32)> = bullet_references(&text, 10)
            .into_iter()
            .map(|r| (r.pr, r.has_sig_suffix, r.line))
            .collect();
        assert_eq!(found, [(1, true, 11), (2, false, 13)]);
    }
}
