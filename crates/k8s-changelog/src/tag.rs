//! Kubernetes tags (`v1.22.0-rc.0`) as semver versions.

use thiserror::Error;

/// Why [`parse_tag`](crate::parse_tag) rejected a string.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TagError {
    /// The string (trimmed, as given) is not `[v]MAJOR.MINOR.PATCH[-PRE]`: `v1.22`, `Changes`.
    #[error("`{0}` is not a Kubernetes version tag such as v1.22.3 or v1.23.0-rc.1")]
    NotATag(String),
}

/// Parses `v1.22.0`, `1.22.0` or `v1.22.0-beta.2` into a semver version.
pub fn parse_tag(tag: &str) -> Result<semver::Version, TagError> {
    let bare = tag.trim().trim_start_matches('v');
    semver::Version::parse(bare).map_err(|_| TagError::NotATag(tag.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_with_or_without_v() {
        assert_eq!(
            parse_tag("v1.22.0-rc.0").unwrap().to_string(),
            "1.22.0-rc.0"
        );
        assert_eq!(parse_tag("1.2.7").unwrap().to_string(), "1.2.7");
        assert!(parse_tag("v1.22").is_err());
        assert!(parse_tag("Changes").is_err());
    }
}
