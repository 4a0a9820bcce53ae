//! Prints the upgrade path between two tags over a directory of CHANGELOG files.
//!
//! `cargo run -p k8s-changelog --example compare_demo -- DIR v1.21.0 v1.23.0`

use std::{env, fs};

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let [dir, from, to] = args.as_slice() else {
        eprintln!("usage: compare_demo DIR FROM TO");
        std::process::exit(2);
    };
    let mut log = k8s_changelog::Changelog::default();
    for entry in fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if let Ok(text) = fs::read_to_string(&path) {
            log.merge(k8s_changelog::parse(&text, &path.display().to_string()));
        }
    }
    let history = k8s_changelog::History::new(log);
    let t = std::time::Instant::now();
    let path = match k8s_changelog::compare(&history, from, to) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "{} -> {} in {:?}: releases {:?} missing {:?}",
        path.from,
        path.to,
        t.elapsed(),
        path.releases,
        path.missing
    );
    println!("already included: {}", path.already_included);
    for g in &path.groups {
        println!("## {} ({})", g.title, g.notes.len());
        for n in g.notes.iter().take(4) {
            println!(
                "  - {:?} {:?} {}",
                n.releases,
                n.note.prs,
                n.note
                    .text
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(90)
                    .collect::<String>()
            );
        }
    }
    println!(
        "deps changed: {:?}",
        path.dependencies
            .changed
            .iter()
            .take(12)
            .map(|c| format!("{} {:?}->{}", c.module, c.from, c.to))
            .collect::<Vec<_>>()
    );
    println!(
        "deps added {} removed {}",
        path.dependencies.added.len(),
        path.dependencies.removed.len()
    );
    println!(
        "security: {:?}",
        path.security.iter().map(|a| &a.id).collect::<Vec<_>>()
    );
}
