//! Filtering notes: AND across categories, OR within one.

use super::VersionRange;
use crate::model::{Kind, Note, Release};
use crate::History;

/// A note that matched, with the release it came from.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'h> {
    /// The release the note appeared in.
    pub release: &'h Release,
    /// The matching note.
    pub note: &'h Note,
}

/// Which notes to keep. Every category left empty (or `None`) keeps everything; a note must
/// match every category that is set (AND), and any one value within a category (OR):
/// `kinds: [bug, feature]` with `sigs: [node]` keeps bugs and features of SIG Node.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Releases to look at (`v1.27.3..v1.30.1`, `>=1.27, <1.30`); `None` for every release.
    pub range: Option<VersionRange>,
    /// Kinds to keep (OR); empty keeps every kind, including notes without one.
    pub kinds: Vec<Kind>,
    /// SIG label names (`node`).
    pub sigs: Vec<String>,
    /// Components, lower-case (`kubeadm`).
    pub components: Vec<String>,
    /// `Some(true)`: only action-required notes; `Some(false)`: only the others; `None`: both.
    pub action_required: Option<bool>,
    /// Notes that mention a CVE (or not).
    pub has_cve: Option<bool>,
    /// kubernetes/kubernetes PR numbers (`104530`); a note matches if it cites any of them.
    pub prs: Vec<u64>,
    /// GitHub logins, compared case-insensitively.
    pub authors: Vec<String>,
    /// Case-insensitive substring of the note's text.
    pub text: Option<String>,
    /// Include alpha, beta and rc releases. Off by default: their notes reappear, curated, in
    /// the x.y.0 release.
    pub prereleases: bool,
}

impl Query {
    /// A query that keeps every note of every non-pre-release release; narrow it with the builder
    /// methods below.
    pub fn new() -> Query {
        Query::default()
    }

    /// Restricts to releases in `range`.
    pub fn range(mut self, range: VersionRange) -> Self {
        self.range = Some(range);
        self
    }

    /// Adds a kind to keep (OR with the kinds already added).
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kinds.push(kind);
        self
    }

    /// Adds a SIG label name to keep (`node`, `api-machinery`); see [`crate::query::parse_sig`] for
    /// display names such as `SIG Node`.
    pub fn sig(mut self, sig: impl Into<String>) -> Self {
        self.sigs.push(sig.into());
        self
    }

    /// Adds a component to keep (`kubeadm`, `kubectl`); lower-cased here.
    pub fn component(mut self, component: impl Into<String>) -> Self {
        self.components.push(component.into().to_ascii_lowercase());
        self
    }

    /// Keeps only action-required notes (`true`) or only the others (`false`).
    pub fn action_required(mut self, yes: bool) -> Self {
        self.action_required = Some(yes);
        self
    }

    /// Keeps only notes that mention a CVE (`true`) or only those that do not (`false`).
    pub fn has_cve(mut self, yes: bool) -> Self {
        self.has_cve = Some(yes);
        self
    }

    /// Adds a PR number to keep (a note matches if it cites it anywhere in its reference).
    pub fn pr(mut self, pr: u64) -> Self {
        self.prs.push(pr);
        self
    }

    /// Adds a GitHub login to keep, without `@` (`liggitt`), compared case-insensitively.
    pub fn author(mut self, login: impl Into<String>) -> Self {
        self.authors.push(login.into());
        self
    }

    /// Keeps only notes whose text contains `needle`, ignoring case; replaces an earlier needle.
    pub fn text(mut self, needle: impl Into<String>) -> Self {
        self.text = Some(needle.into());
        self
    }

    /// Includes alpha, beta and rc releases (`true`); they are left out by default.
    pub fn prereleases(mut self, yes: bool) -> Self {
        self.prereleases = yes;
        self
    }

    /// Whether `release` is in scope (range and pre-release choice).
    pub fn admits_release(&self, release: &Release) -> bool {
        (self.prereleases || !release.is_prerelease())
            && self
                .range
                .as_ref()
                .is_none_or(|r| r.contains(&release.semver))
    }

    /// Whether `note` passes every note-level category.
    pub fn admits_note(&self, note: &Note) -> bool {
        self.admits_fields(note)
            && self
                .text
                .as_deref()
                .is_none_or(|t| contains_ignoring_case(&note.text, &t.to_lowercase()))
    }

    /// Every category but the text search.
    fn admits_fields(&self, note: &Note) -> bool {
        let any = |set_empty: bool, hit: bool| set_empty || hit;
        any(
            self.kinds.is_empty(),
            note.kind.is_some_and(|k| self.kinds.contains(&k)),
        ) && any(
            self.sigs.is_empty(),
            note.sigs.iter().any(|s| self.sigs.iter().any(|q| q == s)),
        ) && any(
            self.components.is_empty(),
            note.component
                .as_ref()
                .is_some_and(|c| self.components.contains(c)),
        ) && self
            .action_required
            .is_none_or(|want| note.action_required == want)
            && self.has_cve.is_none_or(|want| note.cves.is_empty() != want)
            && any(
                self.prs.is_empty(),
                note.prs.iter().any(|p| self.prs.contains(p)),
            )
            && any(
                self.authors.is_empty(),
                note.authors
                    .iter()
                    .any(|a| self.authors.iter().any(|w| w.eq_ignore_ascii_case(a))),
            )
    }

    /// Every matching note, oldest release first, in the order of each release's notes. The
    /// text search runs over the history's lower-cased copy of every note.
    pub fn run<'h>(&self, history: &'h History) -> Vec<Hit<'h>> {
        let needle = self
            .text
            .as_deref()
            .map(str::to_lowercase)
            .filter(|n| !n.is_empty());
        let finder = needle
            .as_deref()
            .map(|n| memchr::memmem::Finder::new(n.as_bytes()));
        let mut hits = Vec::new();
        for (i, release) in history.releases().iter().enumerate() {
            if !self.admits_release(release) {
                continue;
            }
            let lowered = finder.as_ref().map(|f| (f, history.lowered_texts(i)));
            for (j, note) in release.notes.iter().enumerate() {
                let text_ok =
                    lowered.is_none_or(|(f, texts)| f.find(texts[j].as_bytes()).is_some());
                if text_ok && self.admits_fields(note) {
                    hits.push(Hit { release, note });
                }
            }
        }
        hits
    }
}

