//! Release dates from this machine's sources: a CSV file, a kubernetes checkout's git tags, or
//! the GitHub releases API. This is the I/O; reading the text is `k8s_changelog::dates`.

use crate::github::Github;
use anyhow::{bail, Context, Result};
use k8s_changelog::{dates, ReleaseDate};
use semver::Version;
use std::path::{Path, PathBuf};

/// The environment variable naming a dates CSV, used when no source is given.
pub const DATES_ENV: &str = "K8S_RELEASE_DATES";

/// kubernetes/kubernetes has about 900 GitHub releases; 30 pages of 100 leave room and stop a
/// misbehaving server (or mirror) from paging forever.
const MAX_PAGES: u32 = 30;
const PER_PAGE: usize = 100;

/// Loads release dates for [`History::add_dates`](k8s_changelog::History::add_dates).
///
/// Sources, each optional; all that are given are read, in this order, so that when the result
/// is handed to `add_dates` (where a later date for a tag replaces an earlier one) the tags'
/// actual dates override a CSV's planned ones:
///
/// 1. `csv`: a `version,date[,source,confidence]` file with a header line (see
///    `k8s_changelog::dates::from_csv`; the shared `release-dates.csv` is one). Each date's
///    `source` is `<file name>: <the row's source column>`.
/// 2. `checkout`: a kubernetes/kubernetes clone; runs
///    `git -C PATH for-each-ref --format='%(refname:strip=2) %(creatordate:short)' refs/tags`
///    (needs `git` on `PATH` and the tags fetched; a clone without tags is an error saying so).
///    Source `git`.
/// 3. `github`: `GET https://api.github.com/repos/kubernetes/kubernetes/releases?per_page=100&page=N`
///    for N = 1, 2, … until a short or empty page (at most 30 pages). Sends `GITHUB_TOKEN` as a
///    bearer token when it is set (unauthenticated clients get 60 requests an hour);
///    `K8S_CHANGELOG_GITHUB_API` (or the older `GITHUB_API_URL`) replaces
///    `https://api.github.com` (GitHub Enterprise, a mirror); see [`Github::from_env`]. Drafts
///    are skipped. Source `github`.
///
/// With no source given, `$K8S_RELEASE_DATES` names a CSV file to read; when that is unset too
/// the result is empty (dates are optional everywhere).
///
/// Errors name what failed: `dates.csv: line 3: …`, `git -C PATH: fatal: not a git repository`,
/// and offline, one `cannot reach api.github.com` error suggesting a CSV or a checkout.
///
/// ```ignore
/// let mut history = History::new(changelog);
/// history.add_dates(dates::load_dates(args.dates.as_deref(), None, false)?);
/// ```
pub fn load_dates(
    csv: Option<&Path>,
    checkout: Option<&Path>,
    github: bool,
) -> Result<Vec<(Version, ReleaseDate)>> {
    let env = Env {
        dates_file: std::env::var_os(DATES_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from),
        github: Github::from_env(),
    };
    load_with(csv, checkout, github, &env)
}

/// What [`load_dates`] reads from the environment, apart so tests need not set variables.
struct Env {
    dates_file: Option<PathBuf>,
    github: Github,
}

fn load_with(
    csv: Option<&Path>,
    checkout: Option<&Path>,
    github: bool,
    env: &Env,
) -> Result<Vec<(Version, ReleaseDate)>> {
    let mut out = Vec::new();
    if csv.is_none() && checkout.is_none() && !github {
        if let Some(file) = &env.dates_file {
            return read_csv(file).with_context(|| format!("(from ${DATES_ENV})"));
        }
        return Ok(out);
    }
    if let Some(path) = csv {
        out.extend(read_csv(path)?);
    }
    if let Some(path) = checkout {
        out.extend(read_git_tags(path)?);
    }
    if github {
        out.extend(read_github(&env.github)?);
    }
    Ok(out)
}

fn read_csv(path: &Path) -> Result<Vec<(Version, ReleaseDate)>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading release dates from {}", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    dates::from_csv(&text, &name).with_context(|| path.display().to_string())
}

