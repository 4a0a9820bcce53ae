//! One release note: a bullet of the CHANGELOG with its reference, kind and SIGs pulled out.

use super::Kind;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// One release note: a top-level bullet of a notes section, e.g. `- Fix a leak in the kubelet
/// ([#104530](…), [@alice](…)) [SIG Node]`, with its reference, kind, SIGs and flags read out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The note's Markdown, without the bullet marker, with continuation lines de-indented and
    /// without the trailing `([#N](…), [@author](…)) [SIG …]` reference.
    pub text: String,
    /// Every kubernetes/kubernetes PR the note cites; the first is the note's own PR.
    pub prs: Vec<u64>,
    /// PRs of other repositories the note cites, as `owner/repo#N`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_prs: Vec<String>,
    /// kubernetes/kubernetes issues the reference links to (`…/issues/N`), which are not PRs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<u64>,
    /// GitHub logins from the reference, without `@`.
    pub authors: Vec<String>,
    /// From the `### <Kind>` heading the note sits under; `None` where the era gives no kind.
    pub kind: Option<Kind>,
    /// Label names (`api-machinery`), from the `[SIG …]` suffix or, in older eras, the heading.
    /// A known SIG is a static string (no allocation per note); serialized as plain strings.
    pub sigs: Vec<Cow<'static, str>>,
    /// Listed under an Urgent Upgrade Notes / Action Required heading, or marked `ACTION REQUIRED`.
    pub action_required: bool,
    /// The leading component prefix, lower-cased (`kubeadm`, `kube-apiserver`), if any.
    pub component: Option<String>,
    /// Every CVE id the note mentions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cves: Vec<String>,
    /// The headings the note sat under, below the release heading. Shared by the notes of one
    /// section; serialized as a plain list.
    pub section: Arc<[String]>,
    /// 1-based first line of the bullet.
    pub line: u32,
    /// 1-based last non-blank line of the bullet.
    pub end_line: u32,
}

impl Note {
    /// The note's own PR: the first one its reference cites.
    pub fn pr(&self) -> Option<u64> {
        self.prs.first().copied()
    }
}
