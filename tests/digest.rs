//! The golden digest of a release: the model rendered compactly, one line per item with its
//! line numbers, so a reviewer can check a snapshot against the Markdown line by line. Used by
//! the corpus goldens (`tests/golden.rs`) and the fixture goldens (`tests/fixtures.rs`).

use k8s_changelog::Release;
use std::fmt::Write as _;

/// How much of the dependency changes a digest shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deps {
    /// Counts and the first few changes.
    Summary,
    /// Every entry.
    Full,
}

/// A compact, reviewable rendering of one release: counts, outline, advisories, the first
/// downloads and images, dependencies, every note and prose block (clipped), unaccounted lines.
pub fn digest(r: &Release, deps: Deps) -> String {
    let mut out = String::new();
    let d = &r.dependencies;
    let _ = writeln!(
        out,
        "release {} ({} L{}-L{})",
        r.version, r.file, r.line, r.end_line
    );
    let _ = writeln!(
        out,
        "semver {}  previous {}",
        r.semver,
        r.previous.as_deref().unwrap_or("-")
    );
    let _ = writeln!(
        out,
        "counts: notes={} prose={} downloads={} images={} deps=+{}/~{}/-{} advisories={} headings={} layout={} unaccounted={}",
        r.notes.len(),
        r.prose.len(),
        r.downloads.len(),
        r.images.len(),
        d.added.len(),
        d.changed.len(),
        d.removed.len(),
        r.security.len(),
        r.outline.len(),
        r.layout_lines.len(),
        r.unaccounted.len()
    );
    let _ = writeln!(out, "cves: {:?}", r.cves);

    let _ = writeln!(out, "\n## outline");
    for h in &r.outline {
        let _ = writeln!(out, "L{} {} {}", h.line, "#".repeat(h.level.into()), h.text);
    }

    let _ = writeln!(out, "\n## advisories");
    for a in &r.security {
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(a).unwrap());
    }

    let _ = writeln!(out, "\n## downloads (first 3 of {})", r.downloads.len());
    for a in r.downloads.iter().take(3) {
        let others = if a.other_hashes.is_empty() {
            String::new()
        } else {
            format!(" others={:?}", a.other_hashes)
        };
        let _ = writeln!(
            out,
            "L{} {} {}:{}{others} group={} url={}",
            a.line,
            a.name,
            a.algorithm,
            a.hash,
            a.group.as_deref().unwrap_or("-"),
            a.url
        );
    }
    let _ = writeln!(out, "\n## images (first 3 of {})", r.images.len());
    for i in r.images.iter().take(3) {
        let _ = writeln!(out, "L{} {} {:?}", i.line, i.name, i.architectures);
    }

    let _ = writeln!(out, "\n## dependencies");
    let limit = if deps == Deps::Full { usize::MAX } else { 5 };
    for a in d.added.iter().take(limit) {
        let _ = writeln!(
            out,
            "L{} + {} {}{}",
            a.line,
            a.module,
            a.version,
            component(&a.component)
        );
    }
    for c in d.changed.iter().take(limit) {
        let _ = writeln!(
            out,
            "L{} ~ {} {} -> {}{} ({:?})",
            c.line,
            c.module,
            c.from.as_deref().unwrap_or("?"),
            c.to,
            component(&c.component),
            c.source
        );
    }
    for a in d.removed.iter().take(limit) {
        let _ = writeln!(
            out,
            "L{} - {} {}{}",
            a.line,
            a.module,
            a.version,
            component(&a.component)
        );
    }

    let _ = writeln!(out, "\n## notes");
    for n in &r.notes {
        let mut line = format!(
            "L{}-{} {} sigs=[{}] prs={:?}",
            n.line,
            n.end_line,
            n.kind.map_or("-", |k| k.label()),
            n.sigs.join(","),
            n.prs
        );
        if !n.external_prs.is_empty() {
            let _ = write!(line, " ext={:?}", n.external_prs);
        }
        for author in &n.authors {
            let _ = write!(line, " @{author}");
        }
        if let Some(c) = &n.component {
            let _ = write!(line, " comp={c}");
        }
        if n.action_required {
            line.push_str(" AR");
        }
        if !n.cves.is_empty() {
            let _ = write!(line, " cves={:?}", n.cves);
        }
        let _ = writeln!(
            out,
            "{line} sec={} | {}",
            n.section.join(">"),
            clip(&n.text, 70)
        );
    }

    let _ = writeln!(out, "\n## prose");
    for p in &r.prose {
        let _ = writeln!(
            out,
            "L{}-{} sec={} | {}",
            p.line,
            p.end_line,
            p.section.join(">"),
            clip(&p.text, 50)
        );
    }

    let _ = writeln!(out, "\n## unaccounted");
    for u in &r.unaccounted {
        let _ = writeln!(out, "L{} {}", u.line, clip(&u.text, 120));
    }
    out
}

fn component(component: &Option<String>) -> String {
    component
        .as_ref()
        .map(|c| format!(" [{c}]"))
        .unwrap_or_default()
}

/// The first `max` characters, on one line.
fn clip(text: &str, max: usize) -> String {
    let flat = text.replace('\n', "⏎");
    match flat.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}
