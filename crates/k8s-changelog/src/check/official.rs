//! The guide's facts beside the changelogs': for each entry of the Deprecated API Migration
//! Guide, what the changelogs say of the same group/version and kind (matched as
//! [`Checker`] matches an object), and whether the two agree. Disagreements are listed, not
//! hidden: the CLI's `deprecations --api-guide` and the explorer's deprecations view show them.

use super::{changelog_evidence, minor_of, ChangelogEvidence, Checker, GuideEvidence};
use crate::guide::GuideEntry;
use serde::Serialize;

/// Whether the changelogs say what the guide says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Agreement {
    /// The changelogs date the removal to the guide's minor (or, with no removal stated, plan
    /// it for that minor).
    Agrees,
    /// The changelogs say another minor.
    Differs,
    /// The changelogs state no removal or plan for it.
    NotStated,
}

impl Agreement {
    /// `agrees`, `differs`, `not-stated`.
    pub fn label(self) -> &'static str {
        match self {
            Agreement::Agrees => "agrees",
            Agreement::Differs => "differs",
            Agreement::NotStated => "not-stated",
        }
    }
}

/// One guide entry and what the changelogs say of the same API and kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideFact {
    /// `extensions/v1beta1`.
    pub api_version: String,
    /// `Ingress`.
    pub kind: String,
    /// The minor the guide says stops serving it (`1.22`).
    pub removed_in: String,
    /// The API version the guide says to migrate to.
    pub replacement: Option<String>,
    /// Where the guide says it.
    pub guide: GuideEvidence,
    /// What the changelogs say: the removal minor (`1.22`), else the plan
    /// (`planned 1.22 (#99290)`, `planned 1.20 (#84758), not recorded since`); `None` when
    /// they state neither.
    pub changelogs: Option<String>,
    /// The changelog statement behind it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changelog: Option<ChangelogEvidence>,
    /// Whether the two agree.
    pub agreement: Agreement,
}

impl Checker<'_> {
    /// Each of `entries` (the guide's, in its order) beside what the changelogs say.
    pub fn guide_facts(&self, entries: &[GuideEntry]) -> Vec<GuideFact> {
        entries.iter().map(|e| self.guide_fact(e)).collect()
    }

    fn guide_fact(&self, entry: &GuideEntry) -> GuideFact {
        let item = self.verdict(&entry.api_version, &entry.kind).item;
        let guide_minor = minor_of(&entry.removed_in);
        let (changelogs, agreement, event) = match item {
            Some(i) if i.removed_in.is_some() => {
                let said = i.removed_in.clone().unwrap_or_default();
                let agrees = minor_of(&said) == guide_minor;
                (Some(said), agrees, i.removal_event())
            }
            Some(i) if i.removal_planned.is_some() => {
                let agrees = i.removal_planned.as_deref().and_then(minor_of) == guide_minor;
                let plan = i.removal_plan_text().unwrap_or_default();
                (
                    Some(format!("planned {plan}")),
                    agrees,
                    i.deprecation_event(),
                )
            }
            _ => (None, false, None),
        };
        let agreement = match (&changelogs, agreement) {
            (None, _) => Agreement::NotStated,
            (Some(_), true) => Agreement::Agrees,
            (Some(_), false) => Agreement::Differs,
        };
        GuideFact {
            api_version: entry.api_version.clone(),
            kind: entry.kind.clone(),
            removed_in: entry.removed_in.clone(),
            replacement: entry.replacement.clone(),
            guide: GuideEvidence::of(entry),
            changelogs,
            changelog: item.zip(event).map(|(i, e)| changelog_evidence(i, e)),
            agreement,
        }
    }
}
