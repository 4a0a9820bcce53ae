//! Which go module a name read from prose stands for, so that `compare` lists one dependency
//! once: "klog 0.3.0 → 0.4.0" (sentences) and "k8s.io/klog v0.3.1 → v1.0.0" (go.mod lists)
//! are one library.
//!
//! A prose name is tied to a go module's lineage (a path and its `/vN` major versions, by Go's
//! import-path rule: `k8s.io/klog` and `k8s.io/klog/v2`) only when all three hold:
//! - the lineage's last path segment is the prose name, in any case;
//! - no other lineage of the history ends with that segment (`etcd`: `github.com/coreos/etcd`
//!   and `go.etcd.io/etcd`; `go`: six modules), so the name picks out one;
//! - in some release, a sentence and a go.mod entry of the lineage state the same version
//!   (`v1.16.0`: "klog 0.4.0" and `k8s.io/klog v0.4.0`): the two are seen to be one thing,
//!   which a shared name alone does not show (an etcd server image and the etcd client library
//!   share a name, not a version).

use crate::model::DependencySource;
use crate::History;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Prose names (as the facts write them) → the lineage root they are tied to.
pub(super) fn prose_ties(history: &History) -> HashMap<String, String> {
    // (release, lineage root, version without `v`) of every go.mod entry, and the roots by
    // their last segment.
    let mut stated: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
    let mut roots_by_segment: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    // (release, prose name, version without `v`).
    let mut prose: Vec<(&str, &str, &str)> = Vec::new();
    for release in history.releases() {
        let tag = release.version.as_str();
        let deps = &release.dependencies;
        for c in &deps.changed {
            match c.source {
                DependencySource::Prose => prose.push((tag, &c.module, bare(&c.to))),
                _ => {
                    add_root(&mut roots_by_segment, &c.module);
                    stated.insert((tag, lineage_root(&c.module), bare(&c.to)));
                }
            }
        }
        for a in &deps.added {
            add_root(&mut roots_by_segment, &a.module);
            stated.insert((tag, lineage_root(&a.module), bare(&a.version)));
        }
        for r in &deps.removed {
            add_root(&mut roots_by_segment, &r.module);
        }
    }
    let mut ties = HashMap::new();
    for (tag, name, version) in prose {
        let Some(roots) = roots_by_segment.get(&name.to_ascii_lowercase()) else {
            continue;
        };
        let [root] = roots.iter().copied().collect::<Vec<_>>()[..] else {
            continue;
        };
        if stated.contains(&(tag, root, version)) {
            ties.insert(name.to_string(), root.to_string());
        }
    }
    ties
}

fn add_root<'h>(roots_by_segment: &mut BTreeMap<String, BTreeSet<&'h str>>, module: &'h str) {
    let root = lineage_root(module);
    let segment = root.rsplit('/').next().unwrap_or(root).to_ascii_lowercase();
    roots_by_segment.entry(segment).or_default().insert(root);
}

/// The module path without a major-version suffix: `k8s.io/klog/v2` → `k8s.io/klog`.
pub(super) fn lineage_root(module: &str) -> &str {
    match module.rsplit_once('/') {
        Some((root, last))
            if last.len() > 1
                && last.starts_with('v')
                && last[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            root
        }
        _ => module,
    }
}

fn bare(version: &str) -> &str {
    version.trim().trim_start_matches('v')
}
