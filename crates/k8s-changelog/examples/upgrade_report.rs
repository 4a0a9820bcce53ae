//! What upgrading a cluster from one release to another asks of you: the action-required notes,
//! the deprecations and removals on the way, the CVEs fixed and the net dependency change, each
//! with the PR that carries it.
//!
//! ```text
//! cargo run -p k8s-changelog --example upgrade_report -- ../shared/corpus/kubernetes v1.21.0 v1.23.0
//! ```
//!
//! The first argument is a directory of `CHANGELOG-1.N.md` files (kubernetes/kubernetes's
//! `CHANGELOG/`, or what `k8s-changelog fetch` downloads to `data/changelog`); the second and
//! third are the tags you upgrade from and to (`v1.21.0`, `1.23.0`). The library does no I/O:
//! this example reads the files, and everything else is a library call.
//!
//! - [`k8s_changelog::compare`] gives the upgrade path: every note crossed, once, grouped by
//!   what it asks of you, with the net dependency change and the advisories;
//! - [`k8s_changelog::timeline::deprecations`] dates deprecations and removals, and
//!   [`k8s_changelog::History::range`] tells which of them happen on the way;
//! - [`k8s_changelog::links`] spells the PR and CVE addresses.

use k8s_changelog::links::{cve_url, pr_url};
use k8s_changelog::query::{Group, UpgradePath};
use k8s_changelog::sentence::title;
use k8s_changelog::{timeline, vocabulary, Changelog, History, ParseOptions};
use std::path::PathBuf;
use std::{env, fs, process};

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let [dir, from, to] = args.as_slice() else {
        eprintln!("usage: upgrade_report DIR FROM TO   (e.g. ../shared/corpus/kubernetes v1.21.0 v1.23.0)");
        process::exit(2);
    };
    let history = match load(dir) {
        Ok(history) => history,
        Err(e) => {
            eprintln!("{dir}: {e}");
            process::exit(1);
        }
    };
    // Unknown tags and inverted ranges come back as errors written for users
    // ("no such release v1.99.0; nearest: v1.24.0-alpha.1").
    let path = match k8s_changelog::compare(&history, from, to) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("error: {e}");
            process::exit(2);
        }
    };

    println!("Upgrading {} -> {}", path.from, path.to);
    println!("Releases crossed: {}", path.releases.join(", "));
    if !path.missing.is_empty() {
        println!(
            "Warning: no x.y.0 release in the changelogs for {}; the path has a gap",
            path.missing.join(", ")
        );
    }
    println!(
        "{} notes on the path ({} already shipped on {}'s line are left out)",
        path.notes().count(),
        path.already_included,
        path.from
    );

    action_required(&path);
    deprecations(&history, &path);
    cves(&path);
    dependencies(&history, &path);
}

/// Every `CHANGELOG-*.md` of `dir`, parsed and merged into one history.
fn load(dir: &str) -> std::io::Result<History> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut log = Changelog::default();
    for file in &files {
        let bytes = fs::read(file)?;
        let name = file.display().to_string();
        let options = ParseOptions {
            file: &name,
            ..Default::default()
        };
        // Never fails: what the parser cannot place is in `diagnostics`.
        log.merge(k8s_changelog::parse_bytes(&bytes, &options));
    }
    Ok(History::new(log))
}

/// The note's first sentence, shortened to about `max` characters. A sentence that opens with
/// a word longer than `max` (a long Markdown link) is cut inside that word instead.
fn headline(text: &str, max: usize) -> String {
    let short = title(text, max);
    if short != "…" {
        return short;
    }
    let mut cut: String = text.trim().chars().take(max).collect();
    cut.push('…');
    cut
}

/// `[v1.22.0] First sentence of the note  https://github.com/kubernetes/kubernetes/pull/N`.
fn note_line(text: &str, releases: &[String], pr: Option<u64>) -> String {
    let link = pr.map(pr_url).unwrap_or_else(|| "(no PR)".into());
    format!(
        "  - [{}] {}\n      {link}",
        releases.join(", "),
        headline(text, 100)
    )
}

fn action_required(path: &UpgradePath) {
    let urgent: Vec<_> = path
        .groups
        .iter()
        .filter(|g| g.group == Group::Urgent)
        .flat_map(|g| &g.notes)
        .collect();
    println!("\n## Action required ({})", urgent.len());
    for n in urgent {
        println!("{}", note_line(&n.note.text, &n.releases, n.note.pr()));
    }
}

