//! The "Version Updates" of a post: dependency bumps of the week, key components first.

use super::merged::Joined;
use crate::model::{Dependencies, Note, Release};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

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
    /// Further releases (other minor lines) with the same bump, each with the PR of its own
    /// note (each release branch gets the bump by a cherry-pick PR of its own).
    pub also_in: Vec<AlsoIn>,
    /// The module was bumped on more than one minor line this week.
    pub several_lines: bool,
    /// `true` when a merged PR of the week made the bump (its title or note says so); `release`
    /// is then empty.
    pub merged: bool,
}

/// Another release with the same bump as a [`VersionUpdate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlsoIn {
    /// The release.
    pub release: String,
    /// The PR of its note that announced the bump, where one did.
    pub pr: Option<u64>,
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
            // A key component the release names several times (an x.y.0 gathers its cycle's
            // bumps in no reliable order: v1.22.0 says etcd 3.5.0-beta.3, then 3.4.13-3) is
            // at the version the dependency timeline reads for the release.
            let stated = c
                .component
                .as_deref()
                .filter(|k| k.eq_ignore_ascii_case(&c.module))
                .and_then(|k| crate::timeline::statement_of(r, k))
                .and_then(|s| Some((s.version?, s.line)));
            let (to, at) = stated.unwrap_or_else(|| (c.to.clone(), c.line));
            let pr = r
                .notes
                .iter()
                .find(|n| n.line <= at && at <= n.end_line)
                .and_then(Note::pr);
            // One entry per module and minor line: release branches move separately.
            let line = r.minor_line();
            match updates
                .iter_mut()
                .find(|u| u.name == name && u.release_line() == line)
            {
                Some(u) => {
                    u.to = to;
                    u.pr = pr.or(u.pr);
                    u.release = r.version.clone();
                }
                None => updates.push(VersionUpdate {
                    name,
                    // The sentence's "from" only when it is the sentence of the version kept.
                    from: c.from.clone().filter(|_| c.to == to),
                    to,
                    pr,
                    key_component: key,
                    release: r.version.clone(),
                    also_in: Vec::new(),
                    several_lines: false,
                    merged: false,
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
                // Each line's own PR stays with its release: the 1.21 cherry-pick is not
                // the 1.22 one.
                m.also_in.push(AlsoIn {
                    release: u.release,
                    pr: u.pr,
                });
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

/// "Upgrade to azure-sdk v40.2.0": the one bump phrasing of PR titles the changelog's sentence
/// patterns (`parse/dependencies.rs`, which read "Update Go to 1.13.9") do not cover.
static UPGRADE_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:update|upgrade|bump)(?:s|d|ed)? to ([A-Za-z][\w./-]*) v?(\d+\.\d+[\w.+-]*)$",
    )
    .expect("upgrade-to regex")
});

/// The dependency bumps the week's merged PRs make, key components first, then in merge order:
/// read from each title, else
/// from the first sentence of its note, with the changelog's dependency sentence patterns.
pub(super) fn merged_updates(joined: &[Joined]) -> Vec<VersionUpdate> {
    let mut out: Vec<VersionUpdate> = Vec::new();
    for j in joined {
        let sentence = crate::sentence::title(&j.note.text, 200);
        let Some((name, from, to, key)) = [j.pr.title.as_str(), sentence.as_str()]
            .into_iter()
            .find_map(bump_in)
        else {
            continue;
        };
        if out.iter().any(|u| u.name == name && u.to == to) {
            continue;
        }
        out.push(VersionUpdate {
            name,
            from,
            to,
            pr: Some(j.pr.number),
            key_component: key,
            release: String::new(),
            also_in: Vec::new(),
            several_lines: false,
            merged: true,
        });
    }
    // Key components first (Go, etcd, CoreDNS, …), then in merge order.
    out.sort_by_key(|u| !u.key_component);
    out
}

/// (name, from, to, key component?) of the bump `text` states.
fn bump_in(text: &str) -> Option<(String, Option<String>, String, bool)> {
    let text = text.trim().trim_end_matches('.');
    let mut facts = Dependencies::default();
    crate::parse::prose_facts(text, 0, true, &mut facts);
    if let Some(c) = facts.changed.into_iter().next() {
        let name = match &c.component {
            Some(key) => crate::vocabulary::display_name(key),
            None => c.module,
        };
        return Some((name, c.from, c.to, c.component.is_some()));
    }
    let caps = UPGRADE_TO.captures(text)?;
    let key = crate::vocabulary::key_component(&caps[1]);
    let name = key.map_or_else(|| caps[1].to_string(), crate::vocabulary::display_name);
    Some((name, None, caps[2].to_string(), key.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_in_titles() {
        let got = |t: &str| bump_in(t).map(|(n, f, to, k)| format!("{n} {f:?} {to} {k}"));
        assert_eq!(
            got("Update Go to 1.13.9").as_deref(),
            Some("Go None 1.13.9 true")
        );
        assert_eq!(
            got("Bump CoreDNS from 1.6.5 to 1.6.7").as_deref(),
            Some("CoreDNS Some(\"1.6.5\") 1.6.7 true")
        );
        assert_eq!(
            got("Upgrade to azure-sdk v40.2.0").as_deref(),
            Some("azure-sdk None 40.2.0 false")
        );
        assert_eq!(got("Remove support for basic authentication"), None);
    }

    /// Two release branches get one Go bump by two cherry-picks (CHANGELOG-1.22.md line 694,
    /// CHANGELOG-1.21.md line 717): one entry, each release with its own PR.
    #[test]
    fn one_bump_on_two_lines_keeps_each_lines_pr() {
        let note = |pr: u64| {
            format!(
                "- Kubernetes is now built with Golang 1.16.8 \
                 ([#{pr}](https://github.com/kubernetes/kubernetes/pull/{pr}), \
                 [@cpanato](https://github.com/cpanato)) [SIG Release]\n"
            )
        };
        let text = format!(
            "# v1.22.2\n\n## Changes by Kind\n\n### Bug or Regression\n\n{}\n\
             # v1.21.5\n\n## Changes by Kind\n\n### Bug or Regression\n\n{}",
            note(104905),
            note(104906)
        );
        let changelog = crate::parse(&text, "CHANGELOG.md");
        let releases: Vec<&Release> = changelog.releases.iter().collect();
        let (updates, _) = version_updates(&releases);
        let go = updates
            .iter()
            .find(|u| u.name == "Go")
            .expect("the Go bump");
        let mut prs = vec![(go.release.clone(), go.pr)];
        prs.extend(go.also_in.iter().map(|a| (a.release.clone(), a.pr)));
        prs.sort();
        assert_eq!(
            prs,
            [
                ("v1.21.5".to_string(), Some(104906)),
                ("v1.22.2".to_string(), Some(104905))
            ]
        );
        let mut line = String::new();
        super::super::render::version_line(&mut line, go).unwrap();
        assert_eq!(
            line,
            "* Go to 1.16.8 (in [v1.22.2](https://github.com/kubernetes/kubernetes/pull/104905) \
             and [v1.21.5](https://github.com/kubernetes/kubernetes/pull/104906))\n"
        );
    }
}
