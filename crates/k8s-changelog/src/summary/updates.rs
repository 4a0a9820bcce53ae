//! The "Version Updates" of a post: dependency bumps of the week, key components first.

use crate::model::{Note, Release};
use serde::Serialize;

/// A dependency bump of the week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionUpdate {
    /// `Go`, `etcd`, or the module path.
    pub name: String,
    /// The version before the bump, as written; `None` when the changelog states only the new one.
    pub from: Option<String>,
    /// The version after the bump, as written (`1.17.8`, `v3.5.1`).
    pub to: String,
    /// The PR of the note that announced it, where one did.
    pub pr: Option<u64>,
    /// `true` for a key component (`go`, `etcd`, `coredns`, …), listed before other modules.
    pub key_component: bool,
    /// The release that carried it; shown when the week bumped the module on several lines.
    pub release: String,
    /// Further releases (other minor lines) with the same bump.
    pub also_in: Vec<String>,
    /// The module was bumped on more than one minor line this week.
    pub several_lines: bool,
}

impl VersionUpdate {
    fn release_version(&self) -> Option<semver::Version> {
        crate::parse_tag(&self.release).ok()
    }

    fn release_line(&self) -> String {
        self.release_version()
            .map(|v| format!("{}.{}", v.major, v.minor))
            .unwrap_or_default()
    }
}

/// Key components first, then other modules; a module bumped twice in the week shows its
/// overall change. Go modules without a component are counted, not listed, past the first 10.
pub(super) fn version_updates(releases: &[&Release]) -> (Vec<VersionUpdate>, usize) {
    const MODULES_LISTED: usize = 10;
    let mut updates: Vec<VersionUpdate> = Vec::new();
    // Oldest first, so that later bumps override.
    for r in releases.iter().rev() {
        for c in &r.dependencies.changed {
            let key = c.component.is_some();
            let name = c
                .component
                .as_deref()
                .map(crate::vocabulary::display_name)
                .unwrap_or_else(|| c.module.clone());
            let pr = r
                .notes
                .iter()
                .find(|n| n.line <= c.line && c.line <= n.end_line)
                .and_then(Note::pr);
            // One entry per module and minor line: release branches move separately.
            let line = r.minor_line();
            match updates
                .iter_mut()
                .find(|u| u.name == name && u.release_line() == line)
            {
                Some(u) => {
                    u.to = c.to.clone();
                    u.pr = pr.or(u.pr);
                    u.release = r.version.clone();
                }
                None => updates.push(VersionUpdate {
                    name,
                    from: c.from.clone(),
                    to: c.to.clone(),
                    pr,
                    key_component: key,
                    release: r.version.clone(),
                    also_in: Vec::new(),
                    several_lines: false,
                }),
            }
        }
    }
    updates.retain(|u| u.from.as_deref() != Some(u.to.as_str()));
    // The same bump on several lines ("Go to 1.16.8" on 1.22 and 1.21) is one entry.
    let mut merged: Vec<VersionUpdate> = Vec::new();
    for u in updates {
        match merged.iter_mut().find(|m| m.name == u.name && m.to == u.to) {
            Some(m) => {
                m.also_in.push(u.release);
                m.pr = m.pr.or(u.pr);
                if m.from != u.from {
                    // The lines started from different versions; only the target is shared.
                    m.from = None;
                }
            }
            None => merged.push(u),
        }
    }
    let mut updates = merged;
    let names: Vec<String> = updates.iter().map(|u| u.name.clone()).collect();
    for u in &mut updates {
        u.several_lines =
            !u.also_in.is_empty() || names.iter().filter(|n| **n == u.name).count() > 1;
    }
    // Key components first, then by name, newest line first.
    updates.sort_by(|a, b| {
        (!a.key_component, &a.name, b.release_version()).cmp(&(
            !b.key_component,
            &b.name,
            a.release_version(),
        ))
    });
    let modules = updates.iter().filter(|u| !u.key_component).count();
    let hidden = modules.saturating_sub(MODULES_LISTED);
    let keep = updates.len() - hidden;
    updates.truncate(keep);
    (updates, hidden)
}
