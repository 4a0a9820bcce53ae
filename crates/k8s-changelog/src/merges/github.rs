//! One page of GitHub's issue search (`GET /search/issues?q=…is:pr+is:merged…`) as
//! [`MergedPr`]s.

use super::{release_note_block, MergedPr, MergesError};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    /// The merged PRs of the page, in the API's order.
    pub prs: Vec<MergedPr>,
    /// `total_count`: how many items the whole search matched.
    pub total: u64,
    /// `incomplete_results`: GitHub timed out and the results may miss some.
    pub incomplete: bool,
}

#[derive(Deserialize)]
struct Answer {
    total_count: u64,
    #[serde(default)]
    incomplete_results: bool,
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    number: u64,
    title: String,
    user: Option<User>,
    #[serde(default)]
    labels: Vec<Label>,
    closed_at: Option<DateTime<Utc>>,
    pull_request: Option<PullRequest>,
    body: Option<String>,
}

#[derive(Deserialize)]
struct User {
    login: String,
}

#[derive(Deserialize)]
struct Label {
    name: String,
}

#[derive(Deserialize)]
struct PullRequest {
    merged_at: Option<DateTime<Utc>>,
}

/// Reads one page of `GET /search/issues` JSON. Items that are not merged pull requests (no
/// `pull_request.merged_at` nor `closed_at`) are skipped. An answer that is not search JSON is
/// an error with its position; an API error object gives its `message`.
///
/// ```
/// use k8s_changelog::merges::from_github_search;
/// let page = r#"{"total_count":1,"incomplete_results":false,"items":[{"number":89069,
///   "title":"Remove basic auth","user":{"login":"enj"},"labels":[{"name":"kind/cleanup"}],
///   "closed_at":"2020-03-17T16:52:33Z","pull_request":{"merged_at":"2020-03-17T16:52:33Z"},
///   "body":"```release-note\nBasic auth is removed.\n```"}]}"#;
/// let page = from_github_search(page).unwrap();
/// assert_eq!(page.prs[0].release_note.as_deref(), Some("Basic auth is removed."));
/// ```
pub fn from_github_search(json_text: &str) -> Result<SearchPage, MergesError> {
    let answer: Answer = serde_json::from_str(json_text).map_err(|e| {
        let message = serde_json::from_str::<serde_json::Value>(json_text)
            .ok()
            .and_then(|v| v.get("message")?.as_str().map(str::to_string));
        let problem = match message {
            Some(m) => format!("the API answered with an error: {m}"),
            None => {
                let text = e.to_string();
                let suffix = format!(" at line {} column {}", e.line(), e.column());
                text.strip_suffix(&suffix).unwrap_or(&text).to_string()
            }
        };
        MergesError::Json {
            line: e.line(),
            column: e.column(),
            problem,
        }
    })?;
    let prs = answer
        .items
        .into_iter()
        .filter_map(|item| {
            let merged = item
                .pull_request
                .as_ref()
                .and_then(|p| p.merged_at)
                .or(item.closed_at)?;
            Some(MergedPr {
                number: item.number,
                title: item.title.trim().to_string(),
                author: item.user.map(|u| u.login).unwrap_or_default(),
                merged: merged.date_naive(),
                labels: item.labels.into_iter().map(|l| l.name).collect(),
                release_note: item.body.as_deref().and_then(release_note_block),
            })
        })
        .collect();
    Ok(SearchPage {
        prs,
        total: answer.total_count,
        incomplete: answer.incomplete_results,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_become_merged_prs() {
        let page = r#"{"total_count":3,"incomplete_results":true,"items":[
          {"number":1,"title":" A ","user":{"login":"a"},"labels":[{"name":"sig/node"}],
           "closed_at":"2020-03-16T00:10:00Z","pull_request":{"merged_at":"2020-03-16T00:09:00Z"},"body":null},
          {"number":2,"title":"B","user":null,"closed_at":"2020-03-18T10:00:00Z","pull_request":{"merged_at":null}},
          {"number":3,"title":"open","user":{"login":"c"},"closed_at":null,"pull_request":{}}
        ]}"#;
        let page = from_github_search(page).unwrap();
        assert_eq!((page.total, page.incomplete), (3, true));
        let got: Vec<(u64, &str, String, &[String])> = page
            .prs
            .iter()
            .map(|p| {
                (
                    p.number,
                    p.title.as_str(),
                    p.merged.to_string(),
                    &p.labels[..],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    1,
                    "A",
                    "2020-03-16".to_string(),
                    &["sig/node".to_string()][..]
                ),
                (2, "B", "2020-03-18".to_string(), &[][..]),
            ]
        );
    }

    #[test]
    fn malformed_answers_are_errors() {
        let err = from_github_search(r#"{"items": 5}"#).unwrap_err();
        assert!(matches!(err, MergesError::Json { line: 1, .. }), "{err}");
        let err = from_github_search(r#"{"message":"Validation Failed"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 1, column 31: the API answered with an error: Validation Failed"
        );
        assert!(from_github_search("<html>").is_err());
    }
}
