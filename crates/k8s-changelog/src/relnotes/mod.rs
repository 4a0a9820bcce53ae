//! The official machine-readable release notes: krel's per-tag `release-notes.json` (published
//! on dl.k8s.io and behind relnotes.k8s.io), read into a [`Release`](crate::Release) and written back from any
//! notes.
//!
//! The format is one JSON object keyed by PR number; each value is a [`JsonNote`]. The Markdown
//! of a note is `markdown`: the text, then krel's reference
//! `([#N](https://github.com/kubernetes/kubernetes/pull/N), [@a](https://github.com/a)) [SIG A, B and C]`
//! (before v1.18 some files end it with `Courtesy of SIG A, and SIG B` instead of the
//! `[SIG …]` suffix).

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// Why a `release-notes.json` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RelnotesError {
    /// The version given for the file (as written) is not a tag such as `v1.22.3`.
    #[error("`{0}` is not a version such as v1.22.3")]
    BadVersion(String),
    /// The text is not JSON of the expected shape (an object of notes keyed by PR number).
    #[error("line {line}, column {column}: {problem}")]
    Json {
        /// 1-based line in the JSON text.
        line: u32,
        /// 1-based column in the JSON text.
        column: u32,
        /// serde_json's message.
        problem: String,
    },
    /// A note filed under one PR number whose `pr_number` field names another.
    #[error("note `{key}` has pr_number {pr_number}; the key and the number must agree")]
    KeyMismatch {
        /// The object key (`"104530"`).
        key: String,
        /// The note's `pr_number` field.
        pr_number: u64,
    },
}

/// One note as krel writes it. Every field defaults when absent (krel omits empty ones) or
/// `null`; fields this crate does not know are kept in `other` and written back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct JsonNote {
    /// The merge commit's SHA, when krel recorded it.
    #[serde(
        deserialize_with = "or_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub commit: String,
    /// The PR's release-note block as its author wrote it.
    #[serde(deserialize_with = "or_default")]
    pub text: String,
    /// The note as the CHANGELOG shows it: capitalised text (continuation lines indented by
    /// two spaces) and the reference.
    #[serde(deserialize_with = "or_default")]
    pub markdown: String,
    /// Links krel attached to the note (KEPs, docs pages).
    #[serde(deserialize_with = "or_default", skip_serializing_if = "Vec::is_empty")]
    pub documentation: Vec<Documentation>,
    /// The PR author's GitHub login, without `@` (`liggitt`).
    #[serde(deserialize_with = "or_default")]
    pub author: String,
    /// The author's profile address (`https://github.com/liggitt`).
    #[serde(deserialize_with = "or_default")]
    pub author_url: String,
    /// The PR's address (`https://github.com/kubernetes/kubernetes/pull/104530`).
    #[serde(deserialize_with = "or_default")]
    pub pr_url: String,
    /// The kubernetes/kubernetes PR number (`104530`); must equal the note's key in the file.
    #[serde(deserialize_with = "or_default")]
    pub pr_number: u64,
    /// `area/*` label names. Only the JSON has them; the Markdown does not.
    #[serde(deserialize_with = "or_default", skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// `kind/*` label names, including the aliases `regression` and `flake`.
    #[serde(deserialize_with = "or_default", skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    /// `sig/*` label names.
    #[serde(deserialize_with = "or_default", skip_serializing_if = "Vec::is_empty")]
    pub sigs: Vec<String>,
    /// krel's flag for notes of `kind/feature`.
    #[serde(deserialize_with = "or_default", skip_serializing_if = "is_false")]
    pub feature: bool,
    /// krel's flag for a note listed under several SIGs.
    #[serde(deserialize_with = "or_default", skip_serializing_if = "is_false")]
    pub duplicate: bool,
    /// krel's flag for a note listed under several kinds.
    #[serde(deserialize_with = "or_default", skip_serializing_if = "is_false")]
    pub duplicate_kind: bool,
    /// The PR carries the action-required release note; listed under Urgent Upgrade Notes.
    #[serde(deserialize_with = "or_default", skip_serializing_if = "is_false")]
    pub action_required: bool,
    /// The note is kept out of the published CHANGELOG ([`read`] leaves it out).
    #[serde(deserialize_with = "or_default", skip_serializing_if = "is_false")]
    pub do_not_publish: bool,
    /// The tag without `v` (`1.22.2`); not every file has it.
    #[serde(
        deserialize_with = "or_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub release_version: String,
    /// Fields this crate does not model, kept as they were and written back by [`write()`].
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// A link krel attaches to a note (a KEP, a docs page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Documentation {
    /// The link's text, as the PR author wrote it (`KEP: https://…`).
    #[serde(deserialize_with = "or_default")]
    pub description: String,
    /// The link's address.
    #[serde(deserialize_with = "or_default")]
    pub url: String,
    /// `KEP`, `official` or `external`.
    #[serde(rename = "type", deserialize_with = "or_default")]
    pub doc_type: String,
}

