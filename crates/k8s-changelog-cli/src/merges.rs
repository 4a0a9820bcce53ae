//! The merged PRs of a week from this machine's sources: a kubernetes/kubernetes checkout's
//! first-parent history (`git log`), or GitHub's search API. This is the I/O; reading the text
//! is `k8s_changelog::merges`.

use crate::github::Github;
use anyhow::{bail, Context, Result};
use chrono::{Days, NaiveDate};
use k8s_changelog::merges::{self, MergedPr};
use k8s_changelog::summary::Merges;
use std::path::Path;

/// The search API returns at most 1000 results (10 pages of 100).
const MAX_PAGES: usize = 10;
/// What to do instead of asking GitHub, when it cannot be reached.
const OFFLINE_HINT: &str =
    "read the week's merges from a kubernetes checkout (--checkout PATH) instead";

/// The GitHub merge commits on the first-parent history of `checkout`'s branch from `since`
/// to `until` (committer dates, UTC): `git log --first-parent --format=… --since --until`,
/// one day wider on each side (the core keeps the exact window).
///
/// Errors: not a directory, not a git repository (git's message), and a shallow clone whose
/// history does not reach back to `since` (with the `git fetch` that fixes it).
pub fn from_checkout(checkout: &Path, since: NaiveDate, until: NaiveDate) -> Result<Merges> {
    let shown = checkout.display();
    let shallow = crate::git::run(checkout, &["rev-parse", "--is-shallow-repository"])
        .with_context(|| {
            format!("{shown}: not a git repository (a kubernetes/kubernetes clone)")
        })?;
    if shallow.trim() == "true" {
        let dates = crate::git::run(checkout, &["log", "--first-parent", "--format=%cI"])?;
        let oldest = dates
            .lines()
            .next_back()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d.trim()).ok())
            .map(|d| d.naive_utc().date());
        if oldest.is_none_or(|o| o > since) {
            let starts = oldest.map_or("nowhere".to_string(), |o| o.to_string());
            bail!(
                "{shown} is a shallow clone whose history starts at {starts}, after the week \
                 starts ({since}); run `git -C {shown} fetch --shallow-since={since}` (or \
                 `--unshallow`)"
            );
        }
    }
    let since_arg = format!("--since={}T00:00:00Z", since - Days::new(1));
    let until_arg = format!("--until={}T23:59:59Z", until + Days::new(1));
    let format = format!("--format={}", merges::GIT_LOG_FORMAT);
    let log = crate::git::run(
        checkout,
        &["log", "--first-parent", &format, &since_arg, &until_arg],
    )?;
    let prs = merges::from_git_log(&log).with_context(|| format!("git -C {shown} log"))?;
    Ok(Merges {
        source: format!("git log --first-parent of {shown}"),
        prs,
    })
}

