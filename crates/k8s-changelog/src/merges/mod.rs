//! Merged pull requests of a week, the second source of a weekly post beside the changelogs.
//! The CLI reads them (a kubernetes/kubernetes clone's first-parent history, or GitHub's
//! search API); this module reads the text it gets into [`MergedPr`]s: [`from_git_log`] for
//! `git log --format=`[`GIT_LOG_FORMAT`] output, [`from_github_search`] for a page of
//! `GET /search/issues` JSON, and [`release_note_block`] for a PR body's release note. No I/O.

mod git;
mod github;
mod release_note;

pub use git::{from_git_log, GIT_LOG_FORMAT};
pub use github::{from_github_search, SearchPage};
pub use release_note::release_note_block;

use crate::model::{Kind, Note};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A pull request merged into kubernetes/kubernetes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedPr {
    /// The PR number (`89069`).
    pub number: u64,
    /// The PR's title (`Remove basic auth support from kube-apiserver`).
    pub title: String,
    /// The PR author's GitHub login; from git, the owner of the merged branch.
    pub author: String,
    /// The day it was merged (UTC).
    pub merged: NaiveDate,
    /// Its labels (`kind/feature`, `sig/node`, `release-note-action-required`); none from git.
    pub labels: Vec<String>,
    /// The body's ```` ```release-note ```` block, without a `NONE`; none from git.
    pub release_note: Option<String>,
}

/// Why merge text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergesError {
    /// A `git log` record that is not in [`GIT_LOG_FORMAT`].
    #[error("git log record {record}: {problem}")]
    GitRecord {
        /// The record's 1-based position in the output.
        record: usize,
        /// What is wrong with it.
        problem: String,
    },
    /// A search answer that is not GitHub's search JSON.
    #[error("line {line}, column {column}: {problem}")]
    Json {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's message, or the API's own `message`.
        problem: String,
    },
}

impl MergedPr {
    /// The `kind/*` labels as kinds, in label order.
    pub fn kinds(&self) -> Vec<Kind> {
        self.labels
            .iter()
            .filter(|l| l.starts_with("kind/"))
            .filter_map(|l| Kind::from_label(l))
            .collect()
    }

    /// The `sig/*` labels without the prefix (`api-machinery`).
    pub fn sigs(&self) -> Vec<String> {
        self.labels
            .iter()
            .filter_map(|l| l.strip_prefix("sig/"))
            .map(str::to_string)
            .collect()
    }

    /// The PR as a note when no changelog carries it: its release-note block (else its title),
    /// its kind and SIG labels, and `action_required` from the `release-note-action-required`
    /// label or a note starting `ACTION REQUIRED`.
    pub fn to_note(&self) -> Note {
        let text = self
            .release_note
            .clone()
            .unwrap_or_else(|| self.title.clone());
        let action_required = self
            .labels
            .iter()
            .any(|l| l == "release-note-action-required")
            || text
                .trim_start()
                .to_ascii_uppercase()
                .starts_with("ACTION REQUIRED");
        Note {
            cves: crate::parse::cves_in(&text),
            component: crate::parse::component(&text),
            text,
            prs: vec![self.number],
            authors: vec![self.author.clone()],
            kind: self.kinds().into_iter().next(),
            sigs: self.sigs().into_iter().map(Into::into).collect(),
            action_required,
            ..Note::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pr_without_a_changelog_note_becomes_one() {
        let pr = MergedPr {
            number: 89069,
            title: "Remove basic auth support".into(),
            author: "enj".into(),
            merged: "2020-03-17".parse().unwrap(),
            labels: vec![
                "kind/cleanup".into(),
                "sig/auth".into(),
                "release-note-action-required".into(),
            ],
            release_note: Some("Basic auth is removed; fixes CVE-2020-8551.".into()),
        };
        let note = pr.to_note();
        assert_eq!(note.kind, Some(Kind::Cleanup));
        assert_eq!(note.sigs, ["auth"]);
        assert!(note.action_required);
        assert_eq!(note.pr(), Some(89069));
        assert_eq!(note.cves, ["CVE-2020-8551"]);
        let bare = MergedPr {
            labels: vec![],
            release_note: None,
            ..pr
        };
        assert_eq!(bare.to_note().text, "Remove basic auth support");
        assert!(!bare.to_note().action_required);
    }
}
