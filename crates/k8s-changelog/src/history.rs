//! A `History`: the releases of many parsed files, one per tag, in semver order, with the
//! release graph (minor lines, previous tags) and release dates.

use crate::model::{Changelog, Release};
use crate::VersionRange;
use chrono::NaiveDate;
use semver::Version;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// When a release was published (or is planned to be).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseDate {
    /// The calendar day (UTC), e.g. 2021-09-15 for v1.22.2.
    pub date: NaiveDate,
    /// A schedule's target, not a tag's actual date.
    pub planned: bool,
    /// Where the date came from (`release-dates.csv`, `git`, `github`).
    pub source: String,
}

/// The ends of a range of releases of a [`History`] ([`History::range`]); either may be open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReleaseRange<'h> {
    /// The first release of the range, if bounded below.
    pub from: Option<&'h Release>,
    /// The last release of the range, if bounded above.
    pub to: Option<&'h Release>,
}

impl ReleaseRange<'_> {
    /// The range as a [`VersionRange`] for a [`Query`](crate::Query): both ends included;
    /// `None` when neither end is given.
    pub fn version_range(&self) -> Option<VersionRange> {
        (self.from.is_some() || self.to.is_some()).then(|| VersionRange::Between {
            from: self.from.map(|r| r.semver.clone()),
            to: self.to.map(|r| r.semver.clone()),
        })
    }

    /// Whether something that happened at `version` happened within the range as a change
    /// between its ends: after `from`, up to and including `to`.
    pub fn changed_within(&self, version: &Version) -> bool {
        self.from.is_none_or(|f| *version > f.semver)
            && self.to.is_none_or(|t| *version <= t.semver)
    }
}

