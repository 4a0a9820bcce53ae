//! `k8s-changelog stats`: counts of what the parser found, and of what it could not place.

use crate::input::{self, parse_inputs, FileResult};
use crate::output::{self, ReportFormat};
use anyhow::Result;
use k8s_changelog::{Changelog, Kind};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
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
    releases: usize,
    notes: usize,
    /// Every kind's label, then `none` for notes without a kind.
    notes_by_kind: BTreeMap<&'static str, usize>,
    /// Distinct kubernetes/kubernetes PRs cited by notes.
    prs: usize,
    dependencies: DependencyCounts,
    advisories: usize,
    downloads: usize,
    images: usize,
    unaccounted_lines: usize,
    diagnostics: usize,
    /// Time in the parser alone, all inputs together.
    parse_ms: f64,
    files: Vec<FileStats>,
}

#[derive(Serialize)]
struct DependencyCounts {
    added: usize,
    changed: usize,
    removed: usize,
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
        let mut notes_by_kind: BTreeMap<&'static str, usize> =
            Kind::ALL.iter().map(|k| (k.label(), 0)).collect();
        notes_by_kind.insert("none", 0);
        let mut prs = BTreeSet::new();
        for (_, note) in log.notes() {
            *notes_by_kind
                .entry(note.kind.map_or("none", Kind::label))
                .or_default() += 1;
            prs.extend(note.prs.iter().copied());
        }
        let sum = |count: fn(&k8s_changelog::Release) -> usize| -> usize {
            log.releases.iter().map(count).sum()
        };
        Stats {
            releases: log.releases.len(),
            notes: sum(|r| r.notes.len()),
            notes_by_kind,
            prs: prs.len(),
            dependencies: DependencyCounts {
                added: sum(|r| r.dependencies.added.len()),
                changed: sum(|r| r.dependencies.changed.len()),
                removed: sum(|r| r.dependencies.removed.len()),
            },
            advisories: sum(|r| r.security.len()),
            downloads: sum(|r| r.downloads.len()),
            images: sum(|r| r.images.len()),
            unaccounted_lines: sum(|r| r.unaccounted.len()),
            diagnostics: log.diagnostics.len(),
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
        let mut rows = vec![
            ("releases".to_string(), self.releases.to_string()),
            ("notes".to_string(), self.notes.to_string()),
        ];
        let kinds = Kind::ALL.iter().map(|k| k.label()).chain(["none"]);
        for kind in kinds {
            let count = self.notes_by_kind.get(kind).copied().unwrap_or(0);
            rows.push((format!("  {kind}"), count.to_string()));
        }
        let d = &self.dependencies;
        rows.extend([
            ("PRs (distinct)".to_string(), self.prs.to_string()),
            ("dependencies added".to_string(), d.added.to_string()),
            ("dependencies changed".to_string(), d.changed.to_string()),
            ("dependencies removed".to_string(), d.removed.to_string()),
            ("advisories".to_string(), self.advisories.to_string()),
            ("downloads".to_string(), self.downloads.to_string()),
            ("images".to_string(), self.images.to_string()),
            (
                "unaccounted lines".to_string(),
                self.unaccounted_lines.to_string(),
            ),
            ("diagnostics".to_string(), self.diagnostics.to_string()),
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
