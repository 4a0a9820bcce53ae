//! `k8s-changelog releases`: every release the changelogs hold, oldest first, with its date
//! when a date source gives one, the release it follows and what it carries.
//!
//! With an EOL file (`--eol FILE`, default `data/eol.yaml` when it exists), each release also
//! shows its minor's end-of-life date and whether the line is supported at `--at` (default
//! today); a minor the file does not list is `unknown`.

use crate::calendar::{self, EolArgs};
use crate::history::{self, HistoryArgs};
use crate::report::{self, Doc, Field, FormatArgs, Grid, Sheet, Tone};
use anyhow::Result;
use chrono::NaiveDate;
use k8s_changelog::eol::{EolTable, Support};
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
    eol: EolArgs,

    /// The date support is judged at [default: today, UTC]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = calendar::parse_day)]
    at: Option<NaiveDate>,

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
    /// The minor's end-of-life date, when the EOL file lists it (only with an EOL file).
    #[serde(skip_serializing_if = "Option::is_none")]
    end_of_life: Option<NaiveDate>,
    /// Whether the line is supported at `--at`: `supported`, `end_of_life` or `unknown` (only
    /// with an EOL file).
    #[serde(skip_serializing_if = "Option::is_none")]
    support: Option<Support>,
}

pub fn run(args: Args) -> Result<()> {
    let history = history::load(&args.input)?;
    let eol = args.eol.load()?;
    let at = calendar::day_or_today(args.at);
    let records: Vec<ReleaseRecord> = history
        .releases()
        .iter()
        .filter(|r| args.prereleases || !r.is_prerelease())
        .map(|r| record(history, r, eol.as_ref(), at))
        .collect();
    let with_eol = eol.is_some().then_some(at);
    report::write(
        &args.format,
        &records,
        || sheet(&records, with_eol),
        |_| doc(&records, with_eol),
    )
}

fn record<'h>(
    history: &'h History,
    release: &'h Release,
    eol: Option<&EolTable>,
    at: NaiveDate,
) -> ReleaseRecord<'h> {
    let minor = format!("{}.{}", release.semver.major, release.semver.minor);
    ReleaseRecord {
        version: &release.version,
        date: history.date(&release.semver),
        previous: history.previous(release).map(|p| p.version.as_str()),
        notes: release.notes.len(),
        action_required: release.notes.iter().filter(|n| n.action_required).count(),
        advisories: release.security.iter().map(|a| a.id.as_str()).collect(),
        file: &release.file,
        line: release.line,
        end_of_life: eol.and_then(|t| t.branch(&minor)).map(|b| b.end_of_life),
        support: eol.map(|t| t.support(&minor, at)),
    }
}

/// The EOL cells of a record: its date and its support label.
fn eol_cells(record: &ReleaseRecord) -> [String; 2] {
    [
        record
            .end_of_life
            .map(|d| d.to_string())
            .unwrap_or_default(),
        record
            .support
            .as_ref()
            .map_or("", |s| s.label())
            .to_string(),
    ]
}

fn date_text(record: &ReleaseRecord) -> String {
    match record.date {
        Some(d) if d.planned => format!("{} (planned)", d.date),
        Some(d) => d.date.to_string(),
        None => String::new(),
    }
}

fn sheet(records: &[ReleaseRecord], eol: Option<NaiveDate>) -> Sheet {
    let mut header = vec![
        "version",
        "date",
        "planned",
        "previous",
        "notes",
        "action_required",
        "advisories",
    ];
    if eol.is_some() {
        header.extend(["end_of_life", "support"]);
    }
    let mut sheet = Sheet::new(&header);
    for r in records {
        let mut row = vec![
            r.version.to_string(),
            r.date.map(|d| d.date.to_string()).unwrap_or_default(),
            r.date.map(|d| d.planned.to_string()).unwrap_or_default(),
            r.previous.unwrap_or_default().to_string(),
            r.notes.to_string(),
            r.action_required.to_string(),
            r.advisories.join(";"),
        ];
        if eol.is_some() {
            row.extend(eol_cells(r));
        }
        sheet.push(row);
    }
    sheet
}

fn doc(records: &[ReleaseRecord], eol: Option<NaiveDate>) -> Doc {
    let dated = records.iter().filter(|r| r.date.is_some()).count();
    let mut header = vec![
        "release",
        "date",
        "previous",
        "notes",
        "action required",
        "advisories",
    ];
    if eol.is_some() {
        header.extend(["end of life", "support"]);
    }
    let mut grid = Grid::new(&header);
    for r in records {
        let mut row = vec![
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
        ];
        if eol.is_some() {
            let [date, label] = eol_cells(r);
            let tone = match r.support {
                Some(Support::EndOfLife { .. }) => Tone::Bad,
                Some(Support::Supported { .. }) => Tone::Good,
                _ => Tone::Dim,
            };
            row.extend([Field::from(date), Field::from(label).tone(tone)]);
        }
        grid.push(row);
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
    if let Some(at) = eol {
        summary.push_str(&format!(
            "; support judged at {at} (a minor the EOL file does not list is unknown)"
        ));
    }
    doc.paragraph(summary);
    doc
}
