//! The loaded data: the index turned back into the core's `History` (so filtering, compare and
//! timelines are the core's own code), plus what the views need beside it: the releases each
//! note shipped in, and the order of the facet lists.

use crate::state::State;
use k8s_changelog::guide::GuideEntry;
#[cfg(feature = "views")]
use k8s_changelog::index::{Details, IndexProse};
use k8s_changelog::index::{Index, ShippedIn};
use k8s_changelog::query::{FacetValues, Facets, Hit};
use k8s_changelog::timeline::{DeprecationTimeline, FeatureGateTimeline};
use k8s_changelog::{History, Note};
use std::cell::RefCell;
use std::collections::HashMap;
#[cfg(feature = "views")]
use std::collections::HashSet;
use std::rc::Rc;

/// The index as the views read it.
pub struct Data {
    /// The history the index holds (downloads apart: they are in the shards; dependencies and
    /// prose apart until the details are added, [`Data::with_details`]).
    pub history: History,
    /// The details (the timelines, the guide's entries, releases' dependencies and prose) are
    /// in `details.json`, not yet added: the fields below that hold them are empty.
    pub details_apart: bool,
    /// The index's release versions, in its order (the details' releases come in this order).
    versions: Vec<String>,
    /// The deprecation timeline, computed by the core when the index was built.
    pub deprecations: DeprecationTimeline,
    /// The feature-gate timeline, computed by the core when the index was built.
    pub feature_gates: FeatureGateTimeline,
    /// The Deprecated API Migration Guide's entries, when the index was built with the guide.
    pub api_guide: Vec<GuideEntry>,
    /// Each minor's end of life, when the index was built with kubernetes/website's eol.yaml.
    pub eol: Option<k8s_changelog::eol::EolTable>,
    /// Per distinct index note, the releases its change shipped in as positions in `versions`,
    /// oldest first (the index's `Index::shipped_in`).
    shipped: ShippedIn,
    /// Per release tag, its notes as distinct index notes (positions in `shipped`).
    note_ids: HashMap<String, Vec<u32>>,
    /// The SIGs and components of the facet lists, in their order (the core's
    /// `Index::facet_values`).
    pub facet_values: FacetValues,
    /// Each shown note's card (`Data::card_html`), by the note's address in `history`.
    cards: RefCell<HashMap<usize, Rc<str>>>,
}

impl Data {
    /// Reads the index JSON (its format version first: the core's `Index::from_json`). Errors
    /// are messages for the user.
    /// Without the `views` feature (the first module) the index is read lean (the core's
    /// `Index::from_json_lean`): the notes view reads nothing of the details, advisories,
    /// downloads, images or end-of-life table, and their typed readers stay out of the wasm.
    // Not inlined into its caller: see [`apart`].
    #[inline(never)]
    pub fn from_json(json: impl AsRef<[u8]>) -> Result<Data, String> {
        #[cfg(feature = "views")]
        let read = Index::from_json;
        #[cfg(not(feature = "views"))]
        let read = Index::from_json_lean;
        let mut index = apart(|| read(json.as_ref())).map_err(|e| e.to_string())?;
        let shipped = apart(|| index.shipped_in());
        let note_ids = apart(|| {
            let mut note_ids = HashMap::new();
            for release in &index.releases {
                // As `History` keeps the first of two releases with one version.
                note_ids
                    .entry(release.version.clone())
                    .or_insert_with(|| release.notes.clone());
            }
            note_ids
        });
        let facet_values = apart(|| index.facet_values());
        let deprecations = std::mem::take(&mut index.deprecations);
        let feature_gates = std::mem::take(&mut index.feature_gates);
        let api_guide = std::mem::take(&mut index.api_guide);
        let eol = index.eol.take();
        let details_apart = index.details_apart;
        let versions = index.releases.iter().map(|r| r.version.clone()).collect();
        let history = apart(|| index.into_history()).map_err(|e| e.to_string())?;
        if history.releases().is_empty() {
            return Err("the index holds no releases".into());
        }
        Ok(Data {
            history,
            details_apart,
            versions,
            deprecations,
            feature_gates,
            api_guide,
            eol,
            shipped,
            note_ids,
            facet_values,
            cards: RefCell::default(),
        })
    }