fn or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// A whole file: notes by PR number, as written (keys are strings, as in JSON).
pub type JsonNotes = BTreeMap<String, JsonNote>;

/// Parses a `release-notes.json` without interpreting it.
pub fn parse_json(json_text: &str) -> Result<JsonNotes, RelnotesError> {
    serde_json::from_str(json_text).map_err(|e| {
        let (line, column) = (e.line() as u32, e.column() as u32);
        let text = e.to_string();
        let suffix = format!(" at line {line} column {column}");
        RelnotesError::Json {
            line,
            column,
            problem: text.strip_suffix(&suffix).unwrap_or(&text).to_string(),
        }
    })
}

mod read;
mod write;

pub use read::{read, read_changelog, version_from_file_name};
pub use write::{reference_suffix, to_json_note, to_json_notes, write};

#[cfg(test)]
mod tests {
    use super::read::strip_reference;
    use super::*;
    use crate::model::Kind;

    const KREL: &str = r#"{
      "104446": {
        "commit": "c44c96afc3452b8055de9d374e72e38ea6b8126d",
        "text": "fix: skip case sensitivity when checking Azure NSG rules\nfix: ensure InstanceShutdownByProviderID return false for creating Azure VMs",
        "markdown": "Fix: skip case sensitivity when checking Azure NSG rules\n  fix: ensure InstanceShutdownByProviderID return false for creating Azure VMs ([#104446](https://github.com/kubernetes/kubernetes/pull/104446), [@feiskyer](https://github.com/feiskyer)) [SIG Cloud Provider]",
        "author": "feiskyer",
        "author_url": "https://github.com/feiskyer",
        "pr_url": "https://github.com/kubernetes/kubernetes/pull/104446",
        "pr_number": 104446,
        "areas": ["cloudprovider", "provider/azure"],
        "kinds": ["bug"],
        "sigs": ["cloud-provider"],
        "is_mapped": true
      },
      "67678": {
        "text": "The --storage-versions flag of kube-apiserver is removed.",
        "markdown": "kube-apiserver: The --storage-versions flag is removed, see CVE-2019-11247. ([#67678](https://github.com/kubernetes/kubernetes/pull/67678), [@caesarxuchao](https://github.com/caesarxuchao))\n\n  Courtesy of SIG API Machinery, and SIG Testing",
        "author": "caesarxuchao",
        "pr_number": 67678,
        "kinds": ["cleanup", "api-change"],
        "sigs": ["testing", "api-machinery"],
        "action_required": true,
        "release_version": "1.14.0"
      },
      "5": {"markdown": "Hidden ([#5](https://github.com/kubernetes/kubernetes/pull/5), [@x](https://github.com/x))", "pr_number": 5, "do_not_publish": true},
      "111178": {"text": "NONE", "markdown": "NONE([#111178](https://github.com/kubernetes/kubernetes/pull/111178), [@lucming](https://github.com/lucming))", "pr_number": 111178, "kinds": null, "sigs": null}
    }"#;

    #[test]
    fn reads_krel_notes() {
        let release = read(KREL, "1.22.2", "release-notes-1.22.2.json").unwrap();
        assert_eq!(release.version, "v1.22.2");
        assert_eq!(release.file, "release-notes-1.22.2.json");
        assert_eq!(release.cves, ["CVE-2019-11247"]);
        let prs: Vec<u64> = release.notes.iter().map(|n| n.prs[0]).collect();
        assert_eq!(
            prs,
            [67678, 104446, 111178],
            "PR order, do_not_publish left out"
        );
        let [old, azure, none] = &release.notes[..] else {
            unreachable!()
        };
        assert_eq!(
            azure.text,
            "Fix: skip case sensitivity when checking Azure NSG rules\n\
             fix: ensure InstanceShutdownByProviderID return false for creating Azure VMs"
        );
        assert_eq!(azure.authors, ["feiskyer"]);
        assert_eq!(azure.kind, Some(Kind::Bug));
        assert_eq!(azure.sigs, ["cloud-provider"]);
        assert!(!azure.action_required);
        assert_eq!(azure.component, None, "`Fix:` is not a component");

        assert_eq!(
            old.text,
            "kube-apiserver: The --storage-versions flag is removed, see CVE-2019-11247."
        );
        assert_eq!(
            old.kind,
            Some(Kind::ApiChange),
            "krel's priority, not list order"
        );
        assert_eq!(old.sigs, ["api-machinery", "testing"]);
        assert!(old.action_required);
        assert_eq!(old.component.as_deref(), Some("kube-apiserver"));
        assert_eq!(old.cves, ["CVE-2019-11247"]);

        assert_eq!(none.text, "NONE");
        assert_eq!(none.kind, Some(Kind::Uncategorized));
        assert!(none.sigs.is_empty());
    }

    #[test]
    fn unknown_fields_survive_a_raw_round_trip() {
        let raw = parse_json(KREL).unwrap();
        assert_eq!(raw["104446"].other["is_mapped"], serde_json::json!(true));
        let again = parse_json(&serde_json::to_string(&raw).unwrap()).unwrap();
        assert_eq!(raw, again);
    }

    #[test]
    fn read_errors() {
        assert!(matches!(
            read("[]", "v1.0.0", "f"),
            Err(RelnotesError::Json { line: 1, .. })
        ));
        let err = read("{\n \"1\": {\"pr_number\": \"x\"}}", "v1.0.0", "f").unwrap_err();
        assert!(matches!(err, RelnotesError::Json { line: 2, .. }), "{err}");
        assert_eq!(
            read(r#"{"1": {"pr_number": 2}}"#, "v1.0.0", "f")
                .unwrap_err()
                .to_string(),
            "note `1` has pr_number 2; the key and the number must agree"
        );
        assert_eq!(
            read("{}", "latest", "f").unwrap_err().to_string(),
            "`latest` is not a version such as v1.22.3"
        );
    }

    #[test]
    fn strips_every_reference_spelling() {
        for (markdown, want) in [
            ("A ([#1](u), [@a](v)) [SIG Node and Storage]", "A"),
            ("A ([#1](u), [@a](v))", "A"),
            (
                "A. ([#1](u), [@a](v))\n\n  Courtesy of SIG Apps, and SIG Node",
                "A.",
            ),
            ("A. ([#1](u), [@a](v)) Courtesy of SIG Apps", "A."),
            ("NONE([#1](u), [@a](v))", "NONE"),
            ("No reference at all.", "No reference at all."),
            (
                "Mentions ([#1](u)) then more text",
                "Mentions ([#1](u)) then more text",
            ),
            (
                "A [SIG Node] tag in the text ([#1](u))",
                "A [SIG Node] tag in the text",
            ),
        ] {
            assert_eq!(strip_reference(markdown, 1), want, "{markdown}");
        }
    }

    #[test]
    fn writes_the_reference_as_krel_does() {
        let sigs = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            reference_suffix(7, Some("a"), &sigs(&["node", "api-machinery", "cli"])),
            "([#7](https://github.com/kubernetes/kubernetes/pull/7), [@a](https://github.com/a)) [SIG API Machinery, CLI and Node]"
        );
        assert_eq!(
            reference_suffix(7, None, &sigs(&["node", "storage"])),
            "([#7](https://github.com/kubernetes/kubernetes/pull/7)) [SIG Node and Storage]"
        );
        assert_eq!(
            reference_suffix(7, Some("a"), &[]),
            "([#7](https://github.com/kubernetes/kubernetes/pull/7), [@a](https://github.com/a))"
        );
    }

    #[test]
    fn write_then_read_keeps_the_notes() {
        let release = read(KREL, "v1.22.2", "in.json").unwrap();
        let json = write(release.notes.iter().map(|n| (&release, n)));
        let raw = parse_json(&json).unwrap();
        let azure = &raw["104446"];
        assert_eq!(
            azure.pr_url,
            "https://github.com/kubernetes/kubernetes/pull/104446"
        );
        assert_eq!(azure.author_url, "https://github.com/feiskyer");
        assert_eq!(azure.release_version, "1.22.2");
        assert_eq!(
            azure.markdown,
            parse_json(KREL).unwrap()["104446"].markdown,
            "krel's exact markdown"
        );
        assert_eq!(raw["67678"].kinds, ["api-change"]);
        assert!(raw["111178"].kinds.is_empty(), "uncategorized is no label");
        let back = read(&json, "v1.22.2", "in.json").unwrap();
        assert_eq!(back.notes, release.notes);
    }

    #[test]
    fn writes_one_entry_per_pr_and_skips_notes_without_one() {
        let log = crate::parse(
            "# v1.22.1\n\n## Changes by Kind\n\n### Bug or Regression\n\n\
             - Fix ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a))\n\
             - No reference at all\n\n\
             # v1.21.5\n\n## Changes by Kind\n\n### Feature\n\n\
             - Fix, cherry-picked ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@a](https://github.com/a))\n",
            "t.md",
        );
        let notes = to_json_notes(log.notes());
        assert_eq!(notes.len(), 1);
        assert_eq!(
            notes["1"].release_version, "1.21.5",
            "the first note given wins"
        );
        assert!(notes["1"].feature);
    }

    #[test]
    fn file_names_give_versions() {
        assert_eq!(
            version_from_file_name("a/release-notes-1.22.0-rc.1.json").map(|v| v.to_string()),
            Some("1.22.0-rc.1".into())
        );
        assert_eq!(version_from_file_name("release-notes.json"), None);
    }
}