fn read_git_tags(checkout: &Path) -> Result<Vec<(Version, ReleaseDate)>> {
    let what = format!("git -C {}", checkout.display());
    let stdout = crate::git::run(
        checkout,
        &[
            "for-each-ref",
            "--format",
            dates::GIT_TAG_FORMAT,
            "refs/tags",
        ],
    )?;
    let found = dates::from_git_tags(&stdout).with_context(|| format!("{what} for-each-ref"))?;
    if found.is_empty() {
        bail!(
            "{what}: no version tags (v1.N.M); a shallow or single-branch clone has none: \
             run `git -C {} fetch --tags`",
            checkout.display()
        );
    }
    Ok(found)
}

fn read_github(github: &Github) -> Result<Vec<(Version, ReleaseDate)>> {
    let base = github.url("/repos/kubernetes/kubernetes/releases");
    let mut out = Vec::new();
    for page in 1..=MAX_PAGES {
        let url = format!("{base}?per_page={PER_PAGE}&page={page}");
        let body = github.get(&url, OFFLINE_HINT)?.body;
        // A page of releases all drafts or non-version tags yields no dates but is not the
        // end; the end is a page shorter than asked for.
        let count = serde_json::from_str::<Vec<serde_json::Value>>(&body)
            .map(|a| a.len())
            .unwrap_or(0);
        out.extend(dates::from_github_releases(&body).with_context(|| url.clone())?);
        if count < PER_PAGE {
            return Ok(out);
        }
    }
    eprintln!(
        "warning: stopped after {MAX_PAGES} pages of GitHub releases ({} dates); older releases have none",
        out.len()
    );
    Ok(out)
}

