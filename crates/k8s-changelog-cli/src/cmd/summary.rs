//! `k8s-changelog summary`: a draft of a weekly development post (LWKD's shape) from the
//! releases published in a week, or on an upgrade path.

use crate::calendar::{ScheduleArgs, DEFAULT_SCHEDULE_DIR};
use crate::github::Github;
use crate::history::{self, HistoryArgs};
use crate::{merges, output};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use k8s_changelog::summary::{
    render_markdown, weekly_summary, Merges, ScheduleHook, Scope, SummaryOptions,
};
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    Markdown,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: HistoryArgs,

    #[command(flatten)]
    schedule: ScheduleArgs,

    /// The week to summarise: the 7 days (UTC) ending on this day
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with_all = ["since", "until", "from", "to"])]
    week_ending: Option<NaiveDate>,

    /// The first day of a window of any length (with --until)
    #[arg(long, value_name = "YYYY-MM-DD", requires = "until")]
    since: Option<NaiveDate>,

    /// The last day of the window (with --since)
    #[arg(long, value_name = "YYYY-MM-DD", requires = "since")]
    until: Option<NaiveDate>,

    /// Summarise the upgrade path from this release instead of a window of dates (with --to)
    #[arg(long, value_name = "vX.Y.Z", requires = "to", conflicts_with_all = ["since", "until"])]
    from: Option<String>,

    /// The last release of the path (with --from)
    #[arg(long, value_name = "vX.Y.Z", requires = "from")]
    to: Option<String>,

    /// The week's merged PRs from GitHub's search API (GITHUB_TOKEN raises the rate limit;
    /// K8S_CHANGELOG_GITHUB_API replaces https://api.github.com). With --checkout PATH the
    /// merges also come from the clone's first-parent history
    #[arg(long, conflicts_with_all = ["from", "to"])]
    github: bool,

    /// How many notes (or merged PRs) to feature
    #[arg(long, value_name = "N", default_value_t = 5)]
    featured: usize,

    /// How many "Other Merges" to list per kind (the rest are counted)
    #[arg(long, value_name = "N", default_value_t = 15)]
    per_kind: usize,

    /// A minijinja template to render instead of the built-in layout; it receives the summary's
    /// fields (`title`, `releases`, `security`, `featured`, `other`, …, as in --format json)
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    template: Option<PathBuf>,

    #[arg(long, value_enum, default_value = "markdown")]
    format: SummaryFormat,

    /// Write to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let scope = match (
        &args.week_ending,
        &args.since,
        &args.until,
        &args.from,
        &args.to,
    ) {
        (Some(day), ..) => Scope::week_ending(*day),
        (None, Some(since), Some(until), ..) => Scope::Dates {
            since: *since,
            until: *until,
        },
        (None, None, None, Some(from), Some(to)) => Scope::Versions {
            from: from.clone(),
            to: to.clone(),
        },
        _ => crate::usage!(
            "say which week: --week-ending DATE, --since DATE --until DATE, or --from vA --to vB"
        ),
    };
    let history = history::load(&args.input)?;
    let options = SummaryOptions {
        featured: args.featured,
        other_per_kind: args.per_kind,
        command: command_line(),
        merges: week_merges(&args, &scope)?,
        schedule: week_schedule(&args, &scope)?,
    };
    let summary = weekly_summary(history, &scope, &options)?;
    let bytes = match (&args.template, args.format) {
        (Some(path), _) => render_template(path, &summary)?.into_bytes(),
        (None, SummaryFormat::Json) => output::json(&summary, true)?,
        (None, SummaryFormat::Markdown) => render_markdown(&summary).into_bytes(),
    };
    output::emit(&bytes, args.output.as_deref())
}

/// The merges of the week from `--checkout` and `--github` (GitHub's items first: they carry
/// labels and release notes); `None` without a merge source or for a version range.
fn week_merges(args: &Args, scope: &Scope) -> Result<Option<Merges>> {
    let Scope::Dates { since, until } = *scope else {
        return Ok(None);
    };
    let github = match args.github {
        true => Some(merges::from_github(&Github::from_env(), since, until)?),
        false => None,
    };
    let git = match &args.input.checkout {
        Some(checkout) => Some(merges::from_checkout(checkout, since, until)?),
        None => None,
    };
    Ok(combined(github, git))
}

/// The release calendars' phase and next deadlines at the week's end: from `--schedule DIR`,
/// else from the default folder when `fetch` filled it (none without it: the post then names
/// the next dated release).
fn week_schedule(args: &Args, scope: &Scope) -> Result<Option<ScheduleHook>> {
    let Scope::Dates { until, .. } = *scope else {
        return Ok(None);
    };
    let dir = &args.schedule.schedule_dir;
    if dir.as_os_str() == DEFAULT_SCHEDULE_DIR && !dir.is_dir() {
        return Ok(None);
    }
    Ok(Some(ScheduleHook::at(&args.schedule.load()?, until)))
}

/// Both sources' merges as one: GitHub's PRs, then git's that GitHub does not have.
fn combined(github: Option<Merges>, git: Option<Merges>) -> Option<Merges> {
    match (github, git) {
        (Some(mut both), Some(git)) => {
            let extra: Vec<_> = git
                .prs
                .into_iter()
                .filter(|p| !both.prs.iter().any(|q| q.number == p.number))
                .collect();
            both.prs.extend(extra);
            both.source = format!("{} and {}", both.source, git.source);
            Some(both)
        }
        (one, other) => one.or(other),
    }
}

fn render_template(
    path: &std::path::Path,
    summary: &k8s_changelog::summary::Summary,
) -> Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut env = minijinja::Environment::new();
    env.add_template("post", &text)
        .with_context(|| format!("{}: not a valid template", path.display()))?;
    let template = env.get_template("post").context("the template vanished")?;
    template
        .render(summary)
        .with_context(|| format!("{}: the template failed to render", path.display()))
}

/// The command as typed, for the post's footer, with the program's own name and no paths to
/// the user's machine beyond what they typed.
fn command_line() -> String {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    args.insert(0, "k8s-changelog".into());
    args.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_changelog::merges::MergedPr;

    fn merges(source: &str, prs: &[(u64, &str)]) -> Merges {
        Merges {
            source: source.into(),
            prs: prs
                .iter()
                .map(|(number, title)| MergedPr {
                    number: *number,
                    title: (*title).into(),
                    author: "a".into(),
                    merged: "2020-03-17".parse().unwrap(),
                    labels: vec![],
                    release_note: None,
                })
                .collect(),
        }
    }

    #[test]
    fn github_and_git_merges_combine_with_github_first() {
        let github = merges("GitHub", &[(1, "from GitHub")]);
        let git = merges("git", &[(1, "from git"), (2, "only in git")]);
        let both = combined(Some(github.clone()), Some(git.clone())).unwrap();
        let got: Vec<(u64, &str)> = both
            .prs
            .iter()
            .map(|p| (p.number, p.title.as_str()))
            .collect();
        assert_eq!(got, [(1, "from GitHub"), (2, "only in git")]);
        assert_eq!(both.source, "GitHub and git");
        assert_eq!(combined(None, Some(git)).unwrap().source, "git");
        assert_eq!(combined(Some(github), None).unwrap().source, "GitHub");
        assert!(combined(None, None).is_none());
    }
}
