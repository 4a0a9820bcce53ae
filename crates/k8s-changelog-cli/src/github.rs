//! The GitHub REST API as the dates and merges sources call it: one agent, the token, the base
//! URL (GitHub Enterprise, a mirror, a test server), retries of server errors, rate-limit and
//! offline messages, and `Link`-header paging.

use anyhow::{anyhow, Context, Result};
use std::time::Duration;

/// The environment variable replacing `https://api.github.com` (GitHub Enterprise, a mirror).
pub const API_ENV: &str = "K8S_CHANGELOG_GITHUB_API";
/// The older name of [`API_ENV`], still read when it is unset.
pub const API_ENV_OLD: &str = "GITHUB_API_URL";
const DEFAULT_API: &str = "https://api.github.com";
/// A page is at most a few MB (a releases page carries every release's notes).
const MAX_PAGE_BYTES: u64 = 64 << 20;
/// Server errors (5xx) are tried this many times in all.
const ATTEMPTS: u32 = 3;

/// A GitHub API client.
pub struct Github {
    agent: ureq::Agent,
    /// The API's base URL, without a trailing `/`.
    pub base: String,
    token: Option<String>,
    /// The first retry's delay; the next waits twice as long.
    retry_delay: Duration,
}

/// One answer: its body and the `rel="next"` page of its `Link` header.
#[derive(Debug)]
pub struct Page {
    pub body: String,
    pub next: Option<String>,
}

impl Github {
    /// The client the environment describes: [`API_ENV`] (else [`API_ENV_OLD`], else
    /// api.github.com), `GITHUB_TOKEN` when set, and `K8S_CHANGELOG_RETRY_DELAY_MS` (default
    /// 500) before the first retry.
    pub fn from_env() -> Github {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let base = var(API_ENV)
            .or_else(|| var(API_ENV_OLD))
            .unwrap_or_else(|| DEFAULT_API.into());
        let delay = var("K8S_CHANGELOG_RETRY_DELAY_MS")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(500);
        Github::new(&base, var("GITHUB_TOKEN"), Duration::from_millis(delay))
    }

    /// A client of the API at `base`, with `token` as bearer token.
    pub fn new(base: &str, token: Option<String>, retry_delay: Duration) -> Github {
        Github {
            agent: ureq::AgentBuilder::new()
                .timeout_connect(Duration::from_secs(15))
                .timeout_read(Duration::from_secs(60))
                .user_agent(concat!("k8s-changelog/", env!("CARGO_PKG_VERSION")))
                .build(),
            base: base.trim().trim_end_matches('/').to_string(),
            token: token.map(|t| t.trim().to_string()),
            retry_delay,
        }
    }

    /// `path` (`/search/issues?…`) on the API.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GETs `url`. A server error (5xx) is tried again twice, after a short wait; a rate limit
    /// says when it resets; being offline is one error ending in `offline_hint` (what to use
    /// instead).
    pub fn get(&self, url: &str, offline_hint: &str) -> Result<Page> {
        let mut attempt = 1;
        loop {
            match self.get_once(url, offline_hint) {
                Err(Failure::Server(error)) if attempt < ATTEMPTS => {
                    eprintln!("warning: {error:#}; trying again");
                    std::thread::sleep(self.retry_delay * (1 << (attempt - 1)));
                    attempt += 1;
                }
                Err(Failure::Server(error) | Failure::Final(error)) => return Err(error),
                Ok(page) => return Ok(page),
            }
        }
    }

    fn get_once(&self, url: &str, offline_hint: &str) -> Result<Page, Failure> {
        let mut request = self
            .agent
            .get(url)
            .set("Accept", "application/vnd.github+json")
            .set("X-GitHub-Api-Version", "2022-11-28");
        if let Some(token) = &self.token {
            request = request.set("Authorization", &format!("Bearer {token}"));
        }
        let response = match request.call() {
            Ok(response) => response,
            Err(ureq::Error::Status(code, response)) => {
                return Err(self.status_error(url, code, response))
            }
            Err(error @ ureq::Error::Transport(_)) => {
                if matches!(
                    error.kind(),
                    ureq::ErrorKind::Dns | ureq::ErrorKind::ConnectionFailed
                ) {
                    return Err(Failure::Final(anyhow!(
                        "cannot reach {} (offline?): {error}; {offline_hint}",
                        host_of(url)
                    )));
                }
                return Err(Failure::Final(anyhow!(error).context(url.to_string())));
            }
        };
        let next = response
            .header("link")
            .and_then(|h| parse_link_header::parse_with_rel(h).ok())
            .and_then(|links| links.get("next").map(|l| l.raw_uri.clone()));
        let body = read_body(response)
            .with_context(|| format!("reading {url}"))
            .map_err(Failure::Final)?;
        Ok(Page { body, next })
    }

