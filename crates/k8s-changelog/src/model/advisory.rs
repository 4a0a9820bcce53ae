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

/// `v1.22.0 - v1.22.1`, `<= v1.19.14`, `< 1.20.0` at the end of an affected-versions item; or a
/// lone version (`v1.21.0`) at the end of a fixed-versions item.
static RANGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?:(?P<low>v?\d+\.\d+\.\d+)\s*(?:-|–|to)\s*(?P<high>v?\d+\.\d+\.\d+)|(?P<op><=|<)\s*(?P<below>v?\d+\.\d+\.\d+)|(?P<one>v?\d+\.\d+\.\d+))\s*$",
    )
    .expect("advisory range regex")
});

fn version(text: &str) -> Option<semver::Version> {
    semver::Version::parse(text.trim_start_matches('v')).ok()
}

/// Whether the item (`kubelet v1.20.0 - v1.20.10`, `kube-apiserver <= v1.18.17`) covers
/// `release`; `None` when the item's versions cannot be read.
fn covers(item: &str, release: &semver::Version) -> Option<bool> {
    let caps = RANGE.captures(item.trim())?;
    if let (Some(low), Some(high)) = (caps.name("low"), caps.name("high")) {
        return Some(version(low.as_str())? <= *release && *release <= version(high.as_str())?);
    }
    if let (Some(op), Some(below)) = (caps.name("op"), caps.name("below")) {
        let below = version(below.as_str())?;
        return Some(if op.as_str() == "<=" {
            *release <= below
        } else {
            *release < below
        });
    }
    Some(version(caps.name("one")?.as_str())? == *release)
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
            .filter_map(|item| {
                let caps = RANGE.captures(item.trim())?;
                version(caps.name("one")?.as_str())
            })
            .collect()
    }

    /// The fixed-versions item on `release`'s minor line, if the advisory names one.
    pub fn fixed_on_line_of(&self, release: &semver::Version) -> Option<&str> {
        self.fixed
            .iter()
            .zip(self.fixed.iter().map(|item| {
                RANGE
                    .captures(item.trim())
                    .and_then(|c| version(c.name("one")?.as_str()))
            }))
            .find(|(_, v)| {
                v.as_ref()
                    .is_some_and(|v| v.major == release.major && v.minor == release.minor)
            })
            .map(|(item, _)| item.as_str())
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
    }
}
