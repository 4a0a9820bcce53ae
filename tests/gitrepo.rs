//! kubernetes/kubernetes-shaped git repositories built by a test: a `main` branch whose
//! first-parent history holds one GitHub-style merge commit per PR (`Merge pull request #N from
//! owner/branch`, a blank line, the title), each with its committer date, and tags.

use std::path::Path;
use std::process::Command;

/// A PR to merge: number, author (the branch owner), committer date (RFC 3339), title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub number: u64,
    pub author: String,
    pub merged: String,
    pub title: String,
}

/// Reads a merge list: one PR a line, `number<TAB>author<TAB>merged<TAB>title`; blank lines
/// and `#` comments are skipped.
pub fn read_merges(text: &str) -> Vec<Merge> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let fields: Vec<&str> = l.splitn(4, '\t').collect();
            let [number, author, merged, title] = fields[..] else {
                panic!("not number<TAB>author<TAB>merged<TAB>title: {l:?}");
            };
            Merge {
                number: number.parse().expect("a PR number"),
                author: author.into(),
                merged: merged.into(),
                title: title.into(),
            }
        })
        .collect()
}

/// Runs git in `dir` with a clean configuration and both dates set to `date`; `false` when git
/// is missing or fails.
pub fn git(dir: &Path, args: &[&str], date: &str) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Builds the repository in `dir` (which must exist): a first commit dated `start` carrying
/// the lightweight `tags`, then `merges` in date order, each a `--no-ff` merge of a one-commit
/// branch. `false` when git is not available (the caller skips).
pub fn build(dir: &Path, start: &str, tags: &[&str], merges: &[Merge]) -> bool {
    if !git(dir, &["init", "-q", "-b", "main"], start) {
        return false;
    }
    assert!(git(
        dir,
        &["commit", "-q", "--allow-empty", "-m", "Initial"],
        start
    ));
    for tag in tags {
        assert!(git(dir, &["tag", tag], start));
    }
    let mut merges = merges.to_vec();
    merges.sort_by(|a, b| a.merged.cmp(&b.merged));
    for m in &merges {
        let branch = format!("pr-{}", m.number);
        assert!(git(
            dir,
            &["checkout", "-q", "-b", &branch, "main"],
            &m.merged
        ));
        assert!(git(
            dir,
            &["commit", "-q", "--allow-empty", "-m", &m.title],
            &m.merged
        ));
        assert!(git(dir, &["checkout", "-q", "main"], &m.merged));
        let subject = format!(
            "Merge pull request #{} from {}/{branch}",
            m.number, m.author
        );
        assert!(git(
            dir,
            &["merge", "-q", "--no-ff", "-m", &subject, "-m", &m.title, &branch],
            &m.merged
        ));
    }
    true
}
