//! The loaded data: the index turned back into the core's `History` (so filtering, compare and
//! timelines are the core's own code), plus what the views need beside it: the releases each
//! note shipped in, and facet counts.

use crate::state::State;
use k8s_changelog::index::Index;
use k8s_changelog::{History, Kind, Note, Query};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

pub struct Data {
    pub history: History,
    /// Note text hash → the tags it shipped in, oldest first.
    shipped: HashMap<u64, Vec<String>>,
    /// Every SIG and component named by some note, with its note count, most used first.
    pub all_sigs: Vec<String>,
    pub all_components: Vec<String>,
}

fn text_key(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Facet values with the number of notes each would show (given every other category).
#[derive(Debug, Default, PartialEq)]
pub struct Facets {
    pub kinds: Vec<(Kind, usize)>,
    pub sigs: Vec<(String, usize)>,
    pub components: Vec<(String, usize)>,
    pub action_required: usize,
    pub has_cve: usize,
}

impl Data {
    /// Reads the index JSON. Errors are messages for the user.
    pub fn from_json(json: &str) -> Result<Data, String> {
        let index: Index =
            serde_json::from_str(json).map_err(|e| format!("the index is malformed: {e}"))?;
        let mut shipped: HashMap<u64, Vec<String>> = HashMap::new();
        let keys: Vec<u64> = index.notes.iter().map(|n| text_key(&n.text)).collect();
        for release in &index.releases {
            for &id in &release.notes {
                if let Some(&key) = keys.get(id as usize) {
                    let list = shipped.entry(key).or_default();
                    if list.last() != Some(&release.version) {
                        list.push(release.version.clone());
                    }
                }
            }
        }
        let mut sig_counts: HashMap<&str, usize> = HashMap::new();
        let mut component_counts: HashMap<&str, usize> = HashMap::new();
        for note in &index.notes {
            for sig in &note.sigs {
                *sig_counts.entry(sig).or_default() += 1;
            }
            if let Some(c) = &note.component {
                *component_counts.entry(c).or_default() += 1;
            }
        }
        let ranked = |counts: HashMap<&str, usize>, min: usize| {
            let mut v: Vec<(&str, usize)> = counts.into_iter().filter(|c| c.1 >= min).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            v.into_iter()
                .map(|(s, _)| s.to_string())
                .collect::<Vec<_>>()
        };
        let all_sigs = ranked(sig_counts, 1);
        let all_components = ranked(component_counts, 5);
        let history = index.into_history().map_err(|e| e.to_string())?;
        if history.releases().is_empty() {
            return Err("the index holds no releases".into());
        }
        Ok(Data {
            history,
            shipped,
            all_sigs,
            all_components,
        })
    }

    /// The tags a note shipped in.
    pub fn shipped_in(&self, note: &Note) -> &[String] {
        self.shipped
            .get(&text_key(&note.text))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The newest release that is not a pre-release.
    pub fn newest(&self) -> &k8s_changelog::Release {
        let releases = self.history.releases();
        releases
            .iter()
            .rev()
            .find(|r| !r.is_prerelease())
            .unwrap_or(&releases[releases.len() - 1])
    }

    /// Counts for every facet value: for each category, the notes the query would show with
    /// that category's own selection left out (so OR-ing another value shows what it adds).
    pub fn facets(&self, state: &State) -> Facets {
        let Ok(query) = state.query() else {
            return Facets::default();
        };
        let count_with = |q: &Query, f: &mut dyn FnMut(&Note)| {
            for hit in q.run(&self.history) {
                f(hit.note);
            }
        };
        let mut facets = Facets::default();

        let mut q = query.clone();
        q.kinds.clear();
        let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
        count_with(&q, &mut |n| {
            if let Some(k) = n.kind {
                *kinds.entry(k).or_default() += 1;
            }
        });
        facets.kinds = Kind::ALL
            .iter()
            .map(|k| (*k, kinds.get(k).copied().unwrap_or(0)))
            .filter(|(k, c)| *c > 0 || query.kinds.contains(k))
            .collect();

        let mut q = query.clone();
        q.sigs.clear();
        let mut sigs: HashMap<&str, usize> = HashMap::new();
        count_with(&q, &mut |n| {
            for s in &n.sigs {
                if let Some(known) = self.all_sigs.iter().find(|k| *k == s) {
                    *sigs.entry(known.as_str()).or_default() += 1;
                }
            }
        });
        facets.sigs = self
            .all_sigs
            .iter()
            .map(|s| (s.clone(), sigs.get(s.as_str()).copied().unwrap_or(0)))
            .filter(|(s, c)| *c > 0 || query.sigs.contains(s))
            .collect();

        let mut q = query.clone();
        q.components.clear();
        let mut comps: HashMap<String, usize> = HashMap::new();
        count_with(&q, &mut |n| {
            if let Some(c) = &n.component {
                *comps.entry(c.clone()).or_default() += 1;
            }
        });
        facets.components = self
            .all_components
            .iter()
            .map(|s| (s.clone(), comps.get(s).copied().unwrap_or(0)))
            .filter(|(s, c)| *c > 0 || query.components.contains(s))
            .collect();

        let mut q = query.clone();
        q.action_required = Some(true);
        facets.action_required = q.run(&self.history).len();
        let mut q = query;
        q.has_cve = Some(true);
        facets.has_cve = q.run(&self.history).len();
        facets
    }

    /// Notes per kind per minor line (x.y.0 and its patches, no pre-releases), oldest first.
    pub fn kinds_per_minor(&self) -> Vec<(String, Vec<(Kind, usize)>)> {
        let mut lines: Vec<(String, BTreeMap<Kind, usize>)> = Vec::new();
        for release in self.history.releases() {
            if release.is_prerelease() {
                continue;
            }
            let minor = release.minor_line();
            if lines.last().map(|l| &l.0) != Some(&minor) {
                lines.push((minor, BTreeMap::new()));
            }
            let counts = &mut lines.last_mut().expect("pushed").1;
            for note in &release.notes {
                *counts
                    .entry(note.kind.unwrap_or(Kind::Uncategorized))
                    .or_default() += 1;
            }
        }
        lines
            .into_iter()
            .map(|(m, c)| (m, c.into_iter().collect()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;

    const LOG: &str = "\
# v1.22.1

## Changes by Kind

### Deprecation

- Kubelet: deprecate a flag ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]

### Bug or Regression

- Fix CVE-2021-25741 ([#2](https://github.com/kubernetes/kubernetes/pull/2), [@b](https://github.com/b)) [SIG Storage]

# v1.22.0

## Changes by Kind

### Deprecation

- Kubelet: deprecate a flag ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a)) [SIG Node]
- Deprecate an API ([#3](https://github.com/kubernetes/kubernetes/pull/3), [@c](https://github.com/c)) [SIG API Machinery]
";

    fn data() -> Data {
        let history = History::new(k8s_changelog::parse(LOG, "CHANGELOG-1.22.md"));
        let json = serde_json::to_string(&Index::from_history(&history)).unwrap();
        Data::from_json(&json).unwrap()
    }

    #[test]
    fn shipped_in_and_newest() {
        let d = data();
        let note = &d.history.releases()[0].notes[0];
        assert_eq!(d.shipped_in(note), ["v1.22.0", "v1.22.1"]);
        assert_eq!(d.newest().version, "v1.22.1");
    }

    #[test]
    fn facet_counts_leave_out_their_own_category() {
        let d = data();
        let state = State::default()
            .reduce(Action::ToggleKind(Kind::Deprecation))
            .reduce(Action::ToggleSig("node".into()));
        let hits = state.query().unwrap().run(&d.history).len();
        assert_eq!(hits, 2);
        let f = d.facets(&state);
        assert_eq!(f.kinds, [(Kind::Deprecation, 2)]);
        assert!(f.sigs.contains(&("node".into(), 2)));
        assert!(f.sigs.contains(&("api-machinery".into(), 1)));
        assert_eq!(f.has_cve, 0);
    }

    #[test]
    fn malformed_data_is_an_error() {
        assert!(Data::from_json("{").is_err());
        assert!(Data::from_json(r#"{"v":1,"s":[],"n":[],"r":[]}"#).is_err());
        assert!(Data::from_json(r#"{"v":99,"s":[],"n":[],"r":[]}"#).is_err());
    }

    #[test]
    fn kinds_per_minor_counts_notes() {
        let lines = data().kinds_per_minor();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].0, "1.22");
        let total: usize = lines[0].1.iter().map(|c| c.1).sum();
        assert_eq!(total, 4);
    }
}
