//! Facet counts: for a query, how many notes each kind, SIG, component, "action required" and
//! "mentions a CVE" would show with that category's own choice left out and every other one
//! kept (the explorer's filter lists, `k8s-changelog notes --facets`).

use super::{Hit, Query};
use crate::model::Kind;
use crate::History;
use serde::Serialize;
use std::collections::HashMap;

/// One value of a facet and the number of notes it would show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount<T> {
    /// The kind, SIG label or component.
    pub value: T,
    /// Notes matching the query with this value chosen in its category instead of the
    /// query's own choice there.
    pub notes: usize,
}

/// The facet counts of a query ([`Query::run_with_facets`]). A value is listed when some note
/// would show for it, or when the query chose it (with 0 then).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Per kind, in [`Kind::ALL`] order.
    pub kinds: Vec<FacetCount<Kind>>,
    /// Per SIG label, most notes first (then by name).
    pub sigs: Vec<FacetCount<String>>,
    /// Per component, most notes first (then by name).
    pub components: Vec<FacetCount<String>>,
    /// Notes marked action required.
    pub action_required: usize,
    /// Notes that name a CVE.
    pub has_cve: usize,
}

/// Every SIG and component a set of notes names, most used first (then by name): an order
/// that stays put while a query changes ([`Query::run_with_facets_in_order`]). Components named by fewer
/// than [`FacetValues::MIN_COMPONENT_NOTES`] notes are left out: most are one-off prefixes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetValues {
    /// SIG labels.
    pub sigs: Vec<String>,
    /// Components.
    pub components: Vec<String>,
}

impl FacetValues {
    /// The fewest notes a component needs to be listed.
    pub const MIN_COMPONENT_NOTES: usize = 5;

    /// Ranks the SIGs and components of notes given as (their SIG labels, their component).
    pub fn rank<'n, S>(notes: impl IntoIterator<Item = (S, Option<&'n str>)>) -> FacetValues
    where
        S: IntoIterator<Item = &'n str>,
    {
        let mut sigs: HashMap<&str, usize> = HashMap::new();
        let mut components: HashMap<&str, usize> = HashMap::new();
        for (note_sigs, component) in notes {
            for sig in note_sigs {
                *sigs.entry(sig).or_default() += 1;
            }
            if let Some(c) = component {
                *components.entry(c).or_default() += 1;
            }
        }
        let ranked = |counts: HashMap<&str, usize>, min: usize| {
            most_first(counts.into_iter().filter(|c| c.1 >= min))
                .into_iter()
                .map(|(s, _)| s.to_string())
                .collect()
        };
        FacetValues {
            sigs: ranked(sigs, 1),
            components: ranked(components, Self::MIN_COMPONENT_NOTES),
        }
    }
}

