//! The compact, serializable index of a whole history that the web explorer loads: every
//! release with its date, notes, dependencies, advisories, downloads, images and prose, in a
//! shape small enough to ship (short keys, each distinct note and section path stored once).
//!
//! Pure conversion both ways: [`Index::from_history`] and [`Index::into_history`]. This module
//! owns the format: the file names ([`INDEX_FILE`], [`DETAILS_FILE`], [`download_shard_file`]),
//! what is split out of the index for the views that need it (the details, [`Details`],
//! [`Index::take_details`]; the download shards, [`DownloadShard`],
//! [`Index::take_download_shards`]), the version ([`FORMAT`]) and the readers that check it
//! before anything else ([`Index::from_json`], [`Details::from_json`],
//! [`DownloadShard::from_json`]; [`Index::from_json_lean`] reads the notes and releases alone). Reading and writing files is the caller's job (the CLI's
//! `index` command, the app's fetch).
//!
//! Each distinct note also carries the releases its change shipped in (the same change across
//! cherry-picks, see [`Index::shipped_in`]), computed when the index is built.
//!
//! What the index leaves out of the model: source line numbers of notes and prose, outlines,
//! layout lines and unaccounted lines (they serve losslessness, not browsing).

use crate::eol::EolTable;
use crate::guide::{ApiGuide, GuideEntry};
use crate::model::{Advisory, Dependencies, Download, Image, Kind, Prose};
use crate::timeline::{DeprecationTimeline, FeatureGateTimeline};
use crate::History;
use pool::Pool;
use rebuild::{note_of, release_of};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

mod columns;
mod details;
mod encoding;
mod facet_values;
mod lean;
mod pool;
mod read;
mod rebuild;
mod shards;
mod shipped;

pub use details::{Details, ReleaseDetails};
pub use read::{download_shard_file, IndexError, DETAILS_FILE, INDEX_FILE};
pub use shards::DownloadShard;
pub use shipped::ShippedIn;

/// The version of the index format, of `index.json`, `details.json` and the download shards
/// alike; bumped whenever one of their shapes changes. Readers check it first
/// ([`Index::from_json`]). Format 4 stores note texts and authors once each ([`Index::texts`],
/// [`Index::authors`]), a release's note positions as differences, and can leave the details
/// to `details.json` ([`Index::take_details`]). Format 5 tells kubeadm's own feature gates
/// apart (`component` of a [`crate::timeline::FeatureGate`] in the feature-gate timeline).
/// Format 6 writes the notes table by columns, one array per field (see [`Index::notes`]).
pub const FORMAT: u32 = 6;