/// Why a query could not be answered. Messages are meant for users as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The history has no release with that tag.
    #[error("no such release {wanted}{}", nearest.as_ref().map(|n| format!("; nearest: {n}")).unwrap_or_default())]
    NoSuchRelease {
        /// The tag asked for, normalised with a `v` (`v1.99.0`).
        wanted: String,
        /// The closest tag the history does have (`v1.24.0-alpha.1`); `None` for an empty
        /// history.
        nearest: Option<String>,
    },
    /// The text (as given, trimmed) is not a version tag such as `v1.22.3`.
    #[error("`{0}` is not a version such as v1.22.3")]
    BadVersion(String),
    /// A range whose start is newer than its end (`--from v1.23.0 --to v1.21.0`).
    #[error("inverted range: {from} is newer than {to}")]
    InvertedRange {
        /// The start as given.
        from: String,
        /// The end as given.
        to: String,
    },
    /// A name outside a closed vocabulary (a kind such as `bugfix`, a SIG such as `nodes`).
    #[error("`{wanted}` is not a valid {what}; valid values: {valid}")]
    UnknownValue {
        /// What was being named: `kind`, `SIG`.
        what: &'static str,
        /// The name given.
        wanted: String,
        /// The valid names, comma-separated, for the message.
        valid: String,
    },
    /// A `--range` text that is not a range.
    #[error(
        "`{range}` is not a version range ({reason}); use `v1.27.3..v1.30.1` or `>=1.27, <1.30`"
    )]
    BadRange {
        /// The range text as given.
        range: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The releases of one or more CHANGELOG files, one per tag, oldest first.
#[derive(Debug, Clone, Default)]
pub struct History {
    releases: Vec<Release>,
    index: HashMap<Version, usize>,
    dates: HashMap<Version, ReleaseDate>,
    /// Each note's text, lower-cased, per release: text search without per-query allocation.
    /// Made by the first text search: most answers never search text.
    lowered: OnceLock<Vec<Vec<Box<str>>>>,
}

impl History {
    /// Builds a history from parsed files. A tag that appears twice (a CHANGELOG section and a
    /// release-notes draft, say) is kept once: the first occurrence in `changelog` order.
    pub fn new(changelog: Changelog) -> History {
        History::from_releases(changelog.releases)
    }

    /// Builds a history from releases in any order (as [`History::new`] does): sorted by semver,
    /// a repeated tag kept once (its first occurrence).
    pub fn from_releases(mut releases: Vec<Release>) -> History {
        // Stable: among equal versions the first stays first.
        releases.sort_by(|a, b| a.semver.cmp(&b.semver));
        releases.dedup_by(|later, first| later.semver == first.semver);
        let index = releases
            .iter()
            .enumerate()
            .map(|(i, r)| (r.semver.clone(), i))
            .collect();
        History {
            lowered: OnceLock::new(),
            releases,
            index,
            dates: HashMap::new(),
        }
    }

    /// The lower-cased texts of the notes of the `i`th release (in `releases()` order).
    pub(crate) fn lowered_texts(&self, i: usize) -> &[Box<str>] {
        let lowered = self.lowered.get_or_init(|| {
            self.releases
                .iter()
                .map(|r| {
                    r.notes
                        .iter()
                        .map(|n| n.text.to_lowercase().into_boxed_str())
                        .collect()
                })
                .collect()
        });
        &lowered[i]
    }

    /// Every release, oldest first.
    pub fn releases(&self) -> &[Release] {
        &self.releases
    }

    /// The release with exactly this semver version (`1.22.3`, `1.23.0-rc.1`); `None` when the
    /// history has no such tag. [`History::find`] takes a tag string and explains a miss.
    pub fn get(&self, version: &Version) -> Option<&Release> {
        self.index.get(version).map(|&i| &self.releases[i])
    }

    /// The release with tag `tag` (`v1.22.3` or `1.22.3`), or an error naming the nearest one.
    pub fn find(&self, tag: &str) -> Result<&Release, QueryError> {
        let version =
            crate::parse_tag(tag).map_err(|_| QueryError::BadVersion(tag.trim().to_string()))?;
        self.get(&version).ok_or_else(|| QueryError::NoSuchRelease {
            wanted: format!("v{version}"),
            nearest: self.nearest(&version).map(|r| r.version.clone()),
        })
    }

    /// The releases two tags name, either of which may be left out: the ends of a range as the
    /// CLI's `--from`/`--to` and the explorer's range fields give them. An unknown tag is
    /// [`QueryError::NoSuchRelease`] naming the nearest one (a typo must not turn into an empty
    /// answer); `from` newer than `to` is [`QueryError::InvertedRange`].
    pub fn range(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<ReleaseRange<'_>, QueryError> {
        let from = from.map(|t| self.find(t)).transpose()?;
        let to = to.map(|t| self.find(t)).transpose()?;
        if let (Some(f), Some(t)) = (from, to) {
            if f.semver > t.semver {
                return Err(QueryError::InvertedRange {
                    from: f.version.clone(),
                    to: t.version.clone(),
                });
            }
        }
        Ok(ReleaseRange { from, to })
    }

    /// The newest release not newer than `version`, or else the oldest release.
    pub fn nearest(&self, version: &Version) -> Option<&Release> {
        let after = self.releases.partition_point(|r| r.semver <= *version);
        after
            .checked_sub(1)
            .map(|i| &self.releases[i])
            .or_else(|| self.releases.first())
    }

    /// The releases of one minor line (`1.22`), oldest first.
    pub fn line(&self, major: u64, minor: u64) -> impl Iterator<Item = &Release> {
        self.releases
            .iter()
            .filter(move |r| r.semver.major == major && r.semver.minor == minor)
    }

    /// The release `release` follows: the tag its notes say they start from when the history
    /// has it, else the tag before it on the release graph (the previous patch; for `x.y.0` and
    /// `x.y.0-alpha.1`, `x.(y-1).0`; for other pre-releases, the previous pre-release).
    pub fn previous(&self, release: &Release) -> Option<&Release> {
        if let Some(tag) = &release.previous {
            if let Some(found) = crate::parse_tag(tag).ok().and_then(|v| self.get(&v)) {
                return Some(found);
            }
        }
        let v = &release.semver;
        let first_of_cycle = v.patch == 0
            && (v.pre.is_empty() || v.pre.as_str() == "alpha.0" || v.pre.as_str() == "alpha.1");
        if first_of_cycle && v.minor > 0 {
            return self.get(&Version::new(v.major, v.minor - 1, 0));
        }
        let i = *self.index.get(v)?;
        self.releases[..i].iter().rev().find(|r| {
            r.semver.major == v.major
                && r.semver.minor == v.minor
                && (v.patch > 0) == (r.semver.patch > 0 || r.semver.pre.is_empty())
                && r.semver < *v
        })
    }

    /// Records release dates; a later call overrides an earlier date for the same tag.
    pub fn add_dates(&mut self, dates: impl IntoIterator<Item = (Version, ReleaseDate)>) {
        self.dates.extend(dates);
    }

    /// The date recorded for a tag by [`History::add_dates`]; `None` when no source gave one
    /// (the CHANGELOG Markdown itself has no dates).
    pub fn date(&self, version: &Version) -> Option<&ReleaseDate> {
        self.dates.get(version)
    }

    /// Every known date, including those of tags the history has no notes for (planned ones).
    pub fn dates(&self) -> impl Iterator<Item = (&Version, &ReleaseDate)> {
        self.dates.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(tags: &[&str]) -> History {
        let text: String = tags.iter().map(|t| format!("# {t}\n\n")).collect();
        History::new(crate::parse(&text, "t.md"))
    }

    #[test]
    fn finds_releases_and_names_the_nearest() {
        let h = history(&[
            "v1.23.0",
            "v1.24.0-alpha.1",
            "v1.22.1",
            "v1.22.0",
            "v1.22.0",
        ]);
        assert_eq!(h.releases().len(), 4, "duplicates are kept once");
        assert_eq!(h.find("1.22.1").unwrap().version, "v1.22.1");
        assert_eq!(
            h.find("v1.99.0").unwrap_err().to_string(),
            "no such release v1.99.0; nearest: v1.24.0-alpha.1"
        );
        assert_eq!(
            h.find("v1.0.0").unwrap_err().to_string(),
            "no such release v1.0.0; nearest: v1.22.0"
        );
        assert!(matches!(h.find("latest"), Err(QueryError::BadVersion(_))));
    }

    #[test]
    fn ranges_name_releases_of_the_history() {
        let h = history(&["v1.21.0", "v1.22.0", "v1.22.1", "v1.23.0"]);
        let r = h.range(Some("v1.22.0"), Some("1.23.0")).unwrap();
        assert_eq!(r.from.unwrap().version, "v1.22.0");
        let v = |t: &str| crate::parse_tag(t).unwrap();
        assert!(r.version_range().unwrap().contains(&v("v1.22.0")));
        assert!(!r.changed_within(&v("v1.22.0")));
        assert!(r.changed_within(&v("v1.23.0")));
        assert!(h.range(None, None).unwrap().version_range().is_none());
        assert_eq!(
            h.range(Some("v1.22.7"), None).unwrap_err().to_string(),
            "no such release v1.22.7; nearest: v1.22.1"
        );
        assert!(matches!(
            h.range(Some("v1.23.0"), Some("v1.21.0")),
            Err(QueryError::InvertedRange { .. })
        ));
    }

    #[test]
    fn previous_follows_the_release_graph() {
        let h = history(&[
            "v1.21.0",
            "v1.21.5",
            "v1.22.0-alpha.1",
            "v1.22.0-beta.0",
            "v1.22.0",
            "v1.22.1",
            "v1.22.2",
        ]);
        let prev = |t: &str| h.previous(h.find(t).unwrap()).map(|r| r.version.as_str());
        assert_eq!(prev("v1.22.2"), Some("v1.22.1"));
        assert_eq!(prev("v1.22.1"), Some("v1.22.0"));
        assert_eq!(prev("v1.22.0"), Some("v1.21.0"));
        assert_eq!(prev("v1.22.0-alpha.1"), Some("v1.21.0"));
        assert_eq!(prev("v1.22.0-beta.0"), Some("v1.22.0-alpha.1"));
        assert_eq!(prev("v1.21.5"), Some("v1.21.0"));
    }
}
