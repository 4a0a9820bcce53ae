//! The order of the explorer's SIG and component filter lists, ranked over the index's
//! distinct notes (a cherry-picked note counts once).

use super::Index;
use crate::query::FacetValues;

impl Index {
    /// Every SIG and component the index's distinct notes name, most used first
    /// ([`FacetValues::rank`]).
    pub fn facet_values(&self) -> FacetValues {
        FacetValues::rank(
            self.notes
                .iter()
                .map(|n| (n.sigs.iter().map(String::as_str), n.component.as_deref())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::IndexNote;

    #[test]
    fn sigs_and_components_are_ranked_over_the_notes() {
        let note = |sigs: &[&str], component: Option<&str>| IndexNote {
            sigs: sigs.iter().map(|s| s.to_string()).collect(),
            component: component.map(str::to_string),
            ..IndexNote::default()
        };
        let mut notes = vec![note(&["node"], Some("kubelet")); 5];
        notes.push(note(&["storage", "auth"], None));
        notes.push(note(&["auth"], Some("kubeadm")));
        let index = Index {
            notes,
            ..Index::default()
        };
        let values = index.facet_values();
        assert_eq!(values.sigs, ["node", "auth", "storage"]);
        assert_eq!(values.components, ["kubelet"]);
    }
}
