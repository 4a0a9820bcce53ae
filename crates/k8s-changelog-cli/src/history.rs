//! The history every query command answers from: the inputs read, parsed and merged, with
//! their release dates, through the persistent cache ([`crate::cache`]). A warm run keys the
//! inputs as they stream past and reads the parse back instead of parsing again.
//!
//! The download tables and image lists (a third of a parse) are cached apart from the rest:
//! no query reads them, so only `index`, which publishes them, loads them
//! ([`loaded_with_artifacts`]).

use crate::cache::{Cache, Key, KeyHasher, Split};
use crate::input::{self, parse_inputs, sources, Input, InputArgs, Source};
use anyhow::Result;
use k8s_changelog::timeline::{self, DeprecationTimeline, FeatureGateTimeline};
use k8s_changelog::{Changelog, Download, History, Image, Release};
use std::path::PathBuf;

/// The inputs and the release-date sources of commands that show releases.
#[derive(clap::Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Release dates from a CSV file (`version,date[,source,confidence]`, with a header line)
    /// [default: $K8S_RELEASE_DATES when no date source is given]
    #[arg(long, value_name = "FILE")]
    pub dates: Option<PathBuf>,

    /// Release dates from the tags of a kubernetes/kubernetes clone (needs `git`); `summary`
    /// also reads the week's merged PRs from its first-parent history
    #[arg(long, value_name = "PATH")]
    pub checkout: Option<PathBuf>,

    /// Release dates from the GitHub releases API (set GITHUB_TOKEN to raise the rate limit)
    #[arg(long)]
    pub github_dates: bool,

    /// Parse the inputs and compute the timelines again instead of reading the persistent cache
    /// (also K8S_CHANGELOG_NO_CACHE=1; the cache lives in $K8S_CHANGELOG_CACHE_DIR, else the
    /// user's cache directory)
    #[arg(long)]
    pub no_cache: bool,
}

/// A history with what the cache keys it by, so that the timelines computed from it are cached
/// with it.
pub struct Loaded {
    pub history: History,
    cache: Cache,
    key: Key,
}

impl Loaded {
    /// The deprecation timeline of the history (`timeline::deprecations`), cached.
    pub fn deprecations(&self) -> DeprecationTimeline {
        self.cache.get_or_build("deprecations", self.key, || {
            timeline::deprecations(&self.history)
        })
    }

    /// The feature-gate timeline of the history (`timeline::feature_gates`), cached.
    pub fn feature_gates(&self) -> FeatureGateTimeline {
        self.cache.get_or_build("feature-gates", self.key, || {
            timeline::feature_gates(&self.history)
        })
    }

    /// Both timelines, each cached, computed side by side on two threads when the cache has
    /// neither (each is about a tenth of a cold `index` run).
    pub fn timelines(&self) -> (DeprecationTimeline, FeatureGateTimeline) {
        std::thread::scope(|scope| {
            let gates = scope.spawn(|| self.feature_gates());
            let deprecations = self.deprecations();
            let gates = gates
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (deprecations, gates)
        })
    }
}

/// What the cache keeps of a parse besides the releases (which it stores in pieces, decoded
/// in parallel, without their download tables and image lists): the merged changelog's other
/// parts and each input's release count.
#[derive(serde::Serialize, serde::Deserialize)]
struct ParseHead {
    /// The changelog without its releases.
    changelog: Changelog,
    files: Vec<(String, usize)>,
}

type CachedParse = Split<ParseHead, Release>;

/// One release's download tables and image list, kept apart (the `artifacts` entry, one per
/// release in the cached changelog's order).
#[derive(serde::Serialize, serde::Deserialize)]
struct Artifacts {
    downloads: Vec<Download>,
    images: Vec<Image>,
}

/// Reads, parses and merges the inputs into a `History`, one release per tag, with the release
/// dates the sources give (a later source's date for a tag wins). Diagnostics go to stderr; no
/// release at all is an error. The releases' download tables and image lists are left empty:
/// no query reads them.
pub fn load(args: &HistoryArgs) -> Result<&'static History> {
    Ok(&loaded(args)?.history)
}

/// [`loaded`] with every release's download tables and image lists.
pub fn loaded_with_artifacts(args: &HistoryArgs) -> Result<&'static Loaded> {
    load_history(args, true)
}

/// [`load`], with the cache and key its timelines are cached under.
pub fn loaded(args: &HistoryArgs) -> Result<&'static Loaded> {
    load_history(args, false)
}

/// The history, parsed or read back from the cache. The answer is never freed: a command
/// answers once and exits, and freeing the 16,000 notes of the history one by one took about a
/// tenth of a warm run.
fn load_history(args: &HistoryArgs, with_artifacts: bool) -> Result<&'static Loaded> {
    let sources = sources(&args.input)?;
    let version = args.input.version.as_deref();
    let cache = Cache::new(args.no_cache);
    let mut hasher = KeyHasher::new(version);
    for source in &sources {
        source.hash_into(&mut hasher)?;
    }
    let key = hasher.finish();
    let parse = || -> Result<(CachedParse, Vec<Artifacts>)> {
        let inputs: Vec<Input> = sources.iter().map(Source::read).collect::<Result<_>>()?;
        let parsed = parse_inputs(&inputs, version);
        let mut changelog = parsed.changelog;
        let artifacts = changelog
            .releases
            .iter_mut()
            .map(|r| Artifacts {
                downloads: std::mem::take(&mut r.downloads),
                images: std::mem::take(&mut r.images),
            })
            .collect();
        let files = parsed
            .files
            .iter()
            .map(|f| (f.name.clone(), f.releases))
            .collect();
        let releases = std::mem::take(&mut changelog.releases);
        let head = ParseHead { changelog, files };
        Ok((
            Split {
                head,
                items: releases,
            },
            artifacts,
        ))
    };
    let mut fresh = None;
    let cached = cache.try_get_or_build_split("parse", key, || {
        let (cached, artifacts) = parse()?;
        fresh = Some(artifacts);
        Ok::<_, anyhow::Error>(cached)
    })?;
    let mut changelog = cached.head.changelog;
    changelog.releases = cached.items;
    if with_artifacts {
        let artifacts = cache.try_get_or_build("artifacts", key, || match fresh.take() {
            Some(artifacts) => Ok(artifacts),
            None => parse().map(|(_, artifacts)| artifacts),
        })?;
        for (release, artifacts) in changelog.releases.iter_mut().zip(artifacts) {
            release.downloads = artifacts.downloads;
            release.images = artifacts.images;
        }
    } else if let Some(artifacts) = fresh {
        cache.put("artifacts", key, &artifacts);
    }
    input::check_parsed(
        &changelog,
        cached
            .head
            .files
            .iter()
            .map(|(name, releases)| (name.as_str(), *releases)),
    )?;
    let mut history = History::new(changelog);
    history.add_dates(crate::dates::load_dates(
        args.dates.as_deref(),
        args.checkout.as_deref(),
        args.github_dates,
    )?);
    Ok(Box::leak(Box::new(Loaded {
        history,
        cache,
        key,
    })))
}