impl Query {
    /// The notes this query matches ([`Query::run`]) and its [`Facets`]: per kind, SIG and
    /// component, the notes the query would match with that category's own choice left out
    /// (a note counts once per SIG it names), and the same for "action required" and "mentions
    /// a CVE". The release range, pre-releases, text, PRs and authors always apply. SIGs and
    /// components come most notes first.
    pub fn run_with_facets<'h>(&self, history: &'h History) -> (Vec<Hit<'h>>, Facets) {
        let (hits, counts) = self.count_facets(history);
        let facets = Facets {
            sigs: by_count(&counts.sigs, &self.sigs),
            components: by_count(&counts.components, &self.components),
            ..counts.rest(self)
        };
        (hits, facets)
    }

    /// [`Query::run_with_facets`] with the SIGs and components in `values`' order (the
    /// explorer's lists, which stay put while the query changes): a value `values` leaves out
    /// (a component of fewer than five notes) is listed only when the query chose it, first.
    pub fn run_with_facets_in_order<'h>(
        &self,
        history: &'h History,
        values: &FacetValues,
    ) -> (Vec<Hit<'h>>, Facets) {
        let (hits, counts) = self.count_facets(history);
        let facets = Facets {
            sigs: in_order(&counts.sigs, &values.sigs, &self.sigs),
            components: in_order(&counts.components, &values.components, &self.components),
            ..counts.rest(self)
        };
        (hits, facets)
    }

    /// The matching notes and every facet's counts, by value.
    fn count_facets<'h>(&self, history: &'h History) -> (Vec<Hit<'h>>, Counts<'h>) {
        let scope = Query {
            range: self.range.clone(),
            text: self.text.clone(),
            prereleases: self.prereleases,
            ..Query::default()
        };
        let fields = Query {
            range: None,
            text: None,
            ..self.clone()
        };
        let without = |f: fn(&mut Query)| {
            let mut q = fields.clone();
            f(&mut q);
            q
        };
        let no_kinds = without(|q| q.kinds.clear());
        let no_sigs = without(|q| q.sigs.clear());
        let no_components = without(|q| q.components.clear());
        let no_action = without(|q| q.action_required = None);
        let no_cve = without(|q| q.has_cve = None);

        let mut counts = Counts::default();
        let mut hits = Vec::new();
        for hit in scope.run(history) {
            let note = hit.note;
            if fields.admits_note(note) {
                hits.push(hit);
            }
            if let Some(k) = note.kind {
                if no_kinds.admits_note(note) {
                    *counts.kinds.entry(k).or_default() += 1;
                }
            }
            if !note.sigs.is_empty() && no_sigs.admits_note(note) {
                for s in &note.sigs {
                    *counts.sigs.entry(s).or_default() += 1;
                }
            }
            if let Some(c) = &note.component {
                if no_components.admits_note(note) {
                    *counts.components.entry(c).or_default() += 1;
                }
            }
            if note.action_required && no_action.admits_note(note) {
                counts.action_required += 1;
            }
            if !note.cves.is_empty() && no_cve.admits_note(note) {
                counts.has_cve += 1;
            }
        }
        (hits, counts)
    }
}

/// Facet counts by value, borrowed from the history's notes.
#[derive(Default)]
struct Counts<'h> {
    kinds: HashMap<Kind, usize>,
    sigs: HashMap<&'h str, usize>,
    components: HashMap<&'h str, usize>,
    action_required: usize,
    has_cve: usize,
}

impl Counts<'_> {
    /// The kinds (in [`Kind::ALL`] order, each with notes or chosen by `query`) and the two
    /// flags' counts; the SIG and component lists empty.
    fn rest(&self, query: &Query) -> Facets {
        Facets {
            kinds: Kind::ALL
                .iter()
                .map(|k| FacetCount {
                    value: *k,
                    notes: self.kinds.get(k).copied().unwrap_or(0),
                })
                .filter(|c| c.notes > 0 || query.kinds.contains(&c.value))
                .collect(),
            action_required: self.action_required,
            has_cve: self.has_cve,
            ..Facets::default()
        }
    }
}

/// The `chosen` values `order` lacks (first, so that a list cut short still shows them), then
/// the values of `order` that have notes or were chosen.
fn in_order(
    counts: &HashMap<&str, usize>,
    order: &[String],
    chosen: &[String],
) -> Vec<FacetCount<String>> {
    let extra = chosen.iter().filter(|c| !order.contains(c));
    extra
        .chain(order)
        .map(|v| (v, counts.get(v.as_str()).copied().unwrap_or(0)))
        .filter(|(v, notes)| *notes > 0 || chosen.contains(v))
        .map(|(v, notes)| FacetCount {
            value: v.clone(),
            notes,
        })
        .collect()
}

/// `counts` as a list, most notes first (then by name), with the `chosen` values it lacks
/// added with 0.
fn by_count(counts: &HashMap<&str, usize>, chosen: &[String]) -> Vec<FacetCount<String>> {
    let missing = chosen
        .iter()
        .enumerate()
        .filter(|(i, c)| !counts.contains_key(c.as_str()) && !chosen[..*i].contains(c))
        .map(|(_, c)| (c.as_str(), 0));
    most_first(counts.iter().map(|(v, n)| (*v, *n)).chain(missing))
        .into_iter()
        .map(|(value, notes)| FacetCount {
            value: value.to_string(),
            notes,
        })
        .collect()
}