    fn status_error(&self, url: &str, code: u16, response: ureq::Response) -> Failure {
        let status = response.status_text().to_string();
        let remaining = response.header("x-ratelimit-remaining").map(str::to_string);
        let reset = response
            .header("x-ratelimit-reset")
            .and_then(|r| r.trim().parse::<i64>().ok())
            .and_then(|r| chrono::DateTime::from_timestamp(r, 0));
        let body = read_body(response).unwrap_or_default();
        // GitHub explains itself in a JSON `message` (rate limit, bad credentials).
        let message = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("message")?.as_str().map(str::to_string))
            .unwrap_or(status);
        let unauthenticated = if self.token.is_none() {
            "; set GITHUB_TOKEN (unauthenticated clients get 60 requests an hour)"
        } else {
            ""
        };
        if matches!(code, 403 | 429) && remaining.as_deref().map(str::trim) == Some("0") {
            let when = reset.map_or_else(
                || "later".to_string(),
                |r| format!("at {} UTC", r.format("%Y-%m-%d %H:%M:%S")),
            );
            return Failure::Final(anyhow!(
                "{url}: GitHub's rate limit is used up (HTTP {code}: {message}); it resets {when}{unauthenticated}"
            ));
        }
        let hint = match code {
            401 => "; GITHUB_TOKEN is not accepted",
            403 | 429 => unauthenticated,
            _ => "",
        };
        let error = anyhow!("{url}: HTTP {code}: {message}{hint}");
        if code >= 500 {
            Failure::Server(error)
        } else {
            Failure::Final(error)
        }
    }
}

/// A failed GET: a server error is worth another try, anything else is not.
enum Failure {
    Server(anyhow::Error),
    Final(anyhow::Error),
}

fn read_body(response: ureq::Response) -> Result<String> {
    let bytes = crate::http::read_capped(response, MAX_PAGE_BYTES, "an API page")?;
    Ok(String::from_utf8(bytes)?)
}

/// `api.github.com` of `https://api.github.com/…`.
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_changelog_tests::loopback::{rate_limited, serve};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    fn client(base: &str, token: Option<&str>) -> Github {
        Github::new(base, token.map(str::to_string), Duration::from_millis(1))
    }

    #[test]
    fn server_errors_are_retried_then_reported() {
        let calls = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&calls);
        let (base, _) = serve(move |_, _| match counter.fetch_add(1, Ordering::SeqCst) {
            0 => (502, vec![], r#"{"message":"Bad Gateway"}"#.into()),
            _ => (200, vec![], "[]".into()),
        });
        let page = client(&base, None)
            .get(&format!("{base}/x"), "hint")
            .unwrap();
        assert_eq!(
            (page.body.as_str(), calls.load(Ordering::SeqCst)),
            ("[]", 2)
        );

        let (base, seen) = serve(|_, _| (503, vec![], "{}".into()));
        let err = client(&base, None)
            .get(&format!("{base}/x"), "hint")
            .unwrap_err();
        assert_eq!(format!("{err:#}"), format!("{base}/x: HTTP 503: Error"));
        assert_eq!(seen.lock().unwrap().len(), 3, "three attempts in all");
    }

    #[test]
    fn a_used_up_rate_limit_says_when_it_resets() {
        let (base, seen) = serve(|_, _| rate_limited(403, 1584403200));
        let err = client(&base, Some("t"))
            .get(&format!("{base}/x"), "hint")
            .unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            format!("{base}/x: GitHub's rate limit is used up (HTTP 403: API rate limit exceeded); it resets at 2020-03-17 00:00:00 UTC")
        );
        assert_eq!(seen.lock().unwrap().len(), 1, "a rate limit is not retried");
    }

    #[test]
    fn the_next_page_comes_from_the_link_header() {
        let (base, _) = serve(|_, _| {
            (
                200,
                vec![(
                    "Link".into(),
                    r#"<https://api.example/search/issues?q=x&page=2>; rel="next", <https://api.example/search/issues?q=x&page=5>; rel="last""#.into(),
                )],
                "{}".into(),
            )
        });
        let page = client(&base, None).get(&base, "hint").unwrap();
        assert_eq!(
            page.next.as_deref(),
            Some("https://api.example/search/issues?q=x&page=2")
        );
        assert_eq!(host_of("https://api.example/a/b"), "api.example");
    }
}