/// `haystack` contains `needle` (already lower-case), ignoring ASCII and Unicode case, without
/// allocating for ASCII text.
fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        return h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
# v1.22.1

## Changes by Kind

### Bug or Regression

- Kubelet: fix a leak ([#1](https://github.com/kubernetes/kubernetes/pull/1), [@alice](https://github.com/alice)) [SIG Node]
- Fix CVE-2021-25741 in subpaths ([#2](https://github.com/kubernetes/kubernetes/pull/2), [@bob](https://github.com/bob)) [SIG Storage]

### Feature

- Kubeadm: a new flag ([#3](https://github.com/kubernetes/kubernetes/pull/3), [@carol](https://github.com/carol)) [SIG Cluster Lifecycle and Node]

# v1.22.0

## Urgent Upgrade Notes

### (No, really, you MUST read this before you upgrade)

- Remove the beta API ([#4](https://github.com/kubernetes/kubernetes/pull/4), [@dave](https://github.com/dave)) [SIG Node]

# v1.22.0-rc.0

## Changes by Kind

### Bug or Regression

- Pre-release fix ([#5](https://github.com/kubernetes/kubernetes/pull/5), [@erin](https://github.com/erin)) [SIG Node]
";

    fn prs(query: &Query) -> Vec<u64> {
        let history = History::new(crate::parse(LOG, "t.md"));
        query.run(&history).iter().map(|h| h.note.prs[0]).collect()
    }

    #[test]
    fn and_across_categories_or_within() {
        assert_eq!(prs(&Query::new()), [4, 1, 2, 3]);
        assert_eq!(
            prs(&Query::new().kind(Kind::Bug).kind(Kind::Feature)),
            [1, 2, 3]
        );
        assert_eq!(prs(&Query::new().kind(Kind::Bug).sig("node")), [1]);
        assert_eq!(
            prs(&Query::new().kind(Kind::Bug).kind(Kind::Feature).sig("node")),
            [1, 3]
        );
        assert_eq!(
            prs(&Query::new().sig("storage").sig("cluster-lifecycle")),
            [2, 3]
        );
        assert_eq!(prs(&Query::new().action_required(true)), [4]);
        assert_eq!(prs(&Query::new().has_cve(true)), [2]);
        assert_eq!(prs(&Query::new().component("kubeadm")), [3]);
        assert_eq!(prs(&Query::new().author("CAROL")), [3]);
        assert_eq!(prs(&Query::new().pr(2).pr(4)), [4, 2]);
        assert_eq!(prs(&Query::new().text("FIX A")), [1]);
        assert_eq!(
            prs(&Query::new().kind(Kind::Bug).text("nothing like this")),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn ranges_and_prereleases() {
        let only_patch = Query::new().range("v1.22.1..v1.22.1".parse().unwrap());
        assert_eq!(prs(&only_patch), [1, 2, 3]);
        assert_eq!(
            prs(&Query::new().prereleases(true).kind(Kind::Bug)),
            [5, 1, 2]
        );
        let req = Query::new().range(">=1.22.0, <1.22.1".parse().unwrap());
        assert_eq!(prs(&req), [4]);
        assert_eq!(prs(&req.prereleases(true)), [5, 4]);
    }
}
