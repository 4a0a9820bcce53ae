//! `git log --first-parent` of a kubernetes/kubernetes branch: one GitHub merge commit per PR
//! (`Merge pull request #N from owner/branch`, a blank line, the PR title).

use super::{MergedPr, MergesError};
use chrono::DateTime;
use regex::Regex;
use std::sync::LazyLock;

/// The `--format` the CLI passes to `git log`: per commit, the committer date (strict ISO
/// 8601) and the raw message, separated by a unit separator (0x1f) and ended by a record
/// separator (0x1e), which no commit message contains.
pub const GIT_LOG_FORMAT: &str = "%cI%x1f%B%x1e";

static MERGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Merge pull request #(\d+) from ([^/\s]+)/\S+").expect("merge regex")
});

/// The GitHub merge commits of `git log --format=`[`GIT_LOG_FORMAT`] output, in the log's
/// order. Other commits (direct pushes, squash merges without the subject) are skipped; a
/// record without a date or with an unreadable one is an error.
///
/// ```
/// use k8s_changelog::merges::from_git_log;
/// let log = "2020-03-17T09:52:33-07:00\u{1f}Merge pull request #89069 from enj/enj/r/basic_auth\n\nRemove basic auth support\n\u{1e}\n";
/// let prs = from_git_log(log).unwrap();
/// assert_eq!((prs[0].number, prs[0].author.as_str()), (89069, "enj"));
/// assert_eq!(prs[0].merged.to_string(), "2020-03-17");
/// ```
pub fn from_git_log(text: &str) -> Result<Vec<MergedPr>, MergesError> {
    let mut out = Vec::new();
    for (i, record) in text.split('\x1e').enumerate() {
        let record = record.trim_start_matches(['\n', '\r']);
        if record.trim().is_empty() {
            continue;
        }
        let bad = |problem: String| MergesError::GitRecord {
            record: i + 1,
            problem,
        };
        let (date, message) = record
            .split_once('\x1f')
            .ok_or_else(|| bad("no date field (is it `git log --format=%cI%x1f%B%x1e`?)".into()))?;
        let merged = DateTime::parse_from_rfc3339(date.trim())
            .map_err(|e| bad(format!("`{}` is not a date: {e}", date.trim())))?
            .naive_utc()
            .date();
        let mut lines = message.lines();
        let Some(caps) = lines.next().and_then(|subject| MERGE.captures(subject)) else {
            continue;
        };
        let Ok(number) = caps[1].parse() else {
            continue;
        };
        let title = lines
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .to_string();
        out.push(MergedPr {
            number,
            title,
            author: caps[2].to_string(),
            merged,
            labels: Vec::new(),
            release_note: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_commits_are_read_and_others_skipped() {
        let log = concat!(
            "2020-03-22T23:30:00-07:00\x1fMerge pull request #89275 from justaugustus/go1.13.9\n\nUpdate Go to 1.13.9\n\x1e\n",
            "2020-03-20T10:00:00Z\x1fUpdate CHANGELOG for v1.18.0-rc.1\n\x1e\n",
            "2020-03-19T10:00:00Z\x1fMerge pull request #88893 from kinvolk/invidian/reuseport\n\nkube-apiserver: use SO_REUSEPORT\n\nmore text\n\x1e",
        );
        let prs = from_git_log(log).unwrap();
        let got: Vec<(u64, &str, &str, String)> = prs
            .iter()
            .map(|p| {
                (
                    p.number,
                    p.author.as_str(),
                    p.title.as_str(),
                    p.merged.to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                // 23:30 in UTC-7 is the next day in UTC.
                (
                    89275,
                    "justaugustus",
                    "Update Go to 1.13.9",
                    "2020-03-23".to_string()
                ),
                (
                    88893,
                    "kinvolk",
                    "kube-apiserver: use SO_REUSEPORT",
                    "2020-03-19".into()
                ),
            ]
        );
        assert!(from_git_log("").unwrap().is_empty());
    }

    #[test]
    fn bad_records_are_named() {
        let err = from_git_log("2020-03-19\x1fMerge pull request #1 from a/b\n\x1e").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("git log record 1: `2020-03-19` is not a date"),
            "{err}"
        );
        let err = from_git_log("\x1e\nno separator\x1e").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("git log record 2: no date field"),
            "{err}"
        );
    }
}