    /// This data with the details `details.json` holds (read with the core's
    /// `Details::from_json`, which checks the format version): each release's dependencies and
    /// prose, both timelines and the guide's entries. Details of another index are an error.
    #[cfg(feature = "views")]
    pub fn with_details(&self, json: impl AsRef<[u8]>) -> Result<Data, String> {
        let details = Details::from_json(json.as_ref()).map_err(|e| e.to_string())?;
        details
            .check(self.versions.len())
            .map_err(|e| e.to_string())?;
        let mut releases = self.history.releases().to_vec();
        let position: HashMap<String, usize> = releases
            .iter()
            .enumerate()
            .map(|(i, r)| (r.version.clone(), i))
            .collect();
        let mut filled = HashSet::new();
        for (version, release) in self.versions.iter().zip(details.releases) {
            // As `History` keeps the first of two releases with one version.
            let Some(&i) = position.get(version) else {
                continue;
            };
            if filled.insert(i) {
                releases[i].dependencies = release.dependencies;
                releases[i].prose = release
                    .prose
                    .into_iter()
                    .map(IndexProse::into_prose)
                    .collect();
            }
        }
        let mut history = History::from_releases(releases);
        history.add_dates(self.history.dates().map(|(v, d)| (v.clone(), d.clone())));
        Ok(Data {
            history,
            details_apart: false,
            deprecations: details.deprecations,
            feature_gates: details.feature_gates,
            api_guide: details.api_guide,
            eol: self.eol.clone(),
            versions: self.versions.clone(),
            shipped: self.shipped.clone(),
            note_ids: self.note_ids.clone(),
            facet_values: self.facet_values.clone(),
            cards: RefCell::default(),
        })
    }