/// What to do instead of asking GitHub, when it cannot be reached.
const OFFLINE_HINT: &str = "take the dates from a CSV file (--dates FILE, $K8S_RELEASE_DATES) \
     or a kubernetes checkout (--checkout PATH) instead";

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_changelog_tests::gitrepo::git;
    use k8s_changelog_tests::loopback::{self, closed_port};
    use std::time::Duration;

    fn env(api: &str) -> Env {
        Env {
            dates_file: None,
            github: Github::new(api, None, Duration::from_millis(1)),
        }
    }

    /// [`loopback::serve`] without extra headers.
    fn serve(
        respond: impl Fn(&str, Option<&str>) -> (u16, String) + Send + 'static,
    ) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
        loopback::serve(move |path, auth| {
            let (status, body) = respond(path, auth);
            (status, Vec::new(), body.into_bytes())
        })
    }

    fn tags(dates: &[(Version, ReleaseDate)]) -> Vec<String> {
        dates
            .iter()
            .map(|(v, d)| format!("{v} {} {}", d.date, d.source))
            .collect()
    }

    fn release(tag: &str, day: u32) -> String {
        format!(
            r#"{{"tag_name":"{tag}","published_at":"2021-09-{day:02}T17:10:44Z","draft":false,"prerelease":false}}"#
        )
    }

    #[test]
    fn github_pages_until_a_short_page_and_sends_the_token() {
        let (base, seen) = serve(|path, auth| {
            assert_eq!(auth, Some("Bearer t0ken"));
            let page: u32 = path.rsplit("page=").next().unwrap().parse().unwrap();
            let items: Vec<String> = match page {
                1 => (0..100).map(|i| release(&format!("v1.0.{i}"), 1)).collect(),
                2 => vec![
                    release("v1.22.2", 15),
                    r#"{"tag_name":"v1.23.0","published_at":null,"draft":true}"#.into(),
                ],
                _ => panic!("asked for page {page} after a short page"),
            };
            (200, format!("[{}]", items.join(",")))
        });
        let mut env = env(&format!("{base}/"));
        env.github = Github::new(&format!("{base}/"), Some("t0ken".into()), Duration::ZERO);
        let dates = load_with(None, None, true, &env).unwrap();
        assert_eq!(dates.len(), 101);
        assert_eq!(tags(&dates[100..]), ["1.22.2 2021-09-15 github"]);
        assert_eq!(
            *seen.lock().unwrap(),
            [
                "/repos/kubernetes/kubernetes/releases?per_page=100&page=1",
                "/repos/kubernetes/kubernetes/releases?per_page=100&page=2"
            ]
        );
    }

    #[test]
    fn github_errors_are_explained() {
        let (base, _) = serve(|_, _| {
            (
                403,
                r#"{"message":"API rate limit exceeded for 127.0.0.1."}"#.into(),
            )
        });
        let err = load_with(None, None, true, &env(&base)).unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            format!("{base}/repos/kubernetes/kubernetes/releases?per_page=100&page=1: HTTP 403: API rate limit exceeded for 127.0.0.1.; set GITHUB_TOKEN (unauthenticated clients get 60 requests an hour)")
        );
        let (base, _) = serve(|_, _| (200, "<html>".into()));
        let err = load_with(None, None, true, &env(&base)).unwrap_err();
        assert!(
            format!("{err:#}").contains("line 1, column 1: expected value"),
            "{err:#}"
        );
    }

    #[test]
    fn offline_is_one_clear_error() {
        // A port nobody listens on: bind, learn the port, close.
        let (_bound, port) = closed_port();
        let err =
            load_with(None, None, true, &env(&format!("http://127.0.0.1:{port}"))).unwrap_err();
        let message = format!("{err:#}");
        assert!(
            message.starts_with(&format!("cannot reach 127.0.0.1:{port} (offline?)")),
            "{message}"
        );
        assert!(message.contains("K8S_RELEASE_DATES"), "{message}");
    }

    #[test]
    fn csv_from_a_file_or_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dates.csv");
        std::fs::write(
            &path,
            "version,date,source,confidence\nv1.22.0,2021-08-04,tag,actual\nv1.36.0,2026-04-22,schedule,planned\n",
        )
        .unwrap();
        let dates = load_with(Some(&path), None, false, &env("unused")).unwrap();
        assert_eq!(
            tags(&dates),
            [
                "1.22.0 2021-08-04 dates.csv: tag",
                "1.36.0 2026-04-22 dates.csv: schedule"
            ]
        );
        assert!(dates[1].1.planned);

        let mut from_env = env("unused");
        from_env.dates_file = Some(path.clone());
        assert_eq!(load_with(None, None, false, &from_env).unwrap(), dates);
        assert!(load_with(None, None, false, &env("unused"))
            .unwrap()
            .is_empty());

        std::fs::write(
            &path,
            "version,date\nv1.22.0,2021-08-04\nv1.22,2021-08-05\n",
        )
        .unwrap();
        let err = load_with(None, None, false, &from_env).unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            format!(
                "(from $K8S_RELEASE_DATES): {}: line 3: `v1.22` is not a version such as v1.22.3",
                path.display()
            )
        );
        let missing = dir.path().join("missing.csv");
        let err = load_with(Some(&missing), None, false, &env("unused")).unwrap_err();
        assert!(format!("{err:#}").starts_with(&format!(
            "reading release dates from {}: ",
            missing.display()
        )));
    }

    #[test]
    fn git_tags_of_a_checkout() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        let id = ["-c", "user.name=t", "-c", "user.email=t@example.com"];
        if !git(repo, &["init", "-q"], "2021-08-04T10:00:00Z") {
            eprintln!("skipped: git is not available");
            return;
        }
        let err = load_with(None, Some(repo), false, &env("unused")).unwrap_err();
        assert!(format!("{err:#}").contains("no version tags"), "{err:#}");
        let commit = [&id[..], &["commit", "-q", "--allow-empty", "-m", "x"]].concat();
        assert!(git(repo, &commit, "2021-08-04T10:00:00Z"));
        assert!(git(repo, &["tag", "v1.22.0"], "2021-08-04T10:00:00Z"));
        assert!(git(
            repo,
            &["tag", "kubernetes-1.0"],
            "2021-08-04T10:00:00Z"
        ));
        let annotated = [&id[..], &["tag", "-a", "-m", "rc", "v1.23.0-rc.0"]].concat();
        assert!(git(repo, &annotated, "2021-11-30T12:00:00Z"));
        let mut dates = load_with(None, Some(repo), false, &env("unused")).unwrap();
        dates.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            tags(&dates),
            ["1.22.0 2021-08-04 git", "1.23.0-rc.0 2021-11-30 git"]
        );

        let err = load_with(None, Some(&repo.join("nope")), false, &env("unused")).unwrap_err();
        assert!(format!("{err:#}").contains("is not a directory"), "{err:#}");
    }
}