/// The whole history, compacted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// [`FORMAT`].
    #[serde(rename = "v")]
    pub format: u32,
    /// Distinct section paths (`["Changes by Kind", "Bug or Regression"]`); notes refer to them
    /// by position.
    #[serde(rename = "s")]
    pub sections: Vec<Vec<String>>,
    /// Distinct note texts, in order of first use; notes refer to them by position (one text
    /// often comes with other metadata: another section, kind or author list).
    #[serde(rename = "t", default)]
    pub texts: Vec<String>,
    /// Distinct GitHub logins of note authors, in order of first use; notes refer to them by
    /// position.
    #[serde(rename = "au", default)]
    pub authors: Vec<String>,
    /// Distinct notes; releases refer to them by position. A cherry-picked note that ships in
    /// several patch releases with the same text is stored once. Written by columns (`{"t":
    /// [...], "s": [...], ...}`: one array per field, the keys of [`IndexNote`]'s fields; text
    /// positions as differences; the fields few notes have as `[position, value]` pairs).
    #[serde(rename = "n", with = "columns")]
    pub notes: Vec<IndexNote>,
    /// Releases, oldest first.
    #[serde(rename = "r")]
    pub releases: Vec<IndexRelease>,
    /// The deprecation timeline (`timeline::deprecations`) with its evidence, computed when
    /// the index is built, so that readers need not link the regexes that find it: the
    /// deprecations view shows it, the compare view lists what the path crosses, the Check view
    /// checks manifests against it.
    #[serde(
        rename = "dt",
        default,
        skip_serializing_if = "DeprecationTimeline::is_empty"
    )]
    pub deprecations: DeprecationTimeline,
    /// The feature-gate timeline (`timeline::feature_gates`), computed when the index is built
    /// for the same reason; the explorer's compare passes it to `query::compare_with`.
    #[serde(
        rename = "fg",
        default,
        skip_serializing_if = "FeatureGateTimeline::is_empty"
    )]
    pub feature_gates: FeatureGateTimeline,
    /// The Deprecated API Migration Guide's entries, once [`Index::set_api_guide`] adds them:
    /// the Check view checks manifests against them with the timeline (`check::Checker`).
    #[serde(rename = "ag", default, skip_serializing_if = "Vec::is_empty")]
    pub api_guide: Vec<GuideEntry>,
    /// Each minor's end of life (kubernetes/website's `eol.yaml`), when the index was built
    /// with it: the release page shows it.
    #[serde(rename = "eol", default, skip_serializing_if = "Option::is_none")]
    pub eol: Option<EolTable>,
    /// The details (both timelines, the guide's entries, each release's dependencies and prose)
    /// were taken out into `details.json` ([`Index::take_details`]): until they are put back
    /// ([`Index::put_details`]) the fields that hold them are empty, not absent in the history.
    #[serde(rename = "xd", default, skip_serializing_if = "is_false")]
    pub details_apart: bool,
}

/// One note, without its line numbers. In `index.json` its fields are the columns of the notes
/// table ([`Index::notes`]), under the same keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IndexNote {
    /// The note's Markdown (`Note::text`): its position in [`Index::texts`].
    #[serde(rename = "t")]
    pub text: u32,
    /// Its kubernetes/kubernetes PRs, its own first (`Note::prs`).
    #[serde(rename = "p", default, skip_serializing_if = "Vec::is_empty")]
    pub prs: Vec<u64>,
    /// PRs of other repositories (`Note::external_prs`).
    #[serde(rename = "x", default, skip_serializing_if = "Vec::is_empty")]
    pub external_prs: Vec<String>,
    /// Issues it references (`Note::issues`).
    #[serde(rename = "i", default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<u64>,
    /// GitHub logins (`Note::authors`): positions in [`Index::authors`].
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<u32>,
    /// Its kind, when its section or label gives one.
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// SIG label names (`node`).
    #[serde(rename = "g", default, skip_serializing_if = "Vec::is_empty")]
    pub sigs: Vec<String>,
    /// Listed under "action required" / "urgent upgrade notes".
    #[serde(rename = "u", default, skip_serializing_if = "is_false")]
    pub action_required: bool,
    /// The component it names first (`Note::component`).
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// The CVEs it names.
    #[serde(rename = "e", default, skip_serializing_if = "Vec::is_empty")]
    pub cves: Vec<String>,
    /// Index into [`Index::sections`].
    #[serde(rename = "s", default)]
    pub section: u32,
    /// The releases (positions in [`Index::releases`], oldest first) the note's change shipped
    /// in, when they are not just the releases that list this very note; read them with
    /// [`Index::shipped_in`].
    #[serde(rename = "w", default, skip_serializing_if = "Vec::is_empty")]
    pub shipped: Vec<u32>,
}

