//! The release calendars (sig-release `releases/release-1.N/README.md`, saved as
//! `release-1.N.md`) and kubernetes/website's `eol.yaml`, fetched beside the CHANGELOGs: by
//! default into `schedules/` and `eol.yaml` next to DEST (`data/schedules/`, `data/eol.yaml`).
//! They add to the CHANGELOGs, so every failure is a warning, as for the API guide.

use super::{download, Args, FetchError, Minor};
use crate::output;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// sig-release's releases folder upstream.
const SCHEDULE_BASE_URL: &str =
    "https://raw.githubusercontent.com/kubernetes/sig-release/master/releases";

/// kubernetes/website's end-of-life list upstream.
const EOL_URL: &str =
    "https://raw.githubusercontent.com/kubernetes/website/main/data/releases/eol.yaml";

/// The first minor with a release calendar in sig-release.
const FIRST_SCHEDULED_MINOR: u32 = 3;

#[derive(clap::Args)]
pub struct CalendarArgs {
    /// Where the release calendars are saved as release-1.N.md [default: DEST/../schedules]
    #[arg(long, value_name = "DIR")]
    schedule_dest: Option<PathBuf>,

    /// Download the calendars from URL/release-1.N/README.md [default: sig-release's
    /// releases/ folder, or BASE_URL/schedules/release-1.N.md with --base-url]
    #[arg(long, value_name = "URL", env = "K8S_SCHEDULE_BASE_URL")]
    schedule_base_url: Option<String>,

    /// Do not download the release calendars
    #[arg(long, conflicts_with = "schedule_base_url")]
    no_schedules: bool,

    /// Where eol.yaml is saved [default: DEST/../eol.yaml]
    #[arg(long, value_name = "FILE")]
    eol_dest: Option<PathBuf>,

    /// Where to download eol.yaml from [default: kubernetes/website's data/releases/eol.yaml,
    /// or BASE_URL/eol.yaml with --base-url]
    #[arg(long, value_name = "URL", env = "K8S_EOL_URL")]
    eol_url: Option<String>,

    /// Do not download eol.yaml
    #[arg(long, conflicts_with = "eol_url")]
    no_eol: bool,
}

/// DEST's parent, where the calendar files go by default.
fn beside_dest(args: &Args) -> PathBuf {
    args.dest
        .parent()
        .map_or_else(|| PathBuf::from("."), PathBuf::from)
}

/// The calendar of `minor`: its URL.
fn schedule_url(args: &Args, minor: Minor) -> String {
    match (&args.calendar.schedule_base_url, &args.base_url) {
        (Some(base), _) => format!("{}/release-{minor}/README.md", base.trim_end_matches('/')),
        (None, Some(base)) => format!(
            "{}/schedules/release-{minor}.md",
            base.trim_end_matches('/')
        ),
        (None, None) => format!("{SCHEDULE_BASE_URL}/release-{minor}/README.md"),
    }
}

/// Downloads the calendar of every minor fetched (from 1.3 on).
pub(super) fn fetch_schedules(agent: &ureq::Agent, args: &Args, minors: &BTreeSet<Minor>) {
    if args.calendar.no_schedules {
        return;
    }
    let dir = args
        .calendar
        .schedule_dest
        .clone()
        .unwrap_or_else(|| beside_dest(args).join("schedules"));
    let mut fetched = 0;
    let mut missing = Vec::new();
    for &minor in minors
        .iter()
        .filter(|m| m.major == 1 && m.minor >= FIRST_SCHEDULED_MINOR)
    {
        let url = schedule_url(args, minor);
        match download(agent, &url, args) {
            Ok(Some(bytes)) => {
                let path = dir.join(format!("release-{minor}.md"));
                let written = std::fs::create_dir_all(&dir)
                    .map_err(anyhow::Error::from)
                    .and_then(|()| output::write_atomically(&path, &bytes));
                match written {
                    Ok(()) => fetched += 1,
                    Err(err) => eprintln!("warning: {}: {err:#}", path.display()),
                }
            }
            Ok(None) => missing.push(minor.to_string()),
            Err(FetchError::Unreachable { host, error }) => {
                eprintln!("warning: the release calendars: cannot reach {host}: {error}");
                return;
            }
            Err(FetchError::Failed(err)) => {
                eprintln!("warning: the release calendar of {minor}: {err:#}")
            }
        }
    }
    if !missing.is_empty() {
        eprintln!(
            "warning: no release calendar upstream (HTTP 404) for {}",
            missing.join(", ")
        );
    }
    if fetched > 0 {
        eprintln!(
            "fetched {fetched} release calendar{} into {}",
            if fetched == 1 { "" } else { "s" },
            dir.display()
        );
    }
}

/// Downloads kubernetes/website's `eol.yaml`.
pub(super) fn fetch_eol(agent: &ureq::Agent, args: &Args) {
    if args.calendar.no_eol {
        return;
    }
    let url = match (&args.calendar.eol_url, &args.base_url) {
        (Some(url), _) => url.clone(),
        (None, Some(base)) => format!("{}/eol.yaml", base.trim_end_matches('/')),
        (None, None) => EOL_URL.to_string(),
    };
    let path = args
        .calendar
        .eol_dest
        .clone()
        .unwrap_or_else(|| beside_dest(args).join("eol.yaml"));
    match download(agent, &url, args) {
        Ok(Some(bytes)) => {
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .map_err(anyhow::Error::from)
                .and_then(|()| output::write_atomically(&path, &bytes));
            match written {
                Ok(()) => eprintln!("fetched the end-of-life dates into {}", path.display()),
                Err(err) => eprintln!("warning: {}: {err:#}", path.display()),
            }
        }
        Ok(None) => eprintln!("warning: the end-of-life dates are not at {url} (HTTP 404)"),
        Err(FetchError::Unreachable { host, error }) => {
            eprintln!("warning: the end-of-life dates: cannot reach {host}: {error}")
        }
        Err(FetchError::Failed(err)) => eprintln!("warning: the end-of-life dates: {err:#}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn args(extra: &[&str]) -> Args {
        let mut argv = vec!["fetch"];
        argv.extend(extra);
        Cli::parse_from(argv).args
    }

    #[test]
    fn calendar_urls_and_places() {
        let minor = super::super::parse_minor("1.18").unwrap();
        assert_eq!(
            schedule_url(&args(&[]), minor),
            "https://raw.githubusercontent.com/kubernetes/sig-release/master/releases/release-1.18/README.md"
        );
        assert_eq!(
            schedule_url(&args(&["--base-url", "http://127.0.0.1:9/"]), minor),
            "http://127.0.0.1:9/schedules/release-1.18.md"
        );
        assert_eq!(
            beside_dest(&args(&["--dest", "data/changelog"])),
            PathBuf::from("data")
        );
    }
}
