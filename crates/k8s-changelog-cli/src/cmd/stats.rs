//! `k8s-changelog stats`: counts of what the parser found, and of what it could not place.

use crate::input::{self, parse_inputs, FileResult};
use crate::output::{self, ReportFormat};
use anyhow::Result;
use k8s_changelog::{Changelog, Counts, Kind};
use serde::Serialize;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: input::InputArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,

    /// Write the output to FILE (atomically) instead of stdout
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Serialize)]
struct Stats {
    /// The core's counts, all inputs together.
    #[serde(flatten)]
    counts: Counts,
    /// Time in the parser alone, all inputs together.
    parse_ms: f64,
    files: Vec<FileStats>,
}

#[derive(Serialize)]
struct FileStats {
    file: String,
    releases: usize,
    notes: usize,
    unaccounted_lines: usize,
    diagnostics: usize,
    parse_ms: f64,
}

pub fn run(args: Args) -> Result<()> {
    let inputs = input::load(&args.input)?;
    let parsed = parse_inputs(&inputs, args.input.version.as_deref());
    parsed.check()?;
    let stats = Stats::new(&parsed.changelog, &parsed.files);
    let bytes = match args.format {
        ReportFormat::Table => stats.table().into_bytes(),
        ReportFormat::Json => output::json(&stats, false)?,
        ReportFormat::PrettyJson => output::json(&stats, true)?,
    };
    output::emit(&bytes, args.output.as_deref())
}

impl Stats {
    fn new(log: &Changelog, files: &[FileResult]) -> Stats {
        Stats {
            counts: log.counts(),
            parse_ms: files.iter().map(|f| milliseconds(f.parse_time)).sum(),
            files: files
                .iter()
                .map(|f| FileStats {
                    file: f.name.clone(),
                    releases: f.releases,
                    notes: f.notes,
                    unaccounted_lines: f.unaccounted_lines,
                    diagnostics: f.diagnostics,
                    parse_ms: milliseconds(f.parse_time),
                })
                .collect(),
        }
    }

    /// The totals, then the notes by kind in krel's heading order, then one row per file when
    /// there are several.
    fn table(&self) -> String {
        let c = &self.counts;
        let mut rows = vec![
            ("releases".to_string(), c.releases.to_string()),
            ("notes".to_string(), c.notes.to_string()),
        ];
        let kinds = Kind::ALL.iter().map(|k| k.label()).chain(["none"]);
        for kind in kinds {
            let count = c.notes_by_kind.get(kind).copied().unwrap_or(0);
            rows.push((format!("  {kind}"), count.to_string()));
        }
        let d = &c.dependencies;
        rows.extend([
            ("PRs (distinct)".to_string(), c.prs.to_string()),
            ("dependencies added".to_string(), d.added.to_string()),
            ("dependencies changed".to_string(), d.changed.to_string()),
            ("dependencies removed".to_string(), d.removed.to_string()),
            ("advisories".to_string(), c.advisories.to_string()),
            ("downloads".to_string(), c.downloads.to_string()),
            ("images".to_string(), c.images.to_string()),
            (
                "unaccounted lines".to_string(),
                c.unaccounted_lines.to_string(),
            ),
            ("diagnostics".to_string(), c.diagnostics.to_string()),
            (
                "parse time (ms)".to_string(),
                format!("{:.1}", self.parse_ms),
            ),
        ]);
        let mut text = output::key_value_table(&rows);
        text.push('\n');
        if self.files.len() > 1 {
            let rows = self
                .files
                .iter()
                .map(|f| {
                    vec![
                        f.file.clone(),
                        f.releases.to_string(),
                        f.notes.to_string(),
                        f.unaccounted_lines.to_string(),
                        f.diagnostics.to_string(),
                        format!("{:.1}", f.parse_ms),
                    ]
                })
                .collect();
            let header = [
                "file",
                "releases",
                "notes",
                "unaccounted",
                "diagnostics",
                "parse ms",
            ];
            text.push_str(&output::table(&header, rows));
            text.push('\n');
        }
        text
    }
}

fn milliseconds(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
