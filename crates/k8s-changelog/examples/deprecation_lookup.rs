//! When was an API version, a flag or a feature gate deprecated, and when removed? Prints the
//! deprecation timeline of each name given, with each event's release, PR and sentence.
//!
//! ```text
//! cargo run -p k8s-changelog --example deprecation_lookup -- ../shared/corpus/kubernetes extensions/v1beta1
//! cargo run -p k8s-changelog --example deprecation_lookup -- ../shared/corpus/kubernetes --basic-auth-file DynamicKubeletConfig PodSecurityPolicy
//! ```
//!
//! The first argument is a directory of `CHANGELOG-1.N.md` files; the others are names: API
//! group/versions (`extensions/v1beta1`, or `"extensions/v1beta1 Deployment"` for one resource),
//! resource kinds (`PodSecurityPolicy`), flags (`--basic-auth-file`, dashes optional) and
//! feature gates (`DynamicKubeletConfig`), in-tree plugins (`kubernetes.io/gce-pd`) and
//! subsystems (`dockershim`), in any case. Put `--` before the directory so that
//! cargo does not read a flag name as its own.
//!
//! The library calls: [`k8s_changelog::timeline::deprecations`] builds the timeline,
//! [`DeprecationTimeline::lookup`] keeps the items an [`ItemLookup`] names, and
//! [`DeprecatedItem::deprecation_event`], [`DeprecatedItem::removal_event`] and
//! [`DeprecatedItem::removal_status`] say which events date the item.

use k8s_changelog::links::pr_url;
use k8s_changelog::timeline::{self, DeprecatedItem, DeprecationTimeline, ItemLookup, StatusEvent};
use k8s_changelog::{Changelog, History, ParseOptions};
use std::path::PathBuf;
use std::{env, fs, process};

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let Some((dir, names)) = args.split_first().filter(|(_, names)| !names.is_empty()) else {
        eprintln!("usage: deprecation_lookup DIR NAME...   (e.g. ../shared/corpus/kubernetes extensions/v1beta1)");
        process::exit(2);
    };
    let history = match load(dir) {
        Ok(history) => history,
        Err(e) => {
            eprintln!("{dir}: {e}");
            process::exit(1);
        }
    };
    let timeline = timeline::deprecations(&history);
    println!(
        "{} deprecated or removed items in {} releases ({} to {})",
        timeline.items.len(),
        history.releases().len(),
        history.releases().first().map_or("-", |r| &r.version),
        history.releases().last().map_or("-", |r| &r.version),
    );

    let mut missing = 0;
    for name in names {
        // A name's kind is unknown here, so it is offered as every kind: each list is matched
        // only against items of its own kind (APIs and resources, flags, feature gates).
        let lookup = ItemLookup {
            apis: vec![name.clone()],
            flags: vec![name.clone()],
            feature_gates: vec![name.clone()],
        };
        let mut found = timeline.clone().lookup(&lookup);
        if found.items.is_empty() {
            // An ItemLookup names APIs, flags and feature gates; in-tree plugins
            // (`kubernetes.io/gce-pd`) and subsystems (`dockershim`) are found by exact name.
            found.items = timeline
                .items
                .iter()
                .filter(|i| i.key().eq_ignore_ascii_case(name.trim()))
                .cloned()
                .collect();
        }
        if found.items.is_empty() {
            missing += 1;
            println!("\n{name}: no deprecation or removal found");
            let near = similar(&timeline, name);
            if !near.is_empty() {
                println!("  did you mean: {}", near.join(", "));
            }
            continue;
        }
        for item in &found.items {
            print_item(item);
        }
    }
    if missing > 0 {
        process::exit(1);
    }
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
        log.merge(k8s_changelog::parse_bytes(&bytes, &options));
    }
    Ok(History::new(log))
}

fn print_item(item: &DeprecatedItem) {
    println!("\n{} {}", item.kind.label(), item.key());
    if !item.components.is_empty() {
        println!("  components: {}", item.components.join(", "));
    }
    // The resolved answer first: the minors, with the event that dates each.
    let dated = |e: Option<&StatusEvent>| {
        e.map(|e| {
            let pr = e.pr.map(|p| format!(", #{p}")).unwrap_or_default();
            format!(" ({}{pr})", e.first)
        })
        .unwrap_or_default()
    };
    match &item.deprecated_in {
        Some(minor) => println!(
            "  deprecated in:  {minor}{}",
            dated(item.deprecation_event())
        ),
        None => println!("  deprecated in:  (not stated)"),
    }
    match (&item.removed_in, item.removal_status()) {
        (Some(minor), Some(status)) => {
            let how = match item.removal_event() {
                Some(e) => dated(Some(e)),
                None => " (with its whole group/version)".into(),
            };
            println!("  {:<15} {minor}{how}", format!("{}:", status.label()));
        }
        _ => println!("  removed in:     (not stated)"),
    }
    if let Some(planned) = &item.removal_planned {
        println!("  removal planned for: {planned}");
    }
    // Then every event, oldest first.
    println!("  events:");
    for e in &item.events {
        let link = e.pr.map(pr_url).unwrap_or_else(|| "(no PR)".into());
        let more = match e.releases.len() {
            0 | 1 => String::new(),
            n => format!(" (+{} more releases)", n - 1),
        };
        println!(
            "  - {} {}: first in {}{more}\n      {}\n      {link}",
            e.status.label(),
            e.since,
            e.first,
            e.text.trim()
        );
    }
}

/// Up to five item names containing `name` (case-insensitively, dashes ignored), for a hint.
fn similar(timeline: &DeprecationTimeline, name: &str) -> Vec<String> {
    let wanted = name.trim_start_matches('-').to_lowercase();
    let mut near: Vec<String> = timeline
        .items
        .iter()
        .filter(|i| i.key().to_lowercase().contains(&wanted))
        .map(|i| i.key())
        .collect();
    near.dedup();
    near.truncate(5);
    near
}
