//! Version ranges: `v1.27.3..v1.30.1` (both ends included), a semver requirement
//! (`>=1.27, <1.30`), or a bare version (`1.22`: that minor line; `1.22.3`: that release).

use crate::QueryError;
use semver::{Version, VersionReq};
use std::str::FromStr;

/// Which releases a [`Query`](crate::Query) looks at. Parse one from text with `str::parse`:
/// `"v1.27.3..v1.30.1"` (either end may be left out: `"v1.27.0.."`), a semver requirement
/// such as `">=1.27, <1.30"`, or a bare version: `"1.22"` is the 1.22 line (`~1.22`), `"1.22.3"`
/// that release (`=1.22.3`), not semver's caret default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionRange {
    /// From `from` to `to`, both included; either end may be open.
    Between {
        /// The first version in range; `None` for no lower bound.
        from: Option<Version>,
        /// The last version in range; `None` for no upper bound.
        to: Option<Version>,
    },
    /// A semver requirement. Pre-release tags match only when the query includes pre-releases
    /// (semver's own rule would hide most of them).
    Req(VersionReq),
}

impl VersionRange {
    /// Whether `version` is in the range. For [`VersionRange::Req`], a pre-release is compared as
    /// its release (`1.28.0-rc.1` as `1.28.0`).
    pub fn contains(&self, version: &Version) -> bool {
        match self {
            VersionRange::Between { from, to } => {
                from.as_ref().is_none_or(|f| version >= f)
                    && to.as_ref().is_none_or(|t| version <= t)
            }
            VersionRange::Req(req) => {
                // Compare pre-releases by their release version so that `>=1.27` admits
                // v1.28.0-rc.1; whether pre-releases show at all is the query's choice.
                let mut plain = version.clone();
                plain.pre = semver::Prerelease::EMPTY;
                req.matches(&plain)
            }
        }
    }
}

impl FromStr for VersionRange {
    type Err = QueryError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = |reason: &str| QueryError::BadRange {
            range: text.to_string(),
            reason: reason.to_string(),
        };
        if let Some((a, b)) = text.split_once("..") {
            let end = |s: &str| -> Result<Option<Version>, QueryError> {
                let s = s.trim().trim_start_matches('=');
                if s.is_empty() {
                    return Ok(None);
                }
                crate::parse_tag(s)
                    .map(Some)
                    .map_err(|_| bad(&format!("`{s}` is not a version")))
            };
            let (from, to) = (end(a)?, end(b)?);
            if let (Some(f), Some(t)) = (&from, &to) {
                if f > t {
                    return Err(QueryError::InvertedRange {
                        from: format!("v{f}"),
                        to: format!("v{t}"),
                    });
                }
            }
            return Ok(VersionRange::Between { from, to });
        }
        let cleaned: String = text.replace('v', "");
        // A bare version names Kubernetes releases, not semver's caret range (`1.22` would be
        // `^1.22`: every 1.x from 1.22 on): `1.22` is that minor line, `1.22.3` that release.
        let bare = cleaned.trim();
        let cleaned = if !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            match bare.split('.').count() {
                3 => format!("={bare}"),
                _ => format!("~{bare}"),
            }
        } else {
            cleaned
        };
        VersionReq::parse(&cleaned)
            .map(VersionRange::Req)
            .map_err(|e| bad(&e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        crate::parse_tag(s).unwrap()
    }

    #[test]
    fn ranges() {
        let r: VersionRange = "v1.27.3..v1.30.1".parse().unwrap();
        assert!(
            r.contains(&v("1.27.3")) && r.contains(&v("1.30.1")) && r.contains(&v("1.28.0-rc.1"))
        );
        assert!(!r.contains(&v("1.27.2")) && !r.contains(&v("1.30.2")));
        let open: VersionRange = "v1.29.0..".parse().unwrap();
        assert!(open.contains(&v("1.99.0")) && !open.contains(&v("1.28.9")));
        let req: VersionRange = ">=1.27, <1.30".parse().unwrap();
        assert!(
            req.contains(&v("1.27.0"))
                && req.contains(&v("1.29.9"))
                && req.contains(&v("1.28.0-rc.1"))
        );
        assert!(!req.contains(&v("1.30.0")) && !req.contains(&v("1.26.15")));
        assert!(matches!(
            "v1.30.0..v1.27.0".parse::<VersionRange>(),
            Err(QueryError::InvertedRange { .. })
        ));
        // A bare version is a minor line or one release, not semver's caret range.
        let line: VersionRange = "1.22".parse().unwrap();
        assert!(line.contains(&v("1.22.0")) && line.contains(&v("1.22.17")));
        assert!(!line.contains(&v("1.23.0")) && !line.contains(&v("1.21.9")));
        let release: VersionRange = "v1.22.3".parse().unwrap();
        assert!(release.contains(&v("1.22.3")) && !release.contains(&v("1.22.4")));
        let caret: VersionRange = "^1.22".parse().unwrap();
        assert!(caret.contains(&v("1.23.0")));
        assert!(matches!(
            "banana".parse::<VersionRange>(),
            Err(QueryError::BadRange { .. })
        ));
    }
}
