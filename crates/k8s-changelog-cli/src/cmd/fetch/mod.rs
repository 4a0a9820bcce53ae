//! `k8s-changelog fetch`: downloads the CHANGELOG files named by the built-in manifest
//! (`data/sources.txt`), or copies them from a local kubernetes checkout; over HTTP, also the
//! Deprecated API Migration Guide, and the release calendars and `eol.yaml` (`calendar.rs`).

mod calendar;

use crate::output;
use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeSet;
use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One raw URL a line; see `data/README.md`.
const MANIFEST: &str = include_str!("../../../../../data/sources.txt");

/// Far above the largest CHANGELOG (about 1 MB); a bigger body is not one.
const MAX_DOWNLOAD_BYTES: u64 = 64 * 1024 * 1024;

#[derive(clap::Args)]
pub struct Args {
    /// Fetch only this minor line (`1.18`); repeatable [default: every minor in the manifest]
    #[arg(long = "minor", value_name = "1.N", value_parser = parse_minor)]
    minors: Vec<Minor>,

    /// Copy CHANGELOG/CHANGELOG-1.N.md from a local kubernetes/kubernetes checkout instead of
    /// downloading
    #[arg(long, value_name = "PATH", conflicts_with = "base_url")]
    from_checkout: Option<PathBuf>,

    /// The directory the files are written to
    #[arg(
        long,
        value_name = "DIR",
        env = "K8S_CHANGELOG_DIR",
        default_value = "data/changelog"
    )]
    dest: PathBuf,

    /// Download from URL/CHANGELOG-1.N.md instead of the upstream
    /// https://raw.githubusercontent.com/kubernetes/kubernetes/master/CHANGELOG
    #[arg(long, value_name = "URL", env = "K8S_CHANGELOG_BASE_URL")]
    base_url: Option<String>,

    /// Attempts per file before giving up
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=10))]
    attempts: u32,

    /// The first retry's delay; each further retry waits twice as long
    #[arg(
        long,
        value_name = "MS",
        env = "K8S_CHANGELOG_RETRY_DELAY_MS",
        default_value_t = 200
    )]
    retry_delay_ms: u64,

    /// Give up on a connection or a stalled read after this many seconds
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    timeout: u64,

    /// Where to download the Deprecated API Migration Guide from [default: kubernetes/website's
    /// content/en/docs/reference/using-api/deprecation-guide.md, or BASE_URL/deprecation-guide.md
    /// with --base-url]; it is saved as DEST/deprecation-guide.md
    #[arg(long, value_name = "URL", env = "K8S_API_GUIDE_URL")]
    api_guide_url: Option<String>,

    /// Do not download the Deprecated API Migration Guide
    #[arg(long, conflicts_with = "api_guide_url")]
    no_api_guide: bool,

    #[command(flatten)]
    calendar: calendar::CalendarArgs,
}

/// The Deprecated API Migration Guide upstream (kubernetes/website).
const API_GUIDE_URL: &str = "https://raw.githubusercontent.com/kubernetes/website/main/content/en/docs/reference/using-api/deprecation-guide.md";

use crate::input::API_GUIDE_FILE;

/// A minor line such as 1.18, named by its file `CHANGELOG-1.18.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Minor {
    major: u32,
    minor: u32,
}

impl Minor {
    fn file_name(self) -> String {
        format!("CHANGELOG-{self}.md")
    }

    /// Reads `CHANGELOG-1.18.md`.
    fn from_file_name(name: &str) -> Option<Minor> {
        let version = name.strip_prefix("CHANGELOG-")?.strip_suffix(".md")?;
        parse_minor(version).ok()
    }
}

impl fmt::Display for Minor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

fn parse_minor(text: &str) -> Result<Minor, String> {
    let bare = text.trim().trim_start_matches('v');
    let parsed = bare
        .split_once('.')
        .and_then(|(major, minor)| Some((major.parse().ok()?, minor.parse().ok()?)));
    match parsed {
        Some((major, minor)) => Ok(Minor { major, minor }),
        None => Err(format!("`{text}` is not a minor line such as 1.18")),
    }
}

/// One manifest entry.
struct Source {
    minor: Minor,
    url: String,
}

fn manifest() -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    for (index, line) in MANIFEST.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let minor = line
            .rsplit_once('/')
            .and_then(|(_, name)| Minor::from_file_name(name))
            .ok_or_else(|| {
                anyhow!(
                    "data/sources.txt:{}: not a CHANGELOG-1.N.md URL: {line}",
                    index + 1
                )
            })?;
        sources.push(Source {
            minor,
            url: line.to_string(),
        });
    }
    Ok(sources)
}

/// Where the files come from.
enum Origin {
    Http { agent: ureq::Agent },
    Checkout { dir: PathBuf },
}

/// A file that could not be fetched, and whether the rest can still be tried.
enum FetchError {
    /// The host cannot be reached at all: every further file would fail the same way.
    Unreachable { host: String, error: String },
    /// This file failed; others may not.
    Failed(anyhow::Error),
}

