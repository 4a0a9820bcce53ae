//! `k8s-changelog releases`: every release the changelogs hold, oldest first, with its date
//! when a date source gives one, the release it follows and what it carries.
//!
//! End-of-life dates are not shown: no date source (the CSV, git tags, GitHub releases) states
//! them.

use crate::input::{self, HistoryArgs};
use crate::report::{self, Doc, Field, FormatArgs, Grid, Sheet, Tone};
use anyhow::Result;
use k8s_changelog::{History, Release};
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: HistoryArgs,

    /// Include alpha, beta and rc releases
    #[arg(long)]
    prereleases: bool,

    #[command(flatten)]
    format: FormatArgs,
}

#[derive(Serialize)]
struct ReleaseRecord<'h> {
    version: &'h str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'h k8s_changelog::ReleaseDate>,
    /// The release this one follows on the release graph.
    previous: Option<&'h str>,
    notes: usize,
    action_required: usize,
    /// The CVE ids of the release's security advisories.
    advisories: Vec<&'h str>,
    file: &'h str,
    line: u32,
}

pub fn run(args: Args) -> Result<()> {
    let history = input::history(&args.input)?;
    let records: Vec<ReleaseRecord> = history
        .releases()
        .iter()
        .filter(|r| args.prereleases || !r.is_prerelease())
        .map(|r| record(&history, r))
        .collect();
    report::write(
        &args.format,
        &records,
        || sheet(&records),
        |_| doc(&records),
    )
}

fn record<'h>(history: &'h History, release: &'h Release) -> ReleaseRecord<'h> {
    ReleaseRecord {
        version: &release.version,
        date: history.date(&release.semver),
        previous: history.previous(release).map(|p| p.version.as_str()),
        notes: release.notes.len(),
        action_required: release.notes.iter().filter(|n| n.action_required).count(),
        advisories: release.security.iter().map(|a| a.id.as_str()).collect(),
        file: &release.file,
        line: release.line,
    }
}

fn date_text(record: &ReleaseRecord) -> String {
    match record.date {
        Some(d) if d.planned => format!("{} (planned)", d.date),
        Some(d) => d.date.to_string(),
        None => String::new(),
    }
}

fn sheet(records: &[ReleaseRecord]) -> Sheet {
    let mut sheet = Sheet::new(&[
        "version",
        "date",
        "planned",
        "previous",
        "notes",
        "action_required",
        "advisories",
    ]);
    for r in records {
        sheet.push(vec![
            r.version.to_string(),
            r.date.map(|d| d.date.to_string()).unwrap_or_default(),
            r.date.map(|d| d.planned.to_string()).unwrap_or_default(),
            r.previous.unwrap_or_default().to_string(),
            r.notes.to_string(),
            r.action_required.to_string(),
            r.advisories.join(";"),
        ]);
    }
    sheet
}

fn doc(records: &[ReleaseRecord]) -> Doc {
    let dated = records.iter().filter(|r| r.date.is_some()).count();
    let mut grid = Grid::new(&[
        "release",
        "date",
        "previous",
        "notes",
        "action required",
        "advisories",
    ]);
    for r in records {
        grid.push(vec![
            Field::from(r.version).tone(Tone::Strong),
            Field::from(date_text(r)),
            Field::from(r.previous.unwrap_or("")),
            Field::from(r.notes.to_string()),
            Field::from(r.action_required.to_string()).tone(if r.action_required > 0 {
                Tone::Warn
            } else {
                Tone::Plain
            }),
            Field::from(r.advisories.join(", ")).tone(Tone::Bad),
        ]);
    }
    let mut doc = Doc::default();
    doc.grid(grid);
    let mut summary = report::count(records.len(), "release", "releases");
    if dated < records.len() {
        summary.push_str(&format!(
            "; {} without a date{}",
            records.len() - dated,
            if dated == 0 {
                " (give --dates FILE, --checkout PATH or --github-dates)"
            } else {
                ""
            }
        ));
    }
    doc.paragraph(summary);
    doc
}
