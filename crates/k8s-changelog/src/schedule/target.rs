//! Which event is the x.y.0 release: `v1.18.0 released`, `**v1.10.0**`, `Wed Dec 13: v1.9.0`,
//! `v1.6.0 (release!)`, `Kubernetes 1.15.0 Released`, `release 1.3 Final`, `Release 1.4 on
//! Sept 20`, `Release 1.5`. Not `1.15.0 branch cut`, `PRs for v1.10.0 must be cherry picked`,
//! `1.11.0-rc.1 release`.

use regex::Regex;

/// `Kubernetes 1.2 - (+4mo8d …)`: an event that is a line of a release history, the release of
/// the minor it starts with (major, minor). Any other event: `None`.
pub(crate) fn names_release_of(what: &str) -> Option<(u32, u32)> {
    static HISTORY_LINE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"(?i)^\s*kubernetes\s+v?(\d+)\.(\d+)(?:\.0)?\s*(?:-|$)")
            .expect("history line regex")
    });
    let caps = HISTORY_LINE.captures(what)?;
    Some((caps[1].parse().ok()?, caps[2].parse().ok()?))
}

/// `1.5 Overview`, `###1.5 Overview`, `## 1.6 Details`: a heading that starts with a minor's
/// version and says what part of the file it heads in a few words, the minor (major, minor).
/// A sentence (`1.5 alpha releases are cut every 2 weeks`) is not one.
pub(crate) fn heads_release_of(text: &str) -> Option<(u32, u32)> {
    static HEADING: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"^#*\s*v?(\d+)\.(\d+)(?:\.0)?(?:\s+[A-Za-z]+){1,3}\s*$")
            .expect("release heading regex")
    });
    let caps = HEADING.captures(text.trim())?;
    Some((caps[1].parse().ok()?, caps[2].parse().ok()?))
}

/// The matcher for one minor (`1.18`).
pub(crate) struct TargetMatcher {
    version: Regex,
    release_word: Regex,
}

impl TargetMatcher {
    pub(crate) fn new(minor: &str) -> TargetMatcher {
        let escaped = regex::escape(minor);
        TargetMatcher {
            version: Regex::new(&format!(r"(?i)(?:^|[^\w.])v?{escaped}\.0(?:[^\w.-]|$)"))
                .expect("target version regex"),
            release_word: Regex::new(&format!(
                r"(?i)\brelease\s+v?{escaped}(?:\s+(?:final|on)\b|\s*$)"
            ))
            .expect("target release regex"),
        }
    }

    /// Whether `what` names the release of the minor's x.y.0.
    pub(crate) fn is_target(&self, what: &str) -> bool {
        let what = what.trim();
        if self.release_word.is_match(what) {
            return true;
        }
        let Some(found) = self.version.find(what) else {
            return false;
        };
        let rest = format!("{} {}", &what[..found.start()], &what[found.end()..]);
        let rest = rest.to_ascii_lowercase();
        let words: Vec<&str> = rest
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.is_empty()
            || words.contains(&"released")
            || words == ["release"]
            || words == ["kubernetes"]
            || words == ["kubernetes", "released"]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_lines_name_the_release_they_date() {
        assert_eq!(
            names_release_of("Kubernetes 1.2 - (+4mo8d or 18w3d - included holidays)"),
            Some((1, 2))
        );
        assert_eq!(names_release_of("Kubernetes 1.0 -"), Some((1, 0)));
        assert_eq!(names_release_of("Kubernetes 1.15.0 Released"), None);
        assert_eq!(names_release_of("v1.18.0 released"), None);
        assert_eq!(names_release_of("Kubernetes 1.3 ships June 24"), None);
    }

    #[test]
    fn headings_name_the_release_whose_part_they_head() {
        assert_eq!(heads_release_of("###1.5 Overview"), Some((1, 5)));
        assert_eq!(heads_release_of("1.6 Release Schedule"), Some((1, 6)));
        assert_eq!(heads_release_of("##1.4 Details"), Some((1, 4)));
        assert_eq!(
            heads_release_of("1.5 alpha releases are cut every 2 weeks"),
            None
        );
        assert_eq!(heads_release_of("Release 1.5"), None);
        assert_eq!(heads_release_of("1.12: A next iteration"), None);
    }

    #[test]
    fn release_events_and_look_alikes() {
        let cases = [
            ("1.18", "v1.18.0 released", true),
            ("1.10", "v1.10.0", true),
            ("1.9", "v1.9.0", true),
            ("1.6", "v1.6.0 (release!)", true),
            ("1.15", "1.15.0 Released", true),
            ("1.14", "Kubernetes v1.14.0 released", true),
            ("1.3", "release 1.3 Final", true),
            ("1.4", "Release 1.4 on Sept 20", true),
            ("1.5", "Release 1.5", true),
            ("1.15", "1.15.0 branch cut", false),
            (
                "1.15",
                "1.15.0 release jobs created, 1.11.0 Jobs removed",
                false,
            ),
            (
                "1.10",
                "PRs for v1.10.0 must be cherry picked to release-1.10",
                false,
            ),
            ("1.11", "1.11.0-rc.1 release", false),
            ("1.1", "v1.18.0 released", false),
            ("1.5", "1.5 release branch fast-forwarded", false),
        ];
        for (minor, what, want) in cases {
            assert_eq!(
                TargetMatcher::new(minor).is_target(what),
                want,
                "{minor}: {what}"
            );
        }
    }
}
