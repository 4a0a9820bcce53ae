//! `k8s-changelog cves`: every CVE the changelogs mention (advisories, notes, other text), one
//! row per id, as `k8s_changelog::cves` collects them.

use crate::history::{self, HistoryArgs};
use crate::report::{self, Doc, Field, FormatArgs, Grid, Sheet, Tone};
use anyhow::Result;
use k8s_changelog::CveEntry;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: HistoryArgs,

    #[command(flatten)]
    format: FormatArgs,
}

pub fn run(args: Args) -> Result<()> {
    let history = history::load(&args.input)?;
    let entries = k8s_changelog::cves(history);
    report::write(
        &args.format,
        &entries,
        || sheet(&entries),
        |_| doc(&entries),
    )
}

fn cvss(entry: &CveEntry) -> String {
    match (&entry.cvss_rating, entry.cvss_score) {
        (Some(rating), Some(score)) => format!("{rating} ({score})"),
        (Some(rating), None) => rating.clone(),
        (None, Some(score)) => score.to_string(),
        (None, None) => String::new(),
    }
}

fn sheet(entries: &[CveEntry]) -> Sheet {
    let mut sheet = Sheet::new(&[
        "id",
        "title",
        "cvss_rating",
        "cvss_score",
        "cvss_vector",
        "affected",
        "fixed",
        "releases",
        "prs",
    ]);
    for e in entries {
        sheet.push(vec![
            e.id.clone(),
            e.title.clone().unwrap_or_default(),
            e.cvss_rating.clone().unwrap_or_default(),
            e.cvss_score.map(|s| s.to_string()).unwrap_or_default(),
            e.cvss_vector.clone().unwrap_or_default(),
            e.affected.join(";"),
            e.fixed.join(";"),
            e.releases.join(";"),
            e.prs
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(";"),
        ]);
    }
    sheet
}

fn doc(entries: &[CveEntry]) -> Doc {
    let mut doc = Doc::default();
    if entries.is_empty() {
        doc.paragraph("No CVE is mentioned in these changelogs.");
        return doc;
    }
    let mut grid = Grid::new(&["CVE", "title", "CVSS", "releases", "PRs"])
        .narrow(3, 24)
        .narrow(4, 16);
    for e in entries {
        let tone = match e.cvss_rating.as_deref() {
            Some("Critical" | "High") => Tone::Bad,
            Some("Medium") => Tone::Warn,
            _ => Tone::Plain,
        };
        grid.push(vec![
            Field::cve(&e.id),
            Field::from(e.title.clone().unwrap_or_default()),
            Field::from(cvss(e)).tone(tone),
            Field::from(e.releases.join(", ")),
            Field::from(
                e.prs
                    .iter()
                    .map(|p| format!("#{p}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]);
    }
    doc.grid(grid);
    let advisories = entries.iter().filter(|e| e.cvss_rating.is_some()).count();
    doc.paragraph(format!(
        "{}, {} with a CVSS rating from an advisory.",
        report::count(entries.len(), "CVE", "CVEs"),
        advisories
    ));
    doc
}
