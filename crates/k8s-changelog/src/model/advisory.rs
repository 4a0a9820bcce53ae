//! Security advisories from `## Important Security Information`.

use serde::{Deserialize, Serialize};

/// One `### CVE-…` block of a release's `## Important Security Information` section (patch
/// releases from April 2021 on: v1.18.18, v1.19.10, v1.20.6, v1.21.5, v1.22.2, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    /// `CVE-2021-25741`.
    pub id: String,
    /// The heading text after the id, e.g. `Symlink Exchange Can Allow Host Filesystem Access`.
    pub title: String,
    /// The advisory's prose, Markdown, without the structured parts below.
    pub description: String,
    /// `Low`, `Medium`, `High` or `Critical`, as written.
    pub cvss_rating: Option<String>,
    /// The CVSS base score, 0.0 to 10.0 (`8.8`); `None` when the advisory gives none.
    pub cvss_score: Option<f32>,
    /// `CVSS:3.1/AV:N/…`.
    pub cvss_vector: Option<String>,
    /// The `**Affected Versions**` list items, as written (`kubelet v1.22.0 - v1.22.1`).
    pub affected: Vec<String>,
    /// The `**Fixed Versions**` list items, as written.
    pub fixed: Vec<String>,
    /// 1-based line of the `### CVE-…` heading.
    pub line: u32,
    /// 1-based last non-blank line of the advisory, inclusive.
    pub end_line: u32,
}

/// The versions an item of an advisory's lists ends with: `v1.22.0 - v1.22.1` (a range),
/// `<= v1.19.14` or `< 1.20.0` (a bound), or one version (`kubelet v1.21.0`). Read by words, not
/// with a regex: this runs in the explorer, whose wasm has no regex engine.
#[derive(Debug, PartialEq)]
enum Versions {
    Range(semver::Version, semver::Version),
    AtMost(semver::Version),
    Below(semver::Version),
    One(semver::Version),
}

fn version(text: &str) -> Option<semver::Version> {
    semver::Version::parse(text.trim_start_matches('v')).ok()
}

fn versions(item: &str) -> Option<Versions> {
    let words: Vec<&str> = item.split_whitespace().collect();
    let (&last, rest) = words.split_last()?;
    if let Some(below) = last.strip_prefix("<=") {
        return version(below).map(Versions::AtMost);
    }
    if let Some(below) = last.strip_prefix('<') {
        return version(below).map(Versions::Below);
    }
    let high = version(last)?;
    match rest {
        [.., low, "-" | "–" | "to"] => {
            Some(version(low).map_or(Versions::One(high.clone()), |low| {
                Versions::Range(low, high)
            }))
        }
        [.., "<="] => Some(Versions::AtMost(high)),
        [.., "<"] => Some(Versions::Below(high)),
        _ => Some(Versions::One(high)),
    }
}

/// Whether the item (`kubelet v1.20.0 - v1.20.10`, `kube-apiserver <= v1.18.17`) covers
/// `release`; `None` when the item's versions cannot be read.
fn covers(item: &str, release: &semver::Version) -> Option<bool> {
    Some(match versions(item)? {
        Versions::Range(low, high) => low <= *release && *release <= high,
        Versions::AtMost(high) => *release <= high,
        Versions::Below(high) => *release < high,
        Versions::One(v) => v == *release,
    })
}

/// The one version a fixed-versions item names (`kubelet v1.22.2` → 1.22.2).
fn fixed_version(item: &str) -> Option<semver::Version> {
    match versions(item)? {
        Versions::One(v) => Some(v),
        _ => None,
    }
}

impl Advisory {
    /// The affected-versions item that covers `release` (a release, not a pre-release: the
    /// advisories' ranges name releases), if any: `kubelet v1.22.0 - v1.22.1` for v1.22.1.
    pub fn affects(&self, release: &semver::Version) -> Option<&str> {
        if !release.pre.is_empty() {
            return None;
        }
        self.affected
            .iter()
            .find(|item| covers(item, release) == Some(true))
            .map(String::as_str)
    }

    /// The fixed versions as releases (`kubelet v1.22.2` → 1.22.2), in the advisory's order.
    pub fn fixed_releases(&self) -> Vec<semver::Version> {
        self.fixed
            .iter()
            .filter_map(|item| fixed_version(item))
            .collect()
    }

    /// The fixed-versions item on `release`'s minor line, if the advisory names one.
    pub fn fixed_on_line_of(&self, release: &semver::Version) -> Option<&str> {
        self.fixed
            .iter()
            .find(|item| {
                fixed_version(item)
                    .is_some_and(|v| v.major == release.major && v.minor == release.minor)
            })
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CVE-2021-25741's lists, CHANGELOG-1.22.md (v1.22.2).
    fn cve_2021_25741() -> Advisory {
        Advisory {
            id: "CVE-2021-25741".into(),
            title: "Symlink Exchange Can Allow Host Filesystem Access".into(),
            description: String::new(),
            cvss_rating: Some("High".into()),
            cvss_score: Some(8.8),
            cvss_vector: None,
            affected: vec![
                "kubelet v1.22.0 - v1.22.1".into(),
                "kubelet v1.21.0 - v1.21.4".into(),
                "kubelet v1.20.0 - v1.20.10".into(),
                "kubelet <= v1.19.14".into(),
            ],
            fixed: vec![
                "kubelet v1.22.2".into(),
                "kubelet v1.21.5".into(),
                "kubelet v1.20.11".into(),
                "kubelet v1.19.15".into(),
            ],
            line: 1,
            end_line: 2,
        }
    }

    #[test]
    fn affected_ranges_and_fixed_versions() {
        let a = cve_2021_25741();
        let v = |s: &str| semver::Version::parse(s).unwrap();
        assert_eq!(a.affects(&v("1.22.1")), Some("kubelet v1.22.0 - v1.22.1"));
        assert_eq!(a.affects(&v("1.22.2")), None);
        assert_eq!(a.affects(&v("1.18.3")), Some("kubelet <= v1.19.14"));
        assert_eq!(a.affects(&v("1.19.15")), None);
        assert_eq!(a.affects(&v("1.22.0-rc.0")), None);
        assert_eq!(a.fixed_on_line_of(&v("1.21.2")), Some("kubelet v1.21.5"));
        assert_eq!(a.fixed_on_line_of(&v("1.23.0")), None);
        assert_eq!(a.fixed_releases()[0], v("1.22.2"));
        assert_eq!(covers("kube-apiserver < v1.20.0", &v("1.19.9")), Some(true));
        assert_eq!(covers("kube-apiserver <v1.20.0", &v("1.20.0")), Some(false));
        assert_eq!(
            covers("kubelet v1.20.0 to v1.20.10", &v("1.20.10")),
            Some(true)
        );
        assert_eq!(covers("kubelet (all versions)", &v("1.20.10")), None);
    }
}