/// (value, notes) pairs, most notes first, then by name: the one order of ranked facet values.
fn most_first<'a>(counts: impl IntoIterator<Item = (&'a str, usize)>) -> Vec<(&'a str, usize)> {
    let mut list: Vec<(&str, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history() -> History {
        use crate::testing::{note, release};
        let sigs = ["Node".to_string(), "Storage".to_string()];
        let two = crate::links::reference(&[1], &["a".to_string()], &sigs);
        let bugs = [
            format!("- kubelet: fix a volume leak {two}"),
            note("kubelet: fix a crash", 2, "a", "Node"),
            note("Fix CVE-2021-25741 in subpath", 3, "b", "Storage"),
        ];
        let features = [note("kubeadm: add a flag", 4, "c", "Cluster Lifecycle")];
        let text = release(
            "v1.22.0",
            &[("Bug or Regression", &bugs), ("Feature", &features)],
            "",
        );
        History::new(crate::parse(&text, "t.md"))
    }

    fn counts<T: Clone>(list: &[FacetCount<T>]) -> Vec<(T, usize)> {
        list.iter().map(|c| (c.value.clone(), c.notes)).collect()
    }

    #[test]
    fn each_category_counts_with_its_own_choice_left_out() {
        let history = history();
        let query = Query::new().kind(Kind::Bug).sig("node");
        let (hits, facets) = query.run_with_facets(&history);
        assert_eq!(hits.len(), 2, "bugs of SIG Node");
        // Kinds given SIG Node: two bugs, no feature.
        assert_eq!(counts(&facets.kinds), [(Kind::Bug, 2)]);
        // SIGs given bugs: Node 2, Storage 2 (#1 and #3); cluster-lifecycle's note is a feature.
        assert_eq!(
            counts(&facets.sigs),
            [("node".to_string(), 2), ("storage".to_string(), 2)]
        );
        assert_eq!(counts(&facets.components), [("kubelet".to_string(), 2)]);
        assert_eq!(facets.has_cve, 0, "the CVE note is not SIG Node's");
        assert_eq!(facets.action_required, 0);
    }

    #[test]
    fn a_chosen_value_without_notes_stays_listed() {
        let history = history();
        let query = Query::new().kind(Kind::Deprecation).sig("auth");
        let (hits, facets) = query.run_with_facets(&history);
        assert!(hits.is_empty());
        assert_eq!(counts(&facets.kinds), [(Kind::Deprecation, 0)]);
        assert_eq!(counts(&facets.sigs), [("auth".to_string(), 0)]);
        let (_, all) = Query::new().run_with_facets(&history);
        assert_eq!(all.has_cve, 1);
        assert_eq!(
            counts(&all.kinds),
            [(Kind::Feature, 1), (Kind::Bug, 3)],
            "Kind::ALL order"
        );
    }

    #[test]
    fn values_are_ranked_and_counts_follow_their_order() {
        let notes = [
            (vec!["node"], Some("kubelet")),
            (vec!["node", "storage"], Some("kubelet")),
            (vec!["auth"], None),
            (vec!["storage"], Some("kubeadm")),
        ];
        let values = FacetValues::rank(notes.iter().map(|(s, c)| (s.iter().copied(), *c)));
        assert_eq!(values.sigs, ["node", "storage", "auth"]);
        assert!(values.components.is_empty(), "fewer than 5 notes each");
        let kubelet = std::iter::repeat_n((vec!["node"], Some("kubelet")), 5);
        let five = FacetValues::rank(kubelet.map(|(s, c)| (s.into_iter(), c)));
        assert_eq!(five.components, ["kubelet"]);

        let history = history();
        let query = Query::new().sig("auth");
        let (_, ordered) = query.run_with_facets_in_order(&history, &values);
        assert_eq!(
            counts(&ordered.sigs),
            [
                ("node".to_string(), 2),
                ("storage".to_string(), 2),
                ("auth".to_string(), 0)
            ],
            "the values' order, the chosen SIG kept at 0, cluster-lifecycle not ranked"
        );
        assert!(ordered.components.is_empty());
        // A chosen component the values leave out comes first, so that a short list shows it.
        let values = FacetValues {
            components: vec!["kubeadm".to_string()],
            ..values
        };
        let query = Query::new().component("kubelet").component("kubectl");
        let (_, ordered) = query.run_with_facets_in_order(&history, &values);
        assert_eq!(
            counts(&ordered.components),
            [
                ("kubelet".to_string(), 2),
                ("kubectl".to_string(), 0),
                ("kubeadm".to_string(), 1)
            ]
        );
    }
}