/// One release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexRelease {
    /// The tag (`v1.22.1`).
    #[serde(rename = "v")]
    pub version: String,
    /// The release it changes from (`Release::previous`).
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// The changelog file it was read from.
    #[serde(rename = "f", default)]
    pub file: String,
    /// `YYYY-MM-DD`.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The date is a schedule's target, not the tag's.
    #[serde(rename = "dp", default, skip_serializing_if = "is_false")]
    pub date_planned: bool,
    /// Where the date comes from (`ReleaseDate::source`).
    #[serde(rename = "ds", default, skip_serializing_if = "String::is_empty")]
    pub date_source: String,
    /// Indexes into [`Index::notes`], in the release's order (written as differences: a new
    /// release's notes are mostly consecutive new ones).
    #[serde(
        rename = "n",
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "encoding::delta"
    )]
    pub notes: Vec<u32>,
    /// Dependency changes.
    #[serde(
        rename = "dep",
        default,
        skip_serializing_if = "Dependencies::is_empty"
    )]
    pub dependencies: Dependencies,
    /// Security advisories.
    #[serde(rename = "sec", default, skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<Advisory>,
    /// CVEs named anywhere in the release.
    #[serde(rename = "cve", default, skip_serializing_if = "Vec::is_empty")]
    pub cves: Vec<String>,
    /// Download tables; empty once they are moved to shards ([`Index::take_download_shards`]).
    #[serde(rename = "dl", default, skip_serializing_if = "Vec::is_empty")]
    pub downloads: Vec<Download>,
    /// Container images.
    #[serde(rename = "img", default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
    /// Prose blocks: section path and Markdown text.
    #[serde(rename = "pr", default, skip_serializing_if = "Vec::is_empty")]
    pub prose: Vec<IndexProse>,
}

/// A prose block: a theme, a known issue, an intro paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexProse {
    /// Its section path.
    #[serde(rename = "s")]
    pub section: Vec<String>,
    /// Its Markdown.
    #[serde(rename = "t")]
    pub text: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl IndexProse {
    fn of(prose: &Prose) -> IndexProse {
        IndexProse {
            section: prose.section.to_vec(),
            text: prose.text.clone(),
        }
    }

    /// The model's prose block, without line numbers.
    pub fn into_prose(self) -> Prose {
        Prose {
            section: self.section.into(),
            text: self.text,
            line: 0,
            end_line: 0,
        }
    }
}

impl Index {
    /// Adds the Deprecated API Migration Guide's entries to what the Check view checks against.
    pub fn set_api_guide(&mut self, guide: &ApiGuide) {
        self.api_guide = guide.entries.clone();
    }

    /// Compacts a history (with its dates), computing its timelines.
    pub fn from_history(history: &History) -> Index {
        Index::with_timelines(
            history,
            crate::timeline::deprecations(history),
            crate::timeline::feature_gates(history),
        )
    }

    /// Compacts a history (with its dates) whose timelines are already computed
    /// (`timeline::deprecations`, `timeline::feature_gates` of this very history).
    pub fn with_timelines(
        history: &History,
        deprecations: DeprecationTimeline,
        feature_gates: FeatureGateTimeline,
    ) -> Index {
        let mut index = Index {
            format: FORMAT,
            deprecations,
            feature_gates,
            ..Index::default()
        };
        let mut note_ids: HashMap<IndexNote, u32> = HashMap::new();
        let mut changes = shipped::Changes::default();
        let mut sections = encoding::Table::default();
        let mut texts = encoding::Table::default();
        let mut authors = encoding::Table::default();
        for release in history.releases() {
            let mut notes = Vec::with_capacity(release.notes.len());
            for note in &release.notes {
                let compact = IndexNote {
                    text: texts.id(&note.text, &mut index.texts),
                    prs: note.prs.clone(),
                    external_prs: note.external_prs.clone(),
                    issues: note.issues.clone(),
                    authors: note
                        .authors
                        .iter()
                        .map(|a| authors.id(a, &mut index.authors))
                        .collect(),
                    kind: note.kind,
                    sigs: note.sigs.iter().map(|s| s.to_string()).collect(),
                    action_required: note.action_required,
                    component: note.component.clone(),
                    cves: note.cves.clone(),
                    section: sections.id(&note.section.to_vec(), &mut index.sections),
                    shipped: Vec::new(),
                };
                let id = match note_ids.get(&compact) {
                    Some(id) => *id,
                    None => {
                        let id = index.notes.len() as u32;
                        index.notes.push(compact.clone());
                        note_ids.insert(compact, id);
                        id
                    }
                };
                changes.add(id, note, index.releases.len() as u32);
                notes.push(id);
            }
            let date = history.date(&release.semver);
            index.releases.push(IndexRelease {
                version: release.version.clone(),
                previous: release.previous.clone(),
                file: release.file.clone(),
                date: date.map(|d| d.date.format("%Y-%m-%d").to_string()),
                date_planned: date.is_some_and(|d| d.planned),
                date_source: date.map(|d| d.source.clone()).unwrap_or_default(),
                notes,
                dependencies: release.dependencies.clone(),
                security: release.security.clone(),
                cves: release.cves.clone(),
                downloads: release.downloads.clone(),
                images: release.images.clone(),
                prose: release.prose.iter().map(IndexProse::of).collect(),
            });
        }
        changes.store(&mut index);
        index
    }

