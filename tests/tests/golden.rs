//! Golden snapshots: one release from each format era, rendered as a compact digest (not the
//! full JSON) so a reviewer can check it against the Markdown line by line.
//!
//! Adding a case is adding a row to the `golden!` table. Review changed snapshots by eye
//! (`INSTA_UPDATE=always`, or `cargo insta review`).

use k8s_changelog::{parse, Release};
use k8s_changelog_tests::{changelog_dir, read, require};
use std::fmt::Write as _;

/// How much of the dependency changes a digest shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Deps {
    /// Counts and the first few changes.
    Summary,
    /// Every entry.
    Full,
}

macro_rules! golden {
    ($($test:ident: $file:literal, $version:literal, $deps:ident;)*) => {
        $(
            #[test]
            fn $test() {
                check($file, $version, Deps::$deps);
            }
        )*
    };
}

golden! {
    v1_2_4: "CHANGELOG-1.2.md", "v1.2.4", Summary;
    v1_6_0: "CHANGELOG-1.6.md", "v1.6.0", Summary;
    v1_10_0: "CHANGELOG-1.10.md", "v1.10.0", Summary;
    v1_14_0: "CHANGELOG-1.14.md", "v1.14.0", Summary;
    v1_18_0: "CHANGELOG-1.18.md", "v1.18.0", Summary;
    v1_22_2: "CHANGELOG-1.22.md", "v1.22.2", Summary;
    v1_22_6: "CHANGELOG-1.22.md", "v1.22.6", Full;
}

fn check(file: &str, version: &str, deps: Deps) {
    let dir = require!(changelog_dir());
    let text = read(&dir.join(file));
    let log = parse(&text, file);
    let release = log.release(version).unwrap_or_else(|| {
        panic!(
            "{file} has no release {version}; parsed {} releases",
            log.releases.len()
        )
    });
    assert_eq!(release.version, version);
    insta::assert_snapshot!(version, digest(release, deps));
}

fn digest(r: &Release, deps: Deps) -> String {
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
