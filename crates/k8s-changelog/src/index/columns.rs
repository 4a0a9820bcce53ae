//! The notes table written by columns (format 6): one array per field of [`IndexNote`], the
//! `i`-th entry of each belonging to the `i`-th note, instead of one object per note. A reader
//! then matches each key once per file, not once per note and field (12,716 notes, about six
//! keys each, over the corpus), and the columns compress better: text positions, which are
//! mostly the next new text, are written as differences (runs of `1`); the fields few notes
//! have (action required, other repositories' PRs, CVEs, issues) list only those notes.
//!
//! | key | column | entry |
//! | --- | --- | --- |
//! | `t` | [`IndexNote::text`] | difference from the previous note's text position |
//! | `s` | [`IndexNote::section`] | a position in the section table |
//! | `p` | [`IndexNote::prs`] | a list, `[]` for none |
//! | `a` | [`IndexNote::authors`] | a list of positions in the author table |
//! | `w` | [`IndexNote::shipped`] | a list of release positions |
//! | `g` | [`IndexNote::sigs`] | a list of SIG names |
//! | `k` | [`IndexNote::kind`] | a kind or `null` |
//! | `c` | [`IndexNote::component`] | a component or `null` |
//! | `u` | [`IndexNote::action_required`] | the positions of the notes that are |
//! | `x`, `e`, `i` | [`IndexNote::external_prs`], [`IndexNote::cves`], [`IndexNote::issues`] | `[position, list]` pairs for the notes that have one |
//!
//! A dense column (`s` … `c`) in which no note has a value is left out. Both ways are lossless;
//! a table whose columns disagree in length, or whose sparse entries name a note it does not
//! have, is an error, not a shorter table.

use super::{encoding::delta, IndexNote};
use crate::model::Kind;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The columns as they are written. A dense column is left out (empty) when no note has a value
/// in it; otherwise it has an entry for every note.
#[derive(Default, Serialize, Deserialize)]
struct Columns {
    #[serde(rename = "t", default, with = "delta")]
    text: Vec<u32>,
    #[serde(rename = "s", default, skip_serializing_if = "Vec::is_empty")]
    section: Vec<u32>,
    #[serde(rename = "p", default, skip_serializing_if = "Vec::is_empty")]
    prs: Vec<Vec<u64>>,
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Vec<u32>>,
    #[serde(rename = "w", default, skip_serializing_if = "Vec::is_empty")]
    shipped: Vec<Vec<u32>>,
    #[serde(rename = "g", default, skip_serializing_if = "Vec::is_empty")]
    sigs: Vec<Vec<String>>,
    #[serde(rename = "k", default, skip_serializing_if = "Vec::is_empty")]
    kind: Vec<Option<Kind>>,
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    component: Vec<Option<String>>,
    #[serde(rename = "u", default, skip_serializing_if = "Vec::is_empty")]
    action_required: Vec<u32>,
    #[serde(rename = "x", default, skip_serializing_if = "Vec::is_empty")]
    external_prs: Vec<(u32, Vec<String>)>,
    #[serde(rename = "e", default, skip_serializing_if = "Vec::is_empty")]
    cves: Vec<(u32, Vec<String>)>,
    #[serde(rename = "i", default, skip_serializing_if = "Vec::is_empty")]
    issues: Vec<(u32, Vec<u64>)>,
}

/// A dense column of `field`, empty when no note has a value in it.
fn dense<T>(
    notes: &[IndexNote],
    field: impl Fn(&IndexNote) -> T,
    empty: impl Fn(&T) -> bool,
) -> Vec<T> {
    let column: Vec<T> = notes.iter().map(field).collect();
    match column.iter().all(empty) {
        true => Vec::new(),
        false => column,
    }
}

/// A dense column's entries, one per note (`count`): the default value for each when the
/// column is left out, an error when it has another length.
fn entries<T: Default + Clone, E: serde::de::Error>(
    column: Vec<T>,
    key: &str,
    count: usize,
) -> Result<Vec<T>, E> {
    match column.len() {
        0 => Ok(vec![T::default(); count]),
        len if len == count => Ok(column),
        len => Err(E::custom(format!(
            "the notes table's column `{key}` has {len} entries, its column `t` {count}"
        ))),
    }
}

