//! Prints, per CHANGELOG file of a directory, the releases, notes and unaccounted lines the
//! parser finds: a quick look at parser fidelity while developing.
//!
//! `cargo run -p k8s-changelog --example corpus_report -- ../shared/corpus/kubernetes [-v]`

use std::{env, fs};

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let dir = args
        .first()
        .cloned()
        .unwrap_or_else(|| "data/changelog".into());
    let verbose = args.iter().any(|a| a == "-v");
    let mut entries: Vec<_> = match fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(1);
        }
    };
    entries.sort();
    let (mut releases, mut notes, mut unaccounted) = (0, 0, 0);
    for path in entries {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let name = path.display().to_string();
        let log = k8s_changelog::parse(&text, &name);
        let n: usize = log.releases.iter().map(|r| r.notes.len()).sum();
        let u: usize = log.releases.iter().map(|r| r.unaccounted.len()).sum();
        println!(
            "{name}: {} releases, {n} notes, {u} unaccounted",
            log.releases.len()
        );
        if verbose {
            for r in &log.releases {
                for l in &r.unaccounted {
                    println!(
                        "  {}:{}: {}",
                        r.version,
                        l.line,
                        l.text.chars().take(120).collect::<String>()
                    );
                }
            }
        }
        releases += log.releases.len();
        notes += n;
        unaccounted += u;
    }
    println!("total: {releases} releases, {notes} notes, {unaccounted} unaccounted");
}