    /// Rebuilds the history (releases, notes and dates). Line numbers are 0. An index whose
    /// details are apart ([`Index::details_apart`]) gives releases without dependencies and
    /// prose.
    pub fn into_history(self) -> Result<History, IndexError> {
        if self.format != FORMAT {
            return Err(IndexError::Format {
                file: INDEX_FILE.to_string(),
                found: self.format,
            });
        }
        let count = self.notes.len();
        // Each text, author and note is moved into its last user and cloned for the others:
        // reading the index allocates each string about once.
        let mut texts = Pool::new(self.texts, self.notes.iter().map(|n| n.text));
        let mut authors = Pool::new(
            self.authors,
            self.notes.iter().flat_map(|n| n.authors.iter().copied()),
        );
        // A section path is shared by its notes (`Arc`), as the parser shares it.
        let mut sections = Pool::new(
            self.sections.into_iter().map(Arc::from).collect(),
            self.notes.iter().map(|n| n.section),
        );
        let uses = self.releases.iter().flat_map(|r| r.notes.iter().copied());
        let mut notes = Vec::with_capacity(count);
        for (i, n) in self.notes.into_iter().enumerate() {
            notes.push(note_of(i, n, &mut texts, &mut authors, &mut sections)?);
        }
        let mut notes = Pool::new(notes, uses);
        let mut releases = Vec::with_capacity(self.releases.len());
        let mut dates = Vec::new();
        for (i, r) in self.releases.into_iter().enumerate() {
            releases.push(release_of(i, r, &mut notes, &mut dates)?);
        }
        let mut history = History::from_releases(releases);
        history.add_dates(dates);
        Ok(history)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Release;
    use crate::testing::{note, release};
    use crate::ReleaseDate;

    fn log() -> String {
        let leak = note("Kubelet: fix a leak", 1, "alice", "node");
        let cve = note("Fix CVE-2021-25741", 2, "bob", "storage");
        let bump = "## Dependencies\n\n### Changed\n\
            - github.com/a/b: [v1.0.0 → v1.1.0](https://github.com/a/b/compare/v1.0.0...v1.1.0)\n\n";
        release(
            "v1.22.1",
            &[("Bug or Regression", std::slice::from_ref(&leak))],
            bump,
        ) + &release("v1.22.0", &[("Bug or Regression", &[leak, cve])], "")
    }

    #[test]
    fn round_trip_keeps_what_queries_read() {
        let mut history = History::new(crate::parse(&log(), "CHANGELOG-1.22.md"));
        history.add_dates([(
            semver::Version::new(1, 22, 0),
            ReleaseDate {
                date: chrono::NaiveDate::from_ymd_opt(2021, 8, 4).unwrap(),
                planned: false,
                source: "csv".into(),
            },
        )]);
        let index = Index::from_history(&history);
        assert_eq!(index.notes.len(), 2, "the repeated note is stored once");
        assert_eq!(index.texts.len(), 2);
        assert_eq!(index.authors, ["alice", "bob"]);
        let json = serde_json::to_string(&index).unwrap();
        let back: Index = serde_json::from_str(&json).unwrap();
        assert_eq!(back, index);
        let rebuilt = back.into_history().unwrap();
        assert_eq!(rebuilt.releases().len(), 2);
        let v = semver::Version::new(1, 22, 0);
        assert_eq!(rebuilt.date(&v), history.date(&v));
        for (a, b) in rebuilt.releases().iter().zip(history.releases()) {
            assert_eq!(a.version, b.version);
            assert_eq!(a.dependencies, b.dependencies);
            let texts = |r: &Release| r.notes.iter().map(|n| n.text.clone()).collect::<Vec<_>>();
            assert_eq!(texts(a), texts(b));
            assert_eq!(a.notes[0].sigs, b.notes[0].sigs);
            assert_eq!(a.notes[0].section, b.notes[0].section);
        }
        let q = crate::Query::new().sig("node");
        assert_eq!(q.run(&rebuilt).len(), q.run(&history).len());
    }

    #[test]
    fn the_index_carries_what_a_check_needs() {
        let removal = note(
            "The `extensions/v1beta1` API version of `Deployment` is no longer served; use `apps/v1`",
            3,
            "carol",
            "apps",
        );
        let text = release("v1.16.0", &[("API Change", &[removal])], "");
        let history = History::new(crate::parse(&text, "CHANGELOG-1.16.md"));
        let mut index = Index::from_history(&history);
        assert!(
            index
                .deprecations
                .get("extensions/v1beta1", Some("Deployment"))
                .is_some(),
            "{}",
            index.deprecations
        );
        let guide = crate::guide::ApiGuide {
            entries: vec![crate::guide::GuideEntry {
                api_version: "extensions/v1beta1".into(),
                kind: "Ingress".into(),
                removed_in: "1.22".into(),
                replacement: Some("networking.k8s.io/v1".into()),
                replacement_since: Some("1.19".into()),
                notable_changes: vec![],
                file: "deprecation-guide.md".into(),
                line: 9,
                sentence:
                    "The extensions/v1beta1 API version of Ingress is no longer served as of v1.22."
                        .into(),
            }],
            diagnostics: vec![],
        };
        index.set_api_guide(&guide);
        let back = Index::from_json(serde_json::to_string(&index).unwrap().as_bytes()).unwrap();
        assert_eq!(back.deprecations, index.deprecations);
        assert_eq!(back.api_guide, guide.entries);
        let objects = [
            ("extensions/v1beta1", "Deployment"),
            ("extensions/v1beta1", "Ingress"),
        ]
        .map(|(api_version, kind)| crate::ManifestObject {
            file: "m.yaml".into(),
            line: 1,
            api_version: api_version.into(),
            kind: kind.into(),
            name: None,
            namespace: None,
        });
        let report = crate::check::Checker::from_parts(&back.deprecations.items, &back.api_guide)
            .check(&objects, "v1.22", None)
            .unwrap();
        let found: Vec<(&str, Option<&str>)> = report
            .findings
            .iter()
            .map(|f| (f.object.kind.as_str(), f.since.as_deref()))
            .collect();
        assert_eq!(
            found,
            [("Deployment", Some("1.16")), ("Ingress", Some("1.22"))]
        );
    }

    #[test]
    fn malformed_indexes_are_errors_not_panics() {
        let bad = Index {
            format: FORMAT + 1,
            ..Index::default()
        };
        assert!(matches!(bad.into_history(), Err(IndexError::Format { .. })));
        let json = r#"{"v":FORMAT,"s":[[]],"t":["x"],"n":{"t":[]},"r":[{"v":"v1.2.3","n":[5]}]}"#;
        let json = json.replace("FORMAT", &FORMAT.to_string());
        let index = Index::from_json(json.as_bytes()).unwrap();
        assert!(matches!(
            index.into_history(),
            Err(IndexError::BadNote { note: 5, .. })
        ));
        let json = r#"{"v":FORMAT,"s":[[]],"t":["x"],"au":[],"n":{"t":[0],"a":[[1]]},"r":[]}"#;
        let json = json.replace("FORMAT", &FORMAT.to_string());
        let index = Index::from_json(json.as_bytes()).unwrap();
        assert!(matches!(
            index.into_history(),
            Err(IndexError::BadReference {
                what: "author",
                id: 1,
                ..
            })
        ));
    }
}