pub fn run(args: Args) -> Result<()> {
    let sources = manifest()?;
    let (origin, targets) = match &args.from_checkout {
        Some(checkout) => {
            let dir = checkout_dir(checkout)?;
            let mut targets = wanted(&args.minors, &sources);
            if args.minors.is_empty() {
                targets.extend(minors_in(&dir));
            }
            (Origin::Checkout { dir }, targets)
        }
        None => {
            if let Some(base) = &args.base_url {
                if !(base.starts_with("http://") || base.starts_with("https://")) {
                    crate::usage!("--base-url must be an http:// or https:// URL, not `{base}`");
                }
            }
            let agent = ureq::AgentBuilder::new()
                .timeout_connect(Duration::from_secs(args.timeout))
                .timeout_read(Duration::from_secs(args.timeout))
                .user_agent(concat!("k8s-changelog/", env!("CARGO_PKG_VERSION")))
                .build();
            (Origin::Http { agent }, wanted(&args.minors, &sources))
        }
    };

    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(targets.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("[{bar:30}] {pos}/{len} {msg}") {
        bar.set_style(style.progress_chars("=> "));
    }

    let mut fetched_bytes = 0;
    let mut fetched = 0;
    let mut missing = Vec::new();
    let mut failed = 0;
    for &minor in &targets {
        let name = minor.file_name();
        bar.set_message(name.clone());
        let result = match &origin {
            Origin::Http { agent } => {
                let url = url_for(minor, &sources, args.base_url.as_deref());
                download(agent, &url, &args)
            }
            Origin::Checkout { dir } => copy_from(&dir.join(&name)),
        };
        let written = match result {
            Ok(Some(bytes)) => {
                std::fs::create_dir_all(&args.dest)
                    .with_context(|| format!("cannot create {}", args.dest.display()))?;
                output::write_atomically(&args.dest.join(&name), &bytes).map(|()| bytes.len())
            }
            Ok(None) => {
                missing.push(minor);
                bar.inc(1);
                continue;
            }
            Err(FetchError::Unreachable { host, error }) => {
                bar.finish_and_clear();
                bail!(
                    "cannot reach {host}: {error} — are you offline? \
                     Use --from-checkout PATH or --base-url"
                );
            }
            Err(FetchError::Failed(err)) => Err(err),
        };
        match written {
            Ok(len) => {
                fetched += 1;
                fetched_bytes += len;
            }
            Err(err) => {
                failed += 1;
                bar.suspend(|| eprintln!("error: {name}: {err:#}"));
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();

    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(Minor::to_string).collect();
        let place = match &origin {
            Origin::Http { .. } => "upstream (HTTP 404)",
            Origin::Checkout { .. } => "in the checkout",
        };
        eprintln!("warning: not found {place}, skipped: {}", list.join(", "));
    }
    if fetched == 0 {
        bail!("nothing was fetched into {}", args.dest.display());
    }
    eprintln!(
        "fetched {fetched} file{} ({:.1} MB) into {}",
        if fetched == 1 { "" } else { "s" },
        fetched_bytes as f64 / 1_000_000.0,
        args.dest.display()
    );
    if let (Origin::Http { agent }, false) = (&origin, args.no_api_guide) {
        fetch_api_guide(agent, &args);
    }
    if let Origin::Http { agent } = &origin {
        calendar::fetch_schedules(agent, &args, &targets);
        calendar::fetch_eol(agent, &args);
    }
    if failed > 0 {
        bail!("{failed} of {} files could not be fetched", targets.len());
    }
    Ok(())
}

/// Downloads the Deprecated API Migration Guide into DEST. It adds to the CHANGELOGs, so a
/// failure is a warning, not an error.
fn fetch_api_guide(agent: &ureq::Agent, args: &Args) {
    let url = match (&args.api_guide_url, &args.base_url) {
        (Some(url), _) => url.clone(),
        (None, Some(base)) => format!("{}/{API_GUIDE_FILE}", base.trim_end_matches('/')),
        (None, None) => API_GUIDE_URL.to_string(),
    };
    let path = args.dest.join(API_GUIDE_FILE);
    match download(agent, &url, args) {
        Ok(Some(bytes)) => match output::write_atomically(&path, &bytes) {
            Ok(()) => eprintln!(
                "fetched the Deprecated API Migration Guide into {}",
                path.display()
            ),
            Err(err) => eprintln!("warning: {}: {err:#}", path.display()),
        },
        Ok(None) => {
            eprintln!("warning: the Deprecated API Migration Guide is not at {url} (HTTP 404)")
        }
        Err(FetchError::Unreachable { host, error }) => {
            eprintln!("warning: the Deprecated API Migration Guide: cannot reach {host}: {error}")
        }
        Err(FetchError::Failed(err)) => {
            eprintln!("warning: the Deprecated API Migration Guide: {err:#}")
        }
    }
}

/// The minors asked for, or every minor of the manifest.
fn wanted(minors: &[Minor], sources: &[Source]) -> BTreeSet<Minor> {
    if minors.is_empty() {
        sources.iter().map(|s| s.minor).collect()
    } else {
        minors.iter().copied().collect()
    }
}

/// The manifest's URL for `minor`, with its directory replaced by `base_url` when one is given.
/// A minor the manifest does not list yet is looked for beside the others.
fn url_for(minor: Minor, sources: &[Source], base_url: Option<&str>) -> String {
    let listed = sources.iter().find(|s| s.minor == minor);
    match (base_url, listed) {
        (Some(base), _) => format!("{}/{}", base.trim_end_matches('/'), minor.file_name()),
        (None, Some(source)) => source.url.clone(),
        (None, None) => {
            let base = sources
                .last()
                .and_then(|s| s.url.rsplit_once('/'))
                .map_or("", |(base, _)| base);
            format!("{base}/{}", minor.file_name())
        }
    }
}

/// GETs `url`, retrying transient failures with exponential backoff. `None` is a 404.
fn download(agent: &ureq::Agent, url: &str, args: &Args) -> Result<Option<Vec<u8>>, FetchError> {
    let mut attempt = 0;
    loop {
        let error = match agent.get(url).call() {
            Ok(response) => {
                match crate::http::read_capped(response, MAX_DOWNLOAD_BYTES, "a CHANGELOG") {
                    Ok(bytes) => return Ok(Some(bytes)),
                    Err(err) => Err(FetchError::Failed(err.context(format!("reading {url}")))),
                }
            }
            Err(ureq::Error::Status(404 | 410, _)) => return Ok(None),
            Err(ureq::Error::Status(code, response)) => {
                let failure =
                    FetchError::Failed(anyhow!("HTTP {code} {}: {url}", response.status_text()));
                if code >= 500 || code == 429 {
                    Err(failure)
                } else {
                    return Err(failure);
                }
            }
            Err(error @ ureq::Error::Transport(_)) => match error.kind() {
                ureq::ErrorKind::Dns | ureq::ErrorKind::ConnectionFailed => {
                    Err(FetchError::Unreachable {
                        host: crate::github::host_of(url).to_string(),
                        error: error.to_string(),
                    })
                }
                ureq::ErrorKind::Io => Err(FetchError::Failed(anyhow!(error))),
                _ => return Err(FetchError::Failed(anyhow!(error))),
            },
        };
        attempt += 1;
        if attempt >= args.attempts {
            return error;
        }
        let delay = args
            .retry_delay_ms
            .saturating_mul(1 << (attempt - 1).min(16));
        std::thread::sleep(Duration::from_millis(delay));
    }
}

/// The checkout's `CHANGELOG/` directory; a path to that directory itself is accepted too.
fn checkout_dir(checkout: &Path) -> Result<PathBuf> {
    let nested = checkout.join("CHANGELOG");
    if nested.is_dir() {
        return Ok(nested);
    }
    if checkout.is_dir() && !minors_in(checkout).is_empty() {
        return Ok(checkout.to_path_buf());
    }
    bail!(
        "{}: not a kubernetes checkout (no CHANGELOG/ directory with CHANGELOG-1.N.md files)",
        checkout.display()
    )
}

/// The minors whose `CHANGELOG-1.N.md` is in `dir`.
fn minors_in(dir: &Path) -> BTreeSet<Minor> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeSet::new();
    };
    entries
        .filter_map(|entry| Minor::from_file_name(&entry.ok()?.file_name().to_string_lossy()))
        .collect()
}

/// Reads a checkout's file; `None` when the checkout does not have it.
fn copy_from(path: &Path) -> Result<Option<Vec<u8>>, FetchError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(FetchError::Failed(
            anyhow!(err).context(format!("cannot read {}", path.display())),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_lists_every_minor_from_1_2_to_1_38_upstream() {
        let sources = manifest().unwrap();
        let minors: Vec<String> = sources.iter().map(|s| s.minor.to_string()).collect();
        let expected: Vec<String> = (2..=38).map(|n| format!("1.{n}")).collect();
        assert_eq!(minors, expected);
        for source in &sources {
            assert_eq!(
                source.url,
                format!(
                    "https://raw.githubusercontent.com/kubernetes/kubernetes/master/CHANGELOG/{}",
                    source.minor.file_name()
                )
            );
        }
    }

    #[test]
    fn base_url_replaces_the_directory() {
        let sources = manifest().unwrap();
        let minor = parse_minor("v1.18").unwrap();
        assert_eq!(
            url_for(minor, &sources, Some("http://127.0.0.1:8080/")),
            "http://127.0.0.1:8080/CHANGELOG-1.18.md"
        );
        assert_eq!(
            url_for(parse_minor("1.40").unwrap(), &sources, None),
            "https://raw.githubusercontent.com/kubernetes/kubernetes/master/CHANGELOG/CHANGELOG-1.40.md"
        );
        assert_eq!(
            crate::github::host_of(&url_for(minor, &sources, None)),
            "raw.githubusercontent.com"
        );
    }

    #[test]
    fn minors_parse_strictly() {
        assert_eq!(
            parse_minor("1.18"),
            Ok(Minor {
                major: 1,
                minor: 18
            })
        );
        assert!(parse_minor("1.18.2").is_err());
        assert!(parse_minor("latest").is_err());
    }
}
