//! The release calendar and end-of-life arguments: `--schedule DIR` (sig-release timelines, as
//! `fetch` writes them or as a sig-release checkout holds them), `--eol FILE`
//! (kubernetes/website's `eol.yaml`) and `--at DATE`, shared by `schedule`, `releases`,
//! `compare` and any command that wants them (`ScheduleArgs::load`, `EolArgs::load`).

use crate::input;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use k8s_changelog::eol::{parse_eol, EolTable};
use k8s_changelog::schedule::{minor_of_path, parse_schedule_of, ReleaseSchedule, Schedules};
use k8s_changelog::Severity;
use std::path::{Path, PathBuf};

/// Where `fetch` writes the schedules, and where `--schedule` looks by default.
pub const DEFAULT_SCHEDULE_DIR: &str = "data/schedules";

/// Where `fetch` writes `eol.yaml`, and where `--eol` looks by default.
pub const DEFAULT_EOL_FILE: &str = "data/eol.yaml";

/// `--schedule DIR`.
#[derive(clap::Args, Debug, Clone)]
pub struct ScheduleArgs {
    /// The sig-release release calendars: a folder of release-1.N.md files, or a sig-release
    /// checkout (releases/release-1.N/README.md)
    #[arg(long = "schedule", value_name = "DIR", default_value = DEFAULT_SCHEDULE_DIR)]
    pub schedule_dir: PathBuf,
}

impl ScheduleArgs {
    /// Reads every schedule of the folder. A missing folder, a folder without schedules, or a
    /// schedule file without a dated timeline is an error naming it.
    pub fn load(&self) -> Result<Schedules> {
        let dir = &self.schedule_dir;
        if !dir.is_dir() {
            if dir.as_os_str() == DEFAULT_SCHEDULE_DIR {
                bail!(
                    "{} is not a directory; run `k8s-changelog fetch` to fill it, or pass \
                     --schedule DIR",
                    dir.display()
                );
            }
            crate::usage!(
                "--schedule {}: not a directory (give a folder of release-1.N.md files or a \
                 sig-release checkout)",
                dir.display()
            );
        }
        let files = schedule_files(dir)?;
        if files.is_empty() {
            bail!(
                "{}: no release-1.N.md files, and no releases/release-1.N/README.md",
                dir.display()
            );
        }
        let mut schedules = Vec::new();
        let mut warnings = Vec::new();
        for (minor, path) in files {
            let file = input::read_file(&path)?;
            let text = String::from_utf8_lossy(&file.bytes);
            let schedule = parse_schedule_of(&text, &file.name, &minor);
            if let Some(error) = schedule
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
            {
                bail!("{}:{}: {}", error.file, error.line, error.message);
            }
            warnings.extend(schedule.diagnostics.iter().cloned());
            schedules.push(schedule);
        }
        crate::output::report_diagnostics(&warnings);
        Ok(Schedules::new(schedules))
    }
}

/// `(minor, path)` of every schedule in `dir`: `release-1.N.md` files, else the
/// `release-1.N/README.md` of `dir/releases/` or of `dir` itself.
fn schedule_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let flat = minor_entries(dir)?
        .into_iter()
        .filter(|(_, path)| path.is_file() && path.extension().is_some_and(|e| e == "md"))
        .collect::<Vec<_>>();
    if !flat.is_empty() {
        return Ok(flat);
    }
    let releases = dir.join("releases");
    let root = if releases.is_dir() { &releases } else { dir };
    Ok(minor_entries(root)?
        .into_iter()
        .map(|(minor, path)| (minor, path.join("README.md")))
        .filter(|(_, readme)| readme.is_file())
        .collect())
}

/// The entries of `dir` named `release-1.N…`, with their minor ([`Schedules::new`] sorts).
fn minor_entries(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut out: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("release-1.") {
            continue;
        }
        if let Some(minor) = minor_of_path(&name) {
            out.push((minor, entry.path()));
        }
    }
    // In minor order, so the warnings (and the first error) come in the same order everywhere.
    out.sort_by_key(|(minor, _)| {
        minor
            .split('.')
            .map(|n| n.parse::<u32>().unwrap_or(u32::MAX))
            .collect::<Vec<_>>()
    });
    Ok(out)
}

/// `--eol FILE`.
#[derive(clap::Args, Debug, Clone)]
pub struct EolArgs {
    /// kubernetes/website's data/releases/eol.yaml: each minor's end-of-life date and final
    /// patch [default: data/eol.yaml when it exists]
    #[arg(long, value_name = "FILE")]
    pub eol: Option<PathBuf>,
}

impl EolArgs {
    /// Reads `--eol`, else [`DEFAULT_EOL_FILE`] when it exists; `None` when there is neither.
    pub fn load(&self) -> Result<Option<EolTable>> {
        let path = match &self.eol {
            Some(path) if !path.is_file() => {
                crate::usage!("--eol {}: no such file", path.display())
            }
            Some(path) => path.clone(),
            None if Path::new(DEFAULT_EOL_FILE).is_file() => PathBuf::from(DEFAULT_EOL_FILE),
            None => return Ok(None),
        };
        let file = input::read_file(&path)?;
        let text = String::from_utf8_lossy(&file.bytes);
        let table = parse_eol(&text, &file.name).with_context(|| file.name.clone())?;
        crate::output::report_diagnostics(&table.diagnostics);
        Ok(Some(table))
    }
}

/// `--at YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date such as 2020-03-22"))
}

/// `--at`, else today (UTC).
pub fn day_or_today(at: Option<NaiveDate>) -> NaiveDate {
    at.unwrap_or_else(|| {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        chrono::DateTime::from_timestamp(seconds, 0)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    })
}

/// The schedules' minors, for messages.
pub fn minors(schedules: &[ReleaseSchedule]) -> String {
    match (schedules.first(), schedules.last()) {
        (Some(first), Some(last)) if schedules.len() > 1 => {
            format!("{} … {}", first.minor, last.minor)
        }
        (Some(one), _) => one.minor.clone(),
        _ => String::new(),
    }
}