/// The `(position, value)` pairs of the notes whose `field` is not empty.
fn sparse<T: Clone>(
    notes: &[IndexNote],
    field: impl Fn(&IndexNote) -> &Vec<T>,
) -> Vec<(u32, Vec<T>)> {
    (0..)
        .zip(notes)
        .filter(|(_, n)| !field(n).is_empty())
        .map(|(i, n)| (i, field(n).clone()))
        .collect()
}

pub fn serialize<S: Serializer>(notes: &[IndexNote], serializer: S) -> Result<S::Ok, S::Error> {
    let columns = Columns {
        text: notes.iter().map(|n| n.text).collect(),
        section: dense(notes, |n| n.section, |s| *s == 0),
        prs: dense(notes, |n| n.prs.clone(), Vec::is_empty),
        authors: dense(notes, |n| n.authors.clone(), Vec::is_empty),
        shipped: dense(notes, |n| n.shipped.clone(), Vec::is_empty),
        sigs: dense(notes, |n| n.sigs.clone(), Vec::is_empty),
        kind: dense(notes, |n| n.kind, Option::is_none),
        component: dense(notes, |n| n.component.clone(), Option::is_none),
        action_required: (0..)
            .zip(notes)
            .filter(|(_, n)| n.action_required)
            .map(|(i, _)| i)
            .collect(),
        external_prs: sparse(notes, |n| &n.external_prs),
        cves: sparse(notes, |n| &n.cves),
        issues: sparse(notes, |n| &n.issues),
    };
    columns.serialize(serializer)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<IndexNote>, D::Error> {
    let c = read_columns(deserializer)?;
    let count = c.text.len();
    let mut rows = Rows {
        section: entries(c.section, "s", count)?.into_iter(),
        prs: entries(c.prs, "p", count)?.into_iter(),
        authors: entries(c.authors, "a", count)?.into_iter(),
        shipped: entries(c.shipped, "w", count)?.into_iter(),
        sigs: entries(c.sigs, "g", count)?.into_iter(),
        kind: entries(c.kind, "k", count)?.into_iter(),
        component: entries(c.component, "c", count)?.into_iter(),
    };
    let mut notes = Vec::with_capacity(count);
    for text in c.text {
        notes.push(rows.next_note(text));
    }
    for position in c.action_required {
        note(&mut notes, "u", position)?.action_required = true;
    }
    for (position, prs) in c.external_prs {
        note(&mut notes, "x", position)?.external_prs = prs;
    }
    for (position, cves) in c.cves {
        note(&mut notes, "e", position)?.cves = cves;
    }
    for (position, issues) in c.issues {
        note(&mut notes, "i", position)?.issues = issues;
    }
    Ok(notes)
}

/// The columns as written. Not inlined, nor is [`Rows::next_note`]: the explorer's first visit runs
/// this once, on V8's baseline code, and one function holding every column's reader and the
/// loop that joins them would be recompiled by the optimizing compiler for nothing (see
/// `index/rebuild.rs`).
#[inline(never)]
fn read_columns<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Columns, D::Error> {
    Columns::deserialize(deserializer)
}

/// The dense columns' entries not yet taken, each column as long as `t` ([`entries`]).
struct Rows {
    section: std::vec::IntoIter<u32>,
    prs: std::vec::IntoIter<Vec<u64>>,
    authors: std::vec::IntoIter<Vec<u32>>,
    shipped: std::vec::IntoIter<Vec<u32>>,
    sigs: std::vec::IntoIter<Vec<String>>,
    kind: std::vec::IntoIter<Option<Kind>>,
    component: std::vec::IntoIter<Option<String>>,
}

impl Rows {
    /// The next note of the table, its text `text`: one function per note, called by a loop
    /// that does nothing else (see [`read_columns`]).
    #[inline(never)]
    fn next_note(&mut self, text: u32) -> IndexNote {
        IndexNote {
            text,
            prs: self.prs.next().unwrap_or_default(),
            external_prs: Vec::new(),
            issues: Vec::new(),
            authors: self.authors.next().unwrap_or_default(),
            kind: self.kind.next().unwrap_or_default(),
            sigs: self.sigs.next().unwrap_or_default(),
            action_required: false,
            component: self.component.next().unwrap_or_default(),
            cves: Vec::new(),
            section: self.section.next().unwrap_or_default(),
            shipped: self.shipped.next().unwrap_or_default(),
        }
    }
}

/// The note a sparse column's entry names, or the error that says it has none.
fn note<'a, E: serde::de::Error>(
    notes: &'a mut [IndexNote],
    key: &str,
    position: u32,
) -> Result<&'a mut IndexNote, E> {
    let count = notes.len();
    notes.get_mut(position as usize).ok_or_else(|| {
        E::custom(format!(
            "the notes table's column `{key}` names note {position}, but the table has {count}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Table(#[serde(with = "super")] Vec<IndexNote>);

    fn note(text: u32) -> IndexNote {
        IndexNote {
            text,
            prs: Vec::new(),
            external_prs: Vec::new(),
            issues: Vec::new(),
            authors: Vec::new(),
            kind: None,
            sigs: Vec::new(),
            action_required: false,
            component: None,
            cves: Vec::new(),
            section: 0,
            shipped: Vec::new(),
        }
    }

    #[test]
    fn every_field_round_trips() {
        let full = IndexNote {
            text: 1,
            prs: vec![101, 7],
            external_prs: vec!["kubernetes/kubectl#5".into()],
            issues: vec![9],
            authors: vec![3, 0],
            kind: Some(Kind::Bug),
            sigs: vec!["node".into(), "storage".into()],
            action_required: true,
            component: Some("kubelet".into()),
            cves: vec!["CVE-2021-25741".into()],
            section: 4,
            shipped: vec![2, 5],
        };
        for table in [
            vec![],
            vec![note(0)],
            vec![note(0), full.clone(), note(0), note(2)],
        ] {
            let json = serde_json::to_string(&Table(table.clone())).unwrap();
            let back: Table = serde_json::from_str(&json).unwrap();
            assert_eq!(back.0, table, "{json}");
        }
        let json = serde_json::to_string(&Table(vec![note(0), full, note(2)])).unwrap();
        assert_eq!(
            json,
            r#"{"t":[0,1,1],"s":[0,4,0],"p":[[],[101,7],[]],"a":[[],[3,0],[]],"w":[[],[2,5],[]],"#
                .to_string()
                + r#""g":[[],["node","storage"],[]],"k":[null,"bug",null],"c":[null,"kubelet",null],"#
                + r#""u":[1],"x":[[1,["kubernetes/kubectl#5"]]],"e":[[1,["CVE-2021-25741"]]],"i":[[1,[9]]]}"#
        );
        // Columns no note has a value in are left out.
        let json = serde_json::to_string(&Table(vec![note(0), note(1)])).unwrap();
        assert_eq!(json, r#"{"t":[0,1]}"#);
        assert_eq!(
            serde_json::to_string(&Table(vec![])).unwrap(),
            r#"{"t":[]}"#
        );
    }

    #[test]
    fn a_table_whose_columns_disagree_is_an_error() {
        let short = r#"{"t":[0,1],"s":[0],"p":[[],[]]}"#;
        let error = serde_json::from_str::<Table>(short)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("column `s` has 1 entries, its column `t` 2"),
            "{error}"
        );
        let beyond = r#"{"t":[0],"u":[1]}"#;
        let error = serde_json::from_str::<Table>(beyond)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("column `u` names note 1, but the table has 1"),
            "{error}"
        );
        let beyond = r#"{"t":[0],"e":[[3,["CVE-2021-25741"]]]}"#;
        let error = serde_json::from_str::<Table>(beyond)
            .unwrap_err()
            .to_string();
        assert!(error.contains("column `e` names note 3"), "{error}");
    }
}
