//! A synthetic full-size history for measuring: the corpus repeated with its minors renumbered,
//! so that a history about three times the corpus (≈ 20 MB, like the upstream history of
//! v1.2 … v1.38 and beyond) parses into distinct releases. The text is the corpus's own; only
//! the `v1.N.` in it (headings, "Changelog since", links) are shifted by a whole number of
//! copies, which keeps every release's notes, sections and links in the shape the parser sees
//! upstream.

use regex::{Captures, Regex};
use std::path::Path;

/// One generated file: its name (`CHANGELOG-1.N.md`) and text.
pub struct SyntheticFile {
    pub name: String,
    pub text: String,
}

/// `copies` copies of the `CHANGELOG-1.N.md` files of `corpus`, the `k`th (from 0) with every
/// minor `N` raised by `k` times the span of the corpus's minors (`v1.2` … `v1.24` become
/// `v1.25` … `v1.47` in the second copy), so the copies' releases never collide.
pub fn renumbered_corpus(corpus: &Path, copies: u32) -> Vec<SyntheticFile> {
    let files = crate::changelog_files(corpus);
    let (Some(low), Some(high)) = (files.first(), files.last()) else {
        return Vec::new();
    };
    let span = u64::from(high.minor - low.minor + 1);
    let versions = Regex::new(r"\bv1\.(\d+)\.").expect("a valid pattern");
    let names = Regex::new(r"CHANGELOG-1\.(\d+)\.md").expect("a valid pattern");
    let mut out = Vec::new();
    for copy in 0..u64::from(copies) {
        let shift = |caps: &Captures, template: &str| {
            let minor: u64 = caps[1].parse().unwrap_or(0);
            template.replace("{}", &(minor + copy * span).to_string())
        };
        for file in &files {
            let minor = u64::from(file.minor);
            let text = versions.replace_all(&file.text, |c: &Captures| shift(c, "v1.{}."));
            let text = names.replace_all(&text, |c: &Captures| shift(c, "CHANGELOG-1.{}.md"));
            out.push(SyntheticFile {
                name: format!("CHANGELOG-1.{}.md", minor + copy * span),
                text: text.into_owned(),
            });
        }
    }
    out
}

/// Writes [`renumbered_corpus`] into `dir`; returns the number of bytes written.
pub fn write_renumbered_corpus(corpus: &Path, copies: u32, dir: &Path) -> std::io::Result<u64> {
    let mut bytes = 0;
    for file in renumbered_corpus(corpus, copies) {
        std::fs::write(dir.join(&file.name), &file.text)?;
        bytes += file.text.len() as u64;
    }
    Ok(bytes)
}