    /// The tags a note's change shipped in, oldest first, as the index stores them. `note` is
    /// one of [`Data::history`]'s own notes (as query hits are), found by address; a copy of
    /// one shipped in nothing.
    pub fn shipped_in(&self, note: &Note) -> Vec<String> {
        let address: *const Note = note;
        self.history
            .releases()
            .iter()
            .filter(|r| r.notes.as_ptr_range().contains(&address))
            .find_map(|r| {
                let position = r.notes.iter().position(|n| std::ptr::eq(n, note))?;
                let id = *self.note_ids.get(&r.version)?.get(position)?;
                self.shipped.get(id as usize)
            })
            .map(|positions| {
                positions
                    .iter()
                    .filter_map(|&p| self.versions.get(p as usize).cloned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `note`'s card with the releases it shipped in ([`crate::card::card_html`]),
    /// made the first time the note is shown. `note` is one of [`Data::history`]'s own notes.
    // Not inlined into its caller: see [`apart`].
    #[inline(never)]
    pub fn card_html(&self, note: &Note) -> Rc<str> {
        let key = note as *const Note as usize;
        if let Some(html) = self.cards.borrow().get(&key) {
            return html.clone();
        }
        let html: Rc<str> = crate::card::card_html(note, &self.shipped_in(note)).into();
        self.cards.borrow_mut().insert(key, html.clone());
        html
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

    /// The notes the state's query keeps (oldest first) and the counts for every facet value
    /// (the core's `Query::run_with_facets_in_order`, the SIGs and components in the lists'
    /// order).
    // Not inlined into its caller: see [`apart`].
    #[inline(never)]
    pub fn search(&self, state: &State) -> Result<(Vec<Hit<'_>>, Facets), String> {
        let query = state.query(&self.history)?;
        Ok(query.run_with_facets_in_order(&self.history, &self.facet_values))
    }
}

/// Runs `step` as a function of its own, not inlined into its caller. For a first visit: V8
/// runs a wasm function on its baseline compiler until it has run long enough, then recompiles
/// the whole function with its optimizing compiler on another thread, and the call already
/// running never switches to the new code. The index read's steps, each run once, inlined into
/// one function, made one large function recompiled for nothing while the read went on, on
/// the second of two cores (BENCHMARKS.md, "Tier-up on a first visit").
#[inline(never)]
fn apart<T>(step: impl FnOnce() -> T) -> T {
    step()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;
    use k8s_changelog::Kind;

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
        let card = d.card_html(note);
        assert!(card.contains("data-v=\"v1.22.0\"") && card.contains("data-v=\"v1.22.1\""));
        assert!(Rc::ptr_eq(&card, &d.card_html(note)), "made once");
    }

    #[test]
    fn facet_counts_leave_out_their_own_category() {
        let d = data();
        let state = State::default()
            .reduce(Action::ToggleKind(Kind::Deprecation))
            .reduce(Action::ToggleSig("node".into()));
        let hits = state.query(&d.history).unwrap().run(&d.history).len();
        assert_eq!(hits, 2);
        let (found, f) = d.search(&state).unwrap();
        assert_eq!(found.len(), hits, "the same notes as the core query");
        let counts = |list: &[k8s_changelog::query::FacetCount<String>]| -> Vec<(String, usize)> {
            list.iter().map(|c| (c.value.clone(), c.notes)).collect()
        };
        assert_eq!(f.kinds.len(), 1);
        assert_eq!((f.kinds[0].value, f.kinds[0].notes), (Kind::Deprecation, 2));
        assert!(counts(&f.sigs).contains(&("node".into(), 2)));
        assert!(counts(&f.sigs).contains(&("api-machinery".into(), 1)));
        assert_eq!(f.has_cve, 0);
    }

    #[cfg(feature = "views")]
    #[test]
    fn details_fetched_later_fill_the_history() {
        let bump = "## Dependencies\n\n### Changed\n\n\
            - github.com/a/b: [v1.0.0 → v1.1.0](https://github.com/a/b/compare/v1.0.0...v1.1.0)\n\n";
        let log = LOG.replacen("# v1.22.0\n", &format!("{bump}# v1.22.0\n"), 1);
        let history = History::new(k8s_changelog::parse(&log, "CHANGELOG-1.22.md"));
        let mut index = Index::from_history(&history);
        let details = serde_json::to_string(&index.take_details()).unwrap();
        let d = Data::from_json(serde_json::to_string(&index).unwrap()).unwrap();
        assert!(d.details_apart);
        assert!(d.history.releases()[1].dependencies.is_empty());
        let full = d.with_details(&details).unwrap();
        assert!(!full.details_apart);
        assert_eq!(
            full.history.releases()[1].dependencies,
            history.releases()[1].dependencies
        );
        assert!(!full.history.releases()[1].dependencies.is_empty());
        let note = &full.history.releases()[0].notes[0];
        assert_eq!(full.shipped_in(note), ["v1.22.0", "v1.22.1"]);
        // Details of another index, or of another format, are errors.
        let other = serde_json::to_string(&k8s_changelog::index::Details {
            format: k8s_changelog::index::FORMAT,
            ..Default::default()
        })
        .unwrap();
        assert!(d.with_details(&other).err().unwrap().contains("rebuild"));
        assert!(d.with_details(r#"{"v":1,"r":[]}"#).is_err());
        // An index written whole needs no details.
        assert!(!data().details_apart);
    }

    #[test]
    fn malformed_data_is_an_error() {
        assert!(Data::from_json("{").is_err());
        let empty = r#"{"v":FORMAT,"s":[],"n":{},"r":[]}"#
            .replace("FORMAT", &k8s_changelog::index::FORMAT.to_string());
        assert!(Data::from_json(&empty)
            .err()
            .unwrap()
            .contains("no releases"));
        let old = Data::from_json(r#"{"v":1,"s":[],"n":[],"r":[]}"#)
            .err()
            .unwrap();
        assert!(old.contains("rebuild the index"), "{old}");
        assert!(Data::from_json(r#"{"v":99,"s":[],"n":[],"r":[]}"#).is_err());
    }

    #[test]
    fn kinds_per_minor_counts_notes() {
        let lines = data().history.kinds_per_minor();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].0, "1.22");
        let total: usize = lines[0].1.iter().map(|c| c.1).sum();
        assert_eq!(total, 4);
        assert!(
            lines[0].1.iter().all(|c| c.0.is_some()),
            "1.22 notes have kinds"
        );
    }

    #[test]
    fn notes_without_a_kind_are_not_uncategorized() {
        let log = "# v1.17.0\n\n## Changes\n\n- Old style note ([#5](https://github.com/kubernetes/kubernetes/pull/5), [@e](https://github.com/e))\n";
        let history = History::new(k8s_changelog::parse(log, "CHANGELOG-1.17.md"));
        let json = serde_json::to_string(&Index::from_history(&history)).unwrap();
        let lines = Data::from_json(&json).unwrap().history.kinds_per_minor();
        assert_eq!(lines, [("1.17".to_string(), vec![(None, 1)])]);
    }
}
