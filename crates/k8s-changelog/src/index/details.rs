//! The index's details: what only some of the explorer's views read (the deprecation and
//! feature-gate timelines, the guide's entries, each release's dependencies and prose). The
//! `index` command writes them apart, to [`super::DETAILS_FILE`], so that the first load
//! fetches only what the notes view needs; a view that needs them fetches them when it opens.

use super::{Index, IndexError, IndexProse, FORMAT};
use crate::guide::GuideEntry;
use crate::model::Dependencies;
use crate::timeline::{DeprecationTimeline, FeatureGateTimeline};
use serde::{Deserialize, Serialize};

/// What [`Index::take_details`] takes out of an index: the file [`super::DETAILS_FILE`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Details {
    /// [`FORMAT`].
    #[serde(rename = "v")]
    pub format: u32,
    /// [`Index::deprecations`].
    #[serde(
        rename = "dt",
        default,
        skip_serializing_if = "DeprecationTimeline::is_empty"
    )]
    pub deprecations: DeprecationTimeline,
    /// [`Index::feature_gates`].
    #[serde(
        rename = "fg",
        default,
        skip_serializing_if = "FeatureGateTimeline::is_empty"
    )]
    pub feature_gates: FeatureGateTimeline,
    /// [`Index::api_guide`].
    #[serde(rename = "ag", default, skip_serializing_if = "Vec::is_empty")]
    pub api_guide: Vec<GuideEntry>,
    /// Per release of the index (the same positions), its dependencies and prose.
    #[serde(rename = "r", default)]
    pub releases: Vec<ReleaseDetails>,
}

/// One release's details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReleaseDetails {
    /// [`super::IndexRelease::dependencies`].
    #[serde(
        rename = "dep",
        default,
        skip_serializing_if = "Dependencies::is_empty"
    )]
    pub dependencies: Dependencies,
    /// [`super::IndexRelease::prose`].
    #[serde(rename = "pr", default, skip_serializing_if = "Vec::is_empty")]
    pub prose: Vec<IndexProse>,
}

impl Index {
    /// Moves the details out of the index (which then says so, [`Index::details_apart`]).
    pub fn take_details(&mut self) -> Details {
        self.details_apart = true;
        Details {
            format: FORMAT,
            deprecations: std::mem::take(&mut self.deprecations),
            feature_gates: std::mem::take(&mut self.feature_gates),
            api_guide: std::mem::take(&mut self.api_guide),
            releases: self
                .releases
                .iter_mut()
                .map(|r| ReleaseDetails {
                    dependencies: std::mem::take(&mut r.dependencies),
                    prose: std::mem::take(&mut r.prose),
                })
                .collect(),
        }
    }

    /// Puts details taken out of this index back; details of another index (another number
    /// of releases) are an error and change nothing.
    pub fn put_details(&mut self, details: Details) -> Result<(), IndexError> {
        details.check(self.releases.len())?;
        self.deprecations = details.deprecations;
        self.feature_gates = details.feature_gates;
        self.api_guide = details.api_guide;
        for (release, d) in self.releases.iter_mut().zip(details.releases) {
            release.dependencies = d.dependencies;
            release.prose = d.prose;
        }
        self.details_apart = false;
        Ok(())
    }
}

impl Details {
    /// Whether these are the details of an index of `releases` releases.
    pub fn check(&self, releases: usize) -> Result<(), IndexError> {
        if self.releases.len() == releases {
            Ok(())
        } else {
            Err(IndexError::Mismatch {
                found: self.releases.len(),
                expected: releases,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{note, release};
    use crate::History;

    #[test]
    fn details_come_apart_and_back() {
        let bump = "## Dependencies\n\n### Changed\n\
            - github.com/a/b: [v1.0.0 → v1.1.0](https://github.com/a/b/compare/v1.0.0...v1.1.0)\n\n";
        let removal = note(
            "The `extensions/v1beta1` API version of `Deployment` is no longer served",
            3,
            "carol",
            "apps",
        );
        let text =
            release("v1.16.1", &[], bump) + &release("v1.16.0", &[("API Change", &[removal])], "");
        let history = History::new(crate::parse(&text, "CHANGELOG-1.16.md"));
        let whole = Index::from_history(&history);
        assert!(!whole.deprecations.is_empty() && !whole.details_apart);
        let mut index = whole.clone();
        let details = index.take_details();
        assert!(index.details_apart && index.deprecations.is_empty());
        assert!(index.releases.iter().all(|r| r.dependencies.is_empty()));
        let apart = index.clone().into_history().unwrap();
        assert!(apart.releases()[1].dependencies.is_empty());
        // Both files read back, and together they are the whole index again.
        let json = serde_json::to_vec(&details).unwrap();
        let details = Details::from_json(&json).unwrap();
        let mut index = Index::from_json(&serde_json::to_vec(&index).unwrap()).unwrap();
        assert_eq!(
            Details::default().check(2),
            Err(IndexError::Mismatch {
                found: 0,
                expected: 2
            })
        );
        assert!(index.put_details(Details::default()).is_err());
        index.put_details(details).unwrap();
        assert_eq!(index, whole);
        let back = index.into_history().unwrap();
        assert_eq!(
            back.releases()[1].dependencies,
            history.releases()[1].dependencies
        );
    }
}