/// Deprecation and removal events of the timeline whose first release lies on the path (after
/// `from`, up to and including `to`), then the path's other deprecation notes.
fn deprecations(history: &History, path: &UpgradePath) {
    let timeline = timeline::deprecations(history);
    let range = history
        .range(Some(&path.from), Some(&path.to))
        .expect("compare accepted these tags");
    let mut shown_prs = Vec::new();
    let mut lines = Vec::new();
    for item in &timeline.items {
        for event in &item.events {
            let Ok(first) = k8s_changelog::parse_tag(&event.first) else {
                continue;
            };
            if !range.changed_within(&first) {
                continue;
            }
            let link = event.pr.map(pr_url).unwrap_or_else(|| "(no PR)".into());
            let planned = event
                .removal_planned
                .as_deref()
                .map(|v| format!(", removal planned for {v}"))
                .unwrap_or_default();
            lines.push(format!(
                "  - {} {}: {} in {} ({}{planned})\n      {}\n      {link}",
                item.kind.label(),
                item.key(),
                event.status.label(),
                event.since,
                event.first,
                headline(&event.text, 120),
            ));
            shown_prs.extend(event.pr);
        }
    }
    println!(
        "\n## Deprecations and removals on the path ({} timeline events)",
        lines.len()
    );
    for line in &lines {
        println!("{line}");
    }
    // Notes filed as deprecations that name nothing the timeline recognises (metrics, fields,
    // kubectl commands...).
    let other: Vec<_> = path
        .groups
        .iter()
        .filter(|g| g.group == Group::DeprecationsAndRemovals)
        .flat_map(|g| &g.notes)
        .filter(|n| n.note.pr().is_none_or(|pr| !shown_prs.contains(&pr)))
        .collect();
    if !other.is_empty() {
        println!("  Other deprecation notes ({}):", other.len());
        for n in other {
            println!("{}", note_line(&n.note.text, &n.releases, n.note.pr()));
        }
    }
}

/// The advisories of the releases crossed, then CVEs that only notes mention.
fn cves(path: &UpgradePath) {
    let mut seen: Vec<&str> = Vec::new();
    let mut lines = Vec::new();
    for a in &path.security {
        let score = match (&a.cvss_rating, a.cvss_score) {
            (Some(rating), Some(score)) => format!(" ({rating}, {score})"),
            (Some(rating), None) => format!(" ({rating})"),
            _ => String::new(),
        };
        lines.push(format!(
            "  - {}{score}: {}\n      {}",
            a.id,
            a.title,
            cve_url(&a.id)
        ));
        seen.push(&a.id);
    }
    for n in path.notes() {
        for id in &n.note.cves {
            if seen.contains(&id.as_str()) {
                continue;
            }
            seen.push(id);
            let link = n.note.pr().map(pr_url).unwrap_or_else(|| "(no PR)".into());
            lines.push(format!(
                "  - {id} [{}]: {}\n      {}\n      {link}",
                n.releases.join(", "),
                headline(&n.note.text, 100),
                cve_url(id)
            ));
        }
    }
    println!("\n## CVEs fixed ({})", lines.len());
    for line in lines {
        println!("{line}");
    }
}

/// The net change of key components (go, etcd, coredns, ...) with the note that announced each
/// where one did, then a count of the other Go modules.
fn dependencies(history: &History, path: &UpgradePath) {
    let deps = &path.dependencies;
    let key: Vec<_> = deps
        .changed
        .iter()
        .filter(|c| c.component.is_some())
        .collect();
    println!(
        "\n## Dependencies ({} changed, {} added, {} removed; key components below)",
        deps.changed.len(),
        deps.added.len(),
        deps.removed.len()
    );
    for c in key {
        let (release, pr) = announced(history, path, &c.module, &c.to);
        let from = c.from.as_deref().unwrap_or("?");
        let source = match (release, pr) {
            (Some(r), Some(pr)) => format!("{r}: {}", pr_url(pr)),
            (Some(r), None) => format!("{r}: go.mod list"),
            _ => String::new(),
        };
        // `etcd`, or `containerd (github.com/containerd/containerd)` for a go.mod entry.
        let component = c.component.as_deref().unwrap_or_default();
        let mut name = vocabulary::display_name(component);
        if c.module != component {
            name = format!("{name} ({})", c.module);
        }
        println!("  - {name}: {from} -> {}   {source}", c.to);
    }
    let modules: Vec<_> = deps
        .changed
        .iter()
        .filter(|c| c.component.is_none())
        .collect();
    for c in modules.iter().take(10) {
        println!(
            "  - {}: {} -> {}",
            c.module,
            c.from.as_deref().unwrap_or("?"),
            c.to
        );
    }
    if modules.len() > 10 {
        println!("  ... and {} more Go modules", modules.len() - 10);
    }
}

/// The last release on the path that brings `module` to `to`, and the PR of the note that
/// says so (`None` for a go.mod list entry, which belongs to no note).
fn announced(
    history: &History,
    path: &UpgradePath,
    module: &str,
    to: &str,
) -> (Option<String>, Option<u64>) {
    for tag in path.releases.iter().rev() {
        let Ok(release) = history.find(tag) else {
            continue;
        };
        for c in &release.dependencies.changed {
            if c.module == module && c.to == to {
                let pr = release
                    .notes
                    .iter()
                    .find(|n| n.line <= c.line && c.line <= n.end_line)
                    .and_then(|n| n.pr());
                return (Some(release.version.clone()), pr);
            }
        }
    }
    (None, None)
}