/// The PRs merged into kubernetes/kubernetes from `since` to `until`:
/// `GET /search/issues?q=repo:kubernetes/kubernetes+is:pr+is:merged+merged:SINCE..UNTIL&per_page=100`,
/// following the `Link` header's `next` page (at most 10 pages: the search API's limit).
pub fn from_github(github: &Github, since: NaiveDate, until: NaiveDate) -> Result<Merges> {
    let mut url = Some(github.url(&format!(
        "/search/issues?q=repo:kubernetes/kubernetes+is:pr+is:merged+merged:{since}..{until}&per_page=100"
    )));
    let mut prs: Vec<MergedPr> = Vec::new();
    let mut pages = 0;
    while let Some(current) = url.take() {
        if pages == MAX_PAGES {
            eprintln!(
                "warning: stopped after {MAX_PAGES} pages of search results ({} PRs)",
                prs.len()
            );
            break;
        }
        let page = github.get(&current, OFFLINE_HINT)?;
        let read = merges::from_github_search(&page.body).with_context(|| current.clone())?;
        if read.incomplete {
            eprintln!(
                "warning: {current}: GitHub says the results are incomplete (a search timeout)"
            );
        }
        prs.extend(read.prs);
        url = page.next;
        pages += 1;
    }
    Ok(Merges {
        source: format!("GitHub search of {}", crate::github::host_of(&github.base)),
        prs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::host_of;
    use k8s_changelog_tests::loopback::{
        closed_port, rate_limited, search_item, search_page, serve,
    };
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, OnceLock};
    use std::time::Duration;

    fn item(number: u64, day: u32) -> String {
        let merged = format!("2020-03-{day:02}T10:00:00Z");
        let labels = ["kind/feature", "sig/node"];
        search_item(
            number,
            &merged,
            &format!("PR {number}"),
            &labels,
            &format!("Note {number}"),
        )
    }

    fn week() -> (NaiveDate, NaiveDate) {
        ("2020-03-16".parse().unwrap(), "2020-03-22".parse().unwrap())
    }

    fn page(items: &[String]) -> Vec<u8> {
        search_page(items)
    }

    #[test]
    fn two_pages_by_the_link_header_with_the_token() {
        // GitHub's Link header carries absolute URLs: the server learns its own address.
        let own = Arc::new(OnceLock::<String>::new());
        let known = Arc::clone(&own);
        let (base, seen) = serve(move |path, auth| {
            assert_eq!(auth, Some("Bearer t"));
            if path.ends_with("&page=2") {
                return (200, vec![], page(&[item(3, 20)]));
            }
            let next = format!(r#"<{}{path}&page=2>; rel="next""#, known.get().unwrap());
            (
                200,
                vec![("Link".into(), next)],
                page(&[item(1, 16), item(2, 17)]),
            )
        });
        own.set(base.clone()).unwrap();
        let github = Github::new(&base, Some("t".into()), Duration::from_millis(1));
        let (since, until) = week();
        let merges = from_github(&github, since, until).unwrap();
        let first = "/search/issues?q=repo:kubernetes/kubernetes+is:pr+is:merged+merged:2020-03-16..2020-03-22&per_page=100";
        assert_eq!(
            *seen.lock().unwrap(),
            [first.to_string(), format!("{first}&page=2")]
        );
        let got: Vec<(u64, &str, Option<&str>)> = merges
            .prs
            .iter()
            .map(|p| (p.number, p.author.as_str(), p.release_note.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (1, "u1", Some("Note 1")),
                (2, "u2", Some("Note 2")),
                (3, "u3", Some("Note 3"))
            ]
        );
        assert_eq!(merges.prs[0].labels, ["kind/feature", "sig/node"]);
        assert_eq!(
            merges.source,
            format!("GitHub search of {}", host_of(&base))
        );
    }

    #[test]
    fn a_server_error_then_success_and_the_failures() {
        let calls = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&calls);
        let (base, _) = serve(move |_, _| match counter.fetch_add(1, Ordering::SeqCst) {
            0 => (500, vec![], "oops".into()),
            _ => (200, vec![], page(&[item(7, 18)])),
        });
        let github = Github::new(&base, None, Duration::from_millis(1));
        let (since, until) = week();
        let merges = from_github(&github, since, until).unwrap();
        assert_eq!((merges.prs.len(), calls.load(Ordering::SeqCst)), (1, 2));

        let (base, _) = serve(|_, _| rate_limited(429, 1584921600));
        let github = Github::new(&base, None, Duration::from_millis(1));
        let err = format!("{:#}", from_github(&github, since, until).unwrap_err());
        assert!(err.contains("rate limit is used up"), "{err}");
        assert!(
            err.contains("it resets at 2020-03-23 00:00:00 UTC"),
            "{err}"
        );
        assert!(err.contains("set GITHUB_TOKEN"), "{err}");

        let (base, _) = serve(|_, _| {
            (
                200,
                vec![],
                r#"{"total_count":1,"items":[{"number":"x"}]}"#.into(),
            )
        });
        let github = Github::new(&base, None, Duration::from_millis(1));
        let err = format!("{:#}", from_github(&github, since, until).unwrap_err());
        assert!(
            err.starts_with(&format!("{base}/search/issues?q=")),
            "{err}"
        );
        assert!(err.contains("line 1, column"), "{err}");

        let (_bound, port) = closed_port();
        let github = Github::new(
            &format!("http://127.0.0.1:{port}"),
            None,
            Duration::from_millis(1),
        );
        let err = format!("{:#}", from_github(&github, since, until).unwrap_err());
        assert!(
            err.starts_with(&format!("cannot reach 127.0.0.1:{port} (offline?)")),
            "{err}"
        );
        assert!(err.ends_with("(--checkout PATH) instead"), "{err}");
    }
}
